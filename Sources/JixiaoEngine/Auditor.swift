import Foundation
import JixiaoModel

/// `audit`: recomputes a filed table by a profile and compares it with what it claims
/// (RULES.md §8 R06, R08–R11), without needing its targets in the database.
public struct Auditor {
    public var profile: Profile
    /// A printed score off the rule by more than this is R11.
    public var tolerance: Decimal
    public var year: Int

    public init(profile: Profile = .national2020, tolerance: Decimal = Decimal(string: "0.01")!, year: Int = 2026) {
        self.profile = profile
        self.tolerance = tolerance
        self.year = year
    }

    /// One compared score: the funds block or an indicator.
    public struct Line: Sendable {
        public var label: String
        public var weight: Decimal?
        public var claimed: Decimal?
        /// The score by the rules, or nil when it could not be recomputed.
        public var expected: Decimal?
        /// How `expected` was derived, or why it could not be.
        public var explanation: String
        public var location: SourceLocation?

        public var differs: Bool { claimed != nil && expected != nil && claimed != expected }
    }

    /// The audit of one table.
    public struct Result: Sendable {
        public var table: FiledTable
        public var lines: [Line]
        public var claimedSum: Decimal
        public var recomputedTotal: Decimal
        public var recomputedGrade: String
        public var findings: [Finding]

        public var claimedGrade: String? { table.claimedGrade }
        public var claimedTotal: Decimal? { table.claimedTotal }
    }

    static func fmt(_ d: Decimal?) -> String { d.map { Decimals.fixed($0, 2) } ?? "—" }

