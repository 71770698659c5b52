import Foundation
import JixiaoModel
import JixiaoPostgres
import JixiaoStore
import Testing

/// Several processes on one PostgreSQL database (issue 20): `jixiao` processes started together
/// (`ProcessGroup`), and stores with pools of their own in this process acting as the unit and
/// two bureau servers. Bounded in count and time; loopback only.
@Suite("PostgreSQL: several processes, one database", .enabled(if: PostgresTestSupport.enabled, "needs JIXIAO_TEST_POSTGRES_URL"))
struct PostgresConcurrencyTests {
    static let owner = "13091626P00024110002A"
    static let sample = TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv")
    let directory = TestSupport.temporaryDirectory()

    /// The sample actuals with 公交补贴's 群众满意度 set to `value`, written to `name`.
    func actualsFile(_ name: String, satisfaction value: String) throws -> String {
        let text = try String(contentsOf: Self.sample, encoding: .utf8)
            .replacingOccurrences(of: "群众满意度,≥90百分数,86%", with: "群众满意度,≥90百分数,\(value)")
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The history of 公交补贴's 群众满意度, oldest first: (old, new) values.
    func satisfactionHistory(_ url: String) throws -> [(old: String, new: String)] {
        try PostgresTestSupport.psql(url, """
            SELECT coalesce(old_value, '-') || '|' || new_value FROM actual_history
            WHERE owner_code = '\(Self.owner)' AND level3 = '群众满意度' ORDER BY id
            """).split(separator: "\n").map { line in
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            return (parts[0], parts[1])
        }
    }

    /// No lost update: each change starts from the value the one before it left, and the stored
    /// value is the last one's.
    func expectChained(_ history: [(old: String, new: String)], url: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for i in history.indices.dropFirst() {
            #expect(history[i].old == history[i - 1].new, "change \(i) starts from \(history[i].old), the one before left \(history[i - 1].new)",
                    sourceLocation: sourceLocation)
        }
        let stored = try PostgresTestSupport.psql(url, "SELECT value FROM actual WHERE owner_code = '\(Self.owner)' AND level3 = '群众满意度'")
        #expect(stored == history.last?.new, sourceLocation: sourceLocation)
    }

