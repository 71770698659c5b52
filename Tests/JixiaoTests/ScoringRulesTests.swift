import Foundation
import JixiaoEngine
import JixiaoModel
import Testing

/// RULES.md §4 and §10: indicator scores, computed by hand.
@Suite("Indicator scoring (RULES.md §4, §10)")
struct ScoringRulesTests {
    func d(_ s: String) -> Decimal { Decimal(string: s)! }

    func score(_ target: String, _ actual: String, w: Decimal = 10, level2: String = "数量指标", name: String = "完成率",
               profile: Profile = .national2020, reason: String = "") -> IndicatorResult {
        let indicator = Indicator(level1: "产出指标", level2: level2, level3: name, target: TargetParser.parse(target, isCost: level2 == "成本指标"))
        return IndicatorScorer(profile: profile, year: 2026).score(indicator, owner: "P", weight: w, basis: .equalSplit, actual: actual, reason: reason)
    }

    @Test("the worked examples of RULES.md §10", arguments: [
        ("≥90%", "85%", "10", "9.44"),
        ("71256米", "71256米", "10", "10"),
        ("≤500万元", "600万元", "10", "8"),
        ("≤500万元", "999万元", "10", "0.02"),
        ("=100%", "95%", "10", "9.5"),
        ("0起", "1起", "5", "0"),
        ("有效改善", "部分达成", "10", "7"),
    ])
    func workedExamples(target: String, actual: String, w: String, expected: String) {
        #expect(score(target, actual, w: d(w), name: target == "0起" ? "安全事故" : "完成率").score == d(expected))
    }

    @Test("funds: budget 120, executed 108 → 9.00")
    func fundsExample() {
        let dept = Department(code: "D", name: "D", year: 2026, projects: [Project(code: "P", name: "P", budget: 120, indicators: [
            Indicator(level1: "产出指标", level2: "数量指标", level3: "完成率", target: TargetParser.parse("≥90%")),
        ])])
        let actuals = [
            RecordedActual(departmentCode: "D", year: 2026, key: IndicatorKey(ownerCode: "P", level1: "项目资金", level2: "年度资金总额", level3: "全年执行数"), value: "108"),
        ]
        let r = Scorer().score(dept, actuals: actuals)
        #expect(r.projects[0].funds.rate == d("0.9"))
        #expect(r.projects[0].funds.score == 9)
    }

    @Test("≥ and >: a ≥ t full, else w × a / t")
    func upper() {
        #expect(score("≥90%", "90%").score == 10)
        #expect(score(">90%", "95%").score == 10)
        #expect(score(">90%", "45%").score == 5)
        #expect(score("≥90%", "0%").score == 0)
    }

    @Test("≤ linear: a = t full; t < a < 2t linear; a = 2t and beyond 0")
    func lowerLinear() {
        #expect(score("≤500万元", "500万元").score == 10)
        #expect(score("≤500万元", "400万元").score == 10)
        #expect(score("≤500万元", "750万元").score == 5)
        #expect(score("≤500万元", "1000万元").score == 0)
        #expect(score("≤500万元", "2000万元").score == 0)
        #expect(score("<500万元", "600万元").score == 8)
    }

    @Test("≤ ratio (20 + 80 layout): w × t / a")
    func lowerRatio() {
        var p = Profile.national2020
        p.reverse = .ratio
        #expect(score("≤500万元", "600万元", profile: p).score == d("8.33"))
        #expect(score("≤500万元", "1000万元", profile: p).score == 5)
        #expect(score("≤500万元", "400万元", profile: p).score == 10)
    }

    @Test("= two-sided: w × max(0, 1 − |a − t| / t)")
    func equalTwoSided() {
        var p = Profile.national2020
        p.equal = .twoSided
        #expect(score("=100%", "95%", profile: p).score == d("9.5"))
        #expect(score("=100%", "105%", profile: p).score == d("9.5"))
        #expect(score("=100%", "250%", profile: p).score == 0)
        #expect(score("=100%", "105%").score == 10)  // one-sided by default
    }

