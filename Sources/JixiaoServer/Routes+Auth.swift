import Foundation
import Hummingbird
import JixiaoApp

extension Site {
    /// `/login` (GET, POST) and `/logout` (POST).
    func addAuthRoutes(to router: Router<WebContext>) {
        router.get("/login") { request, context in
            if context.signedIn != nil { return Response.redirect(to: "/") }
            return loginPage(message: request.uri.queryParameters.get("out") != nil ? "已退出。" : nil, status: .ok)
        }
        router.post("/login") { request, context in
            let form = try await FormData.read(request, context: context, limit: 64 * 1024)
            // Before a session there is no session token: the form carries the token of a cookie
            // set with the page (double submit), so another site cannot post a login.
            guard let token = form["csrf"], let cookie = request.cookies[Self.loginCookie]?.value, Self.constantTimeEqual(token, cookie) else {
                return loginPage(message: "登录表单已过期（CSRF 校验失败）。请重新输入。", status: .forbidden)
            }
            do {
                let signed = try await UseCases.signIn(store: store, name: form["name"]?.trimmingCharacters(in: .whitespaces) ?? "",
                                                      password: form["password"] ?? "", address: context.address, policy: configuration.accounts)
                var response = Response.redirect(to: "/", type: .normal)
                response.setCookie(sessionCookie(signed.token, maxAge: Int(configuration.accounts.sessionLifetime)))
                response.setCookie(Cookie(name: Self.loginCookie, value: "", maxAge: 0, path: "/login", secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
                context.logger.info("signed in", metadata: ["user": .string(signed.user.name)])
                return response
            } catch let refused as SignInRefused {
                context.logger.notice("sign-in refused", metadata: ["user": .string(form["name"] ?? ""), "address": .string(context.address)])
                return loginPage(message: refused.description, status: refused.reason == .tooManyAttempts ? .tooManyRequests : .unauthorized)
            }
        }
        router.post("/logout") { request, context in
            _ = try await postedForm(request, context)
            if let token = request.cookies[Self.sessionCookie]?.value { try await UseCases.signOut(store: store, token: token) }
            var response = Response.redirect(to: "/login?out=1", type: .normal)
            response.setCookie(sessionCookie("", maxAge: 0))
            return response
        }
    }

    func sessionCookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(name: Self.sessionCookie, value: value, maxAge: maxAge, path: "/", secure: configuration.secureCookies, httpOnly: true, sameSite: .strict)
    }

    func loginPage(message: String?, status: HTTPResponse.Status) -> Response {
        let token = UseCases.newFormToken()
        let body: HTML = """
            <section class="login"><h1>预算绩效自评 · 登录</h1>
            \(message.map { Layout.notice($0, cls: status == .ok ? "notice" : "errors") } ?? "")
            <form method="post" action="/login">\(Layout.csrfField(token))
            <label>用户名 <input type="text" name="name" autocomplete="username" required autofocus></label>
            <label>密码 <input type="password" name="password" autocomplete="current-password" required></label>
            <button type="submit">登录</button></form>
            <p class="muted">账户由财政局管理员用 jixiao users add 创建。</p></section>
            """
        var response = Layout.response(Layout.page(title: "登录", signedIn: nil, body: body), status: status)
        response.setCookie(Cookie(name: Self.loginCookie, value: token, maxAge: 3600, path: "/login", secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }
}
