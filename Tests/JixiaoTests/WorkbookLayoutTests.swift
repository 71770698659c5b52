import Foundation
@testable import JixiaoDocuments
import JixiaoModel
import Testing

/// Workbooks with one project per sheet (issue 13), beside the stacked layout of `StreamingTests`.
/// The fixtures are made by `Fixtures/make/per_sheet_targets.py` from the seed's 12 tables.
@Suite("One project per sheet")
struct WorkbookLayoutTests {
    func read(_ name: String) throws -> TargetDocument {
        try TargetFileReader.read(url: TargetFormatsTests.fixtures.appendingPathComponent(name), displayName: name, year: nil)
    }

    @Test("each variant imports to the seed text's content hash",
          arguments: ["per-sheet-title-every.xlsx", "per-sheet-title-first.xlsx", "per-sheet-notes-hidden.xlsx", "per-sheet-level1-every-row.xlsx"])
    func sameContent(name: String) throws {
        let seed = try TestSupport.readSeed().department
        let d = try read(name).department
        #expect(TargetsJSON.contentHash(d) == TargetsJSON.contentHash(seed))
        #expect(TargetsJSON.department(d) == TargetsJSON.department(seed))
        #expect(d.projects.map(\.name) == seed.projects.map(\.name))
        // Locations name the project's own sheet.
        #expect(d.projects[1].indicators[0].source?.sheet == "2.危化品停车场费用")
    }

    @Test("the issue's workbook (no 部门整体 sheet, the unit's title on every sheet): the same tables, no 22 errors")
    func noPreamble() throws {
        var seed = try TestSupport.readSeed().department
        seed.goalText = ""
        seed.goals = []
        let d = try read("per-sheet-no-preamble.xlsx").department
        #expect(TargetsJSON.contentHash(d) == TargetsJSON.contentHash(seed))
        #expect(d.code == "342001")
        #expect(d.name == "沧州临港经济技术开发区综合行政执法局本级")
    }

    @Test("the 说明 sheet, the hidden sheet and the sheet of remarks are left out, each with a note")
    func skippedSheets() throws {
        let notes = try read("per-sheet-notes-hidden.xlsx").notes
        #expect(notes.count == 3)
        #expect(notes.allSatisfy { $0.severity == .note })
        #expect(notes[0].message == "工作表「说明」是说明页，未读取。")
        #expect(notes[1].message == "工作表「旧版1.城管综合治理」是隐藏工作表，未读取。")
        #expect(notes[2].location?.sheet == "填报要求")
        #expect(notes[2].message.contains("不是绩效目标表"))
        // Read, the hidden sheet's old copy would be a second table with the same code.
        #expect(TargetLayoutSources.isNotesSheet("附：填表说明"))
        #expect(TargetLayoutSources.isNotesSheet("1.说明"))
        #expect(!TargetLayoutSources.isNotesSheet("部门整体绩效目标说明"))
    }

    /// Rows of the seed.xlsx sheets as texts, to rebuild workbooks in other shapes.
    static func seedSheets() throws -> [XLSXSheetData] {
        try XLSXReader.read(data: Data(contentsOf: TargetFormatsTests.fixtures.appendingPathComponent("seed.xlsx")), fileName: "seed.xlsx")
    }

    @Test("a table split over two sheets, the header repeated on the second, reads as one table")
    func tableAcrossSheets() throws {
        let seed = try Self.seedSheets()
        var book = XLSXWorkbook()
        var preamble = XLSXWorkbook.Sheet(name: seed[0].name)
        for r in 1...seed[0].maxRow { preamble.append(seed[0].row(r).map { .text($0) }) }
        book.add(preamble)
        // 东区雨水管网… has eight indicators (rows 10–17): rows 1–13 on one sheet, the rest on the next.
        let east = seed[3]
        var first = XLSXWorkbook.Sheet(name: "项目1")
        var second = XLSXWorkbook.Sheet(name: "项目2")
        for r in 1...13 { first.append(east.row(r, width: 6).map { .text($0) }) }
        second.append(east.row(9, width: 6).map { .text($0) })  // the header again
        for r in 14...east.maxRow { second.append(east.row(r, width: 6).map { .text($0) }) }
        book.add(first)
        book.add(second)
        let url = TestSupport.temporaryDirectory().appendingPathComponent("split.xlsx")
        try book.data().write(to: url)
        let d = try TargetFileReader.read(url: url, displayName: "split.xlsx", year: nil).department
        let original = try TestSupport.readSeed().department.projects[2]
        #expect(d.projects.count == 1)
        #expect(d.projects.first.map(TargetsJSON.project) == TargetsJSON.project(original))
        #expect(d.projects.first?.indicators.last?.source?.sheet == "项目2")
    }

