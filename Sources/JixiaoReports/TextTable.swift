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
        let wrapped = all.map { row in row.map(wrap) }
        var widths = Array(repeating: 0, count: headers.count)
        for row in wrapped {
            for (i, lines) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], lines.map(DisplayWidth.of).max() ?? 0)
            }
        }
        var out = ""
        func emit(_ row: [[String]]) {
            let height = row.map(\.count).max() ?? 1
            for lineIndex in 0..<height {
                var cells: [String] = []
                for (i, width) in widths.enumerated() {
                    let lines = i < row.count ? row[i] : []
                    let text = lineIndex < lines.count ? lines[lineIndex] : ""
                    cells.append(DisplayWidth.pad(text, to: width, right: alignments[i] == .right))
                }
                out += trimTrailing(cells.joined(separator: "  ")) + "\n"
            }
        }
        let rule = trimTrailing(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) + "\n"
        emit(wrapped[0])
        out += rule
        for row in wrapped[1..<(1 + rows.count)] { emit(row) }
        if !footer.isEmpty {
            out += rule
            for row in wrapped[(1 + rows.count)...] { emit(row) }
        }
        return out
    }

    private func trimTrailing(_ s: String) -> String {
        guard s.utf8.last == 0x20 else { return s }
        var t = s
        while t.utf8.last == 0x20 { t.removeLast() }
        return t
    }

    private func wrap(_ text: String) -> [String] {
        // Most cells are one short line (a summary prints a hundred thousand of them).
        if !text.utf8.contains(0x0A), maxCellWidth == 0 || DisplayWidth.of(text) <= maxCellWidth { return [text] }
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
