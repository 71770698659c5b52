import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel

/// The department report in each format, from the one model.
extension DepartmentReport {
    /// As text lined up for a terminal, or as markdown.
    public func text(markdown: Bool) -> String {
        var out = ReportText.heading(title, level: 1, markdown: markdown)
        out += ReportText.shown(meta, markdown: markdown) + "\n\n"
        for section in sections {
            out += ReportText.heading(section.heading, level: 2, markdown: markdown)
            for block in section.blocks {
                switch block {
                case .paragraph(let text): out += (markdown ? Markdown.text(text) : ReportText.fit(text)) + "\n\n"
                case .table(let t):
                    if markdown {
                        out += Markdown.table(t.headers, t.rows.map { $0.map(\.shown) }, rightAligned: t.numericColumns) + "\n"
                    } else {
                        var table = TextTable(headers: t.headers, alignments: t.headers.indices.map { t.numericColumns.contains($0) ? .right : .left }, maxCellWidth: 60)
                        table.wrapColumn = t.textColumn
                        t.rows.forEach { table.append($0.map(\.shown)) }
                        out += table.render() + "\n"
                    }
                }
            }
        }
        let width = TextTable.terminalWidth
        if !markdown, width > 0, DisplayWidth.of(footer.line) > width {
            out += footer.fields.map { "\($0.label)：\($0.value)" }.joined(separator: "\n") + "\n\n"
        } else {
            out += ReportText.shown(footer.line, markdown: markdown) + "\n\n"
        }
        return out
    }

    /// As a part of the html page; `charts` draws the score and spending charts in their sections.
    func html(_ d: DepartmentResult) -> String {
        let e = ReportHTML.e
        var h = "<h1>\(e(title))</h1>\n<p class=\"meta\">\(e(meta))</p>\n"
        for section in sections {
            h += "<h2>\(e(section.heading))</h2>\n"
            if section.heading.hasSuffix("项目得分") { h += ReportHTML.scoreChart(d) }
            if section.heading.hasSuffix("预算执行") { h += ReportHTML.spendingChart(d) }
            for block in section.blocks {
                switch block {
                case .paragraph(let text): h += "<p>\(e(text))</p>\n"
                case .table(let t):
                    let numeric = t.numericColumns
                    h += "<table><tr>" + t.headers.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
                    for row in t.rows {
                        h += "<tr>" + row.enumerated().map { i, c in
                            let text = c.shown
                            if numeric.contains(i) { return "<td class=\"n\">\(e(text))</td>" }
                            if text.hasPrefix(EvaluationReport.suggestedMark) { return "<td><span class=\"suggested\">\(e(text))</span></td>" }
                            if ["优", "良", "中", "差"].contains(text) { return "<td>\(ReportHTML.grade(text))</td>" }
                            return "<td>\(e(text))</td>"
                        }.joined() + "</tr>\n"
                    }
                    h += "</table>\n"
                }
            }
        }
        return h + "<p class=\"footer\">\(e(footer.line))</p>\n"
    }

    /// The usable width of a landscape A4 page with the document's margins, in twentieths of a point.
    static let pageWidth = 14_838

    /// Column widths for a Word table: by the widest text of each column, the text column taking
    /// what is left.
    static func widths(_ t: Table) -> [Int] {
        let measured = t.headers.indices.map { i in
            min(40, max(4, ([t.headers[i]] + t.rows.map { i < $0.count ? $0[i].shown : "" }).map(DisplayWidth.of).max() ?? 4))
        }
        let total = measured.reduce(0, +)
        return measured.map { pageWidth * $0 / max(1, total) }
    }

    /// Into a Word document: headings, paragraphs, bordered tables, the footer lines.
    func docx(into doc: inout DOCXDocument) {
        typealias Cell = DOCXDocument.Cell
        doc.title(title)
        doc.paragraph(meta)
        for section in sections {
            doc.heading(section.heading)
            for block in section.blocks {
                switch block {
                case .paragraph(let text): doc.paragraph(text)
                case .table(let t):
                    var table = DOCXDocument.Table(widths: Self.widths(t))
                    table.rows.append(t.headers.map { Cell.header($0) })
                    let numeric = t.numericColumns
                    for row in t.rows { table.rows.append(row.enumerated().map { i, c in numeric.contains(i) ? .number(c.shown) : Cell(c.shown) }) }
                    doc.table(table)
                }
            }
        }
        doc.paragraph(footer.line)
    }

    /// As one worksheet: the title, each section's heading, paragraphs across the sheet, tables
    /// with numbers stored as numbers (amounts and scores with two decimals, rates as percentages).
    func sheet(name: String) -> XLSXWorkbook.Sheet {
        typealias C = XLSXWorkbook.Cell
        var sheet = XLSXWorkbook.Sheet(name: name)
        let tables = sections.flatMap(\.blocks).compactMap { block -> Table? in if case .table(let t) = block { return t } else { return nil } }
        let columns = max(4, tables.map(\.headers.count).max() ?? 4)
        var widths = [Double](repeating: 8, count: columns)
        for t in tables {
            for i in t.headers.indices {
                let w = ([t.headers[i]] + t.rows.map { i < $0.count ? $0[i].shown : "" }).map(DisplayWidth.of).max() ?? 8
                widths[i] = max(widths[i], min(50, Double(w + 2)))
            }
        }
        sheet.columnWidths = widths
        func spanning(_ text: String, _ style: XLSXWorkbook.Style) {
            sheet.append([.text(text, style)] + Array(repeating: C.empty(.plain), count: columns - 1))
            sheet.merge(sheet.rows.count, 1, sheet.rows.count, columns)
        }
        spanning(title, .title)
        spanning(meta, .paragraph)
        for section in sections {
            sheet.append([])
            spanning(section.heading, .heading)
            for block in section.blocks {
                switch block {
                case .paragraph(let text): spanning(text, .paragraph)
                case .table(let t):
                    sheet.append(t.headers.map { .text($0, .header) })
                    for row in t.rows {
                        sheet.append(row.map { c in
                            switch c {
                            case .text(let s): return .text(s)
                            case .number(let d): return d.map { .amount($0) } ?? .text("—", .number)
                            case .percent(let r): return r.map { .percent($0) } ?? .text("—", .number)
                            }
                        })
                    }
                }
            }
        }
        sheet.append([])
        spanning(footer.line, .paragraph)
        return sheet
    }

    /// The headings of the report as each format shows them, for tests and readers.
    public var headings: [String] { [title] + sections.map(\.heading) }
}
