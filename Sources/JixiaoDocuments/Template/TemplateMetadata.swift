import Foundation
import JixiaoModel

/// What a fill-in template says about itself: the year, the departments and the profile it was
/// made for. `record` takes the year from it when `--year` is not given (before the project codes).
///
/// In an .xlsx it is a hidden sheet `jixiao` (label in column A, value in column B); in a .csv, one
/// row above the header: `jixiao 填报表,年度：2026,单位：342001,评分规则：national-2020`.
public struct TemplateMetadata: Sendable, Equatable {
    public var year: Int?
    /// The department codes the template covers.
    public var departments: [String]
    public var profile: String?
    /// Where it was read (the csv row, the hidden sheet).
    public var location: SourceLocation?

    public init(year: Int?, departments: [String], profile: String?, location: SourceLocation? = nil) {
        self.year = year
        self.departments = departments
        self.profile = profile
        self.location = location
    }

    /// The first cell of the csv row and the title of the hidden sheet.
    public static let marker = "jixiao 填报表"
    /// The hidden sheet's name.
    public static let sheetName = "jixiao"

    static let yearLabel = "年度", departmentLabel = "单位", profileLabel = "评分规则"

    /// The csv row, written above the header.
    public var csvRow: [String] {
        [Self.marker, "\(Self.yearLabel)：\(year.map(String.init) ?? "")", "\(Self.departmentLabel)：\(departments.joined(separator: "、"))",
         "\(Self.profileLabel)：\(profile ?? "")"]
    }

    /// Reads the csv row; nil when `fields` is not one.
    public static func csv(_ fields: [String], at location: SourceLocation) -> TemplateMetadata? {
        guard let first = fields.first, TextNormalizer.trim(first) == marker else { return nil }
        var values: [String: String] = [:]
        for field in fields.dropFirst() {
            let parts = TextNormalizer.trim(field).split(separator: "：", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = TextNormalizer.trim(parts[1]) }
        }
        return make(values, at: location)
    }

    /// The hidden sheet's rows: label, value.
    public var sheetRows: [[String]] {
        [[Self.marker, ""], [Self.yearLabel, year.map(String.init) ?? ""], [Self.departmentLabel, departments.joined(separator: "、")],
         [Self.profileLabel, profile ?? ""]]
    }

    /// Reads the hidden sheet from its rows (column 1 label, column 2 value).
    public static func sheet(_ rows: [[String]], at location: SourceLocation) -> TemplateMetadata? {
        guard let first = rows.first?.first, TextNormalizer.trim(first) == marker else { return nil }
        var values: [String: String] = [:]
        for row in rows.dropFirst() where row.count >= 2 { values[TextNormalizer.trim(row[0])] = TextNormalizer.trim(row[1]) }
        return make(values, at: location)
    }

    static func make(_ values: [String: String], at location: SourceLocation) -> TemplateMetadata {
        let year = values[yearLabel].flatMap { Int($0) }.flatMap { (2000...2100).contains($0) ? $0 : nil }
        let departments = (values[departmentLabel] ?? "").split(separator: "、").map { TextNormalizer.trim(String($0)) }.filter { !$0.isEmpty }
        let profile = values[profileLabel].flatMap { $0.isEmpty ? nil : $0 }
        return TemplateMetadata(year: year, departments: departments, profile: profile, location: location)
    }
}
