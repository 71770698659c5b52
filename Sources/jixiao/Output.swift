import Foundation
import JixiaoModel

/// Writing output files: to a temporary file beside the target, then moved into place, so a
/// failure never leaves half a file.
enum Output {
    static func write(_ data: Data, to url: URL) throws {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw InputError(at: SourceLocation(file: url.path), "无法写入文件：\(error.localizedDescription)。请检查目录是否存在、是否有写权限。")
        }
    }
}
