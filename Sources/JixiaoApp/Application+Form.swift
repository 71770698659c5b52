import Foundation
import JixiaoEngine
import JixiaoModel
import JixiaoStore

/// One project's 自评表 — or the department's own 部门整体 table — as form data: each indicator
/// with its target, unit and points beside the recorded value and reason, the funds rows, the
/// overall goal; the live score after the last save; messages beside the fields they concern.
public struct ProjectForm: Sendable {
    /// One input row: an indicator, a funds row or the overall goal.
    public struct Row: Sendable {
        public enum Kind: Sendable, Equatable { case budget, executed, goal, indicator }
        /// The field's name in the form (`budget`, `executed`, `goal`, `i0` …); the reason box is `<id>.reason`.
        public var id: String
        public var kind: Kind
        public var level1: String
        public var level2: String
        public var level3: String
        /// 年度指标值 (or, for funds rows, the budget; for the goal, the expected goal).
        public var target: String
        public var unit: String
        /// 分值 (nil for the budget and goal rows).
        public var points: Decimal?
        /// 实际完成值 as shown (stored, or as the user typed it when the save was refused).
        public var value: String
        public var reason: String
        /// Whether the row has a reason box.
        public var hasReason: Bool
        /// The self-score from the stored actuals, when scored.
        public var score: Decimal?
        /// The bureau's 复核 score, when adjusted.
        public var review: ReviewedScore?
        /// How the score was reached (explain).
        public var steps: [String]
        /// A reason the engine suggests where one is required and missing.
        public var suggestedReason: String?
        /// Messages for this field (the validator's, as `record` prints them).
        public var errors: [String]
        /// The bureau's open comments on this row.
        public var comments: [String]
    }

    /// A field someone else saved since the form was read: their value and the one typed here.
    public struct Conflict: Sendable, Equatable {
        public var rowID: String
        public var label: String
        public var theirs: String
        public var yours: String

        public init(rowID: String, label: String, theirs: String, yours: String) {
            self.rowID = rowID
            self.label = label
            self.theirs = theirs
            self.yours = yours
        }
    }

    public var year: Int
    public var departmentCode: String
    public var departmentName: String
    /// The project code, or the department code for the 部门整体 table.
    public var code: String
    public var name: String
    public var isDepartment: Bool
    public var filing: Filing
    /// Whether the actor may save it now (its own department, the filing 填报中 or 已退回).
    public var editable: Bool
    public var rows: [Row]
    /// The `actualsVersion` the values were read at: sent back with the save.
    public var version: Int64
    public var total: Decimal?
    public var grade: String
    public var reviewTotal: Decimal?
    public var status: ProjectStatus?
    /// Messages that belong to no one field, and the bureau's comments on the whole project.
    public var generalErrors: [String]
    public var comments: [String]
    /// After a refused save because someone else saved first.
    public var conflicts: [Conflict]

    /// The form field of a row's reason box.
    public static func reasonField(_ id: String) -> String { id + ".reason" }
}

/// What saving a form did.
public enum FormSave: Sendable {
    /// Stored; the form as it is now, with the new score.
    case saved(ProjectForm, RecordOutcome)
    /// Nothing stored: the values as typed, with the messages beside the fields.
    case invalid(ProjectForm)
    /// Nothing stored: someone saved the project since it was read. The form shows their values,
    /// and `conflicts` lists both values of every field that differs.
    case conflict(ProjectForm)
}

extension Application {
    /// The form of a project (or, given the department code, the department's own table).
    /// A unit reading another department's code gets "not found", as for an unknown code.
    public func projectForm(code: String, year: Int?, profile: Profile) async throws -> ProjectForm {
        let y = try await resolveYear(year)
        guard let owner = try await owningDepartment(of: code, year: y) else { throw Self.unknownCode(code, y) }
        return try await buildForm(code: code, department: owner, year: y, profile: profile)
    }

