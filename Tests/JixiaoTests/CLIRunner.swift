import Foundation
import GRDB
import Testing

/// Runs the built `jixiao` binary, as a user would, and captures what it prints.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The directory the tests run in; each runner gets its own.
    let directory: URL
    /// The runner's database: `jixiao.sqlite` in its directory, or — when the end-to-end suites run
    /// on PostgreSQL (`JIXIAO_TEST_STORE=postgres`) — a fresh database on the test server.
    let db: String

    init() {
        directory = TestSupport.temporaryDirectory()
        let file = directory.appendingPathComponent("jixiao.sqlite").path
        guard PostgresTestSupport.cliOnPostgres else {
            db = file
            return
        }
        do {
            db = try PostgresTestSupport.freshDatabase()
        } catch {
            Issue.record("JIXIAO_TEST_STORE=postgres, but no test database could be made: \(error)")
            db = file
        }
    }

    /// Whether the runner's database is on PostgreSQL.
    var onPostgres: Bool { db.hasPrefix("postgres") }

    /// Whether anything was written to the runner's database yet: the SQLite file exists, or the
    /// PostgreSQL database holds Jixiao's schema.
    var databaseExists: Bool {
        guard onPostgres else { return FileManager.default.fileExists(atPath: db) }
        return (try? PostgresTestSupport.psql(db, "SELECT to_regclass('jixiao_migrations') IS NOT NULL")) == "t"
    }

    /// The `jixiao` executable next to the test bundle (or `JIXIAO_TEST_BINARY`, to run the
    /// end-to-end tests against another build, e.g. an earlier commit's, to see them fail there).
    static let executable: URL = {
        if let other = ProcessInfo.processInfo.environment["JIXIAO_TEST_BINARY"], !other.isEmpty { return URL(fileURLWithPath: other) }
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("jixiao"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("jixiao"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("jixiao"),
            TestSupport.root.appendingPathComponent(".build/debug/jixiao"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    /// Runs `jixiao args…` in the runner's directory with `JIXIAO_DB` unset unless given (set to
    /// the runner's database on PostgreSQL).
    @discardableResult
    func run(_ args: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = args
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "JIXIAO_DB")
        // On PostgreSQL every command that names no --db uses the runner's database.
        if onPostgres { env["JIXIAO_DB"] = db }
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A number the SQL (a count, portable between SQLite and PostgreSQL) reads from the runner's
    /// database, or from the SQLite file `path`.
    func scalar(_ sql: String, in path: String? = nil) throws -> Int {
        let target = path ?? db
        if target.hasPrefix("postgres") { return Int(try PostgresTestSupport.psql(target, sql)) ?? -1 }
        let queue = try DatabaseQueue(path: target)
        defer { try? queue.close() }
        return try queue.read { try Int.fetchOne($0, sql: sql) } ?? -1
    }

    /// The seed imported and the sample's 2026 actuals recorded into this runner's database.
    func loadSeedWithSampleActuals() throws {
        let sample = TestSupport.root.appendingPathComponent("Samples/actuals-2026.csv").path
        let imported = try run(["import", TestSupport.seedURL.path, "--db", db])
        let recorded = try run(["record", sample, "--db", db])
        precondition(imported.status == 0 && recorded.status == 0, imported.stderr + recorded.stderr)
    }

    /// Writes `text` into the runner's directory and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

/// Golden files: outputs compared with files a person can read. A missing or different file fails
/// the test; run with JIXIAO_RECORD=1 to write the new output, then review the diff.
enum Golden {
    static func check(_ output: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        // Paths of this checkout differ from machine to machine: golden files hold "<root>".
        let actual = output.replacingOccurrences(of: TestSupport.root.path, with: "<root>")
        let url = TestSupport.goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["JIXIAO_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: TestSupport.goldenDirectory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("golden file \(name) is missing: run JIXIAO_RECORD=1 swift test", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
            let firstDiff = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
            Issue.record("""
                output differs from golden \(name) at line \(firstDiff + 1):
                expected: \(firstDiff < e.count ? e[firstDiff] : "<end>")
                actual:   \(firstDiff < a.count ? a[firstDiff] : "<end>")
                (JIXIAO_RECORD=1 swift test rewrites the golden files)
                """, sourceLocation: sourceLocation)
        }
    }
}
