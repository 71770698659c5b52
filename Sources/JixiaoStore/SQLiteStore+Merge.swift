import Foundation
import GRDB
import JixiaoModel

extension SQLiteStore {
    public func bundles() async throws -> [DepartmentBundle] {
        try await read { db in
            var bundles: [DepartmentBundle] = []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM department ORDER BY year, code") {
                let d = try Self.loadDepartment(db, row: row)
                let actualHistory = try Row.fetchAll(db, sql: "SELECT * FROM actual_history WHERE department_code = ? AND year = ? ORDER BY id",
                                                     arguments: [d.code, d.year]).map(Self.actualChange)
                let recorded = try Row.fetchAll(db, sql: "SELECT recorded_at, recorded_by FROM actual WHERE department_code = ? AND year = ? ORDER BY rowid",
                                                arguments: [d.code, d.year]).map { RecordStamp(at: $0[0], by: $0[1]) }
                bundles.append(DepartmentBundle(
                    department: d, actuals: try Self.actuals(db, departmentCode: d.code, year: d.year),
                    targetHistory: try Self.targetHistory(db, departmentCode: d.code, year: d.year), actualHistory: actualHistory,
                    imported: ImportStamp(version: row["version"], sourceFile: row["source_file"], importedAt: row["imported_at"]), recorded: recorded))
            }
            return bundles
        }
    }

    public func merge(_ incoming: [DepartmentBundle], source: String, replace: Bool, by user: String, at date: Date = Date()) async throws -> MergeOutcome {
        try await write { db in
            var outcome = MergeOutcome()
            for bundle in incoming {
                let d = bundle.department, actuals = bundle.actuals
                let label = "\(d.code) \(d.name) \(d.year)年"
                let existing = try Row.fetchOne(db, sql: "SELECT content_hash FROM department WHERE code = ? AND year = ?", arguments: [d.code, d.year])
                guard let existing else {
                    _ = try Self.importTargets(db, PreparedTargets(d), source: ImportSource(fileName: source, importedAt: date))
                    try Self.copyActuals(db, actuals)
                    try Self.copy(db, bundle.targetHistory)
                    try Self.copy(db, bundle.actualHistory, departmentCode: d.code, year: d.year)
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
                // The values that differ, by the comparison every store shares.
                if let row = try Row.fetchOne(db, sql: "SELECT * FROM department WHERE code = ? AND year = ?", arguments: [d.code, d.year]) {
                    outcome.differences[label] = MergeDifferences.between(
                        mine: try Self.loadDepartment(db, row: row), mineActuals: try Self.actuals(db, departmentCode: d.code, year: d.year),
                        theirs: d, theirActuals: actuals)
                }
                guard replace else {
                    outcome.conflicts.append("\(label)：\(what.joined(separator: "，"))")
                    continue
                }
                _ = try Self.importTargets(db, PreparedTargets(d), source: ImportSource(fileName: source, importedAt: date))
                _ = try Self.recordActuals(db, actuals.map { var a = $0; a.source = SourceLocation(file: source); return a }, by: user, at: date)
                // The other database's own history comes along, where this one lacks it.
                try Self.copy(db, bundle.targetHistory, skippingExisting: true)
                try Self.copy(db, bundle.actualHistory, departmentCode: d.code, year: d.year, skippingExisting: true)
                outcome.replaced.append("\(label)：\(what.joined(separator: "，"))")
            }
            if !outcome.conflicts.isEmpty && !replace {
                // Nothing is merged while any department–year conflicts: roll the transaction back.
                throw MergeConflict(conflicts: outcome.conflicts, differences: outcome.conflicts.map { c in
                    outcome.differences.first { c.hasPrefix($0.key + "：") }?.value ?? []
                })
            }
            return outcome
        }
    }

    public func restore(_ incoming: [DepartmentBundle]) async throws {
        try await write { db in
            let present = try incoming.filter {
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM department WHERE code = ? AND year = ?)", arguments: [$0.department.code, $0.department.year]) == true
            }
            if !present.isEmpty { throw StoreError.alreadyThere(present) }
            for bundle in incoming {
                let d = bundle.department
                let stamp = bundle.imported ?? ImportStamp(version: 1, sourceFile: nil, importedAt: Self.timestamp(Date()))
                try Self.insert(db, d, version: stamp.version, hash: Self.contentHash(d), source: ImportSource(fileName: stamp.sourceFile ?? ""),
                                importedAt: stamp.importedAt)
                if stamp.sourceFile == nil {
                    try db.execute(sql: "UPDATE department SET source_file = NULL WHERE code = ? AND year = ?", arguments: [d.code, d.year])
                }
                for (i, a) in bundle.actuals.enumerated() {
                    let stamp = i < bundle.recorded.count ? bundle.recorded[i] : RecordStamp(at: "", by: "")
                    try db.execute(sql: """
                        INSERT INTO actual (department_code, year, owner_code, level1, level2, level3, value, points, claimed_score, reason,
                            recorded_at, recorded_by, source_file, source_row)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [a.departmentCode, a.year, a.key.ownerCode, a.key.level1, a.key.level2, a.key.level3, a.value, a.points,
                                         a.claimedScore, a.reason, stamp.at, stamp.by, a.source?.file, a.source?.line.map(String.init)])
                }
                try Self.copy(db, bundle.targetHistory)
                try Self.copy(db, bundle.actualHistory, departmentCode: d.code, year: d.year)
            }
        }
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

    /// Copies replaced target versions as they are (this database assigns the ids); with
    /// `skippingExisting`, a version this database already holds (same version and hash) is left.
    static func copy(_ db: Database, _ versions: [TargetVersion], skippingExisting: Bool = false) throws {
        for v in versions {
            if skippingExisting, try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM target_history WHERE department_code = ? AND year = ? AND version = ? AND content_hash = ?)
                """, arguments: [v.departmentCode, v.year, v.version, v.contentHash]) == true { continue }
            try db.execute(sql: """
                INSERT INTO target_history (department_code, year, version, content_hash, source_file, imported_at, replaced_at, snapshot)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [v.departmentCode, v.year, v.version, v.contentHash, v.sourceFile, v.importedAt, v.replacedAt, v.snapshot])
        }
    }

    /// Copies actual changes as they are (this database assigns the ids); with `skippingExisting`,
    /// a change this database already holds (same indicator, time, values, user and source) is left.
    static func copy(_ db: Database, _ changes: [ActualChange], departmentCode: String, year: Int, skippingExisting: Bool = false) throws {
        for c in changes {
            if skippingExisting, try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM actual_history WHERE department_code = ? AND year = ? AND owner_code = ? AND level1 = ? AND level2 = ?
                    AND level3 = ? AND changed_at = ? AND new_value = ? AND old_value IS ? AND changed_by = ? AND source_file IS ? AND source_row IS ?)
                """, arguments: [departmentCode, year, c.key.ownerCode, c.key.level1, c.key.level2, c.key.level3, c.changedAt, c.newValue, c.oldValue,
                                 c.changedBy, c.sourceFile, c.sourceRow]) == true { continue }
            try db.execute(sql: """
                INSERT INTO actual_history (department_code, year, owner_code, level1, level2, level3, old_value, new_value,
                    old_reason, new_reason, old_points, new_points, changed_at, changed_by, source_file, source_row)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [departmentCode, year, c.key.ownerCode, c.key.level1, c.key.level2, c.key.level3, c.oldValue, c.newValue,
                                 c.oldReason, c.newReason, c.oldPoints, c.newPoints, c.changedAt, c.changedBy, c.sourceFile, c.sourceRow])
        }
    }
}
