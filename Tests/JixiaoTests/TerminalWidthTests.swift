import Foundation
import JixiaoEngine
import JixiaoModel
@testable import JixiaoReports
import Testing

/// A terminal that fits (issue 16): tables fitted to the width by wrapping text columns, never
/// splitting a code or a number, following Chinese line-breaking rules; golden outputs at 80 and
/// 160 columns.
@Suite("tables fit the terminal")
struct TerminalWidthTests {
    static let noStart = Set("，。：；、）」』】》！？")
    static let noEnd = Set("（「『【《")

    @Test("no line starts with closing punctuation or ends with an opening bracket; codes and numbers stay whole")
    func lineBreaking() {
        let text = "完善执法队员执法培训，规范卷宗、规范执法，完成各违建文书及入档（准确率98%以上），项目编码13091626P00016110003L按计划实施，失分0.44分。"
        for width in 6...40 {
            let lines = TextTable.wrap(text, width: width)
            #expect(lines.joined() == text, "nothing lost or added at \(width)")
            for (i, line) in lines.enumerated() {
                #expect(DisplayWidth.of(line) <= max(width, 21), "width \(width): \(line)")
                if i > 0, let first = line.first { #expect(!Self.noStart.contains(first), "width \(width): “\(line)” starts with \(first)") }
                if i < lines.count - 1, let last = line.last { #expect(!Self.noEnd.contains(last), "width \(width): “\(line)” ends with \(last)") }
            }
            if width >= 21 { #expect(lines.contains { $0.contains("13091626P00016110003L") }, "the code is whole at \(width)") }
            #expect(lines.contains { $0.contains("98%") } && lines.contains { $0.contains("0.44") }, "numbers whole at \(width)")
        }
        // The seed's sentence that used to print "，完成各违建文书" at the start of a line.
        #expect(TextTable.wrap("完善执法队员执法培训，规范卷宗、规范执法，完成各违建文书及入档", width: 40) == ["完善执法队员执法培训，规范卷宗、规范执", "法，完成各违建文书及入档"])
    }

    @Test("a table wider than its width narrows its text column first; numbers are never wrapped")
    func fitting() {
        var table = TextTable(headers: ["序号", "项目编码", "得分", "说明"], alignments: [.right, .left, .right, .left])
        table.append(["1", "13091626P00016110003L", "95.50", "实际完成值 86% 未达到目标 ≥90百分数，失分 0.44 分。请说明原因并提出改进措施。"])
        table.wrapColumn = 3
        for width in [50, 60, 80] {  // 44 columns are the least: the code, the numbers and 8 of text
            table.width = width
            let lines = table.render().split(separator: "\n").map(String.init)
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= width }, "\(width): \(lines)")
            #expect(lines.contains { $0.contains("13091626P00016110003L") && $0.contains("95.50") })
        }
        table.width = 0
        #expect(table.render().split(separator: "\n").count == 3, "unlimited: one line a row")
    }

    /// The seed with the sample's actuals, as a report.
    static func report(project: String? = nil) throws -> EvaluationReport {
        EvaluationReport(year: 2026, profile: .national2020, departments: [try DepartmentReportTests.seedResult()], onlyProject: project)
    }

    @Test("golden: the department report and a form at 80 and 160 columns; every line fits")
    func goldens() throws {
        for width in [80, 160] {
            let text = try TextTable.$terminalWidth.withValue(width) { String(decoding: try Self.report().rendered(as: .text), as: UTF8.self) }
            let department = text.components(separatedBy: "项目支出绩效自评表（2026年度）")[0]
            let form = try TextTable.$terminalWidth.withValue(width) { String(decoding: try Self.report(project: "13091626P00024110002A").rendered(as: .text), as: UTF8.self) }
            for line in (department + form).split(separator: "\n") where !line.hasPrefix("═") {
                #expect(DisplayWidth.of(String(line)) <= width, "\(width): \(line)")
            }
            try Golden.check(department, "report-department-\(width).txt")
            try Golden.check(form, "report-13091626P00024110002A-\(width).txt")
        }
    }

    @Test("the command on a terminal fits COLUMNS; piped, it is not wrapped to any width", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func onATerminal() throws {
        let cli = CLIRunner()
        try cli.loadSeedWithSampleActuals()
        let command = "\(CLIRunner.executable.path) report --project 13091626P00024110002A --db \(cli.db)"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qec", command, "/dev/null"]
        var env = ProcessInfo.processInfo.environment
        env["COLUMNS"] = "80"
        env["NO_COLOR"] = "1"
        p.environment = env
        p.currentDirectoryURL = cli.directory
        let out = Pipe()
        p.standardOutput = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("═") }
        #expect(lines.contains { $0.contains("9.56") }, "\(text)")
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 }, "\(lines.filter { DisplayWidth.of($0) > 80 })")
        let piped = try cli.run(["report", "--project", "13091626P00024110002A", "--db", cli.db], environment: ["COLUMNS": "80"])
        #expect(piped.stdout.split(separator: "\n").contains { DisplayWidth.of(String($0)) > 80 }, "piped output is not fitted")
    }
}
