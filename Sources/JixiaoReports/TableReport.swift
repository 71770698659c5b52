import Foundation
import JixiaoDocuments
import JixiaoModel

/// A report made of titled tables, rendered alike in every tabular format: text (lined up for a
/// terminal), markdown, csv, html and xlsx (numbers as numbers: amounts and scores with the format
/// 0.00, rates as fractions with 0.00%). JSON is each report's own.
public struct TableReport: Sendable {
    /// A cell: text, or a number shown with two decimals, or a rate shown as a percentage.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Decimal?)
        case percent(Decimal?)

        var shown: String {
            switch self {
            case .text(let s): return s
            case .number(let d): return Shown.number(d)
            case .percent(let r): return Shown.percent(r)
            }
        }

        var isNumeric: Bool { if case .text = self { return false } else { return true } }
    }

    /// One table with a heading; `notes` are lines printed under it.
    public struct Section: Sendable {
        public var heading: String
        public var headers: [String]
        public var rows: [[Cell]]
        public var notes: [String]

        public init(heading: String, headers: [String], rows: [[Cell]], notes: [String] = []) {
            self.heading = heading
            self.headers = headers
            self.rows = rows
            self.notes = notes
        }
    }

    public var title: String
    public var sections: [Section]

    public init(title: String, sections: [Section]) {
        self.title = title
        self.sections = sections
    }

    /// The report in a tabular format (json is not one: callers write their own).
    public func rendered(as format: OutputFormat) throws -> Data {
        switch format {
        case .markdown: return Data(markdown().utf8)
        case .csv: return Data(csv().utf8)
        case .html: return Data(html().utf8)
        case .xlsx: return try xlsx()
        default: return Data(text().utf8)
        }
    }

    static func numericColumns(_ s: Section) -> Set<Int> {
        Set(s.headers.indices.filter { i in !s.rows.isEmpty && s.rows.allSatisfy { i >= $0.count || $0[i].isNumeric } })
    }

    func text() -> String {
        var out = title + "\n"
        for s in sections {
            out += "\n" + s.heading + "\n"
            let numeric = Self.numericColumns(s)
            var table = TextTable(headers: s.headers, alignments: s.headers.indices.map { numeric.contains($0) ? .right : .left }, maxCellWidth: 40)
            s.rows.forEach { table.append($0.map(\.shown)) }
            if !s.rows.isEmpty { out += table.render() }
            s.notes.forEach { out += $0 + "\n" }
        }
        return out
    }

    func markdown() -> String {
        var out = "# \(Self.markdownText(title))\n"
        for s in sections {
            out += "\n## \(Self.markdownText(s.heading))\n\n"
            if !s.rows.isEmpty { out += Markdown.table(s.headers, s.rows.map { $0.map(\.shown) }, rightAligned: Self.numericColumns(s)) }
            s.notes.forEach { out += "\n" + Self.markdownText($0) + "\n" }
        }
        return out
    }

    /// Text outside tables with markdown's and HTML's special characters escaped.
    static func markdownText(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "#", "|", "~": out += "\\" + String(c)
            default: out.append(c)
            }
        }
        return out
    }

    func csv() -> String {
        var w = CSVWriter()
        for (n, s) in sections.enumerated() {
            if n > 0 { w.row([]) }
            if sections.count > 1 { w.row([s.heading]) }
            w.row(s.headers)
            s.rows.forEach { w.row($0.map(\.shown)) }
        }
        return w.text
    }

    func html() -> String {
        var h = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>\(XMLText.escape(title))</title><style>\(ReportHTML.style)</style></head><body>"
        h += "<h1>\(XMLText.escape(title))</h1>\n"
        for s in sections {
            h += "<h2>\(XMLText.escape(s.heading))</h2>\n"
            if !s.rows.isEmpty {
                let numeric = Self.numericColumns(s)
                h += "<table><tr>" + s.headers.map { "<th>\(XMLText.escape($0))</th>" }.joined() + "</tr>\n"
                for r in s.rows {
                    h += "<tr>" + r.enumerated().map { i, c in "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(XMLText.escape(c.shown))</td>" }.joined() + "</tr>\n"
                }
                h += "</table>\n"
            }
            s.notes.forEach { h += "<p>\(XMLText.escape($0))</p>\n" }
        }
        return h + "</body></html>\n"
    }

    func xlsx() throws -> Data {
        var book = XLSXWorkbook()
        for (n, s) in sections.enumerated() {
            var name = String(s.heading.prefix(28)).replacingOccurrences(of: "/", with: "、")
            if book.sheets.contains(where: { $0.name == name }) { name += "\(n + 1)" }
            var sheet = XLSXWorkbook.Sheet(name: name.isEmpty ? "表\(n + 1)" : name)
            sheet.columnWidths = s.headers.indices.map { i in
                Double(min(50, max(8, (s.rows.map { i < $0.count ? DisplayWidth.of($0[i].shown) : 0 } + [DisplayWidth.of(s.headers[i])]).max()! + 2)))
            }
            sheet.append(s.headers.map { .text($0, .header) })
            sheet.frozenRows = 1
            for r in s.rows {
                sheet.append(r.map { c in
                    switch c {
                    case .text(let t): return .text(t)
                    case .number(let d): return d.map { .amount($0) } ?? .text("—", .number)
                    case .percent(let r): return r.map { .percent($0) } ?? .text("—", .number)
                    }
                })
            }
            for note in s.notes { sheet.append([.text(note)]) }
            book.add(sheet)
        }
        return try book.data()
    }
}
