import Foundation
import JixiaoApp
import JixiaoStore
import Testing

/// End-to-end: `jixiao score`, `explain`, `profiles` on the seed with the Samples actuals.
@Suite("jixiao score / explain / profiles")
struct CLIScoreTests {
    let cli = CLIRunner()
    let sample = TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv").path

    init() throws { try cli.loadSeedWithSampleActuals() }

    /// Totals computed by hand from the sample (national-2020), e.g. 城管综合治理:
    /// 10 (19/19) + 25 + 25 + 0.7 × 15 (部分达成) + 15 + 10 = 95.50;
    /// 东西区雨水管网: 7.8 (312/400) + 25 × 85/90 (23.61) + 25 + 15 + 15 + 10 = 96.41.
    static let expected: [(String, String, String)] = [
        ("13091626P00016110003L", "95.50", "优"), ("13091626P000228100037", "98.20", "优"), ("13091625P00001910004B", "99.60", "优"),
        ("13091626P00031710001T", "96.41", "优"), ("13091626P00024110002A", "99.56", "优"), ("13091626P002FFE10011M", "99.96", "优"),
        ("13091626P00031410001R", "99.36", "优"), ("13091626P00024310002M", "99.90", "优"), ("13091626P00031510001F", "99.44", "优"),
        ("13091626P000316100015", "99.60", "优"), ("13091626P00011510012F", "99.84", "优"), ("13091626P00P4LL10011W", "99.50", "优"),
    ]

