import Foundation
import JixiaoModel
import JixiaoStore

extension Application {
    /// Brings the department–years of another database file (opened read-only) into this one, in
    /// one transaction: see `MergeStore.merge`. Throws `MergeConflict` when contents differ and
    /// `replace` is false; nothing is merged then. A file that is this database (by path or link)
    /// is refused.
    public func merge(databaseAt path: String, replace: Bool) async throws -> MergeOutcome {
        let sameFile = OutputTarget.identity(store.location).map { OutputTarget.identity(path) == $0 } ?? false
        if sameFile || Stores.isSamePostgresDatabase(path, as: store.location) {
            throw InputError(at: SourceLocation(file: path), "不能把数据库并入它自己。")
        }
        return try await merge(from: try Stores.openReadOnly(path), source: path, replace: replace)
    }

    /// Brings the department–years of another store into this one (see `merge(databaseAt:)`).
    public func merge(from other: any Store, source: String, replace: Bool) async throws -> MergeOutcome {
        try authorize(.administer)
        return try await store.merge(try await other.bundles(), source: source, replace: replace, by: actor.userName, at: clock())
    }
}
