import Foundation
import JixiaoModel

/// One indicator's progress toward its target at a month, from its 截至目前完成值.
public struct IndicatorProgress: Sendable, Equatable {
    public var level1: String
    public var level2: String
    public var level3: String
    /// 年度指标值 as written.
    public var target: String
    /// 截至目前完成值 as written.
    public var value: String
    /// The month the value is as of.
    public var month: Int
    /// value / target × 100 (quantitative targets with a number).
    public var percent: Decimal?
    /// The year-end value at the current pace (value × 12 / month), for ≥ / > targets not in percent.
    public var projected: Decimal?
    /// False when the target cannot be reached at the current pace; nil when not judged.
    public var reachable: Bool?
    public var note: String
    public var reason: String
}

/// An amount (万元) at the end of a month: a plan point or a spending row.
public struct MonthAmount: Sendable, Equatable {
    public var month: Int
    public var amount: Decimal

    public init(month: Int, amount: Decimal) {
        self.month = month
        self.amount = amount
    }
}

/// A project's execution against its plan at a month (RULES: README 「绩效运行监控」).
public struct ProjectMonitor: Sendable, Equatable {
    public var code: String
    public var name: String
    /// 全年预算数 (万元).
    public var budget: Decimal
    /// The month looked at (1 … 12).
    public var month: Int
    /// The month of the spending row used (the latest at or before `month`); nil when none.
    public var asOf: Int?
    /// The plan's cumulative amount at `month` (linear between plan points), 万元.
    public var planned: Decimal
    /// True when the project has no plan and 序时进度 stands in for it.
    public var planFromTime: Bool
    /// planned / budget × 100.
    public var plannedRate: Decimal
    /// 序时进度 M/12 × 100.
    public var timeRate: Decimal
    /// Cumulative spending (万元) as of `asOf`.
    public var actual: Decimal?
    public var actualRate: Decimal?
    /// plannedRate − actualRate, percentage points (positive: behind the plan).
    public var gap: Decimal?
    /// The spending's light; nil when nothing was recorded.
    public var spendingLight: Light?
    public var indicators: [IndicatorProgress]
    /// The project's light: the worse of the spending's and 红 for an unreachable indicator.
    public var light: Light?
    /// 偏差说明: what the light says.
    public var note: String
    /// 偏差原因及纠偏措施 as the unit filled it (spending row of `asOf`).
    public var reason: String
    /// max(0, planned − actual): the money behind the plan (万元), for sorting the bureau's list.
    public var behind: Decimal
    /// The plan's points (万元), empty when the table gave none.
    public var plan: [MonthAmount] = []
    /// The spending rows up to `month`, by month.
    public var spent: [MonthAmount] = []
}

/// A department's monitoring at a month: its projects and the sum of their spending.
public struct DepartmentMonitor: Sendable, Equatable {
    public var code: String
    public var name: String
    public var year: Int
    public var month: Int
    public var projects: [ProjectMonitor]
    public var budget: Decimal
    public var planned: Decimal
    /// Σ cumulative spending of the projects with rows; nil when none has any.
    public var actual: Decimal?
    public var plannedRate: Decimal
    public var timeRate: Decimal
    public var actualRate: Decimal?
    public var gap: Decimal?
    /// The light of the department's total spending.
    public var light: Light?

    /// How many projects have each light.
    public func count(_ light: Light) -> Int { projects.filter { $0.light == light }.count }
}

/// What the execution-lag deduction took from one project.
public struct LagResult: Sendable, Equatable {
    /// The months checked at which execution lagged, with the rates compared (percent).
    public var lagging: [(month: Int, rate: Decimal, against: Decimal)]
    public var points: Decimal

    public static func == (a: LagResult, b: LagResult) -> Bool {
        a.points == b.points && a.lagging.map(\.month) == b.lagging.map(\.month)
    }
}

/// Mid-year monitoring (绩效运行监控, 双监控): pure functions of the targets, the recorded monitoring
/// rows and the profile's `MonitorRules`.
public enum Monitor {
    /// 序时进度 at the end of `month`: month / 12 × 100.
    public static func timeRate(month: Int) -> Decimal { Decimal(month) * 100 / 12 }

    /// The plan's cumulative amount (万元) at the end of `month`: linear between the plan points
    /// (3月底, 6月底, 10月底, 12月底, already in 万元 whether the table gave fractions or amounts), from 0
    /// at month 0; the last point's amount after it. Nil when the table gave no plan.
    public static func planned(_ plan: SpendingPlan, month: Int) -> Decimal? {
        let points = plan.points.sorted { $0.month < $1.month }
        guard plan.form != .none, !points.isEmpty else { return nil }
        var previous = (month: 0, amount: Decimal(0))
        for p in points {
            if month <= p.month {
                if p.month == previous.month { return p.cumulative }
                return previous.amount + (p.cumulative - previous.amount) * Decimal(month - previous.month) / Decimal(p.month - previous.month)
            }
            previous = (p.month, p.cumulative)
        }
        return previous.amount
    }

