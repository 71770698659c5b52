import ArgumentParser
import Foundation
import JixiaoReports
import JixiaoStore

/// `--db`: the database file, else `JIXIAO_DB`, else ./jixiao.sqlite.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("数据库文件（默认 ./jixiao.sqlite，或环境变量 JIXIAO_DB）。", valueName: "path"))
    var db: String?

    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["JIXIAO_DB"], !env.isEmpty { return env }
        return "jixiao.sqlite"
    }

    /// Opens the store; read-only commands require that it exists.
    func open(mustExist: Bool) throws -> SQLiteStore {
        try SQLiteStore(path: path, mustExist: mustExist)
    }
}

extension OutputFormat: ExpressibleByArgument {}

/// `--year`: the budget year.
struct YearOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("预算年度（默认：数据库中最近的年度）。", valueName: "year"))
    var year: Int?

    func validate() throws {
        if let year, !(2000...2100).contains(year) {
            throw ValidationError("--year 应为四位年份，例如 2026；收到 \(year)。")
        }
    }

    /// The given year, else the latest year in the store.
    func resolve(in store: some TargetStore) throws -> Int {
        if let year { return year }
        guard let latest = try store.defaultYear() else {
            throw StoreError("数据库中还没有任何数据。请先导入绩效目标表：jixiao import 文件")
        }
        return latest
    }
}
