import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoReports

/// `jixiao report`: the graded report in the format a user files.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "出具评分报告：每个项目的《项目支出绩效自评表》和部门整体自评报告（text、markdown、html、json、csv、xlsx、docx）。"
    )

    @OptionGroup var year: YearOption
    @Option(help: ArgumentHelp("只出这个项目的自评表。", valueName: "code")) var project: String?
    @Option(help: ArgumentHelp("只出这个单位的报告（只为它评分：大库中出一个单位的报告不必给全部单位评分）。", valueName: "code")) var department: String?
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func validate() throws { try output.validate() }

    func run() async throws {
        try await Console.run {
            let app = try store.application(.read)
            let y = try await app.resolveYear(year.year)
            let (rules, note) = try await app.readingProfile(profile.profile, year: y)
            if let note { Console.message(note) }
            let report = try await app.report(year: y, profile: rules, department: department, project: project)
            try output.emit(report, protecting: [store.path])
        }
    }
}

/// `--format` and `--out` of reports: the format defaults to the extension of `--out`, else text.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: "输出格式：text、markdown、html、json、csv、xlsx、docx（默认按 --out 的扩展名，否则 text）。") var format: OutputFormat?
    @Option(help: ArgumentHelp("输出文件（xlsx、docx 必须指定）。不给则输出到标准输出。", valueName: "file")) var out: String?
    @Flag(help: "输出文件已存在且不是同类输出时也覆盖它（数据库和输入文件永远不会被覆盖）。") var force = false

    var resolvedFormat: OutputFormat {
        if let format { return format }
        switch out.map({ URL(fileURLWithPath: $0).pathExtension.lowercased() }) {
        case "md"?: return .markdown
        case "htm"?, "html"?: return .html
        case let ext?: return OutputFormat(rawValue: ext) ?? .text
        case nil: return .text
        }
    }

    func validate() throws {
        if [.xlsx, .docx].contains(resolvedFormat), out == nil {
            throw ValidationError("\(resolvedFormat.rawValue) 是二进制文件，请用 --out 指定输出文件，例如 --out 自评报告.\(resolvedFormat.rawValue)")
        }
    }

    /// Renders and writes the report; `protecting` names the database and input files, which the
    /// output may never overwrite.
    func emit(_ report: EvaluationReport, protecting: [String]) throws {
        try target(protecting: protecting)?.check()
        var bar = ProgressBar(label: "生成报告")
        let data = try report.rendered(as: resolvedFormat, withBOM: out != nil) { bar.update($0, $1) }
        try write(data, protecting: protecting, note: "（\(resolvedFormat.rawValue)，\(report.projects.count) 个项目）")
    }

    /// `--out` as an output target, nil for stdout.
    func target(protecting: [String]) -> OutputTarget? {
        out.map { OutputTarget(path: $0, kind: OutputKind(rawValue: resolvedFormat.rawValue) ?? .text, protecting: protecting, force: force) }
    }

    /// Writes data to `--out` or stdout.
    func write(_ data: Data, protecting: [String], note: String = "") throws {
        if let target = target(protecting: protecting) {
            try OutputFile.write(data, to: target)
            Console.message("已生成 \(target.url.path)\(note)。")
        } else {
            Console.out(data: data)
        }
    }

    /// A sink writing piece by piece to `--out` or stdout.
    func sink(protecting: [String]) throws -> OutputSink {
        try target(protecting: protecting).map(OutputSink.init) ?? OutputSink()
    }
}

/// `jixiao evaluate`: import, record, score and report in one command.
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "一条命令完成全部工作：导入绩效目标表、录入实际完成值、评分并出具报告。"
    )

    @Argument(help: ArgumentHelp("绩效目标表文件。", valueName: "targets")) var targets: String
    @Option(help: ArgumentHelp("填好的实际完成值（.csv 或 .xlsx）。", valueName: "file")) var actuals: String
    @OptionGroup var year: YearOption
    @OptionGroup var profile: ProfileOption
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var store: StoreOptions

    func validate() throws { try output.validate() }

    func run() async throws {
        try await Console.run {
            try output.target(protecting: [store.path, targets, actuals])?.check()
            let rules = try profile.resolve()
            let done = try await store.application(.create).evaluate(targets: targets, actuals: actuals, year: year.year, profile: rules)
            Console.report(warnings: done.warnings)
            let importNote: String
            switch done.imported {
            case .created: importNote = "已导入"
            case .unchanged: importNote = "与已有相同"
            case .replaced(let v): importNote = "已替换（旧版本 \(v) 存入历史）"
            }
            let d = done.department, r = done.recorded
            Console.message("\(d.code) \(d.name) \(d.year) 年度：目标表\(importNote)；实际完成值新增 \(r.added)、修改 \(r.changed)、未变 \(r.unchanged) 行；第 \(done.runID) 次评分（\(rules.name)）。数据库：\(store.path)")
            try output.emit(done.report, protecting: [store.path, targets, actuals])
        }
    }
}
