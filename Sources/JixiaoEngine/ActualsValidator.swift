import Foundation
import JixiaoModel

/// Checks filled actuals rows against the stored targets before anything is written
/// (issue 3): every problem is collected, with its row, and reported at once.
public struct ActualsValidator {
    /// The outcome of a clean validation.
    public struct Result: Sendable {
        /// The rows to store.
        public var actuals: [RecordedActual]
        /// Rows whose 实际完成值 is blank: not yet filled.
        public var blanks: [ActualEntry]
        /// Things to tell the user that do not stop the recording.
        public var warnings: [Diagnostic]
    }

    public let departments: [Department]
    public let profile: Profile
    /// Every project and department by code, with its points: built once, used for every file.
    let ownerIndex: [String: Owner]

    public init(departments: [Department], profile: Profile = .national2020) {
        self.departments = departments
        self.profile = profile
        self.ownerIndex = Self.owners(departments, profile: profile)
    }

    /// One indicator owner: a project or a department's own table.
    struct Owner {
        var department: Department
        var code: String
        var name: String
        var indicators: [Indicator]
        var isDepartment: Bool
        var allocation: PointsAllocation
    }

    static func owners(_ departments: [Department], profile: Profile) -> [String: Owner] {
        var result: [String: Owner] = [:]
        for d in departments {
            result[d.code] = Owner(department: d, code: d.code, name: d.name, indicators: d.goals, isDepartment: true,
                                   allocation: PointsAllocation.allocate(d.goals, profile: profile))
            for p in d.projects {
                result[p.code] = Owner(department: d, code: p.code, name: p.name, indicators: p.indicators, isDepartment: false,
                                       allocation: PointsAllocation.allocate(p.indicators, profile: profile))
            }
        }
        return result
    }

