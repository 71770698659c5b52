import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoModel
import JixiaoStore

/// `jixiao import FILE`: reads target documents and stores each in one transaction.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入绩效目标表（.txt 文本、.docx、.xlsx、.csv，或含这些文件的文件夹；同一单位同一年度重复导入不改变数据，内容变化则替换并保留旧版本）。",
        discussion: "读取的格式：.txt（Word 另存的文本，UTF-8 或 GB18030）、.docx（Word 表格）、.xlsx（每个项目一个工作表，或多个项目在一个工作表中）、.csv（每行一个指标的平铺格式）。.xls、.doc、.et、.wps 请先用 libreoffice --headless --convert-to xlsx（或 docx）转换。"
    )

    @Argument(help: ArgumentHelp("绩效目标表文件（.txt 文本、.docx、.xlsx、.csv）或文件夹；每个文件一个事务。", valueName: "file"))
    var files: [String]

    @OptionGroup var year: ImportYearOption
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let paths = InputFiles.expand(files, extensions: InputFiles.targetExtensions)
        let progress = TerminalProgress()
        if paths.count == 1 {
            try await Console.run {
                let done = try await store.application(.create).importTargets(file: paths[0], year: year.year, progress: progress.handler)
                done.notes.forEach(Console.report)
                Console.out(Self.summary(done, database: store.path))
            }
            return
        }
        var tally = ImportTally()
        try await Console.run {
            tally = try await store.application(.create).importTargets(
                files: paths, year: year.year, progress: progress.handler, onNotes: { _, notes in notes.forEach(Console.report) }
            ) { _, error in
                Console.report(error)
            }
        }
        Console.out("\(tally.files) 个文件：导入 \(tally.created)，未变 \(tally.unchanged)，替换 \(tally.replaced)，失败 \(tally.failed)。\n")
        if tally.failed > 0 { throw ExitCode.failure }
    }

    static func summary(_ done: TargetImport, database: String) -> String {
        let yearNote: String
        switch done.yearSource {
        case .option: yearNote = "由 --year 指定"
        case .file: yearNote = "由文件中的“年度”列给出"
        case .projectCodes: yearNote = "由项目编码判断；如不对请用 --year 指定"
        }
        var lines = [
            "单位：\(done.departmentCode) \(done.departmentName)",
            "年度：\(done.year)（\(yearNote)）",
            "项目：\(done.projectCount) 个，预算合计 \(Decimals.fixed(done.totalBudget, 2)) 万元",
            "指标：\(done.indicatorCount) 个；部门整体指标 \(done.goalCount) 个",
        ]
        switch done.outcome {
        case .created: lines.append("结果：已导入 \(database)")
        case .unchanged: lines.append("结果：内容与数据库中已有的相同，未做修改")
        case .replaced(let previous): lines.append("结果：已替换原有目标表，旧版本（第 \(previous) 版）保存在历史表 target_history 中")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
