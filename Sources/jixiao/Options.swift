import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoEngine
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

    /// The application over the store; read-only commands require that it exists. The command
    /// line acts for the user who runs it.
    func application(mustExist: Bool) throws -> Application {
        Application(store: try Stores.open(path, mustExist: mustExist), actor: .bureau(user: Console.userName))
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
}

/// `--profile NAME|FILE`.
struct ProfileOption: ParsableArguments {
    @Option(help: ArgumentHelp("评分规则：名称（见 jixiao profiles）或 YAML 文件路径。默认 national-2020。", valueName: "name|file"))
    var profile: String?

    func resolve() throws -> Profile { try ProfileCatalog().resolve(profile) }
}
