import Foundation
import JixiaoModel
import ZIPFoundation

/// A spreadsheet to write as .xlsx (Office Open XML): sheets of styled cells, merged ranges and
/// column widths. Strings are written inline (`t="inlineStr"`), numbers exactly as decimal text,
/// and nothing is ever written as a formula: a name or reason starting with "=" stays text in any
/// spreadsheet program (issue 14), and a negative number stays a number.
public struct XLSXWorkbook {
    /// Cell styles (indexes into styles.xml's cellXfs).
    public enum Style: Int, Sendable {
        /// No border.
        case plain = 0
        /// Bold, grey fill, thin border, centred, wrapped: table headers.
        case header = 1
        /// Thin border, wrapped text.
        case cell = 2
        /// Thin border, light yellow fill: a cell the user fills in (unlocked under sheet protection).
        case fill = 3
        /// Bold, larger, centred, no border: a sheet title.
        case title = 4
        /// Thin border, right-aligned: numbers.
        case number = 5
        /// Thin border, bold: labels inside a table.
        case label = 6
        /// Thin border, yellow fill, right-aligned: a number the user fills in (unlocked).
        case fillNumber = 7
        /// Thin border, right-aligned, two decimals ("0.00"): amounts and scores.
        case amount = 8
        /// Thin border, right-aligned, a percentage with two decimals ("0.00%"): rates stored as
        /// fractions (0.9585 shows as 95.85%).
        case percent = 9
        /// Bold, thin border, right-aligned, two decimals: a total or headline figure.
        case boldAmount = 10
        /// Bold, no border, left-aligned, wrapped: a section heading inside a sheet.
        case heading = 11
        /// No border, wrapped: a paragraph of text inside a sheet.
        case paragraph = 12
    }

    /// A cell's content.
    public enum Value: Hashable, Sendable {
        case text(String)
        /// A number as exact decimal text ("23596.72").
        case number(String)
        case empty
    }

    /// One cell.
    public struct Cell: Hashable, Sendable {
        public var value: Value
        public var style: Style

        public init(_ value: Value, _ style: Style = .cell) {
            self.value = value
            self.style = style
        }

        public static func text(_ s: String, _ style: Style = .cell) -> Cell { Cell(.text(s), style) }
        public static func number(_ d: Decimal, _ style: Style = .number) -> Cell { Cell(.number(Decimals.plain(d)), style) }
        public static func empty(_ style: Style = .cell) -> Cell { Cell(.empty, style) }
        /// An amount or score: a number shown with two decimals.
        public static func amount(_ d: Decimal, _ style: Style = .amount) -> Cell { Cell(.number(Decimals.plain(d)), style) }
        /// A rate (a fraction): a number shown as a percentage, kept to 6 decimals (0.958470 is
        /// 95.8470 %; spreadsheet programs hold 15 significant digits, a quotient has 38).
        public static func percent(_ rate: Decimal) -> Cell { Cell(.number(Decimals.plain(Decimals.round(rate, scale: 6))), .percent) }
    }

    /// A worksheet.
    public struct Sheet: Sendable {
        public var name: String
        public var rows: [[Cell]] = []
        /// Ranges such as "A1:I1".
        public var merges: [String] = []
        /// Column widths in characters, from column A.
        public var columnWidths: [Double] = []
        /// Rows (1-based) to freeze above, 0 for none.
        public var frozenRows = 0
        /// Data validations (drop-down lists, number checks, input messages), in order.
        public var validations: [DataValidation] = []
        /// Sheet protection without a password: every cell whose style is not a fill style is
        /// locked; the user may lift it (审阅 → 撤销工作表保护).
        public var isProtected = false
        /// Hidden from the sheet tabs (the template's metadata).
        public var isHidden = false

        public init(name: String) { self.name = name }

        public mutating func append(_ row: [Cell]) { rows.append(row) }

        /// Merges the cells from (row, column) to (row2, column2), 1-based.
        public mutating func merge(_ row: Int, _ column: Int, _ row2: Int, _ column2: Int) {
            merges.append("\(XLSXReference.name(row: row, column: column)):\(XLSXReference.name(row: row2, column: column2))")
        }
    }

