import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoReports
import Testing

/// Mid-year monitoring (绩效运行监控): the plan at a month, the lights, indicators' pace, the
/// profile's execution-lag deduction and the validation of spending rows.
@Suite("Monitoring")
struct MonitorTests {
    static let seed = try! TestSupport.readSeed().department
    static func d(_ s: String) -> Decimal { TestSupport.decimal(s) }

    /// A project of budget 100 planned 25 / 50 / 75 / 100 % (fractions).
    static func project(budget: Decimal = 100, indicators: [Indicator] = []) -> Project {
        Project(code: "P1", name: "测试项目", budget: budget,
                plan: SpendingPlan.normalize(months: [3, 6, 10, 12], cells: ["0.25", "0.50", "0.75", "1.00"], budget: budget), indicators: indicators)
    }

    static func spent(_ amounts: [Int: String], code: String = "P1") -> [ProgressEntry] {
        amounts.map { .spending(departmentCode: "D", year: 2026, projectCode: code, month: $0.key, amount: d($0.value)) }
    }

    @Test("the plan at a month: linear between 3/6/10/12 from 0 at month 0, on the seed's fractions")
    func interpolationFractions() throws {
        let p = Self.seed.projects[0]  // 城管综合治理: 19 万元, 0.25 / 0.50 / 0.75 / 1.00
        #expect(p.plan.form == .fraction)
        #expect(p.budget == 19)
        #expect(Monitor.planned(p.plan, month: 3) == Self.d("4.75"))
        #expect(Monitor.planned(p.plan, month: 6) == Self.d("9.5"))
        // Between 6月底 (9.5) and 10月底 (14.25): two of four months.
        #expect(Monitor.planned(p.plan, month: 8) == Self.d("11.875"))
        #expect(Monitor.planned(p.plan, month: 12) == 19)
        // Before 3月底: from 0 at month 0.
        #expect(Monitor.planned(p.plan, month: 0) == 0)
        #expect(Monitor.planned(p.plan, month: 7) == Self.d("10.6875"))
    }

    @Test("the plan at a month on the seed's amounts (a blank point repeats the previous amount)")
    func interpolationAmounts() throws {
        let p = try #require(Self.seed.projects.first { $0.plan.form == .amount && $0.plan.points.first?.raw == "10498.86" })
        #expect(Monitor.planned(p.plan, month: 3) == Self.d("10498.86"))
        #expect(Monitor.planned(p.plan, month: 6) == Self.d("20997.72"))
        // Month 4: a third of the way from 10498.86 to 20997.72.
        #expect(Monitor.planned(p.plan, month: 4) == Self.d("10498.86") + Self.d("10498.86") / 3)
        #expect(Monitor.planned(p.plan, month: 9) == Self.d("20997.72"))
        #expect(Monitor.planned(SpendingPlan.empty, month: 6) == nil)
    }

    @Test("序时进度 is M/12", arguments: [(3, "25"), (6, "50"), (12, "100")])
    func timeRate(month: Int, expected: String) {
        #expect(Monitor.timeRate(month: month) == Self.d(expected))
    }

    @Test("lights at the thresholds: exactly 10 points behind is 绿, just past is 黄; exactly 20 黄, just past 红",
          arguments: [("40", Light.green), ("39.99", .yellow), ("30", .yellow), ("29.99", .red), ("50", .green), ("60", .green)])
    func lights(actual: String, light: Light) {
        let m = Monitor.project(Self.project(), month: 6, entries: Self.spent([6: actual]), rules: .standard)
        #expect(m.planned == 50)
        #expect(m.spendingLight == light)
        #expect(m.light == light)
        #expect(m.gap == 50 - Self.d(actual))
    }

    @Test("a profile's thresholds move the lights")
    func thresholds() {
        let rules = MonitorRules(yellow: 5, red: 15)
        #expect(Monitor.project(Self.project(), month: 6, entries: Self.spent([6: "44"]), rules: rules).light == .yellow)
        #expect(Monitor.project(Self.project(), month: 6, entries: Self.spent([6: "34"]), rules: rules).light == .red)
    }

