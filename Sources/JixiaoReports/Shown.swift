import Foundation
import JixiaoModel

/// How reports print numbers: scores and amounts with two decimals, rates as percentages with two
/// decimals, and a dash (or what the caller asks for) where there is no value.
enum Shown {
    static func number(_ d: Decimal?, missing: String = "—") -> String { d.map { Decimals.fixed($0, 2) } ?? missing }

    static func percent(_ rate: Decimal?, missing: String = "—") -> String { rate.map { Decimals.percent($0) } ?? missing }
}
