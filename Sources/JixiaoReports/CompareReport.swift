import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel

/// Cells of a workbook from the texts a table shows: a score, amount or change ("99.42", "-4.10")
/// becomes a number with two decimals, a rate ("95.85%") a number with the percent format, a count
/// a number; anything else stays text.
enum XLSXCells {
    static func typed(_ text: String) -> XLSXWorkbook.Cell {
        let body = text.hasPrefix("+") ? String(text.dropFirst()) : text
        if body.hasSuffix("%"), body.contains("."), let d = Decimals.parse(String(body.dropLast())) { return .percent(d / 100) }
        if body.contains("."), body.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }), let d = Decimals.parse(body) { return .amount(d) }
        if !body.isEmpty, body.count < 10, body.allSatisfy(\.isASCII), body.allSatisfy(\.isNumber), let d = Decimals.parse(body) { return .number(d) }
        return .text(text)
    }
}

/// `compare`: years side by side per department.
public enum CompareReport {
    static func delta(_ a: Decimal?, _ b: Decimal?, percent: Bool = false) -> String {
        guard let a, let b else { return "" }
        let d = percent ? (b - a) * 100 : b - a
        return (d > 0 ? "+" : "") + Decimals.fixed(d, 2) + (percent ? " 个百分点" : "")
    }
    static func scored(_ p: ProjectResult?) -> String {
        guard let p else { return "—" }
        return p.status == .graded ? "\(Shown.number(p.total)) \(p.grade)" : p.status.label
    }

    static func figureRows(_ c: YearComparison) -> [[String]] {
        let f = c.figures
        func row(_ label: String, _ value: (YearComparison.Figures) -> String, _ change: String) -> [String] { [label] + f.map(value) + [change] }
        return [
            row("部门整体自评得分", { "\(Shown.number($0.ownScore)) \($0.ownGrade ?? "")" }, delta(f.first?.ownScore, f.last?.ownScore)),
            row("项目加权平均分", { "\(Shown.number($0.weighted)) \($0.weightedGrade ?? "")" }, delta(f.first?.weighted, f.last?.weighted)),
            row("部门预算执行率", { Shown.percent($0.executionRate) }, delta(f.first?.executionRate, f.last?.executionRate, percent: true)),
            row("预算合计（万元）", { Shown.number($0.budget) }, delta(f.first?.budget, f.last?.budget)),
            row("项目数", { String($0.projects) }, ""),
            row("错误级问题", { String($0.errors) }, ""),
        ]
    }

    static func projectRows(_ c: YearComparison) -> [[String]] {
        c.lines.map { line in
            let first = c.years.first.flatMap { line.years[$0] }, last = c.years.last.flatMap { line.years[$0] }
            var change = ""
            if let a = first, let b = last, a.status == .graded, b.status == .graded { change = delta(a.total, b.total) }
            else if first == nil { change = "新增" }
            else if last == nil { change = "终止" }
            return [line.name] + c.years.map { scored(line.years[$0]) } + [change, line.notes.joined(separator: "；")]
        }
    }

    static func changeRows(_ c: YearComparison) -> [[String]] {
        c.indicatorChanges.map { [$0.project, "\($0.fromYear)→\($0.toYear)", $0.kind.rawValue, $0.indicator, $0.before, $0.after] }
    }

    static func recurringRows(_ c: YearComparison) -> [[String]] {
        c.recurring.map { ["\($0.code) \($0.code.title)", $0.project, $0.indicator ?? "", $0.years.map(String.init).joined(separator: "、"), $0.message] }
    }

    /// Which part of a streamed output is rendered: the first chunk (with any header), a later
    /// chunk, or the closing (no departments, any footer).
    public enum Part: Sendable { case whole, first, middle, last }

