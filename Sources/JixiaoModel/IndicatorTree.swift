import Foundation

/// The canonical level-1 categories of RULES.md §1, plus the funds block.
public enum Level1: String, Codable, Sendable, CaseIterable {
    case output = "产出指标"
    case benefit = "效益指标"
    case satisfaction = "满意度指标"

    /// The level-2 names under this category, in the order RULES.md §1 gives.
    public var level2Names: [String] {
        switch self {
        case .output: return ["数量指标", "质量指标", "时效指标", "成本指标"]
        case .benefit: return ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]
        case .satisfaction: return ["服务对象满意度指标"]
        }
    }

    // By case: the default for a String-backed enum hashes the Chinese raw value, normalising it to
    // NFC on every set insert and dictionary lookup.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .output: hasher.combine(0 as UInt8)
        case .benefit: hasher.combine(1 as UInt8)
        case .satisfaction: hasher.combine(2 as UInt8)
        }
    }
}

/// Normalises the level names written in real tables to the canonical tree, keeping the text as
/// written for display. Accepts the synonyms of RULES.md §1: names with or without the 指标 suffix,
/// 效果指标 = 效益指标, 可持续影响 = 可持续影响指标, and point annotations such as "产出指标(50分)".
public enum IndicatorTree {
    /// The canonical names, which need no normalising.
    public static let canonicalLevel1 = UTF8Set(Level1.allCases.map(\.rawValue))
    public static let canonicalLevel2 = UTF8Set(Level1.allCases.flatMap(\.level2Names))

    /// Strips spaces, full-width forms and a trailing "(50分)" style annotation.
    public static func clean(_ written: String) -> String {
        var text = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(written))
        // A trailing "(50分)" / "（50）" annotation: digits, an optional 分, in brackets.
        guard let lastScalar = text.unicodeScalars.last, ")）]】".unicodeScalars.contains(lastScalar), let last = text.last, ")）]】".contains(last),
              let open = text.lastIndex(where: { "(（[【".contains($0) }) else { return text }
        var inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
        if inner.hasSuffix("分") { inner = inner.dropLast() }
        if !inner.isEmpty, inner.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "." }) {
            text.removeSubrange(open...)
        }
        return text
    }

    /// The canonical level-1 for a written name, or nil when it is not one of the three.
    public static func level1(_ written: String) -> Level1? {
        // Stored names are canonical already: a byte comparison settles most calls.
        for c in Level1.allCases where UTF8Bytes.equal(c.rawValue, written) { return c }
        let text = clean(written)
        switch text {
        case "产出指标", "产出": return .output
        case "效益指标", "效益", "效果指标", "效果": return .benefit
        case "满意度指标", "满意度", "满意度指标（服务对象）", "服务对象满意度": return .satisfaction
        default: return nil
        }
    }

    /// The canonical level-2 for a written name, or the cleaned text when it is not a known one.
    public static func level2(_ written: String) -> String {
        if canonicalLevel2.contains(written) { return written }
        var text = clean(written)
        if text == "可持续影响" || text == "可持续发展指标" { return "可持续影响指标" }
        if text == "满意度指标" || text == "服务对象满意度" || text == "服务对象满意" { return "服务对象满意度指标" }
        if !text.hasSuffix("指标") {
            let candidate = text + "指标"
            if Level1.allCases.contains(where: { $0.level2Names.contains(candidate) }) { text = candidate }
        }
        return text
    }

    /// The level-1 a level-2 name belongs to by RULES.md §1, if it is a known one.
    public static func parent(ofLevel2 written: String) -> Level1? {
        let name = level2(written)
        return Level1.allCases.first { $0.level2Names.contains(name) }
    }

    /// True when the level-2 is 成本指标, where a bare number target is a ceiling.
    public static func isCost(level2 written: String) -> Bool {
        UTF8Bytes.equal(level2(written), "成本指标")
    }
}
