import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel

/// The narrative 部门整体绩效自评报告 a unit files beside its tables, in the usual six chapters,
/// written from the data: every number in it is a stored or computed figure, and the last chapter
/// is a paragraph for the unit to write.
public struct NarrativeReport: Sendable {
    /// A chapter: its heading and paragraphs.
    public struct Chapter: Sendable {
        public var heading: String
        public var paragraphs: [String]
    }

    public var title: String
    public var subtitle: String
    public var chapters: [Chapter]
    public var footer: ReportFooter

    /// The formats the narrative is written in.
    public static let formats: [OutputFormat] = [.text, .markdown, .html, .docx]

    /// Indicators listed one by one in chapter 二 before the rest are counted.
    static let listed = 15

    /// How an indicator came out against its target.
    enum Outcome { case met, missed, over }

    static func outcome(_ r: IndicatorResult, profile: Profile) -> Outcome? {
        guard r.actual != nil else { return nil }
        if case .number(let a)? = r.actual, let t = r.indicator.target.value, t > 0, r.indicator.target.comparator?.isUpper ?? true,
           r.indicator.target.kind == .quantitative, a >= profile.overachievementRatio * t {
            return .over
        }
        return r.score < profile.round(r.weight) ? .missed : .met
    }

    static func n(_ d: Decimal?) -> String { Shown.number(d) }
    static func pct(_ d: Decimal?) -> String { Shown.percent(d) }
    /// A rate already in percent (monitoring's), with two decimals.
    static func rate100(_ d: Decimal?) -> String { d.map { Decimals.fixed($0, 2) + "%" } ?? "—" }
    static func oneLine(_ s: String) -> String {
        s.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "；")
    }
    static func sentence(_ s: String) -> String {
        let t = oneLine(s)
        guard let last = t.last else { return t }
        return "。！？；".contains(last) ? t : t + "。"
    }

    public init(_ d: DepartmentResult, report: EvaluationReport) {
        let dept = d.department, profile = report.profile
        let n = Self.n, pct = Self.pct
        title = "\(dept.name)\(report.year)年度部门整体绩效自评报告"
        subtitle = "单位编码 \(dept.code) · 评分规则 \(profile.name)（\(profile.title)）"
        footer = report.footer
        let graded = d.projects.filter { $0.status == .graded }
        var chapters: [Chapter] = []

        // 一、部门基本情况.
        var basic: [String] = []
        let fiscal = dept.projects.compactMap(\.fiscalFunds), other = dept.projects.compactMap(\.otherFunds)
        var split = ""
        if !fiscal.isEmpty || !other.isEmpty {
            split = "，其中财政资金 \(n(fiscal.reduce(0, +))) 万元" + (other.reduce(0, +) > 0 ? "、其他资金 \(n(other.reduce(0, +))) 万元" : "")
        }
        basic.append("\(dept.name)（单位编码 \(dept.code)）\(report.year) 年度纳入绩效自评的预算项目共 \(dept.projects.count) 个，年初预算合计 \(n(dept.totalBudget)) 万元\(split)。")
        let largest = dept.projects.sorted { $0.budget > $1.budget }.prefix(3)
        if dept.totalBudget > 0, largest.count > 1 {
            basic.append("预算规模较大的项目是" + largest.map { "“\($0.name)”（\(n($0.budget)) 万元，占 \(pct($0.budget / dept.totalBudget))）" }.joined(separator: "、") + "。")
        }
        if !dept.goalText.isEmpty { basic.append("部门整体绩效目标：" + Self.sentence(dept.goalText)) }
        if !dept.goals.isEmpty {
            basic.append("围绕这一目标，部门设定了 \(dept.goals.count) 项可量化的部门整体指标：" + dept.goals.map { "\($0.level3)（\($0.target.raw)）" }.joined(separator: "、") + "。")
        }
        chapters.append(Chapter(heading: "一、部门基本情况", paragraphs: basic))

        // 二、绩效目标完成情况.
        var done: [String] = []
        var scores = ""
        if let own = d.ownScore {
            scores = "部门整体自评得分 \(n(own)) 分，等级为“\(d.ownGrade ?? "")”（部门预算执行率 \(n(d.ownFunds.score)) 分，部门整体指标 \(n(own - d.ownFunds.score)) 分）；"
        } else {
            scores = "部门整体指标尚未填写实际完成值，部门得分以项目加权平均分为准；"
        }
        scores += "项目加权平均分 \(n(d.weightedProjectScore)) 分，等级为“\(d.weightedGrade ?? "—")”。"
        let counts = d.gradeCounts.filter { $0.0 != "未评价" && $0.1 > 0 }.map { "\($0.0) \($0.1) 个" }
        scores += "\(d.projects.count) 个项目中已评价 \(graded.count) 个" + (counts.isEmpty ? "" : "，其中" + counts.joined(separator: "、"))
        let unevaluated = d.projects.count - graded.count
        scores += unevaluated > 0 ? "；\(unevaluated) 个项目尚未填报实际完成值，未评价。" : "。"
        done.append("经自评，" + scores)
        if d.isReviewed, let review = d.reviewScore, let own = d.score {
            done.append("经财政复核，部门得分调整为 \(n(review)) 分（自评 \(n(own)) 分，差异 \(n(review - own)) 分），等级为“\(d.reviewGrade ?? "")”；以下所列为自评得分，复核调整见部门整体自评表。")
        }
        func describe(_ r: IndicatorResult, in owner: String?) -> String {
            let name = owner.map { "“\($0)”的“\(r.indicator.level3)”" } ?? "“\(r.indicator.level3)”"
            return "\(name)目标 \(r.indicator.target.raw)，实际 \(r.actualRaw ?? "未填")"
        }
        func reason(_ r: IndicatorResult) -> String {
            DeviationReason.isGiven(r.reason) ? "原因：" + Self.sentence(r.reason) : "未说明原因。"
        }
        if !d.ownIndicators.isEmpty {
            let met = d.ownIndicators.filter { Self.outcome($0, profile: profile) == .met }
            let missed = d.ownIndicators.filter { Self.outcome($0, profile: profile) == .missed }
            let over = d.ownIndicators.filter { Self.outcome($0, profile: profile) == .over }
            var p = "部门整体指标 \(d.ownIndicators.count) 项中，\(met.count + over.count) 项达到年度目标"
            if !met.isEmpty { p += "（" + met.map { "\($0.indicator.level3)实际 \($0.actualRaw ?? "")" }.joined(separator: "，") + "）" }
            p += missed.isEmpty ? "，没有未达到目标的指标。" : "；\(missed.count) 项未完全达到目标。"
            done.append(p)
            for r in missed { done.append(describe(r, in: nil) + "，得 \(n(r.score)) 分（满分 \(n(r.weight)) 分）；" + reason(r)) }
            for r in over { done.append(describe(r, in: nil) + "，超额完成；" + (DeviationReason.isGiven(r.reason) ? reason(r) : "未说明原因，应核实目标值是否设定偏低（D08）。")) }
        }
        let all = graded.flatMap { p in p.indicators.map { (p.project.name, $0) } }
        let missed = all.filter { Self.outcome($0.1, profile: profile) == .missed }
        let over = all.filter { Self.outcome($0.1, profile: profile) == .over }
        let met = all.filter { Self.outcome($0.1, profile: profile) == .met }
        if !all.isEmpty {
            done.append("\(graded.count) 个已评价项目共设绩效指标 \(all.count) 项：\(met.count) 项达到年度指标值，\(missed.count) 项未完全达到，\(over.count) 项超过目标 \(Decimals.plain((profile.overachievementRatio - 1) * 100))% 以上。")
        }
        for (project, r) in missed.prefix(Self.listed) {
            done.append("未完全达到：" + describe(r, in: project) + "，得 \(n(r.score)) 分（满分 \(n(r.weight)) 分）；" + reason(r))
        }
        if missed.count > Self.listed { done.append("另有 \(missed.count - Self.listed) 项未完全达到目标，详见各项目自评表。") }
        for (project, r) in over.prefix(Self.listed) {
            let ratio: String
            if case .number(let a)? = r.actual, let t = r.indicator.target.value, t > 0 { ratio = "，超过目标 \(Decimals.plain(Decimals.round((a / t - 1) * 100, scale: 0)))%" } else { ratio = "" }
            done.append("超额完成：" + describe(r, in: project) + ratio + "；" + (DeviationReason.isGiven(r.reason) ? reason(r) : "未说明原因，应核实目标值是否设定偏低（D08）。"))
        }
        if over.count > Self.listed { done.append("另有 \(over.count - Self.listed) 项超额完成，详见各项目自评表。") }
        chapters.append(Chapter(heading: "二、绩效目标完成情况", paragraphs: done))

        // 三、预算执行情况.
        var money: [String] = []
        let executed = d.projects.compactMap(\.funds.executed).reduce(0, +)
        let budget = d.projects.filter { $0.funds.executed != nil }.reduce(Decimal(0)) { $0 + $1.funds.budget }
        var p = "全年预算 \(n(budget)) 万元，全年执行 \(n(executed)) 万元，部门预算执行率 \(pct(d.executionRate))"
        p += d.ownFunds.rate == nil ? "。" : "，部门整体自评表中预算执行率得 \(n(d.ownFunds.score)) 分（满分 \(n(d.ownFunds.weight)) 分）。"
        money.append(p)
        let sources = DepartmentReport.sources(d)
        if sources.hasExecutionSplit {
            var parts: [String] = []
            if let f = sources.fiscalExecuted { parts.append("当年财政拨款 \(n(f)) 万元") }
            if let c = sources.carryoverExecuted { parts.append("上年结转资金 \(n(c)) 万元") }
            if let o = sources.otherExecuted { parts.append("其他资金 \(n(o)) 万元") }
            money.append("按资金来源，执行数中" + parts.joined(separator: "、") + "。")
        }
        let plan = EvaluationReport.plan(d)
        if !plan.isEmpty, dept.totalBudget > 0 {
            var s = "按资金支出计划，" + plan.map { "\($0.month)月底应累计支出 \(n($0.planned)) 万元（\(pct($0.planned / dept.totalBudget))）" }.joined(separator: "，")
            if let last = plan.last {
                let gap = last.planned - executed
                s += "；年末实际支出 \(n(executed)) 万元，" + (gap > 0 ? "比计划少 \(n(gap)) 万元。" : gap < 0 ? "比计划多 \(n(-gap)) 万元。" : "与计划一致。")
            }
            money.append(s)
        }
        let low = graded.filter { ($0.funds.rate ?? 1) < profile.reasonRateThreshold }
        let high = graded.filter { ($0.funds.rate ?? 0) > 1 }
        if low.isEmpty {
            money.append("各已评价项目的预算执行率均不低于 \(pct(profile.reasonRateThreshold))。")
        } else {
            money.append("执行率低于 \(pct(profile.reasonRateThreshold)) 的项目 \(low.count) 个：" + low.map { p in
                "“\(p.project.name)”执行 \(n(p.funds.executed)) 万元 / 预算 \(n(p.funds.budget)) 万元（\(pct(p.funds.rate))），"
                    + (DeviationReason.isGiven(p.funds.reason) ? "原因：" + Self.oneLine(p.funds.reason) : "未说明原因")
            }.joined(separator: "；") + "。")
        }
        if !high.isEmpty {
            money.append("超预算执行的项目 \(high.count) 个：" + high.map { "“\($0.project.name)”（\(pct($0.funds.rate))）" }.joined(separator: "、") + "，应说明超支原因并核对资金来源。")
        }
        // The mid-year monitoring, where spending rows were recorded (运行监控).
        for m in report.monitoring[dept.code] ?? [] {
            var line = "\(m.month)月底运行监控：执行进度 \(Self.rate100(m.actualRate))，计划进度 \(Self.rate100(m.plannedRate))（序时进度 \(Self.rate100(m.timeRate))），单位整体\(m.light.map { $0.label + "灯" } ?? "未报送")"
            let flagged = m.projects.filter { $0.light == .red || $0.light == .yellow }
            if flagged.isEmpty {
                line += "，各项目均为绿灯。"
            } else {
                line += "；" + flagged.map { p in "“\(p.name)”\(p.light!.label)灯（\(p.note)\(p.reason.isEmpty ? "，未说明原因" : "；原因及纠偏措施：\(Self.oneLine(p.reason))")）" }.joined(separator: "，") + "。"
            }
            money.append(line)
        }
        chapters.append(Chapter(heading: "三、预算执行情况", paragraphs: money))

        // 四、存在的问题及原因: the findings, grouped by code, most severe first.
        let findings = EvaluationReport.findings(d)
        var groups: [(code: FindingCode, items: [Finding])] = []
        for f in findings {
            if let i = groups.firstIndex(where: { $0.code == f.code }) { groups[i].items.append(f) } else { groups.append((f.code, [f])) }
        }
        var problems: [String] = []
        if groups.isEmpty {
            problems.append("自评中未发现需要说明的问题。")
        } else {
            problems.append("自评及规则检查共发现问题 \(findings.count) 项（" + Severity.allCases.map { s in "\(s.label) \(findings.filter { $0.severity == s }.count) 项" }.joined(separator: "，") + "），主要是：")
            for (i, g) in groups.enumerated() {
                var owners: [String] = []
                for f in g.items { let o = EvaluationReport.ownerName(f.ownerCode, in: d); if !owners.contains(o) { owners.append(o) } }
                let scope = owners.count > 1 ? "，涉及" + owners.prefix(5).map { "“\($0)”" }.joined(separator: "、") + (owners.count > 5 ? "等 \(owners.count) 个项目" : "") : ""
                let first = g.items[0]
                let cause = Self.cause(first.message)
                problems.append("（\(DepartmentReport.numeral(i + 1))）\(g.code.title)（\(g.code)，\(g.items.count) 项\(scope)）。例如“\(EvaluationReport.ownerName(first.ownerCode, in: d))\(first.indicator.map { " / \($0)" } ?? "")”：\(Self.sentence(cause))")
            }
        }
        chapters.append(Chapter(heading: "四、存在的问题及原因", paragraphs: problems))

        // 五、改进措施: the unit's own reasons and measures, then the fixes the findings ask for.
        var measures: [String] = []
        var k = 0
        let reasoned = (d.ownIndicators.map { ("部门整体", $0) } + all).filter { [.missed, .over].contains(Self.outcome($0.1, profile: profile)) && DeviationReason.isGiven($0.1.reason) }
        for (owner, r) in reasoned.prefix(Self.listed) {
            k += 1
            measures.append("\(k). 针对“\(owner)”的“\(r.indicator.level3)”：\(Self.sentence(r.reason))")
        }
        for p in low where DeviationReason.isGiven(p.funds.reason) {
            k += 1
            measures.append("\(k). 针对“\(p.project.name)”的预算执行：\(Self.sentence(p.funds.reason))")
        }
        for g in groups where g.items.contains(where: { $0.severity != .note }) {
            guard let fix = g.items.lazy.compactMap({ Self.fix($0.message) }).first else { continue }
            k += 1
            measures.append("\(k). \(g.code.title)（\(g.items.count) 项）：\(Self.sentence(fix))")
        }
        if measures.isEmpty { measures.append("本年度各项目标均已完成，无需专门整改；下一年度继续按计划执行并完善绩效指标。") }
        chapters.append(Chapter(heading: "五、改进措施", paragraphs: measures))

        // 六、自评结果应用: for the unit to write.
        var use = ["（请填写：本次自评结果在预算安排、政策调整、改进管理和信息公开等方面的应用情况。）"]
        if let grade = d.finalGrade, !profile.resultUse(for: grade).isEmpty {
            use.append("按评分规则 \(profile.name)，等级为“\(grade)”的结果应用建议为：\(Self.sentence(profile.resultUse(for: grade)))")
        }
        chapters.append(Chapter(heading: "六、自评结果应用", paragraphs: use))
        self.chapters = chapters
    }

    /// What a finding says is wrong: its text before the request ("请…").
    static func cause(_ message: String) -> String {
        guard let r = message.range(of: "请") else { return message }
        let before = String(message[..<r.lowerBound]).trimmingCharacters(in: .whitespaces)
        return before.isEmpty ? message : before
    }

    /// What a finding asks the unit to do: its text from "请" on, without the leading "请".
    static func fix(_ message: String) -> String? {
        guard let r = message.range(of: "请") else { return nil }
        let after = String(message[r.upperBound...]).trimmingCharacters(in: .whitespaces)
        return after.isEmpty ? nil : after
    }

    /// One narrative per department of the report.
    public static func documents(_ report: EvaluationReport) -> [NarrativeReport] { report.departments.map { NarrativeReport($0, report: report) } }

    /// The narrative of every department of `report` in `format` (text, markdown, html, docx).
    public static func rendered(_ report: EvaluationReport, as format: OutputFormat) throws -> Data {
        let docs = documents(report)
        switch format {
        case .docx:
            var doc = DOCXDocument()
            for (i, n) in docs.enumerated() {
                if i > 0 { doc.pageBreak() }
                doc.title(n.title)
                doc.paragraph(n.subtitle)
                for c in n.chapters {
                    doc.heading(c.heading)
                    c.paragraphs.forEach { doc.paragraph("　　" + $0) }
                }
                doc.paragraph(n.footer.line)
            }
            return try doc.data()
        case .html:
            let e = ReportHTML.e
            var body = ""
            for n in docs {
                body += "<article><h1>\(e(n.title))</h1>\n<p class=\"meta\">\(e(n.subtitle))</p>\n"
                for c in n.chapters { body += "<h2>\(e(c.heading))</h2>\n" + c.paragraphs.map { "<p class=\"para\">\(e($0))</p>\n" }.joined() }
                body += "<p class=\"footer\">\(e(n.footer.line))</p></article>\n"
            }
            return Data("""
                <!DOCTYPE html>
                <html lang="zh-CN"><head><meta charset="utf-8"><title>\(e(docs.first?.title ?? "部门整体绩效自评报告"))</title><style>\(ReportHTML.style) p.para { text-indent: 2em; }</style></head>
                <body>
                \(body)</body></html>

                """.utf8)
        case .markdown:
            return Data(docs.map { n in
                "# \(Markdown.text(n.title))\n\n\(Markdown.text(n.subtitle))\n\n" + n.chapters.map { c in
                    "## \(Markdown.text(c.heading))\n\n" + c.paragraphs.map { Markdown.text($0) + "\n\n" }.joined()
                }.joined() + Markdown.text(n.footer.line) + "\n"
            }.joined(separator: "\n").utf8)
        default:
            return Data(docs.map { n in
                ReportText.heading(n.title, level: 1, markdown: false) + n.subtitle + "\n\n" + n.chapters.map { c in
                    c.heading + "\n" + c.paragraphs.map { "　　" + $0 + "\n" }.joined() + "\n"
                }.joined() + n.footer.line + "\n"
            }.joined(separator: "\n").utf8)
        }
    }
}
