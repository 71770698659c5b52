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

    /// Converts `value` from one unit into another. Same units return the value; money units
    /// convert; anything else returns nil (the units do not match).
    public static func convert(_ value: Decimal, from: String?, to: String?) -> Decimal? {
        if from == to { return value }
        if let f = from.flatMap({ moneyFactors[$0] }), let t = to.flatMap({ moneyFactors[$0] }) {
            return value * f / t
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
