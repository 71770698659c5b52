import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoStore

/// Where the year a file was recorded into came from.
public enum RecordYearSource: Sendable, Equatable {
    /// `--year`.
    case option
    /// The year the template wrote into the file (the xlsx's hidden sheet, the csv's first row).
    case template
    /// The only year whose tables hold every code of the file.
    case codes

    /// How messages say it ("由填报表记录的年度判断").
    public var label: String {
        switch self {
        case .option: return "按 --year 指定"
        case .template: return "由填报表中记录的年度判断"
        case .codes: return "由项目编码判断；如不对请用 --year 指定"
        }
    }
}

/// A value still blank in the database after a recording: what `record` lists as 尚未填写.
public struct MissingActual: Sendable, Equatable {
    public var ownerCode: String
    public var ownerName: String
    /// 全年执行数, or the indicator's 三级指标.
    public var item: String
}

/// What recording one filled sheet did.
public struct ActualsRecording: Sendable {
    public var path: String
    public var year: Int
    public var yearSource: RecordYearSource
    /// Rows read from the file (a row given in both the flat sheet and a 自评表 counted once).
    public var rowCount: Int
    /// The 自评表 sheets read beside the flat sheet.
    public var formSheets: Int
    public var outcome: RecordOutcome
    /// What is still blank in the database for the projects (and departments) the file covers —
    /// not cells blank in this file whose value was recorded before.
    public var missing: [MissingActual]
    /// Things to tell the user that did not stop the recording (sheets not read among them).
    public var warnings: [Diagnostic]
}

/// The counts of a recording of many files.
public struct RecordTally: Sendable, Equatable {
    /// The years recorded into, ascending.
    public var years: [Int] = []
    public var files = 0
    public var outcome = RecordOutcome(added: 0, changed: 0, unchanged: 0)
    public var failed = 0

    public init() {}
}

extension Application {
    /// Validates a filled actuals file against its year's targets and stores it, all or nothing:
    /// every problem is thrown at once as an `InputError` and nothing is written. The year is
    /// `year`, else the template's own, else the one the file's codes name.
    public func recordActuals(file: String, year: Int?, profile: Profile) async throws -> ActualsRecording {
        try authorizeRecording()
        let read = try ActualsFileReader.readFile(url: URL(fileURLWithPath: file), displayName: file)
        if !read.progress.isEmpty, read.entries.isEmpty { return try await recordProgress(read, file: file, year: year) }
        let (y, source) = try await recordYear(year, file: read)
        let validator = try await validator(year: y, profile: profile, entries: read.entries, fileYear: source == .option ? nil : y)
        let (result, progress) = try await validateBoth(validator, read, year: y)
        let outcome = try await store.record(actuals: result.actuals, progress: progress, by: actor.userName, at: clock())
        let missing = try await stillMissing(owners: Set(result.actuals.map(\.key.ownerCode)), departments: validator.departments)
        return ActualsRecording(path: file, year: y, yearSource: source, rowCount: result.rows + progress.count,
                                formSheets: Set(read.entries.filter(\.fromForm).compactMap { $0.source?.sheet }).count, outcome: outcome, missing: missing,
                                warnings: read.notes + result.warnings)
    }

