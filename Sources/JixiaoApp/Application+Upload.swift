import Foundation
import JixiaoEngine
import JixiaoModel
import JixiaoStore

/// A file received from a browser: its name as the browser gave it and its bytes.
public struct UploadedFile: Sendable {
    public var fileName: String
    public var data: Data

    public init(fileName: String, data: Data) {
        self.fileName = fileName
        self.data = data
    }

    /// The name without any folder part or control characters: what messages show and what the
    /// temporary copy is called. A name like `../../etc/passwd` becomes `passwd`.
    public var safeName: String {
        let last = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\u{7F}" }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        let name = cleaned.hasPrefix(".") ? String(cleaned.drop(while: { $0 == "." })) : cleaned
        return name.isEmpty ? "上传文件" : String(name.prefix(120))
    }

    /// The lower-cased extension of the safe name.
    public var fileExtension: String { (safeName as NSString).pathExtension.lowercased() }
}

/// An upload refused before it was read: too large, empty, of the wrong type.
public struct UploadRefused: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
    public init(description: String) { self.description = description }
}

extension UploadRefused: UserFacingError {}

/// The bounds of an upload.
public struct UploadLimits: Sendable {
    /// The largest file accepted, in bytes.
    public var maxBytes: Int

    public init(maxBytes: Int = 10 * 1024 * 1024) { self.maxBytes = maxBytes }

    /// The limit as people read it.
    public var label: String { maxBytes >= 1024 * 1024 ? "\(maxBytes / (1024 * 1024)) MB" : "\(maxBytes / 1024) KB" }
}

extension Application {
    /// Records a filled template (xlsx or csv) uploaded by a unit: the same all-or-nothing
    /// validation as `record`, within the size and type bounds. Rows of another department are
    /// unknown codes to a unit.
    public func uploadActuals(_ file: UploadedFile, year: Int?, profile: Profile, limits: UploadLimits = UploadLimits()) async throws -> ActualsRecording {
        try authorizeRecording()
        try Self.check(file, allowed: InputFiles.actualsExtensions, what: "填报表", limits: limits)
        return try await withTemporaryCopy(file) { path in
            var recording = try await recordActuals(file: path, year: year, profile: profile)
            recording.path = file.safeName
            return recording
        }
    }

    /// Imports an uploaded target table in any format `import` reads (txt, docx, xlsx, csv).
    public func uploadTargets(_ file: UploadedFile, year: Int?, limits: UploadLimits = UploadLimits()) async throws -> TargetImport {
        try Self.check(file, allowed: InputFiles.targetExtensions, what: "绩效目标表", limits: limits)
        return try await withTemporaryCopy(file) { path in
            var imported = try await importTargets(file: path, year: year)
            imported.path = file.safeName
            return imported
        }
    }

    static func check(_ file: UploadedFile, allowed: Set<String>, what: String, limits: UploadLimits) throws {
        let list = allowed.sorted().joined(separator: "、")
        guard !file.data.isEmpty else { throw UploadRefused(description: "未收到文件内容：请选择要上传的\(what)（\(list)）。") }
        guard file.data.count <= limits.maxBytes else {
            throw UploadRefused(description: "文件 \(file.safeName) 过大（\(file.data.count / 1024) KB），上传的\(what)最大 \(limits.label)。请删去无关的工作表后再上传。")
        }
        let ext = file.fileExtension
        guard allowed.contains(ext) else {
            throw UploadRefused(description: "文件 \(file.safeName) 的类型“\(ext.isEmpty ? "无扩展名" : ext)”不能作为\(what)上传：只接受 \(list)。")
        }
        // An Office file is a zip package; a text file is not. The readers check the rest.
        let isZip = file.data.starts(with: [0x50, 0x4B, 0x03, 0x04])
        if ["xlsx", "docx"].contains(ext), !isZip {
            throw UploadRefused(description: "文件 \(file.safeName) 不是有效的 \(ext) 文件（内容不是 Office 文档）。请用 Excel 或 WPS 另存为 .\(ext) 后再上传。")
        }
        if ["csv", "txt"].contains(ext), isZip || file.data.prefix(4096).contains(0) {
            throw UploadRefused(description: "文件 \(file.safeName) 不是文本文件，不能作为 .\(ext) 读取。xlsx 文件请保留 .xlsx 扩展名上传。")
        }
    }

    /// Runs `body` on a private temporary copy of the upload, removed afterwards.
    func withTemporaryCopy<T: Sendable>(_ file: UploadedFile, _ body: (String) async throws -> T) async throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-upload-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(file.safeName)
        try file.data.write(to: url)
        do {
            return try await body(url.path)
        } catch let error as InputError {
            // Messages name the file as uploaded, not the temporary copy.
            throw InputError(error.diagnostics.map { d in
                var d = d
                if d.location?.file == url.path { d.location?.file = file.safeName }
                return d
            })
        }
    }
}
