import Foundation
import JixiaoModel

/// One department–year with everything that belongs to it, as it moves from one database to
/// another (`merge`, and later copies between stores).
public struct DepartmentBundle: Sendable {
    public var department: Department
    public var actuals: [RecordedActual]
    /// Replaced versions of the department's targets, oldest first.
    public var targetHistory: [TargetVersion]
    /// Every change to the department's actuals, oldest first.
    public var actualHistory: [ActualChange]
    /// How the stored targets came in (`bundles()` fills it; `restore` keeps it).
    public var imported: ImportStamp?
    /// Who recorded each of `actuals` and when, in the same order (`bundles()` fills it).
    public var recorded: [RecordStamp]

    public init(department: Department, actuals: [RecordedActual], targetHistory: [TargetVersion], actualHistory: [ActualChange],
                imported: ImportStamp? = nil, recorded: [RecordStamp] = []) {
        self.department = department
        self.actuals = actuals
        self.targetHistory = targetHistory
        self.actualHistory = actualHistory
        self.imported = imported
        self.recorded = recorded
    }
}

/// The stored targets' version, source file and import time.
public struct ImportStamp: Sendable, Equatable {
    public var version: Int
    public var sourceFile: String?
    public var importedAt: String

    public init(version: Int, sourceFile: String?, importedAt: String) {
        self.version = version
        self.sourceFile = sourceFile
        self.importedAt = importedAt
    }
}

/// Who recorded a stored actual, and when.
public struct RecordStamp: Sendable, Equatable {
    public var at: String
    public var by: String

    public init(at: String, by: String) {
        self.at = at
        self.by = by
    }
}

/// What a merge did, per department–year (labels such as "342001 某局 2026年").
public struct MergeOutcome: Sendable {
    public var created: [String] = []
    public var unchanged: [String] = []
    public var replaced: [String] = []
    /// Department–years that differ and were not replaced, with what differs.
    public var conflicts: [String] = []
    /// The values that differ, per department–year label (conflicts and replacements).
    public var differences: [String: [MergeDifference]] = [:]

    public init() {}
}

/// Moving whole department–years between databases.
public protocol MergeStore: Sendable {
    /// Every department–year of the database with its actuals and history.
    func bundles() async throws -> [DepartmentBundle]
    /// Brings department–years into this database, in one transaction. A department–year not here
    /// is copied with its actuals and their history; one that is here with the same content is
    /// left alone; one with different content is a conflict — the merge changes nothing and
    /// throws `MergeConflict` — unless `replace`, which keeps the old targets in the target
    /// history and every replaced actual in the actual history.
    func merge(_ bundles: [DepartmentBundle], source: String, replace: Bool, by user: String, at date: Date) async throws -> MergeOutcome
    /// Stores department–years exactly as another store holds them (`store copy`), in one
    /// transaction: the targets with their version, source and import time (`imported`), the
    /// actuals with who recorded them and when (`recorded`), both histories as they are. Refused,
    /// changing nothing, when any of them is here already.
    func restore(_ bundles: [DepartmentBundle]) async throws
}

extension StoreError {
    /// A restore refused because department–years are in the store already.
    public static func alreadyThere(_ bundles: [DepartmentBundle]) -> StoreError {
        let labels = bundles.prefix(10).map { "\($0.department.code) \($0.department.name) \($0.department.year)年" }
        return StoreError("目标数据库中已有以下单位年度，未做任何复制：\(labels.joined(separator: "、"))\(bundles.count > 10 ? " 等 \(bundles.count) 个" : "")。"
            + "请复制到空数据库，或先用 jixiao merge 合并。")
    }
}

/// A merge refused because department–years differ: each with the values that differ.
public struct MergeConflict: Error, CustomStringConvertible, Sendable {
    public var conflicts: [String]
    /// The values that differ, per entry of `conflicts` (same order; empty where not known).
    public var differences: [[MergeDifference]]

    public init(conflicts: [String], differences: [[MergeDifference]] = []) {
        self.conflicts = conflicts
        self.differences = differences
    }

    /// Values listed per department–year before the rest are counted.
    public static let listed = 20

    public var description: String {
        var lines = ["以下单位年度在两个数据库中内容不同，未做任何合并："]
        for (i, conflict) in conflicts.enumerated() {
            lines.append("  · " + conflict)
            let found = i < differences.count ? differences[i] : []
            lines += found.prefix(Self.listed).map { "      \($0)" }
            if found.count > Self.listed { lines.append("      …… 另有 \(found.count - Self.listed) 处不同") }
        }
        return lines.joined(separator: "\n") + "\n如确认以对方为准，请加 --replace（原有版本将保存在历史表中）。"
    }
}

/// Every store the application works with: targets, actuals, score runs, merging, filings and
/// the web application's accounts.
public protocol Store: TargetStore, ActualsStore, ScoreStore, MergeStore, FilingStore, AccountStore, MonitoringStore {
    /// Where the data lives, for messages (a file path, or a server address without password).
    var location: String { get }

    /// Runs `body` with a view of this store whose reads all see the database as it was at one
    /// moment, while other programs go on writing: one read transaction (SQLite: a WAL snapshot on
    /// one connection; PostgreSQL: a repeatable-read transaction whose snapshot every read of the
    /// view imports). `score` reads a whole year through it, so a unit saving or the bureau
    /// approving meanwhile changes none of the run. The view refuses writes; write through `self`.
    func readingSnapshot<T: Sendable>(_ body: @Sendable (any Store) async throws -> T) async throws -> T
}

extension Store {
    /// A store without snapshots (a test double) reads through itself.
    public func readingSnapshot<T: Sendable>(_ body: @Sendable (any Store) async throws -> T) async throws -> T {
        try await body(self)
    }
}
