import Foundation
import Testing

/// Help that tells the truth (issue 16): every subcommand's `--help` names the formats it accepts,
/// and each one advertised is run and must work; other formats and `--out` extensions are refused
/// with the list.
@Suite("help lists exactly the formats each command accepts")
struct CLIHelpTests {
    let cli = CLIRunner()

    init() throws {
        try cli.loadSeedWithSampleActuals()
        for file in ["2025/targets-342001-2025.txt"] {
            let r = try cli.run(["import", TestSupport.root.appendingPathComponent("Samples/\(file)").path, "--db", cli.db])
            precondition(r.status == 0, r.stderr)
        }
        // Spending rows, so that `monitor` has something to show in every format.
        let spending = try cli.run(["record", TestSupport.root.appendingPathComponent("Samples/spending-2026.csv").path, "--db", cli.db])
        precondition(spending.status == 0, spending.stderr)
    }

    /// The subcommands `jixiao --help` lists.
    func subcommands() throws -> [String] {
        let help = try cli.run(["--help"]).stdout
        let part = help.components(separatedBy: "SUBCOMMANDS:")[1]
        return part.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        }.filter { !$0.isEmpty && $0 != "See" }
    }

    /// The formats a command's `--format` help names ("输出格式：text、json（…）"), nil when it has none.
    func advertised(_ command: [String]) throws -> [String]? {
        let help = try cli.run(command + ["--help"]).stdout
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("--format") }) else { return nil }
        var text = ""
        for line in lines[start...] {
            if line != lines[start], line.trimmingCharacters(in: .whitespaces).hasPrefix("-") { break }
            text += line.trimmingCharacters(in: .whitespaces)
        }
        guard let match = text.firstMatch(of: /输出格式[^：]*：([a-z、]+)/) else {
            Issue.record("\(command.joined(separator: " ")) --help does not say which formats: \(text)")
            return []
        }
        #expect(!text.contains("values:"), "\(command): the parser's list of every format is not shown")
        return match.1.split(separator: "、").map(String.init)
    }

    /// The arguments a command needs to run on the test database.
    func arguments(_ command: String) -> [String]? {
        let audit = TestSupport.root.appendingPathComponent("Tests/JixiaoTests/Fixtures/audit/flat-greening.csv").path
        switch command {
        case "show", "history": return ["13091626P00024110002A"]
        case "evaluate": return [TestSupport.seedURL.path, "--actuals", TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv").path]
        case "audit": return [audit]
        case "compare": return ["--years", "2025", "2026"]
        case "sample": return ["--rate", "20%"]
        default: return []
        }
    }

    @Test("every advertised format of every subcommand runs; the parser's full list is never shown")
    func everyAdvertisedFormatRuns() throws {
        var tried = 0
        let commands = try subcommands()
        #expect(commands.contains("report") && commands.contains("score") && commands.contains("history"))
        for command in commands {
            guard let formats = try advertised([command]), let args = arguments(command) else { continue }
            let help = try cli.run([command, "--help"]).stdout
            let db = help.contains("--db") ? ["--db", cli.db] : [], force = help.contains("--force") ? ["--force"] : []
            #expect(!formats.isEmpty, "\(command)")
            for format in formats {
                let out = cli.directory.appendingPathComponent("\(command)-out.\(format == "markdown" ? "md" : format == "text" ? "txt" : format)").path
                let binary = ["xlsx", "docx"].contains(format) || command == "publish"
                let r = try cli.run([command] + args + ["--format", format] + db + (binary ? ["--out", out] + force : []))
                #expect(r.status == 0, "\(command) --format \(format): \(r.stderr)")
                if binary { #expect(FileManager.default.fileExists(atPath: out), "\(command) --format \(format) wrote nothing") }
                else { #expect(!r.stdout.isEmpty, "\(command) --format \(format) printed nothing") }
                tried += 1
            }
        }
        #expect(tried >= 50)
        // score offered html, xlsx and docx before and then refused them: now it names text and json only.
        #expect(try advertised(["score"]) == ["text", "json"])
        #expect(try advertised(["projects"]) == ["text", "markdown", "json", "csv"])
        #expect(try advertised(["history"]) == ["text", "json", "csv"])
    }

    @Test("report --out x.pdf, or an extension that contradicts --format, is refused with the formats accepted")
    func refusedExtensions() throws {
        let pdf = try cli.run(["report", "--db", cli.db, "--out", cli.directory.appendingPathComponent("x.pdf").path])
        #expect(pdf.status == 64)
        #expect(pdf.stderr.contains("不能写 .pdf 文件：report 支持的格式为 text、markdown、html、json、csv、xlsx、docx"), "\(pdf.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("x.pdf").path))
        let mismatch = try cli.run(["report", "--db", cli.db, "--format", "json", "--out", cli.directory.appendingPathComponent("x.csv").path])
        #expect(mismatch.status == 64 && mismatch.stderr.contains("--format json 与 --out 的扩展名 .csv 不一致"))
        let docx = try cli.run(["departments", "--db", cli.db, "--format", "docx", "--out", cli.directory.appendingPathComponent("d.docx").path])
        #expect(docx.status == 64 && docx.stderr.contains("不能写 .docx 文件：departments 支持的格式为 text、markdown、html、json、csv、xlsx"))
        let stdout = try cli.run(["departments", "--db", cli.db, "--format", "docx"])
        #expect(stdout.status == 64 && stdout.stderr.contains("departments 不支持 docx 格式。支持的格式：text、markdown、html、json、csv、xlsx"))
        let score = try cli.run(["score", "--db", cli.db, "--format", "html"])
        #expect(score.status == 64)
        let narrative = try cli.run(["report", "--db", cli.db, "--narrative", "--format", "csv"])
        #expect(narrative.status == 64 && narrative.stderr.contains("--narrative 支持的格式：text、markdown、html、docx"))
        let written = try cli.run(["report", "--db", cli.db, "--narrative", "--out", cli.directory.appendingPathComponent("n.docx").path, "--filer", "张三"])
        #expect(written.status == 0, "\(written.stderr)")
    }

    @Test("import's overview names every input format; --year says where its default comes from")
    func importAndYearHelp() throws {
        let help = try cli.run(["import", "--help"]).stdout.filter { !$0.isWhitespace }
        for format in [".txt", ".docx", ".xlsx", ".csv"] { #expect(help.contains(format)) }
        #expect(help.contains("由文件中的“年度”列给出，否则按多数项目编码中的年份判断"))
        let report = try cli.run(["report", "--help"]).stdout.filter { !$0.isWhitespace }
        #expect(report.contains("默认：数据库中最近的年度，即已导入的目标表中最大的年份"))
    }

    @Test("the footer from a config file in the current directory, the options over it")
    func footerFile() throws {
        _ = try cli.write("jixiao-report.conf", "filer: 张三\n联系电话：0317-1234567\n")
        let r = try cli.run(["report", "--db", cli.db, "--phone", "0317-7654321"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("填报人：张三　　联系电话：0317-7654321　　填报日期：__________"))
        _ = try cli.write("bad.conf", "signer: 李四\n")
        let bad = try cli.run(["report", "--db", cli.db, "--footer-file", "bad.conf"])
        #expect(bad.status == 1 && bad.stderr.contains("bad.conf:1") && bad.stderr.contains("不认识的项目“signer”"))
    }
}
