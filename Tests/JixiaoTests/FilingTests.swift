import Foundation
import JixiaoApp
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoReports
import JixiaoStore
import Testing

/// The filing cycle in the library (issue 18): every transition and refusal, the lock, 复核,
/// who may do what, spot checks and publication — over one store shared by several actors.
@Suite("Filing cycle")
struct FilingTests {
    static let samples = TestSupport.root.appendingPathComponent("Samples")
    let store: SQLiteStore
    let owner: Application, bureau: Application, unit1: Application, unit2: Application
    let profile = Profile.national2020

    init() throws {
        store = try SQLiteStore()
        owner = Application(store: store, actor: .local(user: "本机"))
        bureau = Application(store: store, actor: .bureau(user: "财政"))
        unit1 = Application(store: store, actor: .unit(user: "执法局", department: "342001"))
        unit2 = Application(store: store, actor: .unit(user: "住建局", department: "342002"))
    }

    func load() async throws {
        for file in ["000_969f7bf0a7ef26b4.txt", "targets-342002-2026.txt", "2025/targets-342001-2025.txt", "2025/targets-342002-2025.txt"] {
            _ = try await owner.importTargets(file: Self.samples.appendingPathComponent(file).path, year: nil)
        }
        _ = try await unit1.recordActuals(file: Self.samples.appendingPathComponent("actuals-2026.csv").path, year: 2026, profile: profile)
        _ = try await unit2.recordActuals(file: Self.samples.appendingPathComponent("actuals-342002-2026.csv").path, year: 2026, profile: profile)
        _ = try await owner.recordActuals(file: Self.samples.appendingPathComponent("2025/actuals-2025.csv").path, year: 2025, profile: profile)
    }

    /// 342001 with the one missing reason (公交补贴's satisfaction, 86 % against ≥90 %) filled.
    func fillMissingReason() async throws {
        var text = try String(contentsOf: Self.samples.appendingPathComponent("actuals-2026.csv"), encoding: .utf8)
        text = text.replacingOccurrences(of: "群众满意度,≥90百分数,86%,10,,", with: "群众满意度,≥90百分数,86%,10,,部分乘客对高峰时段班次不满意（D07），已协调加密班次")
        let url = TestSupport.temporaryDirectory().appendingPathComponent("actuals.csv")
        try Data(text.utf8).write(to: url)
        _ = try await unit1.recordActuals(file: url.path, year: 2026, profile: profile)
    }

