import Foundation
import GRDB
import JixiaoModel

/// A stored score run's header.
public struct ScoreRunInfo: Sendable, Equatable {
    public var id: Int64
    public var year: Int
    public var profileName: String
    public var profileHash: String
    public var scoredAt: String
    public var scoredBy: String
    /// True for the deadline's scoring (`score --final`): blanks counted as 0.
    public var final = false

    public init(id: Int64, year: Int, profileName: String, profileHash: String, scoredAt: String, scoredBy: String, final: Bool = false) {
        self.final = final
        self.id = id
        self.year = year
        self.profileName = profileName
        self.profileHash = profileHash
        self.scoredAt = scoredAt
        self.scoredBy = scoredBy
    }
}

/// Storage of score runs. Earlier runs are kept.
public protocol ScoreStore: Sendable {
    /// Starts a run (its header) and returns its id; departments are added with `appendScores`, a
    /// chunk at a time.
    func beginScoreRun(_ run: ScoreRunRecord) async throws -> Int64
    /// Adds departments' scores to a run in one transaction.
    func appendScores(runID: Int64, _ departments: [DepartmentScoreRecord]) async throws
    /// Marks a run complete: only then do readers see it. A run never finished (its process was
    /// killed) is ignored, and removed by a later `beginScoreRun`.
    func finishScoreRun(runID: Int64) async throws
    /// The runs of a year, oldest first.
    func scoreRuns(year: Int) async throws -> [ScoreRunInfo]
    /// The department records of a run (projects and findings included).
    func departmentScores(runID: Int64) async throws -> [DepartmentScoreRecord]
}

extension ScoreStore {
    /// Stores a whole run and returns its id.
    public func saveScoreRun(_ run: ScoreRunRecord) async throws -> Int64 {
        let runID = try await beginScoreRun(run)
        try await appendScores(runID: runID, run.departments)
        try await finishScoreRun(runID: runID)
        return runID
    }
}

extension SQLiteStore: ScoreStore {
    public func beginScoreRun(_ run: ScoreRunRecord) async throws -> Int64 {
        let writer = ScoreRunWriter.current
        return try await write { db in
            try Self.removeAbandonedRuns(db)
            try db.execute(sql: """
                INSERT INTO score_run (year, profile_name, profile_hash, scored_at, scored_by, complete, writer, final) VALUES (?, ?, ?, ?, ?, 0, ?, ?)
                """, arguments: [run.year, run.profileName, run.profileHash, Self.timestamp(run.scoredAt), run.scoredBy, writer.description, run.final])
            return db.lastInsertedRowID
        }
    }

    public func finishScoreRun(runID: Int64) async throws {
        try await write { db in try db.execute(sql: "UPDATE score_run SET complete = 1 WHERE id = ?", arguments: [runID]) }
    }

    /// Deletes incomplete runs whose writer is gone: a process of this host that no longer runs,
    /// or any run left incomplete for a day (another host's writer cannot be checked).
    static func removeAbandonedRuns(_ db: Database) throws {
        let dayAgo = timestamp(Date().addingTimeInterval(-86_400))
        for row in try Row.fetchAll(db, sql: "SELECT id, writer, scored_at FROM score_run WHERE complete = 0") {
            let writer = (row["writer"] as String?).flatMap(ScoreRunWriter.init(description:))
            let abandoned = writer?.isGone ?? true || (row["scored_at"] as String) < dayAgo
            if abandoned { try db.execute(sql: "DELETE FROM score_run WHERE id = ?", arguments: [row["id"] as Int64]) }
        }
    }

