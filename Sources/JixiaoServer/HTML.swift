import Foundation

/// A piece of HTML. Text interpolated into it is escaped unless it is itself `HTML`, so a
/// project name or a reason with `<script>` in it shows as text and never runs.
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public var rendered: String

    public init(raw: String) { rendered = raw }
    public init(stringLiteral value: String) { rendered = value }
    public init(stringInterpolation: StringInterpolation) { rendered = stringInterpolation.out }

    public var description: String { rendered }

    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Escaped text with its line breaks kept.
    public static func lines(_ text: String) -> HTML {
        HTML(raw: escape(text).replacingOccurrences(of: "\n", with: "<br>"))
    }

    public static func join(_ parts: [HTML], separator: HTML = "") -> HTML {
        HTML(raw: parts.map(\.rendered).joined(separator: separator.rendered))
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var out = ""
        public init(literalCapacity: Int, interpolationCount: Int) { out.reserveCapacity(literalCapacity + interpolationCount * 16) }
        public mutating func appendLiteral(_ literal: String) { out += literal }
        public mutating func appendInterpolation(_ text: String) { out += HTML.escape(text) }
        public mutating func appendInterpolation(_ text: String?) { out += HTML.escape(text ?? "") }
        public mutating func appendInterpolation(_ html: HTML) { out += html.rendered }
        public mutating func appendInterpolation(_ parts: [HTML]) { for p in parts { out += p.rendered } }
        public mutating func appendInterpolation(_ n: Int) { out += String(n) }
        public mutating func appendInterpolation(_ n: Int64) { out += String(n) }
    }
}
