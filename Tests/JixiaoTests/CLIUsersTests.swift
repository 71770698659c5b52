import Foundation
import Testing

/// `jixiao users` and `jixiao serve`'s option checks, through the built binary.
@Suite("jixiao users / serve")
struct CLIUsersTests {
    let cli = CLIRunner()

    @Test("users add (password file or stdin), refusals, list, disable, reset-password")
    func users() throws {
        let seed = TestSupport.root.appendingPathComponent("Samples/000_969f7bf0a7ef26b4.txt").path
        #expect(try cli.run(["import", seed, "--db", cli.db]).status == 0)
        let pw = cli.directory.appendingPathComponent("pw.txt")
        try Data("s3cret-pass\n".utf8).write(to: pw)
        let add = try cli.run(["users", "add", "caizheng", "--bureau", "--password-file", pw.path, "--db", cli.db])
        #expect(add.status == 0 && add.stderr == "已添加用户 caizheng（财政局）。\n")
        let unit = try cli.run(["users", "add", "zhifaju", "--department", "342001", "--password-file", pw.path, "--db", cli.db])
        #expect(unit.status == 0 && unit.stderr.contains("单位 342001"))
        let unknown = try cli.run(["users", "add", "x", "--department", "999999", "--password-file", pw.path, "--db", cli.db])
        #expect(unknown.status == 1 && unknown.stderr.contains("数据库中没有单位 999999（已有：342001）"))
        let both = try cli.run(["users", "add", "x", "--department", "342001", "--bureau", "--db", cli.db])
        #expect(both.status == 64 && both.stderr.contains("二者选一"))
        let taken = try cli.run(["users", "add", "caizheng", "--bureau", "--password-file", pw.path, "--db", cli.db])
        #expect(taken.status == 1 && taken.stderr.contains("已存在"))
        // Not a terminal: one line of stdin; too short is refused.
        let p = Process()
        p.executableURL = CLIRunner.executable
        p.arguments = ["users", "add", "short", "--bureau", "--db", cli.db]
        let input = Pipe(), err = Pipe()
        p.standardInput = input
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        input.fileHandleForWriting.write(Data("abc\n".utf8))
        try input.fileHandleForWriting.close()
        p.waitUntilExit()
        #expect(p.terminationStatus == 1 && String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("密码至少 8 个字符"))

        let list = try cli.run(["users", "list", "--db", cli.db])
        #expect(list.status == 0 && list.stdout.hasPrefix("用户名\t角色\t状态\t创建时间\ncaizheng\t财政局\t正常\t"))
        #expect(try cli.run(["users", "disable", "zhifaju", "--db", cli.db]).stderr == "已停用用户 zhifaju；其会话已全部结束。\n")
        #expect(try cli.run(["users", "list", "--db", cli.db]).stdout.contains("zhifaju\t单位 342001\t已停用"))
        #expect(try cli.run(["users", "reset-password", "zhifaju", "--password-file", pw.path, "--db", cli.db]).status == 0)
        #expect(try cli.run(["users", "list", "--db", cli.db]).stdout.contains("zhifaju\t单位 342001\t正常"))
        #expect(try cli.run(["users", "disable", "nobody", "--db", cli.db]).stderr.contains("没有名为“nobody”的用户"))
    }

    @Test("serve: --demo with --db, a bad port, a bad log level are usage errors")
    func serveOptions() throws {
        #expect(try cli.run(["serve", "--demo", "--db", "x.sqlite"]).status == 64)
        #expect(try cli.run(["serve", "--port", "70000"]).stderr.contains("--port 应在 0 到 65535 之间"))
        #expect(try cli.run(["serve", "--log-level", "loud"]).status == 64)
        #expect(try cli.run(["--help"]).stdout.contains("serve") && cli.run(["--help"]).stdout.contains("users"))
    }
}
