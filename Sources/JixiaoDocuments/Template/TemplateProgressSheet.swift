import Foundation
import JixiaoEngine
import JixiaoModel

extension TemplateWorkbook {
    /// The 执行进度 sheet's name.
    public static let progressSheetName = "执行进度"

    /// The plan points a unit reports spending at.
    static let progressMonths = ["3月底", "6月底", "10月底"]

    /// The 执行进度 sheet: for every project, a row per plan point (3月底, 6月底, 10月底) with its plan
    /// shown, the cumulative spending and the reason to fill (unlocked, checked as amounts). Read back by
    /// `record` with the rest of the workbook; a row left blank is not read.
    static func progressSheet(_ template: TemplateRows) -> XLSXWorkbook.Sheet {
        var sheet = XLSXWorkbook.Sheet(name: progressSheetName)
        sheet.columnWidths = [24, 30, 10, 16, 16, 40]
        sheet.frozenRows = 1
        sheet.isProtected = true
        sheet.append(progressHeaders.map { .text($0, .header) })
        var checks = Validations()
        var r = 1
        for d in template.departments {
            for p in d.projects where template.only == nil || p.code == template.only || d.code == template.only {
                for month in progressMonths {
                    r += 1
                    let m = Int(month.dropLast(2))!
                    let plan = Monitor.planned(p.plan, month: m)
                    sheet.append([.text(p.code), .text(p.name), .text(month), plan.map { .amount(Decimals.round($0, scale: 2)) } ?? .text("—"),
                                  .text("", .fill), .text("", .fill)])
                    let amount = XLSXReference.name(row: r, column: 5)
                    checks.add(amount, self.amount("\(month)累计支出", at: amount))
                    checks.add(XLSXReference.name(row: r, column: 6), progressReason)
                }
            }
        }
        sheet.validations = checks.all
        return sheet
    }

    /// The sheet's columns: 计划累计 is shown, not read.
    static let progressHeaders = ["项目编码", "项目名称", "月份", "计划累计（万元）", "累计支出（万元）", "偏差原因及纠偏措施"]

    static let progressReason = XLSXWorkbook.DataValidation(
        cells: [], kind: .none, promptTitle: "偏差原因及纠偏措施",
        prompt: "执行进度落后支出计划时填写：原因（如政府采购延后、工程款按进度结算）和纠偏措施。")
}
