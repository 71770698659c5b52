import Foundation
import JixiaoModel

/// Generates realistic target tables and actuals for benchmarks and demos: indicator mixes like the
/// seed's (counts, rates, deadlines, cost ceilings, qualitative benefits, satisfaction), varied
/// targets, quirks (a space in "≥90 百分数", full-width digits, 元 vs 万元, plans as fractions or
/// amounts, a cost written with ≥), and actuals mostly met with some misses and blank reasons.
/// The same seed gives the same data.
public struct Synthesizer {
    public var departments: Int
    public var projects: Int
    public var years: Int
    public var seed: UInt64
    /// The last year generated; earlier years count back from it.
    public var lastYear: Int

    public init(departments: Int, projects: Int, years: Int, seed: UInt64, lastYear: Int = 2026) {
        self.departments = departments
        self.projects = projects
        self.years = years
        self.seed = seed
        self.lastYear = lastYear
    }

    /// SplitMix64: a small deterministic generator (also used by the property and fuzz tests).
    public struct Random {
        public var state: UInt64
        public init(state: UInt64) { self.state = state }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    }

    static let units = ["城市管理", "住房建设", "交通运输", "生态环境", "农业农村", "水务", "民政", "卫生健康", "教育", "文化旅游", "应急管理", "市场监管"]
    static let topics = ["道路养护", "绿化养护", "环卫清扫", "垃圾清运", "路灯运维", "管网改造", "泵站维护", "设施维修", "平台运维", "执法保障",
                         "社区服务", "养老补贴", "公交补贴", "河道治理", "安全检查", "培训服务", "信息化建设", "设备购置", "停车场运营", "应急物资"]
    static let countUnits = [("完成数量", "个"), ("实施里程", "公里"), ("建设数量", "座"), ("服务人次", "人次"), ("维修面积", "平方米"), ("采购台数", "台")]
    static let rates = ["验收合格率", "完成及时率", "设施完好率", "覆盖率", "处置率", "达标率"]
    static let benefits = [("社会效益指标", "群众出行便利度"), ("生态效益指标", "环境质量改善"), ("经济效益指标", "综合利用率"), ("可持续影响指标", "长效机制运行")]

    /// The departments of one year, each with its projects.
    public func departments(year: Int) -> [Department] {
        (0..<departments).map { department(index: $0, year: year) }
    }

    /// All years, oldest first.
    public var allYears: [Int] { ((lastYear - years + 1)...lastYear).map { $0 } }

    public func department(index d: Int, year: Int) -> Department {
        var rng = Random(state: seed &+ UInt64(d) &* 1_000_003 &+ UInt64(year) &* 7919)
        let code = String(format: "3%05d", d + 1)
        let unit = Self.units[d % Self.units.count]
        let yy = String(year % 100)
        var dept = Department(code: code, name: "\(unit)局第\(d + 1)单位", year: year, goalText: "提高财政资金使用效益，保障\(unit)工作顺利开展。")
        dept.goals = [
            Indicator(level1: "产出指标", level2: "质量指标", level3: "\(unit)设施完好率", description: "设施完好率达到95%以上", target: TargetParser.parse("≥95%")),
            Indicator(level1: "产出指标", level2: "质量指标", level3: "\(unit)任务完成率", description: "年度任务完成率达到98%以上", target: TargetParser.parse("≥98%")),
        ]
        for p in 0..<projects {
            // A project continues across years with the same code one time in five.
            let continuing = p % 5 == 0
            let codeYear = continuing ? String((allYears.first ?? year) % 100) : yy
            let projectCode = "1309\(String(format: "%02d", d % 100))\(codeYear)P\(String(format: "%05d%05d", d + 1, p + 1))"
            let topic = Self.topics[(p + d) % Self.topics.count]
            let budget = Decimal(rng.int(1_000...500_000)) / 100
            var indicators: [Indicator] = []
            let (countName, countUnit) = rng.pick(Self.countUnits)
            let count = rng.int(2...2000)
            let fullWidth = rng.chance(5)
            let countText = fullWidth ? String(String(count).unicodeScalars.map { Character(Unicode.Scalar($0.value + 0xFEE0)!) }) : String(count)
            indicators.append(Indicator(level1: "产出指标", level2: "数量指标", level3: "\(topic)\(countName)", description: "全年\(countName)",
                                        target: TargetParser.parse("≥\(countText)\(countUnit)"), basis: "年度计划"))
            let rate = rng.pick([90, 95, 98, 100])
            indicators.append(Indicator(level1: "产出指标", level2: "质量指标", level3: rng.pick(Self.rates), description: "质量要求",
                                        target: TargetParser.parse(rng.chance(20) ? "≥\(rate) 百分数" : "≥\(rate)%"), basis: "行业标准"))
            let deadline = rng.chance(30)
            indicators.append(Indicator(level1: "产出指标", level2: "时效指标", level3: deadline ? "完工时间" : "完成及时率", description: "时效要求",
                                        target: TargetParser.parse(deadline ? "\(year)年\(rng.int(10...12))月底前" : "≥90%"), basis: "年度计划"))
            let ceiling = budget
            let yuan = rng.chance(10)
            let costText = rng.chance(5) ? "≥\(Decimals.plain(ceiling))万元" : (yuan ? "≤\(Decimals.plain(ceiling * 10000))元" : "≤\(Decimals.plain(ceiling))万元")
            indicators.append(Indicator(level1: "产出指标", level2: "成本指标", level3: "项目总成本", description: "成本控制", target: TargetParser.parse(costText, isCost: true), basis: "预算批复"))
            let (benefitLevel2, benefitName) = rng.pick(Self.benefits)
            indicators.append(Indicator(level1: "效益指标", level2: benefitLevel2, level3: benefitName, description: "效益", target: TargetParser.parse(rng.chance(50) ? "有效改善" : "≥85%"), basis: "历史数据"))
            indicators.append(Indicator(level1: "效益指标", level2: "社会效益指标", level3: "群众受益率", description: "受益面", target: TargetParser.parse("≥90%"), basis: "历史数据"))
            if rng.chance(85) {
                indicators.append(Indicator(level1: "满意度指标", level2: "服务对象满意度指标", level3: "群众满意度", description: "满意度调查", target: TargetParser.parse("≥\(rng.pick([85, 90, 95]))%"), basis: "满意度调查"))
            }
            if rng.chance(60) {
                indicators.append(Indicator(level1: "效益指标", level2: "可持续影响指标", level3: "设施持续使用年限", description: "持续影响", target: TargetParser.parse("≥\(rng.int(3...10))年"), basis: "设计标准"))
            }
            let months = [3, 6, 10, 12]
            let cells: [String]
            if rng.chance(20) {
                cells = ["0.25", "0.50", "0.75", "1.00"]
            } else {
                let q = [Decimal(rng.int(10...30)) / 100, Decimal(rng.int(40...60)) / 100, Decimal(rng.int(65...90)) / 100, 1]
                cells = q.enumerated().map { i, f in i >= 2 && rng.chance(3) ? "" : Decimals.fixed(f * budget, 2) }
            }
            dept.projects.append(Project(
                code: projectCode, name: "\(topic)项目\(p + 1)", budget: budget, fiscalFunds: budget, purpose: topic, goal: "完成\(topic)年度任务",
                plan: SpendingPlan.normalize(months: months, cells: cells, budget: budget), indicators: indicators))
        }
        return dept
    }

