import Foundation
import JixiaoModel

/// A move of a filing from one state to another, with what goes with it.
public struct FilingTransition: Sendable {
    public var departmentCode: String
    public var year: Int
    /// The state and version the actor saw: the move is refused when the filing has moved since.
    public var from: FilingState
    public var expectedVersion: Int
    public var to: FilingState
    public var at: Date
    public var by: String
    /// The unit's note on submission, the bureau's overall comment on return.
    public var note: String
    /// The bureau's comments on projects and indicators (on return).
    public var comments: [ReviewComment]
    /// The rule profile the approved score was computed by (on approval).
    public var profileName: String?
    public var profileHash: String?

    public init(departmentCode: String, year: Int, from: FilingState, expectedVersion: Int, to: FilingState, at: Date, by: String, note: String = "",
                comments: [ReviewComment] = [], profileName: String? = nil, profileHash: String? = nil) {
        self.departmentCode = departmentCode
        self.year = year
        self.from = from
        self.expectedVersion = expectedVersion
        self.to = to
        self.at = at
        self.by = by
        self.note = note
        self.comments = comments
        self.profileName = profileName
        self.profileHash = profileHash
    }
}

/// Why the store refused a change to a filing or to the actuals it covers.
public enum FilingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The actuals of a submitted or approved filing cannot change.
    case locked(departmentCode: String, year: Int, state: FilingState)
    /// Someone else moved the filing since it was read.
    case moved(current: Filing)
    /// Someone else saved the project's actuals since they were read.
    case actualsChanged(ownerCode: String)

    public var description: String {
        switch self {
        case .locked(let code, let year, let state):
            return state == .approved
                ? "\(code) \(year) 年度已审核，实际完成值已锁定，不能再修改。"
                : "\(code) \(year) 年度已提交，待财政审核或退回；退回前不能修改实际完成值。"
        case .moved(let current):
            return "\(current.departmentCode) \(current.year) 年度的填报状态已被他人改为“\(current.state.label)”（\(current.updatedBy ?? "") \(current.updatedAt ?? "")）。请刷新后再操作。"
        case .actualsChanged(let owner):
            return "该项目已被他人修改（\(owner)）。请查看对方保存的值后再保存；本次未做任何修改。"
        }
    }
}

/// The filing cycle between units and the bureau: states, their history, the bureau's comments
/// and its score adjustments (复核).
public protocol FilingStore: Sendable {
    /// The filing of a department–year; 填报中 with version 0 when it never moved.
    func filing(departmentCode: String, year: Int) async throws -> Filing
    /// Every filing of a year that ever moved, by department code.
    func filings(year: Int) async throws -> [Filing]
    /// Moves a filing, in one transaction with its event and comments. Throws `FilingError.moved`
    /// when its state or version is no longer what the actor saw.
    func transition(_ transition: FilingTransition) async throws -> Filing
    /// Every transition of a department–year, oldest first.
    func events(departmentCode: String, year: Int) async throws -> [FilingEvent]
    /// Every comment of the bureau on a department–year, oldest first.
    func comments(departmentCode: String, year: Int) async throws -> [ReviewComment]
    /// The bureau's current score adjustments of a department–year (the latest per indicator).
    func adjustments(departmentCode: String, year: Int) async throws -> [ScoreAdjustment]
    /// Every adjustment ever stored for a department–year, oldest first.
    func adjustmentHistory(departmentCode: String, year: Int) async throws -> [ScoreAdjustment]
    /// Stores an adjustment (the earlier ones of the indicator stay in the history). Refused with
    /// `FilingError.locked` once the filing is approved.
    func saveAdjustment(_ adjustment: ScoreAdjustment) async throws
}
