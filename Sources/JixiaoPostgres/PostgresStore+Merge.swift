import Foundation
import JixiaoModel
import JixiaoStore
import PostgresNIO

extension PostgresStore: MergeStore {
    public func bundles() async throws -> [DepartmentBundle] {
        try await read { c in
            let departmentRows = try await self.rows(c, "SELECT \(unescaped: Self.departmentColumns) FROM department ORDER BY year, code COLLATE \"C\"")
            var bundles: [DepartmentBundle] = []
            for (row, d) in zip(departmentRows, try await self.loadDepartments(c, rows: departmentRows)) {
                let recorded = try await self.rows(c, """
                    SELECT recorded_at, recorded_by FROM actual WHERE department_code = \(d.code) AND year = \(d.year) ORDER BY seq
                    """).map { RecordStamp(at: $0.string(0), by: $0.string(1)) }
                bundles.append(DepartmentBundle(
                    department: d, actuals: try await self.actuals(c, departmentCode: d.code, year: d.year),
                    targetHistory: try await self.targetHistory(c, "WHERE department_code = \(d.code) AND year = \(d.year)"),
                    actualHistory: try await self.actualChanges(c, "WHERE department_code = \(d.code) AND year = \(d.year)"),
                    imported: ImportStamp(version: row.int(6) ?? 1, sourceFile: row.text(8), importedAt: row.string(9)), recorded: recorded))
            }
            return bundles
        }
    }

    public func merge(_ incoming: [DepartmentBundle], source: String, replace: Bool, by user: String, at date: Date) async throws -> MergeOutcome {
        try await write { c in
            for d in incoming.map(\.department).sorted(by: { ($0.code, $0.year) < ($1.code, $1.year) }) {
                try await Self.lock(c, departmentCode: d.code, year: d.year, logger: self.logger)
            }
            var outcome = MergeOutcome()
            for bundle in incoming {
                let d = bundle.department, actuals = bundle.actuals
                let label = "\(d.code) \(d.name) \(d.year)年"
                let existing = try await self.rows(c, "SELECT content_hash FROM department WHERE code = \(d.code) AND year = \(d.year)").first
                guard let existing else {
                    _ = try await self.importTargets(c, PreparedTargets(d), source: ImportSource(fileName: source, importedAt: date))
                    try await self.copyActuals(c, actuals)
                    try await self.copy(c, bundle.targetHistory)
                    try await self.copy(c, bundle.actualHistory, departmentCode: d.code, year: d.year)
                    outcome.created.append(label)
                    continue
                }
                let sameTargets = existing.string(0) == TargetsJSON.contentHash(d)
                let local = Set(try await self.actuals(c, departmentCode: d.code, year: d.year).map(Self.signature))
                let theirs = Set(actuals.map(Self.signature))
                let sameActuals = local == theirs
                if sameTargets && sameActuals {
                    outcome.unchanged.append(label)
                    continue
                }
                let what = [sameTargets ? nil : "目标表不同", sameActuals ? nil : "实际完成值不同（本库 \(local.count) 行，对方 \(theirs.count) 行）"].compactMap { $0 }
                // The values that differ, by the comparison every store shares.
                let found = try await self.rows(c, "SELECT \(unescaped: Self.departmentColumns) FROM department WHERE code = \(d.code) AND year = \(d.year)")
                if let mine = try await self.loadDepartments(c, rows: found).first {
                    outcome.differences[label] = MergeDifferences.between(
                        mine: mine, mineActuals: try await self.actuals(c, departmentCode: d.code, year: d.year), theirs: d, theirActuals: actuals)
                }
                guard replace else {
                    outcome.conflicts.append("\(label)：\(what.joined(separator: "，"))")
                    continue
                }
                _ = try await self.importTargets(c, PreparedTargets(d), source: ImportSource(fileName: source, importedAt: date))
                _ = try await self.recordActuals(c, actuals.map { var a = $0; a.source = SourceLocation(file: source); return a }, by: user, at: date)
                // The other database's own history comes along, where this one lacks it.
                try await self.copy(c, bundle.targetHistory, skippingExisting: true)
                try await self.copy(c, bundle.actualHistory, departmentCode: d.code, year: d.year, skippingExisting: true)
                outcome.replaced.append("\(label)：\(what.joined(separator: "，"))")
            }
            if !outcome.conflicts.isEmpty && !replace {
                // Nothing is merged while any department–year conflicts: the transaction is rolled back.
                throw MergeConflict(conflicts: outcome.conflicts, differences: outcome.conflicts.map { c in
                    outcome.differences.first { c.hasPrefix($0.key + "：") }?.value ?? []
                })
            }
            return outcome
        }
    }

