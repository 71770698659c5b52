import Foundation
import JixiaoModel

/// How an indicator's points were decided, for `explain`.
public enum PointsBasis: String, Sendable {
    /// The level-1's points split equally among its indicators.
    case equalSplit = "equal_split"
    /// Given by the table or the actuals file.
    case explicit
    /// Split equally after a missing category's points were redistributed.
    case rescaled
}

/// The points (分值) of a project's funds block and each indicator (RULES.md §3).
public struct PointsAllocation: Sendable {
    public var funds: Decimal
    /// One entry per indicator, in order.
    public var indicators: [Decimal]
    public var basis: [PointsBasis]
    /// Level-1 categories with no indicator.
    public var missingCategories: [Level1]
    /// Points per present category after any rescaling.
    public var categoryPoints: [Level1: Decimal]

    /// Allocates points for `indicators` under `profile`. `explicit[i]` overrides indicator i's points
    /// when every indicator has one (a partial set is ignored here; validation reports it).
    public static func allocate(_ indicators: [Indicator], explicit: [Decimal?]? = nil, funds explicitFunds: Decimal? = nil, profile: Profile) -> PointsAllocation {
        let given = explicit ?? indicators.map(\.points)
        let categories = indicators.map { $0.category }
        var present = Set(categories.compactMap { $0 })
        var missing = Level1.allCases.filter { !present.contains($0) }
        if present.isEmpty { present = []; missing = Level1.allCases }

        if given.count == indicators.count, !given.isEmpty, given.allSatisfy({ $0 != nil }) {
            let points = given.map { $0! }
            return PointsAllocation(
                funds: explicitFunds ?? profile.fundsPoints, indicators: points, basis: points.map { _ in .explicit },
                missingCategories: missing, categoryPoints: sums(points, categories))
        }

        var categoryPoints: [Level1: Decimal] = [:]
        for c in present { categoryPoints[c] = profile.categoryPoints[c] ?? 0 }
        let rescaled = !missing.isEmpty && profile.missing == .rescale && !present.isEmpty
        if rescaled {
            let indicatorTotal = profile.categoryPoints.values.reduce(0, +)
            let presentTotal = present.reduce(Decimal(0)) { $0 + (profile.categoryPoints[$1] ?? 0) }
            if Decimals.isPositive(presentTotal) {
                for c in present { categoryPoints[c] = (profile.categoryPoints[c] ?? 0) * indicatorTotal / presentTotal }
            }
        }
        if profile.split == .indicator {
            let total = profile.categoryPoints.values.reduce(0, +)
            let members = categories.indices.filter { categories[$0] != nil }
            var points = categories.map { _ in Decimal(0) }
            for (i, share) in zip(members, split(total, into: members.count)) { points[i] = share }
            return PointsAllocation(
                funds: explicitFunds ?? profile.fundsPoints, indicators: points, basis: categories.map { _ in .equalSplit },
                missingCategories: missing, categoryPoints: sums(points, categories))
        }
        var points = categories.map { _ in Decimal(0) }
        for c in Level1.allCases {
            let members = categories.indices.filter { categories[$0] == c }
            guard let total = categoryPoints[c], !members.isEmpty else { continue }
            for (i, share) in zip(members, split(total, into: members.count)) { points[i] = share }
        }
        return PointsAllocation(
            funds: explicitFunds ?? profile.fundsPoints, indicators: points,
            basis: categories.map { _ in rescaled ? .rescaled : .equalSplit },
            missingCategories: missing, categoryPoints: categoryPoints)
    }

    /// Splits `total` into `n` shares of whole cents that add up to it exactly: the first shares
    /// take the left-over cents (50 into 3 → 16.67, 16.67, 16.66), so printed 分值 sum to 100.
    static func split(_ total: Decimal, into n: Int) -> [Decimal] {
        guard n > 0 else { return [] }
        if let cents = Decimals.cents(total), cents >= 0 {
            // Whole cents (the usual 50, 30, 10 points): integer arithmetic, the same shares.
            let share = cents / Int64(n), leftover = Int(cents % Int64(n))
            let low = Decimals.fromCents(share), high = Decimals.fromCents(share + 1)
            return (0..<n).map { $0 < leftover ? high : low }
        }
        var floorShare = Decimal()
        var exact = total / Decimal(n)
        NSDecimalRound(&floorShare, &exact, 2, .down)
        let leftover = NSDecimalNumber(decimal: (total - floorShare * Decimal(n)) * 100).intValue
        return (0..<n).map { $0 < leftover ? floorShare + cent : floorShare }
    }

    static let cent = Decimal(sign: .plus, exponent: -2, significand: 1)

    static func sums(_ points: [Decimal], _ categories: [Level1?]) -> [Level1: Decimal] {
        var result: [Level1: Decimal] = [:]
        for (p, c) in zip(points, categories) { if let c { result[c] = (result[c] ?? 0) + p } }
        return result
    }
}
