import Foundation
import JixiaoEngine
import JixiaoModel

/// Reads the text layout of a 绩效目标 document (the seed's format): the 部门整体绩效目标 part
/// followed by one 绩效目标表 per project.
///
/// Every problem is collected and reported at once with its line; on any error nothing is returned.
public struct TextLayoutReader {
    /// The file name used in messages.
    public var fileName: String
    /// The budget year, when the user gave one; otherwise it is read from the project codes.
    public var year: Int?

    public init(fileName: String, year: Int? = nil) {
        self.fileName = fileName
        self.year = year
    }

    /// Decodes and reads a file's bytes.
    public func read(data: Data) throws -> TargetDocument {
        try read(text: TextDecoding.decode(data, file: fileName))
    }

    /// Reads decoded text.
    public func read(text: String) throws -> TargetDocument {
        let file = fileName
        return try read(segments: TextLayoutTokenizer.segments(of: text)) { SourceLocation(file: file, line: $0) }
    }

    /// Reads segments from any source (text lines, docx paragraphs and table rows, xlsx rows):
    /// `locate` turns a segment's position into a location for messages.
    func read(segments: [LayoutSegment], locate: @escaping (Int) -> SourceLocation) throws -> TargetDocument {
        try read(LayoutStream(locate: locate) { feed in segments.forEach(feed) })
    }

    /// Reads segments as a source produces them, so a large file is never held as a whole.
    func read(_ stream: LayoutStream) throws -> TargetDocument { try readWithPreamble(stream).document }

    /// Decoded text, with the 部门整体 part's paragraphs as written (for `review`).
    func readWithPreamble(text: String) throws -> TargetFileReader.Reading {
        let file = fileName
        let segments = TextLayoutTokenizer.segments(of: text)
        return try readWithPreamble(LayoutStream(locate: { SourceLocation(file: file, line: $0) }) { feed in segments.forEach(feed) })
    }

    /// `read`, keeping the 部门整体 part's paragraphs as written (for `review`).
    func readWithPreamble(_ stream: LayoutStream) throws -> TargetFileReader.Reading {
        var state = ParseState(fileName: fileName, locate: stream.locate, wholeRows: stream.wholeRows)
        try stream.produce { state.feed($0) }
        state.finish()
        let locate = stream.locate

        if state.projects.isEmpty && state.errors.isEmpty {
            state.errors.append(Diagnostic(.error, at: SourceLocation(file: fileName),
                "未找到任何绩效目标表：应有“项目编码 / 项目名称 / 预算数 / 一级指标…”组成的表格。请确认文件是绩效目标表的文本导出。"))
        }
        guard let code = state.departmentCode, let name = state.departmentName else {
            if state.errors.isEmpty {
                state.errors.append(Diagnostic(.error, at: SourceLocation(file: fileName),
                    "未找到预算单位：表头应有一行“单位编码+单位名称”（如“342001沧州…本级”）。"))
            }
            throw InputError(state.errors)
        }
        if !state.errors.isEmpty { throw InputError(state.errors) }

        let resolvedYear: Int
        let source: YearSource
        if let year {
            resolvedYear = year
            source = .option
        } else if let fromCodes = ProjectCode.majorityYear(state.projects.map(\.code)) {
            resolvedYear = fromCodes
            source = .projectCodes
        } else {
            throw InputError(at: SourceLocation(file: fileName),
                "无法从项目编码判断预算年度（编码中应有“…26P…”样式的年份）。请用 --year 指定，例如 --year 2026。")
        }

        let preamble = DepartmentPreamble(paragraphs: state.preamble, locate: locate)
        var department = Department(
            code: code, name: name, year: resolvedYear, moneyUnit: "万元",
            goalText: preamble.overallGoal, goals: preamble.quantifiedGoals(), projects: state.projects
        )
        if state.moneyUnit == "元" {
            department.projects = department.projects.map { $0.converted(factor: 10000) }
        }
        return TargetFileReader.Reading(
            document: TargetDocument(department: department, yearSource: source, notes: state.notes),
            preamble: state.preamble.map { TargetReview.Paragraph(text: $0.0, location: locate($0.1)) })
    }
}

