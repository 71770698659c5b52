import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoModel
import JixiaoReports

/// `jixiao submit`: the unit submits its year's self-evaluation.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "提交本单位的年度自评：有未填完的项目、错误级问题或缺少的偏差原因时拒绝并列出；提交后实际完成值锁定，待财政审核或退回。"
    )

    @Option(help: ArgumentHelp("要提交的单位（默认：--as-unit 的单位，或数据库中唯一的单位）。", valueName: "code")) var department: String?
    @OptionGroup var year: YearOption
    @Option(help: ArgumentHelp("提交说明。", valueName: "text")) var note: String = ""
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await Console.run {
            let filing = try await store.application(.write).submit(department: department, year: year.year, note: note, profile: try profile.resolve())
            Console.out("单位 \(filing.departmentCode) \(filing.year) 年度自评已提交（\(filing.submittedAt ?? "")，\(filing.submittedBy ?? "")）。实际完成值已锁定，待财政审核或退回。\n")
        }
    }
}

/// `jixiao return CODE --comment …`: the bureau sends a filing back.
struct ReturnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return",
        abstract: "财政退回单位的自评：第一个 --comment 是总体意见，其后每个 --item 项目编码[/指标] 配一个 --comment。",
        discussion: "例：jixiao return 342001 --comment \"请补充偏差原因\" --item 13091626P00024110002A/群众满意度 --comment \"未达标须说明原因\""
    )

    @Argument(help: ArgumentHelp("单位编码。", valueName: "code")) var department: String
    @Option(name: .customLong("comment"), help: ArgumentHelp("审核意见：第一个为总体意见，其后依次对应各 --item。", valueName: "text")) var comments: [String] = []
    @Option(name: .customLong("item"), help: ArgumentHelp("意见所针对的项目或指标：项目编码，或 项目编码/三级指标。", valueName: "project[/indicator]")) var items: [String] = []
    @OptionGroup var year: YearOption
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard !comments.isEmpty else { throw ValidationError("退回须给出审核意见：--comment 意见。") }
        guard comments.count == items.count + 1 else {
            throw ValidationError("第一个 --comment 是总体意见，其后每个 --item 须配一个 --comment；收到 \(comments.count) 个意见、\(items.count) 个 --item。")
        }
    }

    func run() async throws {
        try await Console.run {
            let itemComments = zip(items, comments.dropFirst()).map { item, text in
                let parts = item.split(separator: "/", maxSplits: 1).map(String.init)
                return ItemComment(project: parts.first ?? item, indicator: parts.count > 1 ? parts[1] : nil, text: text)
            }
            let filing = try await store.application(.write).returnFiling(department: department, year: year.year, comment: comments[0], items: itemComments)
            Console.out("单位 \(filing.departmentCode) \(filing.year) 年度自评已退回（\(itemComments.count) 条逐项意见）。\n")
        }
    }
}

/// `jixiao approve CODE`: the bureau approves a submitted filing.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "财政审核通过单位的自评：锁定填报，以复核后的得分为公开结果（保存一次评分及所用规则）。"
    )

    @Argument(help: ArgumentHelp("单位编码。", valueName: "code")) var department: String
    @OptionGroup var year: YearOption
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await Console.run {
            let filing = try await store.application(.write).approve(department: department, year: year.year, profile: try profile.resolve())
            Console.out("单位 \(filing.departmentCode) \(filing.year) 年度自评已审核通过（规则 \(filing.approvedProfile ?? "")）。\n")
        }
    }
}

/// `jixiao adjust CODE PROJECT/INDICATOR --score X --reason TEXT`: the bureau's 复核.
struct AdjustCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjust",
        abstract: "财政复核：给某项目的某个指标（或“预算执行率”）记录复核得分，与单位自评得分并存；须说明理由，审核通过前可改。"
    )

    @Argument(help: ArgumentHelp("单位编码。", valueName: "code")) var department: String
    @Argument(help: ArgumentHelp("项目编码/三级指标（部门整体指标用 单位编码/指标）。", valueName: "project/indicator")) var item: String
    @Option(help: ArgumentHelp("复核得分（0 到该指标分值）。", valueName: "points")) var score: String
    @Option(help: ArgumentHelp("复核理由。", valueName: "text")) var reason: String
    @OptionGroup var year: YearOption
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard item.contains("/") else { throw ValidationError("第二个参数应为 项目编码/三级指标，如 13091626P00024110002A/群众满意度。") }
        guard Decimals.parse(score) != nil else { throw ValidationError("--score 应为数字，如 8.5。") }
    }

    func run() async throws {
        try await Console.run {
            let parts = item.split(separator: "/", maxSplits: 1).map(String.init)
            let a = try await store.application(.write).adjust(department: department, year: year.year, project: parts[0], indicator: parts[1],
                                                               score: Decimals.parse(score)!, reason: reason, profile: try profile.resolve())
            let what = a.key.level3 == SpecialRow.executed ? "预算执行率" : a.key.level3
            Console.out("已记录复核得分：\(a.key.ownerCode) / \(what) = \(Decimals.fixed(a.score, 2)) 分（\(a.reason)）。\n")
        }
    }
}