    @Test("t = 0: a ≤ 0 full, otherwise 0")
    func zeroTarget() {
        #expect(score("0起", "0起", w: 5, name: "安全事故").score == 5)
        #expect(score("≤0起", "2起", w: 5, name: "安全事故").score == 0)
        #expect(score("0起", "-1起", w: 5, name: "安全事故").score == 5)
    }

    @Test("t = 0 by comparator (RULES.md §4 corrected): ≥0 is met by any result, with R01; ≤0, =0 and 0起 need a ≤ 0; >0 needs a > 0")
    func zeroTargetByComparator() {
        // The issue's case: 95 % against "≥0%" scored 0 under the old table.
        let atLeast = score("≥0%", "95%")
        #expect(atLeast.score == 10)
        #expect(atLeast.findings.map(\.code.rawValue) == ["R01"])
        #expect(atLeast.findings[0].message.contains("任何结果都能达到"))
        #expect(score("≥0%", "0%").score == 10)
        #expect(score("≥0个", "-3个").score == 10)  // a negative actual counts as 0, and 0 ≥ 0
        #expect(score("不低于0个", "7个").score == 10)
        #expect(score("≤0起", "0起", w: 5, name: "安全事故").score == 5)
        #expect(score("=0起", "1起", w: 5, name: "安全事故").score == 0)
        #expect(score("=0起", "0起", w: 5, name: "安全事故").findings.isEmpty)
        #expect(score("0起", "3起", w: 5, name: "安全事故").score == 0)  // no comparator: as ≤
        #expect(score(">0个", "1个").score == 10)
        #expect(score(">0个", "0个").score == 0)
    }

    @Test("negative actuals count as 0; a score never exceeds w")
    func clamps() {
        #expect(score("≥90%", "-5%").score == 0)
        #expect(score("≥90%", "300%").score == 10)
    }

    @Test("qualitative tiers: defaults, given scores, the 0.8w boundary")
    func tiers() {
        #expect(score("有效改善", "达成").score == 10)
        #expect(score("有效改善", "未达成").score == 3)
        #expect(score("有效改善", "达成 8").score == 8)          // exactly 0.8w, top tier
        #expect(score("有效改善", "部分达成 6").score == 6)      // exactly 0.6w, middle tier
        #expect(score("有效改善", "部分达成", w: d("15")).score == d("10.5"))
    }

    @Test("deadlines: on or before full, later the 未达成 default")
    func deadlines() {
        #expect(score("2026年12月底前", "2026-12-31").score == 10)
        #expect(score("2026年12月底前", "2026-11-30").score == 10)
        #expect(score("2026年12月底前", "2027-01-15").score == 3)
        #expect(score("12月31日前", "2026-12-31").score == 10)
        #expect(score("2026年12月底前", "部分达成").score == 7)
    }

    @Test("over-achievement: a finding; fixed −2; deviation only with D08")
    func overachievement() {
        let plain = score("≥90%", "125%")
        #expect(plain.score == 10)
        #expect(plain.deduction == 0)
        #expect(plain.findings.contains { $0.code == .r10 && $0.severity == .warning })
        #expect(score("≥90%", "125%", reason: "D08 目标值设定偏低").findings.contains { $0.code == .r10 && $0.severity == .note })
        #expect(!score("≥90%", "116%").findings.contains { $0.code == .r10 })  // 116/90 < 1.3
        var fixed = Profile.national2020
        fixed.overachievement = .fixed
        let f = score("≥90%", "125%", profile: fixed)
        #expect(f.deduction == 2)
        #expect(f.score == 8)
        var deviation = Profile.national2020
        deviation.overachievement = .deviation
        // a/t = 2: w × max(0.6, 1 − (2 − 1.3)) = 10 × 0.6 = 6.
        #expect(score("2座", "4座", name: "泵站", profile: deviation, reason: "目标值设定偏低").score == 6)
        #expect(score("2座", "4座", name: "泵站", profile: deviation, reason: "其他原因").score == 10)
    }

