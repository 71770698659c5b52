import Foundation
import JixiaoEngine
import JixiaoModel

/// Reads a target document from a file, choosing the reader by the file's extension and bytes.
public enum TargetFileReader {
    /// A document as read, with the paragraphs of its 部门整体 part as written: `review` checks
    /// their numbering (R23), which the stored department does not keep.
    public struct Reading: Sendable {
        public var document: TargetDocument
        /// The 部门整体 part before the project tables, a paragraph each; empty for csv.
        public var preamble: [TargetReview.Paragraph]
    }

    /// Reads `url`. `displayName` is the name used in messages (as the user typed it). `progress`
    /// gets (done, total) in bytes while a large .xlsx is read.
    public static func read(url: URL, displayName: String, year: Int?, progress: ((Int64, Int64) -> Void)? = nil) throws -> TargetDocument {
        try readWithPreamble(url: url, displayName: displayName, year: year, progress: progress).document
    }

    /// `read`, keeping the 部门整体 part's paragraphs for `review`:
    /// `TargetReview().review(r.document.department, preamble: r.preamble)`.
    public static func readWithPreamble(url: URL, displayName: String, year: Int?, progress: ((Int64, Int64) -> Void)? = nil) throws -> Reading {
        let location = SourceLocation(file: displayName)
        let ext = url.pathExtension.lowercased()
        let reader = TextLayoutReader(fileName: displayName, year: year)
        // .xlsx and .docx are streamed from disk: the file is never read whole.
        if ext == "xlsx" || ext == "xlsm" {
            guard FileManager.default.isReadableFile(atPath: url.path) else { throw unreadable(url, location) }
            return try reader.readWithPreamble(TargetLayoutSources.xlsx(XLSXFile(url: url, fileName: displayName), progress: progress))
        }
        if ext == "docx" {
            guard FileManager.default.isReadableFile(atPath: url.path) else { throw unreadable(url, location) }
            return try reader.readWithPreamble(TargetLayoutSources.docx(OfficePackage(url: url, fileName: displayName, kind: "docx"), progress: progress))
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw unreadable(url, location)
        }
        switch ext {
        case "xls", "doc", "et", "wps":
            throw InputError(at: location, "不支持旧版 Office 格式（.\(ext)）。请先转换：libreoffice --headless --convert-to \(ext == "doc" || ext == "wps" ? "docx" : "xlsx") \(displayName)，再导入转换后的文件。")
        case "csv":
            return Reading(document: try TargetsCSV.read(data: data, fileName: displayName, year: year), preamble: [])
        default:
            return try reader.readWithPreamble(text: TextDecoding.decode(data, file: displayName))
        }
    }

    static func unreadable(_ url: URL, _ location: SourceLocation) -> InputError {
        InputError(at: location, "无法读取文件：\(FileManager.default.fileExists(atPath: url.path) ? "没有读取权限或不是普通文件" : "文件不存在")。请检查路径。")
    }
}
