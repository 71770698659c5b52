import Foundation
import JixiaoModel
import JixiaoStore

extension Application {
    /// Brings the department–years of another database (read-only) into this one, in one
    /// transaction: see `MergeStore.merge`. Throws `MergeConflict` when contents differ and
    /// `replace` is false; nothing is merged then.
    public func merge(from other: any Store, source: String, replace: Bool) async throws -> MergeOutcome {
        try await store.merge(try await other.bundles(), source: source, replace: replace, by: actor.userName, at: clock())
    }
}
