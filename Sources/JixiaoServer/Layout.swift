import Foundation
import HTTPTypes
import Hummingbird
import JixiaoApp
import JixiaoModel

/// The page shell: head, navigation by role, the logout form; and small shared pieces.
enum Layout {
    static func page(title: String, signedIn: SignedIn?, csrf: String? = nil, body: HTML) -> HTML {
        var nav: HTML = ""
        if let signedIn {
            let token = csrf ?? signedIn.session.csrfToken
            let links: [(String, String)]
            switch signedIn.user.role {
            case .bureau:
                links = [("/board", "填报状态"), ("/ranking", "部门排名"), ("/compare", "年度对比"), ("/sample", "抽查"), ("/publish", "结果公开"), ("/targets", "导入目标表")]
            case .unit(let code):
                links = [("/departments/\(code)", "本单位自评")]
            }
            let items = links.map { HTML("<a href=\"\($0.0)\">\($0.1)</a>") }
            nav = """
                <nav class="top"><span class="brand">绩效自评</span>\(items)
                <span class="who">\(signedIn.user.role == .bureau ? "财政局" : "单位 " + (signedIn.user.role.department ?? ""))：\(signedIn.user.name)</span>
                <form method="post" action="/logout" class="inline">\(csrfField(token))<button type="submit">退出</button></form></nav>
                """
        }
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · 预算绩效自评</title><link rel="stylesheet" href="/static/app.css"><link rel="icon" href="data:,"></head>
            <body>\(nav)<main>\(body)</main></body></html>
            """
    }

    static func csrfField(_ token: String) -> HTML { "<input type=\"hidden\" name=\"csrf\" value=\"\(token)\">" }

    static func response(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html.rendered)))
    }

    static func statusTitle(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: return "无法处理"
        case 403: return "无权操作"
        case 404: return "未找到"
        case 409: return "无法完成"
        case 413: return "文件过大"
        case 422: return "请检查填写内容"
        case 429: return "请稍后再试"
        default: return status.code >= 500 ? "服务器错误" : "提示"
        }
    }

    static func list(_ items: [String], cls: String = "messages") -> HTML {
        guard !items.isEmpty else { return "" }
        return "<ul class=\"\(cls)\">\(items.map { HTML("<li>\($0)</li>") })</ul>"
    }

    static func number(_ d: Decimal?) -> String { d.map { Decimals.fixed($0, 2) } ?? "—" }
    static func percent(_ d: Decimal?) -> String { d.map { Decimals.percent($0) } ?? "—" }

    static func grade(_ g: String?) -> HTML {
        guard let g, !g.isEmpty else { return "—" }
        return "<span class=\"grade grade-\(g)\">\(g)</span>"
    }

    static func state(_ s: FilingState) -> HTML { "<span class=\"state state-\(s.rawValue)\">\(s.label)</span>" }

    static func notice(_ text: String?, cls: String = "notice") -> HTML {
        guard let text, !text.isEmpty else { return "" }
        return "<p class=\"\(cls)\" role=\"status\">\(HTML.lines(text))</p>"
    }

    /// A year selector (GET form, no script).
    static func yearPicker(_ action: String, years: [Int], selected: Int, extra: HTML = "") -> HTML {
        let options = years.sorted(by: >).map { HTML("<option value=\"\($0)\"\($0 == selected ? " selected" : "")>\($0) 年度</option>") }
        return "<form method=\"get\" action=\"\(action)\" class=\"filters\"><label>年度 <select name=\"year\">\(options)</select></label>\(extra)<button type=\"submit\">查看</button></form>"
    }
}
