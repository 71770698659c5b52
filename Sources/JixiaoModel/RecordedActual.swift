import Foundation

/// A validated actual as stored: the row's key, the values as written, and where they came from.
public struct RecordedActual: Hashable, Sendable {
    public var departmentCode: String
    public var year: Int
    public var key: IndicatorKey
    /// 实际完成值 as written (validated against the target).
    public var value: String
    /// Explicit 分值, when the file set weights that differ from the profile's split.
    public var points: Decimal?
    /// 得分 the file claims, if any.
    public var claimedScore: Decimal?
    /// 偏差原因分析及改进措施.
    public var reason: String
    public var source: SourceLocation?
    /// True when the row asks to clear the stored value (the cell text 清除): the store removes it
    /// and keeps the change in the history like any other.
    public var clears = false

    public init(departmentCode: String, year: Int, key: IndicatorKey, value: String, points: Decimal? = nil,
                claimedScore: Decimal? = nil, reason: String = "", source: SourceLocation? = nil, clears: Bool = false) {
        self.departmentCode = departmentCode
        self.year = year
        self.key = key
        self.value = value
        self.points = points
        self.claimedScore = claimedScore
        self.reason = reason
        self.source = source
        self.clears = clears
    }
}

/// One change to an actual.
public struct ActualChange: Hashable, Sendable {
    public var key: IndicatorKey
    public var oldValue: String?
    public var newValue: String
    public var oldReason: String?
    public var newReason: String
    public var oldPoints: Decimal?
    public var newPoints: Decimal?
    public var changedAt: String
    public var changedBy: String
    public var sourceFile: String?
    public var sourceRow: String?

    /// True when the change cleared the value (清除): the new value is empty.
    public var isClearing: Bool { newValue.isEmpty && oldValue != nil }

    public init(key: IndicatorKey, oldValue: String?, newValue: String, oldReason: String?, newReason: String, oldPoints: Decimal?,
                newPoints: Decimal?, changedAt: String, changedBy: String, sourceFile: String?, sourceRow: String?) {
        self.key = key
        self.oldValue = oldValue
        self.newValue = newValue
        self.oldReason = oldReason
        self.newReason = newReason
        self.oldPoints = oldPoints
        self.newPoints = newPoints
        self.changedAt = changedAt
        self.changedBy = changedBy
        self.sourceFile = sourceFile
        self.sourceRow = sourceRow
    }
}