    /// Records many files, each all or nothing and each into its own year (as `recordActuals(file:)`
    /// decides it): a file with errors is handed to `onFailure` and the rest go on.
    public func recordActuals(files paths: [String], year: Int?, profile: Profile, progress: ProgressHandler? = nil,
                              onFailure: @Sendable (String, InputError) -> Void) async throws -> RecordTally {
        try authorizeRecording()
        var tally = RecordTally()
        tally.files = paths.count
        var years = Set<Int>()
        for (i, path) in paths.enumerated() {
            do {
                let read = try ActualsFileReader.readFile(url: URL(fileURLWithPath: path), displayName: path)
                if !read.progress.isEmpty, read.entries.isEmpty {
                    let recording = try await recordProgress(read, file: path, year: year)
                    years.insert(recording.year)
                    tally.outcome.added += recording.outcome.added
                    tally.outcome.changed += recording.outcome.changed
                    tally.outcome.unchanged += recording.outcome.unchanged
                    progress?(.items(label: "录入", done: i + 1, total: paths.count))
                    continue
                }
                let (y, source) = try await recordYear(year, file: read)
                // Each file is validated against the departments its codes name, read for it and
                // dropped after it: memory holds one file's departments, not the year's.
                let validator = try await self.validator(year: y, profile: profile, entries: read.entries, fileYear: source == .option ? nil : y)
                let (result, progress) = try await validateBoth(validator, read, year: y)
                let outcome = try await store.record(actuals: result.actuals, progress: progress, by: actor.userName, at: clock())
                years.insert(y)
                tally.outcome.added += outcome.added
                tally.outcome.changed += outcome.changed
                tally.outcome.unchanged += outcome.unchanged
                tally.outcome.cleared += outcome.cleared
            } catch let error as InputError {
                onFailure(path, error)
                tally.failed += 1
            }
            progress?(.items(label: "录入", done: i + 1, total: paths.count))
        }
        tally.years = years.sorted()
        return tally
    }

    /// The year to record a file into: `--year` (refused when the template says another), else the
    /// template's, else the only stored year whose tables hold every code of the file.
    func recordYear(_ option: Int?, file: ActualsFile) async throws -> (Int, RecordYearSource) {
        let stored = try await store.years()
        guard !stored.isEmpty else { throw StoreError("数据库中还没有任何数据。请先导入绩效目标表：jixiao import 文件") }
        let metadata = file.metadata
        if let option {
            if let written = metadata?.year, written != option {
                throw InputError(at: metadata?.location, "这是 \(written) 年度的填报表（jixiao template 生成时写入），与 --year \(option) 不符：另一年度的填报表不能录入本年度。请用 --year \(written)，或用 jixiao template --year \(option) 生成 \(option) 年度的填报表。")
            }
            return (option, .option)
        }
        if let written = metadata?.year {
            guard stored.contains(written) else {
                throw StoreError("这是 \(written) 年度的填报表，但数据库中没有 \(written) 年度的目标表（已有：\(stored.map(String.init).joined(separator: "、"))）。请先导入 \(written) 年度的绩效目标表。")
            }
            return (written, .template)
        }
        let codes = Set(file.entries.map { TextNormalizer.removingSpaces($0.ownerCode) }.filter { !$0.isEmpty })
        guard !codes.isEmpty else { return (stored.last!, .codes) }
        let holding = try await store.years(holding: codes)
        let candidates = stored.filter { year in codes.allSatisfy { holding[$0]?.contains(year) == true } }
        if candidates.count == 1 { return (candidates[0], .codes) }
        if candidates.count > 1 {
            throw StoreError("文件中的项目编码在 \(candidates.map(String.init).joined(separator: "、")) 年度的目标表中都有，无法判断是哪一年度的填报表。请用 --year 指定年度（或用 jixiao template 生成的填报表，其中记有年度）。")
        }
        // No year holds every code: the year holding most of them (ties: the later), whose
        // validation then names the rest.
        let best = stored.max { a, b in
            let x = codes.filter { holding[$0]?.contains(a) == true }.count, y = codes.filter { holding[$0]?.contains(b) == true }.count
            return x != y ? x < y : a < b
        }!
        return (best, .codes)
    }

    /// The validator of `year`'s targets for the departments the actor may record, told which of the
    /// file's codes belong to other years. `fileYear`: the year the file itself says it is of (its
    /// template, or its codes); when `--year` names another, rows of a project held by both years
    /// are refused too.
    func validator(year: Int, profile: Profile, entries: [ActualEntry], fileYear: Int?) async throws -> ActualsValidator {
        var validator = ActualsValidator(departments: try await recordable(year: year, entries: entries), profile: profile)
        validator.otherYears = try await otherYears(of: entries, year: year, fileYear: fileYear, known: validator)
        return validator
    }

