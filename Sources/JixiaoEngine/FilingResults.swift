import Foundation
import JixiaoModel

// The results of the filing cycle's use cases (status board, submission check, spot checks,
// publication): plain values that the application layer fills and the reports render.

/// What stands in the way of a submission.
public struct SubmissionProblem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// 填报未完成: a blank actual or 全年执行数.
        case incomplete
        /// An error-level finding.
        case error
        /// A required 偏差原因 is blank (lost points, over-achievement, execution under 90 %).
        case reason
    }

    public var kind: Kind
    /// The project (or department) code and name.
    public var ownerCode: String
    public var ownerName: String
    public var indicator: String?
    public var message: String

    public init(kind: Kind, ownerCode: String, ownerName: String, indicator: String?, message: String) {
        self.kind = kind
        self.ownerCode = ownerCode
        self.ownerName = ownerName
        self.indicator = indicator
        self.message = message
    }
}

/// One department's line of the bureau's status board.
public struct FilingStatus: Sendable {
    public var department: Department
    public var filing: Filing
    /// The department scored now (self-scores, with 复核 beside them).
    public var result: DepartmentResult
    /// The comments of the latest return, while the unit works on them.
    public var openComments: [ReviewComment]
    /// Projects with a blank actual or 全年执行数.
    public var incompleteProjects: Int
    /// What `submit` would refuse now (blank actuals, error findings, blank required reasons);
    /// empty when the department could submit.
    public var submissionProblems: [SubmissionProblem]
    /// Not yet submitted (or returned): on the bureau's chase list.
    public var isOutstanding: Bool { filing.state.isEditable }

    public init(department: Department, filing: Filing, result: DepartmentResult, openComments: [ReviewComment], incompleteProjects: Int,
                submissionProblems: [SubmissionProblem] = []) {
        self.department = department
        self.filing = filing
        self.result = result
        self.openComments = openComments
        self.incompleteProjects = incompleteProjects
        self.submissionProblems = submissionProblems
    }

    /// The chase list's 填报情况: 可提交, or what stands in the way, counted by kind.
    public var readiness: String {
        guard !submissionProblems.isEmpty else { return "可提交" }
        var parts: [String] = []
        if incompleteProjects > 0 { parts.append("\(incompleteProjects) 个项目未填完") }
        let errors = submissionProblems.filter { $0.kind == .error }.count
        if errors > 0 { parts.append("\(errors) 处错误") }
        let reasons = submissionProblems.filter { $0.kind == .reason }.count
        if reasons > 0 { parts.append("缺 \(reasons) 条偏差原因") }
        if parts.isEmpty { parts.append("\(submissionProblems.count) 处待处理") }
        return parts.joined(separator: "，")
    }
}

/// A project drawn for the bureau's in-depth check (抽查), with why.
public struct SampledProject: Sendable {
    public var departmentCode: String
    public var departmentName: String
    public var project: ProjectResult
    /// Why it was drawn: a must (error-level finding, a score jump) or the draw itself.
    public var reasons: [String]
    /// Drawn because it had to be, not by chance.
    public var isRequired: Bool

    public init(departmentCode: String, departmentName: String, project: ProjectResult, reasons: [String], isRequired: Bool) {
        self.departmentCode = departmentCode
        self.departmentName = departmentName
        self.project = project
        self.reasons = reasons
        self.isRequired = isRequired
    }
}

/// A spot-check sample and how it was drawn.
public struct SpotCheck: Sendable {
    public var year: Int
    public var rate: Decimal
    public var minimumBudget: Decimal?
    public var seed: UInt64
    /// Projects that could be drawn (budget at least the minimum).
    public var candidates: Int
    /// Departments with candidates: every one is represented.
    public var departments: Int
    public var projects: [SampledProject]

    public init(year: Int, rate: Decimal, minimumBudget: Decimal?, seed: UInt64, candidates: Int, departments: Int, projects: [SampledProject]) {
        self.year = year
        self.rate = rate
        self.minimumBudget = minimumBudget
        self.seed = seed
        self.candidates = candidates
        self.departments = departments
        self.projects = projects
    }
}

/// A department's approved result, as published.
public struct PublishedDepartment: Sendable {
    public var filing: Filing
    /// Scored by the profile recorded at approval, with the bureau's adjustments.
    public var result: DepartmentResult

    public init(filing: Filing, result: DepartmentResult) {
        self.filing = filing
        self.result = result
    }
}

/// What `publish` puts out: the approved departments, and those not yet approved.
public struct Publication: Sendable {
    public var year: Int
    public var profile: Profile
    public var departments: [PublishedDepartment]
    /// Departments of the year whose filing is not approved (left out, listed).
    public var pending: [(code: String, name: String, state: FilingState)]

    public init(year: Int, profile: Profile, departments: [PublishedDepartment], pending: [(code: String, name: String, state: FilingState)]) {
        self.year = year
        self.profile = profile
        self.departments = departments
        self.pending = pending
    }
}