    /// Saves the values of one form (fields named as `ProjectForm.Row.id` and `reasonField`)
    /// through the same validator `record` uses, all or nothing, refused when someone saved the
    /// project's actuals since `expectedVersion`.
    public func saveProjectForm(code: String, year: Int?, values: [String: String], expectedVersion: Int64, profile: Profile) async throws -> FormSave {
        let y = try await resolveYear(year)
        guard let owner = try await owningDepartment(of: code, year: y) else { throw Self.unknownCode(code, y) }
        try authorizeRecording()
        try authorize(.record(department: owner))
        guard let department = try await store.department(code: owner, year: y) else { throw Self.unknownCode(code, y) }
        let current = try await buildForm(code: code, department: owner, year: y, profile: profile)
        guard current.filing.state.isEditable else { throw FilingError.locked(departmentCode: owner, year: y, state: current.filing.state) }
        let stored = Dictionary(try await store.actuals(departmentCode: owner, year: y).map { ($0.key, $0) }, uniquingKeysWith: { $1 })

        // Each row becomes the line a filled sheet would have; its line number leads the
        // validator's messages back to the field.
        var typed = current
        var entries: [ActualEntry] = []
        var rowErrors: [String: [String]] = [:]
        for (n, row) in current.rows.enumerated() {
            let value = Self.clean(values[row.id] ?? row.value)
            let reason = row.hasReason ? Self.clean(values[ProjectForm.reasonField(row.id)] ?? row.reason) : ""
            typed.rows[n].value = value
            typed.rows[n].reason = reason
            let key = Self.key(of: row, code: code)
            let previous = stored[key]
            if value.isEmpty, let previous, !previous.value.isEmpty, row.kind != .goal {
                rowErrors[row.id, default: []].append("不能清空已保存的值（原为“\(previous.value)”）。如需更正，请填写新的值。")
                continue
            }
            if value.count > 500 || reason.count > 2000 {
                rowErrors[row.id, default: []].append("内容过长：实际完成值最多 500 字，偏差原因最多 2000 字。")
                continue
            }
            entries.append(ActualEntry(ownerCode: code, level1: row.level1, level2: row.level2, level3: row.level3, raw: value,
                                       pointsRaw: previous?.points.map(Decimals.plain) ?? "", claimedScoreRaw: previous?.claimedScore.map(Decimals.plain) ?? "",
                                       reason: reason, source: SourceLocation(file: "自评表", line: n + 1)))
        }
        var validated: ActualsValidator.Result?
        do {
            validated = try ActualsValidator(departments: [department], profile: profile).validate(entries)
        } catch let error as InputError {
            for d in error.diagnostics where d.severity == .error {
                if let line = d.location?.line, line >= 1, line <= current.rows.count {
                    rowErrors[current.rows[line - 1].id, default: []].append(d.message)
                } else {
                    typed.generalErrors.append(d.message)
                }
            }
        }
        guard let validated, rowErrors.isEmpty else {
            for i in typed.rows.indices { typed.rows[i].errors = rowErrors[typed.rows[i].id] ?? [] }
            if typed.generalErrors.isEmpty, rowErrors.isEmpty { typed.generalErrors.append("未能保存，请检查填写的内容。") }
            return .invalid(typed)
        }
        do {
            let outcome = try await store.recordActuals(validated.actuals, by: actor.userName, at: clock(), expecting: [code: expectedVersion])
            var saved = try await buildForm(code: code, department: owner, year: y, profile: profile)
            saved.generalErrors = []
            return .saved(saved, outcome)
        } catch FilingError.actualsChanged {
            var theirs = try await buildForm(code: code, department: owner, year: y, profile: profile)
            for (i, row) in theirs.rows.enumerated() {
                let mine = typed.rows[i]
                if mine.value != row.value {
                    theirs.conflicts.append(.init(rowID: row.id, label: Self.label(row), theirs: row.value, yours: mine.value))
                }
                if row.hasReason, mine.reason != row.reason {
                    theirs.conflicts.append(.init(rowID: ProjectForm.reasonField(row.id), label: Self.label(row) + " 偏差原因", theirs: row.reason, yours: mine.reason))
                }
            }
            theirs.generalErrors = [FilingError.actualsChanged(ownerCode: code).description]
            return .conflict(theirs)
        }
    }

    static func unknownCode(_ code: String, _ year: Int) -> StoreError {
        StoreError("\(year) 年度没有编码为 \(code) 的项目或单位。")
    }

