import Foundation
import JixiaoModel

/// Scores one indicator by RULES.md §4.
public struct IndicatorScorer {
    public var profile: Profile
    /// The evaluation year: a deadline without a year falls in it.
    public var year: Int
    /// Whether to write the derivation (for `explain` and `audit`); scoring alone skips it.
    public var explains: Bool

    /// The profile's numbers as exact ratios.
    public var rules: ExactRules

    public init(profile: Profile, year: Int, explains: Bool = true) {
        self.init(profile: profile, rules: ExactRules(profile), year: year, explains: explains)
    }

    /// A scorer sharing rules already converted (the project scorer converts them once).
    public init(profile: Profile, rules: ExactRules, year: Int, explains: Bool = true) {
        self.profile = profile
        self.rules = rules
        self.year = year
        self.explains = explains
    }

    static func fmt(_ d: Decimal) -> String { Decimals.short(d, 4) }
    static func fmt(_ r: Ratio) -> String { r.description }

    /// Scores `indicator` worth `w` points given the recorded actual (nil or empty when not filled).
    public func score(_ indicator: Indicator, owner: String, weight w: Decimal, basis: PointsBasis, actual raw: String?, reason: String) -> IndicatorResult {
        var steps = Steps(enabled: explains)
        var findings: [Finding] = []
        let name = indicator.level3
        func finding(_ code: FindingCode, _ severity: Severity, _ message: String) {
            findings.append(Finding(code, severity, owner: owner, indicator: name, location: indicator.source, message))
        }
        switch basis {
        case .explicit: steps.append("分值 w = \(Self.fmt(w))（表中给定）")
        case .equalSplit: steps.append("分值 w = \(Self.fmt(w))（一级指标分值在其三级指标间平均分配）")
        case .rescaled: steps.append("分值 w = \(Self.fmt(w))（缺失的一级指标分值按比例分配到其余一级指标后平均分配）")
        }
        guard let raw, !raw.isEmpty else {
            finding(.r07, .warning, profile.blanks == .zero ? "实际完成值空白，本指标按 0 分计。请填写实际完成值。" : "实际完成值空白：项目填报未完成，暂不评定等级。请填写实际完成值。")
            steps.append("实际完成值空白 → 0")
            return IndicatorResult(indicator: indicator, weight: w, weightBasis: basis, actualRaw: nil, actual: nil, unrounded: .zero,
                                   deduction: 0, score: 0, reason: reason, reasonSuggested: false, steps: steps.lines, findings: findings,
                                   lost: profile.round(w))
        }
        let reading: ActualParser.Reading
        do {
            reading = try ActualParser.parse(raw, for: indicator, tiers: profile.tierWords)
        } catch {
            finding(.r07, .error, "实际完成值“\(raw)”无法按目标读取：\(error.description)")
            return IndicatorResult(indicator: indicator, weight: w, weightBasis: basis, actualRaw: raw, actual: nil, unrounded: .zero,
                                   deduction: 0, score: 0, reason: reason, reasonSuggested: false, steps: steps.lines, findings: findings,
                                   lost: profile.round(w))
        }
        do {
            return try scoreNumber(indicator, owner: owner, weight: w, basis: basis, raw: raw, reading: reading, reason: reason, steps: &steps, findings: &findings)
        } catch {
            finding(.r07, .error, "实际完成值“\(raw)”无法按目标计算：\(error.description)。请核对数值与目标。")
            return IndicatorResult(indicator: indicator, weight: w, weightBasis: basis, actualRaw: raw, actual: nil, unrounded: .zero,
                                   deduction: 0, score: 0, reason: reason, reasonSuggested: false, steps: steps.lines, findings: findings,
                                   lost: profile.round(w))
        }
    }

