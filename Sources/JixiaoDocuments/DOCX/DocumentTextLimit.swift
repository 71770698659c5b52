import Foundation
import JixiaoModel

/// Holds the text of word/document.xml to the cell limit for whichever reader streams it (target
/// import, audit): it stands between the tokenizer and the reader, passing every event on, and
/// counts the text the reader takes in each paragraph and in each top-level table cell (whose
/// paragraphs, and nested tables, the readers join). A paragraph made of a million short runs
/// would otherwise grow without bound, each run being within the limit.
final class DocumentTextLimit: XMLTokenizer.Handler {
    private let reader: XMLTokenizer.Handler
    private let limits: OfficeLimits
    private var paragraph = 0
    private var cell = 0
    private var tables = 0

    init(_ reader: XMLTokenizer.Handler, limits: OfficeLimits) {
        self.reader = reader
        self.limits = limits
    }

    var wantsText: Bool { reader.wantsText }
    var place: SourceLocation? { reader.place }

    func start(_ name: String, _ attributes: [String: String]) throws {
        switch XMLCollector.local(name) {
        case "p": paragraph = 0
        case "tbl": tables += 1
        case "tc" where tables == 1: cell = 0
        default: break
        }
        try reader.start(name, attributes)
    }

    func end(_ name: String) throws {
        if XMLCollector.local(name) == "tbl" { tables = max(0, tables - 1) }
        try reader.end(name)
    }

    func characters(_ text: String) throws {
        let n = text.utf16.count
        paragraph += n
        if tables > 0 { cell += n }
        if paragraph > limits.cellCharacters || cell > limits.cellCharacters { throw limits.cellTooLong() }
        try reader.characters(text)
    }
}
