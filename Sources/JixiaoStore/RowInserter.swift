import Foundation
import GRDB
import GRDBSQLite

/// Binds and runs a prepared statement straight through SQLite, a row at a time.
///
/// GRDB's `execute(arguments:)` first boxes every argument into a `DatabaseValue` array and
/// checks it against the statement; a score run writes a row per project and per finding (about
/// 250,000 for a province), so those rows are bound here directly. Bind every parameter, then
/// `run`.
struct RowInserter {
    let statement: SQLiteStatement
    let connection: SQLiteConnection?

    init(_ statement: Statement, in db: Database) {
        self.statement = statement.sqliteStatement
        self.connection = db.sqliteConnection
    }

    /// SQLite copies the bytes before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(statement, index)
            return
        }
        text.withUTF8 { bytes in
            // An empty string has no base address, and a null pointer would bind NULL.
            let pointer = bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            _ = pointer == nil
                ? sqlite3_bind_text(statement, index, "", 0, Self.transient)
                : sqlite3_bind_text(statement, index, pointer, Int32(bytes.count), Self.transient)
        }
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    /// Runs the statement with the bound values and resets it for the next row.
    func run() throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }
}
