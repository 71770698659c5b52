import Foundation
import JixiaoEngine
import JixiaoModel

/// The filing cycle's outputs: the status board (chase list), a filing's history, the spot-check
/// sample and the published results.
public enum FilingReports {
    static func json(_ value: JSONValue) -> Data { Data(value.serialized().utf8) }

    static func score(_ d: Decimal?) -> JSONValue { d.map(JSONValue.score) ?? .null }

    // MARK: Status

    /// Every department's state, submission, scores and open comments; then those not yet filed.
    public static func status(year: Int, _ rows: [FilingStatus], format: OutputFormat) throws -> Data {
        if format == .json {
            return json(.object([
                ("year", .number(String(year))),
                ("departments", .array(rows.map { r in
                    .object([
                        ("code", .string(r.department.code)), ("name", .string(r.department.name)),
                        ("state", .string(r.filing.state.rawValue)), ("state_label", .string(r.filing.state.label)),
                        ("version", .number(String(r.filing.version))),
                        ("submitted_at", .optional(r.filing.submittedAt)), ("submitted_by", .optional(r.filing.submittedBy)),
                        ("approved_at", .optional(r.filing.approvedAt)), ("approved_by", .optional(r.filing.approvedBy)),
                        ("self_score", score(r.result.score)), ("review_score", score(r.result.reviewScore)),
                        ("grade", .optional(r.result.finalGrade)),
                        ("incomplete_projects", .number(String(r.incompleteProjects))),
                        ("ready_to_submit", .bool(r.isOutstanding && r.submissionProblems.isEmpty)),
                        ("submission_problems", .array(r.submissionProblems.map { p in
                            .object([("kind", .string(p.kind.rawValue)), ("owner_code", .string(p.ownerCode)), ("owner_name", .string(p.ownerName)),
                                     ("indicator", .optional(p.indicator)), ("message", .string(p.message))])
                        })),
                        ("outstanding", .bool(r.isOutstanding)),
                        ("open_comments", .array(r.openComments.map(comment))),
                    ])
                })),
            ]))
        }
        let board = rows.map { r -> [TableReport.Cell] in
            [.text(r.department.code), .text(r.department.name), .text(r.filing.state.label), .text(r.filing.submittedAt ?? "—"),
             .number(r.result.score), .number(r.result.reviewScore), .text(r.result.finalGrade ?? "—"), .text(String(r.incompleteProjects)),
             .text(r.openComments.isEmpty ? "" : "\(r.openComments.count) 条")]
        }
        let outstanding = rows.filter(\.isOutstanding)
        let chase = outstanding.map { r -> [TableReport.Cell] in
            [.text(r.department.code), .text(r.department.name), .text(r.filing.state.label),
             .text(r.readiness), .text(r.filing.updatedAt ?? "从未操作")]
        }
        var comments: [[TableReport.Cell]] = []
        for r in rows {
            for c in r.openComments {
                comments.append([.text(r.department.code), .text(c.projectCode ?? "整体"), .text(c.indicator ?? ""), .text(c.text)])
            }
        }
        var sections = [
            TableReport.Section(heading: "一、各单位填报状态", headers: ["单位编码", "单位名称", "状态", "提交时间", "自评得分", "复核得分", "等级", "未填完项目", "审核意见"],
                                rows: board, notes: ["共 \(rows.count) 个单位：" + FilingState.allCases.map { s in "\(s.label) \(rows.filter { $0.filing.state == s }.count)" }.joined(separator: " · ")]),
            TableReport.Section(heading: "二、尚未提交（催报名单）", headers: ["单位编码", "单位名称", "状态", "填报情况", "最近操作"], rows: chase,
                                notes: outstanding.isEmpty ? ["全部单位均已提交。"] : []),
        ]
        if !comments.isEmpty {
            sections.append(TableReport.Section(heading: "三、待处理的审核意见", headers: ["单位编码", "项目", "指标", "意见"], rows: comments))
        }
        return try TableReport(title: "\(year) 年度自评填报状态", sections: sections).rendered(as: format)
    }

