import Foundation
import Testing

/// The PostgreSQL server the tests use: `JIXIAO_TEST_POSTGRES_URL` names a superuser's URL on a
/// throwaway cluster (`.ci/run` starts one with scripts/postgres-cluster.sh). Without it the
/// PostgreSQL tests are skipped — except under `CI=true`, where they fail.
enum PostgresTestSupport {
    static let adminURL: String? = {
        let url = ProcessInfo.processInfo.environment["JIXIAO_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? nil : url
    }()

    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Whether the PostgreSQL tests run here: a server is named, or CI requires one (and then
    /// `freshDatabase` fails the test that asks for it).
    static var enabled: Bool { adminURL != nil || inCI }

    /// Whether the end-to-end suites run against PostgreSQL (`JIXIAO_TEST_STORE=postgres`).
    static var cliOnPostgres: Bool { ProcessInfo.processInfo.environment["JIXIAO_TEST_STORE"] == "postgres" }

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "PostgreSQL tests need JIXIAO_TEST_POSTGRES_URL (a throwaway cluster: scripts/postgres-cluster.sh start DIR); CI=true requires them"
        }
    }

    /// A new, empty database on the test server, and its URL.
    static func freshDatabase() throws -> String {
        guard let admin = adminURL else { throw Missing() }
        let name = "jx_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try psql(admin, "CREATE DATABASE \(name)")
        return replacingDatabase(in: admin, with: String(name))
    }

    /// `url` with its database name replaced.
    static func replacingDatabase(in url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }

    /// Runs SQL through psql against `url`; a failure throws with psql's message.
    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        let candidates = ["/usr/lib/postgresql/15/bin/psql", "/usr/bin/psql"]
        process.executableURL = URL(fileURLWithPath: candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/psql")
        process.arguments = ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PSQLFailed(message: String(decoding: error, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct PSQLFailed: Error, CustomStringConvertible {
        var message: String
        var description: String { "psql failed: \(message)" }
    }
}

extension Trait where Self == ConditionTrait {
    /// An end-to-end test about the SQLite file itself (its WAL, permissions, links, GRDB opening
    /// it): runs in the SQLite pass of the suites, not in the PostgreSQL one.
    static func sqliteFileOnly(_ reason: Comment) -> Self {
        .enabled(if: !PostgresTestSupport.cliOnPostgres, reason)
    }
}
