import Foundation
import JixiaoModel
import JixiaoStore
import PostgresNIO

extension PostgresStore: TargetStore {
    public func importTargets(_ targets: PreparedTargets, source: ImportSource) async throws -> ImportOutcome {
        try await write { c in try await self.importTargets(c, targets, source: source) }
    }

    /// The import inside a caller's transaction: the same outcome as SQLite's.
    func importTargets(_ c: PostgresConnection, _ targets: PreparedTargets, source: ImportSource) async throws -> ImportOutcome {
        let d = targets.department, hash = targets.contentHash
        try await Self.lock(c, departmentCode: d.code, year: d.year, logger: logger)
        let now = Self.timestamp(source.importedAt)
        var version = 1
        var outcome = ImportOutcome.created
        let existing = try await rows(c, "SELECT \(unescaped: Self.departmentColumns) FROM department WHERE code = \(d.code) AND year = \(d.year)")
        if let row = existing.first {
            if row.string(7) == hash { return .unchanged }
            let old = try await loadDepartments(c, rows: [row]).first!
            let oldVersion = row.int(6) ?? 1
            try await execute(c, """
                INSERT INTO target_history (department_code, year, version, content_hash, source_file, imported_at, replaced_at, snapshot)
                VALUES (\(d.code), \(d.year), \(oldVersion), \(row.string(7)), \(row.text(8)), \(row.string(9)), \(now), \(TargetsJSON.department(old).serialized()))
                """)
            try await execute(c, "DELETE FROM department WHERE id = \(row.int64(0) ?? 0)")
            version = oldVersion + 1
            outcome = .replaced(previousVersion: oldVersion)
        }
        try await insert(c, d, version: version, hash: hash, sourceFile: source.fileName, importedAt: now)
        return outcome
    }

    /// Inserts a department with its goals, projects, plans and indicators: one row for the
    /// department, then a COPY per table.
    func insert(_ c: PostgresConnection, _ d: Department, version: Int, hash: String, sourceFile: String?, importedAt: String) async throws {
        let inserted = try await rows(c, """
            INSERT INTO department (code, year, name, money_unit, goal_text, version, content_hash, source_file, imported_at)
            VALUES (\(d.code), \(d.year), \(d.name), \(d.moneyUnit), \(d.goalText), \(version), \(hash), \(sourceFile), \(importedAt))
            RETURNING id::text
            """)
        let departmentID = inserted[0].string(0)
        // The projects' ids are taken from their sequence first, so that plans and indicators can
        // name them in the same COPY stream.
        var projectIDs: [String] = []
        if !d.projects.isEmpty {
            projectIDs = try await rows(c, """
                SELECT nextval(pg_get_serial_sequence('project', 'id'))::text FROM generate_series(1, \(d.projects.count))
                """).map { $0.string(0) }
        }
        var projects = CopyRows(), plans = CopyRows(), indicators = CopyRows()
        for (position, goal) in d.goals.enumerated() {
            indicators.append(Self.indicatorFields(goal, departmentID: departmentID, projectID: nil, position: position))
        }
        for (position, p) in d.projects.enumerated() {
            let id = projectIDs[position]
            projects.append([id, departmentID, String(position), p.code, p.name, Numbers.text(p.budget), Numbers.text(p.fiscalFunds),
                             Numbers.text(p.otherFunds), p.purpose, p.goal, p.plan.form.rawValue, p.source?.line.map(String.init)])
            for point in p.plan.points {
                plans.append([id, String(point.month), Numbers.text(point.cumulative), point.raw])
            }
            for (i, indicator) in p.indicators.enumerated() {
                indicators.append(Self.indicatorFields(indicator, departmentID: departmentID, projectID: id, position: i))
            }
        }
        try await projects.send(c, table: "project", columns: ["id", "department_id", "position", "code", "name", "budget", "fiscal_funds",
                                                               "other_funds", "purpose", "goal", "plan_form", "source_line"], logger: logger)
        try await plans.send(c, table: "spending_plan", columns: ["project_id", "month", "cumulative", "raw"], logger: logger)
        try await indicators.send(c, table: "indicator", columns: ["department_id", "project_id", "position"] + Self.indicatorColumnNames, logger: logger)
    }

