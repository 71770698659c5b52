import Foundation
import JixiaoApp
import JixiaoEngine
import JixiaoModel

/// A department's filing: for the unit its home (projects with state, completion, score, grade
/// and the bureau's comments; upload, submit, downloads), for the bureau the filing under review
/// (findings, return with comments, approve).
enum DepartmentPage {
    static func render(_ f: DepartmentFiling, signedIn: SignedIn, years: [Int], notice: String?, warnings: [String], errors: [String], showProblems: Bool) -> HTML {
        let d = f.result.department, code = d.code, y = f.year
        let isBureau = signedIn.user.role == .bureau
        let csrf = Layout.csrfField(signedIn.session.csrfToken)
        let r = f.result

        var rows: [HTML] = []
        for (i, p) in r.projects.enumerated() {
            let c = f.completion[p.project.code]
            let open = f.openComments.filter { $0.projectCode == p.project.code }.count
            rows.append("""
                <tr><td class="c">\(i + 1)</td><td>\(p.project.code)</td><td><a href="/projects/\(p.project.code)?year=\(y)">\(p.project.name)</a></td>
                <td class="n">\(Layout.number(p.project.budget))</td><td class="c">\(c.map { "\($0.filled)/\($0.total)" } ?? "—")\(c?.isComplete == true ? " ✓" : "")</td>
                <td class="c">\(p.status == .graded ? "已评价" : "未评价")</td>
                <td class="n">\(p.status == .graded ? Layout.number(p.total) : "—")</td><td class="n">\(Layout.number(p.reviewTotal))</td>
                <td class="c">\(p.status == .graded ? Layout.grade(p.finalGrade) : "—")</td><td class="c">\(open > 0 ? "\(open) 条" : "")</td></tr>
                """)
        }
        if !d.goals.isEmpty {
            let c = f.completion[code]
            rows.append("""
                <tr><td class="c">—</td><td>\(code)</td><td><a href="/projects/\(code)?year=\(y)">部门整体指标</a></td><td class="n">\(Layout.number(d.totalBudget))</td>
                <td class="c">\(c.map { "\($0.filled)/\($0.total)" } ?? "—")\(c?.isComplete == true ? " ✓" : "")</td><td class="c">\(r.ownScore == nil ? "未评价" : "已评价")</td>
                <td class="n">\(Layout.number(r.ownScore))</td><td class="n">\(Layout.number(r.reviewOwnScore))</td><td class="c">\(Layout.grade(r.ownGrade))</td>
                <td class="c">\(f.openComments.filter { $0.projectCode == code }.count > 0 ? "有" : "")</td></tr>
                """)
        }

        var openBox: HTML = ""
        if !f.openComments.isEmpty {
            let items = f.openComments.map { c -> HTML in
                let target = c.projectCode.map { p in (r.projects.first { $0.project.code == p }?.project.name ?? p) + (c.indicator.map { " / " + $0 } ?? "") } ?? "总体意见"
                return "<li><strong>\(target)</strong>：\(c.text)</li>"
            }
            openBox = "<section class=\"warning\" id=\"comments\"><h3>财政局审核意见（待处理）</h3><ul class=\"messages\">\(items)</ul></section>"
        }

        var problemsBox: HTML = ""
        if f.filing.state.isEditable, !f.problems.isEmpty {
            let items = f.problems.prefix(200).map { p -> HTML in
                let link: HTML = p.ownerCode == code ? "<a href=\"/projects/\(code)?year=\(y)\">部门整体</a>" : "<a href=\"/projects/\(p.ownerCode)?year=\(y)\">\(p.ownerName)</a>"
                return "<li>\(link)\(p.indicator.map { " / " + $0 } ?? "")：\(p.message)</li>"
            }
            problemsBox = """
                <details\(showProblems ? " open" : "") class="problems"><summary>提交前须处理 \(f.problems.count) 项</summary><ul class="messages refusals">\(items)</ul></details>
                """
        }

        var unitActions: HTML = ""
        if f.editable {
            unitActions = """
                <h2>填报与提交</h2>
                <div class="actions">
                <div class="box"><h3>上传填好的填报表</h3><p class="muted">可先下载填报表（xlsx 或 csv），填写后上传，代替逐项输入。整表校验，有错则不录入。</p>
                <form method="post" action="/departments/\(code)/upload?year=\(y)" enctype="multipart/form-data">\(csrf)
                <input type="file" name="file" accept=".xlsx,.csv" required> <button type="submit">上传</button></form></div>
                <div class="box"><h3>提交自评</h3>\(problemsBox)
                <form method="post" action="/departments/\(code)/submit?year=\(y)">\(csrf)<label>说明（可选）<input type="text" name="note" maxlength="200"></label>
                <button type="submit">提交财政审核</button></form></div>
                </div>
                """
        }

        var bureauActions: HTML = ""
        if isBureau {
            let findings = r.allFindings.filter { $0.severity == .error || $0.severity == .warning }
            let findingItems = findings.prefix(60).map { x -> HTML in
                let owner = x.ownerCode == code ? "部门整体" : (r.projects.first { $0.project.code == x.ownerCode }?.project.name ?? x.ownerCode)
                return "<li class=\"sev-\(x.severity.rawValue)\">[\(x.code.rawValue)] \(owner)\(x.indicator.map { " / " + $0 } ?? "")：\(x.message)</li>"
            }
            let options = [HTML("<option value=\"\">（选择项目）</option>")] + r.projects.map { HTML("<option value=\"\($0.project.code)\">\($0.project.name)</option>") }
                + (d.goals.isEmpty ? [] : [HTML("<option value=\"\(code)\">部门整体</option>")])
            let itemFields = (1...3).map { n -> HTML in
                "<p>逐项意见 \(n)：<select name=\"item\(n)_project\">\(options)</select> 指标（可空）<input type=\"text\" name=\"item\(n)_indicator\" size=\"14\"> <input type=\"text\" name=\"item\(n)_text\" size=\"40\" placeholder=\"意见\"></p>"
            }
            let submitted = f.filing.state == .submitted
            bureauActions = """
                <h2>审核</h2>
                <h3>发现的问题（\(findings.count) 条）</h3>\(findings.isEmpty ? "<p class=\"muted\">无。</p>" as HTML : "<ul class=\"messages\">\(findingItems)</ul>" as HTML)
                \(submitted ? """
                <div class="actions">
                <div class="box"><h3>退回修改</h3><form method="post" action="/departments/\(code)/return?year=\(y)">\(csrf)
                <p><label>总体意见（必填）<textarea name="comment" required maxlength="2000"></textarea></label></p>\(itemFields)
                <button type="submit" class="danger">退回</button></form></div>
                <div class="box"><h3>审核通过</h3><p class="muted">复核调整请在各项目页逐项填写。审核通过后锁定，得分存档用于公开。</p>
                <form method="post" action="/departments/\(code)/approve?year=\(y)">\(csrf)<button type="submit">审核通过</button></form></div>
                </div>
                """ as HTML : "<p class=\"muted\">当前状态为“\(f.filing.state.label)”：提交后方可退回或审核。</p>" as HTML)
                """
        }

        let events = f.events.map { e -> HTML in "<tr><td>\(e.at)</td><td>\(e.by)</td><td>\(e.from.label) → \(e.to.label)</td><td>\(e.note)</td></tr>" }
        let history: HTML = events.isEmpty ? "" : "<h2>填报记录</h2><table><thead><tr><th>时间</th><th>操作人</th><th>状态</th><th>说明</th></tr></thead><tbody>\(events)</tbody></table>"

        let downloads: HTML = """
            <h2>下载</h2><p class="downloads">自评报告（含各项目自评表）：
            <a class="button secondary" href="/departments/\(code)/report?year=\(y)&amp;format=docx">Word（docx）</a>
            <a class="button secondary" href="/departments/\(code)/report?year=\(y)&amp;format=xlsx">Excel（xlsx）</a>
            <a class="button secondary" href="/departments/\(code)/report?year=\(y)&amp;format=html">网页（html）</a>
            \(isBureau ? "" : """
            　填报表：<a class="button secondary" href="/departments/\(code)/template?year=\(y)&amp;format=xlsx">xlsx</a>
            <a class="button secondary" href="/departments/\(code)/template?year=\(y)&amp;format=csv">csv</a>
            """ as HTML)</p>
            """

        let body: HTML = """
            \(isBureau ? "<p class=\"noprint\"><a href=\"/board?year=\(y)\">← 填报状态</a></p>" as HTML : "")
            <h1>\(d.name)（\(code)）\(y) 年度绩效自评</h1>
            \(Layout.yearPicker("/departments/\(code)", years: years, selected: y))
            <div class="figures">
            <div class="figure"><div>填报状态</div><div class="v">\(Layout.state(f.filing.state))</div><div class="muted">\(f.filing.submittedAt.map { "提交于 " + $0 } ?? "")</div></div>
            <div class="figure"><div>部门整体自评得分</div><div class="v">\(Layout.number(r.score))</div><div>\(Layout.grade(r.grade))</div></div>
            <div class="figure"><div>复核得分</div><div class="v">\(Layout.number(r.reviewScore))</div><div>\(r.isReviewed ? Layout.grade(r.finalGrade) : "")</div></div>
            <div class="figure"><div>预算执行率</div><div class="v">\(Layout.percent(r.executionRate))</div></div>
            </div>
            \(Layout.notice(notice))\(warnings.isEmpty ? "" : "<div class=\"warning\">\(Layout.list(warnings))</div>" as HTML)
            \(errors.isEmpty ? "" : "<div class=\"errors\" role=\"alert\">\(Layout.list(errors))</div>" as HTML)
            \(openBox)
            <h2>项目</h2>
            <table class="projects"><thead><tr><th>序号</th><th>项目编码</th><th>项目名称</th><th>全年预算数（万元）</th><th>填报进度</th><th>状态</th><th>自评得分</th><th>复核得分</th><th>等级</th><th>审核意见</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            \(unitActions)\(bureauActions)\(downloads)\(history)
            """
        return Layout.page(title: "\(d.name) \(y) 年度", signedIn: signedIn, body: body)
    }
}
