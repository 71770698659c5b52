import Foundation

/// A project (预算项目) and its 绩效目标表.
public struct Project: Hashable, Sendable {
    /// 项目编码.
    public var code: String
    /// 项目名称.
    public var name: String
    /// 预算数 in the department's money unit (万元).
    public var budget: Decimal
    /// 其中：财政资金.
    public var fiscalFunds: Decimal?
    /// 其他资金.
    public var otherFunds: Decimal?
    /// 资金用途.
    public var purpose: String
    /// 绩效目标 — the overall goal text.
    public var goal: String
    /// 资金支出计划, normalised to cumulative amounts.
    public var plan: SpendingPlan
    /// 绩效指标, in table order.
    public var indicators: [Indicator]
    /// Where the project's table began.
    public var source: SourceLocation?

    public init(
        code: String, name: String, budget: Decimal, fiscalFunds: Decimal? = nil, otherFunds: Decimal? = nil,
        purpose: String = "", goal: String = "", plan: SpendingPlan = .empty, indicators: [Indicator] = [],
        source: SourceLocation? = nil
    ) {
        self.code = code
        self.name = name
        self.budget = budget
        self.fiscalFunds = fiscalFunds
        self.otherFunds = otherFunds
        self.purpose = purpose
        self.goal = goal
        self.plan = plan
        self.indicators = indicators
        self.source = source
    }
}

/// A budget unit (预算单位) for one year: its overall goal, its own quantified goals and projects.
public struct Department: Hashable, Sendable {
    /// 单位编码, e.g. "342001".
    public var code: String
    /// 单位名称.
    public var name: String
    /// The budget year.
    public var year: Int
    /// The money unit the tables use ("万元").
    public var moneyUnit: String
    /// 总体绩效目标 text.
    public var goalText: String
    /// Department-level indicators read from the 部门整体绩效目标 part (e.g. 通畅率 ≥96%).
    public var goals: [Indicator]
    /// The projects, in document order.
    public var projects: [Project]

    public init(
        code: String, name: String, year: Int, moneyUnit: String = "万元", goalText: String = "",
        goals: [Indicator] = [], projects: [Project] = []
    ) {
        self.code = code
        self.name = name
        self.year = year
        self.moneyUnit = moneyUnit
        self.goalText = goalText
        self.goals = goals
        self.projects = projects
    }

    /// Σ project budgets.
    public var totalBudget: Decimal { projects.reduce(0) { $0 + $1.budget } }
}

/// How the year of an imported document was decided.
public enum YearSource: String, Sendable {
    /// Given with `--year`.
    case option
    /// The year most project codes carry (…26P… → 2026).
    case projectCodes
    /// A 年度 column of the file.
    case file
}

/// What a reader produces from one target document: the department and where its year came from.
///
/// Every reader hands its department over through `init`, which removes control and bidi
/// characters from all its text (`ControlCharacters.clean`) and adds a warning per field cleaned to
/// `notes`: whatever the format, nothing that drives a terminal or reverses text is stored.
public struct TargetDocument: Sendable {
    public var department: Department
    public var yearSource: YearSource
    /// Notes the reader wants the user to see (not errors).
    public var notes: [Diagnostic]

    public init(department: Department, yearSource: YearSource, notes: [Diagnostic] = []) {
        var clean = department
        let cleaned = ControlCharacters.clean(&clean, file: nil)
        self.department = clean
        self.yearSource = yearSource
        self.notes = notes + cleaned
    }
}
