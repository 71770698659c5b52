import Foundation
import JixiaoModel

/// What a finance-bureau reviewer writes in the margin of a 绩效目标表 (issue 13), beyond the rule
/// checks: run by `review` only, never at score time, so scores and their findings do not change.
///
/// - R13 (extended): 产出指标 without a 数量指标 or 质量指标.
/// - R19: a 指标值确定依据 that repeats the goal or the indicator instead of naming a source.
/// - R20: a 绩效目标 speaking of things the project's name, purpose and indicators never mention.
/// - R21: likely typos: unmatched brackets, stray digits and symbols in a name, `CommonTypos`.
/// - R22: a spending plan that stands still for a quarter and then jumps, or spends over half of
///   the budget by 3月底.
/// - R23: a numbered list of goals with a number missing.
/// - R24: a project code of another year than the table's (a continuing project).
public enum ReviewerChecks {
    static func fmt(_ d: Decimal) -> String { Decimals.short(d, 2) }

    /// Every check of one project.
    public static func project(_ p: Project, year: Int) -> [Finding] {
        outputCategories(p) + basis(p) + goalContent(p) + typos(p) + planPace(p)
            + numbering(p.goal, owner: p.code, what: "绩效目标", location: { _ in p.source }) + continuing(p, year: year)
    }

    // MARK: - R13: the output categories

    /// The 二级指标 of 产出指标 every project is expected to have.
    static let expectedOutputs = ["数量指标", "质量指标"]

