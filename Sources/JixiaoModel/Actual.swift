import Foundation

/// The qualitative tiers of 财预〔2020〕10号 (RULES.md §4).
public enum Tier: String, Codable, Sendable, CaseIterable {
    /// 达成年度指标.
    case achieved = "达成"
    /// 部分达成年度指标并具有一定效果.
    case partial = "部分达成"
    /// 未达成年度指标且效果较差.
    case notAchieved = "未达成"

    /// The full wording of the tier.
    public var fullName: String {
        switch self {
        case .achieved: return "达成年度指标"
        case .partial: return "部分达成年度指标并具有一定效果"
        case .notAchieved: return "未达成年度指标且效果较差"
        }
    }

    /// Reads a tier from a cell: full forms, short forms and common fillers
    /// (达成预期指标, 已完成, 有效 → 达成). Returns nil for anything else.
    public static func parse(_ text: String) -> Tier? {
        let t = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(text))
        if t.isEmpty { return nil }
        let notAchieved = ["未达成", "未完成", "没有达成", "未达到", "效果较差", "未实现"]
        if notAchieved.contains(where: { TextNormalizer.has(t, $0) }) { return .notAchieved }
        let partial = ["部分达成", "部分完成", "基本达成", "基本完成", "部分实现", "一定效果"]
        if partial.contains(where: { TextNormalizer.has(t, $0) }) { return .partial }
        let achieved = ["达成", "已完成", "完成", "有效", "达到", "实现", "按时完成", "明显", "显著", "已达成", "全部完成"]
        if achieved.contains(where: { TextNormalizer.has(t, $0) }) { return .achieved }
        return nil
    }
}

/// A reported actual (实际完成值), parsed against its target.
public enum ActualValue: Hashable, Sendable {
    /// A number in the target's unit (converted where needed; percent as 0–100).
    case number(Decimal)
    /// A completion date.
    case date(Deadline)
    /// A qualitative tier, with a score the user gave inside its band.
    case tier(Tier, score: Decimal?)
}

/// One filled row of an actuals file, as read and validated.
public struct ActualEntry: Hashable, Sendable {
    /// 项目编码, or the department code for department-level rows.
    public var ownerCode: String
    public var level1: String
    public var level2: String
    public var level3: String
    /// 实际完成值 as written.
    public var raw: String
    /// 分值 as written (empty when not given).
    public var pointsRaw: String
    /// 得分 as written (a claimed score; used by audit).
    public var claimedScoreRaw: String
    /// 偏差原因分析及改进措施.
    public var reason: String
    public var source: SourceLocation?

    public init(ownerCode: String, level1: String, level2: String, level3: String, raw: String, pointsRaw: String = "",
                claimedScoreRaw: String = "", reason: String = "", source: SourceLocation? = nil) {
        self.ownerCode = ownerCode
        self.level1 = level1
        self.level2 = level2
        self.level3 = level3
        self.raw = raw
        self.pointsRaw = pointsRaw
        self.claimedScoreRaw = claimedScoreRaw
        self.reason = reason
        self.source = source
    }

    /// The key that matches this row to an indicator.
    public var key: IndicatorKey { IndicatorKey(ownerCode: ownerCode, level1: level1, level2: level2, level3: level3) }
}

/// Identifies an indicator (or a funds / goal row) across files and re-imports: the owner's code
/// and the three level names, normalised (spaces, full-width forms, synonyms of RULES.md §1).
public struct IndicatorKey: Hashable, Sendable, CustomStringConvertible {
    public var ownerCode: String
    public var level1: String
    public var level2: String
    public var level3: String

    public init(ownerCode: String, level1: String, level2: String, level3: String) {
        self.ownerCode = TextNormalizer.removingSpaces(ownerCode)
        if IndicatorTree.canonicalLevel1.contains(level1) {
            self.level1 = level1
        } else {
            let l1 = IndicatorTree.clean(level1)
            self.level1 = IndicatorTree.level1(l1)?.rawValue ?? l1
        }
        self.level2 = IndicatorTree.canonicalLevel2.contains(level2) ? level2 : IndicatorTree.level2(level2)
        self.level3 = IndicatorTree.clean(level3)
    }

    /// A key from names already normalised (as stored): no normalisation again.
    public init(normalizedOwner ownerCode: String, level1: String, level2: String, level3: String) {
        self.ownerCode = ownerCode
        self.level1 = level1
        self.level2 = level2
        self.level3 = level3
    }

    public init(ownerCode: String, indicator: Indicator) {
        self.init(ownerCode: ownerCode, level1: indicator.level1, level2: indicator.level2, level3: indicator.level3)
    }

    public var description: String { "\(ownerCode) \(level1)/\(level2)/\(level3)" }

    // Hashing and equality on the UTF-8 bytes: the names are normalised when a key is made, and
    // String's own hashing normalises Chinese text to NFC again on every lookup.
    public static func == (a: IndicatorKey, b: IndicatorKey) -> Bool {
        UTF8Bytes.equal(a.ownerCode, b.ownerCode) && UTF8Bytes.equal(a.level3, b.level3)
            && UTF8Bytes.equal(a.level2, b.level2) && UTF8Bytes.equal(a.level1, b.level1)
    }

    // The owner and the indicator's name tell keys apart almost always; the level names, a
    // handful of values, are left to ==.
    public func hash(into hasher: inout Hasher) {
        UTF8Bytes.hash(ownerCode, into: &hasher)
        UTF8Bytes.hash(level3, into: &hasher)
    }

    /// The key of a funds row (全年预算数, 全年执行数, …) of a project.
    public static func funds(_ ownerCode: String, _ item: String) -> IndicatorKey {
        // The two fixed level names are already in normal form (what the full init makes of them).
        IndicatorKey(normalizedOwner: TextNormalizer.removingSpaces(ownerCode), level1: SpecialRow.funds,
                     level2: SpecialRow.fundsLevel2, level3: IndicatorTree.clean(item))
    }

    /// The key of the 年度总体目标 row of a project or department.
    public static func goal(_ ownerCode: String) -> IndicatorKey {
        // What the full init makes of these names, without normalising them again.
        IndicatorKey(normalizedOwner: TextNormalizer.removingSpaces(ownerCode), level1: SpecialRow.goal, level2: "", level3: "")
    }
}

/// The fixed rows of an actuals file besides indicators.
public enum SpecialRow {
    /// 一级指标 of the funds rows.
    public static let funds = "项目资金"
    /// 二级指标 of the funds rows.
    public static let fundsLevel2 = "年度资金总额"
    /// 三级指标 of the funds rows.
    public static let budget = "全年预算数"
    public static let executed = "全年执行数"
    public static let carryover = "上年结转资金"
    public static let otherFunds = "其他资金"
    /// 一级指标 of the overall-goal row.
    public static let goal = "年度总体目标"
    /// 一级指标 of a printed total row (audit).
    public static let total = "总分"
}
