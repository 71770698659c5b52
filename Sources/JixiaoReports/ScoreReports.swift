import Foundation
import JixiaoEngine
import JixiaoModel

/// Text output of `score`, `explain` and `profile show`.
public enum ScoreReports {

    static func counts(_ findings: [Finding]) -> (Int, Int, Int) {
        (findings.filter { $0.severity == .error }.count, findings.filter { $0.severity == .warning }.count, findings.filter { $0.severity == .note }.count)
    }

    /// `jixiao score`: per project 总分, 等级 and findings by severity; then the department's two figures.
    public static func summary(year: Int, profile: Profile, results: [DepartmentResult], format: OutputFormat) -> String {
        summaryHeader(year: year, profile: profile, format: format) + summarySections(results, first: true, format: format) + summaryFooter(format: format)
    }

    /// The summary's opening: the profile line, or the JSON document's head.
    public static func summaryHeader(year: Int, profile: Profile, format: OutputFormat) -> String {
        if format == .json {
            let head = JSONValue.object([
                ("year", .number(String(year))),
                ("profile", .object([("name", .string(profile.name)), ("title", .string(profile.title)), ("hash", .string(profile.contentHash))])),
            ]).serialized()
            // The same document as ScoresJSON.document, written a department at a time.
            return String(head.dropLast(3)) + ",\n  \"departments\": ["
        }
        return "评分规则：\(profile.name)（\(profile.title)）\(profile.contentHash == "built-in" ? "" : " 内容哈希 \(profile.contentHash.prefix(12))")\n"
            + (profile.blanks == .zero ? "截止日评分（--final）：空白的实际完成值和全年执行数按 0 分计，有空白的项目照常评定等级。\n" : "") + "\n"
    }

    /// The summary's closing.
    public static func summaryFooter(format: OutputFormat) -> String { format == .json ? "\n  ]\n}\n" : "" }

    /// The sections of some departments; `first` when they open the list (JSON commas).
    public static func summarySections(_ results: [DepartmentResult], first: Bool, format: OutputFormat) -> String {
        if format == .json {
            return results.enumerated().map { i, r in
                let body = "    " + ScoresJSON.department(r).serialized(nestedAt: 2)
                return (first && i == 0 ? "\n" : ",\n") + body
            }.joined()
        }
        var out = ""
        for r in results {
            let year = r.department.year
            out += "\(r.department.code) \(r.department.name) · \(year)年度\n"
            var table = TextTable(headers: ["序号", "项目编码", "项目名称", "执行率", "总分", "等级", "错误", "警告", "提示"],
                                  alignments: [.right, .left, .left, .right, .right, .left, .right, .right, .right])
            for (i, p) in r.projects.enumerated() {
                let (e, w, n) = counts(p.allFindings)
                let graded = p.status == .graded
                table.append([String(i + 1), p.project.code, p.project.name, graded ? Shown.percent(p.funds.rate) : "—",
                              graded ? Shown.number(p.total) : "—", p.grade, String(e), String(w), String(n)])
            }
            out += table.render() + "\n"
            out += missingLines(r)
            out += departmentFigures(r)
            let (e, w, n) = counts(r.allFindings)
            out += "问题：错误 \(e) · 警告 \(w) · 提示 \(n)（jixiao explain 项目编码 查看得分推导，jixiao report 查看全部问题与改进建议）\n\n"
        }
        return out
    }

    /// 填报未完成 projects with what they lack; under `--final`, what was scored 0 for being blank.
    static func missingLines(_ r: DepartmentResult) -> String {
        let incomplete = r.projects.filter { $0.status == .incomplete }
        let zeroed = r.projects.filter { $0.status == .graded && !$0.missing.isEmpty }
        var out = ""
        if !incomplete.isEmpty {
            out += "填报未完成 \(incomplete.count) 个项目（有空白，不评等级；jixiao score --final 按 0 分计）：\n"
            for p in incomplete { out += "  \(p.project.name)（\(p.project.code)）缺：\(p.missing.joined(separator: "、"))\n" }
            out += "\n"
        }
        if !zeroed.isEmpty {
            out += "截止日评分：\(zeroed.count) 个项目的空白按 0 分计：\n"
            for p in zeroed { out += "  \(p.project.name)（\(p.project.code)）：\(p.missing.joined(separator: "、"))\n" }
            out += "\n"
        }
        return out
    }

