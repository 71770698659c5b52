import Foundation
import JixiaoModel

/// `jixiao runs`: the stored score runs, one line each (time, profile, hash, user, department score).
public enum RunsReport {
    public static func render(_ runs: [ScoreRunListing], year: Int?, format: OutputFormat) throws -> Data {
        switch format {
        case .json:
            let items = runs.map { r in
                JSONValue.object([
                    ("id", .number(String(r.id))), ("year", .number(String(r.year))), ("scored_at", .string(r.scoredAt)),
                    ("scored_by", .string(r.scoredBy)), ("profile", .object([("name", .string(r.profileName)), ("hash", .string(r.profileHash))])),
                    ("final", .bool(r.final)),
                    ("departments", .array(r.departments.map { d in
                        .object([("code", .string(d.code)), ("name", .string(d.name)), ("score", d.score.map(JSONValue.score) ?? .null),
                                 ("grade", d.grade.map(JSONValue.string) ?? .null)])
                    })),
                ])
            }
            return Data(JSONValue.object([("runs", .array(items))]).serialized().utf8)
        case .text:
            guard !runs.isEmpty else {
                return Data("\(year.map { "\($0) 年度" } ?? "数据库中")还没有保存的评分。用 jixiao score 评分（每次评分都会保存）。\n".utf8)
            }
            var table = TextTable(headers: ["序号", "年度", "评分时间", "评分规则", "规则哈希", "评分人", "单位", "部门得分"],
                                  alignments: [.right, .left, .left, .left, .left, .left, .left, .right], maxCellWidth: 40)
            for r in runs {
                let score: String
                if r.departments.count == 1, let d = r.departments.first {
                    score = d.score.map { "\(Decimals.fixed($0, 2)) \(d.grade ?? "")" } ?? "—"
                } else {
                    score = "—"
                }
                let unit = r.departments.count == 1 ? r.departments[0].code : "\(r.departments.count) 个单位"
                table.append([String(r.id), String(r.year), r.scoredAt, r.profileName + (r.final ? "（截止日）" : ""), String(r.profileHash.prefix(12)),
                              r.scoredBy, unit, score])
            }
            let title = "已保存的评分（\(year.map { "\($0) 年度，" } ?? "")\(runs.count) 次；jixiao report 默认按最近一次的规则出报告）\n"
            return Data((title + table.render()).utf8)
        default:
            throw InputError("runs 支持的格式：text、json。")
        }
    }
}
