import Foundation
import JixiaoModel

/// What recording a batch of actuals did.
public struct RecordOutcome: Equatable, Sendable {
    /// Rows stored for the first time.
    public var added: Int
    /// Rows whose value, reason or 分值 changed.
    public var changed: Int
    /// Rows identical to what was stored.
    public var unchanged: Int
    /// Stored values removed by a row that asked to clear them (清除).
    public var cleared: Int

    public init(added: Int, changed: Int, unchanged: Int, cleared: Int = 0) {
        self.added = added
        self.changed = changed
        self.unchanged = unchanged
        self.cleared = cleared
    }
}

/// Storage of reported actuals and their history.
public protocol ActualsStore: Sendable {
    /// Stores validated actuals in one transaction, keeping a history row for every change.
    /// Rows identical to the stored ones change nothing; a row that `clears` removes the stored
    /// value (history: the old value, an empty new one), and changes nothing where none is stored. Refused with `FilingError.locked` when a
    /// department–year is submitted or approved; a returned filing goes back to 填报中. With
    /// `expecting` (owner code → the `actualsVersion` the actor saw), refused with
    /// `FilingError.actualsChanged` when someone saved that owner's actuals since.
    func recordActuals(_ actuals: [RecordedActual], by user: String, at date: Date, expecting: [String: Int64]) async throws -> RecordOutcome
    /// The stored actuals of a department–year, in recording order.
    func actuals(departmentCode: String, year: Int) async throws -> [RecordedActual]
    /// The changes to one owner's (project's or department's) actuals, oldest first.
    func actualHistory(ownerCode: String, year: Int) async throws -> [ActualChange]
    /// A number that grows with every change to an owner's actuals (0 before the first).
    func actualsVersion(departmentCode: String, year: Int, ownerCode: String) async throws -> Int64
}

extension ActualsStore {
    /// Stores validated actuals (see the protocol), without a version check.
    public func recordActuals(_ actuals: [RecordedActual], by user: String, at date: Date) async throws -> RecordOutcome {
        try await recordActuals(actuals, by: user, at: date, expecting: [:])
    }
}