    static let indicatorColumnNames = ["level1", "level2", "level3", "description", "target_raw", "kind", "comparator", "comparator_implied",
                                       "value", "unit", "deadline", "basis", "points", "source_file", "source_line"]

    static func indicatorFields(_ i: Indicator, departmentID: String, projectID: String?, position: Int) -> [String?] {
        let t = i.target
        return [departmentID, projectID, String(position), i.level1, i.level2, i.level3, i.description, t.raw, t.kind.rawValue,
                t.comparator?.rawValue, t.comparatorImplied ? "1" : "0", Numbers.text(t.value), t.unit, t.deadline?.description, i.basis,
                Numbers.text(i.points), i.source?.file, i.source?.line.map(String.init)]
    }

    // MARK: - Reads

    public func years() async throws -> [Int] {
        try await read { c in try await self.rows(c, "SELECT DISTINCT year, year::text AS label FROM department ORDER BY 1").compactMap { $0.int(1) } }
    }

    public func departmentCodes(year: Int) async throws -> [String] {
        try await read { c in try await self.rows(c, "SELECT code FROM department WHERE year = \(year) ORDER BY code COLLATE \"C\"").map { $0.string(0) } }
    }

    public func department(code: String, year: Int) async throws -> Department? {
        try await read { c in
            let found = try await self.rows(c, "SELECT \(unescaped: Self.departmentColumns) FROM department WHERE code = \(code) AND year = \(year)")
            return try await self.loadDepartments(c, rows: found).first
        }
    }

    public func departments(year: Int) async throws -> [Department] {
        try await read { c in
            let found = try await self.rows(c, "SELECT \(unescaped: Self.departmentColumns) FROM department WHERE year = \(year) ORDER BY code COLLATE \"C\"")
            return try await self.loadDepartments(c, rows: found)
        }
    }

    public func history(departmentCode: String, year: Int) async throws -> [TargetVersion] {
        try await read { c in try await self.targetHistory(c, "WHERE department_code = \(departmentCode) AND year = \(year)") }
    }

    /// Replaced versions matching `filter` (a WHERE clause), by department–year and version.
    /// The sort names the table's columns: a bare `version` would be the selected `version::text`,
    /// sorting version 10 before 9.
    func targetHistory(_ c: PostgresConnection, _ filter: PostgresQuery) async throws -> [TargetVersion] {
        let query = PostgresQuery(unsafeSQL: """
            SELECT department_code, year::text, version::text, content_hash, source_file, imported_at, replaced_at, snapshot
            FROM target_history \(filter.sql)
            ORDER BY target_history.year, target_history.department_code COLLATE "C", target_history.version, target_history.id
            """, binds: filter.binds)
        return try await rows(c, query).map { r in
            TargetVersion(departmentCode: r.string(0), year: r.int(1) ?? 0, version: r.int(2) ?? 0, contentHash: r.string(3), sourceFile: r.text(4),
                          importedAt: r.string(5), replacedAt: r.string(6), snapshot: r.string(7))
        }
    }

    /// The department columns `loadDepartments` reads, in its order.
    static let departmentColumns = "id::text, code, name, year::text, money_unit, goal_text, version::text, content_hash, source_file, imported_at"

