import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import Testing

/// Issue 14, point 2: amounts, budgets, plans and counts are never negative, and no score leaves
/// [0, 分值], whatever the input.
@Suite("Negative amounts and score bounds")
struct NegativeAmountTests {
    /// One project: 100 万元, a single count indicator (產出 only, so it carries the 90 indicator points).
    static let project = Project(code: "P1", name: "测试项目", budget: 100,
                                 indicators: [Indicator(level1: "产出指标", level2: "数量指标", level3: "建设数量", target: TargetParser.parse("10个"))])

    static func actuals(executed: String) -> Scorer.Actuals {
        let rows = [
            RecordedActual(departmentCode: "D1", year: 2026, key: IndicatorKey.funds("P1", SpecialRow.executed), value: executed),
            RecordedActual(departmentCode: "D1", year: 2026, key: IndicatorKey(ownerCode: "P1", indicator: project.indicators[0]), value: "10个"),
        ]
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0) })
    }

    @Test("a 全年执行数 of −5 scores the funds 0 (as 0 does), not −0.50; the total stays 90.00 优")
    func negativeExecutedScoresZero() {
        let scorer = Scorer(profile: .national2020)
        let zero = scorer.score(Self.project, year: 2026, actuals: Self.actuals(executed: "0"))
        let negative = scorer.score(Self.project, year: 2026, actuals: Self.actuals(executed: "-5"))
        #expect(zero.funds.score == 0)
        #expect(negative.funds.score == 0)  // was −0.50
        #expect(negative.total == 90)        // was 89.50
        #expect(negative.grade == "优")      // was 良
    }

    @Test("a negative 全年预算数 stored by other means is named as negative, not as 0")
    func negativeBudgetFinding() {
        var actuals = Self.actuals(executed: "5")
        let key = IndicatorKey.funds("P1", SpecialRow.budget)
        actuals[key] = RecordedActual(departmentCode: "D1", year: 2026, key: key, value: "-5")
        let result = Scorer(profile: .national2020).score(Self.project, year: 2026, actuals: actuals)
        #expect(result.funds.score == 0)
        let message = try? #require(result.findings.first { $0.code == .r14 }?.message)
        #expect(message?.contains("-5 万元（负数）") == true)
    }

    // MARK: - Recording actuals

    let seed = try! TestSupport.readSeed().department
    func row(_ code: String, _ l1: String, _ l2: String, _ l3: String, _ actual: String, score: String = "", line: Int) -> ActualEntry {
        ActualEntry(ownerCode: code, level1: l1, level2: l2, level3: l3, raw: actual, claimedScoreRaw: score, source: SourceLocation(file: "a.csv", line: line))
    }

    @Test("record refuses negative 全年执行数 / 全年预算数, counts and 得分, each at its line; a negative percent still counts as 0")
    func recordRefusesNegatives() throws {
        let p1 = "13091626P00016110003L", p3 = "13091625P00001910004B"
        let validator = ActualsValidator(departments: [seed])
        let entries = [
            row(p1, "项目资金", "年度资金总额", "全年执行数", "-5", line: 2),
            row(p1, "项目资金", "年度资金总额", "全年预算数", "-19.00", line: 3),
            row(p3, "产出指标", "数量指标", "雨水提升泵站", "-2座", line: 4),       // target 2座: a count
            row(p3, "产出指标", "数量指标", "新建雨水管网", "-71256", line: 5),      // target in 米, the actual without its unit
            row(p1, "满意度指标", "服务对象满意度指标", "满意率", "93%", score: "-1", line: 6),
            row(p1, "产出指标", "时效指标", "完成及时率", "-5%", line: 7),           // a percent: RULES.md §4, counts as 0
        ]
        let error = try #require(throws: InputError.self) { try validator.validate(entries) }
        #expect(error.diagnostics.filter { $0.severity == .error }.map { $0.location?.line } == [2, 3, 4, 5, 6])
        #expect(error.diagnostics[0].message.contains("全年执行数不能为负数，此处为“-5”"))
        #expect(error.diagnostics[2].message.hasPrefix("雨水提升泵站：实际完成值不能为负数"))
        #expect(error.diagnostics[4].message.contains("得分应为非负数字"))
        let percent = try validator.validate([entries[5]])
        #expect(percent.warnings.contains { $0.message.contains("负数，按 0 计") })
    }

    @Test("an actuals xlsx with a negative 全年执行数 is refused naming the sheet and cell")
    func recordXLSXNegative() throws {
        var sheet = XLSXWorkbook.Sheet(name: "填报数据")
        sheet.append(ActualsColumns.all.map { .text($0) })
        sheet.append(["13091626P00016110003L", "城管综合治理", "项目资金", "年度资金总额", "全年执行数", "19.00"].map { XLSXWorkbook.Cell.text($0) }
                     + [.number(-5), .empty(), .empty(), .empty()])
        var book = XLSXWorkbook()
        book.add(sheet)
        let entries = try TemplateWorkbook.readActuals(data: try book.data(), fileName: "a.xlsx")
        #expect(entries[0].raw == "-5")
        let error = try #require(throws: InputError.self) { try ActualsValidator(departments: [seed]).validate(entries) }
        #expect(error.description.hasPrefix("a.xlsx 工作表「填报数据」 单元格 G2: 错误: 全年执行数不能为负数"))
    }

    // MARK: - Importing targets

    @Test("a negative 预算数, 财政资金, plan cell or 分值 in the text layout is refused at its line")
    func textLayoutNegatives() throws {
        var lines = TestSupport.seedText.components(separatedBy: "\n")
        #expect(lines[47] == "\t19.00" && lines[64] == "\t0.50")
        lines[47] = "\t-19.00"   // 预算数, line 48
        lines[49] = "\t-19.00"   // 其中：财政资金, line 50
        lines[64] = "\t-0.50"    // 6月底 of the plan, line 65
        let error = try #require(throws: InputError.self) { try TextLayoutReader(fileName: "budget.txt").read(text: lines.joined(separator: "\n")) }
        #expect(error.diagnostics.map { $0.location?.line } == [48, 50, 65])
        #expect(error.diagnostics[0].description == "budget.txt:48: 错误: 预算数不能为负数，此处为“-19.00”。金额、计划和数量都不能小于 0；调减的预算请直接填写调整后的金额。")
        #expect(error.diagnostics[2].message.hasPrefix("资金支出计划不能为负数"))
    }

    @Test("a negative 预算数 in an xlsx target table is refused naming its sheet and row")
    func xlsxTargetNegative() throws {
        let seedBook = try XLSXReader.read(data: Data(contentsOf: TargetFormatsTests.fixtures.appendingPathComponent("seed.xlsx")), fileName: "seed.xlsx")
        var book = XLSXWorkbook()
        var changed = false
        for source in seedBook {
            var sheet = XLSXWorkbook.Sheet(name: source.name)
            for r in 1...max(1, source.maxRow) {
                var cells = source.row(r, width: max(1, source.maxColumn))
                if !changed, let i = cells.firstIndex(of: "预算数"), i + 1 < cells.count {
                    cells[i + 1] = "-" + cells[i + 1]
                    changed = true
                }
                sheet.append(cells.map { .text($0) })
            }
            for (t, l, b, r) in source.merges { sheet.merge(t, l, b, r) }
            book.add(sheet)
        }
        #expect(changed)
        let url = TestSupport.temporaryDirectory().appendingPathComponent("neg.xlsx")
        try book.data().write(to: url)
        let error = try #require(throws: InputError.self) { try TargetFileReader.read(url: url, displayName: "neg.xlsx", year: nil) }
        #expect(error.diagnostics.count == 1)
        #expect(error.description.contains("neg.xlsx 工作表「"))
        #expect(error.description.contains("预算数不能为负数"))
    }

    @Test("a negative 预算数 in a docx target table is refused naming its table and row")
    func docxTargetNegative() throws {
        let seed = try Data(contentsOf: TargetFormatsTests.fixtures.appendingPathComponent("seed.docx"))
        let changed = try TestSupport.rezip(seed) { path, content in
            guard path == "word/document.xml" else { return content }
            var xml = String(decoding: content, as: UTF8.self)
            let budget = try #require(xml.range(of: "<w:t>19.00</w:t>"))
            xml.replaceSubrange(budget, with: "<w:t>-19.00</w:t>")
            return Data(xml.utf8)
        }
        let url = TestSupport.temporaryDirectory().appendingPathComponent("neg.docx")
        try changed.write(to: url)
        let error = try #require(throws: InputError.self) { try TargetFileReader.read(url: url, displayName: "neg.docx", year: nil) }
        #expect(error.diagnostics.count == 1)
        #expect(error.description.hasPrefix("neg.docx 表格"))
        #expect(error.description.contains("错误: 预算数不能为负数，此处为“-19.00”"))
    }

    @Test("target csv: negative 预算数, plan, 分值 and a counted target are refused, each at its line")
    func targetCSVNegatives() throws {
        let header = TargetsCSV.columns.joined(separator: ",")
        func line(_ code: String, budget: String, plan: String = "", target: String = "10个", points: String = "") -> String {
            "D1,单位,2026,\(code),项目\(code),\(budget),,,,,,,,\(plan),产出指标,数量指标,建设数量,,\(target),,\(points)"
        }
        let csv = [header,
                   line("P1", budget: "-5"),                 // line 2
                   line("P2", budget: "5", plan: "-1"),      // line 3
                   line("P3", budget: "5", points: "-10"),   // line 4
                   line("P4", budget: "5", target: "-5个"),  // line 5
                   line("P5", budget: "5", target: "≥-5%"),  // fine: not a count (read as qualitative text)
        ].joined(separator: "\n")
        let error = try #require(throws: InputError.self) { try TargetsCSV.read(data: Data(csv.utf8), fileName: "t.csv", year: nil) }
        #expect(error.diagnostics.map { $0.location?.line } == [2, 3, 4, 5])
        #expect(error.diagnostics[0].message.hasPrefix("预算数不能为负数"))
        #expect(error.diagnostics[1].message.hasPrefix("12月底不能为负数"))
        #expect(error.diagnostics[2].message.hasPrefix("分值不能为负数"))
        #expect(error.diagnostics[3].message.hasPrefix("指标值“-5个”为负数"))
    }
}

