import Foundation
import JixiaoApp
import JixiaoEngine
import JixiaoModel

/// The bureau's pages.
enum BureauPages {
    /// The status board with filters, and the chase list of departments not yet submitted.
    static func board(_ year: Int, _ rows: [FilingStatus], signedIn: SignedIn, years: [Int], state: String?, query: String?,
                      lights: [String: DepartmentMonitor] = [:]) -> HTML {
        let wanted = state.flatMap { FilingState(rawValue: $0) }
        let q = (query ?? "").trimmingCharacters(in: .whitespaces)
        let shown = rows.filter { r in
            (wanted == nil || r.filing.state == wanted) && (q.isEmpty || r.department.code.contains(q) || r.department.name.contains(q))
        }
        let counts = FilingState.allCases.map { s in "\(s.label) \(rows.filter { $0.filing.state == s }.count)" }.joined(separator: " · ")
        let lines = shown.map { r -> HTML in
            """
            <tr><td><a href="/departments/\(r.department.code)?year=\(year)">\(r.department.code)</a></td><td>\(r.department.name)</td><td class="c">\(Layout.state(r.filing.state))</td>
            <td>\(r.filing.submittedAt ?? "")</td><td class="n">\(Layout.number(r.result.score))</td><td class="n">\(Layout.number(r.result.reviewScore))</td>
            <td class="c">\(Layout.grade(r.result.finalGrade))</td><td class="c">\(r.incompleteProjects)</td><td class="c">\(r.openComments.isEmpty ? "" : "\(r.openComments.count) 条")</td>
            <td class="c">\(monitorCell(lights[r.department.code]))</td></tr>
            """
        }
        let chase = rows.filter(\.isOutstanding).map { r -> HTML in
            "<tr><td>\(r.department.code)</td><td>\(r.department.name)</td><td class=\"c\">\(Layout.state(r.filing.state))</td><td class=\"c\">\(r.incompleteProjects)</td><td>\(r.readiness)</td></tr>"
        }
        let options = [HTML("<option value=\"\">全部状态</option>")] + FilingState.allCases.map { s in
            HTML("<option value=\"\(s.rawValue)\"\(wanted == s ? " selected" : "")>\(s.label)</option>")
        }
        let filters: HTML = "<label>状态 <select name=\"state\">\(options)</select></label><label>单位 <input type=\"text\" name=\"q\" value=\"\(q)\" placeholder=\"编码或名称\"></label>"
        let body: HTML = """
            <h1>\(year) 年度自评填报状态</h1>
            \(Layout.yearPicker("/board", years: years, selected: year, extra: filters))
            <p class="meta">共 \(rows.count) 个单位：\(counts)\(shown.count != rows.count ? "（显示 \(shown.count) 个）" : "")</p>
            <table class="board"><thead><tr><th>单位编码</th><th>单位名称</th><th>状态</th><th>提交时间</th><th>自评得分</th><th>复核得分</th><th>等级</th><th>未填完项目</th><th>待处理意见</th><th>运行监控</th></tr></thead>
            <tbody>\(lines)</tbody></table>
            <h2>尚未提交（催报名单）</h2>
            \(chase.isEmpty ? "<p class=\"muted\">全部已提交。</p>" as HTML : "<table><thead><tr><th>单位编码</th><th>单位名称</th><th>状态</th><th>未填完项目</th><th>填报情况</th></tr></thead><tbody>\(chase)</tbody></table>" as HTML)
            """
        return Layout.page(title: "填报状态", signedIn: signedIn, body: body)
    }

    /// The status board's 运行监控 cell: the department's light at its latest recorded month and
    /// its projects' lights ("红 1 · 黄 2 · 绿 9（10月底）"); empty without spending rows.
    static func monitorCell(_ m: DepartmentMonitor?) -> HTML {
        guard let m else { return "" }
        let counts = [Light.red, .yellow, .green].map { "\($0.label) \(m.count($0))" }.joined(separator: " · ")
        let own = m.light.map { "单位\($0.label)灯 · " } ?? ""
        let title = "截至\(m.month)月底执行进度 \(m.actualRate.map { Decimals.fixed($0, 2) } ?? "—")%，计划 \(Decimals.fixed(m.plannedRate, 2))%"
        return "<span class=\"monitor-\(m.light?.rawValue ?? "none")\" title=\"\(title)\">\(own)\(counts)（\(m.month)月底）</span>"
    }