    @Test("a lost point without a reason is R10; with a reason it is not")
    func missingReason() {
        #expect(score("≥90%", "85%").findings.contains { $0.code == .r10 })
        #expect(!score("≥90%", "85%", reason: "受天气影响").findings.contains { $0.code == .r10 })
        #expect(score("≥90%", "85%", reason: "无").findings.contains { $0.code == .r10 })
        #expect(score("有效改善", "部分达成").findings.contains { $0.code == .r10 })
    }

    @Test("rounding: half up to 2 decimals, 1 decimal, integer")
    func rounding() {
        #expect(score("≥90%", "85%").score == d("9.44"))       // 9.444…
        #expect(score("≥90%", "77.625%", w: 9).score == d("7.76"))  // 7.7625 → 7.76
        var one = Profile.national2020
        one.rounding = .halfUp(decimals: 1)
        #expect(score("≥90%", "85%", profile: one).score == d("9.4"))
        var integer = Profile.national2020
        integer.rounding = .halfUp(decimals: 0)
        #expect(score("≥100%", "86%", profile: integer).score == 9)     // 86 % of 10 → 9
        #expect(score("≥100%", "86.2%", profile: integer).score == 9)   // 8.62 → 9
        #expect(score("≥100%", "84.9%", profile: integer).score == 8)
    }
}

/// RULES.md §3, §5–7: points, funds, totals, grades, the department.
@Suite("Projects and departments (RULES.md §3, §5–7)")
struct ProjectScoringTests {
    func d(_ s: String) -> Decimal { Decimal(string: s)! }
    func i(_ l1: String, _ l2: String, _ name: String, _ target: String) -> Indicator {
        Indicator(level1: l1, level2: l2, level3: name, target: TargetParser.parse(target, isCost: l2 == "成本指标"))
    }
    func actual(_ owner: String, _ l1: String, _ l2: String, _ l3: String, _ value: String, reason: String = "", points: Decimal? = nil) -> RecordedActual {
        RecordedActual(departmentCode: "D", year: 2026, key: IndicatorKey(ownerCode: owner, level1: l1, level2: l2, level3: l3), value: value, points: points, reason: reason)
    }
    func funds(_ owner: String, executed: String, budget: String? = nil, reason: String = "") -> [RecordedActual] {
        var list = [actual(owner, "项目资金", "年度资金总额", "全年执行数", executed, reason: reason)]
        if let budget { list.append(actual(owner, "项目资金", "年度资金总额", "全年预算数", budget)) }
        return list
    }

    var project: Project {
        Project(code: "P", name: "项目", budget: 100, goal: "建设3座泵站", plan: SpendingPlan.normalize(months: [3, 6, 10, 12], cells: ["25", "50", "75", "100"], budget: 100), indicators: [
            i("产出指标", "数量指标", "泵站", "3座"),
            i("产出指标", "质量指标", "合格率", "≥95%"),
            i("产出指标", "成本指标", "总成本", "≤100万元"),
            i("效益指标", "社会效益指标", "受益率", "≥90%"),
            i("满意度指标", "服务对象满意度指标", "满意度", "≥90%"),
        ])
    }

    @Test("points split equally inside each level-1 and sum to 100")
    func equalSplit() {
        let a = PointsAllocation.allocate(project.indicators, profile: .national2020)
        #expect(a.indicators == [d("16.67"), d("16.67"), d("16.66"), 30, 10])
        #expect(a.indicators.reduce(a.funds, +) == 100)
    }

