import Foundation
import JixiaoEngine
import JixiaoModel

/// The rows of the fill-in template (issue 3), in the columns of `ActualsColumns.template`:
/// per project the funds rows, the overall-goal row and one row per indicator; then the
/// department's own rows under its code. Recorded actuals are filled in where present, and the
/// bureau's open comments on a returned filing (审核意见) stand on the rows they are about.
public struct TemplateRows {
    public let departments: [Department]
    public let profile: Profile
    /// Only this project (or department) code, when set.
    public let only: String?
    /// The bureau's open comments by department code (on the whole, a project, or an indicator).
    public let comments: [String: [ReviewComment]]
    /// The stored actuals by key, built once.
    let lookup: [IndicatorKey: RecordedActual]

    public init(departments: [Department], actuals: [RecordedActual] = [], profile: Profile = .national2020, only: String? = nil,
                comments: [String: [ReviewComment]] = [:]) {
        self.departments = departments
        self.profile = profile
        self.only = only
        self.comments = comments
        self.lookup = Dictionary(actuals.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
    }

    /// What the template says about itself: its year, departments and profile.
    public var metadata: TemplateMetadata {
        TemplateMetadata(year: departments.first?.year, departments: departments.map(\.code), profile: profile.name)
    }

    /// The stored actual for a key, if any.
    func actual(_ key: IndicatorKey) -> RecordedActual? { lookup[key] }

    /// 分值 as the template prints it: rounded to 2 decimals, no trailing zeros.
    public static func points(_ p: Decimal) -> String { Decimals.plain(Decimals.round(p, scale: 2)) }

    /// One row of the template and what it is, for the workbook's validations.
    public struct Row {
        public enum Kind: Equatable {
            /// 全年预算数 / 全年执行数 of the total or of a source: an amount in 万元.
            case amount
            /// 年度总体目标's 实际完成情况: text.
            case goal
            /// An indicator, with its target.
            case indicator(Indicator)
        }

        public var cells: [String]
        public var kind: Kind
    }

    /// The rows, without the header.
    public func rows() -> [[String]] { typedRows().map(\.cells) }

    /// The rows with what each is.
    public func typedRows() -> [Row] {
        var rows: [Row] = []
        func stored(_ key: IndicatorKey) -> RecordedActual? { lookup[key] }
        for d in departments {
            let notes = CommentPlacement(comments[d.code] ?? [])
            var firstOfDepartment = true
            func add(_ cells: [String], _ kind: Row.Kind, comment: String) {
                var text = [comment].filter { !$0.isEmpty }
                if firstOfDepartment, !notes.whole.isEmpty { text.insert(notes.whole, at: 0) }
                firstOfDepartment = false
                rows.append(Row(cells: cells + [text.joined(separator: "；")], kind: kind))
            }
            for p in d.projects where only == nil || only == p.code {
                let allocation = PointsAllocation.allocate(p.indicators, explicit: explicitPoints(p.code, p.indicators, lookup), profile: profile)
                let budget = IndicatorKey.funds(p.code, SpecialRow.budget), executed = IndicatorKey.funds(p.code, SpecialRow.executed)
                let money = Decimals.fixed(p.budget, 2)
                add([p.code, p.name, SpecialRow.funds, SpecialRow.fundsLevel2, SpecialRow.budget, money,
                     stored(budget)?.value ?? money, "", "", stored(budget)?.reason ?? ""], .amount, comment: notes.project(p.code))
                add([p.code, p.name, SpecialRow.funds, SpecialRow.fundsLevel2, SpecialRow.executed, money,
                     stored(executed)?.value ?? "", Self.points(stored(executed)?.points ?? allocation.funds),
                     stored(executed)?.claimedScore.map(Decimals.plain) ?? "", stored(executed)?.reason ?? ""], .amount,
                    comment: notes.indicator(p.code, SpecialRow.executed))
                for source in SpecialRow.sources {
                    for item in [SpecialRow.budget, SpecialRow.executed] {
                        if let s = stored(IndicatorKey.fundsSource(p.code, source, item)) {
                            add([p.code, p.name, SpecialRow.funds, source, item, "", s.value, "", "", s.reason], .amount, comment: "")
                        }
                    }
                }
                let goal = stored(IndicatorKey.goal(p.code))
                add([p.code, p.name, SpecialRow.goal, "", "", p.goal, goal?.value ?? "", "", "", goal?.reason ?? ""], .goal, comment: "")
                for (i, indicator) in p.indicators.enumerated() {
                    add(indicatorRow(p.code, p.name, indicator, allocation.indicators[i], lookup), .indicator(indicator),
                        comment: notes.indicator(p.code, indicator.level3))
                }
            }
            if only == nil || only == d.code, !d.goals.isEmpty || !d.goalText.isEmpty {
                let allocation = PointsAllocation.allocate(d.goals, explicit: explicitPoints(d.code, d.goals, lookup), profile: profile)
                let goal = stored(IndicatorKey.goal(d.code))
                add([d.code, d.name, SpecialRow.goal, "", "", d.goalText, goal?.value ?? "", "", "", goal?.reason ?? ""], .goal, comment: "")
                for (i, indicator) in d.goals.enumerated() {
                    add(indicatorRow(d.code, d.name, indicator, allocation.indicators[i], lookup), .indicator(indicator),
                        comment: notes.indicator(d.code, indicator.level3))
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

    /// The csv text: a BOM (so Excel and WPS open it as UTF-8), the template's own row (year,
    /// departments, profile — `record` takes the year from it), the header and the rows.
    public func csv() -> String {
        var writer = CSVWriter()
        writer.row(metadata.csvRow)
        writer.row(ActualsColumns.template)
        for row in rows() { writer.row(row) }
        return "\u{FEFF}" + writer.text
    }
}

/// Where the bureau's comments stand in the template: the whole filing's on the department's first
/// row ("整体：…"), a project's on its first row, an indicator's (or the funds row's) on its row.
struct CommentPlacement {
    var whole = ""
    var projects: [String: [String]] = [:]
    var indicators: [String: [String]] = [:]

    init(_ comments: [ReviewComment]) {
        whole = comments.filter { $0.projectCode == nil }.map { "整体：\($0.text)" }.joined(separator: "；")
        for c in comments {
            guard let project = c.projectCode else { continue }
            if let indicator = c.indicator {
                indicators[Self.key(project, indicator), default: []].append(c.text)
            } else {
                projects[project, default: []].append(c.text)
            }
        }
    }

    /// The funds row answers to the names the bureau uses for it.
    static func key(_ project: String, _ indicator: String) -> String {
        let name = IndicatorTree.clean(indicator)
        return project + "\u{1F}" + (["预算执行率", "资金", SpecialRow.executed].contains(name) ? SpecialRow.executed : name)
    }

    func project(_ code: String) -> String { (projects[code] ?? []).joined(separator: "；") }

    func indicator(_ code: String, _ name: String) -> String { (indicators[Self.key(code, name)] ?? []).joined(separator: "；") }
}
