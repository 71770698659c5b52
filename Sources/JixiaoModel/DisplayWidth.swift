import Foundation

/// Terminal column widths: CJK ideographs, kana, Hangul and full-width forms take two columns.
public enum DisplayWidth {
    /// Columns `text` takes on a terminal.
    public static func of(_ text: String) -> Int {
        let bytes = text.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes.count }  // ASCII: one column each
        return text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    /// Columns one scalar takes: 0 for combining marks and zero-width characters, 2 for East Asian
    /// wide and full-width characters, 1 otherwise.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        switch v {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F, 0xFEFF: return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default: return 1
        }
    }

    /// Pads `text` with spaces to `width` columns, on the right (left-aligned) or the left.
    public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let gap = max(0, width - of(text))
        let spaces = String(repeating: " ", count: gap)
        return right ? spaces + text : text + spaces
    }
}