    @Test("no 满意度 category → its points rescaled over the others, with R13")
    func rescale() {
        var p = project
        p.indicators.removeLast()
        let a = PointsAllocation.allocate(p.indicators, profile: .national2020)
        #expect(a.missingCategories == [.satisfaction])
        #expect(a.categoryPoints[.output] == d("56.25"))   // 50 × 90 / 80
        #expect(a.categoryPoints[.benefit] == d("33.75"))  // 30 × 90 / 80
        var zero = Profile.national2020
        zero.missing = .zero
        #expect(PointsAllocation.allocate(p.indicators, profile: zero).categoryPoints[.output] == 50)
        let r = Scorer().score(p, year: 2026, actuals: Dictionary(uniqueKeysWithValues: funds("P", executed: "100").map { ($0.key, $0) }))
        #expect(r.findings.contains { $0.code == .r13 })
    }

    @Test("explicit weights override the split")
    func explicitWeights() {
        let a = PointsAllocation.allocate(project.indicators, explicit: [20, 20, 10, 30, 10], profile: .national2020)
        #expect(a.indicators == [20, 20, 10, 30, 10])
        #expect(a.basis.allSatisfy { $0 == .explicit })
    }

    func scored(_ actuals: [RecordedActual], profile: Profile = .national2020) -> ProjectResult {
        Scorer(profile: profile).score(project, year: 2026, actuals: Dictionary(actuals.map { ($0.key, $0) }, uniquingKeysWith: { $1 }))
    }

    var allMet: [RecordedActual] {
        [actual("P", "产出指标", "数量指标", "泵站", "3座"), actual("P", "产出指标", "质量指标", "合格率", "96%"),
         actual("P", "产出指标", "成本指标", "总成本", "98万元"), actual("P", "效益指标", "社会效益指标", "受益率", "91%"),
         actual("P", "满意度指标", "服务对象满意度指标", "满意度", "92%")]
    }

    @Test("total = funds + Σ rounded scores; grade bands")
    func total() {
        let r = scored(allMet + funds("P", executed: "95"))
        #expect(r.funds.score == d("9.5"))
        // 9.5 + 16.67 + 16.67 + 16.66 + 30 + 10.
        #expect(r.total == d("99.5"))
        #expect(r.grade == "优")
        #expect(Profile.national2020.grade(for: 90) == "优")
        #expect(Profile.national2020.grade(for: d("89.99")) == "良")
        #expect(Profile.national2020.grade(for: 60) == "中")
        #expect(Profile.national2020.grade(for: d("59.99")) == "差")
    }

    @Test("no actuals at all → 未评价, never 差")
    func notEvaluated() {
        let r = scored([actual("P", "项目资金", "年度资金总额", "全年预算数", "100")])
        #expect(r.status == .notEvaluated)
        #expect(r.grade == "未评价")
    }

    @Test("budget 0 is an error for that project")
    func zeroBudget() {
        let r = scored(allMet + funds("P", executed: "10", budget: "0"))
        #expect(r.funds.score == 0)
        #expect(r.allFindings.contains { $0.code == .r14 && $0.severity == .error })
    }

    @Test("executed above budget: full points and a finding")
    func overspent() {
        let r = scored(allMet + funds("P", executed: "110"))
        #expect(r.funds.score == 10)
        #expect(r.allFindings.contains { $0.code == .r14 })
        #expect(r.allFindings.contains { $0.code == .r10 })
        #expect(!scored(allMet + funds("P", executed: "110", reason: "D06 年中追加")).allFindings.contains { $0.code == .r10 })
    }

    @Test("the adjusted 全年预算数 is used; cut down to equal the executed amount is R09")
    func adjustedBudget() {
        let r = scored(allMet + funds("P", executed: "80", budget: "80"))
        #expect(r.funds.rate == 1)
        #expect(r.allFindings.contains { $0.code == .r09 })
    }

