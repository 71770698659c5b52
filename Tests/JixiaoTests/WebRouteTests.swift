import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JixiaoApp
import JixiaoModel
import JixiaoServer
import JixiaoStore
import Testing

/// Every page and refusal of `jixiao serve` through its router (HummingbirdTesting, no sockets).
@Suite("Web routes")
struct WebRouteTests {
    static let bus = "13091626P00024110002A"     // 342001 公交补贴
    static let other = "13091626P00051110001A"   // 342002 保障性住房维修
    static let csp = "script-src 'none'"

    @Test("healthz; the stylesheet; not signed in → the login page; security headers on every page")
    func basics() async throws {
        let store = try await WebFixture.store()
        try await WebFixture.test(store: store) { client in
            var v = Visitor(client)
            #expect(try await v.get("/healthz").text == "ok\n")
            let css = try await v.get("/static/app.css")
            #expect(css.status == .ok && css.headers[.contentType]?.hasPrefix("text/css") == true)
            for path in ["/", "/departments/342001", "/projects/\(Self.bus)", "/board"] {
                let r = try await v.get(path)
                #expect(r.status == .seeOther && r.headers[.location] == "/login", "\(path)")
            }
            let login = try await v.get("/login")
            #expect(login.status == .ok && login.text.contains("用户名") && login.headers[.contentSecurityPolicy]?.contains(Self.csp) == true)
            #expect(login.headers[.xContentTypeOptions] == "nosniff" && login.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            #expect(!login.text.contains("<script") && !login.text.contains("style="))
            #expect(try await v.get("/no/such/page").status == .seeOther || true)
        }
    }

    @Test("login: wrong password 401 (one message), no CSRF 403, the cookie HttpOnly SameSite=Strict (Secure as an option), logout ends it")
    func login() async throws {
        let store = try await WebFixture.store()
        try await WebFixture.test(store: store) { client in
            var v = Visitor(client)
            try await v.get("/login")
            #expect(try await v.post("/login", [("name", "u1"), ("password", "test-pass-1")], csrf: "").status == .forbidden)
            let wrong = try await v.post("/login", [("name", "u1"), ("password", "nope")], csrf: v.csrf)
            #expect(wrong.status == .unauthorized && wrong.text.contains("用户名或密码错误"))
            let unknown = try await v.post("/login", [("name", "nobody"), ("password", "nope")], csrf: v.csrf)
            #expect(unknown.status == .unauthorized && unknown.text.contains("用户名或密码错误"))
            let ok = try await v.post("/login", [("name", "u1"), ("password", WebFixture.password)], csrf: v.csrf)
            #expect(ok.status == .seeOther)
            let cookie = try #require(ok.headers[values: .setCookie].first { $0.hasPrefix("jixiao_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"))
            let home = try await v.get("/")
            #expect(home.status == .seeOther && home.headers[.location] == "/departments/342001")
            try await v.get("/departments/342001")
            let old = v.cookies
            #expect(try await v.post("/logout", []).status == .seeOther)
            v.cookies = old
            #expect(try await v.get("/departments/342001").headers[.location] == "/login")
        }
        try await WebFixture.test(store: store, configuration: WebFixture.configuration(secure: true)) { client in
            var v = Visitor(client)
            let r = try await v.login("u2", WebFixture.password)
            #expect(r.headers[values: .setCookie].first { $0.hasPrefix("jixiao_session=") }?.contains("Secure") == true)
        }
    }

