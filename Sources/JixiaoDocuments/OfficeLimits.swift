import Foundation
import JixiaoModel

/// The limits every reader of .xlsx and .docx files keeps — target import, `record`, `audit`
/// (issue 14): a file beyond one is refused with the limit named, never read into unbounded memory
/// or silently cut short. They are far above any real 绩效目标表 or 自评表 (the 48 MB benchmark
/// workbook of 132,000 projects is within all of them) and low enough that a hostile file — a zip
/// bomb, 59 million shared strings in a 2.4 MB file, a gigabyte cell — is refused within 200 MB.
public struct OfficeLimits: Sendable {
    /// Entries in the zip archive.
    public var entries = 10_000
    /// All parts decompressed, as the archive declares them; a part that decompresses to more than
    /// it declared is refused as damaged, so the declared total bounds what is really read.
    public var uncompressedBytes: Int64 = 512 << 20
    /// A part read whole rather than streamed (workbook.xml, styles.xml, relationships).
    public var wholePartBytes: Int64 = 32 << 20
    /// Entries of the shared-string table, and their text in UTF-8 bytes.
    public var sharedStrings = 1_000_000
    public var sharedStringBytes = 64 << 20
    /// Cells holding a value in one sheet (or docx table rows' cells in one document).
    public var cellsPerSheet = 4_000_000
    /// Merged ranges in one sheet.
    public var mergedRanges = 1_000_000
    /// Cells held in memory at once by a reader that needs whole sheets (audit's forms).
    public var cellsInMemory = 1_000_000
    /// Characters in one cell: Excel's own limit (UTF-16 code units, as Excel counts them).
    public var cellCharacters = 32_767
    /// One XML token (a tag with its attributes, a comment, a CDATA section).
    public var tokenBytes = 4 << 20

    public init() {}

    /// The limits in force.
    public static let standard = OfficeLimits()

    /// "512 MB", "32 KB", "4,000,000" — a limit as a message names it.
    static func bytes(_ n: Int64) -> String {
        n >= 1 << 20 ? "\(n >> 20) MB" : n >= 1 << 10 ? "\(n >> 10) KB" : "\(n) 字节"
    }

    static func count(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }

    /// The error for a limit passed: what, where, the limit, and what to do.
    static func refusal(at location: SourceLocation, _ what: String, limit: String) -> InputError {
        InputError(at: location, exceeded(what, limit: limit).message)
    }

    /// A limit passed inside a part, thrown by the handler reading it; the package turns it into
    /// an `InputError` at the handler's place (sheet and cell, table and row) in its file.
    struct Exceeded: Error {
        var message: String
    }

    /// A cell over `cellCharacters`.
    func cellTooLong() -> Exceeded {
        Exceeded(message: "单元格文字超过 \(Self.count(cellCharacters)) 个字符（Excel 单元格的上限），已拒绝读取。请缩短该单元格的内容后重试。")
    }

    /// More of something than a limit allows: "工作表中有值的单元格超过 4,000,000 个".
    static func exceeded(_ what: String, limit: String) -> Exceeded {
        Exceeded(message: "\(what)，超过读取上限（\(limit)）。这不像一张正常的表格（可能已损坏或被构造）；请检查文件，必要时拆分后再导入。")
    }

    /// Whether `text` is over `cellCharacters` (counted cheaply: UTF-8 bytes bound UTF-16 units).
    func isTooLong(_ text: String) -> Bool {
        text.utf8.count > cellCharacters && text.utf16.count > cellCharacters
    }
}