    @Test("execution below 90 % without a reason is R14; execution caps of the 一体化 manual")
    func executionCaps() {
        #expect(scored(allMet + funds("P", executed: "75")).allFindings.contains { $0.code == .r14 && $0.severity == .warning })
        var caps = Profile.national2020
        caps.executionCaps = [(d("0.5"), 59), (d("0.6"), 69), (d("0.7"), 79), (d("0.8"), 89)]
        let r = scored(allMet + funds("P", executed: "75"), profile: caps)
        #expect(r.uncapped == d("97.5"))
        #expect(r.cap == 89)
        #expect(r.total == 89)
        #expect(r.grade == "良")
        #expect(scored(allMet + funds("P", executed: "45"), profile: caps).total == 59)
        #expect(scored(allMet + funds("P", executed: "85"), profile: caps).cap == nil)
    }

    @Test("the department: own score and the budget-weighted project average")
    func department() {
        let a = project
        var b = project
        b.code = "Q"
        b.budget = 300
        let dept = Department(code: "D", name: "部门", year: 2026, goals: [i("产出指标", "质量指标", "完好率", "≥95%")], projects: [a, b, {
            var c = project
            c.code = "R"
            return c
        }()])
        var actuals = allMet + funds("P", executed: "100")
        actuals += allMet.map { var x = $0; x.key.ownerCode = "Q"; return x } + funds("Q", executed: "150")
        actuals.append(actual("D", "产出指标", "质量指标", "完好率", "95%"))
        let r = Scorer().score(dept, actuals: actuals)
        let p = r.projects[0].total, q = r.projects[1].total
        #expect(p == 100)
        #expect(q == 95)  // 150 of 300 executed: 5 + 90
        #expect(r.projects[2].status == .notEvaluated)
        // Weighted by budget over graded projects only.
        #expect(r.weightedProjectScore == Decimals.round((p * 100 + q * 300) / 400, scale: 2))
        // Execution rate over projects with an execution: (100 + 150) / (100 + 300).
        #expect(r.executionRate == d("0.625"))
        #expect(r.ownFunds.score == d("6.25"))
        // Own table: 6.25 + the one goal (all 90 points after rescaling) met.
        #expect(r.ownScore == d("96.25"))
        #expect(r.ownGrade == "优")
        #expect(r.gradeCounts.last! == ("未评价", 1))
    }

    @Test("target checks: R04 with Chinese numerals, R05, R12, R15")
    func targetChecks() {
        var p = project
        p.goal = "配套建设四座泵站"
        p.indicators[2] = i("产出指标", "成本指标", "总成本", "≥100万元")
        p.plan = SpendingPlan.normalize(months: [3, 6, 10, 12], cells: ["50", "40", "90", "95"], budget: 100)
        let allocation = PointsAllocation.allocate(p.indicators, explicit: [40, 5, 5, 30, 10], profile: .national2020)
        let findings = TargetChecks.project(p, allocation: allocation, profile: .national2020)
        #expect(findings.contains { $0.code == .r04 && $0.message.contains("四座") })
        #expect(findings.contains { $0.code == .r05 && $0.message.contains("≤100万元") })
        #expect(findings.contains { $0.code == .r12 && $0.indicator == "泵站" })
        #expect(findings.filter { $0.code == .r15 }.count == 2)
        #expect(ChineseNumerals.value("四") == 4)
        #expect(ChineseNumerals.value("十二") == 12)
        #expect(ChineseNumerals.value("两千三百") == 2300)
        #expect(ChineseNumerals.value("一万零五百") == 10500)
        #expect(ChineseNumerals.quantities(in: "每座泵站内设3台工作泵", units: ["座", "台"]).map(\.phrase) == ["3台"])
        let found = ChineseNumerals.quantities(in: "新建两千三百米管网、1,200.5平方米绿地，第三期配套四座泵站", units: ["米", "平方米", "座"])
        #expect(found.map(\.phrase) == ["两千三百米", "1,200.5平方米", "四座"])
        #expect(found.map(\.value) == [2300, Decimal(string: "1200.5")!, 4])
        #expect(ChineseNumerals.quantities(in: "全年12个月", units: ["座"]).isEmpty)
    }
}
