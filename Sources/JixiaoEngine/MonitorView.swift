import Foundation
import JixiaoModel

/// What `monitor` shows: each department's projects at a month, or (`all`) the bureau's list of the
/// projects in 红 or 黄 across departments, by the money behind the plan.
public struct MonitorView: Sendable {
    public var year: Int
    /// The month looked at (1 … 12).
    public var month: Int
    /// True when the month was not asked for: the latest month with a spending row.
    public var monthIsLatest: Bool
    public var rules: MonitorRules
    public var departments: [DepartmentMonitor]
    /// True for the bureau's view (`--all`).
    public var all: Bool

    public init(year: Int, month: Int, monthIsLatest: Bool, rules: MonitorRules, departments: [DepartmentMonitor], all: Bool) {
        self.year = year
        self.month = month
        self.monthIsLatest = monthIsLatest
        self.rules = rules
        self.departments = departments
        self.all = all
    }

    /// The bureau's list: every department's projects in 红 or 黄, by the money behind the plan
    /// (planned − actual), then by budget, both descending.
    public var atRisk: [(department: DepartmentMonitor, project: ProjectMonitor)] {
        departments.flatMap { d in d.projects.filter { $0.light == .red || $0.light == .yellow }.map { (d, $0) } }
            .sorted { a, b in
                if a.project.behind != b.project.behind { return a.project.behind > b.project.behind }
                if a.project.budget != b.project.budget { return a.project.budget > b.project.budget }
                return (a.department.code, a.project.code) < (b.department.code, b.project.code)
            }
    }
}

