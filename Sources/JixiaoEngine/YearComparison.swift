import Foundation
import JixiaoModel

/// Years side by side for one department (issue 7): its figures per year, its projects matched
/// across years (by 项目编码, else by the same name, with a note), indicator changes of matched
/// projects, and findings that recur.
public struct YearComparison: Sendable {
    /// One department's figures in one year.
    public struct Figures: Sendable {
        public var year: Int
        public var ownScore: Decimal?
        public var ownGrade: String?
        public var weighted: Decimal?
        public var weightedGrade: String?
        public var executionRate: Decimal?
        public var budget: Decimal
        public var projects: Int
        public var errors: Int
    }

    /// How a project of one year was matched to the line.
    public enum Match: String, Sendable {
        case first, code, name
    }

    /// A project followed across the years.
    public struct ProjectLine: Sendable {
        public var name: String
        /// Per year: the project's result, or nil when it did not exist that year.
        public var years: [Int: ProjectResult]
        public var matches: [Int: Match]
        /// Notes on matching ("按名称匹配：编码 A → B").
        public var notes: [String]

        public var status: String {
            let present = years.keys.sorted()
            guard let first = present.first, let last = present.last else { return "" }
            return first == last ? "仅 \(first)" : "\(first)–\(last)"
        }
    }

    /// A change of indicators between two consecutive years of a project line.
    public struct IndicatorChange: Sendable {
        public enum Kind: String, Sendable { case added = "新增", removed = "删除", targetChanged = "目标值调整" }
        public var project: String
        public var fromYear: Int
        public var toYear: Int
        public var kind: Kind
        public var indicator: String
        public var before: String
        public var after: String
    }

    /// A finding raised in several years for the same project and indicator.
    public struct RecurringFinding: Sendable {
        public var code: FindingCode
        public var project: String
        public var indicator: String?
        public var years: [Int]
        public var message: String
    }

    public var departmentCode: String
    public var departmentName: String
    public var years: [Int]
    public var figures: [Figures]
    public var lines: [ProjectLine]
    public var indicatorChanges: [IndicatorChange]
    public var recurring: [RecurringFinding]

    static func normalizedName(_ s: String) -> String { TextNormalizer.removingSpaces(TextNormalizer.halfWidth(s)) }

    /// Compares one department's results, one per year (ascending).
    public static func compare(_ results: [DepartmentResult]) -> YearComparison {
        let sorted = results.sorted { $0.department.year < $1.department.year }
        let years = sorted.map(\.department.year)
        let figures = sorted.map { r in
            Figures(year: r.department.year, ownScore: r.ownScore, ownGrade: r.ownGrade, weighted: r.weightedProjectScore, weightedGrade: r.weightedGrade,
                    executionRate: r.executionRate, budget: r.department.totalBudget, projects: r.projects.count,
                    errors: r.allFindings.filter { $0.severity == .error }.count)
        }
        var lines: [ProjectLine] = []
        for r in sorted {
            let year = r.department.year
            var used = Set<Int>()
            for p in r.projects {
                if let i = lines.indices.first(where: { !used.contains($0) && lines[$0].years.values.contains { $0.project.code == p.project.code } }) {
                    lines[i].years[year] = p
                    lines[i].matches[year] = .code
                    used.insert(i)
                } else if let i = lines.indices.first(where: { !used.contains($0) && lines[$0].years[year] == nil
                            && lines[$0].years.values.contains { normalizedName($0.project.name) == normalizedName(p.project.name) } }) {
                    let previous = lines[i].years.keys.max().flatMap { lines[i].years[$0]?.project.code } ?? ""
                    lines[i].years[year] = p
                    lines[i].matches[year] = .name
                    lines[i].notes.append("\(year) 年按名称匹配（项目编码 \(previous) → \(p.project.code)）")
                    used.insert(i)
                } else {
                    lines.append(ProjectLine(name: p.project.name, years: [year: p], matches: [year: .first], notes: []))
                    used.insert(lines.count - 1)
                }
            }
        }
        var changes: [IndicatorChange] = []
        var recurring: [RecurringFinding] = []
        for line in lines {
            let present = years.filter { line.years[$0] != nil }
            for (a, b) in zip(present, present.dropFirst()) {
                let before = line.years[a]!.project, after = line.years[b]!.project
                let keyed = { (p: Project) in Dictionary(p.indicators.map { (IndicatorKey(ownerCode: "", indicator: $0), $0) }, uniquingKeysWith: { x, _ in x }) }
                let old = keyed(before), new = keyed(after)
                for i in after.indicators {
                    let k = IndicatorKey(ownerCode: "", indicator: i)
                    if let o = old[k] {
                        if Self.normalizedName(o.target.raw) != Self.normalizedName(i.target.raw) {
                            changes.append(IndicatorChange(project: line.name, fromYear: a, toYear: b, kind: .targetChanged, indicator: i.level3, before: o.target.raw, after: i.target.raw))
                        }
                    } else {
                        changes.append(IndicatorChange(project: line.name, fromYear: a, toYear: b, kind: .added, indicator: i.level3, before: "", after: i.target.raw))
                    }
                }
                for i in before.indicators where new[IndicatorKey(ownerCode: "", indicator: i)] == nil {
                    changes.append(IndicatorChange(project: line.name, fromYear: a, toYear: b, kind: .removed, indicator: i.level3, before: i.target.raw, after: ""))
                }
            }
            // Findings of the same code on the same indicator in more than one year.
            var seen: [String: (years: [Int], finding: Finding)] = [:]
            var order: [String] = []
            for year in present {
                let findings = line.years[year]!.allFindings
                var thisYear = Set<String>()
                for f in findings {
                    let key = "\(f.code)|\(f.indicator ?? "")"
                    guard !thisYear.contains(key) else { continue }
                    thisYear.insert(key)
                    if seen[key] == nil { order.append(key) }
                    seen[key, default: ([], f)].years.append(year)
                }
            }
            for key in order where seen[key]!.years.count > 1 {
                let (ys, f) = seen[key]!
                recurring.append(RecurringFinding(code: f.code, project: line.name, indicator: f.indicator, years: ys, message: f.message))
            }
        }
        let d = sorted.last?.department
        return YearComparison(departmentCode: d?.code ?? "", departmentName: d?.name ?? "", years: years, figures: figures, lines: lines,
                              indicatorChanges: changes, recurring: recurring)
    }
}
