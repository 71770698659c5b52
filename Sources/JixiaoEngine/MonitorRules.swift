import Foundation

/// A monitoring light (绩效运行监控): 绿 on track, 黄 behind the plan, 红 far behind or a target that
/// cannot be reached at the current pace. JSON carries the English raw value.
public enum Light: String, Codable, Sendable, CaseIterable, Comparable {
    case green, yellow, red

    /// 绿 / 黄 / 红.
    public var label: String {
        switch self {
        case .green: return "绿"
        case .yellow: return "黄"
        case .red: return "红"
        }
    }

    var rank: Int { self == .green ? 0 : self == .yellow ? 1 : 2 }
    public static func < (a: Light, b: Light) -> Bool { a.rank < b.rank }
}

/// The profile's monitoring settings (`monitoring:` in a profile's YAML): the lights' thresholds and
/// an optional deduction of the budget-execution points for execution lagging at plan points.
public struct MonitorRules: Hashable, Sendable, CustomStringConvertible {
    /// 黄 when execution is behind the plan by more than this many percentage points (default 10).
    public var yellow: Decimal
    /// 红 when behind by more than this many points (default 20).
    public var red: Decimal
    /// The execution-lag deduction; nil (off) in national-2020.
    public var lag: LagDeduction?

    public init(yellow: Decimal = 10, red: Decimal = 20, lag: LagDeduction? = nil) {
        self.yellow = yellow
        self.red = red
        self.lag = lag
    }

    /// The defaults: 黄 > 10 points, 红 > 20 points, no deduction.
    public static let standard = MonitorRules()

    public var description: String {
        "monitoring(\(yellow),\(red),\(lag.map { "\($0.months),\($0.points),\($0.against.rawValue)" } ?? "off"))"
    }
}

/// Points taken from the budget-execution block (预算执行率) when a project's execution at a plan
/// point (6月底, 10月底) is below 序时进度 (`against: time`, M/12) or below its own plan (`against: plan`).
/// `points` per lagging month, never more than the block's score.
public struct LagDeduction: Hashable, Sendable {
    /// What execution is compared with.
    public enum Against: String, Sendable, CaseIterable {
        /// 序时进度: M/12 of the budget.
        case time
        /// The project's own cumulative spending plan at that month.
        case plan
    }

    public var months: [Int]
    public var points: Decimal
    public var against: Against

    public init(months: [Int] = [6, 10], points: Decimal, against: Against = .time) {
        self.months = months
        self.points = points
        self.against = against
    }
}
