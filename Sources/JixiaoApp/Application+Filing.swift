import Foundation
import JixiaoEngine
import JixiaoModel
import JixiaoStore

/// A submission refused, with everything to fix first.
public struct SubmissionRefused: Error, CustomStringConvertible, Sendable {
    public var departmentCode: String
    public var problems: [SubmissionProblem]

    public var description: String {
        var lines = ["单位 \(departmentCode) 尚不能提交，请先处理以下 \(problems.count) 项："]
        for p in problems.prefix(100) {
            let label: String
            switch p.kind {
            case .incomplete: label = "填报未完成"
            case .error: label = "错误"
            case .reason: label = "缺少偏差原因"
            }
            lines.append("  [\(label)] \(p.ownerName)（\(p.ownerCode)）\(p.indicator.map { " / \($0)" } ?? "")：\(p.message)")
        }
        if problems.count > 100 { lines.append("  …… 另有 \(problems.count - 100) 项") }
        return lines.joined(separator: "\n")
    }
}

/// A filing refused because of its state (submitting what is approved, approving what is not submitted…).
public struct FilingStateError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// The bureau's comment on a project or one of its indicators, when returning a filing.
public struct ItemComment: Sendable, Equatable {
    public var project: String
    public var indicator: String?
    public var text: String

    public init(project: String, indicator: String?, text: String) {
        self.project = project
        self.indicator = indicator
        self.text = text
    }
}

extension Application {
    /// The department an actor files for: the one named, else a unit's own, else the only one of
    /// the year.
    func filingDepartment(_ given: String?, year: Int) async throws -> String {
        if let given { return given }
        if let own = actor.department { return own }
        let codes = try await departmentCodes(year: year)
        guard codes.count == 1 else {
            throw FilingStateError(description: "\(year) 年度有 \(codes.count) 个单位，请用 --department 指定要操作的单位（\(codes.prefix(5).joined(separator: "、"))\(codes.count > 5 ? "……" : "")）。")
        }
        return codes[0]
    }

    /// The department scored for the filing cycle, with the bureau's adjustments.
    func scoredForFiling(_ code: String, year: Int, profile: Profile) async throws -> DepartmentResult {
        guard let result = try await scoreDepartments(year: year, codes: [code], scorer: Scorer(profile: profile, explains: false)).first else {
            throw StoreError("\(year) 年度没有单位 \(code)。")
        }
        return result
    }

    /// What must be fixed before `department` can submit: blank actuals, error-level findings and
    /// blank required reasons. Empty when it is ready.
    public func submissionProblems(department code: String, year: Int, profile: Profile) async throws -> [SubmissionProblem] {
        try authorize(.read(department: code))
        return Self.problems(try await scoredForFiling(code, year: year, profile: profile), profile: profile)
    }

    static func problems(_ r: DepartmentResult, profile: Profile) -> [SubmissionProblem] {
        var problems: [SubmissionProblem] = []
        for p in r.projects {
            let code = p.project.code, name = p.project.name
            if p.status == .notEvaluated {
                problems.append(SubmissionProblem(kind: .incomplete, ownerCode: code, ownerName: name, indicator: nil, message: "尚未填写任何实际完成值。"))
                continue
            }
            // 填报未完成 (ProjectStatus.incomplete): what is missing, item by item (under a profile
            // that scores blanks as 0 the project is graded, and the blanks still block submission).
            for item in p.missing {
                problems.append(SubmissionProblem(kind: .incomplete, ownerCode: code, ownerName: name, indicator: item,
                                                  message: item == SpecialRow.executed ? "全年执行数空白。" : "实际完成值空白。"))
            }
            if let rate = p.funds.rate, rate < profile.reasonRateThreshold || rate > 1, !DeviationReason.isGiven(p.funds.reason) {
                problems.append(SubmissionProblem(kind: .reason, ownerCode: code, ownerName: name, indicator: SpecialRow.executed,
                                                  message: "预算执行率 \(Decimals.percent(rate)) \(rate > 1 ? "超过 100%" : "低于 \(Decimals.percent(profile.reasonRateThreshold))")，须说明原因。"))
            }
            for i in p.indicators where i.actualRaw != nil && i.findings.contains(where: { $0.code == .r10 && $0.severity == .warning }) {
                problems.append(SubmissionProblem(kind: .reason, ownerCode: code, ownerName: name, indicator: i.indicator.level3,
                                                  message: "失分或超额完成，须填写偏差原因分析及改进措施。"))
            }
        }
        if !r.department.goals.isEmpty, r.ownIndicators.isEmpty {
            problems.append(SubmissionProblem(kind: .incomplete, ownerCode: r.department.code, ownerName: "部门整体", indicator: nil,
                                              message: "部门整体指标（\(r.department.goals.count) 个）尚未填写实际完成值。"))
        }
        for i in r.ownIndicators where i.actualRaw == nil {
            problems.append(SubmissionProblem(kind: .incomplete, ownerCode: r.department.code, ownerName: "部门整体", indicator: i.indicator.level3, message: "实际完成值空白。"))
        }
        // Errors in the targets themselves (R04 a goal contradicting its indicator, R05 a cost
        // written with ≥ …) were set at the start of the year and cannot be put right by filing
        // actuals: they are the bureau's to weigh, and do not block a submission.
        for f in r.allFindings where f.severity == .error && !Self.targetTableCodes.contains(f.code) {
            let name = f.ownerCode == r.department.code ? "部门整体" : (r.department.projects.first { $0.code == f.ownerCode }?.name ?? f.ownerCode)
            problems.append(SubmissionProblem(kind: .error, ownerCode: f.ownerCode, ownerName: name, indicator: f.indicator, message: "\(f.code)：\(f.message)"))
        }
        return problems
    }

