import Foundation
@testable import JixiaoEngine
import JixiaoModel
import JixiaoReports
import JixiaoStore
import Testing

/// Years side by side, the bureau's ranking, and merging databases (issue 7).
@Suite("Years, departments and merge")
struct CompareTests {
    func i(_ name: String, _ target: String, l1: String = "产出指标", l2: String = "数量指标") -> Indicator {
        Indicator(level1: l1, level2: l2, level3: name, target: TargetParser.parse(target))
    }

    func dept(_ year: Int, _ projects: [Project]) -> Department {
        Department(code: "D", name: "单位", year: year, projects: projects)
    }

    @Test("projects match by code, else by name with a note; added and ended projects; indicator changes; recurring findings")
    func matching() {
        let continuing = Project(code: "C-1", name: "延续项目", budget: 10, indicators: [i("完成量", "≥10个"), i("成本", "≥5万元", l2: "成本指标")])
        let annual2025 = Project(code: "A-25", name: "年度项目", budget: 10, indicators: [i("满意度", "≥85%", l1: "满意度指标", l2: "服务对象满意度指标")])
        let ended = Project(code: "E-25", name: "已结束项目", budget: 10, indicators: [i("完成量", "≥1个")])
        let annual2026 = Project(code: "A-26", name: "年度项目", budget: 12, indicators: [i("满意度", "≥90%", l1: "满意度指标", l2: "服务对象满意度指标"), i("新指标", "≥5个")])
        let added = Project(code: "N-26", name: "新增项目", budget: 10, indicators: [i("完成量", "≥1个")])
        var renamedContinuing = continuing
        renamedContinuing.name = "延续项目（二期）"
        let scorer = Scorer()
        let c = YearComparison.compare([
            scorer.score(dept(2026, [renamedContinuing, annual2026, added]), actuals: []),
            scorer.score(dept(2025, [continuing, annual2025, ended]), actuals: []),
        ])
        #expect(c.years == [2025, 2026])
        #expect(c.lines.count == 4)
        let cont = c.lines[0]
        #expect(cont.matches[2026] == .code)      // same code, even with another name
        #expect(cont.notes.isEmpty)
        let annual = c.lines[1]
        #expect(annual.matches[2026] == .name)
        #expect(annual.notes == ["2026 年按名称匹配（项目编码 A-25 → A-26）"])
        #expect(c.lines[2].years[2026] == nil)     // ended
        #expect(c.lines[3].years[2025] == nil)     // added
        #expect(c.indicatorChanges.map { "\($0.project)|\($0.kind.rawValue)|\($0.indicator)|\($0.before)|\($0.after)" } == [
            "年度项目|目标值调整|满意度|≥85%|≥90%", "年度项目|新增|新指标||≥5个",
        ])
        #expect(c.recurring.contains { $0.code == .r05 && $0.project == "延续项目" && $0.years == [2025, 2026] })
    }
}

/// `jixiao compare`, `departments` and `merge` on the bundled samples.
@Suite("jixiao compare / departments / merge")
struct CLICompareTests {
    let cli = CLIRunner()
    static let samples = TestSupport.root.appendingPathComponent("Samples")

    /// The bureau's database: both departments, 2025 and 2026, with actuals.
    static func load(_ cli: CLIRunner, db: String) throws {
        for file in ["000_969f7bf0a7ef26b4.txt", "targets-342002-2026.txt", "2025/targets-342001-2025.txt", "2025/targets-342002-2025.txt"] {
            let r = try cli.run(["import", samples.appendingPathComponent(file).path, "--db", db])
            precondition(r.status == 0, r.stderr)
        }
        for (file, year) in [("actuals-2026.csv", "2026"), ("actuals-342002-2026.csv", "2026"), ("2025/actuals-2025.csv", "2025")] {
            let r = try cli.run(["record", samples.appendingPathComponent(file).path, "--db", db, "--year", year])
            precondition(r.status == 0, r.stderr)
        }
    }

