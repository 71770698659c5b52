import Foundation
import JixiaoEngine
import JixiaoModel
import Testing

/// `review`: each flag on a minimal table, then the seed end to end.
@Suite("Review of target tables")
struct ReviewTests {
    func i(_ l1: String, _ l2: String, _ name: String, _ target: String, description: String = "说明口径", basis: String = "历史数据", line: Int = 1) -> Indicator {
        Indicator(level1: l1, level2: l2, level3: name, description: description, target: TargetParser.parse(target, isCost: l2 == "成本指标"),
                  basis: basis, source: SourceLocation(file: "t.txt", line: line))
    }

    /// A clean project: every category, a money ceiling for cost, rates as percents.
    var clean: Project {
        Project(code: "P", name: "项目", budget: 100, goal: "完成3个站点建设",
                plan: SpendingPlan.normalize(months: [3, 6, 10, 12], cells: ["25", "50", "75", "100"], budget: 100), indicators: [
                    i("产出指标", "数量指标", "站点数量", "3个", line: 10),
                    i("产出指标", "质量指标", "验收合格率", "≥95%", line: 11),
                    i("产出指标", "成本指标", "建设成本", "≤100万元", line: 12),
                    i("效益指标", "社会效益指标", "覆盖率", "≥90%", line: 13),
                    i("满意度指标", "服务对象满意度指标", "满意度", "≥90%", line: 14),
                ])
    }

    func findings(_ p: Project) -> [Finding] {
        TargetReview().review(Department(code: "D", name: "单位", year: 2026, projects: [p]))
    }

    func codes(_ p: Project) -> [String] { findings(p).map(\.code.rawValue) }

    @Test("a clean table has no findings")
    func cleanTable() { #expect(findings(clean).isEmpty) }

    @Test("R01: a qualitative target where a number is expected; a vague percent on a name that is not a rate")
    func r01() {
        var p = clean
        p.indicators[0] = i("产出指标", "数量指标", "站点数量", "按计划完成")
        #expect(codes(p) == ["R01"])
        p = clean
        p.indicators[3] = i("效益指标", "社会效益指标", "持续发展作用力", "≥90百分数")
        #expect(codes(p) == ["R01"])
    }

    @Test("R02: money as a 数量指标")
    func r02() {
        var p = clean
        p.indicators[0] = i("产出指标", "数量指标", "投入资金", "100万元")
        #expect(codes(p).contains("R02"))
    }

    @Test("R03: a name in the wrong category")
    func r03() {
        var p = clean
        p.indicators[3] = i("效益指标", "社会效益指标", "群众满意度", "≥90%")
        #expect(codes(p) == ["R03"])
        p = clean
        p.indicators[2] = i("产出指标", "成本指标", "预算执行率", "≤100万元")
        #expect(codes(p).contains("R03"))
        p = clean
        p.indicators[3] = i("效益指标", "质量指标", "覆盖率", "≥90%")
        #expect(codes(p) == ["R03"])
    }

    @Test("R04: the goal's 四座 against an indicator of 2座 is an error")
    func r04() {
        var p = clean
        p.goal = "配套建设四座泵站"
        p.indicators[0] = i("产出指标", "数量指标", "泵站", "2座")
        let f = findings(p)
        #expect(f.map(\.code.rawValue) == ["R04"])
        #expect(f[0].severity == .error)
        p.goal = "配套建设两座泵站"
        #expect(codes(p).isEmpty)
    }

    @Test("R05: a cost written with ≥ (error, and a clash with the budget); a cost as a percent; no cost at all")
    func r05() {
        var p = clean
        p.indicators[2] = i("产出指标", "成本指标", "总投资", "≥300万元")
        let f = findings(p)
        #expect(f.filter { $0.code == .r05 }.count == 2)
        #expect(f.contains { $0.severity == .error && $0.message.contains("≤300万元") })
        #expect(f.contains { $0.message.contains("与项目预算数 100 万元不一致") })
        p.indicators[2] = i("产出指标", "成本指标", "运行成本", "≥90百分数")
        #expect(codes(p) == ["R05"])
        p.indicators.remove(at: 2)
        #expect(codes(p) == ["R05"])
    }

    @Test("R06: a 100 % satisfaction target")
    func r06() {
        var p = clean
        p.indicators[4] = i("满意度指标", "服务对象满意度指标", "满意度", "100%")
        #expect(codes(p) == ["R06"])
    }

    @Test("R07: a blank level-2 or target")
    func r07() {
        var p = clean
        p.indicators[1] = i("产出指标", "", "验收合格率", "≥95%")
        #expect(codes(p).contains("R07"))
        p = clean
        p.indicators[1] = i("产出指标", "质量指标", "验收合格率", "")
        #expect(findings(p).contains { $0.code == .r07 && $0.severity == .error })
    }

    @Test("R12: one indicator with over half its level-1 (explicit weights)")
    func r12() {
        var p = clean
        p.indicators = p.indicators.enumerated().map { n, x in var y = x; y.points = [40, 5, 5, 30, 10][n]; return y }
        #expect(codes(p) == ["R12"])
    }

    @Test("R13: a missing level-1")
    func r13() {
        var p = clean
        p.indicators.removeLast()
        #expect(codes(p) == ["R13"])
    }

    @Test("R15: a plan that falls, that does not end at the budget, with blanks; mixed forms across projects")
    func r15() {
        var p = clean
        p.plan = SpendingPlan.normalize(months: [3, 6, 10, 12], cells: ["50", "40", "", ""], budget: 100)
        let f = findings(p).filter { $0.code == .r15 }
        #expect(f.count == 3)
        var q = clean
        q.code = "Q"
        q.plan = SpendingPlan.normalize(months: [3, 6, 10, 12], cells: ["0.25", "0.5", "0.75", "1"], budget: 100)
        let d = TargetReview().review(Department(code: "D", name: "单位", year: 2026, projects: [clean, q]))
        #expect(d.contains { $0.code == .r15 && $0.ownerCode == "D" && $0.severity == .note })
    }

    @Test("R16 listed twice; R17 a description that repeats the name; R18 no basis")
    func extras() {
        var p = clean
        p.indicators.append(i("效益指标", "可持续影响指标", "覆盖率", "≥90%"))
        #expect(codes(p) == ["R16"])
        p = clean
        p.indicators[1] = i("产出指标", "质量指标", "验收合格率", "≥95%", description: "验收合格率")
        #expect(codes(p) == ["R17"])
        p.indicators[1] = i("产出指标", "质量指标", "验收合格率", "≥95%", basis: " ")
        #expect(codes(p) == ["R18"])
    }
}

/// `jixiao review` end to end.
@Suite("jixiao review")
struct CLIReviewTests {
    let cli = CLIRunner()

