import Foundation
import JixiaoDocuments
import JixiaoModel
import Testing

/// Issue 15, end to end with the built `jixiao`: filing a unit can trust. Each test fails on the
/// program before the issue (run them against another build with JIXIAO_TEST_BINARY).
@Suite("Issue 15: filing a unit can trust")
struct CLIFilingTrustTests {
    let cli = CLIRunner()
    let sample = TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv").path
    let samples2025 = TestSupport.root.appendingPathComponent("Samples/2025")

    func importSeed() throws {
        let r = try cli.run(["import", TestSupport.seedURL.path, "--db", cli.db])
        try #require(r.status == 0, "\(r.stderr)")
    }

    func template(_ name: String, _ extra: [String] = []) throws -> String {
        let path = cli.directory.appendingPathComponent(name).path
        let r = try cli.run(["template", "--db", cli.db, "--out", path] + extra)
        try #require(r.status == 0, "\(r.stderr)")
        return path
    }

    func run(_ args: [String], environment: [String: String] = [:]) throws -> CLIRunner.Result {
        try cli.run(args + ["--db", cli.db], environment: environment)
    }

    func history(_ code: String, year: Int? = nil) throws -> [[String: Any]] {
        let r = try run(["history", code, "--format", "json"] + (year.map { ["--year", String($0)] } ?? []))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
        return root["changes"] as? [[String: Any]] ?? []
    }

    // MARK: - Nothing a user fills is ignored

