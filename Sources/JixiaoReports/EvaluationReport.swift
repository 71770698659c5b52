import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel

/// Everything a graded report shows: the scored departments of a year under one profile.
public struct EvaluationReport: Sendable {
    public var year: Int
    public var profile: Profile
    public var departments: [DepartmentResult]
    /// Only this project's 自评表 (no department part), when set.
    public var onlyProject: String?
    /// The lines that close the department report and the narrative (填报人 …).
    public var footer: ReportFooter
    /// The bureau's comments on returned filings, by department code, oldest first.
    public var comments: [String: [BureauComment]]
    /// Mid-year monitoring at 6月底 and 10月底 by department code, quoted in the department report
    /// (运行监控); empty where no spending rows were recorded.
    public var monitoring: [String: [DepartmentMonitor]] = [:]

    public init(year: Int, profile: Profile, departments: [DepartmentResult], onlyProject: String? = nil, footer: ReportFooter = ReportFooter(),
                comments: [String: [BureauComment]] = [:]) {
        self.year = year
        self.profile = profile
        self.departments = departments
        self.onlyProject = onlyProject
        self.footer = footer
        self.comments = comments
    }

    /// A comment of the finance bureau on a returned filing (审核意见), with when it was made.
    public struct BureauComment: Sendable, Equatable {
        /// When and by whom the filing was returned with it.
        public var at: String
        public var by: String
        /// nil: on the whole filing.
        public var projectCode: String?
        public var indicator: String?
        public var text: String
        /// True while the filing has not been submitted again since (the comment is to be answered).
        public var isOpen: Bool

        public init(at: String, by: String, projectCode: String?, indicator: String?, text: String, isOpen: Bool) {
            self.at = at
            self.by = by
            self.projectCode = projectCode
            self.indicator = indicator
            self.text = text
            self.isOpen = isOpen
        }
    }

    /// The projects the report covers.
    public var projects: [(DepartmentResult, ProjectResult)] {
        departments.flatMap { d in d.projects.filter { onlyProject == nil || $0.project.code == onlyProject }.map { (d, $0) } }
    }

    /// The marker of a reason the engine wrote, not the unit.
    public static let suggestedMark = DeviationReason.suggestedMark


    /// The 偏差原因 to print: the unit's own, else a suggestion marked as such, else empty.
    public static func reason(_ r: IndicatorResult, profile: Profile) -> String {
        if DeviationReason.isGiven(r.reason) { return r.reason }
        guard let suggestion = suggestion(r, profile: profile) else { return r.reason }
        return suggestedMark + suggestion
    }

    /// What the engine suggests when a reason is required and missing.
    static func suggestion(_ r: IndicatorResult, profile: Profile) -> String? {
        let lost = r.lost  // the scorer's 失分
        switch r.actual {
        case .number(let a)?:
            let t = r.indicator.target.value ?? 0
            if t > 0, a >= profile.overachievementRatio * t {
                return "实际完成值超过目标 \(Decimals.plain(Decimals.round((a / t - 1) * 100, scale: 0)))%，请说明原因；如属目标值设定偏低（D08），下年度应调高目标。"
            }
            if lost > 0 {
                return "实际完成值 \(r.actualRaw ?? "") 未达到目标 \(r.indicator.target.raw)，失分 \(Shown.number(lost, missing: "")) 分。请说明原因（如 D07 政策/外部因素、D09 目标值设定过高）并提出改进措施。"
            }
        case .tier(let tier, _)? where tier != .achieved:
            return "本指标\(tier.rawValue)，请说明未完全达成的原因及下一步改进措施。"
        case .date?:
            if lost > 0 { return "未在时限内完成，请说明延误原因（如 D05 项目跨年度实施）及改进措施。" }
        case nil:
            return "实际完成值空白，请补填实际完成值。"
        default: break
        }
        return nil
    }

    /// The funds block's reason: the unit's, else a suggestion when the rate needs one.
    static func fundsReason(_ f: FundsResult, profile: Profile) -> String {
        if DeviationReason.isGiven(f.reason) { return f.reason }
        guard let rate = f.rate else { return f.executed == nil ? suggestedMark + "全年执行数空白，请补填。" : "" }
        if rate > 1 { return suggestedMark + "超预算执行，请说明超支原因及资金来源（如 D06 年中预算调整）。" }
        if rate < profile.reasonRateThreshold {
            return suggestedMark + "执行率 \(Shown.percent(rate, missing: "")) 低于 \(Shown.percent(profile.reasonRateThreshold, missing: ""))，请说明资金未支出原因（如 D01 尾款/质保金未付、D04 资金拨付不及时、D05 项目跨年度实施）。"
        }
        return ""
    }

