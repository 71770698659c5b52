import Foundation
import JixiaoModel

/// Reads filed self-evaluation tables for `audit`: the official 自评表 layout (xlsx sheets, docx
/// tables) found by its labels, or the template's flat columns with 得分 filled (csv, xlsx).
public enum FiledTableReader {
    /// Reads every table in a file.
    public static func read(url: URL, displayName: String) throws -> [FiledTable] {
        let location = SourceLocation(file: displayName)
        guard let data = try? Data(contentsOf: url) else {
            throw InputError(at: location, "无法读取文件：\(FileManager.default.fileExists(atPath: url.path) ? "没有读取权限或不是普通文件" : "文件不存在")。")
        }
        switch url.pathExtension.lowercased() {
        case "docx":
            let tables = try DOCXReader.tables(data: data, fileName: displayName)
            return try forms(in: concatenate(tables), source: displayName)
        case "xlsx", "xlsm":
            var result: [FiledTable] = []
            // A hidden sheet is an old copy or a lookup list, not a form that was filed.
            for sheet in try XLSXReader.read(data: data, fileName: displayName) where !sheet.isHidden {
                // A form is a page or two; a stray value far away would make the grid enormous.
                guard sheet.maxRow * sheet.maxColumn <= CellGrid.maximumCells else {
                    throw InputError(at: SourceLocation(file: displayName, sheet: sheet.name, cell: XLSXReference.name(row: sheet.maxRow, column: sheet.maxColumn)),
                        "工作表的已用范围到 \(XLSXReference.name(row: sheet.maxRow, column: sheet.maxColumn))（\(sheet.maxRow) 行 × \(sheet.maxColumn) 列），不像一张自评表。请删去表格以外的单元格后重试。")
                }
                let grid = CellGrid.sheet(sheet, file: displayName)
                if let header = flatHeader(grid) {
                    result += flat(grid, header: header, source: "\(displayName) 工作表「\(sheet.name)」")
                } else {
                    result += try forms(in: grid, source: "\(displayName) 工作表「\(sheet.name)」")
                }
            }
            if result.isEmpty { throw InputError(at: location, "工作簿中没有找到自评表（应有“项目名称”“绩效指标”“总分”等栏目，或填报表的列）。") }
            return result
        case "csv":
            let text = try TextDecoding.decode(data, file: displayName)
            let records: [CSVParser.Record]
            do { records = try CSVParser.parse(text) } catch { throw InputError(at: SourceLocation(file: displayName, line: error.line), error.message) }
            let rows = records.map(\.fields)
            let lines = records.map(\.line)
            let width = rows.map(\.count).max() ?? 0
            let grid = CellGrid(rows: rows.map { $0 + Array(repeating: "", count: width - $0.count) }) { r, _ in
                SourceLocation(file: displayName, line: r < lines.count ? lines[r] : r + 1)
            }
            guard let header = flatHeader(grid) else {
                throw InputError(at: SourceLocation(file: displayName, line: 1), "未找到表头：应有填报表的列（项目编码、一级指标、三级指标、实际完成值、分值、得分……）。")
            }
            return flat(grid, header: header, source: displayName)
        case "xls", "doc", "et", "wps":
            throw InputError(at: location, "不支持旧版 Office 格式。请先转换：libreoffice --headless --convert-to \(url.pathExtension.lowercased().hasPrefix("d") || url.pathExtension.lowercased() == "wps" ? "docx" : "xlsx") \(displayName)")
        default:
            throw InputError(at: location, "无法识别的自评表文件类型“.\(url.pathExtension)”：应为 .xlsx、.docx 或 .csv。")
        }
    }

    static func concatenate(_ grids: [CellGrid]) -> CellGrid {
        var rows: [[String]] = []
        var origins: [(CellGrid, Int)] = []
        let width = grids.map { $0.rows.map(\.count).max() ?? 0 }.max() ?? 0
        for g in grids {
            for (i, r) in g.rows.enumerated() {
                rows.append(r + Array(repeating: "", count: max(0, width - r.count)))
                origins.append((g, i))
            }
        }
        let frozen = origins
        return CellGrid(rows: rows) { r, c in r < frozen.count ? frozen[r].0.locate(frozen[r].1, c) : SourceLocation() }
    }

    static func key(_ s: String) -> String { TextNormalizer.removingSpaces(TextNormalizer.halfWidth(s)) }

    static func amount(_ s: String, factor: Decimal) -> Decimal? {
        let t = key(s).replacingOccurrences(of: ",", with: "")
        guard let d = Units.amountInWan(t) else { return nil }
        return d / factor
    }

    static func number(_ s: String) -> Decimal? { Decimals.parse(key(s).replacingOccurrences(of: "分", with: "")) }

    // MARK: - The official layout

    /// Every 自评表 in a grid: each starts at a row holding "项目名称".
    static func forms(in grid: CellGrid, source: String) throws -> [FiledTable] {
        let starts = grid.rows.indices.filter { r in grid.rows[r].contains { key($0) == "项目名称" } }
        guard !starts.isEmpty else { return [] }
        return starts.enumerated().compactMap { i, start in
            let end = i + 1 < starts.count ? starts[i + 1] : grid.rows.count
            return form(grid, rows: start..<end, source: source)
        }
    }

