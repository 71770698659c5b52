import Foundation
import JixiaoModel

/// Scores projects and departments (RULES.md §3–7). Pure: fed values, returns values.
public struct Scorer: Sendable {
    public var profile: Profile { didSet { rules = ExactRules(profile) } }
    /// Whether results carry the derivation of every point (`explain`); off for plain scoring.
    public var explains: Bool
    /// The profile's numbers as exact ratios, converted once.
    public private(set) var rules: ExactRules
    /// Cumulative spending by project code and month (万元), for the profile's execution-lag
    /// deduction (`monitoring.lag_deduction`); empty when the profile has none.
    public var spending: [String: [Int: Decimal]] = [:]

    public init(profile: Profile = .national2020, explains: Bool = true) {
        self.profile = profile
        self.explains = explains
        self.rules = ExactRules(profile)
    }

    static func percent(_ rate: Decimal) -> String { Decimals.percent(rate) }
    static func percent(_ rate: Ratio) -> String { rate.percent }

    /// Stored actuals by key.
    public typealias Actuals = [IndicatorKey: RecordedActual]

    /// True when anything but the pre-filled 全年预算数 was recorded: the 全年执行数 row or any indicator.
    static func hasActuals(executed: RecordedActual?, _ found: [RecordedActual?]) -> Bool {
        if let executed, !executed.value.isEmpty { return true }
        return found.contains { !($0?.value.isEmpty ?? true) }
    }

    /// The allocation of points: stored explicit 分值 for every indicator, else the table's, else
    /// the profile's split. `found` holds each indicator's recorded actual (looked up once).
    func allocation(_ indicators: [Indicator], found: [RecordedActual?], executed: RecordedActual?) -> PointsAllocation {
        let stored = found.map { $0?.points }
        if !stored.isEmpty, stored.allSatisfy({ $0 != nil }) {
            return PointsAllocation.allocate(indicators, explicit: stored, funds: executed?.points, profile: profile)
        }
        return PointsAllocation.allocate(indicators, profile: profile)
    }

