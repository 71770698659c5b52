import Foundation
import JixiaoModel

/// Checks filled actuals rows against the stored targets before anything is written
/// (issue 3): every problem is collected, with its row, and reported at once.
public struct ActualsValidator {
    /// The outcome of a clean validation.
    public struct Result: Sendable {
        /// The rows to store.
        public var actuals: [RecordedActual]
        /// Rows whose 实际完成值 is blank in this file (what is blank in the database is the store's to say).
        public var blanks: [ActualEntry]
        /// Things to tell the user that do not stop the recording.
        public var warnings: [Diagnostic]
        /// Rows read, a row given both in a workbook's flat sheet and in a 自评表 counted once.
        public var rows = 0
    }

    public let departments: [Department]
    public let profile: Profile
    /// Project codes of other years that are not in this year's tables, with the years that hold
    /// them: a row of such a project is refused as belonging to another year.
    public var otherYears: [String: [Int]] = [:]
    /// Every project and department by code, with its points: built once, used for every file.
    let ownerIndex: [String: Owner]

    public init(departments: [Department], profile: Profile = .national2020, otherYears: [String: [Int]] = [:]) {
        self.departments = departments
        self.profile = profile
        self.otherYears = otherYears
        self.ownerIndex = Self.owners(departments, profile: profile)
    }

    /// Whether `code` is a project or department of the year's tables.
    public func knows(_ code: String) -> Bool { ownerIndex[code] != nil }

    /// One indicator owner: a project or a department's own table.
    struct Owner {
        var department: Department
        var code: String
        var name: String
        var indicators: [Indicator]
        var isDepartment: Bool
        var allocation: PointsAllocation
        /// 年初预算数 of a project (nil for a department).
        var budget: Decimal?
    }

    static func owners(_ departments: [Department], profile: Profile) -> [String: Owner] {
        var result: [String: Owner] = [:]
        for d in departments {
            result[d.code] = Owner(department: d, code: d.code, name: d.name, indicators: d.goals, isDepartment: true,
                                   allocation: PointsAllocation.allocate(d.goals, profile: profile), budget: nil)
            for p in d.projects {
                result[p.code] = Owner(department: d, code: p.code, name: p.name, indicators: p.indicators, isDepartment: false,
                                       allocation: PointsAllocation.allocate(p.indicators, profile: profile), budget: p.budget)
            }
        }
        return result
    }

