import Foundation
import JixiaoModel
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
}
