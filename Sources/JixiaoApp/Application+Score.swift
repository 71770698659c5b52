import Foundation
import JixiaoEngine
import JixiaoModel
import JixiaoStore

/// A stored score run.
public struct ScoreRunSummary: Sendable {
    public var id: Int64
    public var year: Int
    public var profile: Profile
    public var departmentCount: Int
}

/// How a department or project was scored, point by point (`explain`).
public enum Explanation: Sendable {
    case department(DepartmentResult)
    case project(ProjectResult)
}

extension Application {
    /// Departments scored at a time: loaded and scored concurrently, then stored and handed on
    /// while the next chunk is scored, so memory does not grow with the number of departments.
    static let scoreChunk = 64

    /// Scores every project with recorded actuals and every department of `year`, stores the run
    /// with the profile's name and hash, and hands the results to `onChunk` a chunk at a time, in
    /// department order (`first` is true for the first chunk).
    /// With no actual recorded for the year (the pre-filled 全年预算数 aside) it refuses, telling
    /// the user to `record` first, and stores no run. Under `profile.final` (`score --final`) blanks
    /// count as 0 and the run is marked as the deadline's.
    /// Every read goes through one snapshot of the store (`Store.readingSnapshot`): units saving,
    /// submitting or being approved while the year is scored change nothing in the run.
    public func score(year: Int, profile: Profile, progress: ProgressHandler? = nil, onChunk: @escaping @Sendable (_ results: [DepartmentResult], _ first: Bool) async throws -> Void)
        async throws -> ScoreRunSummary
    {
        let writes = store
        return try await store.readingSnapshot { view in
            try await Application(store: view, actor: actor, profiles: profiles, clock: clock)
                .scoreRun(year: year, profile: profile, writingTo: writes, progress: progress, onChunk: onChunk)
        }
    }

    /// `score`'s work: reads through `self.store` (the snapshot), the run stored through `writes`.
    func scoreRun(year: Int, profile: Profile, writingTo writes: any Store, progress: ProgressHandler?, onChunk: @escaping @Sendable ([DepartmentResult], Bool) async throws -> Void)
        async throws -> ScoreRunSummary
    {
        let codes = try await visibleCodes(year: year)
        guard try await anyActuals(year: year, codes: codes) else {
            throw StoreError("\(year) 年度还没有录入任何实际完成值，未评分，也未保存评分记录。请先生成填报表（jixiao template --out 填报表.xlsx），填好后用 jixiao record 填报表.xlsx 录入，再评分。")
        }
        let now = clock()
        let runID = try await writes.beginScoreRun(ScoreRunRecord(
            year: year, profileName: profile.name, profileHash: profile.contentHash, scoredAt: now, scoredBy: actor.userName, departments: [],
            final: profile.blanks == .zero))
        let scorer = Scorer(profile: profile, explains: false)
        // Storing and handing on a chunk overlaps with scoring the next.
        var pending: Task<Void, any Error>?
        for start in stride(from: 0, to: codes.count, by: Self.scoreChunk) {
            let results = try await scoreDepartments(year: year, codes: Array(codes[start..<min(codes.count, start + Self.scoreChunk)]), scorer: scorer)
            progress?(.items(label: "评分", done: min(codes.count, start + Self.scoreChunk), total: codes.count))
            try await pending?.value
            pending = Task {
                try await writes.appendScores(runID: runID, ScoreRecords.departments(results))
                try await onChunk(results, start == 0)
            }
        }
        try await pending?.value
        try await writes.finishScoreRun(runID: runID)
        return ScoreRunSummary(id: runID, year: year, profile: profile, departmentCount: codes.count)
    }

    /// Whether any department among `codes` has an actual recorded — anything but the 全年预算数
    /// the template pre-fills (as `Scorer` counts a project as evaluated).
    func anyActuals(year: Int, codes: [String]) async throws -> Bool {
        for code in codes {
            let actuals = try await store.actuals(departmentCode: code, year: year)
            if actuals.contains(where: { !$0.value.isEmpty && !($0.key.level1 == SpecialRow.funds && $0.key.level3 == SpecialRow.budget) }) { return true }
        }
        return false
    }

