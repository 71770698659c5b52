import Foundation
import JixiaoEngine
import JixiaoModel

/// The fill-in template as .xlsx: one flat sheet (the csv's columns, read back by `record`) and one
/// sheet per project in the official 自评表 layout with the cells to fill shaded.
public enum TemplateWorkbook {
    /// The flat sheet's name.
    public static let flatSheetName = "填报数据"

    public static func make(_ template: TemplateRows) throws -> Data {
        var workbook = XLSXWorkbook()
        var flat = XLSXWorkbook.Sheet(name: flatSheetName)
        flat.columnWidths = [24, 28, 12, 16, 24, 16, 16, 8, 8, 36]
        flat.frozenRows = 1
        flat.append(ActualsColumns.all.map { .text($0, .header) })
        let fillColumns: Set<Int> = [6, 7, 8, 9]  // 实际完成值, 分值, 得分, 偏差原因 (0-based)
        for row in template.rows() {
            flat.append(row.enumerated().map { i, value in
                let style: XLSXWorkbook.Style = fillColumns.contains(i) ? .fill : .cell
                if i == 7, let d = Decimals.parse(value) { return .number(d, .fillNumber) }
                return .text(value, style)
            })
        }
        workbook.add(flat)
        for form in forms(template) {
            workbook.add(form.sheet(name: form.projectName, fillable: true))
        }
        return try workbook.data()
    }

    /// The blank 自评表 of every project in the template.
    static func forms(_ template: TemplateRows) -> [SelfEvaluationForm] {
        var forms: [SelfEvaluationForm] = []
        for d in template.departments {
            for p in d.projects where template.only == nil || template.only == p.code {
                let allocation = PointsAllocation.allocate(p.indicators, profile: template.profile)
                let money = Decimals.fixed(p.budget, 2)
                let stored = { (key: IndicatorKey) in template.actual(key) }
                let funds = SelfEvaluationForm.FundsLine(
                    label: "年度资金总额", initialBudget: money,
                    fullBudget: stored(IndicatorKey.funds(p.code, SpecialRow.budget))?.value ?? money,
                    executed: stored(IndicatorKey.funds(p.code, SpecialRow.executed))?.value ?? "",
                    points: TemplateRows.points(allocation.funds), rate: "", score: "")
                let detail = [
                    SelfEvaluationForm.FundsLine(label: "其中：当年财政拨款", initialBudget: p.fiscalFunds.map { Decimals.fixed($0, 2) } ?? "", fullBudget: "", executed: "", points: "—", rate: "—", score: "—"),
                    SelfEvaluationForm.FundsLine(label: "上年结转资金", initialBudget: "", fullBudget: "", executed: "", points: "—", rate: "—", score: "—"),
                    SelfEvaluationForm.FundsLine(label: "其他资金", initialBudget: p.otherFunds.map { Decimals.fixed($0, 2) } ?? "", fullBudget: "", executed: "", points: "—", rate: "—", score: "—"),
                ]
                let lines = p.indicators.enumerated().map { i, indicator in
                    let s = stored(IndicatorKey(ownerCode: p.code, indicator: indicator))
                    return SelfEvaluationForm.IndicatorLine(
                        level1: indicator.level1, level2: indicator.level2, level3: indicator.level3, target: indicator.target.raw,
                        actual: s?.value ?? "", points: TemplateRows.points(allocation.indicators[i]), score: "", reason: s?.reason ?? "")
                }
                forms.append(SelfEvaluationForm(
                    year: d.year, projectName: p.name, projectCode: p.code, department: d.name, implementer: d.name, funds: funds,
                    fundsDetail: detail, goalExpected: p.goal, goalActual: stored(IndicatorKey.goal(p.code))?.value ?? "",
                    indicators: lines, total: "", grade: ""))
            }
        }
        return forms
    }

    /// Reads the flat sheet of an actuals workbook (see `ActualsTableReader.readXLSX`).
    public static func readActuals(data: Data, fileName: String) throws -> [ActualEntry] {
        try ActualsTableReader.readXLSX(XLSXFile(data: data, fileName: fileName))
    }
}
