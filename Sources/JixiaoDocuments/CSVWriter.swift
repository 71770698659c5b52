import Foundation

/// Writes CSV rows (RFC 4180): fields quoted when they hold a comma, quote or line break.
///
/// Every field is also neutralised against formula injection (OWASP, "CSV Injection"): a field
/// that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, WPS and
/// LibreOffice as a formula, so it gets a leading apostrophe — unless the whole field is a plain
/// number ("-5.00", "+0.54", "-12.5%"), which stays a number. Names, reasons and messages come from
/// users' files, so every csv this program writes goes through here. The readers of our own csv
/// layouts take the apostrophe off again (`CSVWriter.restored`), so a template round-trips.
public struct CSVWriter {
    public private(set) var text = ""

    public init() {}

    public mutating func row(_ fields: [String]) {
        text += fields.map { Self.escape(Self.neutralized($0)) }.joined(separator: ",") + "\r\n"
    }

    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The characters that make a spreadsheet read a cell as a formula when it starts with one.
    static func isFormulaStart(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == 0x0D  // = + - @ tab CR
    }

    /// `field` as a spreadsheet can only read as text or as the number it is.
    public static func neutralized(_ field: String) -> String {
        guard let first = field.utf8.first, isFormulaStart(first), !isPlainNumber(field) else { return field }
        return "'" + field
    }

    /// A field written by `neutralized`, as it was: "'=x" → "=x". Any other field is unchanged.
    public static func restored(_ field: String) -> String {
        let bytes = field.utf8
        guard bytes.count >= 2, bytes.first == 0x27, isFormulaStart(bytes[bytes.index(after: bytes.startIndex)]) else { return field }
        return String(field.dropFirst())
    }

    /// "-5", "+0.54", "-12.50", "-3%", ".5": an optional sign, digits with at most one point, an
    /// optional percent sign; ASCII only.
    static func isPlainNumber(_ field: String) -> Bool {
        var digits = 0, dots = 0, i = 0
        let bytes = Array(field.utf8)
        if i < bytes.count, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
        while i < bytes.count {
            switch bytes[i] {
            case 0x30...0x39: digits += 1
            case 0x2E: dots += 1
            case 0x25 where i == bytes.count - 1: break
            default: return false
            }
            i += 1
        }
        return digits > 0 && dots <= 1
    }
}
