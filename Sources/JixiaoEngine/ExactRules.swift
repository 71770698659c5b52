import Foundation
import JixiaoModel

/// A profile's numbers as exact ratios, converted once per scorer (not once per indicator): the
/// engine's formulas run on `Ratio`, and `Decimal` stays at the edges (RULES.md §3–§6).
public struct ExactRules: Sendable {
    /// Decimals of the profile's half-up rounding (0–4).
    public var decimals: Int
    public var overachievementRatio: Ratio
    public var overachievementPoints: Ratio
    public var reasonRateThreshold: Ratio
    public var executionCaps: [(below: Ratio, cap: Ratio, capDecimal: Decimal)]
    public var grades: [(minimum: Ratio, grade: String)]
    public var bands: [Tier: (low: Ratio, high: Ratio, defaultFraction: Ratio)]
    public var notAchievedDefault: Ratio

    public init(_ p: Profile) {
        func r(_ d: Decimal) -> Ratio { Ratio(exactly: d) ?? Ratio(exactly: Decimals.round(d, scale: 12)) ?? .zero }
        switch p.rounding {
        case .halfUp(let d): decimals = d
        }
        overachievementRatio = r(p.overachievementRatio)
        overachievementPoints = r(p.overachievementPoints)
        reasonRateThreshold = r(p.reasonRateThreshold)
        executionCaps = p.executionCaps.map { (r($0.below), r($0.cap), $0.cap) }
        grades = p.grades.map { (r($0.minimum), $0.grade) }
        var bands: [Tier: (Ratio, Ratio, Ratio)] = [:]
        for tier in Tier.allCases {
            let b = p.band(tier)
            bands[tier] = (r(b.low), r(b.high), r(b.defaultFraction))
        }
        self.bands = bands
        notAchievedDefault = r(p.notAchieved.defaultFraction)
    }

    /// The grade of a rounded total (Profile.grade(for:) on ratios).
    public func grade(for total: Ratio) -> String {
        grades.first { total >= $0.minimum }?.grade ?? grades.last?.grade ?? ""
    }
}

extension Ratio {
    /// The decimal of `d` exactly, or `FixedPointError.outOfRange` (a user sees it as an error).
    static func of(_ d: Decimal) throws(FixedPointError) -> Ratio {
        guard let r = Ratio(exactly: d) else { throw .outOfRange(Decimals.plain(d)) }
        return r
    }

    // The formulas' operators: exact, and overflow is an error, never a trap.
    static func + (a: Ratio, b: Ratio) throws(FixedPointError) -> Ratio {
        guard let r = a.adding(b) else { throw .outOfRange("\(a) + \(b)") }
        return r
    }
    static func - (a: Ratio, b: Ratio) throws(FixedPointError) -> Ratio {
        guard let r = a.subtracting(b) else { throw .outOfRange("\(a) − \(b)") }
        return r
    }
    static func * (a: Ratio, b: Ratio) throws(FixedPointError) -> Ratio {
        guard let r = a.multiplied(by: b) else { throw .outOfRange("\(a) × \(b)") }
        return r
    }
    static func / (a: Ratio, b: Ratio) throws(FixedPointError) -> Ratio {
        guard let r = a.divided(by: b) else { throw .outOfRange("\(a) ÷ \(b)") }
        return r
    }
}
