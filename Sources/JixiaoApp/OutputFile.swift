import Foundation
import JixiaoModel

/// Writing output files: to a temporary file beside the target, then moved into place, so a
/// failure never leaves half a file.
public enum OutputFile {
    /// Writes `data` to `url` whole.
    public static func write(_ data: Data, to url: URL) throws {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw InputError(at: SourceLocation(file: url.path), "无法写入文件：\(error.localizedDescription)。请检查目录是否存在、是否有写权限。")
        }
    }
}

/// Output written piece by piece: to stdout, or to a temporary file beside the target that is
/// moved into place at the end (so a failure never leaves half a file).
public final class OutputSink {
    /// The file being written, nil for stdout.
    public let target: URL?
    let temporary: URL?
    let handle: FileHandle

    public init(_ path: String?) throws {
        guard let path else {
            target = nil
            temporary = nil
            handle = FileHandle.standardOutput
            return
        }
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil), let h = try? FileHandle(forWritingTo: temp) else {
            throw InputError(at: SourceLocation(file: path), "无法写入文件。请检查目录是否存在、是否有写权限。")
        }
        target = url
        temporary = temp
        handle = h
    }

    public func write(_ data: Data) throws { try handle.write(contentsOf: data) }

    /// Moves the finished file into place.
    public func finish() throws {
        guard let target, let temporary else { return }
        try handle.close()
        _ = try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: temporary, to: target)
    }
}