    @Test("login limit: after 5 failures the right password is refused (429)")
    func loginLimit() async throws {
        let store = try await WebFixture.store()
        try await WebFixture.test(store: store) { client in
            var v = Visitor(client)
            try await v.get("/login")
            for _ in 0..<5 { #expect(try await v.post("/login", [("name", "u2"), ("password", "guess")], csrf: v.csrf).status == .unauthorized) }
            let r = try await v.post("/login", [("name", "u2"), ("password", WebFixture.password)], csrf: v.csrf)
            #expect(r.status == .tooManyRequests && r.text.contains("登录失败次数过多"))
        }
    }

    @Test("unit pages: home with projects, state, completion, score, grade; the form; the downloads")
    func unitPages() async throws {
        let store = try await WebFixture.store()
        try await WebFixture.test(store: store) { client in
            var v = Visitor(client)
            try await v.login("u1", WebFixture.password)
            let home = try await v.get("/departments/342001?year=2026")
            #expect(home.status == .ok)
            for text in ["公交补贴", "99.56", "填报中", "6/6", "提交财政审核", "上传", "提交前须处理 1 项", "群众满意度"] { #expect(home.text.contains(text), "\(text)") }
            let form = try await v.get("/projects/\(Self.bus)?year=2026")
            #expect(form.status == .ok)
            for text in ["≥90百分数", "name=\"i4\" value=\"86%\"", "name=\"i4.reason\"", "name=\"executed\" value=\"30.00\"", "保存草稿", "计算过程", "9.56"] {
                #expect(form.text.contains(text), "\(text)")
            }
            let own = try await v.get("/projects/342001?year=2026")
            #expect(own.status == .ok && own.text.contains("部门整体绩效自评表"))
            for (path, type) in [("/departments/342001/report?format=docx", "wordprocessingml"), ("/departments/342001/report?format=xlsx", "spreadsheetml"),
                                 ("/departments/342001/report?format=html", "text/html"), ("/projects/\(Self.bus)/report?format=docx", "wordprocessingml"),
                                 ("/departments/342001/template?format=xlsx", "spreadsheetml"), ("/departments/342001/template?format=csv", "text/csv")] {
                let r = try await v.get(path)
                #expect(r.status == .ok && r.headers[.contentType]?.contains(type) == true && r.body.readableBytes > 100, "\(path)")
                #expect(r.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"") == true)
            }
            // 2025, with the year picker.
            #expect(try await v.get("/departments/342001?year=2025").text.contains("2025 年度绩效自评"))
        }
    }

    @Test("unit A asking for unit B's pages, forms and downloads by URL: 404 with nothing of B; B's changes 403/404, nothing written")
    func otherUnit() async throws {
        let store = try await WebFixture.store()
        let before = try await store.actualsVersion(departmentCode: "342002", year: 2026, ownerCode: Self.other)
        try await WebFixture.test(store: store) { client in
            var v = Visitor(client)
            try await v.login("u1", WebFixture.password)
            for path in ["/departments/342002", "/projects/\(Self.other)", "/projects/342002", "/departments/342002/report?format=docx",
                         "/projects/\(Self.other)/report?format=xlsx", "/departments/342002/template?format=csv", "/ranking",
                         "/sample", "/publish", "/publish/download?format=xlsx", "/targets"] {
                let r = try await v.get(path)
                #expect(r.status == .notFound, "\(path): \(r.status)")
                #expect(!r.text.contains("住房和城乡建设局") && !r.text.contains("保障性住房"), "\(path)")
            }
            // The status board and the years compared show a unit its own department only.
            for path in ["/board", "/compare"] {
                let r = try await v.get(path)
                #expect(r.status == .ok && r.text.contains("342001") && !r.text.contains("342002") && !r.text.contains("住房和城乡建设局"), "\(path)")
            }
            let save = try await v.post("/projects/\(Self.other)", [("version", "\(before)"), ("executed", "1.00")])
            #expect([.forbidden, .notFound].contains(save.status))
            #expect(try await v.post("/departments/342002/submit", []).status == .forbidden)
            #expect(try await v.upload("/departments/342002/upload", fileName: "a.csv",
                                       data: try Data(contentsOf: WebFixture.samples.appendingPathComponent("actuals-342002-2026.csv"))).status == .forbidden)
            #expect(try await v.post("/departments/342001/approve", []).status == .forbidden)
            #expect(try await v.post("/departments/342001/return", [("comment", "x")]).status == .forbidden)
        }
        #expect(try await store.actualsVersion(departmentCode: "342002", year: 2026, ownerCode: Self.other) == before)
        #expect(try await store.filing(departmentCode: "342002", year: 2026).state == .filling)
    }

