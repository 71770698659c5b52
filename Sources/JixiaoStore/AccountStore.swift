import Foundation
import JixiaoModel

/// Users, their sessions and login attempts, for the web application.
public protocol AccountStore: Sendable {
    /// Adds a user; refused (`StoreError`) when the name is taken.
    func addUser(_ user: UserAccount) async throws
    func user(named name: String) async throws -> UserAccount?
    /// Every user, by name.
    func users() async throws -> [UserAccount]
    /// Replaces a user's role, password hash and disabled flag.
    func updateUser(_ user: UserAccount) async throws
    func createSession(_ session: SessionRecord) async throws
    func session(tokenHash: String) async throws -> SessionRecord?
    func deleteSession(tokenHash: String) async throws
    /// Ends every session of a user (disabled, password reset).
    func deleteSessions(userName: String) async throws
    /// Notes a login attempt under `key` (a user name or an address).
    func recordLoginAttempt(key: String, at date: Date, succeeded: Bool) async throws
    /// Failed attempts under `key` since `date`, not counting those before the last success.
    func failedLoginAttempts(key: String, since date: Date) async throws -> Int
}
