import Foundation
import JixiaoEngine
import JixiaoModel

/// The scored form of the stable JSON: the foundation's keys, never renamed, with scores added.
/// Scores are numbers with two decimals; rates are fractions (1 = 100 %) with four decimals.
public enum ScoresJSON {
    public static func document(year: Int, profile: Profile, departments: [DepartmentResult]) -> JSONValue {
        .object([
            ("year", .number(String(year))),
            ("profile", .object([("name", .string(profile.name)), ("title", .string(profile.title)), ("hash", .string(profile.contentHash))])),
            ("departments", .array(departments.map(department))),
        ])
    }

    static func rate(_ r: Decimal?) -> JSONValue { r.map { .number(Decimals.fixed($0, 4)) } ?? .null }
    static func score(_ s: Decimal?) -> JSONValue { s.map(JSONValue.score) ?? .null }

    public static func department(_ r: DepartmentResult) -> JSONValue {
        let d = r.department
        guard case .object(var fields) = TargetsJSON.department(d) else { return .null }
        fields.removeAll { $0.0 == "goals" || $0.0 == "projects" }
        fields.append(("goals", .array(d.goals.enumerated().map { i, g in
            guard case .object(var f) = TargetsJSON.goal(g) else { return .null }
            if i < r.ownIndicators.count { f += scoreFields(r.ownIndicators[i]) }
            return .object(f)
        })))
        fields.append(("projects", .array(r.projects.map(project))))
        fields += [
            ("score", score(r.score)),
            ("grade", .optional(r.grade)),
            ("own_score", score(r.ownScore)),
            ("own_grade", .optional(r.ownGrade)),
            ("weighted_project_score", score(r.weightedProjectScore)),
            ("weighted_grade", .optional(r.weightedGrade)),
            ("execution_rate", rate(r.executionRate)),
            ("grade_counts", .object(r.gradeCounts.map { ($0.0, .number(String($0.1))) })),
            ("findings", .array((r.findings + r.ownIndicators.flatMap(\.findings)).map(finding))),
        ]
        return .object(fields)
    }

    public static func project(_ r: ProjectResult) -> JSONValue {
        guard case .object(var fields) = TargetsJSON.project(r.project) else { return .null }
        if let i = fields.firstIndex(where: { $0.0 == "indicators" }) {
            fields[i].1 = .array(r.project.indicators.enumerated().map { n, indicator in
                guard case .object(var f) = TargetsJSON.indicator(indicator) else { return .null }
                if n < r.indicators.count { f += scoreFields(r.indicators[n]) }
                return .object(f)
            })
        }
        let graded = r.status == .graded
        fields += [
            ("status", .string(r.status.rawValue)),
            ("score", graded ? .score(r.total) : .null),
            ("grade", .string(r.grade)),
            ("cap", r.cap.map(JSONValue.score) ?? .null),
            ("goal_actual", .string(r.goalActual)),
            ("funds", .object([
                ("budget", .amount(r.funds.budget)),
                ("executed", r.funds.executed.map(JSONValue.amount) ?? .null),
                ("rate", rate(r.funds.rate)),
                ("weight", .score(r.funds.weight)),
                ("score", graded ? .score(r.funds.score) : .null),
                ("reason", .string(r.funds.reason)),
                // 上年结转资金 / 其他资金 as recorded (issue 15).
                ("sources", .array(r.funds.sourceLines.map { (s: FundsSource) -> JSONValue in
                    .object([("name", .string(s.name)), ("budget", s.budget.map(JSONValue.amount) ?? .null),
                             ("executed", s.executed.map(JSONValue.amount) ?? .null), ("rate", rate(s.rate)), ("reason", .string(s.reason))])
                })),
            ])),
            ("missing", .array(r.missing.map(JSONValue.string))),
            ("findings", .array(r.findings.map(finding))),
        ]
        return .object(fields)
    }

    static func scoreFields(_ r: IndicatorResult) -> [(String, JSONValue)] {
        [
            ("actual", .optional(r.actualRaw)),
            ("weight", .score(r.weight)),
            ("score", .score(r.score)),
            ("deduction", .score(r.deduction)),
            ("reason", .string(r.reason)),
            ("findings", .array(r.findings.map(finding))),
        ]
    }

    public static func finding(_ f: Finding) -> JSONValue {
        var fields: [(String, JSONValue)] = [("code", .string(f.code.rawValue)), ("severity", .string(f.severity.rawValue)), ("message", .string(f.message))]
        fields.append(("owner", .string(f.ownerCode)))
        if let i = f.indicator { fields.append(("indicator", .string(i))) }
        if let l = f.location { fields.append(("location", .string(l.description))) }
        return .object(fields)
    }
}
