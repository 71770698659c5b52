import Foundation

/// Writes CSV rows (RFC 4180): fields quoted when they hold a comma, quote or line break.
public struct CSVWriter {
    public private(set) var text = ""

    public init() {}

    public mutating func row(_ fields: [String]) {
        text += fields.map(Self.escape).joined(separator: ",") + "\r\n"
    }

    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
