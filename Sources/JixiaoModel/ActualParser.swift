import Foundation

/// Reads an actual (实际完成值) against its target (RULES.md §2, §4).
public enum ActualParser {
    /// A successful read, with any warning to show.
    public struct Reading: Hashable, Sendable {
        public var value: ActualValue
        public var warning: String?
    }

    /// Names that are rates: a "≥90%" target on any other name is vague (R01).
    public static func isRateName(_ name: String) -> Bool {
        ["率", "度", "比例", "比重", "占比", "百分比", "指数"].contains { TextNormalizer.has(name, $0) }
    }

    /// True when a tier may stand in for a number: a percent target on a name that is not a rate
    /// (the seed's "持续发展作用力 ≥90百分数"), which no unit can measure as a number.
    public static func acceptsTier(_ indicator: Indicator) -> Bool {
        indicator.target.kind == .quantitative && indicator.target.isPercent && !isRateName(indicator.level3)
    }

    /// Parses `raw` for `indicator`, reading tiers by `tiers` (the profile's words). Throws a
    /// message (without location) saying what was expected.
    public static func parse(_ raw: String, for indicator: Indicator, tiers: TierWords = .standard) throws(ActualError) -> Reading {
        let target = indicator.target
        let text = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(raw))
        func tier() throws(ActualError) -> Tier? {
            guard let found = tiers.recognise(text) else { return nil }
            guard tiers.parse(text) != nil else {
                throw ActualError("“\(raw)”是“\(found.rawValue)”档，但所用评分规则不设此档。可填的档次：\(tiers.names.joined(separator: " / "))。")
            }
            return found
        }
        switch target.kind {
        case .quantitative:
            if let reading = number(text, target: target) { return try reading.get() }
            if acceptsTier(indicator), let tier = try tier() {
                return Reading(value: .tier(tier, score: trailingScore(text)),
                               warning: "“\(indicator.level3)”的目标“\(target.raw)”不是可计量的比率，按定性档次“\(tier.rawValue)”评分（R01：建议改为可量化指标）。")
            }
            throw ActualError("目标“\(target.raw)”是数值，实际完成值应为数字\(target.unit.map { "（单位：\($0)）" } ?? "")，此处为“\(raw)”。")
        case .deadline:
            if let date = date(text) { return Reading(value: .date(date)) }
            if let tier = try tier() { return Reading(value: .tier(tier, score: trailingScore(text))) }
            throw ActualError("目标“\(target.raw)”是完成时限，实际完成值应为完成日期（如 2026-11-30、2026年11月、2026.11 或 11月底）或档次（\(tiers.names.joined(separator: "/"))），此处为“\(raw)”。")
        case .qualitative:
            if let pair = BinaryWords.pair(forTarget: target.raw) {
                if let met = BinaryWords.reads(text, target: pair) { return Reading(value: .binary(met)) }
            }
            if let tier = try tier() { return Reading(value: .tier(tier, score: trailingScore(text))) }
            if let pair = BinaryWords.pair(forTarget: target.raw) {
                throw ActualError("目标“\(target.raw)”按“\(pair.met)/\(pair.missed)”评分，实际完成值应为“\(pair.met)”或“\(pair.missed)”（或档次 \(tiers.names.joined(separator: " / "))），此处为“\(raw)”。")
            }
            throw ActualError("目标“\(target.raw)”是定性指标，实际完成值应为档次：\(tiers.names.joined(separator: " / "))（可附档内得分，如“部分达成 7.5”），此处为“\(raw)”。")
        }
    }

    /// Reads a number with an optional unit against a quantitative target. Nil when `text` holds no
    /// number at all (so a tier may be tried).
    static func number(_ text: String, target: TargetValue) -> Result<Reading, ActualError>? {
        // The common case: digits, perhaps a percent sign, perhaps the target's own unit.
        if let plain = plainNumber(text, unit: target.unit) {
            var value = plain
            var warning: String?
            if target.isPercent, !text.hasSuffix("%"), value <= 1, value > 0, (target.value ?? 0) > 1 {
                value *= 100
                warning = "实际完成值 \(text) 小于等于 1，按比例理解为 \(Decimals.plain(value))%。如不对请写成百分数。"
            }
            return .success(Reading(value: .number(value), warning: warning))
        }
        let parsed = TargetParser.parse(text)
        guard parsed.kind == .quantitative, let number = parsed.value else { return nil }
        var value = max(number, 0)
        var warning: String?
        let unit = parsed.unit
        if number < 0 { warning = "实际完成值为负数，按 0 计。" }
        if target.isPercent {
            if let unit, unit != "%" {
                return .failure(ActualError("单位不符：目标为百分比（\(target.raw)），实际完成值的单位为“\(unit)”。请填写百分比，如 95%。"))
            }
            if unit == nil, value <= 1, value > 0, (target.value ?? 0) > 1 {
                value *= 100
                warning = "实际完成值 \(text) 小于等于 1，按比例理解为 \(Decimals.plain(value))%。如不对请写成百分数。"
            }
            return .success(Reading(value: .number(value), warning: warning))
        }
        guard let unit else { return .success(Reading(value: .number(value), warning: warning)) }
        if unit == "%" && target.unit != nil {
            return .failure(ActualError("单位不符：目标为“\(target.raw)”（单位\(target.unit!)），实际完成值为百分比。请填写以“\(target.unit!)”计的数值。"))
        }
        if let converted = Units.convert(value, from: unit, to: target.unit ?? unit) {
            return .success(Reading(value: .number(converted), warning: warning))
        }
        return .failure(ActualError("单位不符：目标“\(target.raw)”的单位是“\(target.unit ?? "无")”，实际完成值的单位是“\(unit)”。请按目标的单位填写。"))
    }

    /// A non-negative plain number, optionally followed by "%" (against a percent target) or by the
    /// target's own unit; nil for anything else, which then takes the general path.
    static func plainNumber(_ text: String, unit: String?) -> Decimal? {
        // Bytes, not Characters: String's hasSuffix normalises the Chinese unit on every call.
        var length = text.utf8.count
        if let unit, UTF8Bytes.hasSuffix(text, unit) { length -= unit.utf8.count }
        guard let first = text.utf8.first, first >= 0x30, first <= 0x39 else { return nil }
        return Decimals.parse(length == text.utf8.count ? text : String(decoding: text.utf8.prefix(length), as: UTF8.self))
    }

    /// A completion date: "2026-11-30", "2026年11月30日", "11月30日", "2026/11/30", and the month
    /// alone — "2026年11月", "2026.11", "2026-11", "11月底", "11月" — read as its last day (the work was
    /// done in that month; against a deadline inside it, the later end is the careful reading). A
    /// date without a year falls in the evaluation year.
    static func date(_ text: String) -> Deadline? {
        TargetParser.parseDeadline(text) ?? TargetParser.parseMonth(text)
    }

    /// "部分达成 7.5", "部分达成（7.5分）" → 7.5.
    static func trailingScore(_ text: String) -> Decimal? {
        // Most tiers carry no score; only ASCII digits make one that Decimal can read.
        guard text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        guard let m = text.firstMatch(of: Patterns.trailingScore) else { return nil }
        return Decimal(string: String(m.1))
    }
}

/// Why an actual could not be read.
public struct ActualError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
