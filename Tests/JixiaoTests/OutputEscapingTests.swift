import Foundation
@testable import JixiaoDocuments
import JixiaoModel
import JixiaoReports
import Testing
import ZIPFoundation

/// Issue 14, points 4–6, end to end: a department whose names, goals and reasons are hostile —
/// formulas, HTML, markdown syntax, ESC, BEL, U+202E — is imported, recorded and reported in every
/// csv, xlsx and markdown output; nothing is injected and no control character is stored or shown.
@Suite("Hostile text in every output")
struct OutputEscapingTests {
    let cli = CLIRunner()

    static let department = "990001"
    static let p1 = "99000126P000000000001", p2 = "99000126P000000000002"
    static let script = "<script>alert(1)</script>"
    static let departmentName = "=HYPERLINK(\"http://x\",\"点我\")\u{1B}[31m单位\u{07}\u{202E}txt"
    static let formulas = ["=HYPERLINK(\"http://x\",\"点我\")", "+SUM(1,2)", "-2+3", "@cmd", "=1+1"]

    /// A target csv as a hostile user writes it (no apostrophes).
    static func targets(year: Int) -> String {
        let code = { (p: String) in year == 2026 ? p : p.replacingOccurrences(of: "26P", with: "25P") }
        func row(_ fields: [String]) -> String { fields.map(CSVWriter.escape).joined(separator: ",") }
        let d = [department, departmentName, String(year)]
        return ([TargetsCSV.columns.joined(separator: ",")] + [
            row(d + [code(p1), "+SUM(1,2)", "10", "", "", "@用途", "# 标题\n- 列表\n1. 编号", "", "", "", "", "产出指标", "数量指标", "-2+3", "=1+1", "≥90%", "", ""]),
            row(d + [code(p1), "+SUM(1,2)", "", "", "", "", "", "", "", "", "", "产出指标", "质量指标", "@cmd", "", "≥5个", "", ""]),
            row(d + [code(p1), "+SUM(1,2)", "", "", "", "", "", "", "", "", "", "效益指标", "社会效益指标", "<b>粗</b>|*强*_斜_[链](http://x)", "", "有效改善", "", ""]),
            row(d + [code(p1), "+SUM(1,2)", "", "", "", "", "", "", "", "", "", "满意度指标", "服务对象满意度指标", "满意度\u{1B}]0;x\u{07}", "", "≥90%", "", ""]),
            row(d + [code(p2), script, "20", "", "", "", "目标", "", "", "", "", "产出指标", "数量指标", "完成率", "", "≥90%", "", ""]),
            row(d + [code(p2), script, "", "", "", "", "", "", "", "", "", "满意度指标", "服务对象满意度指标", "满意率", "", "≥90%", "", ""]),
            row(d + [department, departmentName, "", "", "", "", "- 列表\n<img src=x onerror=alert(1)>", "", "", "", "", "年度总体目标", "", "", "", "", "", ""]),
            row(d + [department, departmentName, "", "", "", "", "", "", "", "", "", "满意度指标", "服务对象满意度指标", "+满意度", "", "≥90%", "", ""]),
        ]).joined(separator: "\n") + "\n"
    }