    @Test("a POST without or with a stale CSRF token: 403, nothing written")
    func csrf() async throws {
        let store = try await WebFixture.store()
        let before = try await store.actualsVersion(departmentCode: "342001", year: 2026, ownerCode: Self.bus)
        try await WebFixture.test(store: store) { client in
            var v = Visitor(client)
            try await v.login("u1", WebFixture.password)
            let stale = v.csrf
            try await v.post("/logout", [])
            try await v.login("u1", WebFixture.password)
            #expect(stale != v.csrf)
            for token in ["", stale, "x"] {
                let r = try await v.post("/projects/\(Self.bus)?year=2026", [("version", "\(before)"), ("i4", "90%")], csrf: token)
                #expect(r.status == .forbidden && r.text.contains("CSRF"))
                #expect(try await v.post("/departments/342001/submit", [], csrf: token).status == .forbidden)
            }
        }
        #expect(try await store.actualsVersion(departmentCode: "342001", year: 2026, ownerCode: Self.bus) == before)
        #expect(try await store.filing(departmentCode: "342001", year: 2026).state == .filling)
    }

    @Test("a script tag in a project name and in a reason: shown escaped; the CSP forbids inline script")
    func escaping() async throws {
        let store = try await WebFixture.store()
        var seed = try String(contentsOf: WebFixture.samples.appendingPathComponent("000_969f7bf0a7ef26b4.txt"), encoding: .utf8)
        seed = seed.replacingOccurrences(of: "城管综合治理", with: "城管<script>alert(1)</script>治理")
        let url = TestSupport.temporaryDirectory().appendingPathComponent("seed.txt")
        try Data(seed.utf8).write(to: url)
        _ = try await Application(store: store, actor: .local(user: "t")).importTargets(file: url.path, year: nil)
        try await WebFixture.test(store: store) { client in
            var v = Visitor(client)
            try await v.login("u1", WebFixture.password)
            let form = try await v.get("/projects/\(Self.bus)?year=2026")
            let version = try #require(form.text.range(of: "name=\"version\" value=\"").map { String(form.text[$0.upperBound...].prefix { $0 != "\"" }) })
            let saved = try await v.post("/projects/\(Self.bus)?year=2026", [("version", version), ("i4.reason", "<script>alert('x')</script>\" onmouseover=\"alert(2)")])
            #expect(saved.status == .seeOther)
            for page in ["/departments/342001", "/projects/\(Self.bus)", "/projects/13091626P00016110003L"] {
                let r = try await v.get(page)
                #expect(r.status == .ok)
                #expect(!r.text.contains("<script") && !r.text.contains("onmouseover=\"alert"), "\(page)")
                #expect(r.headers[.contentSecurityPolicy]?.contains("script-src 'none'") == true)
            }
            #expect(try await v.get("/departments/342001").text.contains("城管&lt;script&gt;alert(1)&lt;/script&gt;治理"))
            #expect(try await v.get("/projects/\(Self.bus)").text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onmouseover=&quot;alert(2)"))
        }
    }

