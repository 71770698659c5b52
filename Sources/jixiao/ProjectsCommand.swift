import ArgumentParser
import Foundation
import JixiaoReports
import JixiaoStore

/// `jixiao projects`: the list of projects with budgets and indicator counts.
struct ProjectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projects",
        abstract: "列出项目：项目编码、名称、预算数、指标数及合计。"
    )

    @OptionGroup var year: YearOption
    @Option(help: "输出格式：text、markdown、json、csv。") var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard [.text, .markdown, .json, .csv].contains(format) else {
            throw ValidationError("projects 支持的格式：text、markdown、json、csv。")
        }
    }

    func run() throws {
        try Console.run {
            let db = try store.open(mustExist: true)
            let y = try year.resolve(in: db)
            let departments = try db.departments(year: y)
            guard !departments.isEmpty else {
                throw StoreError("\(y) 年度没有数据。已有年度：\(try db.years().map(String.init).joined(separator: "、"))")
            }
            Console.out(TargetReports.projectList(year: y, departments: departments, format: format))
        }
    }
}
