import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoEngine
import JixiaoModel
import JixiaoReports

/// `jixiao score`: scores every project and the department, stores the run, prints a summary.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "按评分规则给每个项目和部门整体评分，保存本次评分（含规则名称与哈希），并输出汇总。"
    )

    @OptionGroup var year: YearOption
    @OptionGroup var profile: ProfileOption
    @Flag(help: "截止日评分：空白的实际完成值按 0 分计、项目照常评定等级（财政局在填报截止后评分）；不加时，有空白的项目为“填报未完成”，不评等级。")
    var final = false
    @Option(help: "输出格式：text、json。") var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard [.text, .json].contains(format) else { throw ValidationError("score 支持的格式：text、json。") }
    }

    func run() async throws {
        try await Console.run {
            let chosen = try profile.resolve()
            let rules = final ? chosen.final : chosen
            let app = try store.application(.write)
            let y = try await app.resolveYear(year.year)
            let format = self.format
            Console.out(ScoreReports.summaryHeader(year: y, profile: rules, format: format))
            let run = try await app.score(year: y, profile: rules, progress: TerminalProgress(minimum: 2).handler) { results, first in
                Console.out(ScoreReports.summarySections(results, first: first, format: format))
            }
            Console.out(ScoreReports.summaryFooter(format: format))
            Console.message("已保存第 \(run.id) 次评分（规则 \(rules.name)\(final ? "，截止日评分：空白按 0 分计" : "")）。")
        }
    }
}

/// `jixiao explain CODE`: how every point was derived.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "说明一个项目（或单位）每一分是怎么来的：分值分配、公式与数字、舍入、扣分、封顶、等级。"
    )

    @Argument(help: ArgumentHelp("项目编码（或单位编码）。", valueName: "code")) var code: String
    @OptionGroup var year: YearOption
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await Console.run {
            let app = try store.application(.read)
            let y = try await app.resolveYear(year.year)
            let (rules, note) = try await app.readingProfile(profile.profile, year: y)
            if let note { Console.message(note) }
            switch try await app.explain(code: code, year: y, profile: rules) {
            case .department(let result): Console.out(ScoreReports.explain(result, profile: rules))
            case .project(let result): Console.out(ScoreReports.explain(result, profile: rules))
            }
        }
    }
}

/// `jixiao profiles`: the shipped rule profiles.
struct ProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "profiles", abstract: "列出可用的评分规则（Weights/*.yaml）。")

    func run() async throws {
        try await Console.run {
            let catalog = ProfileCatalog()
            Console.out(ProfileReports.list(try catalog.all()))
            for dir in catalog.existingDirectories { Console.message("规则目录：\(dir.path)\(dir == catalog.extra ? "（\(ProfileCatalog.environmentVariable)）" : "（随程序提供）")") }
        }
    }
}

/// `jixiao profile show NAME`.
struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "profile", abstract: "查看评分规则。", subcommands: [Show.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "显示一个评分规则的全部有效设置。")
        @Argument(help: ArgumentHelp("规则名称或 YAML 文件。", valueName: "name")) var name: String = "national-2020"

        func run() async throws {
            try await Console.run { Console.out(ScoreReports.profile(try ProfileCatalog().resolve(name))) }
        }
    }
}
