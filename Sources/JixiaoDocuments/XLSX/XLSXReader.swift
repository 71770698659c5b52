import Foundation
import JixiaoModel

/// One worksheet as read: cell texts by 1-based (row, column), and merged ranges.
public struct XLSXSheetData: Sendable {
    public var name: String
    /// True when the workbook hides the sheet (state hidden or veryHidden).
    public var isHidden = false
    /// Cell texts keyed by row, then column. Numbers as exact decimal text; dates as yyyy-mm-dd.
    public var cells: [Int: [Int: String]] = [:]
    /// Merged ranges as (top, left, bottom, right).
    public var merges: [(Int, Int, Int, Int)] = []

    public init(name: String) { self.name = name }

    /// The text of a cell; "" when empty.
    public func value(_ row: Int, _ column: Int) -> String { cells[row]?[column] ?? "" }

    /// The text of a cell, or of the top-left cell of the merged range covering it.
    public func mergedValue(_ row: Int, _ column: Int) -> String {
        for (t, l, b, r) in merges where row >= t && row <= b && column >= l && column <= r { return value(t, l) }
        return value(row, column)
    }

    /// The highest row and column holding a value.
    public var maxRow: Int { cells.keys.max() ?? 0 }
    public var maxColumn: Int { cells.values.compactMap { $0.keys.max() }.max() ?? 0 }

    /// Row `r` as an array of texts from column 1 to `maxColumn`.
    public func row(_ r: Int, width: Int? = nil) -> [String] {
        let w = width ?? maxColumn
        guard w > 0 else { return [] }
        return (1...w).map { value(r, $0) }
    }

    /// The location of a cell for messages.
    public func location(file: String, row: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, sheet: name, cell: XLSXReference.name(row: row, column: column))
    }
}

/// Reads .xlsx workbooks: every sheet's values, with shared and inline strings, numbers stored as
/// numbers or text, dates by their number format, and merged cells. `read` returns whole sheets
/// (for templates and forms); `XLSXFile` streams a sheet row by row (for large target tables).
public enum XLSXReader {
    /// Reads every sheet whole. The cells held are at most `limits.cellsInMemory` over the
    /// workbook; beyond that the file is refused naming the sheet and cell where the limit was hit.
    public static func read(data: Data, fileName: String, limits: OfficeLimits = .standard) throws -> [XLSXSheetData] {
        let file = try XLSXFile(data: data, fileName: fileName, limits: limits)
        var sheets: [XLSXSheetData] = []
        var held = 0
        for index in file.sheets.indices {
            var sheet = XLSXSheetData(name: file.sheets[index].name)
            sheet.isHidden = file.sheets[index].isHidden
            sheet.merges = try file.layout(ofSheet: index).merges
            var over: (Int, Int)?
            try file.forEachRow(ofSheet: index) { row, cells in
                guard over == nil else { return }
                held += cells.count
                if held > limits.cellsInMemory, let last = cells.last { over = (row, last.0); return }
                for (column, text) in cells { sheet.cells[row, default: [:]][column] = text }
            }
            if let (row, column) = over {
                throw OfficeLimits.refusal(at: sheet.location(file: fileName, row: row, column: column), "工作簿中有值的单元格超过 \(OfficeLimits.count(limits.cellsInMemory)) 个（自评表只有几百个）",
                                           limit: "整表读取 \(OfficeLimits.count(limits.cellsInMemory)) 个单元格")
            }
            sheets.append(sheet)
        }
        return sheets
    }
}

/// An open .xlsx: the sheet list, shared strings and date styles read up front; each sheet's XML
/// is decompressed chunk by chunk and never held whole, so a large sheet reads in bounded memory.
public final class XLSXFile {
    /// A sheet's name, whether it is hidden, and its part in the package, in the workbook's order.
    public struct SheetEntry: Sendable {
        public var name: String
        /// True when the workbook hides the sheet (state hidden or veryHidden).
        public var isHidden: Bool
        var path: String
        var size: Int64
    }

    /// What a sheet's XML says besides its rows: merged ranges (written after the rows) and the
    /// highest column holding a value.
    public struct SheetLayout: Sendable {
        /// Merged ranges as (top, left, bottom, right).
        public var merges: [(Int, Int, Int, Int)] = []
        public var maxColumn = 0
    }

