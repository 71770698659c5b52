import Foundation
import JixiaoEngine
import JixiaoModel
import JixiaoStore

extension Application {
    /// Years side by side for every department (or the one named): each chunk of departments has
    /// all its years scored concurrently, compared, and handed to `onChunk` in department order, so
    /// memory does not grow with the province.
    public func compare(years: [Int], department: String?, profile: Profile,
                        onChunk: (_ comparisons: [YearComparison], _ first: Bool) async throws -> Void) async throws {
        let available = Set(try await store.years())
        let missing = years.filter { !available.contains($0) }
        guard missing.isEmpty else {
            throw StoreError("数据库中没有 \(missing.map(String.init).joined(separator: "、")) 年度的数据。已有：\(available.sorted().map(String.init).joined(separator: "、"))。")
        }
        let scorer = Scorer(profile: profile, explains: false)
        let sortedYears = Set(years).sorted()
        var codesByYear: [Int: Set<String>] = [:]
        for year in sortedYears { codesByYear[year] = Set(try await store.departmentCodes(year: year)) }
        if let department { try authorize(.read(department: department)) }
        let visible = department ?? actor.department
        let codes = codesByYear.values.reduce(Set<String>()) { $0.union($1) }.filter { visible == nil || $0 == visible }.sorted()
        guard !codes.isEmpty else { throw StoreError("所选年度中没有单位 \(department ?? "")。") }
        for start in stride(from: 0, to: codes.count, by: Self.scoreChunk) {
            let part = Array(codes[start..<min(codes.count, start + Self.scoreChunk)])
            var byDepartment: [String: [DepartmentResult]] = [:]
            for year in sortedYears {
                let present = part.filter { codesByYear[year]?.contains($0) == true }
                for r in try await scoreDepartments(year: year, codes: present, scorer: scorer) { byDepartment[r.department.code, default: []].append(r) }
            }
            try await onChunk(part.compactMap { byDepartment[$0].map(YearComparison.compare) }, start == 0)
        }
    }
}