    /// The official 自评表 of a scored project.
    public func form(_ d: DepartmentResult, _ p: ProjectResult) -> SelfEvaluationForm {
        let graded = p.status == .graded
        let f = p.funds
        let funds = SelfEvaluationForm.FundsLine(
            label: "年度资金总额", initialBudget: Shown.number(f.initialBudget, missing: ""), fullBudget: Shown.number(f.budget, missing: ""), executed: Shown.number(f.executed, missing: ""),
            points: Shown.number(f.weight, missing: ""), rate: graded ? Shown.percent(f.rate, missing: "") : "", score: graded ? Shown.number(f.score, missing: "") : "",
            reason: graded ? Self.fundsReason(f, profile: profile) : f.reason)
        let project = p.project
        let src = f.sources
        // 上年结转资金 and 其他资金 as the unit recorded them (issue 15): budget, execution, rate, reason;
        // the execution by source where only that was recorded (FundsSources).
        func source(_ name: String, initial: String, executed: Decimal?) -> SelfEvaluationForm.FundsLine {
            let s = f.sourceLines.first { $0.name == name }
            return SelfEvaluationForm.FundsLine(label: name, initialBudget: initial, fullBudget: Shown.number(s?.budget, missing: ""),
                                                executed: Shown.number(s?.executed ?? executed, missing: ""), points: "—",
                                                rate: s?.rate.map { Shown.percent($0, missing: "") } ?? "—", score: "—", reason: s?.reason ?? "")
        }
        let detail = [
            SelfEvaluationForm.FundsLine(label: "其中：当年财政拨款", initialBudget: Shown.number(project.fiscalFunds, missing: ""), fullBudget: "", executed: Shown.number(src.fiscalExecuted, missing: ""), points: "—", rate: "—", score: "—"),
            source(SpecialRow.carryover, initial: "", executed: src.carryoverExecuted),
            source(SpecialRow.otherFunds, initial: Shown.number(project.otherFunds, missing: ""), executed: src.otherExecuted),
        ]
        // The profile's split is only needed to show the 分值 of a project not yet evaluated.
        let allocation = graded ? nil : PointsAllocation.allocate(project.indicators, profile: profile)
        let lines: [SelfEvaluationForm.IndicatorLine] = project.indicators.enumerated().map { i, indicator in
            if graded, i < p.indicators.count {
                let r = p.indicators[i]
                return SelfEvaluationForm.IndicatorLine(
                    level1: indicator.level1, level2: indicator.level2, level3: indicator.level3, target: indicator.target.raw,
                    actual: r.actualRaw ?? "", points: Shown.number(r.weight, missing: ""), score: Shown.number(r.score, missing: ""), reason: Self.reason(r, profile: profile))
            }
            return SelfEvaluationForm.IndicatorLine(
                level1: indicator.level1, level2: indicator.level2, level3: indicator.level3, target: indicator.target.raw,
                actual: "", points: Shown.number(allocation?.indicators[i], missing: ""), score: "", reason: "")
        }
        return SelfEvaluationForm(
            year: year, projectName: project.name, projectCode: project.code, department: d.department.name, implementer: d.department.name,
            funds: funds, fundsDetail: detail, goalExpected: project.goal, goalActual: p.goalActual, indicators: lines,
            total: graded ? Shown.number(p.total, missing: "") : "—", grade: p.grade, review: Self.review(p))
    }

    /// The 复核 block of a form: every score the bureau adjusted, and the total they make.
    static func review(_ p: ProjectResult) -> SelfEvaluationForm.Review? {
        guard let total = p.reviewTotal else { return nil }
        var lines: [SelfEvaluationForm.Review.Line] = []
        func line(_ item: String, _ weight: Decimal, _ own: Decimal, _ r: ReviewedScore) -> SelfEvaluationForm.Review.Line {
            .init(item: item, points: Shown.number(weight), own: Shown.number(own), review: Shown.number(r.score), difference: Shown.number(r.score - own), reason: r.reason)
        }
        if let r = p.funds.review { lines.append(line("预算执行率", p.funds.weight, p.funds.score, r)) }
        for i in p.indicators { if let r = i.review { lines.append(line(i.indicator.level3, i.weight, i.score, r)) } }
        return SelfEvaluationForm.Review(total: Shown.number(total), grade: p.reviewGrade ?? "", difference: Shown.number(total - p.total), lines: lines)
    }

    /// Every finding of a department, most severe first, then by code.
    public static func findings(_ d: DepartmentResult) -> [Finding] {
        d.allFindings.enumerated().sorted { a, b in
            (a.element.severity, a.element.code, a.offset) < (b.element.severity, b.element.code, b.offset)
        }.map(\.element)
    }

    /// The name of a finding's owner: a project's name, or the department's.
    static func ownerName(_ code: String, in d: DepartmentResult) -> String {
        if code == d.department.code { return "部门整体" }
        return d.department.projects.first { $0.code == code }?.name ?? code
    }

    /// The department's cumulative plan by month (Σ over projects) and Σ executed at year end.
    static func plan(_ d: DepartmentResult) -> [(month: Int, planned: Decimal)] {
        var byMonth: [Int: Decimal] = [:]
        for p in d.department.projects {
            for point in p.plan.points { byMonth[point.month, default: 0] += point.cumulative }
        }
        return byMonth.keys.sorted().map { ($0, byMonth[$0]!) }
    }
}
