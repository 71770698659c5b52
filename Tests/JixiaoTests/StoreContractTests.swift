import Foundation
import JixiaoApp
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoPostgres
import JixiaoStore
import Testing

/// The stores the contract tests run on. SQLite always; PostgreSQL where a test server is named
/// (and, under `CI=true`, required — see `StoreUnderTest.available`).
enum StoreUnderTest: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgres

    var description: String { rawValue }

    /// A fresh, empty, migrated store.
    func make() async throws -> any Store {
        switch self {
        case .sqlite:
            let path = TestSupport.temporaryDirectory().appendingPathComponent("contract.sqlite").path
            return try SQLiteStore(path: path)
        case .postgres:
            let store = try PostgresStore(url: try PostgresTestSupport.freshDatabase(), access: .create)
            _ = try await store.appliedMigrations()
            return store
        }
    }

    /// The stores to test on this machine: PostgreSQL where `JIXIAO_TEST_POSTGRES_URL` names a
    /// server, and always under `CI=true` (where a missing server fails the test, not skips it).
    static var available: [StoreUnderTest] { PostgresTestSupport.enabled ? allCases : [.sqlite] }
}

/// What every store promises, whatever database is behind it: the same tests on each.
@Suite("Store contract")
struct StoreContractTests {
    static let seed = try! TestSupport.readSeed().department
    static let sample = TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv").path
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// The sample's 2026 actuals, validated against the seed.
    func actuals(_ store: any Store) async throws -> [RecordedActual] {
        let entries = try ActualsFileReader.read(url: URL(fileURLWithPath: Self.sample), displayName: "actuals-2026.csv")
        return try ActualsValidator(departments: [Self.seed]).validate(entries).actuals
    }

    @Test("targets: created, unchanged, replaced with history; years, codes, departments", arguments: StoreUnderTest.available)
    func targets(kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        #expect(try await store.importTargets(Self.seed, source: ImportSource(fileName: "a.txt", importedAt: now)) == .created)
        #expect(try await store.importTargets(Self.seed, source: ImportSource(fileName: "b.txt", importedAt: now)) == .unchanged)
        var changed = Self.seed
        changed.projects[0].budget = 21
        #expect(try await store.importTargets(changed, source: ImportSource(fileName: "c.txt", importedAt: now)) == .replaced(previousVersion: 1))
        var older = Self.seed
        older.year = 2025
        _ = try await store.importTargets(older, source: ImportSource(fileName: "d.txt", importedAt: now))
        #expect(try await store.years() == [2025, 2026])
        #expect(try await store.departmentCodes(year: 2026) == ["342001"])
        let back = try #require(try await store.department(code: "342001", year: 2026))
        #expect(TargetsJSON.department(back) == TargetsJSON.department(changed))
        #expect(try await store.department(code: "999999", year: 2026) == nil)
        #expect(try await store.departments(year: 2025).map(\.year) == [2025])
        let history = try await store.history(departmentCode: "342001", year: 2026)
        #expect(history.map(\.version) == [1] && history[0].sourceFile == "a.txt" && history[0].contentHash == TargetsJSON.contentHash(Self.seed))
        #expect(JSONValue(parsing: history[0].snapshot) == TargetsJSON.department(Self.seed))
    }

