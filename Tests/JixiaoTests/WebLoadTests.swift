import Foundation
import JixiaoApp
import JixiaoDocuments
import JixiaoModel
import JixiaoStore
import Testing

/// A bounded load on loopback (scripts/load_test.py against `jixiao serve` processes sharing one
/// database): errors 0, no lost or crossed updates, the two-people race decided once each time.
/// `swift test` runs a small configuration; `scripts/load.sh` the full one (200 units × 10 saves).
/// Parameters: JIXIAO_LOAD_UNITS, JIXIAO_LOAD_SAVES, JIXIAO_LOAD_SERVERS, and JIXIAO_TEST_DB for the
/// database (default: a scratch SQLite file; the same test will run two servers on one PostgreSQL).
@Suite("Web load", .serialized)
struct WebLoadTests {
    static func setting(_ name: String, _ fallback: Int) -> Int { ProcessInfo.processInfo.environment[name].flatMap { Int($0) } ?? fallback }

    /// The databases the load runs on: SQLite always; PostgreSQL (two servers on one database,
    /// issue 20) where a test server is named — and under CI=true, where it is required.
    static var stores: [String] { PostgresTestSupport.enabled ? ["sqlite", "postgres"] : ["sqlite"] }

    @Test("concurrent units saving on loopback, two servers on one database: errors 0, nothing lost or crossed, each race told",
          arguments: stores)
    func load(kind: String) async throws {
        guard ExternalTools.require("python3", [["python3", "--version"]]) else { return }
        let units = Self.setting("JIXIAO_LOAD_UNITS", 20), saves = Self.setting("JIXIAO_LOAD_SAVES", 4), servers = Self.setting("JIXIAO_LOAD_SERVERS", 2)
        let dir = TestSupport.temporaryDirectory()
        let db = try ProcessInfo.processInfo.environment["JIXIAO_TEST_DB"]
            ?? (kind == "postgres" ? PostgresTestSupport.freshDatabase() : dir.appendingPathComponent("load.sqlite").path)
        let password = "load-test-pw"
        // The units: generated departments of one project each, a user per unit (and a second
        // person for every 10th), bcrypt cost 4 so setting up 200 users takes seconds.
        let store = try Stores.open(db, access: .create)
        let owner = Application(store: store, actor: .local(user: "load"))
        try await owner.synthesize(Synthesizer(departments: units, projects: 1, years: 1, seed: 19))
        let codes = try await store.departmentCodes(year: 2026)
        #expect(codes.count == units)
        for (i, code) in codes.enumerated() {
            _ = try await owner.addUser(name: "load-\(code)", role: .unit(department: code), password: password, policy: AccountPolicy(bcryptCost: 4))
            if i % 10 == 0 { _ = try await owner.addUser(name: "load-\(code)-b", role: .unit(department: code), password: password, policy: AccountPolicy(bcryptCost: 4)) }
        }
        _ = try await owner.addUser(name: "load-bureau", role: .bureau, password: password, policy: AccountPolicy(bcryptCost: 4))
        let codesFile = dir.appendingPathComponent("units.txt")
        try Data(codes.joined(separator: "\n").utf8).write(to: codesFile)

        let running = try (0..<servers).map { n -> ServeProcess in
            let d = dir.appendingPathComponent("server\(n)")
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
            return try ServeProcess(["--db", db, "--log-level", "warning"], directory: d)
        }
        defer { for s in running { s.stop() } }
        let out = dir.appendingPathComponent("load.json")
        let r = try runProgram(["python3", TestSupport.root.appendingPathComponent("scripts/load_test.py").path, "--servers", running.map(\.url).joined(separator: ","),
                                "--units", codesFile.path, "--saves", "\(saves)", "--password", password, "--bureau", "load-bureau", "--out", out.path])
        print("load: \(r.stdout)")
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        #expect(summary["errors"] as? Int == 0 && summary["lost"] as? Int == 0 && summary["crossed"] as? Int == 0 && summary["unfinished"] as? Int == 0)
        #expect(summary["saves"] as? Int == units * saves)
        #expect(summary["conflicts_seen"] as? Int == summary["conflicts_expected"] as? Int)
        // Every unit submitted — or was refused for an open problem of its generated data, and
        // stays 填报中 — and every submitted one was locked and approved from another server.
        let submitted = summary["submitted"] as? Int ?? -1
        #expect(submitted >= units / 2 && submitted + (summary["refused"] as? Int ?? 0) == units)
        #expect(summary["locked"] as? Int == submitted && summary["approved"] as? Int == submitted)
        // What the store holds is what each unit saved last, in its own department.
        for s in running { s.stop() }
        let expected = try #require(summary["expected"] as? [String: [String: Any]])
        for code in codes {
            let want = try #require(expected[code])
            let project = try #require(want["project"] as? String)
            let stored = try await store.actuals(departmentCode: code, year: 2026).first { $0.key.ownerCode == project && $0.key.level3 == SpecialRow.executed }
            #expect(stored?.value == want["value"] as? String, "\(code)")
            // No state skipped, the history complete: 填报中 → 已提交 → 已审核, once each.
            let approved = want["submitted"] as? Bool == true
            #expect(try await store.filing(departmentCode: code, year: 2026).state == (approved ? .approved : .filling), "\(code)")
            let events = try await store.events(departmentCode: code, year: 2026)
            #expect(events.map { "\($0.from.rawValue)>\($0.to.rawValue)" } == (approved ? ["filling>submitted", "submitted>approved"] : []), "\(code)")
            // Every save that was stored is in the actuals' history.
            let history = try await store.actualHistory(ownerCode: project, year: 2026).filter { $0.key.level3 == SpecialRow.executed }
            #expect(history.last?.newValue == want["value"] as? String, "\(code)")
            #expect(history.count >= saves, "\(code): \(history.count) changes of 全年执行数")
        }
    }
}