    @Test("the latest row at or before the month counts; none means no light")
    func latestRow() {
        let m = Monitor.project(Self.project(), month: 7, entries: Self.spent([3: "10", 6: "45", 10: "80"]), rules: .standard)
        #expect(m.asOf == 6)
        #expect(m.actual == 45)
        #expect(m.spent.map(\.month) == [3, 6])
        let none = Monitor.project(Self.project(), month: 2, entries: Self.spent([3: "10"]), rules: .standard)
        #expect(none.light == nil)
        #expect(none.actual == nil)
    }

    @Test("an indicator that cannot be reached at the current pace turns the project 红")
    func unreachable() {
        let target = TargetParser.parse("≥12座")
        let indicator = Indicator(level1: "产出指标", level2: "数量指标", level3: "新建泵站", target: target)
        let p = Self.project(indicators: [indicator])
        func at(_ value: String) -> ProjectMonitor {
            let e = ProgressEntry(departmentCode: "D", year: 2026, key: IndicatorKey(ownerCode: "P1", indicator: indicator), month: 6, value: value)
            return Monitor.project(p, month: 6, entries: Self.spent([6: "50"]) + [e], rules: .standard)
        }
        // 5 座 by 6月底: 10 at the current pace, short of 12.
        let short = at("5座")
        #expect(short.spendingLight == .green)
        #expect(short.indicators.first?.projected == 10)
        #expect(short.indicators.first?.reachable == false)
        #expect(short.light == .red)
        #expect(short.note.contains("新建泵站"))
        // 6 座: exactly 12 at the current pace.
        let enough = at("6")
        #expect(enough.indicators.first?.reachable == true)
        #expect(enough.light == .green)
        // A ceiling already passed cannot be met; a percent target is not judged by pace.
        let ceiling = Indicator(level1: "产出指标", level2: "成本指标", level3: "运行成本", target: TargetParser.parse("≤100万元", isCost: true))
        #expect(Monitor.progress(ceiling, value: "120万元", month: 6).reachable == false)
        #expect(Monitor.progress(ceiling, value: "80", month: 6).reachable == true)
        let rate = Indicator(level1: "满意度指标", level2: "服务对象满意度指标", level3: "满意度", target: TargetParser.parse("≥90%"))
        #expect(Monitor.progress(rate, value: "40%", month: 6).reachable == nil)
    }

    @Test("the department sums its projects' spending")
    func department() {
        var d = Self.seed
        d.projects = [Self.project(), { var p = Self.project(budget: 300); p.code = "P2"; return p }()]
        let m = Monitor.department(d, month: 6, entries: Self.spent([6: "50"]) + Self.spent([6: "60"], code: "P2"), rules: .standard)
        #expect(m.budget == 400)
        #expect(m.planned == 200)
        #expect(m.actual == 110)
        #expect(m.gap == Self.d("22.5"))
        #expect(m.light == .red)
        #expect(m.count(.green) == 1 && m.count(.red) == 1)
    }

    static let lagYAML = """
        name: lag-test
        points: {funds: 10, output: 50, benefit: 30, satisfaction: 10}
        monitoring:
          yellow: 10
          red: 20
          lag_deduction: {months: [6, 10], points: 2, against: time}
        """

