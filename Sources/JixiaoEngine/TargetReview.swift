import Foundation
import JixiaoModel

/// `review`: every check a finance bureau runs on a target table before the year starts
/// (RULES.md §8 R01–R07, R12, R13, R15, and what an experienced reviewer adds: R16 an indicator
/// listed twice, R17 a description that only repeats the name, R18 a missing 指标值确定依据, and
/// the margin notes of `ReviewerChecks`, R13 extended and R19–R24).
public struct TargetReview {
    public var profile: Profile

    public init(profile: Profile = .national2020) { self.profile = profile }

    /// A paragraph of the document's 部门整体 part, as read, with where it is.
    public struct Paragraph: Sendable, Hashable {
        public var text: String
        public var location: SourceLocation?

        public init(text: String, location: SourceLocation?) {
            self.text = text
            self.location = location
        }
    }

    /// All findings of a department's targets, in document order per project. `preamble`, the
    /// 部门整体 part as a file wrote it, is checked for its numbering (R23); without it (targets
    /// from the database) the stored overall goal is.
    public func review(_ d: Department, preamble: [Paragraph]? = nil) -> [Finding] {
        var findings = TargetChecks.department(d)
        findings += goals(d)
        if let preamble {
            findings += ReviewerChecks.numbering(lines: preamble.enumerated().map { ($0.element.text, $0.offset) }, owner: d.code,
                                                 what: "部门整体绩效目标", location: { preamble[$0].location })
        } else {
            findings += ReviewerChecks.numbering(d.goalText, owner: d.code, what: "部门整体绩效目标", location: { _ in nil })
        }
        for p in d.projects {
            let allocation = PointsAllocation.allocate(p.indicators, profile: profile)
            let own = TargetChecks.project(p, allocation: allocation, profile: profile) + indicators(p) + ReviewerChecks.project(p, year: d.year)
            // In the order of the file: project-level findings first, then by line.
            findings += own.enumerated().sorted { a, b in
                (a.element.indicator == nil ? 0 : 1, a.element.location?.line ?? 0, a.offset) < (b.element.indicator == nil ? 0 : 1, b.element.location?.line ?? 0, b.offset)
            }.map(\.element)
        }
        return findings
    }

    func goals(_ d: Department) -> [Finding] {
        d.goals.filter { $0.target.kind != .quantitative }.map {
            Finding(.r01, .warning, owner: d.code, indicator: $0.level3, location: $0.source, "部门整体目标“\($0.level3)”未量化。请写明可衡量的指标值。")
        }
    }

    /// The per-indicator checks.
    func indicators(_ p: Project) -> [Finding] {
        var findings: [Finding] = []
        func add(_ code: FindingCode, _ severity: Severity, _ i: Indicator, _ message: String) {
            findings.append(Finding(code, severity, owner: p.code, indicator: i.level3, location: i.source, message))
        }
        var seen: [String: Indicator] = [:]
        for i in p.indicators {
            let level2 = IndicatorTree.level2(i.level2)
            let isCost = level2 == "成本指标"
            let t = i.target
            // R01: not quantified where a number is expected; or a vague "≥90%" on a name that is not a rate.
            if t.kind == .qualitative, !t.isBlank, ["数量指标", "质量指标", "时效指标", "成本指标"].contains(level2) {
                add(.r01, .warning, i, "\(level2)的指标值“\(t.raw)”未量化。请写成“比较符 + 数值 + 单位”，如“≥95%”“≥100个”。")
            } else if t.kind == .quantitative, t.comparator == .atLeast, !t.comparatorImplied, t.value?.isZero == true {
                add(.r01, .warning, i, "指标值“\(t.raw)”任何结果都能达到（按满分计），不衡量绩效。请写明要达到的数值（如“≥95%”“≥100个”）；要求不发生的写作“0起”或“≤0起”。")
            } else if t.isPercent, !isCost, !ActualParser.isRateName(i.level3), i.category != .satisfaction {
                add(.r01, .warning, i, "“\(i.level3)”不是比率，却以“\(t.raw)”为指标值，含义不清、无法衡量。请改用可计量的数量或比率（如“完成数量≥X个”“完成率≥90%”），或改为定性指标并写明标准。")
            }
            // R02: money as an output quantity.
            if level2 == "数量指标", t.kind == .quantitative, Units.isMoney(t.unit) {
                add(.r02, .warning, i, "数量指标以资金金额“\(t.raw)”表示：资金投入不是产出。请改为实物工作量（如“完成XX公里”“服务XX人次”）。")
            }
            // R03: a name that belongs to another category.
            if i.level3.contains("满意"), i.category != .satisfaction {
                add(.r03, .warning, i, "“\(i.level3)”是满意度指标，却归在“\(i.level1)”下。请移到满意度指标。")
            } else if i.level3.contains("预算执行率") || i.level3.contains("资金执行率") || i.level3.contains("支出进度") {
                add(.r03, .warning, i, "“\(i.level3)”属于预算执行（单独计 \(TargetChecks.fmt(profile.fundsPoints)) 分），不应作为\(i.level2)。请换成反映本项目产出或成本的指标。")
            } else if i.level3.contains("成本"), i.category != .output {
                add(.r03, .warning, i, "“\(i.level3)”是成本指标，却归在“\(i.level1)/\(i.level2)”下。请移到产出指标/成本指标。")
            } else if let parent = IndicatorTree.parent(ofLevel2: i.level2), let category = i.category, parent != category {
                add(.r03, .warning, i, "二级指标“\(i.level2)”属于“\(parent.rawValue)”，却写在“\(i.level1)”下。")
            }
            // R06: 100 % satisfaction as a target needs a survey behind it.
            if i.category == .satisfaction, t.isPercent, (t.value ?? 0) >= 100 {
                add(.r06, .note, i, "满意度目标为 100%：自评时须有满意度调查（问卷、样本量）佐证。建议设为“≥90%”并说明调查方式。")
            }
            // R16: the same indicator twice.
            let name = IndicatorTree.clean(i.level3)
            if let first = seen[name] {
                add(.r16, .warning, i, "指标“\(i.level3)”在本项目中出现两次（另一处在“\(first.level2)”\(first.source?.line.map { "，第 \($0) 行" } ?? "")）。请删除重复项或改为不同的指标。")
            } else {
                seen[name] = i
            }
            // R17: a description that only repeats the name.
            let description = IndicatorTree.clean(i.description)
            if description.isEmpty || description == name {
                add(.r17, .note, i, description.isEmpty ? "缺少绩效指标描述。请说明指标的含义和计算口径。" : "绩效指标描述只重复了指标名称。请说明指标的含义、计算口径和数据来源。")
            }
            // R18: no basis for the target value.
            if TextNormalizer.trim(i.basis).isEmpty {
                add(.r18, .note, i, "缺少指标值确定依据。请写明依据（如计划标准、行业标准、历史数据、合同约定）。")
            }
        }
        return findings
    }
}
