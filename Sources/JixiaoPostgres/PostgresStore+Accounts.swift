import Foundation
import JixiaoModel
import JixiaoStore
import PostgresNIO

extension PostgresStore: AccountStore {
    static let userColumns = "name, role, department_code, password_hash, disabled::text, created_at"

    static func user(_ r: TextRow) -> UserAccount {
        UserAccount(name: r.string(0), role: r.string(1) == "unit" ? .unit(department: r.text(2) ?? "") : .bureau,
                    passwordHash: r.string(3), disabled: (r.int(4) ?? 0) != 0, createdAt: r.string(5))
    }

    public func addUser(_ user: UserAccount) async throws {
        try await write { c in
            let inserted = try await self.rows(c, """
                INSERT INTO app_user (name, role, department_code, password_hash, disabled, created_at)
                VALUES (\(user.name), \(user.role == .bureau ? "bureau" : "unit"), \(user.role.department), \(user.passwordHash), \(user.disabled ? 1 : 0),
                    \(user.createdAt))
                ON CONFLICT (name) DO NOTHING RETURNING name
                """)
            if inserted.isEmpty { throw StoreError("用户“\(user.name)”已存在。") }
        }
    }

    public func user(named name: String) async throws -> UserAccount? {
        try await read { c in try await self.rows(c, "SELECT \(unescaped: Self.userColumns) FROM app_user WHERE name = \(name)").first.map(Self.user) }
    }

    public func users() async throws -> [UserAccount] {
        try await read { c in try await self.rows(c, "SELECT \(unescaped: Self.userColumns) FROM app_user ORDER BY name COLLATE \"C\"").map(Self.user) }
    }

    public func updateUser(_ user: UserAccount) async throws {
        try await write { c in
            let updated = try await self.rows(c, """
                UPDATE app_user SET role = \(user.role == .bureau ? "bureau" : "unit"), department_code = \(user.role.department),
                    password_hash = \(user.passwordHash), disabled = \(user.disabled ? 1 : 0) WHERE name = \(user.name) RETURNING name
                """)
            if updated.isEmpty { throw StoreError("没有用户“\(user.name)”。") }
        }
    }

    public func createSession(_ s: SessionRecord) async throws {
        try await write { c in
            try await self.execute(c, """
                INSERT INTO app_session (token_hash, user_name, csrf_token, created_at, expires_at)
                VALUES (\(s.tokenHash), \(s.userName), \(s.csrfToken), \(s.createdAt.timeIntervalSince1970), \(s.expiresAt.timeIntervalSince1970))
                """)
        }
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await read { c in
            try await self.rows(c, """
                SELECT token_hash, user_name, csrf_token, created_at::text, expires_at::text FROM app_session WHERE token_hash = \(tokenHash)
                """).first.map { r in
                SessionRecord(tokenHash: r.string(0), userName: r.string(1), csrfToken: r.string(2),
                              createdAt: Date(timeIntervalSince1970: r.double(3) ?? 0), expiresAt: Date(timeIntervalSince1970: r.double(4) ?? 0))
            }
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await write { c in try await self.execute(c, "DELETE FROM app_session WHERE token_hash = \(tokenHash)") }
    }

    public func deleteSessions(userName: String) async throws {
        try await write { c in try await self.execute(c, "DELETE FROM app_session WHERE user_name = \(userName)") }
    }

    public func recordLoginAttempt(key: String, at date: Date, succeeded: Bool) async throws {
        try await write { c in
            try await self.execute(c, "INSERT INTO login_attempt (key, at, succeeded) VALUES (\(key), \(date.timeIntervalSince1970), \(succeeded ? 1 : 0))")
            // Old attempts are of no further use.
            try await self.execute(c, "DELETE FROM login_attempt WHERE at < \(date.timeIntervalSince1970 - 86_400)")
        }
    }

    public func failedLoginAttempts(key: String, since date: Date) async throws -> Int {
        try await read { c in
            let lastSuccess = try await self.rows(c, "SELECT max(at)::text FROM login_attempt WHERE key = \(key) AND succeeded = 1").first?.double(0) ?? 0
            return try await self.rows(c, """
                SELECT count(*)::text FROM login_attempt WHERE key = \(key) AND succeeded = 0 AND at >= \(date.timeIntervalSince1970) AND at > \(lastSuccess)
                """).first?.int(0) ?? 0
        }
    }
}
