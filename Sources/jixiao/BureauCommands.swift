import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoEngine
import JixiaoModel
import JixiaoReports
import JixiaoStore

/// `jixiao compare --years 2025 2026`: years side by side.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "年度对比：部门得分、等级与执行率；项目按编码（否则按名称）对应，得分变化；指标增删与目标调整；连续出现的问题。"
    )

    @Option(parsing: .upToNextOption, help: ArgumentHelp("要对比的年度（至少两个），如 --years 2025 2026。", valueName: "year")) var years: [Int]
    @Option(help: ArgumentHelp("只对比这个单位。", valueName: "code")) var department: String?
    @OptionGroup var output: ReportOutputOptions<CompareFormats>
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func validate() throws {
        try output.validate()
        guard Set(years).count >= 2 else { throw ValidationError("--years 至少给出两个不同的年度，例如 --years 2025 2026。") }
    }

    func run() async throws {
        try await Console.run {
            let app = try store.application(.read)
            let (rules, note) = try await app.readingProfile(profile.profile, year: years.max()!)
            if let note { Console.message(note) }
            let format = output.resolvedFormat
            // Text, markdown, csv and json are written as each chunk arrives; html and xlsx are
            // assembled whole.
            if [OutputFormat.text, .markdown, .csv, .json].contains(format) {
                let sink = try output.sink(protecting: [store.path])
                try await app.compare(years: years, department: department, profile: rules) { comparisons, first in
                    try sink.write(try CompareReport.render(comparisons, profile: rules, format: format, part: first ? .first : .middle))
                }
                try sink.write(try CompareReport.render([], profile: rules, format: format, part: .last))
                try sink.finish()
                if let target = sink.target { Console.message("已生成 \(target.path)。") }
            } else {
                var collected: [YearComparison] = []
                try await app.compare(years: years, department: department, profile: rules) { collected += $0; _ = $1 }
                try output.write(try CompareReport.render(collected, profile: rules, format: format), protecting: [store.path])
            }
        }
    }
}

/// `jixiao departments`: the bureau's ranking.
struct DepartmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "departments",
        abstract: "各单位排名：按部门整体自评得分（其次项目加权平均分），附执行率、等级分布和错误级问题数。"
    )

    @OptionGroup var year: YearOption
    @OptionGroup var output: ReportOutputOptions<DepartmentsFormats>
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func validate() throws { try output.validate() }

    func run() async throws {
        try await Console.run {
            let app = try store.application(.read)
            let y = try await app.resolveYear(year.year)
            let (rules, note) = try await app.readingProfile(profile.profile, year: y)
            if let note { Console.message(note) }
            try output.write(try DepartmentsReport.render(try await app.rankDepartments(year: y, profile: rules), year: y, profile: rules, format: output.resolvedFormat),
                             protecting: [store.path])
        }
    }
}

/// `jixiao merge OTHER.sqlite…`: departments' own databases into the bureau's.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "把各单位的数据库文件并入本库：新单位年度直接并入；内容相同的不变；内容不同的拒绝（除非 --replace，旧版本存入历史）。"
    )

    @Argument(help: ArgumentHelp("要并入的数据库文件。", valueName: "file")) var files: [String]
    @Flag(help: "内容不同时以对方为准（原有版本保存在历史表中）。") var replace = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        var failed = false
        try await Console.run {
            let app = try store.application(.create)
            for file in files {
                do {
                    let outcome = try await app.merge(databaseAt: file, replace: replace)
                    var lines = ["\(file)：并入 \(outcome.created.count)，相同 \(outcome.unchanged.count)，替换 \(outcome.replaced.count)"]
                    lines += outcome.created.map { "  + \($0)" } + outcome.replaced.map { "  ↻ \($0)（旧版本已存入历史）" } + outcome.unchanged.map { "  = \($0)" }
                    Console.out(lines.joined(separator: "\n") + "\n")
                } catch let conflict as MergeConflict {
                    Console.report(Diagnostic(.error, at: SourceLocation(file: file), conflict.description))
                    failed = true
                } catch let error as InputError {
                    Console.report(error)
                    failed = true
                }
            }
        }
        if failed { throw ExitCode.failure }
    }
}
