import Foundation
import JixiaoModel

/// Reads the tables of a .docx (word/document.xml): gridSpan repeats a cell across the columns it
/// spans, a vMerge continuation takes the text of the cell above, a cell's paragraphs are joined
/// by line breaks, bookmarks and other markup are ignored.
public enum DOCXReader {
    /// A table as a grid, plus the 1-based table number for locations. word/document.xml is
    /// streamed; the cells kept are at most `limits.cellsInMemory`.
    public static func tables(data: Data, fileName: String, limits: OfficeLimits = .standard) throws -> [CellGrid] {
        let package = try OfficePackage(data: data, fileName: fileName, kind: "docx", limits: limits)
        let parser = DocumentTableParser(limits: limits)
        guard try package.stream(bodyPath, to: parser) else { throw missingBody(fileName) }
        return parser.tables.enumerated().map { index, raw in grid(raw, table: index + 1, file: fileName) }
    }

    static let bodyPath = "word/document.xml"

    static func missingBody(_ fileName: String) -> InputError {
        InputError(at: SourceLocation(file: fileName), "不是有效的 .docx 文件：缺少 word/document.xml。若是 .xlsx 请用对应的扩展名。")
    }

    /// A raw table: rows of (text, span, vMerge) cells.
    struct RawCell {
        var text: String
        var span: Int
        /// nil: no merge; true: restart; false: continue.
        var vMerge: Bool?
    }

    static func grid(_ raw: [[RawCell]], table: Int, file: String) -> CellGrid {
        let width = raw.map { $0.reduce(0) { $0 + max(1, $1.span) } }.max() ?? 0
        var rows: [[String]] = []
        for rawRow in raw {
            var row = Array(repeating: "", count: width)
            var column = 0
            for cell in rawRow {
                let span = max(1, cell.span)
                var text = cell.text
                if cell.vMerge == false, let above = rows.last, column < above.count { text = above[column] }
                for c in column..<min(width, column + span) { row[c] = text }
                column += span
            }
            rows.append(row)
        }
        return CellGrid(rows: rows) { r, c in SourceLocation(file: file, sheet: "表格\(table)", cell: "第\(r + 1)行第\(c + 1)列") }
    }
}

/// Collects the tables of word/document.xml (nested tables are read as part of their cell's text),
/// at most `cellsInMemory` cells (the package holds each paragraph and cell to the cell limit).
final class DocumentTableParser: XMLCollector {
    var tables: [[[DOCXReader.RawCell]]] = []
    var depth = 0
    var rows: [[DOCXReader.RawCell]] = []
    var row: [DOCXReader.RawCell] = []
    var cell = DOCXReader.RawCell(text: "", span: 1, vMerge: nil)
    var paragraphs: [String] = []
    var paragraph = ""
    var inCell = false
    var cellCount = 0

    init(limits: OfficeLimits = .standard) {
        super.init()
        self.limits = limits
    }

    override var place: SourceLocation? { SourceLocation(sheet: "表格\(tables.count + 1)", cell: "第\(rows.count + 1)行") }

    override func start(_ elementName: String, _ attributes: [String: String]) {
        let name = Self.local(elementName)
        switch name {
        case "tbl":
            depth += 1
            if depth == 1 { rows = [] }
        case "tr" where depth == 1:
            row = []
        case "tc" where depth == 1:
            cell = DOCXReader.RawCell(text: "", span: 1, vMerge: nil)
            paragraphs = []
            inCell = true
        case "gridSpan" where depth == 1:
            cell.span = Int(attributes["w:val"] ?? attributes["val"] ?? "1") ?? 1
        case "vMerge" where depth == 1:
            cell.vMerge = (attributes["w:val"] ?? attributes["val"]) == "restart"
        case "p" where inCell:
            paragraph = ""
        case "t" where inCell:
            collecting = true
            text = ""
        case "tab" where inCell:
            paragraph += " "
        case "br" where inCell:
            paragraph += "\n"
        default: break
        }
    }

    override func end(_ elementName: String) throws {
        switch Self.local(elementName) {
        case "t" where inCell:
            paragraph += text
            collecting = false
        case "p" where inCell:
            paragraphs.append(paragraph)
        case "tc" where depth == 1:
            while paragraphs.last?.isEmpty == true { paragraphs.removeLast() }
            cell.text = TextNormalizer.trim(paragraphs.joined(separator: "\n"))
            cellCount += max(1, cell.span)
            guard cellCount <= limits.cellsInMemory else {
                throw OfficeLimits.exceeded("文档中表格的单元格超过 \(OfficeLimits.count(limits.cellsInMemory)) 个（自评表只有几百个）",
                                            limit: "整表读取 \(OfficeLimits.count(limits.cellsInMemory)) 个单元格")
            }
            row.append(cell)
            inCell = false
        case "tr" where depth == 1:
            rows.append(row)
        case "tbl":
            if depth == 1 { tables.append(rows) }
            depth -= 1
        default: break
        }
    }
}
