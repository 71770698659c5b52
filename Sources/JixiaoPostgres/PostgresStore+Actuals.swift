import Foundation
import JixiaoModel
import JixiaoStore
import PostgresNIO

extension PostgresStore: ActualsStore {
    public func recordActuals(_ actuals: [RecordedActual], by user: String, at date: Date, expecting: [String: Int64]) async throws -> RecordOutcome {
        try await write { c in try await self.recordActuals(c, actuals, by: user, at: date, expecting: expecting) }
    }

    /// What is stored of one actual, to tell a change from a repetition.
    struct StoredActual: Equatable {
        var value: String
        var points: Decimal?
        var claimedScore: Decimal?
        var reason: String
    }

    /// Recording inside a caller's transaction, with SQLite's semantics: each row is compared
    /// with what is stored (or was recorded earlier in the same batch); a change is upserted and
    /// gets a history row, a repetition changes nothing.
    func recordActuals(_ c: PostgresConnection, _ actuals: [RecordedActual], by user: String, at date: Date, expecting: [String: Int64] = [:]) async throws -> RecordOutcome {
        var groups = RecordingGroups(actuals.map { .init($0.departmentCode, $0.year) })
        try await lockAndCheckEditable(c, &groups)
        if let year = actuals.first?.year, let department = actuals.first?.departmentCode {
            for (owner, version) in expecting.sorted(by: { $0.key < $1.key })
            where try await actualsVersion(c, departmentCode: department, year: year, ownerCode: owner) != version {
                throw FilingError.actualsChanged(ownerCode: owner)
            }
        }
        var stored: [String: StoredActual] = [:]
        for d in groups.all {
            for r in try await rows(c, """
                SELECT owner_code, level1, level2, level3, value, points::text, claimed_score::text, reason FROM actual
                WHERE department_code = \(d.departmentCode) AND year = \(d.year)
                """) {
                let key = Self.storageKey(d.departmentCode, d.year, r.string(0), r.string(1), r.string(2), r.string(3))
                stored[key] = StoredActual(value: r.string(4), points: r.decimal(5), claimedScore: r.decimal(6), reason: r.string(7))
            }
        }
        let now = Self.timestamp(date)
        var outcome = RecordOutcome(added: 0, changed: 0, unchanged: 0)
        var latest: [String: [String?]] = [:]
        var order: [String] = []
        var history = CopyRows()
        var cleared: [[String?]] = []
        for a in actuals where !a.value.isEmpty || a.points != nil || a.clears {
            let k = a.key
            let key = Self.storageKey(a.departmentCode, a.year, k.ownerCode, k.level1, k.level2, k.level3)
            let file = a.source?.file
            let row = a.source?.storedRow
            let keyFields: [String?] = [a.departmentCode, String(a.year), k.ownerCode, k.level1, k.level2, k.level3]
            if a.clears {
                // 清除: the stored row goes, its history keeps the old value (as SQLite).
                guard let old = stored[key] else {
                    outcome.unchanged += 1
                    continue
                }
                outcome.cleared += 1
                groups.change(a.departmentCode, a.year)
                stored[key] = nil
                if latest[key] != nil { latest[key] = nil; order.removeAll { $0 == key } }
                cleared.append(keyFields)
                history.append(keyFields + [old.value, "", old.reason, "", Numbers.text(old.points), nil, now, user, file, row])
                continue
            }
            let new = StoredActual(value: a.value, points: a.points, claimedScore: a.claimedScore, reason: a.reason)
            let old = stored[key]
            if let old {
                if old == new {
                    outcome.unchanged += 1
                    continue
                }
                outcome.changed += 1
            } else {
                outcome.added += 1
            }
            stored[key] = new
            groups.change(a.departmentCode, a.year)
            if latest[key] == nil { order.append(key) }
            latest[key] = keyFields + [a.value, Numbers.text(a.points), Numbers.text(a.claimedScore), a.reason, now, user, file, row]
            history.append(keyFields + [old?.value, a.value, old?.reason, a.reason, Numbers.text(old?.points), Numbers.text(a.points), now, user, file, row])
        }
        for k in cleared {
            try await execute(c, """
                DELETE FROM actual WHERE department_code = \(k[0]!) AND year = \(Int(k[1]!)!) AND owner_code = \(k[2]!) AND level1 = \(k[3]!)
                    AND level2 = \(k[4]!) AND level3 = \(k[5]!)
                """)
        }
        try await upsertActuals(c, order.compactMap { latest[$0] })
        try await history.send(c, table: "actual_history", columns: Self.historyColumns, logger: logger)
        try await reopen(c, groups, by: user, at: date)
        return outcome
    }

