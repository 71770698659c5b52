import Foundation
import JixiaoModel

/// The finance bureau's review (复核): its scores for some indicators, applied beside the unit's
/// own. The self-scores stay as they are; 复核得分 totals are the same sums with the bureau's score
/// wherever it gave one, capped and graded by the same profile.
public struct ReviewAdjustments: Sendable {
    public var profile: Profile

    public init(profile: Profile) { self.profile = profile }

    /// `result` with `adjustments` applied (unchanged when there are none for it).
    public func apply(_ adjustments: [ScoreAdjustment], to result: DepartmentResult) -> DepartmentResult {
        guard !adjustments.isEmpty else { return result }
        let byKey = Dictionary(adjustments.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        func reviewed(_ key: IndicatorKey) -> ReviewedScore? {
            byKey[key].map { ReviewedScore(score: $0.score, reason: $0.reason, by: $0.by, at: $0.at) }
        }
        var r = result
        var anyProject = false
        for i in r.projects.indices where r.projects[i].status == .graded {
            var p = r.projects[i]
            let code = p.project.code
            p.funds.review = reviewed(IndicatorKey.funds(code, SpecialRow.executed))
            for n in p.indicators.indices { p.indicators[n].review = reviewed(IndicatorKey(ownerCode: code, indicator: p.indicators[n].indicator)) }
            guard p.funds.review != nil || p.indicators.contains(where: { $0.review != nil }) else { continue }
            var total = p.indicators.reduce(p.funds.review?.score ?? p.funds.score) { $0 + ($1.review?.score ?? $1.score) }
            if let rate = p.funds.rate, let rule = profile.executionCaps.first(where: { rate < $0.below }), rule.cap < total { total = rule.cap }
            p.reviewTotal = total
            p.reviewGrade = profile.grade(for: total)
            r.projects[i] = p
            anyProject = true
        }
        let code = r.department.code
        for n in r.ownIndicators.indices { r.ownIndicators[n].review = reviewed(IndicatorKey(ownerCode: code, indicator: r.ownIndicators[n].indicator)) }
        let ownAdjusted = r.ownIndicators.contains { $0.review != nil }
        if r.ownScore != nil, ownAdjusted || anyProject {
            r.reviewOwnScore = r.ownIndicators.reduce(r.ownFunds.score) { $0 + ($1.review?.score ?? $1.score) }
        }
        let graded = r.projects.filter { $0.status == .graded }
        let base = graded.reduce(Decimal(0)) { $0 + $1.funds.budget }
        if anyProject || ownAdjusted, base > 0 {
            let sum = graded.reduce(Decimal(0)) { $0 + $1.finalTotal * $1.funds.budget }
            r.reviewWeightedProjectScore = Decimals.round(sum / base, scale: 2)
        }
        r.reviewGrade = (r.reviewOwnScore ?? r.reviewWeightedProjectScore).map(profile.grade(for:))
        return r
    }
}