    public var fileName: String { package.fileName }
    public private(set) var sheets: [SheetEntry] = []
    private let package: OfficePackage
    private var shared: [String] = []
    /// Shared strings over the cell limit, kept as "" and refused when a cell uses them.
    private var sharedTooLong: Set<Int> = []
    private var dateStyles: Set<Int> = []
    /// Cell styles whose number format shows a percent (0.95 shown as 95%): read as "95%" when
    /// `percentAsShown` (filled actuals: what the unit sees is what it means), else as the fraction.
    private var percentStyles: Set<Int> = []
    /// Read percent-formatted numbers as shown ("95%") rather than as stored (0.95).
    public var percentAsShown = false

    /// Opens a file on disk; only its first bytes are read until a sheet is streamed.
    public convenience init(url: URL, fileName: String, limits: OfficeLimits = .standard) throws {
        try self.init(package: OfficePackage(url: url, fileName: fileName, kind: "xlsx", limits: limits))
    }

    public convenience init(data: Data, fileName: String, limits: OfficeLimits = .standard) throws {
        try self.init(package: OfficePackage(data: data, fileName: fileName, kind: "xlsx", limits: limits))
    }

    private init(package: OfficePackage) throws {
        self.package = package
        let location = SourceLocation(file: package.fileName)
        guard let workbook = try package.part("xl/workbook.xml") else {
            throw InputError(at: location, "不是有效的 .xlsx 文件：缺少 xl/workbook.xml。若是 .docx 请用对应的扩展名。")
        }
        let rels = try package.part("xl/_rels/workbook.xml.rels").map(RelationshipsParser.parse) ?? [:]
        let sharedParser = SharedStringsParser(limits: package.limits)
        try package.stream("xl/sharedStrings.xml", to: sharedParser)
        shared = sharedParser.strings
        sharedTooLong = sharedParser.tooLong
        let styles = try package.part("xl/styles.xml")
        dateStyles = styles.map(StylesParser.dateStyleIndexes) ?? []
        percentStyles = styles.map(StylesParser.percentStyleIndexes) ?? []
        for entry in WorkbookParser.parse(workbook) {
            var target = rels[entry.relID] ?? ""
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            guard let size = package.size(of: target) else { continue }
            sheets.append(SheetEntry(name: entry.name, isHidden: entry.hidden, path: target, size: size))
        }
        if sheets.isEmpty { throw InputError(at: location, "xlsx 文件中没有工作表。") }
    }

    /// The decompressed size of all sheets, for progress.
    public var totalSheetBytes: Int64 { sheets.reduce(0) { $0 + $1.size } }

    /// Reads a sheet's merged ranges and width (one pass over its XML, keeping nothing else).
    public func layout(ofSheet index: Int, progress: ((Int64) -> Void)? = nil) throws -> SheetLayout {
        let scanner = SheetLayoutScanner(limits: package.limits, sheet: sheets[index].name)
        try package.stream(sheets[index].path, to: scanner, progress: progress)
        return scanner.layout
    }

    /// Calls `body` with each row that holds a value, in the order the file holds them (Excel and
    /// LibreOffice write them ascending): its 1-based number and its non-empty cells as
    /// (column, text), columns ascending. An error `body` throws ends the read and comes out as it is.
    public func forEachRow(ofSheet index: Int, progress: ((Int64) -> Void)? = nil, _ body: (Int, [(Int, String)]) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            let parser = SheetParser(shared: shared, sharedTooLong: sharedTooLong, dateStyles: dateStyles, sheet: sheets[index].name,
                                     limits: package.limits, onRow: body)
            if percentAsShown { parser.percentStyles = percentStyles }
            try package.stream(sheets[index].path, to: parser, progress: progress)
            try parser.flushRow()
        }
    }
}

/// A handler base that collects text inside the elements a subclass asks for. Collected text
/// longer than a cell may hold ends the parse with `OfficeLimits.Exceeded`, at `place`.
class XMLCollector: XMLTokenizer.Handler {
    var text = ""
    var collecting = false
    var wantsText: Bool { collecting }
    var limits = OfficeLimits.standard
    var place: SourceLocation? { nil }

