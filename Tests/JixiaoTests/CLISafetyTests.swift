import Foundation
import GRDB
import GRDBSQLite
import JixiaoApp
import JixiaoStore
import Testing

/// End-to-end: what the built `jixiao` refuses to destroy, and how it behaves next to another
/// program (issue 14: outputs over the database, runs cut short, concurrent creation, busy and
/// read-only databases).
@Suite("jixiao: outputs, locks and killed runs")
struct CLISafetyTests {
    let cli = CLIRunner()

    /// The database still opens and holds the seed.
    func databaseIntact(_ db: String) throws {
        let r = try cli.run(["projects", "--db", db, "--format", "json"])
        #expect(r.status == 0 && r.stdout.contains("13091626P00P4LL10011W"), "\(r.stderr)")
    }

    @Test("a report is never written over the database: by path, -wal, symbolic or hard link",
          .sqliteFileOnly("links and -wal files of the SQLite database file; a PostgreSQL database is no file"))
    func outputOverDatabase() throws {
        try cli.loadSeedWithSampleActuals()
        let dir = cli.directory.path
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/link.txt", withDestinationPath: cli.db)
        try FileManager.default.linkItem(atPath: cli.db, toPath: "\(dir)/hard.html")
        for out in [cli.db, "\(dir)/./jixiao.sqlite"] {
            // No report is written as .sqlite: refused with the formats before the file is looked at.
            let r = try cli.run(["report", "--db", cli.db, "--out", out, "--force"])
            #expect(r.status == 64 && r.stderr.contains("支持的格式"), "\(out): \(r.stderr)")
        }
        for out in ["\(dir)/link.txt", "\(dir)/hard.html"] {
            let r = try cli.run(["report", "--db", cli.db, "--out", out, "--force"])
            #expect(r.status == 1 && r.stderr.contains("输出文件就是"), "\(out): \(r.stderr)")
        }
        // With a reader open, the -wal file exists: it is refused too.
        let queue = try DatabaseQueue(path: cli.db)
        try queue.read { _ = try Int.fetchOne($0, sql: "SELECT count(*) FROM project") }
        if FileManager.default.fileExists(atPath: cli.db + "-wal") {
            let r = try cli.run(["report", "--db", cli.db, "--out", cli.db + "-wal", "--format", "text", "--force"])
            #expect(r.status == 64 && r.stderr.contains("支持的格式"))
            try FileManager.default.createSymbolicLink(atPath: "\(dir)/wal.txt", withDestinationPath: cli.db + "-wal")
            let linked = try cli.run(["report", "--db", cli.db, "--out", "\(dir)/wal.txt", "--force"])
            #expect(linked.status == 1 && linked.stderr.contains("数据库的附属文件"), "\(linked.stderr)")
        }
        try queue.close()
        try databaseIntact(cli.db)
        let template = try cli.run(["template", "--db", cli.db, "--out", "\(dir)/hard.csv"])
        #expect(template.status == 0)
        try FileManager.default.removeItem(atPath: "\(dir)/hard.csv")
        try FileManager.default.linkItem(atPath: cli.db, toPath: "\(dir)/hard.csv")
        #expect(try cli.run(["template", "--db", cli.db, "--out", "\(dir)/hard.csv", "--force"]).status == 1)
        try databaseIntact(cli.db)
    }

