import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel

/// The graded report as text (a terminal or a plain file) and as markdown.
public enum ReportText {

    /// The whole report. `progress(done, total)` is called once per project form.
    public static func render(_ report: EvaluationReport, markdown: Bool, progress: ((Int, Int) -> Void)? = nil) -> String {
        var out = ""
        let all = report.projects
        if report.onlyProject == nil {
            for d in report.departments { out += department(d, report: report, markdown: markdown) }
        }
        for (i, (d, p)) in all.enumerated() {
            out += markdown ? formMarkdown(report.form(d, p)) : formText(report.form(d, p))
            out += "\n"
            progress?(i + 1, all.count)
        }
        return out
    }

    static func heading(_ text: String, level: Int, markdown: Bool) -> String {
        markdown ? String(repeating: "#", count: level) + " " + Markdown.text(text) + "\n\n" : text + "\n" + String(repeating: level == 1 ? "═" : "─", count: DisplayWidth.of(text)) + "\n"
    }

    /// User-provided text on a line of the report: escaped in markdown, as it is in text.
    static func shown(_ text: String, markdown: Bool) -> String { markdown ? Markdown.text(text) : text }

    static func table(_ headers: [String], _ rows: [[String]], right: Set<Int> = [], markdown: Bool, width: Int = 40) -> String {
        if markdown { return Markdown.table(headers, rows, rightAligned: right) + "\n" }
        var t = TextTable(headers: headers, alignments: headers.indices.map { right.contains($0) ? .right : .left }, maxCellWidth: width)
        rows.forEach { t.append($0) }
        return t.render() + "\n"
    }

    /// The department part: both figures, execution against the plan, projects, grades, findings.
    static func department(_ d: DepartmentResult, report: EvaluationReport, markdown: Bool) -> String {
        let dept = d.department
        var out = heading("\(dept.name) 部门整体绩效自评报告（\(report.year)年度）", level: 1, markdown: markdown)
        let e = { (s: String) in shown(s, markdown: markdown) }
        out += "单位编码：\(e(dept.code))　评分规则：\(e(report.profile.name))（\(e(report.profile.title))）\n\n"
        if report.profile.blanks == .zero { out += "截止日评分：空白的实际完成值和全年执行数按 0 分计。\n\n" }
        let incomplete = d.projects.filter { $0.status == .incomplete }
        if !incomplete.isEmpty {
            out += "填报未完成 \(incomplete.count) 个项目（不评等级）：" + incomplete.map { "\(e($0.project.name))（缺 \(e($0.missing.joined(separator: "、")))）" }.joined(separator: "；") + "\n\n"
        }
        out += heading("一、总体得分", level: 2, markdown: markdown)
        let graded = d.projects.filter { $0.status == .graded }
        out += table(["项目", "得分", "等级", "说明"], [
            ["部门整体自评得分", Shown.number(d.ownScore), d.ownGrade ?? "—", d.ownScore == nil ? "部门整体指标未填实际完成值" : "部门预算执行率 \(Shown.number(d.ownFunds.score)) 分 + 部门整体指标 \(Shown.number((d.ownScore ?? 0) - d.ownFunds.score)) 分"],
            ["项目加权平均分", Shown.number(d.weightedProjectScore), d.weightedGrade ?? "—", "按全年预算数加权，\(graded.count) 个已评价项目"],
        ], right: [1], markdown: markdown, width: 60)
        out += heading("二、预算执行", level: 2, markdown: markdown)
        let executed = d.projects.compactMap(\.funds.executed).reduce(0, +)
        let budget = d.projects.filter { $0.funds.executed != nil }.reduce(Decimal(0)) { $0 + $1.funds.budget }
        out += "部门预算执行率 \(Shown.percent(d.executionRate))：全年执行 \(Shown.number(executed)) 万元 / 全年预算 \(Shown.number(budget)) 万元。\n\n"
        let plan = EvaluationReport.plan(d)
        if !plan.isEmpty {
            var rows = plan.map { p in ["\(p.month)月底", Shown.number(p.planned), Shown.percent(dept.totalBudget > 0 ? p.planned / dept.totalBudget : nil), ""] }
            if let last = rows.indices.last { rows[last][3] = Shown.number(executed) }
            out += table(["时点", "计划累计支出（万元）", "计划进度", "实际累计支出（万元）"], rows, right: [1, 2, 3], markdown: markdown)
        }
        out += heading("三、项目得分", level: 2, markdown: markdown)
        out += table(["序号", "项目编码", "项目名称", "全年预算数", "执行率", "总分", "等级"], d.projects.enumerated().map { i, p in
            [String(i + 1), p.project.code, p.project.name, Shown.number(p.funds.budget), p.status == .graded ? Shown.percent(p.funds.rate) : "—",
             p.status == .graded ? Shown.number(p.total) : "—", p.grade]
        }, right: [3, 4, 5], markdown: markdown, width: 48)
        out += heading("四、等级分布", level: 2, markdown: markdown)
        out += d.gradeCounts.map { "\(e($0.0)) \($0.1) 个" }.joined(separator: "，") + "\n\n"
        if !d.ownIndicators.isEmpty {
            out += heading("五、部门整体指标", level: 2, markdown: markdown)
            out += table(["指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"], d.ownIndicators.map { r in
                [r.indicator.level3, r.indicator.target.raw, r.actualRaw ?? "", Shown.number(r.weight), Shown.number(r.score), EvaluationReport.reason(r, profile: report.profile)]
            }, right: [3, 4], markdown: markdown, width: 36)
        }
        out += heading("\(d.ownIndicators.isEmpty ? "五" : "六")、问题与改进", level: 2, markdown: markdown)
        let findings = EvaluationReport.findings(d)
        if findings.isEmpty { out += "未发现问题。\n\n" }
        for severity in Severity.allCases {
            let group = findings.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            out += (markdown ? "**\(severity.label)（\(group.count)）**\n\n" : "【\(severity.label)】\(group.count) 项\n")
            for f in group {
                let subject = EvaluationReport.ownerName(f.ownerCode, in: d) + (f.indicator.map { " / \($0)" } ?? "")
                out += (markdown ? "- " : "  · ") + "[\(f.code) \(Finding.titles[f.code] ?? "")] \(e(subject))：\(e(f.message))\n"
            }
            out += "\n"
        }
        return out
    }

