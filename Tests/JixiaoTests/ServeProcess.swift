import Foundation
import Testing

/// A `jixiao serve` started by a test on a free loopback port (`--port 0`), its printed URL and
/// demo credentials read from its output; stopped with SIGTERM.
final class ServeProcess {
    let process = Process()
    let output: URL
    let errors: URL
    private(set) var url = ""
    private(set) var credentials: [String: String] = [:]

    init(_ args: [String], directory: URL) throws {
        output = directory.appendingPathComponent("serve.out")
        errors = directory.appendingPathComponent("serve.err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = CLIRunner.executable
        process.arguments = ["serve", "--port", "0"] + args
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "JIXIAO_DB")
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if text.contains("按 Ctrl-C 停止") {
                for line in text.split(separator: "\n") {
                    let parts = line.split(separator: "\t")
                    if parts.count == 3, parts[1].hasPrefix("用户名 "), parts[2].hasPrefix("密码 ") {
                        credentials[String(parts[1].dropFirst(4))] = String(parts[2].dropFirst(3))
                    }
                }
                if let r = text.range(of: "http://") { url = String(text[r.lowerBound...].prefix { !$0.isWhitespace }).trimmingCharacters(in: CharacterSet(charactersIn: "/")) }
                return
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let err = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        process.terminate()
        throw ServeError(message: "jixiao serve did not start: \(err)")
    }

    /// SIGTERM, then waits (at most 20 s): the exit status and what it wrote on stderr.
    @discardableResult
    func stop() -> (status: Int32, stderr: String) {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.interrupt(); kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        return (process.terminationStatus, (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    struct ServeError: Error, CustomStringConvertible { var message: String; var description: String { message } }
}

/// External tools for the tests that need them: missing → fail under `CI=true`, else skip.
enum ExternalTools {
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Whether `command` exits 0.
    static func succeeds(_ command: [String]) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = command
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    /// True when the tools are there; otherwise records an issue under CI (a failure) and false.
    static func require(_ what: String, _ checks: [[String]]) -> Bool {
        let missing = checks.filter { !succeeds($0) }
        guard !missing.isEmpty else { return true }
        if isCI { Issue.record("\(what) missing under CI=true: \(missing.map { $0.joined(separator: " ") }.joined(separator: "; ")). .ci/install-browser installs it.") }
        return false
    }
}

/// Runs a program to its end, capturing its output.
func runProgram(_ args: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read both pipes concurrently so neither fills up.
    nonisolated(unsafe) var errData = Data()
    let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
    return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}