    /// Scores one project of `year`.
    public func score(_ p: Project, year: Int, actuals: Actuals) -> ProjectResult {
        let found = p.indicators.map { actuals[IndicatorKey(ownerCode: p.code, indicator: $0)] }
        let executed = actuals[IndicatorKey.funds(p.code, SpecialRow.executed)]
        let allocation = allocation(p.indicators, found: found, executed: executed)
        var findings = TargetChecks.project(p, allocation: allocation, profile: profile)
        let goalActual = actuals[IndicatorKey.goal(p.code)]?.value ?? ""
        guard Self.hasActuals(executed: executed, found) else {
            let funds = FundsResult(initialBudget: p.budget, budget: p.budget, executed: nil, exactRate: nil, weight: allocation.funds, score: 0, reason: "", steps: [])
            return ProjectResult(project: p, status: .notEvaluated, funds: funds, indicators: [], goalActual: goalActual, uncapped: 0, cap: nil,
                                 total: 0, grade: "未评价", findings: findings, steps: explains ? ["未录入任何实际完成值：未评价（不计为“差”）"] : [])
        }
        var funds = fundsResult(owner: p.code, initialBudget: p.budget, weight: allocation.funds, actuals: actuals, findings: &findings)
        funds.sources = FundsSources.of(p, executed: funds.executed, actuals: actuals)
        if profile.monitoring.lag != nil, let lag = Monitor.lag(p, spending: spending[p.code] ?? [:], rules: profile.monitoring, fundsScore: funds.score) {
            funds.score -= lag.points
            // The total is summed from the exact score: deduct there too (points have 2 decimals).
            if let points = Ratio(exactly: lag.points), let exact = funds.exact.score.subtracting(points) { funds.exact.score = exact }
            funds.lag = lag
            if explains { funds.steps.append(Self.lagStep(lag)) }
        }
        let scorer = IndicatorScorer(profile: profile, rules: rules, year: year, explains: explains)
        let results = p.indicators.enumerated().map { i, indicator in
            let a = found[i]
            return scorer.score(indicator, owner: p.code, weight: allocation.indicators[i], basis: allocation.basis[i], actual: a?.value, reason: a?.reason ?? "")
        }
        // Σ of rounded scores: their denominators are the rounding's power of ten, so the sum is exact.
        let exactUncapped = results.reduce(funds.exact.score) { $0.adding($1.exactScore) ?? $0 }
        let uncapped = exactUncapped.decimal
        var steps = Steps(enabled: explains)
        let missing = (funds.executed == nil ? [SpecialRow.executed] : []) + results.filter { $0.actualRaw == nil }.map(\.indicator.level3)
        if !missing.isEmpty, profile.blanks == .incomplete {
            // 填报未完成: not graded from zeros while the unit is still filing (RULES.md §6).
            steps.append("填报未完成：\(missing.joined(separator: "、")) 尚未填写，暂不评定等级（截止日评分 jixiao score --final 按 0 分计）")
            return ProjectResult(project: p, status: .incomplete, funds: funds, indicators: results, goalActual: goalActual, uncapped: uncapped, cap: nil,
                                 total: uncapped, grade: ProjectStatus.incomplete.label, findings: findings, steps: steps.lines, missing: missing,
                                 exactTotal: exactUncapped)
        }
        steps.append("总分 = 预算执行率得分 \(IndicatorScorer.fmt(funds.score)) + 各指标得分之和 \(IndicatorScorer.fmt(uncapped - funds.score)) = \(IndicatorScorer.fmt(uncapped))")
        var total = uncapped, exactTotal = exactUncapped
        var cap: Decimal?
        if let rate = funds.exactRate, let rule = rules.executionCaps.first(where: { rate < $0.below }), rule.cap < exactUncapped {
            cap = rule.capDecimal
            total = rule.capDecimal
            exactTotal = rule.cap
            steps.append("执行率 \(Self.percent(rate)) 低于 \(Self.percent(rule.below))：总分封顶 \(IndicatorScorer.fmt(rule.capDecimal))")
            findings.append(Finding(.r14, .warning, owner: p.code, "预算执行率 \(Self.percent(rate)) 低于 \(Self.percent(rule.below))，按规则总分封顶 \(IndicatorScorer.fmt(rule.capDecimal)) 分（原 \(IndicatorScorer.fmt(uncapped)) 分）。"))
        }
        let grade = rules.grade(for: exactTotal)
        steps.append("等级：\(grade)（\(profile.grades.map { "≥\(IndicatorScorer.fmt($0.minimum)) \($0.grade)" }.joined(separator: "，"))）")
        return ProjectResult(project: p, status: .graded, funds: funds, indicators: results, goalActual: goalActual, uncapped: uncapped, cap: cap,
                             total: total, grade: grade, findings: findings, steps: steps.lines, missing: missing, exactTotal: exactTotal)
    }

    /// The funds block: rate = 全年执行数 / 全年预算数 (else 年初预算数), score = min(rate, 1) × w.
    func fundsResult(owner: String, initialBudget: Decimal, weight: Decimal, actuals: Actuals, findings: inout [Finding]) -> FundsResult {
        var result = fundsTotal(owner: owner, initialBudget: initialBudget, weight: weight, actuals: actuals, findings: &findings)
        result.sourceLines = SpecialRow.sources.compactMap { name in
            let budget = actuals[IndicatorKey.fundsSource(owner, name, SpecialRow.budget)]
            // The older single row of a database recorded before is the source's 全年执行数.
            let executed = actuals[IndicatorKey.fundsSource(owner, name, SpecialRow.executed)] ?? actuals[IndicatorKey.funds(owner, name)]
            guard budget != nil || executed != nil else { return nil }
            let reasons = [budget?.reason ?? "", executed?.reason ?? ""].filter { !$0.isEmpty }
            return FundsSource(name: name, budget: budget.flatMap { Units.amountInWan($0.value) }, executed: executed.flatMap { Units.amountInWan($0.value) },
                               reason: reasons.joined(separator: "；"))
        }
        return result
    }

