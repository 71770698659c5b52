import Foundation

/// A score run as stored: the profile it used, when and by whom, and per department and project
/// the figures later features query (compare, departments), with the full result as JSON.
public struct ScoreRunRecord: Sendable {
    public var year: Int
    public var profileName: String
    public var profileHash: String
    public var scoredAt: Date
    public var scoredBy: String
    public var departments: [DepartmentScoreRecord]
    /// True for the deadline's scoring (`score --final`): blank actuals counted as 0.
    public var final = false

    public init(year: Int, profileName: String, profileHash: String, scoredAt: Date, scoredBy: String, departments: [DepartmentScoreRecord],
                final: Bool = false) {
        self.final = final
        self.year = year
        self.profileName = profileName
        self.profileHash = profileHash
        self.scoredAt = scoredAt
        self.scoredBy = scoredBy
        self.departments = departments
    }
}

/// One department's figures in a score run.
public struct DepartmentScoreRecord: Sendable {
    public var code: String
    public var name: String
    public var score: Decimal?
    public var grade: String?
    public var ownScore: Decimal?
    public var weightedScore: Decimal?
    public var executionRate: Decimal?
    /// Grade → number of projects.
    public var gradeCounts: [(String, Int)]
    public var projects: [ProjectScoreRecord]
    /// Every finding of the department and its projects.
    public var findings: [Finding]

    public init(code: String, name: String, score: Decimal?, grade: String?, ownScore: Decimal?, weightedScore: Decimal?, executionRate: Decimal?,
                gradeCounts: [(String, Int)], projects: [ProjectScoreRecord], findings: [Finding]) {
        self.code = code
        self.name = name
        self.score = score
        self.grade = grade
        self.ownScore = ownScore
        self.weightedScore = weightedScore
        self.executionRate = executionRate
        self.gradeCounts = gradeCounts
        self.projects = projects
        self.findings = findings
    }
}

/// One project's figures in a score run.
public struct ProjectScoreRecord: Sendable {
    public var code: String
    public var name: String
    /// graded | not_evaluated | incomplete.
    public var status: String
    public var total: Decimal?
    public var grade: String
    public var budget: Decimal
    public var executed: Decimal?
    public var rate: Decimal?

    public init(code: String, name: String, status: String, total: Decimal?, grade: String, budget: Decimal, executed: Decimal?, rate: Decimal?) {
        self.code = code
        self.name = name
        self.status = status
        self.total = total
        self.grade = grade
        self.budget = budget
        self.executed = executed
        self.rate = rate
    }
}

/// A stored run as `jixiao runs` lists it: when, by which profile (and its hash), by whom, whether
/// at the deadline (`score --final`), and the departments' headline scores.
public struct ScoreRunListing: Sendable {
    /// One department's headline score in the run.
    public struct DepartmentScore: Sendable {
        public var code: String
        public var name: String
        public var score: Decimal?
        public var grade: String?

        public init(code: String, name: String, score: Decimal?, grade: String?) {
            self.code = code
            self.name = name
            self.score = score
            self.grade = grade
        }
    }

    public var id: Int64
    public var year: Int
    public var profileName: String
    public var profileHash: String
    public var scoredAt: String
    public var scoredBy: String
    public var final: Bool
    public var departments: [DepartmentScore]

    public init(id: Int64, year: Int, profileName: String, profileHash: String, scoredAt: String, scoredBy: String, final: Bool,
                departments: [DepartmentScore]) {
        self.id = id
        self.year = year
        self.profileName = profileName
        self.profileHash = profileHash
        self.scoredAt = scoredAt
        self.scoredBy = scoredBy
        self.final = final
        self.departments = departments
    }
}
