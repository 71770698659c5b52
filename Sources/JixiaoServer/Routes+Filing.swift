import Foundation
import Hummingbird
import JixiaoApp
import JixiaoEngine
import JixiaoModel
import JixiaoReports

extension Site {
    /// A department's filing page and a project's 自评表, their saves, upload, submit and the
    /// downloads. The bureau sees the same pages read-only, with its own actions.
    func addUnitRoutes(to router: Router<WebContext>) {
        router.get("/departments/:code") { request, context in
            try await departmentPage(request, context, code: try Self.code(context), notice: Self.doneMessage(request))
        }
        router.post("/departments/:code/upload") { request, context in
            let code = try Self.code(context)
            let form = try await postedForm(request, context)
            let app = try useCases(context)
            let year = Self.year(request)
            _ = try await app.departmentFiling(department: code, year: year, profile: profile)
            guard let file = form.files["file"] else { throw UploadRefused(description: "未选择文件：请选择填好的填报表（csv、xlsx）。") }
            do {
                let r = try await app.uploadActuals(file, year: year, profile: profile, limits: configuration.uploads)
                let blanks = r.missing.isEmpty ? "" : "；数据库中仍有 \(r.missing.count) 项实际完成值空白"
                return try await departmentPage(request, context, code: code,
                                                notice: "已录入 \(r.path)：\(r.rowCount) 行，新增 \(r.outcome.added)、修改 \(r.outcome.changed)、未变 \(r.outcome.unchanged)\(blanks)。",
                                                warnings: r.warnings.prefix(20).map(\.description))
            } catch let e as InputError {
                return try await departmentPage(request, context, code: code, errors: ["文件有误，未做任何修改："] + e.diagnostics.prefix(100).map(\.description), status: .badRequest)
            } catch let e as UploadRefused {
                return try await departmentPage(request, context, code: code, errors: [e.description], status: .badRequest)
            }
        }
        router.post("/departments/:code/submit") { request, context in
            let code = try Self.code(context)
            let form = try await postedForm(request, context)
            let app = try useCases(context)
            do {
                _ = try await app.submit(department: code, year: Self.year(request), note: form["note"] ?? "", profile: profile)
                return Response.redirect(to: "/departments/\(code)?year=\(try await app.resolveYear(Self.year(request)))&done=submitted", type: .normal)
            } catch let refused as SubmissionRefused {
                return try await departmentPage(request, context, code: code, errors: ["尚不能提交，请先处理以下 \(refused.problems.count) 项（未做任何修改）："], showProblems: true)
            }
        }
        router.get("/projects/:code") { request, context in
            let app = try useCases(context)
            let form = try await app.projectForm(code: try Self.code(context), year: Self.year(request), profile: profile)
            return Layout.response(ProjectFormPage.render(form, signedIn: try signedIn(context), saved: request.uri.queryParameters.get("saved") != nil))
        }
        router.post("/projects/:code") { request, context in
            let code = try Self.code(context)
            let form = try await postedForm(request, context)
            let app = try useCases(context)
            guard let version = form["version"].flatMap({ Int64($0) }) else { throw PageError(status: .badRequest, message: "表单缺少版本号，请刷新页面后重试。") }
            switch try await app.saveProjectForm(code: code, year: Self.year(request), values: form.fields, expectedVersion: version, profile: profile) {
            case .saved(let saved, _):
                return Response.redirect(to: "/projects/\(code)?year=\(saved.year)&saved=1", type: .normal)
            case .invalid(let typed):
                return Layout.response(ProjectFormPage.render(typed, signedIn: try signedIn(context), saved: false))
            case .conflict(let theirs):
                return Layout.response(ProjectFormPage.render(theirs, signedIn: try signedIn(context), saved: false))
            }
        }
        router.get("/departments/:code/report") { request, context in
            let code = try Self.code(context)
            let app = try useCases(context)
            let format = try Self.format(request, allowed: [.docx, .xlsx, .html])
            let year = try await app.resolveYear(Self.year(request))
            let report = try await app.report(year: year, profile: profile, department: code)
            return Self.download(try report.rendered(as: format), name: "自评报告-\(code)-\(year)", ascii: "report-\(code)-\(year)", format: format)
        }
        router.get("/projects/:code/report") { request, context in
            let code = try Self.code(context)
            let app = try useCases(context)
            let format = try Self.format(request, allowed: [.docx, .xlsx, .html])
            let year = try await app.resolveYear(Self.year(request))
            let report = try await app.report(year: year, profile: profile, project: code)
            return Self.download(try report.rendered(as: format), name: "自评表-\(code)-\(year)", ascii: "form-\(code)-\(year)", format: format)
        }
        router.get("/departments/:code/template") { request, context in
            let code = try Self.code(context)
            let app = try useCases(context)
            let format = try Self.format(request, allowed: [.xlsx, .csv])
            let year = try await app.resolveYear(Self.year(request))
            _ = try await app.departmentFiling(department: code, year: year, profile: profile)
            guard try signedIn(context).user.role.department == code else { throw PageError(status: .notFound, message: "填报表由单位下载。") }
            let template = try await app.template(year: year, profile: profile, xlsx: format == .xlsx)
            return Self.download(template.data, name: "填报表-\(code)-\(year)", ascii: "template-\(code)-\(year)", format: format)
        }
    }

    /// The department page, with a message from the last action. A page shown again with messages
    /// (a refused submission, a form with errors) is a 200: browsers log any 4xx as a console error,
    /// and the page itself is the answer.
    func departmentPage(_ request: Request, _ context: WebContext, code: String, notice: String? = nil, warnings: [String] = [], errors: [String] = [],
                        showProblems: Bool = false, status: HTTPResponse.Status = .ok) async throws -> Response {
        let app = try useCases(context)
        let filing = try await app.departmentFiling(department: code, year: Self.year(request), profile: profile)
        let page = DepartmentPage.render(filing, signedIn: try signedIn(context), years: try await years(), notice: notice, warnings: warnings,
                                         errors: errors, showProblems: showProblems)
        return Layout.response(page, status: status)
    }

    /// The fixed message of `?done=` after a redirect (never text from the request).
    static func doneMessage(_ request: Request) -> String? {
        switch request.uri.queryParameters.get("done") {
        case "submitted": return "已提交。实际完成值已锁定，待财政审核或退回。"
        case "returned": return "已退回，单位将看到审核意见。"
        case "approved": return "已审核通过，得分已存档并可公开。"
        case "adjusted": return "已记录复核得分。"
        default: return nil
        }
    }
}
