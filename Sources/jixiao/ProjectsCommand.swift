import ArgumentParser
import Foundation
import JixiaoReports

/// `jixiao projects`: the list of projects with budgets and indicator counts.
struct ProjectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projects",
        abstract: "列出项目：项目编码、名称、预算数、指标数及合计。"
    )

    @OptionGroup var year: YearOption
    @Option(help: ArgumentHelp(TargetSheetFormats.help)) var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func validate() throws { try TargetSheetFormats.check(format) }

    func run() async throws {
        try await Console.run {
            let app = try store.application(.read)
            let y = try await app.resolveYear(year.year)
            Console.out(TargetReports.projectList(year: y, departments: try await app.departments(year: y), format: format))
        }
    }
}
