import Foundation

/// Text clean-up shared by every reader: full-width forms, stray spaces, bookmarks.
public enum TextNormalizer {
    /// Maps full-width ASCII variants (`０-９`, `．`, `％`, `＝`, …) to their half-width forms and
    /// the ideographic space to a plain space. Other characters are unchanged.
    public static func halfWidth(_ text: String) -> String {
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
        String(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "\u{3000}" && $0 != "\u{00A0}" }.map(Character.init))
    }

    /// Trims whitespace (including tabs, the ideographic space and NBSP) at both ends.
    public static func trim(_ text: String) -> String {
        var set = CharacterSet.whitespacesAndNewlines
        set.insert(charactersIn: "\u{3000}\u{00A0}\u{FEFF}")
        return text.trimmingCharacters(in: set)
    }
}
