import ArgumentParser
import Foundation
import JixiaoApp

/// `jixiao template --out FILE`: writes the fill-in sheet for year-end actuals.
struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "生成年末填报表（.csv 或 .xlsx）：资金、年度总体目标和每个指标各一行，已录入的值会预先填好。"
    )

    @OptionGroup var year: YearOption
    @Option(help: ArgumentHelp("只生成这个项目（或单位编码）的行。", valueName: "code")) var project: String?
    @Option(help: ArgumentHelp("输出文件：.csv（UTF-8 带 BOM，Excel/WPS 可直接打开）或 .xlsx。", valueName: "file")) var out: String
    @Flag(help: "输出文件已存在且不是填报表时也覆盖它（数据库永远不会被覆盖）。") var force = false
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    var isXLSX: Bool { URL(fileURLWithPath: out).pathExtension.lowercased() == "xlsx" }

    func validate() throws {
        let ext = URL(fileURLWithPath: out).pathExtension.lowercased()
        guard ext == "csv" || ext == "xlsx" else {
            throw ValidationError("--out 应为 .csv 或 .xlsx 文件，收到“\(out)”。")
        }
    }

    func run() async throws {
        try await Console.run {
            let target = OutputTarget(path: out, kind: isXLSX ? .xlsx : .csv, protecting: [store.path], force: force)
            try target.check()
            let app = try store.application(.read)
            let made = try await app.template(year: try await app.resolveYear(year.year), profile: try profile.resolve(), only: project, xlsx: isXLSX)
            try OutputFile.write(made.data, to: target)
            Console.message("已生成填报表 \(out)：\(made.rowCount) 行（\(made.ownerCount) 个项目/单位），\(made.year) 年度（年度已写入文件，录入时按此年度）\(made.commentCount > 0 ? "，含财政审核意见 \(made.commentCount) 条" : "")。填写“实际完成值”和“偏差原因分析及改进措施”后用 jixiao record \(out) 录入。")
        }
    }
}