    /// The profile that reading commands (`report`, `departments`, `compare`, `explain`) score by:
    /// the one named, else the profile of the latest stored run of `year` (under its `--final`,
    /// when it was the deadline's), else the default. `note` says which, when it is not the default,
    /// and warns when the profile has changed since that run.
    public func readingProfile(_ spec: String?, year: Int) async throws -> (profile: Profile, note: String?) {
        if let spec { return (try profiles.resolve(spec), nil) }
        guard let run = try await store.scoreRuns(year: year).last else { return (try profiles.resolve(nil), nil) }
        var profile: Profile
        do {
            profile = try profiles.resolve(run.profileName)
        } catch {
            throw InputError("\(year) 年度最近一次评分（第 \(run.id) 次，\(run.scoredAt)）所用的评分规则“\(run.profileName)”现在找不到。请用 --profile 指定规则名称或 YAML 文件（jixiao profiles 列出可用的规则）。")
        }
        if run.final { profile = profile.final }
        var note = "按 \(year) 年度最近一次评分（第 \(run.id) 次，\(run.scoredAt)）所用的规则 \(profile.name)\(run.final ? "（截止日评分：空白按 0 分计）" : "")；用 --profile 可另选。"
        if run.profileHash != profile.contentHash, run.profileHash != "built-in", profile.contentHash != "built-in" {
            note += "注意：规则 \(profile.name) 的内容自那次评分后已改变（哈希 \(run.profileHash.prefix(12)) → \(profile.contentHash.prefix(12))）。"
        }
        return (profile, note)
    }

    /// The stored runs of `year` (or of every year), oldest first, each with the scores of the
    /// departments the actor may see.
    public func runs(year: Int?) async throws -> [ScoreRunListing] {
        var years: [Int]
        if let year { years = [year] } else { years = try await store.years() }
        var listings: [ScoreRunListing] = []
        for y in years {
            for run in try await store.scoreRuns(year: y) {
                let departments = try await store.departmentScores(runID: run.id).filter { Rights.allows(actor, .read(department: $0.code)) }
                if actor.department != nil, departments.isEmpty { continue }
                listings.append(ScoreRunListing(
                    id: run.id, year: run.year, profileName: run.profileName, profileHash: run.profileHash, scoredAt: run.scoredAt,
                    scoredBy: run.scoredBy, final: run.final,
                    departments: departments.map { .init(code: $0.code, name: $0.name, score: $0.score, grade: $0.grade) }))
            }
        }
        return listings
    }

    /// Scores the departments of `year` (all, or the one named) without storing anything.
    public func scored(year: Int, profile: Profile, department: String? = nil, explains: Bool = false) async throws -> [DepartmentResult] {
        if let department { try authorize(.read(department: department)) }
        let codes = try await visibleCodes(year: year)
        return try await scoreDepartments(year: year, codes: codes.filter { department == nil || $0 == department }, scorer: Scorer(profile: profile, explains: explains))
    }

    /// Departments are independent: each is loaded and scored concurrently (the WAL database serves
    /// concurrent readers), results in the order of `codes`, with the bureau's adjustments (复核)
    /// beside the self-scores.
    func scoreDepartments(year: Int, codes: [String], scorer: Scorer) async throws -> [DepartmentResult] {
        let store = self.store
        let review = ReviewAdjustments(profile: scorer.profile)
        return try await codes.concurrentMap { code in
            guard let d = try await store.department(code: code, year: year) else { throw StoreError("\(year) 年度没有单位 \(code)。") }
            var scorer = scorer
            if scorer.profile.monitoring.lag != nil { scorer.spending = Monitor.spending(try await store.progress(departmentCode: code, year: year)) }
            let result = scorer.score(d, actuals: try await store.actuals(departmentCode: code, year: year))
            return review.apply(try await store.adjustments(departmentCode: code, year: year), to: result)
        }
    }

    /// The derivation of every point of one project or department (given by its code).
    public func explain(code: String, year: Int, profile: Profile) async throws -> Explanation {
        let scorer = Scorer(profile: profile, explains: true)
        if let owner = try await owningDepartment(of: code, year: year), let result = try await scoreDepartments(year: year, codes: [owner], scorer: scorer).first {
            if owner == code { return .department(result) }
            if let project = result.projects.first(where: { $0.project.code == code }) { return .project(project) }
        }
        throw StoreError("\(year) 年度没有编码为 \(code) 的项目或单位。用 jixiao projects 查看项目编码。")
    }
}