    @Test("submit refuses with the list: a missing reason; an incomplete project; target-table errors do not block")
    func submissionProblems() async throws {
        try await load()
        await #expect {
            try await unit1.submit(department: nil, year: 2026, note: "", profile: profile)
        } throws: { error in
            guard let refused = error as? SubmissionRefused else { return false }
            return refused.problems.map(\.kind) == [.reason] && refused.problems[0].ownerCode == "13091626P00024110002A"
                && refused.problems[0].indicator == "群众满意度" && refused.description.contains("缺少偏差原因")
        }
        // The seed's R04 and R05 are errors in the targets: listed by review, not a reason to refuse.
        let problems = try await unit1.submissionProblems(department: "342001", year: 2026, profile: profile)
        #expect(!problems.contains { $0.kind == .error })
        try await fillMissingReason()
        #expect(try await unit1.submissionProblems(department: "342001", year: 2026, profile: profile).isEmpty)
        // The seed's targets for 2027, nothing recorded yet: every project is incomplete.
        _ = try await owner.importTargets(file: TestSupport.seedURL.path, year: 2027)
        let incomplete = try await owner.submissionProblems(department: "342001", year: 2027, profile: profile)
        #expect(incomplete.count == 12 + 1 && incomplete.allSatisfy { $0.kind == .incomplete })
    }

    @Test("the whole cycle: submit, lock, return with comments, reopen, resubmit, 复核, approve, lock for good")
    func cycle() async throws {
        try await load()
        try await fillMissingReason()
        let submitted = try await unit1.submit(department: nil, year: 2026, note: "请审核", profile: profile)
        #expect(submitted.state == .submitted && submitted.submittedBy == "执法局")
        // Locked: the unit cannot change its actuals, nor submit twice.
        await #expect { try await unit1.recordActuals(file: Self.samples.appendingPathComponent("actuals-2026.csv").path, year: 2026, profile: profile) } throws: { error in
            (error as? FilingError)?.description.contains("已提交，待财政审核或退回") == true
        }
        await #expect(throws: FilingStateError.self) { try await unit1.submit(department: nil, year: 2026, note: "", profile: profile) }
        // Return: an overall comment is required; items must exist.
        await #expect(throws: FilingStateError.self) { try await bureau.returnFiling(department: "342001", year: 2026, comment: " ", items: []) }
        await #expect(throws: FilingStateError.self) {
            try await bureau.returnFiling(department: "342001", year: 2026, comment: "x", items: [ItemComment(project: "13091626P00024110002A", indicator: "无此指标", text: "y")])
        }
        let returned = try await bureau.returnFiling(department: "342001", year: 2026, comment: "请补充佐证",
                                                     items: [ItemComment(project: "13091626P00024110002A", indicator: "群众满意度", text: "附满意度调查")])
        #expect(returned.state == .returned)
        await #expect(throws: FilingStateError.self) { try await bureau.approve(department: "342001", year: 2026, profile: profile) }
        let status = try await unit1.filingStatus(year: 2026, profile: profile)
        #expect(status.departments.map(\.department.code) == ["342001"], "a unit sees only its own line")
        #expect(status.departments[0].openComments.map(\.text) == ["请补充佐证", "附满意度调查"])
        // The unit corrects (recording reopens the filing) and submits again.
        try await fillMissingReason()
        #expect(try await store.filing(departmentCode: "342001", year: 2026).state == .returned, "an unchanged file changes nothing")
        var text = try String(contentsOf: Self.samples.appendingPathComponent("actuals-2026.csv"), encoding: .utf8)
        text = text.replacingOccurrences(of: "群众满意度,≥90百分数,86%,10,,", with: "群众满意度,≥90百分数,86%,10,,调查问卷 320 份，见附件（D07）")
        let corrected = TestSupport.temporaryDirectory().appendingPathComponent("c.csv")
        try Data(text.utf8).write(to: corrected)
        _ = try await unit1.recordActuals(file: corrected.path, year: 2026, profile: profile)
        #expect(try await store.filing(departmentCode: "342001", year: 2026).state == .filling)
        _ = try await unit1.submit(department: nil, year: 2026, note: "已补充", profile: profile)
        // 复核: the reason is required, the score within the points; both scores kept.
        await #expect(throws: FilingStateError.self) {
            try await bureau.adjust(department: "342001", year: 2026, project: "13091626P00024110002A", indicator: "群众满意度", score: 9, reason: "", profile: profile)
        }
        await #expect(throws: FilingStateError.self) {
            try await bureau.adjust(department: "342001", year: 2026, project: "13091626P00024110002A", indicator: "群众满意度", score: 10.5, reason: "x", profile: profile)
        }
        await #expect(throws: FilingStateError.self) {
            try await bureau.adjust(department: "342001", year: 2026, project: "13091626P00024110002A", indicator: "群众满意度", score: TestSupport.decimal("8.555"), reason: "x", profile: profile)
        }
        _ = try await bureau.adjust(department: "342001", year: 2026, project: "13091626P00024110002A", indicator: "群众满意度", score: 8, reason: "佐证样本量不足", profile: profile)
        let report = try await bureau.report(year: 2026, profile: profile, department: "342001")
        let bus = try #require(report.departments[0].projects.first { $0.project.code == "13091626P00024110002A" })
        // Self 99.56 (9.56 for satisfaction); 复核 with 8.00 instead: 98.00.
        #expect(bus.total == TestSupport.decimal("99.56") && bus.reviewTotal == TestSupport.decimal("98.00"))
        let d = report.departments[0]
        #expect(d.weightedProjectScore == TestSupport.decimal("99.54"))
        // Σ(total × budget) / Σ budget with 公交补贴 (30 万元 of 23596.72) at 98.00: 99.54 → 99.54 (1.56 × 30 / 23596.72 = 0.002).
        #expect(d.reviewWeightedProjectScore == TestSupport.decimal("99.54") && d.isReviewed)
        let approved = try await bureau.approve(department: "342001", year: 2026, profile: profile)
        #expect(approved.state == .approved && approved.approvedProfile == "national-2020")
        await #expect(throws: FilingStateError.self) {
            try await bureau.adjust(department: "342001", year: 2026, project: "13091626P00024110002A", indicator: "群众满意度", score: 9, reason: "晚了", profile: profile)
        }
        await #expect { try await unit1.recordActuals(file: corrected.path, year: 2026, profile: profile) } throws: { error in
            (error as? FilingError)?.description.contains("已审核") == true
        }
        let events = try await store.events(departmentCode: "342001", year: 2026)
        #expect(events.map(\.to) == [.submitted, .returned, .filling, .submitted, .approved])
        #expect(events.map(\.by) == ["执法局", "财政", "执法局", "执法局", "财政"])
        #expect(try await store.scoreRuns(year: 2026).count == 1, "approval stores the approved run")
        // Publication: the approved department with 复核, the other listed as pending.
        let published = try await bureau.publication(year: 2026)
        #expect(published.departments.map(\.result.department.code) == ["342001"] && published.pending.map(\.code) == ["342002"])
        let json = String(decoding: try FilingReports.publication(published, format: .json), as: UTF8.self)
        #expect(json.contains("\"review_score\": 98.00") && json.contains("\"result_use\": \"予以表扬，继续支持并优先保障预算\""))
        let csv = String(decoding: try FilingReports.publication(published, format: .csv), as: UTF8.self)
        #expect(csv.contains("13091626P00024110002A,公交补贴,30.00,30.00,100.00%,99.56,98.00,98.00,优"))
    }

    @Test("who may do what: every forbidden pair is refused, and a unit never sees another department")
    func rights() async throws {
        try await load()
        let other = "342002"
        await #expect(throws: AccessDenied.self) { try await unit1.report(year: 2026, profile: profile, department: other) }
        await #expect(throws: AccessDenied.self) { try await unit1.scored(year: 2026, profile: profile, department: other) }
        await #expect(throws: StoreError.self) { try await unit1.explain(code: "13091626P00051110001A", year: 2026, profile: profile) }
        await #expect(throws: StoreError.self) { try await unit1.targetSheet(code: other, year: 2026) }
        await #expect(throws: StoreError.self) { try await unit1.actualHistory(code: "13091626P00051110001A", year: 2026) }
        await #expect(throws: StoreError.self) { try await unit1.report(year: 2026, profile: profile, project: "13091626P00051110001A") }
        #expect(try await unit1.departments(year: 2026).map(\.code) == ["342001"])
        #expect(try await unit1.report(year: 2026, profile: profile).departments.map(\.department.code) == ["342001"])
        #expect(try await unit1.reviewStored(year: 2026, profile: profile).count == 1)
        #expect(!String(decoding: try await unit1.template(year: 2026, profile: profile, xlsx: false).data, as: UTF8.self).contains("342002"))
        await #expect(throws: AccessDenied.self) { try await unit1.rankDepartments(year: 2026, profile: profile) }
        await #expect(throws: AccessDenied.self) { try await unit1.spotCheck(year: 2026, rate: 0.2, minimumBudget: nil, seed: 1, profile: profile) }
        await #expect(throws: AccessDenied.self) { try await unit1.publication(year: 2026) }
        await #expect(throws: AccessDenied.self) { try await unit1.submit(department: other, year: 2026, note: "", profile: profile) }
        await #expect(throws: AccessDenied.self) { try await unit1.approve(department: "342001", year: 2026, profile: profile) }
        await #expect(throws: AccessDenied.self) { try await unit1.returnFiling(department: "342001", year: 2026, comment: "x", items: []) }
        await #expect(throws: AccessDenied.self) {
            try await unit1.adjust(department: "342001", year: 2026, project: "13091626P00024110002A", indicator: "群众满意度", score: 9, reason: "x", profile: profile)
        }
        await #expect(throws: AccessDenied.self) { try await unit1.merge(from: try SQLiteStore(), source: "x", replace: false) }
        // A unit recording another department's rows: they are unknown codes to it, nothing is written.
        await #expect(throws: InputError.self) {
            try await unit1.recordActuals(file: Self.samples.appendingPathComponent("actuals-342002-2026.csv").path, year: 2026, profile: profile)
        }
        // The bureau reads everything but records and submits for nobody.
        await #expect(throws: AccessDenied.self) {
            try await bureau.recordActuals(file: Self.samples.appendingPathComponent("actuals-2026.csv").path, year: 2026, profile: profile)
        }
        await #expect(throws: AccessDenied.self) { try await bureau.submit(department: "342001", year: 2026, note: "", profile: profile) }
        #expect(try await bureau.rankDepartments(year: 2026, profile: profile).count == 2)
        // A unit may not import another department's targets.
        await #expect(throws: AccessDenied.self) { try await unit2.importTargets(file: TestSupport.seedURL.path, year: nil) }
    }

    @Test("spot checks: reproducible, every department represented, the musts always in, the rate respected")
    func spotChecks() async throws {
        try await load()
        let unit = Application(store: store, actor: .local(user: "synth"))
        try await unit.synthesize(Synthesizer(departments: 6, projects: 12, years: 2, seed: 3))
        let a = try await bureau.spotCheck(year: 2026, rate: TestSupport.decimal("0.1"), minimumBudget: nil, seed: 42, profile: profile)
        let b = try await bureau.spotCheck(year: 2026, rate: TestSupport.decimal("0.1"), minimumBudget: nil, seed: 42, profile: profile)
        let c = try await bureau.spotCheck(year: 2026, rate: TestSupport.decimal("0.1"), minimumBudget: nil, seed: 43, profile: profile)
        #expect(a.projects.map(\.project.project.code) == b.projects.map(\.project.project.code))
        #expect(a.projects.filter { !$0.isRequired }.map(\.project.project.code) != c.projects.filter { !$0.isRequired }.map(\.project.project.code))
        #expect(a.candidates == 14 + 72 && a.departments == 8)
        #expect(Set(a.projects.map(\.departmentCode)).count == 8, "every department with projects is represented")
        #expect(a.projects.count >= 9, "⌈86 × 10 %⌉ = 9 at least")
        #expect(a.projects.contains { $0.project.project.code == "13091625P00001910004B" && $0.reasons.contains { $0.contains("R04") } })
        #expect(a.projects.allSatisfy { !$0.reasons.isEmpty })
        // A minimum budget leaves out the small projects.
        let big = try await bureau.spotCheck(year: 2026, rate: 1, minimumBudget: 400, seed: 1, profile: profile)
        #expect(big.projects.allSatisfy { $0.project.funds.budget >= 400 } && big.projects.count == big.candidates)
    }

    @Test("a score jump of more than 10 points against last year is always drawn")
    func scoreJumps() async throws {
        try await load()
        var text = try String(contentsOf: Self.samples.appendingPathComponent("actuals-2026.csv"), encoding: .utf8)
        // 城管综合治理 (99.60 in 2025): its two output indicators to 0 → about 50 points lower.
        text = text.replacingOccurrences(of: "完成及时率,≥90百分数,95%", with: "完成及时率,≥90百分数,0%")
        text = text.replacingOccurrences(of: "运行保障成本,≥90百分数,92%", with: "运行保障成本,≥90百分数,0%")
        let url = TestSupport.temporaryDirectory().appendingPathComponent("drop.csv")
        try Data(text.utf8).write(to: url)
        _ = try await unit1.recordActuals(file: url.path, year: 2026, profile: profile)
        let s = try await bureau.spotCheck(year: 2026, rate: TestSupport.decimal("0.01"), minimumBudget: nil, seed: 1, profile: profile)
        let drop = try #require(s.projects.first { $0.project.project.code == "13091626P00016110003L" })
        #expect(drop.isRequired && drop.reasons.contains { $0.hasPrefix("必抽：得分较上年变化 -") })
    }

    @Test("two actors moving one filing at once: the later is refused, nothing skipped")
    func concurrentTransitions() async throws {
        try await load()
        _ = try await unit2.submit(department: nil, year: 2026, note: "", profile: profile)
        async let a = Result { try await bureau.approve(department: "342002", year: 2026, profile: profile) }
        async let b = Result { try await bureau.returnFiling(department: "342002", year: 2026, comment: "退回", items: []) }
        let outcomes = [await a.map { _ in true }, await b.map { _ in true }]
        #expect(outcomes.filter { (try? $0.get()) == true }.count == 1, "exactly one of the two moves happens")
        #expect(try await store.events(departmentCode: "342002", year: 2026).count == 2)
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