    /// The funds row an entry names: the total's 全年预算数 / 全年执行数, or a source's (上年结转资金,
    /// 其他资金). The older single row 项目资金 / 年度资金总额 / 上年结转资金 is what was spent from that
    /// source: its 全年执行数 (as `FundsSources` reads it).
    static func fundsItem(_ entry: ActualEntry) -> (source: String?, item: String)? {
        let level2 = IndicatorTree.clean(entry.level2), item = IndicatorTree.clean(entry.level3)
        let items = [SpecialRow.budget, SpecialRow.executed]
        if SpecialRow.sources.contains(level2) { return items.contains(item) ? (level2, item) : nil }
        if SpecialRow.sources.contains(item) { return (item, SpecialRow.executed) }
        return items.contains(item) ? (nil, item) : nil
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
        entries = merged(entries, errors: &errors)
        var blanks: [ActualEntry] = []
        var accepted: [(entry: ActualEntry, owner: Owner, key: IndicatorKey, indicatorIndex: Int?, points: Decimal?, claimed: Decimal?, clears: Bool)] = []
        var seen: [IndicatorKey: SourceLocation?] = [:]
        // Unknown codes are reported once each, at their first row, with the rows counted.
        var unknown: [String: (first: ActualEntry, count: Int, slot: Int)] = [:]
        var unknownOrder: [String] = []
        // Amounts in the file, checked against each other once every row is read.
        var amounts: [IndicatorKey: (value: Decimal, entry: ActualEntry)] = [:]

        func fail(_ entry: ActualEntry, _ error: ActualsError) {
            errors.append(Diagnostic(error, at: entry.source))
        }

        for entry in entries {
            let code = TextNormalizer.removingSpaces(entry.ownerCode)
            let level1 = IndicatorTree.clean(entry.level1)
            if level1 == SpecialRow.total { continue }  // a printed total: audit reads it, record does not
            if code.isEmpty { fail(entry, .emptyCode); continue }
            guard let owner = owners[code], otherYears[code] == nil else {
                // Unknown here, or (a continuing project) known here but the file is of another year.
                if unknown[code] == nil {
                    unknownOrder.append(code)
                    // A place in the list, in row order; the message is written once every row is counted.
                    unknown[code] = (entry, 0, errors.count)
                    errors.append(Diagnostic(.error, at: entry.source, ""))
                }
                unknown[code]!.count += 1
                continue
            }
            let clears = ClearMark.matches(entry.raw)
            var points: Decimal?
            if !entry.pointsRaw.isEmpty, !clears {
                guard let p = Decimals.parse(entry.pointsRaw), p >= 0 else {
                    fail(entry, .badPoints(raw: entry.pointsRaw))
                    continue
                }
                points = p
            }
            var claimed: Decimal?
            if !entry.claimedScoreRaw.isEmpty, !clears {
                guard let s = Decimals.parse(entry.claimedScoreRaw), !Decimals.isNegative(s) else {
                    fail(entry, .badScore(raw: entry.claimedScoreRaw))
                    continue
                }
                claimed = s
            }

            var key: IndicatorKey
            var indicatorIndex: Int?
            if level1 == SpecialRow.funds {
                guard let (source, item) = Self.fundsItem(entry) else {
                    fail(entry, .badFundsRow(level2: entry.level2, level3: entry.level3))
                    continue
                }
                let label = source.map { "\($0)的\(item)" } ?? item
                if owner.isDepartment {
                    warnings.append(Diagnostic(.warning, at: entry.source, "部门整体的预算执行率由各项目的全年预算数和执行数汇总计算，单位编码 \(code) 的资金行已忽略。"))
                    continue
                }
                key = source.map { IndicatorKey.fundsSource(code, $0, item) } ?? IndicatorKey.funds(code, item)
                if !clears {
                    if case .negative = Amounts.readInWan(entry.raw) {
                        fail(entry, .negativeAmount(label: label, raw: entry.raw))
                        continue
                    }
                    if !entry.raw.isEmpty {
                        guard let amount = Units.amountInWan(entry.raw) else {
                            fail(entry, .notAmount(label: label, raw: entry.raw))
                            continue
                        }
                        amounts[key] = (amount, entry)
                    }
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
                    fail(entry, .unknownIndicator(owner: owner.name, code: code, path: "\(entry.level1)/\(entry.level2)/\(entry.level3)", isDepartment: owner.isDepartment, known: names))
                    continue
                }
                key = keys[i]
                indicatorIndex = i
                if !entry.raw.isEmpty, !clears {
                    let indicator = owner.indicators[i]
                    // RULES.md §4 counts a negative actual as 0; a count or an amount (a target
                    // in 人次, 座, 万元 …) cannot be negative at all, so there it is an error.
                    if Amounts.isCounted(indicator.target), Amounts.isNegativeNumber(entry.raw) {
                        fail(entry, .negativeActual(indicator: indicator.level3, raw: entry.raw))
                        continue
                    }
                    do {
                        let reading = try ActualParser.parse(entry.raw, for: indicator, tiers: profile.tierWords)
                        if let w = reading.warning { warnings.append(Diagnostic(.warning, at: entry.source, w)) }
                        if case .tier(let tier, let score?) = reading.value {
                            let w = points ?? owner.allocation.indicators[i]
                            let band = profile.band(tier)
                            let low = profile.round(band.low * w), high = profile.round(band.high * w)
                            if !profile.isInside(score, tier: tier, weight: w) {
                                let closed = tier == .achieved || band.high >= 1 || band.low == band.high
                                fail(entry, .scoreOutsideTier(tier: tier.rawValue, low: low, high: high, closed: closed, weight: profile.round(w), score: score))
                                continue
                            }
                        }
                    } catch {
                        fail(entry, .unreadableActual(indicator: indicator.level3, reason: error.description))
                        continue
                    }
                }
            }
            if let previous = seen[key] {
                fail(entry, .duplicateRow(name: key.level3.isEmpty ? key.level1 : key.level3, code: code, previous: previous?.description))
                continue
            }
            seen[key] = entry.source
            if entry.raw.isEmpty && key.level1 != SpecialRow.goal {
                blanks.append(entry)
            }
            accepted.append((entry, owner, key, indicatorIndex, points, claimed, clears))
        }

        for (code, diagnostic) in zip(unknownOrder, unknownCodeErrors(unknownOrder.map { ($0, unknown[$0]!.first, unknown[$0]!.count) })) {
            errors[unknown[code]!.slot] = diagnostic
        }
        errors += amountErrors(amounts)

        // Explicit 分值: kept only where they differ from the profile's split, and then they must
        // cover every indicator and sum to 100 with the funds points.
        var explicitOwners: Set<String> = []
        // Only the owners this file has rows for (not every project of the year).
        let rowsByOwner = Dictionary(grouping: accepted.filter { !$0.clears }, by: { $0.owner.code })
        for code in rowsByOwner.keys.sorted() {
            guard let owner = owners[code], let rows = rowsByOwner[code] else { continue }
            let differs = rows.contains { row in
                guard let p = row.points else { return false }
                if let i = row.indicatorIndex { return Decimals.round(p, scale: 2) != Decimals.round(owner.allocation.indicators[i], scale: 2) }
                if row.key == IndicatorKey.funds(code, SpecialRow.executed) { return p != owner.allocation.funds }
                return false
            }
            guard differs else { continue }
            explicitOwners.insert(code)
            let indicatorRows = rows.filter { $0.indicatorIndex != nil }
            let covered = Set(indicatorRows.compactMap { $0.points == nil ? nil : $0.indicatorIndex })
            if covered.count != owner.indicators.count {
                let at = rows.first?.entry.source
                errors.append(Diagnostic(.partialPoints(owner: owner.name, code: code, covered: covered.count, total: owner.indicators.count), at: at))
                continue
            }
            let funds = rows.first { $0.key == IndicatorKey.funds(code, SpecialRow.executed) }?.points ?? (owner.isDepartment ? profile.fundsPoints : owner.allocation.funds)
            let sum = indicatorRows.reduce(funds) { $0 + ($1.points ?? 0) }
            if abs((sum - 100) as Decimal) > profile.tolerance {
                let at = rows.first?.entry.source
                errors.append(Diagnostic(.pointsSum(owner: owner.name, code: code, sum: sum, funds: funds), at: at))
            }
        }

        if unknown.keys.contains(where: { otherYears[$0] == nil }), let year = departments.first?.year {
            errors.append(Diagnostic(.note, "以上项目编码在 \(year) 年度的目标表中找不到。如这个文件属于其他年度，请用 --year 指定年度；否则请先导入对应单位的绩效目标表。"))
        }
        if !errors.isEmpty { throw InputError(errors) }
        let actuals = accepted.map { row in
            RecordedActual(
                departmentCode: row.owner.department.code, year: row.owner.department.year, key: row.key, value: row.clears ? "" : row.entry.raw,
                points: !row.clears && explicitOwners.contains(row.owner.code) ? row.points : nil, claimedScore: row.clears ? nil : row.claimed,
                reason: row.clears || row.entry.reason.hasPrefix(DeviationReason.suggestedMark) ? "" : row.entry.reason, source: row.entry.source,
                clears: row.clears)
        }
        return Result(actuals: actuals, blanks: blanks, warnings: warnings, rows: entries.filter { !$0.fromForm || !$0.raw.isEmpty }.count)
    }