    /// Year-end actuals for a department: mostly met, some misses, a few over-spent, reasons sometimes blank.
    public func actuals(_ d: Department) -> [RecordedActual] {
        var rng = Random(state: seed ^ 0xA5A5_5A5A &+ UInt64(Int(d.code) ?? 0) &* 31 &+ UInt64(d.year))
        var out: [RecordedActual] = []
        func add(_ key: IndicatorKey, _ value: String, reason: String = "") {
            out.append(RecordedActual(departmentCode: d.code, year: d.year, key: key, value: value, reason: reason))
        }
        for p in d.projects {
            if rng.chance(2) { continue }  // a project not yet filled in
            let rate = Decimal(rng.int(70...104)) / 100
            add(IndicatorKey.funds(p.code, SpecialRow.executed),
                Decimals.fixed(p.budget * rate, 2), reason: rate < Decimal(string: "0.9")! && rng.chance(70) ? "部分款项未到支付期（D01）" : "")
            for i in p.indicators {
                let key = IndicatorKey(ownerCode: p.code, indicator: i)
                let miss = rng.chance(15)
                let reason = miss && rng.chance(75) ? "受外部因素影响（D07），下年度加强管理" : ""
                switch i.target.kind {
                case .qualitative: add(key, miss ? "部分达成" : "达成", reason: reason)
                case .deadline: add(key, miss ? "\(d.year + 1)-01-15" : "\(d.year)-\(String(format: "%02d", i.target.deadline?.month ?? 12))-20", reason: reason)
                case .quantitative:
                    let t = i.target.value ?? 0
                    let factor = miss ? Decimal(rng.int(70...97)) / 100 : Decimal(rng.int(100...112)) / 100
                    var a = i.target.comparator?.isLower == true ? t * (2 - factor) : t * factor
                    if i.target.isPercent { a = min(a, 100) }
                    add(key, Decimals.fixed(a, i.target.isPercent ? 1 : 2) + (i.target.unit ?? ""), reason: reason)
                }
            }
        }
        for g in d.goals { add(IndicatorKey(ownerCode: d.code, indicator: g), "\(rng.int(93...100))%") }
        return out
    }

    /// The actuals as a filled template csv (the columns `record` reads).
    public static func actualsCSV(_ actuals: [RecordedActual]) -> String {
        var w = CSVWriter()
        w.row(ActualsColumns.all)
        for a in actuals {
            w.row([a.key.ownerCode, "", a.key.level1, a.key.level2, a.key.level3, "", a.value, "", "", a.reason])
        }
        return "\u{FEFF}" + w.text
    }
}
