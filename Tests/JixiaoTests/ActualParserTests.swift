import Foundation
import JixiaoModel
import Testing

/// Reading actuals against targets (RULES.md §2, §4).
@Suite("Actual values")
struct ActualParserTests {
    func indicator(_ target: String, name: String = "完成率", level2: String = "数量指标") -> Indicator {
        Indicator(level1: "产出指标", level2: level2, level3: name, target: TargetParser.parse(target, isCost: level2 == "成本指标"))
    }

    func read(_ raw: String, _ target: String, name: String = "完成率") throws -> ActualParser.Reading {
        try ActualParser.parse(raw, for: indicator(target, name: name))
    }

    @Test("percent actuals: 95%, 95 and 95.0 all mean 95 %", arguments: ["95%", "95", "95.0", "95％", "95 百分数"])
    func percent(raw: String) throws {
        #expect(try read(raw, "≥90%").value == .number(95))
    }

    @Test("a bare value ≤ 1 against a percent target is a fraction, with a warning")
    func fraction() throws {
        let r = try read("0.95", "≥90%")
        #expect(r.value == .number(95))
        #expect(r.warning != nil)
    }

    @Test("万元 and 元 convert; 米 against 座 is rejected")
    func units() throws {
        #expect(try read("6000000元", "≤500万元", name: "成本").value == .number(600))
        #expect(try read("600", "≤500万元", name: "成本").value == .number(600))
        #expect(throws: ActualError.self) { try read("4米", "2座", name: "泵站") }
        #expect(throws: ActualError.self) { try read("95%", "2座", name: "泵站") }
        #expect(throws: ActualError.self) { try read("95米", "≥90%") }
    }

    @Test("negative actuals count as 0, with a warning")
    func negative() throws {
        let r = try read("-5", "≥90%")
        #expect(r.value == .number(0))
    }

    @Test("a non-numeric actual for a number target is an error")
    func nonNumeric() {
        #expect(throws: ActualError.self) { try read("良好", "≥90%") }
        #expect(throws: ActualError.self) { try read("达成", "≥90%", name: "完成及时率") }
    }

    @Test("a tier stands in for a vague percent target on a name that is not a rate (R01)")
    func vagueTarget() throws {
        let r = try read("部分达成", "≥90百分数", name: "持续发展作用力")
        #expect(r.value == .tier(.partial, score: nil))
        #expect(r.warning?.contains("R01") == true)
    }

    @Test("qualitative tiers: full, short and filler forms; a score inside the text", arguments: [
        ("达成年度指标", Tier.achieved), ("达成", .achieved), ("达成预期指标", .achieved), ("已完成", .achieved), ("有效", .achieved),
        ("部分达成年度指标并具有一定效果", .partial), ("部分达成", .partial), ("基本完成", .basic), ("基本达成", .basic),
        ("未达成年度指标且效果较差", .notAchieved), ("未达成", .notAchieved), ("未完成", .notAchieved),
    ])
    func tiers(raw: String, tier: Tier) throws {
        #expect(try read(raw, "有效改善").value == .tier(tier, score: nil))
    }

    @Test("a tier with a score")
    func tierScore() throws {
        #expect(try read("部分达成 7.5", "有效改善").value == .tier(.partial, score: 7.5))
        #expect(try read("部分达成（7.5分）", "有效改善").value == .tier(.partial, score: 7.5))
    }

    @Test("unknown text against a qualitative target asks for a tier")
    func unknownQualitative() {
        #expect {
            try read("还行吧", "有效改善")
        } throws: { error in
            (error as? ActualError)?.description.contains("达成 / 部分达成 / 未达成") == true
        }
    }

    @Test("deadlines take a date or a tier")
    func deadline() throws {
        #expect(try read("2026-11-20", "2026年12月底前").value == .date(Deadline(year: 2026, month: 11, day: 20)))
        #expect(try read("2026年11月20日", "2026年12月底前").value == .date(Deadline(year: 2026, month: 11, day: 20)))
        #expect(try read("达成", "2026年12月底前").value == .tier(.achieved, score: nil))
        #expect(throws: ActualError.self) { try read("很快", "2026年12月底前") }
    }

    @Test("keys: the funds shortcut equals the full normalisation; equality is by the normalised bytes")
    func keys() {
        for item in [SpecialRow.budget, SpecialRow.executed, " 全年执行数 ", "其他资金（5分）"] {
            #expect(IndicatorKey.funds(" 13091626P00016110003L ", item)
                == IndicatorKey(ownerCode: " 13091626P00016110003L ", level1: SpecialRow.funds, level2: SpecialRow.fundsLevel2, level3: item))
        }
        let written = IndicatorKey(ownerCode: "P1", level1: "产出", level2: "数量", level3: "道路 长度")
        let canonical = IndicatorKey(normalizedOwner: "P1", level1: "产出指标", level2: "数量指标", level3: "道路长度")
        #expect(written == canonical)
        #expect(Set([written, canonical]).count == 1)
        #expect(IndicatorKey(normalizedOwner: "P1", level1: "产出指标", level2: "数量指标", level3: "道路长") != canonical)
        #expect(IndicatorKey(normalizedOwner: "P", level1: "1产出指标", level2: "数量指标", level3: "道路长度") != canonical)
    }
}