    /// The key a row names, before it is matched to an indicator (nil for rows without a code).
    static func rowKey(_ entry: ActualEntry) -> IndicatorKey? {
        let code = TextNormalizer.removingSpaces(entry.ownerCode)
        guard !code.isEmpty else { return nil }
        let level1 = IndicatorTree.clean(entry.level1)
        if level1 == SpecialRow.funds {
            guard let (source, item) = fundsItem(entry) else { return nil }
            return source.map { IndicatorKey.fundsSource(code, $0, item) } ?? IndicatorKey.funds(code, item)
        }
        if level1 == SpecialRow.goal { return IndicatorKey.goal(code) }
        return IndicatorKey(ownerCode: code, level1: entry.level1, level2: entry.level2, level3: entry.level3)
    }

    /// A workbook's flat sheet and its 自评表 sheets may both give a row: a value given in one place
    /// only is taken; given in both, the two must read the same (95% and 0.95 against a percent
    /// target do), else it is an error naming both cells.
    func merged(_ entries: [ActualEntry], errors: inout [Diagnostic]) -> [ActualEntry] {
        guard entries.contains(where: \.fromForm) else { return entries }
        var result: [ActualEntry] = []
        var position: [IndicatorKey: Int] = [:]
        for entry in entries {
            guard let key = Self.rowKey(entry), let i = position[key], entry.fromForm || result[i].fromForm else {
                if let key = Self.rowKey(entry), position[key] == nil { position[key] = result.count }
                result.append(entry)
                continue
            }
            let other = result[i]
            let (form, flat) = entry.fromForm ? (entry, other) : (other, entry)
            func place(_ e: ActualEntry) -> String { e.source?.description ?? "" }
            var combined = form
            var clash = false
            if !form.raw.isEmpty, !flat.raw.isEmpty, !sameValue(form.raw, flat.raw, key: key) {
                errors.append(Diagnostic(.valuesDiffer(label: Self.label(key), flatPlace: place(flat), flat: flat.raw, formPlace: place(form), form: form.raw), at: form.source))
                clash = true
            }
            if !form.reason.isEmpty, !flat.reason.isEmpty, TextNormalizer.trim(form.reason) != TextNormalizer.trim(flat.reason) {
                errors.append(Diagnostic(.reasonsDiffer(label: Self.label(key), flatPlace: place(flat), flat: flat.reason, formPlace: place(form), form: form.reason), at: form.source))
                clash = true
            }
            if !form.pointsRaw.isEmpty, !flat.pointsRaw.isEmpty, Decimals.parse(form.pointsRaw) != Decimals.parse(flat.pointsRaw) {
                errors.append(Diagnostic(.pointsDiffer(label: Self.label(key), flatPlace: place(flat), flat: flat.pointsRaw, formPlace: place(form), form: form.pointsRaw), at: form.source))
                clash = true
            }
            // Where both read the same, the flat sheet's text is kept (the form's cells hold numbers,
            // "19" for the "19.00" recorded): re-recording an unchanged template changes nothing.
            if form.raw.isEmpty || !flat.raw.isEmpty { combined.raw = flat.raw; combined.source = flat.source }
            if form.reason.isEmpty { combined.reason = flat.reason }
            if form.pointsRaw.isEmpty { combined.pointsRaw = flat.pointsRaw }
            if form.claimedScoreRaw.isEmpty { combined.claimedScoreRaw = flat.claimedScoreRaw }
            if combined.ownerName.isEmpty { combined.ownerName = flat.ownerName }
            // The merged row stands where the first of the two stood; a clash keeps one row (its error is enough).
            combined.fromForm = false
            result[i] = clash ? other : combined
        }
        return result
    }

