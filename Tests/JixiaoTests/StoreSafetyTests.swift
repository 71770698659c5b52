import Foundation
import GRDB
import GRDBSQLite
import JixiaoModel
@testable import JixiaoStore
import Testing

/// What the store guarantees when things go wrong: shipped migrations never change, runs cut short
/// stay invisible, other programs' files are left alone, and SQLite's failures become messages.
@Suite("Store safety")
struct StoreSafetyTests {
    let department = try! TestSupport.readSeed().department

    /// SHA-256 of each shipped migration's SQL. A migration is never edited once shipped: change
    /// the schema with a new migration instead (and add its hash here once it ships).
    static let shipped: [String: String] = [
        "2026-11-25 targets": "d74268edbd8aa30929a6f17d82e82fbb153c88d23a236a79ab7003d783f934a6",
        "2026-11-25 actuals": "5193ade8a08e27ad35c1f697392abda829bdbaa5671ac768508538adf690f11d",
        "2026-11-25 scores": "46c95e783cd553a9b9178619e19012b3794a41333e8fd6888b3ea147e654285f",
        "2026-12-03 score run completion": "7443db7e08a396a9a5deff8a2ef639d7c996e6076c0634e953bf64970eac44ca",
        "2026-12-03 filing": "4da84532c2abfd9e6a9999d403886b5aace9b9885c0ca4eda33ab5b074254329",
        "2026-12-03 accounts": "0ccecb0f2670679d77bed7945882fa769e79c68680399ade0e297bbb9ec55d13",
        "2026-12-03 score run final": "b2f3f40f40ea7fb2975b564576733117bc037faf5b28ba9ab8844f1ca7a01495",
        "2026-12-04 spending": "21398cb91f23e5e09b485b43d2bbc4922eaaf8475a5c0a286ee7d545ca6436bd",
    ]

    @Test("the SQL of every shipped migration is exactly what shipped")
    func shippedMigrationsUnchanged() {
        for (name, step) in Schema.migrations {
            guard case .sql(let sql) = step else { continue }
            #expect(ContentDigest.hex(sql) == Self.shipped[name], "migration “\(name)” was edited, or is new and not yet listed")
        }
        let dates = Schema.migrations.map { $0.name.prefix(10) }
        #expect(dates == dates.sorted(), "migrations are appended in date order")
    }

    @Test("stored content hashes of the pretty JSON are hashed again on its canonical form")
    func hashMigration() async throws {
        let path = TestSupport.temporaryDirectory().appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "2026-12-03 score run completion")
        var edited = department
        edited.projects.removeLast()
        let changed = edited
        try await queue.write { db in
            _ = try SQLiteStore.importTargets(db, PreparedTargets(changed), source: ImportSource(fileName: "a.txt"))
            _ = try SQLiteStore.importTargets(db, PreparedTargets(self.department), source: ImportSource(fileName: "b.txt"))
            // As the earlier version stored them: SHA-256 of the pretty-printed JSON.
            try db.execute(sql: "UPDATE department SET content_hash = ?", arguments: [ContentDigest.hex(TargetsJSON.department(self.department).serialized())])
            try db.execute(sql: "UPDATE target_history SET content_hash = ?", arguments: [ContentDigest.hex(TargetsJSON.department(changed).serialized())])
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        #expect(try await store.importTargets(department, source: ImportSource(fileName: "c.txt")) == .unchanged)
        #expect(try await store.history(departmentCode: "342001", year: 2026).map(\.contentHash) == [TargetsJSON.contentHash(changed)])
    }

    @Test("a run is visible only once complete; a run left by a dead process is removed by the next")
    func incompleteRuns() async throws {
        let path = TestSupport.temporaryDirectory().appendingPathComponent("j.sqlite").path
        let store = try SQLiteStore(path: path)
        let header = ScoreRunRecord(year: 2026, profileName: "national-2020", profileHash: "h", scoredAt: Date(), scoredBy: "t", departments: [])
        let record = DepartmentScoreRecord(code: "342001", name: "执法局", score: nil, grade: nil, ownScore: nil, weightedScore: nil,
                                           executionRate: nil, gradeCounts: [], projects: [], findings: [])
        let cut = try await store.beginScoreRun(header)
        try await store.appendScores(runID: cut, [record])
        #expect(try await store.scoreRuns(year: 2026).isEmpty)
        // Its writer was a process of this host that is gone (pid 2^31 − 1 never runs).
        try await store.writer.write { try $0.execute(sql: "UPDATE score_run SET writer = ? WHERE id = ?", arguments: [ScoreRunWriter(host: ScoreRunWriter.hostName, pid: Int32.max).description, cut]) }
        let alive = try await store.beginScoreRun(header)
        let whole = try await store.saveScoreRun(header)
        #expect(try await store.scoreRuns(year: 2026).map(\.id) == [whole])
        let ids = try await store.writer.read { try Int64.fetchAll($0, sql: "SELECT id FROM score_run ORDER BY id") }
        #expect(ids == [alive, whole], "the dead writer's run is gone; a live one (this process) is kept")
        #expect(try await store.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM department_score WHERE run_id = ?", arguments: [cut]) } == 0)
    }

