import Foundation

/// The column list of a SELECT whose rows are read by position, and each column's position in it:
/// the SQL is built from `list` and the reads index by name through `[name]`, so the two cannot drift.
/// Positions are looked up once, into static constants, not per row.
struct SelectedColumns: Sendable {
    let names: [String]

    init(_ names: [String]) { self.names = names }

    /// "a, b, c" for the SELECT.
    var list: String { names.joined(separator: ", ") }

    /// The position of `name` in the list (a name not in it is a programming error).
    subscript(_ name: String) -> Int32 {
        guard let i = names.firstIndex(of: name) else { preconditionFailure("column \(name) is not selected") }
        return Int32(i)
    }
}

/// The indicator columns `SQLiteStore.loadIndicator` reads, with the department load's two extras.
enum IndicatorRead {
    static let columns = SelectedColumns([
        "level1", "level2", "level3", "description", "target_raw", "kind", "comparator", "comparator_implied", "value", "unit",
        "deadline", "basis", "points", "source_file", "source_line", "project_id", "position",
    ])
    static let level1 = columns["level1"], level2 = columns["level2"], level3 = columns["level3"], description = columns["description"]
    static let targetRaw = columns["target_raw"], kind = columns["kind"], comparator = columns["comparator"]
    static let comparatorImplied = columns["comparator_implied"], value = columns["value"], unit = columns["unit"]
    static let deadline = columns["deadline"], basis = columns["basis"], points = columns["points"]
    static let sourceFile = columns["source_file"], sourceLine = columns["source_line"]
    static let projectID = columns["project_id"], position = columns["position"]
    static let sql = "SELECT \(columns.list) FROM indicator WHERE department_id = ?"
}

/// The project columns the department load reads.
enum ProjectRead {
    static let columns = SelectedColumns(["id", "code", "name", "budget", "fiscal_funds", "other_funds", "purpose", "goal", "plan_form", "source_line", "position"])
    static let id = columns["id"], code = columns["code"], name = columns["name"], budget = columns["budget"]
    static let fiscalFunds = columns["fiscal_funds"], otherFunds = columns["other_funds"], purpose = columns["purpose"], goal = columns["goal"]
    static let planForm = columns["plan_form"], sourceLine = columns["source_line"], position = columns["position"]
    static let sql = "SELECT \(columns.list) FROM project WHERE department_id = ?"
}

/// The actual columns a department's actuals load reads.
enum ActualRead {
    static let columns = SelectedColumns(["owner_code", "level1", "level2", "level3", "value", "points", "claimed_score", "reason", "source_file", "source_row", "rowid"])
    static let ownerCode = columns["owner_code"], level1 = columns["level1"], level2 = columns["level2"], level3 = columns["level3"]
    static let value = columns["value"], points = columns["points"], claimedScore = columns["claimed_score"], reason = columns["reason"]
    static let sourceFile = columns["source_file"], sourceRow = columns["source_row"], rowid = columns["rowid"]
    static let sql = "SELECT \(columns.list) FROM actual WHERE department_code = ? AND year = ?"
}