/// The seeded property test of point 2: every path a score takes — indicator scores of every kind,
/// user-given tier scores, the funds score, the department's own funds, audit's recomputation —
/// stays within [0, w] for random inputs, negative and odd ones included, under every profile.
@Suite("Score bounds over random inputs")
struct ScoreBoundsPropertyTests {
    typealias Random = Synthesizer.Random

    /// The shipped profiles and variants that stress rounding and deductions.
    static let profiles: [Profile] = {
        let dir = TestSupport.root.appendingPathComponent("Weights")
        var list = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted().filter { $0.hasSuffix(".yaml") }.compactMap { name in
            (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)).flatMap { try? ProfileLoader.load(yaml: $0, source: name) }
        }
        var fixed = Profile.national2020
        fixed.overachievement = .fixed
        var deviation = Profile.national2020
        deviation.overachievement = .deviation
        var integer = Profile.national2020
        integer.rounding = .halfUp(decimals: 0)
        var two = Profile.national2020
        two.equal = .twoSided
        two.reverse = .ratio
        list += [.national2020, fixed, deviation, integer, two]
        return list
    }()

    static func number(_ rng: inout Random) -> String {
        let n = Decimal(rng.int(-50_000...50_000)) / 100
        return Decimals.plain(n)
    }

    static func target(_ rng: inout Random) -> String {
        switch rng.int(0...9) {
        case 0: return "2026年12月31日前"
        case 1: return "有效改善"
        case 2: return "合格"
        default:
            let comparator = rng.choose(["≥", ">", "≤", "<", "=", ""])
            let value = rng.int(0...3) == 0 ? "0" : Decimals.plain(Decimal(rng.int(1...20_000)) / 100)
            return comparator + value + rng.choose(["个", "%", "万元", "", "百分数"])
        }
    }

    static func actual(_ rng: inout Random) -> String {
        switch rng.int(0...9) {
        case 0: return rng.choose(["达成", "部分达成", "未达成", "基本达成", "合格", "不合格"])
        case 1: return rng.choose(["达成", "部分达成", "未达成"]) + " " + number(&rng)
        case 2: return rng.choose(["2026-06-30", "2027-03-01", "2026年12月31日"])
        case 3: return ""
        default: return number(&rng) + rng.choose(["", "%", "个", "万元", "元"])
        }
    }

    @Test("0 ≤ indicator score ≤ w for any target, actual (negative ones too), user-given tier score, weight and profile")
    func indicatorBounds() {
        var rng = Random(state: 14_2026)
        for _ in 0..<3000 {
            let profile = rng.choose(Self.profiles)
            let level2 = rng.choose(["数量指标", "成本指标", "时效指标", "满意度指标"])
            let indicator = Indicator(level1: "产出指标", level2: level2, level3: rng.choose(["完成率", "建设数量", "持续发展作用力"]),
                                      target: TargetParser.parse(Self.target(&rng), isCost: level2 == "成本指标"))
            let w = Decimal(rng.int(0...60_000)) / Decimal([1, 10, 100, 1000][rng.int(0...3)])
            let a = Self.actual(&rng)
            let result = IndicatorScorer(profile: profile, year: 2026).score(indicator, owner: "P", weight: w, basis: .explicit, actual: a,
                                                                             reason: rng.choose(["", "D08 目标值设定偏低"]))
            #expect(result.score >= 0 && result.score <= w, "\(profile.name) \(indicator.target.raw) a=\(a) w=\(w) → \(result.score)")
        }
    }

    @Test("0 ≤ funds score ≤ its points for any budget and execution, and the project total ≤ 100")
    func fundsBounds() {
        var rng = Random(state: 5)
        for _ in 0..<1500 {
            let profile = rng.choose(Self.profiles)
            let budget = Decimal(rng.int(-1000...100_000)) / 100
            let p = Project(code: "P", name: "p", budget: budget, indicators: [
                Indicator(level1: "产出指标", level2: "数量指标", level3: "数量", target: TargetParser.parse("≥10个")),
                Indicator(level1: "效益指标", level2: "社会效益指标", level3: "效益", target: TargetParser.parse("有效改善")),
            ])
            var actuals: Scorer.Actuals = [:]
            func put(_ key: IndicatorKey, _ value: String) { actuals[key] = RecordedActual(departmentCode: "D", year: 2026, key: key, value: value) }
            put(IndicatorKey.funds("P", SpecialRow.executed), Self.number(&rng))
            if rng.int(0...1) == 0 { put(IndicatorKey.funds("P", SpecialRow.budget), Self.number(&rng)) }
            put(IndicatorKey(ownerCode: "P", indicator: p.indicators[0]), Self.actual(&rng))
            let result = Scorer(profile: profile, explains: false).score(p, year: 2026, actuals: actuals)
            #expect(result.funds.score >= 0 && result.funds.score <= result.funds.weight, "\(profile.name) \(actuals.values.map(\.value)) → \(result.funds.score)")
            #expect(result.total >= 0 && result.total <= 100)
            // The department's own funds score goes through the same bound.
            let d = Scorer(profile: profile, explains: false).score(Department(code: "D", name: "d", year: 2026, projects: [p]), actuals: Array(actuals.values))
            #expect(d.ownFunds.score >= 0 && d.ownFunds.score <= d.ownFunds.weight)
        }
    }

    @Test("audit's recomputed scores stay within [0, w] for any printed table")
    func auditBounds() {
        var rng = Random(state: 77)
        for _ in 0..<800 {
            let profile = rng.choose(Self.profiles)
            let amount = { (rng: inout Random) -> Decimal? in rng.int(0...4) == 0 ? nil : Decimal(rng.int(-10_000...100_000)) / 100 }
            let rows = (0..<rng.int(1...6)).map { i in
                FiledTable.Row(level1: rng.choose(["产出指标", "效益指标", "满意度指标"]), level2: "数量指标", level3: "指标\(i)", target: Self.target(&rng),
                               actual: Self.actual(&rng), points: rng.int(0...1) == 0 ? nil : Decimal(rng.int(0...4000)) / 100, score: nil, reason: "", location: nil)
            }
            let table = FiledTable(source: "x", initialBudget: amount(&rng), fullBudget: amount(&rng), executed: amount(&rng),
                                   fundsPoints: rng.int(0...1) == 0 ? nil : Decimal(rng.int(0...2000)) / 100, rows: rows)
            let result = Auditor(profile: profile).audit(table)
            for line in result.lines {
                guard let expected = line.expected, let w = line.weight else { continue }
                #expect(expected >= 0 && expected <= w, "\(profile.name) \(line.label) w=\(w) → \(expected)")
            }
        }
    }
}

extension Synthesizer.Random {
    /// One of `items`, uniformly.
    mutating func choose<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}
