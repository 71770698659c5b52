import Foundation
@testable import JixiaoEngine
@testable import JixiaoModel
@testable import JixiaoStore
import Testing

/// Finding codes and actuals errors are typed values; their text is what the JSON, the store and
/// the messages always carried.
@Suite("Typed codes and errors")
struct TypedCodesTests {
    @Test("finding codes: R01–R24, each with a title, written as their text")
    func codes() throws {
        #expect(FindingCode.allCases.map(\.rawValue) == (1...24).map { String(format: "R%02d", $0) })
        #expect(FindingCode.allCases.allSatisfy { !$0.title.isEmpty && Finding.titles[$0.rawValue] == $0.title })
        let f = Finding(.r07, .warning, owner: "P1", "空白")
        let json = String(decoding: try JSONEncoder().encode(f), as: UTF8.self)
        #expect(json.contains("\"code\":\"R07\""))
        #expect(try JSONDecoder().decode(Finding.self, from: Data(json.utf8)) == f)
        #expect(FindingCode(stored: "R14") == .r14 && FindingCode(stored: "X99") == .r07)
        #expect(f.diagnostic.code == "R07")
    }

    @Test("actuals errors: the message is built from the case")
    func actualsErrors() {
        #expect(ActualsError.emptyCode.description == "项目编码为空。每行都应填写项目编码（部门整体指标填单位编码）。")
        #expect(ActualsError.unknownCode(code: "NOPE", rows: 3, year: "2026 年度", suggestion: nil).description
            == "未知的项目编码 NOPE（共 3 行）：数据库中 2026 年度没有这个项目或单位。请核对编码，或先导入对应的绩效目标表。")
        #expect(ActualsError.unknownCode(code: "P2", rows: 1, year: "2026 年度", suggestion: "是否为 P1 道路？").description
            == "未知的项目编码 P2：数据库中 2026 年度没有这个项目或单位。是否为 P1 道路？请核对编码，或先导入对应的绩效目标表。")
        #expect(ActualsError.badPoints(raw: "-1") != ActualsError.badScore(raw: "-1"))
    }

    @Test("positional reads: every position names a column of the SQL it indexes")
    func selectedColumns() {
        #expect(IndicatorRead.sql.hasPrefix("SELECT level1, level2, level3,"))
        #expect(IndicatorRead.columns.names[Int(IndicatorRead.position)] == "position")
        #expect(ProjectRead.columns.names[Int(ProjectRead.planForm)] == "plan_form")
        #expect(ActualRead.columns.names[Int(ActualRead.rowid)] == "rowid" && ActualRead.sql.contains("FROM actual WHERE department_code = ? AND year = ?"))
    }
}
