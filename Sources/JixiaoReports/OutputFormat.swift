import Foundation

/// The output formats of reports. Not every report offers every format.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, markdown, html, json, csv, xlsx, docx
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