    /// Parses a small part read whole. Its collectors (workbook, relationships, styles) keep no
    /// text, so nothing they do throws; a malformed part yields what was read before the damage.
    func run(_ data: Data) { try? XMLTokenizer.parse(data, self) }

    func characters(_ string: String) throws {
        guard collecting else { return }
        text += string
        if limits.isTooLong(text) { throw limits.cellTooLong() }
    }

    func start(_ elementName: String, _ attributes: [String: String]) throws {}

    func end(_ elementName: String) throws {}

    static func local(_ name: String) -> Substring {
        if let i = name.lastIndex(of: ":") { return name[name.index(after: i)...] }
        return name[...]
    }
}

/// The sheets workbook.xml lists, in its order: name, relationship id, hidden or not.
final class WorkbookParser: XMLCollector {
    var sheets: [(name: String, relID: String, hidden: Bool)] = []

    static func parse(_ data: Data) -> [(name: String, relID: String, hidden: Bool)] {
        let p = WorkbookParser()
        p.run(data)
        return p.sheets
    }

    override func start(_ elementName: String, _ attributes: [String: String]) {
        guard Self.local(elementName) == "sheet" else { return }
        let id = attributes["r:id"] ?? attributes.first { $0.key.hasSuffix(":id") }?.value ?? ""
        let state = attributes["state"] ?? "visible"
        sheets.append((attributes["name"] ?? "Sheet\(sheets.count + 1)", id, state == "hidden" || state == "veryHidden"))
    }
}

final class RelationshipsParser: XMLCollector {
    var targets: [String: String] = [:]

    static func parse(_ data: Data) -> [String: String] {
        let p = RelationshipsParser()
        p.run(data)
        return p.targets
    }

    override func start(_ elementName: String, _ attributes: [String: String]) {
        if Self.local(elementName) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
    }
}

/// The shared-string table, within `limits.sharedStrings` entries and `sharedStringBytes` of text.
/// A string longer than a cell may hold is kept as "" and its index noted: the cell that uses it
/// is refused, naming the cell (the table itself has no cell to name).
final class SharedStringsParser: XMLCollector {
    var strings: [String] = []
    var tooLong: Set<Int> = []
    var current = ""
    var overflow = false
    var inPhonetic = false
    var bytes = 0

    init(limits: OfficeLimits) {
        super.init()
        self.limits = limits
    }

    override var place: SourceLocation? { SourceLocation(cell: "第 \(strings.count + 1) 个共享字符串") }

    override func characters(_ string: String) throws {
        guard collecting, !overflow else { return }
        text += string
        // The runs of one string add up (counted without joining them).
        let limit = limits.cellCharacters
        if current.utf8.count + text.utf8.count > limit, current.utf16.count + text.utf16.count > limit {
            overflow = true
            text = ""
            current = ""
        }
    }

    override func start(_ elementName: String, _ attributes: [String: String]) {
        switch Self.local(elementName) {
        case "si": current = ""; overflow = false
        case "rPh": inPhonetic = true
        case "t" where !inPhonetic: collecting = true; text = ""
        default: break
        }
    }

    override func end(_ elementName: String) throws {
        switch Self.local(elementName) {
        case "t" where collecting:
            if !overflow { current += text }
            collecting = false
        case "rPh": inPhonetic = false
        case "si":
            guard strings.count < limits.sharedStrings else {
                throw OfficeLimits.exceeded("共享字符串表超过 \(OfficeLimits.count(limits.sharedStrings)) 项", limit: "共享字符串 \(OfficeLimits.count(limits.sharedStrings)) 项")
            }
            bytes += current.utf8.count
            guard bytes <= limits.sharedStringBytes else {
                throw OfficeLimits.exceeded("共享字符串的文字超过 \(OfficeLimits.bytes(Int64(limits.sharedStringBytes)))", limit: "共享字符串文字 \(OfficeLimits.bytes(Int64(limits.sharedStringBytes)))")
            }
            if overflow { tooLong.insert(strings.count) }
            strings.append(current)
        default: break
        }
    }
}

/// Finds the cell styles whose number format is a date.
final class StylesParser: XMLCollector {
    var customDateFormats: Set<Int> = []
    var customPercentFormats: Set<Int> = []
    var xfFormats: [Int] = []
    var inCellXfs = false