    /// Trims, and turns line breaks of a one-line field into spaces.
    static func clean(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func label(_ row: ProjectForm.Row) -> String {
        row.level3.isEmpty ? row.level1 : row.level3
    }

    static func key(of row: ProjectForm.Row, code: String) -> IndicatorKey {
        switch row.kind {
        case .budget: return IndicatorKey.funds(code, SpecialRow.budget)
        case .executed: return IndicatorKey.funds(code, SpecialRow.executed)
        case .goal: return IndicatorKey.goal(code)
        case .indicator: return IndicatorKey(ownerCode: code, level1: row.level1, level2: row.level2, level3: row.level3)
        }
    }

    func buildForm(code: String, department owner: String, year y: Int, profile: Profile) async throws -> ProjectForm {
        let scorer = Scorer(profile: profile, explains: true)
        guard let result = try await scoreDepartments(year: y, codes: [owner], scorer: scorer).first else { throw Self.unknownCode(code, y) }
        let d = result.department
        let stored = Dictionary(try await store.actuals(departmentCode: owner, year: y).map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        let filing = try await store.filing(departmentCode: owner, year: y)
        var open: [ReviewComment] = []
        if filing.state.isEditable, let lastReturn = try await store.events(departmentCode: owner, year: y).last(where: { $0.to == .returned }) {
            open = try await store.comments(departmentCode: owner, year: y).filter { $0.eventID == lastReturn.id && $0.projectCode == code }
        }
        func comments(on indicator: String?) -> [String] {
            open.filter { c in
                guard let indicator else { return c.indicator == nil }
                guard let i = c.indicator else { return false }
                return IndicatorKey(ownerCode: code, level1: "", level2: "", level3: i).level3 == IndicatorKey(ownerCode: code, level1: "", level2: "", level3: indicator).level3
            }.map(\.text)
        }
        func indicatorRows(_ indicators: [Indicator], _ results: [IndicatorResult], points: [Decimal]) -> [ProjectForm.Row] {
            indicators.enumerated().map { i, indicator in
                let r = results.count == indicators.count ? results[i] : nil
                let s = stored[IndicatorKey(ownerCode: code, indicator: indicator)]
                var suggestion: String?
                if let r, r.actualRaw != nil, !DeviationReason.isGiven(r.reason), r.reasonSuggested || r.findings.contains(where: { $0.code == .r10 }) {
                    suggestion = r.reason.isEmpty ? nil : r.reason
                }
                return ProjectForm.Row(id: "i\(i)", kind: .indicator, level1: indicator.level1, level2: indicator.level2, level3: indicator.level3,
                                       target: indicator.target.raw, unit: indicator.target.unit ?? "", points: r?.weight ?? points[i],
                                       value: s?.value ?? "", reason: s?.reason ?? "", hasReason: true,
                                       score: r?.actualRaw == nil ? nil : r?.score, review: r?.review, steps: r?.steps ?? [],
                                       suggestedReason: suggestion, errors: [], comments: comments(on: indicator.level3))
            }
        }

        var rows: [ProjectForm.Row] = []
        var form: ProjectForm
        if code == owner {
            let allocation = PointsAllocation.allocate(d.goals, profile: profile)
            rows.append(ProjectForm.Row(id: "goal", kind: .goal, level1: SpecialRow.goal, level2: "", level3: "", target: d.goalText, unit: "", points: nil,
                                        value: stored[IndicatorKey.goal(code)]?.value ?? "", reason: "", hasReason: false, score: nil, review: nil,
                                        steps: [], suggestedReason: nil, errors: [], comments: []))
            rows += indicatorRows(d.goals, result.ownIndicators, points: allocation.indicators)
            form = ProjectForm(year: y, departmentCode: owner, departmentName: d.name, code: code, name: "部门整体", isDepartment: true, filing: filing,
                               editable: false, rows: rows, version: 0, total: result.ownScore, grade: result.ownGrade ?? "",
                               reviewTotal: result.reviewOwnScore, status: nil, generalErrors: [], comments: comments(on: nil), conflicts: [])
        } else {
            guard let p = result.projects.first(where: { $0.project.code == code }) else { throw Self.unknownCode(code, y) }
            let project = p.project
            let allocation = PointsAllocation.allocate(project.indicators, profile: profile)
            let budget = stored[IndicatorKey.funds(code, SpecialRow.budget)], executed = stored[IndicatorKey.funds(code, SpecialRow.executed)]
            let money = Decimals.fixed(project.budget, 2)
            let graded = p.status == .graded
            rows.append(ProjectForm.Row(id: "budget", kind: .budget, level1: SpecialRow.funds, level2: SpecialRow.fundsLevel2, level3: SpecialRow.budget,
                                        target: money, unit: "万元", points: nil, value: budget?.value ?? money, reason: "", hasReason: false,
                                        score: nil, review: nil, steps: [], suggestedReason: nil, errors: [], comments: []))
            let fundsSuggestion = graded && !DeviationReason.isGiven(p.funds.reason) && !p.funds.reason.isEmpty && p.funds.rate.map { $0 < profile.reasonRateThreshold || $0 > 1 } == true
            rows.append(ProjectForm.Row(id: "executed", kind: .executed, level1: SpecialRow.funds, level2: SpecialRow.fundsLevel2, level3: SpecialRow.executed,
                                        target: money, unit: "万元", points: p.funds.weight > 0 ? p.funds.weight : allocation.funds,
                                        value: executed?.value ?? "", reason: executed?.reason ?? "", hasReason: true,
                                        score: graded && p.funds.executed != nil ? p.funds.score : nil, review: p.funds.review, steps: p.funds.steps,
                                        suggestedReason: fundsSuggestion ? p.funds.reason : nil, errors: [],
                                        comments: comments(on: "预算执行率") + comments(on: SpecialRow.executed)))
            rows.append(ProjectForm.Row(id: "goal", kind: .goal, level1: SpecialRow.goal, level2: "", level3: "", target: project.goal, unit: "", points: nil,
                                        value: stored[IndicatorKey.goal(code)]?.value ?? "", reason: "", hasReason: false, score: nil, review: nil,
                                        steps: [], suggestedReason: nil, errors: [], comments: []))
            rows += indicatorRows(project.indicators, p.indicators, points: allocation.indicators)
            form = ProjectForm(year: y, departmentCode: owner, departmentName: d.name, code: code, name: project.name, isDepartment: false, filing: filing,
                               editable: false, rows: rows, version: 0, total: graded ? p.total : nil, grade: graded ? p.grade : "",
                               reviewTotal: p.reviewTotal, status: p.status, generalErrors: [], comments: comments(on: nil), conflicts: [])
        }
        form.version = try await store.actualsVersion(departmentCode: owner, year: y, ownerCode: code)
        form.editable = filing.state.isEditable && Rights.allows(actor, .record(department: owner))
        return form
    }
}
