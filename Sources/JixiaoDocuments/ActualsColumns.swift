import Foundation
import JixiaoModel

/// The columns of the fill-in template and of filled actuals files, in order.
public enum ActualsColumns {
    public static let code = "项目编码"
    public static let name = "项目名称"
    public static let level1 = "一级指标"
    public static let level2 = "二级指标"
    public static let level3 = "三级指标"
    public static let target = "年度指标值"
    public static let actual = "实际完成值"
    public static let points = "分值"
    public static let score = "得分"
    public static let reason = "偏差原因分析及改进措施"
    /// The bureau's comments on a returned filing (issue 18): written by `template`, ignored by `record`.
    public static let comments = "审核意见"

    /// The columns every filled table has (reports' csv, audit's flat tables), exactly.
    public static let all = [code, name, level1, level2, level3, target, actual, points, score, reason]

    /// The template's header: the columns above and 审核意见.
    public static let template = all + [comments]

    /// The columns a filled table cannot do without.
    static let required = [code, level1, level3, actual]

    /// Header spellings seen in filled files, mapped to the column they mean.
    static let synonyms: [String: String] = [
        "单位编码": code, "编码": code, "项目代码": code,
        "指标值": target, "目标值": target, "年度目标值": target,
        "实际值": actual, "完成值": actual, "全年实际值": actual, "实际完成情况": actual,
        "权重": points, "指标分值": points,
        "自评得分": score, "评分": score,
        "偏差原因": reason, "偏差原因分析": reason, "偏差原因分析及改进措施": reason, "原因分析及改进措施": reason, "备注": reason,
        "财政审核意见": comments, "审核意见（财政）": comments,
    ]

    /// The column a header cell names, or nil.
    static func column(for header: String) -> String? {
        let h = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(header))
            .replacingOccurrences(of: "（万元）", with: "").replacingOccurrences(of: "(万元)", with: "")
        if template.contains(h) { return h }
        return synonyms[h]
    }

    /// True when a row reads as a header: three or more of the template's columns.
    static func isHeader(_ cells: [String]) -> Bool {
        Set(cells.compactMap(column(for:))).count >= 3
    }

    /// The error for a header without a required column: which it could not find, the headers it
    /// did find, and — where a found header looks like a cut or edited name ("一级" for 一级指标,
    /// "本年实际" for 实际完成值) — which one it probably is.
    static func missingColumns(_ missing: [String], header: [String], at location: SourceLocation) -> InputError {
        let found = header.map(TextNormalizer.trim).filter { !$0.isEmpty }
        let unknown = found.filter { column(for: $0) == nil }
        let diagnostics = missing.map { name -> Diagnostic in
            var message = "表头中找不到“\(name)”列。找到的列：\(found.joined(separator: "、"))。"
            if let guess = unknown.first(where: { sharesTwoCharacters($0, name) }) {
                message += "“\(guess)”是否就是“\(name)”？"
            }
            message += "请把列名改回“\(name)”（应有的列：\(template.joined(separator: "、"))），或用 jixiao template 重新生成填报表。"
            return Diagnostic(.error, at: location, message)
        }
        return InputError(diagnostics)
    }

    /// Two consecutive characters in common ("一级"/"一级指标", "本年实际"/"实际完成值").
    static func sharesTwoCharacters(_ a: String, _ b: String) -> Bool {
        let x = Array(TextNormalizer.removingSpaces(a)), y = Array(b)
        guard x.count >= 2 else { return false }
        let pairs = Set((0..<(y.count - 1)).map { String(y[$0...($0 + 1)]) })
        return (0..<(x.count - 1)).contains { pairs.contains(String(x[$0...($0 + 1)])) }
    }
}

