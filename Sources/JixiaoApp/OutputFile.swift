import Foundation
import JixiaoModel

/// What an output file holds, so that an existing file is overwritten only by the same kind of
/// output (a report over last week's report, never over a database or a user's own workbook).
public enum OutputKind: String, Sendable {
    case text, markdown, html, json, csv, xlsx, docx

    /// Whether `head` (the first bytes of an existing file) and `tail` (its last bytes) look like
    /// an earlier output of this kind.
    func recognizes(head: Data, tail: Data) -> Bool {
        if head.isEmpty { return true }
        if head.starts(with: Array("SQLite format 3".utf8)) { return false }
        switch self {
        case .xlsx, .docx:
            guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return false }
            // The zip's central directory, at its end, names the parts.
            return tail.range(of: Data((self == .xlsx ? "xl/workbook.xml" : "word/document.xml").utf8)) != nil
        case .html:
            let text = String(decoding: head.prefix(1024), as: UTF8.self).lowercased()
            return text.contains("<!doctype html") || text.contains("<html")
        case .json:
            return Self.isText(head) && head.first(where: { ![0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains($0) }).map { $0 == 0x7B || $0 == 0x5B } ?? true
        case .text, .markdown, .csv:
            return Self.isText(head)
        }
    }

    /// UTF-8 text without NUL bytes (a cut last character allowed).
    static func isText(_ data: Data) -> Bool {
        guard !data.contains(0) else { return false }
        for cut in 0..<min(4, data.count + 1) where String(validating: data.dropLast(cut), as: UTF8.self) != nil { return true }
        return false
    }
}

/// Where a command writes its output, and what it must never overwrite.
public struct OutputTarget: Sendable {
    public var url: URL
    public var kind: OutputKind
    /// The database and the command's input files: an output onto any of them (by path, symbolic
    /// or hard link — compared by device and inode) is refused.
    public var protected: [String]
    /// Overwrite an existing file that is not an earlier output of the same kind.
    public var force: Bool

    public init(path: String, kind: OutputKind, protecting: [String], force: Bool = false) {
        url = URL(fileURLWithPath: path)
        self.kind = kind
        protected = protecting
        self.force = force
    }

    /// Refuses a target that is the database (or its -wal/-shm), an input of the command, or an
    /// existing file of another kind (without `force`). Nothing is written when it refuses.
    public func check() throws {
        guard let target = Self.identity(url.path) else { return }
        for path in protected {
            for candidate in [path, path + "-wal", path + "-shm"] where Self.identity(candidate) == target {
                throw InputError(at: SourceLocation(file: url.path),
                                 "输出文件就是\(candidate == path ? "" : "数据库的附属文件 ")\(candidate)（数据库或本命令的输入文件，可能经由链接指向同一文件）。为免毁坏数据，未写入任何内容；请换一个输出文件名。")
            }
        }
        guard !force else { return }
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw InputError(at: SourceLocation(file: url.path), "输出文件已存在且无法读取。请检查权限，或换一个输出文件名。")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 65_536)) ?? Data()
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 65_536 ? size - 65_536 : 0)
        let tail = (try? handle.readToEnd()) ?? Data()
        if !kind.recognizes(head: head, tail: tail) {
            throw InputError(at: SourceLocation(file: url.path),
                             "文件已存在，且不是 jixiao 生成的 \(kind.rawValue) 文件；为免覆盖其他文件，未写入任何内容。确认要覆盖它，请加 --force；或换一个输出文件名。")
        }
    }

    /// Device and inode of the file at `path` (symbolic links followed), nil when there is none.
    static func identity(_ path: String) -> [UInt64]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }
}

/// Writing output files: checked against the target's rules, written to a temporary file beside
/// the target, then renamed into place, so a failure never leaves half a file.
public enum OutputFile {
    /// Writes `data` whole to `target`.
    public static func write(_ data: Data, to target: OutputTarget) throws {
        try target.check()
        try write(data, to: target.url)
    }

    /// Writes `data` whole to `url` (generated files in a folder of their own: nothing to protect).
    public static func write(_ data: Data, to url: URL) throws {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw InputError(at: SourceLocation(file: url.path), "无法写入文件：\(error.localizedDescription)。请检查目录是否存在、是否有写权限。")
        }
    }
}

/// Output written piece by piece: to stdout, or to a temporary file beside the target that is
/// renamed into place at the end (so a failure never leaves half a file).
public final class OutputSink {
    /// The file being written, nil for stdout.
    public let target: URL?
    let temporary: URL?
    let handle: FileHandle

    /// Output to stdout.
    public init() {
        target = nil
        temporary = nil
        handle = FileHandle.standardOutput
    }

    /// Output to `target`, checked first.
    public init(_ output: OutputTarget) throws {
        try output.check()
        let url = output.url
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil), let h = try? FileHandle(forWritingTo: temp) else {
            throw InputError(at: SourceLocation(file: url.path), "无法写入文件。请检查目录是否存在、是否有写权限。")
        }
        target = url
        temporary = temp
        handle = h
    }

    /// Writes a piece; on a terminal without the control and bidi characters data may carry.
    public func write(_ data: Data) throws {
        if target == nil, isatty(1) == 1 {
            try handle.write(contentsOf: Data(ControlCharacters.terminalSafe(String(decoding: data, as: UTF8.self)).utf8))
        } else {
            try handle.write(contentsOf: data)
        }
    }

    private var finished = false

    /// A sink dropped without `finish` (the command failed) leaves no temporary file behind.
    deinit {
        if let temporary, !finished {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
        }
    }

    /// Renames the finished file into place (atomically replacing an earlier one).
    public func finish() throws {
        guard let target, let temporary else { return }
        finished = true
        try handle.close()
        if rename(temporary.path, target.path) != 0 {
            _ = try? FileManager.default.removeItem(at: temporary)
            throw InputError(at: SourceLocation(file: target.path), "无法写入文件（\(String(cString: strerror(errno)))）。请检查目录权限。")
        }
    }
}
