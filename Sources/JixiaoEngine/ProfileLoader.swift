import Foundation
import JixiaoModel
import Yams

/// Reads a rule profile from YAML text and validates it: weights sum to 100, tier bands ordered
/// and contiguous, grade bands descending, every key known. Errors name the key and line.
public enum ProfileLoader {
    /// Parses `yaml`; `source` names it in messages (a file path or a profile name).
    public static func load(yaml: String, source: String) throws -> Profile {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw InputError(at: SourceLocation(file: source), "YAML 语法错误：\(error)")
        }
        guard let root = node?.mapping else {
            throw InputError(at: SourceLocation(file: source, line: 1), "规则文件应为 YAML 映射（键: 值）。")
        }
        var reader = Reader(source: source)
        let profile = reader.profile(root, hash: ContentDigest.hex(yaml))
        if !reader.errors.isEmpty { throw InputError(reader.errors) }
        return profile!
    }

    struct Reader {
        let source: String
        var errors: [Diagnostic] = []

        mutating func error(_ node: Node?, _ message: String) {
            errors.append(Diagnostic(.error, at: SourceLocation(file: source, line: node?.mark?.line), message))
        }

        /// The values of a mapping by key, rejecting keys not in `known`.
        mutating func fields(_ mapping: Node.Mapping, known: [String], context: String) -> [String: Node] {
            var result: [String: Node] = [:]
            for (key, value) in mapping {
                let name = key.string ?? ""
                if !known.contains(name) {
                    error(key, "未知的键“\(context.isEmpty ? "" : context + ".")\(name)”。可用的键：\(known.joined(separator: ", "))。")
                } else {
                    result[name] = value
                }
            }
            return result
        }

        mutating func decimal(_ node: Node?, _ key: String, default value: Decimal? = nil) -> Decimal {
            guard let node else {
                if let value { return value }
                error(nil, "缺少“\(key)”。")
                return 0
            }
            guard let text = node.scalar?.string, let d = Decimals.parse(text) else {
                error(node, "“\(key)”应为数字，此处为“\(node.scalar?.string ?? "非标量")”。")
                return 0
            }
            return d
        }

        mutating func choice<T: RawRepresentable & CaseIterable>(_ node: Node?, _ key: String, default value: T) -> T where T.RawValue == String {
            guard let node else { return value }
            guard let text = node.scalar?.string, let v = T(rawValue: text) else {
                error(node, "“\(key)”应为 \(T.allCases.map(\.rawValue).joined(separator: " / ")) 之一，此处为“\(node.scalar?.string ?? "")”。")
                return value
            }
            return v
        }

        mutating func profile(_ root: Node.Mapping, hash: String) -> Profile? {
            let f = fields(root, known: ["name", "title", "source", "points", "split", "missing", "formulas", "rounding", "tiers",
                                        "overachievement", "execution_caps", "grades", "reason_rate_threshold", "tolerance", "result_use", "blanks", "monitoring"], context: "")
            let name = f["name"]?.string ?? ""
            if name.isEmpty { error(f["name"], "缺少“name”（规则名称，如 national-2020）。") }
            var points: [String: Node] = [:]
            if let p = f["points"]?.mapping {
                points = fields(p, known: ["funds", "output", "benefit", "satisfaction"], context: "points")
            } else {
                error(f["points"], "缺少“points”（funds / output / benefit / satisfaction 各自的分值）。")
            }
            let funds = decimal(points["funds"], "points.funds")
            let categories: [Level1: Decimal] = [
                .output: decimal(points["output"], "points.output"),
                .benefit: decimal(points["benefit"], "points.benefit"),
                .satisfaction: decimal(points["satisfaction"], "points.satisfaction"),
            ]
            let total = categories.values.reduce(funds, +)
            if total != 100, f["points"] != nil {
                error(f["points"], "各项分值之和为 \(Decimals.plain(total))，应为 100（funds + output + benefit + satisfaction）。")
            }
            var formulas: [String: Node] = [:]
            if let m = f["formulas"]?.mapping { formulas = fields(m, known: ["reverse", "equal"], context: "formulas") }
            var rounding: [String: Node] = [:]
            if let m = f["rounding"]?.mapping { rounding = fields(m, known: ["decimals"], context: "rounding") }
            let decimals = decimal(rounding["decimals"], "rounding.decimals", default: 2)
            if decimals < 0 || decimals > 4 || Decimals.round(decimals, scale: 0) != decimals {
                error(rounding["decimals"], "“rounding.decimals”应为 0 到 4 的整数。")
            }
            var tiers: [String: Node] = [:]
            if let m = f["tiers"]?.mapping { tiers = fields(m, known: ["achieved", "basic", "partial", "not_achieved"], context: "tiers") }
            let base = Profile.national2020
            let achieved = band(tiers["achieved"], "tiers.achieved", default: base.achieved)
            let partial = band(tiers["partial"], "tiers.partial", default: base.partial)
            let notAchieved = band(tiers["not_achieved"], "tiers.not_achieved", default: base.notAchieved)
            // 基本达成 is accepted only where the profile gives it a band (every shipped profile does).
            var basic: Profile.TierBand?
            if let node = tiers["basic"] {
                let b = band(node, "tiers.basic", default: Profile.nationalBasic)
                if b.low < 0 || b.high > 1 { error(node, "“tiers.basic”的区间应在 [0, 1] 之内。") }
                basic = b
            }
            var words = TierWords.standardWords
            if basic == nil { words[.basic] = nil }
            for (key, tier) in [("achieved", Tier.achieved), ("basic", .basic), ("partial", .partial), ("not_achieved", .notAchieved)] {
                if let list = tierWordList(tiers[key], "tiers.\(key).words") { words[tier] = list }
            }
            if !(notAchieved.low == 0 && notAchieved.high == partial.low && partial.high == achieved.low && achieved.high == 1) {
                error(f["tiers"], "定性档次区间应首尾相接且有序：not_achieved [0, a)，partial [a, b)，achieved [b, 1]；此处为 [\(Decimals.plain(notAchieved.low)), \(Decimals.plain(notAchieved.high)))、[\(Decimals.plain(partial.low)), \(Decimals.plain(partial.high)))、[\(Decimals.plain(achieved.low)), \(Decimals.plain(achieved.high))]。")
            }
            var over: [String: Node] = [:]
            if let m = f["overachievement"]?.mapping { over = fields(m, known: ["ratio", "rule", "points"], context: "overachievement") }
            var caps: [(below: Decimal, cap: Decimal)] = []
            if let seq = f["execution_caps"]?.sequence {
                for item in seq {
                    guard let m = item.mapping else { error(item, "execution_caps 的每一项应为 {below: 比率, cap: 分数}。"); continue }
                    let c = fields(m, known: ["below", "cap"], context: "execution_caps")
                    caps.append((decimal(c["below"], "execution_caps.below"), decimal(c["cap"], "execution_caps.cap")))
                }
                caps.sort { $0.below < $1.below }
            }
            var grades: [Profile.GradeBand] = []
            if let seq = f["grades"]?.sequence {
                for item in seq {
                    guard let m = item.mapping else { error(item, "grades 的每一项应为 {min: 分数, grade: 等级}。"); continue }
                    let g = fields(m, known: ["min", "grade"], context: "grades")
                    grades.append(Profile.GradeBand(minimum: decimal(g["min"], "grades.min"), grade: g["grade"]?.string ?? ""))
                }
                if zip(grades, grades.dropFirst()).contains(where: { $0.minimum <= $1.minimum }) || grades.last?.minimum != 0 {
                    error(f["grades"], "等级区间应按 min 从高到低排列，最后一档 min 为 0。")
                }
            } else {
                grades = base.grades
            }
            var resultUse = Profile.defaultResultUse
            if let node = f["result_use"] {
                if let m = node.mapping {
                    resultUse = m.map { (grade: $0.key.string ?? "", use: $0.value.string ?? "") }
                    for (key, value) in m where value.string == nil { error(key, "result_use 的每一项应为 等级: 应用建议（文字）。") }
                } else {
                    error(node, "“result_use”应为 等级: 应用建议 的映射，如 差: 压减预算。")
                }
            }
            let monitoring = monitoringRules(f["monitoring"])
            guard errors.isEmpty else { return nil }
            var profile = Profile(
                name: name, title: f["title"]?.string ?? name, source: f["source"]?.string ?? "", contentHash: hash,
                fundsPoints: funds, categoryPoints: categories,
                split: choice(f["split"], "split", default: Profile.Split.category),
                missing: choice(f["missing"], "missing", default: Profile.Missing.rescale),
                reverse: choice(formulas["reverse"], "formulas.reverse", default: Profile.Reverse.linear),
                equal: choice(formulas["equal"], "formulas.equal", default: Profile.Equal.oneSided),
                rounding: .halfUp(decimals: NSDecimalNumber(decimal: decimals).intValue),
                achieved: achieved, partial: partial, notAchieved: notAchieved,
                overachievementRatio: decimal(over["ratio"], "overachievement.ratio", default: base.overachievementRatio),
                overachievement: choice(over["rule"], "overachievement.rule", default: Profile.Overachievement.none),
                overachievementPoints: decimal(over["points"], "overachievement.points", default: base.overachievementPoints),
                executionCaps: caps, grades: grades,
                reasonRateThreshold: decimal(f["reason_rate_threshold"], "reason_rate_threshold", default: base.reasonRateThreshold),
                tolerance: decimal(f["tolerance"], "tolerance", default: base.tolerance))
            profile.resultUse = resultUse
            profile.basic = basic
            profile.tierWords = TierWords(words: words)
            profile.blanks = choice(f["blanks"], "blanks", default: Profile.Blanks.incomplete)
            profile.monitoring = monitoring
            return profile
        }

        /// `monitoring: {yellow: 10, red: 20, lag_deduction: {months: [6, 10], points: 2, against: time}}`;
        /// the defaults (no deduction) when absent.
        mutating func monitoringRules(_ node: Node?) -> MonitorRules {
            guard let node else { return .standard }
            guard let m = node.mapping else {
                error(node, "“monitoring”应为 {yellow: 黄灯阈值, red: 红灯阈值, lag_deduction: {...}}。")
                return .standard
            }
            let f = fields(m, known: ["yellow", "red", "lag_deduction"], context: "monitoring")
            var rules = MonitorRules(yellow: decimal(f["yellow"], "monitoring.yellow", default: 10), red: decimal(f["red"], "monitoring.red", default: 20))
            if rules.yellow < 0 || rules.red < rules.yellow {
                error(node, "“monitoring”的阈值应满足 0 ≤ yellow ≤ red（落后计划的百分点数）。")
            }
            if let lagNode = f["lag_deduction"] {
                guard let lm = lagNode.mapping else {
                    error(lagNode, "“monitoring.lag_deduction”应为 {months: [6, 10], points: 扣分, against: time 或 plan}。")
                    return rules
                }
                let l = fields(lm, known: ["months", "points", "against"], context: "monitoring.lag_deduction")
                var months = [6, 10]
                if let seq = l["months"]?.sequence {
                    months = seq.compactMap { $0.int }
                    if months.count != seq.count || months.contains(where: { !(1...12).contains($0) }) {
                        error(l["months"], "“monitoring.lag_deduction.months”应为 1 到 12 的月份列表，如 [6, 10]。")
                    }
                } else if let other = l["months"] {
                    error(other, "“monitoring.lag_deduction.months”应为月份列表，如 [6, 10]。")
                }
                let points = decimal(l["points"], "monitoring.lag_deduction.points")
                if points < 0 { error(l["points"], "“monitoring.lag_deduction.points”不能为负。") }
                rules.lag = LagDeduction(months: months, points: points,
                                         against: choice(l["against"], "monitoring.lag_deduction.against", default: LagDeduction.Against.time))
            }
            return rules
        }

        /// A tier's `words`: a list of the texts read as it; nil when not given.
        mutating func tierWordList(_ band: Node?, _ key: String) -> [String]? {
            guard let node = band?.mapping?["words"] else { return nil }
            guard let seq = node.sequence, !seq.isEmpty else {
                error(node, "“\(key)”应为词语列表，如 [达成, 已完成]。")
                return nil
            }
            let list = seq.compactMap { $0.string?.trimmingCharacters(in: CharacterSet.whitespaces) }.filter { !$0.isEmpty }
            if list.count != seq.count { error(node, "“\(key)”的每一项应为文字。") }
            return list
        }

        mutating func band(_ node: Node?, _ key: String, default value: Profile.TierBand) -> Profile.TierBand {
            guard let node else { return value }
            guard let m = node.mapping else {
                error(node, "“\(key)”应为 {low: 下限, high: 上限, default: 默认}。")
                return value
            }
            let f = fields(m, known: ["low", "high", "default", "words"], context: key)
            let band = Profile.TierBand(low: decimal(f["low"], "\(key).low"), high: decimal(f["high"], "\(key).high"),
                                        defaultFraction: decimal(f["default"], "\(key).default"))
            if band.low > band.high || band.defaultFraction < band.low || band.defaultFraction > band.high {
                error(node, "“\(key)”的默认值应在 [low, high] 之内，且 low ≤ high。")
            }
            return band
        }
    }
}
