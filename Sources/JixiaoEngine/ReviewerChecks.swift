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
        return [Finding("R13", .warning, owner: p.code, location: p.source,
            "产出指标只有\(has.map { "“\($0)”" }.joined(separator: "、"))，缺少\(missing.map { "“\($0)”" }.joined(separator: "、"))。产出指标应说明做了多少（数量）、做得怎样（质量）。请补充\(missing.joined(separator: "和"))。")]
    }

    // MARK: - R19: the basis of a target

    /// Words that show a basis names where the value comes from.
    static let sourceWords = [
        "标准", "计划", "规划", "方案", "文件", "通知", "办法", "规定", "合同", "协议", "预算", "测算", "统计", "历史", "上年",
        "往年", "以前年度", "行业", "国家", "设计", "批复", "任务书", "考核", "要求", "数据", "《", "政策", "定额", "清单",
        "调查", "问卷", "抽样", "抽查", "验收", "监测", "检测", "台账", "报告", "记录", "审计",
    ]

    /// A basis that is the indicator's name, or repeats the project's goal or the indicator's
    /// description without naming a source (a survey, a standard, a document).
    static func basis(_ p: Project) -> [Finding] {
        let goals = goalSentences(p.goal)
        var findings: [Finding] = []
        for i in p.indicators {
            let b = IndicatorTree.clean(i.basis)
            guard !b.isEmpty else { continue }
            let namesSource = sourceWords.contains { b.contains($0) }
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
            findings.append(Finding("R19", .note, owner: p.code, indicator: i.level3, location: i.source,
                "指标值确定依据“\(TextNormalizer.trim(i.basis))”只重复了\(repeats)，没有说明指标值从何而来。请写明依据：计划标准、行业标准、历史标准，或文件（如项目实施方案、合同）。"))
        }
        return findings
    }

    /// A goal's sentences without their numbering: "1. 保障…\n2.完成…" → ["保障…", "完成…"].
    static func goalSentences(_ goal: String) -> [String] {
        goal.split(whereSeparator: { "\n。；;".contains($0) }).map { line in
            IndicatorTree.clean(String(line)).replacing(/^[(（]?[0-9]+[)）.、．]?/, with: "")
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
        let reference = ([p.name, p.purpose] + p.indicators.flatMap { [$0.level3, $0.description, $0.basis] })
            .map { TextNormalizer.removingSpaces(TextNormalizer.halfWidth($0)) }.joined(separator: "|")
        let (unsupported, content) = foreignWords(in: p.goal, reference: reference)
        let foreign = unsupported.reduce(0) { $0 + $1.count }
        guard content >= 4, !unsupported.isEmpty, foreign * 4 >= content else { return [] }
        let words = unsupported.prefix(8).map { "“\($0)”" }.joined(separator: "、")
        if foreign * 2 > content {
            return [Finding("R20", .warning, owner: p.code, location: p.source,
                "绩效目标中的\(words)在项目名称、资金用途和各项指标中都没有出现，目标可能抄自其他项目。请核对绩效目标是否写的是本项目，并使指标覆盖目标的内容。")]
        }
        return [Finding("R20", .note, owner: p.code, location: p.source,
            "绩效目标中的\(words)在项目名称、资金用途和各项指标中都没有出现：目标所说的没有指标衡量，或是错别字、抄自其他项目。请核对目标，或补充相应的指标。")]
    }

    /// Units after a number, longest first.
    static let measureWords = ["平方公里", "平方米", "立方米", "公里", "千米", "万元", "人次", "小时", "米", "亩", "个", "座", "台", "套",
                               "次", "人", "户", "家", "所", "处", "项", "件", "辆", "吨", "元", "天", "年", "月", "日", "条", "棵", "株", "盏", "批"]

    /// The goal's words found nowhere in `reference`, and the count of the goal's content characters.
    static func foreignWords(in goal: String, reference: String) -> (words: [String], content: Int) {
        let text = Array(TextNormalizer.removingSpaces(TextNormalizer.halfWidth(goal)))
        var covered = [Bool](repeating: false, count: text.count)
        var isContent = text.map { c in c.unicodeScalars.allSatisfy { $0.properties.isIdeographic } }
        // Quantities ("四座", "30万平方米") are R04's business: a number and the unit after it.
        var k = 0
        while k < text.count {
            guard ChineseNumerals.isNumeral(text[k]) || text[k].isASCII && text[k].isNumber else { k += 1; continue }
            while k < text.count, ChineseNumerals.isNumeral(text[k]) || text[k].isASCII && (text[k].isNumber || text[k] == ".") {
                isContent[k] = false
                k += 1
            }
            if let unit = measureWords.first(where: { word in k + word.count <= text.count && String(text[k..<(k + word.count)]) == word }) {
                for j in k..<(k + unit.count) { isContent[j] = false }
                k += unit.count
            }
        }
        // Generic words are neither content nor foreign.
        for word in genericWords.sorted(by: { $0.count > $1.count }) {
            let w = Array(word)
            var i = 0
            while i + w.count <= text.count {
                if Array(text[i..<(i + w.count)]) == w, (i..<(i + w.count)).allSatisfy({ isContent[$0] }) {
                    for k in i..<(i + w.count) { isContent[k] = false }
                    i += w.count
                } else {
                    i += 1
                }
            }
        }
        // Pieces of two or more characters found in the reference cover the goal, longest first.
        var i = 0
        while i < text.count {
            guard isContent[i] else { i += 1; continue }
            var end = i
            while end < text.count, isContent[end] { end += 1 }
            var length = end - i
            while length >= 2, !reference.contains(String(text[i..<(i + length)])) { length -= 1 }
            if length >= 2 {
                for k in i..<(i + length) { covered[k] = true }
                i += length
            } else {
                i += 1
            }
        }
        var words: [String] = []
        var run = ""
        for k in text.indices {
            if isContent[k] && !covered[k] {
                run.append(text[k])
            } else {
                if run.count >= 2 { words.append(run) }
                run = ""
            }
        }
        if run.count >= 2 { words.append(run) }
        return (words, isContent.filter { $0 }.count)
    }

    // MARK: - R21: likely typos

    static let openers: [Character: Character] = ["（": "）", "(": ")", "【": "】", "[": "]", "《": "》"]
    static let closers = Set("）)】]》")
    /// Symbols with no place in a name (units belong in the 指标值).
    static let straySymbols = Set("%％‰#＃*＊&＆@＠$^~|｜\\_=＝+＋")

    static func typos(_ p: Project) -> [Finding] {
        var findings: [Finding] = []
        func add(_ indicator: Indicator?, _ message: String) {
            findings.append(Finding("R21", .note, owner: p.code, indicator: indicator?.level3, location: indicator?.source ?? p.source, message))
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
            for (wrong, right) in CommonTypos.pairs where text.contains(wrong) && reported.insert("\(wrong)|\(indicator?.level3 ?? "")").inserted {
                add(indicator, "\(label)中的“\(wrong)”疑为“\(right)”之误。请核对（仅为提示，原文未改动）。")
            }
        }
        return findings
    }

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
        guard points.count >= 2, Decimals.compare(p.budget, 0) > 0 else { return [] }
        var findings: [Finding] = []
        func add(_ message: String) { findings.append(Finding("R22", .note, owner: p.code, location: p.source, message)) }
        func share(_ d: Decimal) -> String { Decimals.fixed(Decimals.divide(Decimals.multiply(d, 100), p.budget), 0) + "%" }
        if Decimals.compare(Decimals.multiply(points[0].cumulative, 2), p.budget) > 0 {
            add("资金支出计划 \(points[0].month)月底已累计 \(fmt(points[0].cumulative)) 万元（预算的 \(share(points[0].cumulative))），一季度即支出大半。请核实计划是否按项目实施进度编制。")
        }
        // A period that adds nothing, then one that adds at least twice an even period's share.
        let even = Decimals.divide(p.budget, Decimal(points.count))
        var previous: Decimal = 0
        for k in points.indices.dropLast() {
            let added = points[k].cumulative - previous
            let next = points[k + 1].cumulative - points[k].cumulative
            let stands = added.isZero && !points[k].raw.isEmpty && (k > 0 || Decimals.compare(points[k].cumulative, 0) == 0)
            if stands, Decimals.compare(next, Decimals.multiply(even, 2)) >= 0 {
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
                guard let (style, n) = marker(String(item)) else { continue }
                if style == 0 { last[1] = nil; last[2] = nil; seen[1] = nil; seen[2] = nil }  // a new section
                let previous = last[style] ?? 0
                if n == 1 {
                    seen[style] = [1]
                } else if n > previous + 1 {
                    let missing = (previous + 1)..<n
                    let shown = (seen[style] ?? []) + [n]
                    findings.append(Finding("R23", .note, owner: owner, location: location(position),
                        "\(what)的编号不连续：\(shown.map(String.init).joined(separator: "、"))，缺少第 \(missing.map(String.init).joined(separator: "、")) 条。请补上漏掉的内容或重新编号。"))
                    seen[style, default: []].append(n)
                } else if n <= previous {
                    findings.append(Finding("R23", .note, owner: owner, location: location(position),
                        "\(what)的编号 \(n) 重复或倒序（前一条为 \(previous)）。请重新编号。"))
                } else {
                    seen[style, default: []].append(n)
                }
                last[style] = n
            }
        }
        return findings
    }

    /// (style, number) of an item's leading number: 0 for "一、", 1 for "1." / "1、", 2 for "（1）".
    static func marker(_ item: String) -> (Int, Int)? {
        let t = TextNormalizer.trim(TextNormalizer.halfWidth(item))
        // ASCII digits only: Swift's \d also matches 参 and other characters with a numeric value.
        if let m = t.prefixMatch(of: /[(（]([0-9]{1,2})[)）]/) { return Int(m.1).map { (2, $0) } }
        if let m = t.prefixMatch(of: /([0-9]{1,2})\s*[.、．)）](?![0-9])/) { return Int(m.1).map { (1, $0) } }
        if let m = t.prefixMatch(of: /([一二三四五六七八九十]{1,3})、/), let n = ChineseNumerals.value(String(m.1)) { return (0, n) }
        return nil
    }

    // MARK: - R24: a continuing project

    static func continuing(_ p: Project, year: Int) -> [Finding] {
        guard let m = p.code.prefixMatch(of: Patterns.projectCodeYear), let two = Int(m.1) else { return [] }
        let codeYear = 2000 + two
        guard codeYear != year else { return [] }
        let kind = codeYear < year ? "以前年度设立、延续到本年度的项目" : "编码年份晚于本表年度"
        return [Finding("R24", .note, owner: p.code, location: p.source,
            "项目编码 \(p.code) 的年份为 \(codeYear)，本表为 \(year) 年度：\(kind)。请核对上年度结转资金、已完成的工作量，并使本年度目标只写本年度要完成的部分。")]
    }
}