    public static func render(_ comparisons: [YearComparison], profile: Profile, format: OutputFormat, part: Part = .whole) throws -> Data {
        switch format {
        case .json:
            guard part != .whole else { return Data(json(comparisons, profile: profile).serialized().utf8) }
            if part == .last { return Data("\n  ]\n}\n".utf8) }
            var out = part == .first ? "{\n  \"profile\": \(JSONValue.quote(profile.name)),\n  \"departments\": [" : ""
            guard case .object(let fields) = json(comparisons, profile: profile), case .array(let items)? = fields.first(where: { $0.0 == "departments" })?.1 else { return Data() }
            for (i, item) in items.enumerated() {
                let body = "    " + item.serialized(nestedAt: 2)
                out += (part == .first && i == 0 ? "\n" : ",\n") + body
            }
            return Data(out.utf8)
        case .csv:
            if part == .last { return Data() }
            var w = CSVWriter()
            if part == .whole || part == .first {
                w.row(["单位编码", "单位名称", "项目名称"] + (comparisons.first?.years.map { "\($0)年得分" } ?? []) + ["变化", "说明"])
            }
            for c in comparisons { for r in projectRows(c) { w.row([c.departmentCode, c.departmentName] + r) } }
            return Data(w.text.utf8)
        case .xlsx:
            var book = XLSXWorkbook()
            for c in comparisons {
                for (name, headers, rows) in sections(c) {
                    var sheet = XLSXWorkbook.Sheet(name: "\(c.departmentCode)\(name)")
                    sheet.columnWidths = headers.map { $0.count > 6 ? 30 : 16 }
                    sheet.append(headers.map { .text($0, .header) })
                    rows.forEach { row in sheet.append(row.enumerated().map { i, text in i == 0 ? .text(text) : XLSXCells.typed(text) }) }
                    book.add(sheet)
                }
            }
            return try book.data()
        case .html: return Data(html(comparisons, profile: profile).utf8)
        default:
            let markdown = format == .markdown
            var out = ""
            for c in comparisons {
                let title = "\(c.departmentCode) \(c.departmentName) · \(c.years.map(String.init).joined(separator: " 与 ")) 年度对比（规则 \(profile.name)）"
                out += markdown ? "# \(Markdown.text(title))\n\n" : title + "\n\n"
                for (name, headers, rows) in sections(c) {
                    out += markdown ? "## \(name)\n\n" : "\(name)\n"
                    if rows.isEmpty { out += "无。\n\n"; continue }
                    if markdown {
                        out += Markdown.table(headers, rows) + "\n"
                    } else {
                        var t = TextTable(headers: headers, maxCellWidth: 40)
                        rows.forEach { t.append($0) }
                        out += t.render() + "\n"
                    }
                }
            }
            return Data(out.utf8)
        }
    }

    static func sections(_ c: YearComparison) -> [(String, [String], [[String]])] {
        [
            ("一、部门得分", ["项目"] + c.years.map { "\($0)年" } + ["变化"], figureRows(c)),
            ("二、项目得分", ["项目名称"] + c.years.map { "\($0)年" } + ["变化", "说明"], projectRows(c)),
            ("三、指标变化", ["项目", "年度", "变化", "指标", "原指标值", "新指标值"], changeRows(c)),
            ("四、连续出现的问题", ["问题", "项目", "指标", "年度", "说明"], recurringRows(c)),
        ]
    }

