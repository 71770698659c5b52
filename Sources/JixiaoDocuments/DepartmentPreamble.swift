import Foundation
import JixiaoModel

/// The 部门整体绩效目标 part before the project tables: the overall goal and the quantified
/// department-level goals stated inside its sentences ("通畅率达到96%以上", "保证畅通率100%").
struct DepartmentPreamble {
    var paragraphs: [(String, Int)]
    var locate: (Int) -> SourceLocation

    /// The text under the 总体绩效目标 heading, up to the next heading.
    var overallGoal: String {
        var collecting = false
        var lines: [String] = []
        for (text, _) in paragraphs {
            let compact = TextNormalizer.removingSpaces(text)
            if compact.contains("总体绩效目标") || compact.contains("整体绩效目标") && compact.count <= 12 {
                if compact.contains("总体绩效目标") { collecting = true; lines = [] }
                continue
            }
            if collecting {
                if Self.isHeading(compact) { break }
                lines.append(text)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// "二、分项绩效目标", "第二部分" — headings that end a section.
    static func isHeading(_ compact: String) -> Bool {
        compact.wholeMatch(of: /[一二三四五六七八九十]+、.{1,20}/) != nil || compact.hasPrefix("第") && compact.hasSuffix("部分")
    }

    /// Metrics too generic to stand alone: they take the object of their sentence as a qualifier
    /// ("完好率" after "对开发区井盖进行检查检修" becomes "井盖完好率").
    static let genericMetrics: Set<String> = [
        "完好率", "畅通率", "通畅率", "准确率", "合格率", "达标率", "完成率", "覆盖率", "及时率", "正确率", "到位率",
        "清运率", "处置率", "结案率", "办结率",
    ]

    /// Place words that do not belong in a goal's name.
    static let placePrefixes = ["开发区", "区内", "全区", "辖区", "沿街", "各"]

    private struct Found {
        var metric: String
        var objects: [String]
        var target: TargetValue
        var sentence: String
        var line: Int
    }

    /// Each clause that states a percentage for a "…率" becomes a department indicator named by
    /// its metric, qualified by the object of its sentence where the bare metric is generic or
    /// would be confused with another goal's; the clauses that lead up to it are its description.
    func quantifiedGoals() -> [Indicator] {
        var found: [Found] = []
        for (text, line) in paragraphs {
            let normalized = TextNormalizer.halfWidth(text)
            for sentence in normalized.split(whereSeparator: { "。；;".contains($0) }) {
                var lead: [String] = []
                for clauseSub in sentence.split(whereSeparator: { "，,".contains($0) }) {
                    let clause = TextNormalizer.trim(String(clauseSub))
                    lead.append(clause)
                    guard let goal = Self.goal(in: clause) else { continue }
                    let objects = lead.dropLast().reversed().lazy.compactMap(Self.objects(in:)).first ?? []
                    found.append(Found(
                        metric: goal.metric, objects: objects, target: goal.target,
                        sentence: lead.joined(separator: "，"), line: line
                    ))
                    lead = []
                }
            }
        }
        var names = found.map(\.metric)
        for i in found.indices {
            let me = found[i].metric
            var qualify = false
            for j in found.indices where j != i {
                let other = found[j].metric
                let sameWord = other == me || other.count == me.count && other.sorted() == me.sorted()
                if sameWord && j < i { qualify = true }  // the later of two same-meaning metrics
                if other != me && (other.hasSuffix(me) || me.hasSuffix(other)) { qualify = true }
            }
            if qualify, let object = found[i].objects.first {
                names[i] = object + me
            } else if Self.genericMetrics.contains(me), found[i].objects.count == 1 {
                names[i] = found[i].objects[0] + me
            }
        }
        return found.indices.map { i in
            Indicator(
                level1: Level1.output.rawValue, level2: "质量指标", level3: names[i],
                description: found[i].sentence, target: found[i].target, basis: "部门整体绩效目标",
                source: locate(found[i].line)
            )
        }
    }

    /// "通畅率达到96%以上" → (通畅率, ≥96%); "保证畅通率100%" → (畅通率, 100%).
    static func goal(in clause: String) -> (metric: String, target: TargetValue)? {
        guard let m = clause.firstMatch(of: /(\d+(?:\.\d+)?)\s*%/) else { return nil }
        let before = String(clause[..<m.range.lowerBound])
        guard let rate = before.lastIndex(of: "率") else { return nil }
        var metric = String(before[...rate])
        for verb in ["保证", "确保", "做到", "实现", "力争", "使", "其"] where metric.hasPrefix(verb) {
            metric.removeFirst(verb.count)
        }
        guard metric.count >= 2 else { return nil }
        let between = String(before[before.index(after: rate)...])
        let after = String(clause[m.range.upperBound...])
        // Parse "达到96%以上" as a target, then write it back in the table's form: "≥96%".
        let parsed = TargetParser.parse(between + m.1 + "%" + after)
        guard parsed.kind == .quantitative, let value = parsed.value else { return nil }
        let symbol = parsed.comparatorImplied ? "" : parsed.comparator!.rawValue
        let raw = symbol + Decimals.plain(value) + "%"
        return (metric, TargetParser.parse(raw))
    }

    /// The objects a clause acts on: "对开发区井盖进行检查检修" → [井盖];
    /// "对雨污水管道、河道进行勘查清淤" → [雨污水管道, 河道]; "完成各违建文书及入档" → [违建文书].
    static func objects(in clause: String) -> [String]? {
        var object: String?
        if let m = clause.firstMatch(of: /对(.+?)(?:进行|实施|开展)/) {
            object = String(m.1)
        } else if let m = clause.firstMatch(of: /完成(.+?)(?:及|和|的|$)/) {
            object = String(m.1)
        }
        guard let object else { return nil }
        let parts = object.split(whereSeparator: { "、和及".contains($0) }).map { part -> String in
            var p = String(part)
            var changed = true
            while changed {
                changed = false
                for prefix in placePrefixes where p.hasPrefix(prefix) && p.count > prefix.count {
                    p.removeFirst(prefix.count)
                    changed = true
                }
            }
            return p
        }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts
    }
}
