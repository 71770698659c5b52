import Foundation
@testable import JixiaoEngine
import JixiaoDocuments
import JixiaoModel
import Testing

/// The reviewer's margin notes of issue 13 (R13 extended, R19–R24), each on a small table of its
/// own, and R01 on a "≥0" target.
@Suite("Review: a reviewer's margin notes")
struct ReviewerChecksTests {
    func i(_ l1: String, _ l2: String, _ name: String, _ target: String, description: String = "按验收报告统计", basis: String = "项目实施方案",
           line: Int = 1) -> Indicator {
        Indicator(level1: l1, level2: l2, level3: name, description: description, target: TargetParser.parse(target, isCost: l2 == "成本指标"),
                  basis: basis, source: SourceLocation(file: "t.txt", line: line))
    }

    /// A small clean project of its own: a village water supply with every category filled.
    var water: Project {
        Project(code: "13091626P00000000001A", name: "农村饮水安全巩固提升", budget: 200, purpose: "更换供水管网，新建水厂",
                goal: "1.更换供水管网12公里\n2.新建水厂1座，保障农村饮水安全",
                plan: SpendingPlan.normalize(months: [3, 6, 10, 12], cells: ["40", "100", "160", "200"], budget: 200), indicators: [
                    i("产出指标", "数量指标", "更换供水管网长度", "≥12公里", line: 10),
                    i("产出指标", "数量指标", "新建水厂数量", "1座", line: 11),
                    i("产出指标", "质量指标", "工程验收合格率", "≥95%", line: 12),
                    i("产出指标", "成本指标", "工程总成本", "≤200万元", line: 13),
                    i("效益指标", "社会效益指标", "农村饮水安全覆盖率", "≥98%", line: 14),
                    i("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", line: 15),
                ])
    }

    func findings(_ p: Project, year: Int = 2026) -> [Finding] {
        TargetReview().review(Department(code: "D", name: "单位", year: year, projects: [p]))
    }

    func codes(_ p: Project) -> [String] { findings(p).map(\.code.rawValue) }

