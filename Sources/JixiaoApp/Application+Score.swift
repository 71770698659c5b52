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
    public func score(year: Int, profile: Profile, progress: ProgressHandler? = nil, onChunk: @escaping @Sendable (_ results: [DepartmentResult], _ first: Bool) async throws -> Void)
        async throws -> ScoreRunSummary
    {
        let codes = try await visibleCodes(year: year)
        let now = clock()
        let runID = try await store.beginScoreRun(ScoreRunRecord(
            year: year, profileName: profile.name, profileHash: profile.contentHash, scoredAt: now, scoredBy: actor.userName, departments: []))
        let scorer = Scorer(profile: profile, explains: false)
        let store = self.store
        // Storing and handing on a chunk overlaps with scoring the next.
        var pending: Task<Void, any Error>?
        for start in stride(from: 0, to: codes.count, by: Self.scoreChunk) {
            let results = try await scoreDepartments(year: year, codes: Array(codes[start..<min(codes.count, start + Self.scoreChunk)]), scorer: scorer)
            progress?(.items(label: "评分", done: min(codes.count, start + Self.scoreChunk), total: codes.count))
            try await pending?.value
            pending = Task {
                try await store.appendScores(runID: runID, ScoreRecords.departments(results))
                try await onChunk(results, start == 0)
            }
        }
        try await pending?.value
        try await store.finishScoreRun(runID: runID)
        return ScoreRunSummary(id: runID, year: year, profile: profile, departmentCount: codes.count)
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
