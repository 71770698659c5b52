import JixiaoModel
import JixiaoReports
import Testing

typealias JixiaoWidth = DisplayWidth

@Suite("Text tables")
struct TextTableTests {
    @Test("Chinese characters are two columns wide")
    func widths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("城管综合治理") == 12)
        #expect(DisplayWidth.of("（%）") == 5)
        #expect(DisplayWidth.of("≥90％") == 5)
    }

    @Test("columns line up across mixed scripts")
    func alignment() {
        var table = TextTable(headers: ["名称", "金额"], alignments: [.left, .right])
        table.append(["城管综合治理", "19.00"])
        table.append(["abc", "20997.72"])
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(Set(lines.map { DisplayWidth.of($0) }).count == 1)
    }

    @Test("long cells wrap at the width limit")
    func wrap() {
        var table = TextTable(headers: ["文本"], maxCellWidth: 6)
        table.append(["一二三四五"])
        #expect(table.render() == "文本\n──────\n一二三\n四五\n")
    }

    @Test("one-line rows and a multi-line row in one table, with a footer, line up")
    func mixedRows() {
        var table = TextTable(headers: ["序号", "名称", "金额"], alignments: [.right, .left, .right])
        table.append(["1", "道路养护", "19.00"])
        table.append(["2", "泵站\n维护", "7.5"])
        table.footer.append(["", "合计", "26.50"])
        #expect(table.render() == """
            序号  名称       金额
            ────  ────────  ─────
               1  道路养护  19.00
               2  泵站        7.5
                  维护
            ────  ────────  ─────
                  合计      26.50

            """)
    }
}