    /// RULES.md §4 on exact ratios: every comparison exact, the score rounded half-up once.
    private func scoreNumber(_ indicator: Indicator, owner: String, weight wDecimal: Decimal, basis: PointsBasis, raw: String, reading: ActualParser.Reading,
                             reason: String, steps: inout Steps, findings: inout [Finding]) throws(FixedPointError) -> IndicatorResult {
        let name = indicator.level3
        func finding(_ code: FindingCode, _ severity: Severity, _ message: String) {
            findings.append(Finding(code, severity, owner: owner, indicator: name, location: indicator.source, message))
        }
        let w = try Ratio.of(wDecimal)
        var unrounded = Ratio.zero
        var deduction = Ratio.zero
        var needsReason = false
        var over = false
        var actual: Ratio?
        let target = indicator.target
        switch reading.value {
        case .number(let aDecimal):
            let a = try Ratio.of(aDecimal)
            actual = a
            let t = try Ratio.of(target.value ?? 0)
            let comparison = target.comparator ?? .atLeast
            if t.isZero, !target.comparatorImplied, comparison == .atLeast {
                // "≥0": any result meets it (a negative actual counts as 0).
                unrounded = w
                steps.append("目标为 ≥0：任何非负的实际值都达到 → 满分 \(Self.fmt(w))")
                finding(.r01, .warning, "目标“\(target.raw)”任何结果都能达到，不衡量绩效；本指标按满分计。请改为有意义的目标值（如“≥95%”）；要求不发生的写作“0起”或“≤0起”。")
            } else if t.isZero, !target.comparatorImplied, comparison == .greater {
                unrounded = a > .zero ? w : .zero
                steps.append("目标为 >0：实际 \(Self.fmt(a)) \(a > .zero ? "> 0 → 满分" : "≤ 0 → 0 分")")
            } else if t.isZero {
                unrounded = a <= .zero ? w : .zero
                steps.append("目标为 0：实际 \(Self.fmt(a)) \(a <= .zero ? "≤ 0 → 满分" : "> 0 → 0 分")")
            } else if comparison.isUpper || (comparison == .equal && profile.equal == .oneSided) {
                if a >= t {
                    unrounded = w
                    steps.append("a = \(Self.fmt(a)) ≥ t = \(Self.fmt(t)) → 满分 \(Self.fmt(w))")
                } else {
                    unrounded = try w * a / t
                    steps.append("a = \(Self.fmt(a)) < t = \(Self.fmt(t)) → w × a / t = \(Self.fmt(w)) × \(Self.fmt(a)) / \(Self.fmt(t)) = \(Self.fmt(unrounded))")
                }
                if try a >= rules.overachievementRatio * t {
                    over = true
                    steps.append("a ≥ \(Self.fmt(rules.overachievementRatio)) t：超额完成")
                }
            } else if comparison == .equal {
                unrounded = try w * Swift.max(.zero, try .one - (a >= t ? a - t : t - a) / t)
                steps.append("双向：w × max(0, 1 − |a − t| / t) = \(Self.fmt(w)) × max(0, 1 − |\(Self.fmt(a)) − \(Self.fmt(t))| / \(Self.fmt(t))) = \(Self.fmt(unrounded))")
            } else {
                let twoT = try Ratio(2) * t
                if a <= t {
                    unrounded = w
                    steps.append("a = \(Self.fmt(a)) ≤ t = \(Self.fmt(t)) → 满分 \(Self.fmt(w))")
                } else if profile.reverse == .ratio {
                    unrounded = try w * t / a
                    steps.append("a = \(Self.fmt(a)) > t = \(Self.fmt(t)) → w × t / a = \(Self.fmt(unrounded))")
                } else if a < twoT {
                    unrounded = try w * (twoT - a) / t
                    steps.append("t < a = \(Self.fmt(a)) < 2t → w × (2t − a) / t = \(Self.fmt(w)) × (\(Self.fmt(twoT)) − \(Self.fmt(a))) / \(Self.fmt(t)) = \(Self.fmt(unrounded))")
                } else {
                    unrounded = .zero
                    steps.append("a = \(Self.fmt(a)) ≥ 2t = \(Self.fmt(twoT)) → 0")
                }
            }
            if over {
                let reasonCodes = DeviationReason.codes(in: reason)
                switch profile.overachievement {
                case .none: break
                case .fixed:
                    deduction = Swift.min(rules.overachievementPoints, unrounded)
                    steps.append("超额 30% 以上扣 \(Self.fmt(rules.overachievementPoints)) 分（规则：fixed）")
                case .deviation:
                    if reasonCodes.contains(.d08) {
                        let t = try Ratio.of(target.value ?? 1)
                        let adjusted = try w * Swift.max(Ratio(6, 10), try .one - (a / t - .one - Ratio(3, 10)))
                        deduction = Swift.max(.zero, try unrounded - adjusted)
                        steps.append("偏差原因为“目标值设定偏低”：w × max(0.6, 1 − (a/t − 1.3)) = \(Self.fmt(adjusted))")
                    }
                }
                needsReason = true
                let overPercent = try rules.overachievementRatio * Ratio(100) - Ratio(100)
                finding(.r10, DeviationReason.isGiven(reason) ? .note : .warning,
                        DeviationReason.isGiven(reason)
                            ? "实际完成值超过目标 \(Self.fmt(overPercent))% 以上，已说明原因；如属目标值设定偏低（D08），下年度应调高目标。"
                            : "实际完成值超过目标 \(Self.fmt(overPercent))% 以上，须说明偏差原因（如 D08 目标值设定偏低）。")
            }
        case .tier(let tier, let given):
            let band = rules.bands[tier]!
            if let given {
                unrounded = try Ratio.of(given)
                let low = try band.low * w, high = try band.high * w
                steps.append("定性档次“\(tier.fullName)”，填报得分 \(Self.fmt(given))（档内 [\(Self.fmt(low)), \(Self.fmt(high))]）")
            } else {
                unrounded = try band.defaultFraction * w
                steps.append("定性档次“\(tier.fullName)” → 默认 \(Self.fmt(band.defaultFraction)) × w = \(Self.fmt(unrounded))")
            }
            if tier != .achieved { needsReason = true }
        case .binary(let met):
            unrounded = met ? w : .zero
            steps.append("目标“\(target.raw)”按是否达到评分：实际“\(raw)” → \(met ? "满分 \(Self.fmt(w))" : "0 分")")
            if !met { needsReason = true }
        case .date(let date):
            guard let deadline = target.deadline else { break }
            if date.ordinal(defaultYear: year) <= deadline.ordinal(defaultYear: year) {
                unrounded = w
                steps.append("完成日期 \(date) 不晚于时限 \(deadline) → 满分")
            } else {
                unrounded = try rules.notAchievedDefault * w
                steps.append("完成日期 \(date) 晚于时限 \(deadline) → 未达成档默认 \(Self.fmt(rules.notAchievedDefault)) × w = \(Self.fmt(unrounded))")
                needsReason = true
            }
        }
        if let w = reading.warning { steps.append("提示：\(w)") }
        unrounded = ExactRules.clampedScore(unrounded, weight: w)
        let adjusted = deduction.isZero ? unrounded : Swift.max(.zero, try unrounded - deduction)
        let score = try rules.boundedScore(adjusted, weight: w)
        if score != adjusted { steps.append("四舍五入\(roundingLabel) → \(Self.fmt(score))") }
        let roundedWeight = try rules.round(w)
        if score < roundedWeight && !over { needsReason = true }
        if needsReason && !DeviationReason.isGiven(reason) && !over {
            finding(.r10, .warning, "失分 \(Self.fmt(try roundedWeight - score)) 分但偏差原因空白。请填写偏差原因分析及改进措施。")
        }
        if let actual, target.isPercent, actual >= Ratio(100), TextNormalizer.has(name, "满意") {
            finding(.r06, .note, "满意度为 \(Self.fmt(actual))%，请保存满意度调查问卷、样本量等佐证材料。")
        }
        return IndicatorResult(indicator: indicator, weight: wDecimal, weightBasis: basis, actualRaw: raw, actual: reading.value, unrounded: unrounded,
                               deduction: deduction.decimal, score: score.decimal, reason: reason, reasonSuggested: false, steps: steps.lines, findings: findings,
                               lost: (try roundedWeight - score).decimal, exactScore: score)
    }

    var roundingLabel: String {
        switch profile.rounding {
        case .halfUp(let d): return d == 0 ? "到整数" : "到 \(d) 位小数"
        }
    }
}

/// The derivation lines of a score; appends are skipped (and their text never built) when
/// explanations are off.
struct Steps {
    let enabled: Bool
    var lines: [String] = []

    mutating func append(_ line: @autoclosure () -> String) {
        if enabled { lines.append(line()) }
    }
}
