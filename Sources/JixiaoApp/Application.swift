import Foundation
import JixiaoModel
import JixiaoStore

/// The use cases of Jixiao over one store, on behalf of one actor.
///
/// Every front end — the `jixiao` command line, the web server — builds an `Application` and calls
/// one of its methods per request; none of them holds use-case logic of its own. The methods live
/// in one file each (`Application+Import.swift`, `Application+Score.swift`, …). Work that takes a
/// while reports progress through a `ProgressHandler` instead of drawing on a terminal.
public struct Application: Sendable {
    /// The database every use case reads and writes.
    public let store: any Store
    /// Who is acting: recorded with every change.
    public let actor: Actor
    /// Where rule profiles are found.
    public let profiles: ProfileCatalog
    /// The time of changes and runs (fixed in tests).
    public let clock: @Sendable () -> Date

    public init(store: any Store, actor: Actor, profiles: ProfileCatalog = ProfileCatalog(), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.actor = actor
        self.profiles = profiles
        self.clock = clock
    }

    /// The given year, else the latest year in the store.
    public func resolveYear(_ year: Int?) async throws -> Int {
        if let year { return year }
        guard let latest = try await store.defaultYear() else {
            throw StoreError("数据库中还没有任何数据。请先导入绩效目标表：jixiao import 文件")
        }
        return latest
    }

    /// The department a project or department code belongs to in `year`, the read checked; nil
    /// when the code is unknown (or, for a unit, another department's: nothing about it leaks).
    func owningDepartment(of code: String, year: Int) async throws -> String? {
        let owner = try await store.department(code: code, year: year) != nil ? code : try await store.departmentCode(ofProject: code, year: year)
        guard let owner, Rights.allows(actor, .read(department: owner)) else { return nil }
        return owner
    }

    /// The department codes of `year`; an error naming the years present when there are none.
    func departmentCodes(year: Int) async throws -> [String] {
        let codes = try await store.departmentCodes(year: year)
        guard !codes.isEmpty else {
            let years = try await store.years()
            throw StoreError("\(year) 年度没有数据。" + (years.isEmpty ? "请先导入绩效目标表。" : "已有年度：\(years.map(String.init).joined(separator: "、"))。"))
        }
        return codes
    }
}
