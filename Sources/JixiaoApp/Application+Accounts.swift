import Dispatch
import Foundation
import HummingbirdBcrypt
import JixiaoModel
import JixiaoStore

/// The rules for web accounts: bcrypt cost, password length, session lifetime and the login limits.
public struct AccountPolicy: Sendable {
    /// bcrypt's cost (2^cost rounds). 12 is the library's default; tests use 4.
    public var bcryptCost: UInt8
    public var minimumPasswordLength: Int
    /// How long a session lasts after signing in.
    public var sessionLifetime: TimeInterval
    /// Failed attempts for one user name within `failureWindow` before that name is refused.
    public var maxFailuresPerUser: Int
    /// Failed attempts from one address within `failureWindow` before that address is refused.
    public var maxFailuresPerAddress: Int
    public var failureWindow: TimeInterval

    public init(bcryptCost: UInt8 = 12, minimumPasswordLength: Int = 8, sessionLifetime: TimeInterval = 8 * 3600,
                maxFailuresPerUser: Int = 5, maxFailuresPerAddress: Int = 20, failureWindow: TimeInterval = 15 * 60) {
        self.bcryptCost = bcryptCost
        self.minimumPasswordLength = minimumPasswordLength
        self.sessionLifetime = sessionLifetime
        self.maxFailuresPerUser = maxFailuresPerUser
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.failureWindow = failureWindow
    }
}

/// A sign-in refused: wrong name or password (one message for both, so names do not leak), a
/// disabled account, or too many failures.
public struct SignInRefused: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Reason: Sendable, Equatable { case wrongCredentials, disabled, tooManyAttempts }
    public var reason: Reason
    public init(reason: Reason) { self.reason = reason }
    public var description: String {
        switch reason {
        case .wrongCredentials: return "用户名或密码错误。"
        case .disabled: return "该账户已停用，请联系财政局管理员。"
        case .tooManyAttempts: return "登录失败次数过多，请 15 分钟后再试，或联系管理员重置密码。"
        }
    }
}

/// A refused account change (a name taken, a password too short …).
public struct AccountError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension SignInRefused: UserFacingError {}
extension AccountError: UserFacingError {}

/// A signed-in user: the account, the session and the actor every use case acts as.
public struct SignedIn: Sendable {
    public var user: UserAccount
    public var session: SessionRecord
    /// The token the browser keeps (only its SHA-256 is stored). Empty when resolved from a cookie.
    public var token: String
    public var actor: Actor {
        switch user.role {
        case .bureau: return .bureau(user: user.name)
        case .unit(let code): return .unit(user: user.name, department: code)
        }
    }
}