    /// One 自评表 as text.
    public static func formText(_ f: SelfEvaluationForm) -> String {
        var out = heading(f.title, level: 2, markdown: false)
        out += "项目名称：\(f.projectName)（\(f.projectCode)）\n主管部门：\(f.department)　实施单位：\(f.implementer)\n\n"
        out += fundsTable(f, markdown: false)
        out += "年度总体目标\n  预期目标：\(f.goalExpected.replacingOccurrences(of: "\n", with: "；"))\n  实际完成情况：\(f.goalActual.isEmpty ? "—" : f.goalActual)\n\n"
        out += indicatorTable(f, markdown: false)
        out += "总分 100　得分 \(f.total)　评价等级 \(f.grade)\n"
        return out
    }

    /// One 自评表 as markdown.
    public static func formMarkdown(_ f: SelfEvaluationForm) -> String {
        let e = { (s: String) in Markdown.text(s) }
        var out = "## \(e(f.title))：\(e(f.projectName))\n\n"
        out += "项目编码：\(e(f.projectCode))　主管部门：\(e(f.department))　实施单位：\(e(f.implementer))\n\n"
        out += fundsTable(f, markdown: true)
        out += Markdown.table(["年度总体目标", "内容"], [["预期目标", f.goalExpected], ["实际完成情况", f.goalActual]]) + "\n"
        out += indicatorTable(f, markdown: true)
        out += "**总分**：\(e(f.total))（满分 100）　**评价等级**：\(e(f.grade))\n\n"
        return out
    }

    static func fundsTable(_ f: SelfEvaluationForm, markdown: Bool) -> String {
        let lines = [f.funds] + f.fundsDetail
        // The funds' 偏差原因 (issue 15) as a column where any line has one.
        let reasons = lines.contains { !$0.reason.isEmpty }
        return table(["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"] + (reasons ? ["偏差原因分析"] : []),
                     lines.map { [$0.label, $0.initialBudget, $0.fullBudget, $0.executed, $0.points, $0.rate, $0.score] + (reasons ? [$0.reason] : []) },
                     right: [1, 2, 3, 4, 5, 6], markdown: markdown, width: 30)
    }

    static func indicatorTable(_ f: SelfEvaluationForm, markdown: Bool) -> String {
        table(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
              f.indicators.map { [$0.level1, $0.level2, $0.level3, $0.target, $0.actual, $0.points, $0.score, $0.reason] },
              right: [5, 6], markdown: markdown, width: 30)
    }
}
