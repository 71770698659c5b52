import Foundation
import JixiaoModel
import JixiaoStore
import PostgresNIO

extension PostgresStore: MonitoringStore {
    public func record(actuals: [RecordedActual], progress: [ProgressEntry], by user: String, at date: Date) async throws -> RecordOutcome {
        try await write { c in
            var outcome = try await self.recordActuals(c, actuals, by: user, at: date)
            let more = try await self.recordProgress(c, progress, by: user, at: date)
            outcome.added += more.added
            outcome.changed += more.changed
            outcome.unchanged += more.unchanged
            return outcome
        }
    }

    /// Monitoring entries inside a caller's transaction, with SQLite's semantics.
    func recordProgress(_ c: PostgresConnection, _ entries: [ProgressEntry], by user: String, at date: Date) async throws -> RecordOutcome {
        var groups = RecordingGroups(entries.map { .init($0.departmentCode, $0.year) })
        try await lockAndCheckEditable(c, &groups)
        // What is stored, read once per department–year; each entry compared with it (or with what
        // the batch set before), the changes upserted a thousand a statement and their history copied.
        var stored: [String: (value: String, reason: String)] = [:]
        for d in groups.all {
            for r in try await rows(c, """
                SELECT owner_code, level1, level2, level3, month::text, value, reason FROM progress WHERE department_code = \(d.departmentCode) AND year = \(d.year)
                """) {
                stored[Self.storageKey(d.departmentCode, d.year, r.string(0), r.string(1), r.string(2), r.string(3)) + "\u{1F}" + r.string(4)] = (r.string(5), r.string(6))
            }
        }
        let now = Self.timestamp(date)
        var outcome = RecordOutcome(added: 0, changed: 0, unchanged: 0)
        var latest: [String: [String?]] = [:]
        var order: [String] = []
        var history = CopyRows()
        for e in entries {
            let k = e.key
            let key = Self.storageKey(e.departmentCode, e.year, k.ownerCode, k.level1, k.level2, k.level3) + "\u{1F}\(e.month)"
            let old = stored[key]
            if let old {
                if old.value == e.value && old.reason == e.reason {
                    outcome.unchanged += 1
                    continue
                }
                outcome.changed += 1
            } else {
                outcome.added += 1
            }
            stored[key] = (e.value, e.reason)
            let file = e.source?.file
            let row = e.source?.storedRow
            let keyFields: [String?] = [e.departmentCode, String(e.year), k.ownerCode, k.level1, k.level2, k.level3, String(e.month)]
            if latest[key] == nil { order.append(key) }
            latest[key] = keyFields + [e.value, e.reason, now, user, file, row]
            history.append(keyFields + [old?.value, e.value, old?.reason, e.reason, now, user, file, row])
            groups.change(e.departmentCode, e.year)
        }
        try await upsertProgress(c, order.compactMap { latest[$0] })
        try await history.send(c, table: "progress_history", columns: Self.progressHistoryColumns, logger: logger)
        try await reopen(c, groups, by: user, at: date)
        return outcome
    }

    static let progressHistoryColumns = ["department_code", "year", "owner_code", "level1", "level2", "level3", "month", "old_value", "new_value",
                                         "old_reason", "new_reason", "changed_at", "changed_by", "source_file", "source_row"]

    /// Inserts or replaces monitoring entries (fields in `progress`'s column order), a thousand a statement.
    func upsertProgress(_ c: PostgresConnection, _ rows: [[String?]]) async throws {
        try await upsertRows(
            c, insert: """
                INSERT INTO progress (department_code, year, owner_code, level1, level2, level3, month, value, reason, recorded_at, recorded_by,
                    source_file, source_row) VALUES
                """,
            casts: ["", "::integer", "", "", "", "", "::integer", "", "", "", "", "", ""],
            onConflict: """
                ON CONFLICT (department_code, year, owner_code, level1, level2, level3, month) DO UPDATE SET
                    value = excluded.value, reason = excluded.reason, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by,
                    source_file = excluded.source_file, source_row = excluded.source_row
                """, rows)
    }

    public func progress(departmentCode: String, year: Int) async throws -> [ProgressEntry] {
        try await read { c in
            try await self.rows(c, """
                SELECT owner_code, level1, level2, level3, month::text, value, reason, source_file, source_row FROM progress
                WHERE department_code = \(departmentCode) AND year = \(year)
                """).map { r in
                ProgressEntry(departmentCode: departmentCode, year: year,
                              key: IndicatorKey(normalizedOwner: r.string(0), level1: r.string(1), level2: r.string(2), level3: r.string(3)),
                              month: r.int(4) ?? 0, value: r.string(5), reason: r.string(6),
                              source: SourceLocation(file: r.text(7), line: r.text(8).flatMap { Int($0) }))
            }.sorted(by: ProgressEntry.storedOrder)
        }
    }

    public func progressHistory(ownerCode: String, year: Int) async throws -> [ProgressChange] {
        try await read { c in
            try await self.rows(c, """
                SELECT owner_code, level1, level2, level3, month::text, old_value, new_value, old_reason, new_reason, changed_at, changed_by,
                    source_file, source_row FROM progress_history WHERE owner_code = \(ownerCode) AND year = \(year) ORDER BY id
                """).map { r in
                ProgressChange(key: IndicatorKey(normalizedOwner: r.string(0), level1: r.string(1), level2: r.string(2), level3: r.string(3)),
                               month: r.int(4) ?? 0, oldValue: r.text(5), newValue: r.string(6), oldReason: r.text(7), newReason: r.string(8),
                               changedAt: r.string(9), changedBy: r.string(10), sourceFile: r.text(11), sourceRow: r.text(12))
            }
        }
    }
}
