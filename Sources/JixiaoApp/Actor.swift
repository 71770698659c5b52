/// Who is acting on the data: a unit's user, who works on one department, or a finance bureau's
/// user, who reads every department. Every change is recorded with the actor's name.
public enum Actor: Sendable, Equatable {
    /// A finance bureau (财政局) user.
    case bureau(user: String)
    /// A budget unit's (预算单位) user, acting for one department.
    case unit(user: String, department: String)

    /// The name recorded with changes.
    public var userName: String {
        switch self {
        case .bureau(let user), .unit(let user, _): return user
        }
    }
}