    public func validate(_ entries: [ActualEntry]) throws -> Result {
        let owners = ownerIndex
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        // Control and bidi characters never reach the database (issue 14): removed, with a warning at the row.
        var entries = entries
        for i in entries.indices {
            let at = entries[i].source
            func clean(_ text: inout String, _ field: String) {
                guard let (stripped, removed) = ControlCharacters.strip(text) else { return }
                text = stripped
                warnings.append(ControlCharacters.warning(field, removed, at: at))
            }
            clean(&entries[i].ownerCode, "项目编码")
            clean(&entries[i].level1, "一级指标")
            clean(&entries[i].level2, "二级指标")
            clean(&entries[i].level3, "三级指标")
            clean(&entries[i].raw, "实际完成值")
            clean(&entries[i].pointsRaw, "分值")
            clean(&entries[i].claimedScoreRaw, "得分")
            clean(&entries[i].reason, "偏差原因分析及改进措施")
        }
        var blanks: [ActualEntry] = []
        var accepted: [(entry: ActualEntry, owner: Owner, key: IndicatorKey, indicatorIndex: Int?, points: Decimal?, claimed: Decimal?)] = []
        var seen: [IndicatorKey: SourceLocation?] = [:]

        func fail(_ entry: ActualEntry, _ message: String) {
            errors.append(Diagnostic(.error, at: entry.source, message))
        }

        for entry in entries {
            let code = TextNormalizer.removingSpaces(entry.ownerCode)
            let level1 = IndicatorTree.clean(entry.level1)
            if level1 == SpecialRow.total { continue }  // a printed total: audit reads it, record does not
            if code.isEmpty { fail(entry, "项目编码为空。每行都应填写项目编码（部门整体指标填单位编码）。"); continue }
            guard let owner = owners[code] else {
                fail(entry, "未知的项目编码 \(code)：数据库中该年度没有这个项目或单位。请核对编码，或先导入对应的绩效目标表。")
                continue
            }
            var points: Decimal?
            if !entry.pointsRaw.isEmpty {
                guard let p = Decimals.parse(entry.pointsRaw), p >= 0 else {
                    fail(entry, "分值应为非负数字，此处为“\(entry.pointsRaw)”。")
                    continue
                }
                points = p
            }
            var claimed: Decimal?
            if !entry.claimedScoreRaw.isEmpty {
                guard let s = Decimals.parse(entry.claimedScoreRaw), Decimals.compare(s, 0) >= 0 else {
                    fail(entry, "得分应为非负数字，此处为“\(entry.claimedScoreRaw)”。")
                    continue
                }
                claimed = s
            }

            var key: IndicatorKey
            var indicatorIndex: Int?
            if level1 == SpecialRow.funds {
                let item = IndicatorTree.clean(entry.level3)
                guard [SpecialRow.budget, SpecialRow.executed, SpecialRow.carryover, SpecialRow.otherFunds].contains(item) else {
                    fail(entry, "资金行的三级指标应为 全年预算数 / 全年执行数 / 上年结转资金 / 其他资金，此处为“\(entry.level3)”。")
                    continue
                }
                if owner.isDepartment {
                    warnings.append(Diagnostic(.warning, at: entry.source, "部门整体的预算执行率由各项目的全年预算数和执行数汇总计算，单位编码 \(code) 的资金行已忽略。"))
                    continue
                }
                key = IndicatorKey.funds(code, item)
                if case .negative = Amounts.readInWan(entry.raw) {
                    fail(entry, Amounts.negativeMessage(item, entry.raw))
                    continue
                }
                if !entry.raw.isEmpty, Units.amountInWan(entry.raw) == nil {
                    fail(entry, "\(item)应为金额（万元，如 18.50；写“元”则按元换算），此处为“\(entry.raw)”。")
                    continue
                }
            } else if level1 == SpecialRow.goal {
                key = IndicatorKey.goal(code)
            } else {
                let wanted = IndicatorKey(ownerCode: code, level1: entry.level1, level2: entry.level2, level3: entry.level3)
                let keys = owner.indicators.map { IndicatorKey(ownerCode: code, indicator: $0) }
                var match = keys.firstIndex(of: wanted)
                if match == nil, entry.level2.isEmpty {
                    let candidates = keys.indices.filter { keys[$0].level1 == wanted.level1 && keys[$0].level3 == wanted.level3 }
                    if candidates.count == 1 { match = candidates[0] }
                }
                guard let i = match else {
                    let names = owner.indicators.map { "\($0.level2)/\($0.level3)" }.joined(separator: "、")
                    fail(entry, "\(owner.name)（\(code)）没有指标“\(entry.level1)/\(entry.level2)/\(entry.level3)”。该\(owner.isDepartment ? "单位" : "项目")的指标有：\(names)。")
                    continue
                }
                key = keys[i]
                indicatorIndex = i
                if !entry.raw.isEmpty {
                    let indicator = owner.indicators[i]
                    // RULES.md §4 counts a negative actual as 0; a count or an amount (a target
                    // in 人次, 座, 万元 …) cannot be negative at all, so there it is an error.
                    if Amounts.isCounted(indicator.target), Amounts.isNegativeNumber(entry.raw) {
                        fail(entry, "\(indicator.level3)：" + Amounts.negativeMessage("实际完成值", entry.raw))
                        continue
                    }
                    do {
                        let reading = try ActualParser.parse(entry.raw, for: indicator)
                        if let w = reading.warning { warnings.append(Diagnostic(.warning, at: entry.source, w)) }
                        if case .tier(let tier, let score?) = reading.value {
                            let w = points ?? owner.allocation.indicators[i]
                            let band = profile.band(tier)
                            let low = profile.round(band.low * w), high = profile.round(band.high * w)
                            let inside = score >= low && (tier == .achieved ? score <= high : score < high)
                            if !inside {
                                fail(entry, "“\(tier.rawValue)”档的得分应在 [\(Decimals.plain(low)), \(Decimals.plain(high))\(tier == .achieved ? "]" : ")") 之间（分值 \(Decimals.plain(profile.round(w)))），此处为 \(Decimals.plain(score))。请调整得分或档次。")
                                continue
                            }
                        }
                    } catch {
                        fail(entry, "\(indicator.level3)：\(error.description)")
                        continue
                    }
                }
            }
            if let previous = seen[key] {
                fail(entry, "重复的行：\(key.level3.isEmpty ? key.level1 : key.level3)（\(code)）已在 \(previous?.description ?? "前面") 填写过。每个指标只能填一行。")
                continue
            }
            seen[key] = entry.source
            if entry.raw.isEmpty && key.level1 != SpecialRow.goal {
                blanks.append(entry)
            }
            accepted.append((entry, owner, key, indicatorIndex, points, claimed))
        }

        // Explicit 分值: kept only where they differ from the profile's split, and then they must
        // cover every indicator and sum to 100 with the funds points.
        var explicitOwners: Set<String> = []
        // Only the owners this file has rows for (not every project of the year).
        let rowsByOwner = Dictionary(grouping: accepted, by: { $0.owner.code })
        for code in rowsByOwner.keys.sorted() {
            guard let owner = owners[code], let rows = rowsByOwner[code] else { continue }
            let differs = rows.contains { row in
                guard let p = row.points else { return false }
                if let i = row.indicatorIndex { return Decimals.round(p, scale: 2) != Decimals.round(owner.allocation.indicators[i], scale: 2) }
                if row.key.level3 == SpecialRow.executed { return p != owner.allocation.funds }
                return false
            }
            guard differs else { continue }
            explicitOwners.insert(code)
            let indicatorRows = rows.filter { $0.indicatorIndex != nil }
            let covered = Set(indicatorRows.compactMap { $0.points == nil ? nil : $0.indicatorIndex })
            if covered.count != owner.indicators.count {
                let at = rows.first?.entry.source
                errors.append(Diagnostic(.error, at: at, "\(owner.name)（\(code)）填写了与默认不同的分值，但只有 \(covered.count)/\(owner.indicators.count) 个指标填了分值。自定义分值须覆盖全部指标。"))
                continue
            }
            let funds = rows.first { $0.key.level3 == SpecialRow.executed }?.points ?? (owner.isDepartment ? profile.fundsPoints : owner.allocation.funds)
            let sum = indicatorRows.reduce(funds) { $0 + ($1.points ?? 0) }
            if abs((sum - 100) as Decimal) > profile.tolerance {
                let at = rows.first?.entry.source
                errors.append(Diagnostic(.error, at: at, "\(owner.name)（\(code)）的分值合计为 \(Decimals.plain(sum))（含预算执行率 \(Decimals.plain(funds)) 分），应为 100。请调整分值，或清空分值列以使用默认分配。"))
            }
        }

        if errors.contains(where: { $0.message.hasPrefix("未知的项目编码") }), let year = departments.first?.year {
            errors.append(Diagnostic(.note, "以上项目编码在 \(year) 年度的目标表中找不到。如这个文件属于其他年度，请用 --year 指定年度；否则请先导入对应单位的绩效目标表。"))
        }
        if !errors.isEmpty { throw InputError(errors) }
        let actuals = accepted.map { row in
            RecordedActual(
                departmentCode: row.owner.department.code, year: row.owner.department.year, key: row.key, value: row.entry.raw,
                points: explicitOwners.contains(row.owner.code) ? row.points : nil, claimedScore: row.claimed,
                reason: row.entry.reason.hasPrefix(DeviationReason.suggestedMark) ? "" : row.entry.reason, source: row.entry.source)
        }
        return Result(actuals: actuals, blanks: blanks, warnings: warnings)
    }
}
