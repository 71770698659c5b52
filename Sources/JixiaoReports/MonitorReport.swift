import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel

/// The output of `monitor`: per department its projects' spending against the plan at a month, with
/// lights, deviation notes, the units' reasons and indicators' progress; or (`--all`) the bureau's
/// list of projects in 红 / 黄 by the money behind the plan. Text, markdown, html (inline SVG, plan
/// against actual per project), json (English keys), csv and xlsx.
public enum MonitorReport {
    public static let formats: [OutputFormat] = [.text, .markdown, .html, .json, .csv, .xlsx]

    static func money(_ v: Decimal?) -> String { v.map { Decimals.fixed($0, 2) } ?? "—" }
    static func pct(_ v: Decimal?) -> String { v.map { Decimals.fixed($0, 2) + "%" } ?? "—" }
    static func pts(_ v: Decimal?) -> String { v.map { Decimals.fixed($0, 2) } ?? "—" }
    static func light(_ l: Light?) -> String { l?.label ?? "—" }

    /// The heading line: year, month and 序时进度.
    static func title(_ v: MonitorView) -> String {
        "\(v.year)年度绩效运行监控 · 截至\(v.month)月底\(v.monthIsLatest ? "（最近报送月份）" : "") · 序时进度 \(pct(Monitor.timeRate(month: v.month))) · 单位：万元"
    }

    static func thresholds(_ v: MonitorView) -> String {
        "灯号：执行进度落后计划超过 \(Decimals.plain(v.rules.yellow)) 个百分点为黄，超过 \(Decimals.plain(v.rules.red)) 个百分点或有指标按当前进度无法完成为红，其余为绿。"
    }

    static func summary(_ d: DepartmentMonitor) -> String {
        var s = "\(d.code) \(d.name)：预算 \(money(d.budget))，计划累计 \(money(d.planned))（\(pct(d.plannedRate))），实际累计 \(money(d.actual))（\(pct(d.actualRate))）"
        if let gap = d.gap { s += gap > 0 ? "，落后计划 \(pts(gap)) 个百分点" : "，达到计划" }
        s += " · 单位整体 \(light(d.light)) · 项目 绿 \(d.count(.green)) 黄 \(d.count(.yellow)) 红 \(d.count(.red))"
        let silent = d.projects.filter { $0.light == nil }.count
        if silent > 0 { s += " 未报 \(silent)" }
        return s
    }

    static let projectHeaders = ["灯", "项目编码", "项目名称", "全年预算数", "计划累计", "计划进度", "实际累计", "执行进度", "落后(百分点)", "偏差说明", "偏差原因及纠偏措施"]

    static func projectRow(_ p: ProjectMonitor) -> [String] {
        [light(p.light), p.code, p.name, money(p.budget), money(p.planned) + (p.planFromTime ? "*" : ""), pct(p.plannedRate), money(p.actual),
         pct(p.actualRate), pts(p.gap), p.note, p.reason.isEmpty ? (p.light == .green || p.light == nil ? "" : "（未填写）") : p.reason]
    }

    static let riskHeaders = ["灯", "单位", "项目编码", "项目名称", "全年预算数", "计划累计", "实际累计", "滞后金额", "计划进度", "执行进度", "偏差说明", "偏差原因及纠偏措施"]

    static func riskRow(_ d: DepartmentMonitor, _ p: ProjectMonitor) -> [String] {
        [light(p.light), d.name, p.code, p.name, money(p.budget), money(p.planned), money(p.actual), money(p.behind), pct(p.plannedRate),
         pct(p.actualRate), p.note, p.reason]
    }

    static let indicatorHeaders = ["项目编码", "三级指标", "年度指标值", "截至目前完成值", "完成比例", "按当前进度全年", "判断"]

    static func indicatorRows(_ d: DepartmentMonitor) -> [[String]] {
        d.projects.flatMap { p in
            p.indicators.map { i in
                [p.code, i.level3, i.target, "\(i.value)（\(i.month)月底）", pct(i.percent), i.projected.map { Decimals.short($0, 2) } ?? "—",
                 i.reachable == false ? "红：\(i.note)" : i.note]
            }
        }
    }

    /// The view rendered as `format` (xlsx as a workbook's bytes, the others as UTF-8 text).
    public static func render(_ v: MonitorView, format: OutputFormat) throws -> Data {
        switch format {
        case .xlsx: return try xlsx(v)
        case .json: return Data((json(v).serialized() + "\n").utf8)
        case .csv: return Data(csv(v).utf8)
        case .html: return Data(html(v).utf8)
        case .markdown: return Data(markdown(v).utf8)
        default: return Data(text(v).utf8)
        }
    }