/// Reading project codes such as 13091626P00016110003L: 6-digit region, 2-digit year, "P".
public enum ProjectCode {
    /// The year a code carries (…26P… → 2026), or nil.
    public static func year(of code: String) -> Int? {
        // Int() of the match, not a force: the pattern's \d also matches Chinese numerals (一二…).
        guard let m = code.firstMatch(of: Patterns.projectCodeYear), let two = Int(m.1) else { return nil }
        return 2000 + two
    }

    /// The year most codes carry; ties go to the later year.
    public static func majorityYear(_ codes: [String]) -> Int? {
        var counts: [Int: Int] = [:]
        for code in codes { if let y = year(of: code) { counts[y, default: 0] += 1 } }
        return counts.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key
    }
}

extension Project {
    /// The project with every amount divided by `factor` (元 → 万元).
    func converted(factor: Decimal) -> Project {
        var copy = self
        copy.budget = budget / factor
        copy.fiscalFunds = fiscalFunds.map { $0 / factor }
        copy.otherFunds = otherFunds.map { $0 / factor }
        if plan.form == .amount {
            copy.plan.points = plan.points.map { PlanPoint(month: $0.month, cumulative: $0.cumulative / factor, raw: $0.raw) }
        }
        return copy
    }
}

/// The mutable state of one pass over the segments.
private struct ParseState {
    let fileName: String
    var errors: [Diagnostic] = []
    var notes: [Diagnostic] = []
    var preamble: [(String, Int)] = []
    var departmentCode: String?
    var departmentName: String?
    var moneyUnit = "万元"
    var projects: [Project] = []
    var seenCodes = Set<String>()
    var current: ProjectDraft?
    /// A row not yet handled: it may be the first part of a row split by a blank line in a cell.
    var held: (cells: [LayoutCell], line: Int)?
    /// True while paragraphs are the 部门整体 part: before the first table, and again after a
    /// table when a paragraph opens that part ("部门整体绩效目标", "第一部分").
    var inPreamble = true
    /// True between a new sheet's start and its first segment.
    var sheetJustStarted = false

    let locate: (Int) -> SourceLocation
    /// Rows arrive whole (xlsx): never joined, short indicator rows padded with blanks.
    let wholeRows: Bool

    init(fileName: String, locate: @escaping (Int) -> SourceLocation, wholeRows: Bool = false) {
        self.fileName = fileName
        self.locate = locate
        self.wholeRows = wholeRows
    }

    func at(_ line: Int) -> SourceLocation { locate(line) }

    mutating func error(_ line: Int, _ message: String) {
        errors.append(Diagnostic(.error, at: at(line), message))
    }

    /// Handles the next segment. A row is held until the next segment shows whether it continues.
    mutating func feed(_ segment: LayoutSegment) {
        if let (cells, line) = held {
            // A blank line inside a cell (an empty paragraph) splits one row in two: join them —
            // unless either part starts a project's head (the unit's row, the 项目编码 row).
            if case .row(let more, _) = segment, let width = current?.indicatorWidth, current?.inIndicators == true,
               cells.count < width, cells.count + more.count <= width, !Self.isHeadRow(cells), !Self.isHeadRow(more) {
                held = (cells + more, line)
                return
            }
            held = nil
            row(cells, line: line, isLastSegment: false)
        }
        let afterSheetStart = sheetJustStarted
        sheetJustStarted = false
        switch segment {
        case .paragraph(let text, let line):
            if let title = Self.tableTitle(text) {
                finishProject()
                current = ProjectDraft(title: title, line: line)
                inPreamble = false
            } else if let unit = Self.departmentLine(text) {
                // The unit's name as a title over a project's table (a merged cell of its own);
                // before any table it names the unit and begins nothing.
                if current == nil && inPreamble {
                    setDepartment(unit, line: line)
                } else {
                    row([LayoutCell(text: text, line: line)], line: line, isLastSegment: false)
                }
            } else if current == nil {
                // Text after the tables (a note, a signature) is not the 部门整体 part, unless it opens it.
                if !inPreamble, Self.opensDepartmentPart(text) { inPreamble = true }
                if inPreamble { preamble.append((text, line)) }
            } else if current?.inIndicators == true {
                finishProject()
            }
        case .row(let cells, let line):
            // A finished table ends with its sheet unless the next sheet goes on with its rows; a
            // table whose head is not yet complete may go on (the head rows begin a new one).
            if afterSheetStart, let draft = current, draft.inIndicators, !isIndicatorContinuation(cells, width: draft.indicatorWidth) {
                finishProject()
            }
            if wholeRows {
                row(cells, line: line, isLastSegment: false)
            } else {
                held = (cells, line)
            }
        case .sheetStart:
            sheetJustStarted = true
        case .skippedSheet(let name, let reason):
            notes.append(Diagnostic(.note, at: SourceLocation(file: fileName, sheet: name), "工作表「\(name)」\(reason)，未读取。"))
        }
    }

