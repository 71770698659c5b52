import Foundation
import JixiaoModel
import ZIPFoundation

/// Writes an Office package (xlsx, docx): text parts deflated into an in-memory zip, with a fixed
/// modification date so the same content gives the same bytes.
struct ZipPackage {
    private let archive: Archive

    init() throws { archive = try Archive(data: Data(), accessMode: .create) }

    func add(_ path: String, _ text: String) throws {
        let bytes = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                             modificationDate: Date(timeIntervalSince1970: 1_767_225_600), compressionMethod: .deflate) { position, size in
            bytes.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    func data(kind: String) throws -> Data {
        guard let data = archive.data else { throw InputError("无法生成 \(kind) 文件。") }
        return data
    }
}
