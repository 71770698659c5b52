import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoModel
import JixiaoReports

/// `jixiao review`: checks target tables before the year starts.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "审核绩效目标表（文件、文件夹，或数据库中某年度的目标表）：逐条列出问题、位置与修改建议，并汇总。"
    )

    @Argument(help: ArgumentHelp("绩效目标表文件或文件夹；不给则审核数据库中的目标表。", valueName: "file")) var files: [String] = []
    @OptionGroup var year: YearOption
    @Flag(help: "发现错误级问题时以状态 1 退出。") var strict = false
    @OptionGroup var output: ReportOutputOptions<ReviewFormats>
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func validate() throws { try output.validate() }

    func run() async throws {
        try await Console.run {
            let rules = try profile.resolve()
            let tables = files.isEmpty
                ? try await store.application(.read).reviewStored(year: year.year, profile: rules)
                : TargetFileReview.review(files: files, year: year.year, profile: rules, progress: TerminalProgress().handler)
            try output.write(try ReviewReport.render(tables, format: output.resolvedFormat),
                             protecting: files.isEmpty ? [store.path] : InputFiles.expand(files, extensions: InputFiles.targetExtensions))
            let errors = tables.flatMap(\.findings).filter { $0.severity == .error }.count + tables.filter { $0.failure != nil }.count
            let unreadable = tables.filter { $0.failure != nil }.count
            if unreadable > 0 {
                // A file asked for and not read is a failure, --strict or not.
                Console.message("\(unreadable) 个文件无法读取（见上）。")
                throw ExitCode.failure
            }
            if strict && errors > 0 {
                Console.message("发现 \(errors) 个错误（--strict）。")
                throw ExitCode.failure
            }
        }
    }
}
