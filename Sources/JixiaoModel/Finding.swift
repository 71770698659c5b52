import Foundation

/// A finding of RULES.md §8: a code, a severity, where it is, and a Chinese message that says what
/// is wrong and what to do. Raised by scoring, review and audit; stored with the score.
public struct Finding: Hashable, Sendable, Codable {
    public var code: FindingCode
    public var severity: Severity
    /// The project (or department) code it concerns.
    public var ownerCode: String
    /// The indicator it concerns (三级指标), or nil for the project as a whole.
    public var indicator: String?
    /// Where in a file it came from, if it came from a file.
    public var location: SourceLocation?
    public var message: String

    public init(_ code: FindingCode, _ severity: Severity, owner: String, indicator: String? = nil, location: SourceLocation? = nil, _ message: String) {
        self.code = code
        self.severity = severity
        self.ownerCode = owner
        self.indicator = indicator
        self.location = location
        self.message = message
    }

    /// The finding as a diagnostic, for printing.
    public var diagnostic: Diagnostic {
        var subject = ownerCode
        if let indicator { subject += " / \(indicator)" }
        return Diagnostic(severity, code: code.rawValue, at: location, "\(subject)：\(message)")
    }

    /// The Chinese title of each code (RULES.md §8), by code text.
    public static let titles: [String: String] = Dictionary(uniqueKeysWithValues: FindingCode.allCases.map { ($0.rawValue, $0.title) })
}

/// The code of a finding (RULES.md §8's review flags, and the checks added since): stored and
/// printed as its text ("R07").
public enum FindingCode: String, CaseIterable, Codable, Sendable, Comparable, CustomStringConvertible {
    case r01 = "R01", r02 = "R02", r03 = "R03", r04 = "R04", r05 = "R05", r06 = "R06", r07 = "R07", r08 = "R08"
    case r09 = "R09", r10 = "R10", r11 = "R11", r12 = "R12", r13 = "R13", r14 = "R14", r15 = "R15", r16 = "R16"
    case r17 = "R17", r18 = "R18", r19 = "R19", r20 = "R20", r21 = "R21", r22 = "R22", r23 = "R23", r24 = "R24"

    /// The Chinese title.
    public var title: String {
        switch self {
        case .r01: return "指标值未量化"
        case .r02: return "以资金投入作为产出"
        case .r03: return "指标归类可疑"
        case .r04: return "目标与指标不一致"
        case .r05: return "成本指标缺失或方向错误"
        case .r06: return "满意度100%无调查佐证"
        case .r07: return "指标或数值空缺"
        case .r08: return "合计与分项不符"
        case .r09: return "全年预算数调减至等于执行数"
        case .r10: return "偏差原因空白"
        case .r11: return "自评得分与规则不符"
        case .r12: return "单一指标权重过大"
        case .r13: return "一级指标缺失"
        case .r14: return "预算执行率异常"
        case .r15: return "资金支出计划异常"
        case .r16: return "指标重复"
        case .r17: return "指标描述空泛"
        case .r18: return "指标值确定依据缺失"
        case .r19: return "指标值确定依据空泛"
        case .r20: return "目标与项目内容不符"
        case .r21: return "疑似错别字"
        case .r22: return "支出进度不均衡"
        case .r23: return "目标编号不连续"
        case .r24: return "跨年度延续项目"
        }
    }

    /// The code a stored finding names; a code this version does not know reads as R07 so an old
    /// or foreign database still lists the finding (its message is kept as written).
    public init(stored text: String) { self = FindingCode(rawValue: text) ?? .r07 }

    public var description: String { rawValue }
    public static func < (a: FindingCode, b: FindingCode) -> Bool { a.rawValue < b.rawValue }
}

/// Codes of 偏差原因 (RULES.md §8), read from a reason text.
public enum DeviationReason: String, CaseIterable, Sendable {
    case d01 = "D01", d02 = "D02", d03 = "D03", d04 = "D04", d05 = "D05", d06 = "D06", d07 = "D07", d08 = "D08", d09 = "D09"

    public var title: String {
        switch self {
        case .d01: return "尾款/质保金未付"
        case .d02: return "政府采购节约"
        case .d03: return "预算编制不精准"
        case .d04: return "资金拨付不及时"
        case .d05: return "项目跨年度实施"
        case .d06: return "年中预算调整"
        case .d07: return "政策/外部/不可抗力"
        case .d08: return "目标值设定偏低"
        case .d09: return "目标值设定过高"
        }
    }

    /// The codes a reason names, by code ("D08") or by title ("目标值设定偏低").
    public static func codes(in reason: String) -> [DeviationReason] {
        allCases.filter { TextNormalizer.has(reason, $0.rawValue) || TextNormalizer.has(reason, $0.title) }
    }

    /// The mark that opens a reason the engine suggested; such text is never the unit's own.
    public static let suggestedMark = "【系统建议】"

    /// True when a reason counts as given: not blank, not "0", "无", "/" or "—".
    public static func isGiven(_ reason: String) -> Bool {
        let t = TextNormalizer.removingSpaces(reason)
        if UTF8Bytes.hasPrefix(t, suggestedMark) { return false }
        return !blankReasons.contains(t)
    }

    // Compared by bytes: String's == and hasPrefix normalise Chinese text on every call.
    static let blankReasons = UTF8Set(["", "0", "无", "/", "-", "—", "－", "无偏差", "N/A", "n/a", "暂无"])
}
