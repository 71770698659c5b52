import Foundation
import JixiaoModel
import ZIPFoundation

/// An Office package (.xlsx, .docx) opened for reading: small parts are read whole, large ones are
/// decompressed chunk by chunk straight into the XML tokenizer, so no part is ever held whole.
/// The archive is checked against `OfficeLimits` when opened (entries, declared sizes) and while
/// it is read (a part that decompresses to more than it declares is refused).
final class OfficePackage {
    let fileName: String
    /// "xlsx" or "docx", for messages.
    let kind: String
    let limits: OfficeLimits
    private let archive: Archive
    private var location: SourceLocation { SourceLocation(file: fileName) }

    /// Opens a file on disk; only its first bytes are read until a part is asked for.
    convenience init(url: URL, fileName: String, kind: String, limits: OfficeLimits = .standard) throws {
        let head = (try? FileHandle(forReadingFrom: url)).map { handle in
            defer { try? handle.close() }
            return (try? handle.read(upToCount: 8)) ?? Data()
        } ?? Data()
        try Self.refuseOtherContainers(head, fileName: fileName, kind: kind)
        guard let archive = try? Archive(url: url, accessMode: .read, pathEncoding: nil) else { throw Self.notZip(fileName, kind: kind) }
        try self.init(archive: archive, fileName: fileName, kind: kind, limits: limits)
    }

    convenience init(data: Data, fileName: String, kind: String, limits: OfficeLimits = .standard) throws {
        try Self.refuseOtherContainers(data, fileName: fileName, kind: kind)
        guard let archive = try? Archive(data: data, accessMode: .read, pathEncoding: nil) else { throw Self.notZip(fileName, kind: kind) }
        try self.init(archive: archive, fileName: fileName, kind: kind, limits: limits)
    }

    private init(archive: Archive, fileName: String, kind: String, limits: OfficeLimits) throws {
        self.archive = archive
        self.fileName = fileName
        self.kind = kind
        self.limits = limits
        // The central directory, once: the entry count and the sizes the entries declare.
        var count = 0
        var total: Int64 = 0
        for entry in archive {
            count += 1
            guard count <= limits.entries else {
                throw OfficeLimits.refusal(at: location, "\(kind) 文件中的条目超过 \(OfficeLimits.count(limits.entries)) 个", limit: "条目数 \(OfficeLimits.count(limits.entries))")
            }
            total += Int64(clamping: entry.uncompressedSize)
            guard total <= limits.uncompressedBytes else {
                throw OfficeLimits.refusal(at: location, "\(kind) 文件解压后超过 \(OfficeLimits.bytes(limits.uncompressedBytes))（到 \(entry.path) 为止已达 \(OfficeLimits.bytes(total))）",
                                           limit: "解压后总大小 \(OfficeLimits.bytes(limits.uncompressedBytes))")
            }
        }
    }

    /// The decompressed size of a part, or nil when there is none.
    func size(of path: String) -> Int64? { archive[path].map { Int64($0.uncompressedSize) } }

    /// A small part read whole (at most `limits.wholePartBytes`).
    func part(_ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        guard Int64(clamping: entry.uncompressedSize) <= limits.wholePartBytes else {
            throw OfficeLimits.refusal(at: location, "\(kind) 中的 \(path) 解压后有 \(OfficeLimits.bytes(Int64(clamping: entry.uncompressedSize)))",
                                       limit: "整体读取的部件 \(OfficeLimits.bytes(limits.wholePartBytes))")
        }
        var out = Data()
        try extract(entry, path) { out.append($0) }
        return out
    }

    /// Decompresses a part into a tokenizer 64 KB at a time; `progress` gets the bytes done so far.
    /// Returns false when there is no such part. An error of the handler (a cell too long, too
    /// many cells) comes out as it is; a token over the limit names where the handler was.
    @discardableResult
    func stream(_ path: String, to handler: XMLTokenizer.Handler, progress: ((Int64) -> Void)? = nil) throws -> Bool {
        guard let entry = archive[path] else { return false }
        // A docx body's paragraphs and cells are held to the cell limit whoever reads them.
        let tokens = XMLStream(kind == "docx" ? DocumentTextLimit(handler, limits: limits) : handler, maximumToken: limits.tokenBytes)
        var done: Int64 = 0
        do {
            try extract(entry, path) { chunk in
                try tokens.feed(chunk)
                done += Int64(chunk.count)
                progress?(done)
            }
            try tokens.finish()
        } catch let error as XMLStream.TokenTooLong {
            // The token is usually a cell's tag: its own reference names the cell best.
            var at = place(handler)
            if let ref = error.head.firstMatch(of: /\sr\s*=\s*["']([A-Za-z]{1,3}[0-9]{1,7})["']/), XLSXReference.parse(String(ref.1)) != nil {
                at.cell = String(ref.1)
            }
            throw OfficeLimits.refusal(at: at, "\(kind) 中的 \(path) 在此处有一个超过 \(OfficeLimits.bytes(Int64(limits.tokenBytes))) 的 XML 标记（开头为“\(error.head.prefix(40))”）",
                                       limit: "单个 XML 标记 \(OfficeLimits.bytes(Int64(limits.tokenBytes)))")
        } catch let error as OfficeLimits.Exceeded {
            throw InputError(at: place(handler), error.message)
        }
        return true
    }

    /// The handler's place in this file (the file alone when it has none).
    private func place(_ handler: XMLTokenizer.Handler) -> SourceLocation {
        var at = handler.place ?? SourceLocation()
        at.file = fileName
        return at
    }

    /// A part that decompresses to more than its entry declares.
    private struct LargerThanDeclared: Error {}

    /// Decompresses an entry, refusing more bytes than it declares (the declared sizes were checked
    /// against the limits when the package was opened) and turning the unzipper's errors into a
    /// message; the consumer's own errors pass through as they are.
    private func extract(_ entry: Entry, _ path: String, _ consumer: (Data) throws -> Void) throws {
        let declared = Int64(clamping: entry.uncompressedSize)
        var done: Int64 = 0
        var consumerError: Error?
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { chunk in
                done += Int64(chunk.count)
                guard done <= declared else { throw LargerThanDeclared() }
                do { try consumer(chunk) } catch {
                    consumerError = error
                    throw error
                }
            }
        } catch {
            if let consumerError { throw consumerError }
            if error is LargerThanDeclared {
                throw InputError(at: location, "\(kind) 文件已损坏：\(path) 解压后超过其声明的大小 \(OfficeLimits.bytes(declared))（可能是构造的压缩炸弹）。请重新保存文件后重试。")
            }
            throw damaged(path)
        }
    }

    private func damaged(_ path: String) -> InputError {
        InputError(at: location, "\(kind) 文件已损坏：无法解压 \(path)。请重新保存文件后重试。")
    }

    private static func refuseOtherContainers(_ head: Data, fileName: String, kind: String) throws {
        if let container = BinarySniffer.knownContainer(head), !container.hasPrefix("ZIP") {
            let legacy = kind == "docx" ? "旧版 .doc" : "旧版 .xls"
            throw InputError(at: SourceLocation(file: fileName), "这是\(container)文件，不是 .\(kind)。\(legacy) 请先转换：libreoffice --headless --convert-to \(kind) \(fileName)")
        }
    }

    private static func notZip(_ fileName: String, kind: String) -> InputError {
        let app = kind == "docx" ? "Word/WPS" : "Excel/WPS"
        return InputError(at: SourceLocation(file: fileName), "不是有效的 .\(kind) 文件（无法作为 ZIP 打开）。请用 \(app) 另存为 .\(kind) 后重试。")
    }
}
