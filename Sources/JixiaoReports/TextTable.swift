import Foundation
import JixiaoModel

/// A plain-text table whose columns line up with Chinese text (two columns a character), made to
/// fit a width: the widest text column is wrapped first, at places Chinese typesetting allows.
public struct TextTable {
    /// How a column's cells are aligned.
    public enum Alignment: Sendable { case left, right }

    /// The width tables are fitted to where a table does not set its own: the terminal's
    /// (`COLUMNS` or the tty's), set by the command line around what it prints; 0 = unlimited
    /// (piped output, files).
    @TaskLocal public static var terminalWidth = 0

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []
    /// Rows printed after a rule at the bottom, e.g. 合计.
    public var footer: [[String]] = []
    /// Cells wider than this are wrapped onto further lines (0 = never).
    public var maxCellWidth: Int
    /// The column to narrow first when the table is wider than its width (running text such as
    /// a reason or a message); else the widest left-aligned column.
    public var wrapColumn: Int?
    /// The width to fit in; nil: `terminalWidth`.
    public var width: Int?

    public init(headers: [String], alignments: [Alignment]? = nil, maxCellWidth: Int = 0) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
        self.maxCellWidth = maxCellWidth
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// The narrowest a wrapped column is made, unless its header or cells are narrower.
    static let minimumColumn = 8