    public static func text(_ v: MonitorView) -> String {
        var out = title(v) + "\n" + thresholds(v) + "\n\n"
        if v.all {
            let risk = v.atRisk
            out += "需关注的项目（红 / 黄，按滞后金额从大到小）：\(risk.count) 个，涉及预算 \(money(risk.reduce(Decimal(0)) { $0 + $1.project.budget }))，滞后金额 \(money(risk.reduce(Decimal(0)) { $0 + $1.project.behind }))\n"
            guard !risk.isEmpty else { return out + "没有红灯或黄灯项目。\n" }
            var table = TextTable(headers: riskHeaders, alignments: [.left, .left, .left, .left, .right, .right, .right, .right, .right, .right, .left, .left],
                                  maxCellWidth: 30)
            for (d, p) in risk { table.append(riskRow(d, p)) }
            return out + table.render()
        }
        for d in v.departments {
            out += summary(d) + "\n"
            var table = TextTable(headers: projectHeaders, alignments: [.left, .left, .left, .right, .right, .right, .right, .right, .right, .left, .left],
                                  maxCellWidth: 30)
            for p in d.projects { table.append(projectRow(p)) }
            out += table.render()
            if d.projects.contains(where: \.planFromTime) { out += "* 未列资金支出计划，按序时进度计。\n" }
            let indicators = indicatorRows(d)
            if !indicators.isEmpty {
                out += "\n指标进度（截至目前完成值）\n"
                var t = TextTable(headers: indicatorHeaders, alignments: [.left, .left, .left, .left, .right, .right, .left], maxCellWidth: 36)
                for r in indicators { t.append(r) }
                out += t.render()
            }
            out += "\n"
        }
        return out
    }

    public static func markdown(_ v: MonitorView) -> String {
        var out = "# \(v.year)年度绩效运行监控（截至\(v.month)月底）\n\n序时进度 \(pct(Monitor.timeRate(month: v.month)))，金额单位万元。\(thresholds(v))\n\n"
        if v.all {
            out += "## 需关注的项目（红 / 黄，按滞后金额排序）\n\n"
            let risk = v.atRisk
            if risk.isEmpty { return out + "没有红灯或黄灯项目。\n" }
            return out + Markdown.table(riskHeaders, risk.map { riskRow($0.department, $0.project) }, rightAligned: [4, 5, 6, 7, 8, 9])
        }
        for d in v.departments {
            out += "## \(d.code) \(d.name)\n\n\(summary(d))\n\n"
            out += Markdown.table(projectHeaders, d.projects.map(projectRow), rightAligned: [3, 4, 5, 6, 7, 8])
            let indicators = indicatorRows(d)
            if !indicators.isEmpty { out += "\n### 指标进度\n\n" + Markdown.table(indicatorHeaders, indicators, rightAligned: [4, 5]) }
            out += "\n"
        }
        return out
    }

    static let csvHeaders = ["单位编码", "单位名称", "项目编码", "项目名称", "月份", "全年预算数", "计划累计", "计划进度(%)", "序时进度(%)", "实际累计",
                             "执行进度(%)", "落后(百分点)", "滞后金额", "灯", "偏差说明", "偏差原因及纠偏措施"]

    static func csvRows(_ v: MonitorView) -> [[String]] {
        let pairs = v.all ? v.atRisk : v.departments.flatMap { d in d.projects.map { (department: d, project: $0) } }
        return pairs.map { d, p in
            [d.code, d.name, p.code, p.name, String(v.month), money(p.budget), money(p.planned), pts(p.plannedRate), pts(p.timeRate), money(p.actual),
             pts(p.actualRate), pts(p.gap), money(p.behind), light(p.light), p.note, p.reason]
        }
    }

    public static func csv(_ v: MonitorView) -> String {
        var w = CSVWriter()
        w.row(csvHeaders)
        for r in csvRows(v) { w.row(r) }
        return w.text
    }

    static func xlsx(_ v: MonitorView) throws -> Data {
        typealias C = XLSXWorkbook.Cell
        var book = XLSXWorkbook()
        var sheet = XLSXWorkbook.Sheet(name: v.all ? "需关注项目" : "执行监控")
        sheet.frozenRows = 1
        sheet.columnWidths = [12, 20, 16, 28, 6, 12, 12, 10, 10, 12, 10, 10, 12, 5, 50, 40]
        sheet.append(csvHeaders.map { C.text($0, .header) })
        let pairs = v.all ? v.atRisk : v.departments.flatMap { d in d.projects.map { (department: d, project: $0) } }
        for (d, p) in pairs {
            func n(_ x: Decimal?) -> C { x.map { C.amount(Decimals.round($0, scale: 2)) } ?? .text("—") }
            sheet.append([.text(d.code), .text(d.name), .text(p.code), .text(p.name), .number(Decimal(v.month)), n(p.budget), n(p.planned), n(p.plannedRate),
                          n(p.timeRate), n(p.actual), n(p.actualRate), n(p.gap), n(p.behind), .text(light(p.light)), .text(p.note), .text(p.reason)])
        }
        book.add(sheet)
        return try book.data()
    }