    static func comment(_ c: ReviewComment) -> JSONValue {
        .object([("project", .optional(c.projectCode)), ("indicator", .optional(c.indicator)), ("text", .string(c.text))])
    }

    // MARK: History

    /// A filing's transitions and the bureau's comments.
    public static func history(_ filing: Filing, events: [FilingEvent], comments: [ReviewComment], format: OutputFormat) throws -> Data {
        if format == .json {
            return json(.object([
                ("code", .string(filing.departmentCode)), ("year", .number(String(filing.year))), ("state", .string(filing.state.rawValue)),
                ("events", .array(events.map { e in
                    .object([("from", .string(e.from.rawValue)), ("to", .string(e.to.rawValue)), ("at", .string(e.at)), ("by", .string(e.by)), ("note", .string(e.note)),
                             ("comments", .array(comments.filter { $0.eventID == e.id }.map(comment)))])
                })),
            ]))
        }
        let rows = events.map { e -> [TableReport.Cell] in
            [.text(e.at), .text(e.by), .text("\(e.from.label) → \(e.to.label)"), .text(e.note),
             .text(comments.filter { $0.eventID == e.id && $0.projectCode != nil }.map { "\($0.projectCode!)\($0.indicator.map { "/" + $0 } ?? "")：\($0.text)" }.joined(separator: "；"))]
        }
        return try TableReport(title: "单位 \(filing.departmentCode) \(filing.year) 年度自评：\(filing.state.label)", sections: [
            TableReport.Section(heading: "状态变化", headers: ["时间", "操作人", "状态", "说明", "逐项意见"], rows: rows, notes: rows.isEmpty ? ["尚无操作（填报中）。"] : []),
        ]).rendered(as: format)
    }

    // MARK: Spot check

    /// The drawn projects, each with why it was drawn.
    public static func spotCheck(_ s: SpotCheck, format: OutputFormat) throws -> Data {
        let rate = Decimals.percent(s.rate)
        if format == .json {
            return json(.object([
                ("year", .number(String(s.year))), ("rate", .number(Decimals.plain(s.rate))), ("seed", .number(String(s.seed))),
                ("minimum_budget", s.minimumBudget.map(JSONValue.amount) ?? .null), ("candidates", .number(String(s.candidates))),
                ("departments", .number(String(s.departments))),
                ("projects", .array(s.projects.map { p in
                    .object([("department", .string(p.departmentCode)), ("department_name", .string(p.departmentName)),
                             ("code", .string(p.project.project.code)), ("name", .string(p.project.project.name)),
                             ("budget", .amount(p.project.funds.budget)), ("score", p.project.status == .graded ? .score(p.project.finalTotal) : .null),
                             ("grade", .string(p.project.finalGrade)), ("required", .bool(p.isRequired)),
                             ("reasons", .array(p.reasons.map { .string($0) }))])
                })),
            ]))
        }
        let rows = s.projects.enumerated().map { i, p -> [TableReport.Cell] in
            [.text(String(i + 1)), .text(p.departmentCode), .text(p.project.project.code), .text(p.project.project.name), .number(p.project.funds.budget),
             .number(p.project.status == .graded ? p.project.finalTotal : nil), .text(p.project.finalGrade), .text(p.reasons.joined(separator: "；"))]
        }
        let basis = "比例 \(rate)，随机种子 \(s.seed)\(s.minimumBudget.map { "，预算不低于 \(Decimals.plain($0)) 万元" } ?? "")：候选 \(s.candidates) 个项目（\(s.departments) 个单位），抽取 \(s.projects.count) 个，其中必抽 \(s.projects.filter(\.isRequired).count) 个。同一种子重抽结果相同。"
        return try TableReport(title: "\(s.year) 年度绩效自评抽查名单", sections: [
            TableReport.Section(heading: "抽查项目", headers: ["序号", "单位编码", "项目编码", "项目名称", "全年预算数", "得分", "等级", "抽取原因"], rows: rows, notes: [basis]),
        ]).rendered(as: format)
    }

    // MARK: Publication

