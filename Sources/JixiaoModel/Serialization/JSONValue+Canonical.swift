import Foundation

extension JSONValue {
    /// The canonical form content hashes are computed on: object keys sorted (by their UTF-8
    /// bytes), no whitespace, strings escaped as in `serialized()`, numbers as their decimal text.
    /// It does not depend on the pretty-printed layout, so a change of indentation or key order in
    /// the JSON output never changes a hash.
    public func canonical() -> String {
        var out = ""
        writeCanonical(into: &out)
        return out
    }

    public func writeCanonical(into out: inout String) {
        switch self {
        case .object(let pairs):
            out += "{"
            for (i, (key, value)) in Self.sortedPairs(pairs).enumerated() {
                if i > 0 { out += "," }
                out += Self.quote(key)
                out += ":"
                value.writeCanonical(into: &out)
            }
            out += "}"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.writeCanonical(into: &out)
            }
            out += "]"
        case .string(let s): out += Self.quote(s)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// Object members in canonical order.
    public static func sortedPairs(_ pairs: [(String, JSONValue)]) -> [(String, JSONValue)] {
        pairs.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
    }

    /// Parses JSON text, keeping each number's text exactly as written (no `Double`) and the order
    /// of object members. Nil when the text is not one JSON value.
    public init?(parsing text: String) {
        var parser = JSONParser(bytes: Array(text.utf8))
        guard let value = parser.value(), parser.atEnd else { return nil }
        self = value
    }
}

/// A small recursive-descent JSON reader for `JSONValue(parsing:)`.
private struct JSONParser {
    let bytes: [UInt8]
    var i = 0
    var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool {
        mutating get {
            skipSpace()
            return i == bytes.count
        }
    }

    mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
    }

    mutating func literal(_ word: String, _ value: JSONValue) -> JSONValue? {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { return nil }
        i += w.count
        return value
    }

    mutating func value() -> JSONValue? {
        skipSpace()
        guard i < bytes.count, depth < 512 else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            depth += 1
            defer { depth -= 1 }
            var pairs: [(String, JSONValue)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
            while true {
                skipSpace()
                guard let key = string() else { return nil }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                guard let v = value() else { return nil }
                pairs.append((key, v))
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
                return nil
            }
        case UInt8(ascii: "["):
            i += 1
            depth += 1
            defer { depth -= 1 }
            var items: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                guard let v = value() else { return nil }
                items.append(v)
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                return nil
            }
        case UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default:
            let start = i
            while i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: ".")
                || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") || (0x30...0x39).contains(bytes[i]) {
                i += 1
            }
            guard i > start else { return nil }
            return .number(String(decoding: bytes[start..<i], as: UTF8.self))
        }
    }

    mutating func string() -> String? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            switch c {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard let unit = hex4() else { return nil }
                    var scalar = UInt32(unit)
                    if (0xD800...0xDBFF).contains(unit), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                        scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    }
                    out += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                default: out.append(e)
                }
            default: out.append(c)
            }
        }
        return nil
    }

    mutating func hex4() -> UInt16? {
        guard i + 4 <= bytes.count, let v = UInt16(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else { return nil }
        i += 4
        return v
    }
}
