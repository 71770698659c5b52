import Foundation
import JixiaoDocuments
import JixiaoModel

/// One reviewed target table (a file, or a department from the database).
public struct ReviewedTable: Sendable {
    /// The file name, or "数据库" for stored targets.
    public var source: String
    public var department: Department?
    public var findings: [Finding]
    /// Why the file could not be read, when it could not.
    public var failure: String?

    public init(source: String, department: Department?, findings: [Finding], failure: String? = nil) {
        self.source = source
        self.department = department
        self.findings = findings
        self.failure = failure
    }
}

/// The output of `review`: per table its findings with location and fix, then a summary. In text,
/// markdown and html the repeated notes of a project are one line; json, csv and xlsx keep one
/// finding a row.
public enum ReviewReport {
    static let headers = ["位置", "严重程度", "代码", "项目", "指标", "问题与修改建议"]

    static func row(_ f: Finding, _ t: ReviewedTable) -> [String] {
        let project = t.department.flatMap { d in f.ownerCode == d.code ? "部门整体" : d.projects.first { $0.code == f.ownerCode }?.name } ?? f.ownerCode
        return [f.location?.description ?? t.source, f.severity.label, "\(f.code) \(Finding.titles[f.code.rawValue] ?? "")", project, f.indicator ?? "", f.message]
    }

    /// A printed line: notes of one code with the same message on several indicators of one
    /// project are one line naming the indicators ("…:81 等 5 处", "完成及时率、运行保障成本、…").
    static func groupedRow(_ group: [Finding], _ t: ReviewedTable) -> [String] {
        var r = row(group[0], t)
        guard group.count > 1 else { return r }
        r[0] += " 等 \(group.count) 处"
        var names: [String] = []
        for f in group { if let name = f.indicator, !names.contains(name) { names.append(name) } }
        r[4] = names.joined(separator: "、")
        return r
    }

    /// A table's findings in order, the repeated notes of each project gathered at the first one.
    /// Errors, warnings and project-level notes stay one line each.
    static func grouped(_ findings: [Finding]) -> [[Finding]] {
        var groups: [[Finding]] = []
        var index: [String: Int] = [:]
        for f in findings {
            guard f.severity == .note, f.indicator != nil else { groups.append([f]); continue }
            let key = "\(f.ownerCode)\u{1F}\(f.code)\u{1F}\(f.message)"
            if let i = index[key] {
                groups[i].append(f)
            } else {
                index[key] = groups.count
                groups.append([f])
            }
        }
        return groups
    }

    /// Findings per code across all tables: (code, errors, warnings, notes).
    static func byCode(_ tables: [ReviewedTable]) -> [(String, Int, Int, Int)] {
        let all = tables.flatMap(\.findings)
        return Set(all.map(\.code.rawValue)).sorted().map { code in
            let f = all.filter { $0.code.rawValue == code }
            return (code, f.filter { $0.severity == .error }.count, f.filter { $0.severity == .warning }.count, f.filter { $0.severity == .note }.count)
        }
    }

