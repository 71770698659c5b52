/// Who is acting on the data. Every use case checks the actor's rights (`Rights`), so every front
/// end inherits the same rules; every change is recorded with the actor's name.
public enum Actor: Sendable, Equatable {
    /// A finance bureau (财政局) user: reads every department; returns, adjusts, approves, samples,
    /// publishes. Never records a unit's actuals or submits for it.
    case bureau(user: String)
    /// A budget unit's (预算单位) user: reads and changes only its own department.
    case unit(user: String, department: String)
    /// The owner of a database file at the command line: every right of the bureau and of every
    /// unit in it (a unit running `jixiao` on its own database, or a bureau preparing one).
    case local(user: String)

    /// The name recorded with changes.
    public var userName: String {
        switch self {
        case .bureau(let user), .unit(let user, _), .local(let user): return user
        }
    }

    /// The department a unit user works for; nil for the bureau and the local owner.
    public var department: String? {
        if case .unit(_, let code) = self { return code }
        return nil
    }

    /// How the actor is named in messages.
    public var label: String {
        switch self {
        case .bureau(let user): return "财政用户 \(user)"
        case .unit(let user, let code): return "单位 \(code) 的用户 \(user)"
        case .local(let user): return "本机用户 \(user)"
        }
    }
}