    /// The file's codes that are not in `year`'s tables, with the other years that hold them; when
    /// the file's other codes all belong to one other year, the codes it shares with `year` are
    /// counted as of that year too (a 2025 file recorded into 2026 changes nothing in 2026, even for
    /// a continuing project whose code both years hold).
    func otherYears(of entries: [ActualEntry], year: Int, fileYear: Int?, known validator: ActualsValidator) async throws -> [String: [Int]] {
        let codes = Set(entries.map { TextNormalizer.removingSpaces($0.ownerCode) }.filter { !$0.isEmpty })
        let absent = codes.filter { !validator.knows($0) }
        guard !absent.isEmpty else { return [:] }
        let holding = try await store.years(holding: codes)
        var result: [String: [Int]] = [:]
        for code in absent { if let years = holding[code]?.filter({ $0 != year }), !years.isEmpty { result[code] = years.sorted() } }
        // `--year` names this year, but every code of the file belongs to one other year — those
        // only there, and those both years hold (a continuing project): the file is of that year,
        // and its shared rows are refused too.
        let others = Set(absent.compactMap { result[$0] }.flatMap { $0 })
        let shared = codes.subtracting(absent)
        if fileYear == nil, others.count == 1, let other = others.first, absent.allSatisfy({ result[$0] != nil }),
           shared.allSatisfy({ holding[$0]?.contains(other) == true }) {
            for code in shared { result[code] = [other] }
        }
        return result
    }

    /// What is still blank in the database for `owners` (projects' 全年执行数 and indicators,
    /// departments' own indicators), in the year's order.
    func stillMissing(owners: Set<String>, departments: [Department]) async throws -> [MissingActual] {
        var missing: [MissingActual] = []
        for d in departments where owners.contains(d.code) || d.projects.contains(where: { owners.contains($0.code) }) {
            let stored = Set(try await store.actuals(departmentCode: d.code, year: d.year).filter { !$0.value.isEmpty }.map(\.key))
            for p in d.projects where owners.contains(p.code) {
                if !stored.contains(IndicatorKey.funds(p.code, SpecialRow.executed)) { missing.append(MissingActual(ownerCode: p.code, ownerName: p.name, item: SpecialRow.executed)) }
                for i in p.indicators where !stored.contains(IndicatorKey(ownerCode: p.code, indicator: i)) {
                    missing.append(MissingActual(ownerCode: p.code, ownerName: p.name, item: i.level3))
                }
            }
            if owners.contains(d.code) {
                for i in d.goals where !stored.contains(IndicatorKey(ownerCode: d.code, indicator: i)) {
                    missing.append(MissingActual(ownerCode: d.code, ownerName: "部门整体", item: i.level3))
                }
            }
        }
        return missing
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

    /// The departments whose actuals the actor may record (rows of any other are unknown codes):
    /// a unit its own, the bureau's local user every one. With `entries`, those the file's codes
    /// name — or, when a code is not in the year's tables (or the file names none), the whole
    /// year, so the error can suggest a near code or a project of the same name.
    func recordable(year: Int) async throws -> [Department] {
        guard let own = actor.department else { return try await store.departments(year: year) }
        return try await store.department(code: own, year: year).map { [$0] } ?? []
    }

    /// `recordable(year:)` narrowed to the departments `entries` name (see there).
    func recordable(year: Int, entries: [ActualEntry]) async throws -> [Department] {
        if let own = actor.department { return try await store.department(code: own, year: year).map { [$0] } ?? [] }
        let codes = Set(entries.map { TextNormalizer.removingSpaces($0.ownerCode) }.filter { !$0.isEmpty })
        let owners = try await store.departmentCodes(owning: codes, year: year)
        guard !owners.isEmpty, owners.count == codes.count else { return try await store.departments(year: year) }
        var departments: [Department] = []
        for code in Set(owners.values).sorted() {
            if let d = try await store.department(code: code, year: year) { departments.append(d) }
        }
        return departments
    }
}