    @Test("compare 2025 and 2026: golden text; json with matches, changes and recurring findings")
    func compare() throws {
        try Self.load(cli, db: cli.db)
        let text = try cli.run(["compare", "--years", "2025", "2026", "--db", cli.db])
        #expect(text.status == 0, "\(text.stderr)")
        try Golden.check(text.stdout, "compare-2025-2026.txt")
        let r = try cli.run(["compare", "--years", "2025", "2026", "--department", "342001", "--db", cli.db, "--format", "json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let d = try #require((root["departments"] as? [[String: Any]])?.first)
        let projects = try #require(d["projects"] as? [[String: Any]])
        #expect(projects.count == 13)
        let continuing = try #require(projects.first { $0["name"] as? String == "东区雨水管网升级改造及市政基础设施配套项目" })
        #expect((continuing["years"] as? [[String: Any]])?.map { $0["match"] as? String } == ["first", "code"])
        let annual = try #require(projects.first { $0["name"] as? String == "公交补贴" })
        #expect((annual["years"] as? [[String: Any]])?.last?["match"] as? String == "name")
        #expect((annual["notes"] as? [String])?.first?.contains("13091625P00024110002A → 13091626P00024110002A") == true)
        #expect(projects.contains { $0["name"] as? String == "老旧小区雨污分流改造" && ($0["years"] as? [Any])?.count == 1 })
        let changes = try #require(d["indicator_changes"] as? [[String: Any]])
        #expect(changes.contains { $0["indicator"] as? String == "群众满意度" && $0["before"] as? String == "≥85百分数" && $0["after"] as? String == "≥90百分数" })
        #expect(((d["recurring_findings"] as? [Any])?.count ?? 0) > 0)
        // Issue 13: the change of each pair of consecutive years, rounded as the text (+0.54, -4.10).
        let step = try #require((d["changes"] as? [[String: Any]])?.first)
        #expect(step["from"] as? Int == 2025 && step["to"] as? Int == 2026)
        #expect((step["change"] as? NSNumber)?.decimalValue == TestSupport.decimal("0.54"))
        #expect(step["grade_change"] as? String == "优→优")
        #expect((step["weighted_project_score_change"] as? NSNumber)?.decimalValue == TestSupport.decimal("0.71"))
        #expect(r.stdout.contains("\"execution_rate_change\": 0.0709,"))  // +7.09 个百分点 in the text
        #expect((step["budget_change"] as? NSNumber)?.decimalValue == TestSupport.decimal("6387.72"))
        #expect(r.stdout.contains("\"change\": -4.10,"))  // 城管综合治理 99.60 → 95.50, written with two decimals
        let city = try #require((projects.first { $0["name"] as? String == "城管综合治理" }?["changes"] as? [[String: Any]])?.first)
        #expect(city["grade_change"] as? String == "优→优")
        let ended = try #require((projects.first { $0["name"] as? String == "老旧小区雨污分流改造" }?["changes"] as? [[String: Any]])?.first)
        #expect(ended["change"] is NSNull && ended["grade_change"] is NSNull)
        let html = try cli.run(["compare", "--years", "2025", "2026", "--db", cli.db, "--format", "html"])
        #expect(html.stdout.contains("aria-label=\"得分趋势\""))
        let bad = try cli.run(["compare", "--years", "2024", "2026", "--db", cli.db])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("没有 2024 年度"))
        #expect(try cli.run(["compare", "--years", "2026", "--db", cli.db]).status == 64)
    }

    @Test("departments: the ranking, golden")
    func departments() throws {
        try Self.load(cli, db: cli.db)
        let r = try cli.run(["departments", "--db", cli.db])
        #expect(r.status == 0)
        try Golden.check(r.stdout, "departments-2026.txt")
        let json = try cli.run(["departments", "--db", cli.db, "--year", "2025", "--format", "json"])
        let list = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["departments"] as? [[String: Any]])
        #expect(list.map { $0["rank"] as? Int } == [1, 2])
    }

