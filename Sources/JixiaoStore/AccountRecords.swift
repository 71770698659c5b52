import Foundation
import GRDB
import JixiaoModel

/// A row of `app_user` as a GRDB record: the accounts are a cold path, read and written by column
/// name through `Columns`, never by position.
struct UserRow: Codable, FetchableRecord, PersistableRecord, TableRecord {
    static let databaseTableName = "app_user"

    /// The columns of `app_user`.
    enum Columns {
        static let name = Column(CodingKeys.name)
        static let role = Column(CodingKeys.role)
        static let departmentCode = Column(CodingKeys.departmentCode)
        static let passwordHash = Column(CodingKeys.passwordHash)
        static let disabled = Column(CodingKeys.disabled)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case name, role
        case departmentCode = "department_code"
        case passwordHash = "password_hash"
        case disabled
        case createdAt = "created_at"
    }

    var name: String
    var role: String
    var departmentCode: String?
    var passwordHash: String
    var disabled: Bool
    var createdAt: String

    init(_ user: UserAccount) {
        name = user.name
        role = user.role == .bureau ? "bureau" : "unit"
        departmentCode = user.role.department
        passwordHash = user.passwordHash
        disabled = user.disabled
        createdAt = user.createdAt
    }

    var account: UserAccount {
        UserAccount(name: name, role: role == "unit" ? .unit(department: departmentCode ?? "") : .bureau,
                    passwordHash: passwordHash, disabled: disabled, createdAt: createdAt)
    }
}

/// A row of `app_session` as a GRDB record (times as seconds since 1970, as stored).
struct SessionRow: Codable, FetchableRecord, PersistableRecord, TableRecord {
    static let databaseTableName = "app_session"

    /// The columns of `app_session`.
    enum Columns {
        static let tokenHash = Column(CodingKeys.tokenHash)
        static let userName = Column(CodingKeys.userName)
    }

    enum CodingKeys: String, CodingKey {
        case tokenHash = "token_hash"
        case userName = "user_name"
        case csrfToken = "csrf_token"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }

    var tokenHash: String
    var userName: String
    var csrfToken: String
    var createdAt: Double
    var expiresAt: Double

    init(_ s: SessionRecord) {
        tokenHash = s.tokenHash
        userName = s.userName
        csrfToken = s.csrfToken
        createdAt = s.createdAt.timeIntervalSince1970
        expiresAt = s.expiresAt.timeIntervalSince1970
    }

    var session: SessionRecord {
        SessionRecord(tokenHash: tokenHash, userName: userName, csrfToken: csrfToken,
                      createdAt: Date(timeIntervalSince1970: createdAt), expiresAt: Date(timeIntervalSince1970: expiresAt))
    }
}
