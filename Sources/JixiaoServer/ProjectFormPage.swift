import Foundation
import JixiaoApp
import JixiaoEngine
import JixiaoModel

/// A project's 自评表 as a form: each indicator's target, unit and points beside an input for
/// 实际完成值 and a box for 偏差原因分析及改进措施, the funds rows and the overall goal, with the
/// validator's messages beside the fields and the score with its derivation after saving. The
/// bureau sees the values read-only, with a 复核 form per row while the filing is submitted.
enum ProjectFormPage {
    static func render(_ f: ProjectForm, signedIn: SignedIn, saved: Bool) -> HTML {
        let isBureau = signedIn.user.role == .bureau
        let csrf = Layout.csrfField(signedIn.session.csrfToken)
        let canAdjust = isBureau && f.filing.state == .submitted
        let action = "/projects/\(f.code)?year=\(f.year)"

        let rows = f.rows.map { row -> HTML in
            let invalid = !row.errors.isEmpty
            let errorID = "err-\(row.id)"
            let errors: HTML = invalid ? "<p class=\"field-error\" id=\"\(errorID)\">\(HTML.join(row.errors.map { HTML.lines($0) }, separator: "<br>"))</p>" : ""
            let conflicts = f.conflicts.filter { $0.rowID == row.id || $0.rowID == ProjectForm.reasonField(row.id) }.map { c -> HTML in
                "<p class=\"conflict\">\(c.label)：他人已保存“\(c.theirs)”，您填写的是“\(c.yours)”。</p>"
            }
            let comments = row.comments.map { HTML("<p class=\"comment\">审核意见：\($0)</p>") }
            let value: HTML
            if f.editable {
                let attrs: HTML = invalid ? " class=\"value invalid\" aria-invalid=\"true\" aria-describedby=\"\(errorID)\"" : " class=\"value\""
                value = row.kind == .goal
                    ? "<textarea name=\"\(row.id)\"\(attrs) maxlength=\"500\">\(row.value)</textarea>"
                    : "<input type=\"text\" name=\"\(row.id)\" value=\"\(row.value)\"\(attrs) maxlength=\"500\">"
            } else {
                value = "\(row.value.isEmpty ? "—" : row.value)"
            }
            var reason: HTML = ""
            if row.hasReason {
                if f.editable {
                    let placeholder = row.suggestedReason.map { "建议：" + $0 } ?? ""
                    reason = "<textarea name=\"\(ProjectForm.reasonField(row.id))\" placeholder=\"\(placeholder)\" maxlength=\"2000\">\(row.reason)</textarea>"
                } else {
                    reason = "\(row.reason)"
                }
                if let s = row.suggestedReason, row.reason.isEmpty { reason = "\(reason)<p class=\"suggested\">须填写偏差原因。参考：\(s)</p>" }
            }
            let steps: HTML = row.steps.isEmpty ? "" : "<details><summary>计算过程</summary><ol>\(row.steps.map { HTML("<li>\($0)</li>") })</ol></details>"
            var review: HTML = ""
            if let rv = row.review { review = "<p class=\"comment\">复核得分 \(Layout.number(rv.score))：\(rv.reason)（\(rv.by)）</p>" }
            if canAdjust, row.kind == .indicator || row.kind == .executed {
                let name = row.kind == .executed ? "预算执行率" : row.level3
                review = """
                    \(review)<form method="post" action="/departments/\(f.departmentCode)/adjust?year=\(f.year)" class="adjust">\(csrf)
                    <input type="hidden" name="project" value="\(f.code)"><input type="hidden" name="indicator" value="\(name)">
                    复核得分 <input type="number" name="score" step="0.01" min="0" max="\(Layout.number(row.points))" required>
                    <input type="text" name="reason" placeholder="理由（必填）" required maxlength="500"> <button type="submit" class="secondary">复核</button></form>
                    """
            }
            let label: HTML = row.kind == .indicator
                ? "<td>\(row.level1)</td><td>\(row.level2)</td><td>\(row.level3)</td>"
                : (row.kind == .goal ? "<td colspan=\"3\"><strong>年度总体目标</strong>（实际完成情况）</td>" : "<td>\(row.level1)</td><td>\(row.level2)</td><td>\(row.level3)</td>")
            return """
                <tr id="row-\(row.id)"\(invalid ? " class=\"error\"" as HTML : "")>\(label)<td>\(HTML.lines(row.target))</td><td class="c">\(row.unit)</td>
                <td class="n">\(row.points.map { Layout.number($0) } ?? "")</td><td>\(value)\(errors)\(conflicts)</td>
                <td class="n">\(row.score.map { Layout.number($0) } ?? "")\(steps)</td><td>\(reason)\(comments)\(review)</td></tr>
                """
        }
        let back: HTML = "<p class=\"noprint\"><a href=\"/departments/\(f.departmentCode)?year=\(f.year)\">← \(f.departmentName)</a></p>"
        let generalErrors: HTML = f.generalErrors.isEmpty ? "" : "<div class=\"errors\" role=\"alert\">\(Layout.list(f.generalErrors))</div>"
        let comments: HTML = f.comments.isEmpty ? "" : "<div class=\"warning\"><strong>审核意见：</strong>\(Layout.list(f.comments))</div>"
        let total: HTML = f.total.map { "自评得分 <strong>\(Layout.number($0))</strong> \(Layout.grade(f.grade))" } ?? "尚未评价（填写实际完成值后保存即评分）"
        let state: HTML = f.editable ? "" : (isBureau ? "" : "<p class=\"warning\">当前状态“\(f.filing.state.label)”：实际完成值已锁定，只能查看。</p>")
        let table: HTML = """
            <table class="form"><thead><tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>年度指标值</th><th>单位</th><th>分值</th><th>实际完成值</th><th>得分</th><th>偏差原因分析及改进措施</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let formBody: HTML = f.editable ? """
            <form method="post" action="\(action)" class="selfeval">\(csrf)<input type="hidden" name="version" value="\(f.version)">
            \(table)<p class="noprint"><button type="submit" name="save" value="draft">保存草稿</button> <span class="muted">保存时按“录入”的同一规则校验，有错不保存，错误显示在对应栏旁。</span></p></form>
            """ : table
        let body: HTML = """
            \(back)<h1>\(f.name)（\(f.code)）</h1>
            <p class="meta">\(f.isDepartment ? "部门整体绩效自评表" : "项目支出绩效自评表")（\(f.year)年度） · \(f.departmentName) · 状态 \(Layout.state(f.filing.state)) · \(total)\(f.reviewTotal.map { " · 复核得分 \(Layout.number($0))" as HTML } ?? "")</p>
            \(saved ? Layout.notice("已保存。得分已按保存的值重新计算。") : "")\(generalErrors)\(comments)\(state)\(formBody)
            \(f.isDepartment ? "" : """
            <p class="downloads noprint">下载本表：<a class="button secondary" href="/projects/\(f.code)/report?year=\(f.year)&amp;format=docx">docx</a>
            <a class="button secondary" href="/projects/\(f.code)/report?year=\(f.year)&amp;format=xlsx">xlsx</a>
            <a class="button secondary" href="/projects/\(f.code)/report?year=\(f.year)&amp;format=html">html</a></p>
            """ as HTML)
            """
        return Layout.page(title: f.name, signedIn: signedIn, body: body)
    }
}
