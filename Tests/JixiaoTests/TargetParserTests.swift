import Foundation
@testable import JixiaoModel
import JixiaoDocuments
import Testing

/// RULES.md §2: every form of target the parser must read.
@Suite("Target parsing (RULES.md §2)")
struct TargetParserTests {
    func q(_ raw: String, isCost: Bool = false) -> TargetValue { TargetParser.parse(raw, isCost: isCost) }

    @Test("comparator symbols and words", arguments: [
        ("≥90%", Comparison.atLeast), ("≧90%", .atLeast), (">=90%", .atLeast), ("不低于90%", .atLeast), ("不少于90%", .atLeast),
        ("90%以上", .atLeast), (">90%", .greater), ("＞90%", .greater), ("大于90%", .greater), ("超过90%", .greater),
        ("≤90%", .atMost), ("≦90%", .atMost), ("<=90%", .atMost), ("不高于90%", .atMost), ("不超过90%", .atMost),
        ("90%以内", .atMost), ("90%以下", .atMost), ("<90%", .less), ("＜90%", .less), ("低于90%", .less), ("少于90%", .less),
        ("=90%", .equal), ("＝90%", .equal), ("═90%", .equal), ("等于90%", .equal), ("﹦ 90 %", .equal),
    ])
    func comparators(raw: String, expected: Comparison) {
        let t = q(raw)
        #expect(t.kind == .quantitative)
        #expect(t.comparator == expected, "\(raw)")
        #expect(t.comparatorImplied == false)
        #expect(t.value == 90)
        #expect(t.unit == "%")
    }

    @Test("a bare number means ≥, but ≤ in 成本指标")
    func impliedComparator() {
        let length = q("71256米")
        #expect(length.comparator == .atLeast)
        #expect(length.comparatorImplied)
        #expect(length.value == 71256)
        #expect(length.unit == "米")
        let cost = q("500万元", isCost: true)
        #expect(cost.comparator == .atMost)
        #expect(cost.comparatorImplied)
        #expect(cost.unit == "万元")
    }

    @Test("percent spellings all mean %", arguments: ["≥90百分数", "≥90 百分数", "≥90％", "≥90%", "≥90百分比", ">= 98 %(百分比)", "≥９０％", "≥90（%）"])
    func percentSpellings(raw: String) {
        let t = q(raw)
        #expect(t.unit == "%", "\(raw) → \(String(describing: t.unit))")
        #expect(t.comparator == .atLeast)
        #expect(t.value == (raw.contains("98") ? 98 : 90))
    }

    @Test("full-width digits and thousands separators")
    func digits() {
        #expect(q("≥１２３４５米").value == 12345)
        #expect(q("71,256米").value == 71256)
        #expect(q("≥1,234.5万元").value == Decimal(string: "1234.5"))
        #expect(q("≧ 735 人次").value == 735)
        #expect(q("≧ 735 人次").unit == "人次")
    }

    @Test("money units keep 万元 and 元 apart and convert between them")
    func money() {
        #expect(q("≤500万元").unit == "万元")
        #expect(q("≤5000000元").unit == "元")
        #expect(Units.convert(500, from: "万元", to: "元") == 5_000_000)
        #expect(Units.convert(5_000_000, from: "元", to: "万元") == 500)
        #expect(Units.convert(2, from: "座", to: "米") == nil)
        #expect(Units.convert(2, from: "座", to: "座") == 2)
    }

    @Test("deadlines", arguments: [
        ("2026年12月底前", Deadline(year: 2026, month: 12, day: 31)),
        ("2026年12月31日前", Deadline(year: 2026, month: 12, day: 31)),
        ("12月31日前", Deadline(year: nil, month: 12, day: 31)),
        ("2026-11-30", Deadline(year: 2026, month: 11, day: 30)),
        ("2026年2月底前", Deadline(year: 2026, month: 2, day: 28)),
        ("6月底前完成", Deadline(year: nil, month: 6, day: 30)),
    ])
    func deadlines(raw: String, expected: Deadline) {
        let t = q(raw)
        #expect(t.kind == .deadline)
        #expect(t.deadline == expected)
        #expect(t.value == nil)
    }

    @Test("qualitative text", arguments: ["有效改善", "明显提升", "按时完成", "达成年度指标", "第3季度完成", "90%-95%"])
    func qualitative(raw: String) {
        let t = q(raw)
        #expect(t.kind == .qualitative)
        #expect(t.raw == raw)
        #expect(t.comparator == nil)
    }

    @Test("the raw text is always kept, trimmed")
    func rawKept() {
        #expect(q("  ≥90 百分数 ").raw == "≥90 百分数")
        #expect(q("").isBlank)
        #expect(q("0起").value == 0)
        #expect(q("0起").unit == "起")
    }
}

@Suite("Decimal helpers")
struct DecimalTests {
    @Test func parseAndFormat() {
        #expect(Decimals.parse("20997.72") == Decimal(string: "20997.72"))
        #expect(Decimals.parse("１９．００") == 19)
        #expect(Decimals.parse("abc") == nil)
        #expect(Decimals.parse("12abc") == nil)
        #expect(Decimals.parse("") == nil)
        #expect(Decimals.fixed(19, 2) == "19.00")
        #expect(Decimals.fixed(Decimal(string: "9.444")!, 2) == "9.44")
        #expect(Decimals.fixed(Decimal(string: "8.625")!, 2) == "8.63")
        #expect(Decimals.fixed(Decimal(string: "8.62")!, 0) == "9")
        #expect(Decimals.plain(Decimal(string: "4.750")!) == "4.75")
    }