    /// A data validation over one or more cells: what may be typed, and the message shown when a
    /// cell is selected. Texts are held to Excel's limits (a title 32 characters, a message 255, a
    /// list 255), beyond which Excel "repairs" the file.
    public struct DataValidation: Hashable, Sendable {
        public enum Kind: Hashable, Sendable {
            /// No check: only the input message.
            case none
            /// One of these words (a drop-down list).
            case list([String])
            /// A decimal number in [minimum, maximum].
            case decimal(minimum: Decimal, maximum: Decimal?)
            /// A formula on the top-left cell of the range (relative references move with each cell).
            case custom(String)
        }
        /// stop refuses; warning and information ask, and let the user keep what was typed.
        public enum ErrorStyle: String, Hashable, Sendable { case stop, warning, information }

        public var cells: [String]
        public var kind: Kind
        public var promptTitle: String
        public var prompt: String
        public var errorTitle: String
        public var error: String
        public var errorStyle: ErrorStyle

        public init(cells: [String], kind: Kind, promptTitle: String = "", prompt: String = "", errorTitle: String = "", error: String = "",
                    errorStyle: ErrorStyle = .stop) {
            self.cells = cells
            self.kind = kind
            self.promptTitle = promptTitle
            self.prompt = prompt
            self.errorTitle = errorTitle
            self.error = error
            self.errorStyle = errorStyle
        }

        static func clip(_ text: String, _ limit: Int) -> String { text.count <= limit ? text : String(text.prefix(limit - 1)) + "…" }