    @Test("merge: new department–years come in; identical ones are left; a conflict changes nothing unless --replace, which keeps history")
    func merge() throws {
        // A department's own database, and the bureau's.
        let unit = cli.directory.appendingPathComponent("unit.sqlite").path
        try Self.load(cli, db: unit)
        let bureau = cli.db
        let first = try cli.run(["merge", unit, "--db", bureau])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("并入 4，相同 0，替换 0"))
        #expect(try cli.run(["merge", unit, "--db", bureau]).stdout.contains("并入 0，相同 4，替换 0"))
        let before = try cli.run(["projects", "--db", bureau, "--format", "json"]).stdout
        // The unit changes one actual: the bureau refuses the merge and changes nothing.
        var text = try String(contentsOf: Self.samples.appendingPathComponent("actuals-2026.csv"), encoding: .utf8)
        text = text.replacingOccurrences(of: "群众满意度,≥90百分数,86%", with: "群众满意度,≥90百分数,88%")
        let changed = try cli.write("changed.csv", text)
        #expect(try cli.run(["record", changed, "--db", unit, "--year", "2026"]).status == 0)
        let refused = try cli.run(["merge", unit, "--db", bureau])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("342001 沧州临港经济技术开发区综合行政执法局本级 2026年：实际完成值不同"))
        #expect(refused.stderr.contains("--replace"))
        #expect(try cli.run(["projects", "--db", bureau, "--format", "json"]).stdout == before)
        let h0 = try cli.run(["history", "13091626P00024110002A", "--db", bureau, "--format", "json"]).stdout
        // With --replace the unit's version wins and the old value stays in history.
        let replaced = try cli.run(["merge", unit, "--db", bureau, "--replace"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(replaced.stdout.contains("替换 1"))
        let h1 = try cli.run(["history", "13091626P00024110002A", "--db", bureau, "--format", "json"]).stdout
        #expect(h1.count > h0.count)
        #expect(h1.contains("\"old_value\": \"86%\""))
        #expect(h1.contains("\"new_value\": \"88%\""))
        // The unit's own history came along: its change, made from changed.csv.
        #expect(h1.contains("changed.csv"), "the merged unit's own history rows are copied")
        #expect(try cli.run(["merge", bureau, "--db", bureau]).status == 1)
        #expect(try cli.run(["merge", cli.directory.appendingPathComponent("none.sqlite").path, "--db", bureau]).stderr.contains("不存在"))
    }
}

/// `compare --format json`: the change of each pair of consecutive years (issue 13).
@Suite("compare json: changes")
struct CompareJSONChangeTests {
    @Test("three years: two steps, the later minus the earlier, with the grade change")
    func threeYears() throws {
        func figures(_ year: Int, _ score: String, _ grade: String, rate: String) -> YearComparison.Figures {
            YearComparison.Figures(year: year, ownScore: TestSupport.decimal(score), ownGrade: grade, weighted: TestSupport.decimal(score), weightedGrade: grade,
                                   executionRate: TestSupport.decimal(rate), budget: 100, projects: 1, errors: 0)
        }
        let c = YearComparison(departmentCode: "D", departmentName: "单位", years: [2024, 2025, 2026],
                               figures: [figures(2024, "100", "优", rate: "1"), figures(2025, "91.22", "优", rate: "0.9512"), figures(2026, "85", "良", rate: "0.96")],
                               lines: [], indicatorChanges: [], recurring: [])
        let data = try CompareReport.render([c], profile: .national2020, format: .json)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let steps = try #require((root["departments"] as? [[String: Any]])?.first?["changes"] as? [[String: Any]])
        #expect(steps.map { "\($0["from"]!)→\($0["to"]!)" } == ["2024→2025", "2025→2026"])
        #expect(steps.map { ($0["change"] as? NSNumber)?.decimalValue } == [TestSupport.decimal("-8.78"), TestSupport.decimal("-6.22")])
        #expect(steps.map { $0["grade_change"] as? String } == ["优→优", "优→良"])
        // Written exactly (JSONSerialization reads numbers through Double, so compare the text).
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"change\": -8.78,"))
        #expect(json.contains("\"execution_rate_change\": -0.0488,") && json.contains("\"execution_rate_change\": 0.0088,"))
        // The text shows the first and last year and the same rounding.
        let text = String(decoding: try CompareReport.render([c], profile: .national2020, format: .text), as: UTF8.self)
        #expect(text.contains("-15.00"))
    }
}
