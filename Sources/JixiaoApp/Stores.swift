import Foundation
import JixiaoPostgres
import JixiaoStore

/// Opens the store a front end names: a PostgreSQL URL (`postgres://USER[:PASS]@HOST[:PORT]/DB`)
/// or a SQLite file path.
public enum Stores {
    /// How a command uses the database.
    public enum Access: Sendable {
        /// Only reads: opened read-only (nothing written, not even the schema), so a database in a
        /// read-only location (or a PostgreSQL replica) can be read.
        case read
        /// Reads and writes an existing database.
        case write
        /// Reads and writes, creating the database (SQLite) or its schema (PostgreSQL) — on first
        /// use, so that a command refusing its input creates nothing.
        case create
    }

    /// The default number of connections a process keeps to a PostgreSQL server.
    public static let defaultPoolSize = PostgresStore.defaultPoolSize

    /// Whether `spec` names a PostgreSQL database rather than a SQLite file.
    public static func isPostgres(_ spec: String) -> Bool { PostgresAddress.isPostgres(spec) }

    /// The store at `spec`. `busyTimeout`: how long to wait for another program's lock (SQLite);
    /// `onWait` is told when a wait begins to last; `poolSize`: connections to a PostgreSQL server.
    public static func open(_ spec: String, access: Access, busyTimeout: TimeInterval = 30, poolSize: Int = Stores.defaultPoolSize,
                            onWait: (@Sendable (String) -> Void)? = nil) throws -> any Store {
        if isPostgres(spec) {
            let mode: PostgresStore.Access = access == .read ? .read : access == .write ? .write : .create
            return try PostgresStore(url: spec, access: mode, poolSize: poolSize)
        }
        switch access {
        case .read:
            return try SQLiteStore(path: spec, options: SQLiteOptions(access: .readOnly, create: false, busyTimeout: busyTimeout, onWait: onWait))
        case .write:
            return try SQLiteStore(path: spec, options: SQLiteOptions(create: false, busyTimeout: busyTimeout, onWait: onWait))
        case .create:
            let options = SQLiteOptions(busyTimeout: busyTimeout, onWait: onWait)
            if !FileManager.default.fileExists(atPath: spec) {
                return DeferredStore(location: spec) { try SQLiteStore(path: spec, options: options) }
            }
            return try SQLiteStore(path: spec, options: options)
        }
    }

    /// Whether `spec` names the PostgreSQL database at `location` (a store's location): the same
    /// server, port and database, whoever the user.
    public static func isSamePostgresDatabase(_ spec: String, as location: String) -> Bool {
        guard isPostgres(spec), isPostgres(location), let a = try? PostgresAddress(spec), let b = try? PostgresAddress(location) else { return false }
        return a.host == b.host && a.port == b.port && a.database == b.database
    }

    /// Another database opened for reading only (`merge`, `store copy --from`): nothing in it is
    /// changed, and one of another schema version is refused.
    public static func openReadOnly(_ spec: String, poolSize: Int = Stores.defaultPoolSize) throws -> any Store {
        if isPostgres(spec) { return try PostgresStore(url: spec, access: .read, poolSize: poolSize) }
        return try SQLiteStore(readingOnly: spec)
    }
}
