import Foundation
import GRDB

/// SQLite's errors as messages that say what happened and what to do — never the SQL of the
/// statement that failed.
enum SQLiteErrors {
    static func storeError(_ error: DatabaseError, path: String, options: SQLiteOptions) -> StoreError {
        let reason: StoreError.Reason
        let message: String
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            reason = .busy
            message = "数据库 \(path) 正被其他程序使用（等待 \(Int(options.busyTimeout)) 秒后仍未释放）。请关闭正在使用它的程序，或稍后再试；可用 --busy-timeout 秒数 延长等待。本次操作未做任何修改。"
        case .SQLITE_READONLY:
            reason = .readOnly
            message = "数据库 \(path) 是只读的（文件或其所在目录没有写权限）。查看数据的命令可以照常使用；要写入，请检查文件和目录的权限。本次操作未做任何修改。"
        case .SQLITE_FULL:
            reason = .diskFull
            message = "磁盘已满，无法写入数据库 \(path)。本次操作未做任何修改；请腾出磁盘空间后重试。"
        case .SQLITE_IOERR:
            reason = .ioError
            message = "读写数据库 \(path) 时发生磁盘错误（I/O）。本次操作未做任何修改；请检查磁盘和文件后重试。"
        case .SQLITE_NOTADB:
            reason = .notADatabase
            message = "\(path) 不是 SQLite 数据库文件。请确认 --db 指向 Jixiao 的数据库。"
        case .SQLITE_CORRUPT:
            reason = .corrupt
            message = "数据库 \(path) 已损坏（\(error.message ?? "")）。请从备份恢复。"
        case .SQLITE_CANTOPEN:
            reason = .cannotOpen
            message = "无法打开数据库 \(path)：路径不存在、没有权限，或在只读目录中无法建立 WAL 文件。请检查路径和权限。"
        default:
            reason = .other
            message = "数据库 \(path) 出错：\(error.message ?? "SQLite 错误 \(error.resultCode.rawValue)")。本次操作未做任何修改。"
        }
        return StoreError(message, reason: reason)
    }
}
