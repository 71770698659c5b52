import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoModel

/// `jixiao record FILE`: validates a filled actuals file and stores it, all or nothing.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "录入填好的实际完成值（.csv 或 .xlsx）：全部校验通过才写入，每处修改都记入历史。"
    )

    @Argument(help: ArgumentHelp("填好的填报表（jixiao template 生成的 .csv 或 .xlsx）或文件夹；每个文件全部校验通过才写入。", valueName: "file"))
    var files: [String]

    @OptionGroup var year: YearOption
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let paths = InputFiles.expand(files, extensions: InputFiles.actualsExtensions)
        if paths.count == 1 {
            try await Console.run {
                let done = try await store.application(.write).recordActuals(file: paths[0], year: year.year, profile: try profile.resolve())
                Console.report(warnings: done.warnings)
                Console.out(Self.summary(done))
            }
            return
        }
        var tally = RecordTally(year: 0)
        try await Console.run {
            tally = try await store.application(.write).recordActuals(
                files: paths, year: year.year, profile: try profile.resolve(), progress: TerminalProgress().handler
            ) { _, error in
                Console.report(warnings: error.diagnostics, limit: 10)
            }
        }
        let o = tally.outcome
        Console.out("\(tally.year) 年度：\(tally.files) 个文件，新增 \(o.added) 行，修改 \(o.changed) 行，未变 \(o.unchanged) 行，失败 \(tally.failed) 个文件。\n")
        if tally.failed > 0 { throw ExitCode.failure }
    }

    static func summary(_ done: ActualsRecording) -> String {
        let o = done.outcome
        var lines = ["\(done.year) 年度：读取 \(done.rowCount) 行；新增 \(o.added) 行，修改 \(o.changed) 行，未变 \(o.unchanged) 行。"]
        if o.added + o.changed == 0 { lines.append("与数据库中已有的相同，未做修改。") }
        if !done.blanks.isEmpty {
            lines.append("尚未填写实际完成值的 \(done.blanks.count) 行：")
            for b in done.blanks.prefix(20) {
                lines.append("  \(b.source?.description ?? "") \(b.ownerCode) \(b.level3.isEmpty ? b.level1 : b.level3)")
            }
            if done.blanks.count > 20 { lines.append("  …… 另有 \(done.blanks.count - 20) 行") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
