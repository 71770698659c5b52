import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel

/// The graded report as one self-contained HTML page: no external assets, system CJK fonts,
/// inline SVG charts, and print rules for A4.
public enum ReportHTML {
    static func e(_ s: String) -> String { XMLText.escape(s).replacingOccurrences(of: "\n", with: "<br>") }
    static func double(_ d: Decimal) -> Double { NSDecimalNumber(decimal: d).doubleValue }  // chart geometry only

    static let style = """
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", "SimSun", sans-serif;
               color: #111; margin: 24px auto; max-width: 1100px; font-size: 14px; line-height: 1.5; }
        h1 { font-size: 22px; text-align: center; margin: 8px 0 4px; }
        h2 { font-size: 17px; border-bottom: 2px solid #333; padding-bottom: 2px; margin-top: 28px; }
        .meta { text-align: center; color: #444; margin-bottom: 16px; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; }
        th, td { border: 1px solid #555; padding: 3px 6px; vertical-align: middle; }
        th { background: #e7e6e6; font-weight: bold; text-align: center; }
        td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.l { font-weight: bold; text-align: center; background: #f5f5f5; }
        .figures { display: flex; gap: 16px; margin: 12px 0; }
        .figure { flex: 1; border: 1px solid #555; padding: 10px; text-align: center; }
        .figure .v { font-size: 28px; font-weight: bold; }
        .grade-优 { color: #1a7f37; } .grade-良 { color: #0b5cad; } .grade-中 { color: #9a6700; } .grade-差 { color: #cf222e; }
        .sev-error { color: #cf222e; font-weight: bold; } .sev-warning { color: #9a6700; } .sev-note { color: #555; }
        .suggested { color: #666; font-style: italic; }
        .form { page-break-before: always; break-before: page; }
        .chart { width: 100%; height: auto; }
        @page { size: A4 landscape; margin: 12mm; }
        @media print { body { margin: 0; max-width: none; font-size: 11px; } h2 { margin-top: 12px; } .figure .v { font-size: 20px; } }
        """

