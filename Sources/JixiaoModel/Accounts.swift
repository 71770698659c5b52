import Foundation

/// What a user of the web application may act as: the finance bureau, or one budget unit.
public enum AccountRole: Sendable, Equatable {
    case bureau
    case unit(department: String)

    /// The department a unit account works for; nil for the bureau.
    public var department: String? {
        if case .unit(let code) = self { return code }
        return nil
    }
}

/// A user of the web application. The password is kept only as a bcrypt hash.
public struct UserAccount: Sendable, Equatable {
    public var name: String
    public var role: AccountRole
    public var passwordHash: String
    public var disabled: Bool
    public var createdAt: String

    public init(name: String, role: AccountRole, passwordHash: String, disabled: Bool = false, createdAt: String) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.createdAt = createdAt
    }
}

/// A signed-in session: the browser holds a random token, the database only its SHA-256.
public struct SessionRecord: Sendable, Equatable {
    public var tokenHash: String
    public var userName: String
    /// The form token every POST of the session must carry (CSRF).
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, userName: String, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userName = userName
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