/// Reads filled actuals rows from the template's flat layout (csv, or a flat xlsx sheet).
public enum ActualsTableReader {
    /// Turns header + rows into entries. `location(row, column)` makes the location of a cell
    /// (a line for csv, a sheet and cell for xlsx).
    public static func entries(
        header: [String], rows: [(fields: [String], location: SourceLocation)], headerLocation: SourceLocation
    ) throws -> [ActualEntry] {
        var index: [String: Int] = [:]
        for (i, cell) in header.enumerated() {
            if let column = ActualsColumns.column(for: cell), index[column] == nil { index[column] = i }
        }
        let missing = ActualsColumns.required.filter { index[$0] == nil }
        if !missing.isEmpty { throw ActualsColumns.missingColumns(missing, header: header, at: headerLocation) }
        var entries: [ActualEntry] = []
        for row in rows {
            func cell(_ column: String) -> String {
                guard let i = index[column], i < row.fields.count else { return "" }
                // Our csv outputs neutralise formula-like cells with an apostrophe: take it off.
                return TextNormalizer.trim(CSVWriter.restored(row.fields[i]))
            }
            if row.fields.allSatisfy({ TextNormalizer.trim($0).isEmpty }) { continue }
            var entry = ActualEntry(
                ownerCode: cell(ActualsColumns.code), level1: cell(ActualsColumns.level1), level2: cell(ActualsColumns.level2),
                level3: cell(ActualsColumns.level3), raw: cell(ActualsColumns.actual), pointsRaw: cell(ActualsColumns.points),
                claimedScoreRaw: cell(ActualsColumns.score), reason: cell(ActualsColumns.reason), source: row.location)
            entry.ownerName = cell(ActualsColumns.name)
            entries.append(entry)
        }
        return entries
    }

    /// Reads a csv file's bytes (UTF-8 with or without BOM, or GB18030).
    public static func readCSV(data: Data, fileName: String) throws -> [ActualEntry] {
        try readCSVFile(data: data, fileName: fileName).entries
    }

    /// Reads a csv file's bytes, with the template's own row above the header (year, departments).
    public static func readCSVFile(data: Data, fileName: String) throws -> ActualsFile {
        let text = try TextDecoding.decode(data, file: fileName)
        let records: [CSVParser.Record]
        do {
            records = try CSVParser.parse(text)
        } catch {
            throw InputError(at: SourceLocation(file: fileName, line: error.line), error.message)
        }
        // A monitoring file (执行进度: 项目编码, 月份, 累计支出 …) rather than actuals.
        if let progress = try ProgressCSV.rows(records, fileName: fileName) { return ActualsFile(entries: [], progress: progress) }
        guard let headerIndex = records.prefix(50).firstIndex(where: { ActualsColumns.isHeader($0.fields) }) else {
            throw InputError(at: SourceLocation(file: fileName, line: 1), "未找到表头：应有“\(ActualsColumns.template.joined(separator: ","))”一行。请用 jixiao template 生成填报表。")
        }
        let header = records[headerIndex]
        let metadata = records[..<headerIndex].lazy.compactMap { TemplateMetadata.csv($0.fields, at: SourceLocation(file: fileName, line: $0.line)) }.first
        let entries = try entries(
            header: header.fields,
            rows: records[(headerIndex + 1)...].map { ($0.fields, SourceLocation(file: fileName, line: $0.line)) },
            headerLocation: SourceLocation(file: fileName, line: header.line))
        return ActualsFile(entries: entries, metadata: metadata)
    }
}

/// What a filled actuals file holds: its rows (from the flat sheet and, in a workbook, from every
/// 自评表 sheet), what the template wrote about itself, and notes on what was not read.
public struct ActualsFile: Sendable {
    public var entries: [ActualEntry]
    public var metadata: TemplateMetadata?
    /// Sheets not read, each named (a sheet is never skipped silently).
    public var notes: [Diagnostic] = []
    /// Monitoring rows (执行进度: cumulative spending by month, indicator values so far).
    public var progress: [ProgressRow] = []

    public init(entries: [ActualEntry], metadata: TemplateMetadata? = nil, notes: [Diagnostic] = [], progress: [ProgressRow] = []) {
        self.progress = progress
        self.entries = entries
        self.metadata = metadata
        self.notes = notes
    }
}

extension ActualsTableReader {
    /// Sheets of the template's instructions, read by no one.
    static let instructionSheets: Set<String> = ["填报说明", "说明", "填表说明"]

