import Foundation
import ZIPFoundation
import JixiaoDocuments
import JixiaoModel

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// The package root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seedURL = root.appendingPathComponent("Samples/000_969f7bf0a7ef26b4.txt")
    static var seedText: String { try! String(contentsOf: seedURL, encoding: .utf8) }
    static let goldenDirectory = root.appendingPathComponent("Tests/JixiaoTests/Golden")

    static func readSeed(year: Int? = nil) throws -> TargetDocument {
        try TextLayoutReader(fileName: "seed.txt", year: year).read(text: seedText)
    }

    /// A fresh temporary directory.
    /// One part of a zip package (xlsx, docx), decompressed.
    static func part(_ path: String, of url: URL) throws -> Data {
        let archive = try Archive(url: url, accessMode: .read)
        var data = Data()
        _ = try archive.extract(archive[path]!) { data.append($0) }
        return data
    }

    /// A zip package rebuilt with each part passed through `transform` (path, bytes) → bytes.
    static func rezip(_ data: Data, _ transform: (String, Data) throws -> Data) throws -> Data {
        let source = try Archive(data: data, accessMode: .read)
        let target = try Archive(data: Data(), accessMode: .create)
        for entry in source {
            var content = Data()
            _ = try source.extract(entry) { content.append($0) }
            let bytes = try transform(entry.path, content)
            try target.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return target.data!
    }

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func decimal(_ s: String) -> Decimal { Decimal(string: s)! }
}
