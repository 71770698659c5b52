import Foundation
import JixiaoModel

/// The one place a score is held to its bounds: never below 0, never above its 分值 (RULES.md §4,
/// §5). Every score passes through `boundedScore` — an indicator's (numbers, tiers with or without
/// a user-given score, deadlines), a project's funds score, the department's own funds score and
/// audit's recomputation of both — so no input, however odd, scores outside [0, w].
extension Profile {
    /// `raw` held to [0, w] (a negative weight, which validation refuses, counts as 0).
    public func clampedScore(_ raw: Decimal, weight w: Decimal) -> Decimal {
        let top = Swift.max(w, 0)
        return Swift.min(Swift.max(raw, 0), top)
    }

    /// The score as stored and shown: `raw` held to [0, w], rounded by the profile, and still no
    /// more than w after rounding — integer rounding would make full marks of a 12.5-point
    /// indicator 13; they stay 12.5, the 分值 itself.
    public func boundedScore(_ raw: Decimal, weight w: Decimal) -> Decimal {
        if let r = Ratio(exactly: raw), let wr = Ratio(exactly: w), let s = try? ExactRules.boundedScore(r, weight: wr, decimals: ExactRules.decimals(self)) {
            return s.decimal
        }
        let top = Swift.max(w, 0)
        return Swift.min(round(clampedScore(raw, weight: top)), top)
    }
}

extension ExactRules {
    static func decimals(_ p: Profile) -> Int {
        switch p.rounding {
        case .halfUp(let d): return d
        }
    }

    /// `raw` held to [0, w].
    public static func clampedScore(_ raw: Ratio, weight w: Ratio) -> Ratio {
        Swift.min(Swift.max(raw, .zero), Swift.max(w, .zero))
    }

    /// `raw` held to [0, w], rounded half-up to `decimals` once, and still no more than w.
    public static func boundedScore(_ raw: Ratio, weight w: Ratio, decimals: Int) throws(FixedPointError) -> Ratio {
        let top = Swift.max(w, .zero)
        let clamped = clampedScore(raw, weight: top)
        guard let units = clamped.roundedUnits(toDecimals: decimals) else { throw .outOfRange("\(clamped)") }
        return Swift.min(Ratio(units, tenPower(decimals)), top)
    }

    /// A profile's rounding of `value` (half-up to its decimals).
    public func round(_ value: Ratio) throws(FixedPointError) -> Ratio {
        guard let units = value.roundedUnits(toDecimals: decimals) else { throw .outOfRange("\(value)") }
        return Ratio(units, ExactRules.tenPower(decimals))
    }

    /// `raw` bounded as the profile says (`Profile.boundedScore` on ratios).
    public func boundedScore(_ raw: Ratio, weight w: Ratio) throws(FixedPointError) -> Ratio {
        try ExactRules.boundedScore(raw, weight: w, decimals: decimals)
    }

    static func tenPower(_ n: Int) -> Int128 { [1, 10, 100, 1000, 10000][n] }
}