    static func json(_ comparisons: [YearComparison], profile: Profile) -> JSONValue {
        .object([
            ("profile", .string(profile.name)),
            ("departments", .array(comparisons.map { c in
                .object([
                    ("code", .string(c.departmentCode)), ("name", .string(c.departmentName)),
                    ("years", .array(c.figures.map { f in
                        .object([("year", .number(String(f.year))), ("score", f.ownScore.map(JSONValue.score) ?? .null), ("grade", .optional(f.ownGrade)),
                                 ("weighted_project_score", f.weighted.map(JSONValue.score) ?? .null), ("weighted_grade", .optional(f.weightedGrade)),
                                 ("execution_rate", f.executionRate.map { .number(Decimals.fixed($0, 4)) } ?? .null), ("budget", .amount(f.budget)),
                                 ("projects", .number(String(f.projects))), ("errors", .number(String(f.errors)))])
                    })),
                    ("changes", .array(zip(c.figures, c.figures.dropFirst()).map { a, b in
                        .object([("from", .number(String(a.year))), ("to", .number(String(b.year))),
                                 ("change", difference(a.ownScore, b.ownScore)), ("grade_change", gradeChange(a.ownGrade, b.ownGrade)),
                                 ("weighted_project_score_change", difference(a.weighted, b.weighted)),
                                 ("weighted_grade_change", gradeChange(a.weightedGrade, b.weightedGrade)),
                                 ("execution_rate_change", difference(a.executionRate, b.executionRate, decimals: 4)),
                                 ("budget_change", .amount(b.budget - a.budget))])
                    })),
                    ("projects", .array(c.lines.map { line in
                        .object([
                            ("name", .string(line.name)),
                            ("years", .array(c.years.compactMap { y in
                                line.years[y].map { p in
                                    .object([("year", .number(String(y))), ("code", .string(p.project.code)), ("match", .string(line.matches[y]?.rawValue ?? "")),
                                             ("status", .string(p.status.rawValue)), ("score", p.status == .graded ? .score(p.total) : .null), ("grade", .string(p.grade))])
                                }
                            })),
                            ("notes", .array(line.notes.map { .string($0) })),
                            ("changes", .array(zip(c.years, c.years.dropFirst()).map { a, b in
                                let (x, y) = (line.years[a], line.years[b])
                                let graded = x?.status == .graded && y?.status == .graded
                                return .object([("from", .number(String(a))), ("to", .number(String(b))),
                                                ("change", graded ? difference(x?.total, y?.total) : .null),
                                                ("grade_change", graded ? gradeChange(x?.grade, y?.grade) : .null)])
                            })),
                        ])
                    })),
                    ("indicator_changes", .array(c.indicatorChanges.map { x in
                        .object([("project", .string(x.project)), ("from", .number(String(x.fromYear))), ("to", .number(String(x.toYear))),
                                 ("change", .string(String(describing: x.kind))), ("indicator", .string(x.indicator)), ("before", .string(x.before)), ("after", .string(x.after))])
                    })),
                    ("recurring_findings", .array(c.recurring.map { r in
                        .object([("code", .string(r.code.rawValue)), ("project", .string(r.project)), ("indicator", .optional(r.indicator)),
                                 ("years", .array(r.years.map { .number(String($0)) })), ("message", .string(r.message))])
                    })),
                ])
            })),
        ])
    }

    /// The later value minus the earlier, rounded as the text's 变化 column (2 decimals; rates,
    /// fractions in json, with 4 — the text's percentage points with 2); null when either is missing.
    static func difference(_ a: Decimal?, _ b: Decimal?, decimals: Int = 2) -> JSONValue {
        guard let a, let b else { return .null }
        return .number(Decimals.fixed(b - a, decimals))
    }

    /// "优→良"; null when either year has no grade.
    static func gradeChange(_ a: String?, _ b: String?) -> JSONValue {
        guard let a, let b, !a.isEmpty, !b.isEmpty else { return .null }
        return .string("\(a)→\(b)")
    }

    static func html(_ comparisons: [YearComparison], profile: Profile) -> String {
        var h = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>年度对比</title><style>\(ReportHTML.style)</style></head><body>\n"
        for c in comparisons {
            h += "<h1>\(XMLText.escape(c.departmentName)) 年度对比</h1><p class=\"meta\">\(c.years.map(String.init).joined(separator: " · ")) · 规则 \(XMLText.escape(profile.name))</p>\n"
            h += trend(c)
            for (name, headers, rows) in sections(c) {
                h += "<h2>\(name)</h2><table><tr>" + headers.map { "<th>\(XMLText.escape($0))</th>" }.joined() + "</tr>\n"
                for r in rows { h += "<tr>" + r.map { "<td>\(XMLText.escape($0))</td>" }.joined() + "</tr>\n" }
                h += "</table>\n"
            }
        }
        return h + "</body></html>\n"
    }

