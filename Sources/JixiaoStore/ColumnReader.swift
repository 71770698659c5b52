import Foundation
import GRDB
import GRDBSQLite
import JixiaoModel

/// Reads the columns of the row a statement stands on straight from SQLite.
///
/// GRDB's `String` column conversion measures the text with `strlen` and copies it through
/// `String(cString:)`, and its `DatabaseValue` path boxes every value first; the loads that run
/// once per indicator (a province has about a million) read this way instead. Use it only between
/// a cursor's `next()` and the following one.
struct ColumnReader {
    let statement: SQLiteStatement

    init(_ statement: Statement) { self.statement = statement.sqliteStatement }

    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement, i) == SQLITE_NULL }

    /// The column as text, nil when NULL.
    func text(_ i: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, i) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, i))), as: UTF8.self)
    }

    /// The column as text, "" when NULL (for NOT NULL columns).
    func string(_ i: Int32) -> String { text(i) ?? "" }

    func int(_ i: Int32) -> Int? { isNull(i) ? nil : Int(sqlite3_column_int64(statement, i)) }

    func int64(_ i: Int32) -> Int64? { isNull(i) ? nil : sqlite3_column_int64(statement, i) }

    /// A decimal stored as text (as Jixiao stores every amount), or as a number by another writer.
    func decimal(_ i: Int32) -> Decimal? {
        switch sqlite3_column_type(statement, i) {
        case SQLITE_NULL: return nil
        case SQLITE_INTEGER: return Decimal(sqlite3_column_int64(statement, i))
        case SQLITE_FLOAT: return Decimal(sqlite3_column_double(statement, i))
        default:
            let s = string(i)
            return Decimals.parse(s) ?? Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))
        }
    }
}