    /// The total line of the funds block (the scored one).
    func fundsTotal(owner: String, initialBudget: Decimal, weight: Decimal, actuals: Actuals, findings: inout [Finding]) -> FundsResult {
        let budgetRow = actuals[IndicatorKey.funds(owner, SpecialRow.budget)]
        let executedRow = actuals[IndicatorKey.funds(owner, SpecialRow.executed)]
        let budget = budgetRow.flatMap { Units.amountInWan($0.value) } ?? initialBudget
        let executed = executedRow.flatMap { Units.amountInWan($0.value) }
        let reason = executedRow?.reason ?? ""
        var steps = Steps(enabled: explains)
        steps.append("预算执行率分值 w = \(IndicatorScorer.fmt(weight))")
        func add(_ code: FindingCode, _ severity: Severity, _ message: String) {
            findings.append(Finding(code, severity, owner: owner, indicator: SpecialRow.executed, location: executedRow?.source, message))
        }
        guard let executed else {
            add(.r07, .warning, profile.blanks == .zero ? "全年执行数空白，预算执行率按 0 分计。请填写全年执行数。" : "全年执行数空白：项目填报未完成，暂不评定等级。请填写全年执行数。")
            steps.append("全年执行数空白 → 0")
            return FundsResult(initialBudget: initialBudget, budget: budget, executed: nil, exactRate: nil, weight: weight, score: 0, reason: reason, steps: steps.lines,
                               exact: ExactFunds(budget: Ratio(exactly: budget), executed: nil))
        }
        guard Decimals.isPositive(budget) else {
            // Validation refuses negative amounts; a database filled otherwise (an old version,
            // merge) still gets a message that says what the budget is.
            let shown = budget.isZero ? "0" : "\(IndicatorScorer.fmt(budget)) 万元（负数）"
            add(.r14, .error, "全年预算数为 \(shown)，无法计算预算执行率。请填写调整后的全年预算数。")
            steps.append("全年预算数为 \(shown) → 无法计算")
            return FundsResult(initialBudget: initialBudget, budget: budget, executed: executed, exactRate: nil, weight: weight, score: 0, reason: reason, steps: steps.lines,
                               exact: ExactFunds(budget: Ratio(exactly: budget), executed: Ratio(exactly: executed)))
        }
        let b: Ratio, e: Ratio, w: Ratio, rate: Ratio, raw: Ratio, score: Ratio
        do {
            (b, e, w) = (try Ratio.of(budget), try Ratio.of(executed), try Ratio.of(weight))
            rate = try e / b
            raw = try Swift.min(rate, .one) * w
            score = try rules.boundedScore(raw, weight: w)
        } catch {
            add(.r14, .error, "全年执行数 \(Decimals.plain(executed)) 或全年预算数 \(Decimals.plain(budget)) 万元无法计算预算执行率：\(error.description)。请核对金额。")
            return FundsResult(initialBudget: initialBudget, budget: budget, executed: executed, exactRate: nil, weight: weight, score: 0, reason: reason, steps: steps.lines)
        }
        steps.append("执行率 = 全年执行数 / 全年预算数 = \(IndicatorScorer.fmt(executed)) / \(IndicatorScorer.fmt(budget))\(budgetRow == nil ? "（未填调整数，用年初预算数）" : "") = \(Self.percent(rate))")
        steps.append("得分 = min(执行率, 1) × w = \(IndicatorScorer.fmt(raw))\(score != raw ? " → 四舍五入 \(IndicatorScorer.fmt(score))" : "")")
        let explained = DeviationReason.isGiven(reason)
        if rate > .one {
            add(.r14, .warning, "全年执行数 \(IndicatorScorer.fmt(executed)) 万元超过全年预算数 \(IndicatorScorer.fmt(budget)) 万元（执行率 \(Self.percent(rate))）。按满分计，但须说明超支原因并核对资金来源。")
            if !explained { add(.r10, .warning, "超预算执行但偏差原因空白。请说明超支原因。") }
        } else if rate < rules.reasonRateThreshold {
            add(.r14, explained ? .note : .warning, explained
                ? "预算执行率 \(Self.percent(rate)) 低于 \(Self.percent(profile.reasonRateThreshold))，已说明原因。"
                : "预算执行率 \(Self.percent(rate)) 低于 \(Self.percent(profile.reasonRateThreshold))，未说明原因。请填写偏差原因（如 D01 尾款未付、D05 跨年度实施）。")
        }
        if budgetRow != nil, let initial = Ratio(exactly: initialBudget), b < initial, b == e {
            add(.r09, .warning, "全年预算数由 \(IndicatorScorer.fmt(initialBudget)) 调减至 \(IndicatorScorer.fmt(budget)) 万元，恰等于执行数：执行率可能被人为做满。请附预算调整文件。")
        }
        return FundsResult(initialBudget: initialBudget, budget: budget, executed: executed, exactRate: rate, weight: weight, score: score.decimal, reason: reason, steps: steps.lines,
                           exact: ExactFunds(budget: b, executed: e, score: score))
    }