    /// "第一部分", "部门整体绩效目标", "一、总体绩效目标": the heading of the 部门整体 part.
    static func opensDepartmentPart(_ text: String) -> Bool {
        let t = TextNormalizer.removingSpaces(text)
        return t.count <= 16 && (t.contains("部门整体") || t.contains("总体绩效目标") || t == "第一部分")
    }

    /// The unit named by a row or title: one unit per file.
    mutating func setDepartment(_ unit: (code: String, name: String, unit: String?), line: Int) {
        if let known = departmentCode, known != unit.code {
            error(line, "同一文件中出现了两个预算单位（\(known) 与 \(unit.code)）。请每个单位分别导入。")
        }
        departmentCode = unit.code
        departmentName = unit.name
        if let money = unit.unit { moneyUnit = money }
    }

    /// A row that begins a project's table: the unit's row ("342001沧州…本级") or the row of
    /// 项目编码 / 项目名称. Such a row ends the table before it and is never joined to it.
    static func isHeadRow(_ cells: [LayoutCell]) -> Bool {
        guard let first = cells.first else { return false }
        if departmentLine(first.text) != nil { return true }
        return cells.contains { cell in
            let t = TextNormalizer.removingSpaces(cell.text)
            return t == "项目编码" || t == "项目名称"
        }
    }

    /// A row on a new sheet that goes on with the table of the sheet before (a long table split
    /// over sheets): an indicator row of the table's width, not a head row.
    func isIndicatorContinuation(_ cells: [LayoutCell], width: Int?) -> Bool {
        guard let width, !Self.isHeadRow(cells) else { return false }
        let compact = cells.map { TextNormalizer.removingSpaces($0.text) }
        if compact.contains("一级指标") && compact.contains("三级指标") { return true }  // a repeated header
        return wholeRows ? cells.count >= 3 && cells.count <= width : cells.count == width
    }

    nonisolated(unsafe) static let trailingUnit = /[（(]?单位[:：](万元|元)[）)]?$/

    /// "342001沧州…本级" or "342001沧州…本级 单位：万元" as one text: (code, name, money unit).
    static func departmentLine(_ text: String) -> (code: String, name: String, unit: String?)? {
        let compact = TextNormalizer.removingSpaces(text)
        guard compact.first?.isNumber == true, let m = compact.wholeMatch(of: Patterns.departmentRow) else { return nil }
        var name = String(m.2)
        var unit: String?
        if let u = name.firstMatch(of: Self.trailingUnit) {
            unit = String(u.1)
            name = String(name[..<u.range.lowerBound])
        }
        // A name, not a number or a code such as 13091626P00016110003L.
        guard name.unicodeScalars.contains(where: { $0.properties.isIdeographic }), !name.contains("：") else { return nil }
        return (String(m.1), name, unit)
    }

    /// Ends the input.
    mutating func finish() {
        if let (cells, line) = held {
            held = nil
            row(cells, line: line, isLastSegment: true)
        }
        finishProject()
    }

    static func tableTitle(_ text: String) -> String? {
        let t = TextNormalizer.removingSpaces(text)
        guard t.hasSuffix("绩效目标表") else { return nil }
        return t.replacing(Patterns.tableNumber, with: "").replacingOccurrences(of: "绩效目标表", with: "")
    }

