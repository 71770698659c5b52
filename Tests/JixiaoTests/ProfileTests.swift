import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import Testing

/// The shipped rule profiles and profile validation.
@Suite("Rule profiles")
struct ProfileTests {
    static let weights = TestSupport.root.appendingPathComponent("Weights")

    static func load(_ name: String) throws -> Profile {
        try ProfileLoader.load(yaml: String(contentsOf: weights.appendingPathComponent("\(name).yaml"), encoding: .utf8), source: "\(name).yaml")
    }

    @Test("every shipped profile loads and validates", arguments: ["national-2020", "sichuan-10-90", "hubei-20-80", "yitihua-manual", "hebei-integer"])
    func shipped(name: String) throws {
        let p = try Self.load(name)
        #expect(p.name == name)
        #expect(p.categoryPoints.values.reduce(p.fundsPoints, +) == 100)
        #expect(p.contentHash.count == 64)
        #expect(!p.source.isEmpty)
    }

    @Test("national-2020.yaml is the built-in default, rule for rule")
    func nationalMatchesBuiltIn() throws {
        #expect(try Self.load("national-2020").rules == Profile.national2020.rules)
    }

    @Test("each shipped profile's distinctive rule")
    func distinctive() throws {
        let sichuan = try Self.load("sichuan-10-90")
        #expect(sichuan.split == .indicator)
        let hubei = try Self.load("hubei-20-80")
        #expect(hubei.fundsPoints == 20)
        #expect(hubei.reverse == .ratio)
        #expect(hubei.partial.low == Decimal(string: "0.5"))
        let manual = try Self.load("yitihua-manual")
        #expect(manual.overachievement == .fixed)
        #expect(manual.executionCaps.map(\.cap) == [59, 69, 79, 89])
        let hebei = try Self.load("hebei-integer")
        #expect(hebei.rounding == .halfUp(decimals: 0))
    }

    /// A project of 5 indicators (budget 100, executed 95; 85 of 100个; 88 against ≤80万元; 95 % ≥ 90 %;
    /// 达成; 92 % ≥ 90 %) scored under each profile, against totals computed by hand.
    @Test("the same project under each profile", arguments: [
        ("national-2020", "93.25"),   // 9.5 + 25×0.85 + 25×(160−88)/80 + 15 + 15 + 10 = 9.5 + 21.25 + 22.5 + 40
        ("sichuan-10-90", "95"),      // 90/5 = 18 each: 9.5 + 15.3 + 16.2 + 18 × 3
        ("hubei-20-80", "94.18"),     // 20 × 0.95 + 20×0.85 + 20×80/88 (18.18) + 15 + 15 + 10
        ("yitihua-manual", "93.25"),  // as national: rate 95 % is not capped, 95/90 is not over 130 %
        ("hebei-integer", "94"),      // 9.5→10, 21.25→21, 22.5→23, 15, 15, 10
    ])
    func sameProjectEachProfile(name: String, expected: String) throws {
        let profile = try Self.load(name)
        let p = Project(code: "P", name: "P", budget: 100, indicators: [
            Indicator(level1: "产出指标", level2: "数量指标", level3: "完成数", target: TargetParser.parse("100个")),
            Indicator(level1: "产出指标", level2: "成本指标", level3: "成本", target: TargetParser.parse("≤80万元", isCost: true)),
            Indicator(level1: "效益指标", level2: "社会效益指标", level3: "受益率", target: TargetParser.parse("≥90%")),
            Indicator(level1: "效益指标", level2: "可持续影响指标", level3: "长效机制", target: TargetParser.parse("有效改善")),
            Indicator(level1: "满意度指标", level2: "服务对象满意度指标", level3: "满意度", target: TargetParser.parse("≥90%")),
        ])
        func a(_ l1: String, _ l2: String, _ l3: String, _ v: String) -> RecordedActual {
            RecordedActual(departmentCode: "D", year: 2026, key: IndicatorKey(ownerCode: "P", level1: l1, level2: l2, level3: l3), value: v, reason: "原因")
        }
        let actuals = [
            a("项目资金", "年度资金总额", "全年执行数", "95"),
            a("产出指标", "数量指标", "完成数", "85个"),
            a("产出指标", "成本指标", "成本", "88万元"),
            a("效益指标", "社会效益指标", "受益率", "95%"),
            a("效益指标", "可持续影响指标", "长效机制", "达成"),
            a("满意度指标", "服务对象满意度指标", "满意度", "92%"),
        ]
        let r = Scorer(profile: profile).score(p, year: 2026, actuals: Dictionary(uniqueKeysWithValues: actuals.map { ($0.key, $0) }))
        #expect(r.total == Decimal(string: expected)!, "\(name): \(r.total)")
    }

