import Foundation
import GRDB
import JixiaoModel

/// What a merge did, per department–year.
public struct MergeOutcome: Sendable {
    public var created: [String] = []
    public var unchanged: [String] = []
    public var replaced: [String] = []
    /// Department–years that differ and were not replaced, with what differs.
    public var conflicts: [String] = []
}

extension SQLiteStore {
    /// Brings the departments of another database into this one, in one transaction. A
    /// department–year not here is copied with its actuals and their history; one that is here
    /// with the same content is left alone; one with different content is a conflict — the merge
    /// changes nothing and reports it — unless `replace`, which keeps the old targets in
    /// `target_history` and every replaced actual in `actual_history`.
    public func merge(from other: SQLiteStore, source: String, replace: Bool, by user: String, at date: Date = Date()) throws -> MergeOutcome {
        var incoming: [(Department, [RecordedActual], [Row], [Row])] = []
        for year in try other.years() {
            for d in try other.departments(year: year) {
                let actuals = try other.actuals(departmentCode: d.code, year: year)
                let (targetHistory, actualHistory) = try other.writer.read { db in
                    (try Row.fetchAll(db, sql: "SELECT * FROM target_history WHERE department_code = ? AND year = ? ORDER BY id", arguments: [d.code, year]),
                     try Row.fetchAll(db, sql: "SELECT * FROM actual_history WHERE department_code = ? AND year = ? ORDER BY id", arguments: [d.code, year]))
                }
                incoming.append((d, actuals, targetHistory, actualHistory))
            }
        }
        var outcome = MergeOutcome()
        try writer.write { db in
            for (d, actuals, targetHistory, actualHistory) in incoming {
                let label = "\(d.code) \(d.name) \(d.year)年"
                let existing = try Row.fetchOne(db, sql: "SELECT content_hash FROM department WHERE code = ? AND year = ?", arguments: [d.code, d.year])
                guard let existing else {
                    _ = try Self.importTargets(db, PreparedTargets(d), source: ImportSource(fileName: source, importedAt: date))
                    try Self.copyActuals(db, actuals)
                    try Self.copy(db, table: "target_history", rows: targetHistory)
                    try Self.copy(db, table: "actual_history", rows: actualHistory)
                    outcome.created.append(label)
                    continue
                }
                let sameTargets = (existing["content_hash"] as String) == Self.contentHash(d)
                let local = try Self.actualRows(db, code: d.code, year: d.year)
                let theirs = Set(actuals.map(Self.signature))
                let sameActuals = local == theirs
                if sameTargets && sameActuals {
                    outcome.unchanged.append(label)
                    continue
                }
                let what = [sameTargets ? nil : "目标表不同", sameActuals ? nil : "实际完成值不同（本库 \(local.count) 行，对方 \(theirs.count) 行）"].compactMap { $0 }
                guard replace else {
                    outcome.conflicts.append("\(label)：\(what.joined(separator: "，"))")
                    continue
                }
                _ = try Self.importTargets(db, PreparedTargets(d), source: ImportSource(fileName: source, importedAt: date))
                _ = try Self.recordActuals(db, actuals.map { var a = $0; a.source = SourceLocation(file: source); return a }, by: user, at: date)
                outcome.replaced.append("\(label)：\(what.joined(separator: "，"))")
            }
            if !outcome.conflicts.isEmpty && !replace {
                // Nothing is merged while any department–year conflicts: roll the transaction back.
                throw MergeConflict(conflicts: outcome.conflicts)
            }
        }
        return outcome
    }

    static func signature(_ a: RecordedActual) -> String {
        [a.key.description, a.value, a.points.map { "\($0)" } ?? "", a.claimedScore.map { "\($0)" } ?? "", a.reason].joined(separator: "\u{1F}")
    }

    static func actualRows(_ db: Database, code: String, year: Int) throws -> Set<String> {
        Set(try Row.fetchAll(db, sql: "SELECT * FROM actual WHERE department_code = ? AND year = ?", arguments: [code, year]).map { r in
            signature(RecordedActual(departmentCode: code, year: year,
                                     key: IndicatorKey(ownerCode: r["owner_code"], level1: r["level1"], level2: r["level2"], level3: r["level3"]),
                                     value: r["value"], points: r["points"], claimedScore: r["claimed_score"], reason: r["reason"]))
        })
    }

    /// Copies actuals as they are, without new history rows (their history is copied beside them).
    static func copyActuals(_ db: Database, _ actuals: [RecordedActual]) throws {
        for a in actuals {
            try db.execute(sql: """
                INSERT INTO actual (department_code, year, owner_code, level1, level2, level3, value, points, claimed_score, reason,
                    recorded_at, recorded_by, source_file, source_row)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [a.departmentCode, a.year, a.key.ownerCode, a.key.level1, a.key.level2, a.key.level3, a.value, a.points, a.claimedScore,
                                 a.reason, "", "", a.source?.file, a.source?.line.map(String.init)])
        }
    }

    /// Copies history rows column by column, letting this database assign the ids.
    static func copy(_ db: Database, table: String, rows: [Row]) throws {
        for row in rows {
            let columns = row.columnNames.filter { $0 != "id" }
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
            try db.execute(sql: sql, arguments: StatementArguments(columns.map { row[$0] as DatabaseValue }))
        }
    }
}

/// A merge refused because department–years differ.
public struct MergeConflict: Error, CustomStringConvertible, Sendable {
    public var conflicts: [String]
    public var description: String {
        "以下单位年度在两个数据库中内容不同，未做任何合并：\n" + conflicts.map { "  · " + $0 }.joined(separator: "\n")
            + "\n如确认以对方为准，请加 --replace（原有版本将保存在历史表中）。"
    }
}
