import Foundation

/// Reads Chinese numerals as written in goal texts: 四座, 十二个, 两千三百米, 一万零五百.
public enum ChineseNumerals {
    static let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
    static let units: [Character: Int] = ["十": 10, "百": 100, "千": 1000]

    /// True for characters that can be part of a Chinese numeral.
    public static func isNumeral(_ c: Character) -> Bool { digits[c] != nil || units[c] != nil || c == "万" || c == "亿" }

    /// The value of a whole Chinese numeral, or nil when `text` is not one.
    public static func value(_ text: String) -> Int? {
        guard !text.isEmpty, text.allSatisfy(isNumeral) else { return nil }
        var total = 0, section = 0, digit = 0
        var sawDigit = false
        for c in text {
            if let d = digits[c] {
                digit = d
                sawDigit = true
            } else if let u = units[c] {
                section += (sawDigit ? digit : 1) * u
                digit = 0
                sawDigit = false
            } else if c == "万" || c == "亿" {
                let big = c == "万" ? 10_000 : 100_000_000
                total = (total + section + digit) * big
                section = 0
                digit = 0
                sawDigit = false
            }
        }
        return total + section + digit
    }

    /// Every "number + unit" phrase in `text`, Arabic or Chinese: "71256米", "四座", "3台".
    /// A numeral directly after 每 ("每座") or 第 ("第三") is not a quantity and is skipped.
    public static func quantities(in text: String, units wanted: Set<String>) -> [(value: Decimal, unit: String, phrase: String)] {
        let normalized = TextNormalizer.halfWidth(text)
        // A quantity is a number followed by one of the units: none of them in the text, none to find.
        guard wanted.contains(where: { TextNormalizer.has(normalized, $0) }) else { return [] }
        // Scalars, not Characters: the numerals, digits and units are single scalars, and grapheme
        // breaking and Character hashing cost more than the whole scan.
        let scalars = Array(normalized.unicodeScalars)
        let units = wanted.map { (unit: $0, scalars: Array($0.unicodeScalars)) }.sorted { ($0.scalars.count, $0.unit) > ($1.scalars.count, $1.unit) }
        func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
        var result: [(Decimal, String, String)] = []
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            let arabic = isDigit(c)
            guard arabic || isNumeral(c) else { i += 1; continue }
            var j = i
            if arabic {
                while j < scalars.count, isDigit(scalars[j]) || (scalars[j] == "." && j + 1 < scalars.count && isDigit(scalars[j + 1])) || scalars[j] == "," { j += 1 }
            } else {
                while j < scalars.count, isNumeral(scalars[j]) { j += 1 }
            }
            let before: Unicode.Scalar? = i > 0 ? scalars[i - 1] : nil
            if before != "每" && before != "第" && before?.properties.numericType == nil {
                for unit in units where scalars[j...].starts(with: unit.scalars) {
                    var numberText = ""
                    numberText.unicodeScalars.append(contentsOf: scalars[i..<j])
                    let value: Decimal? = arabic ? Decimals.parse(numberText) : ChineseNumerals.value(numberText).map { Decimal($0) }
                    if let value { result.append((value, unit.unit, numberText + unit.unit)) }
                    break
                }
            }
            i = j
        }
        return result
    }

    /// True for scalars that can be part of a Chinese numeral.
    static func isNumeral(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "零", "〇", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "万", "亿": return true
        default: return false
        }
    }
}
