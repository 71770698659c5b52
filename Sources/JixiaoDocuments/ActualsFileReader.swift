import Foundation
import JixiaoModel

/// Reads a filled actuals file, choosing the reader by extension: .csv (UTF-8 with or without
/// BOM, or GB18030) or .xlsx (the template's flat sheet and its 自评表 sheets).
public enum ActualsFileReader {
    /// The rows of a filled file (every sheet's, for a workbook).
    public static func read(url: URL, displayName: String) throws -> [ActualEntry] {
        try readFile(url: url, displayName: displayName).entries
    }

    /// The rows, what the template wrote about itself (year, departments), and notes on sheets not read.
    public static func readFile(url: URL, displayName: String) throws -> ActualsFile {
        let location = SourceLocation(file: displayName)
        func unreadable() -> InputError {
            InputError(at: location, "无法读取文件：\(FileManager.default.fileExists(atPath: url.path) ? "没有读取权限或不是普通文件" : "文件不存在")。请检查路径。")
        }
        let ext = url.pathExtension.lowercased()
        if ext == "xlsx" || ext == "xlsm" {
            // Streamed from disk, within the office limits.
            guard FileManager.default.isReadableFile(atPath: url.path) else { throw unreadable() }
            let file = try XLSXFile(url: url, fileName: displayName)
            file.percentAsShown = true  // 0.95 in a cell formatted 0% is the 95% the unit typed
            return try ActualsTableReader.readWorkbook(file)
        }
        guard let data = try? Data(contentsOf: url) else { throw unreadable() }
        switch ext {
        case "xls", "et":
            throw InputError(at: location, "不支持旧版 .xls。请先转换：libreoffice --headless --convert-to xlsx \(displayName)")
        case "csv", "txt":
            return try ActualsTableReader.readCSVFile(data: data, fileName: displayName)
        default:
            throw InputError(at: location, "无法识别的填报文件类型“.\(url.pathExtension)”：应为 .csv 或 .xlsx。")
        }
    }
}
