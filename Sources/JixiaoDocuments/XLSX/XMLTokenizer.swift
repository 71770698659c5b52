import Foundation

/// A small XML tokenizer for the parts of .xlsx and .docx files: start and end tags with
/// attributes, text with the five entities and character references, CDATA; comments, processing
/// instructions and DOCTYPE are skipped. It never traps: malformed input ends the parse early and
/// invalid UTF-8 becomes U+FFFD. (Foundation's XMLParser on Linux crashes on some malformed input.)
struct XMLTokenizer {
    /// Receives the events of a parse.
    protocol Handler: AnyObject {
        func start(_ name: String, _ attributes: [String: String])
        func end(_ name: String)
        func characters(_ text: String)
        /// Whether text is wanted right now (text outside wanted elements is skipped unread).
        var wantsText: Bool { get }
    }

    static func parse(_ data: Data, _ handler: Handler) {
        data.withUnsafeBytes { raw in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return }
            parse(UnsafeBufferPointer(start: base, count: raw.count), handler)
        }
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>, _ handler: Handler) {
        let n = b.count
        var i = 0
        // Skip a UTF-8 BOM.
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
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
                if handler.wantsText { handler.characters(decodeEntities(string(start, i))) }
                continue
            }
            guard i + 1 < n else { return }
            let next = b[i + 1]
            if next == 0x2F {  // </name>
                var j = i + 2
                while j < n && b[j] != 0x3E { j += 1 }
                guard j < n else { return }
                var end = j
                while end > i + 2 && isSpace(b[end - 1]) { end -= 1 }
                handler.end(string(i + 2, end))
                i = j + 1
            } else if next == 0x3F {  // <? … ?>
                guard let j = find([0x3F, 0x3E], from: i + 2) else { return }
                i = j + 2
            } else if next == 0x21 {  // <!-- … -->, <![CDATA[ … ]]>, <!DOCTYPE …>
                if i + 3 < n, b[i + 2] == 0x2D, b[i + 3] == 0x2D {
                    guard let j = find([0x2D, 0x2D, 0x3E], from: i + 4) else { return }
                    i = j + 3
                } else if let j = cdataStart(b, i), let k = find([0x5D, 0x5D, 0x3E], from: j) {
                    if handler.wantsText { handler.characters(string(j, k)) }
                    i = k + 3
                } else {
                    var j = i + 2
                    while j < n && b[j] != 0x3E { j += 1 }
                    i = j + 1
                }
            } else {  // <name attr="v" …> or <name … />
                var j = i + 1
                while j < n && !isSpace(b[j]) && b[j] != 0x3E && b[j] != 0x2F { j += 1 }
                let name = string(i + 1, j)
                var attributes: [String: String] = [:]
                var selfClosing = false
                while j < n {
                    while j < n && isSpace(b[j]) { j += 1 }
                    guard j < n else { return }
                    if b[j] == 0x3E { j += 1; break }
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
                    guard j < n else { return }
                    attributes[attrName] = decodeEntities(string(valueStart, j))
                    j += 1
                }
                guard !name.isEmpty else { i = j; continue }
                handler.start(name, attributes)
                if selfClosing { handler.end(name) }
                i = j
            }
        }
    }

    static func cdataStart(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let marker: [UInt8] = Array("<![CDATA[".utf8)
        guard i + marker.count <= b.count else { return nil }
        for k in 0..<marker.count where b[i + k] != marker[k] { return nil }
        return i + marker.count
    }

    /// &lt; &gt; &amp; &quot; &apos; &#NN; &#xHH; — anything else is kept as written.
    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
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