    /// The departments of `rows` (selected with `departmentColumns`) with their projects, plans and
    /// indicators: three queries whatever their number, the rows put in order here.
    func loadDepartments(_ c: PostgresConnection, rows departmentRows: [TextRow]) async throws -> [Department] {
        guard !departmentRows.isEmpty else { return [] }
        let ids = "{" + departmentRows.map { $0.string(0) }.joined(separator: ",") + "}"
        var indicatorsByProject: [Int64: [(position: Int64, indicator: Indicator)]] = [:]
        var goalsByDepartment: [Int64: [(position: Int64, indicator: Indicator)]] = [:]
        let indicatorQuery: PostgresQuery = """
            SELECT \(unescaped: Self.indicatorSelect), project_id::text, position::text, department_id::text
            FROM indicator WHERE department_id = ANY(\(ids)::bigint[])
            """
        for try await row in try await c.query(indicatorQuery, logger: logger) {
            let r = TextRow(row)
            let entry = (position: r.int64(16) ?? 0, indicator: Self.loadIndicator(r))
            if let projectID = r.int64(15) {
                indicatorsByProject[projectID, default: []].append(entry)
            } else {
                goalsByDepartment[r.int64(17) ?? 0, default: []].append(entry)
            }
        }
        var plans: [Int64: [PlanPoint]] = [:]
        let planQuery: PostgresQuery = """
            SELECT sp.project_id::text, sp.month::text, sp.cumulative::text, sp.raw FROM spending_plan sp JOIN project p ON p.id = sp.project_id
            WHERE p.department_id = ANY(\(ids)::bigint[])
            """
        for try await row in try await c.query(planQuery, logger: logger) {
            let r = TextRow(row)
            plans[r.int64(0) ?? 0, default: []].append(PlanPoint(month: r.int(1) ?? 0, cumulative: r.decimal(2) ?? 0, raw: r.string(3)))
        }
        var projectsByDepartment: [Int64: [(position: Int64, project: Project)]] = [:]
        let sourceFiles = Dictionary(departmentRows.map { ($0.int64(0) ?? 0, $0.text(8)) }, uniquingKeysWith: { a, _ in a })
        let projectQuery: PostgresQuery = """
            SELECT id::text, code, name, budget::text, fiscal_funds::text, other_funds::text, purpose, goal, plan_form, source_line::text,
                position::text, department_id::text
            FROM project WHERE department_id = ANY(\(ids)::bigint[])
            """
        for try await row in try await c.query(projectQuery, logger: logger) {
            let r = TextRow(row)
            let projectID = r.int64(0) ?? 0, departmentID = r.int64(11) ?? 0
            var points = plans[projectID] ?? []
            points.sort { $0.month < $1.month }
            let project = Project(
                code: r.string(1), name: r.string(2), budget: r.decimal(3) ?? 0, fiscalFunds: r.decimal(4), otherFunds: r.decimal(5),
                purpose: r.string(6), goal: r.string(7), plan: SpendingPlan(points: points, form: PlanForm(rawValue: r.string(8)) ?? .none),
                indicators: Self.inOrder(indicatorsByProject[projectID] ?? []),
                source: r.int(9).map { SourceLocation(file: sourceFiles[departmentID] ?? nil, line: $0) })
            projectsByDepartment[departmentID, default: []].append((r.int64(10) ?? 0, project))
        }
        return departmentRows.map { row in
            let id = row.int64(0) ?? 0
            var d = Department(code: row.string(1), name: row.string(2), year: row.int(3) ?? 0, moneyUnit: row.string(4), goalText: row.string(5))
            d.goals = Self.inOrder(goalsByDepartment[id] ?? [])
            d.projects = (projectsByDepartment[id] ?? []).sorted { $0.position < $1.position }.map(\.project)
            return d
        }
    }

    static func inOrder(_ entries: [(position: Int64, indicator: Indicator)]) -> [Indicator] {
        entries.sorted { $0.position < $1.position }.map(\.indicator)
    }

    /// The indicator columns `loadIndicator` reads, in its order.
    static let indicatorSelect = """
        level1, level2, level3, description, target_raw, kind, comparator, comparator_implied::text, value::text, unit, deadline, basis,
        points::text, source_file, source_line::text
        """

    static func loadIndicator(_ r: TextRow) -> Indicator {
        let target = TargetValue(
            raw: r.string(4), kind: TargetKind(rawValue: r.string(5)) ?? .qualitative,
            comparator: r.text(6).flatMap(Comparison.init(rawValue:)),
            comparatorImplied: (r.int(7) ?? 0) != 0, value: r.decimal(8), unit: r.text(9),
            deadline: r.text(10).flatMap(parseDeadline))
        let file = r.text(13)
        let line = r.int(14)
        return Indicator(
            level1: r.string(0), level2: r.string(1), level3: r.string(2), description: r.string(3), target: target,
            basis: r.string(11), points: r.decimal(12),
            source: file == nil && line == nil ? nil : SourceLocation(file: file, line: line))
    }

    static func parseDeadline(_ text: String) -> Deadline? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        switch parts.count {
        case 3: return Deadline(year: parts[0], month: parts[1], day: parts[2])
        case 2: return Deadline(year: nil, month: parts[0], day: parts[1])
        default: return nil
        }
    }
}
