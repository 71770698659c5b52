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
///
/// The fields live in a shared, copy-on-write box: an indicator is copied many times while a
/// province is scored (into keys, results, checks), and copying the box is one reference count
/// where copying the fields was a dozen.
public struct Indicator: Hashable, Sendable {
    struct Fields: Hashable, Sendable {
        var level1: String
        var level2: String
        var level3: String
        var description: String
        var target: TargetValue
        var basis: String
        var points: Decimal?
        var source: SourceLocation?
    }

    final class Box: @unchecked Sendable {  // never mutated once shared (see `fields`)
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    private var fields: Fields {
        get { box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }

    /// 一级指标 as written (e.g. "产出指标").
    public var level1: String {
        get { box.fields.level1 }
        set { fields.level1 = newValue }
    }
    /// 二级指标 as written (e.g. "时效指标").
    public var level2: String {
        get { box.fields.level2 }
        set { fields.level2 = newValue }
    }
    /// 三级指标 — the indicator's name.
    public var level3: String {
        get { box.fields.level3 }
        set { fields.level3 = newValue }
    }
    /// 绩效指标描述.
    public var description: String {
        get { box.fields.description }
        set { fields.description = newValue }
    }
    /// 指标值, raw and parsed.
    public var target: TargetValue {
        get { box.fields.target }
        set { fields.target = newValue }
    }
    /// 指标值确定依据.
    public var basis: String {
        get { box.fields.basis }
        set { fields.basis = newValue }
    }
    /// 分值 when the table gives one; nil means "split by the profile".
    public var points: Decimal? {
        get { box.fields.points }
        set { fields.points = newValue }
    }
    /// Where the row was read.
    public var source: SourceLocation? {
        get { box.fields.source }
        set { fields.source = newValue }
    }

    public init(
        level1: String, level2: String, level3: String, description: String = "",
        target: TargetValue, basis: String = "", points: Decimal? = nil, source: SourceLocation? = nil
    ) {
        box = Box(Fields(level1: level1, level2: level2, level3: level3, description: description, target: target, basis: basis, points: points, source: source))
    }

    public static func == (a: Indicator, b: Indicator) -> Bool { a.box === b.box || a.box.fields == b.box.fields }

    public func hash(into hasher: inout Hasher) { box.fields.hash(into: &hasher) }

    /// The canonical level-1 category, if the written name is one of the three.
    public var category: Level1? { IndicatorTree.level1(level1) }
}
