import Foundation
import JixiaoModel
import JixiaoStore
import PostgresNIO

extension PostgresStore: ScoreStore {
    public func beginScoreRun(_ run: ScoreRunRecord) async throws -> Int64 {
        let writer = ScoreRunWriter.current
        return try await write { c in
            try await self.removeAbandonedRuns(c)
            let inserted = try await self.rows(c, """
                INSERT INTO score_run (year, profile_name, profile_hash, scored_at, scored_by, complete, writer, final)
                VALUES (\(run.year), \(run.profileName), \(run.profileHash), \(Self.timestamp(run.scoredAt)), \(run.scoredBy), 0, \(writer.description),
                        \(run.final ? 1 : 0))
                RETURNING id::text
                """)
            return inserted[0].int64(0) ?? 0
        }
    }

    public func finishScoreRun(runID: Int64) async throws {
        try await write { c in try await self.execute(c, "UPDATE score_run SET complete = 1 WHERE id = \(runID)") }
    }

    /// Deletes incomplete runs whose writer is gone: a process of this host that no longer runs,
    /// or any run left incomplete for a day (another host's writer cannot be checked).
    func removeAbandonedRuns(_ c: PostgresConnection) async throws {
        let dayAgo = Self.timestamp(Date().addingTimeInterval(-86_400))
        for r in try await rows(c, "SELECT id::text, writer, scored_at FROM score_run WHERE complete = 0") {
            let writer = r.text(1).flatMap(ScoreRunWriter.init(description:))
            let abandoned = writer?.isGone ?? true || r.string(2) < dayAgo
            if abandoned { try await execute(c, "DELETE FROM score_run WHERE id = \(r.int64(0) ?? 0)") }
        }
    }

    public func appendScores(runID: Int64, _ departments: [DepartmentScoreRecord]) async throws {
        let run = String(runID)
        var departmentRows = CopyRows(), projectRows = CopyRows(), findingRows = CopyRows()
        for d in departments {
            let counts = "{" + d.gradeCounts.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
            departmentRows.append([run, d.code, d.name, Numbers.text(d.score), d.grade, Numbers.text(d.ownScore), Numbers.text(d.weightedScore),
                                   Self.text(rate: d.executionRate), counts])
            for p in d.projects {
                projectRows.append([run, d.code, p.code, p.name, p.status, Numbers.text(p.total), p.grade, Numbers.text(p.budget),
                                    Numbers.text(p.executed), Self.text(rate: p.rate)])
            }
            for f in d.findings {
                findingRows.append([run, d.code, f.ownerCode, f.indicator, f.code, f.severity.rawValue, f.message, f.location?.file,
                                    f.location?.line.map(String.init)])
            }
        }
        try await write { c in
            try await departmentRows.send(c, table: "department_score", columns: ["run_id", "department_code", "department_name", "score", "grade",
                                                                                  "own_score", "weighted_score", "execution_rate", "grade_counts"], logger: self.logger)
            try await projectRows.send(c, table: "project_score", columns: ["run_id", "department_code", "project_code", "project_name", "status",
                                                                            "total", "grade", "budget", "executed", "rate"], logger: self.logger)
            try await findingRows.send(c, table: "finding", columns: ["run_id", "department_code", "owner_code", "indicator", "code", "severity",
                                                                      "message", "source_file", "source_line"], logger: self.logger)
        }
    }

    /// A stored rate, kept to 12 decimals as SQLite keeps it.
    static func text(rate value: Decimal?) -> String? { value.map { Decimals.plain(Decimals.round($0, scale: 12)) } }

    public func scoreRuns(year: Int) async throws -> [ScoreRunInfo] {
        try await read { c in
            try await self.rows(c, """
                SELECT id::text, year::text, profile_name, profile_hash, scored_at, scored_by, final::text FROM score_run WHERE year = \(year) AND complete = 1 ORDER BY score_run.id
                """).map { r in
                ScoreRunInfo(id: r.int64(0) ?? 0, year: r.int(1) ?? 0, profileName: r.string(2), profileHash: r.string(3), scoredAt: r.string(4),
                             scoredBy: r.string(5), final: r.int(6) == 1)
            }
        }
    }

    public func departmentScores(runID: Int64) async throws -> [DepartmentScoreRecord] {
        try await read { c in
            var projects: [String: [ProjectScoreRecord]] = [:]
            for p in try await self.rows(c, """
                SELECT department_code, project_code, project_name, status, total::text, grade, budget::text, executed::text, rate::text
                FROM project_score WHERE run_id = \(runID) ORDER BY seq
                """) {
                projects[p.string(0), default: []].append(ProjectScoreRecord(
                    code: p.string(1), name: p.string(2), status: p.string(3), total: p.decimal(4), grade: p.string(5), budget: p.decimal(6) ?? 0,
                    executed: p.decimal(7), rate: p.decimal(8)))
            }
            var findings: [String: [Finding]] = [:]
            for f in try await self.rows(c, """
                SELECT department_code, code, severity, owner_code, indicator, source_file, source_line::text, message
                FROM finding WHERE run_id = \(runID) ORDER BY id
                """) {
                findings[f.string(0), default: []].append(Finding(
                    f.string(1), Severity(rawValue: f.string(2)) ?? .note, owner: f.string(3), indicator: f.text(4),
                    location: f.text(5).map { SourceLocation(file: $0, line: f.int(6)) }, f.string(7)))
            }
            return try await self.rows(c, """
                SELECT department_code, department_name, score::text, grade, own_score::text, weighted_score::text, execution_rate::text, grade_counts
                FROM department_score WHERE run_id = \(runID) ORDER BY department_code COLLATE "C"
                """).map { r in
                let code = r.string(0)
                let counts = r.string(7).matches(of: /"([^"]+)": (\d+)/).map { (String($0.1), Int($0.2) ?? 0) }
                return DepartmentScoreRecord(
                    code: code, name: r.string(1), score: r.decimal(2), grade: r.text(3), ownScore: r.decimal(4), weightedScore: r.decimal(5),
                    executionRate: r.decimal(6), gradeCounts: counts, projects: projects[code] ?? [], findings: findings[code] ?? [])
            }
        }
    }
}
