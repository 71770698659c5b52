import Foundation

/// How a table wrote its spending plan. The seed mixes fractions of the budget (0.25 … 1.00)
/// with amounts in 万元 (10498.86, 20997.72); both are normalised to cumulative 万元.
public enum PlanForm: String, Codable, Sendable {
    /// Cumulative fractions of the budget, 0 … 1.
    case fraction
    /// Cumulative percentages of the budget, 0 … 100.
    case percent
    /// Cumulative amounts in the table's money unit.
    case amount
    /// No plan was given.
    case none
}

/// One point of the cumulative spending plan: by the end of `month`, `cumulative` 万元 spent.
public struct PlanPoint: Hashable, Sendable {
    public var month: Int
    public var cumulative: Decimal
    /// The cell as written; empty when the table left it blank.
    public var raw: String

    public init(month: Int, cumulative: Decimal, raw: String) {
        self.month = month
        self.cumulative = cumulative
        self.raw = raw
    }
}

/// The quarterly spending plan (资金支出计划): cumulative 万元 at 3月底, 6月底, 10月底, 12月底.
public struct SpendingPlan: Hashable, Sendable {
    public var points: [PlanPoint]
    public var form: PlanForm

    public init(points: [PlanPoint], form: PlanForm) {
        self.points = points
        self.form = form
    }

    /// An empty plan.
    public static let empty = SpendingPlan(points: [], form: .none)

    /// Normalises a plan as written into cumulative amounts.
    ///
    /// The form is chosen so that the last value equals the budget where possible: fractions when
    /// every value is at most 1, percentages when every value is at most 100 and the last is 100,
    /// amounts otherwise. A blank cell means no further spending: it repeats the previous amount
    /// (0 before the first).
    public static func normalize(months: [Int], cells: [String], budget: Decimal) -> SpendingPlan {
        let values = cells.map { Decimals.parse($0) }
        let present = values.compactMap { $0 }
        guard !present.isEmpty else { return .empty }
        let last = present.last!
        let maxValue = present.max()!
        let form: PlanForm
        if maxValue <= 1 {
            // A budget under 1万元 may be planned in amounts; its last value then equals it.
            form = (last == budget && budget != 1) ? .amount : .fraction
        } else if maxValue <= 100, last == 100, budget != 100 {
            form = .percent
        } else {
            form = .amount
        }
        var points: [PlanPoint] = []
        var running = Decimal(0)
        for (index, month) in months.enumerated() {
            let raw = index < cells.count ? TextNormalizer.trim(cells[index]) : ""
            if index < values.count, let v = values[index] {
                switch form {
                case .fraction: running = v * budget
                case .percent: running = v * budget / 100
                case .amount, .none: running = v
                }
            }
            points.append(PlanPoint(month: month, cumulative: running, raw: raw))
        }
        return SpendingPlan(points: points, form: form)
    }
}
