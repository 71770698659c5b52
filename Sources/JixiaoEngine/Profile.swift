import Foundation
import JixiaoModel

/// A scoring rule profile: every *profile* setting of RULES.md. `Profile.national2020` is the
/// default; others are loaded from `Weights/*.yaml`.
public struct Profile: Hashable, Sendable {
    /// How a level-1 category with no indicator is handled (RULES.md §3).
    public enum Missing: String, Sendable, CaseIterable { case rescale, zero }
    /// Score of a ≤ target above it (RULES.md §4).
    public enum Reverse: String, Sendable, CaseIterable { case linear, ratio }
    /// Score of an = target (RULES.md §4).
    public enum Equal: String, Sendable, CaseIterable { case oneSided = "one_sided", twoSided = "two_sided" }
    /// How a level-1's points are divided when the table gives no 分值.
    public enum Split: String, Sendable, CaseIterable {
        /// Each level-1's points split equally among its indicators (national practice).
        case category
        /// All indicator points split equally among every indicator (the 10 + 90 layout, whose
        /// tables set weights per indicator; equal weights when they do not).
        case indicator
    }
    /// Over-achievement handling (RULES.md §4).
    public enum Overachievement: String, Sendable, CaseIterable { case none, fixed, deviation }
    /// Rounding of indicator scores.
    public enum Rounding: Hashable, Sendable {
        case halfUp(decimals: Int)
    }
    /// What a blank actual of a project that has others means (RULES.md §6).
    public enum Blanks: String, Sendable, CaseIterable {
        /// The project is 填报未完成: not graded, listed with what is missing (while filing).
        case incomplete
        /// Blanks score 0 and the project is graded (the bureau's scoring at the deadline, `score --final`).
        case zero
    }

    /// A qualitative tier's band as fractions of w: [low, high), default.
    public struct TierBand: Hashable, Sendable {
        public var low: Decimal
        public var high: Decimal
        public var defaultFraction: Decimal

        public init(low: Decimal, high: Decimal, defaultFraction: Decimal) {
            self.low = low
            self.high = high
            self.defaultFraction = defaultFraction
        }
    }

    /// A grade band: totals at or above `minimum` get `grade`.
    public struct GradeBand: Hashable, Sendable {
        public var minimum: Decimal
        public var grade: String

        public init(minimum: Decimal, grade: String) {
            self.minimum = minimum
            self.grade = grade
        }
    }

    public var name: String
    public var title: String
    /// Where the rules come from, for reports and `explain`.
    public var source: String
    /// SHA-256 of the profile's text, stored with every score run.
    public var contentHash: String
    /// Points of the funds block 预算执行率.
    public var fundsPoints: Decimal
    /// Points per level-1 category.
    public var categoryPoints: [Level1: Decimal]
    public var split: Split
    public var missing: Missing
    public var reverse: Reverse
    public var equal: Equal
    public var rounding: Rounding
    public var achieved: TierBand
    public var partial: TierBand
    public var notAchieved: TierBand
    /// 基本达成's band; nil when the profile does not accept the tier.
    public var basic: TierBand? = Profile.nationalBasic
    /// The words read as each tier (`tiers.*.words`); a tier without a band is not among them.
    public var tierWords = TierWords.standard
    /// Blank actuals of a project that has others: 填报未完成 (default) or 0 points (`score --final`).
    public var blanks: Blanks = .incomplete
    /// a ≥ this × t raises an over-achievement finding.
    public var overachievementRatio: Decimal
    public var overachievement: Overachievement
    public var overachievementPoints: Decimal
    /// Execution-rate caps on the project total: (rate below, cap), checked in order.
    public var executionCaps: [(below: Decimal, cap: Decimal)]
    public var grades: [GradeBand]
    /// 偏差原因 is required when the execution rate is below this.
    public var reasonRateThreshold: Decimal
    /// Tolerance when checking explicit 分值 sums and audited scores.
    public var tolerance: Decimal
    /// 结果应用: what the bureau does with a department or project of each grade, in its budget
    /// notice (publish). Not a scoring rule.
    public var resultUse: [(grade: String, use: String)] = Profile.defaultResultUse
    /// Mid-year monitoring: the lights' thresholds and the optional execution-lag deduction (`monitoring:`).
    public var monitoring = MonitorRules.standard

    /// 财预〔2020〕10号 on the use of results: good results are commended and supported, poor ones
    /// are reported, put right within a deadline, and their budgets cut or stopped if not.
    public static let defaultResultUse: [(grade: String, use: String)] = [
        ("优", "予以表扬，继续支持并优先保障预算"),
        ("良", "继续支持，保持预算规模"),
        ("中", "通报并责令限期整改，整改不到位的调减预算"),
        ("差", "通报批评，压减预算；整改不到位的取消该项支出"),
    ]

    /// The 结果应用 of a grade ("" when the profile names none).
    public func resultUse(for grade: String) -> String { resultUse.first { $0.grade == grade }?.use ?? "" }