    /// Scores a department and all its projects.
    public func score(_ d: Department, actuals list: [RecordedActual]) -> DepartmentResult {
        let actuals = Dictionary(list.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        let projects = d.projects.map { score($0, year: d.year, actuals: actuals) }
        var findings = TargetChecks.department(d)

        let withExecution = projects.filter { $0.funds.executed != nil && Decimals.isPositive($0.funds.budget) }
        let sums = Self.sums(withExecution.map(\.funds))
        let budgetSum = sums.budget, executedSum = sums.executed
        let rate: Ratio? = sums.exactBudget.flatMap { b in b > .zero ? sums.exactExecuted.flatMap { try? $0 / b } : nil }
        let ownWeight = profile.fundsPoints
        var ownSteps = Steps(enabled: explains)
        ownSteps.append("部门预算执行率 = Σ全年执行数 / Σ全年预算数 = \(IndicatorScorer.fmt(executedSum)) / \(IndicatorScorer.fmt(budgetSum))（\(withExecution.count) 个已填执行数的项目）")
        let ownFundsExact: Ratio = rate.flatMap { r in Ratio(exactly: ownWeight).flatMap { w in try? rules.boundedScore(try Swift.min(r, .one) * w, weight: w) } } ?? .zero
        let ownFundsScore = ownFundsExact.decimal
        if let rate { ownSteps.append("= \(Self.percent(rate))，得分 = min(执行率, 1) × \(IndicatorScorer.fmt(ownWeight)) = \(IndicatorScorer.fmt(ownFundsScore))") }
        let ownFunds = FundsResult(initialBudget: d.totalBudget, budget: budgetSum, executed: rate == nil ? nil : executedSum, exactRate: rate,
                                   weight: ownWeight, score: ownFundsScore, reason: "", steps: ownSteps.lines,
                                   exact: ExactFunds(budget: sums.exactBudget, executed: sums.exactExecuted, score: ownFundsExact))
        if withExecution.count < projects.filter({ $0.status == .graded }).count {
            findings.append(Finding(.r07, .warning, owner: d.code, "有已评价项目未填全年执行数，部门预算执行率只按已填的 \(withExecution.count) 个项目计算。"))
        }

        var ownIndicators: [IndicatorResult] = []
        var ownScore: Decimal?
        let goalsFound = d.goals.map { actuals[IndicatorKey(ownerCode: d.code, indicator: $0)] }
        let ownExecuted = actuals[IndicatorKey.funds(d.code, SpecialRow.executed)]
        if !d.goals.isEmpty, Self.hasActuals(executed: ownExecuted, goalsFound) {
            let allocation = allocation(d.goals, found: goalsFound, executed: ownExecuted)
            let scorer = IndicatorScorer(profile: profile, rules: rules, year: d.year, explains: explains)
            ownIndicators = d.goals.enumerated().map { i, goal in
                let a = goalsFound[i]
                return scorer.score(goal, owner: d.code, weight: allocation.indicators[i], basis: allocation.basis[i], actual: a?.value, reason: a?.reason ?? "")
            }
            let blank = ownIndicators.filter { $0.actualRaw == nil }.map(\.indicator.level3)
            if blank.isEmpty || profile.blanks == .zero {
                ownScore = ownIndicators.reduce(ownFundsExact) { $0.adding($1.exactScore) ?? $0 }.decimal
            } else {
                findings.append(Finding(.r07, .note, owner: d.code, "部门整体指标填报未完成（\(blank.joined(separator: "、")) 尚未填写）：部门整体自评得分暂以项目加权平均分代替。"))
            }
        } else if !d.goals.isEmpty {
            findings.append(Finding(.r07, .note, owner: d.code, "部门整体指标尚未填写实际完成值：部门整体自评得分暂以项目加权平均分代替。"))
        }

        let graded = projects.filter { $0.status == .graded }
        let weighted = Self.weightedAverage(graded)
        var counts = profile.grades.map { band in (band.grade, graded.filter { $0.grade == band.grade }.count) }
        counts.append((ProjectStatus.notEvaluated.label, projects.filter { $0.status == .notEvaluated }.count))
        let incomplete = projects.filter { $0.status == .incomplete }.count
        if incomplete > 0 { counts.append((ProjectStatus.incomplete.label, incomplete)) }
        return DepartmentResult(
            department: d, projects: projects, ownFunds: ownFunds, ownIndicators: ownIndicators, ownScore: ownScore,
            ownGrade: ownScore.map(profile.grade(for:)), weightedProjectScore: weighted, weightedGrade: weighted.map(profile.grade(for:)),
            executionRate: ownFunds.rate, gradeCounts: counts, findings: findings)
    }

    /// Σ 全年预算数 and Σ 全年执行数 of funds blocks: exact when every amount converts, else
    /// Foundation's sums of the decimals.
    static func sums(_ funds: [FundsResult]) -> (budget: Decimal, executed: Decimal, exactBudget: Ratio?, exactExecuted: Ratio?) {
        var b = Ratio.zero, e = Ratio.zero
        var exact = true
        for f in funds {
            guard exact, let fb = f.exact.budget, let fe = f.exact.executed, let nb = b.adding(fb), let ne = e.adding(fe) else { exact = false; break }
            (b, e) = (nb, ne)
        }
        if exact { return (b.decimal, e.decimal, b, e) }
        let budget = funds.reduce(Decimal(0)) { $0 + $1.budget }, executed = funds.reduce(Decimal(0)) { $0 + ($1.executed ?? 0) }
        return (budget, executed, Ratio(exactly: budget), Ratio(exactly: executed))
    }

    /// 项目加权平均分 (RULES.md §7): Σ(total × 全年预算数) / Σ 全年预算数, rounded half-up to 2 decimals.
    static func weightedAverage(_ graded: [ProjectResult]) -> Decimal? {
        var base = Ratio.zero, sum = Ratio.zero
        var exact = true
        for p in graded {
            guard let budget = p.funds.exact.budget, let nb = base.adding(budget), let product = p.exactTotal.multiplied(by: budget), let ns = sum.adding(product) else {
                exact = false
                break
            }
            (base, sum) = (nb, ns)
        }
        if exact {
            guard base > .zero else { return nil }
            if let average = sum.divided(by: base), let rounded = average.decimal(roundedTo: 2) { return rounded }
        }
        let weightBase = graded.reduce(Decimal(0)) { $0 + $1.funds.budget }
        guard Decimals.isPositive(weightBase) else { return nil }
        let weightedSum = graded.reduce(Decimal(0)) { $0 + $1.total * $1.funds.budget }
        return Decimals.round(weightedSum / weightBase, scale: 2)
    }

    /// The derivation line of an execution-lag deduction.
    static func lagStep(_ lag: LagResult) -> String {
        let months = lag.lagging.map { "\($0.month)月底 \(Decimals.fixed($0.rate, 2))% < \(Decimals.fixed($0.against, 2))%" }.joined(separator: "，")
        return "执行进度滞后（\(months)）：预算执行率得分扣 \(IndicatorScorer.fmt(lag.points)) 分"
    }
}
