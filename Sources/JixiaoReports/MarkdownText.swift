import Foundation

/// Markdown output: tables, and the one escaping of user-provided text that every markdown report
/// uses (issue 14). A project name, reason or message is copied into markdown only through
/// `Markdown.text` (or a table cell, which applies it): HTML-significant characters become
/// entities, so a `<script>` in a name is text in any viewer; markdown syntax (emphasis, code,
/// links, tables, headings, lists, quotes) is backslash-escaped; line breaks become `<br>`, so user
/// text never starts a block of its own.
public enum Markdown {
    public static func table(_ headers: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        var out = "| " + headers.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + headers.indices.map { rightAligned.contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        return out
    }

    static func cell(_ text: String) -> String { self.text(text) }

    /// `s` as literal text in markdown, inside a line (a table cell, after a label). With
    /// `lineStart` the text begins a line, so what would start a block there is escaped too: a list
    /// marker ("- ", "+ ", "1. "), a thematic break or heading underline ("---", "==="), indentation.
    public static func text(_ s: String, lineStart: Bool = false) -> String {
        // The common case, Chinese text and digits: nothing to escape.
        if !s.utf8.contains(where: isSpecial), !lineStart || !(s.utf8.first.map(mayStartBlock) ?? false) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        var leading = lineStart
        var scalars = s.unicodeScalars[...]
        while let c = scalars.popFirst() {
            if leading {
                let next = scalars.first
                let ends = next == nil || next == " " || next == "\t"
                switch c {
                case " ": out += "&#32;"; continue
                case "=": out += "\\="; leading = false; continue
                case "-", "+":
                    // "-5" stays readable; "- x", "-" and "---" would be a list or a rule.
                    if ends || next == "-" { out += "\\" }
                    out.unicodeScalars.append(c)
                    leading = false
                    continue
                case "0"..."9":
                    // "1. x" or "1) x" starts an ordered list: escape the point ("95.50" is a number).
                    out.unicodeScalars.append(c)
                    while let d = scalars.first, ("0"..."9").contains(d) { out.unicodeScalars.append(d); scalars.removeFirst() }
                    if let p = scalars.first, p == "." || p == ")" {
                        let after = scalars.dropFirst().first
                        if after == nil || after == " " || after == "\t" { out += "\\" }
                    }
                    leading = false
                    continue
                default: leading = false
                }
            }
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n": out += "<br>"
            case "\r": break
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#": out += "\\"; out.unicodeScalars.append(c)
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The bytes escaped wherever they are.
    private static func isSpecial(_ b: UInt8) -> Bool {
        switch b {
        case 0x26, 0x3C, 0x3E, 0x0A, 0x0D, 0x5C, 0x60, 0x2A, 0x5F, 0x5B, 0x5D, 0x7C, 0x7E, 0x23: return true  // & < > LF CR \ ` * _ [ ] | ~ #
        default: return false
        }
    }

    /// The bytes that may begin a block when they start a line: space, - + = and digits.
    private static func mayStartBlock(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x2D || b == 0x2B || b == 0x3D || (0x30...0x39).contains(b)
    }
}
