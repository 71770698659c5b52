import Foundation
import JixiaoEngine
import JixiaoModel

/// The department part of the graded report as one model that every format renders alike (text,
/// markdown, html, docx, xlsx): a title, numbered sections of paragraphs and tables, and the
/// footer lines. What one format shows, all show.
public struct DepartmentReport: Sendable {
    /// A table of the report; cells are texts, numbers or rates (numbers in xlsx).
    public struct Table: Sendable {
        public var headers: [String]
        public var rows: [[TableReport.Cell]]
        /// The column of running text that takes what width is left (wrapped first on a terminal).
        public var textColumn: Int?

        public init(headers: [String], rows: [[TableReport.Cell]], textColumn: Int? = nil) {
            self.headers = headers
            self.rows = rows
            self.textColumn = textColumn
        }

        /// The columns whose every cell is a number or a rate.
        public var numericColumns: Set<Int> {
            Set(headers.indices.filter { i in !rows.isEmpty && rows.allSatisfy { i >= $0.count || $0[i].isNumeric || $0[i] == .text("") } && rows.contains { i < $0.count && $0[i].isNumeric } })
        }
    }

    /// A paragraph or a table.
    public enum Block: Sendable {
        case paragraph(String)
        case table(Table)
    }

    /// A numbered section ("一、总体得分").
    public struct Section: Sendable {
        public var heading: String
        public var blocks: [Block]
    }

    public var title: String
    /// 单位编码 and the rule profile.
    public var meta: String
    public var sections: [Section]
    public var footer: ReportFooter

    /// "一" … "二十".
    static func numeral(_ n: Int) -> String {
        let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        if n < 10 { return digits[n] }
        if n < 20 { return "十" + digits[n - 10] }
        return digits[n / 10] + "十" + digits[n % 10]
    }

    /// The difference 复核 − 自评, for the columns that show it.
    static func difference(_ review: Decimal?, _ own: Decimal?) -> TableReport.Cell {
        guard let review, let own else { return .text("") }
        return .number(review - own)
    }