    static func dateStyleIndexes(_ data: Data) -> Set<Int> {
        let p = StylesParser()
        p.run(data)
        let builtinDates = Set(14...22).union(45...47).union(27...36).union(50...58)
        return Set(p.xfFormats.indices.filter { builtinDates.contains(p.xfFormats[$0]) || p.customDateFormats.contains(p.xfFormats[$0]) })
    }

    /// The cell styles whose number format is a percent: built-in 9 (0%) and 10 (0.00%), or a custom
    /// format with a % outside quotes and brackets.
    static func percentStyleIndexes(_ data: Data) -> Set<Int> {
        let p = StylesParser()
        p.run(data)
        return Set(p.xfFormats.indices.filter { [9, 10].contains(p.xfFormats[$0]) || p.customPercentFormats.contains(p.xfFormats[$0]) })
    }

    override func start(_ elementName: String, _ attributes: [String: String]) {
        switch Self.local(elementName) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"]?.lowercased() {
                let stripped = code.replacing(/"[^"]*"|\[[^\]]*\]/, with: "")
                if stripped.contains("y") || stripped.contains("d") || stripped.contains("年") { customDateFormats.insert(id) }
                if stripped.replacingOccurrences(of: "\\%", with: "").contains("%") { customPercentFormats.insert(id) }
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: xfFormats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    override func end(_ elementName: String) {
        if Self.local(elementName) == "cellXfs" { inCellXfs = false }
    }
}

/// Collects a sheet's merged ranges (at most `limits.mergedRanges`) and the highest column
/// holding a value, keeping no cell.
final class SheetLayoutScanner: XMLCollector {
    var layout = XLSXFile.SheetLayout()
    var column = 0
    var hasValue = false
    let sheet: String

    init(limits: OfficeLimits, sheet: String) {
        self.sheet = sheet
        super.init()
        self.limits = limits
    }

    override var place: SourceLocation? { SourceLocation(sheet: sheet) }

    override func start(_ elementName: String, _ attributes: [String: String]) throws {
        switch Self.local(elementName) {
        case "row": column = 0
        case "c":
            if let ref = attributes["r"], let parsed = XLSXReference.parse(ref) { column = parsed.column } else { column += 1 }
            hasValue = false
        case "v", "is": hasValue = true
        case "mergeCell":
            if let ref = attributes["ref"] {
                let parts = ref.split(separator: ":").compactMap { XLSXReference.parse(String($0)) }
                if parts.count == 2 { layout.merges.append((parts[0].row, parts[0].column, parts[1].row, parts[1].column)) }
                guard layout.merges.count <= limits.mergedRanges else {
                    throw OfficeLimits.exceeded("工作表中的合并单元格超过 \(OfficeLimits.count(limits.mergedRanges)) 处", limit: "每张工作表 \(OfficeLimits.count(limits.mergedRanges)) 处合并单元格")
                }
            }
        default: break
        }
    }

    override func end(_ elementName: String) {
        if hasValue, Self.local(elementName) == "c" { layout.maxColumn = max(layout.maxColumn, column) }
    }
}

/// Reads a sheet's cells and hands over each row when it ends. A cell longer than a cell may hold,
/// or more cells than `limits.cellsPerSheet`, ends the read with an error naming the cell.
final class SheetParser: XMLCollector {
    let shared: [String]
    let sharedTooLong: Set<Int>
    let dateStyles: Set<Int>
    var percentStyles: Set<Int> = []
    let sheet: String
    let onRow: (Int, [(Int, String)]) throws -> Void
    var rowCells: [(Int, String)] = []
    var rowNumber = 0
    var row = 0
    var column = 0
    var type = ""
    var style = 0
    var value = ""
    var inline = ""
    var inInline = false
    var cellCount = 0

    init(shared: [String], sharedTooLong: Set<Int> = [], dateStyles: Set<Int>, sheet: String = "", limits: OfficeLimits = .standard,
         onRow: @escaping (Int, [(Int, String)]) throws -> Void) {
        self.shared = shared
        self.sharedTooLong = sharedTooLong
        self.dateStyles = dateStyles
        self.sheet = sheet
        self.onRow = onRow
        super.init()
        self.limits = limits
    }

