import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoReports
import JixiaoStore

/// What `evaluate` did: the targets imported, the actuals recorded, the run stored, the report.
public struct Evaluation: Sendable {
    public var department: Department
    public var imported: ImportOutcome
    public var recorded: RecordOutcome
    /// Things to tell the user about the actuals that did not stop the recording.
    public var warnings: [Diagnostic]
    public var runID: Int64
    public var report: EvaluationReport
}

extension Application {
    /// The graded report of `year`: every department, or the one named; with `project`, only that
    /// project's 自评表. Only the departments shown are scored (a province's database need not be
    /// scored whole for one department's report).
    /// The bureau's comments on returned filings are loaded beside the scores (审核意见).
    public func report(year: Int, profile: Profile, department: String? = nil, project: String? = nil, footer: ReportFooter = ReportFooter()) async throws -> EvaluationReport {
        var only = department
        if only == nil, let project, let owner = try await owningDepartment(of: project, year: year) { only = owner }
        let results = try await scored(year: year, profile: profile, department: only)
        if let department, results.isEmpty {
            throw StoreError("\(year) 年度没有单位 \(department)。用 jixiao departments 查看单位编码。")
        }
        if let project, !results.contains(where: { $0.projects.contains { $0.project.code == project } }) {
            throw StoreError("\(year) 年度没有编码为 \(project) 的项目。用 jixiao projects 查看项目编码。")
        }
        var comments: [String: [EvaluationReport.BureauComment]] = [:]
        if project == nil {
            for d in results {
                let found = try await bureauComments(department: d.department.code, year: year)
                if !found.isEmpty { comments[d.department.code] = found }
            }
        }
        var report = EvaluationReport(year: year, profile: profile, departments: results, onlyProject: project, footer: footer, comments: comments)
        if project == nil {
            for d in results {
                let quotes = try await monitorQuotes(departmentCode: d.department.code, year: year, profile: profile)
                if !quotes.isEmpty { report.monitoring[d.department.code] = quotes }
            }
        }
        return report
    }

    /// Every comment the bureau made when returning a department's filing, with when and by whom;
    /// open while the filing has not been submitted again since the latest return.
    func bureauComments(department code: String, year: Int) async throws -> [EvaluationReport.BureauComment] {
        let all = try await store.comments(departmentCode: code, year: year)
        guard !all.isEmpty else { return [] }
        let events = try await store.events(departmentCode: code, year: year)
        let filing = try await store.filing(departmentCode: code, year: year)
        let lastReturn = events.last { $0.to == .returned }?.id
        let byID = Dictionary(events.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        return all.map { c in
            EvaluationReport.BureauComment(at: byID[c.eventID]?.at ?? "", by: byID[c.eventID]?.by ?? "", projectCode: c.projectCode, indicator: c.indicator,
                                           text: c.text, isOpen: filing.state.isEditable && c.eventID == lastReturn)
        }
    }

    /// `import`, `record`, `score` and `report` in one step: the actuals are validated against the
    /// targets being imported before anything is written.
    public func evaluate(targets: String, actuals: String, year: Int?, profile: Profile, footer: ReportFooter = ReportFooter()) async throws -> Evaluation {
        try authorize(.administer)
        let document = try TargetFileReader.read(url: URL(fileURLWithPath: targets), displayName: targets, year: year)
        let entries = try ActualsFileReader.read(url: URL(fileURLWithPath: actuals), displayName: actuals)
        let department = document.department
        let validated = try ActualsValidator(departments: [department], profile: profile).validate(entries)
        let imported = try await store.importTargets(PreparedTargets(department), source: ImportSource(fileName: targets, importedAt: clock()))
        let recorded = try await store.recordActuals(validated.actuals, by: actor.userName, at: clock())
        let results = try await scored(year: department.year, profile: profile, department: department.code)
        let runID = try await store.saveScoreRun(ScoreRunRecord(
            year: department.year, profileName: profile.name, profileHash: profile.contentHash, scoredAt: clock(), scoredBy: actor.userName,
            departments: ScoreRecords.departments(results)))
        return Evaluation(department: department, imported: imported, recorded: recorded, warnings: validated.warnings, runID: runID,
                          report: EvaluationReport(year: department.year, profile: profile, departments: results, footer: footer))
    }

    /// The bureau's ranking: every department of `year` scored.
    public func rankDepartments(year: Int, profile: Profile) async throws -> [DepartmentResult] {
        try authorize(.readAll)
        return try await scored(year: year, profile: profile)
    }
}
