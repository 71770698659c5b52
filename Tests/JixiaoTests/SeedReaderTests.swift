import Foundation
import JixiaoDocuments
import JixiaoModel
import Testing

/// The seed document must import exactly: every figure of issue 2.
@Suite("Seed text layout")
struct SeedReaderTests {
    let department: Department
    let document: TargetDocument

    init() throws {
        document = try TestSupport.readSeed()
        department = document.department
    }

    @Test("department 342001, 万元, year from the project codes")
    func department342001() {
        #expect(department.code == "342001")
        #expect(department.name == "沧州临港经济技术开发区综合行政执法局本级")
        #expect(department.moneyUnit == "万元")
        #expect(department.year == 2026)
        #expect(document.yearSource == .projectCodes)
        #expect(department.goalText.hasPrefix("明确对财政项目资金实行绩效管理"))
    }

    @Test("--year overrides the codes")
    func yearOption() throws {
        let doc = try TestSupport.readSeed(year: 2025)
        #expect(doc.department.year == 2025)
        #expect(doc.yearSource == .option)
    }

    @Test("12 projects with codes, names and budgets totalling 23596.72")
    func projects() {
        let expected: [(String, String, String)] = [
            ("13091626P00016110003L", "城管综合治理", "19"),
            ("13091626P000228100037", "危化品停车场费用", "30"),
            ("13091625P00001910004B", "东区雨水管网升级改造及市政基础设施配套项目", "20997.72"),
            ("13091626P00031710001T", "东西区雨水管网升级改造及市政基础设施配套项目", "400"),
            ("13091626P00024110002A", "公交补贴", "30"),
            ("13091626P002FFE10011M", "环卫清扫", "350"),
            ("13091626P00031410001R", "垃圾处理费", "50"),
            ("13091626P00024310002M", "垃圾清运", "200"),
            ("13091626P00031510001F", "路灯电费", "320"),
            ("13091626P000316100015", "绿化养护费", "500"),
            ("13091626P00011510012F", "市政公用基础设施建设维修维护费", "50"),
            ("13091626P00P4LL10011W", "危化品车辆管理平台系统建设", "650"),
        ]
        #expect(department.projects.count == 12)
        for (project, (code, name, budget)) in zip(department.projects, expected) {
            #expect(project.code == code)
            #expect(project.name == name)
            #expect(project.budget == TestSupport.decimal(budget))
            #expect(project.fiscalFunds == TestSupport.decimal(budget))
            #expect(project.otherFunds == nil)
        }
        #expect(department.totalBudget == TestSupport.decimal("23596.72"))
    }

    @Test("63 indicators, merged first cells filled down")
    func indicators() {
        #expect(department.projects.reduce(0) { $0 + $1.indicators.count } == 63)
        #expect(department.projects.map(\.indicators.count) == [5, 5, 8, 5, 5, 5, 5, 5, 5, 5, 5, 5])
        for project in department.projects {
            for indicator in project.indicators {
                #expect(indicator.category != nil, "\(project.code) \(indicator.level3): 一级 \(indicator.level1)")
                #expect(!indicator.level2.isEmpty)
                #expect(!indicator.level3.isEmpty)
                #expect(!indicator.target.isBlank)
            }
        }
        let first = department.projects[0].indicators
        #expect(first.map(\.level1) == ["产出指标", "产出指标", "效益指标", "效益指标", "满意度指标"])
        #expect(first.map(\.level2) == ["时效指标", "成本指标", "可持续影响指标", "社会效益指标", "服务对象满意度指标"])
        #expect(first[0].level3 == "完成及时率")
        #expect(first[0].target.raw == "≥90百分数")
        #expect(first[0].target.value == 90)
        #expect(first[0].target.unit == "%")
        #expect(first[0].basis == "保障相关工作的顺利开展")
    }