    mutating func row(_ cells: [LayoutCell], line: Int, isLastSegment: Bool) {
        let texts = cells.map(\.text)
        let compact = texts.map(TextNormalizer.removingSpaces)
        let fresh = current == nil
        if fresh {
            // A table without a title line: start a project anyway.
            current = ProjectDraft(title: nil, line: line)
            inPreamble = false
        }
        // Rows before this one that named nothing of a table: not part of the one this row begins.
        let afterNothing = !fresh && current!.namesNothing

        if let first = texts.first, first.first?.isNumber == true, let unitRow = Self.departmentLine(first) {
            if current!.inIndicators || current!.codeLine != nil || afterNothing {
                // The next table began without a title line (or after rows that were none).
                finishProject()
                current = ProjectDraft(title: nil, line: line)
            }
            current!.startedByUnitRow = true
            setDepartment(unitRow, line: line)
            if let unitCell = compact.dropFirst().first(where: { $0.hasPrefix("单位") }) {
                let unit = unitCell.replacing(Patterns.unitLabel, with: "")
                if unit == "元" || unit == "万元" { moneyUnit = unit } else if !unit.isEmpty {
                    error(line, "金额单位“\(unit)”无法识别：应为“万元”或“元”。")
                }
            }
            return
        }
        // (Bytes compared: this runs on every indicator row of a large file.)
        if current!.inIndicators || current!.codeLine != nil || afterNothing, compact.contains(where: { UTF8Bytes.equal($0, "项目编码") }) {
            // The next table began with its 项目编码 row (no title, the unit named only once).
            finishProject()
            current = ProjectDraft(title: nil, line: line)
            inPreamble = false
        }
        if current!.inIndicators {
            indicatorRow(cells, compact: compact, line: line, isLastSegment: isLastSegment)
            return
        }
        if let i = compact.firstIndex(of: "项目编码") {
            current!.code = value(after: i, in: texts)
            current!.codeLine = cells[i].line
            if current!.code.isEmpty { error(cells[i].line, "“项目编码”后应有编码（如 13091626P00016110003L），但单元格为空。") }
        }
        if let i = compact.firstIndex(of: "项目名称") {
            current!.name = value(after: i, in: texts)
        }
        if let i = compact.firstIndex(of: "预算数") {
            current!.budgetLine = cells[i].line
            let text = value(after: i, in: texts)
            if case .negative = Amounts.read(text) {
                error(i + 1 < cells.count ? cells[i + 1].line : cells[i].line, Amounts.negativeMessage("预算数", text))
                current!.budgetInvalid = true
            } else if let number = Decimals.parse(text) {
                current!.budget = number
            } else {
                let shown = text.isEmpty ? "空白" : "“\(text)”"
                error(i + 1 < cells.count ? cells[i + 1].line : cells[i].line, "预算数应为数字（单位万元，如 19.00），此处为\(shown)。请填写项目预算金额。")
                current!.budgetInvalid = true
            }
            if let j = compact.firstIndex(where: { $0.contains("财政资金") || $0.hasSuffix("财政拨款") }) {
                current!.fiscal = nonNegative(value(after: j, in: texts), "财政资金", line: j + 1 < cells.count ? cells[j + 1].line : line)
            }
            if let j = compact.firstIndex(of: "其他资金") {
                current!.other = nonNegative(value(after: j, in: texts), "其他资金", line: j + 1 < cells.count ? cells[j + 1].line : line)
            }
            current!.expectPurpose = true
            return
        }
        if compact.first?.hasPrefix("资金支出计划") == true {
            current!.planMonths = compact.dropFirst().compactMap { cell in
                cell.firstMatch(of: Patterns.monthLabel).flatMap { Int($0.1) }
            }
            current!.expectPlanValues = true
            current!.expectPurpose = false
            return
        }
        if compact.first == "绩效目标" || compact.first == "年度绩效目标" {
            current!.goal = texts.dropFirst().filter { !$0.isEmpty }.joined(separator: "\n")
            return
        }
        if compact.contains("一级指标") && compact.contains("三级指标") {
            current!.startIndicators(header: compact)
            return
        }
        if compact.first == "" {
            let rest = Array(texts.dropFirst())
            if current!.expectPlanValues {
                for (k, cell) in rest.enumerated() { _ = nonNegative(cell, "资金支出计划", line: cells[k + 1].line) }
                current!.planCells = rest
                current!.planLine = line
                current!.expectPlanValues = false
            } else if current!.expectPurpose {
                current!.purpose = rest.filter { !$0.isEmpty }.joined(separator: "\n")
                current!.expectPurpose = false
            }
        }
    }

