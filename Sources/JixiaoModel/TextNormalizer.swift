import Foundation

/// Text clean-up shared by every reader: full-width forms, stray spaces, bookmarks.
public enum TextNormalizer {
    /// Maps full-width ASCII variants (`０-９`, `．`, `％`, `＝`, …) to their half-width forms and
    /// the ideographic space to a plain space. Other characters are unchanged.
    public static func halfWidth(_ text: String) -> String {
        // Most cells hold no full-width form: return them untouched. The forms are U+FF01–FF5E
        // (UTF-8 EF BC 81 – EF BD 9E) and U+3000 (E3 80 80); a byte scan rules them out.
        if !mayHoldFullWidth(text) { return text }
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
        guard mayContainSpace(text) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isSpace(scalar) { out.append(scalar) }
        return String(out)
    }

    /// False when the UTF-8 of `text` has no EF byte and no E3 80 80: no full-width form and no
    /// ideographic space can occur. A quick pre-check; true means "look closer".
    @inline(__always)
    static func mayHoldFullWidth(_ text: String) -> Bool {
        mayHold(text) { $0 == 0xEF }
    }

    /// False when `text` cannot hold an `isSpace` scalar: no ASCII space or control, and none of
    /// the lead bytes of the other spaces (C2, E1, E2, EF; E3 only as E3 80 80).
    @inline(__always)
    static func mayContainSpace(_ text: String) -> Bool {
        mayHold(text) {
            switch $0 {
            case 0x09...0x0D, 0x20, 0xC2, 0xE1, 0xE2, 0xEF: return true
            default: return false
            }
        }
    }

    /// Whether the UTF-8 of `text` has a byte `isLead` accepts, or the ideographic space E3 80 80.
    @inline(__always)
    private static func mayHold(_ text: String, _ isLead: (UInt8) -> Bool) -> Bool {
        var text = text
        return text.withUTF8 { b in
            var i = 0
            while i < b.count {
                if isLead(b[i]) { return true }
                if b[i] == 0xE3, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0x80 { return true }
                i += 1
            }
            return false
        }
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

/// A small set of strings compared by their UTF-8 bytes. `Set<String>` hashes a non-ASCII string
/// after normalising it to NFC, which dominated lookups of short Chinese names; names here come
/// from our own tables and normalisation, so byte equality is the equality wanted.
public struct UTF8Set: Sendable {
    private let members: [[UInt8]]

    public init<S: Sequence>(_ strings: S) where S.Element == String {
        members = Array(Set(strings)).map { Array($0.utf8) }
    }

    public func contains(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            members.contains { m in m.count == b.count && m.withUnsafeBufferPointer { UTF8Bytes.equal($0, b) } }
        }
    }
}

/// Byte-wise comparison and hashing of strings, without Unicode normalisation.
public enum UTF8Bytes {
    @inline(__always)
    public static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        return memcmp(pa, pb, a.count) == 0
    }

    /// Whether two strings hold the same UTF-8 bytes.
    @inline(__always)
    public static func equal(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { pa in b.withUTF8 { pb in equal(pa, pb) } }
    }

    /// Whether `text` starts with the bytes of `prefix`.
    @inline(__always)
    public static func hasPrefix(_ text: String, _ prefix: String) -> Bool {
        var text = text, prefix = prefix
        return text.withUTF8 { t in prefix.withUTF8 { p in t.count >= p.count && equal(UnsafeBufferPointer(rebasing: t[..<p.count]), p) } }
    }

    /// Whether `text` ends with the bytes of `suffix`.
    @inline(__always)
    public static func hasSuffix(_ text: String, _ suffix: String) -> Bool {
        var text = text, suffix = suffix
        return text.withUTF8 { t in suffix.withUTF8 { s in t.count >= s.count && equal(UnsafeBufferPointer(rebasing: t[(t.count - s.count)...]), s) } }
    }

    /// Feeds a string's UTF-8 bytes (and a terminator, so "ab"+"c" differs from "a"+"bc").
    @inline(__always)
    public static func hash(_ s: String, into hasher: inout Hasher) {
        var s = s
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(0xFF as UInt8)
    }
}
