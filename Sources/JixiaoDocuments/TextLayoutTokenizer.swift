import Foundation
import JixiaoModel

/// One table cell of the text layout, with the line it started on.
struct LayoutCell: Hashable {
    var text: String
    var line: Int
}

/// A piece of the text layout: a paragraph outside any table, or a table row; from a workbook
/// also where a new sheet begins, and a sheet left unread (hidden, or a sheet of notes).
enum LayoutSegment: Hashable {
    case paragraph(String, line: Int)
    case row([LayoutCell], line: Int)
    /// A workbook's next sheet begins: a row never continues across it, and a project table only
    /// when the new sheet goes straight on with indicator rows.
    case sheetStart(name: String)
    /// A sheet that was not read, and why: a note for the user.
    case skippedSheet(name: String, reason: String)
}

/// A source of segments handed over one at a time, and how to name a segment's position
/// (its `line`) in messages.
struct LayoutStream {
    let locate: (Int) -> SourceLocation
    /// True when every row arrives whole (xlsx): a short row is never the first part of a row
    /// split by a blank line inside a cell, and its missing trailing cells are blank.
    var wholeRows = false
    let produce: (_ feed: (LayoutSegment) -> Void) throws -> Void
}

/// Splits the text layout of a Word document (tables written as one cell per tab-prefixed line,
/// rows separated by blank lines) into paragraphs and rows.
///
/// - A line starting with a tab begins a cell.
/// - A non-blank line straight after a cell line is another paragraph of that cell.
/// - A blank line may end a row — or be an empty paragraph inside a cell. The tokenizer cannot
///   tell; it ends the row, and `TextLayoutReader` joins a short row to the next one when the
///   table's column count says the row is not finished.
/// - `[bookmark: …]` markers are dropped.
enum TextLayoutTokenizer {
    static func segments(of text: String) -> [LayoutSegment] {
        var result: [LayoutSegment] = []
        var cells: [LayoutCell] = []
        var rowLine = 0
        var blankSinceCell = false

        func closeRow() {
            if !cells.isEmpty { result.append(.row(cells, line: rowLine)) }
            cells = []
        }

        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            line = stripBookmarks(line)
            if line.hasPrefix("\t") {
                if blankSinceCell { closeRow() }
                if cells.isEmpty { rowLine = number }
                cells.append(LayoutCell(text: cleanCell(String(line.dropFirst())), line: number))
                blankSinceCell = false
            } else if TextNormalizer.trim(line).isEmpty {
                if !cells.isEmpty { blankSinceCell = true }
            } else if !cells.isEmpty, !blankSinceCell {
                cells[cells.count - 1].text += "\n" + TextNormalizer.trim(line)
            } else {
                closeRow()
                blankSinceCell = false
                result.append(.paragraph(TextNormalizer.trim(line), line: number))
            }
        }
        closeRow()
        return result
    }

    /// Removes every `[bookmark: …]` marker.
    static func stripBookmarks(_ line: String) -> String {
        guard line.contains("[bookmark:") else { return line }
        return line.replacing(Patterns.bookmark, with: "")
    }

    /// Trims a cell; tabs inside it become spaces.
    static func cleanCell(_ text: String) -> String {
        TextNormalizer.trim(text.utf8.contains(0x09) ? text.replacingOccurrences(of: "\t", with: " ") : text)
    }
}
