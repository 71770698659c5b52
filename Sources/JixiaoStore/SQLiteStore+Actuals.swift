import Foundation
import GRDB
import JixiaoModel

extension SQLiteStore: ActualsStore {
    public func recordActuals(_ actuals: [RecordedActual], by user: String, at date: Date, expecting: [String: Int64]) async throws -> RecordOutcome {
        try await write { db in try Self.recordActuals(db, actuals, by: user, at: date, expecting: expecting) }
    }

    public func actualsVersion(departmentCode: String, year: Int, ownerCode: String) async throws -> Int64 {
        try await read { db in try Self.actualsVersion(db, departmentCode: departmentCode, year: year, ownerCode: ownerCode) }
    }

    /// Recording inside a caller's transaction.
    static func recordActuals(_ db: Database, _ actuals: [RecordedActual], by user: String, at date: Date, expecting: [String: Int64] = [:]) throws -> RecordOutcome {
        var groups = RecordingGroups(actuals.map { .init($0.departmentCode, $0.year) })
        try checkEditable(db, &groups)
        if let year = actuals.first?.year, let department = actuals.first?.departmentCode {
            for (owner, version) in expecting where try actualsVersion(db, departmentCode: department, year: year, ownerCode: owner) != version {
                throw FilingError.actualsChanged(ownerCode: owner)
            }
        }
        let now = Self.timestamp(date)
        do {
            var outcome = RecordOutcome(added: 0, changed: 0, unchanged: 0)
            let select = try db.cachedStatement(sql: """
                SELECT value, points, claimed_score, reason FROM actual
                WHERE department_code = ? AND year = ? AND owner_code = ? AND level1 = ? AND level2 = ? AND level3 = ?
                """)
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO actual (department_code, year, owner_code, level1, level2, level3, value, points, claimed_score, reason,
                    recorded_at, recorded_by, source_file, source_row)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (department_code, year, owner_code, level1, level2, level3) DO UPDATE SET
                    value = excluded.value, points = excluded.points, claimed_score = excluded.claimed_score,
                    reason = excluded.reason, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by,
                    source_file = excluded.source_file, source_row = excluded.source_row
                """)
            let history = try db.cachedStatement(sql: """
                INSERT INTO actual_history (department_code, year, owner_code, level1, level2, level3, old_value, new_value,
                    old_reason, new_reason, old_points, new_points, changed_at, changed_by, source_file, source_row)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let delete = try db.cachedStatement(sql: """
                DELETE FROM actual WHERE department_code = ? AND year = ? AND owner_code = ? AND level1 = ? AND level2 = ? AND level3 = ?
                """)
            for a in actuals where !a.value.isEmpty || a.points != nil || a.clears {
                let k = a.key
                let keyArgs: StatementArguments = [a.departmentCode, a.year, k.ownerCode, k.level1, k.level2, k.level3]
                let old = try Row.fetchOne(select, arguments: keyArgs)
                if a.clears {
                    guard let old else {
                        outcome.unchanged += 1
                        continue
                    }
                    outcome.cleared += 1
                    let file = a.source?.file
                    let row = a.source?.storedRow
                    try delete.execute(arguments: keyArgs)
                    try history.execute(arguments: keyArgs + [
                        old["value"] as String?, "", old["reason"] as String?, "", old["points"] as Decimal?, nil, now, user, file, row,
                    ])
                    groups.change(a.departmentCode, a.year)
                    continue
                }
                if let old {
                    let same = (old["value"] as String) == a.value && (old["points"] as Decimal?) == a.points
                        && (old["claimed_score"] as Decimal?) == a.claimedScore && (old["reason"] as String) == a.reason
                    if same {
                        outcome.unchanged += 1
                        continue
                    }
                    outcome.changed += 1
                } else {
                    outcome.added += 1
                }
                let file = a.source?.file
                let row = a.source?.storedRow
                try upsert.execute(arguments: keyArgs + [a.value, a.points, a.claimedScore, a.reason, now, user, file, row])
                try history.execute(arguments: keyArgs + [
                    old?["value"] as String?, a.value, old?["reason"] as String?, a.reason, old?["points"] as Decimal?, a.points,
                    now, user, file, row,
                ])
                groups.change(a.departmentCode, a.year)
            }
            try reopen(db, groups, by: user, at: date)
            return outcome
        }
    }

    public func actuals(departmentCode: String, year: Int) async throws -> [RecordedActual] {
        try await read { db in try Self.actuals(db, departmentCode: departmentCode, year: year) }
    }

    static func actuals(_ db: Database, departmentCode: String, year: Int) throws -> [RecordedActual] {
        // A cursor reads each row in place (fetchAll copies every row into a Row first). The
        // rows come in the primary key's order and are put in recording order here (an ORDER
        // BY rowid would copy every row into SQLite's temporary sorter).
        var entries: [(rowid: Int64, actual: RecordedActual)] = []
        let statement = try db.cachedStatement(sql: ActualRead.sql)
        let rows = try Row.fetchCursor(statement, arguments: [departmentCode, year])
        let r = ColumnReader(statement)
        while try rows.next() != nil {
            typealias C = ActualRead
            entries.append((r.int64(C.rowid) ?? 0, RecordedActual(
                departmentCode: departmentCode, year: year,
                key: IndicatorKey(normalizedOwner: r.string(C.ownerCode), level1: r.string(C.level1), level2: r.string(C.level2), level3: r.string(C.level3)),
                value: r.string(C.value), points: r.decimal(C.points), claimedScore: r.decimal(C.claimedScore), reason: r.string(C.reason),
                source: SourceLocation(file: r.text(C.sourceFile), line: r.text(C.sourceRow).flatMap { Int($0) }))))
        }
        if !entries.isSorted(by: { $0.rowid < $1.rowid }) { entries.sort { $0.rowid < $1.rowid } }
        return entries.map(\.actual)
    }

    public func actualHistory(ownerCode: String, year: Int) async throws -> [ActualChange] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM actual_history WHERE owner_code = ? AND year = ? ORDER BY id", arguments: [ownerCode, year]).map(Self.actualChange)
        }
    }

    static func actualChange(_ r: Row) -> ActualChange {
        ActualChange(
            key: IndicatorKey(ownerCode: r["owner_code"], level1: r["level1"], level2: r["level2"], level3: r["level3"]),
            oldValue: r["old_value"], newValue: r["new_value"], oldReason: r["old_reason"], newReason: r["new_reason"],
            oldPoints: r["old_points"], newPoints: r["new_points"], changedAt: r["changed_at"], changedBy: r["changed_by"],
            sourceFile: r["source_file"], sourceRow: r["source_row"])
    }
}
