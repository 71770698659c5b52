import Foundation
import JixiaoModel
import JixiaoStore
import PostgresNIO

extension PostgresStore {
    /// The department of a project in `year`, in one query (the protocol's default reads every
    /// department of the year).
    public func departmentCode(ofProject code: String, year: Int) async throws -> String? {
        try await read { c in
            try await self.rows(c, """
                SELECT d.code FROM project p JOIN department d ON d.id = p.department_id WHERE p.code = \(code) AND d.year = \(year) LIMIT 1
                """).first?.text(0)
        }
    }

    /// The years whose tables hold each code (as a project's or a department's), a thousand codes
    /// a query, as SQLite answers it. The protocol's default asked code by code, each reading every
    /// department of the year: a file of 1,000 projects' spending took minutes to find its year.
    public func years(holding codes: Set<String>) async throws -> [String: Set<Int>] {
        let list = codes.sorted()
        return try await read { c in
            var result: [String: Set<Int>] = [:]
            for start in stride(from: 0, to: list.count, by: 1000) {
                let part = Array(list[start..<min(list.count, start + 1000)])
                for r in try await self.rows(c, """
                    SELECT p.code, d.year::text FROM project p JOIN department d ON d.id = p.department_id WHERE p.code = ANY(\(part))
                    UNION SELECT code, year::text FROM department WHERE code = ANY(\(part))
                    """) {
                    if let year = r.int(1) { result[r.string(0), default: []].insert(year) }
                }
            }
            return result
        }
    }

    /// The department of each code in `year`, a thousand codes a query.
    public func departmentCodes(owning codes: Set<String>, year: Int) async throws -> [String: String] {
        let list = codes.sorted()
        return try await read { c in
            var result: [String: String] = [:]
            for start in stride(from: 0, to: list.count, by: 1000) {
                let part = Array(list[start..<min(list.count, start + 1000)])
                for r in try await self.rows(c, """
                    SELECT p.code, d.code FROM project p JOIN department d ON d.id = p.department_id WHERE d.year = \(year) AND p.code = ANY(\(part))
                    UNION SELECT code, code FROM department WHERE year = \(year) AND code = ANY(\(part))
                    """) {
                    result[r.string(0)] = r.string(1)
                }
            }
            return result
        }
    }
}