    /// The light of a gap (percentage points behind the plan): 红 above `red`, 黄 above `yellow`,
    /// else 绿 — exactly at a threshold is still the better light.
    public static func light(gap: Decimal, rules: MonitorRules) -> Light {
        if gap > rules.red { return .red }
        if gap > rules.yellow { return .yellow }
        return .green
    }

    /// The cumulative spending of each project by month (万元), from monitoring entries.
    public static func spending(_ entries: [ProgressEntry]) -> [String: [Int: Decimal]] {
        var result: [String: [Int: Decimal]] = [:]
        for e in entries where e.isSpending {
            if let a = e.amount { result[e.key.ownerCode, default: [:]][e.month] = a }
        }
        return result
    }

    /// The latest recorded month at or before `month` and its amount.
    static func asOf(_ byMonth: [Int: Decimal], month: Int) -> (month: Int, amount: Decimal)? {
        guard let m = byMonth.keys.filter({ $0 <= month }).max() else { return nil }
        return (m, byMonth[m]!)
    }

    static func pct(_ x: Decimal) -> String { Decimals.fixed(x, 2) + "%" }
    static func pts(_ x: Decimal) -> String { Decimals.fixed(x, 2) }

    /// One project at `month`, from the department's monitoring entries.
    public static func project(_ p: Project, month: Int, entries: [ProgressEntry], rules: MonitorRules) -> ProjectMonitor {
        let own = entries.filter { $0.key.ownerCode == TextNormalizer.removingSpaces(p.code) }
        let byMonth = spending(own)[TextNormalizer.removingSpaces(p.code)] ?? [:]
        let time = timeRate(month: month)
        let plannedAmount = planned(p.plan, month: month)
        let planned = plannedAmount ?? p.budget * Decimal(month) / 12
        let plannedRate = p.budget > 0 ? planned / p.budget * 100 : 0
        var result = ProjectMonitor(code: p.code, name: p.name, budget: p.budget, month: month, asOf: nil, planned: planned,
                                    planFromTime: plannedAmount == nil, plannedRate: plannedRate, timeRate: time, actual: nil, actualRate: nil,
                                    gap: nil, spendingLight: nil, indicators: [], light: nil, note: "", reason: "", behind: 0)
        if plannedAmount != nil { result.plan = p.plan.points.sorted { $0.month < $1.month }.map { MonthAmount(month: $0.month, amount: $0.cumulative) } }
        result.spent = byMonth.filter { $0.key <= month }.sorted { $0.key < $1.key }.map { MonthAmount(month: $0.key, amount: $0.value) }
        var notes: [String] = []
        if let (m, amount) = asOf(byMonth, month: month) {
            result.asOf = m
            result.actual = amount
            let rate = p.budget > 0 ? amount / p.budget * 100 : 0
            result.actualRate = rate
            let gap = plannedRate - rate
            result.gap = gap
            result.behind = max(0, planned - amount)
            let light = light(gap: gap, rules: rules)
            result.spendingLight = light
            result.reason = own.first { $0.isSpending && $0.month == m }?.reason ?? ""
            let basis = plannedAmount == nil ? "序时进度" : "计划"
            let stale = m < month ? "（最近报送为\(m)月底）" : ""
            switch light {
            case .green:
                notes.append(gap > 0 ? "落后\(basis) \(pts(gap)) 个百分点，未超过 \(Decimals.plain(rules.yellow))\(stale)" : "达到\(basis)\(stale)")
            case .yellow, .red:
                notes.append("落后\(basis) \(pts(gap)) 个百分点，超过 \(Decimals.plain(light == .red ? rules.red : rules.yellow))\(stale)")
            }
        } else {
            notes.append("未报送 \(month)月底前的支出")
        }
        result.indicators = indicatorProgress(p.indicators, owner: p.code, month: month, entries: own)
        var light = result.spendingLight
        let unreachable = result.indicators.filter { $0.reachable == false }
        if !unreachable.isEmpty {
            light = .red
            notes.append("按当前进度难以完成：\(unreachable.map(\.level3).joined(separator: "、"))")
        }
        result.light = light
        result.note = notes.joined(separator: "；")
        return result
    }

    /// The indicators' progress at `month`: each indicator's latest value at or before it.
    static func indicatorProgress(_ indicators: [Indicator], owner: String, month: Int, entries: [ProgressEntry]) -> [IndicatorProgress] {
        var result: [IndicatorProgress] = []
        for i in indicators {
            let key = IndicatorKey(ownerCode: owner, indicator: i)
            guard let e = entries.filter({ !$0.isSpending && $0.key == key && $0.month <= month }).max(by: { $0.month < $1.month }) else { continue }
            result.append(progress(i, value: e.value, month: e.month, reason: e.reason))
        }
        return result
    }

