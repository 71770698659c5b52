import Foundation

/// A row of mid-year monitoring (绩效运行监控) as read from a file, before validation: a project's
/// cumulative spending at the end of a month (累计支出), or an indicator's value so far (截至目前完成值).
public struct ProgressRow: Hashable, Sendable {
    /// 项目编码 as written.
    public var code: String
    /// 月份 as written ("6", "6月", "6月底").
    public var month: String
    /// 累计支出 as written (blank on an indicator row).
    public var amount: String
    /// True when the column was headed in 元 (the amount is divided by 10000).
    public var inYuan: Bool
    /// 三级指标 of an indicator row; blank on a spending row.
    public var indicator: String
    /// 截至目前完成值 of an indicator row.
    public var value: String
    /// 偏差原因及纠偏措施.
    public var reason: String
    /// 年度 as written, when the file has the column.
    public var year: String
    public var source: SourceLocation?

    public init(code: String, month: String, amount: String = "", inYuan: Bool = false, indicator: String = "", value: String = "",
                reason: String = "", year: String = "", source: SourceLocation? = nil) {
        self.code = code
        self.month = month
        self.amount = amount
        self.inYuan = inYuan
        self.indicator = indicator
        self.value = value
        self.reason = reason
        self.year = year
        self.source = source
    }
}

/// A validated monitoring entry as stored: one owner's value at the end of one month, with history
/// like actuals. Spending rows carry the funds key `IndicatorKey.funds(code, ProgressEntry.spendingItem)`
/// and the cumulative amount in 万元 as a plain decimal; indicator rows the indicator's key and the
/// value as written.
public struct ProgressEntry: Hashable, Sendable {
    /// 三级指标 of the spending rows' key.
    public static let spendingItem = "累计支出"

    public var departmentCode: String
    public var year: Int
    public var key: IndicatorKey
    /// 1 … 12: the value is as of the end of this month.
    public var month: Int
    public var value: String
    /// 偏差原因及纠偏措施.
    public var reason: String
    public var source: SourceLocation?

    public init(departmentCode: String, year: Int, key: IndicatorKey, month: Int, value: String, reason: String = "", source: SourceLocation? = nil) {
        self.departmentCode = departmentCode
        self.year = year
        self.key = key
        self.month = month
        self.value = value
        self.reason = reason
        self.source = source
    }

    /// A spending entry: `amount` 万元 spent by the end of `month`.
    public static func spending(departmentCode: String, year: Int, projectCode: String, month: Int, amount: Decimal, reason: String = "",
                                source: SourceLocation? = nil) -> ProgressEntry {
        ProgressEntry(departmentCode: departmentCode, year: year, key: .funds(projectCode, spendingItem), month: month,
                      value: "\(amount)", reason: reason, source: source)
    }

    /// True for a spending row (累计支出), false for an indicator's progress.
    public var isSpending: Bool { key.level1 == SpecialRow.funds && key.level3 == Self.spendingItem }

    /// The cumulative amount of a spending row, in 万元.
    public var amount: Decimal? { isSpending ? Decimal(string: value, locale: Locale(identifier: "en_US_POSIX")) : nil }
}

/// One change to a monitoring entry.
public struct ProgressChange: Hashable, Sendable {
    public var key: IndicatorKey
    public var month: Int
    public var oldValue: String?
    public var newValue: String
    public var oldReason: String?
    public var newReason: String
    public var changedAt: String
    public var changedBy: String
    public var sourceFile: String?
    public var sourceRow: String?

    public init(key: IndicatorKey, month: Int, oldValue: String?, newValue: String, oldReason: String?, newReason: String,
                changedAt: String, changedBy: String, sourceFile: String?, sourceRow: String?) {
        self.key = key
        self.month = month
        self.oldValue = oldValue
        self.newValue = newValue
        self.oldReason = oldReason
        self.newReason = newReason
        self.changedAt = changedAt
        self.changedBy = changedBy
        self.sourceFile = sourceFile
        self.sourceRow = sourceRow
    }
}