    static func outputCategories(_ p: Project) -> [Finding] {
        let outputs = p.indicators.filter { $0.category == .output }
        guard !outputs.isEmpty else { return [] }  // a missing 产出指标 is R13 of the rule checks
        let present = Set(outputs.map { IndicatorTree.level2($0.level2) })
        let missing = expectedOutputs.filter { !present.contains($0) }
        guard !missing.isEmpty else { return [] }
        let has = outputs.map { IndicatorTree.level2($0.level2) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return [Finding(.r13, .warning, owner: p.code, location: p.source,
            "产出指标只有\(has.map { "“\($0)”" }.joined(separator: "、"))，缺少\(missing.map { "“\($0)”" }.joined(separator: "、"))。产出指标应说明做了多少（数量）、做得怎样（质量）。请补充\(missing.joined(separator: "和"))。")]
    }

    // MARK: - R19: the basis of a target

    /// Words that show a basis names where the value comes from.
    static let sourceWords = [
        "标准", "计划", "规划", "方案", "文件", "通知", "办法", "规定", "合同", "协议", "预算", "测算", "统计", "历史", "上年",
        "往年", "以前年度", "行业", "国家", "设计", "批复", "任务书", "考核", "要求", "数据", "《", "政策", "定额", "清单",
        "调查", "问卷", "抽样", "抽查", "验收", "监测", "检测", "台账", "报告", "记录", "审计",
    ]

    static let sourceBytes = sourceWords.map { Array($0.utf8) }

    /// True when `text` holds one of `words` (UTF-8 bytes): a byte search, where String's own
    /// `contains` compares Characters.
    static func containsAny(_ text: String, _ words: [[UInt8]]) -> Bool {
        let bytes = Array(text.utf8)
        for w in words where w.count <= bytes.count {
            var i = 0
            while i + w.count <= bytes.count {
                if bytes[i] == w[0] {
                    var k = 1
                    while k < w.count, bytes[i + k] == w[k] { k += 1 }
                    if k == w.count { return true }
                }
                i += 1
            }
        }
        return false
    }

    /// A basis that is the indicator's name, or repeats the project's goal or the indicator's
    /// description without naming a source (a survey, a standard, a document).
    static func basis(_ p: Project) -> [Finding] {
        let goals = goalSentences(p.goal)
        var findings: [Finding] = []
        for i in p.indicators {
            let b = IndicatorTree.clean(i.basis)
            guard !b.isEmpty else { continue }
            let namesSource = containsAny(b, sourceBytes)
            let repeats: String?
            if b == IndicatorTree.clean(i.level3) {
                repeats = "指标名称"
            } else if namesSource {
                repeats = nil
            } else if goals.contains(where: { $0 == b || $0.count >= 6 && b.count >= 6 && ($0.contains(b) || b.contains($0)) }) {
                repeats = "绩效目标"
            } else if b == IndicatorTree.clean(i.description) {
                repeats = "指标描述"
            } else {
                repeats = nil
            }
            guard let repeats else { continue }
            findings.append(Finding(.r19, .note, owner: p.code, indicator: i.level3, location: i.source,
                "指标值确定依据“\(TextNormalizer.trim(i.basis))”只重复了\(repeats)，没有说明指标值从何而来。请写明依据：计划标准、行业标准、历史标准，或文件（如项目实施方案、合同）。"))
        }
        return findings
    }

    /// A goal's sentences without their numbering: "1. 保障…\n2.完成…" → ["保障…", "完成…"].
    static func goalSentences(_ goal: String) -> [String] {
        goal.split(whereSeparator: { "\n。；;".contains($0) }).map { line in
            let t = IndicatorTree.clean(String(line))
            return marker(t).map { String(t.dropFirst($0.length)) } ?? t
        }.filter { !$0.isEmpty }
    }

    // MARK: - R20: a goal that speaks of something else

    /// Words any goal may use without the project mentioning them.
    static let genericWords: [String] = [
        "进一步", "保障", "相关", "工作", "顺利", "开展", "提高", "提升", "完成", "项目", "建设", "进行", "确保", "保证",
        "实现", "加强", "推进", "落实", "促进", "推动", "全面", "有效", "按时", "按照", "年度", "目标", "绩效", "资金",
        "使用", "效率", "效益", "水平", "能力", "服务", "管理", "正常", "运行", "运转", "需要", "需求", "满足", "及时",
        "做好", "不断", "达到", "预期", "以上", "通过", "提倡", "以及", "发挥", "作用", "改善", "维护", "保持", "稳定",
        "安全", "质量", "任务", "要求", "规范", "完善", "持续", "发展", "社会", "群众", "满意", "情况", "全年", "计划",
        "铺设", "新建", "改造", "配套", "实施", "采购", "购置", "设置", "组织", "根据", "开展",
        "和", "的", "及", "等", "对", "在", "为", "了", "与", "并", "将", "使", "其", "内", "全", "各", "每", "个", "是",
    ]

    /// Reports the goal's words that appear nowhere in the project's name, purpose, indicator names,
    /// descriptions and bases, when they are most of what the goal says (a goal copied from
    /// another project). A word is a run of the goal's characters found in none of those texts,
    /// after the longest pieces that are found have been taken out.
    ///
    /// Most of the goal foreign is a warning (a goal copied from another project); a quarter of it
    /// a note (a goal that promises what no indicator measures, or a mistyped word).
    static func goalContent(_ p: Project) -> [Finding] {
        let reference = [p.name, p.purpose] + p.indicators.flatMap { [$0.level3, $0.description, $0.basis] }
        let (unsupported, content) = foreignWords(in: p.goal, reference: reference)
        let foreign = unsupported.reduce(0) { $0 + $1.count }
        guard content >= 4, !unsupported.isEmpty, foreign * 4 >= content else { return [] }
        let words = unsupported.prefix(8).map { "“\($0)”" }.joined(separator: "、")
        if foreign * 2 > content {
            return [Finding(.r20, .warning, owner: p.code, location: p.source,
                "绩效目标中的\(words)在项目名称、资金用途和各项指标中都没有出现，目标可能抄自其他项目。请核对绩效目标是否写的是本项目，并使指标覆盖目标的内容。")]
        }
        return [Finding(.r20, .note, owner: p.code, location: p.source,
            "绩效目标中的\(words)在项目名称、资金用途和各项指标中都没有出现：目标所说的没有指标衡量，或是错别字、抄自其他项目。请核对目标，或补充相应的指标。")]
    }

    /// Units after a number, longest first.
    static let measureWords = ["平方公里", "平方米", "立方米", "公里", "千米", "万元", "人次", "小时", "米", "亩", "个", "座", "台", "套",
                               "次", "人", "户", "家", "所", "处", "项", "件", "辆", "吨", "元", "天", "年", "月", "日", "条", "棵", "株", "盏", "批"]

    /// The goal's words found nowhere in `reference`, and the count of the goal's content characters.
    ///
    /// Linear in the goal's length: the reference's positions are indexed by character pair, and a
    /// piece found there is at most `longestPiece` characters (a name of a thing, not a sentence).
    static func foreignWords(in goal: String, reference: [String]) -> (words: [String], content: Int) {
        let text = Array(TextNormalizer.removingSpaces(TextNormalizer.halfWidth(goal)).unicodeScalars)
        var covered = [Bool](repeating: false, count: text.count)
        var isContent = text.map { $0.properties.isIdeographic }
        func isNumber(_ c: Unicode.Scalar) -> Bool { ChineseNumerals.isNumeral(Character(c)) || c.isASCII && c.properties.numericType != nil }
        func matches(_ word: [Unicode.Scalar], at k: Int) -> Bool {
            k + word.count <= text.count && (0..<word.count).allSatisfy { text[k + $0] == word[$0] }
        }
        // Quantities ("四座", "30万平方米") are R04's business: a number and the unit after it.
        var k = 0
        while k < text.count {
            guard isNumber(text[k]) else { k += 1; continue }
            while k < text.count, isNumber(text[k]) || text[k] == "." {
                isContent[k] = false
                k += 1
            }
            if let unit = measureScalars.first(where: { matches($0, at: k) }) {
                for j in k..<(k + unit.count) { isContent[j] = false }
                k += unit.count
            }
        }
        // Generic words are neither content nor foreign (the longest that starts at each place).
        var g = 0
        while g < text.count {
            if isContent[g], let candidates = genericByFirst[text[g]],
               let w = candidates.first(where: { matches($0, at: g) && (g..<(g + $0.count)).allSatisfy { isContent[$0] } }) {
                for j in g..<(g + w.count) { isContent[j] = false }
                g += w.count
            } else {
                g += 1
            }
        }
        // The reference, its texts apart (a separator no text holds), indexed by character pair.
        var ref: [Unicode.Scalar] = []
        for part in reference {
            ref += TextNormalizer.removingSpaces(TextNormalizer.halfWidth(part)).unicodeScalars
            ref.append("\u{0}")
        }
        var pairs: [UInt64: [Int]] = [:]
        for j in ref.indices.dropLast() { pairs[UInt64(ref[j].value) << 32 | UInt64(ref[j + 1].value), default: []].append(j) }
        // Pieces of two or more characters found in the reference cover the goal, longest first.
        var i = 0
        while i + 1 < text.count {
            guard isContent[i], isContent[i + 1], let starts = pairs[UInt64(text[i].value) << 32 | UInt64(text[i + 1].value)] else { i += 1; continue }
            var best = 0
            for start in starts.prefix(64) {
                var length = 2
                while length < longestPiece, i + length < text.count, isContent[i + length], start + length < ref.count, ref[start + length] == text[i + length] { length += 1 }
                best = max(best, length)
            }
            for j in i..<(i + best) { covered[j] = true }
            i += best
        }
        var words: [String] = []
        var run = String.UnicodeScalarView()
        for j in text.indices {
            if isContent[j] && !covered[j] {
                run.append(text[j])
            } else {
                if run.count >= 2 { words.append(String(run)) }
                run = String.UnicodeScalarView()
            }
        }
        if run.count >= 2 { words.append(String(run)) }
        return (words, isContent.filter { $0 }.count)
    }

    static let longestPiece = 16
    static let genericByFirst: [Unicode.Scalar: [[Unicode.Scalar]]] = Dictionary(
        grouping: genericWords.sorted { $0.count > $1.count }.map { Array($0.unicodeScalars) }, by: { $0[0] })
    static let measureScalars = measureWords.map { Array($0.unicodeScalars) }

    // MARK: - R21: likely typos

    static let openers: [Character: Character] = ["（": "）", "(": ")", "【": "】", "[": "]", "《": "》"]
    static let closers = Set("）)】]》")
    /// Symbols with no place in a name (units belong in the 指标值).
    static let straySymbols = Set("%％‰#＃*＊&＆@＠$^~|｜\\_=＝+＋")

    static func typos(_ p: Project) -> [Finding] {
        var findings: [Finding] = []
        func add(_ indicator: Indicator?, _ message: String) {
            findings.append(Finding(.r21, .note, owner: p.code, indicator: indicator?.level3, location: indicator?.source ?? p.source, message))
        }
        // Names: brackets and stray characters.
        if let problem = nameProblem(p.name) { add(nil, "项目名称“\(p.name)”\(problem)") }
        var named = Set<String>()
        for i in p.indicators where named.insert(i.level3).inserted {
            if let problem = nameProblem(i.level3) { add(i, "指标名称“\(i.level3)”\(problem)") }
        }
        // Texts: unmatched brackets in the goal; the curated confusions everywhere.
        if let problem = bracketProblem(p.goal) { add(nil, "绩效目标\(problem)请核对。") }
        var texts: [(String, String, Indicator?)] = [("项目名称", p.name, nil), ("绩效目标", p.goal, nil), ("资金用途", p.purpose, nil)]
        for i in p.indicators {
            texts += [("指标名称", i.level3, i), ("指标描述", i.description, i), ("指标值确定依据", i.basis, i)]
        }
        var reported = Set<String>()
        for (label, text, indicator) in texts {
            for (wrong, right) in confusions(in: text) where reported.insert("\(wrong)|\(indicator?.level3 ?? "")").inserted {
                add(indicator, "\(label)中的“\(wrong)”疑为“\(right)”之误。请核对（仅为提示，原文未改动）。")
            }
        }
        return findings
    }

    /// The pairs of `CommonTypos` whose wrong form `text` holds. One pass over the text's character
    /// pairs: only a pair that begins a wrong form leads to a comparison.
    static func confusions(in text: String) -> [(wrong: String, right: String)] {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2 else { return [] }
        var found: [Int] = []
        for k in scalars.indices.dropLast() {
            guard let candidates = typoStarts[UInt64(scalars[k].value) << 32 | UInt64(scalars[k + 1].value)] else { continue }
            for c in candidates where !found.contains(c) {
                let wrong = typoScalars[c]
                if k + wrong.count <= scalars.count, (0..<wrong.count).allSatisfy({ scalars[k + $0] == wrong[$0] }) { found.append(c) }
            }
        }
        return found.sorted().map { CommonTypos.pairs[$0] }
    }

    static let typoScalars = CommonTypos.pairs.map { Array($0.wrong.unicodeScalars) }
    static let typoStarts: [UInt64: [Int]] = {
        var starts: [UInt64: [Int]] = [:]
        for (i, w) in typoScalars.enumerated() where w.count >= 2 { starts[UInt64(w[0].value) << 32 | UInt64(w[1].value), default: []].append(i) }
        return starts
    }()

    /// What is wrong with a name, with the name as it may have been meant; nil when nothing is.
    static func nameProblem(_ name: String) -> String? {
        var problems: [String] = []
        if let brackets = bracketProblem(name) { problems.append(String(brackets.dropLast())) }
        let stray = strayRuns(name)
        if !stray.isEmpty { problems.append("有多余的字符“\(stray.joined(separator: "”“"))”") }
        guard !problems.isEmpty else { return nil }
        var meant = name
        for run in stray { meant = meant.replacingOccurrences(of: run, with: "") }
        meant = withoutUnmatchedBrackets(meant)
        let suggestion = meant != name && !meant.isEmpty ? "请核对，是否应为“\(meant)”？" : "请核对。"
        return problems.joined(separator: "，") + "。" + suggestion
    }

    /// "括号不配对（“（”没有对应的“）”）。" or nil.
    static func bracketProblem(_ text: String) -> String? {
        var stack: [Character] = []
        for c in text {
            if openers[c] != nil {
                stack.append(c)
            } else if closers.contains(c) {
                guard let open = stack.last, openers[open] == c || (openers[open] == "）" && c == ")") || (openers[open] == ")" && c == "）") else {
                    return "括号不配对（“\(c)”前没有对应的左括号）。"
                }
                stack.removeLast()
            }
        }
        if let open = stack.last { return "括号不配对（“\(open)”没有对应的右括号）。" }
        return nil
    }

    static func withoutUnmatchedBrackets(_ text: String) -> String {
        var chars = Array(text)
        var stack: [Int] = []
        var drop = Set<Int>()
        for (k, c) in chars.enumerated() {
            if openers[c] != nil { stack.append(k) } else if closers.contains(c) { if stack.popLast() == nil { drop.insert(k) } }
        }
        drop.formUnion(stack)
        chars = chars.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        return String(chars)
    }

    /// Runs of digits and symbols that hold a stray symbol ("%0" in "群众满意率（%0"), leaving a
    /// bracketed unit such as "（%）" or "(万元)" alone; doubled punctuation ("，，").
    static func strayRuns(_ name: String) -> [String] {
        let chars = Array(name)
        var runs: [String] = []
        var k = 0
        while k < chars.count {
            let c = chars[k]
            if straySymbols.contains(c) || c.isNumber && c.isASCII {
                var end = k
                while end < chars.count, straySymbols.contains(chars[end]) || chars[end].isNumber && chars[end].isASCII || chars[end] == "." { end += 1 }
                let run = String(chars[k..<end])
                // A unit alone in brackets: "（%）".
                let bracketed = k > 0 && openers[chars[k - 1]] != nil && end < chars.count && closers.contains(chars[end])
                if run.contains(where: { straySymbols.contains($0) }), !(bracketed && run.allSatisfy { "%％‰".contains($0) }) {
                    runs.append(run)
                }
                k = end
            } else {
                if k + 1 < chars.count, chars[k + 1] == c, "，,、。；;：:".contains(c) { runs.append(String([c, c])) }
                k += 1
            }
        }
        return runs
    }

    // MARK: - R22: the pace of the spending plan

    static func planPace(_ p: Project) -> [Finding] {
        let points = p.plan.points
        guard points.count >= 2, Decimals.isPositive(p.budget) else { return [] }
        var findings: [Finding] = []
        func add(_ message: String) { findings.append(Finding(.r22, .note, owner: p.code, location: p.source, message)) }
        func share(_ d: Decimal) -> String { Decimals.fixed(d * 100 / p.budget, 0) + "%" }
        if points[0].cumulative * 2 > p.budget {
            add("资金支出计划 \(points[0].month)月底已累计 \(fmt(points[0].cumulative)) 万元（预算的 \(share(points[0].cumulative))），一季度即支出大半。请核实计划是否按项目实施进度编制。")
        }
        // A period that adds nothing, then one that adds at least twice an even period's share.
        let even = p.budget / Decimal(points.count)
        var previous: Decimal = 0
        for k in points.indices.dropLast() {
            let added = points[k].cumulative - previous
            let next = points[k + 1].cumulative - points[k].cumulative
            let stands = added.isZero && !points[k].raw.isEmpty && (k > 0 || points[k].cumulative.isZero)
            if stands, next >= even * 2 {
                let from = k > 0 ? "\(points[k - 1].month)月底至\(points[k].month)月底" : "\(points[k].month)月底前"
                add("资金支出计划\(from)没有新增支出，\(points[k + 1].month)月底一次增加 \(fmt(next)) 万元（预算的 \(share(next))）。请核实是否集中支付，或按实施进度均衡安排。")
            }
            previous = points[k].cumulative
        }
        return findings
    }

    // MARK: - R23: numbered goals with a number missing

    /// Checks the numbering of a goal text (lines "1.…", "2、…", "（3）…", "一、…", or items after
    /// "；"). A list restarts at 1; a Chinese-numbered heading starts a new section.
    public static func numbering(_ text: String, owner: String, what: String, location: (Int) -> SourceLocation?) -> [Finding] {
        numbering(lines: text.components(separatedBy: "\n").enumerated().map { ($0.element, $0.offset) }, owner: owner, what: what, location: location)
    }

    /// The same over lines with their positions (paragraphs of a document).
    public static func numbering(lines: [(String, Int)], owner: String, what: String, location: (Int) -> SourceLocation?) -> [Finding] {
        var findings: [Finding] = []
        var last: [Int: Int] = [:]  // style → last number
        var seen: [Int: [Int]] = [:]
        for (line, position) in lines {
            for item in line.split(whereSeparator: { "；;".contains($0) }) {
                guard let (style, n, _) = marker(String(item)) else { continue }
                if style == 0 { last[1] = nil; last[2] = nil; seen[1] = nil; seen[2] = nil }  // a new section
                let previous = last[style] ?? 0
                if n == 1 {
                    seen[style] = [1]
                } else if n > previous + 1 {
                    let missing = (previous + 1)..<n
                    let shown = (seen[style] ?? []) + [n]
                    findings.append(Finding(.r23, .note, owner: owner, location: location(position),
                        "\(what)的编号不连续：\(shown.map(String.init).joined(separator: "、"))，缺少第 \(missing.map(String.init).joined(separator: "、")) 条。请补上漏掉的内容或重新编号。"))
                    seen[style, default: []].append(n)
                } else if n <= previous {
                    findings.append(Finding(.r23, .note, owner: owner, location: location(position),
                        "\(what)的编号 \(n) 重复或倒序（前一条为 \(previous)）。请重新编号。"))
                } else {
                    seen[style, default: []].append(n)
                }
                last[style] = n
            }
        }
        return findings
    }

    /// (style, number, characters taken) of an item's leading number: style 0 for "一、", 1 for
    /// "1." / "1、" / "1）", 2 for "（1）". Read by hand: ASCII digits only (Swift's \d also matches
    /// 参 and 三), and no regex compiled on every call.
    static func marker(_ item: String) -> (style: Int, number: Int, length: Int)? {
        let t = Array(TextNormalizer.trim(TextNormalizer.halfWidth(item)))
        func digits(from start: Int) -> (Int, Int)? {
            var k = start, n = 0
            while k < t.count, k - start < 2, let d = t[k].asciiDigit { n = n * 10 + d; k += 1 }
            return k > start && !(k < t.count && t[k].asciiDigit != nil) ? (n, k) : nil
        }
        guard let first = t.first else { return nil }
        if first == "(" || first == "（", let (n, k) = digits(from: 1), k < t.count, t[k] == ")" || t[k] == "）" { return (2, n, k + 1) }
        if let (n, k0) = digits(from: 0) {
            var k = k0
            while k < t.count, t[k] == " " { k += 1 }
            if k < t.count, ".、．)）".contains(t[k]), !(k + 1 < t.count && t[k + 1].asciiDigit != nil) { return (1, n, k + 1) }
            return nil
        }
        var k = 0
        while k < t.count, k < 3, "一二三四五六七八九十".contains(t[k]) { k += 1 }
        if k > 0, k < t.count, t[k] == "、", let n = ChineseNumerals.value(String(t[..<k])) { return (0, n, k + 1) }
        return nil
    }

    // MARK: - R24: a continuing project

    static func continuing(_ p: Project, year: Int) -> [Finding] {
        guard let m = p.code.prefixMatch(of: Patterns.projectCodeYear), let two = Int(m.1) else { return [] }
        let codeYear = 2000 + two
        guard codeYear != year else { return [] }
        let kind = codeYear < year ? "以前年度设立、延续到本年度的项目" : "编码年份晚于本表年度"
        return [Finding(.r24, .note, owner: p.code, location: p.source,
            "项目编码 \(p.code) 的年份为 \(codeYear)，本表为 \(year) 年度：\(kind)。请核对上年度结转资金、已完成的工作量，并使本年度目标只写本年度要完成的部分。")]
    }
}

extension Character {
    /// 0–9 for an ASCII digit, else nil.
    var asciiDigit: Int? {
        guard let a = asciiValue, a >= 48, a <= 57 else { return nil }
        return Int(a - 48)
    }
}
