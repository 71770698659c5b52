import Foundation
import JixiaoEngine
import JixiaoModel

/// The rows of the fill-in template (issue 3), in the columns of `ActualsColumns.all`:
/// per project the funds rows, the overall-goal row and one row per indicator; then the
/// department's own rows under its code. Recorded actuals are filled in where present.
public struct TemplateRows {
    public let departments: [Department]
    public let profile: Profile
    /// Only this project (or department) code, when set.
    public let only: String?
    /// The stored actuals by key, built once.
    let lookup: [IndicatorKey: RecordedActual]

    public init(departments: [Department], actuals: [RecordedActual] = [], profile: Profile = .national2020, only: String? = nil) {
        self.departments = departments
        self.profile = profile
        self.only = only
        self.lookup = Dictionary(actuals.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
    }

    /// The stored actual for a key, if any.
    func actual(_ key: IndicatorKey) -> RecordedActual? { lookup[key] }

    /// 分值 as the template prints it: rounded to 2 decimals, no trailing zeros.
    public static func points(_ p: Decimal) -> String { Decimals.plain(Decimals.round(p, scale: 2)) }



    /// The rows, without the header.
    public func rows() -> [[String]] {
        var rows: [[String]] = []
        func stored(_ key: IndicatorKey) -> RecordedActual? { lookup[key] }
        for d in departments {
            for p in d.projects where only == nil || only == p.code {
                let allocation = PointsAllocation.allocate(p.indicators, explicit: explicitPoints(p.code, p.indicators, lookup), profile: profile)
                let budget = IndicatorKey.funds(p.code, SpecialRow.budget), executed = IndicatorKey.funds(p.code, SpecialRow.executed)
                let money = Decimals.fixed(p.budget, 2)
                rows.append([p.code, p.name, SpecialRow.funds, SpecialRow.fundsLevel2, SpecialRow.budget, money,
                             stored(budget)?.value ?? money, "", "", stored(budget)?.reason ?? ""])
                rows.append([p.code, p.name, SpecialRow.funds, SpecialRow.fundsLevel2, SpecialRow.executed, money,
                             stored(executed)?.value ?? "", Self.points(stored(executed)?.points ?? allocation.funds),
                             stored(executed)?.claimedScore.map(Decimals.plain) ?? "", stored(executed)?.reason ?? ""])
                for item in [SpecialRow.carryover, SpecialRow.otherFunds] {
                    if let s = stored(IndicatorKey.funds(p.code, item)) {
                        rows.append([p.code, p.name, SpecialRow.funds, SpecialRow.fundsLevel2, item, "", s.value, "", "", s.reason])
                    }
                }
                let goal = stored(IndicatorKey.goal(p.code))
                rows.append([p.code, p.name, SpecialRow.goal, "", "", p.goal, goal?.value ?? "", "", "", goal?.reason ?? ""])
                for (i, indicator) in p.indicators.enumerated() {
                    rows.append(indicatorRow(p.code, p.name, indicator, allocation.indicators[i], lookup))
                }
            }
            if only == nil || only == d.code, !d.goals.isEmpty || !d.goalText.isEmpty {
                let allocation = PointsAllocation.allocate(d.goals, explicit: explicitPoints(d.code, d.goals, lookup), profile: profile)
                let goal = stored(IndicatorKey.goal(d.code))
                rows.append([d.code, d.name, SpecialRow.goal, "", "", d.goalText, goal?.value ?? "", "", "", goal?.reason ?? ""])
                for (i, indicator) in d.goals.enumerated() {
                    rows.append(indicatorRow(d.code, d.name, indicator, allocation.indicators[i], lookup))
                }
            }
        }
        return rows
    }

    func indicatorRow(_ code: String, _ name: String, _ i: Indicator, _ points: Decimal, _ lookup: [IndicatorKey: RecordedActual]) -> [String] {
        let s = lookup[IndicatorKey(ownerCode: code, indicator: i)]
        return [code, name, i.level1, i.level2, i.level3, i.target.raw, s?.value ?? "", Self.points(points),
                s?.claimedScore.map(Decimals.plain) ?? "", s?.reason ?? ""]
    }

    /// Stored explicit 分值 for an owner's indicators, or nil when not all are set.
    func explicitPoints(_ code: String, _ indicators: [Indicator], _ lookup: [IndicatorKey: RecordedActual]) -> [Decimal?]? {
        let points = indicators.map { lookup[IndicatorKey(ownerCode: code, indicator: $0)]?.points }
        return points.allSatisfy { $0 != nil } && !points.isEmpty ? points : nil
    }

    /// The csv text: a BOM (so Excel and WPS open it as UTF-8), the header and the rows.
    public func csv() -> String {
        var writer = CSVWriter()
        writer.row(ActualsColumns.all)
        for row in rows() { writer.row(row) }
        return "\u{FEFF}" + writer.text
    }
}
