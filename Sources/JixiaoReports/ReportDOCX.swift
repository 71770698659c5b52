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
        DepartmentReport(d, report: report).docx(into: &doc)
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
        if let review = f.review {
            doc.paragraph(review.summary)
            var r = DOCXDocument.Table(widths: [3000, 1200, 1400, 1400, 1200, 6600])
            r.rows.append(SelfEvaluationForm.Review.headers.map { Cell.header($0) })
            for row in review.rows { r.rows.append(row.enumerated().map { i, c in (1...4).contains(i) ? .number(c) : Cell(c) }) }
            doc.table(r)
        }
    }
}
