import Foundation
import Hummingbird
import JixiaoApp
import JixiaoEngine
import JixiaoModel
import JixiaoReports

extension Site {
    /// The bureau's pages: the status board, return / adjust / approve, ranking, years compared,
    /// spot-check sample, publication and the upload of target tables. The rights are the
    /// application layer's: a unit user reaching these gets its refusal (404 for a read).
    func addBureauRoutes(to router: Router<WebContext>) {
        router.get("/board") { request, context in
            let app = try useCases(context)
            let status = try await app.filingStatus(year: Self.year(request), profile: profile)
            let lights = try await app.monitorLights(year: status.year, profile: profile)
            return Layout.response(BureauPages.board(status.year, status.departments, signedIn: try signedIn(context), years: try await years(),
                                                     state: request.uri.queryParameters.get("state"), query: request.uri.queryParameters.get("q"),
                                                     lights: lights))
        }
        router.post("/departments/:code/return") { request, context in
            let code = try Self.code(context)
            let form = try await postedForm(request, context)
            var items: [ItemComment] = []
            for n in 1...3 {
                let project = form["item\(n)_project"] ?? "", text = (form["item\(n)_text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !project.isEmpty, !text.isEmpty else { continue }
                let indicator = (form["item\(n)_indicator"] ?? "").trimmingCharacters(in: .whitespaces)
                items.append(ItemComment(project: project, indicator: indicator.isEmpty ? nil : indicator, text: text))
            }
            let app = try useCases(context)
            let filing = try await app.returnFiling(department: code, year: Self.year(request), comment: form["comment"] ?? "", items: items)
            return Response.redirect(to: "/departments/\(code)?year=\(filing.year)&done=returned", type: .normal)
        }
        router.post("/departments/:code/approve") { request, context in
            let code = try Self.code(context)
            _ = try await postedForm(request, context)
            let filing = try await useCases(context).approve(department: code, year: Self.year(request), profile: profile)
            return Response.redirect(to: "/departments/\(code)?year=\(filing.year)&done=approved", type: .normal)
        }
        router.post("/departments/:code/adjust") { request, context in
            let code = try Self.code(context)
            let form = try await postedForm(request, context)
            guard let raw = form["score"], let score = Decimals.parse(raw) else {
                throw PageError(status: .badRequest, message: "复核得分应为数字，收到“\(form["score"] ?? "")”。")
            }
            let project = form["project"] ?? ""
            let a = try await useCases(context).adjust(department: code, year: Self.year(request), project: project, indicator: form["indicator"] ?? "",
                                                       score: score, reason: form["reason"] ?? "", profile: profile)
            return Response.redirect(to: "/projects/\(project)?year=\(a.year)&done=adjusted", type: .normal)
        }
        router.get("/ranking") { request, context in
            let app = try useCases(context)
            let year = try await app.resolveYear(Self.year(request))
            let ranked = DepartmentsReport.ranked(try await app.rankDepartments(year: year, profile: profile))
            return Layout.response(BureauPages.ranking(year, ranked, signedIn: try signedIn(context), years: try await years()))
        }
        router.get("/compare") { request, context in
            let app = try useCases(context)
            let all = try await years()
            let chosen = (request.uri.queryParameters.get("years") ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Int($0) }
            let wanted = chosen.count >= 2 ? chosen : Array(all.sorted().suffix(2))
            guard wanted.count >= 2 else { throw PageError(status: .notFound, message: "数据库中只有一个年度，无法对比。") }
            var comparisons: [YearComparison] = []
            try await app.compare(years: wanted, department: nil, profile: profile) { chunk, _ in comparisons += chunk }
            return Layout.response(BureauPages.compare(wanted, comparisons, signedIn: try signedIn(context), years: all))
        }
        router.get("/sample") { request, context in
            let app = try useCases(context)
            let q = request.uri.queryParameters
            let rateText = q.get("rate") ?? "20"
            guard let rate = Decimals.parse(rateText.replacingOccurrences(of: "%", with: "")) else {
                throw PageError(status: .badRequest, message: "抽查比例应为数字（百分比），如 20。")
            }
            let seed = q.get("seed", as: UInt64.self) ?? 1
            let minimum = q.get("min").flatMap { Decimals.parse($0) }
            let sample = try await app.spotCheck(year: Self.year(request), rate: rate / 100, minimumBudget: minimum, seed: seed, profile: profile)
            return Layout.response(BureauPages.sample(sample, signedIn: try signedIn(context), years: try await years(), rateText: rateText, minimum: q.get("min") ?? ""))
        }
        router.get("/publish") { request, context in
            let publication = try await useCases(context).publication(year: Self.year(request))
            return Layout.response(BureauPages.publish(publication, signedIn: try signedIn(context), years: try await years()))
        }
        router.get("/publish/download") { request, context in
            let format = try Self.format(request, allowed: [.xlsx, .csv, .json])
            let publication = try await useCases(context).publication(year: Self.year(request))
            return Self.download(try FilingReports.publication(publication, format: format), name: "绩效自评结果-\(publication.year)", ascii: "results-\(publication.year)", format: format)
        }
        router.get("/targets") { request, context in
            let app = try useCases(context)
            try Rights.check(app.actor, .readAll)
            return Layout.response(BureauPages.targets(signedIn: try signedIn(context), limits: configuration.uploads, notice: nil, errors: []))
        }
        router.post("/targets") { request, context in
            let form = try await postedForm(request, context)
            let app = try useCases(context)
            try Rights.check(app.actor, .readAll)
            guard let file = form.files["file"] else { throw UploadRefused(description: "未选择文件：请选择绩效目标表（txt、docx、xlsx、csv）。") }
            let year = form["year"].flatMap { Int($0) }
            do {
                let r = try await app.uploadTargets(file, year: year, limits: configuration.uploads)
                let notice = "已导入 \(r.path)：单位 \(r.departmentName)（\(r.departmentCode)）\(r.year) 年度，\(r.projectCount) 个项目、\(r.indicatorCount) 个指标。"
                return Layout.response(BureauPages.targets(signedIn: try signedIn(context), limits: configuration.uploads, notice: notice,
                                                           errors: r.notes.prefix(20).map(\.description)))
            } catch let e as InputError {
                return Layout.response(BureauPages.targets(signedIn: try signedIn(context), limits: configuration.uploads, notice: nil,
                                                           errors: ["文件有误，未做任何修改："] + e.diagnostics.prefix(100).map(\.description)), status: .badRequest)
            } catch let e as UploadRefused {
                return Layout.response(BureauPages.targets(signedIn: try signedIn(context), limits: configuration.uploads, notice: nil, errors: [e.description]),
                                       status: .badRequest)
            }
        }
    }
}