    @Test("the seed's review: every finding of issue 6, as a golden file")
    func seed() throws {
        let r = try cli.run(["review", TestSupport.seedURL.path])
        #expect(r.status == 0)
        let text = r.stdout.replacingOccurrences(of: TestSupport.seedURL.path, with: "seed.txt")
        try Golden.check(text, "review-seed.txt")
        #expect(text.contains("错误 R04 目标与指标不一致｜东区雨水管网升级改造及市政基础设施配套项目 / 雨水提升泵站：绩效目标写“四座”"))
        #expect(text.contains("成本指标写作“≥43623万元”"))
        #expect(text.contains("与项目预算数 20997.72 万元不一致"))
        #expect(text.contains("成本指标“≥90百分数”是百分比"))
        #expect(text.contains("“持续发展作用力”不是比率，却以“≥90百分数”为指标值"))
        #expect(text.contains("填写口径不一：金额（万元） 10 个项目，比例（0.25…1.00） 2 个项目"))
        #expect(text.contains("10月底、12月底 为空"))
        #expect(text.contains("指标“综合利用率”在本项目中出现两次"))
        #expect(text.contains("seed.txt:254: 错误 R04"))
        // Issue 13: repeated notes of a project on one line; the margin notes.
        #expect(text.contains("seed.txt:81 等 5 处: 提示 R17 指标描述空泛｜城管综合治理 / 完成及时率、运行保障成本、持续发展作用力、道路设施完好率、满意率："))
        #expect(text.components(separatedBy: "\n").filter { $0.contains("R17") && $0.hasPrefix("  ") }.count == 12)  // 47 notes, one line per project
        #expect(text.contains("R17   指标描述空泛               0     0    47"))
        #expect(text.contains("缺少“数量指标”、“质量指标”"))
        #expect(text.contains("指标值确定依据“保障相关工作的顺利开展”只重复了绩效目标"))
        #expect(text.contains("“亮化达标”在项目名称、资金用途和各项指标中都没有出现"))
        #expect(text.contains("指标名称“群众满意率（%0”括号不配对"))
        #expect(text.contains("“信心平台”疑为“信息平台”"))
        #expect(text.contains("3月底至6月底没有新增支出，10月底一次增加 200 万元"))
        #expect(text.contains("项目编码 13091625P00001910004B 的年份为 2025，本表为 2026 年度"))
    }

    @Test("json keeps one finding per indicator where the text gathers them")
    func seedJSON() throws {
        let r = try cli.run(["review", TestSupport.seedURL.path, "--format", "json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let tables = try #require(root["tables"] as? [[String: Any]])
        let findings = try #require(tables.first?["findings"] as? [[String: Any]])
        #expect(findings.filter { $0["code"] as? String == "R17" }.count == 47)
        #expect(findings.filter { $0["code"] as? String == "R19" }.count == 15)
    }

    @Test("--strict exits 1 on an error; many files and a folder end with a summary")
    func strictAndFolders() throws {
        #expect(try cli.run(["review", TestSupport.seedURL.path, "--strict"]).status == 1)
        let folder = cli.directory.appendingPathComponent("filings")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestSupport.seedURL, to: folder.appendingPathComponent("a.txt"))
        try FileManager.default.copyItem(at: TestSupport.seedURL, to: folder.appendingPathComponent("b.txt"))
        try Data("not a table".utf8).write(to: folder.appendingPathComponent("c.txt"))
        let r = try cli.run(["review", folder.path, "--format", "json"])
        // The summary is printed, and the unreadable file makes the run fail (as `import` does).
        #expect(r.status == 1 && r.stderr.contains("1 个文件无法读取"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(summary["files"] as? Int == 3)
        #expect(summary["projects"] as? Int == 24)
        let byCode = try #require(summary["findings_by_code"] as? [String: [String: Int]])
        #expect(byCode["R04"]?["error"] == 2)
        #expect(byCode["R16"]?["warning"] == 2)
        let tables = try #require(root["tables"] as? [[String: Any]])
        #expect((tables[2]["failure"] as? String)?.contains("未找到任何绩效目标表") == true)
        let text = try cli.run(["review", folder.path]).stdout
        #expect(text.contains("汇总：3 个文件（1 个无法读取），24 个项目"))
    }

    @Test("review of the database, and as csv and xlsx")
    func database() throws {
        #expect(try cli.run(["import", TestSupport.seedURL.path, "--db", cli.db]).status == 0)
        let r = try cli.run(["review", "--db", cli.db, "--format", "csv"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("R16 指标重复"))
        let out = cli.directory.appendingPathComponent("review.xlsx").path
        #expect(try cli.run(["review", TestSupport.seedURL.path, "--out", out]).status == 0)
        #expect(FileManager.default.fileExists(atPath: out))
    }
}
