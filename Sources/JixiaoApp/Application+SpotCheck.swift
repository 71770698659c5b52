import Foundation
import JixiaoEngine
import JixiaoModel
import JixiaoStore

extension Application {
    /// Draws the projects the bureau will check in depth: reproducibly (the same seed gives the
    /// same sample), weighted by budget (large projects more likely), every department with
    /// projects represented, and always every project with an error-level finding or a score that
    /// moved more than 10 points against the previous year.
    public func spotCheck(year: Int?, rate: Decimal, minimumBudget: Decimal?, seed: UInt64, profile: Profile) async throws -> SpotCheck {
        try authorize(.readAll)
        guard rate > 0, rate <= 1 else { throw FilingStateError(description: "抽查比例应在 0 到 100% 之间，如 20%。") }
        let y = try await resolveYear(year)
        let results = try await scored(year: y, profile: profile)
        var previous: [String: [ProjectResult]] = [:]
        if try await store.years().contains(y - 1) {
            for r in try await scored(year: y - 1, profile: profile) { previous[r.department.code] = r.projects }
        }
        struct Candidate { var department: DepartmentResult; var project: ProjectResult; var key: Double; var reasons: [String] }
        var candidates: [Candidate] = []
        for d in results {
            let before = previous[d.department.code] ?? []
            for p in d.projects where minimumBudget.map({ p.funds.budget >= $0 }) ?? true {
                var reasons: [String] = []
                let errors = Array(Set(p.allFindings.filter { $0.severity == .error }.map(\.code.rawValue))).sorted()
                if !errors.isEmpty { reasons.append("必抽：存在错误级问题（\(errors.joined(separator: "、"))）") }
                let match = before.first { $0.project.code == p.project.code } ?? before.first { $0.project.name == p.project.name }
                if let match, match.status == .graded, p.status == .graded {
                    let change = p.finalTotal - match.finalTotal
                    if abs(change) > 10 {
                        reasons.append("必抽：得分较上年变化 \(change > 0 ? "+" : "")\(Decimals.fixed(change, 2)) 分（\(Decimals.fixed(match.finalTotal, 2)) → \(Decimals.fixed(p.finalTotal, 2))）")
                    }
                }
                candidates.append(Candidate(department: d, project: p, key: Self.drawKey(seed: seed, code: p.project.code, budget: p.funds.budget), reasons: reasons))
            }
        }
        // ⌈candidates × rate⌉, at least one.
        var exact = Decimal(candidates.count) * rate, whole = Decimal()
        NSDecimalRound(&whole, &exact, 0, .up)
        let wanted = candidates.isEmpty ? 0 : max(1, NSDecimalNumber(decimal: whole).intValue)
        var chosen = Set(candidates.indices.filter { !candidates[$0].reasons.isEmpty })
        // Every department with candidates is represented: its highest key, if none is in yet.
        let byDepartment = Dictionary(grouping: candidates.indices, by: { candidates[$0].department.department.code })
        for (_, indices) in byDepartment where !indices.contains(where: chosen.contains) {
            if let best = indices.max(by: { candidates[$0].key < candidates[$1].key }) {
                chosen.insert(best)
                candidates[best].reasons.append("分层：每个单位至少抽取 1 个项目（本单位内按预算加权抽取）")
            }
        }
        for i in candidates.indices.filter({ !chosen.contains($0) }).sorted(by: { candidates[$0].key > candidates[$1].key }) where chosen.count < wanted {
            chosen.insert(i)
            candidates[i].reasons.append("按预算加权随机抽取")
        }
        let projects = chosen.sorted().map { i in
            let c = candidates[i]
            return SampledProject(departmentCode: c.department.department.code, departmentName: c.department.department.name, project: c.project,
                                  reasons: c.reasons, isRequired: c.reasons.contains { $0.hasPrefix("必抽") })
        }
        return SpotCheck(year: y, rate: rate, minimumBudget: minimumBudget, seed: seed, candidates: candidates.count,
                         departments: byDepartment.count, projects: projects)
    }

    /// A project's draw key (Efraimidis–Spirakis, weighted by budget): u^(1/w) with u uniform from
    /// the seed and the project code, so the draw does not depend on the order of projects. This
    /// is a sampling priority, not money: a floating-point value is fine here.
    static func drawKey(seed: UInt64, code: String, budget: Decimal) -> Double {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in code.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        // SplitMix64 finaliser.
        h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
        h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
        h ^= h >> 31
        let u = (Double(h >> 11) + 0.5) / Double(UInt64(1) << 53)
        let weight = max(NSDecimalNumber(decimal: budget).doubleValue, 0.01)
        return log(u) / weight
    }

    /// The approved results of `year` for the budget notice: per department and project the
    /// approved scores (复核 where the bureau adjusted), grades, execution and 结果应用, each scored
    /// by the profile recorded at its approval. Departments not approved are listed apart.
    public func publication(year: Int?) async throws -> Publication {
        try authorize(.readAll)
        let y = try await resolveYear(year)
        let codes = try await departmentCodes(year: y)
        let filings = Dictionary(try await store.filings(year: y).map { ($0.departmentCode, $0) }, uniquingKeysWith: { $1 })
        var published: [PublishedDepartment] = []
        var pending: [(code: String, name: String, state: FilingState)] = []
        var used: Profile?
        for code in codes {
            guard let filing = filings[code], filing.state == .approved else {
                let name = try await store.department(code: code, year: y)?.name ?? code
                pending.append((code, name, filings[code]?.state ?? .filling))
                continue
            }
            let profile = try approvalProfile(filing)
            used = used ?? profile
            published.append(PublishedDepartment(filing: filing, result: try await scoredForFiling(code, year: y, profile: profile)))
        }
        let profile = try used ?? profiles.resolve(nil)
        return Publication(year: y, profile: profile, departments: published, pending: pending)
    }

    /// The profile a filing was approved under; refused when that profile has changed since.
    func approvalProfile(_ filing: Filing) throws -> Profile {
        if filing.approvedProfileHash == Profile.national2020.contentHash, filing.approvedProfile == Profile.national2020.name { return .national2020 }
        let profile = try profiles.resolve(filing.approvedProfile)
        if let hash = filing.approvedProfileHash, hash != profile.contentHash {
            throw FilingStateError(description: "单位 \(filing.departmentCode) 审核时所用的评分规则“\(profile.name)”此后已被修改（内容哈希 \(hash.prefix(12)) → \(profile.contentHash.prefix(12))），无法重现审核时的得分。请恢复该规则文件，或退回后重新审核。")
        }
        return profile
    }
}
