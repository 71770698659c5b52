import Foundation

/// A finding of RULES.md §8: a code, a severity, where it is, and a Chinese message that says what
/// is wrong and what to do. Raised by scoring, review and audit; stored with the score.
public struct Finding: Hashable, Sendable, Codable {
    public var code: String
    public var severity: Severity
    /// The project (or department) code it concerns.
    public var ownerCode: String
    /// The indicator it concerns (三级指标), or nil for the project as a whole.
    public var indicator: String?
    /// Where in a file it came from, if it came from a file.
    public var location: SourceLocation?
    public var message: String

    public init(_ code: String, _ severity: Severity, owner: String, indicator: String? = nil, location: SourceLocation? = nil, _ message: String) {
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
        return Diagnostic(severity, code: code, at: location, "\(subject)：\(message)")
    }

    /// The Chinese title of each code (RULES.md §8).
    public static let titles: [String: String] = [
        "R01": "指标值未量化", "R02": "以资金投入作为产出", "R03": "指标归类可疑", "R04": "目标与指标不一致",
        "R05": "成本指标缺失或方向错误", "R06": "满意度100%无调查佐证", "R07": "指标或数值空缺", "R08": "合计与分项不符",
        "R09": "全年预算数调减至等于执行数", "R10": "偏差原因空白", "R11": "自评得分与规则不符", "R12": "单一指标权重过大",
        "R13": "一级指标缺失", "R14": "预算执行率异常", "R15": "资金支出计划异常", "R16": "指标重复", "R17": "指标描述空泛",
        "R18": "指标值确定依据缺失", "R19": "指标值确定依据空泛", "R20": "目标与项目内容不符", "R21": "疑似错别字",
        "R22": "支出进度不均衡", "R23": "目标编号不连续", "R24": "跨年度延续项目",
    ]
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
