import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel

/// The output of `audit`: per table the claimed and recomputed total and grade and every
/// difference with its reason; then a summary across files.
public enum AuditReport {

    /// A file that could not be read.
    public struct Failure: Sendable {
        public var source: String
        public var message: String
        public init(source: String, message: String) {
            self.source = source
            self.message = message
        }
    }

    static func title(_ r: Auditor.Result) -> String {
        let t = r.table
        return "\(t.source) · \(t.projectName.isEmpty ? "（未写项目名称）" : t.projectName)\(t.projectCode.isEmpty ? "" : "（\(t.projectCode)）")"
    }

    static func gradeChanges(_ results: [Auditor.Result]) -> [(String, Int)] {
        var counts: [String: Int] = [:]
        for r in results {
            let claimed = r.claimedGrade.map { Auditor.normalize(grade: $0) } ?? "未标"
            if claimed != r.recomputedGrade { counts["\(claimed)→\(r.recomputedGrade)", default: 0] += 1 }
        }
        return counts.sorted { $0.key < $1.key }
    }

    static func summaryLine(_ results: [Auditor.Result], _ failures: [Failure], files: Int) -> String {
        let all = results.flatMap(\.findings)
        let changed = results.filter { $0.claimedGrade.map(Auditor.normalize(grade:)) != $0.recomputedGrade }.count
        let off = results.filter { r in r.claimedTotal.map { abs($0 - r.recomputedTotal) > Decimal(string: "0.01")! } ?? false }.count
        return "\(files) 个文件（\(failures.count) 个无法读取），\(results.count) 张自评表；总分与重算不符 \(off) 张，等级变化 \(changed) 张；"
            + "错误 \(all.filter { $0.severity == .error }.count)，警告 \(all.filter { $0.severity == .warning }.count)，提示 \(all.filter { $0.severity == .note }.count)"
    }

