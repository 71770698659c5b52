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
            for source in p.funds.sources {
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
                var sheet = XLSXWorkbook.Sheet(name: "部门整体")
                sheet.columnWidths = [8, 26, 40, 14, 10, 10, 8]
                sheet.append([.text("\(d.department.name) 部门整体绩效自评（\(report.year)年度）", .title)] + Array(repeating: C.empty(.plain), count: 6))
                sheet.merge(1, 1, 1, 7)
                sheet.append([.text("部门整体自评得分", .label), .empty(), d.ownScore.map { .number($0) } ?? .text("—"), .text(d.ownGrade ?? "—"), .empty(), .empty(), .empty()])
                sheet.merge(2, 1, 2, 2)
                sheet.append([.text("项目加权平均分", .label), .empty(), d.weightedProjectScore.map { .number($0) } ?? .text("—"), .text(d.weightedGrade ?? "—"), .empty(), .empty(), .empty()])
                sheet.merge(3, 1, 3, 2)
                sheet.append([.text("部门预算执行率", .label), .empty(), .text(Shown.percent(d.executionRate, missing: ""), .number), .empty(), .empty(), .empty(), .empty()])
                sheet.merge(4, 1, 4, 2)
                sheet.append([.text("等级分布", .label), .empty(), .text(d.gradeCounts.map { "\($0.0) \($0.1)" }.joined(separator: "，")), .empty(), .empty(), .empty(), .empty()])
                sheet.merge(5, 1, 5, 2)
                sheet.append(["序号", "项目编码", "项目名称", "全年预算数", "执行率", "总分", "等级"].map { C.text($0, .header) })
                for (i, p) in d.projects.enumerated() {
                    let graded = p.status == .graded
                    sheet.append([.number(Decimal(i + 1)), .text(p.project.code), .text(p.project.name), .number(p.funds.budget),
                                  .text(graded ? Shown.percent(p.funds.rate, missing: "") : "—", .number), graded ? .number(p.total) : .text("—"), .text(p.grade)])
                }
                book.add(sheet)
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
                    issues.append([.text(f.severity.label), .text(f.code), .text(EvaluationReport.ownerName(f.ownerCode, in: d)), .text(f.indicator ?? ""), .text(f.message)])
                }
            }
            book.add(issues)
        }
        return try book.data()
    }
}
