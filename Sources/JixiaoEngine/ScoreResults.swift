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
    /// The score before any deduction and before rounding, exactly (`decimal` for display).
    public var unrounded: Ratio
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
    /// Points lost (失分): the 分值 rounded as the profile rounds, less the score — what R10 and the
    /// reports' suggestions name.
    public var lost: Decimal = 0
    /// The bureau's score (复核得分), when it adjusted this indicator.
    public var review: ReviewedScore? = nil
    /// `score` exactly, for the project's sums.
    var exactScore: Ratio = .zero
}

/// A score the finance bureau set in its review (复核), beside the unit's own.
public struct ReviewedScore: Sendable, Equatable {
    public var score: Decimal
    public var reason: String
    public var by: String
    public var at: String

    public init(score: Decimal, reason: String, by: String, at: String) {
        self.score = score
        self.reason = reason
        self.by = by
        self.at = at
    }
}

/// The funds block (预算执行率) of a project.
public struct FundsResult: Sendable {
    /// 年初预算数.
    public var initialBudget: Decimal
    /// 全年预算数 (the adjusted budget, else the initial one).
    public var budget: Decimal
    public var executed: Decimal?
    /// 执行率 = 全年执行数 / 全年预算数, exactly; nil without an execution or a positive budget.
    public var exactRate: Ratio?
    public var weight: Decimal
    public var score: Decimal
    public var reason: String
    public var steps: [String]
    /// 执行率 as a `Decimal` (Foundation's quotient of the two amounts), for the reports.
    public var rate: Decimal? {
        guard exactRate != nil, let executed else { return nil }
        return executed / budget
    }
    /// The bureau's score of the execution rate (复核得分), when it adjusted it.
    public var review: ReviewedScore? = nil
    /// The split by source (财政拨款 / 上年结转 / 其他资金), where recorded.
    public var sources = FundsSources()
    /// 上年结转资金 and 其他资金 as the unit recorded them, line by line (their 全年预算数, 全年执行数 and
    /// reason): the 自评表's lines.
    public var sourceLines: [FundsSource] = []
    /// The execution-lag deduction taken from `score` (profile `monitoring.lag_deduction`), if any.
    public var lag: LagResult? = nil
    /// The amounts and the score exactly, for the department's sums.
    var exact = ExactFunds()
}

/// A funds block's figures as exact ratios (nil where not recorded or beyond range).
struct ExactFunds: Sendable {
    var budget: Ratio?
    var executed: Ratio?
    var score: Ratio = .zero
}

/// One source of a project's funds beside the total (上年结转资金, 其他资金), as recorded: shown on
/// the 自评表's lines, not scored.
public struct FundsSource: Sendable, Equatable {
    /// 上年结转资金 or 其他资金.
    public var name: String
    /// 全年预算数 of the source (万元).
    public var budget: Decimal?
    /// 全年执行数 of the source (万元).
    public var executed: Decimal?
    /// The reason typed on the source's rows.
    public var reason: String

    public init(name: String, budget: Decimal?, executed: Decimal?, reason: String) {
        self.name = name
        self.budget = budget
        self.executed = executed
        self.reason = reason
    }

    /// 执行率 of the source, when both amounts are recorded.
    public var rate: Decimal? {
        guard let budget, let executed, Decimals.isPositive(budget) else { return nil }
        return executed / budget
    }
}

/// A project's evaluation status.
public enum ProjectStatus: String, Sendable {
    /// Scored and graded.
    case graded
    /// No actuals at all: not graded (never 差).
    case notEvaluated = "not_evaluated"
    /// 填报未完成: some actuals recorded, some still blank — not graded from zeros while filing
    /// (the deadline's scoring, `score --final`, grades the blanks as 0).
    case incomplete

    /// The label shown in place of a grade.
    public var label: String {
        switch self {
        case .graded: return "已评价"
        case .notEvaluated: return "未评价"
        case .incomplete: return "填报未完成"
        }
    }
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
    /// What is still blank (全年执行数, indicator names), for a project 填报未完成 — and, under
    /// `score --final`, what was scored 0 for being blank.
    public var missing: [String] = []
    /// 复核得分 and its grade: the total with the bureau's adjusted scores, nil when it adjusted none.
    public var reviewTotal: Decimal? = nil
    public var reviewGrade: String? = nil
    /// `total` exactly, for the department's weighted average.
    var exactTotal: Ratio = .zero

    /// The total that counts: 复核得分 where the bureau adjusted, else the self-score.
    public var finalTotal: Decimal { reviewTotal ?? total }
    public var finalGrade: String { reviewGrade ?? grade }

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
    /// The same figures with the bureau's adjusted scores (复核), nil when it adjusted none.
    public var reviewOwnScore: Decimal? = nil
    public var reviewWeightedProjectScore: Decimal? = nil
    public var reviewGrade: String? = nil

    /// Whether the bureau adjusted any score of the department.
    public var isReviewed: Bool { reviewOwnScore != nil || reviewWeightedProjectScore != nil }
    /// 复核后 headline score: the department's own, else the weighted average, with adjustments.
    public var reviewScore: Decimal? { isReviewed ? (reviewOwnScore ?? reviewWeightedProjectScore) : nil }
    /// The score that counts (ranking, publication): 复核 where it exists, else the self-score.
    public var finalScore: Decimal? { reviewScore ?? score }
    public var finalGrade: String? { reviewGrade ?? grade }

    /// The department's headline score: its own, else the weighted project average.
    public var score: Decimal? { ownScore ?? weightedProjectScore }
    public var grade: String? { ownGrade ?? weightedGrade }
    public var allFindings: [Finding] { findings + ownIndicators.flatMap(\.findings) + projects.flatMap(\.allFindings) }
}