    @Test("plain formatting agrees with Foundation on many values")
    func plainMatchesFoundation() {
        var state: UInt64 = 42
        for _ in 0..<5000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let units = Int64(truncatingIfNeeded: state >> 20) % 10_000_000_000
            let exponent = Int(state % 9) - 6
            let value = Decimal(sign: units < 0 ? .minus : .plus, exponent: exponent, significand: Decimal(abs(units)))
            let expected = (value as NSDecimalNumber).description(withLocale: Locale(identifier: "en_US_POSIX"))
            #expect(Decimals.plain(value) == expected, "\(units)e\(exponent)")
        }
        #expect(Decimals.plain(Decimal(string: "-0.05")!) == "-0.05")
        #expect(Decimals.plain(Decimal(string: "123456789012345678901234.5")!) == "123456789012345678901234.5")
    }

    @Test func sha256() {
        #expect(ContentDigest.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentDigest.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite("Spending plans")
struct SpendingPlanTests {
    let months = [3, 6, 10, 12]

    @Test("fractions of the budget become cumulative 万元")
    func fractions() {
        let plan = SpendingPlan.normalize(months: months, cells: ["0.25", "0.50", "0.75", "1.00"], budget: 19)
        #expect(plan.form == .fraction)
        #expect(plan.points.map(\.cumulative) == [Decimal(string: "4.75")!, Decimal(string: "9.5")!, Decimal(string: "14.25")!, 19])
    }

    @Test("amounts stay; blanks mean no further spending")
    func amountsWithBlanks() {
        let plan = SpendingPlan.normalize(months: months, cells: ["10498.86", "20997.72", " ", ""], budget: Decimal(string: "20997.72")!)
        #expect(plan.form == .amount)
        #expect(plan.points.map(\.cumulative) == [Decimal(string: "10498.86")!, Decimal(string: "20997.72")!, Decimal(string: "20997.72")!, Decimal(string: "20997.72")!])
        #expect(plan.points[2].raw == "")
    }

    @Test("percentages ending at 100")
    func percents() {
        let plan = SpendingPlan.normalize(months: months, cells: ["25", "50", "75", "100"], budget: 400)
        #expect(plan.form == .percent)
        #expect(plan.points.map(\.cumulative) == [100, 200, 300, 400])
    }

    @Test("amounts above 100 are amounts")
    func amounts() {
        let plan = SpendingPlan.normalize(months: months, cells: ["100.00", "100.00", "300.00", "400.00"], budget: 400)
        #expect(plan.form == .amount)
        #expect(plan.points.last?.cumulative == 400)
    }

    @Test("no values, no plan")
    func empty() {
        #expect(SpendingPlan.normalize(months: months, cells: ["", "", "", ""], budget: 10) == .empty)
    }
}

/// The hand-written date reader against the regular expressions it replaced.
@Suite("Deadline text")
struct DeadlineTextTests {
    static func regexISO(_ s: String) -> (Int?, Int, Int?)? {
        guard let m = s.wholeMatch(of: Patterns.isoDate) else { return nil }
        return (Int(m.1), Int(m.2)!, Int(m.3))
    }

    static func regexChinese(_ s: String) -> (Int?, Int, Int?)? {
        guard let m = s.wholeMatch(of: Patterns.chineseDate) else { return nil }
        return (m.1.flatMap { Int($0) }, Int(m.2)!, m.3.flatMap { Int($0) })
    }

    static func same(_ a: (Int?, Int, Int?)?, _ b: (Int?, Int, Int?)?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?): return x.0 == y.0 && x.1 == y.1 && x.2 == y.2
        default: return false
        }
    }

    @Test("reads what the regular expressions read, on 20,000 generated strings and the usual forms")
    func sameAsRegex() {
        let tokens = ["2026", "12", "1", "5", "31", "123", "0", "-", "/", ".", "年", "月", "日", "底", "末", "份", "前", "之", "以",
                      "内", "完成", "前完成", "之前", "以前", "x", "20261"]
        var rng = Synthesizer.Random(state: 11)
        var samples = ["2026-11-30", "2026/1/5", "2026.12.31日前", "2026年12月底前", "12月31日前", "12月", "2026年12月份", "12月内",
                       "12月前完成", "12月5", "123月", "2026-123-1", "20261-1-1", "12月5日之前", "2026年12月末以前", "2026-1-1以前"]
        let shapes: [[String]] = [
            ["", "2026", "2026年", "20261", "202"], ["", "-", "/", ".", "年"], ["12", "1", "123", "0", ""], ["-", "/", ".", "月", ""],
            ["", "5", "31", "123"], ["", "日", "底", "末", "份", "月"], ["", "前", "之前", "以前", "内", "完成", "前完成", "x", "前前"],
        ]
        for i in 0..<20_000 {
            if i % 2 == 0 {
                samples.append(shapes.map { $0[rng.int($0.count)] }.joined())
            } else {
                samples.append((0..<(1 + rng.int(7))).map { _ in tokens[rng.int(tokens.count)] }.joined())
            }
        }
        var matched = 0
        for s in samples {
            let scalars = Array(s.unicodeScalars)
            #expect(Self.same(DateText.iso(scalars), Self.regexISO(s)), "iso: \(s)")
            #expect(Self.same(DateText.chinese(scalars), Self.regexChinese(s)), "chinese: \(s)")
            if Self.regexISO(s) != nil || Self.regexChinese(s) != nil { matched += 1 }
        }
        #expect(matched > 100)  // the generator reaches the interesting cases
    }
}
