import Foundation

/// Reads a target cell (指标值) into a `TargetValue`, following RULES.md §2.
///
/// - quantitative: comparator + number + unit. Word and symbol comparators, "…以上/以内/以下"
///   suffixes, full-width digits, thousands separators and every percent spelling are accepted.
///   Without a comparator a number means ≥, except in 成本指标 where it means ≤.
/// - deadline: "2026年12月底前", "12月31日前", "2026-11-30".
/// - qualitative: anything else.
public enum TargetParser {
    /// Comparison spellings, longest first so that "不低于" wins over "低于".
    static let prefixComparisons: [(String, Comparison)] = [
        ("不低于", .atLeast), ("不少于", .atLeast), ("不小于", .atLeast), ("大于等于", .atLeast),
        ("不高于", .atMost), ("不超过", .atMost), ("不大于", .atMost), ("不多于", .atMost), ("小于等于", .atMost),
        ("大于", .greater), ("超过", .greater), ("高于", .greater), ("多于", .greater),
        ("低于", .less), ("少于", .less), ("小于", .less),
        ("等于", .equal),
        (">=", .atLeast), ("=>", .atLeast), ("<=", .atMost), ("=<", .atMost),
        ("≥", .atLeast), ("≧", .atLeast), ("⩾", .atLeast),
        ("≤", .atMost), ("≦", .atMost), ("⩽", .atMost),
        (">", .greater), ("<", .less),
        ("=", .equal), ("═", .equal), ("﹦", .equal), ("≡", .equal),
    ]

    /// Words that may stand before a number without changing it ("达到95%", "约100人").
    static let fillers = ["达到", "达", "为", "约", "在", "保持", "保证", "确保", "完成"]

    static let suffixComparisons: [(String, Comparison)] = [
        ("及以上", .atLeast), ("以上", .atLeast), ("及以内", .atMost), ("以内", .atMost),
        ("及以下", .atMost), ("以下", .atMost),
    ]

    /// Parses `raw`. `isCost` is true for indicators under 成本指标, where a bare number is a ceiling.
    public static func parse(_ raw: String, isCost: Bool = false) -> TargetValue {
        let trimmed = TextNormalizer.trim(raw)
        if trimmed.isEmpty { return TargetValue(raw: "", kind: .qualitative) }
        let text = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(trimmed))

        if let deadline = parseDeadline(text) {
            return TargetValue(raw: trimmed, kind: .deadline, deadline: deadline)
        }
        guard let numberRange = firstNumber(in: text) else {
            return TargetValue(raw: trimmed, kind: .qualitative)
        }

        var prefix = String(text[..<numberRange.lowerBound])
        var comparator: Comparison?
        if !prefix.isEmpty {
            for filler in fillers where prefix.hasPrefix(filler) {
                prefix.removeFirst(filler.count)
                break
            }
            for (spelling, comp) in prefixComparisons where prefix.hasSuffix(spelling) {
                comparator = comp
                prefix.removeLast(spelling.count)
                break
            }
            for filler in fillers where prefix == filler { prefix = "" }
        }
        guard prefix.isEmpty else { return TargetValue(raw: trimmed, kind: .qualitative) }

        var numberText = String(text[numberRange])
        numberText.removeAll { $0 == "," }
        guard let number = Decimals.parse(numberText) else {
            return TargetValue(raw: trimmed, kind: .qualitative)
        }

