import Foundation
import JixiaoModel
import JixiaoStore

/// A store opened on first use: a command that may create the database (`import`, `evaluate`)
/// reads and checks its input first, so a bad file never leaves an empty database behind.
final class DeferredStore: Store, @unchecked Sendable {
    let location: String
    private let open: @Sendable () throws -> any Store
    private let lock = NSLock()
    private var opened: (any Store)?

    init(location: String, open: @escaping @Sendable () throws -> any Store) {
        self.location = location
        self.open = open
    }

    private func store() throws -> any Store {
        lock.lock()
        defer { lock.unlock() }
        if let opened { return opened }
        let store = try open()
        opened = store
        return store
    }

    func importTargets(_ targets: PreparedTargets, source: ImportSource) async throws -> ImportOutcome { try await store().importTargets(targets, source: source) }
    func years() async throws -> [Int] { try await store().years() }
    func readingSnapshot<T: Sendable>(_ body: @Sendable (any Store) async throws -> T) async throws -> T { try await store().readingSnapshot(body) }
    func departmentCodes(year: Int) async throws -> [String] { try await store().departmentCodes(year: year) }
    func department(code: String, year: Int) async throws -> Department? { try await store().department(code: code, year: year) }
    func departments(year: Int) async throws -> [Department] { try await store().departments(year: year) }
    func departmentCode(ofProject code: String, year: Int) async throws -> String? { try await store().departmentCode(ofProject: code, year: year) }
    func history(departmentCode: String, year: Int) async throws -> [TargetVersion] { try await store().history(departmentCode: departmentCode, year: year) }
    func years(holding codes: Set<String>) async throws -> [String: Set<Int>] { try await store().years(holding: codes) }
    func departmentCodes(owning codes: Set<String>, year: Int) async throws -> [String: String] {
        try await store().departmentCodes(owning: codes, year: year)
    }
    func recordActuals(_ actuals: [RecordedActual], by user: String, at date: Date, expecting: [String: Int64]) async throws -> RecordOutcome {
        try await store().recordActuals(actuals, by: user, at: date, expecting: expecting)
    }
    func actualsVersion(departmentCode: String, year: Int, ownerCode: String) async throws -> Int64 {
        try await store().actualsVersion(departmentCode: departmentCode, year: year, ownerCode: ownerCode)
    }
    func filing(departmentCode: String, year: Int) async throws -> Filing { try await store().filing(departmentCode: departmentCode, year: year) }
    func filings(year: Int) async throws -> [Filing] { try await store().filings(year: year) }
    func transition(_ transition: FilingTransition) async throws -> Filing { try await store().transition(transition) }
    func events(departmentCode: String, year: Int) async throws -> [FilingEvent] { try await store().events(departmentCode: departmentCode, year: year) }
    func comments(departmentCode: String, year: Int) async throws -> [ReviewComment] { try await store().comments(departmentCode: departmentCode, year: year) }
    func adjustments(departmentCode: String, year: Int) async throws -> [ScoreAdjustment] { try await store().adjustments(departmentCode: departmentCode, year: year) }
    func adjustmentHistory(departmentCode: String, year: Int) async throws -> [ScoreAdjustment] {
        try await store().adjustmentHistory(departmentCode: departmentCode, year: year)
    }
    func saveAdjustment(_ adjustment: ScoreAdjustment) async throws { try await store().saveAdjustment(adjustment) }
    func actuals(departmentCode: String, year: Int) async throws -> [RecordedActual] { try await store().actuals(departmentCode: departmentCode, year: year) }
    func actualHistory(ownerCode: String, year: Int) async throws -> [ActualChange] { try await store().actualHistory(ownerCode: ownerCode, year: year) }
    func record(actuals: [RecordedActual], progress: [ProgressEntry], by user: String, at date: Date) async throws -> RecordOutcome {
        try await store().record(actuals: actuals, progress: progress, by: user, at: date)
    }
    func progress(departmentCode: String, year: Int) async throws -> [ProgressEntry] { try await store().progress(departmentCode: departmentCode, year: year) }
    func progressHistory(ownerCode: String, year: Int) async throws -> [ProgressChange] { try await store().progressHistory(ownerCode: ownerCode, year: year) }
    func beginScoreRun(_ run: ScoreRunRecord) async throws -> Int64 { try await store().beginScoreRun(run) }
    func appendScores(runID: Int64, _ departments: [DepartmentScoreRecord]) async throws { try await store().appendScores(runID: runID, departments) }
    func finishScoreRun(runID: Int64) async throws { try await store().finishScoreRun(runID: runID) }
    func scoreRuns(year: Int) async throws -> [ScoreRunInfo] { try await store().scoreRuns(year: year) }
    func departmentScores(runID: Int64) async throws -> [DepartmentScoreRecord] { try await store().departmentScores(runID: runID) }
    func bundles() async throws -> [DepartmentBundle] { try await store().bundles() }
    func merge(_ bundles: [DepartmentBundle], source: String, replace: Bool, by user: String, at date: Date) async throws -> MergeOutcome {
        try await store().merge(bundles, source: source, replace: replace, by: user, at: date)
    }
    func restore(_ bundles: [DepartmentBundle]) async throws { try await store().restore(bundles) }
    func addUser(_ user: UserAccount) async throws { try await store().addUser(user) }
    func user(named name: String) async throws -> UserAccount? { try await store().user(named: name) }
    func users() async throws -> [UserAccount] { try await store().users() }
    func updateUser(_ user: UserAccount) async throws { try await store().updateUser(user) }
    func createSession(_ session: SessionRecord) async throws { try await store().createSession(session) }
    func session(tokenHash: String) async throws -> SessionRecord? { try await store().session(tokenHash: tokenHash) }
    func deleteSession(tokenHash: String) async throws { try await store().deleteSession(tokenHash: tokenHash) }
    func deleteSessions(userName: String) async throws { try await store().deleteSessions(userName: userName) }
    func recordLoginAttempt(key: String, at date: Date, succeeded: Bool) async throws { try await store().recordLoginAttempt(key: key, at: date, succeeded: succeeded) }
    func failedLoginAttempts(key: String, since date: Date) async throws -> Int { try await store().failedLoginAttempts(key: key, since: date) }
}
