import Foundation
import JixiaoModel

/// How one indicator was scored.
public struct IndicatorResult: Sendable {
    public var indicator: Indicator
    /// w: the indicator's points, and how they were decided.
    public var weight: Decimal
    public var weightBasis: PointsBasis
    /// 实际完成值 as recorded, or nil when blank.
    public var actualRaw: String?
    public var actual: ActualValue?
    /// The score before any deduction and before rounding.
    public var unrounded: Decimal
    /// Points taken for over-achievement (0 when none).
    public var deduction: Decimal
    /// The final, rounded score.
    public var score: Decimal
    public var reason: String
    /// True when the reason is the engine's suggestion, not the unit's.
    public var reasonSuggested: Bool
    /// The derivation in words, for `explain`.
    public var steps: [String]
    public var findings: [Finding]
}

/// The funds block (预算执行率) of a project.
public struct FundsResult: Sendable {
    /// 年初预算数.
    public var initialBudget: Decimal
    /// 全年预算数 (the adjusted budget, else the initial one).
    public var budget: Decimal
    public var executed: Decimal?
    public var rate: Decimal?
    public var weight: Decimal
    public var score: Decimal
    public var reason: String
    public var steps: [String]
}

/// A project's evaluation status.
public enum ProjectStatus: String, Sendable {
    /// Scored and graded.
    case graded
    /// No actuals at all: not graded (never 差).
    case notEvaluated = "not_evaluated"
}

/// A project's score.
public struct ProjectResult: Sendable {
    public var project: Project
    public var status: ProjectStatus
    public var funds: FundsResult
    public var indicators: [IndicatorResult]
    public var goalActual: String
    /// Σ rounded scores before any cap.
    public var uncapped: Decimal
    /// The cap applied by the execution rate, if any.
    public var cap: Decimal?
    public var total: Decimal
    public var grade: String
    /// Project-level findings; indicator findings are in `indicators`.
    public var findings: [Finding]
    public var steps: [String]

    /// Every finding of the project, project-level first.
    public var allFindings: [Finding] { findings + indicators.flatMap(\.findings) }
}

/// The department-wide result (RULES.md §7): both figures, labelled.
public struct DepartmentResult: Sendable {
    public var department: Department
    public var projects: [ProjectResult]
    /// The department's own table: execution rate (10 points) + its indicators.
    public var ownFunds: FundsResult
    public var ownIndicators: [IndicatorResult]
    /// 部门整体自评得分; nil when the department has no own indicators or none recorded.
    public var ownScore: Decimal?
    public var ownGrade: String?
    /// 项目加权平均分 over graded projects.
    public var weightedProjectScore: Decimal?
    public var weightedGrade: String?
    /// Σ executed / Σ full-year budget over projects with a recorded execution.
    public var executionRate: Decimal?
    /// Graded projects per grade, in the profile's grade order; plus 未评价.
    public var gradeCounts: [(String, Int)]
    public var findings: [Finding]

    /// The department's headline score: its own, else the weighted project average.
    public var score: Decimal? { ownScore ?? weightedProjectScore }
    public var grade: String? { ownGrade ?? weightedGrade }
    public var allFindings: [Finding] { findings + ownIndicators.flatMap(\.findings) + projects.flatMap(\.allFindings) }
}