        var xml: String {
            var attributes: [String] = []
            switch kind {
            case .none: break
            case .list: attributes.append("type=\"list\"")
            case .decimal: attributes.append("type=\"decimal\"")
            case .custom: attributes.append("type=\"custom\"")
            }
            if case .decimal(_, nil) = kind { attributes.append("operator=\"greaterThanOrEqual\"") }
            if errorStyle != .stop { attributes.append("errorStyle=\"\(errorStyle.rawValue)\"") }
            attributes.append("allowBlank=\"1\"")
            if !prompt.isEmpty { attributes.append("showInputMessage=\"1\"") }
            if kind != .none { attributes.append("showErrorMessage=\"1\"") }
            if !errorTitle.isEmpty { attributes.append("errorTitle=\"\(XMLText.escape(Self.clip(errorTitle, 32)))\"") }
            if !error.isEmpty { attributes.append("error=\"\(XMLText.escape(Self.clip(error, 225)))\"") }
            if !promptTitle.isEmpty { attributes.append("promptTitle=\"\(XMLText.escape(Self.clip(promptTitle, 32)))\"") }
            if !prompt.isEmpty { attributes.append("prompt=\"\(XMLText.escape(Self.clip(prompt, 255)))\"") }
            attributes.append("sqref=\"\(cells.joined(separator: " "))\"")
            var s = "<dataValidation " + attributes.joined(separator: " ") + ">"
            switch kind {
            case .none: break
            case .list(let words):
                // A list in the formula itself: words joined by commas, in quotes, at most 255 characters.
                var list = ""
                for w in words.map({ $0.replacingOccurrences(of: ",", with: "，").replacingOccurrences(of: "\"", with: "") }) {
                    let next = list.isEmpty ? w : list + "," + w
                    if next.count > 253 { break }
                    list = next
                }
                s += "<formula1>\(XMLText.escape("\"" + list + "\""))</formula1>"
            case .decimal(let minimum, let maximum):
                s += "<formula1>\(Decimals.plain(minimum))</formula1>"
                if let maximum { s += "<formula2>\(Decimals.plain(maximum))</formula2>" }
            case .custom(let formula):
                s += "<formula1>\(XMLText.escape(formula))</formula1>"
            }
            return s + "</dataValidation>"
        }
    }

    public var sheets: [Sheet] = []

    public init() {}

    /// Adds a sheet, making its name valid and unique (31 characters, none of []:*?/\, no
    /// apostrophe at either end — Excel refuses a workbook with one).
    public mutating func add(_ sheet: Sheet) {
        var s = sheet
        var name = String(s.name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
        while name.hasPrefix("'") { name.removeFirst() }
        while name.hasSuffix("'") { name.removeLast() }
        if name.isEmpty { name = "Sheet\(sheets.count + 1)" }
        var unique = name
        var n = 2
        while sheets.contains(where: { $0.name == unique }) {
            let suffix = "(\(n))"
            unique = String(name.prefix(31 - suffix.count)) + suffix
            n += 1
        }
        s.name = unique
        sheets.append(s)
    }

    /// The .xlsx bytes.
    public func data() throws -> Data {
        let package = try ZipPackage()
        func add(_ path: String, _ text: String) throws { try package.add(path, text) }
        try add("[Content_Types].xml", contentTypes)
        try add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """)
        try add("xl/workbook.xml", workbookXML)
        try add("xl/_rels/workbook.xml.rels", workbookRels)
        try add("xl/styles.xml", Self.stylesXML)
        for (i, sheet) in sheets.enumerated() {
            try add("xl/worksheets/sheet\(i + 1).xml", Self.sheetXML(sheet))
        }
        return try package.data(kind: "xlsx")
    }

    var contentTypes: String {
        var s = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            """
        for i in sheets.indices {
            s += "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return s + "</Types>"
    }

    var workbookXML: String {
        var s = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
            """
        for (i, sheet) in sheets.enumerated() {
            s += "<sheet name=\"\(XMLText.escape(sheet.name))\" sheetId=\"\(i + 1)\"\(sheet.isHidden ? " state=\"hidden\"" : "") r:id=\"rId\(i + 1)\"/>"
        }
        return s + "</sheets></workbook>"
    }

    var workbookRels: String {
        var s = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            """
        for i in sheets.indices {
            s += "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        s += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return s + "</Relationships>"
    }

    static func sheetXML(_ sheet: Sheet) -> String {
        var s = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            """
        s += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
        if sheet.frozenRows > 0 {
            s += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"\(sheet.frozenRows)\" topLeftCell=\"A\(sheet.frozenRows + 1)\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        }
        if !sheet.columnWidths.isEmpty {
            s += "<cols>"
            for (i, w) in sheet.columnWidths.enumerated() {
                s += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(w)\" customWidth=\"1\"/>"
            }
            s += "</cols>"
        }
        s += "<sheetData>"
        let heights = rowHeights(sheet)
        for (r, row) in sheet.rows.enumerated() {
            let height = heights[r]
            s += height > 15 ? "<row r=\"\(r + 1)\" ht=\"\(height)\" customHeight=\"1\">" : "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = XLSXReference.name(row: r + 1, column: c + 1)
                let style = cell.style.rawValue == 0 ? "" : " s=\"\(cell.style.rawValue)\""
                switch cell.value {
                case .empty: s += "<c r=\"\(ref)\"\(style)/>"
                case .number(let n): s += "<c r=\"\(ref)\"\(style)><v>\(n)</v></c>"
                case .text(let t): s += "<c r=\"\(ref)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(XMLText.escape(t))</t></is></c>"
                }
            }
            s += "</row>"
        }
        s += "</sheetData>"
        if sheet.isProtected {
            // No password; resizing and inserting rows stay allowed ("0": not protected against).
            s += "<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" formatColumns=\"0\" formatRows=\"0\" insertRows=\"0\"/>"
        }
        if !sheet.merges.isEmpty {
            s += "<mergeCells count=\"\(sheet.merges.count)\">" + sheet.merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>"
        }
        if !sheet.validations.isEmpty {
            s += "<dataValidations count=\"\(sheet.validations.count)\">" + sheet.validations.map(\.xml).joined() + "</dataValidations>"
        }
        s += "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
        s += "<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
        return s + "</worksheet>"
    }

    /// Row heights in points, estimated from the wrapped text: spreadsheet programs do not grow
    /// rows to fit wrapped text in a file that does not say how tall they are.
    static func rowHeights(_ sheet: Sheet) -> [Double] {
        var spans: [Int: [Int: Int]] = [:]  // row → column → number of columns the cell spans
        var covered: Set<Int> = []           // rows inside a vertical merge: their text is measured in its first row
        for merge in sheet.merges {
            let parts = merge.split(separator: ":").compactMap { XLSXReference.parse(String($0)) }
            guard parts.count == 2 else { continue }
            spans[parts[0].row, default: [:]][parts[0].column] = parts[1].column - parts[0].column + 1
            if parts[1].row > parts[0].row { covered.insert(parts[0].row * 100_000 + parts[0].column) }
        }
        return sheet.rows.enumerated().map { r, row in
            var lines = 1
            for (c, cell) in row.enumerated() {
                guard case .text(let text) = cell.value, !covered.contains((r + 1) * 100_000 + c + 1) else { continue }
                let span = spans[r + 1]?[c + 1] ?? 1
                let width = (c..<(c + span)).reduce(0.0) { $0 + ($1 < sheet.columnWidths.count ? sheet.columnWidths[$1] : 9) }
                let usable = max(1, Int(width))
                let needed = text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { total, paragraph in
                    total + max(1, (DisplayWidth.of(String(paragraph)) + usable - 1) / usable)
                }
                lines = max(lines, needed)
            }
            return cell15(lines)
        }
    }

    static func cell15(_ lines: Int) -> Double { Double(max(1, lines)) * 15 }

    static let stylesXML = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <fonts count="3"><font><sz val="11"/><name val="宋体"/><family val="2"/></font><font><b/><sz val="11"/><name val="宋体"/><family val="2"/></font><font><b/><sz val="14"/><name val="宋体"/><family val="2"/></font></fonts>\
        <fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFE7E6E6"/><bgColor indexed="64"/></patternFill></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill></fills>\
        <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
        <border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="13">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="3" borderId="1" xfId="0" applyFill="1" applyBorder="1" applyAlignment="1" applyProtection="1"><alignment vertical="center" wrapText="1"/><protection locked="0"/></xf>\
        <xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="right" vertical="center"/></xf>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="3" borderId="1" xfId="0" applyFill="1" applyBorder="1" applyAlignment="1" applyProtection="1"><alignment horizontal="right" vertical="center"/><protection locked="0"/></xf>\
        <xf numFmtId="2" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="right" vertical="center"/></xf>\
        <xf numFmtId="10" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="right" vertical="center"/></xf>\
        <xf numFmtId="2" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="right" vertical="center"/></xf>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="center"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        </cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """
}

/// A1-style cell references.
public enum XLSXReference {
    /// "A1" for (1, 1); "AA10" for (10, 27).
    public static func name(row: Int, column: Int) -> String { columnName(column) + String(row) }

    public static func columnName(_ column: Int) -> String {
        var n = column
        var s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// (row, column) of "C7", 1-based; nil when malformed.
    public static func parse(_ ref: String) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var digits = 0
        for a in ref.utf8 {
            switch a {
            case 0x41...0x5A, 0x61...0x7A:
                guard digits == 0 else { return nil }
                column = column * 26 + Int((a & 0xDF) - 64)
                if column > 16384 { return nil }
            case 0x30...0x39:
                row = row * 10 + Int(a - 0x30)
                digits += 1
                if row > 1_048_576 { return nil }
            case 0x24: continue  // "$A$1"
            default: return nil
            }
        }
        guard column > 0, digits > 0, row > 0 else { return nil }
        return (row, column)
    }
}

/// XML text escaping, for xlsx, docx and html. Control and bidi characters are left out too (XML
/// 1.0 forbids most C0 controls; the rest would drive or reverse what a reader sees), whatever
/// the database holds.
public enum XMLText {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                if ControlCharacters.isRemoved(scalar) && scalar != "\r" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
