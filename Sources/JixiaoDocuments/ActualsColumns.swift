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

    /// The template's header, exactly.
    public static let all = [code, name, level1, level2, level3, target, actual, points, score, reason]

    /// Header spellings seen in filled files, mapped to the column they mean.
    static let synonyms: [String: String] = [
        "单位编码": code, "编码": code, "项目代码": code,
        "指标值": target, "目标值": target, "年度目标值": target,
        "实际值": actual, "完成值": actual, "全年实际值": actual, "实际完成情况": actual,
        "权重": points, "指标分值": points,
        "自评得分": score, "评分": score,
        "偏差原因": reason, "偏差原因分析": reason, "偏差原因分析及改进措施": reason, "原因分析及改进措施": reason, "备注": reason,
    ]

    /// The column a header cell names, or nil.
    static func column(for header: String) -> String? {
        let h = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(header))
            .replacingOccurrences(of: "（万元）", with: "").replacingOccurrences(of: "(万元)", with: "")
        if all.contains(h) { return h }
        return synonyms[h]
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
        let required = [ActualsColumns.code, ActualsColumns.level1, ActualsColumns.level3, ActualsColumns.actual]
        let missing = required.filter { index[$0] == nil }
        if !missing.isEmpty {
            throw InputError(at: headerLocation, "表头缺少列：\(missing.joined(separator: "、"))。应为：\(ActualsColumns.all.joined(separator: ","))。请用 jixiao template 生成填报表。")
        }
        var entries: [ActualEntry] = []
        for row in rows {
            func cell(_ column: String) -> String {
                guard let i = index[column], i < row.fields.count else { return "" }
                // Our csv outputs neutralise formula-like cells with an apostrophe: take it off.
                return TextNormalizer.trim(CSVWriter.restored(row.fields[i]))
            }
            if row.fields.allSatisfy({ TextNormalizer.trim($0).isEmpty }) { continue }
            entries.append(ActualEntry(
                ownerCode: cell(ActualsColumns.code), level1: cell(ActualsColumns.level1), level2: cell(ActualsColumns.level2),
                level3: cell(ActualsColumns.level3), raw: cell(ActualsColumns.actual), pointsRaw: cell(ActualsColumns.points),
                claimedScoreRaw: cell(ActualsColumns.score), reason: cell(ActualsColumns.reason), source: row.location))
        }
        return entries
    }

    /// Reads a csv file's bytes (UTF-8 with or without BOM, or GB18030).
    public static func readCSV(data: Data, fileName: String) throws -> [ActualEntry] {
        let text = try TextDecoding.decode(data, file: fileName)
        let records: [CSVParser.Record]
        do {
            records = try CSVParser.parse(text)
        } catch {
            throw InputError(at: SourceLocation(file: fileName, line: error.line), error.message)
        }
        guard let headerIndex = records.firstIndex(where: { r in r.fields.contains { ActualsColumns.column(for: $0) == ActualsColumns.actual } }) else {
            throw InputError(at: SourceLocation(file: fileName, line: 1), "未找到表头：应有“\(ActualsColumns.all.joined(separator: ","))”一行。请用 jixiao template 生成填报表。")
        }
        let header = records[headerIndex]
        return try entries(
            header: header.fields,
            rows: records[(headerIndex + 1)...].map { ($0.fields, SourceLocation(file: fileName, line: $0.line)) },
            headerLocation: SourceLocation(file: fileName, line: header.line))
    }
}

extension ActualsTableReader {
    /// Reads the flat sheet of an actuals workbook (the program's own, or any workbook with a
    /// sheet whose header row, within its first 20 rows, has the template's columns). The sheet
    /// is streamed: no table of its cells is built, only the rows below the header, within the
    /// header's columns (a stray value far to the right would otherwise widen every row).
    public static func readXLSX(_ file: XLSXFile) throws -> [ActualEntry] {
        struct NoHeader: Error {}
        for index in file.sheets.indices {
            var header: [String]?
            var headerRow = 0
            var actualColumn = 1
            var rows: [(row: Int, fields: [String])] = []
            do {
                try file.forEachRow(ofSheet: index) { row, cells in
                    guard let width = header?.count else {
                        if row > 20 { throw NoHeader() }
                        let texts = cells.map(\.1)
                        guard texts.contains(where: { ActualsColumns.column(for: $0) == ActualsColumns.actual }),
                              texts.contains(where: { ActualsColumns.column(for: $0) == ActualsColumns.code }),
                              let last = cells.last?.0 else { return }
                        var fields = Array(repeating: "", count: last)
                        for (c, t) in cells { fields[c - 1] = t }
                        header = fields
                        headerRow = row
                        actualColumn = (fields.firstIndex { ActualsColumns.column(for: $0) == ActualsColumns.actual } ?? 0) + 1
                        return
                    }
                    var fields = Array(repeating: "", count: width)
                    for (c, t) in cells where c <= width { fields[c - 1] = t }
                    rows.append((row, fields))
                }
            } catch is NoHeader {
                continue
            }
            guard let header else { continue }
            let name = file.sheets[index].name
            func at(_ row: Int, _ column: Int) -> SourceLocation {
                SourceLocation(file: file.fileName, sheet: name, cell: XLSXReference.name(row: row, column: column))
            }
            // Rows in order (Excel and LibreOffice write them so; a file that does not is sorted).
            let ordered = zip(rows, rows.dropFirst()).allSatisfy { $0.row < $1.row } ? rows : rows.enumerated().sorted { ($0.element.row, $0.offset) < ($1.element.row, $1.offset) }.map(\.element)
            return try entries(header: header, rows: ordered.map { ($0.fields, at($0.row, actualColumn)) }, headerLocation: at(headerRow, 1))
        }
        throw InputError(at: SourceLocation(file: file.fileName), "工作簿中没有填报数据表：应有一张表的表头含“\(ActualsColumns.all.joined(separator: "、"))”。请用 jixiao template --out 文件.xlsx 生成填报表。")
    }
}
