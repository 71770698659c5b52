import Foundation
import JixiaoModel
import JixiaoStore
import PostgresNIO

extension PostgresStore: FilingStore {
    static let filingColumns = """
        department_code, year::text, state, version::text, updated_at, updated_by, submitted_at, submitted_by, approved_at, approved_by,
        approved_profile, approved_profile_hash
        """

    static func filing(_ r: TextRow) -> Filing {
        Filing(departmentCode: r.string(0), year: r.int(1) ?? 0, state: FilingState(rawValue: r.string(2)) ?? .filling, version: r.int(3) ?? 0,
               updatedAt: r.text(4), updatedBy: r.text(5), submittedAt: r.text(6), submittedBy: r.text(7), approvedAt: r.text(8), approvedBy: r.text(9),
               approvedProfile: r.text(10), approvedProfileHash: r.text(11))
    }

    public func filing(departmentCode: String, year: Int) async throws -> Filing {
        try await read { c in try await self.filing(c, departmentCode: departmentCode, year: year) }
    }

    func filing(_ c: PostgresConnection, departmentCode: String, year: Int) async throws -> Filing {
        try await rows(c, "SELECT \(unescaped: Self.filingColumns) FROM filing WHERE department_code = \(departmentCode) AND year = \(year)")
            .first.map(Self.filing) ?? Filing(departmentCode: departmentCode, year: year)
    }

    public func filings(year: Int) async throws -> [Filing] {
        try await read { c in
            try await self.rows(c, "SELECT \(unescaped: Self.filingColumns) FROM filing WHERE year = \(year) ORDER BY department_code COLLATE \"C\"").map(Self.filing)
        }
    }

    public func transition(_ t: FilingTransition) async throws -> Filing {
        try await write { c in
            try await Self.lock(c, departmentCode: t.departmentCode, year: t.year, logger: self.logger)
            return try await self.transition(c, t)
        }
    }

    /// A transition inside a caller's transaction that holds the department–year's lock.
    func transition(_ c: PostgresConnection, _ t: FilingTransition) async throws -> Filing {
        var current = try await filing(c, departmentCode: t.departmentCode, year: t.year)
        guard current.state == t.from, current.version == t.expectedVersion else { throw FilingError.moved(current: current) }
        let now = Self.timestamp(t.at)
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
        try await execute(c, """
            INSERT INTO filing (department_code, year, state, version, updated_at, updated_by, submitted_at, submitted_by, approved_at, approved_by,
                approved_profile, approved_profile_hash)
            VALUES (\(current.departmentCode), \(current.year), \(current.state.rawValue), \(current.version), \(current.updatedAt), \(current.updatedBy),
                \(current.submittedAt), \(current.submittedBy), \(current.approvedAt), \(current.approvedBy), \(current.approvedProfile),
                \(current.approvedProfileHash))
            ON CONFLICT (department_code, year) DO UPDATE SET
                state = excluded.state, version = excluded.version, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by, approved_at = excluded.approved_at,
                approved_by = excluded.approved_by, approved_profile = excluded.approved_profile, approved_profile_hash = excluded.approved_profile_hash
            """)
        let event = try await rows(c, """
            INSERT INTO filing_event (department_code, year, from_state, to_state, at, by_user, note)
            VALUES (\(t.departmentCode), \(t.year), \(t.from.rawValue), \(t.to.rawValue), \(now), \(t.by), \(t.note)) RETURNING id::text
            """)
        let eventID = event[0].int64(0) ?? 0
        for comment in t.comments {
            try await execute(c, """
                INSERT INTO review_comment (event_id, department_code, year, project_code, indicator, text)
                VALUES (\(eventID), \(t.departmentCode), \(t.year), \(comment.projectCode), \(comment.indicator), \(comment.text))
                """)
        }
        return current
    }

    public func events(departmentCode: String, year: Int) async throws -> [FilingEvent] {
        try await read { c in
            try await self.rows(c, """
                SELECT id::text, department_code, year::text, from_state, to_state, at, by_user, note FROM filing_event
                WHERE department_code = \(departmentCode) AND year = \(year) ORDER BY filing_event.id
                """).map { r in
                FilingEvent(id: r.int64(0) ?? 0, departmentCode: r.string(1), year: r.int(2) ?? 0, from: FilingState(rawValue: r.string(3)) ?? .filling,
                            to: FilingState(rawValue: r.string(4)) ?? .filling, at: r.string(5), by: r.string(6), note: r.string(7))
            }
        }
    }

