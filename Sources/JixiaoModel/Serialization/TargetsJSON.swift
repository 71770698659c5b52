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

    /// SHA-256 of the canonical form of `department(d)` (keys sorted, no whitespace), computed a
    /// project at a time so that a department of a hundred thousand projects is never one string.
    public static func contentHash(_ d: Department) -> String {
        guard case .object(let pairs) = department(d, projects: []) else { return "" }
        var hasher = ContentDigest.Hasher()
        var out = "{"
        for (i, (key, value)) in JSONValue.sortedPairs(pairs).enumerated() {
            if i > 0 { out += "," }
            out += JSONValue.quote(key) + ":"
            guard key == "projects" else {
                value.writeCanonical(into: &out)
                continue
            }
            out += "["
            for (n, p) in d.projects.enumerated() {
                if n > 0 { out += "," }
                project(p).writeCanonical(into: &out)
                if out.utf8.count > 1 << 16 {
                    hasher.update(out)
                    out = ""
                }
            }
            out += "]"
        }
        hasher.update(out + "}")
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
