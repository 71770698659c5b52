import ArgumentParser
import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoStore

/// `jixiao template --out FILE`: writes the fill-in sheet for year-end actuals.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "生成年末填报表（.csv 或 .xlsx）：资金、年度总体目标和每个指标各一行，已录入的值会预先填好。"
    )

    @OptionGroup var year: YearOption
    @Option(help: ArgumentHelp("只生成这个项目（或单位编码）的行。", valueName: "code")) var project: String?
    @Option(help: ArgumentHelp("输出文件：.csv（UTF-8 带 BOM，Excel/WPS 可直接打开）或 .xlsx。", valueName: "file")) var out: String
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func validate() throws {
        let ext = URL(fileURLWithPath: out).pathExtension.lowercased()
        guard ext == "csv" || ext == "xlsx" else {
            throw ValidationError("--out 应为 .csv 或 .xlsx 文件，收到“\(out)”。")
        }
    }

    func run() throws {
        try Console.run {
            let db = try store.open(mustExist: true)
            let y = try year.resolve(in: db)
            let departments = try db.departments(year: y)
            guard !departments.isEmpty else { throw StoreError("\(y) 年度没有数据。") }
            if let project, !departments.contains(where: { d in d.code == project || d.projects.contains { $0.code == project } }) {
                throw StoreError("\(y) 年度没有编码为 \(project) 的项目或单位。用 jixiao projects 查看项目编码。")
            }
            let actuals = try departments.flatMap { try db.actuals(departmentCode: $0.code, year: y) }
            let template = TemplateRows(departments: departments, actuals: actuals, profile: try profile.resolve(), only: project)
            let url = URL(fileURLWithPath: out)
            let data = url.pathExtension.lowercased() == "xlsx" ? try TemplateWorkbook.make(template) : Data(template.csv().utf8)
            try Output.write(data, to: url)
            let rows = template.rows()
            Console.message("已生成填报表 \(out)：\(rows.count) 行（\(Set(rows.map { $0[0] }).count) 个项目/单位），\(y) 年度。填写“实际完成值”和“偏差原因分析及改进措施”后用 jixiao record \(out) 录入。")
        }
    }
}
