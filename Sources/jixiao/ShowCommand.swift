import ArgumentParser
import Foundation
import JixiaoReports
import JixiaoStore

/// `jixiao show CODE`: one project's 绩效目标表, or a department's own goals.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "显示一个项目的绩效目标表（给出单位编码则显示部门整体绩效目标）。"
    )

    @Argument(help: ArgumentHelp("项目编码（或单位编码）。", valueName: "code"))
    var code: String

    @OptionGroup var year: YearOption
    @Option(help: "输出格式：text、markdown、json、csv。") var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard [.text, .markdown, .json, .csv].contains(format) else {
            throw ValidationError("show 支持的格式：text、markdown、json、csv。")
        }
    }

    func run() throws {
        try Console.run {
            let db = try store.open(mustExist: true)
            let y = try year.resolve(in: db)
            let code = code.trimmingCharacters(in: .whitespaces)
            if let (department, project) = try db.project(code: code, year: y) {
                Console.out(TargetReports.projectSheet(department: department, project: project, format: format))
            } else if let department = try db.departments(year: y).first(where: { $0.code == code }) {
                Console.out(TargetReports.departmentSheet(department, format: format))
            } else {
                throw StoreError("\(y) 年度没有编码为 \(code) 的项目或单位。用 jixiao projects --year \(y) 查看项目编码。")
            }
        }
    }
}
