import Foundation
import JixiaoDocuments
import JixiaoModel
import Testing

/// Helpers for the issue-15 tests: a workbook written by `jixiao template` filled cell by cell, as a
/// person fills it in Excel, and small target tables for the rules of RULES.md §2 and §4.
enum FilingFixtures {
    /// Sets cells of one sheet (by name) of an xlsx that jixiao wrote (inline strings, one part per
    /// sheet in the workbook's order). Values are written as text, as Excel keeps "95%" typed into
    /// a text cell; the cell keeps its style.
    static func fill(_ data: Data, sheet name: String, _ values: [String: String]) throws -> Data {
        let workbook = String(decoding: try part("xl/workbook.xml", of: data), as: UTF8.self)
        let names = workbook.matches(of: /<sheet name="([^"]*)"/).map { String($0.1) }
        let index = try #require(names.firstIndex(of: name), "no sheet \(name) in \(names)")
        let path = "xl/worksheets/sheet\(index + 1).xml"
        return try TestSupport.rezip(data) { entry, bytes in
            guard entry == path else { return bytes }
            var xml = String(decoding: bytes, as: UTF8.self)
            for (ref, value) in values { xml = try set(xml, ref, value) }
            return Data(xml.utf8)
        }
    }

    /// One cell replaced in a sheet's XML (added to its row when the sheet has no such cell).
    static func set(_ xml: String, _ ref: String, _ value: String) throws -> String {
        let escaped = XMLText.escape(value)
        guard let start = xml.range(of: "<c r=\"\(ref)\"") else {
            // A cell the writer left out: appended to its row.
            let row = ref.drop { $0.isLetter }
            let rowStart = try #require(xml.range(of: "<row r=\"\(row)\""))
            let rowEnd = try #require(xml.range(of: "</row>", range: rowStart.upperBound..<xml.endIndex))
            var out = xml
            out.insert(contentsOf: "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(escaped)</t></is></c>", at: rowEnd.lowerBound)
            return out
        }
        let tagEnd = try #require(xml.range(of: ">", range: start.upperBound..<xml.endIndex))
        let selfClosing = xml[xml.index(before: tagEnd.lowerBound)] == "/"
        let end = selfClosing ? tagEnd.upperBound : try #require(xml.range(of: "</c>", range: tagEnd.upperBound..<xml.endIndex)).upperBound
        let tag = String(xml[start.lowerBound..<tagEnd.lowerBound]).replacingOccurrences(of: "/", with: "")
        let style = tag.firstMatch(of: /s="([0-9]+)"/).map { " s=\"\($0.1)\"" } ?? ""
        var out = xml
        out.replaceSubrange(start.lowerBound..<end, with: "<c r=\"\(ref)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escaped)</t></is></c>")
        return out
    }

    static func part(_ path: String, of data: Data) throws -> Data {
        let url = TestSupport.temporaryDirectory().appendingPathComponent("x.zip")
        try data.write(to: url)
        return try TestSupport.part(path, of: url)
    }

    /// A one-project department whose nine indicators of 10 points each exercise RULES.md §2/§4:
    /// units within a dimension, words, deadlines, a cost in 元 with thousands separators, 基本达成.
    static let rulesDepartment = "880001", rulesProject = "88000126P000000000001"

    static func rulesTargets() -> String {
        let d = [rulesDepartment, "规则测试单位", "2026"]
        let p = [rulesProject, "规则测试项目", "100"]
        func row(_ level1: String, _ level2: String, _ name: String, _ target: String) -> String {
            (d + p + ["", "", "", "完成全部建设任务", "", "", "", "", level1, level2, name, "", target, "", "10"]).map(CSVWriter.escape).joined(separator: ",")
        }
        return ([TargetsCSV.columns.joined(separator: ",")] + [
            row("产出指标", "数量指标", "管网长度", "≥10公里"),
            row("产出指标", "数量指标", "绿化面积", "≥50亩"),
            row("产出指标", "数量指标", "服务人数", "≥2万人"),
            row("产出指标", "质量指标", "验收结果", "合格"),
            row("产出指标", "时效指标", "完工时间", "≤2026年12月"),
            row("产出指标", "时效指标", "验收时间", "2026年12月底前"),
            row("产出指标", "成本指标", "工程造价", "≤500万元"),
            row("效益指标", "社会效益指标", "机制建设", "有效改善"),
            row("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
        ]).joined(separator: "\n") + "\n"
    }

    /// The actuals of `rulesTargets` as a csv, one value per indicator (by 三级指标), the funds
    /// executed `executed` of the budget of 100 万元.
    static func rulesActuals(_ values: [String: String], executed: String = "95", reason: String = "") -> String {
        let code = rulesProject, name = "规则测试项目"
        var rows = [ActualsColumns.all.joined(separator: ",")]
        rows.append([code, name, "项目资金", "年度资金总额", "全年预算数", "100.00", "100", "", "", ""].joined(separator: ","))
        rows.append([code, name, "项目资金", "年度资金总额", "全年执行数", "100.00", executed, "10", "", reason].map(CSVWriter.escape).joined(separator: ","))
        for (level1, level2, level3) in [("产出指标", "数量指标", "管网长度"), ("产出指标", "数量指标", "绿化面积"), ("产出指标", "数量指标", "服务人数"),
                                         ("产出指标", "质量指标", "验收结果"), ("产出指标", "时效指标", "完工时间"), ("产出指标", "时效指标", "验收时间"),
                                         ("产出指标", "成本指标", "工程造价"), ("效益指标", "社会效益指标", "机制建设"),
                                         ("满意度指标", "服务对象满意度指标", "群众满意度")] {
            rows.append([code, name, level1, level2, level3, "", values[level3] ?? "", "10", "", ""].map(CSVWriter.escape).joined(separator: ","))
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// The score of one indicator in `explain`'s text ("= 9.00 / 10.00" after its line).
    static func score(of indicator: String, in explain: String) -> String? {
        guard let start = explain.range(of: "/ \(indicator)：") else { return nil }
        let rest = explain[start.upperBound...]
        guard let line = rest.range(of: "     = ") else { return nil }
        return String(rest[line.upperBound...].prefix { $0 != " " })
    }
}