/// `jixiao status`: every department's filing — the bureau's chase list.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "各单位填报状态：状态、提交时间、自评得分、复核得分、等级、待处理的审核意见，以及尚未提交的单位（催报名单）。给出 --department 则显示该单位的状态变化。"
    )

    @OptionGroup var year: YearOption
    @Option(help: ArgumentHelp("只看这个单位的状态变化与审核意见。", valueName: "code")) var department: String?
    @Option(help: "输出格式：text、markdown、json、csv、html、xlsx。") var format: OutputFormat = .text
    @Option(help: ArgumentHelp("输出文件（xlsx 必须指定）。", valueName: "file")) var out: String?
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard format != .docx else { throw ValidationError("status 支持的格式：text、markdown、json、csv、html、xlsx。") }
        if format == .xlsx, out == nil { throw ValidationError("xlsx 请用 --out 指定输出文件。") }
    }

    func run() async throws {
        try await Console.run {
            let app = try store.application(.read)
            let data: Data
            if let department {
                let h = try await app.filingHistory(department: department, year: year.year)
                data = try FilingReports.history(h.filing, events: h.events, comments: h.comments, format: format)
            } else {
                let (y, rows) = try await app.filingStatus(year: year.year, profile: try profile.resolve())
                data = try FilingReports.status(year: y, rows, format: format)
            }
            try FileOutput.write(data, to: out, kind: format, protecting: [store.path])
        }
    }
}

/// `jixiao sample`: the spot-check sample.
struct SampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "抽查名单：按预算加权、每个单位至少一个、可重现（--seed）地抽取项目；有错误级问题或得分较上年变化超过 10 分的项目必抽；列出抽取原因。"
    )

    @OptionGroup var year: YearOption
    @Option(help: ArgumentHelp("抽查比例，如 20% 或 0.2。", valueName: "rate")) var rate: String = "20%"
    @Option(name: .customLong("min-budget"), help: ArgumentHelp("只从全年预算数不低于此数（万元）的项目中抽取。", valueName: "amount")) var minBudget: String?
    @Option(help: "随机种子（同一种子抽取结果相同）。") var seed: UInt64 = 1
    @Option(help: "输出格式：text、markdown、json、csv、html、xlsx。") var format: OutputFormat = .text
    @Option(help: ArgumentHelp("输出文件（xlsx 必须指定）。", valueName: "file")) var out: String?
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    var parsedRate: Decimal? {
        let text = rate.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") { return Decimals.parse(String(text.dropLast())).map { $0 / 100 } }
        return Decimals.parse(text).map { $0 > 1 ? $0 / 100 : $0 }
    }

    func validate() throws {
        guard let r = parsedRate, r > 0, r <= 1 else { throw ValidationError("--rate 应为 0 到 100% 之间的比例，如 20%。") }
        if let minBudget, Decimals.parse(minBudget) == nil { throw ValidationError("--min-budget 应为金额（万元），如 100。") }
        guard format != .docx else { throw ValidationError("sample 支持的格式：text、markdown、json、csv、html、xlsx。") }
        if format == .xlsx, out == nil { throw ValidationError("xlsx 请用 --out 指定输出文件。") }
    }

    func run() async throws {
        try await Console.run {
            let check = try await store.application(.read).spotCheck(year: year.year, rate: parsedRate!, minimumBudget: minBudget.flatMap(Decimals.parse),
                                                                     seed: seed, profile: try profile.resolve())
            try FileOutput.write(try FilingReports.spotCheck(check, format: format), to: out, kind: format, protecting: [store.path])
        }
    }
}

/// `jixiao publish --out FILE`: the approved results for the budget notice.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "公开结果：已审核单位的部门与项目审定得分、等级、执行率和结果应用（xlsx、csv，或 json），作为预算通知的附件；未审核的单位单列。"
    )

    @OptionGroup var year: YearOption
    @Option(help: ArgumentHelp("输出文件：.xlsx、.csv 或 .json。", valueName: "file")) var out: String
    @Option(help: "输出格式（默认按 --out 的扩展名）：xlsx、csv、json。") var format: OutputFormat?
    @Flag(help: "输出文件已存在且不是同类输出时也覆盖它。") var force = false
    @OptionGroup var store: StoreOptions

    var resolvedFormat: OutputFormat { format ?? OutputFormat(rawValue: URL(fileURLWithPath: out).pathExtension.lowercased()) ?? .xlsx }

    func validate() throws {
        guard [.xlsx, .csv, .json].contains(resolvedFormat) else { throw ValidationError("publish 支持的格式：xlsx、csv、json（按 --out 的扩展名或 --format）。") }
    }

    func run() async throws {
        try await Console.run {
            let target = OutputTarget(path: out, kind: OutputKind(rawValue: resolvedFormat.rawValue) ?? .xlsx, protecting: [store.path], force: force)
            try target.check()
            let publication = try await store.application(.read).publication(year: year.year)
            try OutputFile.write(try FilingReports.publication(publication, format: resolvedFormat), to: target)
            Console.message("已生成 \(out)：\(publication.departments.count) 个已审核单位\(publication.pending.isEmpty ? "" : "，\(publication.pending.count) 个未审核单位单列")。")
        }
    }
}

/// Output to `--out` (checked) or stdout.
enum FileOutput {
    static func write(_ data: Data, to out: String?, kind format: OutputFormat, protecting: [String], force: Bool = false) throws {
        guard let out else {
            Console.out(data: data)
            return
        }
        try OutputFile.write(data, to: OutputTarget(path: out, kind: OutputKind(rawValue: format.rawValue) ?? .text, protecting: protecting, force: force))
        Console.message("已生成 \(out)。")
    }
}
