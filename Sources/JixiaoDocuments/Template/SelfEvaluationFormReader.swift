import Foundation
import JixiaoModel

/// Reads what a unit filled into a 项目支出绩效自评表 sheet of the template (RULES.md §9): the funds
/// lines (全年预算数, 全年执行数 and their reasons; 上年结转资金 and 其他资金), 年度总体目标's 实际完成情况,
/// and every indicator's 实际完成值, 分值, 得分 and 偏差原因. Cells are found by their labels, not by
/// fixed positions, so a form with a row added or a column moved still reads; level names merged
/// down are filled down.
public enum SelfEvaluationFormReader {
    /// A sheet's cells by 1-based row, then column.
    public typealias Grid = [Int: [Int: String]]

    /// True when the sheet's first rows hold the form's title (项目支出绩效自评表, or another 绩效自评表).
    public static func looksLikeForm(_ texts: [String]) -> Bool {
        texts.contains { normal($0).contains("绩效自评表") }
    }

    static func normal(_ text: String) -> String { TextNormalizer.removingSpaces(TextNormalizer.halfWidth(text)) }

    /// The rows of one form, or nil when the sheet has no 项目编码 or no indicator table (it is then
    /// not a form `record` understands).
    public static func entries(_ grid: Grid, sheet: String, file: String) -> [ActualEntry]? {
        let rows = grid.keys.sorted()
        func at(_ row: Int, _ column: Int) -> SourceLocation {
            SourceLocation(file: file, sheet: sheet, cell: XLSXReference.name(row: row, column: column))
        }
        func text(_ row: Int, _ column: Int) -> String { TextNormalizer.trim(grid[row]?[column] ?? "") }
        /// The first filled cell right of `column` in `row`.
        func right(of column: Int, in row: Int) -> String {
            (grid[row] ?? [:]).filter { $0.key > column && !TextNormalizer.trim($0.value).isEmpty }.min { $0.key < $1.key }.map { TextNormalizer.trim($0.value) } ?? ""
        }
        func find(_ label: String, from: Int = 0) -> (row: Int, column: Int)? {
            for r in rows where r >= from {
                if let c = (grid[r] ?? [:]).filter({ normal($0.value) == label }).keys.min() { return (r, c) }
            }
            return nil
        }
        guard let codeCell = find("项目编码") else { return nil }
        let code = right(of: codeCell.column, in: codeCell.row)
        let name = find("项目名称").map { right(of: $0.column, in: $0.row) } ?? ""
        guard !code.isEmpty, let indicatorHeader = rows.first(where: { r in
            let cells = (grid[r] ?? [:]).values.map(normal)
            return cells.contains("一级指标") && cells.contains("实际完成值")
        }) else { return nil }
        var entries: [ActualEntry] = []
        func entry(_ level1: String, _ level2: String, _ level3: String, _ row: Int, actual column: Int?, points: Int? = nil, score: Int? = nil, reason: Int? = nil) {
            guard let column else { return }
            var e = ActualEntry(ownerCode: code, level1: level1, level2: level2, level3: level3, raw: text(row, column),
                                pointsRaw: points.map { text(row, $0) } ?? "", claimedScoreRaw: score.map { text(row, $0) } ?? "",
                                reason: reason.map { text(row, $0) } ?? "", source: at(row, column))
            e.ownerName = name
            e.fromForm = true
            entries.append(e)
        }
        func columns(_ row: Int) -> [String: Int] {
            var result: [String: Int] = [:]
            for (c, t) in (grid[row] ?? [:]).sorted(by: { $0.key < $1.key }) {
                let n = normal(t)
                let key = n.hasPrefix("偏差原因") ? "偏差原因" : n
                if result[key] == nil { result[key] = c }
            }
            return result
        }

        // The funds block: its header names 全年预算数 and 全年执行数; its lines run to 年度总体目标.
        if let fundsHeader = rows.first(where: { r in r < indicatorHeader && columns(r)["全年预算数"] != nil && columns(r)["全年执行数"] != nil }) {
            let head = columns(fundsHeader)
            let budgetColumn = head["全年预算数"]!, executedColumn = head["全年执行数"]!
            for r in rows where r > fundsHeader && r < indicatorHeader {
                // The line's label: the texts left of the amounts (年初预算数 is a number there).
                let labels = (grid[r] ?? [:]).filter { $0.key < budgetColumn }.sorted { $0.key < $1.key }.map { normal($0.value) }
                    .filter { !$0.isEmpty && Decimals.parse($0) == nil }
                if labels.contains(where: { $0.contains("年度总体目标") }) { break }
                guard let label = labels.last else { continue }
                if label.contains("资金总额") {
                    entry(SpecialRow.funds, SpecialRow.fundsLevel2, SpecialRow.budget, r, actual: budgetColumn)
                    entry(SpecialRow.funds, SpecialRow.fundsLevel2, SpecialRow.executed, r, actual: executedColumn, points: head["分值"], reason: head["偏差原因"])
                } else if let source = SpecialRow.sources.first(where: { label.contains($0) }) {
                    entry(SpecialRow.funds, source, SpecialRow.budget, r, actual: budgetColumn)
                    entry(SpecialRow.funds, source, SpecialRow.executed, r, actual: executedColumn, reason: head["偏差原因"])
                }
            }
        }
        // 年度总体目标: the 实际完成情况 column of the row below its header.
        if let goalHeader = rows.first(where: { $0 < indicatorHeader && columns($0)["实际完成情况"] != nil }), let column = columns(goalHeader)["实际完成情况"],
           let goalRow = rows.first(where: { $0 > goalHeader && $0 < indicatorHeader }) {
            entry(SpecialRow.goal, "", "", goalRow, actual: column)
        }
        // The indicators, to the 总分 row.
        let head = columns(indicatorHeader)
        guard let c1 = head["一级指标"], let c3 = head["三级指标"], let actual = head["实际完成值"] else { return nil }
        var level1 = "", level2 = ""
        for r in rows where r > indicatorHeader {
            if (grid[r] ?? [:]).values.contains(where: { normal($0) == SpecialRow.total }) { break }
            let l3 = text(r, c3)
            if !text(r, c1).isEmpty { level1 = text(r, c1); level2 = "" }
            if let c2 = head["二级指标"], !text(r, c2).isEmpty { level2 = text(r, c2) }
            guard !l3.isEmpty else { continue }
            entry(level1, level2, l3, r, actual: actual, points: head["分值"], score: head["得分"], reason: head["偏差原因"])
        }
        return entries
    }
}
