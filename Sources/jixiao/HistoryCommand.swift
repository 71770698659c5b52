import ArgumentParser
import Foundation
import JixiaoReports

/// `jixiao history CODE`: every change to a project's (or department's) actuals.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "显示一个项目（或单位）实际完成值的修改历史：时间、修改人、旧值、新值、来源文件和行。"
    )

    @Argument(help: ArgumentHelp("项目编码（或单位编码）。", valueName: "code")) var code: String
    @OptionGroup var year: YearOption
    @Option(help: ArgumentHelp(HistoryFormats.help)) var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func validate() throws { try HistoryFormats.check(format) }

    func run() async throws {
        try await Console.run {
            let (y, changes) = try await store.application(.read).actualHistory(code: code, year: year.year)
            Console.out(ActualsReports.history(code: code, year: y, changes: changes, format: format))
        }
    }
}
