import Foundation

/// A filled self-evaluation table as printed and filed, read without its targets in the database:
/// what `audit` recomputes and compares. Amounts in 万元.
public struct FiledTable: Sendable {
    /// One indicator row as printed.
    public struct Row: Sendable {
        public var level1: String
        public var level2: String
        public var level3: String
        public var target: String
        public var actual: String
        public var points: Decimal?
        public var score: Decimal?
        public var reason: String
        /// The score cell (where findings on the row point).
        public var location: SourceLocation?
        /// The 年度指标值 and 实际完成值 cells, for findings on a blank cell.
        public var targetLocation: SourceLocation?
        public var actualLocation: SourceLocation?
        /// The 偏差原因 cell, where a finding about a missing reason (R10) points.
        public var reasonLocation: SourceLocation? = nil

        public init(level1: String, level2: String, level3: String, target: String, actual: String, points: Decimal?, score: Decimal?,
                    reason: String, location: SourceLocation?, targetLocation: SourceLocation? = nil, actualLocation: SourceLocation? = nil) {
            self.level1 = level1
            self.level2 = level2
            self.level3 = level3
            self.target = target
            self.actual = actual
            self.points = points
            self.score = score
            self.reason = reason
            self.location = location
            self.targetLocation = targetLocation
            self.actualLocation = actualLocation
        }
    }

    /// One line of the funds block's detail (其中：当年财政拨款 / 上年结转资金 / 其他资金).
    public struct FundsDetail: Sendable {
        public var label: String
        public var initialBudget: Decimal?
        public var fullBudget: Decimal?
        public var executed: Decimal?

        public init(label: String, initialBudget: Decimal?, fullBudget: Decimal?, executed: Decimal?) {
            self.label = label
            self.initialBudget = initialBudget
            self.fullBudget = fullBudget
            self.executed = executed
        }
    }

    /// The file (and sheet or table) it came from.
    public var source: String
    public var projectCode: String
    public var projectName: String
    public var initialBudget: Decimal?
    public var fullBudget: Decimal?
    public var executed: Decimal?
    public var fundsPoints: Decimal?
    public var fundsScore: Decimal?
    public var fundsReason: String
    public var fundsLocation: SourceLocation?
    /// True when the layout has a cell for the funds' 偏差原因 (the flat layout does; the form does not).
    public var hasFundsReasonCell = false
    /// The funds row's 偏差原因 cell (flat layout).
    public var fundsReasonLocation: SourceLocation? = nil
    public var fundsDetail: [FundsDetail]
    public var goalExpected: String
    public var goalActual: String
    public var rows: [Row]
    public var claimedTotal: Decimal?
    public var claimedGrade: String?
    public var totalLocation: SourceLocation?
    /// Level-1 totals printed in the names, e.g. "产出指标(50分)" → 产出指标: 50.
    public var level1Totals: [String: Decimal]

    public init(source: String, projectCode: String = "", projectName: String = "", initialBudget: Decimal? = nil, fullBudget: Decimal? = nil,
                executed: Decimal? = nil, fundsPoints: Decimal? = nil, fundsScore: Decimal? = nil, fundsReason: String = "",
                fundsLocation: SourceLocation? = nil, fundsDetail: [FundsDetail] = [], goalExpected: String = "", goalActual: String = "",
                rows: [Row] = [], claimedTotal: Decimal? = nil, claimedGrade: String? = nil, totalLocation: SourceLocation? = nil,
                level1Totals: [String: Decimal] = [:]) {
        self.source = source
        self.projectCode = projectCode
        self.projectName = projectName
        self.initialBudget = initialBudget
        self.fullBudget = fullBudget
        self.executed = executed
        self.fundsPoints = fundsPoints
        self.fundsScore = fundsScore
        self.fundsReason = fundsReason
        self.fundsLocation = fundsLocation
        self.fundsDetail = fundsDetail
        self.goalExpected = goalExpected
        self.goalActual = goalActual
        self.rows = rows
        self.claimedTotal = claimedTotal
        self.claimedGrade = claimedGrade
        self.totalLocation = totalLocation
        self.level1Totals = level1Totals
    }

    /// "产出指标(50分)" → 50; nil when the name carries no points.
    public static func annotatedPoints(_ level1: String) -> Decimal? {
        let text = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(level1))
        guard let m = text.firstMatch(of: Patterns.annotatedPoints) else { return nil }
        return Decimals.parse(String(m.1))
    }

    /// A name with template placeholders removed: "培训人次(≥**人)" → "培训人次".
    public static func withoutPlaceholders(_ name: String) -> String {
        TextNormalizer.trim((name.contains("**") ? name.replacing(Patterns.placeholder, with: "") : name).replacingOccurrences(of: "**", with: ""))
    }
}
