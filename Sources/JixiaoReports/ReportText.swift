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

    /// A line of text wrapped to the terminal's width (as it is when there is none).
    static func fit(_ text: String) -> String {
        let width = TextTable.terminalWidth
        guard width > 0, DisplayWidth.of(text) > width else { return text }
        return TextTable.wrap(text, width: width).joined(separator: "\n")
    }

    /// User-provided text on a line of the report: escaped in markdown, as it is in text.
    static func shown(_ text: String, markdown: Bool) -> String { markdown ? Markdown.text(text) : text }

    static func table(_ headers: [String], _ rows: [[String]], right: Set<Int> = [], markdown: Bool, width: Int = 40, wrapColumn: Int? = nil) -> String {
        if markdown { return Markdown.table(headers, rows, rightAligned: right) + "\n" }
        var t = TextTable(headers: headers, alignments: headers.indices.map { right.contains($0) ? .right : .left }, maxCellWidth: width)
        t.wrapColumn = wrapColumn
        rows.forEach { t.append($0) }
        return t.render() + "\n"
    }

    /// The department part (DepartmentReport): both figures, execution against the plan and by
    /// source, projects, grades, the department's own table, 复核, the bureau's comments, findings.
    static func department(_ d: DepartmentResult, report: EvaluationReport, markdown: Bool) -> String {
        DepartmentReport(d, report: report).text(markdown: markdown)
    }

    /// One 自评表 as text.
    public static func formText(_ f: SelfEvaluationForm) -> String {
        var out = heading(f.title, level: 2, markdown: false)
        out += fit("项目名称：\(f.projectName)（\(f.projectCode)）") + "\n"
        let units = "主管部门：\(f.department)　实施单位：\(f.implementer)"
        out += (TextTable.terminalWidth > 0 && DisplayWidth.of(units) > TextTable.terminalWidth ? fit("主管部门：\(f.department)") + "\n" + fit("实施单位：\(f.implementer)") : units) + "\n\n"
        out += fundsTable(f, markdown: false)
        out += "年度总体目标\n" + fit("  预期目标：\(f.goalExpected.replacingOccurrences(of: "\n", with: "；"))") + "\n" + fit("  实际完成情况：\(f.goalActual.isEmpty ? "—" : f.goalActual)") + "\n\n"
        out += indicatorTable(f, markdown: false)
        out += "总分 100　得分 \(f.total)　评价等级 \(f.grade)\n"
        if let review = f.review {
            out += "\n" + review.summary + "\n"
            out += table(SelfEvaluationForm.Review.headers, review.rows, right: [1, 2, 3, 4], markdown: false, wrapColumn: 5)
        }
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
        if let review = f.review {
            out += "**\(e(review.summary))**\n\n"
            out += table(SelfEvaluationForm.Review.headers, review.rows, right: [1, 2, 3, 4], markdown: true)
        }
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
              right: [5, 6], markdown: markdown, width: 30, wrapColumn: 7)
    }
}
