import Foundation

/// The stable JSON interface for target tables (`projects --format json`, `show --format json`).
///
/// Keys are English and never renamed; later features add keys. Amounts are 万元 as JSON numbers.
public enum TargetsJSON {
    /// `{"year": …, "departments": [...]}` for departments of one year.
    public static func document(year: Int, departments: [Department]) -> JSONValue {
        .object([
            ("year", .number(String(year))),
            ("departments", .array(departments.map(department))),
        ])
    }

    public static func department(_ d: Department) -> JSONValue { department(d, projects: d.projects.map(project)) }

    static func department(_ d: Department, projects: [JSONValue]) -> JSONValue {
        .object([
            ("code", .string(d.code)),
            ("name", .string(d.name)),
            ("year", .number(String(d.year))),
            ("budget", .amount(d.totalBudget)),
            ("goal", .string(d.goalText)),
            ("goals", .array(d.goals.map(goal))),
            ("projects", .array(projects)),
        ])
    }

    /// SHA-256 of `department(d).serialized()`, computed a project at a time so that a
    /// department of a hundred thousand projects is never one string.
    public static func contentHash(_ d: Department) -> String {
        // Without projects the object ends with `"projects": []` (the last key), then "\n}\n".
        let head = department(d, projects: []).serialized()
        let tail = "[]\n}\n"
        guard !d.projects.isEmpty, head.hasSuffix(tail) else { return SHA256.hex(head) }
        var hasher = SHA256.Hasher()
        hasher.update(String(head.dropLast(tail.count)))
        hasher.update("[\n")
        for (i, p) in d.projects.enumerated() {
            var piece = "    "
            project(p).write(into: &piece, indent: 2)
            piece += i == d.projects.count - 1 ? "\n" : ",\n"
            hasher.update(piece)
        }
        hasher.update("  ]\n}\n")
        return hasher.finalize()
    }

    public static func goal(_ g: Indicator) -> JSONValue {
        .object([("name", .string(g.level3)), ("description", .string(g.description))] + targetFields(g.target))
    }

    public static func project(_ p: Project) -> JSONValue {
        .object([
            ("code", .string(p.code)),
            ("name", .string(p.name)),
            ("budget", .amount(p.budget)),
            ("fiscal_funds", p.fiscalFunds.map(JSONValue.amount) ?? .null),
            ("other_funds", p.otherFunds.map(JSONValue.amount) ?? .null),
            ("purpose", .string(p.purpose)),
            ("goal", .string(p.goal)),
            ("spending_plan", .array(p.plan.points.map { .object([("month", .number(String($0.month))), ("cumulative", .amount($0.cumulative))]) })),
            ("spending_plan_form", .string(p.plan.form.rawValue)),
            ("indicators", .array(p.indicators.map(indicator))),
        ])
    }

    public static func indicator(_ i: Indicator) -> JSONValue {
        .object([
            ("level1", .string(i.level1)),
            ("level2", .string(i.level2)),
            ("level3", .string(i.level3)),
            ("description", .string(i.description)),
        ] + targetFields(i.target) + [
            ("basis", .string(i.basis)),
            ("points", i.points.map(JSONValue.decimal) ?? .null),
        ])
    }

    static func targetFields(_ t: TargetValue) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("target", .string(t.raw)),
            ("kind", .string(t.kind.rawValue)),
            ("comparator", .optional(t.comparator?.rawValue)),
            ("value", t.value.map(JSONValue.decimal) ?? .null),
            ("unit", .optional(t.unit)),
        ]
        if let deadline = t.deadline { fields.append(("deadline", .string(deadline.description))) }
        return fields
    }
}
