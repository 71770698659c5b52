import Foundation

/// RFC 4180 CSV with the line each record starts on, so errors can name it. Quoted fields may hold
/// commas, quotes ("") and line breaks; CRLF and LF both end records.
public enum CSVParser {
    /// A record and the 1-based line it starts on.
    public struct Record: Hashable, Sendable {
        public var fields: [String]
        public var line: Int
    }

    /// Parses `text`. An unterminated quote is reported with the line it opened on.
    public static func parse(_ text: String) throws(CSVError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var quoteLine = 0
        var line = 1
        var recordLine = 1
        var iterator = Array(text.unicodeScalars)[...]
        var atFieldStart = true
        while let c = iterator.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if iterator.first == "\"" {
                        field.unicodeScalars.append("\"")
                        iterator.removeFirst()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where atFieldStart:
                inQuotes = true
                quoteLine = line
                atFieldStart = false
            case ",":
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\r":
                break
            case "\n":
                fields.append(field)
                records.append(Record(fields: fields, line: recordLine))
                fields = []
                field = ""
                line += 1
                recordLine = line
                atFieldStart = true
            default:
                field.unicodeScalars.append(c)
                atFieldStart = false
            }
        }
        if inQuotes { throw CSVError(line: quoteLine, message: "引号未闭合：第 \(quoteLine) 行开始的带引号字段没有结束的引号。") }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(Record(fields: fields, line: recordLine))
        }
        return records
    }
}

/// A CSV syntax error at a line.
public struct CSVError: Error, Sendable {
    public var line: Int
    public var message: String
}
