import ArgumentParser
import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoStore

/// `jixiao import FILE`: reads a target document and stores it in one transaction.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入绩效目标表（文本格式；同一单位同一年度重复导入不改变数据，内容变化则替换并保留旧版本）。"
    )

    @Argument(help: ArgumentHelp("绩效目标表文件（.txt 文本、.docx、.xlsx、.csv）或文件夹；每个文件一个事务。", valueName: "file"))
    var files: [String]

    @OptionGroup var year: YearOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        let paths = InputFiles.expand(files, extensions: ["txt", "docx", "xlsx", "csv"])
        if paths.count == 1 {
            try Console.run { try importOne(paths[0]) }
            return
        }
        // Many files: each in its own transaction; a bad file is reported and the rest go on.
        // Files are read and hashed on all cores a batch at a time while the previous batch is
        // stored on this thread (SQLite has one writer); messages and the bar stay on this thread.
        var failed = 0, created = 0, unchanged = 0, replaced = 0
        var bar = ProgressBar(label: "导入")
        let db = try Console.catching { try store.open(mustExist: false) }
        let batches = Self.batches(paths)
        var next = batches.first.map { PendingRead($0, year: year.year) }
        var done = 0
        for index in batches.indices {
            let results = next!.wait()
            next = index + 1 < batches.count ? PendingRead(batches[index + 1], year: year.year) : nil
            for (path, result) in zip(batches[index], results) {
                do {
                    switch try db.importTargets(try result.get(), source: ImportSource(fileName: path)) {
                    case .created: created += 1
                    case .unchanged: unchanged += 1
                    case .replaced: replaced += 1
                    }
                } catch let error as InputError {
                    Console.report(error)
                    failed += 1
                }
                done += 1
                bar.update(done, paths.count)
            }
        }
        Console.out("\(paths.count) 个文件：导入 \(created)，未变 \(unchanged)，替换 \(replaced)，失败 \(failed)。\n")
        if failed > 0 { throw ExitCode.failure }
    }

    /// Files in batches of at most 8, or of about 32 MB of input (a larger file alone), so that a
    /// folder of large workbooks does not hold many parsed departments at once.
    static func batches(_ paths: [String]) -> [[String]] {
        var batches: [[String]] = [], batch: [String] = [], bytes = 0
        for path in paths {
            let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
            if !batch.isEmpty, batch.count == 8 || bytes + size > 32 << 20 {
                batches.append(batch)
                batch = []
                bytes = 0
            }
            batch.append(path)
            bytes += size
        }
        if !batch.isEmpty { batches.append(batch) }
        return batches
    }

    func importOne(_ file: String) throws {
        do {
            var bar = ProgressBar(label: "读取")
            let document = try TargetFileReader.read(url: URL(fileURLWithPath: file), displayName: file, year: year.year) { done, total in
                bar.update(bytes: done, of: total)
            }
            document.notes.forEach(Console.report)
            let d = document.department
            if ProgressBar.enabled, d.projects.count >= 5000 {
                Console.message("正在写入数据库（\(d.projects.count) 个项目，一个事务）……")
            }
            let outcome = try store.open(mustExist: false).importTargets(d, source: ImportSource(fileName: file))
            let yearNote: String
            switch document.yearSource {
            case .option: yearNote = "由 --year 指定"
            case .file: yearNote = "由文件中的“年度”列给出"
            case .projectCodes: yearNote = "由项目编码判断；如不对请用 --year 指定"
            }
            var lines = [
                "单位：\(d.code) \(d.name)",
                "年度：\(d.year)（\(yearNote)）",
                "项目：\(d.projects.count) 个，预算合计 \(Decimals.fixed(d.totalBudget, 2)) 万元",
                "指标：\(d.projects.reduce(0) { $0 + $1.indicators.count }) 个；部门整体指标 \(d.goals.count) 个",
            ]
            switch outcome {
            case .created: lines.append("结果：已导入 \(store.path)")
            case .unchanged: lines.append("结果：内容与数据库中已有的相同，未做修改")
            case .replaced(let previous): lines.append("结果：已替换原有目标表，旧版本（第 \(previous) 版）保存在历史表 target_history 中")
            }
            Console.out(lines.joined(separator: "\n") + "\n")
        }
    }
}

/// A batch of target files being read and hashed on all cores in the background.
final class PendingRead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the background task before `done` is signalled, read after `wait`.
    private var results: [Result<PreparedTargets, any Error>] = []

    init(_ paths: [String], year: Int?) {
        DispatchQueue.global().async {
            // Parallel.map rethrows; each file's outcome is kept as a Result instead.
            self.results = (try? Parallel.map(paths) { path -> Result<PreparedTargets, any Error> in
                Result {
                    let document = try TargetFileReader.read(url: URL(fileURLWithPath: path), displayName: path, year: year)
                    return PreparedTargets(document.department)
                }
            }) ?? []
            self.done.signal()
        }
    }

    /// Each file's prepared targets or its error, in the batch's order.
    func wait() -> [Result<PreparedTargets, any Error>] {
        done.wait()
        return results
    }
}