    @Test("a table whose head is on one sheet and its indicators on the next reads as one table")
    func headOnItsOwnSheet() throws {
        let table = try Self.seedSheets()[1]
        var book = XLSXWorkbook()
        var head = XLSXWorkbook.Sheet(name: "表头")
        var rows = XLSXWorkbook.Sheet(name: "指标")
        for r in 1...8 { head.append(table.row(r, width: 6).map { .text($0) }) }
        for r in 9...table.maxRow { rows.append(table.row(r, width: 6).map { .text($0) }) }
        book.add(head)
        book.add(rows)
        let url = TestSupport.temporaryDirectory().appendingPathComponent("head.xlsx")
        try book.data().write(to: url)
        let d = try TargetFileReader.read(url: url, displayName: "head.xlsx", year: nil).department
        #expect(d.projects.map(TargetsJSON.project) == [TargetsJSON.project(try TestSupport.readSeed().department.projects[0])])
    }

    @Test("an xlsx row with its last cells blank (no 指标值确定依据) is read with blanks, not refused")
    func shortRows() throws {
        let seed = try Self.seedSheets()
        var book = XLSXWorkbook()
        var sheet = XLSXWorkbook.Sheet(name: "1.城管综合治理")
        let table = seed[1]
        for r in 1...table.maxRow {
            var row = table.row(r, width: 6)
            if r == 11 { row[5] = "" }  // 运行保障成本 without a basis
            sheet.append(row.map { .text($0) })
        }
        book.add(sheet)
        let url = TestSupport.temporaryDirectory().appendingPathComponent("short.xlsx")
        try book.data().write(to: url)
        let p = try #require(try TargetFileReader.read(url: url, displayName: "short.xlsx", year: nil).department.projects.first)
        #expect(p.indicators.count == 5)
        #expect(p.indicators[1].level3 == "运行保障成本")
        #expect(p.indicators[1].basis == "")
    }

    @Test("text after the tables is not the 部门整体 part; that part placed after them still is")
    func textAfterTables() throws {
        let seed = try TestSupport.readSeed().department
        let noted = try TextLayoutReader(fileName: "t.txt").read(text: TestSupport.seedText + "\n填报说明\n注：完成率达到80%以上的指标须附测算依据。\n").department
        #expect(TargetsJSON.department(noted) == TargetsJSON.department(seed))  // once a seventh goal, 完成率 ≥80%
        // The same document with the 部门整体 part (lines 1–31) moved to the end.
        let lines = TestSupport.seedText.components(separatedBy: "\n")
        let moved = try TextLayoutReader(fileName: "t.txt").read(text: (lines[31...] + lines[..<31]).joined(separator: "\n")).department
        #expect(moved.goals.map(\.level3) == seed.goals.map(\.level3))
        #expect(moved.goalText == seed.goalText)
    }

    @Test("a project code written with Chinese numerals is read, not trapped on (Swift's \\d matches 一二三)")
    func chineseNumeralCode() throws {
        let text = TestSupport.seedText.replacingOccurrences(of: "13091626P00016110003L", with: "一二三四五六七八P00016110003L")
        let d = try TextLayoutReader(fileName: "t.txt").read(text: text).department
        #expect(d.year == 2026)
        #expect(d.projects[0].code == "一二三四五六七八P00016110003L")
        #expect(ProjectCode.year(of: "一二三四五六七八P00016110003L") == nil)
    }

    @Test("in the text layout a short row is still joined with the next, but never with a project's head")
    func textHeadRowsAreNotJoined() throws {
        // The second table without its title line: its unit row (two cells) is short of the
        // indicator table's six and was once joined with the 项目编码 row that follows.
        let lines = TestSupport.seedText.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.contains("2.危化品停车场费用绩效目标表") })
        var cut = lines
        cut.remove(at: start)  // the second table's title line
        let reader = TextLayoutReader(fileName: "t.txt")
        let d = try reader.read(text: cut.joined(separator: "\n")).department
        #expect(d.projects.count == 12)
        #expect(TargetsJSON.department(d) == TargetsJSON.department(try TestSupport.readSeed().department))
    }
}
