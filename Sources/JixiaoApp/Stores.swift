import Foundation
import JixiaoStore

/// Opens the store a front end names: today a SQLite file path.
public enum Stores {
    /// How a command uses the database.
    public enum Access: Sendable {
        /// Only reads: opened read-only (nothing written, not even the schema), so a database in a
        /// read-only location can be read.
        case read
        /// Reads and writes an existing database.
        case write
        /// Reads and writes, creating the database — on first use, so that a command refusing its
        /// input creates nothing.
        case create
    }

    /// The store at `spec` (a file path). `busyTimeout`: how long to wait for another program's
    /// lock; `onWait` is told when a wait begins to last.
    public static func open(_ spec: String, access: Access, busyTimeout: TimeInterval = 30, onWait: (@Sendable (String) -> Void)? = nil) throws -> any Store {
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

    /// Another database opened for reading only (`merge`): nothing in it is changed.
    public static func openReadOnly(_ spec: String) throws -> any Store {
        try SQLiteStore(readingOnly: spec)
    }
}
