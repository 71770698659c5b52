import Foundation
import JixiaoModel

/// Reads the monitoring rows (执行进度) of a csv exported from a budget system or filled by hand:
/// 项目编码, 月份, 累计支出（万元）or 累计支出（元）, and optionally 三级指标 with 截至目前完成值,
/// 偏差原因及纠偏措施, 年度 and 项目名称 (ignored). Column order is free; a header must name 项目编码,
/// 月份 and 累计支出 or 截至目前完成值.
public enum ProgressCSV {
    /// The columns the reader knows, as the template writes them.
    public static let template = ["项目编码", "项目名称", "月份", "累计支出（万元）", "三级指标", "截至目前完成值", "偏差原因及纠偏措施"]

    enum Column: Equatable { case code, month, amount(yuan: Bool), indicator, value, reason, year, ignored }

    /// What a header cell names; nil for a cell the reader does not know.
    static func column(_ cell: String) -> Column? {
        var s = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(cell))
        s = s.replacingOccurrences(of: "(", with: "（").replacingOccurrences(of: ")", with: "）")
        switch s {
        case "项目编码", "项目代码", "编码": return .code
        case "月份", "月", "截至月份", "期间", "执行月份": return .month
        case "三级指标", "指标名称", "绩效指标": return .indicator
        case "截至目前完成值", "目前完成值", "截至本月完成值", "累计完成值": return .value
        case "偏差原因及纠偏措施", "偏差原因", "偏差原因分析及纠偏措施", "原因及纠偏措施": return .reason
        case "年度", "预算年度": return .year
        case "项目名称", "单位名称", "单位编码", "序号", "备注", "计划累计（万元）", "计划累计": return .ignored
        default: break
        }
        for stem in ["累计支出", "累计执行", "累计执行数", "累计支出数", "支出累计", "截至本月累计支出", "累计支付"] where s.hasPrefix(stem) {
            let unit = s.dropFirst(stem.count)
            if unit.isEmpty || unit == "（万元）" || unit == "万元" { return .amount(yuan: false) }
            if unit == "（元）" || unit == "元" { return .amount(yuan: true) }
        }
        return nil
    }

    /// Whether a csv row is the header of a monitoring file (not of an actuals file).
    public static func isHeader(_ fields: [String]) -> Bool {
        let columns = fields.compactMap(column)
        return columns.contains(.code) && columns.contains(.month)
            && (columns.contains(.value) || columns.contains { if case .amount = $0 { return true } else { return false } })
    }

    /// The monitoring rows of csv records, the header among the first 50; nil when there is no
    /// monitoring header (the file is an actuals file).
    public static func rows(_ records: [CSVParser.Record], fileName: String) throws -> [ProgressRow]? {
        guard let headerIndex = records.prefix(50).firstIndex(where: { isHeader($0.fields) }) else { return nil }
        let header = records[headerIndex]
        return try rows(header: header.fields, rows: records[(headerIndex + 1)...].map { ($0.fields, SourceLocation(file: fileName, line: $0.line)) },
                        headerLocation: SourceLocation(file: fileName, line: header.line))
    }

    /// The monitoring rows under `header`, each with where it came from. A row with neither
    /// 累计支出, 截至目前完成值 nor a reason is not read (the template's unfilled rows).
    public static func rows(header: [String], rows records: [([String], SourceLocation)], headerLocation: SourceLocation) throws -> [ProgressRow] {
        var errors: [Diagnostic] = []
        var columns: [Int: Column] = [:]
        for (i, cell) in header.enumerated() {
            let text = TextNormalizer.trim(cell)
            guard !text.isEmpty else { continue }
            guard let c = column(text) else {
                errors.append(Diagnostic(.error, at: headerLocation, "未知的列“\(text)”。执行进度可用的列：\(template.joined(separator: "、"))、累计支出（元）、年度。"))
                continue
            }
            if c != .ignored, columns.values.contains(c) { errors.append(Diagnostic(.error, at: headerLocation, "列“\(text)”重复。")) }
            columns[i] = c
        }
        if !errors.isEmpty { throw InputError(errors) }
        var result: [ProgressRow] = []
        for (fields, location) in records {
            var row = ProgressRow(code: "", month: "", source: location)
            for (i, field) in fields.enumerated() {
                let text = TextNormalizer.trim(field)
                guard let c = columns[i], !text.isEmpty else { continue }
                switch c {
                case .code: row.code = text
                case .month: row.month = text
                case .amount(let yuan): row.amount = text; row.inYuan = yuan
                case .indicator: row.indicator = text
                case .value: row.value = text
                case .reason: row.reason = text
                case .year: row.year = text
                case .ignored: continue
                }
            }
            if !row.amount.isEmpty || !row.value.isEmpty || !row.reason.isEmpty || (!row.code.isEmpty && row.month.isEmpty) { result.append(row) }
        }
        return result
    }
}
