import Foundation

/// Text clean-up shared by every reader: full-width forms, stray spaces, bookmarks.
public enum TextNormalizer {
    /// Maps full-width ASCII variants (`０-９`, `．`, `％`, `＝`, …) to their half-width forms and
    /// the ideographic space to a plain space. Other characters are unchanged.
    public static func halfWidth(_ text: String) -> String {
        // Most cells hold no full-width form: return them untouched.
        if !text.unicodeScalars.contains(where: { ($0.value >= 0xFF01 && $0.value <= 0xFF5E) || $0.value == 0x3000 }) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E:
                out.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000:
                out.append(" ")
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Removes every kind of whitespace, including the ideographic space and non-breaking space.
    public static func removingSpaces(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isSpace) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isSpace(scalar) { out.append(scalar) }
        return String(out)
    }

    /// Whitespace, line breaks, the ideographic space and the no-break spaces.
    @inline(__always)
    public static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    /// Trims whitespace (including tabs, the ideographic space and NBSP) at both ends.
    public static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// True when `text` contains `needle`: a plain byte search, without Foundation.
    public static func has(_ text: String, _ needle: String) -> Bool {
        var t = text, n = needle
        return t.withUTF8 { tb in
            n.withUTF8 { nb in
                guard nb.count > 0 else { return true }
                guard tb.count >= nb.count else { return false }
                let first = nb[0]
                var i = 0
                let last = tb.count - nb.count
                while i <= last {
                    if tb[i] == first {
                        var k = 1
                        while k < nb.count && tb[i + k] == nb[k] { k += 1 }
                        if k == nb.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
