import Foundation
import GRDB
import JixiaoModel
@testable import JixiaoStore
import Testing

@Suite("SQLite store")
struct StoreTests {
    let department = try! TestSupport.readSeed().department

    @Test("import stores the seed and reads it back unchanged")
    func roundTrip() async throws {
        let store = try SQLiteStore()
        #expect(try await store.importTargets(department, source: ImportSource(fileName: "seed.txt")) == .created)
        #expect(try await store.years() == [2026])
        let back = try #require(try await store.departments(year: 2026).first)
        #expect(TargetsJSON.department(back) == TargetsJSON.department(department))
        #expect(back.projects.map(\.plan) == department.projects.map(\.plan))
        #expect(back.goals.map(\.target) == department.goals.map(\.target))
        #expect(back.projects[2].indicators.map(\.target) == department.projects[2].indicators.map(\.target))
    }

    @Test("a score run's rows read back as written: empty text stays empty, absent values stay NULL")
    func scoreRunRoundTrip() async throws {
        let store = try SQLiteStore()
        let projects = [
            ProjectScoreRecord(code: "P1", name: "", status: "graded", total: Decimal(string: "98.8")!, grade: "优", budget: 19,
                               executed: Decimal(string: "16.72")!, rate: Decimal(string: "16.72")! / 19),
            ProjectScoreRecord(code: "P2", name: "泵站维护", status: "not_evaluated", total: nil, grade: "未评价", budget: 0, executed: nil, rate: nil),
        ]
        let findings = [
            Finding(.r07, .warning, owner: "P1", indicator: "", location: SourceLocation(file: "a.csv", line: 7), "空白"),
            Finding(.r13, .note, owner: "P2", "缺少一级指标"),
        ]
        let record = DepartmentScoreRecord(code: "342001", name: "执法局", score: nil, grade: nil, ownScore: nil, weightedScore: nil,
                                           executionRate: nil, gradeCounts: [("优", 1)], projects: projects, findings: findings)
        let id = try await store.saveScoreRun(ScoreRunRecord(year: 2026, profileName: "national-2020", profileHash: "h", scoredAt: Date(), scoredBy: "t", departments: [record]))
        let back = try #require(try await store.departmentScores(runID: id).first)
        #expect(back.projects.map(\.name) == ["", "泵站维护"])
        #expect(back.projects.map(\.total) == [Decimal(string: "98.8")!, nil])
        #expect(back.projects[0].rate == Decimal(string: "0.88")! && back.projects[1].executed == nil)
        #expect(back.findings.map(\.indicator) == ["", nil])
        #expect(back.findings.map(\.location) == [SourceLocation(file: "a.csv", line: 7), nil])
        #expect(back.findings.map(\.message) == ["空白", "缺少一级指标"])
    }

    @Test("re-importing the same content changes nothing")
    func reimport() async throws {
        let store = try SQLiteStore()
        _ = try await store.importTargets(department, source: ImportSource(fileName: "a.txt"))
        #expect(try await store.importTargets(department, source: ImportSource(fileName: "b.txt")) == .unchanged)
        #expect(try await store.history(departmentCode: "342001", year: 2026).isEmpty)
    }

    @Test("a changed file replaces the targets and keeps the old version")
    func replace() async throws {
        let store = try SQLiteStore()
        _ = try await store.importTargets(department, source: ImportSource(fileName: "a.txt"))
        var changed = department
        changed.projects[0].budget = 21
        changed.projects.removeLast()
        #expect(try await store.importTargets(changed, source: ImportSource(fileName: "b.txt")) == .replaced(previousVersion: 1))
        let now = try #require(try await store.departments(year: 2026).first)
        #expect(now.projects.count == 11)
        #expect(now.projects[0].budget == 21)
        let history = try await store.history(departmentCode: "342001", year: 2026)
        #expect(history.count == 1)
        #expect(history[0].version == 1)
        #expect(history[0].sourceFile == "a.txt")
        #expect(history[0].snapshot.contains("13091626P00P4LL10011W"))
        #expect(try await store.importTargets(department, source: ImportSource(fileName: "a.txt")) == .replaced(previousVersion: 2))
        #expect(try await store.history(departmentCode: "342001", year: 2026).count == 2)
    }

    @Test("a failing import leaves the database as it was")
    func atomic() async throws {
        let store = try SQLiteStore()
        _ = try await store.importTargets(department, source: ImportSource(fileName: "a.txt"))
        var broken = department
        broken.projects[0].budget = 1
        broken.projects.append(broken.projects[1])  // the same code twice breaks UNIQUE midway
        await #expect(throws: (any Error).self) { try await store.importTargets(broken, source: ImportSource(fileName: "b.txt")) }
        let now = try #require(try await store.departments(year: 2026).first)
        #expect(now.projects.count == 12)
        #expect(now.projects[0].budget == 19)
        #expect(try await store.history(departmentCode: "342001", year: 2026).isEmpty)
    }

    @Test("years are kept apart")
    func years() async throws {
        let store = try SQLiteStore()
        var older = department
        older.year = 2025
        _ = try await store.importTargets(department, source: ImportSource(fileName: "a.txt"))
        _ = try await store.importTargets(older, source: ImportSource(fileName: "a.txt"))
        #expect(try await store.years() == [2025, 2026])
        #expect(try await store.departments(year: 2025).count == 1)
        #expect(try await store.defaultYear() == 2026)
    }

    @Test("a file store uses WAL and named migrations; a newer schema is refused")
    func fileStore() async throws {
        let dir = TestSupport.temporaryDirectory()
        let path = dir.appendingPathComponent("j.sqlite").path
        let store = try SQLiteStore(path: path)
        #expect(try await store.appliedMigrations() == Schema.migrations.map(\.name))
        #expect(Schema.migrations.map(\.name).starts(with: ["2026-11-25 targets", "2026-11-25 actuals", "2026-11-25 scores"]))
        _ = try await store.importTargets(department, source: ImportSource(fileName: "a.txt"))
        let queue = try DatabaseQueue(path: path)
        #expect(try await queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        try await queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('2099-01-01 future')") }
        try queue.close()
        #expect {
            _ = try SQLiteStore(path: path)
        } throws: { error in
            (error as? StoreError)?.description.contains("更新版本") == true
        }
    }

    @Test("a missing database is not created by a read")
    func mustExist() async throws {
        let path = TestSupport.temporaryDirectory().appendingPathComponent("none.sqlite").path
        #expect(throws: StoreError.self) { try SQLiteStore(path: path, mustExist: true) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a file that is not a database is refused with a message")
    func notADatabase() async throws {
        let url = TestSupport.temporaryDirectory().appendingPathComponent("x.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: url)
        #expect(throws: StoreError.self) { try SQLiteStore(path: url.path) }
    }
}
