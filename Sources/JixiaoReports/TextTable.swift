import Foundation
import JixiaoModel

/// A plain-text table whose columns line up with Chinese text (two columns a character).
public struct TextTable {
    /// How a column's cells are aligned.
    public enum Alignment: Sendable { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []
    /// Rows printed after a rule at the bottom, e.g. 合计.
    public var footer: [[String]] = []
    /// Cells wider than this are wrapped onto further lines (0 = never).
    public var maxCellWidth: Int

    public init(headers: [String], alignments: [Alignment]? = nil, maxCellWidth: Int = 0) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
        self.maxCellWidth = maxCellWidth
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// The table as lines joined by newlines, with a final newline.
    public func render() -> String {
        let all = [headers] + rows + footer
        // Most rows are one short line a cell (a summary prints a hundred thousand of them): their
        // widths are measured once and their lines written straight out; only rows with a
        // multi-line or over-wide cell are wrapped.
        let wrapped: [[[String]]?] = all.map { row in row.contains(where: needsWrap) ? row.map(wrap) : nil }
        let measured: [[Int]] = zip(all, wrapped).map { row, lines in
            lines.map { $0.map { $0.map(DisplayWidth.of).max() ?? 0 } } ?? row.map(DisplayWidth.of)
        }
        var widths = Array(repeating: 0, count: headers.count)
        for row in measured {
            for (i, w) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], w) }
        }
        var out = ""
        func emitLine(_ texts: (Int) -> String, _ textWidths: (Int) -> Int) {
            var line = ""
            for (i, width) in widths.enumerated() {
                if i > 0 { line += "  " }
                let text = texts(i), gap = max(0, width - textWidths(i))
                if alignments[i] == .right {
                    if gap > 0 { line += String(repeating: " ", count: gap) }
                    line += text
                } else {
                    line += text
                    if gap > 0 { line += String(repeating: " ", count: gap) }
                }
            }
            out += trimTrailing(line) + "\n"
        }
        func emit(_ index: Int) {
            let row = all[index]
            guard let lines = wrapped[index] else {
                let cellWidths = measured[index]
                emitLine({ $0 < row.count ? row[$0] : "" }, { $0 < cellWidths.count ? cellWidths[$0] : 0 })
                return
            }
            let height = lines.map(\.count).max() ?? 1
            for lineIndex in 0..<height {
                let texts = widths.indices.map { i in i < lines.count && lineIndex < lines[i].count ? lines[i][lineIndex] : "" }
                emitLine({ texts[$0] }, { DisplayWidth.of(texts[$0]) })
            }
        }
        let rule = trimTrailing(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) + "\n"
        emit(0)
        out += rule
        for index in 1..<(1 + rows.count) { emit(index) }
        if !footer.isEmpty {
            out += rule
            for index in (1 + rows.count)..<all.count { emit(index) }
        }
        return out
    }

    private func needsWrap(_ text: String) -> Bool {
        text.utf8.contains(0x0A) || (maxCellWidth > 0 && DisplayWidth.of(text) > maxCellWidth)
    }

    private func trimTrailing(_ s: String) -> String {
        guard s.utf8.last == 0x20 else { return s }
        var t = s
        while t.utf8.last == 0x20 { t.removeLast() }
        return t
    }

    private func wrap(_ text: String) -> [String] {
        if !needsWrap(text) { return [text] }
        let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard maxCellWidth > 0 else { return paragraphs }
        var lines: [String] = []
        for paragraph in paragraphs {
            var line = ""
            var width = 0
            for ch in paragraph {
                let w = DisplayWidth.of(String(ch))
                if width + w > maxCellWidth, !line.isEmpty {
                    lines.append(line)
                    line = ""
                    width = 0
                }
                line.append(ch)
                width += w
            }
            lines.append(line)
        }
        return lines
    }
}
