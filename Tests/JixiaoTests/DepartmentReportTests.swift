import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoReports
import Testing
import ZIPFoundation

/// The department report of issue 16: one model, the same sections and content in every format;
/// the narrative report; the footer lines; execution by source; 复核 and the bureau's comments.
@Suite("department report: every format from one model")
struct DepartmentReportTests {
    static let sample = TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv")

    /// The seed scored with the sample's actuals, plus `extra` recorded rows.
    static func seedResult(extra: [RecordedActual] = []) throws -> DepartmentResult {
        let seed = try TestSupport.readSeed().department
        let entries = try ActualsFileReader.read(url: sample, displayName: "actuals-2026.csv")
        let validated = try ActualsValidator(departments: [seed]).validate(entries)
        return Scorer(profile: .national2020, explains: false).score(seed, actuals: validated.actuals + extra)
    }

    static func report(_ d: DepartmentResult, footer: ReportFooter = ReportFooter(), comments: [String: [EvaluationReport.BureauComment]] = [:]) -> EvaluationReport {
        EvaluationReport(year: 2026, profile: .national2020, departments: [d], footer: footer, comments: comments)
    }

    /// The bureau's 复核 of 便道道路完好率 (14.84 → 12.00) and the comment of a return.
    static func reviewed() throws -> EvaluationReport {
        let d = try seedResult()
        let goal = try #require(d.department.goals.first { $0.level3 == "便道道路完好率" })
        let adjusted = ReviewAdjustments(profile: .national2020).apply([
            ScoreAdjustment(departmentCode: "342001", year: 2026, key: IndicatorKey(ownerCode: "342001", indicator: goal), score: 12,
                            reason: "抽查 20 处便道 3 处破损未修", at: "2026-12-05T09:00:00Z", by: "财政局"),
        ], to: d)
        return report(adjusted, footer: ReportFooter(filer: "张三", phone: "0317-1234567"), comments: ["342001": [
            EvaluationReport.BureauComment(at: "2026-12-03T10:00:00Z", by: "财政局", projectCode: "13091626P00024110002A", indicator: "群众满意度",
                                           text: "请补充满意度调查问卷", isOpen: true),
        ]])
    }

    static func isHeading(_ s: String) -> Bool { s.wholeMatch(of: /[一二三四五六七八九十]+、.+/) != nil }

    /// The text of every paragraph of a docx body.
    static func docxParagraphs(_ data: Data) throws -> [String] {
        let archive = try Archive(data: data, accessMode: .read)
        var xml = Data()
        _ = try archive.extract(try #require(archive["word/document.xml"])) { xml.append($0) }
        let text = String(decoding: xml, as: UTF8.self)
        return text.components(separatedBy: "<w:p>").dropFirst().map { p in
            p.components(separatedBy: "<w:t xml:space=\"preserve\">").dropFirst().map { $0.components(separatedBy: "</w:t>")[0] }.joined()
        }.map { $0.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"") }
    }

