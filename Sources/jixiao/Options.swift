import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoEngine
import JixiaoReports
import JixiaoStore

/// `--db`: the database file or PostgreSQL URL, else `JIXIAO_DB`, else ./jixiao.sqlite.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("数据库：SQLite 文件，或 postgres://用户[:密码]@主机[:端口]/库名（默认 ./jixiao.sqlite，或环境变量 JIXIAO_DB）。", valueName: "path|url"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("PostgreSQL 连接池大小（默认 \(Stores.defaultPoolSize)）。", valueName: "n"))
    var dbPool: Int = Stores.defaultPoolSize

    @Option(name: .long, help: ArgumentHelp("数据库被其他程序占用时最多等待的秒数（默认 30）。", valueName: "seconds"))
    var busyTimeout: Double = 30

    func validate() throws {
        guard busyTimeout >= 0, busyTimeout <= 86_400 else { throw ValidationError("--busy-timeout 应为 0 到 86400 之间的秒数，收到 \(busyTimeout)。") }
        guard (1...256).contains(dbPool) else { throw ValidationError("--db-pool 应为 1 到 256 之间的连接数，收到 \(dbPool)。") }
    }

    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["JIXIAO_DB"], !env.isEmpty { return env }
        return "jixiao.sqlite"
    }

    /// The application over the store, opened as the command uses it. The command line acts for
    /// the user who runs it.
    func application(_ access: Stores.Access) throws -> Application {
        let store = try Stores.open(path, access: access, busyTimeout: busyTimeout, poolSize: dbPool) { path in
            Console.message("数据库 \(path) 正被其他程序使用，等待中（最多 \(Int(busyTimeout)) 秒）……")
        }
        return Application(store: store, actor: .bureau(user: Console.userName))
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
