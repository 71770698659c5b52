import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel

/// The graded report as spreadsheet data: csv rows in the template's columns with 得分 filled,
/// and an .xlsx workbook in the official layout.
public enum ReportSheets {

    /// Flat rows: the template's columns, 得分 filled, a 总分 row closing each table.
    public static func rows(_ report: EvaluationReport) -> [[String]] {
        var rows: [[String]] = []
        for (d, p) in report.projects {
            let code = p.project.code, name = p.project.name
            let graded = p.status == .graded
            rows.append([code, name, SpecialRow.funds, SpecialRow.fundsLevel2, SpecialRow.budget, Shown.number(p.funds.initialBudget, missing: ""), Shown.number(p.funds.budget, missing: ""), "", "", ""])
            rows.append([code, name, SpecialRow.funds, SpecialRow.fundsLevel2, SpecialRow.executed, Shown.number(p.funds.budget, missing: ""), Shown.number(p.funds.executed, missing: ""),
                         Shown.number(p.funds.weight, missing: ""), graded ? Shown.number(p.funds.score, missing: "") : "", graded ? EvaluationReport.fundsReason(p.funds, profile: report.profile) : ""])
            for source in p.funds.sourceLines {
                rows.append([code, name, SpecialRow.funds, source.name, SpecialRow.budget, "", Shown.number(source.budget, missing: ""), "", "", ""])
                rows.append([code, name, SpecialRow.funds, source.name, SpecialRow.executed, "", Shown.number(source.executed, missing: ""), "", "", source.reason])
            }
            rows.append([code, name, SpecialRow.goal, "", "", p.project.goal, p.goalActual, "", "", ""])
            let form = report.form(d, p)
            for line in form.indicators {
                rows.append([code, name, line.level1, line.level2, line.level3, line.target, line.actual, line.points, line.score, line.reason])
            }
            rows.append([code, name, SpecialRow.total, "", "", "", "", "100", graded ? Shown.number(p.total, missing: "") : "", p.grade])
        }
        if report.onlyProject == nil {
            for d in report.departments where !d.ownIndicators.isEmpty {
                let code = d.department.code, name = d.department.name
                // The department's execution, summed over its projects (10 points of its own table).
                rows.append([code, name, SpecialRow.funds, SpecialRow.fundsLevel2, SpecialRow.budget, Shown.number(d.ownFunds.initialBudget, missing: ""), Shown.number(d.ownFunds.budget, missing: ""), "", "", ""])
                rows.append([code, name, SpecialRow.funds, SpecialRow.fundsLevel2, SpecialRow.executed, Shown.number(d.ownFunds.budget, missing: ""), Shown.number(d.ownFunds.executed, missing: ""),
                             Shown.number(d.ownFunds.weight, missing: ""), Shown.number(d.ownFunds.score, missing: ""), "各项目合计"])
                for r in d.ownIndicators {
                    rows.append([code, name, r.indicator.level1, r.indicator.level2, r.indicator.level3, r.indicator.target.raw, r.actualRaw ?? "",
                                 Shown.number(r.weight, missing: ""), Shown.number(r.score, missing: ""), EvaluationReport.reason(r, profile: report.profile)])
                }
                rows.append([code, name, SpecialRow.total, "", "", "", "", "100", Shown.number(d.ownScore, missing: ""), d.ownGrade ?? ""])
            }
        }
        return rows
    }

    public static func csv(_ report: EvaluationReport) -> String {
        var w = CSVWriter()
        w.row(ActualsColumns.all)
        rows(report).forEach { w.row($0) }
        return "\u{FEFF}" + w.text
    }

    /// The workbook: a summary sheet per department, one 自评表 sheet per project, a findings sheet.
    public static func xlsx(_ report: EvaluationReport, progress: ((Int, Int) -> Void)? = nil) throws -> Data {
        var book = XLSXWorkbook()
        typealias C = XLSXWorkbook.Cell
        if report.onlyProject == nil {
            for d in report.departments {
                book.add(DepartmentReport(d, report: report).sheet(name: report.departments.count > 1 ? "\(d.department.code)部门整体" : "部门整体"))
            }
        }
        let all = report.projects
        for (i, (d, p)) in all.enumerated() {
            book.add(report.form(d, p).sheet(name: p.project.name, fillable: false))
            progress?(i + 1, all.count)
        }
        if report.onlyProject == nil {
            var issues = XLSXWorkbook.Sheet(name: "问题与改进")
            issues.columnWidths = [8, 8, 26, 24, 70]
            issues.frozenRows = 1
            issues.append(["严重程度", "代码", "项目", "指标", "问题与改进建议"].map { C.text($0, .header) })
            for d in report.departments {
                for f in EvaluationReport.findings(d) {
                    issues.append([.text(f.severity.label), .text(f.code.rawValue), .text(EvaluationReport.ownerName(f.ownerCode, in: d)), .text(f.indicator ?? ""), .text(f.message)])
                }
            }
            book.add(issues)
        }
        return try book.data()
    }
}