    /// The ranking, with a bar chart as inline SVG (attributes only: no style, no script).
    static func ranking(_ year: Int, _ ranked: [DepartmentResult], signedIn: SignedIn, years: [Int]) -> HTML {
        let lines = ranked.enumerated().map { i, r -> HTML in
            """
            <tr><td class="c">\(i + 1)</td><td><a href="/departments/\(r.department.code)?year=\(year)">\(r.department.code)</a></td><td>\(r.department.name)</td>
            <td class="n">\(Layout.number(r.score))</td><td class="n">\(Layout.number(r.reviewScore))</td><td class="c">\(Layout.grade(r.finalGrade))</td>
            <td class="n">\(Layout.number(r.weightedProjectScore))</td><td class="n">\(Layout.percent(r.executionRate))</td><td class="n">\(r.projects.count)</td></tr>
            """
        }
        let shown = Array(ranked.prefix(40))
        let barHeight = 22, labelWidth = 260, width = 900
        let bars = shown.enumerated().map { i, r -> HTML in
            let score = r.finalScore.map { NSDecimalNumber(decimal: $0).doubleValue } ?? 0  // chart geometry only
            let w = Int((Double(width - labelWidth - 60) * score / 100).rounded())
            let y = i * barHeight + 4
            let label = String(r.department.name.prefix(18))
            return """
                <text x="\(labelWidth - 6)" y="\(y + 15)" text-anchor="end">\(label)</text>
                <rect x="\(labelWidth)" y="\(y)" width="\(max(w, 0))" height="\(barHeight - 6)" fill="\(color(r.finalGrade))"></rect>
                <text x="\(labelWidth + max(w, 0) + 6)" y="\(y + 15)">\(Layout.number(r.finalScore))</text>
                """
        }
        let chart: HTML = shown.isEmpty ? "" : """
            <svg class="chart" viewBox="0 0 \(width) \(shown.count * barHeight + 10)" role="img" aria-label="部门整体得分排名"><title>部门整体得分（复核后）</title>\(bars)</svg>
            \(ranked.count > shown.count ? "<p class=\"muted\">图中显示前 \(shown.count) 名。</p>" as HTML : "")
            """
        let body: HTML = """
            <h1>\(year) 年度部门整体得分排名</h1>\(Layout.yearPicker("/ranking", years: years, selected: year))
            \(chart)
            <table><thead><tr><th>名次</th><th>单位编码</th><th>单位名称</th><th>自评得分</th><th>复核得分</th><th>等级</th><th>项目加权平均分</th><th>预算执行率</th><th>项目数</th></tr></thead><tbody>\(lines)</tbody></table>
            """
        return Layout.page(title: "部门排名", signedIn: signedIn, body: body)
    }

    static func color(_ grade: String?) -> String {
        switch grade {
        case "优": return "#1a7f37"
        case "良": return "#0b5cad"
        case "中": return "#9a6700"
        case "差": return "#cf222e"
        default: return "#999999"
        }
    }

    /// Years side by side per department.
    static func compare(_ years: [Int], _ comparisons: [YearComparison], signedIn: SignedIn, years all: [Int]) -> HTML {
        let head = years.map { HTML("<th>\($0) 得分</th><th>等级</th><th>执行率</th>") }
        let lines = comparisons.map { c -> HTML in
            let cells = years.map { y -> HTML in
                guard let f = c.figures.first(where: { $0.year == y }) else { return "<td class=\"c\">—</td><td></td><td></td>" }
                return "<td class=\"n\">\(Layout.number(f.ownScore ?? f.weighted))</td><td class=\"c\">\(Layout.grade(f.ownGrade ?? f.weightedGrade))</td><td class=\"n\">\(Layout.percent(f.executionRate))</td>"
            }
            return "<tr><td>\(c.departmentCode)</td><td>\(c.departmentName)</td>\(cells)<td class=\"n\">\(c.lines.count)</td><td class=\"n\">\(c.recurring.count)</td></tr>"
        }
        let projectTables = comparisons.map { c -> HTML in
            let rows = c.lines.map { line -> HTML in
                let cells = years.map { y -> HTML in
                    guard let p = line.years[y] else { return "<td class=\"c\">—</td>" }
                    return "<td class=\"n\">\(p.status == .graded ? Layout.number(p.finalTotal) : "未评价")</td>"
                }
                return "<tr><td>\(line.name)</td><td class=\"c\">\(line.status)</td>\(cells)</tr>"
            }
            let recurring = c.recurring.prefix(20).map { HTML("<li>[\($0.code.rawValue)] \($0.project)\($0.indicator.map { " / " + $0 } ?? "")（\($0.years.map(String.init).joined(separator: "、"))）：\($0.message)</li>") }
            return """
                <h3>\(c.departmentName)（\(c.departmentCode)）</h3>
                <table><thead><tr><th>项目</th><th>年度</th>\(years.map { HTML("<th>\($0)</th>") })</tr></thead><tbody>\(rows)</tbody></table>
                \(recurring.isEmpty ? "" : "<p>连续出现的问题：</p><ul class=\"messages\">\(recurring)</ul>" as HTML)
                """
        }
        let picker: HTML = "<form method=\"get\" action=\"/compare\" class=\"filters\"><label>年度（逗号分隔） <input type=\"text\" name=\"years\" value=\"\(years.map(String.init).joined(separator: ","))\"></label><button type=\"submit\">对比</button> <span class=\"muted\">已有：\(all.map(String.init).joined(separator: "、"))</span></form>"
        let body: HTML = """
            <h1>年度对比：\(years.map(String.init).joined(separator: " → "))</h1>\(picker)
            <table><thead><tr><th>单位编码</th><th>单位名称</th>\(head)<th>项目</th><th>连续问题</th></tr></thead><tbody>\(lines)</tbody></table>
            <h2>各单位项目</h2>\(projectTables)
            """
        return Layout.page(title: "年度对比", signedIn: signedIn, body: body)
    }