    static func form(_ g: CellGrid, rows range: Range<Int>, source: String) -> FiledTable? {
        var table = FiledTable(source: source)
        func valueRight(of label: String, in r: Int) -> String? {
            guard let c = g.rows[r].firstIndex(where: { key($0) == label }) else { return nil }
            return g.rows[r][(c + 1)...].first { !$0.isEmpty && key($0) != label }
        }
        var fundsHeader: [String: Int] = [:]
        var factor: Decimal = 1
        var indicatorHeader: [String: Int] = [:]
        var goalColumns: (Int, Int)?
        var r = range.lowerBound
        while r < range.upperBound {
            let row = g.rows[r]
            let keys = row.map(key)
            if let name = valueRight(of: "项目名称", in: r) { table.projectName = FiledTable.withoutPlaceholders(name) }
            if let code = valueRight(of: "项目编码", in: r) { table.projectCode = key(code) }
            if keys.contains("全年执行数") {
                for (c, k) in keys.enumerated() where fundsHeader[k] == nil { fundsHeader[k] = c }
                if keys.contains(where: { $0.hasPrefix("项目资金") && $0.contains("（元）") || $0.contains("(元)") }) { factor = 10000 }
            } else if !fundsHeader.isEmpty, indicatorHeader.isEmpty, keys.contains(where: { $0.contains("资金总额") || $0.contains("财政拨款") || $0.contains("上年结转") || $0.contains("其他资金") }) {
                func money(_ column: String) -> Decimal? { fundsHeader[column].flatMap { amount(row[$0], factor: factor) } }
                if keys.contains(where: { $0.contains("资金总额") }) {
                    table.initialBudget = money("年初预算数")
                    table.fullBudget = money("全年预算数")
                    table.executed = money("全年执行数")
                    table.fundsPoints = fundsHeader["分值"].flatMap { number(row[$0]) }
                    table.fundsScore = fundsHeader["得分"].flatMap { number(row[$0]) }
                    table.fundsLocation = g.locate(r, fundsHeader["得分"] ?? 0)
                } else {
                    let label = keys.first { $0.contains("财政拨款") || $0.contains("上年结转") || $0.contains("其他资金") } ?? ""
                    table.fundsDetail.append(FiledTable.FundsDetail(label: label, initialBudget: money("年初预算数"), fullBudget: money("全年预算数"), executed: money("全年执行数")))
                }
            } else if keys.contains("预期目标") {
                if let a = keys.firstIndex(of: "预期目标"), let b = keys.firstIndex(where: { $0.hasPrefix("实际完成") }) { goalColumns = (a, b) }
            } else if let (a, b) = goalColumns, table.goalExpected.isEmpty, indicatorHeader.isEmpty, !keys.contains("一级指标") {
                table.goalExpected = row[a]
                table.goalActual = row[b]
                goalColumns = nil
            } else if keys.contains("一级指标") && keys.contains("三级指标") {
                for (c, k) in keys.enumerated() {
                    let column: String?
                    switch k {
                    case "一级指标", "二级指标", "三级指标": column = k
                    case _ where k.hasPrefix("年度指标值") || k == "指标值" || k == "目标值" || k.hasPrefix("年度目标值"): column = "target"
                    case _ where k.hasPrefix("实际完成值") || k == "实际值" || k.hasPrefix("全年实际值"): column = "actual"
                    case "分值", "权重", "指标分值": column = "points"
                    case "得分", "自评得分": column = "score"
                    case _ where k.hasPrefix("偏差原因"): column = "reason"
                    default: column = nil
                    }
                    if let column, indicatorHeader[column] == nil { indicatorHeader[column] = c }
                }
            } else if keys.contains(where: { $0 == "总分" || $0 == "合计" }) {
                let start = keys.firstIndex { $0 == "总分" || $0 == "合计" }!
                let numbers = keys[(start + 1)...].compactMap(number)
                table.claimedTotal = numbers.count >= 2 && numbers[0] == 100 ? numbers[1] : numbers.first
                let numbered = row.indices.dropFirst(start + 1).filter { number(keys[$0]) != nil }
                if let c = numbers.count >= 2 && numbers[0] == 100 ? numbered.dropFirst().first : numbered.first {
                    table.totalLocation = g.locate(r, c)
                }
                table.claimedGrade = keys[(start + 1)...].first { ["优", "良", "中", "差", "优秀", "良好", "合格", "不合格"].contains($0) }
                break
            } else if !indicatorHeader.isEmpty, let c3 = indicatorHeader["三级指标"] {
                func col(_ name: String) -> String { indicatorHeader[name].map { row[$0] } ?? "" }
                let level3 = FiledTable.withoutPlaceholders(row[c3])
                if !level3.isEmpty, key(level3) != "三级指标" {
                    let level1 = col("一级指标")
                    if let points = FiledTable.annotatedPoints(level1) { table.level1Totals[IndicatorTree.clean(level1)] = points }
                    table.rows.append(FiledTable.Row(
                        level1: IndicatorTree.clean(level1), level2: IndicatorTree.clean(col("二级指标")), level3: level3, target: col("target"),
                        actual: col("actual"), points: number(col("points")), score: number(col("score")), reason: col("reason"),
                        location: g.locate(r, indicatorHeader["score"] ?? c3),
                        targetLocation: indicatorHeader["target"].map { g.locate(r, $0) }, actualLocation: indicatorHeader["actual"].map { g.locate(r, $0) }))
                    table.rows[table.rows.count - 1].reasonLocation = indicatorHeader["reason"].map { g.locate(r, $0) }
                }
            }
            r += 1
        }
        guard !table.rows.isEmpty || table.claimedTotal != nil else { return nil }
        return table
    }