    public func restore(_ incoming: [DepartmentBundle]) async throws {
        try await write { c in
            for d in incoming.map(\.department).sorted(by: { ($0.code, $0.year) < ($1.code, $1.year) }) {
                try await Self.lock(c, departmentCode: d.code, year: d.year, logger: self.logger)
            }
            var present: [DepartmentBundle] = []
            for bundle in incoming where try await !self.rows(c, """
                SELECT 1 FROM department WHERE code = \(bundle.department.code) AND year = \(bundle.department.year)
                """).isEmpty {
                present.append(bundle)
            }
            if !present.isEmpty { throw StoreError.alreadyThere(present) }
            for bundle in incoming {
                let d = bundle.department
                let stamp = bundle.imported ?? ImportStamp(version: 1, sourceFile: nil, importedAt: Self.timestamp(Date()))
                try await self.insert(c, d, version: stamp.version, hash: TargetsJSON.contentHash(d), sourceFile: stamp.sourceFile, importedAt: stamp.importedAt)
                try await self.copyActuals(c, bundle.actuals, recorded: bundle.recorded)
                try await self.copy(c, bundle.targetHistory)
                try await self.copy(c, bundle.actualHistory, departmentCode: d.code, year: d.year)
            }
        }
    }

    static func signature(_ a: RecordedActual) -> String {
        [a.key.description, a.value, a.points.map { "\($0)" } ?? "", a.claimedScore.map { "\($0)" } ?? "", a.reason].joined(separator: "\u{1F}")
    }

    /// Copies actuals as they are, without new history rows (their history is copied beside them).
    func copyActuals(_ c: PostgresConnection, _ actuals: [RecordedActual], recorded: [RecordStamp] = []) async throws {
        var rows = CopyRows()
        for (i, a) in actuals.enumerated() {
            let stamp = i < recorded.count ? recorded[i] : RecordStamp(at: "", by: "")
            rows.append([a.departmentCode, String(a.year), a.key.ownerCode, a.key.level1, a.key.level2, a.key.level3, a.value, Numbers.text(a.points),
                         Numbers.text(a.claimedScore), a.reason, stamp.at, stamp.by, a.source?.file, a.source?.line.map(String.init)])
        }
        try await rows.send(c, table: "actual", columns: ["department_code", "year", "owner_code", "level1", "level2", "level3", "value", "points",
                                                          "claimed_score", "reason", "recorded_at", "recorded_by", "source_file", "source_row"], logger: logger)
    }

    /// Copies replaced target versions as they are (this database assigns the ids); with
    /// `skippingExisting`, a version this database already holds (same version and hash) is left.
    func copy(_ c: PostgresConnection, _ versions: [TargetVersion], skippingExisting: Bool = false) async throws {
        for v in versions {
            if skippingExisting, try await !rows(c, """
                SELECT 1 FROM target_history WHERE department_code = \(v.departmentCode) AND year = \(v.year) AND version = \(v.version)
                    AND content_hash = \(v.contentHash)
                """).isEmpty { continue }
            try await execute(c, """
                INSERT INTO target_history (department_code, year, version, content_hash, source_file, imported_at, replaced_at, snapshot)
                VALUES (\(v.departmentCode), \(v.year), \(v.version), \(v.contentHash), \(v.sourceFile), \(v.importedAt), \(v.replacedAt), \(v.snapshot))
                """)
        }
    }

    /// Copies actual changes as they are (this database assigns the ids); with `skippingExisting`,
    /// a change this database already holds (same indicator, time, values, user and source) is left.
    func copy(_ c: PostgresConnection, _ changes: [ActualChange], departmentCode: String, year: Int, skippingExisting: Bool = false) async throws {
        var rows = CopyRows()
        for ch in changes {
            if skippingExisting, try await !self.rows(c, """
                SELECT 1 FROM actual_history WHERE department_code = \(departmentCode) AND year = \(year) AND owner_code = \(ch.key.ownerCode)
                    AND level1 = \(ch.key.level1) AND level2 = \(ch.key.level2) AND level3 = \(ch.key.level3) AND changed_at = \(ch.changedAt)
                    AND new_value = \(ch.newValue) AND old_value IS NOT DISTINCT FROM \(ch.oldValue) AND changed_by = \(ch.changedBy)
                    AND source_file IS NOT DISTINCT FROM \(ch.sourceFile) AND source_row IS NOT DISTINCT FROM \(ch.sourceRow)
                """).isEmpty { continue }
            rows.append([departmentCode, String(year), ch.key.ownerCode, ch.key.level1, ch.key.level2, ch.key.level3, ch.oldValue, ch.newValue,
                         ch.oldReason, ch.newReason, Numbers.text(ch.oldPoints), Numbers.text(ch.newPoints), ch.changedAt, ch.changedBy,
                         ch.sourceFile, ch.sourceRow])
        }
        try await rows.send(c, table: "actual_history", columns: Self.historyColumns, logger: logger)
    }
}