    @Test("the execution-lag deduction, hand-computed: 40 % at 6月底 (< 50 %) costs 2 of the 10 points; 85 % at 10月底 (≥ 83.33 %) nothing")
    func lagDeduction() throws {
        let profile = try ProfileLoader.load(yaml: Self.lagYAML, source: "lag.yaml")
        #expect(profile.monitoring.lag == LagDeduction(months: [6, 10], points: 2, against: .time))
        let p = Self.seed.projects[0]  // 19 万元
        let actuals = [RecordedActual(departmentCode: Self.seed.code, year: 2026, key: .funds(p.code, SpecialRow.executed), value: "19")]
        let spending = [p.code: [6: Self.d("7.6"), 10: Self.d("16.15")]]
        var scorer = Scorer(profile: profile)
        scorer.spending = spending
        let lagged = scorer.score(p, year: 2026, actuals: Dictionary(uniqueKeysWithValues: actuals.map { ($0.key, $0) }))
        // rate 19 / 19 = 100 % → 10 points; 6月底 7.6 / 19 = 40 % < 50 % → −2; 10月底 85 % ≥ 83.33 %.
        #expect(lagged.funds.score == 8)
        #expect(lagged.funds.lag?.lagging.map(\.month) == [6])
        #expect(lagged.funds.steps.last?.contains("扣 2") == true)
        // national-2020 has no deduction: the same spending changes nothing.
        var national = Scorer(profile: .national2020)
        national.spending = spending
        let plain = national.score(p, year: 2026, actuals: Dictionary(uniqueKeysWithValues: actuals.map { ($0.key, $0) }))
        #expect(plain.funds.score == 10)
        #expect(plain.funds.lag == nil)
        #expect(plain.uncapped - lagged.uncapped == 2)
        // Lagging at both months: 4 points; never more than the block's score.
        let both = Monitor.lag(p, spending: [6: 1, 10: 2], rules: profile.monitoring, fundsScore: 10)
        #expect(both?.points == 4)
        #expect(Monitor.lag(p, spending: [6: 1, 10: 2], rules: profile.monitoring, fundsScore: 3)?.points == 3)
        // No spending rows: not checked.
        #expect(Monitor.lag(p, spending: [:], rules: profile.monitoring, fundsScore: 10) == nil)
        #expect(Profile.national2020.monitoring == .standard)
    }

    @Test("monitoring settings are validated: unknown keys and thresholds out of order are refused with their line")
    func profileErrors() {
        let bad = Self.lagYAML.replacingOccurrences(of: "red: 20", with: "red: 5\n  orange: 3")
        #expect(throws: InputError.self) { try ProfileLoader.load(yaml: bad, source: "bad.yaml") }
        do {
            _ = try ProfileLoader.load(yaml: bad, source: "bad.yaml")
        } catch let error as InputError {
            #expect(error.description.contains("monitoring.orange"))
            #expect(error.description.contains("yellow ≤ red"))
        } catch {}
    }

    // MARK: - reading and validating spending rows

    static func rows(_ csv: String) throws -> [ProgressRow] {
        try #require(try ProgressCSV.rows(CSVParser.parse(csv), fileName: "spending.csv"))
    }

    @Test("the csv: 元 and 万元 columns, months written as 6 / 6月底 / 2026-06")
    func csvUnits() throws {
        let code = Self.seed.projects[0].code
        let wan = try Self.rows("项目编码,月份,累计支出（万元）\n\(code),3月底,\"1,000.5\"\n\(code),2026-06,2000\n")
        let yuan = try Self.rows("项目名称,项目编码,月份,累计支出(元),偏差原因及纠偏措施\n城管,\(code),6,95000,招标延后\n")
        let v = ProgressValidator(year: 2026, departments: [Self.seed])
        let a = try v.validate(wan, stored: [])
        #expect(a.map(\.month) == [3, 6])
        #expect(a.map(\.amount) == [Self.d("1000.5"), 2000])
        let b = try v.validate(yuan, stored: [])
        #expect(b.first?.amount == Self.d("9.5"))
        #expect(b.first?.reason == "招标延后")
        #expect(b.first?.source?.description == "spending.csv:2")
        // An actuals file is not a monitoring file.
        #expect(try ProgressCSV.rows(CSVParser.parse("项目编码,项目名称,一级指标,二级指标,三级指标,年度指标值,实际完成值\n"), fileName: "a.csv") == nil)
    }

