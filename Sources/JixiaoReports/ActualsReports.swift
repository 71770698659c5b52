import Foundation
import JixiaoDocuments
import JixiaoModel

/// Reports on recorded actuals.
public enum ActualsReports {
    /// `jixiao history CODE`.
    public static func history(code: String, year: Int, changes: [ActualChange], format: OutputFormat) -> String {
        func item(_ c: ActualChange) -> String { c.key.level3.isEmpty ? c.key.level1 : c.key.level3 }
        func source(_ c: ActualChange) -> String {
            guard let f = c.sourceFile.map({ URL(fileURLWithPath: $0).lastPathComponent }) else { return "" }
            return c.sourceRow.map { "\(f):\($0)" } ?? f
        }
        switch format {
        case .json:
            return JSONValue.object([
                ("code", .string(code)), ("year", .number(String(year))),
                ("changes", .array(changes.map { c in
                    .object([
                        ("level1", .string(c.key.level1)), ("level2", .string(c.key.level2)), ("level3", .string(c.key.level3)),
                        ("old_value", .optional(c.oldValue)), ("new_value", .string(c.newValue)),
                        ("old_reason", .optional(c.oldReason)), ("new_reason", .string(c.newReason)),
                        ("old_points", c.oldPoints.map(JSONValue.decimal) ?? .null), ("new_points", c.newPoints.map(JSONValue.decimal) ?? .null),
                        ("changed_at", .string(c.changedAt)), ("changed_by", .string(c.changedBy)),
                        ("source_file", .optional(c.sourceFile)), ("source_row", .optional(c.sourceRow)),
                    ])
                })),
            ]).serialized()
        case .csv:
            var csv = CSVWriter()
            csv.row(["时间", "修改人", "一级指标", "二级指标", "三级指标", "原值", "新值", "原偏差原因", "新偏差原因", "来源"])
            for c in changes {
                csv.row([c.changedAt, c.changedBy, c.key.level1, c.key.level2, c.key.level3, c.oldValue ?? "", c.newValue, c.oldReason ?? "", c.newReason, source(c)])
            }
            return csv.text
        default:
            guard !changes.isEmpty else { return "\(code) 在 \(year) 年度还没有录入过实际完成值。\n" }
            var table = TextTable(headers: ["时间", "修改人", "指标", "原值", "新值", "偏差原因", "来源"], maxCellWidth: 30)
            for c in changes {
                let reason = c.oldReason == c.newReason ? "" : c.newReason
                table.append([c.changedAt, c.changedBy, item(c), c.oldValue ?? "（无）", c.isClearing ? "（已清除）" : c.newValue, reason, source(c)])
            }
            return "\(code) 实际完成值修改历史（\(year)年度，\(changes.count) 条）\n" + table.render()
        }
    }
}
