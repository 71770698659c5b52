import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoReports
import Testing

/// `audit`: filed tables recomputed without their targets in the database.
@Suite("Audit of filled self-evaluations")
struct AuditTests {
    static let fixtures = TestSupport.root.appendingPathComponent("Tests/JixiaoTests/Fixtures/audit")

    func read(_ name: String) throws -> [FiledTable] {
        try FiledTableReader.read(url: Self.fixtures.appendingPathComponent(name), displayName: name)
    }

    @Test("the official layout as xlsx: amounts in 元, printed oddities read, not refused")
    func formXLSX() throws {
        let tables = try read("form-pension.xlsx")
        #expect(tables.count == 1)
        let t = tables[0]
        #expect(t.projectName == "社区居家养老服务补贴")
        #expect(t.projectCode == "13091626P00099910001A")
        #expect(t.initialBudget == 50)        // 500000 元
        #expect(t.executed == 46)
        #expect(t.fundsScore == TestSupport.decimal("9.2"))
        #expect(t.rows.count == 7)
        #expect(t.rows[0].level1 == "产出指标")
        #expect(t.level1Totals == ["产出指标": 50, "效益指标": 30, "满意度指标": 10])
        #expect(t.rows.map(\.target).prefix(3) == ["≧ 735 人次", "﹦ 100 %", ">= 98 %(百分比)"])
        #expect(t.rows[4].level3 == "培训人次")  // "(≥**人)" placeholder removed
        #expect(t.claimedTotal == 98)
        #expect(t.claimedGrade == "优")
        let r = Auditor().audit(t)
        // 9.2 + 20 × 700/735 (19.05) + 10 + 10 + 10 + 15 + 15 + 10.
        #expect(r.recomputedTotal == TestSupport.decimal("98.25"))
        #expect(r.claimedSum == TestSupport.decimal("99.2"))
        #expect(r.findings.contains { $0.code == .r11 && $0.message.hasPrefix("未达成目标却给满分") && $0.indicator == "服务人次" })
        #expect(r.findings.contains { $0.code == .r08 && $0.message.contains("表中总分 98.00 与各项得分之和 99.20 不符") })
        #expect(r.findings.contains { $0.code == .r06 })
        #expect(r.findings.first { $0.code == .r11 }?.location?.description == "form-pension.xlsx 工作表「自评表」 单元格 H12")
    }

    @Test("the official layout as docx: a funds total row of zeros; 8.62 printed as 9")
    func formDOCX() throws {
        let t = try #require(try read("form-roads.docx").first)
        #expect(t.projectName == "农村道路养护")
        #expect(t.fundsDetail.first?.executed == 72)
        let national = Auditor().audit(t)
        #expect(national.recomputedTotal == TestSupport.decimal("97.62"))
        #expect(national.findings.contains { $0.code == .r08 && $0.severity == .error && $0.indicator == "年度资金总额" })
        #expect(national.findings.contains { $0.code == .r11 && $0.message.contains("按规则应得 8.62") })
        var integer = Profile.national2020
        integer.rounding = .halfUp(decimals: 0)
        let hebei = Auditor(profile: integer).audit(t)
        #expect(hebei.recomputedTotal == 98)
        #expect(!hebei.findings.contains { $0.code == .r11 })
    }

    @Test("the template layout with 得分 filled: a met target docked; execution below 90 % without a reason")
    func flatCSV() throws {
        let t = try #require(try read("flat-greening.csv").first)
        #expect(t.claimedTotal == 95)
        let r = Auditor().audit(t)
        #expect(r.recomputedTotal == 97)
        #expect(r.findings.contains { $0.code == .r11 && $0.message.hasPrefix("已达成目标却扣分") })
        #expect(r.findings.filter { $0.code == .r10 }.count == 2)
        #expect(!r.findings.contains { $0.code == .r08 })
    }

