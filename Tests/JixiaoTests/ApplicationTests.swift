import Foundation
import JixiaoApp
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoReports
import JixiaoStore
import Testing

/// The application layer on its own: every use case called as a front end would, without the CLI,
/// over an in-memory store, with the figures the CLI tests check through the binary.
@Suite("Application use cases")
struct ApplicationTests {
    static let samples = TestSupport.root.appendingPathComponent("Samples")
    static func sample(_ name: String) -> String { samples.appendingPathComponent(name).path }

    let app: Application
    let clockTime = Date(timeIntervalSince1970: 1_795_000_000)

    init() throws {
        let time = clockTime
        app = Application(store: try SQLiteStore(), actor: .local(user: "测试"), clock: { time })
    }

    /// Both sample departments, 2025 and 2026, with their actuals.
    func loadSamples() async throws {
        for file in ["000_969f7bf0a7ef26b4.txt", "targets-342002-2026.txt", "2025/targets-342001-2025.txt", "2025/targets-342002-2025.txt"] {
            _ = try await app.importTargets(file: Self.sample(file), year: nil)
        }
        for (file, year) in [("actuals-2026.csv", 2026), ("actuals-342002-2026.csv", 2026), ("2025/actuals-2025.csv", 2025)] {
            _ = try await app.recordActuals(file: Self.sample(file), year: year, profile: .national2020)
        }
    }

    @Test("import, record, score, explain, report: the seed's figures without the command line")
    func fillingCycle() async throws {
        let imported = try await app.importTargets(file: TestSupport.seedURL.path, year: nil)
        #expect(imported.departmentCode == "342001" && imported.year == 2026 && imported.yearSource == .projectCodes)
        #expect(imported.projectCount == 12 && imported.indicatorCount == 63 && imported.goalCount == 6)
        #expect(imported.totalBudget == TestSupport.decimal("23596.72") && imported.outcome == .created)
        #expect(try await app.importTargets(file: TestSupport.seedURL.path, year: nil).outcome == .unchanged)

        let recorded = try await app.recordActuals(file: Self.sample("actuals-2026.csv"), year: nil, profile: .national2020)
        #expect(recorded.year == 2026 && recorded.rowCount == 106 && recorded.outcome == RecordOutcome(added: 106, changed: 0, unchanged: 0))
        let (year, history) = try await app.actualHistory(code: "13091626P00024110002A", year: nil)
        #expect(year == 2026 && history.count == 8 && history.allSatisfy { $0.changedBy == "测试" })

        let chunks = ChunkLog()
        let run = try await app.score(year: 2026, profile: .national2020) { results, first in
            chunks.append(results.map(\.department.code), first: first)
        }
        #expect(run.id == 1 && run.departmentCount == 1 && chunks.entries == [["342001"]] && chunks.firsts == [true])
        let stored = try await app.store.departmentScores(runID: run.id)
        #expect(stored.first?.weightedScore == TestSupport.decimal("99.54") && stored.first?.score == TestSupport.decimal("99.42"))
        #expect(try await app.store.scoreRuns(year: 2026).first?.scoredBy == "测试")

        guard case .project(let bus) = try await app.explain(code: "13091626P00024110002A", year: 2026, profile: .national2020) else {
            Issue.record("a project code explains the project")
            return
        }
        #expect(bus.total == TestSupport.decimal("99.56") && !bus.steps.isEmpty)
        guard case .department(let department) = try await app.explain(code: "342001", year: 2026, profile: .national2020) else {
            Issue.record("a department code explains the department")
            return
        }
        #expect(department.ownScore == TestSupport.decimal("99.42"))
        await #expect(throws: StoreError.self) { try await app.explain(code: "NOPE", year: 2026, profile: .national2020) }

        let report = try await app.report(year: 2026, profile: .national2020, project: "13091626P00024110002A")
        #expect(report.projects.map(\.1.project.code) == ["13091626P00024110002A"])
        let text = String(decoding: try report.rendered(as: .text), as: UTF8.self)
        #expect(text.contains("总分 100　得分 99.56　评价等级 优"))
        await #expect(throws: StoreError.self) { try await app.report(year: 2026, profile: .national2020, department: "999999") }
    }

