import JixiaoModel
import JixiaoStore

/// What an actor wants to do, for the rights check.
public enum Action: Sendable, Equatable {
    /// Read a department's targets, actuals, scores and reports.
    case read(department: String)
    /// Import or replace a department's targets.
    case importTargets(department: String)
    /// Record a department's actuals.
    case record(department: String)
    /// Submit a department's filing.
    case submit(department: String)
    /// The bureau's work on a filing: return, adjust (复核), approve.
    case review(department: String)
    /// Read every department at once: rankings, years compared, spot checks, publication.
    case readAll
    /// Merge other databases, generate data, score a whole year.
    case administer
}

/// The actor may not do what it asked. Front ends answer a read of another department as "not
/// found" (nothing about it leaks) and a forbidden change as "forbidden".
public struct AccessDenied: Error, CustomStringConvertible, Sendable, Equatable {
    public var action: Action
    public var actor: Actor

    public var description: String {
        switch action {
        case .read(let code): return "\(actor.label) 无权查看单位 \(code) 的数据。"
        case .importTargets(let code): return "\(actor.label) 无权导入单位 \(code) 的绩效目标表。"
        case .record(let code):
            if case .bureau = actor { return "财政用户不能代单位\(code == "*" ? "" : " " + code) 录入实际完成值（应由单位填报）。" }
            return "\(actor.label) 无权录入单位 \(code) 的实际完成值。"
        case .submit(let code): return "\(actor.label) 无权提交单位 \(code) 的自评。"
        case .review(let code): return "只有财政用户可以退回、复核或审核单位 \(code) 的自评。"
        case .readAll: return "\(actor.label) 只能查看本单位的数据；排名、对比、抽查和公开结果由财政用户操作。"
        case .administer: return "\(actor.label) 无权进行此操作（合并数据库、生成数据、全年度评分）。"
        }
    }
}

/// The rules of who may do what.
public enum Rights {
    public static func allows(_ actor: Actor, _ action: Action) -> Bool {
        switch (actor, action) {
        case (.local, _): return true
        case (.bureau, .record), (.bureau, .submit): return false
        case (.bureau, _): return true
        case (.unit(_, let own), .read(let code)), (.unit(_, let own), .record(let code)), (.unit(_, let own), .submit(let code)),
             (.unit(_, let own), .importTargets(let code)):
            return own == code
        case (.unit, .review), (.unit, .readAll), (.unit, .administer): return false
        }
    }

    /// Throws `AccessDenied` unless the actor may do it.
    public static func check(_ actor: Actor, _ action: Action) throws {
        guard allows(actor, action) else { throw AccessDenied(action: action, actor: actor) }
    }
}

extension Application {
    /// Throws `AccessDenied` unless the actor may do it.
    func authorize(_ action: Action) throws { try Rights.check(actor, action) }

    /// The department codes of `year` the actor may see (a unit: its own, when present).
    func visibleCodes(year: Int) async throws -> [String] {
        let codes = try await departmentCodes(year: year)
        guard let own = actor.department else { return codes }
        guard codes.contains(own) else {
            throw StoreError("\(year) 年度没有单位 \(own) 的数据。请先导入本单位的绩效目标表。")
        }
        return [own]
    }
}