    /// The row's name in messages: the indicator, or the funds item.
    static func label(_ key: IndicatorKey) -> String {
        if key.level1 == SpecialRow.goal { return "年度总体目标（\(key.ownerCode)）" }
        if key.level1 == SpecialRow.funds { return (key.level2 == SpecialRow.fundsLevel2 ? key.level3 : "\(key.level2)的\(key.level3)") + "（\(key.ownerCode)）" }
        return "\(key.level3)（\(key.ownerCode)）"
    }

    /// Whether two cells say the same: the same reading against the indicator's target, the same
    /// amount, or the same text.
    func sameValue(_ a: String, _ b: String, key: IndicatorKey) -> Bool {
        let x = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(a)), y = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(b))
        if x == y { return true }
        if ClearMark.matches(a) || ClearMark.matches(b) { return false }
        if key.level1 == SpecialRow.funds { return Units.amountInWan(a).map { $0 == Units.amountInWan(b) } ?? false }
        guard let owner = ownerIndex[key.ownerCode],
              let indicator = owner.indicators.first(where: { IndicatorKey(ownerCode: key.ownerCode, indicator: $0) == key }) else { return false }
        guard let p = try? ActualParser.parse(a, for: indicator, tiers: profile.tierWords),
              let q = try? ActualParser.parse(b, for: indicator, tiers: profile.tierWords) else { return false }
        return p.value == q.value
    }

    /// One error per unknown code, at its first row: another year's project named as such; else a
    /// suggestion when a project of this year has the row's name or a code one or two characters away.
    func unknownCodeErrors(_ codes: [(code: String, first: ActualEntry, count: Int)]) -> [Diagnostic] {
        guard !codes.isEmpty else { return [] }
        let year = departments.first?.year
        let yearText = year.map { "\($0) 年度" } ?? "该年度"
        var byName: [String: [Owner]] = [:]
        for owner in ownerIndex.values where !owner.isDepartment { byName[TextNormalizer.removingSpaces(owner.name), default: []].append(owner) }
        let owners = ownerIndex.values.sorted { $0.code < $1.code }
        return codes.enumerated().map { n, item in
            let error: ActualsError
            if let years = otherYears[item.code] {
                let other = years.map(String.init).joined(separator: "、")
                error = ownerIndex[item.code] != nil
                    ? .otherYearFile(code: item.code, rows: item.count, other: other, year: yearText, last: years.last!)
                    : .otherYearProject(code: item.code, rows: item.count, other: other, year: yearText, last: years.last!)
            } else {
                var suggestion: String?
                // Suggestions for the first codes only: each is a scan of the year's projects.
                if n < 50 {
                    let name = TextNormalizer.removingSpaces(item.first.ownerName)
                    var candidates = name.isEmpty ? [] : (byName[name] ?? [])
                    if candidates.isEmpty { candidates = owners.filter { Self.isNear($0.code, item.code) } }
                    if let best = candidates.first { suggestion = "是否为 \(best.code) \(best.name)？" }
                }
                error = .unknownCode(code: item.code, rows: item.count, year: yearText, suggestion: suggestion)
            }
            return Diagnostic(error, at: item.first.source)
        }
    }

    /// Whether two codes differ by at most two characters (substituted, inserted or dropped).
    static func isNear(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard abs(x.count - y.count) <= 2, x != y else { return false }
        // Edit distance with an early stop once every entry of a row exceeds 2.
        var previous = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...max(1, y.count) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            if current.min()! > 2 { return false }
            previous = current
        }
        return previous[y.count] <= 2
    }

    /// Amounts 100 times or more off the budget they belong to — 元 written as 万元, or the reverse.
    func amountErrors(_ amounts: [IndicatorKey: (value: Decimal, entry: ActualEntry)]) -> [Diagnostic] {
        var errors: [Diagnostic] = []
        // `smaller`: also an amount a hundredth of its base or less (not for a source's share of the budget).
        func check(_ key: IndicatorKey, against base: Decimal, _ baseLabel: String, smaller: Bool = true) {
            guard let (value, entry) = amounts[key], Decimals.isPositive(value), Decimals.isPositive(base) else { return }
            let ratio = value / base
            guard ratio >= 100 || (smaller && ratio <= Decimal(string: "0.01")!) else { return }
            let item = key.level2 == SpecialRow.fundsLevel2 ? key.level3 : "\(key.level2)的\(key.level3)"
            let times = ratio > 1 ? "是\(baseLabel) \(Decimals.plain(Decimals.round(base, scale: 2))) 万元的 \(Decimals.plain(Decimals.round(ratio, scale: 0))) 倍"
                : "只有\(baseLabel) \(Decimals.plain(Decimals.round(base, scale: 2))) 万元的 1/\(Decimals.plain(Decimals.round(base / value, scale: 0)))"
            errors.append(Diagnostic(.amountOff(item: item, raw: entry.raw, value: value, times: times), at: entry.source))
        }
        var owners: [String: Decimal] = [:]
        for key in amounts.keys where key.level1 == SpecialRow.funds {
            if let budget = ownerIndex[key.ownerCode]?.budget { owners[key.ownerCode] = budget }
        }
        for code in owners.keys.sorted() {
            let initial = owners[code]!
            let adjusted = amounts[IndicatorKey.funds(code, SpecialRow.budget)]?.value
            check(IndicatorKey.funds(code, SpecialRow.budget), against: initial, "年初预算数")
            check(IndicatorKey.funds(code, SpecialRow.executed), against: adjusted ?? initial, adjusted == nil ? "年初预算数" : "全年预算数")
            for source in SpecialRow.sources {
                if let base = amounts[IndicatorKey.fundsSource(code, source, SpecialRow.budget)]?.value {
                    check(IndicatorKey.fundsSource(code, source, SpecialRow.executed), against: base, "\(source)的全年预算数")
                }
                check(IndicatorKey.fundsSource(code, source, SpecialRow.budget), against: adjusted ?? initial, "项目全年预算数", smaller: false)
            }
        }
        return errors
    }
}