    @Test("evaluate does the whole job; a bad actuals file writes nothing")
    func evaluate() async throws {
        let bad = TestSupport.temporaryDirectory().appendingPathComponent("bad.csv")
        try Data("项目编码,项目名称,一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施\nX,,产出指标,数量指标,无此指标,,1,,,\n".utf8).write(to: bad)
        await #expect(throws: InputError.self) {
            try await app.evaluate(targets: TestSupport.seedURL.path, actuals: bad.path, year: nil, profile: .national2020)
        }
        #expect(try await app.store.years().isEmpty)
        let done = try await app.evaluate(targets: TestSupport.seedURL.path, actuals: Self.sample("actuals-2026.csv"), year: nil, profile: .national2020)
        #expect(done.imported == .created && done.recorded.added == 106 && done.runID == 1)
        #expect(done.report.departments.first?.weightedProjectScore == TestSupport.decimal("99.54"))
    }

    @Test("many files: a bad one is reported and the rest imported; many actuals files at once")
    func manyFiles() async throws {
        let dir = TestSupport.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.txt")
        try Data("不是绩效目标表".utf8).write(to: bad)
        let failures = FailureLog()
        let files = [TestSupport.seedURL.path, bad.path, Self.sample("targets-342002-2026.txt")]
        let tally = try await app.importTargets(files: files, year: nil) { path, _ in failures.append(path) }
        #expect(tally.files == 3 && tally.created == 2 && tally.failed == 1 && failures.paths == [bad.path])
        let recorded = try await app.recordActuals(files: [Self.sample("actuals-2026.csv"), Self.sample("actuals-342002-2026.csv")], year: 2026, profile: .national2020) { _, _ in
            Issue.record("both sample files record")
        }
        #expect(recorded.failed == 0 && recorded.outcome.added > 106)
    }

    @Test("targets, template, review, ranking, compare, merge, synth")
    func bureauWork() async throws {
        try await loadSamples()
        #expect(try await app.departments(year: 2026).map(\.code) == ["342001", "342002"])
        guard case .department(let d) = try await app.targetSheet(code: "342001", year: 2026), case .project(_, let p) = try await app.targetSheet(code: " 13091626P00016110003L", year: 2026) else {
            Issue.record("codes name a department and a project")
            return
        }
        #expect(d.goals.count == 6 && p.name == "城管综合治理")

        let template = try await app.template(year: 2026, profile: .national2020, xlsx: false)
        #expect(template.ownerCount == 16 && String(decoding: template.data, as: UTF8.self).hasPrefix("\u{FEFF}jixiao 填报表"))
        #expect(try await app.template(year: 2026, profile: .national2020, only: "13091626P00016110003L", xlsx: true).data.starts(with: [0x50, 0x4B]))

        let reviewed = try await app.reviewStored(year: 2026, profile: .national2020)
        #expect(reviewed.count == 2 && reviewed[0].findings.contains { $0.code == .r04 })
        let files = TargetFileReview.review(files: [TestSupport.seedURL.path, "/nonexistent.txt"], year: nil, profile: .national2020)
        #expect(files.count == 2 && files[1].failure != nil)

        let ranking = try await app.rankDepartments(year: 2026, profile: .national2020)
        #expect(ranking.map(\.department.code) == ["342001", "342002"])

        let compared = ComparisonLog()
        try await app.compare(years: [2025, 2026], department: nil, profile: .national2020) { comparisons, first in
            compared.append(comparisons.map(\.departmentCode), first: first)
        }
        #expect(compared.codes == ["342001", "342002"] && compared.firsts == [true])
        await #expect(throws: StoreError.self) { try await app.compare(years: [2019, 2026], department: nil, profile: .national2020) { _, _ in } }

        let unit = Application(store: try SQLiteStore(), actor: .local(user: "单位"))
        try await unit.synthesize(Synthesizer(departments: 2, projects: 3, years: 1, seed: 7))
        let merged = try await app.merge(from: unit.store, source: "unit.sqlite", replace: false)
        #expect(merged.created.count == 2 && merged.conflicts.isEmpty)
        #expect(try await app.merge(from: unit.store, source: "unit.sqlite", replace: false).unchanged.count == 2)
    }

    @Test("audit of filled forms needs no database")
    func audit() {
        let fixtures = TestSupport.root.appendingPathComponent("Tests/JixiaoTests/Fixtures/audit").path
        let run = FormAudit.audit(files: [fixtures], profile: .national2020, tolerance: TestSupport.decimal("0.01"), year: 2026)
        #expect(run.fileCount == 3 && run.failures.isEmpty && run.results.contains { $0.findings.contains { $0.code == .r11 } })
    }
}

/// What a callback saw, collected from any thread.
final class ChunkLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var entries: [[String]] = []
    private(set) var firsts: [Bool] = []
    func append(_ codes: [String], first: Bool) {
        lock.lock()
        entries.append(codes)
        firsts.append(first)
        lock.unlock()
    }
}

final class ComparisonLog: @unchecked Sendable {
    private(set) var codes: [String] = []
    private(set) var firsts: [Bool] = []
    func append(_ more: [String], first: Bool) {
        codes += more
        firsts.append(first)
    }
}

final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var paths: [String] = []
    func append(_ path: String) {
        lock.lock()
        paths.append(path)
        lock.unlock()
    }
}
