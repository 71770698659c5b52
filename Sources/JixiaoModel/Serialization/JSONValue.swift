import Foundation

/// A JSON value that keeps key order and writes decimals exactly, so the output is stable byte
/// for byte (golden files) and money never passes through `Double`.
public indirect enum JSONValue: Equatable, Sendable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    /// A number already written as JSON text.
    case number(String)
    case bool(Bool)
    case null

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }

    /// An amount: shortest exact form with at least one decimal (`19.0`, `4.75`).
    public static func amount(_ value: Decimal) -> JSONValue {
        var text = Decimals.plain(value)
        if !text.contains(".") { text += ".0" }
        return .number(text)
    }

    /// A plain number: shortest exact form (`90`, `0.5`).
    public static func decimal(_ value: Decimal) -> JSONValue { .number(Decimals.plain(value)) }

    /// A score: two decimals (`9.44`, `100.00`).
    public static func score(_ value: Decimal) -> JSONValue { .number(Decimals.fixed(value, 2)) }

    /// A string, or null when nil.
    public static func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }

    /// Pretty-printed with two-space indentation and a final newline.
    public func serialized() -> String {
        var out = ""
        write(into: &out, indent: 0)
        return out + "\n"
    }

    /// The value as it appears nested `levels` deep in a pretty-printed document: continuation
    /// lines indented, no leading indentation and no final newline (the caller writes those).
    public func serialized(nestedAt levels: Int) -> String {
        var out = ""
        write(into: &out, indent: levels)
        return out
    }

    func write(into out: inout String, indent: Int) {
        switch self {
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in pairs.enumerated() {
                Self.pad(&out, indent + 1)
                Self.appendQuoted(key, to: &out)
                out += ": "
                value.write(into: &out, indent: indent + 1)
                out += i == pairs.count - 1 ? "\n" : ",\n"
            }
            Self.pad(&out, indent)
            out += "}"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                Self.pad(&out, indent + 1)
                item.write(into: &out, indent: indent + 1)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            Self.pad(&out, indent)
            out += "]"
        case .string(let s): Self.appendQuoted(s, to: &out)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    private static let pads = (0..<16).map { String(repeating: "  ", count: $0) }

    private static func pad(_ out: inout String, _ levels: Int) {
        out += levels < pads.count ? pads[levels] : String(repeating: "  ", count: levels)
    }

    /// Appends `"s"`, escaped, without building the quoted string first when nothing needs escaping.
    private static func appendQuoted(_ s: String, to out: inout String) {
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += "\""
            out += s
            out += "\""
        } else {
            out += quote(s)
        }
    }

    public static func quote(_ s: String) -> String {
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + s + "\"" }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