    public func comments(departmentCode: String, year: Int) async throws -> [ReviewComment] {
        try await read { c in
            try await self.rows(c, """
                SELECT event_id::text, project_code, indicator, text FROM review_comment
                WHERE department_code = \(departmentCode) AND year = \(year) ORDER BY id
                """).map { r in ReviewComment(eventID: r.int64(0) ?? 0, projectCode: r.text(1), indicator: r.text(2), text: r.string(3)) }
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
        try await read { c in
            try await self.rows(c, """
                SELECT department_code, year::text, owner_code, level1, level2, level3, score::text, reason, at, by_user FROM score_adjustment
                WHERE department_code = \(departmentCode) AND year = \(year) ORDER BY id
                """).map { r in
                ScoreAdjustment(departmentCode: r.string(0), year: r.int(1) ?? 0,
                                key: IndicatorKey(normalizedOwner: r.string(2), level1: r.string(3), level2: r.string(4), level3: r.string(5)),
                                score: r.decimal(6) ?? 0, reason: r.string(7), at: r.string(8), by: r.string(9))
            }
        }
    }

    public func saveAdjustment(_ a: ScoreAdjustment) async throws {
        try await write { c in
            try await Self.lock(c, departmentCode: a.departmentCode, year: a.year, logger: self.logger)
            let state = try await self.filing(c, departmentCode: a.departmentCode, year: a.year).state
            if state == .approved { throw FilingError.locked(departmentCode: a.departmentCode, year: a.year, state: state) }
            try await self.execute(c, """
                INSERT INTO score_adjustment (department_code, year, owner_code, level1, level2, level3, score, reason, at, by_user)
                VALUES (\(a.departmentCode), \(a.year), \(a.key.ownerCode), \(a.key.level1), \(a.key.level2), \(a.key.level3),
                    \(Decimals.plain(a.score))::numeric, \(a.reason), \(a.at), \(a.by))
                """)
        }
    }

    /// Refuses changes to the actuals of a submitted or approved department–year; a returned one
    /// goes back to 填报中 (with its event), inside the caller's transaction (which holds the lock).
    /// Refuses changes to a submitted or approved department–year; returns the filing when it was
    /// returned (a change reopens it), as SQLite does.
    func checkEditable(_ c: PostgresConnection, departmentCode: String, year: Int) async throws -> Filing? {
        let current = try await filing(c, departmentCode: departmentCode, year: year)
        switch current.state {
        case .filling: return nil
        case .submitted, .approved: throw FilingError.locked(departmentCode: departmentCode, year: year, state: current.state)
        case .returned: return current
        }
    }

    /// A returned filing whose actuals changed goes back to 填报中 (with its event).
    /// Locks every group of a batch — in one order, so that two batches naming the same
    /// department–years cannot deadlock — then checks each (`checkEditable`), keeping the
    /// returned filings.
    func lockAndCheckEditable(_ c: PostgresConnection, _ groups: inout RecordingGroups) async throws {
        for g in groups.all.sorted() { try await Self.lock(c, departmentCode: g.departmentCode, year: g.year, logger: logger) }
        for g in groups.all { groups.returned[g] = try await checkEditable(c, departmentCode: g.departmentCode, year: g.year) }
    }

    /// Reopens the returned filings a batch changed.
    func reopen(_ c: PostgresConnection, _ groups: RecordingGroups, by user: String, at date: Date) async throws {
        for filing in groups.reopening { try await reopen(c, filing, by: user, at: date) }
    }

    func reopen(_ c: PostgresConnection, _ returned: Filing, by user: String, at date: Date) async throws {
        _ = try await transition(c, FilingTransition(departmentCode: returned.departmentCode, year: returned.year, from: .returned,
                                                     expectedVersion: returned.version, to: .filling, at: date, by: user, note: "退回后修改实际完成值"))
    }
}