    @Test("bad rows are refused all at once, each with its file:line")
    func badRows() throws {
        let code = Self.seed.projects[0].code
        let csv = """
            项目编码,月份,累计支出（万元）
            \(code),3,5
            \(code),6,4
            \(code),13,9
            OTHER2025,6,1
            NOPE,6,1
            \(code),10,-1
            """
        let v = ProgressValidator(year: 2026, departments: [Self.seed], otherYears: ["OTHER2025": [2025]])
        do {
            _ = try v.validate(try Self.rows(csv), stored: [])
            Issue.record("bad rows were accepted")
        } catch let error as InputError {
            let lines = error.diagnostics.map { $0.location?.description ?? "" }
            #expect(lines.contains("spending.csv:3"), "decreasing: \(error)")
            #expect(lines.contains("spending.csv:4"), "month 13")
            #expect(lines.contains("spending.csv:5"), "another year's project")
            #expect(lines.contains("spending.csv:6"), "unknown project")
            #expect(lines.contains("spending.csv:7"), "negative amount")
            #expect(error.description.contains("逐月减少"))
            #expect(error.description.contains("属于 2025 年度"))
            #expect(error.description.contains("不在 1–12"))
        }
    }

    @Test("a file's row lower than a stored earlier month is refused too")
    func decreasingAgainstStored() throws {
        let code = Self.seed.projects[0].code
        let stored = [ProgressEntry.spending(departmentCode: Self.seed.code, year: 2026, projectCode: code, month: 6, amount: 10)]
        let v = ProgressValidator(year: 2026, departments: [Self.seed])
        #expect(throws: InputError.self) { try v.validate(try Self.rows("项目编码,月份,累计支出\n\(code),10,8\n"), stored: stored) }
        // The same file correcting 6月底 too is fine.
        #expect(try v.validate(try Self.rows("项目编码,月份,累计支出\n\(code),6,7\n\(code),10,8\n"), stored: stored).count == 2)
        // A 年度 column naming another year.
        #expect(throws: InputError.self) { try v.validate(try Self.rows("年度,项目编码,月份,累计支出\n2025,\(code),6,7\n"), stored: []) }
    }

    @Test("the year-end report quotes the 6月底 / 10月底 lights and reasons only where there is monitoring")
    func reportQuotes() {
        let result = Scorer().score(Self.seed, actuals: [])
        var report = EvaluationReport(year: 2026, profile: .national2020, departments: [result])
        let before = DepartmentReport(result, report: report)
        #expect(!before.headings.contains { $0.contains("运行监控") })
        let platform = Self.seed.projects.last!  // 危化品车辆管理平台系统建设, plan 240 at 6月底, 360 at 10月底
        let entries = [ProgressEntry.spending(departmentCode: Self.seed.code, year: 2026, projectCode: platform.code, month: 6, amount: 130, reason: "政府采购流程延后"),
                       ProgressEntry.spending(departmentCode: Self.seed.code, year: 2026, projectCode: platform.code, month: 10, amount: 195, reason: "供应商未按期交付")]
        report.monitoring[Self.seed.code] = [6, 10].map { Monitor.department(Self.seed, month: $0, entries: entries, rules: .standard) }
        let after = DepartmentReport(result, report: report)
        #expect(after.headings.contains("三、运行监控"))
        let text = after.text(markdown: false)
        #expect(text.contains("10月底：执行进度"))
        #expect(text.contains("供应商未按期交付"))
        let narrative = NarrativeReport(result, report: report).chapters.flatMap(\.paragraphs).joined(separator: "\n")
        #expect(narrative.contains("10月底运行监控"))
        #expect(narrative.contains("“危化品车辆管理平台系统建设”红灯"))
        #expect(!NarrativeReport(result, report: EvaluationReport(year: 2026, profile: .national2020, departments: [result])).chapters.flatMap(\.paragraphs).joined().contains("运行监控"))
    }
}
