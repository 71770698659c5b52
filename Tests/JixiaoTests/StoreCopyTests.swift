import Foundation
import JixiaoApp
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoPostgres
import JixiaoStore
import Testing

/// `store copy` (issue 20): a database moved whole between SQLite and PostgreSQL, both ways,
/// verified by counts and content hashes.
@Suite("store copy")
struct StoreCopyTests {
    static let seed = try! TestSupport.readSeed().department
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// A store with something of every kind: two versions of the targets, actuals changed twice, a
    /// filing returned with comments, reopened by a recording, then approved, an adjustment, a
    /// score run, two users.
    func fill(_ store: any Store) async throws {
        var older = Self.seed
        older.projects[0].budget = 21
        _ = try await store.importTargets(older, source: ImportSource(fileName: "old.txt", importedAt: now))
        _ = try await store.importTargets(Self.seed, source: ImportSource(fileName: "seed.txt", importedAt: now.addingTimeInterval(60)))
        let entries = try ActualsFileReader.read(url: TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv"), displayName: "actuals-2026.csv")
        var rows = try ActualsValidator(departments: [Self.seed]).validate(entries).actuals
        _ = try await store.recordActuals(rows, by: "单位甲", at: now)
        let code = "342001", year = 2026
        var f = try await store.transition(FilingTransition(departmentCode: code, year: year, from: .filling, expectedVersion: 0, to: .submitted, at: now, by: "单位甲", note: "请审核"))
        f = try await store.transition(FilingTransition(departmentCode: code, year: year, from: .submitted, expectedVersion: f.version, to: .returned, at: now, by: "财政",
                                                        note: "退回", comments: [ReviewComment(text: "请补充"), ReviewComment(projectCode: "13091626P00024110002A", indicator: "群众满意度", text: "须说明")]))
        rows[3].value = "99%"
        _ = try await store.recordActuals(rows, by: "单位乙", at: now.addingTimeInterval(120))
        try await store.saveAdjustment(ScoreAdjustment(departmentCode: code, year: year, key: rows[3].key, score: TestSupport.decimal("8.5"), reason: "佐证不足",
                                                       at: "2026-12-03T08:00:00Z", by: "财政"))
        f = try await store.filing(departmentCode: code, year: year)
        f = try await store.transition(FilingTransition(departmentCode: code, year: year, from: .filling, expectedVersion: f.version, to: .submitted, at: now, by: "单位乙"))
        _ = try await store.transition(FilingTransition(departmentCode: code, year: year, from: .submitted, expectedVersion: f.version, to: .approved, at: now, by: "财政",
                                                        profileName: "national-2020", profileHash: "h"))
        let app = Application(store: store, actor: .bureau(user: "评分"), clock: { Date(timeIntervalSince1970: 1_795_000_600) })
        _ = try await app.score(year: year, profile: try ProfileCatalog().resolve(nil)) { _, _ in }
        try await store.addUser(UserAccount(name: "zhang", role: .unit(department: code), passwordHash: "$2b$12$x", createdAt: "2026-12-03T08:00:00Z"))
        try await store.addUser(UserAccount(name: "bureau", role: .bureau, passwordHash: "$2b$12$y", createdAt: "2026-12-03T08:00:00Z"))
    }

    static func sqlite() throws -> any Store {
        try SQLiteStore(path: TestSupport.temporaryDirectory().appendingPathComponent("copy.sqlite").path)
    }

    static func postgres() throws -> any Store {
        PostgresStore(try PostgresAddress(try PostgresTestSupport.freshDatabase()), access: .create)
    }

    @Test("SQLite → PostgreSQL → SQLite: the same counts and content hashes at every step; a store with data refused",
          .enabled(if: PostgresTestSupport.enabled, "needs JIXIAO_TEST_POSTGRES_URL"))
    func roundTrip() async throws {
        let source = try Self.sqlite()
        try await fill(source)
        let onPostgres = try Self.postgres()
        let first = try await Application(store: onPostgres, actor: .bureau(user: "复制")).copyStore(from: source)
        let counts = Dictionary(uniqueKeysWithValues: first.inventory.parts.map { ($0.label, $0.count) })
        #expect(counts["单位年度（目标表）"] == 1 && counts["实际完成值"] == 106 && counts["目标表历史版本"] == 1)
        #expect(counts["实际完成值修改记录"] == 107 && counts["填报流程事件"] == 5 && counts["审核意见"] == 2 && counts["复核调分"] == 1)
        #expect(counts["评分记录"] == 1 && counts["用户"] == 2 && (counts["评分结果行"] ?? 0) > 12)
        let back = try Self.sqlite()
        let second = try await Application(store: back, actor: .bureau(user: "复制")).copyStore(from: onPostgres)
        #expect(second.inventory == first.inventory)
        // What the stores give back is the same, read by the same methods.
        #expect(try await back.filing(departmentCode: "342001", year: 2026) == source.filing(departmentCode: "342001", year: 2026))
        #expect(try await back.actualHistory(ownerCode: "13091626P00024110002A", year: 2026) == source.actualHistory(ownerCode: "13091626P00024110002A", year: 2026))
        #expect(try await onPostgres.history(departmentCode: "342001", year: 2026) == source.history(departmentCode: "342001", year: 2026))
        // A second copy into a store with data is refused, changing nothing.
        await #expect(throws: StoreError.self) { try await Application(store: onPostgres, actor: .bureau(user: "复制")).copyStore(from: source) }
        await #expect(throws: StoreError.self) {
            try await Application(store: onPostgres, actor: .bureau(user: "复制")).copyStore(from: source, intoNonEmpty: true)
        }
        #expect(try await onPostgres.events(departmentCode: "342001", year: 2026).count == 5)
    }

