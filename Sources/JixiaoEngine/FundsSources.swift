import Foundation
import JixiaoModel

/// Where a project's money came from (其中：当年财政拨款 / 上年结转资金 / 其他资金), as far as it was
/// recorded: the 年初预算数 of each source from the target table (财政资金, 其他资金), and what was
/// spent from the carry-over and from other funds where the actuals file has the rows
/// `上年结转资金` and `其他资金` (their 实际完成值, in 万元). The execution of the year's own
/// appropriation is what is left of 全年执行数 once those are taken off, when both are known.
public struct FundsSources: Sendable, Equatable {
    public var fiscalBudget: Decimal?
    public var otherBudget: Decimal?
    public var carryoverExecuted: Decimal?
    public var otherExecuted: Decimal?
    /// 全年执行数 − 上年结转资金 − 其他资金, when the rows that make it known were recorded.
    public var fiscalExecuted: Decimal?

    public init(fiscalBudget: Decimal? = nil, otherBudget: Decimal? = nil, carryoverExecuted: Decimal? = nil, otherExecuted: Decimal? = nil,
                fiscalExecuted: Decimal? = nil) {
        self.fiscalBudget = fiscalBudget
        self.otherBudget = otherBudget
        self.carryoverExecuted = carryoverExecuted
        self.otherExecuted = otherExecuted
        self.fiscalExecuted = fiscalExecuted
    }

    /// True when anything beyond the total was recorded.
    public var isRecorded: Bool { fiscalBudget != nil || otherBudget != nil || carryoverExecuted != nil || otherExecuted != nil }

    /// Whether the execution was recorded by source (a carry-over or other-funds row).
    public var hasExecutionSplit: Bool { carryoverExecuted != nil || otherExecuted != nil }

    /// A project's sources: its table's split, and the rows recorded for it.
    public static func of(_ p: Project, executed: Decimal?, actuals: [IndicatorKey: RecordedActual]) -> FundsSources {
        // The source's 全年执行数 row (issue 15), else the older single row 年度资金总额 / 上年结转资金 of a
        // database recorded before.
        func amount(_ item: String) -> Decimal? {
            (actuals[IndicatorKey.fundsSource(p.code, item, SpecialRow.executed)] ?? actuals[IndicatorKey.funds(p.code, item)]).flatMap { Units.amountInWan($0.value) }
        }
        var s = FundsSources(fiscalBudget: p.fiscalFunds, otherBudget: p.otherFunds, carryoverExecuted: amount(SpecialRow.carryover),
                             otherExecuted: amount(SpecialRow.otherFunds))
        // Other money with a budget but no row recorded leaves the appropriation's share unknown.
        let otherKnown = s.otherExecuted != nil || (p.otherFunds ?? 0) == 0
        if let executed, s.hasExecutionSplit, otherKnown {
            let rest = executed - (s.carryoverExecuted ?? 0) - (s.otherExecuted ?? 0)
            if rest >= 0 { s.fiscalExecuted = rest }
        }
        return s
    }

    /// The sum over projects: a figure is summed where any project has it.
    public static func total(_ all: [FundsSources]) -> FundsSources {
        func sum(_ value: (FundsSources) -> Decimal?) -> Decimal? {
            let present = all.compactMap(value)
            return present.isEmpty ? nil : present.reduce(0, +)
        }
        return FundsSources(fiscalBudget: sum(\.fiscalBudget), otherBudget: sum(\.otherBudget), carryoverExecuted: sum(\.carryoverExecuted),
                            otherExecuted: sum(\.otherExecuted), fiscalExecuted: sum(\.fiscalExecuted))
    }
}