        var suffix = String(text[numberRange.upperBound...])
        for (spelling, comp) in suffixComparisons where TextNormalizer.has(suffix, "以") {
            if let range = suffix.range(of: spelling) {
                if comparator == nil { comparator = comp }
                suffix.removeSubrange(range)
                break
            }
        }
        if suffix.contains(where: { $0.isNumber && $0.isASCII }) {
            // A second number ("90%-95%", "3至5个") is not a single target: keep it as text.
            return TargetValue(raw: trimmed, kind: .qualitative)
        }
        let unit = Units.normalize(suffix)
        let implied = comparator == nil
        return TargetValue(
            raw: trimmed, kind: .quantitative,
            comparator: comparator ?? (isCost ? .atMost : .atLeast), comparatorImplied: implied,
            value: number, unit: unit
        )
    }

    /// The range of the first number (digits, optional thousands separators and decimals).
    static func firstNumber(in text: String) -> Range<String.Index>? {
        var i = text.startIndex
        while i < text.endIndex {
            if text[i].isASCII, text[i].isNumber {
                var start = i
                // A minus belongs to the number only at the very start ("-5" but not "3-5").
                if start > text.startIndex, text.index(before: start) == text.startIndex, text[text.startIndex] == "-" {
                    start = text.startIndex
                }
                var end = i
                var sawDot = false
                while end < text.endIndex {
                    let ch = text[end]
                    if ch.isASCII, ch.isNumber {
                        end = text.index(after: end)
                    } else if ch == ",", text.index(after: end) < text.endIndex, text[text.index(after: end)].isASCII, text[text.index(after: end)].isNumber {
                        end = text.index(after: end)
                    } else if ch == ".", !sawDot, text.index(after: end) < text.endIndex, text[text.index(after: end)].isASCII, text[text.index(after: end)].isNumber {
                        sawDot = true
                        end = text.index(after: end)
                    } else {
                        break
                    }
                }
                return start..<end
            }
            i = text.index(after: i)
        }
        return nil
    }

    // MARK: - Deadlines

    /// Reads "2026年12月底前", "2026年12月31日前", "12月底前", "12月31日前", "2026-11-30", "2026/11/30",
    /// "2026.11.30", and a date after "≤" or "不晚于" ("≤2026年12月", "≤2026-11-30": the month alone
    /// then means its last day). Returns nil for anything else.
    public static func parseDeadline(_ text: String) -> Deadline? {
        let s = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(text))
        for prefix in deadlinePrefixes where s.hasPrefix(prefix) {
            let rest = String(s.dropFirst(prefix.count))
            return datePart(rest) ?? parseMonth(rest)
        }
        return datePart(s)
    }

    /// Comparators that make a date a deadline: "on or before".
    static let deadlinePrefixes = ["≤", "<=", "≦", "⩽", "不晚于", "不迟于", "截至", "截止"]

    static func datePart(_ s: String) -> Deadline? {
        // Most targets are not dates: only "…月…" or "dddd-…" can be.
        let head = Array(s.utf8.prefix(5))
        let isoLike = head.count == 5 && head[0...3].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && (head[4] == 0x2D || head[4] == 0x2F || head[4] == 0x2E)
        guard isoLike || TextNormalizer.has(s, "月") else { return nil }
        let scalars = Array(s.unicodeScalars)
        if let (year, month, day) = DateText.iso(scalars) {
            return make(year: year, month: month, day: day)
        }
        if let (year, month, day) = DateText.chinese(scalars) {
            // "12月" alone is too vague to be a deadline unless it has 前/底/日: require one of them.
            let hasMarker = scalars.contains { "前底末日内".unicodeScalars.contains($0) }
            guard hasMarker else { return nil }
            return make(year: year, month: month, day: day)
        }
        return nil
    }

    /// A month as a completion date, read as its last day: "2026年11月", "2026年11月份", "2026.11",
    /// "2026-11", "2026/11", "11月", "11月底". Nil for anything else.
    public static func parseMonth(_ text: String) -> Deadline? {
        let s = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(text))
        let c = Array(s.unicodeScalars)
        func digits(_ i: inout Int, _ max: Int) -> Int? {
            var v = 0, n = 0
            while i < c.count, n < max, c[i].value >= 0x30, c[i].value <= 0x39 { v = v * 10 + Int(c[i].value - 0x30); i += 1; n += 1 }
            return n == 0 || (i < c.count && c[i].value >= 0x30 && c[i].value <= 0x39) ? nil : v
        }
        var i = 0
        var year: Int?
        var month: Int?
        if let y = digits(&i, 4), i == 4, i < c.count {
            if c[i] == "年" || c[i] == "." || c[i] == "-" || c[i] == "/" {
                let separator = c[i]
                i += 1
                year = y
                month = digits(&i, 2)
                if separator == "年" {
                    guard i < c.count, c[i] == "月" else { return nil }
                    i += 1
                }
            }
        } else {
            i = 0
            month = digits(&i, 2)
            guard i < c.count, c[i] == "月" else { return nil }
            i += 1
        }
        guard let month else { return nil }
        let rest = String(String.UnicodeScalarView(c[i...]))
        guard ["", "底", "末", "份", "内", "完成", "底完成", "份完成", "底前", "前"].contains(rest) else { return nil }
        return make(year: year, month: month, day: nil)
    }

    private static func make(year: Int?, month: Int, day: Int?) -> Deadline? {
        guard (1...12).contains(month) else { return nil }
        let last = lastDay(month: month, year: year ?? 2001)
        let d = day ?? last
        guard (1...last).contains(d) else { return nil }
        if let year, !(1900...2999).contains(year) { return nil }
        return Deadline(year: year, month: month, day: d)
    }

    static func lastDay(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// The two date forms of a deadline, read by hand: the same language as `Patterns.isoDate` and
/// `Patterns.chineseDate` matched whole (a test holds them equal), several times faster than the
/// regexes, and only ASCII digits count (the regexes' `\d` also took other scripts' digits, which
/// `Int` then could not read).
enum DateText {
    /// `dddd[-/.]d{1,2}[-/.]d{1,2}` then optional 日, then optional 前 | 之前 | 以前.
    static func iso(_ c: [Unicode.Scalar]) -> (Int?, Int, Int?)? {
        var i = 0
        guard let year = digits(c, &i, min: 4, max: 4), separator(c, &i),
              let month = digits(c, &i, min: 1, max: 2), separator(c, &i),
              let day = digits(c, &i, min: 1, max: 2) else { return nil }
        if i < c.count, c[i] == "日" { i += 1 }
        guard suffix(c, i, ["前", "之前", "以前"]) else { return nil }
        return (year, month, day)
    }

    /// `(dddd年)?d{1,2}月`, then optional (d{1,2}日 | 底 | 末 | 份), then optional
    /// 前 | 之前 | 以前 | 内 | 完成 | 前完成.
    static func chinese(_ c: [Unicode.Scalar]) -> (Int?, Int, Int?)? {
        var i = 0
        var year: Int?
        var probe = 0
        if let y = digits(c, &probe, min: 4, max: 4), probe < c.count, c[probe] == "年" {
            year = y
            i = probe + 1
        }
        guard let month = digits(c, &i, min: 1, max: 2), i < c.count, c[i] == "月" else { return nil }
        i += 1
        let suffixes = ["前", "之前", "以前", "内", "完成", "前完成"]
        // The day part is optional: try it, and without it.
        var j = i
        if let day = digits(c, &j, min: 1, max: 2), j < c.count, c[j] == "日", suffix(c, j + 1, suffixes) {
            return (year, month, day)
        }
        if i < c.count, "底末份".unicodeScalars.contains(c[i]), suffix(c, i + 1, suffixes) { return (year, month, nil) }
        return suffix(c, i, suffixes) ? (year, month, nil) : nil
    }

    private static func digits(_ c: [Unicode.Scalar], _ i: inout Int, min: Int, max: Int) -> Int? {
        var value = 0, n = 0
        while i + n < c.count, n < max, let d = asciiDigit(c[i + n]) {
            value = value * 10 + d
            n += 1
        }
        // Greedy like the regex: a further digit after `max` of them means no match here.
        guard n >= min, !(i + n < c.count && asciiDigit(c[i + n]) != nil) else { return nil }
        i += n
        return value
    }

    private static func asciiDigit(_ s: Unicode.Scalar) -> Int? {
        s.value >= 0x30 && s.value <= 0x39 ? Int(s.value - 0x30) : nil
    }

    private static func separator(_ c: [Unicode.Scalar], _ i: inout Int) -> Bool {
        guard i < c.count, c[i] == "-" || c[i] == "/" || c[i] == "." else { return false }
        i += 1
        return true
    }

    /// Whether the rest of `c` from `i` is empty or exactly one of `options`.
    private static func suffix(_ c: [Unicode.Scalar], _ i: Int, _ options: [String]) -> Bool {
        let rest = c[min(i, c.count)...]
        return rest.isEmpty || options.contains { rest.elementsEqual($0.unicodeScalars) }
    }
}

/// Regular expressions compiled once: a regex literal is compiled again each time it is
/// evaluated, which dominated scoring time.
public enum Patterns {
    nonisolated(unsafe) public static let isoDate = /(\d{4})[-\/.](\d{1,2})[-\/.](\d{1,2})(日)?(前|之前|以前)?/
    nonisolated(unsafe) public static let chineseDate = /(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日|底|末|份)?(?:前|之前|以前|内|完成|前完成)?/
    nonisolated(unsafe) public static let trailingScore = /(\d+(?:\.\d+)?)\s*分?\s*[)）]?$/
    nonisolated(unsafe) public static let projectCodeYear = /^\d{6}(\d{2})P/
    nonisolated(unsafe) public static let departmentRow = /(\d{6,})(\S+)/
    nonisolated(unsafe) public static let annotatedPoints = /[(\[【（]([\d.]+)分?[)\]】）]$/
    nonisolated(unsafe) public static let tableNumber = /^\d+[.、．]/
    nonisolated(unsafe) public static let unitLabel = /^单位[:：]/
    nonisolated(unsafe) public static let monthLabel = /(\d{1,2})月/
    nonisolated(unsafe) public static let bookmark = /\[bookmark:[^\]]*\]/
    nonisolated(unsafe) public static let placeholder = /[(（][^()（）]*\*\*[^()（）]*[)）]/
}