    // MARK: - The flat template layout

    static func flatHeader(_ g: CellGrid) -> (row: Int, columns: [String: Int])? {
        for r in 0..<min(g.rows.count, 20) {
            var columns: [String: Int] = [:]
            for (c, cell) in g.rows[r].enumerated() {
                if let column = ActualsColumns.column(for: cell), columns[column] == nil { columns[column] = c }
            }
            if columns[ActualsColumns.code] != nil, columns[ActualsColumns.level3] != nil, columns[ActualsColumns.score] != nil { return (r, columns) }
        }
        return nil
    }

    static func flat(_ g: CellGrid, header: (row: Int, columns: [String: Int]), source: String) -> [FiledTable] {
        var tables: [String: FiledTable] = [:]
        var order: [String] = []
        let c = header.columns
        for r in (header.row + 1)..<g.rows.count {
            let row = g.rows[r]
            func cell(_ name: String) -> String { c[name].map { $0 < row.count ? TextNormalizer.trim(row[$0]) : "" } ?? "" }
            let code = key(cell(ActualsColumns.code))
            guard !code.isEmpty else { continue }
            if tables[code] == nil {
                tables[code] = FiledTable(source: source, projectCode: code, projectName: cell(ActualsColumns.name))
                order.append(code)
            }
            var t = tables[code]!
            let level1 = IndicatorTree.clean(cell(ActualsColumns.level1))
            let level3 = IndicatorTree.clean(cell(ActualsColumns.level3))
            switch level1 {
            case SpecialRow.funds:
                let value = Units.amountInWan(cell(ActualsColumns.actual))
                if level3 == SpecialRow.budget {
                    t.initialBudget = Units.amountInWan(cell(ActualsColumns.target)) ?? t.initialBudget
                    t.fullBudget = value
                } else if level3 == SpecialRow.executed {
                    t.executed = value
                    if t.initialBudget == nil { t.initialBudget = Units.amountInWan(cell(ActualsColumns.target)) }
                    t.fundsPoints = number(cell(ActualsColumns.points))
                    t.fundsScore = number(cell(ActualsColumns.score))
                    t.fundsReason = cell(ActualsColumns.reason)
                    t.hasFundsReasonCell = true
                    t.fundsLocation = g.locate(r, c[ActualsColumns.score] ?? 0)
                    t.fundsReasonLocation = c[ActualsColumns.reason].map { g.locate(r, $0) }
                } else {
                    t.fundsDetail.append(FiledTable.FundsDetail(label: level3, initialBudget: nil, fullBudget: value, executed: nil))
                }
            case SpecialRow.goal:
                t.goalExpected = cell(ActualsColumns.target)
                t.goalActual = cell(ActualsColumns.actual)
            case SpecialRow.total:
                t.claimedTotal = number(cell(ActualsColumns.score))
                let grade = key(cell(ActualsColumns.reason))
                t.claimedGrade = grade.isEmpty ? nil : grade
                t.totalLocation = g.locate(r, c[ActualsColumns.score] ?? 0)
            default:
                let raw1 = cell(ActualsColumns.level1)
                if let points = FiledTable.annotatedPoints(raw1) { t.level1Totals[level1] = points }
                t.rows.append(FiledTable.Row(
                    level1: level1, level2: IndicatorTree.clean(cell(ActualsColumns.level2)), level3: FiledTable.withoutPlaceholders(cell(ActualsColumns.level3)),
                    target: cell(ActualsColumns.target), actual: cell(ActualsColumns.actual), points: number(cell(ActualsColumns.points)),
                    score: number(cell(ActualsColumns.score)), reason: cell(ActualsColumns.reason), location: g.locate(r, c[ActualsColumns.score] ?? 0),
                    targetLocation: c[ActualsColumns.target].map { g.locate(r, $0) }, actualLocation: c[ActualsColumns.actual].map { g.locate(r, $0) }))
                t.rows[t.rows.count - 1].reasonLocation = c[ActualsColumns.reason].map { g.locate(r, $0) }
            }
            tables[code] = t
        }
        return order.compactMap { tables[$0] }
    }
}
