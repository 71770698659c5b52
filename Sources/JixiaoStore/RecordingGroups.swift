import Foundation
import JixiaoModel

/// The department–years a batch of recorded rows (actuals, spending) touches, for the filing's
/// rules on recording: each must be editable before anything is written, and a returned filing the
/// batch changes goes back to 填报中. Both stores keep the same book of it.
public struct RecordingGroups: Sendable {
    /// One department's year.
    public struct Group: Hashable, Comparable, Sendable {
        public var departmentCode: String
        public var year: Int

        public init(_ departmentCode: String, _ year: Int) {
            self.departmentCode = departmentCode
            self.year = year
        }

        public static func < (a: Group, b: Group) -> Bool { (a.departmentCode, a.year) < (b.departmentCode, b.year) }
    }

    /// The distinct groups, in the order the batch first names them.
    public let all: [Group]
    /// The returned filings among them (a change reopens them).
    public var returned: [Group: Filing] = [:]
    /// The groups the batch changed.
    public private(set) var changed = Set<Group>()

    public init(_ groups: some Sequence<Group>) {
        var seen = Set<Group>()
        all = groups.filter { seen.insert($0).inserted }
    }

    /// Notes that the batch changed a row of `departmentCode`'s `year`.
    public mutating func change(_ departmentCode: String, _ year: Int) { changed.insert(Group(departmentCode, year)) }

    /// The returned filings the batch changed, in the batch's order: to reopen.
    public var reopening: [Filing] { all.filter(changed.contains).compactMap { returned[$0] } }
}

extension SourceLocation {
    /// The `source_row` column's text: the line, else `sheet!cell`.
    public var storedRow: String { line.map(String.init) ?? [sheet, cell].compactMap { $0 }.joined(separator: "!") }
}