    /// Finding codes about the target table (RULES.md R01–R05, R12, R13, R15 and review's R16–R24).
    static let targetTableCodes: Set<FindingCode> = [.r01, .r02, .r03, .r04, .r05, .r12, .r13, .r15, .r16, .r17, .r18, .r19, .r20, .r21, .r22, .r23, .r24]

    /// Submits a department's filing: refused with the list of problems while any stand; the
    /// actuals are locked until the bureau returns or approves it.
    public func submit(department: String?, year: Int?, note: String, profile: Profile) async throws -> Filing {
        let y = try await resolveYear(year)
        let code = try await filingDepartment(department, year: y)
        try authorize(.submit(department: code))
        let current = try await store.filing(departmentCode: code, year: y)
        guard current.state.isEditable else {
            throw FilingStateError(description: "单位 \(code) \(y) 年度的自评\(current.state == .approved ? "已审核，不能再提交" : "已提交，待财政审核或退回")。")
        }
        let result = try await scoredForFiling(code, year: y, profile: profile)
        let problems = Self.problems(result, profile: profile)
        guard problems.isEmpty else { throw SubmissionRefused(departmentCode: code, problems: problems) }
        return try await store.transition(FilingTransition(departmentCode: code, year: y, from: current.state, expectedVersion: current.version,
                                                           to: .submitted, at: clock(), by: actor.userName, note: note))
    }

