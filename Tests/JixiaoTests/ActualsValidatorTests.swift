import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import Testing

/// Validation of filled actuals against the seed's targets.
@Suite("Recording actuals: validation")
struct ActualsValidatorTests {
    let department = try! TestSupport.readSeed().department
    var validator: ActualsValidator { ActualsValidator(departments: [department]) }

    func row(_ code: String, _ l1: String, _ l2: String, _ l3: String, _ actual: String, points: String = "", reason: String = "", line: Int) -> ActualEntry {
        ActualEntry(ownerCode: code, level1: l1, level2: l2, level3: l3, raw: actual, pointsRaw: points, reason: reason,
                    source: SourceLocation(file: "a.csv", line: line))
    }

    @Test("the sample actuals validate cleanly")
    func sample() throws {
        let data = try Data(contentsOf: TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv"))
        let entries = try ActualsTableReader.readCSV(data: data, fileName: "actuals-2026.csv")
        #expect(entries.count == 106)
        let result = try validator.validate(entries)
        #expect(result.actuals.count == 106)
        #expect(result.blanks.isEmpty)
        #expect(result.actuals.allSatisfy { $0.points == nil })
    }

    @Test("names match with spaces, full-width forms and synonyms")
    func tolerantMatching() throws {
        let entries = [
            row("13091626P00016110003L", " 产出指标 ", "时效", "完成及时率 ", "95%", line: 2),
            row("13091626P00016110003L", "效果指标", "可持续影响", "持续发展作用力", "达成", line: 3),
            row("13091626P00016110003L", "满意度指标", "", "满意率", "93%", line: 4),
        ]
        let result = try validator.validate(entries)
        #expect(result.actuals.count == 3)
        #expect(result.actuals[1].key.level1 == "效益指标")
        #expect(result.actuals[1].key.level2 == "可持续影响指标")
    }

    @Test("every error is reported at once, with its row")
    func allErrors() throws {
        let p3 = "13091625P00001910004B", p1 = "13091626P00016110003L"
        let entries = [
            row("NOPE", "产出指标", "数量指标", "x", "1", line: 2),                              // unknown project
            row(p3, "产出指标", "数量指标", "新建泵站", "1", line: 3),                           // unknown indicator
            row(p3, "产出指标", "数量指标", "雨水提升泵站", "4米", line: 4),                     // unit mismatch
            row(p1, "产出指标", "时效指标", "完成及时率", "良好", line: 5),                      // non-numeric
            row(p1, "效益指标", "可持续影响指标", "持续发展作用力", "部分达成 13", line: 6),     // outside the band [9, 12)
            row(p3, "产出指标", "数量指标", "新建雨水管网", "71256米", line: 7),
            row(p3, "产出指标", "数量指标", "新建雨水管网", "71000米", line: 8),                 // duplicate
            row(p3, "项目资金", "年度资金总额", "全年执行数", "很多", line: 9),                  // not an amount
        ]
        let error = try #require(throws: InputError.self) { try validator.validate(entries) }
        #expect(error.diagnostics.filter { $0.severity == .error }.map { $0.location?.line } == [2, 3, 4, 5, 6, 8, 9])
        #expect(error.diagnostics.last?.severity == .note)
        #expect(error.diagnostics.last?.message.contains("--year") == true)
        let text = error.description
        #expect(text.contains("未知的项目编码 NOPE"))
        #expect(text.contains("没有指标“产出指标/数量指标/新建泵站”"))
        #expect(text.contains("单位不符"))
        #expect(text.contains("应为数字"))
        #expect(text.contains("[9, 12)"))
        #expect(text.contains("重复的行"))
        #expect(text.contains("全年执行数应为金额"))
    }

    @Test("a score inside its tier's band is kept; the default split gives 15 to a 效益 indicator of project 1")
    func bandInside() throws {
        let result = try validator.validate([row("13091626P00016110003L", "效益指标", "可持续影响指标", "持续发展作用力", "部分达成 11.5", line: 2)])
        #expect(result.actuals.count == 1)
    }

    @Test("explicit 分值 must cover every indicator and sum to 100")
    func explicitPoints() throws {
        let p1 = "13091626P00016110003L"
        let names: [(String, String, String)] = [("产出指标", "时效指标", "完成及时率"), ("产出指标", "成本指标", "运行保障成本"),
                                                 ("效益指标", "可持续影响指标", "持续发展作用力"), ("效益指标", "社会效益指标", "道路设施完好率"),
                                                 ("满意度指标", "服务对象满意度指标", "满意率")]
        func rows(_ points: [String]) -> [ActualEntry] {
            names.enumerated().map { i, n in row(p1, n.0, n.1, n.2, "95%", points: points[i], line: i + 2) }
        }
        // The defaults as the template prints them are not "explicit".
        #expect(try validator.validate(rows(["25", "25", "15", "15", "10"])).actuals.allSatisfy { $0.points == nil })
        // Different, summing to 90 + 10 funds = 100: kept.
        let kept = try validator.validate(rows(["30", "20", "15", "15", "10"]))
        #expect(kept.actuals.map(\.points) == [30, 20, 15, 15, 10])
        // Summing to 95: rejected, naming the sum.
        let error = try #require(throws: InputError.self) { try validator.validate(rows(["30", "20", "10", "15", "10"])) }
        #expect(error.description.contains("合计为 95"))
        // Only some given.
        #expect(throws: InputError.self) { try validator.validate(rows(["30", "", "", "", ""])) }
    }

    @Test("blank actuals are allowed and listed as not yet filled")
    func blanks() throws {
        let result = try validator.validate([row("13091626P00016110003L", "产出指标", "时效指标", "完成及时率", "", line: 2)])
        #expect(result.blanks.count == 1)
    }

    @Test("department rows use the department code")
    func departmentRows() throws {
        let result = try validator.validate([
            row("342001", "产出指标", "质量指标", "通畅率", "97%", line: 2),
            row("342001", "年度总体目标", "", "", "完成", line: 3),
        ])
        #expect(result.actuals.count == 2)
        let funds = try validator.validate([row("342001", "项目资金", "年度资金总额", "全年执行数", "1", line: 2)])
        #expect(funds.actuals.isEmpty)
        #expect(funds.warnings.count == 1)
    }
}
