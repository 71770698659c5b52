import Foundation
import Hummingbird
import JixiaoApp

/// A posted form: its fields, and the files of a multipart form.
public struct FormData: Sendable {
    public var fields: [String: String] = [:]
    public var files: [String: UploadedFile] = [:]

    public subscript(_ name: String) -> String? { fields[name] }

    /// Reads and parses the body of `request`: `application/x-www-form-urlencoded` or
    /// `multipart/form-data`, at most `limit` bytes (a larger body is refused with 413 before it
    /// is read whole).
    static func read(_ request: Request, context: WebContext, limit: Int) async throws -> FormData {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw PageError(status: .contentTooLarge, message: "上传的内容过大（超过 \(UploadLimits(maxBytes: limit).label)），未做任何修改。请删去无关的工作表后再上传。")
        }
        let bytes = Array(buffer.readableBytesView)
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = Self.parameter("boundary", in: type) else { throw PageError(status: .badRequest, message: "表单格式有误（缺少 boundary）。") }
            return try multipart(bytes, boundary: boundary)
        }
        return urlEncoded(String(decoding: bytes, as: UTF8.self))
    }

    static func urlEncoded(_ text: String) -> FormData {
        var form = FormData()
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let name = decode(parts[0])
            form.fields[name] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return form
    }

    static func parameter(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            return kv[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// multipart/form-data (RFC 7578): parts split at the boundary, each a header block and a body.
    static func multipart(_ bytes: [UInt8], boundary: String) throws -> FormData {
        var form = FormData()
        let delimiter = Array(("--" + boundary).utf8)
        var starts: [Int] = []
        var i = 0
        while let found = find(delimiter, in: bytes, from: i) {
            starts.append(found)
            i = found + delimiter.count
        }
        guard starts.count >= 2 else { throw PageError(status: .badRequest, message: "表单格式有误（multipart 分隔符不完整）。") }
        let crlf2: [UInt8] = [13, 10, 13, 10]
        for (a, b) in zip(starts, starts.dropFirst()) {
            var partStart = a + delimiter.count
            if partStart + 1 < bytes.count, bytes[partStart] == 13, bytes[partStart + 1] == 10 { partStart += 2 }
            var partEnd = b
            if partEnd >= 2, bytes[partEnd - 2] == 13, bytes[partEnd - 1] == 10 { partEnd -= 2 }
            guard partStart <= partEnd, let headerEnd = find(crlf2, in: bytes, from: partStart), headerEnd <= partEnd else { continue }
            let header = String(decoding: bytes[partStart..<headerEnd], as: UTF8.self)
            let body = Array(bytes[(headerEnd + 4)..<max(headerEnd + 4, partEnd)])
            var name: String?, fileName: String?
            for line in header.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: line)
                fileName = parameter("filename", in: line)
            }
            guard let name else { continue }
            if let fileName {
                form.files[name] = UploadedFile(fileName: fileName, data: Data(body))
            } else {
                form.fields[name] = String(decoding: body, as: UTF8.self)
            }
        }
        return form
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
