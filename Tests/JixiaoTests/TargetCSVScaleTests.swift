import Foundation
import JixiaoDocuments
import JixiaoModel
import Testing

/// Issue 14, point 8: one target csv of a large department reads in time linear in its rows. A
/// search of the project list per row made 20,000 projects take 46 s (release build) and 80,000
/// not finish in ten minutes; the time limit fails that and leaves a wide margin for a slow day.
@Suite("Target csv at scale")
struct TargetCSVScaleTests {
    /// `projects` projects of `rows` indicator rows each, in one department.
    static func csv(projects: Int, rows: Int) -> Data {
        var text = TargetsCSV.columns.joined(separator: ",") + "\n"
        for p in 1...projects {
            for r in 1...rows {
                text += "342001,单位,2026,13091626P\(String(format: "%012d", p)),项目\(p),\(r == 1 ? "10.00" : ""),,,,,,,,,产出指标,数量指标,指标\(r),,≥\(r)个,,\n"
            }
        }
        return Data(text.utf8)
    }

    @Test("20,000 projects in one csv", .timeLimit(.minutes(1)))
    func twentyThousand() throws {
        let d = try TargetsCSV.read(data: Self.csv(projects: 20_000, rows: 2), fileName: "big.csv", year: nil).department
        #expect(d.projects.count == 20_000)
        #expect(d.projects.allSatisfy { $0.indicators.count == 2 })
        #expect(d.projects.last?.code == "13091626P000000020000")
    }
}
