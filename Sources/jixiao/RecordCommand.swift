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

    /// record's own --year: its default is the file's year, not the latest.
    @Option(name: .long, help: ArgumentHelp("录入的预算年度（默认：填报表中记录的年度；没有时按项目编码判断，编码在几个年度都有时须指定）。与填报表记录的年度不符时拒绝。", valueName: "year"))
    var year: Int?
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let year, !(2000...2100).contains(year) { throw ValidationError("--year 应为四位年份，例如 2026；收到 \(year)。") }
    }

    func run() async throws {
        let paths = InputFiles.expand(files, extensions: InputFiles.actualsExtensions)
        if paths.count == 1 {
            try await Console.run {
                let done = try await store.application(.write).recordActuals(file: paths[0], year: year, profile: try profile.resolve())
                Console.report(warnings: done.warnings)
                Console.out(Self.summary(done))
            }
            return
        }
        var tally = RecordTally()
        try await Console.run {
            tally = try await store.application(.write).recordActuals(
                files: paths, year: year, profile: try profile.resolve(), progress: TerminalProgress().handler
            ) { _, error in
                Console.report(warnings: error.diagnostics, limit: 10)
            }
        }
        let o = tally.outcome
        let years = tally.years.isEmpty ? "" : tally.years.map(String.init).joined(separator: "、") + " 年度："
        Console.out("\(years)\(tally.files) 个文件，新增 \(o.added) 行，修改 \(o.changed) 行，\(o.cleared > 0 ? "清除 \(o.cleared) 行，" : "")未变 \(o.unchanged) 行，失败 \(tally.failed) 个文件。\n")
        if tally.failed > 0 { throw ExitCode.failure }
    }

    static func summary(_ done: ActualsRecording) -> String {
        let o = done.outcome
        var lines = ["\(done.year) 年度（\(done.yearSource.label)）：读取 \(done.rowCount) 行\(done.formSheets > 0 ? "（填报数据表与 \(done.formSheets) 张自评表）" : "")；新增 \(o.added) 行，修改 \(o.changed) 行，\(o.cleared > 0 ? "清除 \(o.cleared) 行，" : "")未变 \(o.unchanged) 行。"]
        if o.added + o.changed + o.cleared == 0 { lines.append("与数据库中已有的相同，未做修改。") }
        if !done.missing.isEmpty {
            // Grouped by project, in the year's order: what the database still lacks.
            var owners: [(code: String, name: String, items: [String])] = []
            for m in done.missing {
                if owners.last?.code == m.ownerCode { owners[owners.count - 1].items.append(m.item) } else { owners.append((m.ownerCode, m.ownerName, [m.item])) }
            }
            lines.append("尚未填写实际完成值的 \(done.missing.count) 项（\(owners.count) 个项目/单位，数据库中仍为空白）：")
            for owner in owners.prefix(20) {
                lines.append("  \(owner.name)（\(owner.code)）：\(owner.items.joined(separator: "、"))")
            }
            if owners.count > 20 { lines.append("  …… 另有 \(owners.count - 20) 个项目/单位") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
