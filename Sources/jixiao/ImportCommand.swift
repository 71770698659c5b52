import ArgumentParser
import Foundation
import JixiaoDocuments
import JixiaoModel
import JixiaoStore

/// `jixiao import FILE`: reads a target document and stores it in one transaction.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入绩效目标表（文本格式；同一单位同一年度重复导入不改变数据，内容变化则替换并保留旧版本）。"
    )

    @Argument(help: ArgumentHelp("绩效目标表文件（UTF-8 或 GB18030 文本）。", valueName: "file"))
    var file: String

    @OptionGroup var year: YearOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        try Console.run {
            let document = try TargetFileReader.read(url: URL(fileURLWithPath: file), displayName: file, year: year.year)
            document.notes.forEach(Console.report)
            let d = document.department
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
