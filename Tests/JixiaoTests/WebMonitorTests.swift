import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JixiaoApp
import JixiaoEngine
import JixiaoModel
import JixiaoServer
import JixiaoStore
import Testing

/// The status board's 运行监控 column, from the application layer's monitor use case.
@Suite("Web monitoring lights")
struct WebMonitorTests {
    static let spending = TestSupport.root.appendingPathComponent("Samples/spending-2026.csv").path

    @Test("the status board shows each department's lights at its latest recorded month; none without spending rows")
    func boardLights() async throws {
        let store = try await WebFixture.store()
        let owner = Application(store: store, actor: .local(user: "本机"))
        try await WebFixture.test(store: store) { client in
            var bureau = Visitor(client)
            try await bureau.login("bureau", WebFixture.password)
            let before = try await bureau.get("/board?year=2026")
            #expect(before.status == .ok && before.text.contains("<th>运行监控</th>"))
            #expect(!before.text.contains("月底）"))
        }
        _ = try await owner.recordActuals(file: Self.spending, year: nil, profile: .national2020)
        // The use case: 10月底 is the latest month; the sample's lights there.
        let lights = try await owner.monitorLights(year: 2026)
        let m = try #require(lights["342001"])
        #expect(m.month == 10)
        #expect((m.count(.red), m.count(.yellow), m.count(.green)) == (1, 2, 9))
        #expect(lights["342002"] == nil)
        try await WebFixture.test(store: store) { client in
            var bureau = Visitor(client)
            try await bureau.login("bureau", WebFixture.password)
            let board = try await bureau.get("/board?year=2026")
            #expect(board.status == .ok)
            #expect(board.text.contains("单位黄灯 · 红 1 · 黄 2 · 绿 9（10月底）"), "\(board.text)")
            #expect(board.text.contains("class=\"monitor-yellow\""))
        }
    }
}
