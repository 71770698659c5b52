import Foundation
import JixiaoModel
import PostgresNIO

/// One result row read as text: every query of the store selects its columns as `text` (numbers
/// as `::text`), so that each cell is its UTF-8 bytes and nothing is decoded twice.
struct TextRow {
    private let cells: [ByteBuffer?]

    init(_ row: PostgresRow) {
        var cells: [ByteBuffer?] = []
        cells.reserveCapacity(row.count)
        for cell in row { cells.append(cell.bytes) }
        self.cells = cells
    }

    /// The column as text, nil when NULL.
    func text(_ i: Int) -> String? { cells[i].map { String(buffer: $0) } }
    /// The column as text, "" when NULL (for NOT NULL columns).
    func string(_ i: Int) -> String { text(i) ?? "" }
    func int(_ i: Int) -> Int? { text(i).flatMap { Int($0) } }
    func int64(_ i: Int) -> Int64? { text(i).flatMap { Int64($0) } }
    func double(_ i: Int) -> Double? { text(i).flatMap { Double($0) } }
    /// A `numeric` column, exact.
    func decimal(_ i: Int) -> Decimal? { text(i).flatMap(Numbers.decimal) }
}

/// Decimals to and from the text PostgreSQL reads into and writes from `numeric`.
enum Numbers {
    static func text(_ value: Decimal?) -> String? { value.map(Decimals.plain) }

    static func decimal(_ text: String) -> Decimal? {
        Decimals.parse(text) ?? Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}

/// Rows for `COPY … FROM STDIN` in PostgreSQL's text format, sent a megabyte at a time: the bulk
/// writes (an import's projects and indicators, a score run's rows) go this way rather than one
/// INSERT per row.
struct CopyRows {
    private(set) var buffer = ByteBuffer()
    private(set) var count = 0

    /// Appends a row; nil is NULL.
    mutating func append(_ fields: [String?]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            guard let field else {
                buffer.writeStaticString("\\N")
                continue
            }
            var plain = true
            for byte in field.utf8 where byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                plain = false
                break
            }
            if plain {
                buffer.writeString(field)
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
        count += 1
    }

    /// Sends the rows into `table` (columns in `columns`' order) on the transaction's connection.
    func send(_ connection: PostgresConnection, table: String, columns: [String], logger: Logger) async throws {
        guard count > 0 else { return }
        let whole = buffer
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            var rest = whole
            while rest.readableBytes > 0 {
                let chunk = rest.readSlice(length: min(rest.readableBytes, 1 << 20))!
                try await writer.write(chunk)
            }
        }
    }
}

/// Builds a query with `$n` parameters, every value sent as text and cast in the SQL where the
/// column is not text.
struct QueryBuilder {
    private(set) var sql = ""
    private(set) var binds = PostgresBindings()

    init(_ sql: String = "") { self.sql = sql }

    mutating func append(_ text: String) { sql += text }

    /// Appends a parameter holding `value` (NULL when nil) and returns its `$n`.
    @discardableResult
    mutating func bind(_ value: String?) -> String {
        if let value { binds.append(value) } else { binds.appendNull() }
        return "$\(binds.count)"
    }

    @discardableResult
    mutating func bind(_ value: Int?) -> String {
        if let value { binds.append(value) } else { binds.appendNull() }
        return "$\(binds.count)"
    }

    @discardableResult
    mutating func bind(_ value: Int64?) -> String {
        if let value { binds.append(value) } else { binds.appendNull() }
        return "$\(binds.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}

extension PostgresStore {
    /// Inserts or replaces `rows` (text fields in `insert`'s column order, each cast by `casts`),
    /// a thousand rows a statement: `insert` is the `INSERT INTO table (columns) VALUES` head,
    /// `onConflict` the `ON CONFLICT … DO UPDATE` tail.
    func upsertRows(_ c: PostgresConnection, insert: String, casts: [String], onConflict: String, _ rows: [[String?]]) async throws {
        for start in stride(from: 0, to: rows.count, by: 1000) {
            var q = QueryBuilder(insert)
            for (n, row) in rows[start..<min(rows.count, start + 1000)].enumerated() {
                q.append(n == 0 ? " (" : ", (")
                for (i, field) in row.enumerated() {
                    if i > 0 { q.append(", ") }
                    q.append(q.bind(field) + casts[i])
                }
                q.append(")")
            }
            q.append(" " + onConflict)
            try await execute(c, q.query)
        }
    }
}
