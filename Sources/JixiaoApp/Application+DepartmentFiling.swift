import Foundation
import JixiaoEngine
import JixiaoModel
import JixiaoStore

/// Everything a department's filing page shows: the scores, the filing with its history and
/// comments, the open comments of the last return, what blocks a submission, and how far each
/// project is filled.
public struct DepartmentFiling: Sendable {
    /// How far one project (or the 部门整体 table) is filled: rows with a value of the rows to fill.
    public struct Completion: Sendable, Equatable {
        public var filled: Int
        public var total: Int
        public var isComplete: Bool { filled == total }

        public init(filled: Int, total: Int) {
            self.filled = filled
            self.total = total
        }
    }

    public var year: Int
    public var result: DepartmentResult
    public var filing: Filing
    public var events: [FilingEvent]
    public var comments: [ReviewComment]
    /// The comments of the last return, while the unit is working on them.
    public var openComments: [ReviewComment]
    public var problems: [SubmissionProblem]
    /// By project code (and the department code for the 部门整体 table).
    public var completion: [String: Completion]
    /// Whether the actor may change the actuals now.
    public var editable: Bool
}

extension Application {
    /// A department's filing page (read rights checked: a unit asking for another department
    /// gets `AccessDenied`, shown as "not found").
    public func departmentFiling(department code: String, year: Int?, profile: Profile) async throws -> DepartmentFiling {
        try authorize(.read(department: code))
        let y = try await resolveYear(year)
        let result = try await scoredForFiling(code, year: y, profile: profile)
        let filing = try await store.filing(departmentCode: code, year: y)
        let events = try await store.events(departmentCode: code, year: y)
        let comments = try await store.comments(departmentCode: code, year: y)
        var open: [ReviewComment] = []
        if filing.state.isEditable, let lastReturn = events.last(where: { $0.to == .returned }) {
            open = comments.filter { $0.eventID == lastReturn.id }
        }
        var completion: [String: DepartmentFiling.Completion] = [:]
        for p in result.projects {
            let filled = p.indicators.filter { $0.actualRaw != nil }.count + (p.funds.executed == nil ? 0 : 1)
            completion[p.project.code] = .init(filled: p.status == .notEvaluated ? 0 : filled, total: p.project.indicators.count + 1)
        }
        if !result.department.goals.isEmpty {
            completion[code] = .init(filled: result.ownIndicators.filter { $0.actualRaw != nil }.count, total: result.department.goals.count)
        }
        return DepartmentFiling(year: y, result: result, filing: filing, events: events, comments: comments, openComments: open,
                                problems: Self.problems(result, profile: profile), completion: completion,
                                editable: filing.state.isEditable && Rights.allows(actor, .record(department: code)))
    }
}