    /// One indicator's progress. "Current pace": a value so far of a ≥ / > target that is not a
    /// percentage is a cumulative quantity growing evenly from 0 at month 0, so the year-end value
    /// at the current pace is value × 12 / month; the target cannot be reached when that falls short
    /// of it (≥: below t; >: at most t). A ≤ / < target (a ceiling) cannot be met once the value so far
    /// is already beyond it. Percent targets (rates, 满意度), deadlines and qualitative targets are
    /// shown as written and not judged.
    public static func progress(_ i: Indicator, value: String, month: Int, reason: String = "") -> IndicatorProgress {
        var p = IndicatorProgress(level1: i.level1, level2: i.level2, level3: i.level3, target: i.target.raw, value: value, month: month,
                                  percent: nil, projected: nil, reachable: nil, note: "", reason: reason)
        let t = i.target
        guard t.kind == .quantitative, let target = t.value, let v = number(value, unit: t.unit) else {
            p.note = t.kind == .quantitative ? "完成值不是数值，未判断进度" : "非数量指标，未判断进度"
            return p
        }
        if target > 0 { p.percent = v / target * 100 }
        let comparator = t.comparator ?? .atLeast
        if t.isPercent {
            p.note = "比率指标，按年末值考核，未按进度推算"
            return p
        }
        switch comparator {
        case .atLeast, .greater, .equal:
            guard month > 0, target > 0 else { return p }
            let projected = v * 12 / Decimal(month)
            p.projected = projected
            let short = comparator == .greater ? projected <= target : projected < target
            p.reachable = !short
            let unit = t.unit ?? ""
            p.note = short
                ? "截至\(month)月底 \(value)，按当前进度全年约 \(Decimals.short(projected, 2))\(unit)，达不到 \(t.raw)"
                : "截至\(month)月底 \(value)，按当前进度全年约 \(Decimals.short(projected, 2))\(unit)"
        case .atMost, .less:
            let over = comparator == .less ? v >= target : v > target
            p.reachable = !over
            p.note = over ? "截至\(month)月底已达 \(value)，超过上限 \(t.raw)" : "截至\(month)月底 \(value)，未超过上限"
        }
        return p
    }

    /// The number of a value so far: digits with an optional unit equal to the target's (or 万元/元).
    static func number(_ text: String, unit: String?) -> Decimal? {
        var s = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(text))
        s.removeAll { $0 == "," }
        if let unit, !unit.isEmpty, s.hasSuffix(unit) { s = String(s.dropLast(unit.count)) }
        if s.hasSuffix("%") || s.hasSuffix("％") { s = String(s.dropLast()) }
        return Decimals.parse(s)
    }

    /// A department at `month`.
    public static func department(_ d: Department, month: Int, entries: [ProgressEntry], rules: MonitorRules) -> DepartmentMonitor {
        let projects = d.projects.map { project($0, month: month, entries: entries, rules: rules) }
        let budget = projects.reduce(Decimal(0)) { $0 + $1.budget }
        let planned = projects.reduce(Decimal(0)) { $0 + $1.planned }
        let reporting = projects.filter { $0.actual != nil }
        let actual: Decimal? = reporting.isEmpty ? nil : reporting.reduce(Decimal(0)) { $0 + ($1.actual ?? 0) }
        let plannedRate = budget > 0 ? planned / budget * 100 : 0
        let actualRate = actual.map { budget > 0 ? $0 / budget * 100 : 0 }
        let gap = actualRate.map { plannedRate - $0 }
        return DepartmentMonitor(code: d.code, name: d.name, year: d.year, month: month, projects: projects, budget: budget, planned: planned,
                                 actual: actual, plannedRate: plannedRate, timeRate: timeRate(month: month), actualRate: actualRate, gap: gap,
                                 light: gap.map { light(gap: $0, rules: rules) })
    }

    /// The execution-lag deduction of one project (`rules.lag`): at each month it names, the
    /// cumulative rate (spending as of that month — the latest row at or before it, 0 before the
    /// first — over the budget) is compared with 序时进度 or the plan; each month below costs
    /// `points`, at most `fundsScore` in all. A project without any spending row is not checked.
    public static func lag(_ p: Project, spending byMonth: [Int: Decimal], rules: MonitorRules, fundsScore: Decimal) -> LagResult? {
        guard let lag = rules.lag, !byMonth.isEmpty, p.budget > 0 else { return nil }
        var lagging: [(month: Int, rate: Decimal, against: Decimal)] = []
        for m in lag.months.sorted() {
            let spent = asOf(byMonth, month: m)?.amount ?? 0
            let rate = spent / p.budget * 100
            let against: Decimal
            switch lag.against {
            case .time: against = timeRate(month: m)
            case .plan: against = (planned(p.plan, month: m) ?? p.budget * Decimal(m) / 12) / p.budget * 100
            }
            if rate < against { lagging.append((m, rate, against)) }
        }
        guard !lagging.isEmpty else { return nil }
        return LagResult(lagging: lagging, points: min(fundsScore, lag.points * Decimal(lagging.count)))
    }
}
