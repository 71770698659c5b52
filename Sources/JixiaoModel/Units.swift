import Foundation

/// Units of measure: percent spellings, money units and conversions between them.
public enum Units {
    /// Every spelling of percent seen in tables; all normalise to "%".
    public static let percentSpellings = ["百分数", "百分比", "百分率", "%", "％"]

    /// Money units and their size in 元.
    public static let moneyFactors: [String: Decimal] = ["元": 1, "万元": 10000, "亿元": 100_000_000]

    /// Normalises a unit as written: strips brackets and spaces, maps percent spellings to "%".
    /// Returns nil when nothing is left.
    public static func normalize(_ written: String) -> String? {
        if written.isEmpty { return nil }
        if written == "%" || written == "万元" || written == "元" { return written }
        var text = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(written))
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: "()[]（）【】"))
        if text.isEmpty { return nil }
        guard text.contains(where: { $0 == "%" || $0 == "％" || $0 == "百" }) else { return text }
        for spelling in percentSpellings where text.contains(spelling) {
            // "%(百分比)" and similar: percent with a reminder of the word.
            var rest = text
            for other in percentSpellings { rest = rest.replacingOccurrences(of: other, with: "") }
            rest = rest.trimmingCharacters(in: CharacterSet(charactersIn: "()[]（）【】"))
            if rest.isEmpty { return "%" }
            _ = spelling
        }
        return text
    }

    /// True for 元, 万元 and 亿元.
    public static func isMoney(_ unit: String?) -> Bool {
        guard let unit else { return false }
        return moneyFactors[unit] != nil
    }

    /// Units that convert into each other, one table per dimension: each unit's size as a fraction
    /// (numerator, denominator) of the dimension's base unit. 1 亩 = 10000/15 平方米 exactly.
    public static let dimensions: [(name: String, units: [String: (Decimal, Decimal)])] = [
        ("长度", ["米": (1, 1), "公里": (1000, 1), "千米": (1000, 1)]),
        ("金额", ["元": (1, 1), "万元": (10000, 1), "亿元": (100_000_000, 1)]),
        ("面积", ["平方米": (1, 1), "亩": (10000, 15), "公顷": (10000, 1), "平方公里": (1_000_000, 1), "平方千米": (1_000_000, 1)]),
        ("人数", ["人": (1, 1), "万人": (10000, 1), "人次": (1, 1), "万人次": (10000, 1)]),
        ("重量", ["吨": (1, 1), "万吨": (10000, 1)]),
    ]

    /// Spellings of the same unit.
    static let spellings: [String: String] = ["㎡": "平方米", "m2": "平方米", "m²": "平方米", "km": "公里", "km²": "平方公里", "㎞": "公里", "m": "米", "t": "吨"]

    /// The unit as the tables above name it.
    static func canonical(_ unit: String) -> String { spellings[unit] ?? unit }

    /// The dimension a unit belongs to ("长度", "面积" …), nil for any other unit.
    public static func dimension(of unit: String?) -> String? {
        guard let unit else { return nil }
        let u = canonical(unit)
        return dimensions.first { $0.units[u] != nil }?.name
    }

    /// Converts `value` from one unit into another. Same units return the value; units of one
    /// dimension convert (米/公里, 元/万元/亿元, 平方米/亩/公顷/平方公里, 人/万人, 吨/万吨); anything else
    /// returns nil (the units do not match). 人次 and 人 are kept apart: a head count is not a count of visits.
    public static func convert(_ value: Decimal, from: String?, to: String?) -> Decimal? {
        if from == to { return value }
        guard let from, let to else { return nil }
        let f = canonical(from), t = canonical(to)
        if f == t { return value }
        if (f.hasSuffix("人次")) != (t.hasSuffix("人次")) { return nil }
        for dimension in dimensions {
            guard let a = dimension.units[f], let b = dimension.units[t] else { continue }
            // value × (a.num / a.den) / (b.num / b.den), multiplications first so exact ratios stay exact.
            return value * a.0 * b.1 / (a.1 * b.0)
        }
        return nil
    }

    /// An amount in 万元 from a cell: "18.5", "18.5万元", "185000元", "1,234.00"; nil for anything
    /// else (another unit, a comparator, text).
    public static func amountInWan(_ text: String) -> Decimal? {
        if let plain = Decimals.parsePlainASCII(text) { return plain }
        let t = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(text)).replacingOccurrences(of: ",", with: "")
        if t.isEmpty { return nil }
        if let plain = Decimals.parse(t) { return plain }
        let v = TargetParser.parse(t)
        guard v.kind == .quantitative, let n = v.value, v.comparatorImplied else { return nil }
        switch v.unit {
        case nil, "万元": return n
        case "元": return n / 10000
        default: return nil
        }
    }
}