    @Test("validation: weights must sum to 100")
    func weightsSum() {
        let yaml = "name: x\npoints:\n  funds: 10\n  output: 50\n  benefit: 30\n  satisfaction: 20\n"
        #expect {
            try ProfileLoader.load(yaml: yaml, source: "x.yaml")
        } throws: { error in
            "\(error)".contains("之和为 110") && "\(error)".contains("x.yaml:3")
        }
    }

    @Test("validation: an unknown key is named with its line")
    func unknownKey() {
        let yaml = "name: x\npoints: {funds: 10, output: 50, benefit: 30, satisfaction: 10}\nroundng:\n  decimals: 2\n"
        #expect {
            try ProfileLoader.load(yaml: yaml, source: "x.yaml")
        } throws: { error in
            "\(error)".contains("未知的键“roundng”") && "\(error)".contains("x.yaml:3")
        }
        let nested = "name: x\npoints: {funds: 10, output: 50, benefit: 30, satisfaction: 10, bonus: 0}\n"
        #expect(throws: InputError.self) { try ProfileLoader.load(yaml: nested, source: "x.yaml") }
    }

    @Test("validation: tier bands must be ordered and contiguous; grades descending; enums checked")
    func bandsAndGrades() {
        let base = "name: x\npoints: {funds: 10, output: 50, benefit: 30, satisfaction: 10}\n"
        let tiers = base + "tiers:\n  achieved: {low: 0.8, high: 1, default: 1}\n  partial: {low: 0.5, high: 0.8, default: 0.7}\n  not_achieved: {low: 0, high: 0.6, default: 0.3}\n"
        #expect(throws: InputError.self) { try ProfileLoader.load(yaml: tiers, source: "x") }
        let grades = base + "grades:\n  - {min: 60, grade: 中}\n  - {min: 90, grade: 优}\n  - {min: 0, grade: 差}\n"
        #expect(throws: InputError.self) { try ProfileLoader.load(yaml: grades, source: "x") }
        let rule = base + "formulas: {reverse: sideways}\n"
        #expect { try ProfileLoader.load(yaml: rule, source: "x") } throws: { "\($0)".contains("linear / ratio") }
        #expect(throws: InputError.self) { try ProfileLoader.load(yaml: "name: [", source: "x") }
        #expect(throws: InputError.self) { try ProfileLoader.load(yaml: "- a\n- b\n", source: "x") }
    }
}

/// Seeded property tests: the score bounds and monotonicity of RULES.md §4.
@Suite("Scoring properties")
struct ScoringPropertyTests {
    /// SplitMix64: a small deterministic generator so failures reproduce.
    typealias Random = Synthesizer.Random

    static let profiles: [Profile] = {
        var ratio = Profile.national2020
        ratio.reverse = .ratio
        var integer = Profile.national2020
        integer.rounding = .halfUp(decimals: 0)
        var two = Profile.national2020
        two.equal = .twoSided
        return [.national2020, ratio, integer, two]
    }()

    func score(_ target: String, _ a: Decimal, w: Decimal, profile: Profile) -> Decimal {
        let indicator = Indicator(level1: "产出指标", level2: "数量指标", level3: "完成率", target: TargetParser.parse(target))
        return IndicatorScorer(profile: profile, year: 2026).score(indicator, owner: "P", weight: w, basis: .equalSplit,
                                                                  actual: Decimals.plain(a) + "个", reason: "x").score
    }

    @Test("0 ≤ score ≤ w for any target and actual")
    func bounds() {
        var rng = Random(state: 20_261_125)
        for _ in 0..<400 {
            let profile = Self.profiles[rng.int(0...3)]
            let comparator = ["≥", ">", "≤", "<", "="][rng.int(0...4)]
            let t = rng.decimal(max: 200)
            let a = rng.decimal(max: 500)
            let w = Decimal(rng.int(1...40))
            let s = score("\(comparator)\(Decimals.plain(t))个", a, w: w, profile: profile)
            #expect(s >= 0 && s <= w, "\(comparator)\(t) a=\(a) w=\(w) → \(s)")
        }
    }

    @Test("a ≥ score never falls as the actual rises; a ≤ score never rises")
    func monotone() {
        var rng = Random(state: 7)
        for _ in 0..<200 {
            let profile = Self.profiles[rng.int(0...2)]
            let t = rng.decimal(max: 100) + 1
            let a1 = rng.decimal(max: 300), a2 = rng.decimal(max: 300)
            let (lo, hi) = (min(a1, a2), max(a1, a2))
            let w = Decimal(rng.int(1...30))
            #expect(score("≥\(Decimals.plain(t))个", lo, w: w, profile: profile) <= score("≥\(Decimals.plain(t))个", hi, w: w, profile: profile))
            #expect(score("≤\(Decimals.plain(t))个", lo, w: w, profile: profile) >= score("≤\(Decimals.plain(t))个", hi, w: w, profile: profile))
        }
    }