    /// A flat table inside a grid read whole; nil when it has no header row.
    static func flatEntries(_ grid: SelfEvaluationFormReader.Grid, sheet: String, file: String) throws -> [ActualEntry]? {
        let rows = grid.keys.sorted()
        guard let headerRow = rows.first(where: { r in
            let texts = (grid[r] ?? [:]).values.map { $0 }
            return ActualsColumns.isHeader(texts) && texts.contains { ActualsColumns.column(for: $0) == ActualsColumns.code }
        }), let width = grid[headerRow]?.keys.max() else { return nil }
        let header = (1...width).map { grid[headerRow]?[$0] ?? "" }
        let actualColumn = (header.firstIndex { ActualsColumns.column(for: $0) == ActualsColumns.actual } ?? 0) + 1
        func at(_ row: Int, _ column: Int) -> SourceLocation { SourceLocation(file: file, sheet: sheet, cell: XLSXReference.name(row: row, column: column)) }
        return try entries(header: header, rows: rows.filter { $0 > headerRow }.map { r in ((1...width).map { grid[r]?[$0] ?? "" }, at(r, actualColumn)) },
                           headerLocation: at(headerRow, 1))
    }

    /// Reads the flat sheet of an actuals workbook (see `readWorkbook`).
    public static func readXLSX(_ file: XLSXFile) throws -> [ActualEntry] { try readWorkbook(file).entries }

