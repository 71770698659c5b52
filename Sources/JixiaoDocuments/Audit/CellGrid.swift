import Foundation
import JixiaoModel

/// A table as a grid of texts with merged cells filled in (each cell of a merged range holds the
/// range's text), and the location of every cell for messages. Both xlsx sheets and docx tables
/// reduce to this, so one reader understands the official form in either.
public struct CellGrid: Sendable {
    public var rows: [[String]]
    /// The location of (row, column), 0-based.
    public var locate: @Sendable (Int, Int) -> SourceLocation

    public init(rows: [[String]], locate: @escaping @Sendable (Int, Int) -> SourceLocation) {
        self.rows = rows
        self.locate = locate
    }

    public func cell(_ r: Int, _ c: Int) -> String {
        guard r >= 0, r < rows.count, c >= 0, c < rows[r].count else { return "" }
        return rows[r][c]
    }

    /// The most cells a worksheet may span to be read as a grid (a printed form is a few hundred).
    public static let maximumCells = 4_000_000

    /// A worksheet, merged ranges filled. The caller checks the sheet against `maximumCells`.
    public static func sheet(_ sheet: XLSXSheetData, file: String) -> CellGrid {
        let width = sheet.maxColumn, height = sheet.maxRow
        var rows = Array(repeating: Array(repeating: "", count: width), count: height)
        for (r, columns) in sheet.cells { for (c, v) in columns where r <= height && c <= width { rows[r - 1][c - 1] = v } }
        for (t, l, b, rr) in sheet.merges where t >= 1 && l >= 1 && b <= height && rr <= width && t <= b && l <= rr {
            let v = rows[t - 1][l - 1]
            for r in t...b { for c in l...rr { rows[r - 1][c - 1] = v } }
        }
        let name = sheet.name
        return CellGrid(rows: rows) { r, c in SourceLocation(file: file, sheet: name, cell: XLSXReference.name(row: r + 1, column: c + 1)) }
    }
}