    @Test("a filed form with blank cells (issue 13): R07 at each blank cell and R11 '未填写实际完成值却给分', never '未达成目标'")
    func blankCells() throws {
        let url = TestSupport.root.appendingPathComponent("Tests/JixiaoTests/Fixtures/filed/form-blank-cells.xlsx")
        let tables = try FiledTableReader.read(url: url, displayName: "form-blank-cells.xlsx")
        #expect(tables.count == 2)
        let t = tables[0]
        #expect(t.rows.count == 11)
        #expect(t.claimedTotal == 100)
        let r = Auditor().audit(t)
        // 100 claimed, minus the five blank rows' 10 + 10 + 7.5 + 7.5 + 7.5.
        #expect(r.recomputedTotal == TestSupport.decimal("57.5"))
        #expect(r.recomputedGrade == "差")
        let r07 = r.findings.filter { $0.code == .r07 }
        #expect(r07.map(\.indicator) == ["垃圾清运量", "保洁质量达标率", "市容环境改善", "群众投诉下降率", "长效保洁机制"])
        #expect(r07.map { $0.location?.cell } == ["E11", "F12", "E15", "F16", "E18"])  // the blank cell itself
        #expect(r07[0].message.hasPrefix("年度指标值和实际完成值均空白"))
        #expect(r07[1].message.hasPrefix("实际完成值空白"))
        #expect(r07[2].message.hasPrefix("年度指标值空白"))
        let r11 = r.findings.filter { $0.code == .r11 && $0.severity == .error }
        #expect(r11.count == 5)
        #expect(r11.filter { $0.message.hasPrefix("未填写实际完成值却给分") }.count == 4)
        #expect(r11.filter { $0.message.hasPrefix("未填写年度指标值却给分") }.map(\.indicator) == ["市容环境改善"])
        #expect(!r.findings.contains { $0.message.contains("未达成目标") })
        #expect(r11.allSatisfy { $0.location?.cell?.hasPrefix("H") == true })
        var noLevel2 = row("产出指标", "A", "≥100个", "100个", points: 90, score: 90)
        noLevel2.level2 = ""
        #expect(Auditor().audit(table([noLevel2], total: 100)).findings.map(\.message) == ["二级指标空缺。请按“数量/质量/时效/成本”“经济/社会/生态/可持续影响”“服务对象满意度”归类。"])
    }

    @Test("rows whose target and actual are '/' or '无' do not apply: left out, not unreadable, no points")
    func notApplicable() throws {
        let url = TestSupport.root.appendingPathComponent("Tests/JixiaoTests/Fixtures/filed/form-blank-cells.xlsx")
        let t = try FiledTableReader.read(url: url, displayName: "form-blank-cells.xlsx")[1]
        let r = Auditor().audit(t)
        #expect(r.findings.isEmpty)
        #expect(r.recomputedTotal == 100)
        #expect(r.lines.filter { $0.explanation.hasPrefix("不适用") }.map(\.label) == ["夜间作业噪声达标率", "商户满意度"])
        // Without 分值, the equal split leaves the row out: the 90 indicator points (产出指标 alone,
        // the other categories rescaled onto it) over two rows, not three.
        let rows = [row("产出指标", "A", "≥100个", "100个", points: 0, score: 25), row("产出指标", "B", "/", "/", points: 0, score: 0),
                    row("产出指标", "C", "≥10个", "5个", points: 0, score: 25)].map { r -> FiledTable.Row in var x = r; x.points = nil; x.score = r.score == 0 ? nil : r.score; return x }
        let split = Auditor().audit(table(rows, total: nil))
        #expect(split.lines.dropFirst().map(\.weight) == [45, nil, 45])
        #expect(split.lines.dropFirst().map(\.expected) == [45, nil, TestSupport.decimal("22.5")])
        // A score claimed on a row that does not apply is an error.
        var claimed = rows
        claimed[1].score = 5
        #expect(Auditor().audit(table(claimed, total: nil)).findings.contains { $0.code == .r11 && $0.message.hasPrefix("指标不适用") })
    }

    func table(_ rows: [FiledTable.Row], total: Decimal?, grade: String? = "优", funds: Decimal? = 10) -> FiledTable {
        FiledTable(source: "t", projectCode: "P", projectName: "P", initialBudget: 100, fullBudget: 100, executed: 100, fundsPoints: 10,
                   fundsScore: funds, rows: rows, claimedTotal: total, claimedGrade: grade)
    }

    func row(_ l1: String, _ name: String, _ target: String, _ actual: String, points: Decimal, score: Decimal, reason: String = "") -> FiledTable.Row {
        FiledTable.Row(level1: l1, level2: "数量指标", level3: name, target: target, actual: actual, points: points, score: score, reason: reason, location: nil)
    }

