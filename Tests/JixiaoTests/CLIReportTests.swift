import Foundation
import JixiaoDocuments
import Testing
import ZIPFoundation

/// End-to-end: `jixiao report` in every format and `jixiao evaluate`.
@Suite("jixiao report / evaluate")
struct CLIReportTests {
    let cli = CLIRunner()
    let sample = TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv").path

    init() throws { try cli.loadSeedWithSampleActuals() }

    func report(_ format: String, _ extra: [String] = []) throws -> String {
        let r = try cli.run(["report", "--db", cli.db, "--format", format] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    @Test("golden reports: text, markdown, csv, json")
    func golden() throws {
        try Golden.check(try report("text"), "report-2026.txt")
        try Golden.check(try report("markdown"), "report-2026.md")
        try Golden.check(try report("csv"), "report-2026.csv")
        try Golden.check(try report("json"), "report-2026.json")
        try Golden.check(try report("text", ["--project", "13091626P00024110002A"]), "report-13091626P00024110002A.txt")
    }

    @Test("the text report holds both department figures, the plan and every finding with what to do")
    func textContents() throws {
        let text = try report("text")
        #expect(text.contains("部门整体自评得分  99.42  优"))
        #expect(text.contains("项目加权平均分    99.54  优"))
        #expect(text.contains("部门预算执行率 95.85%"))
        #expect(text.contains("12月底              23596.72   100.00%              22616.75"))
        #expect(text.contains("错误      R04 目标与指标不一致"))
        // The unit's reason is printed as written; a missing one gets the engine's note, marked.
        let markdown = try report("markdown")
        #expect(markdown.contains("按绩效目标建设四座泵站，指标值“2座”填报有误，目标值设定偏低（D08）"))
        #expect(markdown.contains("【系统建议】实际完成值 86% 未达到目标 ≥90百分数，失分 0.44 分"))
        #expect(text.contains("总分 100　得分 95.50　评价等级 优"))
    }

    @Test("csv: the template's columns with 得分 filled and a 总分 row per table")
    func csv() throws {
        let rows = try CSVParser.parse(try report("csv")).map(\.fields)
        #expect(rows[0] == ["项目编码", "项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
        #expect(rows.contains(["13091626P00016110003L", "城管综合治理", "总分", "", "", "", "", "100", "95.50", "优"]))
        #expect(rows.contains { $0[0] == "13091626P00031710001T" && $0[4] == "全年执行数" && $0[8] == "7.80" })
        #expect(rows.contains { $0[4] == "持续发展作用力" && $0[8] == "10.50" })
        #expect(rows.last?[2] == "总分")
        #expect(rows.last?[8] == "99.42")
    }

    @Test("xlsx: the official layout, checked cell by cell; LibreOffice opens it")
    func xlsx() throws {
        let path = cli.directory.appendingPathComponent("r.xlsx").path
        let r = try cli.run(["report", "--db", cli.db, "--out", path])
        #expect(r.status == 0, "\(r.stderr)")
        let sheets = try XLSXReader.read(data: Data(contentsOf: URL(fileURLWithPath: path)), fileName: "r.xlsx")
        #expect(sheets.map(\.name).first == "部门整体")
        #expect(sheets.map(\.name).last == "问题与改进")
        #expect(sheets.count == 14)
        let summary = sheets[0]
        func row(_ first: String) -> Int? { (1...summary.maxRow).first { summary.value($0, 1) == first } }
        let own = try #require(row("部门整体自评得分"))
        #expect(summary.value(own, 2) == "99.42")
        #expect(summary.value(try #require(row("项目加权平均分")), 2) == "99.54")
        let first = try #require((1...summary.maxRow).first { summary.value($0, 2) == "13091626P00016110003L" })
        #expect(summary.value(first, 3) == "城管综合治理")
        #expect(summary.value(first, 5) == "1")   // 执行率 100% stored as the number 1 (shown as a percentage)
        #expect(summary.value(first, 6) == "95.5")
        #expect(row("通畅率") != nil, "the department's own indicators are in the workbook")
        let form = try #require(sheets.first { $0.name == "东西区雨水管网升级改造及市政基础设施配套项目" })
        #expect(form.value(1, 1) == "项目支出绩效自评表（2026年度）")
        #expect(form.value(2, 2) == "东西区雨水管网升级改造及市政基础设施配套项目")
        #expect(form.value(2, 9) == "13091626P00031710001T")
        #expect(form.value(4, 3) == "年初预算数")
        #expect(form.value(5, 2) == "年度资金总额")
        #expect(form.value(5, 3) == "400")
        #expect(form.value(5, 5) == "312")
        #expect(form.value(5, 7) == "0.78")  // a number with the 0.00% format
        #expect(form.value(5, 8) == "7.8")
        #expect(form.value(11, 2) == "一级指标")
        #expect(form.value(12, 4) == "按照需求进行建设")
        #expect(form.value(12, 6) == "85%")
        #expect(form.value(12, 8) == "23.61")
        let total = form.maxRow
        #expect(form.value(total, 1) == "总分")
        #expect(form.value(total, 3) == "96.41")
        #expect(form.value(total, 7) == "优")
        #expect(form.merges.contains { $0 == (1, 1, 1, 9) })
        #expect(form.merges.contains { $0 == (5, 1, 8, 1) })  // 项目资金 label over the funds rows
        try LibreOffice.convert(path, in: cli.directory)
    }

    @Test("docx: tables with merged cells; LibreOffice opens it")
    func docx() throws {
        let path = cli.directory.appendingPathComponent("r.docx").path
        #expect(try cli.run(["report", "--db", cli.db, "--out", path]).status == 0)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        var xml = Data()
        _ = try archive.extract(try #require(archive["word/document.xml"])) { xml.append($0) }
        let text = String(decoding: xml, as: UTF8.self)
        #expect(text.contains("项目支出绩效自评表（2026年度）"))
        #expect(text.contains("部门整体绩效自评报告"))
        #expect(text.contains("<w:gridSpan w:val=\"4\"/>"))
        #expect(text.contains("<w:vMerge w:val=\"restart\"/>"))
        #expect(text.contains("w:orient=\"landscape\""))
        // 总体得分, plan, sources, projects, 部门整体指标, findings; then the twelve forms.
        #expect(text.components(separatedBy: "<w:tbl>").count - 1 == 6 + 12)
        #expect(text.contains(">96.41<"))
        try LibreOffice.convert(path, in: cli.directory)
    }

    @Test("html: one self-contained page with the charts and the forms")
    func html() throws {
        let html = try report("html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        #expect(html.contains("aria-label=\"项目得分\""))
        #expect(html.contains("aria-label=\"资金支出计划与执行\""))
        #expect(html.contains("@page { size: A4"))
        #expect(html.components(separatedBy: "<section class=\"form\">").count - 1 == 12)
        #expect(html.contains("<span class=\"suggested\">【系统建议】"))
    }

    @Test("binary formats need --out; unknown projects are refused")
    func usage() throws {
        let r = try cli.run(["report", "--db", cli.db, "--format", "xlsx"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--out"))
        let p = try cli.run(["report", "--db", cli.db, "--project", "NOPE"])
        #expect(p.status == 1)
    }

    @Test("no progress bar when stderr is not a terminal")
    func noProgressBar() throws {
        let r = try cli.run(["report", "--db", cli.db, "--format", "text"])
        #expect(!r.stderr.contains("█"))
    }

    @Test("evaluate: import, record, score and report in one command")
    func evaluate() throws {
        let fresh = CLIRunner()
        let r = try fresh.run(["evaluate", TestSupport.seedURL.path, "--actuals", sample])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(fresh.databaseExists)
        #expect(r.stdout == (try report("text")))
        #expect(r.stderr.contains("目标表已导入"))
        #expect(r.stderr.contains("新增 106"))
        let again = try fresh.run(["evaluate", TestSupport.seedURL.path, "--actuals", sample, "--format", "json"])
        #expect(again.stderr.contains("与已有相同"))
        #expect(again.stderr.contains("未变 106"))
        #expect(again.stdout.contains("\"weighted_project_score\": 99.54"))
        let bad = try fresh.write("bad.csv", "项目编码,一级指标,二级指标,三级指标,实际完成值\nNOPE,产出指标,数量指标,x,1\n")
        let b = try fresh.run(["evaluate", TestSupport.seedURL.path, "--actuals", bad])
        #expect(b.status == 1)
        #expect(b.stderr.contains("未知的项目编码 NOPE"))
    }
}

/// LibreOffice, where installed: converts a file to PDF and fails the test if it cannot.
enum LibreOffice {
    static let executable: String? = ["/usr/bin/libreoffice", "/usr/bin/soffice", "/usr/local/bin/libreoffice"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func convert(_ path: String, in directory: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let executable else { return }
        let out = directory.appendingPathComponent("lo-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-env:UserInstallation=file://\(out.path)/profile", "--headless", "--convert-to", "pdf", "--outdir", out.path, path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let pdf = out.appendingPathComponent(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + ".pdf")
        #expect(process.terminationStatus == 0, sourceLocation: sourceLocation)
        let size = (try? FileManager.default.attributesOfItem(atPath: pdf.path)[.size] as? Int) ?? 0
        #expect(size > 1000, "LibreOffice did not convert \(path)", sourceLocation: sourceLocation)
    }
}

/// The html report rendered by headless Chromium, where installed: a screenshot that is not
/// blank and a printed PDF whose text holds the report.
@Suite("html rendered by Chromium")
struct HTMLRenderTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let pdftotext: String? = ["/usr/bin/pdftotext"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("the page renders to PNG and prints to A4 holding the report", .enabled(if: chromium != nil))
    func render() throws {
        let cli = CLIRunner()
        let sample = TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv").path
        let html = cli.directory.appendingPathComponent("r.html")
        #expect(try cli.run(["evaluate", TestSupport.seedURL.path, "--actuals", sample, "--out", html.path]).status == 0)
        func chrome(_ args: [String]) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Self.chromium!)
            p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(cli.directory.path)/chrome"] + args + [html.absoluteString]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
        }
        let png = cli.directory.appendingPathComponent("r.png"), pdf = cli.directory.appendingPathComponent("r.pdf")
        try chrome(["--window-size=1200,1600", "--screenshot=\(png.path)"])
        try chrome(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)"])
        let image = try Data(contentsOf: png)
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(image.count > 50_000, "a blank page compresses to a few kilobytes")
        let document = try Data(contentsOf: pdf)
        #expect(document.starts(with: Array("%PDF".utf8)))
        guard let pdftotext = Self.pdftotext else { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: pdftotext)
        p.arguments = [pdf.path, "-"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(text.contains("部门整体绩效自评报告"))
        #expect(text.contains("99.42"))
        #expect(text.contains("项目支出绩效自评表"))
        #expect(text.contains("危化品车辆管理平台系统建设"))
    }
}
