import Foundation
import JixiaoModel

/// A small XML tokenizer for the parts of .xlsx and .docx files: start and end tags with
/// attributes, text with the five entities and character references, CDATA; comments, processing
/// instructions and DOCTYPE are skipped. It never traps: malformed input ends the parse early and
/// invalid UTF-8 becomes U+FFFD. (Foundation's XMLParser on Linux crashes on some malformed input.)
///
/// It works on a whole buffer or, through `XMLStream`, on chunks as they are decompressed: a parse
/// that is not `final` stops before a token the buffer does not hold completely and says how many
/// bytes it used, so the caller carries the rest over to the next chunk. Text is not such a token:
/// it is handed over (or, when unwanted, skipped) as it comes, so neither a long cell nor megabytes
/// of whitespace between two rows pile up in the carry-over.
///
/// A handler stops the parse by throwing (a cell over the limit, too many cells): the error comes
/// out of `parse` unchanged.
struct XMLTokenizer {
    /// Receives the events of a parse.
    protocol Handler: AnyObject {
        func start(_ name: String, _ attributes: [String: String]) throws
        func end(_ name: String) throws
        /// Text, perhaps in several calls for one run of text (never cut inside a character or an entity).
        func characters(_ text: String) throws
        /// Whether text is wanted right now (text outside wanted elements is skipped unread).
        var wantsText: Bool { get }
        /// Where the parse is (a sheet and cell, a table and row), for an error about the XML itself.
        var place: SourceLocation? { get }
    }

    static func parse(_ data: Data, _ handler: Handler) throws {
        try data.withUnsafeBytes { raw in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return }
            _ = try parse(UnsafeBufferPointer(start: base, count: raw.count), handler)
        }
    }

    /// Parses `b` and returns the number of bytes used: all of them when `final` (an incomplete
    /// token at the end ends the parse), else up to the start of the first incomplete token.
    /// `atStart` skips a UTF-8 BOM.
    @discardableResult
    static func parse(_ b: UnsafeBufferPointer<UInt8>, _ handler: Handler, final: Bool = true, atStart: Bool = true) throws -> Int {
        let n = b.count
        var i = 0
        // Where the parse stops when the buffer ends inside the token that began at `start`.
        func incomplete(_ start: Int) -> Int { final ? n : start }
        if atStart, n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
        func string(_ from: Int, _ to: Int) -> String {
            guard from < to else { return "" }
            return String(decoding: UnsafeBufferPointer(rebasing: b[from..<to]), as: UTF8.self)
        }
        func find(_ pattern: [UInt8], from: Int) -> Int? {
            var j = from
            while j + pattern.count <= n {
                var k = 0
                while k < pattern.count && b[j + k] == pattern[k] { k += 1 }
                if k == pattern.count { return j }
                j += 1
            }
            return nil
        }
        while i < n {
            if b[i] != 0x3C {  // text up to the next '<'
                let start = i
                while i < n && b[i] != 0x3C { i += 1 }
                if i == n && !final {
                    // The text may go on in the next chunk: skip it when unwanted, else hand over
                    // what is certainly complete and carry over only a cut entity or character.
                    guard handler.wantsText else { return n }
                    let cut = completeTextEnd(b, from: start)
                    if cut > start { try handler.characters(decodeEntities(string(start, cut))) }
                    return cut
                }
                if handler.wantsText { try handler.characters(decodeEntities(string(start, i))) }
                continue
            }
            guard i + 1 < n else { return incomplete(i) }
            let next = b[i + 1]
            if next == 0x2F {  // </name>
                var j = i + 2
                while j < n && b[j] != 0x3E { j += 1 }
                guard j < n else { return incomplete(i) }
                var end = j
                while end > i + 2 && isSpace(b[end - 1]) { end -= 1 }
                try handler.end(string(i + 2, end))
                i = j + 1
            } else if next == 0x3F {  // <? … ?>
                guard let j = find([0x3F, 0x3E], from: i + 2) else { return incomplete(i) }
                i = j + 2
            } else if next == 0x21 {  // <!-- … -->, <![CDATA[ … ]]>, <!DOCTYPE …>
                // Too short to tell which of the three it is.
                guard i + 9 <= n || final else { return i }
                if i + 3 < n, b[i + 2] == 0x2D, b[i + 3] == 0x2D {
                    guard let j = find([0x2D, 0x2D, 0x3E], from: i + 4) else { return incomplete(i) }
                    i = j + 3
                } else if let j = cdataStart(b, i) {
                    guard let k = find([0x5D, 0x5D, 0x3E], from: j) else { return incomplete(i) }
                    if handler.wantsText { try handler.characters(string(j, k)) }
                    i = k + 3
                } else {
                    var j = i + 2
                    while j < n && b[j] != 0x3E { j += 1 }
                    guard j < n else { return incomplete(i) }
                    i = j + 1
                }
            } else {  // <name attr="v" …> or <name … />
                var j = i + 1
                while j < n && !isSpace(b[j]) && b[j] != 0x3E && b[j] != 0x2F { j += 1 }
                let name = string(i + 1, j)
                var attributes: [String: String] = [:]
                var selfClosing = false
                let tagStart = i
                var closed = false
                while j < n {
                    while j < n && isSpace(b[j]) { j += 1 }
                    guard j < n else { return incomplete(tagStart) }
                    if b[j] == 0x3E { j += 1; closed = true; break }
                    if b[j] == 0x2F { selfClosing = true; j += 1; continue }
                    let nameStart = j
                    while j < n && b[j] != 0x3D && !isSpace(b[j]) && b[j] != 0x3E && b[j] != 0x2F { j += 1 }
                    let attrName = string(nameStart, j)
                    while j < n && isSpace(b[j]) { j += 1 }
                    guard j < n, b[j] == 0x3D else { continue }
                    j += 1
                    while j < n && isSpace(b[j]) { j += 1 }
                    guard j < n, b[j] == 0x22 || b[j] == 0x27 else { continue }
                    let quote = b[j]
                    let valueStart = j + 1
                    j = valueStart
                    while j < n && b[j] != quote { j += 1 }
                    guard j < n else { return incomplete(tagStart) }
                    attributes[attrName] = decodeEntities(string(valueStart, j))
                    j += 1
                }
                guard closed else { return incomplete(tagStart) }
                guard !name.isEmpty else { i = j; continue }
                try handler.start(name, attributes)
                if selfClosing { try handler.end(name) }
                i = j
            }
        }
        return n
    }

    /// Where the text from `start` to the end of `b` can be cut: before an '&' whose entity may be
    /// unfinished (an entity is at most 12 bytes) and before an incomplete UTF-8 character.
    static func completeTextEnd(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let n = b.count
        var j = n - 1
        while j >= max(start, n - 12) {
            if b[j] == 0x3B { break }  // ';': any entity before it is complete
            if b[j] == 0x26 { return j }
            j -= 1
        }
        var k = n - 1
        while k > start, n - k < 4, b[k] & 0xC0 == 0x80 { k -= 1 }
        let lead = b[k]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return length > n - k ? k : n
    }

    static func cdataStart(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let marker: [UInt8] = Array("<![CDATA[".utf8)
        guard i + marker.count <= b.count else { return nil }
        for k in 0..<marker.count where b[i + k] != marker[k] { return nil }
        return i + marker.count
    }

    /// &lt; &gt; &amp; &quot; &apos; &#NN; &#xHH; — anything else is kept as written.
    static func decodeEntities(_ s: String) -> String {
        guard s.utf8.contains(0x26) else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semi = after.prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = after
                continue
            }
            let entity = after[..<semi]
            var replacement: String?
            switch entity {
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "amp": replacement = "&"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let v = UInt32(entity.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) {
                    replacement = String(Character(u))
                } else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let u = Unicode.Scalar(v) {
                    replacement = String(Character(u))
                }
            }
            if let replacement {
                out += replacement
                rest = after[after.index(after: semi)...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }
}