    @Test("R09, weights that miss their level totals, a grade that changes, the tolerance")
    func unitChecks() {
        var t = table([row("产出指标", "A", "≥100个", "100个", points: 90, score: 90)], total: 100)
        t.initialBudget = 120
        t.fullBudget = 100
        #expect(Auditor().audit(t).findings.contains { $0.code == .r09 })
        var totals = table([row("产出指标", "A", "≥100个", "100个", points: 40, score: 40), row("效益指标", "B", "≥100个", "100个", points: 40, score: 40)], total: 90)
        totals.level1Totals = ["产出指标": 50]
        let findings = Auditor().audit(totals).findings
        #expect(findings.contains { $0.code == .r08 && $0.message.contains("标明 50.00 分") })
        #expect(findings.contains { $0.code == .r08 && $0.message.contains("分值合计 90.00") })
        let graded = Auditor().audit(table([row("产出指标", "A", "≥100个", "50个", points: 90, score: 90)], total: 100))
        #expect(graded.recomputedTotal == 55)
        #expect(graded.recomputedGrade == "差")
        #expect(graded.findings.contains { $0.code == .r11 && $0.indicator == "评价等级" })
        let close = table([row("产出指标", "A", "≥90个", "85个", points: 90, score: TestSupport.decimal("85.01"))], total: TestSupport.decimal("95.01"))
        #expect(!Auditor().audit(close).findings.contains { $0.code == .r11 })  // 85 exactly; off by 0.01 is within tolerance
        #expect(Auditor(tolerance: 0).audit(close).findings.contains { $0.code == .r11 })
    }
}

/// `jixiao audit` end to end.
@Suite("jixiao audit")
struct CLIAuditTests {
    let cli = CLIRunner()

    @Test("a folder of filings: per table claimed vs recomputed, then a summary; golden")
    func folder() throws {
        let r = try cli.run(["audit", AuditTests.fixtures.path])
        #expect(r.status == 0)
        try Golden.check(r.stdout, "audit-fixtures.txt")
        #expect(r.stdout.contains("汇总：3 个文件（0 个无法读取），3 张自评表；总分与重算不符 3 张"))
        let json = try cli.run(["audit", AuditTests.fixtures.path, "--format", "json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let byCode = try #require((root["summary"] as? [String: Any])?["findings_by_code"] as? [String: [String: Int]])
        #expect(byCode["R11"]?["error"] == 3)
        #expect(byCode["R08"]?["error"] == 2)
        #expect(try cli.run(["audit", AuditTests.fixtures.path, "--strict"]).status == 1)
    }

    @Test("the program's own reports audit clean")
    func ownReports() throws {
        let sample = TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv").path
        #expect(try cli.run(["evaluate", TestSupport.seedURL.path, "--actuals", sample, "--format", "json"]).status == 0)
        for ext in ["csv", "xlsx", "docx"] {
            let path = cli.directory.appendingPathComponent("r.\(ext)").path
            #expect(try cli.run(["report", "--out", path]).status == 0)
            let r = try cli.run(["audit", path, "--strict"])
            #expect(r.status == 0, "\(ext): \(r.stdout)")
            #expect(r.stdout.contains("总分与重算不符 0 张，等级变化 0 张；错误 0"), "\(ext)")
        }
    }

    @Test("unreadable files are reported and the rest audited; the integer profile")
    func failuresAndProfiles() throws {
        let bad = try cli.write("bad.xlsx", "not a zip")
        let r = try cli.run(["audit", bad, AuditTests.fixtures.appendingPathComponent("form-roads.docx").path, "--profile", "hebei-integer"])
        #expect(r.stdout.contains("无法读取"))
        #expect(r.stdout.contains("重算：总分 98.00"))
        #expect(try cli.run(["audit", try cli.write("x.pdf", "x")]).stdout.contains("无法识别"))
    }

    @Test("R10 points at the reason cell, not the score cell (the program's own workbook, audited)")
    func reasonCell() throws {
        let report = EvaluationReport(year: 2026, profile: .national2020, departments: [try DepartmentReportTests.seedResult()], onlyProject: "13091626P00024110002A")
        let url = TestSupport.temporaryDirectory().appendingPathComponent("form.xlsx")
        try report.rendered(as: .xlsx).write(to: url)
        let table = try #require(try FiledTableReader.read(url: url, displayName: "form.xlsx").first)
        let r10 = try #require(Auditor().audit(table).findings.first { $0.code == .r10 && $0.indicator == "群众满意度" })
        // 群众满意度 is on row 16; the 偏差原因 column is I, the score column H.
        #expect(r10.location?.description.hasSuffix("单元格 I16") == true, "\(String(describing: r10.location))")
        let csv = TestSupport.root.appendingPathComponent("Tests/JixiaoTests/Fixtures/audit/flat-greening.csv")
        let flat = try #require(try FiledTableReader.read(url: csv, displayName: "flat-greening.csv").first)
        let csvR10 = Auditor().audit(flat).findings.filter { $0.code == .r10 }
        #expect(csvR10.count == 2 && csvR10.allSatisfy { $0.location != nil })
    }
}