    @Test("actuals: recorded once, history of every change, versions, a stale version refused", arguments: StoreUnderTest.available)
    func actualsAndVersions(kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        _ = try await store.importTargets(Self.seed, source: ImportSource(fileName: "a.txt", importedAt: now))
        let rows = try await actuals(store)
        #expect(try await store.recordActuals(rows, by: "u", at: now) == RecordOutcome(added: 106, changed: 0, unchanged: 0))
        #expect(try await store.recordActuals(rows, by: "u", at: now) == RecordOutcome(added: 0, changed: 0, unchanged: 106))
        let stored = try await store.actuals(departmentCode: "342001", year: 2026)
        #expect(stored.map(\.key) == rows.map(\.key) && stored.map(\.value) == rows.map(\.value))
        let owner = "13091626P00024110002A"
        let v1 = try await store.actualsVersion(departmentCode: "342001", year: 2026, ownerCode: owner)
        #expect(v1 > 0)
        var one = try #require(rows.first { $0.key.ownerCode == owner && $0.key.level3 == "群众满意度" })
        one.value = "88%"
        #expect(try await store.recordActuals([one], by: "甲", at: now, expecting: [owner: v1]).changed == 1)
        let v2 = try await store.actualsVersion(departmentCode: "342001", year: 2026, ownerCode: owner)
        #expect(v2 > v1)
        one.value = "87%"
        await #expect(throws: FilingError.actualsChanged(ownerCode: owner)) {
            try await store.recordActuals([one], by: "乙", at: now, expecting: [owner: v1])
        }
        let history = try await store.actualHistory(ownerCode: owner, year: 2026)
        #expect(history.count == 9 && history.last?.oldValue == "86%" && history.last?.newValue == "88%" && history.last?.changedBy == "甲")
    }

    @Test("score runs: visible only when finished, with every record", arguments: StoreUnderTest.available)
    func scoreRuns(kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        let project = ProjectScoreRecord(code: "P1", name: "泵站", status: "graded", total: TestSupport.decimal("98.8"), grade: "优", budget: 19,
                                         executed: TestSupport.decimal("16.72"), rate: TestSupport.decimal("0.88"))
        let record = DepartmentScoreRecord(code: "342001", name: "执法局", score: TestSupport.decimal("99.42"), grade: "优", ownScore: nil,
                                           weightedScore: TestSupport.decimal("99.54"), executionRate: TestSupport.decimal("0.9585"),
                                           gradeCounts: [("优", 1), ("未评价", 0)], projects: [project],
                                           findings: [Finding(.r07, .warning, owner: "P1", indicator: "满意度", location: SourceLocation(file: "a.csv", line: 3), "空白")])
        let header = ScoreRunRecord(year: 2026, profileName: "national-2020", profileHash: "h", scoredAt: now, scoredBy: "t", departments: [])
        let id = try await store.beginScoreRun(header)
        try await store.appendScores(runID: id, [record])
        #expect(try await store.scoreRuns(year: 2026).isEmpty)
        try await store.finishScoreRun(runID: id)
        #expect(try await store.scoreRuns(year: 2026).map(\.id) == [id])
        let back = try #require(try await store.departmentScores(runID: id).first)
        #expect(back.score == record.score && back.weightedScore == record.weightedScore && back.executionRate == record.executionRate)
        #expect(back.projects.map(\.total) == [TestSupport.decimal("98.8")] && back.gradeCounts.map(\.0) == ["优", "未评价"])
        #expect(back.findings.first?.location == SourceLocation(file: "a.csv", line: 3) && back.findings.first?.indicator == "满意度")
    }

    @Test("issue 15: a clearing row removes the value and keeps it in the history; a run at the deadline is marked; the years holding codes", arguments: StoreUnderTest.available)
    func issue15Additions(kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        _ = try await store.importTargets(Self.seed, source: ImportSource(fileName: "a.txt", importedAt: now))
        var older = Self.seed
        older.year = 2025
        older.projects = [Self.seed.projects[2]]  // the continuing 13091625P00001910004B only
        _ = try await store.importTargets(older, source: ImportSource(fileName: "b.txt", importedAt: now))
        let holding = try await store.years(holding: ["13091625P00001910004B", "13091626P00016110003L", "342001", "NOPE"])
        #expect(holding == ["13091625P00001910004B": [2025, 2026], "13091626P00016110003L": [2026], "342001": [2025, 2026]])
        let owners = try await store.departmentCodes(owning: ["13091625P00001910004B", "13091626P00016110003L", "342001", "NOPE"], year: 2025)
        #expect(owners == ["13091625P00001910004B": "342001", "342001": "342001"])
        // Clearing.
        _ = try await store.recordActuals(try await actuals(store), by: "t", at: now)
        let key = IndicatorKey.funds("13091626P00016110003L", SpecialRow.executed)
        let clear = RecordedActual(departmentCode: "342001", year: 2026, key: key, value: "", source: SourceLocation(file: "c.csv", line: 3), clears: true)
        let outcome = try await store.recordActuals([clear], by: "t", at: now)
        #expect(outcome == RecordOutcome(added: 0, changed: 0, unchanged: 0, cleared: 1))
        #expect(try await store.actuals(departmentCode: "342001", year: 2026).allSatisfy { $0.key != key })
        let last = try #require(try await store.actualHistory(ownerCode: "13091626P00016110003L", year: 2026).last)
        #expect(last.key == key && last.oldValue == "19.00" && last.newValue == "" && last.isClearing && last.sourceRow == "3")
        // Clearing what is not there changes nothing.
        #expect(try await store.recordActuals([clear], by: "t", at: now) == RecordOutcome(added: 0, changed: 0, unchanged: 1, cleared: 0))
        // A run at the deadline.
        let run = ScoreRunRecord(year: 2026, profileName: "national-2020", profileHash: "h", scoredAt: now, scoredBy: "t", departments: [], final: true)
        _ = try await store.saveScoreRun(run)
        #expect(try await store.scoreRuns(year: 2026).map(\.final) == [true])
    }

    @Test("issue 20: a snapshot's reads all see one moment while others write; the view refuses writes", arguments: StoreUnderTest.available)
    func snapshot(kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        _ = try await store.importTargets(Self.seed, source: ImportSource(fileName: "a.txt", importedAt: now))
        let rows = try await actuals(store)
        _ = try await store.recordActuals(rows, by: "t", at: now)
        let owner = "13091626P00024110002A"
        let one = try #require(rows.first { $0.key.ownerCode == owner && $0.key.level3 == "群众满意度" })
        let before = one.value
        let seen = try await store.readingSnapshot { view -> [String] in
            func value(_ s: any Store) async throws -> String? {
                try await s.actuals(departmentCode: "342001", year: 2026).first { $0.key == one.key }?.value
            }
            let first = try await value(view)
            // Another writer changes the value and submits the filing while the snapshot is open.
            var changed = one
            changed.value = "71%"
            _ = try await store.recordActuals([changed], by: "乙", at: now)
            _ = try await store.transition(FilingTransition(departmentCode: "342001", year: 2026, from: .filling, expectedVersion: 0, to: .submitted, at: now, by: "乙"))
            let second = try await value(view)
            let outside = try await value(store)
            let filing = try await view.filing(departmentCode: "342001", year: 2026).state
            await #expect(throws: StoreError.self) {
                try await view.recordActuals([changed], by: "丙", at: now)
            }
            return [first ?? "-", second ?? "-", outside ?? "-", filing.rawValue]
        }
        #expect(seen == [before, before, "71%", FilingState.filling.rawValue])
        #expect(try await store.filing(departmentCode: "342001", year: 2026).state == .submitted)
    }

    @Test("issue 20: runs, filing events and target versions past the ninth come back in numeric order", arguments: StoreUnderTest.available)
    func orderPastNine(kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        var ids: [Int64] = []
        for _ in 0..<11 {
            let run = ScoreRunRecord(year: 2026, profileName: "national-2020", profileHash: "h", scoredAt: now, scoredBy: "t", departments: [])
            ids.append(try await store.saveScoreRun(run))
        }
        #expect(try await store.scoreRuns(year: 2026).map(\.id) == ids)
        _ = try await store.importTargets(Self.seed, source: ImportSource(fileName: "a.txt", importedAt: now))
        var version = 0
        for n in 0..<6 {
            _ = try await store.transition(FilingTransition(departmentCode: "342001", year: 2026, from: n == 0 ? .filling : .returned, expectedVersion: version,
                                                            to: .submitted, at: now, by: "u"))
            _ = try await store.transition(FilingTransition(departmentCode: "342001", year: 2026, from: .submitted, expectedVersion: version + 1,
                                                            to: .returned, at: now, by: "b"))
            version += 2
        }
        let events = try await store.events(departmentCode: "342001", year: 2026)
        #expect(events.count == 12 && events.map(\.id) == events.map(\.id).sorted())
        #expect(events.map(\.to) == Array(repeating: [FilingState.submitted, .returned], count: 6).flatMap { $0 })
        var changed = Self.seed
        for budget in 1...11 {
            changed.projects[0].budget = Decimal(budget)
            _ = try await store.importTargets(changed, source: ImportSource(fileName: "v\(budget).txt", importedAt: now))
        }
        #expect(try await store.history(departmentCode: "342001", year: 2026).map(\.version) == Array(1...11))
    }

    @Test("merge: bundles move with both histories; a conflict changes nothing", arguments: StoreUnderTest.available)
    func merge(kind: StoreUnderTest) async throws {
        let unit = try await kind.make(), bureau = try await kind.make()
        _ = try await unit.importTargets(Self.seed, source: ImportSource(fileName: "a.txt", importedAt: now))
        _ = try await unit.recordActuals(try await actuals(unit), by: "u", at: now)
        let bundles = try await unit.bundles()
        #expect(bundles.count == 1 && bundles[0].actuals.count == 106 && bundles[0].actualHistory.count == 106)
        #expect(try await bureau.merge(bundles, source: "unit", replace: false, by: "b", at: now).created.count == 1)
        #expect(try await bureau.merge(bundles, source: "unit", replace: false, by: "b", at: now).unchanged.count == 1)
        var changed = bundles
        changed[0].actuals[3].value = "99%"
        await #expect(throws: MergeConflict.self) { try await bureau.merge(changed, source: "unit", replace: false, by: "b", at: now) }
        // The conflict names the value that differs: where, this database's, the other's.
        let a = bundles[0].actuals[3]
        do { _ = try await bureau.merge(changed, source: "unit", replace: false, by: "b", at: now) } catch let conflict as MergeConflict {
            let found = try #require(conflict.differences.first)
            #expect(found.count == 1)
            #expect(found.first?.item == "\(a.key.level3)（实际完成值）")
            #expect(found.first?.mine.hasPrefix(a.value) == true && found.first?.theirs.hasPrefix("99%") == true)
            #expect(found.first?.owner.hasPrefix(a.key.ownerCode) == true)
            #expect(conflict.description.contains("本库“\(a.value)") && conflict.description.contains("对方“99%"))
        }
        #expect(try await bureau.actuals(departmentCode: "342001", year: 2026)[3].value == bundles[0].actuals[3].value)
        #expect(try await bureau.merge(changed, source: "unit", replace: true, by: "b", at: now).replaced.count == 1)
        #expect(try await bureau.actuals(departmentCode: "342001", year: 2026)[3].value == "99%")
    }

    @Test("filings: transitions with events and comments, a stale version refused, actuals locked while submitted", arguments: StoreUnderTest.available)
    func filings(kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        _ = try await store.importTargets(Self.seed, source: ImportSource(fileName: "a.txt", importedAt: now))
        let rows = try await actuals(store)
        #expect(try await store.filing(departmentCode: "342001", year: 2026) == Filing(departmentCode: "342001", year: 2026))
        let submitted = try await store.transition(FilingTransition(departmentCode: "342001", year: 2026, from: .filling, expectedVersion: 0, to: .submitted,
                                                                    at: now, by: "单位", note: "请审核"))
        #expect(submitted.state == .submitted && submitted.version == 1 && submitted.submittedBy == "单位")
        await #expect(throws: FilingError.locked(departmentCode: "342001", year: 2026, state: .submitted)) {
            try await store.recordActuals(rows, by: "单位", at: now)
        }
        await #expect(throws: FilingError.moved(current: submitted)) {
            try await store.transition(FilingTransition(departmentCode: "342001", year: 2026, from: .filling, expectedVersion: 0, to: .submitted, at: now, by: "x"))
        }
        let comments = [ReviewComment(text: "请补充原因"), ReviewComment(projectCode: "13091626P00024110002A", indicator: "群众满意度", text: "未达标须说明")]
        let returned = try await store.transition(FilingTransition(departmentCode: "342001", year: 2026, from: .submitted, expectedVersion: 1, to: .returned,
                                                                   at: now, by: "财政", note: "退回", comments: comments))
        #expect(returned.state == .returned)
        // Recording after a return reopens the filing.
        #expect(try await store.recordActuals(rows, by: "单位", at: now).added == 106)
        #expect(try await store.filing(departmentCode: "342001", year: 2026).state == .filling)
        let events = try await store.events(departmentCode: "342001", year: 2026)
        #expect(events.map(\.to) == [.submitted, .returned, .filling] && events[1].note == "退回")
        let stored = try await store.comments(departmentCode: "342001", year: 2026)
        #expect(stored.map(\.text) == ["请补充原因", "未达标须说明"] && stored.allSatisfy { $0.eventID == events[1].id })
        #expect(stored[1].projectCode == "13091626P00024110002A" && stored[1].indicator == "群众满意度" && stored[0].projectCode == nil)
        #expect(try await store.filings(year: 2026).map(\.state) == [.filling])
    }

    @Test("adjustments: the latest counts, all kept, none after approval", arguments: StoreUnderTest.available)
    func adjustments(kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        let key = IndicatorKey(ownerCode: "13091626P00024110002A", level1: "满意度指标", level2: "服务对象满意度指标", level3: "群众满意度")
        func adjust(_ score: String, _ reason: String) -> ScoreAdjustment {
            ScoreAdjustment(departmentCode: "342001", year: 2026, key: key, score: TestSupport.decimal(score), reason: reason, at: "2026-12-03T08:00:00Z", by: "财政")
        }
        try await store.saveAdjustment(adjust("8.5", "佐证不足"))
        try await store.saveAdjustment(adjust("9.25", "补充佐证后"))
        #expect(try await store.adjustments(departmentCode: "342001", year: 2026) == [adjust("9.25", "补充佐证后")])
        #expect(try await store.adjustmentHistory(departmentCode: "342001", year: 2026).map(\.reason) == ["佐证不足", "补充佐证后"])
        for (from, to) in [(FilingState.filling, FilingState.submitted), (.submitted, .approved)] {
            let f = try await store.filing(departmentCode: "342001", year: 2026)
            _ = try await store.transition(FilingTransition(departmentCode: "342001", year: 2026, from: from, expectedVersion: f.version, to: to, at: now, by: "财政",
                                                            profileName: "national-2020", profileHash: "h"))
        }
        #expect(try await store.filing(departmentCode: "342001", year: 2026).approvedProfile == "national-2020")
        await #expect(throws: FilingError.self) { try await store.saveAdjustment(adjust("7", "晚了")) }
    }

    @Test("accounts: users, sessions, login attempts", arguments: StoreUnderTest.available)
    func accounts(kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        let unit = UserAccount(name: "zhang", role: .unit(department: "342001"), passwordHash: "$2b$12$x", createdAt: "2026-12-03T08:00:00Z")
        try await store.addUser(unit)
        try await store.addUser(UserAccount(name: "bureau", role: .bureau, passwordHash: "$2b$12$y", createdAt: "2026-12-03T08:00:00Z"))
        await #expect(throws: StoreError.self) { try await store.addUser(unit) }
        #expect(try await store.users().map(\.name) == ["bureau", "zhang"])
        var disabled = unit
        disabled.disabled = true
        try await store.updateUser(disabled)
        #expect(try await store.user(named: "zhang") == disabled)
        #expect(try await store.user(named: "nobody") == nil)
        let session = SessionRecord(tokenHash: "abc", userName: "zhang", csrfToken: "tok", createdAt: now, expiresAt: now.addingTimeInterval(3600))
        try await store.createSession(session)
        #expect(try await store.session(tokenHash: "abc") == session)
        try await store.deleteSessions(userName: "zhang")
        #expect(try await store.session(tokenHash: "abc") == nil)
        for i in 0..<3 { try await store.recordLoginAttempt(key: "user:zhang", at: now.addingTimeInterval(Double(i)), succeeded: false) }
        #expect(try await store.failedLoginAttempts(key: "user:zhang", since: now) == 3)
        #expect(try await store.failedLoginAttempts(key: "user:zhang", since: now.addingTimeInterval(1.5)) == 1)
        try await store.recordLoginAttempt(key: "user:zhang", at: now.addingTimeInterval(5), succeeded: true)
        #expect(try await store.failedLoginAttempts(key: "user:zhang", since: now) == 0)
    }
}
