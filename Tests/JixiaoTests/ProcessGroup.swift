import Foundation

/// Several `jixiao` processes started at once against one database — the hook for load tests
/// across processes: today `record` and `import`; the two-server test of `jixiao serve` passes
/// `serve` arguments (each process its own port), sends its requests, then `stop()`s the group.
///
/// Output goes to files in `directory` (pipes would block a busy process once full). Every
/// process is bounded: `wait(timeout:)` kills what is still running when the time is up.
final class ProcessGroup {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Killed at the timeout rather than finished.
        var timedOut: Bool
    }

    let directory: URL
    private(set) var processes: [Process] = []
    private var outputs: [(out: URL, err: URL)] = []

    /// Starts `count` processes, the `i`-th with `arguments(i)`, each with `JIXIAO_DB=databaseURL`
    /// (so that arguments need not repeat `--db`).
    init(count: Int, databaseURL: String, directory: URL, environment: [String: String] = [:], arguments: (Int) -> [String]) throws {
        self.directory = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["JIXIAO_DB"] = databaseURL
        for (k, v) in environment { env[k] = v }
        for i in 0..<count {
            let out = directory.appendingPathComponent("process-\(i)-\(UUID().uuidString.prefix(8)).out")
            let err = out.deletingPathExtension().appendingPathExtension("err")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            let p = Process()
            p.executableURL = CLIRunner.executable
            p.arguments = arguments(i)
            p.currentDirectoryURL = directory
            p.environment = env
            p.standardOutput = try FileHandle(forWritingTo: out)
            p.standardError = try FileHandle(forWritingTo: err)
            processes.append(p)
            outputs.append((out, err))
        }
        // Started only once every one is ready, so that they begin as close together as they can.
        for p in processes { try p.run() }
    }

    /// Waits for every process, killing those still running after `timeout` seconds.
    func wait(timeout: TimeInterval = 120) -> [Outcome] {
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = Set<Int>()
        for (i, p) in processes.enumerated() {
            while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if p.isRunning {
                timedOut.insert(i)
                p.terminate()
            }
            p.waitUntilExit()
        }
        return processes.indices.map { i in
            Outcome(status: processes[i].terminationStatus,
                    stdout: (try? String(contentsOf: outputs[i].out, encoding: .utf8)) ?? "",
                    stderr: (try? String(contentsOf: outputs[i].err, encoding: .utf8)) ?? "",
                    timedOut: timedOut.contains(i))
        }
    }

    /// Ends every process still running (a server) and waits for it.
    func stop() {
        for p in processes where p.isRunning { p.terminate() }
        for p in processes { p.waitUntilExit() }
    }

    deinit { stop() }
}
