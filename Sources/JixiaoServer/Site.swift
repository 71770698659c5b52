import Foundation
import HTTPTypes
import Hummingbird
import JixiaoApp
import JixiaoEngine
import JixiaoModel
import JixiaoReports
import JixiaoStore

/// The routes of the web application and what they share: the store, the configuration, and
/// the steps every handler takes (the signed-in user, the use cases acting as that user, the
/// posted form with its CSRF token checked).
struct Site: Sendable {
    static let sessionCookie = "jixiao_session"
    static let loginCookie = "jixiao_login"

    let store: any Store
    let configuration: ServerConfiguration
    var profile: Profile { configuration.profile }
    /// The largest request body read: the upload limit and room for the multipart wrapping.
    var bodyLimit: Int { configuration.uploads.maxBytes + 256 * 1024 }

    func addRoutes(to router: Router<WebContext>) {
        router.get("/healthz") { _, _ in
            _ = try await store.years()
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/static/app.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
        }
        router.get("/") { _, context in
            let user = try signedIn(context)
            switch user.user.role {
            case .bureau: return Response.redirect(to: "/board")
            case .unit(let code): return Response.redirect(to: "/departments/\(code)")
            }
        }
        addAuthRoutes(to: router)
        addUnitRoutes(to: router)
        addBureauRoutes(to: router)
    }

    /// The signed-in user, else the login page.
    func signedIn(_ context: WebContext) throws -> SignedIn {
        guard let user = context.signedIn else { throw NotSignedIn() }
        return user
    }

    /// The use cases acting as the signed-in user.
    func useCases(_ context: WebContext) throws -> UseCases {
        UseCases(store: store, actor: try signedIn(context).actor)
    }

    /// The posted form, refused with 403 (and nothing done) unless it carries the session's CSRF token.
    func postedForm(_ request: Request, _ context: WebContext) async throws -> FormData {
        let user = try signedIn(context)
        let form = try await FormData.read(request, context: context, limit: bodyLimit)
        guard let token = form["csrf"], Self.constantTimeEqual(token, user.session.csrfToken) else {
            throw PageError(status: .forbidden, message: "表单已过期或来源不明（CSRF 校验失败），未做任何修改。请返回并刷新页面后重试。")
        }
        return form
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// `?year=` (nil: the latest year).
    static func year(_ request: Request) -> Int? {
        guard let y = request.uri.queryParameters.get("year", as: Int.self), (2000...2100).contains(y) else { return nil }
        return y
    }

    /// The years in the store, for the year pickers.
    func years() async throws -> [Int] { try await store.years() }

    /// A path parameter that names a code: letters, digits and - only; anything else is "not found".
    static func code(_ context: WebContext, _ name: String = "code") throws -> String {
        guard let code = context.parameters.get(name), !code.isEmpty, code.count <= 64,
              code.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" }) else {
            throw PageError(status: .notFound, message: "没有找到该页面或数据。")
        }
        return code
    }

    /// A file to download. The name is made here from checked codes, never taken from the request.
    static func download(_ data: Data, name: String, ascii: String, format: OutputFormat) -> Response {
        let types: [OutputFormat: String] = [
            .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            .html: "text/html; charset=utf-8", .csv: "text/csv; charset=utf-8", .json: "application/json", .text: "text/plain; charset=utf-8",
            .markdown: "text/markdown; charset=utf-8",
        ]
        let ascii = String(ascii.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }.map(Character.init))
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ascii
        var headers = HTTPFields()
        headers[.contentType] = types[format] ?? "application/octet-stream"
        headers[.contentDisposition] = "attachment; filename=\"\(ascii.isEmpty ? "jixiao" : ascii).\(format.rawValue)\"; filename*=UTF-8''\(encoded).\(format.rawValue)"
        if format == .html { headers[.contentSecurityPolicy] = SecurityHeadersMiddleware.reportPolicy }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `?format=` among those offered, else 404.
    static func format(_ request: Request, allowed: [OutputFormat]) throws -> OutputFormat {
        guard let raw = request.uri.queryParameters.get("format"), let f = OutputFormat(rawValue: raw), allowed.contains(f) else {
            throw PageError(status: .notFound, message: "不支持的下载格式；可选：\(allowed.map(\.rawValue).joined(separator: "、"))。")
        }
        return f
    }
}
