import Foundation
import GRDB
import JixiaoModel

extension SQLiteStore: AccountStore {
    static func user(_ r: Row) -> UserAccount {
        let department: String? = r["department_code"]
        return UserAccount(name: r["name"], role: (r["role"] as String) == "unit" ? .unit(department: department ?? "") : .bureau,
                           passwordHash: r["password_hash"], disabled: (r["disabled"] as Int) != 0, createdAt: r["created_at"])
    }

    public func addUser(_ user: UserAccount) async throws {
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM app_user WHERE name = ?)", arguments: [user.name]) == true {
                throw StoreError("用户“\(user.name)”已存在。")
            }
            try db.execute(sql: "INSERT INTO app_user (name, role, department_code, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [user.name, user.role == .bureau ? "bureau" : "unit", user.role.department, user.passwordHash, user.disabled, user.createdAt])
        }
    }

    public func user(named name: String) async throws -> UserAccount? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM app_user WHERE name = ?", arguments: [name]).map(Self.user) }
    }

    public func users() async throws -> [UserAccount] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM app_user ORDER BY name").map(Self.user) }
    }

    public func updateUser(_ user: UserAccount) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE app_user SET role = ?, department_code = ?, password_hash = ?, disabled = ? WHERE name = ?",
                           arguments: [user.role == .bureau ? "bureau" : "unit", user.role.department, user.passwordHash, user.disabled, user.name])
            if db.changesCount == 0 { throw StoreError("没有用户“\(user.name)”。") }
        }
    }

    public func createSession(_ s: SessionRecord) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO app_session (token_hash, user_name, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [s.tokenHash, s.userName, s.csrfToken, s.createdAt.timeIntervalSince1970, s.expiresAt.timeIntervalSince1970])
        }
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM app_session WHERE token_hash = ?", arguments: [tokenHash]).map { r in
                SessionRecord(tokenHash: r["token_hash"], userName: r["user_name"], csrfToken: r["csrf_token"],
                              createdAt: Date(timeIntervalSince1970: r["created_at"]), expiresAt: Date(timeIntervalSince1970: r["expires_at"]))
            }
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM app_session WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    public func deleteSessions(userName: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM app_session WHERE user_name = ?", arguments: [userName]) }
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
