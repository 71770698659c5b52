import Foundation
import JixiaoModel

/// The 绩效目标表 layout read from .docx and .xlsx: their paragraphs and table rows become the same
/// segments the text layout yields, so one reader understands all three.
enum TargetLayoutSources {
    /// A .docx body in document order: paragraphs outside tables, and table rows whose cells appear
    /// once each (a gridSpan cell once, a vMerge continuation as a blank cell, as in the text export).
    /// word/document.xml is streamed; `progress` gets (bytes done, bytes in all).
    static func docx(_ package: OfficePackage, progress: ((Int64, Int64) -> Void)? = nil) throws -> LayoutStream {
        guard let total = package.size(of: DOCXReader.bodyPath) else { throw DOCXReader.missingBody(package.fileName) }
        let places = DocxPlaces()
        let fileName = package.fileName
        let locate: (Int) -> SourceLocation = { position in
            let i = position - 1
            guard i >= 0, i < places.list.count else { return SourceLocation(file: fileName) }
            let p = places.list[i]
            return p.table == 0 ? SourceLocation(file: fileName, cell: "第\(p.row)段") : SourceLocation(file: fileName, sheet: "表格\(p.table)", cell: "第\(p.row)行")
        }
        return LayoutStream(locate: locate) { feed in
            try withoutActuallyEscaping(feed) { feed in
                let parser = DocumentBodyParser { item, place in
                    places.list.append(place)
                    let position = places.list.count
                    switch item {
                    case .paragraph(let text): feed(.paragraph(text, line: position))
                    case .row(let cells): feed(.row(cells.map { LayoutCell(text: TextLayoutTokenizer.cleanCell($0), line: position) }, line: position))
                    }
                }
                try package.stream(DOCXReader.bodyPath, to: parser, progress: progress.map { report in { report($0, total) } })
            }
        }
    }

    /// Where each docx segment came from: (table number, row number), table 0 for a paragraph.
    final class DocxPlaces {
        var list: [(table: Int, row: Int)] = []
    }

    /// An .xlsx workbook, sheet after sheet: a row with one text and nothing else is a paragraph;
    /// other rows are table rows, a merged range's covered cells blank (vertical) or left out
    /// (horizontal), trailing empty cells dropped; an empty row is skipped.
    ///
    /// Each sheet is read twice, chunk by chunk: once for its merged ranges (Excel writes them
    /// after the rows), then row by row. `progress` gets (bytes done, bytes in all) of both passes.
    static func xlsx(_ file: XLSXFile, progress: ((Int64, Int64) -> Void)? = nil) -> LayoutStream {
        let places = PlaceList()
        let fileName = file.fileName
        let locate: (Int) -> SourceLocation = { position in
            let i = position - 1
            guard i >= 0, i < places.rows.count else { return SourceLocation(file: fileName) }
            let (sheet, row) = places.rows[i]
            return SourceLocation(file: fileName, sheet: file.sheets[Int(sheet)].name, cell: "第\(row)行")
        }
        return LayoutStream(locate: locate) { feed in
            let total = 2 * file.totalSheetBytes
            var before: Int64 = 0
            for (index, entry) in file.sheets.enumerated() {
                let report: ((Int64) -> Void)? = progress.map { progress in { [before] done in progress(before + done, total) } }
                let layout = try file.layout(ofSheet: index, progress: report)
                before += entry.size
                let reportRows: ((Int64) -> Void)? = progress.map { progress in { [before] done in progress(before + done, total) } }
                before += entry.size
                guard layout.maxColumn > 0 else { continue }
                // Rows whose first cell spans three or more columns, and the columns merged away.
                let spanning = Set(layout.merges.filter { $0.0 >= 1 && $0.1 == 1 && $0.3 - $0.1 >= 2 }.map(\.0))
                var covered = CoveredColumns(layout.merges)
                let width = layout.maxColumn
                try file.forEachRow(ofSheet: index, progress: reportRows) { row, values in
                    guard let last = values.last?.0 else { return }
                    let skip = covered.ranges(forRow: row)
                    var cells: [String] = []
                    var next = values.startIndex
                    for c in 1...last where !skip.contains(where: { $0.contains(c) }) {
                        while next < values.endIndex && values[next].0 < c { next += 1 }
                        cells.append(next < values.endIndex && values[next].0 == c ? values[next].1 : "")
                    }
                    while cells.last?.isEmpty == true { cells.removeLast() }
                    guard !cells.isEmpty else { return }
                    places.rows.append((Int32(index), Int32(clamping: row)))
                    let position = places.rows.count
                    // A lone text spanning the sheet, in a one-column sheet, or shaped like a heading.
                    if cells.count == 1, spanning.contains(row) || width == 1 || isHeading(cells[0]) {
                        feed(.paragraph(TextNormalizer.trim(cells[0]), line: position))
                    } else {
                        feed(.row(cells.map { LayoutCell(text: TextLayoutTokenizer.cleanCell($0), line: position) }, line: position))
                    }
                }
            }
        }
    }

