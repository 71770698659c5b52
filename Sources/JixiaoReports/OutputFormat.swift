import Foundation

/// The output formats of reports. Not every report offers every format.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, markdown, html, json, csv, xlsx, docx
}
