import Foundation
import JixiaoModel

/// One value that differs between this database and the other for the same department–year:
/// where (the project, or 部门整体, and the indicator or field) and both values.
public struct MergeDifference: Sendable, Equatable, CustomStringConvertible {
    /// The project's code and name, or the department's code and "部门整体".
    public var owner: String
    /// The indicator (三级指标), a funds row, or a field of the target table (项目名称, 预算数 …).
    public var item: String
    /// This database's value; "（无）" when it does not have the row.
    public var mine: String
    /// The other database's value; "（无）" when it does not have the row.
    public var theirs: String

    public init(owner: String, item: String, mine: String, theirs: String) {
        self.owner = owner
        self.item = item
        self.mine = mine
        self.theirs = theirs
    }

    public var description: String { "\(owner) / \(item)：本库“\(mine)”，对方“\(theirs)”" }

    static let none = "（无）"
}

/// The comparison of two versions of a department–year, the same for every store that merges
/// (SQLite here, PostgreSQL on its branch): it works on the values a `DepartmentBundle` carries.
public enum MergeDifferences {
    /// What differs, targets first (projects, their fields and indicators, the department's own
    /// goals), then actuals (value, reason, 分值, claimed score), in table order.
    public static func between(mine: Department, mineActuals: [RecordedActual], theirs: Department, theirActuals: [RecordedActual]) -> [MergeDifference] {
        var out: [MergeDifference] = []
        let none = MergeDifference.none
        func money(_ d: Decimal?) -> String { d.map { Decimals.fixed($0, 2) } ?? none }
        func label(_ code: String) -> String {
            if code == mine.code { return "\(code) 部门整体" }
            let name = mine.projects.first { $0.code == code }?.name ?? theirs.projects.first { $0.code == code }?.name ?? ""
            return name.isEmpty ? code : "\(code) \(name)"
        }
        func add(_ owner: String, _ item: String, _ a: String, _ b: String) {
            if a != b { out.append(MergeDifference(owner: label(owner), item: item, mine: a, theirs: b)) }
        }
        func indicators(_ owner: String, _ a: [Indicator], _ b: [Indicator]) {
            let keyed = { (list: [Indicator]) in Dictionary(list.map { (IndicatorKey(ownerCode: owner, indicator: $0), $0) }, uniquingKeysWith: { x, _ in x }) }
            let (x, y) = (keyed(a), keyed(b))
            for i in a { let k = IndicatorKey(ownerCode: owner, indicator: i); add(owner, "\(i.level3)（年度指标值）", i.target.raw, y[k]?.target.raw ?? none) }
            for i in b where x[IndicatorKey(ownerCode: owner, indicator: i)] == nil { add(owner, "\(i.level3)（年度指标值）", none, i.target.raw) }
        }
        if mine.name != theirs.name { add(mine.code, "单位名称", mine.name, theirs.name) }
        add(mine.code, "总体绩效目标", mine.goalText, theirs.goalText)
        indicators(mine.code, mine.goals, theirs.goals)
        let theirProjects = Dictionary(theirs.projects.map { ($0.code, $0) }, uniquingKeysWith: { x, _ in x })
        let myCodes = Set(mine.projects.map(\.code))
        for p in mine.projects {
            guard let q = theirProjects[p.code] else { add(p.code, "项目", p.name, none); continue }
            add(p.code, "项目名称", p.name, q.name)
            add(p.code, "预算数", money(p.budget), money(q.budget))
            add(p.code, "财政资金", money(p.fiscalFunds), money(q.fiscalFunds))
            add(p.code, "其他资金", money(p.otherFunds), money(q.otherFunds))
            add(p.code, "绩效目标", p.goal, q.goal)
            add(p.code, "资金支出计划", p.plan.points.map { "\($0.month)月 \(Decimals.fixed($0.cumulative, 2))" }.joined(separator: "，"),
                q.plan.points.map { "\($0.month)月 \(Decimals.fixed($0.cumulative, 2))" }.joined(separator: "，"))
            indicators(p.code, p.indicators, q.indicators)
        }
        for q in theirs.projects where !myCodes.contains(q.code) { add(q.code, "项目", none, q.name) }

        func shown(_ a: RecordedActual?) -> String {
            guard let a else { return none }
            var parts = [a.value.isEmpty ? "（空白）" : a.value]
            if DeviationReason.isGiven(a.reason) { parts.append("原因：\(a.reason)") }
            if let p = a.points { parts.append("分值 \(Decimals.plain(p))") }
            if let s = a.claimedScore { parts.append("得分 \(Decimals.plain(s))") }
            return parts.joined(separator: "；")
        }
        let theirRows = Dictionary(theirActuals.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        let myKeys = Set(mineActuals.map(\.key))
        for a in mineActuals { add(a.key.ownerCode, "\(a.key.level3)（实际完成值）", shown(a), shown(theirRows[a.key])) }
        for b in theirActuals where !myKeys.contains(b.key) { add(b.key.ownerCode, "\(b.key.level3)（实际完成值）", none, shown(b)) }
        return out
    }
}