    @Test("an output onto an input of the same command is refused before anything is written")
    func outputOverInput() throws {
        let actuals = cli.directory.appendingPathComponent("actuals.csv").path
        try FileManager.default.copyItem(atPath: TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv").path, toPath: actuals)
        let before = try Data(contentsOf: URL(fileURLWithPath: actuals))
        let r = try cli.run(["evaluate", TestSupport.seedURL.path, "--actuals", actuals, "--out", actuals, "--format", "csv", "--db", cli.db])
        #expect(r.status == 1 && r.stderr.contains("输出文件就是"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: actuals)) == before)
        #expect(!cli.databaseExists, "refused before the database was created")
        let audit = try cli.run(["audit", actuals, "--out", actuals, "--force"])
        #expect(audit.status == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: actuals)) == before)
    }

    @Test("an existing file of another kind is overwritten only with --force; an earlier report is replaced")
    func overwriteRules() throws {
        try cli.loadSeedWithSampleActuals()
        let workbook = try cli.write("mine.xlsx", "not a workbook of ours")
        let refused = try cli.run(["report", "--db", cli.db, "--out", workbook])
        #expect(refused.status == 1 && refused.stderr.contains("--force"))
        #expect(try String(contentsOfFile: workbook, encoding: .utf8) == "not a workbook of ours")
        #expect(try cli.run(["report", "--db", cli.db, "--out", workbook, "--force"]).status == 0)
        #expect(try cli.run(["report", "--db", cli.db, "--out", workbook]).status == 0, "a report of the same kind is replaced")
        let docx = cli.directory.appendingPathComponent("r.docx").path
        #expect(try cli.run(["report", "--db", cli.db, "--out", docx]).status == 0)
        #expect(try cli.run(["report", "--db", cli.db, "--out", docx, "--format", "xlsx"]).status == 64, "a docx is not an xlsx")
        let renamed = cli.directory.appendingPathComponent("r-copy.xlsx").path
        try FileManager.default.copyItem(atPath: docx, toPath: renamed)
        #expect(try cli.run(["report", "--db", cli.db, "--out", renamed]).status == 1, "a docx named .xlsx is not overwritten")
        let html = try cli.write("r.html", "<!DOCTYPE html><p>old</p>")
        #expect(try cli.run(["report", "--db", cli.db, "--out", html]).status == 0)
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("自评"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test("many programs creating one database at once all succeed",
          .sqliteFileOnly("creates SQLite files; PostgresConcurrencyTests migrates one PostgreSQL database from several processes"))
    func concurrentCreation() throws {
        for round in 0..<12 {
            let db = cli.directory.appendingPathComponent("c\(round).sqlite").path
            let processes = try (0..<3).map { _ -> Process in
                let p = Process()
                p.executableURL = CLIRunner.executable
                p.arguments = ["import", TestSupport.seedURL.path, "--db", db]
                p.standardOutput = FileHandle.nullDevice
                p.standardError = FileHandle.nullDevice
                try p.run()
                return p
            }
            for p in processes { p.waitUntilExit() }
            #expect(processes.allSatisfy { $0.terminationStatus == 0 }, "round \(round): \(processes.map(\.terminationStatus))")
            try databaseIntact(db)
        }
    }

    @Test("a database locked by another program: a message while waiting, then 数据库正被其他程序使用, nothing written",
          .sqliteFileOnly("holds SQLite's file lock with sqlite3; PostgreSQL writers wait on row and advisory locks (PostgresConcurrencyTests)"))
    func busyDatabase() throws {
        try cli.loadSeedWithSampleActuals()
        var holder: OpaquePointer?
        #expect(sqlite3_open(cli.db, &holder) == SQLITE_OK)
        #expect(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nil, nil, nil) == SQLITE_OK)
        let r = try cli.run(["record", TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv").path, "--db", cli.db, "--busy-timeout", "2"])
        sqlite3_exec(holder, "ROLLBACK", nil, nil, nil)
        sqlite3_close(holder)
        #expect(r.status == 1)
        #expect(r.stderr.contains("等待中（最多 2 秒）"))
        #expect(r.stderr.contains("正被其他程序使用（等待 2 秒后仍未释放）"))
        #expect(!r.stderr.contains("请确认它是 Jixiao 的 SQLite 数据库文件"))
    }

    @Test("a score killed midway leaves no visible run; the next score removes what it left")
    func killedScore() async throws {
        let db = cli.db
        #expect(try cli.run(["synth", "--departments", "640", "--projects", "3", "--db", db]).status == 0)
        let p = Process()
        p.executableURL = CLIRunner.executable
        p.arguments = ["score", "--db", db]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Killed once the first chunk is printed (stored), well before the tenth.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("300001") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal, "the run was killed before it finished")
        #expect(try cli.scalar("SELECT count(*) FROM score_run WHERE complete = 0") == 1)
        #expect(try await Stores.open(db, access: .write).scoreRuns(year: 2026).isEmpty, "readers see no run")
        #expect(try cli.run(["score", "--db", db]).status == 0)
        #expect(try cli.scalar("SELECT count(*) FROM score_run") == 1)
        #expect(try cli.scalar("SELECT count(DISTINCT run_id) FROM department_score") == 1)
        #expect(try cli.scalar("SELECT count(*) FROM department_score") == 640)
    }

    @Test("a database in a read-only location is read by the commands that only read",
          .sqliteFileOnly("file and folder permissions of the SQLite file"))
    func readOnlyLocation() throws {
        try cli.loadSeedWithSampleActuals()
        let dir = cli.directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        func run(_ args: [String]) throws -> (Int32, String) {
            let p = Process()
            if getuid() == 0 {
                // root writes anywhere: the check runs as nobody, for whom the folder is read-only.
                p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
                p.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", CLIRunner.executable.path] + args
            } else {
                p.executableURL = CLIRunner.executable
                p.arguments = args
            }
            p.environment = env
            p.currentDirectoryURL = URL(fileURLWithPath: "/")
            let err = Pipe()
            p.standardError = err
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            return (p.terminationStatus, text)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: cli.db)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path) }
        for args in [["projects"], ["show", "342001"], ["report"], ["explain", "13091626P00024110002A"], ["departments"]] {
            let (status, err) = try run(args + ["--db", cli.db])
            #expect(status == 0, "\(args): \(err)")
        }
        let (status, err) = try run(["score", "--db", cli.db])
        #expect(status == 1 && err.contains("只读"), "\(err)")
    }
}
