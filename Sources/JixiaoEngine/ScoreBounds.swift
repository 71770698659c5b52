import Foundation
import JixiaoModel

/// The one place a score is held to its bounds: never below 0, never above its 分值 (RULES.md §4,
/// §5). Every score passes through `boundedScore` — an indicator's (numbers, tiers with or without
/// a user-given score, deadlines), a project's funds score, the department's own funds score and
/// audit's recomputation of both — so no input, however odd, scores outside [0, w].
extension Profile {
    /// `raw` held to [0, w] (a negative weight, which validation refuses, counts as 0).
    public func clampedScore(_ raw: Decimal, weight w: Decimal) -> Decimal {
        let top = Decimals.max(w, 0)
        return Decimals.min(Decimals.max(raw, 0), top)
    }

    /// The score as stored and shown: `raw` held to [0, w], rounded by the profile, and still no
    /// more than w after rounding — integer rounding would make full marks of a 12.5-point
    /// indicator 13; they stay 12.5, the 分值 itself.
    public func boundedScore(_ raw: Decimal, weight w: Decimal) -> Decimal {
        let top = Decimals.max(w, 0)
        return Decimals.min(round(clampedScore(raw, weight: top)), top)
    }
}
