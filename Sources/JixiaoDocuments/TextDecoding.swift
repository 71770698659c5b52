import Foundation
import JixiaoModel

/// Turns a user's bytes into text: UTF-8 with or without a BOM, else GB18030; binary refused.
public enum TextDecoding {
    /// GB18030, as Foundation on Linux names it (kCFStringEncodingGB_18030_2000).
    public static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Decodes `data` read from `file`. Throws an `InputError` that names the file for empty or
    /// binary input and for bytes that are neither UTF-8 nor GB18030.
    public static func decode(_ data: Data, file: String) throws -> String {
        let location = SourceLocation(file: file)
        if data.isEmpty || data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw InputError(at: location, "文件为空：没有可导入的内容。请确认选择了正确的文件。")
        }
        if let kind = BinarySniffer.knownContainer(data) {
            throw InputError(at: location, "这是 \(kind) 文件，不是文本：请用对应的扩展名（.xlsx/.docx）导入，或另存为文本。")
        }
        if data.prefix(8192).contains(0) {
            throw InputError(at: location, "文件含有二进制数据（NUL 字节），不是文本格式的绩效目标表。请导入 .txt/.csv/.xlsx/.docx 文件。")
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(data: bytes, encoding: .utf8) { return text }
        if let text = String(data: bytes, encoding: gb18030), !text.contains("\u{FFFD}") { return text }
        throw InputError(at: location, "无法识别文件编码：既不是 UTF-8 也不是 GB18030。请用“另存为”选择 UTF-8 编码后重试。")
    }
}

/// Recognises container formats by their first bytes, so a renamed .xlsx is not read as text.
public enum BinarySniffer {
    /// A human name for a known binary container, or nil.
    public static func knownContainer(_ data: Data) -> String? {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "ZIP（.xlsx/.docx）" }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return "旧版 Office（.xls/.doc）" }
        if data.starts(with: Array("%PDF".utf8)) { return "PDF" }
        return nil
    }
}
