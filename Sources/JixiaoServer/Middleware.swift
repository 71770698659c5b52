import Foundation
import HTTPTypes
import Hummingbird
import JixiaoApp
import JixiaoModel
import JixiaoStore

/// The headers every response carries. The Content-Security-Policy allows scripts from nowhere
/// (the pages have none) and styles only from the served stylesheet, so an injected `<script>`
/// or `style=` attribute would not run even if it escaped the HTML escaping.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = WebContext
    static let policy = "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    /// Downloaded html reports carry their own `<style>`; still no script.
    static let reportPolicy = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = Self.policy }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// Not signed in (or the session ended): the login page.
struct NotSignedIn: Error {}

/// An error shown as a page with its HTTP status.
struct PageError: Error {
    var status: HTTPResponse.Status
    var message: String
    var details: [String] = []
}

/// Turns every error into a Chinese page: reads of what the user may not see are 404 (as for
/// what does not exist, so nothing leaks), forbidden changes 403, refused input 400/409,
/// anything unexpected 500 (logged, not shown).
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch is NotSignedIn {
            return Response.redirect(to: "/login", type: .normal)
        } catch {
            let (status, message, details) = Self.describe(error, isRead: request.method == .get || request.method == .head)
            if status == .internalServerError { context.logger.error("request failed: \(String(describing: error))") }
            let page = Layout.page(title: Layout.statusTitle(status), signedIn: context.signedIn, body: """
                <section class="error"><h1>\(Layout.statusTitle(status))</h1><p class="message">\(HTML.lines(message))</p>\(Layout.list(details))
                <p><a href="/">返回首页</a></p></section>
                """)
            return Layout.response(page, status: status)
        }
    }

    static func describe(_ error: any Error, isRead: Bool) -> (HTTPResponse.Status, String, [String]) {
        switch error {
        case let e as PageError: return (e.status, e.message, e.details)
        case let e as AccessDenied: return isRead ? (.notFound, "没有找到该页面或数据。", []) : (.forbidden, e.description, [])
        case let e as StoreError: return (.notFound, e.description, [])
        case let e as InputError: return (.badRequest, "文件有误，未做任何修改：", e.diagnostics.map(\.description))
        case let e as SubmissionRefused: return (.conflict, "尚不能提交：", e.problems.map { "\($0.ownerName)\($0.indicator.map { " / " + $0 } ?? "")：\($0.message)" })
        case let e as FilingError: return (.conflict, e.description, [])
        case let e as FilingStateError: return (.conflict, e.description, [])
        case let e as UploadRefused: return (.badRequest, e.description, [])
        case let e as any UserFacingError: return (.badRequest, e.description, [])
        case let e as HTTPError: return (e.status, e.status == .notFound ? "没有找到该页面。" : (e.body ?? e.status.reasonPhrase), [])
        default: return (.internalServerError, "服务器内部错误，已记录日志。请稍后再试或联系管理员。", [])
        }
    }
}

/// Resolves the session cookie to the signed-in user (nil when there is none or it ended).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let store: any Store

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[Site.sessionCookie]?.value {
            context.signedIn = try await UseCases.session(store: store, token: token)
        }
        return try await next(request, context)
    }
}

/// One log line per request: method, path, status, duration and the user (never the query, a
/// cookie or a form field).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            context.logger.info("request", metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path), "status": .stringConvertible(status),
                "ms": .string(String(format: "%.1f", ms)), "address": .string(context.address),
            ])
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}
