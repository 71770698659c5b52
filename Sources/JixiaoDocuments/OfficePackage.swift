import Foundation
import JixiaoModel
import ZIPFoundation

/// An Office package (.xlsx, .docx) opened for reading: small parts are read whole, large ones are
/// decompressed chunk by chunk straight into the XML tokenizer, so no part is ever held whole.
final class OfficePackage {
    /// Decompressed parts larger than this are refused (a zip bomb, or not a table).
    static let maximumPartSize: Int64 = 1 << 31

    let fileName: String
    /// "xlsx" or "docx", for messages.
    let kind: String
    private let archive: Archive
    private var location: SourceLocation { SourceLocation(file: fileName) }

    /// Opens a file on disk; only its first bytes are read until a part is asked for.
    convenience init(url: URL, fileName: String, kind: String) throws {
        let head = (try? FileHandle(forReadingFrom: url)).map { handle in
            defer { try? handle.close() }
            return (try? handle.read(upToCount: 8)) ?? Data()
        } ?? Data()
        try Self.refuseOtherContainers(head, fileName: fileName, kind: kind)
        guard let archive = try? Archive(url: url, accessMode: .read) else { throw Self.notZip(fileName, kind: kind) }
        self.init(archive: archive, fileName: fileName, kind: kind)
    }

    convenience init(data: Data, fileName: String, kind: String) throws {
        try Self.refuseOtherContainers(data, fileName: fileName, kind: kind)
        guard let archive = try? Archive(data: data, accessMode: .read) else { throw Self.notZip(fileName, kind: kind) }
        self.init(archive: archive, fileName: fileName, kind: kind)
    }

    private init(archive: Archive, fileName: String, kind: String) {
        self.archive = archive
        self.fileName = fileName
        self.kind = kind
    }

    /// The decompressed size of a part, or nil when there is none.
    func size(of path: String) -> Int64? { archive[path].map { Int64($0.uncompressedSize) } }

    /// A small part read whole.
    func part(_ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        try checkSize(entry, path)
        var out = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { out.append($0) }
        } catch {
            throw damaged(path)
        }
        return out
    }

    /// Decompresses a part into a tokenizer 64 KB at a time; `progress` gets the bytes done so far.
    /// Returns false when there is no such part.
    @discardableResult
    func stream(_ path: String, to handler: XMLTokenizer.Handler, progress: ((Int64) -> Void)? = nil) throws -> Bool {
        guard let entry = archive[path] else { return false }
        try checkSize(entry, path)
        let tokens = XMLStream(handler)
        var done: Int64 = 0
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { chunk in
                tokens.feed(chunk)
                done += Int64(chunk.count)
                progress?(done)
            }
        } catch {
            throw damaged(path)
        }
        tokens.finish()
        return true
    }

    private func checkSize(_ entry: Entry, _ path: String) throws {
        guard Int64(entry.uncompressedSize) <= Self.maximumPartSize else {
            throw InputError(at: location, "\(kind) 中的 \(path) 过大（解压后超过 2 GB），不像是一张表格。")
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
