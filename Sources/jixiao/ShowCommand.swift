import ArgumentParser
import Foundation
import JixiaoReports

/// `jixiao show CODE`: one project's 绩效目标表, or a department's own goals.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "显示一个项目的绩效目标表（给出单位编码则显示部门整体绩效目标）。"
    )

    @Argument(help: ArgumentHelp("项目编码（或单位编码）。", valueName: "code"))
    var code: String

    @OptionGroup var year: YearOption
    @Option(help: ArgumentHelp(TargetSheetFormats.help)) var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func validate() throws { try TargetSheetFormats.check(format) }

    func run() async throws {
        try await Console.run {
            let app = try store.application(.read)
            switch try await app.targetSheet(code: code, year: try await app.resolveYear(year.year)) {
            case .project(let department, let project):
                Console.out(TargetReports.projectSheet(department: department, project: project, format: format))
            case .department(let department):
                Console.out(TargetReports.departmentSheet(department, format: format))
            }
        }
    }
}
