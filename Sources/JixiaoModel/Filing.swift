import Foundation

/// Where a department's self-evaluation of a year stands between the unit and the bureau:
/// 填报中 → 已提交 → (已退回 → 填报中 → 已提交)* → 已审核.
public enum FilingState: String, Sendable, CaseIterable, Codable {
    /// 填报中: the unit records its actuals (also every department that has not submitted yet).
    case filling
    /// 已提交: submitted; actuals locked until the bureau returns or approves it.
    case submitted
    /// 已退回: sent back by the bureau with comments; the unit corrects and submits again.
    case returned
    /// 已审核: approved by the bureau; locked; its score is the one published.
    case approved

    public var label: String {
        switch self {
        case .filling: return "填报中"
        case .submitted: return "已提交"
        case .returned: return "已退回"
        case .approved: return "已审核"
        }
    }

    /// Whether the unit may change its actuals in this state.
    public var isEditable: Bool { self == .filling || self == .returned }
}

/// A department–year's filing as stored: its state, who moved it there and when, and a version
/// that every transition increments (two people acting on one filing at once: the later is refused).
public struct Filing: Sendable, Equatable {
    public var departmentCode: String
    public var year: Int
    public var state: FilingState
    /// Incremented by every transition; 0 for a filing never moved (填报中 by default).
    public var version: Int
    public var updatedAt: String?
    public var updatedBy: String?
    /// The latest submission.
    public var submittedAt: String?
    public var submittedBy: String?
    /// The approval, with the rule profile the approved score was computed by.
    public var approvedAt: String?
    public var approvedBy: String?
    public var approvedProfile: String?
    public var approvedProfileHash: String?

    public init(departmentCode: String, year: Int, state: FilingState = .filling, version: Int = 0, updatedAt: String? = nil, updatedBy: String? = nil,
                submittedAt: String? = nil, submittedBy: String? = nil, approvedAt: String? = nil, approvedBy: String? = nil,
                approvedProfile: String? = nil, approvedProfileHash: String? = nil) {
        self.departmentCode = departmentCode
        self.year = year
        self.state = state
        self.version = version
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.submittedAt = submittedAt
        self.submittedBy = submittedBy
        self.approvedAt = approvedAt
        self.approvedBy = approvedBy
        self.approvedProfile = approvedProfile
        self.approvedProfileHash = approvedProfileHash
    }
}

/// One transition of a filing, kept for ever.
public struct FilingEvent: Sendable, Equatable {
    public var id: Int64
    public var departmentCode: String
    public var year: Int
    public var from: FilingState
    public var to: FilingState
    public var at: String
    public var by: String
    /// The unit's note on submission, the bureau's overall comment on return.
    public var note: String

    public init(id: Int64 = 0, departmentCode: String, year: Int, from: FilingState, to: FilingState, at: String, by: String, note: String) {
        self.id = id
        self.departmentCode = departmentCode
        self.year = year
        self.from = from
        self.to = to
        self.at = at
        self.by = by
        self.note = note
    }
}

/// The bureau's comment on a returned filing: on the whole, on a project, or on one indicator.
public struct ReviewComment: Sendable, Equatable {
    /// The return event the comment belongs to.
    public var eventID: Int64
    /// nil: on the whole filing.
    public var projectCode: String?
    /// 三级指标 (or a funds row) within the project; nil: on the whole project.
    public var indicator: String?
    public var text: String

    public init(eventID: Int64 = 0, projectCode: String? = nil, indicator: String? = nil, text: String) {
        self.eventID = eventID
        self.projectCode = projectCode
        self.indicator = indicator
        self.text = text
    }
}

/// The bureau's score for one indicator (复核得分), kept beside the unit's own (自评得分).
public struct ScoreAdjustment: Sendable, Equatable {
    public var departmentCode: String
    public var year: Int
    /// The indicator (owner = project code, or the department code for its own indicators; the
    /// funds row `项目资金/年度资金总额/全年执行数` for the execution score).
    public var key: IndicatorKey
    public var score: Decimal
    public var reason: String
    public var at: String
    public var by: String

    public init(departmentCode: String, year: Int, key: IndicatorKey, score: Decimal, reason: String, at: String, by: String) {
        self.departmentCode = departmentCode
        self.year = year
        self.key = key
        self.score = score
        self.reason = reason
        self.at = at
        self.by = by
    }
}