    @Test("SQLite → SQLite without a server: the same inventory")
    func sqliteToSQLite() async throws {
        let source = try Self.sqlite()
        try await fill(source)
        let target = try Self.sqlite()
        let report = try await Application(store: target, actor: .bureau(user: "复制")).copyStore(from: source)
        #expect(report.inventory.parts.count == 11 && report.inventory.parts.allSatisfy { $0.count > 0 })
        #expect(try await target.scoreRuns(year: 2026).map(\.scoredAt) == source.scoreRuns(year: 2026).map(\.scoredAt))
    }

    @Test("jixiao store copy: a SQLite file to PostgreSQL and back, merge into PostgreSQL",
          .enabled(if: PostgresTestSupport.enabled, "needs JIXIAO_TEST_POSTGRES_URL"))
    func command() throws {
        let cli = CLIRunner()
        let file = cli.directory.appendingPathComponent("unit.sqlite").path
        let imported = try cli.run(["import", TestSupport.seedURL.path, "--db", file])
        #expect(imported.status == 0)
        #expect(try cli.run(["record", TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv").path, "--db", file]).status == 0)
        let url = try PostgresTestSupport.freshDatabase()
        let copied = try cli.run(["store", "copy", "--from", file, "--to", url])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.contains("两边数量与内容哈希一致") && copied.stdout.contains("实际完成值"))
        let again = try cli.run(["store", "copy", "--from", file, "--to", url])
        #expect(again.status == 1 && again.stderr.contains("已有数据"))
        let back = cli.directory.appendingPathComponent("back.sqlite").path
        #expect(try cli.run(["store", "copy", "--from", url, "--to", back]).status == 0)
        let a = try cli.run(["projects", "--db", file, "--format", "json"]).stdout, b = try cli.run(["projects", "--db", url, "--format", "json"]).stdout
        let c = try cli.run(["projects", "--db", back, "--format", "json"]).stdout
        #expect(a == b && a == c)
        // merge into PostgreSQL: the same content is left alone.
        #expect(try cli.run(["merge", file, "--db", url]).stdout.contains("并入 0，相同 1"))
        // The password never shows.
        let secret = PostgresTestSupport.replacingDatabase(in: url, with: "nowhere").replacingOccurrences(of: "jixiao@", with: "jixiao:s3cret@")
        let refused = try cli.run(["projects", "--db", secret])
        #expect(refused.status == 1 && !refused.stderr.contains("s3cret") && refused.stderr.contains("nowhere"), "\(refused.stderr)")
    }
}