    public init(_ d: DepartmentResult, report: EvaluationReport) {
        let dept = d.department, profile = report.profile
        title = "\(dept.name) 部门整体绩效自评报告（\(report.year)年度）"
        meta = "单位编码：\(dept.code)　评分规则：\(profile.name)（\(profile.title)）"
        // Issue 15: the deadline's scoring says so; projects 填报未完成 are named with what they lack.
        if profile.blanks == .zero { meta += "　截止日评分：空白的实际完成值和全年执行数按 0 分计" }
        let incomplete = d.projects.filter { $0.status == .incomplete }
        if !incomplete.isEmpty {
            meta += "　填报未完成 \(incomplete.count) 个项目（不评等级）：" + incomplete.map { "\($0.project.name)（缺 \($0.missing.joined(separator: "、"))）" }.joined(separator: "；")
        }
        footer = report.footer
        var sections: [(String, [Block])] = []
        let reviewed = d.isReviewed
        let graded = d.projects.filter { $0.status == .graded }

        // 总体得分.
        let ownNote = d.ownScore == nil ? "部门整体指标未填实际完成值" : "部门预算执行率 \(Shown.number(d.ownFunds.score)) 分 + 部门整体指标 \(Shown.number((d.ownScore ?? 0) - d.ownFunds.score)) 分"
        let weightedNote = "按全年预算数加权，\(graded.count) 个已评价项目"
        var figures: Table
        var figureNotes: [Block] = []
        if reviewed {
            let weightedReviewGrade = d.reviewWeightedProjectScore.map(profile.grade(for:))
            figures = Table(headers: ["项目", "自评得分", "复核得分", "差异", "等级", "说明"], rows: [
                [.text("部门整体自评得分"), .number(d.ownScore), .number(d.reviewOwnScore), Self.difference(d.reviewOwnScore, d.ownScore),
                 .text((d.reviewOwnScore != nil ? d.reviewGrade : d.ownGrade) ?? "—"), .text(ownNote)],
                [.text("项目加权平均分"), .number(d.weightedProjectScore), .number(d.reviewWeightedProjectScore),
                 Self.difference(d.reviewWeightedProjectScore, d.weightedProjectScore), .text(weightedReviewGrade ?? d.weightedGrade ?? "—"), .text(weightedNote)],
            ], textColumn: 5)
            let count = Self.adjustments(d).count
            figureNotes.append(.paragraph("财政复核调整了 \(count) 项得分：部门得分与等级以复核得分为准，自评得分保留备查（调整明细见“财政复核调整”）。"))
        } else {
            figures = Table(headers: ["项目", "得分", "等级", "说明"], rows: [
                [.text("部门整体自评得分"), .number(d.ownScore), .text(d.ownGrade ?? "—"), .text(ownNote)],
                [.text("项目加权平均分"), .number(d.weightedProjectScore), .text(d.weightedGrade ?? "—"), .text(weightedNote)],
            ], textColumn: 3)
        }
        sections.append(("总体得分", [.table(figures)] + figureNotes))

        // 预算执行: the rate, the plan against execution, the split by source.
        let executed = d.projects.compactMap(\.funds.executed).reduce(0, +)
        let budget = d.projects.filter { $0.funds.executed != nil }.reduce(Decimal(0)) { $0 + $1.funds.budget }
        var execution: [Block] = [.paragraph("部门预算执行率 \(Shown.percent(d.executionRate))：全年执行 \(Shown.number(executed)) 万元 / 全年预算 \(Shown.number(budget)) 万元。")]
        let plan = EvaluationReport.plan(d)
        if !plan.isEmpty {
            var rows: [[TableReport.Cell]] = plan.map { p in
                [.text("\(p.month)月底"), .number(p.planned), .percent(dept.totalBudget > 0 ? p.planned / dept.totalBudget : nil), .text("")]
            }
            if let last = rows.indices.last { rows[last][3] = .number(executed) }
            execution.append(.table(Table(headers: ["时点", "计划累计支出（万元）", "计划进度", "实际累计支出（万元）"], rows: rows)))
        } else {
            execution.append(.paragraph("未填写资金支出计划。"))
        }
        let sources = Self.sources(d)
        if sources.isRecorded {
            let total = d.projects.reduce(Decimal(0)) { $0 + $1.project.budget }
            let rows: [[TableReport.Cell]] = [
                [.text("年度资金总额"), .number(total), .number(budget), .number(executed), .percent(d.executionRate)],
                [.text("其中：当年财政拨款"), sources.fiscalBudget.map { .number($0) } ?? .text(""), .text(""), sources.fiscalExecuted.map { .number($0) } ?? .text(""), .text("")],
                [.text("上年结转资金"), .text(""), .text(""), sources.carryoverExecuted.map { .number($0) } ?? .text(""), .text("")],
                [.text("其他资金"), sources.otherBudget.map { .number($0) } ?? .text(""), .text(""), sources.otherExecuted.map { .number($0) } ?? .text(""), .text("")],
            ]
            execution.append(.table(Table(headers: ["资金来源（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率"], rows: rows)))
            if !sources.hasExecutionSplit {
                execution.append(.paragraph("各来源的执行数未填报（填报表中可增加“上年结转资金”“其他资金”行）。"))
            }
        }
        sections.append(("预算执行", execution))
        if let monitoring = report.monitoring[dept.code], !monitoring.isEmpty { sections.append(("运行监控", Self.monitoring(monitoring))) }

        // 项目得分.
        var projectHeaders = ["序号", "项目编码", "项目名称", "全年预算数", "执行率", "总分", "等级"]
        if reviewed { projectHeaders.insert(contentsOf: ["复核得分", "差异"], at: 6) }
        let projectRows: [[TableReport.Cell]] = d.projects.enumerated().map { i, p in
            let isGraded = p.status == .graded
            var row: [TableReport.Cell] = [.text(String(i + 1)), .text(p.project.code), .text(p.project.name), .number(p.funds.budget),
                                           isGraded ? .percent(p.funds.rate) : .text("—"), isGraded ? .number(p.total) : .text("—"), .text(p.finalGrade)]
            if reviewed { row.insert(contentsOf: [p.reviewTotal.map { .number($0) } ?? .text(""), Self.difference(p.reviewTotal, p.total)], at: 6) }
            return row
        }
        var projectBlocks: [Block] = [.table(Table(headers: projectHeaders, rows: projectRows, textColumn: 2))]
        if reviewed { projectBlocks.append(.paragraph("等级按复核得分（有复核调整的项目）评定。")) }
        sections.append(("项目得分", projectBlocks))

        sections.append(("等级分布", [.paragraph(d.gradeCounts.map { "\($0.0) \($0.1) 个" }.joined(separator: "，") + "。")]))

        // 部门整体指标: the department's own table, its execution rate first.
        if !d.ownIndicators.isEmpty {
            let anyOwnReview = d.ownIndicators.contains { $0.review != nil }
            var headers = ["指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
            if anyOwnReview { headers.insert(contentsOf: ["复核得分", "差异"], at: 5) }
            func row(_ name: String, _ target: String, _ actual: TableReport.Cell, _ weight: Decimal, _ score: Decimal, _ review: ReviewedScore?, _ reason: String) -> [TableReport.Cell] {
                var r: [TableReport.Cell] = [.text(name), .text(target), actual, .number(weight), .number(score), .text(reason)]
                if anyOwnReview { r.insert(contentsOf: [review.map { .number($0.score) } ?? .text(""), Self.difference(review?.score, score)], at: 5) }
                return r
            }
            var rows = [row("部门预算执行率", "", .percent(d.ownFunds.rate), d.ownFunds.weight, d.ownFunds.score, nil, "各项目全年执行数 / 全年预算数")]
            rows += d.ownIndicators.map { r in
                row(r.indicator.level3, r.indicator.target.raw, .text(r.actualRaw ?? ""), r.weight, r.score, r.review, EvaluationReport.reason(r, profile: profile))
            }
            var total: [TableReport.Cell] = [.text("合计"), .text(""), .text(""), .number(d.ownIndicators.reduce(d.ownFunds.weight) { $0 + $1.weight }),
                                             .number(d.ownScore), .text(d.ownGrade.map { "等级 \($0)" } ?? "")]
            if anyOwnReview { total.insert(contentsOf: [.number(d.reviewOwnScore), Self.difference(d.reviewOwnScore, d.ownScore)], at: 5) }
            rows.append(total)
            sections.append(("部门整体指标", [.table(Table(headers: headers, rows: rows, textColumn: headers.count - 1))]))
        }

        // 财政复核调整.
        if reviewed {
            let rows: [[TableReport.Cell]] = Self.adjustments(d).map { a in
                [.text(a.owner), .text(a.indicator), .number(a.weight), .number(a.own), .number(a.review.score), .number(a.review.score - a.own),
                 .text(a.review.reason), .text(a.review.by), .text(a.review.at)]
            }
            sections.append(("财政复核调整", [.table(Table(headers: ["项目", "指标", "分值", "自评得分", "复核得分", "差异", "复核理由", "复核人", "复核时间"], rows: rows, textColumn: 6))]))
        }

        // 审核意见: the bureau's comments on returned filings.
        if let comments = report.comments[dept.code], !comments.isEmpty {
            let rows: [[TableReport.Cell]] = comments.map { c in
                [.text(c.at), .text(c.projectCode.map { EvaluationReport.ownerName($0, in: d) } ?? "整体"), .text(c.indicator ?? ""), .text(c.text),
                 .text(c.isOpen ? "待处理" : "已重新提交")]
            }
            sections.append(("审核意见", [.table(Table(headers: ["退回时间", "项目", "指标", "意见", "状态"], rows: rows, textColumn: 3))]))
        }

        // 问题与改进.
        let findings = EvaluationReport.findings(d)
        if findings.isEmpty {
            sections.append(("问题与改进", [.paragraph("未发现问题。")]))
        } else {
            let counts = Severity.allCases.map { s in "\(s.label) \(findings.filter { $0.severity == s }.count) 项" }.joined(separator: "，")
            let rows: [[TableReport.Cell]] = findings.map { f in
                [.text(f.severity.label), .text("\(f.code) \(Finding.titles[f.code.rawValue] ?? "")"),
                 .text(EvaluationReport.ownerName(f.ownerCode, in: d) + (f.indicator.map { " / \($0)" } ?? "")), .text(f.message)]
            }
            sections.append(("问题与改进", [.paragraph("共 \(findings.count) 项：\(counts)。"),
                                          .table(Table(headers: ["严重程度", "问题", "项目 / 指标", "问题与改进建议"], rows: rows, textColumn: 3))]))
        }
        self.sections = sections.enumerated().map { i, s in Section(heading: "\(Self.numeral(i + 1))、\(s.0)", blocks: s.1) }
    }

    /// One score the bureau adjusted, beside the unit's.
    struct Adjustment {
        var owner: String
        var indicator: String
        var weight: Decimal
        var own: Decimal
        var review: ReviewedScore
    }

    /// Every adjusted score of a department: its projects' execution and indicators, its own indicators.
    static func adjustments(_ d: DepartmentResult) -> [Adjustment] {
        var all: [Adjustment] = []
        for p in d.projects {
            if let r = p.funds.review { all.append(Adjustment(owner: p.project.name, indicator: "预算执行率", weight: p.funds.weight, own: p.funds.score, review: r)) }
            for i in p.indicators {
                if let r = i.review { all.append(Adjustment(owner: p.project.name, indicator: i.indicator.level3, weight: i.weight, own: i.score, review: r)) }
            }
        }
        for i in d.ownIndicators {
            if let r = i.review { all.append(Adjustment(owner: "部门整体", indicator: i.indicator.level3, weight: i.weight, own: i.score, review: r)) }
        }
        return all
    }

    /// The department's money by source: the projects' budgets by source, and the executions recorded.
    static func sources(_ d: DepartmentResult) -> FundsSources {
        var s = FundsSources.total(d.projects.map(\.funds.sources))
        // The appropriation's execution is a remainder: summed only when known for every project spent from.
        if !d.projects.filter({ $0.funds.executed != nil }).allSatisfy({ $0.funds.sources.fiscalExecuted != nil }) { s.fiscalExecuted = nil }
        let budgets = d.department.projects
        if budgets.contains(where: { $0.fiscalFunds != nil }) { s.fiscalBudget = budgets.compactMap(\.fiscalFunds).reduce(0, +) }
        if budgets.contains(where: { $0.otherFunds != nil }) { s.otherBudget = budgets.compactMap(\.otherFunds).reduce(0, +) }
        return s
    }

    /// 运行监控: what the mid-year monitoring found at 6月底 and 10月底 — the department's light,
    /// its projects' lights, and each 红 / 黄 project with its deviation and the unit's reason.
    static func monitoring(_ months: [DepartmentMonitor]) -> [Block] {
        func pct(_ v: Decimal?) -> String { v.map { Decimals.fixed($0, 2) + "%" } ?? "—" }
        var blocks: [Block] = months.map { m in
            .paragraph("\(m.month)月底：执行进度 \(pct(m.actualRate))，计划进度 \(pct(m.plannedRate))（序时进度 \(pct(m.timeRate))），单位整体\(m.light.map { $0.label + "灯" } ?? "未报送")；项目红灯 \(m.count(.red)) 个、黄灯 \(m.count(.yellow)) 个、绿灯 \(m.count(.green)) 个。")
        }
        let rows: [[TableReport.Cell]] = months.flatMap { m in
            m.projects.filter { $0.light == .red || $0.light == .yellow }.map { p in
                [.text("\(m.month)月底"), .text(p.light?.label ?? ""), .text(p.name), .text(pct(p.actualRate)), .text(pct(p.plannedRate)), .text(p.note),
                 .text(p.reason.isEmpty ? "（未填写）" : p.reason)]
            }
        }
        if !rows.isEmpty {
            blocks.append(.table(Table(headers: ["时点", "灯", "项目", "执行进度", "计划进度", "偏差说明", "偏差原因及纠偏措施"], rows: rows, textColumn: 6)))
        }
        return blocks
    }
}