    /// Imports both years, records 2026 from the program's own csv template, filled.
    func load() throws -> (template: String, targets: String) {
        let t2025 = try cli.write("t2025.csv", Self.targets(year: 2025)), t2026 = try cli.write("t2026.csv", Self.targets(year: 2026))
        // One at a time: the import of several files does not print the readers' notes (see the report).
        #expect(try cli.run(["import", t2025, "--db", cli.db]).status == 0)
        let imported = try cli.run(["import", t2026, "--db", cli.db])
        #expect(imported.status == 0, "\(imported.stderr)")
        // Import warns about each field it cleaned, at its line.
        #expect(imported.stderr.contains("t2026.csv: 警告: 单位名称中有不可见的控制字符或双向文字控制符 U+001B（ESC）、U+0007（BEL）、U+202E（双向文字嵌入/覆盖），已删除"), "\(imported.stderr)")
        #expect(imported.stderr.contains("t2026.csv:7: 警告: 三级指标中有不可见的控制字符"))  // the goal cell above spans lines 2–4
        let template = cli.directory.appendingPathComponent("template.csv").path
        #expect(try cli.run(["template", "--out", template, "--db", cli.db, "--year", "2026"]).status == 0)
        let rows = try CSVParser.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: template)).dropFirst(3), as: UTF8.self)).map(\.fields)
        var w = CSVWriter()
        // The template's own row (year, departments) and the header.
        w.row(rows[0])
        w.row(rows[1])
        var n = 0
        for var r in rows.dropFirst(2) {
            if r[4] == "全年执行数" { r[6] = "9" } else if r[2] == "年度总体目标" { r[6] = "完成" } else if r[2] != "项目资金" {
                r[6] = r[5].contains("%") ? "95%" : r[5].contains("个") ? "6个" : "达成"
                n += 1
                if n == 1 { r[9] = "=cmd|' /C calc'!A0" }
                if n == 2 { r[9] = "@SUM(A1:A9)\u{1B}[2J" }
            }
            w.row(r)
        }
        let filled = try cli.write("filled.csv", "\u{FEFF}" + w.text)
        let recorded = try cli.run(["record", filled, "--db", cli.db, "--year", "2026"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stderr.contains("警告: 偏差原因分析及改进措施中有不可见的控制字符或双向文字控制符 U+001B（ESC）"), "\(recorded.stderr)")
        return (template, t2026)
    }

    /// Every field of a csv output: none starts like a formula unless it is a plain number; and
    /// the hostile names came through (neutralised).
    func checkCSV(_ text: String, _ what: String, expectHostile: Bool = true) throws {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let fields = try CSVParser.parse(body).flatMap(\.fields)
        for f in fields {
            guard let first = f.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { continue }
            #expect(f.range(of: #"^[+-]?[0-9]*\.?[0-9]+%?$"#, options: .regularExpression) != nil, "\(what): \(f)")
        }
        if expectHostile { #expect(fields.contains { $0.hasPrefix("'=") || $0.hasPrefix("'+") || $0.hasPrefix("'-") || $0.hasPrefix("'@") }, "\(what)") }
        #expect(!text.unicodeScalars.contains { ControlCharacters.isRemoved($0) && $0 != "\r" }, "\(what)")
    }

    /// Markdown: no live HTML, tables keep their columns, no control characters.
    func checkMarkdown(_ text: String, _ what: String) {
        #expect(!text.contains("<script"), "\(what)")
        #expect(!text.contains("<img"), "\(what)")
        #expect(!text.contains("<b>"), "\(what)")
        var columns: Int?
        for line in text.components(separatedBy: "\n") {
            guard line.hasPrefix("|") else { columns = nil; continue }
            let count = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            if columns == nil { columns = count }
            #expect(count == columns, "\(what): \(line)")
        }
        #expect(!text.unicodeScalars.contains { ControlCharacters.isRemoved($0) }, "\(what)")
    }

    /// xlsx: no formula anywhere, user text as inline strings, no control characters.
    func checkXLSX(_ path: String, _ what: String) throws {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read, pathEncoding: nil)
        var sawHostile = false
        for entry in archive where entry.path.hasPrefix("xl/worksheets/") {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            let xml = String(decoding: data, as: UTF8.self)
            #expect(!xml.contains("<f>") && !xml.contains("<f "), "\(what) \(entry.path)")
            #expect(!xml.contains("t=\"s\"") && !xml.contains("t=\"str\""), "\(what) \(entry.path)")
            if xml.contains("<t xml:space=\"preserve\">=HYPERLINK") || xml.contains("<t xml:space=\"preserve\">+SUM") { sawHostile = true }
            #expect(!xml.unicodeScalars.contains { ControlCharacters.isRemoved($0) }, "\(what)")
        }
        #expect(sawHostile, "\(what)")
    }

    @Test("csv: every output neutralises formula-like cells; real negative numbers stay numbers")
    func csvOutputs() throws {
        let (template, targets) = try load()
        try checkCSV(String(decoding: try Data(contentsOf: URL(fileURLWithPath: template)), as: UTF8.self), "template")
        let report = cli.directory.appendingPathComponent("report.csv").path
        #expect(try cli.run(["report", "--format", "csv", "--out", report, "--db", cli.db]).status == 0)
        let reportText = String(decoding: try Data(contentsOf: URL(fileURLWithPath: report)), as: UTF8.self)
        try checkCSV(reportText, "report")
        #expect(reportText.contains("'=cmd|' /C calc'!A0"))
        for (args, what) in [
            (["projects", "--format", "csv"], "projects"), (["show", Self.p1, "--format", "csv"], "show project"),
            (["show", Self.department, "--format", "csv"], "show department"), (["history", Self.p1, "--format", "csv"], "history"),
            (["compare", "--years", "2025", "2026", "--format", "csv"], "compare"), (["departments", "--format", "csv"], "departments"),
            (["review", targets, "--format", "csv"], "review"), (["audit", report, "--format", "csv"], "audit"),
        ] {
            let r = try cli.run(args + (what == "audit" ? [] : ["--db", cli.db]))
            #expect(r.status == 0, "\(what): \(r.stderr)")
            try checkCSV(r.stdout, what)
        }
        // The template, re-read, matches the indicators whose names start like formulas.
        let back = try ActualsTableReader.readCSV(data: try Data(contentsOf: URL(fileURLWithPath: template)), fileName: "t.csv")
        #expect(back.contains { $0.level3 == "-2+3" } && back.contains { $0.level3 == "@cmd" })
        // A real negative number is a number: the neutraliser leaves it, and spreadsheets read it as one.
        #expect(CSVWriter.neutralized("-5.00") == "-5.00" && CSVWriter.neutralized("+0.54") == "+0.54" && CSVWriter.neutralized("-12.5%") == "-12.5%")
        #expect(CSVWriter.neutralized("-5.00万元") == "'-5.00万元" && CSVWriter.neutralized("\tx") == "'\tx" && CSVWriter.neutralized("\rx") == "'\rx")
        #expect(CSVWriter.neutralized("-") == "'-" && CSVWriter.neutralized("--5") == "'--5" && CSVWriter.neutralized("正常") == "正常")
        // The synthesizer's and TargetsCSV's own writer round-trips a neutralised name.
        let d = Department(code: "D", name: "=x", year: 2026, projects: [Project(code: "P", name: "+y", budget: 1,
            indicators: [Indicator(level1: "产出指标", level2: "数量指标", level3: "-z", target: TargetParser.parse("≥1个"))])])
        let csv = TargetsCSV.write([d])
        try checkCSV(csv, "TargetsCSV.write")
        let read = try TargetsCSV.read(data: Data(csv.utf8), fileName: "t.csv", year: nil).department
        #expect(read.name == "=x" && read.projects[0].name == "+y" && read.projects[0].indicators[0].level3 == "-z")
    }

    @Test("xlsx: the template, the report, compare, review and audit write user text as inline strings, never formulas")
    func xlsxOutputs() throws {
        let (_, targets) = try load()
        let reportCSV = cli.directory.appendingPathComponent("r.csv").path
        #expect(try cli.run(["report", "--format", "csv", "--out", reportCSV, "--db", cli.db]).status == 0)
        for (args, name) in [
            (["template"], "t.xlsx"), (["report"], "r.xlsx"), (["compare", "--years", "2025", "2026"], "c.xlsx"),
            (["departments"], "d.xlsx"), (["review", targets], "v.xlsx"), (["audit", reportCSV], "a.xlsx"),
        ] {
            let path = cli.directory.appendingPathComponent(name).path
            let r = try cli.run(args + ["--out", path] + (name == "a.xlsx" ? [] : ["--db", cli.db]))
            #expect(r.status == 0, "\(name): \(r.stderr)")
            if name == "v.xlsx" || name == "a.xlsx" { continue }  // their rows quote findings, not always the names
            try checkXLSX(path, name)
        }
        // A negative number stays a number cell.
        var sheet = XLSXWorkbook.Sheet(name: "s")
        sheet.append([.number(-5), .text("=1+1")])
        var book = XLSXWorkbook()
        book.add(sheet)
        let xml = XLSXWorkbook.sheetXML(sheet)
        #expect(xml.contains("<c r=\"A1\" s=\"5\"><v>-5</v></c>"))
        #expect(xml.contains("<c r=\"B1\" s=\"2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">=1+1</t></is></c>"))
        _ = try book.data()
    }

    @Test("markdown: names, goals and reasons are escaped in every markdown output; a <script> project name renders as text")
    func markdownOutputs() throws {
        let (_, targets) = try load()
        let reportCSV = cli.directory.appendingPathComponent("r.csv").path
        #expect(try cli.run(["report", "--format", "csv", "--out", reportCSV, "--db", cli.db]).status == 0)
        for (args, what) in [
            (["report"], "report"), (["projects"], "projects"), (["show", Self.p2], "show project"), (["show", Self.department], "show department"),
            (["compare", "--years", "2025", "2026"], "compare"), (["departments"], "departments"), (["review", targets], "review"), (["audit", reportCSV], "audit"),
        ] {
            let r = try cli.run(args + ["--format", "markdown"] + (what == "audit" ? [] : ["--db", cli.db]))
            #expect(r.status == 0, "\(what): \(r.stderr)")
            checkMarkdown(r.stdout, what)
        }
        let report = try cli.run(["report", "--format", "markdown", "--db", cli.db]).stdout
        #expect(report.contains("## 项目支出绩效自评表（2026年度）：&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(report.contains("&lt;b&gt;粗&lt;/b&gt;\\|\\*强\\*\\_斜\\_\\[链\\](http://x)"))
        let show = try cli.run(["show", Self.department, "--format", "markdown", "--db", cli.db]).stdout
        #expect(show.contains("\n\n\\- 列表<br>&lt;img src=x onerror=alert(1)&gt;\n\n"))
        // The helper itself.
        #expect(Markdown.text("a|b*c_d`e[f]g~h#i\\j") == "a\\|b\\*c\\_d\\`e\\[f\\]g\\~h\\#i\\\\j")
        #expect(Markdown.text("1. 编号", lineStart: true) == "1\\. 编号" && Markdown.text("95.50", lineStart: true) == "95.50")
        #expect(Markdown.text("- 列表", lineStart: true) == "\\- 列表" && Markdown.text("-5", lineStart: true) == "-5" && Markdown.text("---", lineStart: true) == "\\---")
        #expect(Markdown.text("    代码", lineStart: true) == "&#32;&#32;&#32;&#32;代码" && Markdown.text("=== x", lineStart: true) == "\\=== x")
        #expect(Markdown.text("城管综合治理") == "城管综合治理")
    }

    @Test("control and bidi characters are stored nowhere and never reach the terminal")
    func controlCharacters() throws {
        _ = try load()
        let json = try cli.run(["show", Self.p1, "--format", "json", "--db", cli.db]).stdout
        #expect(json.contains("=HYPERLINK(\\\"http://x\\\",\\\"点我\\\")[31m单位txt"))
        for args in [["show", Self.p1], ["show", Self.department], ["projects"], ["report"], ["history", Self.p1], ["explain", Self.p1]] {
            let r = try cli.run(args + ["--db", cli.db])
            #expect(!(r.stdout + r.stderr).unicodeScalars.contains { ControlCharacters.isRemoved($0) }, "\(args)")
        }
        // The cleaner itself: tab and line feed stay, CR LF becomes LF, the rest goes.
        #expect(ControlCharacters.strip("a\tb\nc") == nil)
        #expect(ControlCharacters.strip("a\r\nb\u{1B}[0m\u{07}\u{0085}\u{202A}\u{2066}\u{7F}c")?.text == "a\nb[0mc")
        #expect(ControlCharacters.terminalSafe("名称\u{202E}exe.txt") == "名称exe.txt")
    }
}

extension OutputEscapingTests {
    @Test("xlsx, docx and html text never carries control or bidi characters, even from old data")
    func xmlText() {
        #expect(XMLText.escape("a\u{1B}[31m\u{07}<b>\u{202E}\u{0085}c\td\ne") == "a[31m&lt;b&gt;c\td\ne")
    }
}