    public static func render(_ results: [Auditor.Result], failures: [Failure], files: Int, profile: Profile, format: OutputFormat) throws -> Data {
        let byCode = ReviewReport.byCode([ReviewedTable(source: "", department: nil, findings: results.flatMap(\.findings))])
        switch format {
        case .json:
            let value = JSONValue.object([
                ("profile", .string(profile.name)),
                ("tables", .array(results.map { r in
                    .object([
                        ("source", .string(r.table.source)), ("project_code", .string(r.table.projectCode)), ("project_name", .string(r.table.projectName)),
                        ("claimed_total", r.claimedTotal.map(JSONValue.score) ?? .null), ("claimed_grade", .optional(r.claimedGrade)),
                        ("claimed_sum", .score(r.claimedSum)),
                        ("recomputed_total", .score(r.recomputedTotal)), ("recomputed_grade", .string(r.recomputedGrade)),
                        ("lines", .array(r.lines.map { l in
                            .object([("label", .string(l.label)), ("weight", l.weight.map(JSONValue.score) ?? .null),
                                     ("claimed", l.claimed.map(JSONValue.score) ?? .null), ("expected", l.expected.map(JSONValue.score) ?? .null),
                                     ("explanation", .string(l.explanation))])
                        })),
                        ("findings", .array(r.findings.map(ScoresJSON.finding))),
                    ])
                })),
                ("failures", .array(failures.map { .object([("source", .string($0.source)), ("message", .string($0.message))]) })),
                ("summary", .object([
                    ("files", .number(String(files))), ("tables", .number(String(results.count))),
                    ("findings_by_code", .object(byCode.map { ($0.0, .object([("error", .number(String($0.1))), ("warning", .number(String($0.2))), ("note", .number(String($0.3)))])) })),
                    ("grade_changes", .object(gradeChanges(results).map { ($0.0, .number(String($0.1))) })),
                ])),
            ])
            return Data(value.serialized().utf8)
        case .csv, .xlsx:
            let headers = ["文件", "项目编码", "项目名称", "表中总分", "表中等级", "重算总分", "重算等级", "位置", "严重程度", "代码", "指标", "问题"]
            var rows: [[String]] = []
            for r in results {
                let base = [r.table.source, r.table.projectCode, r.table.projectName, Shown.number(r.claimedTotal), r.claimedGrade ?? "", Shown.number(r.recomputedTotal), r.recomputedGrade]
                if r.findings.isEmpty { rows.append(base + ["", "", "", "", "未发现问题"]) }
                for f in r.findings {
                    rows.append(base + [f.location?.description ?? "", f.severity.label, f.code.rawValue, f.indicator ?? "", f.message])
                }
            }
            for f in failures { rows.append([f.source, "", "", "", "", "", "", "", "错误", "", "", f.message]) }
            if format == .csv {
                var w = CSVWriter()
                w.row(headers)
                rows.forEach { w.row($0) }
                return Data(w.text.utf8)
            }
            var book = XLSXWorkbook()
            var sheet = XLSXWorkbook.Sheet(name: "审核结果")
            sheet.columnWidths = [28, 22, 24, 9, 8, 9, 8, 26, 8, 6, 18, 70]
            sheet.frozenRows = 1
            sheet.append(headers.map { .text($0, .header) })
            rows.forEach { row in sheet.append(row.map { .text($0) }) }
            book.add(sheet)
            return try book.data()
        default:
            let markdown = format == .markdown
            let e = { (s: String) in markdown ? Markdown.text(s) : s }
            var out = markdown ? "# 自评表审核（规则 \(e(profile.name))）\n\n" : "自评表审核 · 规则 \(profile.name)（\(profile.title)）\n\n"
            for r in results {
                out += markdown ? "## \(e(title(r)))\n\n" : title(r) + "\n"
                out += (markdown ? "" : "  ") + "表中：总分 \(Shown.number(r.claimedTotal))（各项之和 \(Shown.number(r.claimedSum))） 等级 \(e(r.claimedGrade ?? "—"))　→　重算：总分 \(Shown.number(r.recomputedTotal)) 等级 \(e(r.recomputedGrade))\n"
                let differences = r.lines.filter { $0.differs }
                if !differences.isEmpty {
                    out += markdown ? "\n" : "  差异：\n"
                    let rows = differences.map { [$0.label, Shown.number($0.weight), Shown.number($0.claimed), Shown.number($0.expected), $0.explanation] }
                    if markdown {
                        out += Markdown.table(["项目/指标", "分值", "表中得分", "按规则", "推导"], rows, rightAligned: [1, 2, 3]) + "\n"
                    } else {
                        for row in rows { out += "    \(row[0])：分值 \(row[1])，表中 \(row[2])，按规则 \(row[3])（\(row[4])）\n" }
                    }
                }
                if !r.findings.isEmpty {
                    out += markdown ? "" : "  问题：\n"
                    for f in r.findings.sorted(by: { $0.severity < $1.severity }) {
                        out += (markdown ? "- " : "    ") + "[\(f.severity.label) \(f.code) \(Finding.titles[f.code.rawValue] ?? "")]\(f.indicator.map { " \(e($0))：" } ?? " ")\(e(f.message))\(f.location.map { "（\(e($0.description))）" } ?? "")\n"
                    }
                } else {
                    out += (markdown ? "" : "  ") + "未发现问题。\n"
                }
                out += "\n"
            }
            for f in failures { out += "\(markdown ? Markdown.text(f.source, lineStart: true) : f.source)：无法读取：\(e(f.message))\n\n" }
            out += (markdown ? "## 汇总\n\n" : "汇总：") + e(summaryLine(results, failures, files: files)) + "\n"
            let changes = gradeChanges(results)
            if !changes.isEmpty { out += "等级变化：" + changes.map { "\($0.0) \($0.1) 张" }.joined(separator: "，") + "\n" }
            let rows = byCode.map { [$0.0, Finding.titles[$0.0] ?? "", String($0.1), String($0.2), String($0.3)] }
            if !rows.isEmpty {
                if markdown {
                    out += "\n" + Markdown.table(["代码", "问题", "错误", "警告", "提示"], rows, rightAligned: [2, 3, 4])
                } else {
                    var table = TextTable(headers: ["代码", "问题", "错误", "警告", "提示"], alignments: [.left, .left, .right, .right, .right])
                    rows.forEach { table.append($0) }
                    out += table.render()
                }
            }
            return Data(out.utf8)
        }
    }
}
