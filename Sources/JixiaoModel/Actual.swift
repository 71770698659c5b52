import Foundation

/// The qualitative tiers of 财预〔2020〕10号 (RULES.md §4), and 基本达成, which provincial forms add.
public enum Tier: String, Codable, Sendable, CaseIterable {
    /// 达成年度指标.
    case achieved = "达成"
    /// 基本达成: its own tier (RULES.md §4), not 部分达成; each profile sets its band.
    case basic = "基本达成"
    /// 部分达成年度指标并具有一定效果.
    case partial = "部分达成"
    /// 未达成年度指标且效果较差.
    case notAchieved = "未达成"

    /// The full wording of the tier.
    public var fullName: String {
        switch self {
        case .achieved: return "达成年度指标"
        case .basic: return "基本达成年度指标"
        case .partial: return "部分达成年度指标并具有一定效果"
        case .notAchieved: return "未达成年度指标且效果较差"
        }
    }

    /// Reads a tier from a cell by the standard words (full forms, short forms and common fillers:
    /// 达成预期指标, 已完成, 有效 → 达成). Returns nil for anything else.
    public static func parse(_ text: String) -> Tier? { TierWords.standard.parse(text) }
}

/// The words read as each tier, as a profile accepts them. A cell is matched by the first tier
/// (in the order 未达成, 部分达成, 基本达成, 达成) one of whose words it contains, so "部分达成" is never
/// read as 达成. A tier the profile does not accept (a profile without 基本达成) is still recognised —
/// so that its words are refused rather than read as another tier — but `parse` returns nil for it.
public struct TierWords: Hashable, Sendable {
    /// The words of each tier the profile accepts.
    public var words: [Tier: [String]]

    public init(words: [Tier: [String]]) { self.words = words }

    /// The words every shipped profile accepts.
    public static let standardWords: [Tier: [String]] = [
        .notAchieved: ["未达成", "未完成", "没有达成", "未达到", "效果较差", "未实现"],
        .partial: ["部分达成", "部分完成", "部分实现", "一定效果"],
        .basic: ["基本达成", "基本完成", "基本实现", "基本达到"],
        .achieved: ["达成", "已完成", "完成", "有效", "达到", "实现", "按时完成", "明显", "显著", "已达成", "全部完成"],
    ]

    /// All four tiers with the standard words.
    public static let standard = TierWords(words: standardWords)

    /// The order in which tiers are tried: a tier whose words contain another's comes first.
    static let order: [Tier] = [.notAchieved, .partial, .basic, .achieved]

    /// The tiers accepted, best first.
    public var accepted: [Tier] { Tier.allCases.filter { words[$0] != nil } }

    /// The short names of the accepted tiers, best first ("达成、基本达成、部分达成、未达成").
    public var names: [String] { accepted.map(\.rawValue) }

    /// The tier a cell names, by the profile's words; nil when it names none or a tier the profile
    /// does not accept.
    public func parse(_ text: String) -> Tier? {
        guard let tier = recognise(text) else { return nil }
        return words[tier] == nil ? nil : tier
    }

    /// The tier a cell names by any known word (the profile's, then the standard ones).
    public func recognise(_ text: String) -> Tier? {
        let t = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(text))
        if t.isEmpty { return nil }
        for tier in Self.order {
            let list = (words[tier] ?? []) + (Self.standardWords[tier] ?? [])
            if list.contains(where: { TextNormalizer.has(t, $0) }) { return tier }
        }
        return nil
    }
}

/// Targets met or missed in words (RULES.md §4): a target written as one word of a pair (合格, 完成,
/// 是, 达标, 有 — or the negative, 无 for "无安全事故") is met by the same word and missed by the other.
public enum BinaryWords {
    /// (met, missed) pairs; the positive word first.
    public static let pairs: [(String, String)] = [("是", "否"), ("有", "无"), ("合格", "不合格"), ("完成", "未完成"), ("达标", "不达标")]

    static func normal(_ text: String) -> String {
        TextNormalizer.removingSpaces(TextNormalizer.halfWidth(text)).trimmingCharacters(in: CharacterSet(charactersIn: "。.；;"))
    }

    /// The pair a target is written in, as (the word that meets it, the word that misses it); nil
    /// when the target is not one of the words.
    public static func pair(forTarget raw: String) -> (met: String, missed: String)? {
        let t = normal(raw)
        for (yes, no) in pairs {
            if t == yes { return (yes, no) }
            if t == no { return (no, yes) }
        }
        return nil
    }

    /// Whether `actual` meets a target written in the pair: true, false, or nil when it is neither word.
    public static func reads(_ actual: String, target: (met: String, missed: String)) -> Bool? {
        let a = normal(actual)
        if a == target.met { return true }
        if a == target.missed { return false }
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
    /// A target written in words met (true) or missed (false): 合格 / 不合格 …
    case binary(Bool)
}

/// The cell text that clears a recorded value (kept in the history like any change).
public enum ClearMark {
    public static let text = "清除"

    /// True when a cell asks to clear the value.
    public static func matches(_ raw: String) -> Bool {
        TextNormalizer.removingSpaces(TextNormalizer.halfWidth(raw)) == text
    }
}

/// One filled row of an actuals file, as read and validated.
public struct ActualEntry: Hashable, Sendable {
    /// 项目编码, or the department code for department-level rows.
    public var ownerCode: String
    /// 项目名称 as written ("" when the file has no such column): suggests a code for an unknown one.
    public var ownerName: String = ""
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
    /// True for a row read from a 自评表 sheet of a workbook (not its flat sheet): where both give the
    /// same indicator, they must agree.
    public var fromForm = false

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

    /// The key of a funds source's row: 上年结转资金 or 其他资金 (`source`), 全年预算数 or 全年执行数 (`item`).
    public static func fundsSource(_ ownerCode: String, _ source: String, _ item: String) -> IndicatorKey {
        IndicatorKey(normalizedOwner: TextNormalizer.removingSpaces(ownerCode), level1: SpecialRow.funds, level2: source, level3: item)
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
    /// The sources of a project's funds recorded beside the total (二级指标 of their rows).
    public static let sources = [carryover, otherFunds]
    /// 一级指标 of the overall-goal row.
    public static let goal = "年度总体目标"
    /// 一级指标 of a printed total row (audit).
    public static let total = "总分"
}
