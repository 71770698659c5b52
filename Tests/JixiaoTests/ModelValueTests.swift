import Foundation
@testable import JixiaoModel
import Testing

/// Value semantics kept by the model's faster representations.
@Suite("Model values")
struct ModelValueTests {
    @Test("an indicator is a value: changing a copy leaves the original alone")
    func indicatorCopies() {
        let original = Indicator(level1: "产出指标", level2: "数量指标", level3: "养护面积", target: TargetParser.parse("≥90%"), points: 10)
        var copy = original
        #expect(copy == original)
        copy.level3 = "绿化面积"
        copy.target.raw = "≥95%"
        #expect(original.level3 == "养护面积" && original.target.raw == "≥90%")
        #expect(copy.level3 == "绿化面积" && copy != original)
        var same = copy
        same.level3 = "养护面积"
        same.target = original.target
        #expect(same == original && same.hashValue == original.hashValue)
    }

    @Test("level-1 categories hash by case and work as set members and keys")
    func level1Hashing() {
        let set = Set([Level1.output, .benefit, .output, .satisfaction])
        #expect(set.count == 3)
        var points: [Level1: Int] = [:]
        for c in Level1.allCases { points[c, default: 0] += c.rawValue.count }
        #expect(points[.output] == 4 && points[.satisfaction] == 5)
        #expect(Set(Level1.allCases.map(\.hashValue)).count == 3)
    }

    @Test("the byte pre-checks of halfWidth and removingSpaces miss no scalar they look for")
    func textPreChecks() {
        let alphabet: [Unicode.Scalar] = ["养", "护", "、", "。", "“", "”", "a", "1", "\u{3000}", "\u{3001}", "\u{FF05}", "\u{FF10}", "\u{FF5E}", "\u{FF5F}",
                                          "\u{FEFF}", "\u{A0}", "\u{85}", "\u{1680}", "\u{2003}", "\u{2028}", "\u{202F}", "\u{205F}", " ", "\t", "\n", "é"]
        var state: UInt64 = 5
        for _ in 0..<3000 {
            var text = String.UnicodeScalarView()
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for k in 0..<Int(state % 6) { text.append(alphabet[Int((state >> (8 + 5 * UInt64(k))) % UInt64(alphabet.count))]) }
            let s = String(text)
            let spaces = s.unicodeScalars.contains(where: TextNormalizer.isSpace)
            let fullWidth = s.unicodeScalars.contains { ($0.value >= 0xFF01 && $0.value <= 0xFF5E) || $0.value == 0x3000 }
            #expect(!spaces || TextNormalizer.mayContainSpace(s), "\(s.debugDescription)")
            #expect(!fullWidth || TextNormalizer.mayHoldFullWidth(s), "\(s.debugDescription)")
            #expect(TextNormalizer.removingSpaces(s) == String(String.UnicodeScalarView(s.unicodeScalars.filter { !TextNormalizer.isSpace($0) })))
        }
    }

    @Test("the goal row's key is what the full normalisation makes")
    func goalKey() {
        for owner in ["13090026P0000100009", " 300001 ", "3000\u{3000}01"] {
            #expect(IndicatorKey.goal(owner) == IndicatorKey(ownerCode: owner, level1: SpecialRow.goal, level2: "", level3: ""))
        }
    }

    @Test("byte prefix and suffix tests, and blank reasons")
    func byteAffixes() {
        #expect(UTF8Bytes.hasPrefix("【系统建议】请补充", "【系统建议】") && !UTF8Bytes.hasPrefix("【系统", "【系统建议】"))
        #expect(UTF8Bytes.hasSuffix("71256米", "米") && UTF8Bytes.hasSuffix("米", "米") && !UTF8Bytes.hasSuffix("米", "平方米"))
        for blank in ["", " ", "无", "—", "N/A", " 暂无 ", "【系统建议】D01 尾款未付"] { #expect(!DeviationReason.isGiven(blank), "\(blank)") }
        for given in ["D01 尾款未付", "无法按期完成，已说明", "0.5"] { #expect(DeviationReason.isGiven(given), "\(given)") }
    }
}