    @Test("the clean project has no findings")
    func clean() { #expect(findings(water).isEmpty) }

    @Test("R13 extended: 产出指标 without 数量指标 or 质量指标")
    func outputCategories() {
        var p = water
        p.indicators.removeAll { $0.level2 == "质量指标" }
        let f = findings(p)
        #expect(f.map(\.code.rawValue) == ["R13"])
        #expect(f[0].severity == .warning)
        #expect(f[0].message.contains("缺少“质量指标”"))
        #expect(f[0].location == nil)  // the project's own location: none in this fixture
        p.indicators.removeAll { $0.level2 == "数量指标" }
        #expect(findings(p)[0].message.hasPrefix("产出指标只有“成本指标”，缺少“数量指标”、“质量指标”"))
    }

    @Test("R19: a basis that repeats the goal or the name; one naming a source is fine")
    func basis() {
        var p = water
        p.goal = "1. 保障农村群众饮水安全"
        p.indicators[0] = i("产出指标", "数量指标", "更换供水管网长度", "≥12公里", basis: "保障农村群众饮水安全", line: 10)
        p.indicators[2] = i("产出指标", "质量指标", "工程验收合格率", "≥95%", basis: "工程验收合格率", line: 12)
        p.indicators[4] = i("效益指标", "社会效益指标", "农村饮水安全覆盖率", "≥98%", basis: "保障农村群众饮水安全，参照行业标准", line: 14)
        // A survey named as the basis is a source, even when the description says the same.
        p.indicators[5] = i("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", description: "满意度调查", basis: "满意度调查", line: 15)
        let f = findings(p).filter { $0.code == .r19 }
        #expect(f.map(\.indicator) == ["更换供水管网长度", "工程验收合格率"])
        #expect(f[0].message.contains("只重复了绩效目标"))
        #expect(f[1].message.contains("只重复了指标名称"))
        #expect(f.allSatisfy { $0.severity == .note && $0.location?.line != nil })
    }

    @Test("R20: a goal copied from another project is a warning naming its words; a stray word is a note")
    func goalContent() {
        var p = water
        p.goal = "1.完成城区道路绿化养护面积30万平方米，保障绿化苗木成活"
        let f = findings(p).filter { $0.code == .r20 }
        #expect(f.count == 1)
        #expect(f[0].severity == .warning)
        #expect(f[0].message.contains("“城区道路绿化养护面积”"))
        #expect(f[0].message.contains("、“绿化苗木成活”在项目名称"))  // "30万平方米" is a quantity, not a word
        p = water
        p.goal = "1.更换供水管网12公里\n2.新建水厂1座，开展节水宣传"
        let stray = findings(p).filter { $0.code == .r20 }
        #expect(stray.map(\.severity) == [.note])
        #expect(stray.first?.message.contains("“节水宣传”") == true)
    }

    @Test("R21: unmatched brackets, stray digits and symbols in names, the curated confusions; a bracketed unit is fine")
    func typos() {
        var p = water
        p.indicators[5] = i("满意度指标", "服务对象满意度指标", "受益群众满意度（%0", "≥90%", line: 15)
        p.indicators[4] = i("效益指标", "社会效益指标", "农村饮水安全复盖率(%)", "≥98%", line: 14)
        p.name = "农村饮水安全巩固提升》"
        let f = findings(p).filter { $0.code == .r21 }
        #expect(f.count == 3)
        #expect(f.contains { $0.message == "项目名称“农村饮水安全巩固提升》”括号不配对（“》”前没有对应的左括号）。请核对，是否应为“农村饮水安全巩固提升”？" })
        #expect(f.contains { $0.indicator == "受益群众满意度（%0" && $0.message.contains("有多余的字符“%0”") && $0.message.contains("是否应为“受益群众满意度”") })
        #expect(f.contains { $0.indicator == "农村饮水安全复盖率(%)" && $0.message.contains("“复盖”疑为“覆盖”") })
        #expect(!f.contains { $0.indicator == "农村饮水安全复盖率(%)" && $0.message.contains("多余") })  // "(%)" is a unit
        #expect(f.allSatisfy { $0.severity == .note })
        #expect(ReviewerChecks.strayRuns("完成率，，") == ["，，"])
        #expect(ReviewerChecks.strayRuns("5G基站建设数量") == [])
    }

    @Test("the curated list: each wrong form differs from its right one and is part of no right one")
    func curatedList() {
        let rights = CommonTypos.pairs.map(\.right)
        for (wrong, right) in CommonTypos.pairs {
            #expect(wrong != right && wrong.unicodeScalars.count >= 2)
            #expect(!rights.contains { $0.contains(wrong) }, "\(wrong)")
        }
        #expect(CommonTypos.pairs.contains { $0 == ("复盖", "覆盖") } && CommonTypos.pairs.contains { $0 == ("按装", "安装") })
    }

    @Test("R22: a quarter that adds nothing and then a jump; over half the budget by 3月底")
    func planPace() {
        var p = water
        p.plan = SpendingPlan.normalize(months: [3, 6, 10, 12], cells: ["50", "50", "150", "200"], budget: 200)
        let stall = findings(p).filter { $0.code == .r22 }
        #expect(stall.count == 1)
        #expect(stall[0].message.contains("3月底至6月底没有新增支出，10月底一次增加 100 万元（预算的 50%）"))
        p.plan = SpendingPlan.normalize(months: [3, 6, 10, 12], cells: ["0", "120", "160", "200"], budget: 200)
        #expect(findings(p).filter { $0.code == .r22 }.first?.message.contains("3月底前没有新增支出，6月底一次增加 120 万元") == true)
        p.plan = SpendingPlan.normalize(months: [3, 6, 10, 12], cells: ["120", "150", "180", "200"], budget: 200)
        let early = findings(p).filter { $0.code == .r22 }
        #expect(early.count == 1)
        #expect(early[0].message.contains("3月底已累计 120 万元（预算的 60%）"))
        // Exactly half, and an even plan, are not flagged.
        p.plan = SpendingPlan.normalize(months: [3, 6, 10, 12], cells: ["100", "150", "180", "200"], budget: 200)
        #expect(!codes(p).contains("R22"))
        // A blank quarter means no further spending (R15), not a stall.
        p.plan = SpendingPlan.normalize(months: [3, 6, 10, 12], cells: ["50", "200", "", ""], budget: 200)
        #expect(!codes(p).contains("R22"))
    }

    @Test("R23: a numbered list with a number missing, in a project's goal and in the department's part")
    func numbering() {
        var p = water
        p.goal = "1.更换供水管网12公里\n3.新建水厂1座"
        let f = findings(p).filter { $0.code == .r23 }
        #expect(f.map(\.message) == ["绩效目标的编号不连续：1、3，缺少第 2 条。请补上漏掉的内容或重新编号。"])
        p.goal = "（1）更换供水管网；（2）新建水厂；（4）保障饮水安全"
        #expect(findings(p).filter { $0.code == .r23 }.first?.message.contains("1、2、4，缺少第 3 条") == true)
        p.goal = "1.更换供水管网12公里\n2.新建水厂1座"
        #expect(!codes(p).contains("R23"))
        // The department's part: each section restarts at 1; the section headings count as a list.
        let preamble = ["一、总体绩效目标", "提高供水保障能力。", "二、分项绩效目标", "1、巩固提升供水。", "2、加强水质检测。", "4、做好运行维护。",
                        "三、保障措施", "1、加强领导。", "2、落实资金。"].enumerated().map {
            TargetReview.Paragraph(text: $0.element, location: SourceLocation(file: "d.txt", line: $0.offset + 1))
        }
        let d = TargetReview().review(Department(code: "D", name: "单位", year: 2026, projects: [water]), preamble: preamble)
        #expect(d.filter { $0.code == .r23 }.map(\.location?.line) == [6])
        #expect(d.first { $0.code == .r23 }?.message == "部门整体绩效目标的编号不连续：1、2、4，缺少第 3 条。请补上漏掉的内容或重新编号。")
        #expect(d.first { $0.code == .r23 }?.ownerCode == "D")
    }

    @Test("R24: a project code of an earlier year is a continuing project; the table's own year is not")
    func continuing() {
        var p = water
        p.code = "13091625P00000000001A"
        let f = findings(p).filter { $0.code == .r24 }
        #expect(f.count == 1)
        #expect(f[0].message.hasPrefix("项目编码 13091625P00000000001A 的年份为 2025，本表为 2026 年度：以前年度设立、延续到本年度的项目"))
        #expect(findings(p, year: 2025).filter { $0.code == .r24 }.isEmpty)
    }

    @Test("R01 on a \"≥0\" target at review time")
    func atLeastZero() {
        var p = water
        p.indicators[4] = i("效益指标", "社会效益指标", "农村饮水安全覆盖率", "≥0%", line: 14)
        let f = findings(p)
        #expect(f.map(\.code.rawValue) == ["R01"])
        #expect(f[0].message.contains("任何结果都能达到"))
    }

    @Test("the seed's 部门整体 part, read with its paragraphs: 1、3、4、5 misses 2")
    func seedPreamble() throws {
        let reading = try TargetFileReader.readWithPreamble(url: TestSupport.seedURL, displayName: "seed.txt", year: nil)
        let f = TargetReview().review(reading.document.department, preamble: reading.preamble).filter { $0.code == .r23 }
        #expect(f.count == 1)
        #expect(f.first?.message == "部门整体绩效目标的编号不连续：1、3，缺少第 2 条。请补上漏掉的内容或重新编号。")
        #expect(f.first?.location?.description == "seed.txt:11")  // "3、强化监管…"
        // The same from the docx and from an xlsx with one project per sheet.
        for name in ["seed.docx", "per-sheet-title-every.xlsx"] {
            let r = try TargetFileReader.readWithPreamble(url: TargetFormatsTests.fixtures.appendingPathComponent(name), displayName: name, year: nil)
            #expect(TargetReview().review(r.document.department, preamble: r.preamble).filter { $0.code == .r23 }.count == 1, "\(name)")
        }
    }
}
