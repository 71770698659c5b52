import Foundation
import JixiaoStore

/// Opens the store a front end names: today a SQLite file path.
public enum Stores {
    /// The store at `spec` (a file path), migrated; with `mustExist` false a missing database is
    /// created — on first use, so that a command refusing its input creates nothing.
    public static func open(_ spec: String, mustExist: Bool) throws -> any Store {
        if !mustExist, !FileManager.default.fileExists(atPath: spec) {
            return DeferredStore(location: spec) { try SQLiteStore(path: spec) }
        }
        return try SQLiteStore(path: spec, mustExist: mustExist)
    }

    /// Another database opened for reading only (`merge`): nothing in it is changed.
    public static func openReadOnly(_ spec: String) throws -> any Store {
        try SQLiteStore(readingOnly: spec)
    }
}
