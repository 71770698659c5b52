import Foundation
import JixiaoModel
import ZIPFoundation

/// A Word document to write as .docx: headings, paragraphs and bordered tables with merged cells
/// (gridSpan across, vMerge down), on landscape A4, in a CJK font.
public struct DOCXDocument {
    /// A table cell.
    public struct Cell: Sendable {
        public enum VerticalMerge: Sendable { case none, restart, `continue` }
        public var text: String
        public var span: Int
        public var vMerge: VerticalMerge
        public var bold: Bool
        public var shaded: Bool
        public var alignRight: Bool

        public init(_ text: String, span: Int = 1, vMerge: VerticalMerge = .none, bold: Bool = false, shaded: Bool = false, alignRight: Bool = false) {
            self.text = text
            self.span = span
            self.vMerge = vMerge
            self.bold = bold
            self.shaded = shaded
            self.alignRight = alignRight
        }

        public static func header(_ text: String, span: Int = 1) -> Cell { Cell(text, span: span, bold: true, shaded: true) }
        public static func label(_ text: String, span: Int = 1, vMerge: VerticalMerge = .none) -> Cell { Cell(text, span: span, vMerge: vMerge, bold: true) }
        public static func number(_ text: String, span: Int = 1) -> Cell { Cell(text, span: span, alignRight: true) }
        public static func merged() -> Cell { Cell("", vMerge: .continue) }
    }

    /// A table: column widths in twentieths of a point, and rows of cells.
    public struct Table: Sendable {
        public var widths: [Int]
        public var rows: [[Cell]] = []

        public init(widths: [Int]) { self.widths = widths }
    }

    enum Block {
        case paragraph(String, size: Int, bold: Bool, centered: Bool)
        case table(Table)
        case pageBreak
    }

    var blocks: [Block] = []

    public init() {}

    public mutating func title(_ text: String) { blocks.append(.paragraph(text, size: 32, bold: true, centered: true)) }
    public mutating func heading(_ text: String) { blocks.append(.paragraph(text, size: 26, bold: true, centered: false)) }
    public mutating func paragraph(_ text: String) { blocks.append(.paragraph(text, size: 21, bold: false, centered: false)) }
    public mutating func table(_ table: Table) { blocks.append(.table(table)) }
    public mutating func pageBreak() { blocks.append(.pageBreak) }

    static func run(_ text: String, size: Int, bold: Bool) -> String {
        let props = "<w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\"/>\(bold ? "<w:b/>" : "")<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/></w:rPr>"
        let parts = text.components(separatedBy: "\n").map { "<w:t xml:space=\"preserve\">\(XMLText.escape($0))</w:t>" }
        return "<w:r>\(props)\(parts.joined(separator: "<w:br/>"))</w:r>"
    }

    var documentXML: String {
        var body = ""
        for block in blocks {
            switch block {
            case .paragraph(let text, let size, let bold, let centered):
                body += "<w:p><w:pPr>\(centered ? "<w:jc w:val=\"center\"/>" : "")<w:spacing w:before=\"120\" w:after=\"60\"/></w:pPr>\(Self.run(text, size: size, bold: bold))</w:p>"
            case .pageBreak:
                body += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
            case .table(let t):
                body += "<w:tbl><w:tblPr><w:tblW w:w=\"\(t.widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblBorders>"
                for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
                    body += "<w:\(side) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
                }
                body += "</w:tblBorders><w:tblCellMar><w:left w:w=\"60\" w:type=\"dxa\"/><w:right w:w=\"60\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>"
                body += t.widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
                for row in t.rows {
                    body += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                    var column = 0
                    for cell in row {
                        let width = t.widths[column..<min(t.widths.count, column + cell.span)].reduce(0, +)
                        column += cell.span
                        body += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
                        if cell.span > 1 { body += "<w:gridSpan w:val=\"\(cell.span)\"/>" }
                        switch cell.vMerge {
                        case .none: break
                        case .restart: body += "<w:vMerge w:val=\"restart\"/>"
                        case .continue: body += "<w:vMerge/>"
                        }
                        if cell.shaded { body += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E7E6E6\"/>" }
                        body += "<w:vAlign w:val=\"center\"/></w:tcPr>"
                        let jc = cell.alignRight ? "<w:jc w:val=\"right\"/>" : (cell.bold ? "<w:jc w:val=\"center\"/>" : "")
                        body += "<w:p><w:pPr>\(jc)<w:spacing w:before=\"0\" w:after=\"0\"/></w:pPr>\(cell.text.isEmpty ? "" : Self.run(cell.text, size: 18, bold: cell.bold))</w:p></w:tc>"
                    }
                    body += "</w:tr>"
                }
                body += "</w:tbl><w:p/>"
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>\(body)<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1000" w:right="1000" w:bottom="1000" w:left="1000" w:header="500" w:footer="500" w:gutter="0"/></w:sectPr></w:body></w:document>
            """
    }

    /// The .docx bytes.
    public func data() throws -> Data {
        let package = try ZipPackage()
        func add(_ path: String, _ text: String) throws { try package.add(path, text) }
        try add("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
            """)
        try add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
            """)
        try add("word/document.xml", documentXML)
        return try package.data(kind: "docx")
    }
}
