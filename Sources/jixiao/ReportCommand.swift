import ArgumentParser
import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoReports
import JixiaoStore

/// `jixiao report`: the graded report in the format a user files.
struct ReportCommand: ParsableCommand {
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

    func run() throws {
        try Console.run {
            let rules = try profile.resolve()
            let db = try store.open(mustExist: true)
            let y = try year.resolve(in: db)
            let results = try Evaluation.score(db, year: y, profile: rules, only: department)
            if let department, results.isEmpty {
                throw StoreError("\(y) 年度没有单位 \(department)。用 jixiao departments 查看单位编码。")
            }
            if let project, !results.contains(where: { $0.projects.contains { $0.project.code == project } }) {
                throw StoreError("\(y) 年度没有编码为 \(project) 的项目。用 jixiao projects 查看项目编码。")
            }
            try output.emit(EvaluationReport(year: y, profile: rules, departments: results, onlyProject: project))
        }
    }
}

/// `--format` and `--out` of reports: the format defaults to the extension of `--out`, else text.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: "输出格式：text、markdown、html、json、csv、xlsx、docx（默认按 --out 的扩展名，否则 text）。") var format: OutputFormat?
    @Option(help: ArgumentHelp("输出文件（xlsx、docx 必须指定）。不给则输出到标准输出。", valueName: "file")) var out: String?

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

    /// Renders and writes the report.
    func emit(_ report: EvaluationReport) throws {
        var bar = ProgressBar(label: "生成报告")
        let progress: (Int, Int) -> Void = { bar.update($0, $1) }
        let data: Data
        switch resolvedFormat {
        case .text: data = Data(ReportText.render(report, markdown: false, progress: progress).utf8)
        case .markdown: data = Data(ReportText.render(report, markdown: true, progress: progress).utf8)
        case .html: data = Data(ReportHTML.render(report, progress: progress).utf8)
        case .json:
            var r = report
            if let only = report.onlyProject {
                r.departments = r.departments.compactMap { d in
                    var copy = d
                    copy.projects = d.projects.filter { $0.project.code == only }
                    return copy.projects.isEmpty ? nil : copy
                }
            }
            data = Data(ScoresJSON.document(year: r.year, profile: r.profile, departments: r.departments).serialized().utf8)
        case .csv:
            let text = ReportSheets.csv(report)
            data = Data((out == nil ? String(text.dropFirst()) : text).utf8)
        case .xlsx: data = try ReportSheets.xlsx(report, progress: progress)
        case .docx: data = try ReportDOCX.data(report, progress: progress)
        }
        try write(data, note: "（\(resolvedFormat.rawValue)，\(report.projects.count) 个项目）")
    }
}

/// `jixiao evaluate`: import, record, score and report in one command.
struct EvaluateCommand: ParsableCommand {
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

    func run() throws {
        try Console.run {
            let rules = try profile.resolve()
            let document = try TargetFileReader.read(url: URL(fileURLWithPath: targets), displayName: targets, year: year.year)
            let entries = try ActualsFileReader.read(url: URL(fileURLWithPath: actuals), displayName: actuals)
            let department = document.department
            let db = try store.open(mustExist: false)
            // Validate the actuals against the targets being imported before writing anything.
            let validated = try ActualsValidator(departments: [department], profile: rules).validate(entries)
            let imported = try db.importTargets(department, source: ImportSource(fileName: targets))
            let recorded = try db.recordActuals(validated.actuals, by: Console.userName, at: Date())
            Console.report(warnings: validated.warnings)
            let results = try Evaluation.score(db, year: department.year, profile: rules, only: department.code)
            let runID = try db.saveScoreRun(ScoresJSON.records(year: department.year, profile: rules, results: results, at: Date(), by: Console.userName))
            let importNote: String
            switch imported {
            case .created: importNote = "已导入"
            case .unchanged: importNote = "与已有相同"
            case .replaced(let v): importNote = "已替换（旧版本 \(v) 存入历史）"
            }
            Console.message("\(department.code) \(department.name) \(department.year) 年度：目标表\(importNote)；实际完成值新增 \(recorded.added)、修改 \(recorded.changed)、未变 \(recorded.unchanged) 行；第 \(runID) 次评分（\(rules.name)）。数据库：\(store.path)")
            try output.emit(EvaluationReport(year: department.year, profile: rules, departments: results))
        }
    }
}
