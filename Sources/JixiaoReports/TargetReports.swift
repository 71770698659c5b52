import Foundation
import JixiaoDocuments
import JixiaoModel

/// Reports on target tables as imported: the project list and one project's 绩效目标表.
public enum TargetReports {
    /// Money as the tables print it: two decimals.
    static func money(_ value: Decimal?) -> String { value.map { Decimals.fixed($0, 2) } ?? "—" }

    // MARK: - Project list

    /// `jixiao projects`: code, name, budget and indicator count per project, with a total row.
    public static func projectList(year: Int, departments: [Department], format: OutputFormat) -> String {
        switch format {
        case .json:
            return TargetsJSON.document(year: year, departments: departments).serialized()
        case .csv:
            var csv = CSVWriter()
            csv.row(["单位编码", "单位名称", "项目编码", "项目名称", "预算数（万元）", "指标数"])
            for d in departments {
                for p in d.projects {
                    csv.row([d.code, d.name, p.code, p.name, money(p.budget), String(p.indicators.count)])
                }
            }
            csv.row(["合计", "", "", "\(projectCount(departments)) 个项目", money(total(departments)), String(indicatorCount(departments))])
            return csv.text
        case .markdown:
            var out = "# 项目清单（\(year)年度）\n\n"
            var rows: [[String]] = []
            for d in departments {
                for (i, p) in d.projects.enumerated() {
                    rows.append([String(i + 1), d.code, p.code, p.name, money(p.budget), String(p.indicators.count)])
                }
            }
            rows.append(["合计", "", "", "\(projectCount(departments)) 个项目", money(total(departments)), String(indicatorCount(departments))])
            out += Markdown.table(["序号", "单位编码", "项目编码", "项目名称", "预算数（万元）", "指标数"], rows, rightAligned: [4, 5])
            return out
        default:
            var out = ""
            for d in departments {
                out += "\(d.code) \(d.name) · \(year)年度 · 单位：万元\n"
                var table = TextTable(headers: ["序号", "项目编码", "项目名称", "预算数", "指标数"],
                                      alignments: [.right, .left, .left, .right, .right])
                for (i, p) in d.projects.enumerated() {
                    table.append([String(i + 1), p.code, p.name, money(p.budget), String(p.indicators.count)])
                }
                table.footer = [["合计", "\(d.projects.count) 个项目", "", money(d.totalBudget), String(d.projects.reduce(0) { $0 + $1.indicators.count })]]
                out += table.render()
                if !d.goals.isEmpty { out += "部门整体指标 \(d.goals.count) 个（jixiao show \(d.code) 查看）\n" }
                out += "\n"
            }
            if departments.count > 1 {
                out += "全部 \(departments.count) 个单位：\(projectCount(departments)) 个项目，预算 \(money(total(departments))) 万元，指标 \(indicatorCount(departments)) 个\n"
            }
            return out
        }
    }

    static func total(_ ds: [Department]) -> Decimal { ds.reduce(0) { $0 + $1.totalBudget } }
    static func projectCount(_ ds: [Department]) -> Int { ds.reduce(0) { $0 + $1.projects.count } }
    static func indicatorCount(_ ds: [Department]) -> Int { ds.reduce(0) { $0 + $1.projects.reduce(0) { $0 + $1.indicators.count } } }

    // MARK: - One project's target table

    /// What the 解析 column shows for a target: "≥ 90 %", "截止 2026-12-31", "定性".
    public static func parsedSummary(_ t: TargetValue) -> String {
        switch t.kind {
        case .quantitative:
            var s = "\(t.comparator?.rawValue ?? "") \(Decimals.plain(t.value ?? 0))"
            if let unit = t.unit { s += " \(unit)" }
            if t.comparatorImplied { s += "（默认）" }
            return s
        case .deadline: return "截止 \(t.deadline?.description ?? "")"
        case .qualitative: return t.isBlank ? "（空白）" : "定性"
        }
    }

