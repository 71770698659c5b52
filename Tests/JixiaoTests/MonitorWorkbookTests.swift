import Foundation
import JixiaoApp
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoStore
import Testing

/// The fill-in template's 执行进度 sheet: written with the plan shown and cells to fill, read back
/// with the rest of the workbook, recorded with the actuals in one transaction.
@Suite("Template 执行进度 sheet")
struct MonitorWorkbookTests {
    static let seedPath = TestSupport.seedURL.path
    static let city = "13091626P00016110003L"  // 城管综合治理: plan 4.75 / 9.5 / 14.25 at 3 / 6 / 10月底

    func app() async throws -> Application {
        let app = Application(store: try SQLiteStore(), actor: .local(user: "本机"))
        _ = try await app.importTargets(file: Self.seedPath, year: nil)
        return app
    }

    @Test("the template has a 执行进度 sheet: 3 rows per project with the plan, amount cells checked; read back unfilled it adds nothing")
    func templateSheet() async throws {
        let app = try await app()
        let file = try await app.template(year: 2026, profile: .national2020, xlsx: true)
        let url = TestSupport.temporaryDirectory().appendingPathComponent("t.xlsx")
        try file.data.write(to: url)
        let book = try XLSXFile(url: url, fileName: "t.xlsx")
        let names = book.sheets.map(\.name)
        #expect(names.prefix(3) == ["填报说明", "填报数据", "执行进度"])
        #expect(names.last == TemplateMetadata.sheetName)
        let index = try #require(names.firstIndex(of: "执行进度"))
        var rows: [[String]] = []
        try book.forEachRow(ofSheet: index) { _, cells in rows.append(cells.map(\.1)) }
        #expect(rows[0] == ["项目编码", "项目名称", "月份", "计划累计（万元）", "累计支出（万元）", "偏差原因及纠偏措施"])
        #expect(rows.count == 1 + 12 * 3)
        #expect(rows[1].prefix(4) == [Self.city, "城管综合治理", "3月底", "4.75"])
        #expect(rows[3].prefix(4) == [Self.city, "城管综合治理", "10月底", "14.25"])
        let sheetXML = String(decoding: try TestSupport.part("xl/worksheets/sheet3.xml", of: url), as: UTF8.self)
        #expect(sheetXML.contains("sqref=\"E2\""), "the amount cell is checked")
        let instructions = String(decoding: try TestSupport.part("xl/worksheets/sheet1.xml", of: url), as: UTF8.self)
        #expect(instructions.contains("「执行进度」表"))
        let read = try ActualsFileReader.readFile(url: url, displayName: "t.xlsx")
        #expect(read.progress.isEmpty)
        #expect(!read.notes.contains { $0.message.contains("执行进度") })
        #expect(read.metadata?.year == 2026)
    }

    /// A workbook with a flat sheet (one 全年执行数 row) and a 执行进度 sheet of `spending` rows.
    static func workbook(_ spending: [[String]]) throws -> URL {
        typealias C = XLSXWorkbook.Cell
        var book = XLSXWorkbook()
        var flat = XLSXWorkbook.Sheet(name: "填报数据")
        flat.append(ActualsColumns.template.map { C.text($0) })
        flat.append([Self.city, "城管综合治理", "项目资金", "年度资金总额", "全年执行数", "19.00", "18.00", "", "", "", ""].map { C.text($0) })
        book.add(flat)
        var progress = XLSXWorkbook.Sheet(name: "执行进度")
        progress.append(["项目编码", "项目名称", "月份", "计划累计（万元）", "累计支出（万元）", "偏差原因及纠偏措施"].map { C.text($0) })
        for r in spending { progress.append(r.map { C.text($0) }) }
        book.add(progress)
        let url = TestSupport.temporaryDirectory().appendingPathComponent("filled.xlsx")
        try book.data().write(to: url)
        return url
    }

    @Test("a filled workbook: actuals and spending recorded together; a bad spending row refuses both, named by sheet and cell")
    func recordedTogether() async throws {
        let app = try await app()
        let bad = try Self.workbook([[Self.city, "城管综合治理", "3月底", "4.75", "5", ""], [Self.city, "城管综合治理", "6月底", "9.5", "4", "倒退"]])
        do {
            _ = try await app.recordActuals(file: bad.path, year: nil, profile: .national2020)
            Issue.record("a decreasing cumulative amount was accepted")
        } catch let error as InputError {
            #expect(error.description.contains("工作表「执行进度」 单元格 E3"), "\(error)")
            #expect(error.description.contains("逐月减少"))
        }
        #expect(try await app.actualHistory(code: Self.city, year: 2026).changes.isEmpty, "the actuals of the refused file were written")
        #expect(try await app.progressHistory(code: Self.city, year: 2026).changes.isEmpty)
        let good = try Self.workbook([[Self.city, "城管综合治理", "3月底", "4.75", "3.5", "一季度集中采购未完成"], [Self.city, "城管综合治理", "6月底", "9.5", "", ""],
                                      [Self.city, "城管综合治理", "10月底", "14.25", "14", ""]])
        let recorded = try await app.recordActuals(file: good.path, year: nil, profile: .national2020)
        #expect(recorded.outcome.added == 3)
        #expect(try await app.actualHistory(code: Self.city, year: 2026).changes.count == 1)
        let view = try await app.monitor(year: 2026, month: 6, all: false, profile: .national2020)
        let city = try #require(view.departments.first?.projects.first { $0.code == Self.city })
        // No 6月底 row (left blank): 3月底's 3.5 carries; plan 9.5 → 18.42 % against 50 %.
        #expect(city.asOf == 3)
        #expect(city.actual == TestSupport.decimal("3.5"))
        #expect(city.light == .red)
        #expect(city.reason == "一季度集中采购未完成")
    }
}