    public func appendScores(runID: Int64, _ departments: [DepartmentScoreRecord]) async throws {
        try await write { db in
            let project = try db.cachedStatement(sql: """
                INSERT INTO project_score (run_id, department_code, project_code, project_name, status, total, grade, budget, executed, rate)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let finding = try db.cachedStatement(sql: """
                INSERT INTO finding (run_id, department_code, owner_code, indicator, code, severity, message, source_file, source_line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let projectRow = RowInserter(project, in: db), findingRow = RowInserter(finding, in: db)
            for d in departments {
                let counts = "{" + d.gradeCounts.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
                try db.execute(sql: """
                    INSERT INTO department_score (run_id, department_code, department_name, score, grade, own_score, weighted_score, execution_rate, grade_counts)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [runID, d.code, d.name, Self.text(d.score), d.grade, Self.text(d.ownScore), Self.text(d.weightedScore),
                                     Self.text(rate: d.executionRate), counts])
                for p in d.projects {
                    for (i, text) in [d.code, p.code, p.name, p.status, Self.text(p.total), p.grade, Self.text(p.budget),
                                      Self.text(p.executed), Self.text(rate: p.rate)].enumerated() {
                        projectRow.bind(Int32(i + 2), text)
                    }
                    projectRow.bind(1, runID)
                    try projectRow.run()
                }
                for f in d.findings {
                    findingRow.bind(1, runID)
                    for (i, text) in [d.code, f.ownerCode, f.indicator, f.code.rawValue, f.severity.rawValue, f.message, f.location?.file].enumerated() {
                        findingRow.bind(Int32(i + 2), text)
                    }
                    findingRow.bind(9, f.location?.line.map(Int64.init))
                    try findingRow.run()
                }
            }
        }
    }

    /// A stored number as its plain text (what GRDB would write, without its slow formatter).
    static func text(_ value: Decimal?) -> String? { value.map(Decimals.plain) }

    /// A stored rate: a quotient with up to 38 digits, kept to 12 decimals (a millionth of a
    /// percentage point) — scores are computed from the exact rate before it is stored.
    static func text(rate value: Decimal?) -> String? { value.map { Decimals.plain(Decimals.round($0, scale: 12)) } }

    public func scoreRuns(year: Int) async throws -> [ScoreRunInfo] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM score_run WHERE year = ? AND complete = 1 ORDER BY id", arguments: [year]).map {
                ScoreRunInfo(id: $0["id"], year: $0["year"], profileName: $0["profile_name"], profileHash: $0["profile_hash"],
                             scoredAt: $0["scored_at"], scoredBy: $0["scored_by"], final: $0["final"])
            }
        }
    }

    public func departmentScores(runID: Int64) async throws -> [DepartmentScoreRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM department_score WHERE run_id = ? ORDER BY department_code", arguments: [runID]).map { r in
                let code: String = r["department_code"]
                let projects = try Row.fetchAll(db, sql: "SELECT * FROM project_score WHERE run_id = ? AND department_code = ? ORDER BY rowid", arguments: [runID, code]).map { p in
                    ProjectScoreRecord(code: p["project_code"], name: p["project_name"], status: p["status"], total: p["total"], grade: p["grade"],
                                       budget: p["budget"], executed: p["executed"], rate: p["rate"])
                }
                let findings = try Row.fetchAll(db, sql: "SELECT * FROM finding WHERE run_id = ? AND department_code = ? ORDER BY id", arguments: [runID, code]).map { f in
                    Finding(FindingCode(stored: f["code"]), Severity(rawValue: f["severity"]) ?? .note, owner: f["owner_code"], indicator: f["indicator"],
                            location: (f["source_file"] as String?).map { SourceLocation(file: $0, line: f["source_line"]) }, f["message"])
                }
                let countsText: String = r["grade_counts"]
                let counts = countsText.matches(of: /"([^"]+)": (\d+)/).map { (String($0.1), Int($0.2)!) }
                return DepartmentScoreRecord(
                    code: code, name: r["department_name"], score: r["score"], grade: r["grade"], ownScore: r["own_score"],
                    weightedScore: r["weighted_score"], executionRate: r["execution_rate"], gradeCounts: counts, projects: projects,
                    findings: findings)
            }
        }
    }
}

/// The process writing a score run: its host and process id (every store records it the same way).
public struct ScoreRunWriter: CustomStringConvertible, Sendable {
    public var host: String
    public var pid: Int32

    public static var current: ScoreRunWriter { ScoreRunWriter(host: hostName, pid: getpid()) }

    /// gethostname(2): Foundation's `hostName` may ask DNS.
    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var description: String { "\(host):\(pid)" }

    init(host: String, pid: Int32) {
        self.host = host
        self.pid = pid
    }

    public init?(description: String) {
        guard let colon = description.lastIndex(of: ":"), let pid = Int32(description[description.index(after: colon)...]) else { return nil }
        self.init(host: String(description[..<colon]), pid: pid)
    }

    /// True when the writer is a process of this host that no longer runs.
    public var isGone: Bool {
        guard host == Self.hostName else { return false }
        return kill(pid, 0) == -1 && errno == ESRCH
    }
}