    /// The department's two figures, labelled (RULES.md §7).
    public static func departmentFigures(_ r: DepartmentResult) -> String {
        var lines: [String] = []
        if let own = r.ownScore {
            lines.append("部门整体自评得分  \(Shown.number(own))  \(r.ownGrade ?? "")（部门预算执行率 \(Shown.number(r.ownFunds.score)) 分 + 部门整体指标 \(Shown.number(own - r.ownFunds.score)) 分）")
        } else {
            lines.append("部门整体自评得分  —  （部门整体指标未填实际完成值；以项目加权平均分为准）")
        }
        let graded = r.projects.filter { $0.status == .graded }.count
        lines.append("项目加权平均分    \(Shown.number(r.weightedProjectScore))  \(r.weightedGrade ?? "")（按全年预算数加权，\(graded) 个已评价项目）")
        lines.append("部门预算执行率    \(Shown.percent(r.executionRate))")
        lines.append("等级分布          " + r.gradeCounts.map { "\($0.0) \($0.1)" }.joined(separator: " · "))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `jixiao explain CODE`: how every point was derived.
    public static func explain(_ p: ProjectResult, profile: Profile) -> String {
        var out = "\(p.project.name)（\(p.project.code)）得分推导 · 规则 \(profile.name)\n来源：\(profile.source)\n\n"
        guard p.status == .graded else { return out + p.steps.joined(separator: "\n") + "\n" }
        out += "一、预算执行率（\(Shown.number(p.funds.weight)) 分）\n" + p.funds.steps.map { "  " + $0 }.joined(separator: "\n") + "\n\n"
        out += "二、绩效指标\n"
        for (i, r) in p.indicators.enumerated() {
            out += "  \(i + 1). \(r.indicator.level1) / \(r.indicator.level2) / \(r.indicator.level3)：目标 \(r.indicator.target.raw)，实际 \(r.actualRaw ?? "（空白）")\n"
            for step in r.steps { out += "     · \(step)\n" }
            if r.deduction > 0 { out += "     · 扣分 \(Shown.number(r.deduction))（未扣前 \(Shown.number(r.unrounded.decimal))）\n" }
            out += "     = \(Shown.number(r.score)) / \(Shown.number(r.weight))\n"
        }
        out += "\n三、总分与等级\n" + p.steps.map { "  " + $0 }.joined(separator: "\n") + "\n"
        let findings = p.allFindings
        if !findings.isEmpty {
            out += "\n四、问题（\(findings.count)）\n"
            for f in findings.sorted(by: { $0.severity < $1.severity }) {
                out += "  [\(f.severity.label) \(f.code) \(Finding.titles[f.code.rawValue] ?? "")] \(f.indicator.map { $0 + "：" } ?? "")\(f.message)\n"
            }
        }
        return out
    }

    /// `jixiao explain DEPARTMENT_CODE`: the department's own table and the weighted average.
    public static func explain(_ r: DepartmentResult, profile: Profile) -> String {
        var out = "\(r.department.name)（\(r.department.code)）部门整体得分推导 · 规则 \(profile.name)\n\n"
        out += "一、部门预算执行率（\(Shown.number(r.ownFunds.weight)) 分）\n" + r.ownFunds.steps.map { "  " + $0 }.joined(separator: "\n") + "\n\n"
        out += "二、部门整体指标\n"
        for (i, x) in r.ownIndicators.enumerated() {
            out += "  \(i + 1). \(x.indicator.level3)：目标 \(x.indicator.target.raw)，实际 \(x.actualRaw ?? "（空白）")\n"
            for step in x.steps { out += "     · \(step)\n" }
            out += "     = \(Shown.number(x.score)) / \(Shown.number(x.weight))\n"
        }
        out += "\n三、两个得分\n" + departmentFigures(r)
        out += "  项目加权平均分 = Σ(项目总分 × 全年预算数) / Σ全年预算数：\n"
        for p in r.projects where p.status == .graded {
            out += "    \(p.project.name)：\(Shown.number(p.total)) × \(Shown.number(p.funds.budget))\n"
        }
        return out
    }

    /// `jixiao profile show NAME`: the effective settings.
    public static func profile(_ p: Profile) -> String {
        var lines = ["名称：\(p.name)", "标题：\(p.title)", "来源：\(p.source)", "内容哈希：\(p.contentHash)", ""]
        lines.append("分值：预算执行率 \(Shown.number(p.fundsPoints))，产出指标 \(Shown.number(p.categoryPoints[.output])), 效益指标 \(Shown.number(p.categoryPoints[.benefit]))，满意度指标 \(Shown.number(p.categoryPoints[.satisfaction]))")
        lines.append("未给分值时：\(p.split == .category ? "一级指标分值在其三级指标间平均分配" : "全部指标分值在所有三级指标间平均分配")")
        lines.append("缺少一级指标：\(p.missing == .rescale ? "按比例分配到其余一级指标" : "按 0 分计")")
        lines.append("“≤”目标超出：\(p.reverse == .linear ? "w × (2t − a) / t，a ≥ 2t 得 0" : "w × t / a")")
        lines.append("“=”目标：\(p.equal == .oneSided ? "按“≥”单向计分" : "w × max(0, 1 − |a − t| / t)")")
        if case .halfUp(let d) = p.rounding { lines.append("舍入：每项四舍五入到 \(d == 0 ? "整数" : "\(d) 位小数")") }
        for tier in Tier.allCases {
            guard tier != .basic || p.basic != nil else { lines.append("定性“基本达成”：不设此档"); continue }
            let band = p.band(tier)
            lines.append("定性“\(tier.rawValue)”：[\(Decimals.plain(band.low))w, \(Decimals.plain(band.high))w]，默认 \(Decimals.plain(band.defaultFraction))w；接受：\((p.tierWords.words[tier] ?? []).joined(separator: "、"))")
        }
        lines.append("空白的实际完成值：\(p.blanks == .zero ? "按 0 分计（截止日评分）" : "项目为“填报未完成”，不评等级（jixiao score --final 按 0 分计）")")
        let overRule: String
        switch p.overachievement {
        case .none: overRule = "不扣分"
        case .fixed: overRule = "扣 \(Decimals.plain(p.overachievementPoints)) 分"
        case .deviation: overRule = "原因为“目标值设定偏低”时按偏差比例扣分"
        }
        lines.append("超额完成（≥ \(Decimals.plain(p.overachievementRatio)) 倍目标）：须说明原因；\(overRule)")
        lines.append("执行率封顶：" + (p.executionCaps.isEmpty ? "无" : p.executionCaps.map { "低于 \(Shown.percent($0.below)) 最高 \(Decimals.plain($0.cap))" }.joined(separator: "；")))
        lines.append("等级：" + p.grades.map { "≥\(Decimals.plain($0.minimum)) \($0.grade)" }.joined(separator: "，"))
        lines.append("执行率低于 \(Shown.percent(p.reasonRateThreshold)) 须说明原因；分值合计容差 \(Decimals.plain(p.tolerance))")
        return lines.joined(separator: "\n") + "\n"
    }
}
