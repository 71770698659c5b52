import Foundation
import GRDB
import JixiaoModel

extension SQLiteStore: MonitoringStore {
    public func record(actuals: [RecordedActual], progress: [ProgressEntry], by user: String, at date: Date) async throws -> RecordOutcome {
        try await write { db in
            var outcome = try Self.recordActuals(db, actuals, by: user, at: date)
            let more = try Self.recordProgress(db, progress, by: user, at: date)
            outcome.added += more.added
            outcome.changed += more.changed
            outcome.unchanged += more.unchanged
            return outcome
        }
    }

    /// Monitoring entries inside a caller's transaction.
    static func recordProgress(_ db: Database, _ entries: [ProgressEntry], by user: String, at date: Date) throws -> RecordOutcome {
        var groups = RecordingGroups(entries.map { .init($0.departmentCode, $0.year) })
        try checkEditable(db, &groups)
        let now = timestamp(date)
        var outcome = RecordOutcome(added: 0, changed: 0, unchanged: 0)
        let select = try db.cachedStatement(sql: """
            SELECT value, reason FROM progress WHERE department_code = ? AND year = ? AND owner_code = ? AND level1 = ? AND level2 = ?
                AND level3 = ? AND month = ?
            """)
        let upsert = try db.cachedStatement(sql: progressUpsert)
        let history = try db.cachedStatement(sql: progressHistoryInsert)
        for e in entries {
            let k = e.key
            let keyArgs: StatementArguments = [e.departmentCode, e.year, k.ownerCode, k.level1, k.level2, k.level3, e.month]
            let old = try Row.fetchOne(select, arguments: keyArgs)
            if let old {
                if (old["value"] as String) == e.value && (old["reason"] as String) == e.reason {
                    outcome.unchanged += 1
                    continue
                }
                outcome.changed += 1
            } else {
                outcome.added += 1
            }
            let file = e.source?.file
            let row = e.source?.storedRow
            try upsert.execute(arguments: keyArgs + [e.value, e.reason, now, user, file, row])
            try history.execute(arguments: keyArgs + [old?["value"] as String?, e.value, old?["reason"] as String?, e.reason, now, user, file, row])
            groups.change(e.departmentCode, e.year)
        }
        try reopen(db, groups, by: user, at: date)
        return outcome
    }

    static let progressUpsert = """
                INSERT INTO progress (department_code, year, owner_code, level1, level2, level3, month, value, reason, recorded_at, recorded_by,
                    source_file, source_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (department_code, year, owner_code, level1, level2, level3, month) DO UPDATE SET
                    value = excluded.value, reason = excluded.reason, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by,
                    source_file = excluded.source_file, source_row = excluded.source_row
                """

    static let progressHistoryInsert = """
                INSERT INTO progress_history (department_code, year, owner_code, level1, level2, level3, month, old_value, new_value, old_reason,
                    new_reason, changed_at, changed_by, source_file, source_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """

    public func progress(departmentCode: String, year: Int) async throws -> [ProgressEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT owner_code, level1, level2, level3, month, value, reason, source_file, source_row FROM progress
                WHERE department_code = ? AND year = ? ORDER BY owner_code, level1, level2, level3, month
                """, arguments: [departmentCode, year]).map { r in
                ProgressEntry(departmentCode: departmentCode, year: year,
                              key: IndicatorKey(normalizedOwner: r["owner_code"], level1: r["level1"], level2: r["level2"], level3: r["level3"]),
                              month: r["month"], value: r["value"], reason: r["reason"],
                              source: SourceLocation(file: r["source_file"], line: (r["source_row"] as String?).flatMap { Int($0) }))
            }.sorted(by: ProgressEntry.storedOrder)
        }
    }

    public func progressHistory(ownerCode: String, year: Int) async throws -> [ProgressChange] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM progress_history WHERE owner_code = ? AND year = ? ORDER BY id", arguments: [ownerCode, year]).map { r in
                ProgressChange(key: IndicatorKey(normalizedOwner: r["owner_code"], level1: r["level1"], level2: r["level2"], level3: r["level3"]),
                               month: r["month"], oldValue: r["old_value"], newValue: r["new_value"], oldReason: r["old_reason"],
                               newReason: r["new_reason"], changedAt: r["changed_at"], changedBy: r["changed_by"],
                               sourceFile: r["source_file"], sourceRow: r["source_row"])
            }
        }
    }
}