    static func unescapeHTML(_ s: String) -> String {
        s.replacingOccurrences(of: "<br>", with: "\n").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test("text, markdown, html, docx and xlsx carry the same sections and the same cells, 复核 and comments included")
    func sameSections() throws {
        let report = try Self.reviewed()
        let d = report.departments[0]
        let model = DepartmentReport(d, report: report)
        #expect(model.headings.dropFirst().map { String($0) } == ["一、总体得分", "二、预算执行", "三、项目得分", "四、等级分布", "五、部门整体指标", "六、财政复核调整", "七、审核意见", "八、问题与改进"])

        let text = String(decoding: try report.rendered(as: .text), as: UTF8.self)
        let department = text.components(separatedBy: "项目支出绩效自评表（2026年度）")[0]
        let textHeadings = department.split(separator: "\n").map(String.init).filter { Self.isHeading(String($0)) }
        let markdown = String(decoding: try report.rendered(as: .markdown), as: UTF8.self)
        let mdHeadings = markdown.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)) }.filter { Self.isHeading(String($0)) }
        let html = String(decoding: try report.rendered(as: .html), as: UTF8.self)
        let htmlHeadings = html.components(separatedBy: "<h2>").dropFirst().map { Self.unescapeHTML($0.components(separatedBy: "</h2>")[0]) }
        let docx = try Self.docxParagraphs(try report.rendered(as: .docx))
        let docxHeadings = docx.filter { Self.isHeading(String($0)) }
        let sheets = try XLSXReader.read(data: try report.rendered(as: .xlsx), fileName: "r.xlsx")
        let summary = sheets[0]
        let xlsxHeadings = (1...summary.maxRow).map { summary.value($0, 1) }.filter { Self.isHeading(String($0)) }
        let expected = Array(model.headings.dropFirst())
        #expect(textHeadings == expected)
        #expect(mdHeadings == expected)
        #expect(htmlHeadings == expected)
        #expect(docxHeadings == expected)
        #expect(xlsxHeadings == expected)

        // Every cell of the model is in every format: texts as written, numbers as shown (in xlsx
        // as the numbers themselves).
        let xlsxTexts = Set((1...summary.maxRow).flatMap { r in (1...12).map { summary.value(r, $0) } })
        let xlsxNumbers = Set(xlsxTexts.compactMap { Decimal(string: $0) })
        let docxText = docx.joined(separator: "\n"), htmlText = Self.unescapeHTML(html)
        let flatText = department.filter { !$0.isWhitespace }
        var checked = 0
        for case .table(let t) in model.sections.flatMap(\.blocks) {
            for row in t.rows {
                for cell in row {
                    switch cell {
                    case .text(let s) where !s.isEmpty:
                        #expect(xlsxTexts.contains(s), "xlsx lacks \(s)")
                        #expect(docxText.contains(s), "docx lacks \(s)")
                        #expect(htmlText.contains(s), "html lacks \(s)")
                        #expect(markdown.contains(Markdown.text(s).replacingOccurrences(of: "\n", with: "<br>")) || markdown.contains(s), "markdown lacks \(s)")
                        #expect(flatText.contains(s.filter { !$0.isWhitespace }), "text lacks \(s)")
                        checked += 1
                    case .number(let n?):
                        #expect(xlsxNumbers.contains(n), "xlsx lacks the number \(n)")
                        let shown = Decimals.fixed(n, 2)
                        #expect(docxText.contains(shown) && htmlText.contains(shown) && markdown.contains(shown) && department.contains(shown), "\(shown)")
                        checked += 1
                    case .percent(let r?):
                        #expect(xlsxNumbers.contains(Decimals.round(r, scale: 6)), "xlsx lacks the rate \(r)")
                        checked += 1
                    default: break
                    }
                }
            }
        }
        #expect(checked > 150)
        // The footer lines close the department part in every format.
        let footer = "填报人：张三　　联系电话：0317-1234567　　填报日期：__________　　单位负责人（签字）：__________"
        #expect(department.contains(footer))
        #expect(markdown.contains(Markdown.text(footer)))
        #expect(htmlText.contains(footer))
        #expect(docx.contains(footer))
        #expect(xlsxTexts.contains(footer))
    }

    @Test("复核: both scores and the difference, the department figures by 复核得分 and saying so")
    func review() throws {
        let report = try Self.reviewed()
        let text = String(decoding: try report.rendered(as: .text), as: UTF8.self)
        // 99.42 − 14.84 + 12.00 = 96.58: the department's own score after the bureau's review.
        #expect(text.contains("部门整体自评得分     99.42     96.58  -2.84  优"))
        #expect(text.contains("部门得分与等级以复核得分为准"))
        #expect(text.contains("部门整体  便道道路完好率  15.00     14.84     12.00  -2.84  抽查 20 处便道 3 处破损未修"))
        #expect(text.contains("请补充满意度调查问卷"))
        #expect(text.contains("公交补贴"))
    }

    @Test("a project form with a 复核: the adjusted rows, both totals and the difference")
    func reviewedForm() throws {
        let d = try Self.seedResult()
        let adjusted = ReviewAdjustments(profile: .national2020).apply([
            ScoreAdjustment(departmentCode: "342001", year: 2026, key: IndicatorKey.funds("13091626P00024110002A", SpecialRow.executed), score: 9,
                            reason: "执行数含暂付款", at: "2026-12-05T09:00:00Z", by: "财政局"),
        ], to: d)
        let report = EvaluationReport(year: 2026, profile: .national2020, departments: [adjusted], onlyProject: "13091626P00024110002A")
        let form = report.form(adjusted, try #require(adjusted.projects.first { $0.project.code == "13091626P00024110002A" }))
        // 99.56 with the funds row 10.00 → 9.00: 98.56, one point less.
        #expect(form.review?.total == "98.56")
        #expect(form.review?.difference == "-1.00")
        #expect(form.review?.rows == [["预算执行率", "10.00", "10.00", "9.00", "-1.00", "执行数含暂付款"]])
        let text = String(decoding: try report.rendered(as: .text), as: UTF8.self)
        #expect(text.contains("复核得分 98.56　复核等级 优（财政复核调整 1 项，差异 -1.00）"))
        let sheet = try XLSXReader.read(data: try report.rendered(as: .xlsx), fileName: "r.xlsx")[0]
        #expect((1...sheet.maxRow).contains { sheet.value($0, 1) == "预算执行率" && sheet.value($0, 4) == "9" })
    }

    @Test("execution by source: carry-over and other funds recorded, the appropriation's share the rest")
    func sources() throws {
        let code = "13091626P00016110003L"   // 城管综合治理: budget 19.00, all fiscal, executed 19.00
        let d = try Self.seedResult(extra: [
            RecordedActual(departmentCode: "342001", year: 2026, key: IndicatorKey.funds(code, SpecialRow.carryover), value: "2"),
            RecordedActual(departmentCode: "342001", year: 2026, key: IndicatorKey.funds(code, SpecialRow.otherFunds), value: "0.5"),
        ])
        let p = try #require(d.projects.first { $0.project.code == code })
        #expect(p.funds.sources.carryoverExecuted == 2)
        #expect(p.funds.sources.fiscalExecuted == Decimal(string: "16.5"))  // 19 − 2 − 0.5
        let report = Self.report(d)
        let form = report.form(d, p)
        #expect(form.fundsDetail.map(\.executed) == ["16.50", "2.00", "0.50"])
        let text = String(decoding: try report.rendered(as: .text), as: UTF8.self)
        #expect(text.contains("上年结转资金                                      2.00"))
        // Only one project recorded by source: the department's appropriation share stays blank.
        let model = DepartmentReport(d, report: report)
        let table = try #require(model.sections[1].blocks.compactMap { b -> DepartmentReport.Table? in if case .table(let t) = b, t.headers[0] == "资金来源（万元）" { return t }; return nil }.first)
        #expect(table.rows[1][3] == .text(""))
        #expect(table.rows[2][3] == .number(2))
    }

    @Test("the narrative report: six chapters written from the data, in docx, markdown and html")
    func narrative() throws {
        let report = Self.report(try Self.seedResult(), footer: ReportFooter(filer: "张三", phone: "0317-1234567", date: "2027-01-15", head: "李四"))
        let headings = ["一、部门基本情况", "二、绩效目标完成情况", "三、预算执行情况", "四、存在的问题及原因", "五、改进措施", "六、自评结果应用"]
        let n = try #require(NarrativeReport.documents(report).first)
        #expect(n.chapters.map(\.heading) == headings)
        let all = n.chapters.flatMap(\.paragraphs).joined(separator: "\n")
        #expect(all.contains("纳入绩效自评的预算项目共 12 个，年初预算合计 23596.72 万元"))
        #expect(all.contains("部门整体自评得分 99.42 分，等级为“优”（部门预算执行率 9.58 分，部门整体指标 89.84 分）"))
        #expect(all.contains("“便道道路完好率”目标 ≥95%，实际 94%，得 14.84 分（满分 15.00 分）；原因：部分便道维修受雨季影响延至次年（D05）。"))
        #expect(all.contains("63 项：56 项达到年度指标值，5 项未完全达到，2 项超过目标 30% 以上"))
        #expect(all.contains("“公交补贴”的“群众满意度”目标 ≥90百分数，实际 86%，得 9.56 分（满分 10.00 分）；未说明原因。"))
        // 4座 against 2座: 100 % over; 125 % against 90 %: 39 % over (125 / 90 − 1 = 0.3889).
        #expect(all.contains("实际 4座，超过目标 100%"))
        #expect(all.contains("实际 125%，超过目标 39%"))
        #expect(all.contains("全年执行 22616.75 万元，部门预算执行率 95.85%"))
        #expect(all.contains("年末实际支出 22616.75 万元，比计划少 979.97 万元"))   // 23596.72 − 22616.75
        #expect(all.contains("“东西区雨水管网升级改造及市政基础设施配套项目”执行 312.00 万元 / 预算 400.00 万元（78.00%）"))
        #expect(all.contains("共发现问题 21 项（错误 2 项，警告 14 项，提示 5 项）"))
        #expect(all.contains("统一目标与指标值"))
        #expect(all.contains("（请填写："))
        let footer = "填报人：张三　　联系电话：0317-1234567　　填报日期：2027-01-15　　单位负责人（签字）：李四"
        let docx = try Self.docxParagraphs(try NarrativeReport.rendered(report, as: .docx))
        #expect(docx.filter { headings.contains($0) } == headings)
        #expect(docx.contains(footer))
        let md = String(decoding: try NarrativeReport.rendered(report, as: .markdown), as: UTF8.self)
        #expect(md.components(separatedBy: "\n## ").count - 1 == 6)
        let html = String(decoding: try NarrativeReport.rendered(report, as: .html), as: UTF8.self)
        #expect(html.components(separatedBy: "<h2>").count - 1 == 6)
        #expect(html.contains(footer))
    }

    @Test("footer file: keys in English or Chinese; an unknown key is an error naming its line")
    func footerFile() throws {
        let f = try ReportFooter.parse("# 落款\nfiler: 张三\n联系电话：0317-1234567\nhead: 李四\n", file: "jixiao-report.conf")
        #expect(f == ReportFooter(filer: "张三", phone: "0317-1234567", date: "", head: "李四"))
        #expect(f.overridden(by: ReportFooter(filer: "王五")).filer == "王五")
        #expect(ReportFooter().line == "填报人：__________　　联系电话：__________　　填报日期：__________　　单位负责人（签字）：__________")
        #expect(throws: InputError.self) { try ReportFooter.parse("filer: 张三\nsigner: 李四\n", file: "x.conf") }
        do { _ = try ReportFooter.parse("filer: 张三\nsigner: 李四\n", file: "x.conf") } catch let e as InputError {
            #expect(e.description.contains("x.conf:2"))
            #expect(e.description.contains("不认识的项目“signer”"))
        }
    }

    @Test("xlsx: amounts and scores are numbers with 0.00, rates numbers with 0.00% — in reports, TableReport, departments and compare")
    func numberFormats() throws {
        let report = Self.report(try Self.seedResult())
        let data = try report.rendered(as: .xlsx)
        let url = TestSupport.temporaryDirectory().appendingPathComponent("r.xlsx")
        try data.write(to: url)
        let sheet = String(decoding: try TestSupport.part("xl/worksheets/sheet1.xml", of: url), as: UTF8.self)
        let styles = String(decoding: try TestSupport.part("xl/styles.xml", of: url), as: UTF8.self)
        // Style 8 is 0.00 (numFmtId 2), style 9 is 0.00% (numFmtId 10).
        let xfs = styles.components(separatedBy: "<cellXfs")[1].components(separatedBy: "<xf ").dropFirst().map { String($0) }
        #expect(xfs[8].hasPrefix("numFmtId=\"2\""))
        #expect(xfs[9].hasPrefix("numFmtId=\"10\""))
        #expect(sheet.contains("s=\"8\"><v>99.42</v>"))
        #expect(sheet.contains("s=\"9\"><v>0.95847</v>"), "the execution rate as a fraction shown as a percentage")
        #expect(!sheet.contains(">95.85%<"), "no rate written as text")
        let table = TableReport(title: "t", sections: [TableReport.Section(heading: "s", headers: ["a", "b"], rows: [[.number(Decimal(string: "12.5")), .percent(Decimal(string: "0.9585"))]])])
        let tableURL = TestSupport.temporaryDirectory().appendingPathComponent("t.xlsx")
        try table.rendered(as: .xlsx).write(to: tableURL)
        let tableSheet = String(decoding: try TestSupport.part("xl/worksheets/sheet1.xml", of: tableURL), as: UTF8.self)
        #expect(tableSheet.contains("s=\"8\"><v>12.5</v>") && tableSheet.contains("s=\"9\"><v>0.9585</v>"))
        let ranking = TestSupport.temporaryDirectory().appendingPathComponent("d.xlsx")
        try DepartmentsReport.render([report.departments[0]], year: 2026, profile: .national2020, format: .xlsx).write(to: ranking)
        let rankingSheet = String(decoding: try TestSupport.part("xl/worksheets/sheet1.xml", of: ranking), as: UTF8.self)
        #expect(rankingSheet.contains("s=\"8\"><v>99.42</v>") && rankingSheet.contains("s=\"9\"><v>0.95847</v>"))
        #expect(rankingSheet.contains("t=\"inlineStr\"><is><t xml:space=\"preserve\">342001</t>"), "a code stays text")
        try OpenPyXL.checkNumbers(url, sheet: "部门整体", cell: "B6", value: "99.42", format: "0.00")
    }
}

/// openpyxl, where installed (required under CI=true): reads a cell's type and number format.
enum OpenPyXL {
    static func checkNumbers(_ url: URL, sheet: String, cell: String, value: String, format: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let script = "import openpyxl,sys\nws=openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]\nc=ws[sys.argv[3]]\nprint(c.data_type, repr(c.value), c.number_format)\n"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, url.path, sheet, cell]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("python3 with openpyxl is required under CI", sourceLocation: sourceLocation) }
            return
        }
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "n \(value) \(format)", sourceLocation: sourceLocation)
    }
}
