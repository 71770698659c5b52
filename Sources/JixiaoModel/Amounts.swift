import Foundation

/// Amounts that are never negative — 预算数, 财政资金, 其他资金, the spending plan, 全年预算数,
/// 全年执行数, 分值, and actuals counted in a unit (人次, 座, 个, 万元 …). Every reader reads them
/// through here, so a "−5" is an error naming its file and line (or sheet and cell) instead of a
/// negative score or a finding that says the budget is 0.
public enum Amounts {
    /// What a cell meant to hold a non-negative amount holds.
    public enum Reading: Equatable, Sendable {
        case blank
        case value(Decimal)
        case negative(Decimal)
        case notNumber
    }

    /// Reads a plain number (full-width digits and thousands separators allowed), as `Decimals.parse`.
    public static func read(_ text: String) -> Reading {
        if TextNormalizer.trim(text).isEmpty { return .blank }
        guard let d = Decimals.parse(text) else { return .notNumber }
        return Decimals.isNegative(d) ? .negative(d) : .value(d)
    }

    /// Reads an amount in 万元 as `Units.amountInWan` does ("18.5", "185000元").
    public static func readInWan(_ text: String) -> Reading {
        if TextNormalizer.trim(text).isEmpty { return .blank }
        guard let d = Units.amountInWan(text) else { return .notNumber }
        return Decimals.isNegative(d) ? .negative(d) : .value(d)
    }

    /// The value of a non-negative number, nil for a blank, a negative or a non-number.
    public static func nonNegative(_ text: String) -> Decimal? {
        if case .value(let d) = read(text) { return d }
        return nil
    }

    /// "预算数不能为负数，此处为“-5”。…" — what a reader says about a negative amount.
    public static func negativeMessage(_ field: String, _ text: String) -> String {
        let what = TextNormalizer.has(field, "预算") ? "调减的预算请直接填写调整后的金额" : "请填写 0 或正数"
        return "\(field)不能为负数，此处为“\(TextNormalizer.trim(text))”。金额、计划和数量都不能小于 0；\(what)。"
    }

    /// True when a negative number against this target is an error rather than "counts as 0"
    /// (RULES.md §4): the target is measured in a unit — a count (人次, 座, 个), a length, a sum of
    /// money — which cannot fall below zero. Percentages and bare numbers keep RULES.md's reading.
    public static func isCounted(_ target: TargetValue) -> Bool {
        target.kind == .quantitative && target.unit != nil && !target.isPercent
    }
}

extension Amounts {
    /// The message for a target that counts below zero ("-5个"), or nil when the target is fine.
    public static func negativeTargetMessage(_ target: TargetValue) -> String? {
        guard isCounted(target), let v = target.value, Decimals.isNegative(v) else { return nil }
        return "指标值“\(target.raw)”为负数：以“\(target.unit ?? "")”计的数量或金额不能为负。请填写 0 或正数的目标值。"
    }
}

extension Amounts {
    /// True when `raw` reads as a number below zero ("-5", "-5个", "－3人次").
    public static func isNegativeNumber(_ raw: String) -> Bool {
        let parsed = TargetParser.parse(raw)
        guard parsed.kind == .quantitative, let v = parsed.value else { return false }
        return Decimals.isNegative(v)
    }
}