    @Test("values typed into the 自评表 sheets are recorded (before: 与数据库中已有的相同，未做修改)")
    func formSheetsAreRead() throws {
        try importSeed()
        let path = try template("t.xlsx")
        // 城管综合治理's sheet: 全年执行数 E5 with its reason I5, 实际完成情况 F10, the five indicators F12…F16.
        let filled = try FilingFixtures.fill(Data(contentsOf: URL(fileURLWithPath: path)), sheet: "城管综合治理", [
            "E5": "18.5", "I5": "年末一笔服务费尚未结算（D01）", "F10": "城管综合治理工作全年顺利开展", "F12": "95%", "F13": "92%",
            "F14": "部分达成", "I14": "长效机制尚在建立中", "F15": "94%", "F16": "93%",
        ])
        let out = cli.directory.appendingPathComponent("filled.xlsx")
        try filled.write(to: out)
        let r = try run(["record", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("（填报数据表与 12 张自评表）"), "\(r.stdout)")
        #expect(!r.stdout.contains("未做修改"))
        // The template's own sheets (填报说明, the hidden jixiao) draw no warning.
        #expect(!r.stderr.contains("未读取"), "\(r.stderr)")
        let changes = try history("13091626P00016110003L")
        let byName = Dictionary(changes.map { (($0["level3"] as? String) ?? "", $0) }, uniquingKeysWith: { $1 })
        #expect(byName["完成及时率"]?["new_value"] as? String == "95%")
        #expect(byName["持续发展作用力"]?["new_reason"] as? String == "长效机制尚在建立中")
        #expect(byName["全年执行数"]?["new_value"] as? String == "18.5")
        #expect(byName["全年执行数"]?["new_reason"] as? String == "年末一笔服务费尚未结算（D01）")
        #expect((byName["完成及时率"]?["source_row"] as? String)?.contains("城管综合治理!F12") == true, "\(byName["完成及时率"] ?? [:])")
    }

    @Test("the flat sheet and a 自评表 giving different values: an error naming both cells, nothing written")
    func twoPlacesDisagree() throws {
        try importSeed()
        let path = try template("t.xlsx")
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        // 完成及时率 is row 5 of 填报数据 (header, 全年预算数, 全年执行数, 年度总体目标, 完成及时率 …).
        data = try FilingFixtures.fill(data, sheet: "填报数据", ["G5": "95%", "G6": "92%"])
        data = try FilingFixtures.fill(data, sheet: "城管综合治理", ["F12": "96%", "F13": "92"])
        let out = cli.directory.appendingPathComponent("both.xlsx")
        try data.write(to: out)
        let r = try run(["record", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("完成及时率（13091626P00016110003L）两处填写不一致"), "\(r.stderr)")
        #expect(r.stderr.contains("工作表「填报数据」 单元格 G5 为“95%”"))
        #expect(r.stderr.contains("工作表「城管综合治理」 单元格 F12 为“96%”"))
        // 92% and 92 read the same against ≥90百分数: no error for 运行保障成本.
        #expect(!r.stderr.contains("运行保障成本（"))
        #expect(try history("13091626P00016110003L").isEmpty)
    }

    @Test("a sheet record does not understand is named in a warning")
    func unknownSheetNamed() throws {
        try importSeed()
        var book = XLSXWorkbook()
        var flat = XLSXWorkbook.Sheet(name: "填报数据")
        flat.append(ActualsColumns.all.map { .text($0) })
        flat.append(["13091626P00016110003L", "城管综合治理", "产出指标", "时效指标", "完成及时率", "≥90百分数", "95%", "", "", ""].map { .text($0) })
        book.add(flat)
        var notes = XLSXWorkbook.Sheet(name: "备忘")
        notes.append([.text("月底前交财务科")])
        book.add(notes)
        let path = cli.directory.appendingPathComponent("notes.xlsx")
        try book.data().write(to: path)
        let r = try run(["record", path.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("工作表「备忘」既不是填报数据表"), "\(r.stderr)")
    }

    @Test("reasons on the funds rows and 上年结转资金 / 其他资金 reach every output")
    func fundsReasonsAndSources() throws {
        try importSeed()
        #expect(try run(["record", sample]).status == 0)
        let code = "13091626P00016110003L"
        let file = try cli.write("funds.csv", [
            ActualsColumns.all.joined(separator: ","),
            "\(code),城管综合治理,项目资金,年度资金总额,全年执行数,19.00,17,10,,年末一笔服务费尚未结算（D01）",
            "\(code),城管综合治理,项目资金,上年结转资金,全年预算数,,3.5,,,",
            "\(code),城管综合治理,项目资金,上年结转资金,全年执行数,,2.8,,,结转项目尾款待验收后支付",
            "\(code),城管综合治理,项目资金,其他资金,全年预算数,,1.2,,,",
        ].joined(separator: "\n") + "\n")
        let r = try run(["record", file])
        #expect(r.status == 0, "\(r.stderr)")
        for format in ["text", "markdown", "html", "json"] {
            let out = try run(["report", "--project", code, "--format", format])
            #expect(out.status == 0, "\(out.stderr)")
            #expect(out.stdout.contains("年末一笔服务费尚未结算（D01）"), "\(format)")
            #expect(out.stdout.contains("结转项目尾款待验收后支付"), "\(format)")
            #expect(out.stdout.contains("3.50") || out.stdout.contains("3.5"), "\(format)")
            #expect(out.stdout.contains("2.80") || out.stdout.contains("2.8"), "\(format)")
        }
        for format in ["xlsx", "docx"] {
            let path = cli.directory.appendingPathComponent("r.\(format)")
            #expect(try run(["report", "--project", code, "--out", path.path]).status == 0)
            let xml = try TestSupport.rezipText(path)
            #expect(xml.contains("年末一笔服务费尚未结算（D01）"), "\(format)")
            #expect(xml.contains("结转项目尾款待验收后支付"), "\(format)")
            #expect(xml.contains("3.5") && xml.contains("2.8"), "\(format)")
        }
    }

    @Test("清除 clears a recorded value, kept in the history; a blank cell never does")
    func clearing() throws {
        try importSeed()
        #expect(try run(["record", sample]).status == 0)
        var text = try String(contentsOfFile: sample, encoding: .utf8)
        text = text.replacingOccurrences(of: "群众满意度,≥90百分数,86%,10,,", with: "群众满意度,≥90百分数,清除,10,,")
        text = text.replacingOccurrences(of: "公交车出行次数,≥90百分数,96%", with: "公交车出行次数,≥90百分数,")
        let file = try cli.write("clear.csv", text)
        let r = try run(["record", file])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("清除 1 行"), "\(r.stdout)")
        let changes = try history("13091626P00024110002A").filter { $0["level3"] as? String == "群众满意度" }
        #expect(changes.count == 2)
        #expect(changes.last?["old_value"] as? String == "86%")
        #expect(changes.last?["new_value"] as? String == "")
        #expect(r.stdout.contains("公交补贴（13091626P00024110002A）：群众满意度"), "\(r.stdout)")
        #expect(try run(["history", "13091626P00024110002A"]).stdout.contains("（已清除）"))
        let again = try run(["record", file])
        #expect(again.stdout.contains("未做修改"), "\(again.stdout)")
        // The blank 公交车出行次数 kept its value.
        let csv = try String(contentsOfFile: try template("after.csv"), encoding: .utf8)
        #expect(csv.contains("公交车出行次数,≥90百分数,96%"))
        #expect(csv.contains("群众满意度,≥90百分数,,10"))
    }

    // MARK: - The right year, never another

    func importBothYears() throws {
        for file in ["targets-342001-2025.txt", "targets-342002-2025.txt"] {
            let r = try run(["import", samples2025.appendingPathComponent(file).path, "--year", "2025"])
            try #require(r.status == 0, "\(r.stderr)")
        }
        try importSeed()
    }

    @Test("record takes the year from the template (xlsx and csv), else the codes, and says which")
    func yearFromTemplate() throws {
        try importBothYears()
        for name in ["t2025.xlsx", "t2025.csv"] {
            let path = try template(name, ["--year", "2025"])
            let r = try run(["record", path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("2025 年度（由填报表中记录的年度判断）"), "\(r.stdout)")
        }
        let r = try run(["record", samples2025.appendingPathComponent("actuals-2025.csv").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("2025 年度（由项目编码判断"), "\(r.stdout)")
        #expect(try history("13091625P00001910004B", year: 2026).isEmpty)
        #expect(!(try history("13091625P00001910004B", year: 2025)).isEmpty)
    }

    @Test("rows of another year's project are refused, even where both years hold the code; 2026 is untouched")
    func anotherYearsRows() throws {
        try importBothYears()
        let continuing = "13091625P00001910004B", ended2025 = "13091625P00016110003L"
        let rows = [
            ActualsColumns.all.joined(separator: ","),
            "\(continuing),东区雨水管网升级改造及市政基础设施配套项目,项目资金,年度资金总额,全年执行数,,15000,10,,",
            "\(continuing),东区雨水管网升级改造及市政基础设施配套项目,年度总体目标,,,,完成一期,,,",
            "\(ended2025),城管综合治理,项目资金,年度资金总额,全年执行数,,18,10,,",
        ].joined(separator: "\n") + "\n"
        let file = try cli.write("mixed2025.csv", rows)
        // Without --year: only 2025 holds every code, so the file goes to 2025.
        let into2025 = try run(["record", file])
        #expect(into2025.status == 0, "\(into2025.stderr)")
        #expect(into2025.stdout.hasPrefix("2025 年度"), "\(into2025.stdout)")
        // Forced into 2026: every row refused, the continuing project's too; nothing in 2026.
        let forced = try run(["record", file, "--year", "2026"])
        #expect(forced.status == 1)
        #expect(forced.stderr.contains("项目 \(ended2025) 属于 2025 年度"), "\(forced.stderr)")
        #expect(forced.stderr.contains("项目 \(continuing)（共 2 行）在 2025 年度和 2026 年度都有"), "\(forced.stderr)")
        #expect(try history(continuing, year: 2026).isEmpty)
        // The 2025 template with --year 2026: refused before any row is read.
        let t2025 = try template("t2025.xlsx", ["--year", "2025"])
        let wrong = try run(["record", t2025, "--year", "2026"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("这是 2025 年度的填报表"), "\(wrong.stderr)")
        #expect(try history(continuing, year: 2026).isEmpty)
        // Only the continuing project: both years hold it — the year is asked for, not guessed.
        let only = try cli.write("only.csv", [rows.components(separatedBy: "\n")[0], rows.components(separatedBy: "\n")[1]].joined(separator: "\n") + "\n")
        let ambiguous = try run(["record", only])
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.contains("在 2025、2026 年度的目标表中都有"), "\(ambiguous.stderr)")
    }

    @Test("an unknown code is reported once, with the rows counted and the project it probably is")
    func unknownCodeOnce() throws {
        try importSeed()
        let text = try String(contentsOfFile: sample, encoding: .utf8).replacingOccurrences(of: "13091626P00031710001T", with: "13091626P00031710001X")
        let r = try run(["record", try cli.write("typo.csv", text)])
        #expect(r.status == 1)
        #expect(r.stderr.components(separatedBy: "未知的项目编码 13091626P00031710001X").count - 1 == 1, "\(r.stderr)")
        #expect(r.stderr.contains("13091626P00031710001X（共 8 行）"))
        #expect(r.stderr.contains("是否为 13091626P00031710001T 东西区雨水管网升级改造及市政基础设施配套项目？"), "\(r.stderr)")
        // A code far from any, under a known project name: suggested by the name.
        let renamed = try String(contentsOfFile: sample, encoding: .utf8).replacingOccurrences(of: "13091626P00024110002A", with: "99999999P99999999999Z")
        let n = try run(["record", try cli.write("name.csv", renamed)])
        #expect(n.stderr.contains("是否为 13091626P00024110002A 公交补贴？"), "\(n.stderr)")
    }

    // MARK: - Partial forms are normal

    /// The sample's rows of 城管综合治理 only, with the 实际完成值 of `blank` (三级指标) left empty.
    func firstProjectOnly(blank: [String] = []) throws -> String {
        let text = try String(contentsOfFile: sample, encoding: .utf8)
        let records = try CSVParser.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        var w = CSVWriter()
        w.row(records[0].fields)
        for var r in records.dropFirst() where r.fields[0] == "13091626P00016110003L" {
            if blank.contains(r.fields[4]) { r.fields[6] = "" }
            w.row(r.fields)
        }
        return try cli.write("partial.csv", w.text)
    }

    @Test("a project with blanks is 填报未完成, listed with what is missing; score --final grades blanks as 0 and says so")
    func incompleteStatus() throws {
        try importSeed()
        let recorded = try run(["record", try firstProjectOnly(blank: ["满意率", "全年执行数"])])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let s = try run(["score"])
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.stdout.contains("城管综合治理                                        —      —  填报未完成") || s.stdout.contains("填报未完成"), "\(s.stdout)")
        #expect(s.stdout.contains("城管综合治理（13091626P00016110003L）缺：全年执行数、满意率"), "\(s.stdout)")
        #expect(!s.stdout.contains("  差"))
        // The deadline's scoring: 0 + 25 + 25 + 10.5 + 15 + 0 = 75.50, graded 中.
        let f = try run(["score", "--final"])
        #expect(f.status == 0, "\(f.stderr)")
        #expect(f.stdout.contains("截止日评分（--final）"), "\(f.stdout)")
        #expect(f.stdout.contains("75.50  中"), "\(f.stdout)")
        #expect(f.stdout.contains("截止日评分：1 个项目的空白按 0 分计"))
        // The report after it scores the same way, and says so.
        let report = try run(["report"])
        #expect(report.stdout.contains("截止日评分：空白的实际完成值和全年执行数按 0 分计"), "\(report.stdout.prefix(400))")
        #expect(report.stderr.contains("（截止日评分：空白按 0 分计）"), "\(report.stderr)")
        #expect(try run(["runs"]).stdout.contains("national-2020（截止日）"))
        // The unit cannot submit while it is 填报未完成.
        let submit = try run(["submit"])
        #expect(submit.status == 1)
        #expect(submit.stderr.contains("[填报未完成] 城管综合治理（13091626P00016110003L） / 满意率"), "\(submit.stderr)")
    }

    @Test("score with no actuals refuses, telling to record first, and stores no run")
    func scoreWithoutActuals() throws {
        try importSeed()
        // A blank template recorded: only the pre-filled 全年预算数 rows are stored.
        #expect(try run(["record", try template("blank.csv")]).status == 0)
        let r = try run(["score"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("还没有录入任何实际完成值"), "\(r.stderr)")
        #expect(r.stderr.contains("jixiao record"))
        let runs = try run(["runs", "--format", "json"])
        #expect(runs.status == 0, "\(runs.stderr)")
        #expect(runs.stdout.contains("\"runs\": []"), "\(runs.stdout)")
    }

    @Test("尚未填写 lists what is blank in the database, not cells blank in this file but recorded before")
    func missingFromDatabase() throws {
        try importSeed()
        #expect(try run(["record", sample]).status == 0)
        // 城管综合治理 again with 满意率 left blank: it was recorded before, so nothing is missing.
        let r = try run(["record", try firstProjectOnly(blank: ["满意率"])])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("尚未填写"), "\(r.stdout)")
    }

    // MARK: - Answers people really write (RULES.md §2, §4)

    func importRules() throws {
        let r = try run(["import", try cli.write("rules.csv", FilingFixtures.rulesTargets())])
        try #require(r.status == 0, "\(r.stderr)")
    }

    static let rulesValues = ["管网长度": "12000米", "绿化面积": "3公顷", "服务人数": "15000人", "验收结果": "合格", "完工时间": "2026年11月",
                              "验收时间": "11月底", "工程造价": "6,000,000元", "机制建设": "基本达成", "群众满意度": "95%"]

    func explainRules(_ values: [String: String], executed: String = "95") throws -> String {
        let file = try cli.write("a.csv", FilingFixtures.rulesActuals(values, executed: executed, reason: "尾款未付（D01）"))
        let r = try run(["record", file])
        try #require(r.status == 0, "\(r.stderr)")
        return try run(["explain", FilingFixtures.rulesProject]).stdout
    }

    @Test("units within a dimension convert, words and deadlines read, thousands separators, 基本达成 at 0.8w — by hand")
    func answersPeopleWrite() throws {
        try importRules()
        let e = try explainRules(Self.rulesValues)
        // 12000米 = 12 公里 ≥ 10 → 10; 3公顷 = 45 亩 → 10 × 45/50 = 9; 15000人 = 1.5 万人 → 10 × 1.5/2 = 7.5;
        // 合格 → 10; 2026年11月 (its last day) ≤ 2026-12-31 → 10; 11月底 (of 2026) → 10;
        // 6,000,000元 = 600 万元 against ≤500: 10 × (1000 − 600)/500 = 8; 基本达成 → 0.8 × 10 = 8; 95% → 10.
        let expected = ["管网长度": "10.00", "绿化面积": "9.00", "服务人数": "7.50", "验收结果": "10.00", "完工时间": "10.00", "验收时间": "10.00",
                        "工程造价": "8.00", "机制建设": "8.00", "群众满意度": "10.00"]
        for (name, score) in expected { #expect(FilingFixtures.score(of: name, in: e) == score, "\(name) in \(e)") }
        // Funds 95/100 → 9.5; total 9.5 + 10 + 9 + 7.5 + 10 + 10 + 10 + 8 + 8 + 10 = 92.
        #expect(e.contains("= 92"), "\(e)")
    }

    @Test("the negative words and a late date miss; 2026-11-30 and 2026.11 meet the deadline")
    func missedWords() throws {
        try importRules()
        var values = Self.rulesValues
        values["验收结果"] = "不合格"
        values["完工时间"] = "2026-11-30"
        values["验收时间"] = "2027年1月"
        values["机制建设"] = "达成"
        let e = try explainRules(values)
        #expect(FilingFixtures.score(of: "验收结果", in: e) == "0.00", "\(e)")
        #expect(FilingFixtures.score(of: "完工时间", in: e) == "10.00")
        // Late: the 未达成 tier's default, 0.3 × 10.
        #expect(FilingFixtures.score(of: "验收时间", in: e) == "3.00")
        #expect(FilingFixtures.score(of: "机制建设", in: e) == "10.00")
        values["完工时间"] = "2026.11"
        let again = try explainRules(values)
        #expect(FilingFixtures.score(of: "完工时间", in: again) == "10.00", "\(again)")
    }

    @Test("units of different dimensions stay an error; an amount 100× off the budget is an error, not a warning")
    func refusedAnswers() throws {
        try importRules()
        var values = Self.rulesValues
        values["管网长度"] = "5吨"
        let r = try run(["record", try cli.write("bad.csv", FilingFixtures.rulesActuals(values))])
        #expect(r.status == 1)
        #expect(r.stderr.contains("管网长度：单位不符"), "\(r.stderr)")
        // 全年执行数 19000 against a budget of 100 万元 (190 times): 元 written as 万元? Refused, with what to do.
        let off = try run(["record", try cli.write("off.csv", FilingFixtures.rulesActuals(Self.rulesValues, executed: "19000"))])
        #expect(off.status == 1)
        #expect(off.stderr.contains("错误: 全年执行数 19000（按万元读作 19000）是全年预算数 100 万元的 190 倍"), "\(off.stderr)")
        // With thousands separators and the unit written, the same amount reads: 950,000元 = 95 万元.
        let fine = try run(["record", try cli.write("fine.csv", FilingFixtures.rulesActuals(Self.rulesValues, executed: "950,000元"))])
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    // MARK: - Profiles go with the program

    @Test("the profiles are built in: a copy of the program elsewhere finds them; JIXIAO_WEIGHTS adds a folder; an unknown name lists them")
    func builtInProfiles() throws {
        let bin = TestSupport.temporaryDirectory()
        let exe = CLIRunner.executable
        try FileManager.default.copyItem(at: exe, to: bin.appendingPathComponent("jixiao"))
        let bundle = exe.deletingLastPathComponent().appendingPathComponent("Jixiao_JixiaoApp.resources")
        try FileManager.default.copyItem(at: bundle, to: bin.appendingPathComponent("Jixiao_JixiaoApp.resources"))
        func copy(_ args: [String], environment: [String: String] = [:]) throws -> CLIRunner.Result {
            let p = Process()
            p.executableURL = bin.appendingPathComponent("jixiao")
            p.arguments = args
            p.currentDirectoryURL = TestSupport.temporaryDirectory()
            var env = ProcessInfo.processInfo.environment
            env.removeValue(forKey: "JIXIAO_WEIGHTS")
            for (k, v) in environment { env[k] = v }
            p.environment = env
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            try p.run()
            let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return CLIRunner.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
        }
        let list = try copy(["profiles"])
        #expect(list.status == 0, "\(list.stderr)")
        for name in ["hebei-integer", "hubei-20-80", "national-2020", "sichuan-10-90", "yitihua-manual"] { #expect(list.stdout.contains(name), "\(name)") }
        #expect(try copy(["profile", "show", "hubei-20-80"]).stdout.contains("定性“部分达成”：[0.5w, 0.8w]"))
        // A bureau's own folder.
        let own = TestSupport.temporaryDirectory()
        let yaml = try String(contentsOf: TestSupport.root.appendingPathComponent("Weights/national-2020.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "name: national-2020", with: "name: bureau-own")
        try Data(yaml.utf8).write(to: own.appendingPathComponent("bureau-own.yaml"))
        let shown = try copy(["profile", "show", "bureau-own"], environment: ["JIXIAO_WEIGHTS": own.path])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("名称：bureau-own"))
        let unknown = try copy(["profile", "show", "nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("可用的规则：hebei-integer、hubei-20-80、national-2020、sichuan-10-90、yitihua-manual"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("JIXIAO_WEIGHTS"))
    }

    @Test("report, departments, compare and explain use the latest run's profile unless --profile; jixiao runs lists the runs")
    func latestRunsProfile() throws {
        try importSeed()
        #expect(try run(["record", sample]).status == 0)
        #expect(try run(["score"], environment: ["USER": "first"]).status == 0)
        #expect(try run(["score", "--profile", "hubei-20-80"], environment: ["USER": "second"]).status == 0)
        let report = try run(["report"])
        #expect(report.stdout.contains("评分规则：hubei-20-80"), "\(report.stdout.prefix(300))")
        #expect(report.stderr.contains("按 2026 年度最近一次评分（第 2 次"), "\(report.stderr)")
        #expect(try run(["explain", "13091626P00016110003L"]).stdout.contains("规则 hubei-20-80"))
        #expect(try run(["departments"]).stdout.contains("规则 hubei-20-80"))
        #expect(try run(["report", "--profile", "national-2020"]).stdout.contains("评分规则：national-2020"))
        let runs = try run(["runs"])
        #expect(runs.status == 0, "\(runs.stderr)")
        let lines = runs.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("   1") || $0.hasPrefix("   2") }
        try #require(lines.count == 2, "\(runs.stdout)")
        #expect(lines[0].contains("national-2020") && lines[0].contains("first") && lines[0].contains("99.42 优"), "\(runs.stdout)")
        #expect(lines[1].contains("hubei-20-80") && lines[1].contains("second"), "\(runs.stdout)")
        #expect(try run(["runs", "--year", "2025"]).stdout.contains("2025 年度还没有保存的评分"))
    }

    @Test("compare uses the latest run's profile of the later year")
    func compareProfile() throws {
        for file in ["targets-342001-2025.txt", "targets-342002-2025.txt"] {
            #expect(try run(["import", samples2025.appendingPathComponent(file).path, "--year", "2025"]).status == 0)
        }
        try importSeed()
        #expect(try run(["record", samples2025.appendingPathComponent("actuals-2025.csv").path]).status == 0)
        #expect(try run(["record", sample]).status == 0)
        #expect(try run(["score", "--profile", "hebei-integer"]).status == 0)
        let c = try run(["compare", "--years", "2025", "2026", "--department", "342001"])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.contains("规则 hebei-integer"), "\(c.stdout.prefix(200))")
    }
}

extension TestSupport {
    /// Every XML part of an office file, joined: to look for a text in an xlsx or docx.
    static func rezipText(_ url: URL) throws -> String {
        var text = ""
        _ = try rezip(try Data(contentsOf: url)) { path, bytes in
            if path.hasSuffix(".xml") { text += String(decoding: bytes, as: UTF8.self) }
            return bytes
        }
        return text
    }
}
