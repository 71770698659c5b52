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

    @Test("deadline targets: a date after ≤ or before 底前 (issue 15); the month alone means its last day")
    func deadlineTargets() {
        #expect(TargetParser.parse("≤2026年12月").kind == .deadline)
        #expect(TargetParser.parse("≤2026年12月").deadline == Deadline(year: 2026, month: 12, day: 31))
        #expect(TargetParser.parse("2026年12月底前").deadline == Deadline(year: 2026, month: 12, day: 31))
        #expect(TargetParser.parse("不晚于2026-11-30").deadline == Deadline(year: 2026, month: 11, day: 30))
        // Not dates: a count of months, a quantity.
        #expect(TargetParser.parse("≤12个月").kind == .quantitative)
        #expect(TargetParser.parse("≥2026").kind == .quantitative)
    }

    @Test("completion dates people write: 2026年11月, 2026-11-30, 2026.11, 11月底 (year from the table)", arguments: [
        ("2026年11月", Deadline(year: 2026, month: 11, day: 30)), ("2026-11-30", Deadline(year: 2026, month: 11, day: 30)),
        ("2026.11", Deadline(year: 2026, month: 11, day: 30)), ("11月底", Deadline(year: nil, month: 11, day: 30)),
        ("2026年2月", Deadline(year: 2026, month: 2, day: 28)), ("2026-11", Deadline(year: 2026, month: 11, day: 30)),
        ("11月", Deadline(year: nil, month: 11, day: 30)),
    ])
    func completionDates(raw: String, date: Deadline) throws {
        #expect(try read(raw, "≤2026年12月").value == .date(date))
    }

    @Test("targets in words: met by the same word, missed by its negative; other text asks for one of them")
    func binaryWords() throws {
        for (target, met, missed) in [("合格", "合格", "不合格"), ("是", "是", "否"), ("有", "有", "无"), ("完成", "完成", "未完成"), ("达标", "达标", "不达标"), ("无", "无", "有")] {
            #expect(try read(met, target).value == .binary(true), "\(target)")
            #expect(try read(missed, target).value == .binary(false), "\(target)")
        }
        // A tier still reads against a word target; unknown text names the two words.
        #expect(try read("基本完成", "完成").value == .tier(.basic, score: nil))
        #expect { try read("还行", "合格") } throws: { ($0 as? ActualError)?.description.contains("“合格”或“不合格”") == true }
    }

    @Test("units within one dimension convert, exactly; across dimensions they do not", arguments: [
        ("12000米", "≥10公里", "12"), ("3公顷", "≥50亩", "45"), ("3亩", "≥1平方米", "2000"),
        ("1.5平方公里", "≥100公顷", "150"), ("15000人", "≥2万人", "1.5"), ("2万吨", "≥10000吨", "20000"), ("3亿元", "≤50000万元", "30000"),
    ])
    func dimensions(raw: String, target: String, value: String) throws {
        let r = try read(raw, target, name: "数量")
        #expect(r.value == .number(Decimal(string: value)!), "\(r.value)")
    }

    @Test("across dimensions, and 人 against 人次, stay an error")
    func acrossDimensions() {
        #expect(throws: ActualError.self) { try read("5吨", "≥10公里", name: "长度") }
        #expect(throws: ActualError.self) { try read("3亩", "≥10米", name: "长度") }
        #expect(throws: ActualError.self) { try read("500人次", "≥400人", name: "人数") }
    }

    @Test("thousands separators in actuals")
    func thousands() throws {
        #expect(try read("71,256米", "71256米", name: "管网").value == .number(71256))
        #expect(try read("1,234.5万元", "≤2000万元", name: "成本").value == .number(Decimal(string: "1234.5")!))
    }

    @Test("基本达成 is its own tier; a profile without it refuses the word rather than reading it as another")
    func basicTier() throws {
        #expect(try read("基本达成", "有效改善").value == .tier(.basic, score: nil))
        var words = TierWords.standardWords
        words[.basic] = nil
        let noBasic = TierWords(words: words)
        #expect(noBasic.names == ["达成", "部分达成", "未达成"])
        #expect { try ActualParser.parse("基本达成", for: indicator("有效改善"), tiers: noBasic) } throws: {
            ($0 as? ActualError)?.description.contains("所用评分规则不设此档") == true
        }
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