    /// The department's two scores and its execution rate over the years.
    static func trend(_ c: YearComparison) -> String {
        guard c.figures.count > 1 else { return "" }
        let width = 700, height = 240, left = 60, right = 40, top = 30, bottom = 200
        let values = c.figures.flatMap { [$0.ownScore, $0.weighted, $0.executionRate.map { $0 * 100 }].compactMap { $0 } }
        let low = min(60, (values.min() ?? 60) - 5), high = Decimal(100)
        func x(_ i: Int) -> Int { left + (width - left - right) * i / max(1, c.figures.count - 1) }
        func y(_ v: Decimal) -> Int { bottom - Int(NSDecimalNumber(decimal: (v - low) / (high - low) * Decimal(bottom - top)).doubleValue) }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"得分趋势\">"
        svg += "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(width - right)\" y2=\"\(bottom)\" stroke=\"#333\"/>"
        for (i, f) in c.figures.enumerated() { svg += "<text x=\"\(x(i))\" y=\"\(bottom + 18)\" font-size=\"12\" text-anchor=\"middle\">\(f.year)年</text>" }
        let series: [(String, String, (YearComparison.Figures) -> Decimal?)] = [
            ("部门整体自评得分", "#0969da", { $0.ownScore }), ("项目加权平均分", "#2da44e", { $0.weighted }), ("执行率（%）", "#bf8700", { $0.executionRate.map { $0 * 100 } }),
        ]
        for (n, (label, color, value)) in series.enumerated() {
            let points = c.figures.enumerated().compactMap { i, f in value(f).map { (x(i), y($0), $0) } }
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points.map { "\($0.0),\($0.1)" }.joined(separator: " "))\"/>"
            for p in points { svg += "<circle cx=\"\(p.0)\" cy=\"\(p.1)\" r=\"3\" fill=\"\(color)\"/><text x=\"\(p.0 + 5)\" y=\"\(p.1 - 5)\" font-size=\"10\" fill=\"\(color)\">\(Decimals.fixed(p.2, 2))</text>" }
            svg += "<text x=\"\(left + n * 180)\" y=\"16\" font-size=\"11\" fill=\"\(color)\">— \(label)</text>"
        }
        return svg + "</svg>\n"
    }
}

/// `departments`: the bureau's ranking of departments in a year.
public enum DepartmentsReport {

    /// Ranked by 部门整体自评得分 (else the weighted average), then by 项目加权平均分 — each the bureau's
    /// 复核 figure where it adjusted scores.
    public static func ranked(_ results: [DepartmentResult]) -> [DepartmentResult] {
        results.sorted { a, b in
            let (x, y) = (a.finalScore ?? -1, b.finalScore ?? -1)
            if x != y { return x > y }
            let (u, v) = (a.reviewWeightedProjectScore ?? a.weightedProjectScore ?? -1, b.reviewWeightedProjectScore ?? b.weightedProjectScore ?? -1)
            if u != v { return u > v }
            return a.department.code < b.department.code
        }
    }

    static let headers = ["排名", "单位编码", "单位名称", "部门整体自评得分", "等级", "项目加权平均分", "等级", "执行率", "等级分布", "错误"]

    /// The table's rows; where the bureau adjusted any department's scores, its 复核 figures are
    /// shown (and ranked by) and a last column says which departments were reviewed.
    static func rows(_ results: [DepartmentResult]) -> [[String]] {
        let anyReviewed = results.contains(where: \.isReviewed)
        return ranked(results).enumerated().map { i, r in
            let own = r.isReviewed ? r.reviewOwnScore : r.ownScore, weighted = r.isReviewed ? r.reviewWeightedProjectScore : r.weightedProjectScore
            var row = [String(i + 1), r.department.code, r.department.name, Shown.number(own), (r.isReviewed && r.reviewOwnScore != nil ? r.reviewGrade : r.ownGrade) ?? "—",
                       Shown.number(weighted), r.weightedGrade ?? "—",
                       r.executionRate.map { Decimals.fixed($0 * 100, 2) + "%" } ?? "—", r.gradeCounts.map { "\($0.0)\($0.1)" }.joined(separator: " "),
                       String(r.allFindings.filter { $0.severity == .error }.count)]
            if anyReviewed { row.append(r.isReviewed ? "复核后（自评 \(Shown.number(r.score))）" : "") }
            return row
        }
    }

