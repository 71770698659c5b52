import Foundation
import JixiaoModel
import JixiaoStore
import Testing

extension StoreContractTests {
    @Test("monitoring: spending and indicator progress stored with actuals in one transaction, with history; locked while submitted",
          arguments: StoreUnderTest.available)
    func monitoring(kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        _ = try await store.importTargets(Self.seed, source: ImportSource(fileName: "a.txt", importedAt: now))
        let p = Self.seed.projects[0]
        let indicator = p.indicators[0]
        func spend(_ month: Int, _ amount: String, reason: String = "") -> ProgressEntry {
            .spending(departmentCode: "342001", year: 2026, projectCode: p.code, month: month, amount: Decimal(string: amount)!, reason: reason,
                      source: SourceLocation(file: "s.csv", line: month + 1))
        }
        let value = ProgressEntry(departmentCode: "342001", year: 2026, key: IndicatorKey(ownerCode: p.code, indicator: indicator), month: 6, value: "60%")
        let rows = try await actuals(store)
        let first = try await store.record(actuals: rows, progress: [spend(3, "2.5"), spend(6, "7.6", reason: "招标延后"), value], by: "甲", at: now)
        #expect(first == RecordOutcome(added: 109, changed: 0, unchanged: 0))
        let stored = try await store.progress(departmentCode: "342001", year: 2026)
        #expect(stored.count == 3)
        #expect(stored.filter(\.isSpending).map(\.month) == [3, 6])
        #expect(stored.filter(\.isSpending).map(\.amount) == [Decimal(string: "2.5"), Decimal(string: "7.6")])
        #expect(stored.first { $0.month == 6 && $0.isSpending }?.reason == "招标延后")
        #expect(stored.first { $0.month == 6 && $0.isSpending }?.source?.description == "s.csv:7")
        #expect(stored.first { !$0.isSpending }?.value == "60%")
        #expect(try await !store.actuals(departmentCode: "342001", year: 2026).isEmpty)
        // Again: unchanged; a change keeps the old value in the history.
        #expect(try await store.record(actuals: [], progress: [spend(3, "2.5")], by: "甲", at: now) == RecordOutcome(added: 0, changed: 0, unchanged: 1))
        #expect(try await store.record(actuals: [], progress: [spend(3, "3")], by: "乙", at: now) == RecordOutcome(added: 0, changed: 1, unchanged: 0))
        let history = try await store.progressHistory(ownerCode: p.code, year: 2026)
        #expect(history.count == 4)
        #expect(history.last?.month == 3 && history.last?.oldValue == "2.5" && history.last?.newValue == "3" && history.last?.changedBy == "乙")
        #expect(history.first?.oldValue == nil && history.first?.sourceFile == "s.csv")
        #expect(try await store.progress(departmentCode: "342001", year: 2025).isEmpty)
        // Submitted: refused, nothing written.
        _ = try await store.transition(FilingTransition(departmentCode: "342001", year: 2026, from: .filling, expectedVersion: 0, to: .submitted, at: now, by: "单位"))
        await #expect(throws: FilingError.locked(departmentCode: "342001", year: 2026, state: .submitted)) {
            try await store.record(actuals: [], progress: [spend(10, "15")], by: "甲", at: now)
        }
        #expect(try await store.progress(departmentCode: "342001", year: 2026).count == 3)
    }
}