    /// Reads every sheet of an actuals workbook: the flat sheet (the program's own, or any sheet
    /// whose header row, within its first 20 rows, has three of the template's columns), every
    /// 自评表 sheet, and the template's hidden `jixiao` sheet. A flat sheet is streamed: no table of
    /// its cells is built, only the rows below the header, within the header's columns (a stray
    /// value far to the right would otherwise widen every row); a 自评表 is small and read whole
    /// (within `formCells`). Any other sheet is named in a note.
    public static func readWorkbook(_ file: XLSXFile, formCells: Int = 100_000) throws -> ActualsFile {
        struct Stop: Error {}
        var result = ActualsFile(entries: [])
        var flatFound = false
        for index in file.sheets.indices {
            let entry = file.sheets[index]
            let name = entry.name
            enum Mode { case probing, flat, form, metadata, progress }
            var mode = Mode.probing
            var probe: [(row: Int, cells: [(Int, String)])] = []
            var header: [String] = []
            var headerRow = 0
            var actualColumn = 1
            var rows: [(row: Int, fields: [String])] = []
            var grid: SelfEvaluationFormReader.Grid = [:]
            var held = 0
            var tooBig = false
            do {
                try file.forEachRow(ofSheet: index) { row, cells in
                    switch mode {
                    case .flat, .progress:
                        var fields = Array(repeating: "", count: header.count)
                        for (c, t) in cells where c <= header.count { fields[c - 1] = t }
                        rows.append((row, fields))
                    case .form, .metadata:
                        held += cells.count
                        if held > formCells { tooBig = true; throw Stop() }
                        for (c, t) in cells { grid[row, default: [:]][c] = t }
                    case .probing:
                        if row > 20 { throw Stop() }
                        let texts = cells.map(\.1)
                        if ProgressCSV.isHeader(texts), let last = cells.last?.0 {
                            // A 执行进度 sheet (monitoring): read as the csv of spending rows is.
                            var fields = Array(repeating: "", count: last)
                            for (c, t) in cells { fields[c - 1] = t }
                            header = fields
                            headerRow = row
                            actualColumn = (fields.firstIndex { if case .amount = ProgressCSV.column($0) { return true } else { return false } } ?? 0) + 1
                            mode = .progress
                            return
                        }
                        if texts.first.map({ TextNormalizer.trim($0) == TemplateMetadata.marker }) == true, cells.first?.0 == 1 {
                            mode = .metadata
                        } else if !ActualsColumns.isHeader(texts), SelfEvaluationFormReader.looksLikeForm(texts) {
                            mode = .form
                        } else if ActualsColumns.isHeader(texts), let last = cells.last?.0 {
                            var fields = Array(repeating: "", count: last)
                            for (c, t) in cells { fields[c - 1] = t }
                            header = fields
                            headerRow = row
                            actualColumn = (fields.firstIndex { ActualsColumns.column(for: $0) == ActualsColumns.actual } ?? 0) + 1
                            mode = .flat
                            return
                        }
                        probe.append((row, cells))
                        if mode == .form || mode == .metadata {
                            for (r, cs) in probe { for (c, t) in cs { grid[r, default: [:]][c] = t } }
                            held = grid.values.reduce(0) { $0 + $1.count }
                        }
                    }
                }
            } catch is Stop {}
            let place = SourceLocation(file: file.fileName, sheet: name)
            switch mode {
            case .flat where !flatFound:
                flatFound = true
                func at(_ row: Int, _ column: Int) -> SourceLocation {
                    SourceLocation(file: file.fileName, sheet: name, cell: XLSXReference.name(row: row, column: column))
                }
                // Rows in order (Excel and LibreOffice write them so; a file that does not is sorted).
                let ordered = zip(rows, rows.dropFirst()).allSatisfy { $0.row < $1.row } ? rows : rows.enumerated().sorted { ($0.element.row, $0.offset) < ($1.element.row, $1.offset) }.map(\.element)
                result.entries += try entries(header: header, rows: ordered.map { ($0.fields, at($0.row, actualColumn)) }, headerLocation: at(headerRow, 1))
            case .progress:
                func at(_ row: Int, _ column: Int) -> SourceLocation {
                    SourceLocation(file: file.fileName, sheet: name, cell: XLSXReference.name(row: row, column: column))
                }
                let ordered = rows.sorted { $0.row < $1.row }
                result.progress += try ProgressCSV.rows(header: header, rows: ordered.map { ($0.fields, at($0.row, actualColumn)) }, headerLocation: at(headerRow, 1))
            case .flat:
                result.notes.append(Diagnostic(.warning, at: place, "工作表「\(name)」也像是填报数据表，但填报数据已从前面的一张表读取；本表未读取。请把数据合并到一张表中。"))
            case .metadata:
                let rows = grid.keys.sorted().map { r in (1...2).map { grid[r]?[$0] ?? "" } }
                result.metadata = TemplateMetadata.sheet(rows, at: place)
            case .form where tooBig:
                result.notes.append(Diagnostic(.warning, at: place, "工作表「\(name)」像是自评表，但有值的单元格超过 \(formCells) 个，未读取。"))
            case .form:
                if let formEntries = SelfEvaluationFormReader.entries(grid, sheet: name, file: file.fileName) {
                    result.entries += formEntries
                } else if !flatFound, let flat = try flatEntries(grid, sheet: name, file: file.fileName) {
                    // A flat sheet under a title that names the 自评表.
                    flatFound = true
                    result.entries += flat
                } else if !instructionSheets.contains(TextNormalizer.removingSpaces(name)) {
                    result.notes.append(Diagnostic(.warning, at: place, "工作表「\(name)」像是自评表，但找不到“项目编码”或指标表（一级指标……实际完成值），未读取。"))
                }
            case .probing where instructionSheets.contains(TextNormalizer.removingSpaces(name)):
                continue  // the template's instructions (a project named 说明 still reads: it is a form)
            case .probing:
                result.notes.append(Diagnostic(.warning, at: place, entry.isHidden
                    ? "隐藏工作表「\(name)」不是填报数据表或自评表，未读取。"
                    : "工作表「\(name)」既不是填报数据表（表头应含\(ActualsColumns.required.joined(separator: "、"))等列），也不是自评表，未读取。"))
            }
        }
        if !flatFound, result.entries.isEmpty, result.progress.isEmpty {
            throw InputError([Diagnostic(.error, at: SourceLocation(file: file.fileName), "工作簿中没有填报数据表或自评表：应有一张表的表头含“\(ActualsColumns.template.joined(separator: "、"))”，或项目支出绩效自评表。请用 jixiao template --out 文件.xlsx 生成填报表。")] + result.notes)
        }
        return result
    }
}