    @Test("every project's total and the department's two figures, as computed by hand")
    func seedTotals() throws {
        let r = try cli.run(["score", "--db", cli.db, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((root["profile"] as? [String: Any])?["name"] as? String == "national-2020")
        let d = try #require((root["departments"] as? [[String: Any]])?.first)
        let projects = try #require(d["projects"] as? [[String: Any]])
        for (p, (code, total, grade)) in zip(projects, Self.expected) {
            #expect(p["code"] as? String == code)
            #expect((p["score"] as? NSNumber)?.decimalValue == TestSupport.decimal(total), "\(code)")
            #expect(p["grade"] as? String == grade)
            #expect(p["status"] as? String == "graded")
        }
        // Σ executed 22616.75 / Σ budget 23596.72 = 95.85 % → 9.58; six goals 15 each, 便道 94/95 → 14.84.
        #expect((d["own_score"] as? NSNumber)?.decimalValue == TestSupport.decimal("99.42"))
        #expect((d["score"] as? NSNumber)?.decimalValue == TestSupport.decimal("99.42"))
        #expect((d["weighted_project_score"] as? NSNumber)?.decimalValue == TestSupport.decimal("99.54"))
        #expect(r.stdout.contains("\"execution_rate\": 0.9585,"))
        #expect((d["grade_counts"] as? [String: Int])?["优"] == 12)
        // Scores are written with two decimals.
        #expect(r.stdout.contains("\"score\": 95.50"))
        let p4 = projects[3]
        let funds = try #require(p4["funds"] as? [String: Any])
        #expect((funds["rate"] as? NSNumber)?.decimalValue == TestSupport.decimal("0.78"))
        #expect((funds["score"] as? NSNumber)?.decimalValue == TestSupport.decimal("7.8"))
        let p4indicator = try #require((p4["indicators"] as? [[String: Any]])?.first)
        #expect((p4indicator["score"] as? NSNumber)?.decimalValue == TestSupport.decimal("23.61"))
        #expect((p4indicator["weight"] as? NSNumber)?.decimalValue == 25)
        #expect(p4indicator["actual"] as? String == "85%")
    }

    @Test("findings are raised at score time: R04, R05, R10, R14, R15")
    func findings() throws {
        let r = try cli.run(["score", "--db", cli.db, "--format", "json"])
        for code in ["R04", "R05", "R10", "R14", "R15"] {
            #expect(r.stdout.contains("\"code\": \"\(code)\""), "\(code)")
        }
        // 公交补贴's satisfaction: a lost point with the reason blank.
        #expect(r.stdout.contains("失分 0.44 分但偏差原因空白"))
        // 路灯电费 over budget; 东西区 under 90 % with a reason.
        #expect(r.stdout.contains("超过全年预算数 320 万元"))
    }

    @Test("every run is stored with the profile's name and hash")
    func storedRuns() async throws {
        #expect(try cli.run(["score", "--db", cli.db]).status == 0)
        #expect(try cli.run(["score", "--db", cli.db, "--profile", "hebei-integer"]).status == 0)
        let store = try Stores.open(cli.db, access: .write)
        let runs = try await store.scoreRuns(year: 2026)
        #expect(runs.map(\.profileName) == ["national-2020", "hebei-integer"])
        #expect(runs.allSatisfy { $0.profileHash.count == 64 })
        let first = try await store.departmentScores(runID: runs[0].id)
        #expect(first[0].projects.count == 12)
        #expect(first[0].weightedScore == TestSupport.decimal("99.54"))
        #expect(first[0].findings.contains { $0.code == .r04 })
    }

    @Test("the summary as text")
    func summaryText() throws {
        let r = try cli.run(["score", "--db", cli.db])
        #expect(r.stderr.contains("已保存第 1 次评分"))
        try Golden.check(r.stdout, "score-2026.txt")
    }

    @Test("profiles are chosen by name or file; an unknown one is refused with the list")
    func profiles() throws {
        let list = try cli.run(["profiles"])
        #expect(list.status == 0)
        for name in ["national-2020", "sichuan-10-90", "hubei-20-80", "yitihua-manual", "hebei-integer"] { #expect(list.stdout.contains(name)) }
        let show = try cli.run(["profile", "show", "yitihua-manual"])
        #expect(show.stdout.contains("低于 80.00% 最高 89"))
        let file = TestSupport.root.appendingPathComponent("Weights/hubei-20-80.yaml").path
        let r = try cli.run(["score", "--db", cli.db, "--profile", file, "--format", "json"])
        #expect(r.stdout.contains("\"name\": \"hubei-20-80\""))
        let bad = try cli.run(["score", "--db", cli.db, "--profile", "nope"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("national-2020"))
        let broken = try cli.write("broken.yaml", "name: x\npoints: {funds: 10, output: 50, benefit: 30, satisfaction: 10}\nrounding: {decimal: 2}\n")
        let b = try cli.run(["score", "--db", cli.db, "--profile", broken])
        #expect(b.status == 1)
        #expect(b.stderr.contains("broken.yaml:3"))
        #expect(b.stderr.contains("rounding.decimal"))
    }

    @Test("explain shows how every point was derived")
    func explain() throws {
        let r = try cli.run(["explain", "13091626P00031710001T", "--db", cli.db])
        #expect(r.status == 0)
        try Golden.check(r.stdout, "explain-13091626P00031710001T.txt")
        let d = try cli.run(["explain", "342001", "--db", cli.db])
        #expect(d.stdout.contains("部门整体自评得分  99.42"))
        #expect(d.stdout.contains("14.84"))
        let capped = try cli.run(["explain", "13091626P00031710001T", "--db", cli.db, "--profile", "yitihua-manual"])
        #expect(capped.stdout.contains("总分封顶 89"))
    }

    @Test("projects without actuals are 未评价, never 差")
    func notEvaluated() throws {
        let fresh = CLIRunner()
        #expect(try fresh.run(["import", TestSupport.seedURL.path, "--db", fresh.db]).status == 0)
        let text = try String(contentsOfFile: sample, encoding: .utf8).split(separator: "\r\n").filter {
            $0.contains("项目编码,项目名称") || $0.hasPrefix("13091626P00016110003L")
        }.joined(separator: "\r\n")
        let one = try fresh.write("one.csv", text)
        #expect(try fresh.run(["record", one, "--db", fresh.db]).status == 0)
        let r = try fresh.run(["score", "--db", fresh.db])
        #expect(r.stdout.contains("未评价 11"))
        #expect(r.stdout.contains("差 0"))
    }
}