    @Test("a project's points sum to 100 for any mix of indicators")
    func pointsSum() {
        var rng = Random(state: 99)
        let levels: [(String, String)] = [("产出指标", "数量指标"), ("产出指标", "成本指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
        for _ in 0..<300 {
            let n = rng.int(1...15)
            let indicators = (0..<n).map { i -> Indicator in
                let (l1, l2) = levels[rng.int(0...3)]
                return Indicator(level1: l1, level2: l2, level3: "指标\(i)", target: TargetParser.parse("≥90%"))
            }
            for profile in [Profile.national2020, { var p = Profile.national2020; p.split = .indicator; return p }()] {
                let a = PointsAllocation.allocate(indicators, profile: profile)
                #expect(a.indicators.reduce(a.funds, +) == 100, "\(indicators.map(\.level1))")
                #expect(a.indicators.allSatisfy { Decimals.round($0, scale: 2) == $0 })
            }
        }
    }
}

extension Synthesizer.Random {
    /// A decimal with two places in [0, max].
    mutating func decimal(max: Int) -> Decimal { Decimal(int(0...(max * 100))) / 100 }
}

/// 基本达成 and the tier words of a profile (issue 15, RULES.md §4).
@Suite("Tier settings")
struct TierProfileTests {
    @Test("基本达成 in every shipped profile: 0.8w by default, [0.8w, w]; a user's score outside it refused; the tier words listed")
    func basicTierBand() throws {
        for name in ["national-2020", "hubei-20-80", "sichuan-10-90", "yitihua-manual", "hebei-integer"] {
            let p = try ProfileTests.load(name)
            #expect(p.basic == Profile.TierBand(low: Decimal(string: "0.8")!, high: 1, defaultFraction: Decimal(string: "0.8")!), "\(name)")
            #expect(p.tierWords.names == ["达成", "基本达成", "部分达成", "未达成"], "\(name)")
        }
        let p = Profile.national2020
        // w = 15: the band [12, 15], default 12.
        #expect(p.isInside(12, tier: .basic, weight: 15))
        #expect(p.isInside(15, tier: .basic, weight: 15))
        #expect(!p.isInside(Decimal(string: "11.99")!, tier: .basic, weight: 15))
        let scorer = IndicatorScorer(profile: p, year: 2026, explains: false)
        let indicator = Indicator(level1: "效益指标", level2: "社会效益指标", level3: "机制建设", target: TargetParser.parse("有效改善"))
        #expect(scorer.score(indicator, owner: "P", weight: 15, basis: .equalSplit, actual: "基本达成", reason: "").score == 12)
        #expect(scorer.score(indicator, owner: "P", weight: 15, basis: .equalSplit, actual: "部分达成", reason: "").score == Decimal(string: "10.5")!)
    }

    @Test("a profile may leave 基本达成 out or set its own words; its band must lie in [0, 1]")
    func tierSettings() throws {
        let base = try String(contentsOf: TestSupport.root.appendingPathComponent("Weights/national-2020.yaml"), encoding: .utf8)
        let without = base.components(separatedBy: "\n").filter { !$0.contains("basic:") }.joined(separator: "\n")
        let p = try ProfileLoader.load(yaml: without, source: "x.yaml")
        #expect(p.basic == nil && !p.tierWords.names.contains("基本达成"))
        let own = base.replacingOccurrences(of: "achieved:     {low: 0.8, high: 1.0, default: 1.0}", with: "achieved:     {low: 0.8, high: 1.0, default: 1.0, words: [达成, 优秀]}")
        #expect(try ProfileLoader.load(yaml: own, source: "x.yaml").tierWords.parse("优秀") == .achieved)
        #expect(try ProfileLoader.load(yaml: base + "\nblanks: zero\n", source: "x.yaml").blanks == .zero)
        #expect(try ProfileLoader.load(yaml: base, source: "x.yaml").blanks == .incomplete)
        let bad = base.replacingOccurrences(of: "basic:        {low: 0.8, high: 1.0, default: 0.8}", with: "basic:        {low: 0.8, high: 1.2, default: 0.8}")
        #expect { try ProfileLoader.load(yaml: bad, source: "x.yaml") } throws: { "\($0)".contains("tiers.basic") }
    }
}