    // MARK: - json

    static func num(_ v: Decimal?, _ scale: Int = 2) -> JSONValue { v.map { .number(Decimals.fixed($0, scale)) } ?? .null }

    static func json(_ v: MonitorView) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("year", .number(String(v.year))), ("month", .number(String(v.month))), ("month_is_latest", .bool(v.monthIsLatest)),
            ("time_rate", num(Monitor.timeRate(month: v.month))),
            ("thresholds", .object([("yellow", .decimal(v.rules.yellow)), ("red", .decimal(v.rules.red))])),
        ]
        if v.all {
            fields.append(("at_risk", .array(v.atRisk.map { d, p in
                guard case .object(var f) = project(p) else { return .null }
                f.insert(("department_code", .string(d.code)), at: 0)
                f.insert(("department_name", .string(d.name)), at: 1)
                return .object(f)
            })))
        } else {
            fields.append(("departments", .array(v.departments.map(department))))
        }
        return .object(fields)
    }

    static func department(_ d: DepartmentMonitor) -> JSONValue {
        .object([
            ("code", .string(d.code)), ("name", .string(d.name)), ("budget", num(d.budget)), ("planned", num(d.planned)), ("actual", num(d.actual)),
            ("planned_rate", num(d.plannedRate)), ("actual_rate", num(d.actualRate)), ("gap", num(d.gap)), ("light", .optional(d.light?.rawValue)),
            ("counts", .object(Light.allCases.map { ($0.rawValue, .number(String(d.count($0)))) })),
            ("projects", .array(d.projects.map(project))),
        ])
    }

    static func project(_ p: ProjectMonitor) -> JSONValue {
        .object([
            ("code", .string(p.code)), ("name", .string(p.name)), ("budget", num(p.budget)), ("as_of_month", p.asOf.map { .number(String($0)) } ?? .null),
            ("planned", num(p.planned)), ("plan_from_time_rate", .bool(p.planFromTime)), ("planned_rate", num(p.plannedRate)),
            ("time_rate", num(p.timeRate)), ("actual", num(p.actual)), ("actual_rate", num(p.actualRate)), ("gap", num(p.gap)),
            ("behind", num(p.behind)), ("spending_light", .optional(p.spendingLight?.rawValue)), ("light", .optional(p.light?.rawValue)),
            ("note", .string(p.note)), ("reason", .string(p.reason)),
            ("indicators", .array(p.indicators.map { i in
                .object([
                    ("level1", .string(i.level1)), ("level2", .string(i.level2)), ("level3", .string(i.level3)), ("target", .string(i.target)),
                    ("value", .string(i.value)), ("month", .number(String(i.month))), ("percent", num(i.percent)), ("projected", num(i.projected)),
                    ("reachable", i.reachable.map(JSONValue.bool) ?? .null), ("note", .string(i.note)), ("reason", .string(i.reason)),
                ])
            })),
        ])
    }

    // MARK: - html

    static func e(_ s: String) -> String { ReportHTML.e(s) }

    static func html(_ v: MonitorView) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(e("\(v.year)年度绩效运行监控（截至\(v.month)月底）"))</title>\n"
        out += "<style>\n\(ReportHTML.style)\n.light { font-weight: bold; padding: 0 6px; border-radius: 3px; color: #fff; }\n"
        out += ".light-green { background: #2da44e; } .light-yellow { background: #bf8700; } .light-red { background: #cf222e; }\n"
        out += ".charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 12px; }\n"
        out += ".pchart { border: 1px solid #999; padding: 6px; }\n</style>\n</head>\n<body>\n"
        out += "<h1>\(e("\(v.year)年度绩效运行监控"))</h1>\n<p class=\"meta\">\(e("截至\(v.month)月底 · 序时进度 \(pct(Monitor.timeRate(month: v.month))) · 单位：万元"))</p>\n"
        out += "<p>\(e(thresholds(v)))</p>\n"
        func badge(_ l: Light?) -> String { l.map { "<span class=\"light light-\($0.rawValue)\">\($0.label)</span>" } ?? "—" }
        func row(_ cells: [String], numeric: Set<Int>, first: String) -> String {
            "<tr><td>\(first)</td>" + cells.enumerated().map { i, c in "<td\(numeric.contains(i) ? " class=\"n\"" : "")>\(e(c))</td>" }.joined() + "</tr>\n"
        }
        if v.all {
            out += "<h2>需关注的项目（红 / 黄，按滞后金额排序）</h2>\n<table>\n<tr>" + riskHeaders.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
            for (d, p) in v.atRisk { out += row(Array(riskRow(d, p).dropFirst()), numeric: [3, 4, 5, 6, 7, 8], first: badge(p.light)) }
            return out + "</table>\n</body>\n</html>\n"
        }
        for d in v.departments {
            out += "<h2>\(e("\(d.code) \(d.name)"))</h2>\n<p>\(e(summary(d)))</p>\n<table>\n<tr>" + projectHeaders.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
            for p in d.projects { out += row(Array(projectRow(p).dropFirst()), numeric: [2, 3, 4, 5, 6, 7], first: badge(p.light)) }
            out += "</table>\n"
            let indicators = indicatorRows(d)
            if !indicators.isEmpty {
                out += "<h3>指标进度</h3>\n<table>\n<tr>" + indicatorHeaders.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
                for r in indicators { out += "<tr>" + r.enumerated().map { i, c in "<td\([4, 5].contains(i) ? " class=\"n\"" : "")>\(e(c))</td>" }.joined() + "</tr>\n" }
                out += "</table>\n"
            }
            out += "<div class=\"charts\">\n" + d.projects.map { chart($0, month: v.month) }.joined() + "</div>\n"
        }
        return out + "</body>\n</html>\n"
    }

    /// Plan (blue, with 序时进度 dashed grey) against cumulative spending (green) of one project.
    static func chart(_ p: ProjectMonitor, month: Int) -> String {
        let top = max(p.budget, p.plan.map(\.amount).max() ?? 0, p.spent.map(\.amount).max() ?? 0)
        var svg = "<div class=\"pchart\"><div>\(p.light.map { "<span class=\"light light-\($0.rawValue)\">\($0.label)</span> " } ?? "")\(e("\(p.code) \(p.name)"))</div>"
        guard top > 0 else { return svg + "</div>\n" }
        let width = 320, height = 170, left = 50, bottom = 140, chartW = 255, chartH = 120
        func x(_ m: Int) -> Int { left + chartW * m / 12 }
        func y(_ v: Decimal) -> Int { bottom - Int(ReportHTML.double(v / top) * Double(chartH)) }
        svg += "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(e("\(p.name) 计划与实际累计支出"))\">"
        svg += "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(left + chartW)\" y2=\"\(bottom)\" stroke=\"#333\"/><line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(left)\" y2=\"\(bottom - chartH)\" stroke=\"#333\"/>"
        for m in [3, 6, 10, 12] { svg += "<text x=\"\(x(m))\" y=\"\(bottom + 13)\" font-size=\"9\" text-anchor=\"middle\">\(m)月</text>" }
        svg += "<text x=\"\(left - 4)\" y=\"\(y(top) + 4)\" font-size=\"9\" text-anchor=\"end\">\(Decimals.fixed(top, 0))</text>"
        svg += "<line x1=\"\(x(0))\" y1=\"\(y(0))\" x2=\"\(x(12))\" y2=\"\(y(p.budget))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"
        let plan = [MonthAmount(month: 0, amount: 0)] + p.plan
        if p.plan.count > 0 {
            svg += "<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"\(plan.map { "\(x($0.month)),\(y($0.amount))" }.joined(separator: " "))\"/>"
        }
        if !p.spent.isEmpty {
            let spent = [MonthAmount(month: 0, amount: 0)] + p.spent
            svg += "<polyline fill=\"none\" stroke=\"#2da44e\" stroke-width=\"2\" points=\"\(spent.map { "\(x($0.month)),\(y($0.amount))" }.joined(separator: " "))\"/>"
            for s in p.spent { svg += "<circle cx=\"\(x(s.month))\" cy=\"\(y(s.amount))\" r=\"2.5\" fill=\"#2da44e\"/>" }
        }
        svg += "<line x1=\"\(x(month))\" y1=\"\(bottom)\" x2=\"\(x(month))\" y2=\"\(bottom - chartH)\" stroke=\"#cf222e\" stroke-width=\"0.8\"/>"
        svg += "<text x=\"\(left + 4)\" y=\"12\" font-size=\"9\" fill=\"#0969da\">— 计划</text><text x=\"\(left + 44)\" y=\"12\" font-size=\"9\" fill=\"#2da44e\">— 实际</text>"
        svg += "<text x=\"\(left + 84)\" y=\"12\" font-size=\"9\" fill=\"#777\">-- 序时进度</text>"
        return svg + "</svg></div>\n"
    }
}