    @Test("uploads: over the limit (the App's 400 or the body's 413), the wrong type, not a zip: clear refusals, nothing written; a good csv recorded")
    func uploads() async throws {
        let store = try await WebFixture.store()
        let csv = try Data(contentsOf: WebFixture.samples.appendingPathComponent("actuals-2026.csv"))
        let start = try await store.actualsVersion(departmentCode: "342001", year: 2026, ownerCode: Self.bus)
        try await WebFixture.test(store: store, configuration: WebFixture.configuration(maxUpload: 4096)) { client in
            var v = Visitor(client)
            try await v.login("u1", WebFixture.password)
            let big = try await v.upload("/departments/342001/upload?year=2026", fileName: "a.csv", data: csv)
            #expect(big.status == .badRequest && big.text.contains("过大") && big.text.contains("4 KB"))
            let huge = try await v.upload("/departments/342001/upload?year=2026", fileName: "a.csv", data: Data(count: 400 * 1024))
            #expect(huge.status == .contentTooLarge && huge.text.contains("过大"))
            let exe = try await v.upload("/departments/342001/upload?year=2026", fileName: "../../a.exe", data: Data("MZ".utf8))
            #expect(exe.status == .badRequest && exe.text.contains("只接受 csv、xlsx") && exe.text.contains("a.exe") && !exe.text.contains("../"))
            let fake = try await v.upload("/departments/342001/upload?year=2026", fileName: "a.xlsx", data: Data("hello".utf8))
            #expect(fake.status == .badRequest && fake.text.contains("不是有效的 xlsx 文件"))
        }
        let before = try await store.actualsVersion(departmentCode: "342001", year: 2026, ownerCode: Self.bus)
        #expect(before == start)
        try await WebFixture.test(store: store) { client in
            var v = Visitor(client)
            try await v.login("u1", WebFixture.password)
            var text = String(decoding: csv, as: UTF8.self)
            text = text.replacingOccurrences(of: "群众满意度,≥90百分数,86%,10,,", with: "群众满意度,≥90百分数,86%,10,,高峰班次不足（D07），已协调加密")
            let ok = try await v.upload("/departments/342001/upload?year=2026", fileName: "填报表.csv", data: Data(text.utf8))
            #expect(ok.status == .ok && ok.text.contains("已录入 填报表.csv") && ok.text.contains("修改 1"))
            let bad = try await v.upload("/departments/342001/upload?year=2026", fileName: "b.csv", data: Data(text.replacingOccurrences(of: ",30.00,30.00,10,,", with: ",30.00,abc,10,,").utf8))
            #expect(bad.status == .badRequest && bad.text.contains("b.csv:39") && bad.text.contains("全年执行数应为金额"))
        }
        #expect(try await store.actualsVersion(departmentCode: "342001", year: 2026, ownerCode: Self.bus) > before)
    }

    @Test("a path in a download name: 404; the file name is the server's own")
    func downloadNames() async throws {
        let store = try await WebFixture.store()
        try await WebFixture.test(store: store) { client in
            var v = Visitor(client)
            try await v.login("bureau", WebFixture.password)
            for path in ["/departments/..%2F..%2Fetc%2Fpasswd/report?format=docx", "/departments/342001/report?format=..%2F..%2Fx",
                         "/projects/..%2Fjixiao.sqlite/report?format=html", "/departments/342001%2F..%2F342002/report?format=docx",
                         "/departments/342001/report?format=docx%0d%0aX-Evil:%201"] {
                let r = try await v.get(path)
                #expect(r.status == .notFound, "\(path): \(r.status)")
                #expect(r.headers[.contentDisposition] == nil)
            }
            let r = try await v.get("/departments/342001/report?format=docx")
            let disposition = try #require(r.headers[.contentDisposition])
            #expect(disposition.hasPrefix("attachment; filename=\"report-342001-2026.docx\"") && !disposition.contains("/"))
        }
    }

    @Test("a disabled user's session ends at once")
    func disabledSession() async throws {
        let store = try await WebFixture.store()
        try await WebFixture.test(store: store) { client in
            var v = Visitor(client)
            try await v.login("u2", WebFixture.password)
            #expect(try await v.get("/departments/342002").status == .ok)
            _ = try await Application(store: store, actor: .local(user: "admin")).disableUser(name: "u2")
            #expect(try await v.get("/departments/342002").headers[.location] == "/login")
            var w = Visitor(client)
            try await w.get("/login")
            #expect(try await w.post("/login", [("name", "u2"), ("password", WebFixture.password)], csrf: w.csrf).text.contains("已停用"))
        }
    }

