import Foundation

/// Where a value came from in a user's file: the file name and a line, or a sheet and cell.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var sheet: String?
    public var cell: String?

    public init(file: String? = nil, line: Int? = nil, sheet: String? = nil, cell: String? = nil) {
        self.file = file
        self.line = line
        self.sheet = sheet
        self.cell = cell
    }

    /// "seed.txt:85", "book.xlsx 工作表 项目 单元格 C7", or "seed.txt".
    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let line { return parts.isEmpty ? "第 \(line) 行" : "\(parts[0]):\(line)" }
        // A docx table ("表格1") reads without the word 工作表.
        if let sheet { parts.append(sheet.hasPrefix("表格") ? sheet : "工作表「\(sheet)」") }
        if let cell { parts.append(cell.hasPrefix("第") ? cell : "单元格 \(cell)") }
        return parts.joined(separator: " ")
    }
}

/// One performance indicator (三级指标) with its target, as the target table states it.
public struct Indicator: Hashable, Sendable {
    /// 一级指标 as written (e.g. "产出指标").
    public var level1: String
    /// 二级指标 as written (e.g. "时效指标").
    public var level2: String
    /// 三级指标 — the indicator's name.
    public var level3: String
    /// 绩效指标描述.
    public var description: String
    /// 指标值, raw and parsed.
    public var target: TargetValue
    /// 指标值确定依据.
    public var basis: String
    /// 分值 when the table gives one; nil means "split by the profile".
    public var points: Decimal?
    /// Where the row was read.
    public var source: SourceLocation?

    public init(
        level1: String, level2: String, level3: String, description: String = "",
        target: TargetValue, basis: String = "", points: Decimal? = nil, source: SourceLocation? = nil
    ) {
        self.level1 = level1
        self.level2 = level2
        self.level3 = level3
        self.description = description
        self.target = target
        self.basis = basis
        self.points = points
        self.source = source
    }

    /// The canonical level-1 category, if the written name is one of the three.
    public var category: Level1? { IndicatorTree.level1(level1) }
}
