import Foundation

/// The output formats of reports. Not every report offers every format.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, markdown, html, json, csv, xlsx, docx
}

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

/// Markdown table helpers: pipes escaped, line breaks as `<br>`.
public enum Markdown {
    public static func table(_ headers: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        var out = "| " + headers.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + headers.indices.map { rightAligned.contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        return out
    }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "<br>")
    }
}