    /// "第 14 行" in a text file, "工作表「2.危化品停车场费用」第1行" in a workbook.
    static func startLabel(_ location: SourceLocation, line: Int) -> String {
        if let sheet = location.sheet { return "\(sheet.hasPrefix("表格") ? sheet : "工作表「\(sheet)」")\(location.cell ?? "")" }
        return "第 \(location.line ?? line) 行"
    }

    mutating func indicatorRow(_ cells: [LayoutCell], compact: [String], line: Int, isLastSegment: Bool) {
        guard var draft = current, let width = draft.indicatorWidth else { return }
        var texts = cells.map(\.text)
        if texts.allSatisfy(\.isEmpty) { return }
        // The header again (a table continued on the next sheet or page repeats it).
        if compact.contains(where: { UTF8Bytes.equal($0, "一级指标") }) && compact.contains(where: { UTF8Bytes.equal($0, "三级指标") }) { return }
        if texts.count > width, texts[width...].allSatisfy(\.isEmpty) { texts = Array(texts.prefix(width)) }
        // A whole row (xlsx) ends at its last filled cell: the cells after it are blank.
        if wholeRows, texts.count < width { texts += Array(repeating: "", count: width - texts.count) }
        if texts.count != width {
            let last = cells.last!.line
            current?.hadRowError = true
            error(last, "指标表的一行应有 \(width) 个单元格（\(draft.headerNames.joined(separator: "、"))），此行（\(at(line)) 起）只读到 \(texts.count) 个\(isLastSegment ? "，文件在此中断" : "")。请检查表格是否完整。")
            return
        }
        func cell(_ column: IndicatorColumn) -> String {
            guard let i = draft.columns[column] else { return "" }
            return texts[i]
        }
        var level1 = cell(.level1), level2 = cell(.level2)
        if level1.isEmpty { level1 = draft.lastLevel1 } else { draft.lastLevel1 = level1 }
        if level2.isEmpty { level2 = draft.lastLevel2 } else { draft.lastLevel2 = level2 }
        if level1.isEmpty {
            error(line, "第一行指标缺少一级指标（应为产出指标 / 效益指标 / 满意度指标）。")
        }
        let target = TargetParser.parse(cell(.target), isCost: IndicatorTree.isCost(level2: level2))
        if let message = Amounts.negativeTargetMessage(target) { error(line, message) }
        let points = draft.columns[.points].flatMap { nonNegative(texts[$0], "分值", line: line) }
        draft.indicators.append(Indicator(
            level1: level1, level2: level2, level3: cell(.level3), description: cell(.description),
            target: target, basis: cell(.basis), points: points, source: at(line)
        ))
        current = draft
    }

    /// A number that may not be negative: a negative one is an error at `line` (and nil).
    mutating func nonNegative(_ text: String, _ field: String, line: Int) -> Decimal? {
        switch Amounts.read(text) {
        case .value(let d): return d
        case .negative:
            error(line, Amounts.negativeMessage(field, text))
            return nil
        case .blank, .notNumber: return Decimals.parse(text)
        }
    }

    func value(after index: Int, in texts: [String]) -> String {
        index + 1 < texts.count ? texts[index + 1] : ""
    }

