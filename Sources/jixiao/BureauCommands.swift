import ArgumentParser
import Foundation
import JixiaoEngine
import JixiaoModel
import JixiaoReports
import JixiaoStore

/// `jixiao compare --years 2025 2026`: years side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "年度对比：部门得分、等级与执行率；项目按编码（否则按名称）对应，得分变化；指标增删与目标调整；连续出现的问题。"
    )

    @Option(parsing: .upToNextOption, help: ArgumentHelp("要对比的年度（至少两个），如 --years 2025 2026。", valueName: "year")) var years: [Int]
    @Option(help: ArgumentHelp("只对比这个单位。", valueName: "code")) var department: String?
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func validate() throws {
        try output.validate()
        guard Set(years).count >= 2 else { throw ValidationError("--years 至少给出两个不同的年度，例如 --years 2025 2026。") }
    }

    func run() throws {
        try Console.run {
            let rules = try profile.resolve()
            let db = try store.open(mustExist: true)
            let available = Set(try db.years())
            let missing = years.filter { !available.contains($0) }
            guard missing.isEmpty else {
                throw StoreError("数据库中没有 \(missing.map(String.init).joined(separator: "、")) 年度的数据。已有：\(available.sorted().map(String.init).joined(separator: "、"))。")
            }
            let scorer = Scorer(profile: rules)
            var byDepartment: [String: [DepartmentResult]] = [:]
            for year in Set(years).sorted() {
                for d in try db.departments(year: year) where department == nil || d.code == department {
                    byDepartment[d.code, default: []].append(scorer.score(d, actuals: try db.actuals(departmentCode: d.code, year: year)))
                }
            }
            guard !byDepartment.isEmpty else { throw StoreError("所选年度中没有单位 \(department ?? "")。") }
            let comparisons = byDepartment.keys.sorted().map { YearComparison.compare(byDepartment[$0]!) }
            let data = try CompareReport.render(comparisons, profile: rules, format: output.resolvedFormat)
            try output.write(data)
        }
    }
}

/// `jixiao departments`: the bureau's ranking.
struct DepartmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "departments",
        abstract: "各单位排名：按部门整体自评得分（其次项目加权平均分），附执行率、等级分布和错误级问题数。"
    )

    @OptionGroup var year: YearOption
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func validate() throws { try output.validate() }

    func run() throws {
        try Console.run {
            let rules = try profile.resolve()
            let db = try store.open(mustExist: true)
            let y = try year.resolve(in: db)
            let results = try Evaluation.score(db, year: y, profile: rules)
            try output.write(try DepartmentsReport.render(results, year: y, profile: rules, format: output.resolvedFormat))
        }
    }
}

/// `jixiao merge OTHER.sqlite…`: departments' own databases into the bureau's.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "把各单位的数据库文件并入本库：新单位年度直接并入；内容相同的不变；内容不同的拒绝（除非 --replace，旧版本存入历史）。"
    )

    @Argument(help: ArgumentHelp("要并入的数据库文件。", valueName: "file")) var files: [String]
    @Flag(help: "内容不同时以对方为准（原有版本保存在历史表中）。") var replace = false
    @OptionGroup var store: StoreOptions

    func run() throws {
        try Console.run {
            let db = try store.open(mustExist: false)
            var failed = false
            for file in files {
                if URL(fileURLWithPath: file).standardizedFileURL == URL(fileURLWithPath: store.path).standardizedFileURL {
                    Console.report(Diagnostic(.error, at: SourceLocation(file: file), "不能把数据库并入它自己。"))
                    failed = true
                    continue
                }
                do {
                    let other = try SQLiteStore(readingOnly: file)
                    let outcome = try db.merge(from: other, source: file, replace: replace, by: Console.userName)
                    var lines = ["\(file)：并入 \(outcome.created.count)，相同 \(outcome.unchanged.count)，替换 \(outcome.replaced.count)"]
                    lines += outcome.created.map { "  + \($0)" } + outcome.replaced.map { "  ↻ \($0)（旧版本已存入历史）" } + outcome.unchanged.map { "  = \($0)" }
                    Console.out(lines.joined(separator: "\n") + "\n")
                } catch let conflict as MergeConflict {
                    Console.report(Diagnostic(.error, at: SourceLocation(file: file), conflict.description))
                    failed = true
                }
            }
            if failed { throw ExitCode.failure }
        }
    }
}

extension ReportOutputOptions {
    /// Writes report data to `--out` or stdout.
    func write(_ data: Data, note: String = "") throws {
        if let out {
            try Output.write(data, to: URL(fileURLWithPath: out))
            Console.message("已生成 \(out)\(note)。")
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}
