import Foundation

/// RFC 4180 CSV with the line each record starts on, so errors can name it. Quoted fields may hold
/// commas, quotes ("") and line breaks; CRLF and LF both end records (a CR outside quotes is
/// dropped). A quote opens a quoted field only at the field's start; text after the closing quote
/// is kept as part of the field.
///
/// The parser works on the UTF-8 bytes (every character it looks for is ASCII) and hands records
/// over one at a time (`forEach`), so a file of 100,000 projects is never held as an array of
/// characters or of all its records.
public enum CSVParser {
    /// A record and the 1-based line it starts on.
    public struct Record: Hashable, Sendable {
        public var fields: [String]
        public var line: Int
    }

    /// Parses `text`. An unterminated quote is reported with the line it opened on.
    public static func parse(_ text: String) throws(CSVError) -> [Record] {
        var records: [Record] = []
        try forEach(text) { records.append($0) }
        return records
    }

    /// Calls `body` with each record of `text` in order.
    public static func forEach(_ text: String, _ body: (Record) -> Void) throws(CSVError) {
        var text = text
        let failure: CSVError? = text.withUTF8 { bytes in scan(bytes, body) }
        if let failure { throw failure }
    }

    private static let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

    /// The scan itself; returns the error instead of throwing it (the buffer is borrowed).
    private static func scan(_ b: UnsafeBufferPointer<UInt8>, _ body: (Record) -> Void) -> CSVError? {
        let n = b.count
        var i = 0
        var line = 1, recordLine = 1, quoteLine = 0
        var inQuotes = false, atFieldStart = true
        var fields: [String] = []
        var field: [UInt8] = []
        func take() -> String {
            defer { field.removeAll(keepingCapacity: true) }
            return field.isEmpty ? "" : String(decoding: field, as: UTF8.self)
        }
        while i < n {
            let c = b[i]
            if inQuotes {
                if c == quote {
                    if i + 1 < n, b[i + 1] == quote {
                        field.append(quote)
                        i += 2
                    } else {
                        inQuotes = false
                        i += 1
                    }
                    continue
                }
                // A run of quoted text up to the next quote, counting its line breaks.
                let start = i
                while i < n, b[i] != quote {
                    if b[i] == lf { line += 1 }
                    i += 1
                }
                field.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i]))
                continue
            }
            switch c {
            case quote where atFieldStart:
                inQuotes = true
                quoteLine = line
                atFieldStart = false
                i += 1
            case comma:
                fields.append(take())
                atFieldStart = true
                i += 1
            case cr:
                i += 1
            case lf:
                fields.append(take())
                body(Record(fields: fields, line: recordLine))
                fields.removeAll(keepingCapacity: true)
                line += 1
                recordLine = line
                atFieldStart = true
                i += 1
            default:
                // A run of plain text (a quote inside it is literal).
                let start = i
                while i < n, b[i] != comma, b[i] != cr, b[i] != lf { i += 1 }
                field.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i]))
                atFieldStart = false
            }
        }
        if inQuotes { return CSVError(line: quoteLine, message: "引号未闭合：第 \(quoteLine) 行开始的带引号字段没有结束的引号。") }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(take())
            body(Record(fields: fields, line: recordLine))
        }
        return nil
    }
}

/// A CSV syntax error at a line.
public struct CSVError: Error, Sendable {
    public var line: Int
    public var message: String
}
