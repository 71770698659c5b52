import Foundation
import Testing

/// End-to-end: the filing cycle with the built `jixiao`, the unit and the bureau each acting as
/// themselves (`--as-unit`, `--as-bureau`).
@Suite("jixiao submit / return / adjust / approve / status / sample / publish")
struct CLIFilingTests {
    let cli = CLIRunner()

    func run(_ args: [String]) throws -> CLIRunner.Result { try cli.run(args + ["--db", cli.db]) }

    @Test("the cycle as a unit and a bureau run it, with every refusal on the way")
    func cycle() throws {
        try CLICompareTests.load(cli, db: cli.db)
        let unit = ["--as-unit", "342002"], bureau = ["--as-bureau"]
        let status0 = try run(["status", "--year", "2026", "--format", "json"])
        #expect(status0.status == 0 && status0.stdout.contains("\"outstanding\": true"))
        // The chase list says what submit would say: the seed department lacks one reason, so it
        // is not “可提交”, and the json names the problem.
        let chase0 = try run(["status", "--year", "2026"])
        let seedLine = try #require(chase0.stdout.components(separatedBy: "\n").last { $0.hasPrefix("342001") })
        #expect(seedLine.contains("缺 1 条偏差原因") && !seedLine.contains("可提交"), "\(seedLine)")
        #expect(chase0.stdout.components(separatedBy: "\n").last { $0.hasPrefix("342002") }?.contains("可提交") == true)
        #expect(try run(["submit", "--department", "342001", "--as-unit", "342001"]).stderr.contains("缺少偏差原因"))
        let status0JSON = try #require(try JSONSerialization.jsonObject(with: Data(status0.stdout.utf8)) as? [String: Any])
        let seedRow = try #require((status0JSON["departments"] as? [[String: Any]])?.first { $0["code"] as? String == "342001" })
        #expect(seedRow["ready_to_submit"] as? Bool == false && (seedRow["submission_problems"] as? [[String: Any]])?.first?["kind"] as? String == "reason")
        // The bureau cannot submit for a unit, and a unit cannot submit another's.
        let forbidden = try run(["submit", "--department", "342002"] + bureau)
        #expect(forbidden.status == 1 && forbidden.stderr.contains("无权提交"))
        #expect(try run(["submit", "--department", "342001", "--as-unit", "342002"]).status == 1)
        let submitted = try run(["submit", "--note", "请审核"] + unit)
        #expect(submitted.status == 0 && submitted.stdout.contains("已提交"), "\(submitted.stderr)")
        // Locked: recording is refused.
        let locked = try run(["record", TestSupport.root.appendingPathComponent("Samples/actuals-342002-2026.csv").path] + unit)
        #expect(locked.status == 1 && locked.stderr.contains("已提交，待财政审核或退回"))
        // A unit cannot approve or return; the bureau returns with comments on items.
        #expect(try run(["approve", "342002"] + unit).status == 1)
        let badReturn = try run(["return", "342002", "--comment", "总体", "--item", "13091626P00051110001A"] + bureau)
        #expect(badReturn.status == 64, "each --item needs its --comment")
        let returned = try run(["return", "342002", "--comment", "请补充佐证", "--item", "13091626P00051110001A", "--comment", "执行率须说明"] + bureau)
        #expect(returned.status == 0, "\(returned.stderr)")
        let status1 = try run(["status", "--year", "2026"] + unit)
        #expect(status1.stdout.contains("已退回") && status1.stdout.contains("执行率须说明") && !status1.stdout.contains("342001"))
        // The unit resubmits; the bureau adjusts one score and approves.
        #expect(try run(["submit"] + unit).status == 0)
        let adjusted = try run(["adjust", "342002", "13091626P00051110001A/预算执行率", "--score", "9", "--reason", "执行数含暂付款"] + bureau)
        #expect(adjusted.status == 0 && adjusted.stdout.contains("9.00"), "\(adjusted.stderr)")
        #expect(try run(["adjust", "342002", "13091626P00051110001A/预算执行率", "--score", "9", "--reason", "x"] + unit).status == 1)
        #expect(try run(["approve", "342002"] + bureau).status == 0)
        let late = try run(["adjust", "342002", "13091626P00051110001A/预算执行率", "--score", "8", "--reason", "晚了"] + bureau)
        #expect(late.status == 1 && late.stderr.contains("已审核通过，不能再复核"))
        let history = try run(["status", "--department", "342002", "--year", "2026"])
        #expect(history.stdout.components(separatedBy: "\n").filter { $0.contains("→") }.count == 4)
        let ranking = try run(["departments", "--year", "2026"] + bureau)
        #expect(ranking.stdout.contains("经财政复核：排名按复核后得分"))
        #expect(try run(["departments", "--year", "2026"] + unit).status == 1)
        // Publication: the approved department, the other listed apart.
        let out = cli.directory.appendingPathComponent("结果.csv").path
        let published = try run(["publish", "--year", "2026", "--out", out] + bureau)
        #expect(published.status == 0 && published.stderr.contains("1 个已审核单位，1 个未审核单位单列"))
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        #expect(csv.contains("13091626P00051110001A,保障性住房维修,120.00,116.40,97.00%,98.87,98.17,98.17,优"))
        #expect(csv.contains("342001,沧州临港经济技术开发区综合行政执法局本级,填报中"))
    }

    @Test("sample: the same seed draws the same projects; the list says why")
    func sample() throws {
        try CLICompareTests.load(cli, db: cli.db)
        let a = try run(["sample", "--year", "2026", "--rate", "20%", "--seed", "7", "--format", "json"])
        let b = try run(["sample", "--year", "2026", "--rate", "0.2", "--seed", "7", "--format", "json"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        #expect(a.stdout.contains("必抽：存在错误级问题（R04、R05）") && a.stdout.contains("\"candidates\": 14"))
        #expect(try run(["sample", "--rate", "150%"]).status == 64)
        let text = try run(["sample", "--year", "2026", "--seed", "7"])
        #expect(text.stdout.contains("候选 14 个项目（2 个单位），抽取 3 个"))
    }
}
