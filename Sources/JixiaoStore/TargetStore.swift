import Foundation
import JixiaoModel

/// What an import did to the store.
public enum ImportOutcome: Equatable, Sendable {
    /// The department–year was not there; it is now.
    case created
    /// The same content was already there; nothing changed.
    case unchanged
    /// Different content replaced the stored targets; the previous version is kept in history
    /// under this version number.
    case replaced(previousVersion: Int)
}

/// Where imported content came from, kept with it.
public struct ImportSource: Sendable {
    public var fileName: String
    public var importedAt: Date

    public init(fileName: String, importedAt: Date = Date()) {
        self.fileName = fileName
        self.importedAt = importedAt
    }
}

/// A department's targets with their content hash, computed where they were read — off the
/// writer's thread, so an import of many files reads and hashes them on all cores. Made only by
/// its initializer, so the hash always belongs to the department.
public struct PreparedTargets: Sendable {
    public let department: Department
    /// `TargetsJSON.contentHash(department)`: decides “unchanged” and “replaced”.
    public let contentHash: String

    public init(_ department: Department) {
        self.department = department
        contentHash = TargetsJSON.contentHash(department)
    }
}

extension TargetStore {
    /// Stores a department's targets (hashing them first).
    public func importTargets(_ department: Department, source: ImportSource) async throws -> ImportOutcome {
        try await importTargets(PreparedTargets(department), source: source)
    }
}

/// A stored version of a department's targets that a later import replaced.
public struct TargetVersion: Sendable, Equatable {
    public var departmentCode: String
    public var year: Int
    public var version: Int
    public var contentHash: String
    public var sourceFile: String?
    public var importedAt: String
    public var replacedAt: String
    /// The replaced content in the stable JSON form.
    public var snapshot: String

    public init(departmentCode: String, year: Int, version: Int, contentHash: String, sourceFile: String?, importedAt: String, replacedAt: String,
                snapshot: String) {
        self.departmentCode = departmentCode
        self.year = year
        self.version = version
        self.contentHash = contentHash
        self.sourceFile = sourceFile
        self.importedAt = importedAt
        self.replacedAt = replacedAt
        self.snapshot = snapshot
    }
}

/// Targets: departments, projects, plans and indicators per year. Every method is async so that a
/// store on a server (PostgreSQL) never blocks a thread while it waits; SQLite (`SQLiteStore`) runs
/// its work on GRDB's own queues.
public protocol TargetStore: Sendable {
    /// Stores a department's targets for its year in one transaction. The same content changes
    /// nothing; different content replaces the stored targets and keeps the old in history.
    func importTargets(_ targets: PreparedTargets, source: ImportSource) async throws -> ImportOutcome
    /// The years that hold data, ascending.
    func years() async throws -> [Int]
    /// The department codes of a year, ascending.
    func departmentCodes(year: Int) async throws -> [String]
    /// One department of a year with its projects, plans and indicators, or nil.
    func department(code: String, year: Int) async throws -> Department?
    /// Every department of `year`, with projects, plans and indicators, by code.
    func departments(year: Int) async throws -> [Department]
    /// Replaced versions of a department's targets, oldest first.
    func history(departmentCode: String, year: Int) async throws -> [TargetVersion]
    /// The department a project code belongs to in `year`, nil when none.
    func departmentCode(ofProject code: String, year: Int) async throws -> String?
    /// The years whose tables hold each of `codes` (project or department codes); a code held by
    /// none is absent. `record` decides a file's year by it, and refuses another year's rows.
    func years(holding codes: Set<String>) async throws -> [String: Set<Int>]
    /// The department of each of `codes` in `year` (a project's department, or a department code
    /// itself); a code `year` does not hold is absent. `record` loads only those departments.
    func departmentCodes(owning codes: Set<String>, year: Int) async throws -> [String: String]
}

extension TargetStore {
    /// The year to use when the user gave none: the only year, else the latest.
    public func defaultYear() async throws -> Int? { try await years().last }

    /// The project with `code` in `year`, and its department.
    public func project(code: String, year: Int) async throws -> (Department, Project)? {
        guard let owner = try await departmentCode(ofProject: code, year: year), let department = try await department(code: owner, year: year),
              let project = department.projects.first(where: { $0.code == code }) else { return nil }
        return (department, project)
    }

    /// By asking year by year and code by code (a store may answer it with one query instead).
    public func years(holding codes: Set<String>) async throws -> [String: Set<Int>] {
        var result: [String: Set<Int>] = [:]
        for year in try await years() {
            let departments = Set(try await departmentCodes(year: year))
            for code in codes where departments.contains(code) { result[code, default: []].insert(year) }
            for code in codes where !departments.contains(code) {
                if try await departmentCode(ofProject: code, year: year) != nil { result[code, default: []].insert(year) }
            }
        }
        return result
    }

    /// Code by code (a store may answer it with one query instead).
    public func departmentCodes(owning codes: Set<String>, year: Int) async throws -> [String: String] {
        let departments = Set(try await departmentCodes(year: year))
        var result: [String: String] = [:]
        for code in codes {
            if departments.contains(code) { result[code] = code } else if let owner = try await departmentCode(ofProject: code, year: year) { result[code] = owner }
        }
        return result
    }

    /// By reading every department (a store may answer it with one query instead).
    public func departmentCode(ofProject code: String, year: Int) async throws -> String? {
        try await departments(year: year).first { d in d.projects.contains { $0.code == code } }?.code
    }
}

/// A failure of the store, with a message that says what to do.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure, for front ends that act on it (a server answers 503 when busy).
    public enum Reason: Sendable, Equatable {
        /// Another program holds the database's lock.
        case busy
        case readOnly
        case diskFull
        case ioError
        case notADatabase
        case corrupt
        case cannotOpen
        /// Not found, not allowed, or another failure the message explains.
        case other
    }

    public var description: String
    public var reason: Reason
    public init(_ description: String, reason: Reason = .other) {
        self.description = description
        self.reason = reason
    }
}