    static let historyColumns = ["department_code", "year", "owner_code", "level1", "level2", "level3", "old_value", "new_value", "old_reason",
                                 "new_reason", "old_points", "new_points", "changed_at", "changed_by", "source_file", "source_row"]

    static func storageKey(_ code: String, _ year: Int, _ owner: String, _ l1: String, _ l2: String, _ l3: String) -> String {
        [code, String(year), owner, l1, l2, l3].joined(separator: "\u{1F}")
    }

    /// Inserts or replaces actuals (fields in `actual`'s column order, without `seq`), a thousand
    /// rows a statement; a replaced row keeps its place in the recording order.
    func upsertActuals(_ c: PostgresConnection, _ rows: [[String?]]) async throws {
        try await upsertRows(
            c, insert: """
                INSERT INTO actual (department_code, year, owner_code, level1, level2, level3, value, points, claimed_score, reason,
                    recorded_at, recorded_by, source_file, source_row) VALUES
                """,
            casts: ["", "::integer", "", "", "", "", "", "::numeric", "::numeric", "", "", "", "", ""],
            onConflict: """
                ON CONFLICT (department_code, year, owner_code, level1, level2, level3) DO UPDATE SET
                    value = excluded.value, points = excluded.points, claimed_score = excluded.claimed_score,
                    reason = excluded.reason, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by,
                    source_file = excluded.source_file, source_row = excluded.source_row
                """, rows)
    }

    public func actuals(departmentCode: String, year: Int) async throws -> [RecordedActual] {
        try await read { c in try await self.actuals(c, departmentCode: departmentCode, year: year) }
    }

    func actuals(_ c: PostgresConnection, departmentCode: String, year: Int) async throws -> [RecordedActual] {
        try await rows(c, """
            SELECT owner_code, level1, level2, level3, value, points::text, claimed_score::text, reason, source_file, source_row
            FROM actual WHERE department_code = \(departmentCode) AND year = \(year) ORDER BY seq
            """).map { r in
            RecordedActual(
                departmentCode: departmentCode, year: year,
                key: IndicatorKey(normalizedOwner: r.string(0), level1: r.string(1), level2: r.string(2), level3: r.string(3)),
                value: r.string(4), points: r.decimal(5), claimedScore: r.decimal(6), reason: r.string(7),
                source: SourceLocation(file: r.text(8), line: r.text(9).flatMap { Int($0) }))
        }
    }

    public func actualHistory(ownerCode: String, year: Int) async throws -> [ActualChange] {
        try await read { c in
            try await self.actualChanges(c, "WHERE owner_code = \(ownerCode) AND year = \(year)")
        }
    }

    /// The history rows matching `filter` (a WHERE clause), oldest first.
    func actualChanges(_ c: PostgresConnection, _ filter: PostgresQuery) async throws -> [ActualChange] {
        let query = PostgresQuery(unsafeSQL: """
            SELECT owner_code, level1, level2, level3, old_value, new_value, old_reason, new_reason, old_points::text, new_points::text,
                changed_at, changed_by, source_file, source_row
            FROM actual_history \(filter.sql) ORDER BY id
            """, binds: filter.binds)
        return try await rows(c, query).map { r in
            ActualChange(
                key: IndicatorKey(ownerCode: r.string(0), level1: r.string(1), level2: r.string(2), level3: r.string(3)),
                oldValue: r.text(4), newValue: r.string(5), oldReason: r.text(6), newReason: r.string(7),
                oldPoints: r.decimal(8), newPoints: r.decimal(9), changedAt: r.string(10), changedBy: r.string(11),
                sourceFile: r.text(12), sourceRow: r.text(13))
        }
    }

    public func actualsVersion(departmentCode: String, year: Int, ownerCode: String) async throws -> Int64 {
        try await read { c in try await self.actualsVersion(c, departmentCode: departmentCode, year: year, ownerCode: ownerCode) }
    }

    /// The version of an owner's actuals: the id of its latest history row.
    func actualsVersion(_ c: PostgresConnection, departmentCode: String, year: Int, ownerCode: String) async throws -> Int64 {
        try await rows(c, """
            SELECT max(id)::text FROM actual_history WHERE department_code = \(departmentCode) AND year = \(year) AND owner_code = \(ownerCode)
            """).first?.int64(0) ?? 0
    }
}