    /// The approved results in the layout a bureau attaches to its budget notice.
    public static func publication(_ p: Publication, format: OutputFormat) throws -> Data {
        let profile = p.profile
        if format == .json {
            return json(.object([
                ("year", .number(String(p.year))), ("profile", .string(profile.name)),
                ("departments", .array(p.departments.map { d in
                    let r = d.result
                    return .object([
                        ("code", .string(r.department.code)), ("name", .string(r.department.name)),
                        ("approved_at", .optional(d.filing.approvedAt)), ("approved_by", .optional(d.filing.approvedBy)),
                        ("profile", .optional(d.filing.approvedProfile)),
                        ("self_score", score(r.score)), ("review_score", score(r.reviewScore)), ("score", score(r.finalScore)),
                        ("grade", .optional(r.finalGrade)), ("execution_rate", r.executionRate.map { .number(Decimals.fixed($0, 4)) } ?? .null),
                        ("result_use", .string(r.finalGrade.map(profile.resultUse(for:)) ?? "")),
                        ("projects", .array(r.projects.map { pr in
                            .object([("code", .string(pr.project.code)), ("name", .string(pr.project.name)), ("budget", .amount(pr.funds.budget)),
                                     ("executed", pr.funds.executed.map(JSONValue.amount) ?? .null),
                                     ("execution_rate", pr.funds.rate.map { .number(Decimals.fixed($0, 4)) } ?? .null),
                                     ("self_score", pr.status == .graded ? .score(pr.total) : .null), ("review_score", score(pr.reviewTotal)),
                                     ("score", pr.status == .graded ? .score(pr.finalTotal) : .null), ("grade", .string(pr.finalGrade)),
                                     ("result_use", .string(pr.status == .graded ? profile.resultUse(for: pr.finalGrade) : ""))])
                        })),
                    ])
                })),
                ("pending", .array(p.pending.map { .object([("code", .string($0.code)), ("name", .string($0.name)), ("state", .string($0.state.rawValue))]) })),
            ]))
        }
        let departments = p.departments.map { d -> [TableReport.Cell] in
            let r = d.result
            return [.text(r.department.code), .text(r.department.name), .number(r.score), .number(r.reviewScore), .number(r.finalScore), .text(r.finalGrade ?? "—"),
                    .percent(r.executionRate), .text(r.finalGrade.map(profile.resultUse(for:)) ?? ""), .text(d.filing.approvedAt ?? "")]
        }
        var projects: [[TableReport.Cell]] = []
        for d in p.departments {
            for pr in d.result.projects {
                let graded = pr.status == .graded
                projects.append([.text(d.result.department.code), .text(pr.project.code), .text(pr.project.name), .number(pr.funds.budget), .number(pr.funds.executed),
                                 .percent(pr.funds.rate), .number(graded ? pr.total : nil), .number(pr.reviewTotal), .number(graded ? pr.finalTotal : nil),
                                 .text(pr.finalGrade), .text(graded ? profile.resultUse(for: pr.finalGrade) : "")])
            }
        }
        var sections = [
            TableReport.Section(heading: "部门整体", headers: ["单位编码", "单位名称", "自评得分", "复核得分", "审定得分", "等级", "执行率", "结果应用", "审核时间"], rows: departments,
                                notes: ["审定得分：财政复核调整过的以复核得分为准，其余为自评得分（规则 \(profile.name)）。"]),
            TableReport.Section(heading: "项目", headers: ["单位编码", "项目编码", "项目名称", "全年预算数", "全年执行数", "执行率", "自评得分", "复核得分", "审定得分", "等级", "结果应用"],
                                rows: projects),
        ]
        if !p.pending.isEmpty {
            sections.append(TableReport.Section(heading: "未审核（未公开）", headers: ["单位编码", "单位名称", "状态"],
                                                rows: p.pending.map { [.text($0.code), .text($0.name), .text($0.state.label)] }))
        }
        return try TableReport(title: "\(p.year) 年度预算绩效自评结果", sections: sections).rendered(as: format)
    }
}
