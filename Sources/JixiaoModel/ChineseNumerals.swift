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
        let chars = Array(normalized)
        var result: [(Decimal, String, String)] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let arabic = c.isASCII && c.isNumber
            guard arabic || isNumeral(c) else { i += 1; continue }
            var j = i
            if arabic {
                while j < chars.count, (chars[j].isASCII && chars[j].isNumber) || (chars[j] == "." && j + 1 < chars.count && chars[j + 1].isNumber) || chars[j] == "," { j += 1 }
            } else {
                while j < chars.count, isNumeral(chars[j]) { j += 1 }
            }
            let numberText = String(chars[i..<j])
            let before: Character? = i > 0 ? chars[i - 1] : nil
            let after = String(chars[j..<min(chars.count, j + 3)])
            if before != "每" && before != "第" && !(before?.isNumber ?? false) {
                for unit in wanted.sorted(by: { $0.count > $1.count }) where after.hasPrefix(unit) {
                    let value: Decimal? = arabic ? Decimals.parse(numberText) : ChineseNumerals.value(numberText).map { Decimal($0) }
                    if let value { result.append((value, unit, numberText + unit)) }
                    break
                }
            }
            i = j
        }
        return result
    }
}
