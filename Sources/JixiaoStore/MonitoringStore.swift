import Foundation
import JixiaoModel

/// Storage of mid-year monitoring (绩效运行监控): cumulative spending by project and month and
/// indicators' values so far, with a history row for every change (as actuals).
public protocol MonitoringStore: Sendable {
    /// Stores validated actuals and monitoring entries of one file in one transaction: both or
    /// neither. Actuals as `recordActuals`; an entry identical to the stored one changes nothing, any
    /// other is upserted with a history row. Refused with `FilingError.locked` for a submitted or
    /// approved department–year; a returned one goes back to 填报中 on a change. The outcome counts both.
    func record(actuals: [RecordedActual], progress: [ProgressEntry], by user: String, at date: Date) async throws -> RecordOutcome
    /// The stored monitoring entries of a department–year, by owner, key and month.
    func progress(departmentCode: String, year: Int) async throws -> [ProgressEntry]
    /// The changes to one owner's monitoring entries, oldest first.
    func progressHistory(ownerCode: String, year: Int) async throws -> [ProgressChange]
}

extension ProgressEntry {
    /// The stored order: owner, level names, month.
    public static func storedOrder(_ a: ProgressEntry, _ b: ProgressEntry) -> Bool {
        let x = [a.key.ownerCode, a.key.level1, a.key.level2, a.key.level3], y = [b.key.ownerCode, b.key.level1, b.key.level2, b.key.level3]
        return x != y ? x.lexicographicallyPrecedes(y) : a.month < b.month
    }
}