    public static func render(_ report: EvaluationReport, progress: ((Int, Int) -> Void)? = nil) -> String {
        var body = ""
        if report.onlyProject == nil {
            for d in report.departments { body += department(d, report: report) }
        }
        let all = report.projects
        for (i, (d, p)) in all.enumerated() {
            body += form(report.form(d, p), pageBreak: report.onlyProject == nil || i > 0)
            progress?(i + 1, all.count)
        }
        let title = report.onlyProject.flatMap { code in all.first { $0.1.project.code == code }?.1.project.name }.map { "\($0) 项目支出绩效自评表" }
            ?? "\(report.departments.first?.department.name ?? "") 绩效自评报告"
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title))（\(report.year)年度）</title><style>\(style)</style></head>
            <body>
            \(body)</body></html>

            """
    }

    static func grade(_ g: String?) -> String {
        guard let g else { return "—" }
        return "<span class=\"grade-\(e(g))\">\(e(g))</span>"
    }

    static func department(_ d: DepartmentResult, report: EvaluationReport) -> String {
        DepartmentReport(d, report: report).html(d)
    }

    static func reason(_ text: String) -> String {
        text.hasPrefix(EvaluationReport.suggestedMark) ? "<span class=\"suggested\">\(e(text))</span>" : e(text)
    }

    /// Horizontal bars of project totals, with the grade bands as guides.
    static func scoreChart(_ d: DepartmentResult) -> String {
        let rows = d.projects
        let barH = 22, left = 260, width = 900, chartW = width - left - 60
        let height = rows.count * barH + 40
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"项目得分\">"
        for mark in [0, 60, 80, 90, 100] {
            let x = left + chartW * mark / 100
            svg += "<line x1=\"\(x)\" y1=\"10\" x2=\"\(x)\" y2=\"\(height - 20)\" stroke=\"#bbb\" stroke-dasharray=\"3,3\"/><text x=\"\(x)\" y=\"\(height - 5)\" font-size=\"11\" text-anchor=\"middle\">\(mark)</text>"
        }
        for (i, p) in rows.enumerated() {
            let y = 10 + i * barH
            let name = p.project.name.count > 18 ? String(p.project.name.prefix(17)) + "…" : p.project.name
            svg += "<text x=\"\(left - 6)\" y=\"\(y + 15)\" font-size=\"12\" text-anchor=\"end\">\(e(name))</text>"
            if p.status == .graded {
                let w = Int(double(p.total) / 100 * Double(chartW))
                let color = p.grade == "优" ? "#2da44e" : p.grade == "良" ? "#0969da" : p.grade == "中" ? "#bf8700" : "#cf222e"
                svg += "<rect x=\"\(left)\" y=\"\(y + 3)\" width=\"\(max(w, 1))\" height=\"\(barH - 6)\" fill=\"\(color)\"/>"
                svg += "<text x=\"\(left + w + 4)\" y=\"\(y + 15)\" font-size=\"11\">\(Shown.number(p.total)) \(e(p.grade))</text>"
            } else {
                svg += "<text x=\"\(left + 4)\" y=\"\(y + 15)\" font-size=\"11\" fill=\"#666\">未评价</text>"
            }
        }
        return svg + "</svg>\n"
    }

    /// Planned cumulative spending by month against the executed amount at year end.
    static func spendingChart(_ d: DepartmentResult) -> String {
        let plan = EvaluationReport.plan(d)
        guard !plan.isEmpty else { return "<p>未填写资金支出计划。</p>\n" }
        let executed = d.projects.compactMap(\.funds.executed).reduce(0, +)
        let top = max(plan.map(\.planned).max() ?? 0, executed, d.department.totalBudget)
        guard top > 0 else { return "" }
        let width = 900, height = 260, left = 80, bottom = 220, chartW = width - left - 40, chartH = 190
        func x(_ month: Int) -> Int { left + chartW * month / 12 }
        func y(_ v: Decimal) -> Int { bottom - Int(double(v / top) * Double(chartH)) }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"资金支出计划与执行\">"
        svg += "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(left + chartW)\" y2=\"\(bottom)\" stroke=\"#333\"/><line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(left)\" y2=\"\(bottom - chartH)\" stroke=\"#333\"/>"
        for month in [0, 3, 6, 10, 12] {
            svg += "<text x=\"\(x(month))\" y=\"\(bottom + 16)\" font-size=\"11\" text-anchor=\"middle\">\(month == 0 ? "年初" : "\(month)月底")</text>"
        }
        for tick in 0...4 {
            let v = top * Decimal(tick) / 4
            svg += "<text x=\"\(left - 6)\" y=\"\(y(v) + 4)\" font-size=\"10\" text-anchor=\"end\">\(Decimals.fixed(v, 0))</text>"
        }
        let points = [(0, Decimal(0))] + plan.map { ($0.month, $0.planned) }
        svg += "<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"\(points.map { "\(x($0.0)),\(y($0.1))" }.joined(separator: " "))\"/>"
        for (m, v) in points.dropFirst() {
            svg += "<circle cx=\"\(x(m))\" cy=\"\(y(v))\" r=\"3\" fill=\"#0969da\"/><text x=\"\(x(m))\" y=\"\(y(v) - 6)\" font-size=\"10\" text-anchor=\"middle\" fill=\"#0969da\">\(Decimals.fixed(v, 2))</text>"
        }
        svg += "<rect x=\"\(x(12) - 8)\" y=\"\(y(executed))\" width=\"16\" height=\"\(bottom - y(executed))\" fill=\"#2da44e\" opacity=\"0.8\"/>"
        svg += "<text x=\"\(x(12) - 12)\" y=\"\(y(executed) + 14)\" font-size=\"10\" text-anchor=\"end\" fill=\"#1a7f37\">实际 \(Decimals.fixed(executed, 2))</text>"
        svg += "<text x=\"\(left + 8)\" y=\"18\" font-size=\"11\" fill=\"#0969da\">— 计划累计支出（万元）</text><text x=\"\(left + 200)\" y=\"18\" font-size=\"11\" fill=\"#1a7f37\">■ 年末实际支出（万元）</text>"
        return svg + "</svg>\n"
    }

    /// One 自评表 in the official layout.
    static func form(_ f: SelfEvaluationForm, pageBreak: Bool) -> String {
        var h = "<section class=\"\(pageBreak ? "form" : "")\"><h1>\(e(f.title))</h1>\n<table>\n"
        h += "<tr><td class=\"l\">项目名称</td><td colspan=\"5\">\(e(f.projectName))</td><td class=\"l\">项目编码</td><td colspan=\"2\">\(e(f.projectCode))</td></tr>\n"
        h += "<tr><td class=\"l\">主管部门</td><td colspan=\"3\">\(e(f.department))</td><td class=\"l\">实施单位</td><td colspan=\"4\">\(e(f.implementer))</td></tr>\n"
        let lines = [f.funds] + f.fundsDetail
        h += "<tr><td class=\"l\" rowspan=\"\(lines.count + 1)\">项目资金<br>（万元）</td><th></th><th>年初预算数</th><th>全年预算数</th><th>全年执行数</th><th>分值</th><th>执行率</th><th>得分</th><th>偏差原因分析</th></tr>\n"
        for l in lines {
            h += "<tr><td>\(e(l.label))</td><td class=\"n\">\(e(l.initialBudget))</td><td class=\"n\">\(e(l.fullBudget))</td><td class=\"n\">\(e(l.executed))</td><td class=\"n\">\(e(l.points))</td><td class=\"n\">\(e(l.rate))</td><td class=\"n\">\(e(l.score))</td><td>\(reason(l.reason))</td></tr>\n"
        }
        h += "<tr><td class=\"l\" rowspan=\"2\">年度总体目标</td><th colspan=\"4\">预期目标</th><th colspan=\"4\">实际完成情况</th></tr>\n"
        h += "<tr><td colspan=\"4\">\(e(f.goalExpected))</td><td colspan=\"4\">\(e(f.goalActual))</td></tr>\n"
        h += "<tr><td class=\"l\" rowspan=\"\(f.indicators.count + 1)\">绩效指标</td><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>年度指标值</th><th>实际完成值</th><th>分值</th><th>得分</th><th>偏差原因分析及改进措施</th></tr>\n"
        for l in f.indicators {
            h += "<tr><td>\(e(l.level1))</td><td>\(e(l.level2))</td><td>\(e(l.level3))</td><td>\(e(l.target))</td><td>\(e(l.actual))</td><td class=\"n\">\(e(l.points))</td><td class=\"n\">\(e(l.score))</td><td>\(reason(l.reason))</td></tr>\n"
        }
        h += "<tr><td class=\"l\">总分</td><td class=\"n\">100</td><td class=\"n\" colspan=\"3\"><b>\(e(f.total))</b></td><td class=\"l\">评价等级</td><td colspan=\"3\">\(grade(f.grade))</td></tr>\n"
        h += "</table>\n"
        if let review = f.review {
            h += "<p><b>\(e(review.summary))</b></p>\n<table><tr>" + SelfEvaluationForm.Review.headers.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
            for row in review.rows { h += "<tr>" + row.enumerated().map { i, c in (1...4).contains(i) ? "<td class=\"n\">\(e(c))</td>" : "<td>\(e(c))</td>" }.joined() + "</tr>\n" }
            h += "</table>\n"
        }
        return h + "</section>\n"
    }
}
