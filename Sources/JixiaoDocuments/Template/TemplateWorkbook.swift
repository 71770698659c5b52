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

    /// Reads the flat sheet of an actuals workbook (the program's own, or any workbook with a
    /// sheet whose header row has the template's columns).
    public static func readActuals(data: Data, fileName: String) throws -> [ActualEntry] {
        let sheets = try XLSXReader.read(data: data, fileName: fileName)
        for sheet in sheets {
            for r in 1...max(1, min(sheet.maxRow, 20)) {
                let header = sheet.row(r)
                guard header.contains(where: { ActualsColumns.column(for: $0) == ActualsColumns.actual }),
                      header.contains(where: { ActualsColumns.column(for: $0) == ActualsColumns.code }) else { continue }
                // Only the header's columns are read: a stray value far to the right would otherwise
                // widen every row.
                let width = (header.lastIndex { !$0.isEmpty } ?? 0) + 1
                let actualColumn = (header.firstIndex { ActualsColumns.column(for: $0) == ActualsColumns.actual } ?? 0) + 1
                // Rows that hold a cell, in order (blank rows are skipped by the reader anyway).
                let rows = sheet.cells.keys.filter { $0 > r }.sorted().map { row in
                    (fields: sheet.row(row, width: width), location: sheet.location(file: fileName, row: row, column: actualColumn))
                }
                return try ActualsTableReader.entries(header: header, rows: rows, headerLocation: sheet.location(file: fileName, row: r, column: 1))
            }
        }
        throw InputError(at: SourceLocation(file: fileName), "工作簿中没有填报数据表：应有一张表的表头含“\(ActualsColumns.all.joined(separator: "、"))”。请用 jixiao template --out 文件.xlsx 生成填报表。")
    }
}
