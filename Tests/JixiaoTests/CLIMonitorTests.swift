import Foundation
import JixiaoDocuments
import Testing

/// End-to-end with the built `jixiao`: recording spending rows and `jixiao monitor`.
@Suite("jixiao record (执行进度) / monitor")
struct CLIMonitorTests {
    let cli = CLIRunner()
    let spending = TestSupport.root.appendingPathComponent("Samples/spending-2026.csv").path
    static let city = "13091626P00016110003L"  // 城管综合治理, 19 万元, plan 25 / 50 / 75 / 100 %
    static let platform = "13091626P00P4LL10011W"  // 危化品车辆管理平台系统建设, stuck at 30 %

    init() throws {
        for file in ["000_969f7bf0a7ef26b4.txt", "2025/targets-342001-2025.txt"] {
            let r = try cli.run(["import", TestSupport.root.appendingPathComponent("Samples/\(file)").path, "--db", cli.db])
            precondition(r.status == 0, r.stderr)
        }
    }

    @Test("the sample: recorded, 6月底 and 10月底 with lights, reasons and the stuck project in 红; json and csv; history kept")
    func sample() throws {
        let r = try cli.run(["record", spending, "--db", cli.db])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("新增 124 行"))
        let june = try cli.run(["monitor", "--month", "6", "--db", cli.db])
        #expect(june.status == 0, "\(june.stderr)")
        #expect(june.stdout.contains("截至6月底 · 序时进度 50.00%"))
        #expect(june.stdout.contains("项目 绿 8 黄 3 红 1"))
        #expect(june.stdout.contains("政府采购流程延后"))
        let october = try cli.run(["monitor", "--month", "10", "--format", "json", "--db", cli.db])
        #expect(october.status == 0, "\(october.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(october.stdout.utf8)) as? [String: Any])
        #expect(json["month"] as? Int == 10)
        let projects = try #require(((json["departments"] as? [[String: Any]])?.first?["projects"]) as? [[String: Any]])
        let stuck = try #require(projects.first { $0["code"] as? String == Self.platform })
        #expect(stuck["light"] as? String == "red")
        #expect((stuck["actual_rate"] as? NSNumber)?.decimalValue == 30)
        #expect((stuck["reason"] as? String)?.contains("供应商未按期交付") == true)
        // Default month: the latest with a row.
        #expect(try cli.run(["monitor", "--db", cli.db]).stdout.contains("截至10月底（最近报送月份）"))
        let csv = try cli.run(["monitor", "--month", "10", "--format", "csv", "--db", cli.db])
        #expect(csv.stdout.contains("\(Self.platform),危化品车辆管理平台系统建设,10,650.00,360.00"))
        // Again: nothing changes; a correction keeps the old value.
        #expect(try cli.run(["record", spending, "--db", cli.db]).stdout.contains("未变 124 行"))
        let fixed = try cli.write("fix.csv", "项目编码,月份,累计支出（万元）\n\(Self.city),10,15.50\n")
        #expect(try cli.run(["record", fixed, "--db", cli.db]).stdout.contains("修改 1 行"))
        #expect(try cli.run(["monitor", "--month", "10", "--format", "csv", "--db", cli.db]).stdout.contains("\(Self.city),城管综合治理,10,19.00,14.25,75.00,83.33,15.50"))
    }

    @Test("the bureau's view: 红 / 黄 projects by the money behind the plan; a unit may not ask for it")
    func all() throws {
        #expect(try cli.run(["record", spending, "--db", cli.db]).status == 0)
        let r = try cli.run(["monitor", "--all", "--month", "10", "--format", "csv", "--db", cli.db])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try CSVParser.parse(r.stdout).map(\.fields).dropFirst()
        // 东区雨水 (2519.73 behind), 危化品平台 (165 behind), 路灯电费 (34.4 behind).
        #expect(rows.map { $0[2] } == ["13091625P00001910004B", Self.platform, "13091626P00031510001F"])
        #expect(rows.map { $0[12] } == ["2519.73", "165.00", "34.40"])
        let unit = try cli.run(["monitor", "--all", "--as-unit", "342001", "--db", cli.db])
        #expect(unit.status != 0)
        #expect(unit.stderr.contains("只能查看本单位"))
        let html = try cli.run(["monitor", "--month", "10", "--format", "html", "--db", cli.db])
        #expect(html.stdout.contains("<svg") && html.stdout.contains("light-red") && !html.stdout.contains("<script"))
    }

    @Test("bad spending rows are refused with file:line and nothing is written", arguments: [
        ("decreasing", "\(city),3,5\n\(city),6,4\n", "bad.csv:3", "逐月减少"),
        ("month 13", "\(city),13,5\n", "bad.csv:2", "不在 1–12"),
        ("another year's project", "\(city),3,1\n13091625P00016110003L,6,1\n", "bad.csv:3", "属于 2025 年度"),
        ("unknown project", "\(city),3,1\nNOPE,6,1\n", "bad.csv:3", "未知的项目编码"),
    ])
    func refused(_ name: String, _ rows: String, _ location: String, _ message: String) throws {
        let file = try cli.write("bad.csv", "项目编码,月份,累计支出（万元）\n" + rows)
        let r = try cli.run(["record", file, "--db", cli.db])
        #expect(r.status != 0, "\(name) accepted")
        #expect(r.stderr.contains(location), "\(name): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(name): \(r.stderr)")
        let after = try cli.run(["monitor", "--db", cli.db])
        #expect(after.status != 0)
        #expect(after.stderr.contains("还没有录入任何执行进度"), "\(name): something was written")
    }

    @Test("元 and 万元: a budget system's export in 元 reads as 万元")
    func yuan() throws {
        let file = try cli.write("yuan.csv", "项目编码,项目名称,月份,累计支出（元）\n\(Self.city),城管综合治理,2026-06,\"95,000.00\"\n")
        #expect(try cli.run(["record", file, "--db", cli.db]).status == 0)
        let r = try cli.run(["monitor", "--month", "6", "--format", "csv", "--db", cli.db])
        #expect(r.stdout.contains("\(Self.city),城管综合治理,6,19.00,9.50,50.00,50.00,9.50,50.00,0.00"), "\(r.stdout)")
    }
}