    mutating func finishProject() {
        guard let draft = current else { return }
        current = nil
        if draft.namesNothing {
            // Rows that name nothing of a target table (a note, a list of remarks): not a project.
            notes.append(Diagnostic(.note, at: at(draft.line), "此处起的几行没有项目编码、预算数或指标表，不是绩效目标表，未读取。"))
            return
        }
        let label = draft.name.isEmpty ? (draft.title ?? "\(Self.startLabel(at(draft.line), line: draft.line))起的表") : draft.name
        var ok = true
        if draft.code.isEmpty {
            if draft.codeLine == nil {
                error(draft.line, "项目“\(label)”缺少项目编码：表中应有“项目编码”一格及其后的编码。")
            }
            ok = false
        }
        if draft.name.isEmpty {
            error(draft.line, "项目\(draft.code.isEmpty ? "" : " \(draft.code) ")缺少项目名称：表中应有“项目名称”一格及其后的名称。")
            ok = false
        }
        guard let budget = draft.budget else {
            if !draft.budgetInvalid {
                error(draft.line, "项目“\(label)”缺少预算数：表中应有“预算数”一格及其后的金额。")
            }
            return
        }
        if draft.indicatorWidth == nil {
            error(draft.line, "项目“\(label)”没有绩效指标表：应有“一级指标 / 二级指标 / 三级指标 / 绩效指标描述 / 指标值 / 指标值确定依据”表头及指标行。文件可能被截断。")
            ok = false
        } else if draft.indicators.isEmpty, !draft.hadRowError {
            error(draft.line, "项目“\(label)”的绩效指标表没有任何指标行。文件可能被截断。")
            ok = false
        }
        if !draft.code.isEmpty, !seenCodes.insert(draft.code).inserted {
            error(draft.codeLine ?? draft.line, "项目编码 \(draft.code) 在文件中出现了两次。每个项目编码只能对应一张绩效目标表。")
            ok = false
        }
        guard ok, !draft.hadRowError else { return }
        let plan = SpendingPlan.normalize(months: draft.planMonths, cells: draft.planCells, budget: budget)
        projects.append(Project(
            code: draft.code, name: draft.name, budget: budget, fiscalFunds: draft.fiscal, otherFunds: draft.other,
            purpose: draft.purpose, goal: draft.goal, plan: plan, indicators: draft.indicators, source: at(draft.line)
        ))
    }
}

/// The columns of an indicator table.
private enum IndicatorColumn: Hashable {
    case level1, level2, level3, description, target, basis, points
}

/// A project table being read.
private struct ProjectDraft {
    var title: String?
    var line: Int
    var code = ""
    var codeLine: Int?
    var name = ""
    var budget: Decimal?
    var budgetLine: Int?
    var budgetInvalid = false
    var fiscal: Decimal?
    var other: Decimal?
    var purpose = ""
    var expectPurpose = false
    var planMonths: [Int] = []
    var planCells: [String] = []
    var planLine: Int?
    var expectPlanValues = false
    var goal = ""
    var inIndicators = false
    var indicatorWidth: Int?
    var headerNames: [String] = []
    var columns: [IndicatorColumn: Int] = [:]
    var indicators: [Indicator] = []
    var lastLevel1 = ""
    var lastLevel2 = ""
    var hadRowError = false
    /// Begun by the unit's row ("342001沧州…本级"): a table's head, even if nothing follows.
    var startedByUnitRow = false

    /// Rows that named nothing of a target table so far: no title, unit row, code, name, budget
    /// or indicator header.
    var namesNothing: Bool {
        title == nil && !startedByUnitRow && codeLine == nil && name.isEmpty && budget == nil && !budgetInvalid && indicatorWidth == nil
    }

    init(title: String?, line: Int) {
        self.title = title
        self.line = line
    }

    mutating func startIndicators(header: [String]) {
        inIndicators = true
        indicatorWidth = header.count
        headerNames = header
        for (i, name) in header.enumerated() {
            switch name {
            case "一级指标": columns[.level1] = i
            case "二级指标": columns[.level2] = i
            case "三级指标": columns[.level3] = i
            case "绩效指标描述", "指标描述", "指标解释": columns[.description] = i
            case "指标值", "年度指标值", "目标值": columns[.target] = i
            case "指标值确定依据", "确定依据", "指标值设定依据": columns[.basis] = i
            case "分值", "权重", "指标分值": columns[.points] = i
            default: break
            }
        }
    }
}
