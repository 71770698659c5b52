import Foundation
import GRDB
import JixiaoModel

extension SQLiteStore: AccountStore {
    public func addUser(_ user: UserAccount) async throws {
        try await write { db in
            if try UserRow.exists(db, key: user.name) {
                throw StoreError("用户“\(user.name)”已存在。")
            }
            try UserRow(user).insert(db)
        }
    }

    public func user(named name: String) async throws -> UserAccount? {
        try await read { db in try UserRow.fetchOne(db, key: name)?.account }
    }

    public func users() async throws -> [UserAccount] {
        try await read { db in try UserRow.order(UserRow.Columns.name).fetchAll(db).map(\.account) }
    }

    public func updateUser(_ user: UserAccount) async throws {
        try await write { db in
            let row = UserRow(user)
            let changed = try UserRow.filter(UserRow.Columns.name == user.name).updateAll(db, [
                UserRow.Columns.role.set(to: row.role), UserRow.Columns.departmentCode.set(to: row.departmentCode),
                UserRow.Columns.passwordHash.set(to: row.passwordHash), UserRow.Columns.disabled.set(to: row.disabled),
            ])
            if changed == 0 { throw StoreError("没有用户“\(user.name)”。") }
        }
    }

    public func createSession(_ s: SessionRecord) async throws {
        try await write { db in try SessionRow(s).insert(db) }
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await read { db in try SessionRow.fetchOne(db, key: tokenHash)?.session }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await write { db in _ = try SessionRow.deleteOne(db, key: tokenHash) }
    }

    public func deleteSessions(userName: String) async throws {
        try await write { db in _ = try SessionRow.filter(SessionRow.Columns.userName == userName).deleteAll(db) }
    }

    public func recordLoginAttempt(key: String, at date: Date, succeeded: Bool) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO login_attempt (key, at, succeeded) VALUES (?, ?, ?)", arguments: [key, date.timeIntervalSince1970, succeeded])
            // Old attempts are of no further use.
            try db.execute(sql: "DELETE FROM login_attempt WHERE at < ?", arguments: [date.timeIntervalSince1970 - 86_400])
        }
    }

    public func failedLoginAttempts(key: String, since date: Date) async throws -> Int {
        try await read { db in
            let lastSuccess = try Double.fetchOne(db, sql: "SELECT max(at) FROM login_attempt WHERE key = ? AND succeeded = 1", arguments: [key]) ?? 0
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM login_attempt WHERE key = ? AND succeeded = 0 AND at >= ? AND at > ?",
                                    arguments: [key, date.timeIntervalSince1970, lastSuccess]) ?? 0
        }
    }
}
