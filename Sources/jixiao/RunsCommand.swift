import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoReports

/// `jixiao runs [--year Y]`: the stored score runs.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "列出已保存的评分：时间、评分规则及其哈希、评分人、部门得分（report、departments、compare、explain 默认用最近一次的规则）。"
    )

    @Option(name: .long, help: ArgumentHelp("只列这个年度的评分（默认：全部年度）。", valueName: "year")) var year: Int?
    @Option(help: "输出格式：text、json。") var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard [.text, .json].contains(format) else { throw ValidationError("runs 支持的格式：text、json。") }
        if let year, !(2000...2100).contains(year) { throw ValidationError("--year 应为四位年份，例如 2026；收到 \(year)。") }
    }

    func run() async throws {
        try await Console.run {
            let runs = try await store.application(.read).runs(year: year)
            Console.out(data: try RunsReport.render(runs, year: year, format: format))
        }
    }
}