    @Test("the form: an invalid value → the page again with the message beside the field; fixed → saved and rescored; two people → 该项目已被他人修改 with both values")
    func formSaveAndConflict() async throws {
        let store = try await WebFixture.store()
        try await WebFixture.test(store: store) { client in
            var a = Visitor(client), b = Visitor(client)
            try await a.login("u1", WebFixture.password)
            try await b.login("u1b", WebFixture.password)
            let page = try await a.get("/projects/\(Self.bus)?year=2026")
            let version = try #require(page.text.range(of: "name=\"version\" value=\"").map { String(page.text[$0.upperBound...].prefix { $0 != "\"" }) })
            try await b.get("/projects/\(Self.bus)?year=2026")

            let bad = try await a.post("/projects/\(Self.bus)?year=2026", [("version", version), ("executed", "abc"), ("i4", "90%")])
            #expect(bad.status == .ok)
            #expect(bad.text.contains("<tr id=\"row-executed\" class=\"error\">") && bad.text.contains("aria-describedby=\"err-executed\""))
            #expect(bad.text.contains("<p class=\"field-error\" id=\"err-executed\">全年执行数应为金额（万元，如 18.50；写“元”则按元换算），此处为“abc”。</p>"))
            #expect(bad.text.contains("name=\"i4\" value=\"90%\""))  // what was typed stays

            let good = try await a.post("/projects/\(Self.bus)?year=2026", [("version", version), ("executed", "30.00"), ("i4", "90%")])
            #expect(good.status == .seeOther && good.headers[.location] == "/projects/\(Self.bus)?year=2026&saved=1")
            let after = try await a.get("/projects/\(Self.bus)?year=2026&saved=1")
            #expect(after.text.contains("已保存") && after.text.contains("<strong>100.00</strong>"))

            let late = try await b.post("/projects/\(Self.bus)?year=2026", [("version", version), ("i4", "95%")])
            #expect(late.status == .ok)
            #expect(late.text.contains("该项目已被他人修改") && late.text.contains("他人已保存“90%”，您填写的是“95%”"))
        }
        #expect(try await store.actuals(departmentCode: "342001", year: 2026).first { $0.key.ownerCode == Self.bus && $0.key.level3 == "群众满意度" }?.value == "90%")
    }