    /// A row of the ranking workbook: scores, rates and counts as numbers.
    static func xlsxRow(_ r: DepartmentResult, rank: Int, reviewColumn: Bool) -> [XLSXWorkbook.Cell] {
        let own = r.isReviewed ? r.reviewOwnScore : r.ownScore, weighted = r.isReviewed ? r.reviewWeightedProjectScore : r.weightedProjectScore
        func amount(_ d: Decimal?) -> XLSXWorkbook.Cell { d.map { .amount($0) } ?? .text("—", .number) }
        var row: [XLSXWorkbook.Cell] = [.number(Decimal(rank)), .text(r.department.code), .text(r.department.name), amount(own),
                                        .text((r.isReviewed && r.reviewOwnScore != nil ? r.reviewGrade : r.ownGrade) ?? "—"), amount(weighted), .text(r.weightedGrade ?? "—"),
                                        r.executionRate.map { .percent($0) } ?? .text("—", .number), .text(r.gradeCounts.map { "\($0.0)\($0.1)" }.joined(separator: " ")),
                                        .number(Decimal(r.allFindings.filter { $0.severity == .error }.count))]
        if reviewColumn { row.append(.text(r.isReviewed ? "复核后（自评 \(Shown.number(r.score))）" : "")) }
        return row
    }

    static func headers(_ results: [DepartmentResult]) -> [String] {
        results.contains(where: \.isReviewed) ? headers + ["复核"] : headers
    }

    public static func render(_ results: [DepartmentResult], year: Int, profile: Profile, format: OutputFormat) throws -> Data {
        let rows = rows(results), headers = headers(results)
        switch format {
        case .json:
            return Data(JSONValue.object([
                ("year", .number(String(year))), ("profile", .string(profile.name)),
                ("departments", .array(ranked(results).enumerated().map { i, r in
                    .object([("rank", .number(String(i + 1))), ("code", .string(r.department.code)), ("name", .string(r.department.name)),
                             ("score", r.ownScore.map(JSONValue.score) ?? .null), ("grade", .optional(r.ownGrade)),
                             ("weighted_project_score", r.weightedProjectScore.map(JSONValue.score) ?? .null), ("weighted_grade", .optional(r.weightedGrade)),
                             ("execution_rate", r.executionRate.map { .number(Decimals.fixed($0, 4)) } ?? .null),
                             ("grade_counts", .object(r.gradeCounts.map { ($0.0, .number(String($0.1))) })),
                             ("errors", .number(String(r.allFindings.filter { $0.severity == .error }.count)))])
                })),
            ]).serialized().utf8)
        case .csv:
            var w = CSVWriter()
            w.row(headers)
            rows.forEach { w.row($0) }
            return Data(w.text.utf8)
        case .markdown:
            return Data(("# 部门排名（\(year)年度，规则 \(profile.name)）\n\n" + Markdown.table(headers, rows, rightAligned: [0, 3, 5, 7, 9])).utf8)
        case .xlsx:
            var book = XLSXWorkbook()
            var sheet = XLSXWorkbook.Sheet(name: "\(year)年部门排名")
            sheet.columnWidths = [6, 10, 40, 14, 6, 14, 6, 10, 30, 6]
            sheet.append(headers.map { .text($0, .header) })
            for (i, r) in ranked(results).enumerated() { sheet.append(xlsxRow(r, rank: i + 1, reviewColumn: headers.count > Self.headers.count)) }
            book.add(sheet)
            return try book.data()
        case .html:
            var h = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>部门排名</title><style>\(ReportHTML.style)</style></head><body><h1>部门排名（\(year)年度）</h1><table><tr>"
            h += headers.map { "<th>\($0)</th>" }.joined() + "</tr>\n"
            for r in rows { h += "<tr>" + r.map { "<td>\(XMLText.escape($0))</td>" }.joined() + "</tr>\n" }
            return Data((h + "</table></body></html>\n").utf8)
        default:
            var t = TextTable(headers: headers, alignments: Array([.right, .left, .left, .right, .left, .right, .left, .right, .left, .right, .left].prefix(headers.count)))
            rows.forEach { t.append($0) }
            let reviewed = results.filter(\.isReviewed).count
            return Data(("部门排名（\(year)年度，规则 \(profile.name)；按部门整体自评得分，其次项目加权平均分）\n" + t.render()
                + (reviewed > 0 ? "其中 \(reviewed) 个单位经财政复核：排名按复核后得分。\n" : "")).utf8)
        }
    }
}