    public static func render(_ tables: [ReviewedTable], format: OutputFormat) throws -> Data {
        switch format {
        case .json: return Data(json(tables).serialized().utf8)
        case .csv:
            var w = CSVWriter()
            w.row(["文件", "单位编码", "项目编码"] + headers)
            for t in tables {
                if let failure = t.failure { w.row([t.source, "", "", t.source, "错误", "", "", "", failure]) }
                for f in t.findings { w.row([t.source, t.department?.code ?? "", f.ownerCode] + row(f, t)) }
            }
            return Data(w.text.utf8)
        case .xlsx:
            var book = XLSXWorkbook()
            var sheet = XLSXWorkbook.Sheet(name: "审核意见")
            sheet.columnWidths = [30, 8, 22, 28, 24, 70]
            sheet.frozenRows = 1
            sheet.append(headers.map { .text($0, .header) })
            for t in tables {
                if let failure = t.failure { sheet.append([.text(t.source), .text("错误"), .text(""), .text(""), .text(""), .text(failure)]) }
                for f in t.findings { sheet.append(row(f, t).map { .text($0) }) }
            }
            book.add(sheet)
            var summary = XLSXWorkbook.Sheet(name: "汇总")
            summary.columnWidths = [10, 24, 8, 8, 8]
            summary.append(["代码", "问题", "错误", "警告", "提示"].map { .text($0, .header) })
            for (code, e, w, n) in byCode(tables) {
                summary.append([.text(code), .text(Finding.titles[code] ?? ""), .number(Decimal(e)), .number(Decimal(w)), .number(Decimal(n))])
            }
            book.add(summary)
            return try book.data()
        case .html:
            var h = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>绩效目标表审核意见</title><style>\(ReportHTML.style)</style></head><body><h1>绩效目标表审核意见</h1>\n"
            for t in tables {
                h += "<h2>\(XMLText.escape(title(t)))</h2><table><tr>" + headers.map { "<th>\($0)</th>" }.joined() + "</tr>\n"
                for group in grouped(t.findings) {
                    let r = groupedRow(group, t)
                    h += "<tr><td>\(XMLText.escape(r[0]))</td><td class=\"sev-\(group[0].severity.rawValue)\">\(r[1])</td>" + r[2...].map { "<td>\(XMLText.escape($0))</td>" }.joined() + "</tr>\n"
                }
                h += "</table>\n"
            }
            h += "<h2>汇总</h2><p>\(XMLText.escape(summaryLine(tables)))</p><table><tr><th>代码</th><th>问题</th><th>错误</th><th>警告</th><th>提示</th></tr>"
            for (code, e, w, n) in byCode(tables) { h += "<tr><td>\(code)</td><td>\(Finding.titles[code] ?? "")</td><td class=\"n\">\(e)</td><td class=\"n\">\(w)</td><td class=\"n\">\(n)</td></tr>" }
            return Data((h + "</table></body></html>\n").utf8)
        default:
            let markdown = format == .markdown
            var out = markdown ? "# 绩效目标表审核意见\n\n" : ""
            for t in tables {
                out += markdown ? "## \(Markdown.text(title(t)))\n\n" : "\(title(t))\n"
                if let failure = t.failure { out += (markdown ? "" : "  ") + "无法读取：\(markdown ? Markdown.text(failure) : failure)\n\n"; continue }
                if t.findings.isEmpty { out += "  未发现问题。\n\n"; continue }
                if markdown {
                    out += Markdown.table(headers, grouped(t.findings).map { groupedRow($0, t) }) + "\n"
                } else {
                    for group in grouped(t.findings) {
                        let r = groupedRow(group, t)
                        out += "  \(r[0]): \(r[1]) \(r[2])｜\(r[3])\(r[4].isEmpty ? "" : " / " + r[4])：\(r[5])\n"
                    }
                    out += "\n"
                }
            }
            out += markdown ? "## 汇总\n\n\(Markdown.text(summaryLine(tables)))\n\n" : "汇总：\(summaryLine(tables))\n"
            let rows = byCode(tables).map { [$0.0, Finding.titles[$0.0] ?? "", String($0.1), String($0.2), String($0.3)] }
            if markdown {
                out += Markdown.table(["代码", "问题", "错误", "警告", "提示"], rows, rightAligned: [2, 3, 4])
            } else {
                var table = TextTable(headers: ["代码", "问题", "错误", "警告", "提示"], alignments: [.left, .left, .right, .right, .right])
                rows.forEach { table.append($0) }
                out += table.render()
            }
            return Data(out.utf8)
        }
    }

    static func title(_ t: ReviewedTable) -> String {
        guard let d = t.department else { return t.source }
        let e = t.findings.filter { $0.severity == .error }.count, w = t.findings.filter { $0.severity == .warning }.count, n = t.findings.filter { $0.severity == .note }.count
        return "\(t.source)：\(d.code) \(d.name)（\(d.year)年度，\(d.projects.count) 个项目）— 错误 \(e)，警告 \(w)，提示 \(n)"
    }

    static func summaryLine(_ tables: [ReviewedTable]) -> String {
        let all = tables.flatMap(\.findings)
        let failed = tables.filter { $0.failure != nil }.count
        return "\(tables.count) 个文件（\(failed) 个无法读取），\(tables.compactMap(\.department).reduce(0) { $0 + $1.projects.count }) 个项目；"
            + "错误 \(all.filter { $0.severity == .error }.count)，警告 \(all.filter { $0.severity == .warning }.count)，提示 \(all.filter { $0.severity == .note }.count)"
    }

    static func json(_ tables: [ReviewedTable]) -> JSONValue {
        .object([
            ("tables", .array(tables.map { t in
                .object([
                    ("source", .string(t.source)),
                    ("department", .optional(t.department?.code)),
                    ("year", t.department.map { .number(String($0.year)) } ?? .null),
                    ("projects", .number(String(t.department?.projects.count ?? 0))),
                    ("failure", .optional(t.failure)),
                    ("findings", .array(t.findings.map(ScoresJSON.finding))),
                ])
            })),
            ("summary", .object([
                ("files", .number(String(tables.count))),
                ("projects", .number(String(tables.compactMap(\.department).reduce(0) { $0 + $1.projects.count }))),
                ("findings_by_code", .object(byCode(tables).map { ($0.0, .object([("error", .number(String($0.1))), ("warning", .number(String($0.2))), ("note", .number(String($0.3)))])) })),
            ])),
        ])
    }
}
