import Foundation
import JixiaoModel

/// Validates monitoring rows (执行进度) against a year's targets and what is already stored, all or
/// nothing: every problem is collected with its file:line and thrown at once as an `InputError`.
///
/// Refused: a blank or unknown 项目编码, a project of another year (its code only in another year's
/// tables, or a 年度 column naming another year), a month outside 1–12, a 累计支出 that is not a
/// non-negative amount, an indicator the project does not have, the same project and month given
/// twice with different values, and cumulative spending that decreases from one month to a later
/// one (the file's rows and the stored ones taken together, the file's replacing the stored).
public struct ProgressValidator: Sendable {
    public var year: Int
    public var departments: [Department]
    /// Codes not in `year`'s tables, with the other years that hold them.
    public var otherYears: [String: [Int]]

    public init(year: Int, departments: [Department], otherYears: [String: [Int]] = [:]) {
        self.year = year
        self.departments = departments
        self.otherYears = otherYears
    }

    /// The entries of `rows`, given the `stored` entries of the same departments.
    public func validate(_ rows: [ProgressRow], stored: [ProgressEntry]) throws -> [ProgressEntry] {
        var owners: [String: (department: Department, project: Project)] = [:]
        for d in departments { for p in d.projects { owners[TextNormalizer.removingSpaces(p.code)] = (d, p) } }
        var errors: [Diagnostic] = []
        func fail(_ row: ProgressRow, _ message: String) { errors.append(Diagnostic(.error, at: row.source, message)) }
        var entries: [ProgressEntry] = []
        var seen: [String: (value: String, row: ProgressRow)] = [:]
        for row in rows {
            let code = TextNormalizer.removingSpaces(row.code)
            guard !code.isEmpty else { fail(row, "项目编码为空：每行应填项目编码。"); continue }
            if !row.year.isEmpty, Int(TextNormalizer.halfWidth(row.year).prefix(4)) != year {
                fail(row, "年度“\(row.year)”与录入的 \(year) 年度不符：另一年度的支出不能录入 \(year) 年度。")
                continue
            }
            guard let owner = owners[code] else {
                if let years = otherYears[code] {
                    fail(row, "项目 \(code) 属于 \(years.map(String.init).joined(separator: "、")) 年度，不在 \(year) 年度的目标表中：另一年度的项目不能录入 \(year) 年度（请用 --year 指定其年度）。")
                } else {
                    fail(row, "未知的项目编码“\(row.code)”：\(year) 年度的目标表中没有这个项目（或不属于你的单位）。用 jixiao projects 查看项目编码。")
                }
                continue
            }
            guard let month = Self.month(row.month), (1...12).contains(month) else {
                fail(row, row.month.isEmpty ? "月份为空：应为 1–12（或“3月底”“6月底”等）。" : "月份“\(row.month)”不在 1–12 之内：应为 1–12（或“3月底”“6月底”等）。")
                continue
            }
            let p = owner.project
            if row.indicator.isEmpty {
                guard !row.amount.isEmpty else { fail(row, "累计支出为空：执行进度的每行应填截至该月底的累计支出（万元）。"); continue }
                guard let amount = Self.amount(row.amount, inYuan: row.inYuan), amount >= 0 else {
                    fail(row, "累计支出“\(row.amount)”不是非负的金额（\(row.inYuan ? "元" : "万元")）。")
                    continue
                }
                let key = "\(code)\u{1F}\(month)"
                let value = "\(amount)"
                if let earlier = seen[key], earlier.value != value {
                    fail(row, "项目 \(code) 的 \(month)月底累计支出填了两次且不一致（另见 \(earlier.row.source?.description ?? "前文")）。")
                    continue
                }
                seen[key] = (value, row)
                entries.append(.spending(departmentCode: owner.department.code, year: year, projectCode: code, month: month, amount: amount,
                                         reason: row.reason, source: row.source))
            } else {
                if !row.amount.isEmpty { fail(row, "一行只填累计支出或一项指标的截至目前完成值，不能都填。"); continue }
                let name = IndicatorTree.clean(row.indicator)
                let matches = p.indicators.filter { IndicatorTree.clean($0.level3) == name }
                guard matches.count == 1, let indicator = matches.first else {
                    fail(row, matches.isEmpty ? "项目 \(code) 没有三级指标“\(row.indicator)”。可用的指标：\(p.indicators.map(\.level3).joined(separator: "、"))。"
                         : "项目 \(code) 有多项三级指标名为“\(row.indicator)”，无法区分。")
                    continue
                }
                guard !row.value.isEmpty else { fail(row, "截至目前完成值为空。"); continue }
                let key = "\(code)\u{1F}\(month)\u{1F}\(name)"
                if let earlier = seen[key], earlier.value != row.value {
                    fail(row, "项目 \(code) 指标“\(indicator.level3)”的 \(month)月底完成值填了两次且不一致（另见 \(earlier.row.source?.description ?? "前文")）。")
                    continue
                }
                seen[key] = (row.value, row)
                entries.append(ProgressEntry(departmentCode: owner.department.code, year: year, key: IndicatorKey(ownerCode: code, indicator: indicator),
                                             month: month, value: row.value, reason: row.reason, source: row.source))
            }
        }
        errors += decreasing(entries, stored: stored)
        if !errors.isEmpty { throw InputError(errors) }
        return entries
    }