    /// The columns a sheet's horizontal merges cover (all but each merge's first), row by row. Rows
    /// arrive in ascending order, so the merges in force are kept as the rows go by: no table of
    /// every covered cell, which a merge of a million rows would make huge.
    struct CoveredColumns {
        private let merges: [(top: Int, bottom: Int, columns: ClosedRange<Int>)]
        private var next = 0
        private var active: [(bottom: Int, columns: ClosedRange<Int>)] = []
        private var lastRow = 0

        init(_ ranges: [(Int, Int, Int, Int)]) {
            merges = ranges.filter { $0.0 >= 1 && $0.1 >= 1 && $0.2 >= $0.0 && $0.3 > $0.1 }
                .map { (top: $0.0, bottom: $0.2, columns: ($0.1 + 1)...$0.3) }
                .sorted { $0.top < $1.top }
        }

        mutating func ranges(forRow row: Int) -> [ClosedRange<Int>] {
            guard row >= lastRow else {
                // Out of order (not written by Excel or LibreOffice): look through them all.
                return merges.filter { $0.top <= row && row <= $0.bottom }.map(\.columns)
            }
            lastRow = row
            while next < merges.count, merges[next].top <= row {
                active.append((merges[next].bottom, merges[next].columns))
                next += 1
            }
            active.removeAll { $0.bottom < row }
            return active.map(\.columns)
        }
    }

    /// Where each segment came from (sheet index, row), filled while the sheet is read.
    final class PlaceList {
        var rows: [(Int32, Int32)] = []
    }

    /// Titles and the 部门整体 part's lines: text that is clearly not a table cell.
    static func isHeading(_ text: String) -> Bool {
        let t = TextNormalizer.removingSpaces(text)
        return t.hasSuffix("绩效目标表") || t.hasPrefix("第") && t.hasSuffix("部分") || t.count > 30
    }
}

/// The body of word/document.xml in order: paragraphs outside tables and table rows, handed
/// over as they end with their place (table number, row number; table 0 means a paragraph and
/// row its paragraph number).
final class DocumentBodyParser: XMLCollector {
    enum Item { case paragraph(String), row([String]) }
    let onItem: (Item, (table: Int, row: Int)) -> Void
    var depth = 0
    var tableCount = 0
    var rowNumber = 0
    var paragraphNumber = 0
    var row: [String] = []
    var cellParagraphs: [String] = []
    var paragraph = ""
    var continuation = false
    var inParagraph = false

    init(onItem: @escaping (Item, (table: Int, row: Int)) -> Void) { self.onItem = onItem }

    override func start(_ elementName: String, _ attributes: [String: String]) {
        switch Self.local(elementName) {
        case "tbl":
            depth += 1
            if depth == 1 { tableCount += 1; rowNumber = 0 }
        case "tr" where depth == 1: row = []
        case "tc" where depth == 1:
            cellParagraphs = []
            continuation = false
        case "vMerge" where depth == 1:
            continuation = (attributes["w:val"] ?? attributes["val"]) != "restart"
        case "p":
            paragraph = ""
            inParagraph = true
        case "t" where inParagraph:
            collecting = true
            text = ""
        case "tab" where inParagraph: paragraph += " "
        case "br" where inParagraph: paragraph += "\n"
        default: break
        }
    }

    override func end(_ elementName: String) {
        switch Self.local(elementName) {
        case "t" where inParagraph:
            paragraph += text
            collecting = false
        case "p":
            inParagraph = false
            if depth == 0 {
                paragraphNumber += 1
                let trimmed = TextNormalizer.trim(paragraph)
                if !trimmed.isEmpty { onItem(.paragraph(trimmed), (0, paragraphNumber)) }
            } else {
                cellParagraphs.append(paragraph)
            }
        case "tc" where depth == 1:
            while cellParagraphs.last.map({ TextNormalizer.trim($0).isEmpty }) == true { cellParagraphs.removeLast() }
            row.append(continuation ? "" : cellParagraphs.map(TextNormalizer.trim).joined(separator: "\n"))
        case "tr" where depth == 1:
            rowNumber += 1
            onItem(.row(row), (tableCount, rowNumber))
        case "tbl":
            depth -= 1
        default: break
        }
    }
}