    static let indicatorHeaders = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "解析", "指标值确定依据"]

    static func indicatorRows(_ indicators: [Indicator]) -> [[String]] {
        var last1 = "", last2 = ""
        return indicators.map { i in
            let l1 = i.level1 == last1 ? "" : i.level1
            let l2 = i.level1 == last1 && i.level2 == last2 ? "" : i.level2
            last1 = i.level1
            last2 = i.level2
            return [l1, l2, i.level3, i.description, i.target.raw, parsedSummary(i.target), i.basis]
        }
    }

    static func planText(_ plan: SpendingPlan) -> String {
        guard !plan.points.isEmpty else { return "（未填写）" }
        let form: String
        switch plan.form {
        case .fraction: form = "原表按比例填写"
        case .percent: form = "原表按百分比填写"
        case .amount: form = "原表按金额填写"
        case .none: form = ""
        }
        return plan.points.map { "\($0.month)月底 \(money($0.cumulative))" }.joined(separator: " · ") + (form.isEmpty ? "" : "（累计，万元；\(form)）")
    }

    /// `jixiao show CODE`: one project's 绩效目标表.
    public static func projectSheet(department d: Department, project p: Project, format: OutputFormat) -> String {
        switch format {
        case .json:
            return TargetsJSON.document(year: d.year, departments: [Department(
                code: d.code, name: d.name, year: d.year, moneyUnit: d.moneyUnit, goalText: d.goalText, goals: [], projects: [p])]).serialized()
        case .csv:
            var csv = CSVWriter()
            csv.row(["项目编码", "项目名称"] + indicatorHeaders.filter { $0 != "解析" } + ["比较", "数值", "单位"])
            for i in p.indicators {
                csv.row([p.code, p.name, i.level1, i.level2, i.level3, i.description, i.target.raw, i.basis,
                         i.target.comparator?.rawValue ?? "", i.target.value.map(Decimals.plain) ?? "", i.target.unit ?? ""])
            }
            return csv.text
        case .markdown:
            var out = "# \(Markdown.text(p.name)) 绩效目标表（\(d.year)年度）\n\n"
            out += Markdown.table(["项目", "内容"], headerFacts(d, p))
            out += "\n" + Markdown.table(indicatorHeaders, indicatorRows(p.indicators))
            return out
        default:
            var out = "项目绩效目标表（\(d.year)年度）\n\n"
            var facts = TextTable(headers: ["项目", "内容"], maxCellWidth: 72)
            for row in headerFacts(d, p) { facts.append(row) }
            out += facts.render() + "\n"
            var table = TextTable(headers: indicatorHeaders, maxCellWidth: 28)
            for row in indicatorRows(p.indicators) { table.append(row) }
            out += table.render()
            return out
        }
    }

    static func headerFacts(_ d: Department, _ p: Project) -> [[String]] {
        [
            ["项目名称", p.name],
            ["项目编码", p.code],
            ["预算单位", "\(d.code) \(d.name)"],
            ["预算数（万元）", "\(money(p.budget))（其中财政资金 \(money(p.fiscalFunds))，其他资金 \(money(p.otherFunds))）"],
            ["资金用途", p.purpose],
            ["资金支出计划", planText(p.plan)],
            ["绩效目标", p.goal],
        ]
    }

    /// `jixiao show DEPARTMENT_CODE`: the department's overall goal and its own indicators.
    public static func departmentSheet(_ d: Department, format: OutputFormat) -> String {
        switch format {
        case .json:
            var copy = d
            copy.projects = []
            return TargetsJSON.document(year: d.year, departments: [copy]).serialized()
        case .csv:
            var csv = CSVWriter()
            csv.row(["单位编码", "指标名称", "指标值", "比较", "数值", "单位", "目标原文"])
            for g in d.goals {
                csv.row([d.code, g.level3, g.target.raw, g.target.comparator?.rawValue ?? "", g.target.value.map(Decimals.plain) ?? "", g.target.unit ?? "", g.description])
            }
            return csv.text
        case .markdown:
            var out = "# \(Markdown.text(d.name)) 部门整体绩效目标（\(d.year)年度）\n\n\(Markdown.text(d.goalText, lineStart: true))\n\n"
            out += Markdown.table(["指标名称", "指标值", "解析", "目标原文"], d.goals.map { [$0.level3, $0.target.raw, parsedSummary($0.target), $0.description] })
            return out
        default:
            var out = "部门整体绩效目标（\(d.year)年度）\n\(d.code) \(d.name)\n\n总体目标：\(d.goalText)\n\n"
            var table = TextTable(headers: ["指标名称", "指标值", "解析", "目标原文"], maxCellWidth: 40)
            for g in d.goals { table.append([g.level3, g.target.raw, parsedSummary(g.target), g.description]) }
            out += table.render()
            out += "\n项目 \(d.projects.count) 个，预算合计 \(money(d.totalBudget)) 万元\n"
            return out
        }
    }
}
