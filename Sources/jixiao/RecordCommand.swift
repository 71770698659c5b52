import ArgumentParser
import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoStore

/// `jixiao record FILE`: validates a filled actuals file and stores it, all or nothing.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "录入填好的实际完成值（.csv 或 .xlsx）：全部校验通过才写入，每处修改都记入历史。"
    )

    @Argument(help: ArgumentHelp("填好的填报表（jixiao template 生成的 .csv 或 .xlsx）。", valueName: "file"))
    var file: String

    @OptionGroup var year: YearOption
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        try Console.run {
            let entries = try ActualsFileReader.read(url: URL(fileURLWithPath: file), displayName: file)
            let db = try store.open(mustExist: true)
            let y = try year.resolve(in: db)
            let departments = try db.departments(year: y)
            let result = try ActualsValidator(departments: departments, profile: try profile.resolve()).validate(entries)
            Console.report(warnings: result.warnings)
            let outcome = try db.recordActuals(result.actuals, by: Console.userName, at: Date())
            var lines = ["\(y) 年度：读取 \(entries.count) 行；新增 \(outcome.added) 行，修改 \(outcome.changed) 行，未变 \(outcome.unchanged) 行。"]
            if outcome.added + outcome.changed == 0 { lines.append("与数据库中已有的相同，未做修改。") }
            if !result.blanks.isEmpty {
                lines.append("尚未填写实际完成值的 \(result.blanks.count) 行：")
                for b in result.blanks.prefix(20) {
                    lines.append("  \(b.source?.description ?? "") \(b.ownerCode) \(b.level3.isEmpty ? b.level1 : b.level3)")
                }
                if result.blanks.count > 20 { lines.append("  …… 另有 \(result.blanks.count - 20) 行") }
            }
            Console.out(lines.joined(separator: "\n") + "\n")
        }
    }
}