    @Test("four processes opening one empty database at once: migrated once, the department imported once")
    func migrationsOnce() throws {
        let url = try PostgresTestSupport.freshDatabase()
        let group = try ProcessGroup(count: 4, databaseURL: url, directory: directory) { _ in ["import", TestSupport.seedURL.path] }
        let outcomes = group.wait()
        #expect(outcomes.allSatisfy { $0.status == 0 }, "\(outcomes.map(\.stderr))")
        #expect(try PostgresTestSupport.psql(url, "SELECT string_agg(identifier, ',' ORDER BY position) FROM jixiao_migrations")
                == PostgresStore.migrationNames.joined(separator: ","))
        #expect(try PostgresTestSupport.psql(url, "SELECT count(*) FROM department") == "1")
        #expect(try PostgresTestSupport.psql(url, "SELECT count(*) FROM target_history") == "0", "the same content is never a replacement")
    }

    @Test("two processes recording one department at once: every change kept, none lost")
    func recordingTogether() throws {
        let url = try PostgresTestSupport.freshDatabase()
        let runner = try ProcessGroup(count: 1, databaseURL: url, directory: directory) { _ in ["import", TestSupport.seedURL.path] }
        #expect(runner.wait().first?.status == 0)
        // Twelve distinct values: every file changes the row, whatever order the two processes take.
        let files = try (0..<2).map { p in try (0..<6).map { k in try actualsFile("p\(p)-\(k).csv", satisfaction: "\(60 + p * 10 + k)%") } }
        let group = try ProcessGroup(count: 2, databaseURL: url, directory: directory, environment: ["USER": "recorder"]) { p in
            ["record"] + files[p] + ["--year", "2026"]
        }
        let outcomes = group.wait()
        #expect(outcomes.allSatisfy { $0.status == 0 && !$0.timedOut }, "\(outcomes.map(\.stderr))")
        let history = try satisfactionHistory(url)
        #expect(history.count == 12)
        #expect(Set(history.map(\.new)) == Set((0..<2).flatMap { p in (0..<6).map { "\(60 + p * 10 + $0)%" } }))
        #expect(history.first?.old == "-")
        try expectChained(history, url: url)
        #expect(try PostgresTestSupport.psql(url, "SELECT count(*) FROM actual_history") == String(106 + 11))
    }

    @Test("a unit submitting, two bureau servers returning and approving, a process recording, all at once: no state skipped, the version check holds")
    func filingWhileRecording() async throws {
        let url = try PostgresTestSupport.freshDatabase()
        let setup = try ProcessGroup(count: 1, databaseURL: url, directory: directory) { _ in ["import", TestSupport.seedURL.path] }
        #expect(setup.wait().first?.status == 0)
        // Three pools, as three servers would have.
        let unit = PostgresStore(try PostgresAddress(url), access: .write, poolSize: 2)
        let bureaus = [PostgresStore(try PostgresAddress(url), access: .write, poolSize: 2), PostgresStore(try PostgresAddress(url), access: .write, poolSize: 2)]
        let files = try (0..<8).map { try actualsFile("r\($0).csv", satisfaction: "\(80 + $0)%") }
        let returns = 3
        let code = "342001", year = 2026
        let start = Date()
        func inTime() -> Bool { Date().timeIntervalSince(start) < 90 }

        // The recorder: one `jixiao record` after another, each either stored or refused as locked.
        let directory = self.directory
        let recorder = Task.detached { () -> [ProcessGroup.Outcome] in
            var outcomes: [ProcessGroup.Outcome] = []
            for file in files where inTime() {
                let group = try ProcessGroup(count: 1, databaseURL: url, directory: directory, environment: ["USER": "recorder"]) { _ in
                    ["record", file, "--year", "2026"]
                }
                outcomes += group.wait(timeout: 60)
            }
            return outcomes
        }
        // The unit submits whenever the filing is editable, until it is approved.
        let unitTask = Task { () -> Int in
            var submitted = 0
            while inTime() {
                let f = try await unit.filing(departmentCode: code, year: year)
                if f.state == .approved { break }
                if f.state.isEditable {
                    do {
                        _ = try await unit.transition(FilingTransition(departmentCode: code, year: year, from: f.state, expectedVersion: f.version,
                                                                       to: .submitted, at: Date(), by: "unit"))
                        submitted += 1
                    } catch FilingError.moved {}
                }
                try await Task.sleep(nanoseconds: 150_000_000)
            }
            return submitted
        }
        // Two bureau servers race to act on each submission: return it `returns` times, then approve.
        let bureauTasks = bureaus.enumerated().map { i, store in
            Task { () -> (won: Int, lost: Int) in
                var won = 0, lost = 0
                while inTime() {
                    let f = try await store.filing(departmentCode: code, year: year)
                    if f.state == .approved { break }
                    if f.state == .submitted {
                        let returned = try await store.events(departmentCode: code, year: year).filter { $0.to == .returned }.count
                        let to: FilingState = returned < returns ? .returned : .approved
                        do {
                            _ = try await store.transition(FilingTransition(departmentCode: code, year: year, from: .submitted, expectedVersion: f.version,
                                                                            to: to, at: Date(), by: "bureau\(i)", note: to == .returned ? "请补充" : "",
                                                                            comments: to == .returned ? [ReviewComment(text: "第\(returned + 1)次退回")] : []))
                            won += 1
                        } catch FilingError.moved {
                            lost += 1
                        }
                    }
                    try await Task.sleep(nanoseconds: UInt64.random(in: 20_000_000...120_000_000))
                }
                return (won, lost)
            }
        }
        let submitted = try await unitTask.value
        var bureauWins = 0
        for task in bureauTasks { bureauWins += try await task.value.won }
        let recorded = try await recorder.value
        #expect(inTime(), "finished within the bound")

        // Every recording was stored, or refused because the filing was submitted or approved.
        for r in recorded {
            #expect(r.status == 0 || r.stderr.contains("已提交") || r.stderr.contains("已审核"), "\(r.stderr)")
        }
        // No state skipped: each event starts where the one before ended; the filing's version
        // counts them; the last is the approval.
        let events = try await unit.events(departmentCode: code, year: year)
        #expect(events.first?.from == .filling)
        for i in events.indices.dropFirst() {
            #expect(events[i].from == events[i - 1].to, "event \(i): \(events[i].from) after \(events[i - 1].to)")
        }
        let filing = try await unit.filing(departmentCode: code, year: year)
        #expect(filing.state == .approved && events.last?.to == .approved)
        #expect(filing.version == events.count)
        // The optimistic check held: every transition that succeeded is one event, none twice.
        let byActors = events.filter { $0.by != "recorder" }
        #expect(byActors.count == submitted + bureauWins)
        #expect(events.filter { $0.to == .returned }.count == returns)
        #expect(events.filter { $0.by == "recorder" }.allSatisfy { $0.from == .returned && $0.to == .filling })
        #expect(try await unit.comments(departmentCode: code, year: year).map(\.text) == (1...returns).map { "第\($0)次退回" })
        // No lost update among the recordings that got through.
        let history = try satisfactionHistory(url)
        if history.count > 1 { try expectChained(history, url: url) }
        // Approved: recording is refused.
        let late = try ProcessGroup(count: 1, databaseURL: url, directory: directory) { _ in ["record", files[0], "--year", "2026"] }.wait()
        #expect(late.first?.status == 1 && late.first?.stderr.contains("已审核") == true)
    }
}
