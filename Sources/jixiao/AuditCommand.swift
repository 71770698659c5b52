import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoModel
import JixiaoReports

/// `jixiao audit FILE…`: recomputes filled self-evaluations and lists every difference.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "审核已填报的自评表（填报表 csv/xlsx，或自评表原样式的 xlsx/docx）：按规则重算每一项得分，列出差异与原因，并汇总。"
    )

    @Argument(help: ArgumentHelp("自评表文件或文件夹。", valueName: "file")) var files: [String]
    @Option(help: ArgumentHelp("得分偏离规则超过此值即为 R11（默认 0.01）。", valueName: "points")) var tolerance: String = "0.01"
    @Option(help: ArgumentHelp("评价年度（只影响不写年份的完成时限）。", valueName: "year")) var year: Int = 2026
    @Flag(help: "发现错误级问题时以状态 1 退出。") var strict = false
    @OptionGroup var output: ReportOutputOptions<AuditFormats>
    @OptionGroup var profile: ProfileOption

    func validate() throws {
        try output.validate()
        guard let t = Decimals.parse(tolerance), t >= 0 else { throw ValidationError("--tolerance 应为非负数，如 0.01。") }
    }

    func run() async throws {
        try await Console.run {
            let rules = try profile.resolve()
            let run = FormAudit.audit(files: files, profile: rules, tolerance: Decimals.parse(tolerance)!, year: year, progress: TerminalProgress().handler)
            try output.write(try AuditReport.render(run.results, failures: run.failures, files: run.fileCount, profile: rules, format: output.resolvedFormat),
                             protecting: InputFiles.expand(files, extensions: InputFiles.formExtensions))
            let errors = run.results.flatMap(\.findings).filter { $0.severity == .error }.count + run.failures.count
            let unreadable = run.failures.count
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