    /// The spot-check sample.
    static func sample(_ s: SpotCheck, signedIn: SignedIn, years: [Int], rateText: String, minimum: String) -> HTML {
        let lines = s.projects.enumerated().map { i, p -> HTML in
            """
            <tr><td class="c">\(i + 1)</td><td>\(p.departmentCode)</td><td><a href="/projects/\(p.project.project.code)?year=\(s.year)">\(p.project.project.name)</a></td>
            <td class="n">\(Layout.number(p.project.project.budget))</td><td class="n">\(p.project.status == .graded ? Layout.number(p.project.finalTotal) : "—")</td>
            <td class="c">\(p.project.status == .graded ? Layout.grade(p.project.finalGrade) : "—")</td><td>\(p.reasons.joined(separator: "；"))</td></tr>
            """
        }
        let extra: HTML = """
            <label>比例 % <input type="number" name="rate" value="\(rateText)" min="1" max="100" step="1"></label>
            <label>种子 <input type="number" name="seed" value="\(String(s.seed))" min="0"></label>
            <label>最低预算（万元） <input type="text" name="min" value="\(minimum)" size="6"></label>
            """
        let body: HTML = """
            <h1>\(s.year) 年度绩效自评抽查名单</h1>\(Layout.yearPicker("/sample", years: years, selected: s.year, extra: extra))
            <p class="meta">比例 \(Layout.percent(s.rate))，随机种子 \(String(s.seed))：候选 \(s.candidates) 个项目（\(s.departments) 个单位），抽取 \(s.projects.count) 个，其中必抽 \(s.projects.filter(\.isRequired).count) 个。同一种子重抽结果相同。</p>
            <table><thead><tr><th>序号</th><th>单位编码</th><th>项目名称</th><th>全年预算数</th><th>得分</th><th>等级</th><th>抽取原因</th></tr></thead><tbody>\(lines)</tbody></table>
            """
        return Layout.page(title: "抽查", signedIn: signedIn, body: body)
    }

    /// What would be published, with the downloads.
    static func publish(_ p: Publication, signedIn: SignedIn, years: [Int]) -> HTML {
        let lines = p.departments.map { d -> HTML in
            "<tr><td>\(d.result.department.code)</td><td>\(d.result.department.name)</td><td class=\"n\">\(Layout.number(d.result.score))</td><td class=\"n\">\(Layout.number(d.result.reviewScore))</td><td class=\"n\">\(Layout.number(d.result.finalScore))</td><td class=\"c\">\(Layout.grade(d.result.finalGrade))</td><td>\(d.filing.approvedAt ?? "")</td></tr>"
        }
        let pending = p.pending.map { HTML("<tr><td>\($0.code)</td><td>\($0.name)</td><td class=\"c\">\(Layout.state($0.state))</td></tr>") }
        let body: HTML = """
            <h1>\(p.year) 年度绩效自评结果公开</h1>\(Layout.yearPicker("/publish", years: years, selected: p.year))
            <p class="downloads">下载：<a class="button secondary" href="/publish/download?year=\(p.year)&amp;format=xlsx">xlsx</a>
            <a class="button secondary" href="/publish/download?year=\(p.year)&amp;format=csv">csv</a>
            <a class="button secondary" href="/publish/download?year=\(p.year)&amp;format=json">json</a></p>
            <h2>已审核（\(p.departments.count) 个单位）</h2>
            <table><thead><tr><th>单位编码</th><th>单位名称</th><th>自评得分</th><th>复核得分</th><th>审定得分</th><th>等级</th><th>审核时间</th></tr></thead><tbody>\(lines)</tbody></table>
            <h2>未审核，不公开（\(p.pending.count) 个单位）</h2>
            <table><thead><tr><th>单位编码</th><th>单位名称</th><th>状态</th></tr></thead><tbody>\(pending)</tbody></table>
            """
        return Layout.page(title: "结果公开", signedIn: signedIn, body: body)
    }

    /// The upload of target tables.
    static func targets(signedIn: SignedIn, limits: UploadLimits, notice: String?, errors: [String]) -> HTML {
        let body: HTML = """
            <h1>导入绩效目标表</h1>
            <p class="meta">接受 jixiao import 读取的任何格式：txt、docx、xlsx、csv，最大 \(limits.label)。同一单位同一年度再次导入即替换。整表校验，有错则不导入。</p>
            \(Layout.notice(notice))\(errors.isEmpty ? "" : "<div class=\"\(notice == nil ? "errors" : "warning")\">\(Layout.list(errors))</div>" as HTML)
            <form method="post" action="/targets" enctype="multipart/form-data">\(Layout.csrfField(signedIn.session.csrfToken))
            <p><input type="file" name="file" accept=".txt,.docx,.xlsx,.csv" required></p>
            <p><label>年度（可空：从文件读取） <input type="number" name="year" min="2000" max="2100"></label></p>
            <button type="submit">导入</button></form>
            """
        return Layout.page(title: "导入目标表", signedIn: signedIn, body: body)
    }
}