    /// national-2020's 基本达成: the lower edge of 达成 — the tier reads as "达成, barely" — inside 达成's
    /// own band [0.8w, w] (财预〔2020〕10号 has three tiers; 基本达成 is the provincial forms' fourth).
    public static let nationalBasic = TierBand(low: Decimal(string: "0.8")!, high: 1, defaultFraction: Decimal(string: "0.8")!)

    /// The same profile scoring blanks as 0 (the deadline's scoring, `score --final`).
    public var final: Profile {
        var p = self
        p.blanks = .zero
        return p
    }

    public static func == (lhs: Profile, rhs: Profile) -> Bool { lhs.name == rhs.name && lhs.rules == rhs.rules }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// The rules themselves (not the name, title or hash): two profiles with the same rules score alike.
    public var rules: String { "\(fundsPoints)\(categoryPoints.sorted { $0.key.rawValue < $1.key.rawValue })\(split)\(missing)\(reverse)\(equal)\(rounding)\(achieved)\(String(describing: basic))\(partial)\(notAchieved)\(tierWords.words.sorted { $0.key.rawValue < $1.key.rawValue })\(blanks)\(overachievementRatio)\(overachievement)\(overachievementPoints)\(executionCaps)\(grades)\(reasonRateThreshold)\(tolerance)\(monitoring == .standard ? "" : monitoring.description)" }

    /// The national profile (财预〔2020〕10号), RULES.md defaults.
    public static let national2020 = Profile(
        name: "national-2020", title: "全国通用（财预〔2020〕10号）",
        source: "财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）", contentHash: "built-in",
        fundsPoints: 10, categoryPoints: [.output: 50, .benefit: 30, .satisfaction: 10], split: .category,
        missing: .rescale, reverse: .linear, equal: .oneSided, rounding: .halfUp(decimals: 2),
        achieved: TierBand(low: Decimal(string: "0.8")!, high: 1, defaultFraction: 1),
        partial: TierBand(low: Decimal(string: "0.6")!, high: Decimal(string: "0.8")!, defaultFraction: Decimal(string: "0.7")!),
        notAchieved: TierBand(low: 0, high: Decimal(string: "0.6")!, defaultFraction: Decimal(string: "0.3")!),
        overachievementRatio: Decimal(string: "1.3")!, overachievement: .none, overachievementPoints: 2,
        executionCaps: [],
        grades: [GradeBand(minimum: 90, grade: "优"), GradeBand(minimum: 80, grade: "良"), GradeBand(minimum: 60, grade: "中"), GradeBand(minimum: 0, grade: "差")],
        reasonRateThreshold: Decimal(string: "0.9")!, tolerance: Decimal(string: "0.005")!
    )

    public init(
        name: String, title: String, source: String, contentHash: String, fundsPoints: Decimal, categoryPoints: [Level1: Decimal],
        split: Split, missing: Missing,
        reverse: Reverse, equal: Equal, rounding: Rounding, achieved: TierBand, partial: TierBand, notAchieved: TierBand,
        overachievementRatio: Decimal, overachievement: Overachievement, overachievementPoints: Decimal,
        executionCaps: [(below: Decimal, cap: Decimal)], grades: [GradeBand], reasonRateThreshold: Decimal, tolerance: Decimal
    ) {
        self.name = name
        self.title = title
        self.source = source
        self.contentHash = contentHash
        self.fundsPoints = fundsPoints
        self.categoryPoints = categoryPoints
        self.split = split
        self.missing = missing
        self.reverse = reverse
        self.equal = equal
        self.rounding = rounding
        self.achieved = achieved
        self.partial = partial
        self.notAchieved = notAchieved
        self.overachievementRatio = overachievementRatio
        self.overachievement = overachievement
        self.overachievementPoints = overachievementPoints
        self.executionCaps = executionCaps
        self.grades = grades
        self.reasonRateThreshold = reasonRateThreshold
        self.tolerance = tolerance
    }

    /// The band of a qualitative tier (基本达成 without a band of its own: 达成's lower edge).
    public func band(_ tier: Tier) -> TierBand {
        switch tier {
        case .achieved: return achieved
        case .basic: return basic ?? TierBand(low: achieved.low, high: achieved.high, defaultFraction: achieved.low)
        case .partial: return partial
        case .notAchieved: return notAchieved
        }
    }

    /// Whether a user-given score lies in a tier's band: [low, high) — [low, high] for 达成 and for a
    /// band that ends at w.
    public func isInside(_ score: Decimal, tier: Tier, weight w: Decimal) -> Bool {
        let b = band(tier)
        let low = round(b.low * w), high = round(b.high * w)
        return score >= low && (tier == .achieved || b.high >= 1 || b.low == b.high ? score <= high : score < high)
    }

    /// Rounds a score as the profile says.
    public func round(_ value: Decimal) -> Decimal {
        switch rounding {
        case .halfUp(let decimals): return Decimals.round(value, scale: decimals)
        }
    }

    /// The grade of a rounded total.
    public func grade(for total: Decimal) -> String {
        grades.first { total >= $0.minimum }?.grade ?? grades.last?.grade ?? ""
    }
}
