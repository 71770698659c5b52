import Foundation

/// How a target compares an actual with its number (RULES.md §2).
public enum Comparison: String, Codable, Sendable, CaseIterable {
    case atLeast = "≥"
    case greater = ">"
    case atMost = "≤"
    case less = "<"
    case equal = "="

    /// True for ≥ and >: more is better.
    public var isUpper: Bool { self == .atLeast || self == .greater }
    /// True for ≤ and <: less is better.
    public var isLower: Bool { self == .atMost || self == .less }
}

/// The three forms a target (指标值) takes.
public enum TargetKind: String, Codable, Sendable {
    /// comparator + number + unit, e.g. "≥90%", "71256米".
    case quantitative
    /// a date to finish by, e.g. "2026年12月底前".
    case deadline
    /// any other text, e.g. "有效改善".
    case qualitative
}

/// A calendar day a deadline target names. `year` is nil when the text gave none ("12月31日前");
/// it is then the evaluation year.
public struct Deadline: Hashable, Sendable, Codable, CustomStringConvertible {
    public var year: Int?
    public var month: Int
    public var day: Int

    public init(year: Int?, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `2026-12-31`, or `12-31` without a year.
    public var description: String {
        let md = String(format: "%02d-%02d", month, day)
        if let year { return "\(year)-\(md)" }
        return md
    }

    /// The deadline resolved against a default year, as a comparable `yyyymmdd` integer.
    public func ordinal(defaultYear: Int) -> Int {
        (year ?? defaultYear) * 10000 + month * 100 + day
    }
}

/// A parsed target value. The raw text is always kept; the parsed parts sit beside it.
public struct TargetValue: Hashable, Sendable {
    /// The text exactly as the table wrote it (trimmed).
    public var raw: String
    public var kind: TargetKind
    /// For quantitative targets: the comparator, explicit or implied.
    public var comparator: Comparison?
    /// True when the table gave no comparator and the default (≥, or ≤ for 成本指标) was applied.
    public var comparatorImplied: Bool
    /// For quantitative targets: the number.
    public var value: Decimal?
    /// For quantitative targets: the unit, normalised ("%" for every percent form); nil when none.
    public var unit: String?
    /// For deadline targets: the date.
    public var deadline: Deadline?

    public init(
        raw: String, kind: TargetKind, comparator: Comparison? = nil, comparatorImplied: Bool = false,
        value: Decimal? = nil, unit: String? = nil, deadline: Deadline? = nil
    ) {
        self.raw = raw
        self.kind = kind
        self.comparator = comparator
        self.comparatorImplied = comparatorImplied
        self.value = value
        self.unit = unit
        self.deadline = deadline
    }

    /// True when the cell was empty.
    public var isBlank: Bool { raw.isEmpty }

    /// True when the unit is percent.
    public var isPercent: Bool { unit == "%" }
}
