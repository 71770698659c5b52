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

    @Argument(help: ArgumentHelp("填好的填报表（jixiao template 生成的 .csv 或 .xlsx）或文件夹；每个文件全部校验通过才写入。", valueName: "file"))
    var files: [String]

    @OptionGroup var year: YearOption
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        let paths = InputFiles.expand(files, extensions: ["csv", "xlsx"])
        if paths.count == 1 {
            try Console.run { try recordOne(paths[0]) }
            return
        }
        var failed = 0
        var totals = RecordOutcome(added: 0, changed: 0, unchanged: 0)
        let (db, y, departments) = try Console.catching {
            let db = try store.open(mustExist: true)
            let y = try year.resolve(in: db)
            return (db, y, try db.departments(year: y))
        }
        let validator = try Console.catching { ActualsValidator(departments: departments, profile: try profile.resolve()) }
        var bar = ProgressBar(label: "录入")
        for (i, path) in paths.enumerated() {
            do {
                let result = try validator.validate(try ActualsFileReader.read(url: URL(fileURLWithPath: path), displayName: path))
                let outcome = try db.recordActuals(result.actuals, by: Console.userName, at: Date())
                totals.added += outcome.added
                totals.changed += outcome.changed
                totals.unchanged += outcome.unchanged
            } catch let error as InputError {
                Console.report(warnings: error.diagnostics, limit: 10)
                failed += 1
            }
            bar.update(i + 1, paths.count)
        }
        Console.out("\(y) 年度：\(paths.count) 个文件，新增 \(totals.added) 行，修改 \(totals.changed) 行，未变 \(totals.unchanged) 行，失败 \(failed) 个文件。\n")
        if failed > 0 { throw ExitCode.failure }
    }

    func recordOne(_ file: String) throws {
        do {
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