    @Test("another program's SQLite file is refused and left byte for byte as it was")
    func foreignDatabase() throws {
        let url = TestSupport.temporaryDirectory().appendingPathComponent("other.sqlite")
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO invoices (amount) VALUES (1.5)") }
        try queue.close()
        let before = try Data(contentsOf: url)
        #expect {
            _ = try SQLiteStore(path: url.path)
        } throws: { error in
            (error as? StoreError)?.description.contains("其他程序的 SQLite 数据库（其中已有表：invoices）") == true
        }
        #expect(try Data(contentsOf: url) == before)
        #expect(!FileManager.default.fileExists(atPath: url.path + "-wal"))
    }

    @Test("SQLite's failures become messages of their own, never SQL")
    func messages() {
        let options = SQLiteOptions(busyTimeout: 30)
        func message(_ code: ResultCode) -> StoreError {
            SQLiteErrors.storeError(DatabaseError(resultCode: code, message: "disk I/O error", sql: "INSERT INTO actual VALUES (?)"), path: "j.sqlite", options: options)
        }
        #expect(message(.SQLITE_BUSY).reason == .busy && message(.SQLITE_BUSY).description.contains("正被其他程序使用（等待 30 秒后仍未释放）"))
        #expect(message(.SQLITE_READONLY).reason == .readOnly && message(.SQLITE_READONLY).description.contains("只读"))
        #expect(message(.SQLITE_FULL).reason == .diskFull && message(.SQLITE_FULL).description.contains("磁盘已满"))
        #expect(message(.SQLITE_IOERR).reason == .ioError && message(.SQLITE_IOERR).description.contains("磁盘错误"))
        for code in [ResultCode.SQLITE_BUSY, .SQLITE_READONLY, .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_CONSTRAINT] {
            #expect(!message(code).description.contains("INSERT"), "no SQL in the message for \(code)")
            #expect(!message(code).description.contains("请确认它是 Jixiao 的 SQLite 数据库文件"))
        }
    }

    @Test("a write blocked by another program's lock waits, then fails with the busy message; nothing is written")
    func busy() async throws {
        let path = TestSupport.temporaryDirectory().appendingPathComponent("j.sqlite").path
        _ = try SQLiteStore(path: path)
        let waited = WaitLog()
        let store = try SQLiteStore(path: path, options: SQLiteOptions(busyTimeout: 1.5, onWait: { _ in waited.note() }))
        // Another program: a plain SQLite connection holding an exclusive lock.
        var holder: OpaquePointer?
        #expect(sqlite3_open(path, &holder) == SQLITE_OK)
        #expect(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nil, nil, nil) == SQLITE_OK)
        await #expect {
            _ = try await store.importTargets(department, source: ImportSource(fileName: "a.txt"))
        } throws: { error in
            (error as? StoreError)?.reason == .busy
        }
        #expect(waited.count == 1)
        sqlite3_exec(holder, "ROLLBACK", nil, nil, nil)
        sqlite3_close(holder)
        #expect(try await store.years().isEmpty)
    }

    @Test("a database in a read-only location can be read")
    func readOnlyLocation() async throws {
        let dir = TestSupport.temporaryDirectory().appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("j.sqlite").path
        _ = try await SQLiteStore(path: path).importTargets(department, source: ImportSource(fileName: "a.txt"))
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path) }
        let store = try SQLiteStore(path: path, options: SQLiteOptions(access: .readOnly, create: false))
        #expect(try await store.departments(year: 2026).first?.projects.count == 12)
        if getuid() != 0 {
            // root writes anyway; anyone else is told the file is read-only.
            await #expect(throws: StoreError.self) { try await store.recordActuals([], by: "t", at: Date()) }
        }
    }
}

/// Counts busy-wait notices from any thread.
final class WaitLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var count = 0
    func note() {
        lock.lock()
        count += 1
        lock.unlock()
    }
}