    /// Sends a submitted filing back to the unit with an overall comment and comments on items.
    public func returnFiling(department code: String, year: Int?, comment: String, items: [ItemComment]) async throws -> Filing {
        try authorize(.review(department: code))
        let y = try await resolveYear(year)
        let text = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw FilingStateError(description: "退回须填写审核意见（--comment）。") }
        guard let department = try await store.department(code: code, year: y) else { throw StoreError("\(y) 年度没有单位 \(code)。") }
        var comments = [ReviewComment(text: text)]
        for item in items {
            guard let project = department.projects.first(where: { $0.code == item.project }) else {
                throw FilingStateError(description: "单位 \(code) 没有编码为 \(item.project) 的项目；请核对 --item。")
            }
            if let indicator = item.indicator, Self.indicatorKey(indicator, in: project) == nil {
                throw FilingStateError(description: "项目 \(project.name)（\(project.code)）没有名为“\(indicator)”的指标；请核对 --item。")
            }
            comments.append(ReviewComment(projectCode: item.project, indicator: item.indicator, text: item.text))
        }
        let current = try await store.filing(departmentCode: code, year: y)
        guard current.state == .submitted else {
            throw FilingStateError(description: "单位 \(code) \(y) 年度的自评当前为“\(current.state.label)”，只有已提交的自评可以退回。")
        }
        return try await store.transition(FilingTransition(departmentCode: code, year: y, from: .submitted, expectedVersion: current.version, to: .returned,
                                                           at: clock(), by: actor.userName, note: text, comments: comments))
    }

    /// Approves a submitted filing: it is locked, and its score (with the bureau's adjustments,
    /// under `profile`) is stored as a run and is the one published.
    public func approve(department code: String, year: Int?, profile: Profile) async throws -> Filing {
        try authorize(.review(department: code))
        let y = try await resolveYear(year)
        let current = try await store.filing(departmentCode: code, year: y)
        guard current.state == .submitted else {
            throw FilingStateError(description: "单位 \(code) \(y) 年度的自评当前为“\(current.state.label)”，只有已提交的自评可以审核通过。")
        }
        let result = try await scoredForFiling(code, year: y, profile: profile)
        let approved = try await store.transition(FilingTransition(departmentCode: code, year: y, from: .submitted, expectedVersion: current.version,
                                                                   to: .approved, at: clock(), by: actor.userName, note: "审核通过",
                                                                   profileName: profile.name, profileHash: profile.contentHash))
        _ = try await store.saveScoreRun(ScoreRunRecord(year: y, profileName: profile.name, profileHash: profile.contentHash, scoredAt: clock(),
                                                        scoredBy: actor.userName, departments: ScoreRecords.departments([result])))
        return approved
    }

    /// Records the bureau's score (复核得分) for one indicator of a project — or the project's
    /// funds row, named 预算执行率 or 全年执行数 — beside the unit's own. The reason is required; the
    /// score must lie within the indicator's points; refused once the filing is approved.
    public func adjust(department code: String, year: Int?, project: String, indicator name: String, score: Decimal, reason: String,
                       profile: Profile) async throws -> ScoreAdjustment {
        try authorize(.review(department: code))
        let y = try await resolveYear(year)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw FilingStateError(description: "复核调整须说明理由（--reason）。") }
        let result = try await scoredForFiling(code, year: y, profile: profile)
        let weight: Decimal, key: IndicatorKey
        if project == code {
            guard let i = result.ownIndicators.first(where: { IndicatorKey(ownerCode: code, indicator: $0.indicator).level3 == IndicatorKey(ownerCode: code, level1: "", level2: "", level3: name).level3 }) else {
                throw FilingStateError(description: "单位 \(code) 的部门整体指标中没有“\(name)”。")
            }
            (weight, key) = (i.weight, IndicatorKey(ownerCode: code, indicator: i.indicator))
        } else {
            guard let p = result.projects.first(where: { $0.project.code == project }) else {
                throw FilingStateError(description: "单位 \(code) \(y) 年度没有编码为 \(project) 的项目。")
            }
            guard p.status == .graded else { throw FilingStateError(description: "项目 \(p.project.name) 尚未评价，不能复核。") }
            if ["预算执行率", SpecialRow.executed, "资金"].contains(name) {
                (weight, key) = (p.funds.weight, IndicatorKey.funds(project, SpecialRow.executed))
            } else {
                guard let k = Self.indicatorKey(name, in: p.project), let i = p.indicators.first(where: { IndicatorKey(ownerCode: project, indicator: $0.indicator) == k }) else {
                    throw FilingStateError(description: "项目 \(p.project.name)（\(project)）没有名为“\(name)”的指标。")
                }
                (weight, key) = (i.weight, k)
            }
        }
        let limit = profile.round(weight)
        guard score >= 0, score <= limit else {
            throw FilingStateError(description: "复核得分应在 0 到 \(Decimals.plain(limit)) 分之间（“\(name)”的分值），收到 \(Decimals.plain(score))。")
        }
        guard profile.round(score) == score else {
            throw FilingStateError(description: "复核得分 \(Decimals.plain(score)) 的小数位多于评分规则的舍入位数；请写作 \(Decimals.plain(profile.round(score)))。")
        }
        let adjustment = ScoreAdjustment(departmentCode: code, year: y, key: key, score: score, reason: reason,
                                         at: Self.timestamp(clock()), by: actor.userName)
        do {
            try await store.saveAdjustment(adjustment)
        } catch FilingError.locked {
            throw FilingStateError(description: "单位 \(code) \(y) 年度的自评已审核通过，不能再复核调整。")
        }
        return adjustment
    }

    /// The key of the indicator named `name` (三级指标, as written or normalised) in `project`.
    static func indicatorKey(_ name: String, in project: Project) -> IndicatorKey? {
        let wanted = IndicatorKey(ownerCode: project.code, level1: "", level2: "", level3: name).level3
        return project.indicators.map { IndicatorKey(ownerCode: project.code, indicator: $0) }.first { $0.level3 == wanted }
    }

    /// Every department of the year the actor may see, with its filing, scores and open comments:
    /// the bureau's status board and chase list.
    public func filingStatus(year: Int?, profile: Profile) async throws -> (year: Int, departments: [FilingStatus]) {
        let y = try await resolveYear(year)
        let codes = try await visibleCodes(year: y)
        let store = self.store
        let scorer = Scorer(profile: profile, explains: false)
        var rows: [FilingStatus] = []
        for start in stride(from: 0, to: codes.count, by: Self.scoreChunk) {
            let part = Array(codes[start..<min(codes.count, start + Self.scoreChunk)])
            let results = try await scoreDepartments(year: y, codes: part, scorer: scorer)
            rows += try await results.concurrentMap { result in
                let code = result.department.code
                let filing = try await store.filing(departmentCode: code, year: y)
                var open: [ReviewComment] = []
                if filing.state.isEditable, let lastReturn = try await store.events(departmentCode: code, year: y).last(where: { $0.to == .returned }) {
                    open = try await store.comments(departmentCode: code, year: y).filter { $0.eventID == lastReturn.id }
                }
                let incomplete = result.projects.filter { p in p.status != .graded || !p.missing.isEmpty }.count
                return FilingStatus(department: result.department, filing: filing, result: result, openComments: open, incompleteProjects: incomplete,
                                    submissionProblems: filing.state.isEditable ? Self.problems(result, profile: profile) : [])
            }
        }
        return (y, rows)
    }

    /// The history of a department's filing: every transition, and every comment.
    public func filingHistory(department code: String, year: Int?) async throws -> (filing: Filing, events: [FilingEvent], comments: [ReviewComment]) {
        try authorize(.read(department: code))
        let y = try await resolveYear(year)
        return (try await store.filing(departmentCode: code, year: y), try await store.events(departmentCode: code, year: y),
                try await store.comments(departmentCode: code, year: y))
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