extension Application {
    /// Adds a web user (the database owner only). A unit user's department must be in the
    /// database when any targets are.
    public func addUser(name: String, role: AccountRole, password: String, policy: AccountPolicy = AccountPolicy()) async throws -> UserAccount {
        try authorize(.administer)
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 64, !name.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw AccountError(description: "用户名应为 1 到 64 个字符，不含空格，收到“\(name)”。")
        }
        try Self.checkPassword(password, policy: policy)
        if case .unit(let code) = role {
            let years = try await store.years()
            var known = false
            for y in years where try await store.department(code: code, year: y) != nil { known = true; break }
            if !years.isEmpty, !known {
                let codes = try await store.departmentCodes(year: years.max()!)
                throw AccountError(description: "数据库中没有单位 \(code)（已有：\(codes.prefix(5).joined(separator: "、"))\(codes.count > 5 ? "……" : "")）。请核对单位编码，或先导入该单位的绩效目标表。")
            }
        }
        let account = UserAccount(name: name, role: role, passwordHash: await Self.hash(password, cost: policy.bcryptCost),
                                  createdAt: Self.timestamp(clock()))
        try await store.addUser(account)
        return account
    }

    /// Every web user, by name (the database owner only).
    public func listUsers() async throws -> [UserAccount] {
        try authorize(.administer)
        return try await store.users()
    }

    /// Disables a user: sign-in refused and every session ended at once.
    public func disableUser(name: String) async throws -> UserAccount {
        try authorize(.administer)
        var user = try await existingUser(name)
        user.disabled = true
        try await store.updateUser(user)
        try await store.deleteSessions(userName: name)
        return user
    }

    /// Sets a new password (and enables the user again); every session of the user ends.
    public func resetPassword(name: String, password: String, policy: AccountPolicy = AccountPolicy()) async throws -> UserAccount {
        try authorize(.administer)
        try Self.checkPassword(password, policy: policy)
        var user = try await existingUser(name)
        user.passwordHash = await Self.hash(password, cost: policy.bcryptCost)
        user.disabled = false
        try await store.updateUser(user)
        try await store.deleteSessions(userName: name)
        return user
    }

    func existingUser(_ name: String) async throws -> UserAccount {
        guard let user = try await store.user(named: name) else { throw AccountError(description: "没有名为“\(name)”的用户。用 jixiao users list 查看。") }
        return user
    }

    static func checkPassword(_ password: String, policy: AccountPolicy) throws {
        guard password.count >= policy.minimumPasswordLength else {
            throw AccountError(description: "密码至少 \(policy.minimumPasswordLength) 个字符。")
        }
        guard password.utf8.count <= 72 else { throw AccountError(description: "密码最多 72 个字节（bcrypt 只使用前 72 个字节）。") }
    }

    // MARK: Signing in (no actor yet: these are static)

    /// Signs a user in from `address`: refused after too many failures for the name or the
    /// address (before the password is even checked), for a wrong name or password (one message),
    /// and for a disabled account. Every attempt is recorded.
    public static func signIn(store: any Store, name: String, password: String, address: String, policy: AccountPolicy = AccountPolicy(),
                              now: Date = Date()) async throws -> SignedIn {
        let userKey = "user:" + name, addressKey = "address:" + address
        let since = now.addingTimeInterval(-policy.failureWindow)
        let userFailures = try await store.failedLoginAttempts(key: userKey, since: since)
        let addressFailures = try await store.failedLoginAttempts(key: addressKey, since: since)
        if userFailures >= policy.maxFailuresPerUser || addressFailures >= policy.maxFailuresPerAddress {
            throw SignInRefused(reason: .tooManyAttempts)
        }
        let user = try await store.user(named: name)
        // An unknown name costs as much as a wrong password, so timing does not tell which it was.
        let matches = await verify(password, hash: user?.passwordHash ?? dummyHash(cost: policy.bcryptCost))
        guard let user, matches else {
            try await store.recordLoginAttempt(key: userKey, at: now, succeeded: false)
            try await store.recordLoginAttempt(key: addressKey, at: now, succeeded: false)
            throw SignInRefused(reason: .wrongCredentials)
        }
        guard !user.disabled else { throw SignInRefused(reason: .disabled) }
        // A success clears the name's count, not the address's: one good account must not reset
        // the count of guesses at others from the same place.
        try await store.recordLoginAttempt(key: userKey, at: now, succeeded: true)
        let token = randomToken()
        let session = SessionRecord(tokenHash: ContentDigest.hex(token), userName: user.name, csrfToken: randomToken(),
                                    createdAt: now, expiresAt: now.addingTimeInterval(policy.sessionLifetime))
        try await store.createSession(session)
        return SignedIn(user: user, session: session, token: token)
    }

    /// The signed-in user a session token belongs to; nil (and the session deleted) when it is
    /// unknown, expired, or its user is gone or disabled.
    public static func session(store: any Store, token: String, now: Date = Date()) async throws -> SignedIn? {
        guard !token.isEmpty, token.utf8.count <= 128 else { return nil }
        let hash = ContentDigest.hex(token)
        guard let session = try await store.session(tokenHash: hash) else { return nil }
        guard session.expiresAt > now, let user = try await store.user(named: session.userName), !user.disabled else {
            try await store.deleteSession(tokenHash: hash)
            return nil
        }
        return SignedIn(user: user, session: session, token: "")
    }

    /// Ends a session (logout).
    public static func signOut(store: any Store, token: String) async throws {
        guard !token.isEmpty else { return }
        try await store.deleteSession(tokenHash: ContentDigest.hex(token))
    }

    /// 32 random bytes, URL-safe base64 without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A valid bcrypt hash of no one's password at the policy's cost, for the timing of unknown names.
    static func dummyHash(cost: UInt8) -> String {
        DummyHashes.shared.hash(cost: cost)
    }

    // bcrypt takes tens to hundreds of milliseconds: off the cooperative pool, so the server
    // keeps answering while someone signs in.
    static func hash(_ password: String, cost: UInt8) async -> String {
        await withCheckedContinuation { c in DispatchQueue.global().async { c.resume(returning: Bcrypt.hash(password, cost: cost)) } }
    }

    static func verify(_ password: String, hash: String) async -> Bool {
        await withCheckedContinuation { c in DispatchQueue.global().async { c.resume(returning: Bcrypt.verify(password, hash: hash)) } }
    }
}

extension Application {
    /// A random token for a form that has no session yet (the login form).
    public static func newFormToken() -> String { randomToken() }
}

/// The dummy hashes by cost, made once each.
final class DummyHashes: @unchecked Sendable {
    static let shared = DummyHashes()
    private let lock = NSLock()
    private var hashes: [UInt8: String] = [:]

    func hash(cost: UInt8) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let h = hashes[cost] { return h }
        let h = Bcrypt.hash("jixiao-no-such-user", cost: cost)
        hashes[cost] = h
        return h
    }
}