    /// Cumulative spending that falls from a month to a later one, the file's rows over the stored.
    func decreasing(_ entries: [ProgressEntry], stored: [ProgressEntry]) -> [Diagnostic] {
        var byProject: [String: [Int: (amount: Decimal, entry: ProgressEntry, fromFile: Bool)]] = [:]
        for e in stored where e.isSpending { if let a = e.amount { byProject[e.key.ownerCode, default: [:]][e.month] = (a, e, false) } }
        for e in entries where e.isSpending { if let a = e.amount { byProject[e.key.ownerCode, default: [:]][e.month] = (a, e, true) } }
        var errors: [Diagnostic] = []
        for code in byProject.keys.sorted() {
            let months = byProject[code]!.sorted { $0.key < $1.key }
            for (a, b) in zip(months, months.dropFirst()) where b.value.amount < a.value.amount {
                // Named at the file's row (the later one, or the earlier when only it is new).
                let at = b.value.fromFile ? b.value.entry : a.value.entry
                let note = !a.value.fromFile ? "（\(a.key)月底为数据库中已有的值）" : !b.value.fromFile ? "（\(b.key)月底为数据库中已有的值）" : ""
                errors.append(Diagnostic(.error, at: at.source, "项目 \(code) 的累计支出逐月减少：\(b.key)月底 \(Decimals.plain(b.value.amount)) 万元低于 \(a.key)月底 \(Decimals.plain(a.value.amount)) 万元\(note)。累计支出应逐月不减；如是更正，请一并更正其后各月。"))
            }
        }
        return errors
    }

    /// 累计支出 in 万元 ("1,234.56", "12345678元" in a 元 column or with the unit written).
    static func amount(_ text: String, inYuan: Bool) -> Decimal? {
        var s = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(text))
        var yuan = inYuan
        if s.hasSuffix("万元") {
            s = String(s.dropLast(2))
            yuan = false
        } else if s.hasSuffix("元") {
            s = String(s.dropLast(1))
            yuan = true
        }
        guard let d = Decimals.parse(s) else { return nil }
        return yuan ? d / 10000 : d
    }

    /// The month a cell names: "6", "6月", "6月底", "6月末", "2026-06", "2026年6月"; nil otherwise.
    public static func month(_ text: String) -> Int? {
        var s = TextNormalizer.removingSpaces(TextNormalizer.halfWidth(text))
        for suffix in ["月底", "月末", "月份", "月"] where s.hasSuffix(suffix) { s = String(s.dropLast(suffix.count)); break }
        if let r = s.range(of: "年") { s = String(s[r.upperBound...]) }
        if s.count > 4, let dash = s.firstIndex(where: { $0 == "-" || $0 == "/" || $0 == "." }), s[..<dash].count == 4 {
            s = String(s[s.index(after: dash)...])
        }
        guard !s.isEmpty, s.allSatisfy(\.isASCII), let n = Int(s) else { return nil }
        return n
    }
}