    @Test("a cell with an empty second paragraph does not split its row")
    func blankLineInsideCell() {
        let parking = department.projects[1].indicators[2]
        #expect(parking.level1 == "效益指标")
        #expect(parking.level2 == "经济效益指标")
        #expect(parking.level3 == "综合利用率")
        #expect(parking.description == "基础设施建成后的利用、使用情况")
        #expect(parking.target.raw == "≥90 百分数")
        #expect(parking.target.unit == "%")
        #expect(parking.basis == "按照实际产生费用进行结算")
    }

    @Test("project 3: pump stations, cost with ≥, the goal's two paragraphs")
    func project3() {
        let p = department.projects[2]
        #expect(p.goal == "1.铺设长度为71256米的雨水管网，配套建设四座地埋管道强排泵站，每座泵站内设3台工作泵\n2.完成铺设")
        #expect(p.purpose == "东区雨水管网项目")
        let pumps = p.indicators[1]
        #expect(pumps.level3 == "雨水提升泵站")
        #expect(pumps.target.value == 2)
        #expect(pumps.target.unit == "座")
        let cost = p.indicators[4]
        #expect(cost.level2 == "成本指标")
        #expect(cost.target.comparator == .atLeast)
        #expect(cost.target.comparatorImplied == false)
        #expect(cost.target.value == 43623)
        #expect(cost.target.unit == "万元")
    }

    @Test("spending plans normalised to cumulative 万元")
    func plans() {
        let p = department.projects
        #expect(p[0].plan.form == .fraction)
        #expect(p[0].plan.points.map(\.month) == [3, 6, 10, 12])
        #expect(p[0].plan.points.map(\.cumulative) == ["4.75", "9.5", "14.25", "19"].map(TestSupport.decimal))
        #expect(p[2].plan.form == .amount)
        #expect(p[2].plan.points.map(\.cumulative) == ["10498.86", "20997.72", "20997.72", "20997.72"].map(TestSupport.decimal))
        #expect(p[2].plan.points.map(\.raw) == ["10498.86", "20997.72", "", ""])
        #expect(p[3].plan.points.map(\.cumulative) == [100, 100, 300, 400])
        #expect(p[11].plan.points.map(\.cumulative) == [120, 240, 360, 650])
        for project in p { #expect(project.plan.points.last?.cumulative == project.budget) }
    }

    @Test("the department's quantified goals, with their sentences")
    func goals() {
        let goals = department.goals
        #expect(goals.map(\.level3) == ["通畅率", "井盖完好率", "亮灯率", "便道道路完好率", "雨污水管道畅通率", "违建文书准确率"])
        #expect(goals.map(\.target.raw) == ["≥96%", "≥95%", "≥98%", "≥95%", "100%", "≥98%"])
        #expect(goals.map(\.target.value) == [96, 95, 98, 95, 100, 98])
        #expect(goals.allSatisfy { $0.target.unit == "%" && $0.target.comparator == .atLeast })
        #expect(goals[0].description == "对各河道、管道进行清理疏通，通畅率达到96%以上")
        #expect(goals[4].description == "对雨污水管道、河道进行勘查清淤，保证畅通率100%")
    }

    @Test("bookmarks are ignored")
    func bookmarks() {
        #expect(!department.goalText.contains("bookmark"))
        #expect(department.projects.allSatisfy { !$0.name.contains("bookmark") && !$0.goal.contains("bookmark") })
    }

    @Test("UTF-8 with a BOM, CRLF line ends and GB18030 read the same")
    func encodings() throws {
        let text = TestSupport.seedText
        let reader = TextLayoutReader(fileName: "seed.txt")
        let bom = try reader.read(data: Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8))
        #expect(bom.department == department)
        let crlf = try reader.read(data: Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        #expect(crlf.department == department)
        let gb = try #require(text.data(using: TextDecoding.gb18030))
        #expect(gb != Data(text.utf8))
        #expect(try reader.read(data: gb).department == department)
    }
}
