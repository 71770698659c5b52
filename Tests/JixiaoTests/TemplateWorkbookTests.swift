import Foundation
import JixiaoDocuments
import JixiaoModel
import Testing

/// Issue 16's "template that is hard to fill wrongly" and "errors that name the column", and issue
/// 18's 审核意见 column, end to end with the built `jixiao`.
@Suite("The fill-in template")
struct TemplateWorkbookTests {
    let cli = CLIRunner()
    let sample = TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv").path
    static let checker = TestSupport.root.appendingPathComponent("Tests/JixiaoTests/Fixtures/check/template_validations.py").path

    init() throws {
        let seed = try cli.run(["import", TestSupport.seedURL.path, "--db", cli.db])
        precondition(seed.status == 0, seed.stderr)
        let rules = try cli.run(["import", try cli.write("rules.csv", FilingFixtures.rulesTargets()), "--db", cli.db])
        precondition(rules.status == 0, rules.stderr)
    }

    func template(_ name: String) throws -> String {
        let path = cli.directory.appendingPathComponent(name).path
        let r = try cli.run(["template", "--db", cli.db, "--out", path])
        try #require(r.status == 0, "\(r.stderr)")
        return path
    }

    /// Runs a tool; nil when it is not installed.
    static func run(_ executable: String, _ args: [String]) throws -> (status: Int32, output: String)? {
        guard FileManager.default.isExecutableFile(atPath: executable) else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3", "/root/.pyenv/shims/python3"].first { path in
        (try? run(path, ["-c", "import openpyxl"]))??.status == 0
    }

