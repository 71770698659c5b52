import Foundation
import JixiaoModel
import ZIPFoundation

/// The 绩效目标表 layout read from .docx and .xlsx: their paragraphs and table rows become the same
/// segments the text layout yields, so one reader understands all three.
enum TargetLayoutSources {
    /// A .docx body in document order: paragraphs outside tables, and table rows whose cells appear
    /// once each (a gridSpan cell once, a vMerge continuation as a blank cell, as in the text export).
    static func docx(data: Data, fileName: String) throws -> (segments: [LayoutSegment], locate: (Int) -> SourceLocation) {
        let xml = try DOCXReader.documentXML(data: data, fileName: fileName)
        let parser = DocumentBodyParser()
        parser.run(xml)
        let places = parser.places
        let segments = parser.items.enumerated().map { index, item -> LayoutSegment in
            switch item {
            case .paragraph(let text): return .paragraph(text, line: index + 1)
            case .row(let cells): return .row(cells.map { LayoutCell(text: TextLayoutTokenizer.cleanCell($0), line: index + 1) }, line: index + 1)
            }
        }
        return (segments, { position in
            let i = position - 1
            guard i >= 0, i < places.count else { return SourceLocation(file: fileName) }
            let p = places[i]
            return p.table == 0 ? SourceLocation(file: fileName, cell: "第\(p.row)段") : SourceLocation(file: fileName, sheet: "表格\(p.table)", cell: "第\(p.row)行")
        })
    }

    /// An .xlsx workbook, sheet after sheet: a row with one text and nothing else is a paragraph;
    /// other rows are table rows, a merged range's covered cells blank (vertical) or left out
    /// (horizontal), trailing empty cells dropped; an empty row ends a table row.
    static func xlsx(data: Data, fileName: String) throws -> (segments: [LayoutSegment], locate: (Int) -> SourceLocation) {
        let sheets = try XLSXReader.read(data: data, fileName: fileName)
        var segments: [LayoutSegment] = []
        var places: [(String, Int)] = []
        for sheet in sheets {
            var horizontallyCovered = Set<Int>()  // row * 20000 + column
            for (t, l, b, r) in sheet.merges where r > l && t >= 1 && l >= 1 {
                for row in t...b { for c in (l + 1)...r { horizontallyCovered.insert(row * 20000 + c) } }
            }
            let width = sheet.maxColumn
            guard width > 0 else { continue }
            for row in 1...max(1, sheet.maxRow) {
                var cells: [String] = []
                for c in 1...width where !horizontallyCovered.contains(row * 20000 + c) {
                    cells.append(sheet.value(row, c))
                }
                while cells.last?.isEmpty == true { cells.removeLast() }
                guard !cells.isEmpty else { continue }
                places.append((sheet.name, row))
                let position = places.count
                // A lone text spanning the sheet, in a one-column sheet, or shaped like a heading.
                let spans = sheet.merges.contains { $0.0 == row && $0.1 == 1 && $0.3 - $0.1 >= 2 }
                if cells.count == 1, spans || width == 1 || isHeading(cells[0]) {
                    segments.append(.paragraph(TextNormalizer.trim(cells[0]), line: position))
                } else {
                    segments.append(.row(cells.map { LayoutCell(text: TextLayoutTokenizer.cleanCell($0), line: position) }, line: position))
                }
            }
        }
        return (segments, { position in
            let i = position - 1
            guard i >= 0, i < places.count else { return SourceLocation(file: fileName) }
            return SourceLocation(file: fileName, sheet: places[i].0, cell: "第\(places[i].1)行")
        })
    }

    /// Titles and the 部门整体 part's lines: text that is clearly not a table cell.
    static func isHeading(_ text: String) -> Bool {
        let t = TextNormalizer.removingSpaces(text)
        return t.hasSuffix("绩效目标表") || t.hasPrefix("第") && t.hasSuffix("部分") || t.count > 30
    }
}

/// The body of word/document.xml in order: paragraphs outside tables and table rows.
final class DocumentBodyParser: XMLCollector {
    enum Item { case paragraph(String), row([String]) }
    var items: [Item] = []
    /// (table number, row number) of each item; table 0 means a paragraph (row = paragraph number).
    var places: [(table: Int, row: Int)] = []
    var depth = 0
    var tableCount = 0
    var rowNumber = 0
    var paragraphNumber = 0
    var row: [String] = []
    var cellParagraphs: [String] = []
    var paragraph = ""
    var continuation = false
    var inParagraph = false

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
                if !trimmed.isEmpty {
                    items.append(.paragraph(trimmed))
                    places.append((0, paragraphNumber))
                }
            } else {
                cellParagraphs.append(paragraph)
            }
        case "tc" where depth == 1:
            while cellParagraphs.last.map({ TextNormalizer.trim($0).isEmpty }) == true { cellParagraphs.removeLast() }
            row.append(continuation ? "" : cellParagraphs.map(TextNormalizer.trim).joined(separator: "\n"))
        case "tr" where depth == 1:
            rowNumber += 1
            items.append(.row(row))
            places.append((tableCount, rowNumber))
        case "tbl":
            depth -= 1
        default: break
        }
    }
}
