import Foundation
import GRDB
import JixiaoModel

extension SQLiteStore: FilingStore {
    public func filing(departmentCode: String, year: Int) async throws -> Filing {
        try await read { db in try Self.filing(db, departmentCode: departmentCode, year: year) }
    }

    static func filing(_ db: Database, departmentCode: String, year: Int) throws -> Filing {
        try Row.fetchOne(db, sql: "SELECT * FROM filing WHERE department_code = ? AND year = ?", arguments: [departmentCode, year]).map(filing)
            ?? Filing(departmentCode: departmentCode, year: year)
    }

    static func filing(_ r: Row) -> Filing {
        Filing(departmentCode: r["department_code"], year: r["year"], state: FilingState(rawValue: r["state"]) ?? .filling, version: r["version"],
               updatedAt: r["updated_at"], updatedBy: r["updated_by"], submittedAt: r["submitted_at"], submittedBy: r["submitted_by"],
               approvedAt: r["approved_at"], approvedBy: r["approved_by"], approvedProfile: r["approved_profile"], approvedProfileHash: r["approved_profile_hash"])
    }

    public func filings(year: Int) async throws -> [Filing] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM filing WHERE year = ? ORDER BY department_code", arguments: [year]).map(Self.filing) }
    }

    public func transition(_ t: FilingTransition) async throws -> Filing {
        try await write { db in try Self.transition(db, t) }
    }

    static func transition(_ db: Database, _ t: FilingTransition) throws -> Filing {
        var current = try filing(db, departmentCode: t.departmentCode, year: t.year)
        guard current.state == t.from, current.version == t.expectedVersion else { throw FilingError.moved(current: current) }
        let now = timestamp(t.at)
        current.state = t.to
        current.version += 1
        current.updatedAt = now
        current.updatedBy = t.by
        if t.to == .submitted {
            current.submittedAt = now
            current.submittedBy = t.by
        }
        if t.to == .approved {
            current.approvedAt = now
            current.approvedBy = t.by
            current.approvedProfile = t.profileName
            current.approvedProfileHash = t.profileHash
        }
        try db.execute(sql: """
            INSERT INTO filing (department_code, year, state, version, updated_at, updated_by, submitted_at, submitted_by, approved_at, approved_by,
                approved_profile, approved_profile_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (department_code, year) DO UPDATE SET
                state = excluded.state, version = excluded.version, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by, approved_at = excluded.approved_at,
                approved_by = excluded.approved_by, approved_profile = excluded.approved_profile, approved_profile_hash = excluded.approved_profile_hash
            """, arguments: [current.departmentCode, current.year, current.state.rawValue, current.version, current.updatedAt, current.updatedBy,
                             current.submittedAt, current.submittedBy, current.approvedAt, current.approvedBy, current.approvedProfile, current.approvedProfileHash])
        try db.execute(sql: """
            INSERT INTO filing_event (department_code, year, from_state, to_state, at, by_user, note) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [t.departmentCode, t.year, t.from.rawValue, t.to.rawValue, now, t.by, t.note])
        let eventID = db.lastInsertedRowID
        for c in t.comments {
            try db.execute(sql: """
                INSERT INTO review_comment (event_id, department_code, year, project_code, indicator, text) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [eventID, t.departmentCode, t.year, c.projectCode, c.indicator, c.text])
        }
        return current
    }

    public func events(departmentCode: String, year: Int) async throws -> [FilingEvent] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM filing_event WHERE department_code = ? AND year = ? ORDER BY id", arguments: [departmentCode, year]).map { r in
                FilingEvent(id: r["id"], departmentCode: r["department_code"], year: r["year"], from: FilingState(rawValue: r["from_state"]) ?? .filling,
                            to: FilingState(rawValue: r["to_state"]) ?? .filling, at: r["at"], by: r["by_user"], note: r["note"])
            }
        }
    }

    public func comments(departmentCode: String, year: Int) async throws -> [ReviewComment] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM review_comment WHERE department_code = ? AND year = ? ORDER BY id", arguments: [departmentCode, year]).map { r in
                ReviewComment(eventID: r["event_id"], projectCode: r["project_code"], indicator: r["indicator"], text: r["text"])
            }
        }
    }

    public func adjustments(departmentCode: String, year: Int) async throws -> [ScoreAdjustment] {
        var latest: [IndicatorKey: ScoreAdjustment] = [:]
        var order: [IndicatorKey] = []
        for a in try await adjustmentHistory(departmentCode: departmentCode, year: year) {
            if latest[a.key] == nil { order.append(a.key) }
            latest[a.key] = a
        }
        return order.compactMap { latest[$0] }
    }

    public func adjustmentHistory(departmentCode: String, year: Int) async throws -> [ScoreAdjustment] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM score_adjustment WHERE department_code = ? AND year = ? ORDER BY id", arguments: [departmentCode, year]).map { r in
                ScoreAdjustment(departmentCode: r["department_code"], year: r["year"],
                                key: IndicatorKey(normalizedOwner: r["owner_code"], level1: r["level1"], level2: r["level2"], level3: r["level3"]),
                                score: ColumnText.decimal(r["score"]) ?? 0, reason: r["reason"], at: r["at"], by: r["by_user"])
            }
        }
    }

    public func saveAdjustment(_ a: ScoreAdjustment) async throws {
        try await write { db in
            let state = try Self.filing(db, departmentCode: a.departmentCode, year: a.year).state
            if state == .approved { throw FilingError.locked(departmentCode: a.departmentCode, year: a.year, state: state) }
            try db.execute(sql: """
                INSERT INTO score_adjustment (department_code, year, owner_code, level1, level2, level3, score, reason, at, by_user)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [a.departmentCode, a.year, a.key.ownerCode, a.key.level1, a.key.level2, a.key.level3, Decimals.plain(a.score), a.reason, a.at, a.by])
        }
    }

    /// Refuses changes to the actuals of a submitted or approved department–year, inside the
    /// caller's transaction. Returns the filing when it was returned: a change reopens it.
    static func checkEditable(_ db: Database, departmentCode: String, year: Int) throws -> Filing? {
        let current = try filing(db, departmentCode: departmentCode, year: year)
        switch current.state {
        case .filling: return nil
        case .submitted, .approved: throw FilingError.locked(departmentCode: departmentCode, year: year, state: current.state)
        case .returned: return current
        }
    }

    /// Checks every group of a batch (`checkEditable`), keeping the returned filings.
    static func checkEditable(_ db: Database, _ groups: inout RecordingGroups) throws {
        for g in groups.all { groups.returned[g] = try checkEditable(db, departmentCode: g.departmentCode, year: g.year) }
    }

    /// Reopens the returned filings a batch changed.
    static func reopen(_ db: Database, _ groups: RecordingGroups, by user: String, at date: Date) throws {
        for filing in groups.reopening { try reopen(db, filing, by: user, at: date) }
    }

    /// A returned filing whose actuals changed goes back to 填报中 (with its event).
    static func reopen(_ db: Database, _ returned: Filing, by user: String, at date: Date) throws {
        _ = try transition(db, FilingTransition(departmentCode: returned.departmentCode, year: returned.year, from: .returned, expectedVersion: returned.version,
                                                to: .filling, at: date, by: user, note: "退回后修改实际完成值"))
    }

    /// The version of an owner's actuals: the id of its latest history row.
    static func actualsVersion(_ db: Database, departmentCode: String, year: Int, ownerCode: String) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(id) FROM actual_history WHERE department_code = ? AND year = ? AND owner_code = ?",
                           arguments: [departmentCode, year, ownerCode]) ?? 0
    }
}

/// Decimal text as stored.
enum ColumnText {
    static func decimal(_ text: String?) -> Decimal? {
        text.flatMap { Decimals.parse($0) ?? Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
    }
}