    /// A missing tool: a failure under CI=true (where it must be installed), else a skip.
    static func missing(_ tool: String) {
        if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("\(tool) is required under CI=true (see .ci/run)") }
    }

    @Test("openpyxl reads back the protection, the drop-downs, input messages with target and unit, number checks, the instructions")
    func openpyxlReadsValidations() throws {
        guard let python = Self.python else { return Self.missing("python3 with openpyxl") }
        let path = try template("t.xlsx")
        let r = try #require(try Self.run(python, [Self.checker, path]))
        #expect(r.status == 0 && r.output.contains("OK"), "\(r.output)")
    }

    @Test("LibreOffice opens the template and keeps its validations and protection (converted to xlsx, read again)")
    func libreOfficeOpens() throws {
        guard let soffice = LibreOffice.executable else { return Self.missing("LibreOffice") }
        let path = try template("t.xlsx")
        let out = cli.directory.appendingPathComponent("lo")
        let r = try #require(try Self.run(soffice, ["-env:UserInstallation=file://\(out.path)/profile", "--headless", "--convert-to", "xlsx", "--outdir", out.path, path]))
        #expect(r.status == 0, "\(r.output)")
        let converted = out.appendingPathComponent("t.xlsx")
        #expect(FileManager.default.fileExists(atPath: converted.path), "\(r.output)")
        // What LibreOffice made of it still reads as a template, with the same rows.
        let again = try cli.run(["record", converted.path, "--db", cli.db])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.hasPrefix("2026 年度（由填报表中记录的年度判断）"), "\(again.stdout)")
        guard let python = Self.python else { return Self.missing("python3 with openpyxl") }
        let check = try #require(try Self.run(python, [Self.checker, converted.path, "--converted"]))
        #expect(check.status == 0 && check.output.contains("OK"), "\(check.output)")
    }

    @Test("the workbook itself: protected sheets, unlocked inputs, lists on qualitative rows, the hidden year")
    func workbookParts() throws {
        let path = URL(fileURLWithPath: try template("t.xlsx"))
        let workbook = String(decoding: try TestSupport.part("xl/workbook.xml", of: path), as: UTF8.self)
        #expect(workbook.contains("<sheet name=\"jixiao\" sheetId=\"17\" state=\"hidden\""), "\(workbook)")
        let flat = String(decoding: try TestSupport.part("xl/worksheets/sheet2.xml", of: path), as: UTF8.self)
        #expect(flat.contains("<sheetProtection sheet=\"1\""))
        #expect(!flat.contains("password"))
        #expect(flat.contains("type=\"list\"") && flat.contains("&quot;达成,基本达成,部分达成,未达成,清除&quot;"), "tier list")
        #expect(flat.contains("&quot;合格,不合格,清除&quot;"), "binary list")
        #expect(flat.contains("promptTitle=\"目标：≥10公里\"") && flat.contains("单位：公里"), "target and unit in the input message")
        let styles = String(decoding: try TestSupport.part("xl/styles.xml", of: path), as: UTF8.self)
        #expect(styles.components(separatedBy: "<protection locked=\"0\"/>").count - 1 == 2, "the two fill styles are unlocked")
        let instructions = try XLSXReader.read(data: Data(contentsOf: path), fileName: "t.xlsx")[0]
        #expect(instructions.name == "填报说明")
        #expect(instructions.cells.values.flatMap(\.values).contains { $0.contains("清除") && $0.contains("修改历史") })
    }

    @Test("an edited header names the column it could not find and lists those it found", arguments: [("一级", "一级指标"), ("本年实际", "实际完成值")])
    func headerNamesColumn(edited: String, column: String) throws {
        let text = try String(contentsOfFile: sample, encoding: .utf8).replacingOccurrences(of: "," + column + ",", with: "," + edited + ",")
        let r = try cli.run(["record", try cli.write("edited.csv", text), "--db", cli.db])
        #expect(r.status == 1)
        #expect(r.stderr.contains("edited.csv:1: 错误: 表头中找不到“\(column)”列。找到的列：项目编码、项目名称、"), "\(r.stderr)")
        #expect(r.stderr.contains("、\(edited)、"))
        #expect(r.stderr.contains("“\(edited)”是否就是“\(column)”？"), "\(r.stderr)")
        // The same in an xlsx: the header's sheet and cell.
        var book = XLSXWorkbook()
        var sheet = XLSXWorkbook.Sheet(name: "填报")
        sheet.append(ActualsColumns.all.map { .text($0 == column ? edited : $0) })
        sheet.append(["13091626P00016110003L", "城管综合治理", "产出指标", "时效指标", "完成及时率", "≥90百分数", "95%", "", "", ""].map { .text($0) })
        book.add(sheet)
        let x = cli.directory.appendingPathComponent("edited.xlsx")
        try book.data().write(to: x)
        let rx = try cli.run(["record", x.path, "--db", cli.db])
        #expect(rx.status == 1)
        #expect(rx.stderr.contains("edited.xlsx 工作表「填报」 单元格 A1: 错误: 表头中找不到“\(column)”列"), "\(rx.stderr)")
    }

    @Test("审核意见: the bureau's comments on a returned filing stand in the template (csv and xlsx); record ignores the column")
    func reviewComments() throws {
        // Only the seed's department, so that it can be submitted on its own.
        let one = CLIRunner()
        #expect(try one.run(["import", TestSupport.seedURL.path, "--db", one.db]).status == 0)
        var text = try String(contentsOfFile: sample, encoding: .utf8)
        text = text.replacingOccurrences(of: "群众满意度,≥90百分数,86%,10,,", with: "群众满意度,≥90百分数,86%,10,,满意度调查样本偏少（D07）")
        #expect(try one.run(["record", try one.write("a.csv", text), "--db", one.db]).status == 0)
        let submit = try one.run(["submit", "--db", one.db])
        try #require(submit.status == 0, "\(submit.stderr)")
        let back = try one.run(["return", "342001", "--as-bureau", "--db", one.db, "--comment", "请补充满意度调查佐证",
                                "--item", "13091626P00024110002A/群众满意度", "--comment", "样本量多少？",
                                "--item", "13091626P00016110003L", "--comment", "请说明道路完好率口径"])
        try #require(back.status == 0, "\(back.stderr)")
        let csvPath = one.directory.appendingPathComponent("t.csv").path
        let made = try one.run(["template", "--out", csvPath, "--db", one.db])
        #expect(made.stderr.contains("含财政审核意见 3 条"), "\(made.stderr)")
        let rows = try CSVParser.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: csvPath)).dropFirst(3), as: UTF8.self)).map(\.fields)
        try #require(rows.count > 2 && rows[2].count == 11, "\(rows.prefix(3))")
        #expect(rows[1].last == "审核意见")
        #expect(rows[2][10] == "整体：请补充满意度调查佐证；请说明道路完好率口径", "\(rows[2])")
        #expect(rows.first { $0.count == 11 && $0[4] == "群众满意度" && $0[0] == "13091626P00024110002A" }?[10] == "样本量多少？")
        // Recording the template with its comments: the column is not read.
        let recorded = try one.run(["record", csvPath, "--db", one.db])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout.contains("未做修改"), "\(recorded.stdout)")
        let xlsxPath = one.directory.appendingPathComponent("t.xlsx").path
        #expect(try one.run(["template", "--out", xlsxPath, "--db", one.db]).status == 0)
        let xml = try TestSupport.rezipText(URL(fileURLWithPath: xlsxPath))
        #expect(xml.contains("样本量多少？") && xml.contains("审核意见"))
        #expect(try one.run(["record", xlsxPath, "--db", one.db]).stdout.contains("未做修改"))
    }
}
