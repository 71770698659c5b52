import Foundation
import JixiaoApp
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoStore
import Testing

/// Issue 20: `score` of a year while units file stores what the database held when it began.
@Suite("Score snapshot")
struct ScoreSnapshotTests {
    @Test("a change recorded while a year is being scored is not in the run; the next run has it", arguments: StoreUnderTest.available)
    func changeDuringScoring(kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        let app = Application(store: store, actor: .local(user: "测试"), clock: { Date(timeIntervalSince1970: 1_795_000_000) })
        // Three chunks of departments: the third is read only after the first chunk has been
        // handed on, which is when the change below is recorded.
        try await app.synthesize(Synthesizer(departments: 2 * 64 + 2, projects: 1, years: 1, seed: 20))
        let codes = try await store.departmentCodes(year: 2026)
        let target = try #require(codes.last)
        let before = try #require(try await app.scored(year: 2026, profile: .national2020, department: target).first?.score)
        var executed = try #require(try await store.actuals(departmentCode: target, year: 2026).first { $0.key.level3 == SpecialRow.executed })
        executed.value = "0"
        let change = executed
        let during = try await app.score(year: 2026, profile: .national2020) { _, first in
            if first { _ = try await store.recordActuals([change], by: "单位", at: Date(timeIntervalSince1970: 1_795_000_100)) }
        }
        let after = try #require(try await app.scored(year: 2026, profile: .national2020, department: target).first?.score)
        #expect(after != before, "the change moves the department's score")
        let stored = try await store.departmentScores(runID: during.id)
        #expect(stored.count == codes.count)
        #expect(stored.first { $0.code == target }?.score == before, "the run holds the score from before the change")
        let next = try await app.score(year: 2026, profile: .national2020) { _, _ in }
        #expect(try await store.departmentScores(runID: next.id).first { $0.code == target }?.score == after)
    }
}