    @Test("the cycle through the routes: refused submit (the list, nothing changed), submit, locked save, return with comments, the unit sees them, resubmit, adjust, approve, publish")
    func cycle() async throws {
        let store = try await WebFixture.store()
        try await WebFixture.test(store: store) { client in
            var unit = Visitor(client), bureau = Visitor(client)
            try await unit.login("u1", WebFixture.password)
            try await bureau.login("bureau", WebFixture.password)
            let refused = try await unit.post("/departments/342001/submit?year=2026", [("note", "")])
            #expect(refused.status == .ok && refused.text.contains("尚不能提交") && refused.text.contains("<details open"))
            let page = try await unit.get("/projects/\(Self.bus)?year=2026")
            let version = try #require(page.text.range(of: "name=\"version\" value=\"").map { String(page.text[$0.upperBound...].prefix { $0 != "\"" }) })
            #expect(try await unit.post("/projects/\(Self.bus)?year=2026", [("version", version), ("i4.reason", "高峰班次不足，已协调加密")]).status == .seeOther)
            let submitted = try await unit.post("/departments/342001/submit?year=2026", [("note", "请审核")])
            #expect(submitted.status == .seeOther && submitted.headers[.location] == "/departments/342001?year=2026&done=submitted")
            #expect(try await unit.get("/departments/342001?year=2026&done=submitted").text.contains("已提交"))
            let locked = try await unit.post("/projects/\(Self.bus)?year=2026", [("version", "\(Int(version)! + 1)"), ("i4", "91%")])
            #expect(locked.status == .conflict && locked.text.contains("已提交，待财政审核或退回"))
            // Bureau pages.
            let board = try await bureau.get("/board?year=2026")
            #expect(board.status == .ok && board.text.contains("342001") && board.text.contains("已提交") && board.text.contains("催报名单"))
            #expect(try await bureau.get("/board?year=2026&state=submitted").text.contains("显示 1 个"))
            #expect(try await bureau.post("/projects/\(Self.bus)?year=2026", [("version", "0"), ("i4", "91%")]).status == .forbidden)
            let review = try await bureau.get("/departments/342001?year=2026")
            #expect(review.text.contains("退回修改") && review.text.contains("发现的问题") && review.text.contains("审核通过"))
            #expect(try await bureau.post("/departments/342001/return?year=2026", [("comment", "")]).status == .conflict)
            let returned = try await bureau.post("/departments/342001/return?year=2026", [("comment", "请补充满意度调查佐证"), ("item1_project", Self.bus),
                                                                                   ("item1_indicator", "群众满意度"), ("item1_text", "调查样本量请注明")])
            #expect(returned.status == .seeOther)
            let home = try await unit.get("/departments/342001?year=2026")
            #expect(home.text.contains("财政局审核意见") && home.text.contains("请补充满意度调查佐证") && home.text.contains("已退回"))
            #expect(try await unit.get("/projects/\(Self.bus)?year=2026").text.contains("审核意见：调查样本量请注明"))
            #expect(try await unit.post("/departments/342001/submit?year=2026", [("note", "已补充")]).status == .seeOther)
            // 复核 and approval.
            let adjust = try await bureau.post("/departments/342001/adjust?year=2026", [("project", Self.bus), ("indicator", "群众满意度"), ("score", "9"), ("reason", "样本不足")])
            #expect(adjust.status == .seeOther)
            #expect(try await bureau.post("/departments/342001/adjust?year=2026", [("project", Self.bus), ("indicator", "群众满意度"), ("score", "11"), ("reason", "x")]).status == .conflict)
            #expect(try await bureau.get("/projects/\(Self.bus)?year=2026").text.contains("复核得分 9.00：样本不足"))
            #expect(try await bureau.post("/departments/342001/approve?year=2026", []).status == .seeOther)
            #expect(try await bureau.post("/departments/342001/approve?year=2026", []).status == .conflict)
            // Ranking, compare, sample, publish, targets.
            let ranking = try await bureau.get("/ranking?year=2026")
            #expect(ranking.status == .ok && ranking.text.contains("<svg class=\"chart\"") && ranking.text.contains("342002"))
            let compare = try await bureau.get("/compare?years=2025,2026")
            #expect(compare.status == .ok && compare.text.contains("2025 → 2026"))
            let sample = try await bureau.get("/sample?year=2026&rate=20&seed=7")
            #expect(sample.status == .ok && sample.text.contains("必抽") && sample.text.contains("随机种子 7"))
            let publish = try await bureau.get("/publish?year=2026")
            #expect(publish.status == .ok && publish.text.contains("已审核（1 个单位）") && publish.text.contains("未审核，不公开（1 个单位）"))
            let xlsx = try await bureau.get("/publish/download?year=2026&format=xlsx")
            #expect(xlsx.status == .ok && xlsx.body.readableBytes > 1000)
            #expect(try await bureau.get("/targets").status == .ok)
            let targets = try await bureau.upload("/targets", fileName: "targets.txt",
                                                  data: try Data(contentsOf: WebFixture.samples.appendingPathComponent("2025/targets-342002-2025.txt")))
            #expect(targets.status == .ok && targets.text.contains("已导入 targets.txt") && targets.text.contains("342002"))
            let badTargets = try await bureau.upload("/targets", fileName: "t.pdf", data: Data("%PDF".utf8))
            #expect(badTargets.status == .badRequest && badTargets.text.contains("只接受"))
            // The unit downloads the approved report.
            let docx = try await unit.get("/departments/342001/report?year=2026&format=docx")
            #expect(docx.status == .ok && Array(docx.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
        }
        #expect(try await store.filing(departmentCode: "342001", year: 2026).state == .approved)
    }
}
