import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoStore

/// A filled-in sheet to hand out: its rows and the file's bytes.
public struct TemplateFile: Sendable {
    public var year: Int
    public var data: Data
    /// The rows written (one per funds row, goal and indicator).
    public var rowCount: Int
    /// The projects and departments the rows belong to.
    public var ownerCount: Int
    /// The bureau's open comments written into the 审核意见 column.
    public var commentCount: Int
}

extension Application {
    /// The fill-in sheet for year-end actuals (`xlsx` true: the workbook, else the csv), with the
    /// values already recorded filled in and the bureau's open comments on a returned filing in
    /// the 审核意见 column; only one project's (or department's) rows when `only`. The file records
    /// its year, departments and profile, so that `record` files it into the right year.
    public func template(year: Int, profile: Profile, only: String? = nil, xlsx: Bool) async throws -> TemplateFile {
        let departments = try await visible(store.departments(year: year))
        guard !departments.isEmpty else { throw StoreError("\(year) 年度没有数据。") }
        if let only, !departments.contains(where: { d in d.code == only || d.projects.contains { $0.code == only } }) {
            throw StoreError("\(year) 年度没有编码为 \(only) 的项目或单位。用 jixiao projects 查看项目编码。")
        }
        var actuals: [RecordedActual] = []
        var comments: [String: [ReviewComment]] = [:]
        for d in departments {
            actuals += try await store.actuals(departmentCode: d.code, year: year)
            comments[d.code] = try await openComments(department: d.code, year: year)
        }
        let template = TemplateRows(departments: departments, actuals: actuals, profile: profile, only: only, comments: comments)
        let data = xlsx ? try TemplateWorkbook.make(template) : Data(template.csv().utf8)
        let rows = template.rows()
        return TemplateFile(year: year, data: data, rowCount: rows.count, ownerCount: Set(rows.map { $0[0] }).count,
                            commentCount: comments.values.reduce(0) { $0 + $1.count })
    }

    /// The comments of the bureau's latest return while the filing is back with the unit.
    func openComments(department code: String, year: Int) async throws -> [ReviewComment] {
        let filing = try await store.filing(departmentCode: code, year: year)
        guard filing.state.isEditable, let lastReturn = try await store.events(departmentCode: code, year: year).last(where: { $0.to == .returned }) else {
            return []
        }
        return try await store.comments(departmentCode: code, year: year).filter { $0.eventID == lastReturn.id }
    }
}
