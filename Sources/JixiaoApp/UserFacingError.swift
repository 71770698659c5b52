import JixiaoModel
import JixiaoStore

/// An error whose description is a message for the user (what happened, what to do). Front ends
/// print it as it is; anything else is a defect.
public protocol UserFacingError: Error, CustomStringConvertible {}

extension StoreError: UserFacingError {}
extension MergeConflict: UserFacingError {}
extension FilingError: UserFacingError {}
extension AccessDenied: UserFacingError {}
extension FilingStateError: UserFacingError {}
extension SubmissionRefused: UserFacingError {}