extension XMLTokenizer.Handler {
    var place: SourceLocation? { nil }
}

/// Feeds an XML document to a handler chunk by chunk (as a zip entry is decompressed), carrying an
/// unfinished token over to the next chunk. Memory is one chunk plus the longest token.
final class XMLStream {
    /// A token (a tag, comment, CDATA section) longer than the limit: an error, never a quiet stop.
    /// An unfinished token is scanned again with each chunk, so the limit also keeps that cheap.
    struct TokenTooLong: Error {
        var limit: Int
        /// The token's first bytes, to tell where it is (a cell's tag carries its reference).
        var head: String
    }

    private let handler: XMLTokenizer.Handler
    private let maximumToken: Int
    private var pending: [UInt8] = []
    private var started = false
    private(set) var stopped = false

    init(_ handler: XMLTokenizer.Handler, maximumToken: Int = OfficeLimits.standard.tokenBytes) {
        self.handler = handler
        self.maximumToken = maximumToken
    }

    func feed(_ data: Data) throws {
        guard !stopped, !data.isEmpty else { return }
        let atStart = !started
        if atStart && pending.count + data.count < 3 {
            // Too short to tell whether it starts with a byte order mark.
            pending.append(contentsOf: data)
            return
        }
        started = true
        do {
            if pending.isEmpty {
                let used = try data.withUnsafeBytes { raw in
                    try XMLTokenizer.parse(raw.bindMemory(to: UInt8.self), handler, final: false, atStart: atStart)
                }
                if used < data.count { pending = Array(data[data.startIndex.advanced(by: used)...]) }
            } else {
                pending.append(contentsOf: data)
                let used = try pending.withUnsafeBufferPointer { try XMLTokenizer.parse($0, handler, final: false, atStart: atStart) }
                pending.removeFirst(used)
            }
        } catch {
            stopped = true
            pending = []
            throw error
        }
        if pending.count > maximumToken {
            let head = String(decoding: pending.prefix(200), as: UTF8.self)
            stopped = true
            pending = []
            throw TokenTooLong(limit: maximumToken, head: head)
        }
    }

    /// Parses what is left; an unfinished token at the end is dropped.
    func finish() throws {
        guard !stopped else { return }
        stopped = true
        try pending.withUnsafeBufferPointer { _ = try XMLTokenizer.parse($0, handler, final: true, atStart: !started) }
        pending = []
    }
}