    public func audit(_ t: FiledTable) -> Result {
        var findings: [Finding] = []
        let owner = t.projectCode.isEmpty ? t.projectName : t.projectCode
        func add(_ code: FindingCode, _ severity: Severity, _ indicator: String?, _ location: SourceLocation?, _ message: String) {
            findings.append(Finding(code, severity, owner: owner, indicator: indicator, location: location, message))
        }
        var lines: [Line] = []

        // Funds. A total row printed as zeros is recomputed from its detail rows (and flagged below).
        let fundsWeight = t.fundsPoints ?? profile.fundsPoints
        let detailFull = t.fundsDetail.reduce(Decimal(0)) { $0 + ($1.fullBudget ?? $1.initialBudget ?? 0) }
        let detailExecuted = t.fundsDetail.reduce(Decimal(0)) { $0 + ($1.executed ?? 0) }
        let zeroTotal = (t.initialBudget ?? 0) == 0 && (t.fullBudget ?? 0) == 0 && (t.executed ?? 0) == 0 && detailFull + detailExecuted > 0
        let budget = zeroTotal ? detailFull : (t.fullBudget ?? t.initialBudget)
        let executedAmount = zeroTotal ? detailExecuted : t.executed
        var fundsExpected: Decimal?
        var fundsExplanation = "未给全年执行数或预算数，无法重算"
        if let budget, budget > 0, let executed = executedAmount {
            let rate = executed / budget
            fundsExpected = profile.boundedScore(min(rate, 1) * fundsWeight, weight: fundsWeight)
            fundsExplanation = "执行率 \(Self.fmt(executed)) / \(Self.fmt(budget))\(zeroTotal ? "（按分项合计）" : "") = \(Decimals.fixed(rate * 100, 2))%，min(执行率, 1) × \(Self.fmt(fundsWeight))"
            // The official form has no reason cell for funds; the flat layout has one.
            if rate < profile.reasonRateThreshold, t.hasFundsReasonCell, !DeviationReason.isGiven(t.fundsReason) {
                add(.r10, .warning, SpecialRow.executed, t.fundsReasonLocation ?? t.fundsLocation, "预算执行率 \(Decimals.fixed(rate * 100, 2))% 低于 \(Decimals.fixed(profile.reasonRateThreshold * 100, 0))% 但偏差原因空白。")
            }
            if let full = t.fullBudget, let initial = t.initialBudget, full < initial, full == executed {
                add(.r09, .warning, SpecialRow.budget, t.fundsLocation, "全年预算数由 \(Self.fmt(initial)) 调减至 \(Self.fmt(full)) 万元，恰等于执行数：执行率被做满。请核实预算调整依据。")
            }
        } else if budget == 0 {
            fundsExplanation = "全年预算数为 0，无法计算执行率"
        }
        lines.append(Line(label: "预算执行率", weight: fundsWeight, claimed: t.fundsScore, expected: fundsExpected, explanation: fundsExplanation, location: t.fundsLocation))
        // R08: the funds total row printed as zeros while its detail rows hold amounts.
        if zeroTotal {
            add(.r08, .error, "年度资金总额", t.fundsLocation, "“年度资金总额”行为 0，而其中分项全年预算数合计 \(Self.fmt(detailFull)) 万元、全年执行数合计 \(Self.fmt(detailExecuted)) 万元：合计行未填。请填写年度资金总额（分项之和）；执行率已按分项合计重算。")
        }

        // Indicators. A row whose target and actual are both "/" (or 无) does not apply: it is left
        // out, and the points of an equal split go to the other rows.
        let scorer = IndicatorScorer(profile: profile, year: year)
        var weights: [Decimal] = []
        let given = t.rows.map(\.points)
        let applies = t.rows.map { !(Self.isNotApplicable($0.target) && Self.isNotApplicable($0.actual)) }
        let scored = t.rows.indices.filter { applies[$0] }
        let split = PointsAllocation.allocate(scored.map { t.rows[$0] }.map { Indicator(level1: $0.level1, level2: $0.level2, level3: $0.level3, target: TargetParser.parse($0.target)) }, profile: profile)
        var fallback = [Decimal](repeating: 0, count: t.rows.count)
        for (k, i) in scored.enumerated() { fallback[i] = split.indicators[k] }
        for (i, row) in t.rows.enumerated() {
            let w = given[i] ?? fallback[i]
            weights.append(w)
            let indicator = Indicator(level1: row.level1, level2: row.level2, level3: row.level3,
                                      target: TargetParser.parse(row.target, isCost: IndicatorTree.isCost(level2: row.level2)), source: row.location)
            var line = Line(label: row.level3, weight: w, claimed: row.score, expected: nil, explanation: "", location: row.location)
            let targetBlank = Self.isBlank(row.target), actualBlank = Self.isBlank(row.actual)
            if row.level2.isEmpty {
                add(.r07, .warning, row.level3, row.location, "二级指标空缺。请按“数量/质量/时效/成本”“经济/社会/生态/可持续影响”“服务对象满意度”归类。")
            }
            if !applies[i] {
                line.explanation = "不适用（年度指标值“\(row.target)”、实际完成值“\(row.actual)”），不计分"
                line.weight = given[i]
                if let claimed = row.score, claimed > tolerance {
                    line.expected = 0
                    add(.r11, .error, row.level3, row.location, "指标不适用（年度指标值与实际完成值均为“\(row.actual)”）却给分：表中为 \(Self.fmt(claimed))，按规则不计分。请删去得分，或填写指标值与实际完成值。")
                }
                lines.append(line)
                continue
            } else if targetBlank || actualBlank {
                // Nothing was filled: R07 at the cell, never a target said to be missed.
                let blank = targetBlank && actualBlank ? "年度指标值和实际完成值均空白" : targetBlank ? "年度指标值空白" : "实际完成值空白"
                add(.r07, .warning, row.level3, (targetBlank ? row.targetLocation : row.actualLocation) ?? row.location,
                    "\(blank)。请补填\(targetBlank && actualBlank ? "年度指标值和实际完成值" : targetBlank ? "年度指标值" : "实际完成值")；空白的指标按 0 分计。")
                line.explanation = "\(blank)，按 0 计"
                line.expected = 0
                if let claimed = row.score, claimed > tolerance {
                    add(.r11, .error, row.level3, row.location,
                        "\(actualBlank ? "未填写实际完成值" : "未填写年度指标值")却给分：表中为 \(Self.fmt(claimed))，按规则应得 0.00。请填写\(actualBlank ? "实际完成值" : "年度指标值")后按规则计分。")
                }
                lines.append(line)
                continue
            } else {
                let result = scorer.score(indicator, owner: owner, weight: w, basis: given[i] == nil ? .equalSplit : .explicit, actual: row.actual, reason: row.reason)
                if result.actual == nil {
                    line.explanation = "无法按规则读取：目标“\(row.target)”，实际“\(row.actual)”"
                    add(.r11, .note, row.level3, row.location, "无法按规则重算（目标“\(row.target)”，实际“\(row.actual)”），请人工核对得分。")
                } else {
                    line.expected = result.score
                    line.explanation = result.steps.dropFirst().joined(separator: "；")
                    // R10 is about the reason: it points at the reason cell (the score cell where the layout has none).
                    findings += result.findings.filter { [.r10, .r06].contains($0.code) }.map { f in
                        var f = f
                        f.location = f.code == .r10 ? (row.reasonLocation ?? row.location) : row.location
                        return f
                    }
                }
            }
            if let claimed = line.claimed, let expected = line.expected, abs(claimed - expected) > tolerance {
                let wRounded = profile.round(w)
                let kind: String
                if expected == wRounded && claimed < expected {
                    kind = "已达成目标却扣分"
                } else if expected < wRounded && claimed >= wRounded {
                    kind = "未达成目标却给满分"
                } else {
                    kind = "得分与规则不符"
                }
                add(.r11, .error, row.level3, row.location, "\(kind)：按规则应得 \(Self.fmt(expected))（\(line.explanation)），表中为 \(Self.fmt(claimed))，相差 \(Self.fmt(claimed - expected))。")
            }
            lines.append(line)
        }
        if let claimed = t.fundsScore, let expected = fundsExpected, abs(claimed - expected) > tolerance {
            add(.r11, .error, "预算执行率", t.fundsLocation, "预算执行率得分按规则应为 \(Self.fmt(expected))（\(fundsExplanation)），表中为 \(Self.fmt(claimed))。")
        }

        // Weights against their level totals and 100.
        for (level1, total) in t.level1Totals.sorted(by: { $0.key < $1.key }) {
            let sum = t.rows.indices.filter { t.rows[$0].level1 == level1 }.reduce(Decimal(0)) { $0 + weights[$1] }
            if abs(sum - total) > tolerance {
                add(.r08, .warning, level1, t.rows.first { $0.level1 == level1 }?.location, "“\(level1)”标明 \(Self.fmt(total)) 分，其下三级指标分值合计 \(Self.fmt(sum)) 分。请使分项之和等于一级指标分值。")
            }
        }
        if given.allSatisfy({ $0 != nil }), !given.isEmpty {
            let sum = weights.reduce(fundsWeight, +)
            if abs(sum - 100) > tolerance {
                add(.r08, .warning, nil, t.totalLocation, "分值合计 \(Self.fmt(sum))（含预算执行率 \(Self.fmt(fundsWeight))），应为 100。")
            }
        }

        // Totals.
        let claimedSum = lines.reduce(Decimal(0)) { $0 + ($1.claimed ?? 0) }
        if let total = t.claimedTotal, abs(total - claimedSum) > tolerance {
            add(.r08, .error, "总分", t.totalLocation, "表中总分 \(Self.fmt(total)) 与各项得分之和 \(Self.fmt(claimedSum)) 不符（相差 \(Self.fmt(total - claimedSum))）。")
        }
        let recomputed = lines.reduce(Decimal(0)) { $0 + ($1.expected ?? $1.claimed ?? 0) }
        var total = recomputed
        if let b = budget, b > 0, let rate = executedAmount.map({ $0 / b }), let rule = profile.executionCaps.first(where: { rate < $0.below }), recomputed > rule.cap {
            total = rule.cap
        }
        let grade = profile.grade(for: total)
        if let claimedGrade = t.claimedGrade, Self.normalize(grade: claimedGrade) != grade {
            add(.r11, .warning, "评价等级", t.totalLocation, "表中评价等级“\(claimedGrade)”，按重算总分 \(Self.fmt(total)) 应为“\(grade)”。")
        }
        return Result(table: t, lines: lines, claimedSum: claimedSum, recomputedTotal: total, recomputedGrade: grade, findings: findings)
    }

    /// An empty cell, or one holding only a dash or slash ("/", "—").
    static func isBlank(_ cell: String) -> Bool {
        blankMarks.contains(TextNormalizer.removingSpaces(cell))
    }

    /// "/", "无", "不适用": a row whose target and actual both say so does not apply.
    static func isNotApplicable(_ cell: String) -> Bool {
        let t = TextNormalizer.removingSpaces(cell)
        return !t.isEmpty && (blankMarks.contains(t) || t == "无" || t == "不适用")
    }

    static let blankMarks: Set<String> = ["", "/", "／", "—", "——", "-", "－", "\\"]

    /// 优秀 → 优, 良好 → 良, 合格 → 中, 不合格 → 差.
    public static func normalize(grade: String) -> String {
        switch grade {
        case "优秀": return "优"
        case "良好": return "良"
        case "合格": return "中"
        case "不合格": return "差"
        default: return grade
        }
    }
}
