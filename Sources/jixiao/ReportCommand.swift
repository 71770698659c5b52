import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoReports

/// `jixiao report`: the graded report in the format a user files.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "出具评分报告：每个项目的《项目支出绩效自评表》和部门整体自评报告（\(ReportFormats.names)）；--narrative 出叙述体的部门整体绩效自评报告（\(NarrativeReport.formats.map(\.rawValue).joined(separator: "、"))）。"
    )

    @OptionGroup var year: YearOption
    @Option(help: ArgumentHelp("只出这个项目的自评表。", valueName: "code")) var project: String?
    @Option(help: ArgumentHelp("只出这个单位的报告（只为它评分：大库中出一个单位的报告不必给全部单位评分）。", valueName: "code")) var department: String?
    @Flag(help: "只出叙述体的部门整体绩效自评报告（一、部门基本情况 … 六、自评结果应用，由数据生成），格式 \(NarrativeReport.formats.map(\.rawValue).joined(separator: "、"))。")
    var narrative = false
    @OptionGroup var output: ReportOutputOptions<ReportFormats>
    @OptionGroup var footer: FooterOptions
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func validate() throws {
        try output.validate()
        if narrative {
            guard project == nil else { throw ValidationError("--narrative 是部门整体报告，不能与 --project 同用。") }
            guard NarrativeReport.formats.contains(output.resolvedFormat) else {
                throw ValidationError("--narrative 支持的格式：\(NarrativeReport.formats.map(\.rawValue).joined(separator: "、"))。")
            }
        }
    }

    func run() async throws {
        try await Console.run {
            let app = try store.application(.read)
            let y = try await app.resolveYear(year.year)
            let (rules, note) = try await app.readingProfile(profile.profile, year: y)
            if let note { Console.message(note) }
            let report = try await app.report(year: y, profile: rules, department: department, project: project,
                                              footer: try footer.resolve())
            if narrative {
                try output.target(protecting: [store.path])?.check()
                try output.write(try NarrativeReport.rendered(report, as: output.resolvedFormat), protecting: [store.path], note: "（部门整体绩效自评报告，\(output.resolvedFormat.rawValue)）")
            } else {
                try output.emit(report, protecting: [store.path])
            }
        }
    }
}

/// The lines that close the report: 填报人, 联系电话, 填报日期, 单位负责人 — from the options, else
/// a footer file (`--footer-file`, else ./jixiao-report.conf when there is one), else blank lines.
struct FooterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("填报人（印在报告末尾；不给则留空白线待填）。", valueName: "name")) var filer: String?
    @Option(help: ArgumentHelp("联系电话。", valueName: "phone")) var phone: String?
    @Option(name: .customLong("filing-date"), help: ArgumentHelp("填报日期，如 2027-01-15（不给则留空白线）。", valueName: "date")) var filingDate: String?
    @Option(help: ArgumentHelp("单位负责人。", valueName: "name")) var head: String?
    @Option(help: ArgumentHelp("落款配置文件：每行“键: 值”（filer、phone、date、head，或 填报人、联系电话、填报日期、单位负责人）；命令行选项优先。默认读取当前目录的 jixiao-report.conf（如有）。", valueName: "file"))
    var footerFile: String?

    static let defaultFile = "jixiao-report.conf"

    func resolve() throws -> ReportFooter {
        var base = ReportFooter()
        if let footerFile { base = try ReportFooter.load(contentsOf: footerFile) }
        else if FileManager.default.fileExists(atPath: Self.defaultFile) { base = try ReportFooter.load(contentsOf: Self.defaultFile) }
        return base.overridden(by: ReportFooter(filer: filer ?? "", phone: phone ?? "", date: filingDate ?? "", head: head ?? ""))
    }
}

/// `--format` and `--out` of reports: the format defaults to the extension of `--out`, else text.
/// `Formats` is the command's list: its help names exactly those, and any other format — or an
/// `--out` whose extension is not one of them or contradicts `--format` — is refused with the list.
struct ReportOutputOptions<Formats: FormatList>: ParsableArguments {
    @Option(help: ArgumentHelp(Formats.help)) var format: OutputFormat?
    @Option(help: ArgumentHelp("输出文件（扩展名须与格式一致：\(Formats.formats.map { ReportOutputExtensions.preferred[$0] ?? $0.rawValue }.map { "." + $0 }.joined(separator: " "))；xlsx、docx 必须指定）。不给则输出到标准输出。", valueName: "file"))
    var out: String?
    @Flag(help: "输出文件已存在且不是同类输出时也覆盖它（数据库和输入文件永远不会被覆盖）。") var force = false

    init() {}

    /// The format `--out`'s extension names; nil when there is no extension.
    var extensionFormat: OutputFormat?? {
        guard let out else { return nil }
        let ext = URL(fileURLWithPath: out).pathExtension.lowercased()
        guard !ext.isEmpty else { return nil }
        return .some(ReportOutputExtensions.format(ext))
    }

    var resolvedFormat: OutputFormat {
        if let format { return format }
        if case .some(.some(let f)) = extensionFormat { return f }
        return .text
    }

    func validate() throws {
        if case .some(let named) = extensionFormat {
            let ext = URL(fileURLWithPath: out ?? "").pathExtension
            guard let named, Formats.formats.contains(named) else {
                throw ValidationError("不能写 .\(ext) 文件：\(Formats.command) 支持的格式为 \(Formats.names)。请把 --out 的扩展名改为其中之一（如 .\(ReportOutputExtensions.preferred[Formats.formats.last!] ?? Formats.formats.last!.rawValue)）。")
            }
            if let format, format != named {
                throw ValidationError("--format \(format.rawValue) 与 --out 的扩展名 .\(ext) 不一致。请去掉 --format（按扩展名输出）或改用 .\(ReportOutputExtensions.preferred[format] ?? format.rawValue)。")
            }
        }
        try Formats.check(resolvedFormat)
        if [.xlsx, .docx].contains(resolvedFormat), out == nil {
            throw ValidationError("\(resolvedFormat.rawValue) 是二进制文件，请用 --out 指定输出文件，例如 --out 自评报告.\(resolvedFormat.rawValue)")
        }
    }

    /// Renders and writes the report; `protecting` names the database and input files, which the
    /// output may never overwrite.
    func emit(_ report: EvaluationReport, protecting: [String]) throws {
        try target(protecting: protecting)?.check()
        var bar = ProgressBar(label: "生成报告")
        let data = try TextTable.$terminalWidth.withValue(out == nil ? TextTable.terminalWidth : 0) {
            try report.rendered(as: resolvedFormat, withBOM: out != nil) { bar.update($0, $1) }
        }
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

/// The extensions `--out` may have, and the format each names.
enum ReportOutputExtensions {
    static let preferred: [OutputFormat: String] = [.markdown: "md", .text: "txt"]

    /// The format of an extension; nil for one no command writes (.pdf, .doc …).
    static func format(_ ext: String) -> OutputFormat? {
        switch ext {
        case "md", "markdown": return .markdown
        case "htm", "html": return .html
        case "txt", "text": return .text
        default: return OutputFormat(rawValue: ext)
        }
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
    @OptionGroup var output: ReportOutputOptions<EvaluateFormats>
    @OptionGroup var footer: FooterOptions
    @OptionGroup var store: StoreOptions

    func validate() throws { try output.validate() }

    func run() async throws {
        try await Console.run {
            try output.target(protecting: [store.path, targets, actuals])?.check()
            let rules = try profile.resolve()
            let done = try await store.application(.create).evaluate(targets: targets, actuals: actuals, year: year.year, profile: rules, footer: try footer.resolve())
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
