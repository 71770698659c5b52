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
            let scorer = Scorer(profile: rules, explains: false)
            let sortedYears = Set(years).sorted()
            var codesByYear: [Int: Set<String>] = [:]
            for year in sortedYears { codesByYear[year] = Set(try db.departmentCodes(year: year)) }
            let codes = codesByYear.values.reduce(Set<String>()) { $0.union($1) }.filter { department == nil || $0 == department }.sorted()
            guard !codes.isEmpty else { throw StoreError("所选年度中没有单位 \(department ?? "")。") }
            let format = output.resolvedFormat
            // A chunk of departments at a time (both years scored on all cores, compared, written),
            // so memory does not grow with the province; html and xlsx are assembled whole.
            let streams = [OutputFormat.text, .markdown, .csv, .json].contains(format)
            var collected: [YearComparison] = []
            let sink = streams ? try OutputSink(output.out) : nil
            let chunk = 64
            for start in stride(from: 0, to: codes.count, by: chunk) {
                let part = Array(codes[start..<min(codes.count, start + chunk)])
                var byDepartment: [String: [DepartmentResult]] = [:]
                for year in sortedYears {
                    let present = part.filter { codesByYear[year]?.contains($0) == true }
                    for r in try Evaluation.score(db, year: year, codes: present, scorer: scorer) { byDepartment[r.department.code, default: []].append(r) }
                }
                let comparisons = part.compactMap { byDepartment[$0].map(YearComparison.compare) }
                if let sink {
                    try sink.write(try CompareReport.render(comparisons, profile: rules, format: format, part: start == 0 ? .first : .middle))
                } else {
                    collected += comparisons
                }
            }
            if let sink {
                try sink.write(try CompareReport.render([], profile: rules, format: format, part: .last))
                try sink.finish()
            } else {
                try output.write(try CompareReport.render(collected, profile: rules, format: format))
            }
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

/// Output written piece by piece: to stdout, or to a temporary file beside `--out` that is moved
/// into place at the end (so a failure never leaves half a file).
final class OutputSink {
    let target: URL?
    let temporary: URL?
    let handle: FileHandle

    init(_ path: String?) throws {
        guard let path else {
            target = nil
            temporary = nil
            handle = FileHandle.standardOutput
            return
        }
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil), let h = try? FileHandle(forWritingTo: temp) else {
            throw InputError(at: SourceLocation(file: path), "无法写入文件。请检查目录是否存在、是否有写权限。")
        }
        target = url
        temporary = temp
        handle = h
    }

    func write(_ data: Data) throws { try handle.write(contentsOf: data) }

    func finish() throws {
        guard let target, let temporary else { return }
        try handle.close()
        _ = try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: temporary, to: target)
        Console.message("已生成 \(target.path)。")
    }
}
