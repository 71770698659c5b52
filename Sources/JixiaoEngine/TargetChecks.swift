import Foundation
import JixiaoModel

/// Checks on a target table that need no actuals (RULES.md §8): raised at score time and by
/// `review`.
public enum TargetChecks {
    static func fmt(_ d: Decimal) -> String { Decimals.short(d, 2) }

    /// The checks of one project.
    public static func project(_ p: Project, allocation: PointsAllocation, profile: Profile) -> [Finding] {
        var findings: [Finding] = []
        let owner = p.code
        func add(_ code: FindingCode, _ severity: Severity, _ indicator: Indicator? = nil, _ message: String) {
            findings.append(Finding(code, severity, owner: owner, indicator: indicator?.level3, location: indicator?.source ?? p.source, message))
        }
        // R13: a level-1 category with no indicator.
        for missing in allocation.missingCategories {
            let handling = profile.missing == .rescale ? "其分值已按比例分配到其余一级指标" : "其分值按 0 计"
            add(.r13, .warning, nil, "缺少一级指标“\(missing.rawValue)”，\(handling)。请补充\(missing.rawValue)。")
        }
        // R07: blank level-2, level-3 or target.
        for i in p.indicators {
            if i.level2.isEmpty { add(.r07, .warning, i, "二级指标空缺。请按“\(i.category?.level2Names.joined(separator: "/") ?? "数量/质量/时效/成本")”归类。") }
            if i.level3.isEmpty { add(.r07, .warning, i, "三级指标名称空白。") }
            if i.target.isBlank { add(.r07, .error, i, "指标值空白。请填写可衡量的年度指标值。") }
        }
        // R05: the cost indicator.
        let costs = p.indicators.filter { IndicatorTree.isCost(level2: $0.level2) }
        if costs.isEmpty, p.indicators.contains(where: { $0.category == .output }) {
            add(.r05, .note, nil, "产出指标中没有成本指标。请补充成本指标（如“单位成本≤X元”或“项目总成本≤预算数”）。")
        }
        for c in costs where c.target.kind == .quantitative {
            if let comparison = c.target.comparator, comparison.isUpper, !c.target.comparatorImplied, !c.target.isPercent {
                add(.r05, .error, c, "成本指标写作“\(c.target.raw)”：成本是上限，应写作“≤\(fmt(c.target.value ?? 0))\(c.target.unit ?? "")”。")
                if Units.isMoney(c.target.unit), let v = c.target.value, let inWan = Units.convert(v, from: c.target.unit, to: "万元"), inWan != p.budget {
                    add(.r05, .warning, c, "成本指标金额 \(fmt(inWan)) 万元与项目预算数 \(fmt(p.budget)) 万元不一致。请核对成本上限与预算。")
                }
            } else if c.target.isPercent {
                add(.r05, .warning, c, "成本指标“\(c.target.raw)”是百分比，看不出成本控制在多少以内。请改为金额上限（如“≤\(fmt(p.budget))万元”）或单位成本。")
            }
        }
        // R04: numbers in the 绩效目标 text that contradict an indicator with the same unit.
        findings += goalConsistency(p)
        // R12: one indicator with over half of its level-1's points (only meaningful when the
        // level-1 has several indicators).
        for category in Level1.allCases {
            let members = p.indicators.indices.filter { p.indicators[$0].category == category }
            guard members.count > 1, let total = allocation.categoryPoints[category], Decimals.isPositive(total) else { continue }
            for i in members where Self.moreThanHalf(allocation.indicators[i], of: total) {
                add(.r12, .warning, p.indicators[i], "分值 \(fmt(allocation.indicators[i])) 超过“\(category.rawValue)”总分 \(fmt(total)) 的一半。请平衡各指标分值。")
            }
        }
        findings += plan(p)
        return findings
    }

    /// `2 × part > total`, in whole cents when both are (the usual 分值), else on decimals.
    static func moreThanHalf(_ part: Decimal, of total: Decimal) -> Bool {
        if let p = Decimals.cents(part), let t = Decimals.cents(total) { return 2 * p > t }
        return part * 2 > total
    }

    /// R04: "配套建设四座地埋管道强排泵站" against an indicator of "2座".
    public static func goalConsistency(_ p: Project) -> [Finding] {
        let measured = p.indicators.filter { $0.target.kind == .quantitative && !$0.target.isPercent && $0.target.unit != nil }
        let units = Set(measured.compactMap(\.target.unit))
        guard !units.isEmpty else { return [] }
        var findings: [Finding] = []
        for q in ChineseNumerals.quantities(in: p.goal, units: units) {
            let same = measured.filter { $0.target.unit == q.unit }
            guard !same.contains(where: { $0.target.value.map { $0 == q.value } ?? false }) else { continue }
            for i in same {
                findings.append(Finding(.r04, .error, owner: p.code, indicator: i.level3, location: i.source,
                    "绩效目标写“\(q.phrase)”（\(fmt(q.value))\(q.unit)），指标“\(i.level3)”的指标值为“\(i.target.raw)”。请统一目标与指标值。"))
            }
        }
        return findings
    }

    /// R15: the cumulative plan must not fall and must end at the budget.
    public static func plan(_ p: Project) -> [Finding] {
        var findings: [Finding] = []
        func add(_ severity: Severity, _ message: String) {
            findings.append(Finding(.r15, severity, owner: p.code, location: p.source, message))
        }
        let points = p.plan.points
        guard !points.isEmpty else {
            add(.note, "未填写资金支出计划。请按 3月底 / 6月底 / 10月底 / 12月底 填写累计支出计划。")
            return findings
        }
        for (a, b) in zip(points, points.dropFirst()) where b.cumulative < a.cumulative {
            add(.warning, "资金支出计划不是逐月累计的：\(a.month)月底 \(fmt(a.cumulative)) 万元，\(b.month)月底 \(fmt(b.cumulative)) 万元。请按累计数填写。")
        }
        if let last = points.last, last.cumulative != p.budget {
            add(.warning, "资金支出计划 12月底累计 \(fmt(last.cumulative)) 万元，与预算数 \(fmt(p.budget)) 万元不符。请使年末累计等于预算数。")
        }
        let blanks = points.filter { $0.raw.isEmpty }.map { "\($0.month)月底" }
        if !blanks.isEmpty {
            add(.note, "资金支出计划 \(blanks.joined(separator: "、")) 为空，按“之后不再支出”理解（累计保持 \(fmt(points.last!.cumulative)) 万元）。如有支出安排请补填。")
        }
        return findings
    }

    /// Department-level checks: R15 when projects write their plans in different forms.
    public static func department(_ d: Department) -> [Finding] {
        let forms = Dictionary(grouping: d.projects.filter { $0.plan.form != .none }, by: \.plan.form)
        guard forms.count > 1 else { return [] }
        let label: [PlanForm: String] = [.fraction: "比例（0.25…1.00）", .percent: "百分比", .amount: "金额（万元）"]
        let parts = forms.keys.sorted { $0.rawValue < $1.rawValue }.map { "\(label[$0] ?? $0.rawValue) \(forms[$0]!.count) 个项目" }
        return [Finding(.r15, .note, owner: d.code,
            "资金支出计划的填写口径不一：\(parts.joined(separator: "，"))。表头为“（%）”而填写金额的，已统一换算为累计万元；建议统一按累计金额填写。")]
    }
}