    /// The table as lines joined by newlines, with a final newline.
    public func render() -> String {
        let all = [headers] + rows + footer
        // Most rows are one short line a cell (a summary prints a hundred thousand of them): their
        // widths are measured once and their lines written straight out; only rows with a
        // multi-line or over-wide cell are wrapped.
        let natural = all.map { row in row.map(DisplayWidth.of) }
        var widths = Array(repeating: 0, count: headers.count)
        for (r, row) in all.enumerated() {
            for (i, text) in row.enumerated() where i < widths.count {
                let w = natural[r][i]
                if (maxCellWidth > 0 && w > maxCellWidth) || text.utf8.contains(0x0A) {
                    widths[i] = max(widths[i], Self.wrap(text, width: maxCellWidth).map(DisplayWidth.of).max() ?? 0)
                } else {
                    widths[i] = max(widths[i], w)
                }
            }
        }
        widths = fitted(widths, all)
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
            let needs = row.indices.contains { i in i < widths.count && (natural[index][i] > widths[i] || row[i].utf8.contains(0x0A)) }
            guard needs else {
                emitLine({ $0 < row.count ? row[$0] : "" }, { $0 < row.count ? natural[index][$0] : 0 })
                return
            }
            let lines = widths.indices.map { i in i < row.count ? Self.wrap(row[i], width: widths[i]) : [""] }
            let height = lines.map(\.count).max() ?? 1
            for lineIndex in 0..<height {
                let texts = widths.indices.map { i in lineIndex < lines[i].count ? lines[i][lineIndex] : "" }
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

    /// The column widths narrowed, text columns first, until the table fits its width. A column is
    /// not made narrower than its widest unbreakable piece (a code, a number with its unit), nor
    /// than `minimumColumn`; numbers are never wrapped.
    func fitted(_ natural: [Int], _ all: [[String]]) -> [Int] {
        let limit = width ?? Self.terminalWidth
        guard limit > 0, !natural.isEmpty else { return natural }
        var widths = natural
        func total() -> Int { widths.reduce(0, +) + 2 * (widths.count - 1) }
        guard total() > limit else { return widths }
        let candidates = widths.indices.filter { alignments[$0] == .left }
        var floor: [Int: Int] = [:], soft: [Int: Int] = [:]
        for i in candidates {
            var longest = 0
            for row in all where i < row.count { longest = max(longest, Self.longestPiece(row[i])) }
            floor[i] = min(widths[i], max(Self.minimumColumn, longest))
            // Before any column goes below its header, the text column gives way.
            soft[i] = min(widths[i], max(floor[i]!, min(DisplayWidth.of(headers[i]), 12)))
        }
        func narrow(_ columns: [Int], to limits: [Int: Int]) {
            while total() > limit {
                guard let i = columns.filter({ widths[$0] > limits[$0]! }).max(by: { widths[$0] < widths[$1] }) else { return }
                widths[i] -= 1
            }
        }
        let text = wrapColumn.flatMap { floor[$0] != nil ? [$0] : nil } ?? []
        // The text column first, down to 20 columns; then the others down to their headers; then
        // the text column to its floor; then the others to theirs.
        narrow(text, to: text.reduce(into: [:]) { $0[$1] = max(floor[$1]!, min(widths[$1], 20)) })
        narrow(candidates.filter { !text.contains($0) }, to: soft)
        narrow(text, to: floor)
        narrow(candidates, to: floor)
        return widths
    }

    private func trimTrailing(_ s: String) -> String {
        guard s.utf8.last == 0x20 else { return s }
        var t = s
        while t.utf8.last == 0x20 { t.removeLast() }
        return t
    }

    // MARK: Line breaking

    /// Characters a line may not start with (Chinese typesetting: closing punctuation stays with
    /// what it closes).
    static let noLineStart: Set<Character> = Set("，。：；、）」』】》〉！？…%％·,.;:!?)]}’”〕")
    /// Characters a line may not end with (opening brackets stay with what they open; a
    /// comparator with its number).
    static let noLineEnd: Set<Character> = Set("（「『【《〈“‘([{〔≥≤＞＜><")

    /// Whether `c` belongs to a run that is never split: letters, digits and the ASCII marks that
    /// join them in codes, numbers and times (13091626P00016110003L, 0.44, 2026-11-25T08:33:05Z).
    static func isWordCharacter(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return a > 0x20 && a < 0x7F
    }

    /// Whether a line may break between `a` and `b`.
    static func canBreak(between a: Character, and b: Character) -> Bool {
        if isWordCharacter(a) && isWordCharacter(b) { return false }
        if noLineStart.contains(b) || noLineEnd.contains(a) { return false }
        return true
    }

    /// The pieces of a paragraph that are never split across lines.
    static func pieces(_ paragraph: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var previous: Character?
        for c in paragraph {
            if let p = previous, canBreak(between: p, and: c), !current.isEmpty {
                pieces.append(current)
                current = ""
            }
            current.append(c)
            previous = c
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// The width of the widest piece of `text` that is never split.
    static func longestPiece(_ text: String) -> Int {
        text.split(separator: "\n").reduce(0) { max($0, pieces(String($1)).map(DisplayWidth.of).max() ?? 0) }
    }

    /// `text` in lines of at most `width` columns (0: only at its line breaks), broken between
    /// pieces; a piece wider than a whole line is cut by character.
    static func wrap(_ text: String, width: Int) -> [String] {
        let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard width > 0 else { return paragraphs }
        var lines: [String] = []
        for paragraph in paragraphs {
            var line = "", lineWidth = 0
            for piece in pieces(paragraph) {
                let w = DisplayWidth.of(piece)
                if lineWidth + w <= width {
                    line += piece
                    lineWidth += w
                    continue
                }
                if !line.isEmpty {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                var rest = piece
                if rest.hasPrefix(" ") { rest = String(rest.drop { $0 == " " }) }
                while DisplayWidth.of(rest) > width {
                    var cut = "", cutWidth = 0
                    for c in rest {
                        let cw = DisplayWidth.of(String(c))
                        if cutWidth + cw > width { break }
                        cut.append(c)
                        cutWidth += cw
                    }
                    if cut.isEmpty { cut = String(rest.first!) }
                    lines.append(cut)
                    rest = String(rest.dropFirst(cut.count))
                }
                line = rest
                lineWidth = DisplayWidth.of(rest)
            }
            lines.append(line)
        }
        return lines.map { $0.hasSuffix(" ") ? String($0.reversed().drop { $0 == " " }.reversed()) : $0 }
    }
}