    /// The cell being read (or the row, before its first cell).
    override var place: SourceLocation? {
        column > 0 && row > 0 ? SourceLocation(sheet: sheet, cell: XLSXReference.name(row: row, column: column))
            : SourceLocation(sheet: sheet, cell: row > 0 ? "第\(row)行" : nil)
    }

    /// Hands over the row collected so far, if it holds anything.
    func flushRow() throws {
        guard !rowCells.isEmpty else { return }
        if rowCells.count > 1 && zip(rowCells, rowCells.dropFirst()).contains(where: { $0.0 >= $1.0 }) {
            // Cells out of order or repeated: the last value of a column wins, columns ascending.
            var byColumn: [Int: String] = [:]
            for (c, t) in rowCells { byColumn[c] = t }
            rowCells = byColumn.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        let cells = rowCells
        rowCells = []
        try onRow(rowNumber, cells)
    }

    override func start(_ elementName: String, _ attributes: [String: String]) throws {
        switch Self.local(elementName) {
        case "row":
            try flushRow()
            row = attributes["r"].flatMap(Int.init) ?? row + 1
            rowNumber = row
            column = 0
        case "c":
            if let ref = attributes["r"], let parsed = XLSXReference.parse(ref) {
                if parsed.row != rowNumber {
                    try flushRow()
                    rowNumber = parsed.row
                }
                row = parsed.row
                column = parsed.column
            } else {
                column += 1
            }
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
            inline = ""
        case "v":
            collecting = true
            text = ""
        case "is":
            inInline = true
        case "t" where inInline:
            collecting = true
            text = ""
        default: break
        }
    }

    override func end(_ elementName: String) throws {
        switch Self.local(elementName) {
        case "v":
            value = text
            collecting = false
        case "t" where inInline:
            inline += text
            collecting = false
            if limits.isTooLong(inline) { throw limits.cellTooLong() }
        case "is":
            inInline = false
        case "c":
            let cell: String
            switch type {
            case "s":
                let index = Int(value)
                if let index, sharedTooLong.contains(index) { throw limits.cellTooLong() }
                cell = index.flatMap { $0 >= 0 && $0 < shared.count ? shared[$0] : nil } ?? ""
            case "inlineStr": cell = inline
            case "str", "e": cell = value
            case "b": cell = value == "1" ? "TRUE" : "FALSE"
            default:
                if dateStyles.contains(style) { cell = Self.date(fromSerial: value) ?? Self.number(value) }
                else if percentStyles.contains(style) { cell = Self.percent(value) ?? Self.number(value) }
                else { cell = Self.number(value) }
            }
            if !cell.isEmpty, row > 0, column > 0 {
                cellCount += 1
                guard cellCount <= limits.cellsPerSheet else {
                    throw OfficeLimits.exceeded("工作表中有值的单元格超过 \(OfficeLimits.count(limits.cellsPerSheet)) 个", limit: "每张工作表 \(OfficeLimits.count(limits.cellsPerSheet)) 个单元格")
                }
                rowCells.append((column, cell))
            }
        case "row": try flushRow()
        default: break
        }
    }

    /// Numbers as written, with binary floating-point noise removed ("20997.720000000001" → "20997.72").
    static func number(_ text: String) -> String {
        guard let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), text.count > 12 else { return text }
        return Decimals.plain(Decimals.round(d, scale: 9))
    }

    /// A number in a percent-formatted cell as the cell shows it: 0.95 → "95%", 0.955 → "95.5%".
    static func percent(_ text: String) -> String? {
        guard !text.isEmpty, let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        return Decimals.plain(Decimals.round(d * 100, scale: 9)) + "%"
    }

    /// Excel's day serial (1900 system) as yyyy-mm-dd.
    static func date(fromSerial text: String) -> String? {
        guard let serial = Double(text), serial >= 1, serial < 2_958_466 else { return nil }
        let days = Int(serial.rounded(.down))
        var date = DateComponents()
        date.year = 1899
        date.month = 12
        date.day = 30
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let base = calendar.date(from: date), let d = calendar.date(byAdding: .day, value: days, to: base) else { return nil }
        let c = calendar.dateComponents([.year, .month, .day], from: d)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
