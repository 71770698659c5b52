import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel

/// The graded report as a Word document in the official layout.
public enum ReportDOCX {
    typealias Cell = DOCXDocument.Cell

    public static func data(_ report: EvaluationReport, progress: ((Int, Int) -> Void)? = nil) throws -> Data {
        var doc = DOCXDocument()
        if report.onlyProject == nil {
            for d in report.departments { department(d, report: report, into: &doc) }
        }
        let all = report.projects
        for (i, (d, p)) in all.enumerated() {
            if report.onlyProject == nil || i > 0 { doc.pageBreak() }
            form(report.form(d, p), into: &doc)
            progress?(i + 1, all.count)
        }
        return try doc.data()
    }

    static func department(_ d: DepartmentResult, report: EvaluationReport, into doc: inout DOCXDocument) {
        doc.title("\(d.department.name) 部门整体绩效自评报告（\(report.year)年度）")
        doc.paragraph("单位编码：\(d.department.code)　评分规则：\(report.profile.name)（\(report.profile.title)）")
        doc.heading("一、总体得分")
        var figures = DOCXDocument.Table(widths: [3200, 1600, 1200, 8000])
        figures.rows.append([.header("项目"), .header("得分"), .header("等级"), .header("说明")])
        figures.rows.append([.label("部门整体自评得分"), .number(Shown.number(d.ownScore)), Cell(d.ownGrade ?? "—"), Cell("部门预算执行率 + 部门整体指标")])
        figures.rows.append([.label("项目加权平均分"), .number(Shown.number(d.weightedProjectScore)), Cell(d.weightedGrade ?? "—"), Cell("按全年预算数加权")])
        figures.rows.append([.label("部门预算执行率"), .number(Shown.percent(d.executionRate, missing: "")), Cell(""), Cell("等级分布：" + d.gradeCounts.map { "\($0.0) \($0.1)" }.joined(separator: "，"))])
        doc.table(figures)
        doc.heading("二、项目得分")
        var projects = DOCXDocument.Table(widths: [700, 3300, 5000, 1700, 1300, 1300, 1000])
        projects.rows.append(["序号", "项目编码", "项目名称", "全年预算数", "执行率", "总分", "等级"].map { Cell.header($0) })
        for (i, p) in d.projects.enumerated() {
            let graded = p.status == .graded
            projects.rows.append([.number(String(i + 1)), Cell(p.project.code), Cell(p.project.name), .number(Shown.number(p.funds.budget)),
                                  .number(graded ? Shown.percent(p.funds.rate, missing: "") : "—"), .number(graded ? Shown.number(p.total) : "—"), Cell(p.grade)])
        }
        doc.table(projects)
        doc.heading("三、问题与改进")
        var issues = DOCXDocument.Table(widths: [1100, 1900, 3600, 7700])
        issues.rows.append(["严重程度", "代码", "项目 / 指标", "问题与改进建议"].map { Cell.header($0) })
        for f in EvaluationReport.findings(d) {
            issues.rows.append([Cell(f.severity.label), Cell("\(f.code) \(Finding.titles[f.code] ?? "")"),
                                Cell(EvaluationReport.ownerName(f.ownerCode, in: d) + (f.indicator.map { " / \($0)" } ?? "")), Cell(f.message)])
        }
        doc.table(issues)
    }

    /// One 自评表: nine columns, as printed.
    static func form(_ f: SelfEvaluationForm, into doc: inout DOCXDocument) {
        doc.title(f.title)
        var t = DOCXDocument.Table(widths: [1300, 1500, 1800, 2300, 1500, 1700, 900, 900, 2900])
        t.rows.append([.label("项目名称"), Cell(f.projectName, span: 5), .label("项目编码"), Cell(f.projectCode, span: 2)])
        t.rows.append([.label("主管部门"), Cell(f.department, span: 3), .label("实施单位"), Cell(f.implementer, span: 4)])
        t.rows.append([.label("项目资金（万元）", vMerge: .restart), .header(""), .header("年初预算数"), .header("全年预算数"), .header("全年执行数"),
                       .header("分值"), .header("执行率"), .header("得分"), .header("偏差原因分析")])
        for line in [f.funds] + f.fundsDetail {
            t.rows.append([.merged(), Cell(line.label), .number(line.initialBudget), .number(line.fullBudget), .number(line.executed),
                           .number(line.points), .number(line.rate), .number(line.score), Cell(line.reason)])
        }
        t.rows.append([.label("年度总体目标", vMerge: .restart), .header("预期目标", span: 4), .header("实际完成情况", span: 4)])
        t.rows.append([.merged(), Cell(f.goalExpected, span: 4), Cell(f.goalActual, span: 4)])
        t.rows.append([.label("绩效指标", vMerge: .restart), .header("一级指标"), .header("二级指标"), .header("三级指标"), .header("年度指标值"),
                       .header("实际完成值"), .header("分值"), .header("得分"), .header("偏差原因分析及改进措施")])
        for l in f.indicators {
            t.rows.append([.merged(), Cell(l.level1), Cell(l.level2), Cell(l.level3), Cell(l.target), Cell(l.actual), .number(l.points), .number(l.score), Cell(l.reason)])
        }
        t.rows.append([.label("总分"), .number("100"), .number(f.total, span: 3), .label("评价等级"), Cell(f.grade, span: 3)])
        doc.table(t)
    }
}
