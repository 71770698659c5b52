import ArgumentParser
import Foundation
import JixiaoEngine
import JixiaoModel
import JixiaoReports
import JixiaoStore

/// `jixiao score`: scores every project and the department, stores the run, prints a summary.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "按评分规则给每个项目和部门整体评分，保存本次评分（含规则名称与哈希），并输出汇总。"
    )

    @OptionGroup var year: YearOption
    @OptionGroup var profile: ProfileOption
    @Option(help: "输出格式：text、json。") var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard [.text, .json].contains(format) else { throw ValidationError("score 支持的格式：text、json。") }
    }

    func run() throws {
        try Console.run {
            let rules = try profile.resolve()
            let db = try store.open(mustExist: true)
            let y = try year.resolve(in: db)
            let codes = try db.departmentCodes(year: y)
            guard !codes.isEmpty else { throw StoreError("\(y) 年度没有数据。请先导入绩效目标表。") }
            let now = Date()
            let runID = try db.beginScoreRun(ScoreRunRecord(year: y, profileName: rules.name, profileHash: rules.contentHash, scoredAt: now, scoredBy: Console.userName, departments: []))
            // A chunk of departments at a time: scored on all cores, stored, printed and let go,
            // so memory does not grow with the number of departments.
            let scorer = Scorer(profile: rules, explains: false)
            var bar = ProgressBar(label: "评分", minimum: 2)
            let chunk = 64
            Console.out(ScoreReports.summaryHeader(year: y, profile: rules, format: format))
            // Storing and printing a chunk overlaps with scoring the next (at most two in flight).
            let sink = Pipeline()
            let user = Console.userName
            let format = self.format
            for start in stride(from: 0, to: codes.count, by: chunk) {
                let results = try Evaluation.score(db, year: y, codes: Array(codes[start..<min(codes.count, start + chunk)]), scorer: scorer)
                try sink.submit {
                    try db.appendScores(runID: runID, ScoresJSON.records(year: y, profile: rules, results: results, at: now, by: user).departments)
                    Console.out(ScoreReports.summarySections(results, first: start == 0, format: format))
                }
                bar.update(min(codes.count, start + chunk), codes.count)
            }
            try sink.drain()
            Console.out(ScoreReports.summaryFooter(format: format))
            Console.message("已保存第 \(runID) 次评分（规则 \(rules.name)）。")
        }
    }
}

/// Scoring shared by the commands: departments of a year with their stored actuals.
enum Evaluation {
    static func score(_ db: SQLiteStore, year: Int, profile: Profile, only: String? = nil, explains: Bool = false) throws -> [DepartmentResult] {
        let codes = try db.departmentCodes(year: year)
        guard !codes.isEmpty else { throw StoreError("\(year) 年度没有数据。请先导入绩效目标表。") }
        return try score(db, year: year, codes: codes.filter { only == nil || $0 == only }, scorer: Scorer(profile: profile, explains: explains))
    }

    /// Departments are independent: each is loaded and scored on its own core (the WAL database
    /// serves concurrent readers).
    static func score(_ db: SQLiteStore, year: Int, codes: [String], scorer: Scorer) throws -> [DepartmentResult] {
        try Parallel.map(codes) { code in
            guard let d = try db.department(code: code, year: year) else { throw StoreError("\(year) 年度没有单位 \(code)。") }
            return scorer.score(d, actuals: try db.actuals(departmentCode: code, year: year))
        }
    }
}

/// `jixiao profiles`: the shipped rule profiles.
struct ProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "profiles", abstract: "列出可用的评分规则（Weights/*.yaml）。")

    func run() throws {
        try Console.run {
            var table = TextTable(headers: ["名称", "标题", "分值（资金/产出/效益/满意度）", "舍入", "来源"], maxCellWidth: 40)
            for p in try ProfileCatalog.all() {
                let points = [p.fundsPoints, p.categoryPoints[.output] ?? 0, p.categoryPoints[.benefit] ?? 0, p.categoryPoints[.satisfaction] ?? 0]
                    .map(Decimals.plain).joined(separator: "/")
                var rounding = ""
                if case .halfUp(let d) = p.rounding { rounding = d == 0 ? "整数" : "\(d) 位小数" }
                table.append([p.name, p.title, points + (p.split == .indicator ? "（按指标均分）" : ""), rounding, p.source])
            }
            Console.out(table.render())
            if let dir = ProfileCatalog.directory { Console.message("规则目录：\(dir.path)") }
        }
    }
}

/// `jixiao profile show NAME`.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "profile", abstract: "查看评分规则。", subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "显示一个评分规则的全部有效设置。")
        @Argument(help: ArgumentHelp("规则名称或 YAML 文件。", valueName: "name")) var name: String = "national-2020"

        func run() throws {
            try Console.run { Console.out(ScoreReports.profile(try ProfileCatalog.resolve(name))) }
        }
    }
}

/// `jixiao explain CODE`: how every point was derived.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "说明一个项目（或单位）每一分是怎么来的：分值分配、公式与数字、舍入、扣分、封顶、等级。"
    )

    @Argument(help: ArgumentHelp("项目编码（或单位编码）。", valueName: "code")) var code: String
    @OptionGroup var year: YearOption
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        try Console.run {
            let rules = try profile.resolve()
            let db = try store.open(mustExist: true)
            let y = try year.resolve(in: db)
            for result in try Evaluation.score(db, year: y, profile: rules, explains: true) {
                if result.department.code == code {
                    Console.out(ScoreReports.explain(result, profile: rules))
                    return
                }
                if let p = result.projects.first(where: { $0.project.code == code }) {
                    Console.out(ScoreReports.explain(p, profile: rules))
                    return
                }
            }
            throw StoreError("\(y) 年度没有编码为 \(code) 的项目或单位。用 jixiao projects 查看项目编码。")
        }
    }
}

/// Work handed to one background queue in order, at most two items waiting; the first error is
/// rethrown by the next `submit` or by `drain`.
final class Pipeline: @unchecked Sendable {
    private let queue = DispatchQueue(label: "jixiao.pipeline")
    private let slots = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    private var failure: (any Error)?

    func submit(_ work: @escaping @Sendable () throws -> Void) throws {
        try check()
        slots.wait()
        queue.async {
            defer { self.slots.signal() }
            guard self.currentFailure == nil else { return }
            do { try work() } catch { self.fail(error) }
        }
    }

    func drain() throws {
        queue.sync {}
        try check()
    }

    private var currentFailure: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }

    private func fail(_ error: any Error) {
        lock.lock()
        if failure == nil { failure = error }
        lock.unlock()
    }

    private func check() throws {
        if let error = currentFailure { throw error }
    }
}
