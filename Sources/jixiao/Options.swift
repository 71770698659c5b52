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

    @OptionGroup var actor: ActorOptions

    func validate() throws {
        guard busyTimeout >= 0, busyTimeout <= 86_400 else { throw ValidationError("--busy-timeout 应为 0 到 86400 之间的秒数，收到 \(busyTimeout)。") }
        guard (1...256).contains(dbPool) else { throw ValidationError("--db-pool 应为 1 到 256 之间的连接数，收到 \(dbPool)。") }
    }

    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["JIXIAO_DB"], !env.isEmpty { return env }
        return "jixiao.sqlite"
    }

    /// The application over the store, opened as the command uses it, acting as `--as-unit` /
    /// `--as-bureau` say (by default as the owner of the database file).
    func application(_ access: Stores.Access) throws -> Application {
        let store = try Stores.open(path, access: access, busyTimeout: busyTimeout, poolSize: dbPool) { path in
            Console.message("数据库 \(path) 正被其他程序使用，等待中（最多 \(Int(busyTimeout)) 秒）……")
        }
        return Application(store: store, actor: actor.actor)
    }
}

extension OutputFormat: ExpressibleByArgument {
    // No list of every format in `--help`: each command's help names the formats it accepts
    // (`FormatList`), and the full list promised what most commands then refused.
    public static var allValueStrings: [String] { [] }
}

/// The output formats a command accepts: its `--format` help and its check both come from here.
protocol FormatList {
    static var command: String { get }
    static var formats: [OutputFormat] { get }
}

extension FormatList {
    /// "text、markdown、json"
    static var names: String { formats.map(\.rawValue).joined(separator: "、") }

    /// The `--format` help: exactly the formats accepted.
    static var help: String { "输出格式：\(names)（默认按 --out 的扩展名，否则 text）。" }

    /// Refuses a format the command does not write, naming those it does.
    static func check(_ format: OutputFormat) throws {
        guard formats.contains(format) else {
            throw ValidationError("\(command) 不支持 \(format.rawValue) 格式。支持的格式：\(names)。")
        }
    }
}

enum ReportFormats: FormatList {
    static let command = "report"
    static let formats: [OutputFormat] = [.text, .markdown, .html, .json, .csv, .xlsx, .docx]
}
enum EvaluateFormats: FormatList {
    static let command = "evaluate"
    static let formats = ReportFormats.formats
}
enum ReviewFormats: FormatList {
    static let command = "review"
    static let formats: [OutputFormat] = [.text, .markdown, .html, .json, .csv, .xlsx]
}
enum AuditFormats: FormatList {
    static let command = "audit"
    static let formats: [OutputFormat] = [.text, .markdown, .json, .csv, .xlsx]
}
enum CompareFormats: FormatList {
    static let command = "compare"
    static let formats: [OutputFormat] = [.text, .markdown, .html, .json, .csv, .xlsx]
}
enum DepartmentsFormats: FormatList {
    static let command = "departments"
    static let formats: [OutputFormat] = [.text, .markdown, .html, .json, .csv, .xlsx]
}
enum TargetSheetFormats: FormatList {
    static let command = "projects、show"
    static let formats: [OutputFormat] = [.text, .markdown, .json, .csv]
    static var help: String { "输出格式：\(names)（默认 text）。" }
}
enum HistoryFormats: FormatList {
    static let command = "history"
    static let formats: [OutputFormat] = [.text, .json, .csv]
    static var help: String { "输出格式：\(names)（默认 text）。" }
}

/// `--year` of `import`: the year the files are stored under.
struct ImportYearOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("预算年度（默认：由文件中的“年度”列给出，否则按多数项目编码中的年份判断，如 13091626P… 为 2026）。", valueName: "year"))
    var year: Int?

    func validate() throws {
        if let year, !(2000...2100).contains(year) {
            throw ValidationError("--year 应为四位年份，例如 2026；收到 \(year)。")
        }
    }
}

/// `--year`: the budget year.
struct YearOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("预算年度（默认：数据库中最近的年度，即已导入的目标表中最大的年份）。", valueName: "year"))
    var year: Int?

    func validate() throws {
        if let year, !(2000...2100).contains(year) {
            throw ValidationError("--year 应为四位年份，例如 2026；收到 \(year)。")
        }
    }
}

/// `--profile NAME|FILE`.
struct ProfileOption: ParsableArguments {
    @Option(help: ArgumentHelp("评分规则：名称（见 jixiao profiles；JIXIAO_WEIGHTS 可另加规则文件夹）或 YAML 文件路径。默认 national-2020；report、departments、compare、explain 默认用该年度最近一次评分的规则（jixiao runs 可查）。", valueName: "name|file"))
    var profile: String?

    func resolve() throws -> Profile { try ProfileCatalog().resolve(profile) }
}
