import Foundation
import Testing

/// End-to-end: the built `jixiao` on the seed.
@Suite("jixiao import / projects / show")
struct CLIImportTests {
    let cli = CLIRunner()
    var seed: String { TestSupport.seedURL.path }

    @discardableResult
    func importSeed(_ extra: [String] = []) throws -> CLIRunner.Result {
        try cli.run(["import", seed, "--db", cli.db] + extra)
    }

    @Test("import states the figures and the year it chose")
    func importSeedFigures() throws {
        let r = try importSeed()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("单位：342001 沧州临港经济技术开发区综合行政执法局本级"))
        #expect(r.stdout.contains("年度：2026（由项目编码判断"))
        #expect(r.stdout.contains("项目：12 个，预算合计 23596.72 万元"))
        #expect(r.stdout.contains("指标：63 个；部门整体指标 6 个"))
        #expect(r.stdout.contains("已导入"))
        let again = try importSeed()
        #expect(again.status == 0)
        #expect(again.stdout.contains("未做修改"))
    }

    @Test("--year overrides and is stated")
    func yearOption() throws {
        let r = try importSeed(["--year", "2025"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("年度：2025（由 --year 指定）"))
        let list = try cli.run(["projects", "--db", cli.db, "--year", "2025", "--format", "csv"])
        #expect(list.stdout.contains("13091626P00016110003L"))
    }

    @Test("projects --format json follows the stable schema")
    func projectsJSON() throws {
        try importSeed()
        let r = try cli.run(["projects", "--db", cli.db, "--format", "json"])
        #expect(r.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(root["year"] as? Int == 2026)
        let departments = try #require(root["departments"] as? [[String: Any]])
        let d = try #require(departments.first)
        #expect(d["code"] as? String == "342001")
        #expect((d["budget"] as? NSNumber)?.decimalValue == TestSupport.decimal("23596.72"))
        let goals = try #require(d["goals"] as? [[String: Any]])
        #expect(goals.count == 6)
        #expect(goals[0]["name"] as? String == "通畅率")
        #expect(goals[0]["target"] as? String == "≥96%")
        #expect(goals[0]["comparator"] as? String == "≥")
        #expect(goals[0]["value"] as? Int == 96)
        #expect(goals[0]["unit"] as? String == "%")
        let projects = try #require(d["projects"] as? [[String: Any]])
        #expect(projects.count == 12)
        let p = projects[0]
        #expect(p["code"] as? String == "13091626P00016110003L")
        #expect(p["name"] as? String == "城管综合治理")
        #expect((p["budget"] as? NSNumber)?.decimalValue == 19)
        let plan = try #require(p["spending_plan"] as? [[String: Any]])
        #expect(plan.map { $0["month"] as? Int } == [3, 6, 10, 12])
        #expect(plan.map { ($0["cumulative"] as? NSNumber)?.decimalValue } == ["4.75", "9.5", "14.25", "19"].map(TestSupport.decimal))
        let i = try #require((p["indicators"] as? [[String: Any]])?.first)
        #expect(i["level1"] as? String == "产出指标")
        #expect(i["level2"] as? String == "时效指标")
        #expect(i["level3"] as? String == "完成及时率")
        #expect(i["target"] as? String == "≥90百分数")
        #expect(i["kind"] as? String == "quantitative")
        #expect(i["comparator"] as? String == "≥")
        #expect(i["value"] as? Int == 90)
        #expect(i["unit"] as? String == "%")
        #expect(r.stdout.contains("\"budget\": 19.0,"))
        #expect(r.stdout.contains("\"cumulative\": 4.75"))
        try Golden.check(r.stdout, "projects.json")
    }

    @Test("projects as text lines up Chinese; csv has a total row")
    func projectsText() throws {
        try importSeed()
        let r = try cli.run(["projects", "--db", cli.db])
        #expect(r.status == 0)
        try Golden.check(r.stdout, "projects.txt")
        let csv = try cli.run(["projects", "--db", cli.db, "--format", "csv"])
        let rows = csv.stdout.split(separator: "\r\n")
        #expect(rows.count == 14)
        #expect(rows.last == "合计,,,12 个项目,23596.72,63")
        try Golden.check(try cli.run(["projects", "--db", cli.db, "--format", "markdown"]).stdout, "projects.md")
    }

    @Test("show prints a project's 绩效目标表, or the department's goals")
    func show() throws {
        try importSeed()
        let r = try cli.run(["show", "13091625P00001910004B", "--db", cli.db])
        #expect(r.status == 0)
        try Golden.check(r.stdout, "show-13091625P00001910004B.txt")
        let json = try cli.run(["show", "13091626P00016110003L", "--db", cli.db, "--format", "json"])
        try Golden.check(json.stdout, "show-13091626P00016110003L.json")
        let dept = try cli.run(["show", "342001", "--db", cli.db])
        #expect(dept.status == 0)
        try Golden.check(dept.stdout, "show-342001.txt")
        let missing = try cli.run(["show", "NOPE", "--db", cli.db])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("没有编码为 NOPE"))
    }

    @Test("text columns line up: every row of the table has the same display width up to the last column")
    func alignment() throws {
        try importSeed()
        let out = try cli.run(["projects", "--db", cli.db]).stdout
        let lines = out.split(separator: "\n").map(String.init).filter { $0.contains("13091") }
        // The budget column is right-aligned: it ends at the same display column on every row.
        let ends = lines.map { line -> Int in
            let upToBudget = line.range(of: #"\d+\.\d\d"#, options: .regularExpression)!.upperBound
            return JixiaoWidth.of(String(line[..<upToBudget]))
        }
        #expect(Set(ends).count == 1, "\(ends)")
    }

    @Test("JIXIAO_DB chooses the database; ./jixiao.sqlite is the default")
    func databaseLocation() throws {
        if cli.onPostgres {
            // The runner sets JIXIAO_DB to its PostgreSQL database: no file is made.
            #expect(try cli.run(["import", seed], environment: ["JIXIAO_DB": cli.db]).status == 0)
            #expect(cli.databaseExists)
            #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("jixiao.sqlite").path))
            return
        }
        let envDB = cli.directory.appendingPathComponent("env.sqlite").path
        #expect(try cli.run(["import", seed], environment: ["JIXIAO_DB": envDB]).status == 0)
        #expect(FileManager.default.fileExists(atPath: envDB))
        #expect(!cli.databaseExists)
        #expect(try cli.run(["import", seed]).status == 0)
        #expect(cli.databaseExists)
    }

    @Test("a read before any import says what to do and creates nothing")
    func noDatabase() throws {
        let r = try cli.run(["projects"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("不存在"))
        #expect(r.stderr.contains("jixiao import"))
        #expect(!cli.databaseExists)
    }

    @Test("bad input: error with the line, non-zero exit, database unchanged")
    func badInput() throws {
        try importSeed()
        let before = try cli.run(["projects", "--db", cli.db, "--format", "json"]).stdout
        let lines = TestSupport.seedText.components(separatedBy: "\n")
        var changed = lines
        changed[47] = "\t十九万"
        let cases: [(String, String, String)] = [
            ("empty.txt", "", "文件为空"),
            ("cut.txt", lines.prefix(83).joined(separator: "\n"), "cut.txt:83"),
            ("budget.txt", changed.joined(separator: "\n"), "budget.txt:48"),
            ("nocode.txt", { var c = lines; c.removeSubrange(40...41); return c.joined(separator: "\n") }(), "缺少项目编码"),
        ]
        for (name, text, expected) in cases {
            let path = try cli.write(name, text)
            let r = try cli.run(["import", path, "--db", cli.db])
            #expect(r.status == 1, "\(name)")
            #expect(r.stderr.contains(expected), "\(name): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        let binary = cli.directory.appendingPathComponent("bin.txt")
        try Data([0x00, 0x01, 0x02, 0x03]).write(to: binary)
        #expect(try cli.run(["import", binary.path, "--db", cli.db]).status == 1)
        let legacy = try cli.write("old.xls", "x")
        let r = try cli.run(["import", legacy, "--db", cli.db])
        #expect(r.status == 1)
        #expect(r.stderr.contains("libreoffice --headless --convert-to xlsx"))
        #expect(try cli.run(["import", "/nonexistent/file.txt", "--db", cli.db]).stderr.contains("文件不存在"))
        let after = try cli.run(["projects", "--db", cli.db, "--format", "json"]).stdout
        #expect(before == after)
    }

    @Test("a file wrong on every line lists the first 200 errors and counts the rest")
    func manyErrors() throws {
        let synth = try cli.run(["synth", "--departments", "1", "--projects", "40", "--out", "gen"])
        #expect(synth.status == 0, "\(synth.stderr)")
        let csv = try String(contentsOfFile: cli.directory.appendingPathComponent("gen/targets-2026/300001.csv").path, encoding: .utf8)
        var lines = csv.components(separatedBy: .newlines).filter { !$0.isEmpty }
        for i in 1..<lines.count {  // every row's 预算数 (column 6) made non-numeric
            var fields = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[5] = "待定"
            lines[i] = fields.joined(separator: ",")
        }
        #expect(lines.count > 250)
        let r = try cli.run(["import", try cli.write("bad.csv", lines.joined(separator: "\n") + "\n"), "--db", cli.db])
        #expect(r.status == 1)
        let listed = r.stderr.split(separator: "\n").filter { $0.contains("错误:") }
        #expect(listed.count == 200)
        #expect(listed.first?.contains("bad.csv:2:") == true)
        let total = try #require(r.stderr.firstMatch(of: /共 (\d+) 处错误，未做任何修改。/).flatMap { Int($0.1) })
        #expect(total > 250)
        #expect(r.stderr.contains("…… 另有 \(total - 200) 条未列出"))
        #expect(!cli.databaseExists)
    }

    @Test("a folder imports file by file: read on all cores, stored in order, bad files reported and skipped")
    func folderImport() throws {
        // 11 generated departments: two batches of reading (8 + 3), with a bad file in each.
        let synth = try cli.run(["synth", "--departments", "11", "--projects", "3", "--years", "1", "--seed", "3", "--out", "gen"])
        #expect(synth.status == 0, "\(synth.stderr)")
        let folder = cli.directory.appendingPathComponent("gen/targets-2026")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(files.count == 11)
        for bad in [files[2], files[9]] { try Data("项目编码,项目名称\n".utf8).write(to: folder.appendingPathComponent(bad)) }
        let r = try cli.run(["import", folder.path, "--db", cli.db])
        #expect(r.status == 1)
        #expect(r.stdout.contains("11 个文件：导入 9，未变 0，替换 0，失败 2。"), "\(r.stdout)")
        // Errors in file order, each naming its file.
        let named = r.stderr.split(separator: "\n").compactMap { line in [files[2], files[9]].first { line.contains($0) } }
        #expect(Array(Set(named)).sorted() == [files[2], files[9]] && named.first == files[2])
        let again = try cli.run(["import", folder.path, "--db", cli.db])
        #expect(again.stdout.contains("11 个文件：导入 0，未变 9，替换 0，失败 2。"), "\(again.stdout)")
        let listed = try cli.run(["departments", "--year", "2026", "--db", cli.db, "--format", "csv"])
        #expect(listed.stdout.split(whereSeparator: \.isNewline).count == 9 + 1)  // csv lines end in CRLF
    }

    @Test("a bad file does not even create the database")
    func badInputNoDatabase() throws {
        let path = try cli.write("empty.txt", "")
        #expect(try cli.run(["import", path]).status == 1)
        #expect(!cli.databaseExists)
    }

    @Test("usage errors exit 64; messages are plain without a terminal")
    func usage() throws {
        try importSeed()
        let r = try cli.run(["projects", "--db", cli.db, "--format", "bogus"])
        #expect(r.status == 64)
        let year = try cli.run(["projects", "--db", cli.db, "--year", "26"])
        #expect(year.status == 64)
        #expect(year.stderr.contains("四位年份"))
        let bad = try cli.run(["show", "X", "--db", cli.db], environment: ["NO_COLOR": "1"])
        #expect(!bad.stderr.contains("\u{1B}["))
    }
}
