import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoStore

/// What recording one filled sheet did.
public struct ActualsRecording: Sendable {
    public var path: String
    public var year: Int
    /// Rows read from the file.
    public var rowCount: Int
    public var outcome: RecordOutcome
    /// Rows whose 实际完成值 is still blank.
    public var blanks: [ActualEntry]
    /// Things to tell the user that did not stop the recording.
    public var warnings: [Diagnostic]
}

/// The counts of a recording of many files.
public struct RecordTally: Sendable, Equatable {
    public var year: Int
    public var files = 0
    public var outcome = RecordOutcome(added: 0, changed: 0, unchanged: 0)
    public var failed = 0

    public init(year: Int) { self.year = year }
}

extension Application {
    /// Validates a filled actuals file against the year's targets and stores it, all or nothing:
    /// every problem is thrown at once as an `InputError` and nothing is written.
    public func recordActuals(file: String, year: Int?, profile: Profile) async throws -> ActualsRecording {
        try authorizeRecording()
        let entries = try ActualsFileReader.read(url: URL(fileURLWithPath: file), displayName: file)
        let y = try await resolveYear(year)
        let validator = ActualsValidator(departments: try await recordable(year: y), profile: profile)
        let result = try validator.validate(entries)
        let outcome = try await store.recordActuals(result.actuals, by: actor.userName, at: clock())
        return ActualsRecording(path: file, year: y, rowCount: entries.count, outcome: outcome, blanks: result.blanks, warnings: result.warnings)
    }

    /// Records many files, each all or nothing: a file with errors is handed to `onFailure` and the
    /// rest go on. The year's targets are read once for all files.
    public func recordActuals(files paths: [String], year: Int?, profile: Profile, progress: ProgressHandler? = nil,
                              onFailure: @Sendable (String, InputError) -> Void) async throws -> RecordTally {
        try authorizeRecording()
        let y = try await resolveYear(year)
        let validator = ActualsValidator(departments: try await recordable(year: y), profile: profile)
        var tally = RecordTally(year: y)
        tally.files = paths.count
        for (i, path) in paths.enumerated() {
            do {
                let result = try validator.validate(try ActualsFileReader.read(url: URL(fileURLWithPath: path), displayName: path))
                let outcome = try await store.recordActuals(result.actuals, by: actor.userName, at: clock())
                tally.outcome.added += outcome.added
                tally.outcome.changed += outcome.changed
                tally.outcome.unchanged += outcome.unchanged
            } catch let error as InputError {
                onFailure(path, error)
                tally.failed += 1
            }
            progress?(.items(label: "录入", done: i + 1, total: paths.count))
        }
        return tally
    }

    /// Every change to a project's (or department's) actuals, oldest first.
    public func actualHistory(code: String, year: Int?) async throws -> (year: Int, changes: [ActualChange]) {
        let y = try await resolveYear(year)
        if actor.department != nil, try await owningDepartment(of: code, year: y) == nil {
            throw StoreError("\(y) 年度没有编码为 \(code) 的项目或单位。")
        }
        return (y, try await store.actualHistory(ownerCode: code, year: y))
    }

    /// Only units (and the local owner) record actuals; the bureau reviews them.
    func authorizeRecording() throws {
        if case .bureau = actor { throw AccessDenied(action: .record(department: "*"), actor: actor) }
    }

    /// The departments whose actuals the actor may record (rows of any other are unknown codes).
    func recordable(year: Int) async throws -> [Department] {
        guard let own = actor.department else { return try await store.departments(year: year) }
        return try await store.department(code: own, year: year).map { [$0] } ?? []
    }
}
