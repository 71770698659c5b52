import Foundation
import JixiaoModel
import JixiaoStore

/// What `store copy` found on both sides: per kind of content its count and content hash, equal
/// in the source and the copy.
public struct StoreInventory: Sendable, Equatable {
    /// One kind of content: a label (in Chinese), how many, and the SHA-256 of their canonical text.
    public struct Part: Sendable, Equatable {
        public var label: String
        public var count: Int
        public var hash: String
    }

    public var parts: [Part]
}

/// What a copy did: the source and target (without passwords) and the inventory both agree on.
public struct StoreCopyReport: Sendable {
    public var from: String
    public var to: String
    public var inventory: StoreInventory
}

extension Application {
    /// Copies everything `source` holds into this store over the store protocols, either side
    /// SQLite or PostgreSQL: every department–year with its targets, actuals and both histories
    /// (`restore`, one transaction), the bureau's adjustments, every filing with its events and
    /// comments (replayed in order), every score run, the users. Then both sides are read again and
    /// compared by counts and content hashes; a difference is an error naming the part.
    ///
    /// A target that holds data is refused unless `intoNonEmpty` (then only department–years it
    /// lacks are copied; one it has refuses the copy before anything is written). Sessions and login
    /// attempts are not copied: users sign in again.
    public func copyStore(from source: any Store, intoNonEmpty: Bool = false, progress: ProgressHandler? = nil) async throws -> StoreCopyReport {
        let target = store
        let holdsData = try await !target.years().isEmpty
        let holdsUsers = try await !target.users().isEmpty
        if !intoNonEmpty, holdsData || holdsUsers {
            throw StoreError("目标数据库 \(target.location) 中已有数据，未做任何复制。store copy 用于把整个数据库搬到空库；如确要并入已有数据的库，请加 --into-nonempty（已有的单位年度会被拒绝），或用 jixiao merge。")
        }
        var runsBefore = Set<Int64>()
        for year in try await target.years() { runsBefore.formUnion(try await target.scoreRuns(year: year).map(\.id)) }
        let bundles = try await source.bundles()
        progress?(.note("复制 \(bundles.count) 个单位年度（目标表、实际完成值及其历史）……"))
        try await target.restore(bundles)
        let departmentYears = bundles.map { ($0.department.code, $0.department.year) }
        let years = try await source.years()

        // Adjustments before the filings: an approved filing refuses new ones.
        var filingKeys: [(String, Int)] = []
        for year in years {
            for f in try await source.filings(year: year) { filingKeys.append((f.departmentCode, year)) }
        }
        for (code, year) in Self.unique(departmentYears + filingKeys) {
            for a in try await source.adjustmentHistory(departmentCode: code, year: year) { try await target.saveAdjustment(a) }
        }
        progress?(.note("复制 \(filingKeys.count) 个填报流程……"))
        for (code, year) in filingKeys { try await replayFiling(code: code, year: year, from: source, into: target) }

        for year in years {
            for run in try await source.scoreRuns(year: year) {
                let departments = try await source.departmentScores(runID: run.id)
                let header = ScoreRunRecord(year: run.year, profileName: run.profileName, profileHash: run.profileHash,
                                            scoredAt: Self.date(run.scoredAt), scoredBy: run.scoredBy, departments: [])
                let id = try await target.beginScoreRun(header)
                for start in stride(from: 0, to: departments.count, by: Self.scoreChunk) {
                    try await target.appendScores(runID: id, Array(departments[start..<min(departments.count, start + Self.scoreChunk)]))
                }
                try await target.finishScoreRun(runID: id)
            }
        }
        let existingUsers = Set(try await target.users().map(\.name))
        let users = try await source.users()
        for user in users where !existingUsers.contains(user.name) { try await target.addUser(user) }

        progress?(.note("核对两边的数量与内容哈希……"))
        let names = Set(users.map(\.name))
        let expected = try await Self.inventory(of: source, departmentYears: departmentYears, filings: filingKeys, years: years, users: names)
        let copied = try await Self.inventory(of: target, departmentYears: departmentYears, filings: filingKeys, years: years, users: names,
                                              excludingRuns: runsBefore)
        for (a, b) in zip(expected.parts, copied.parts) where a != b {
            throw StoreError("复制后核对不符：\(a.label) 源库 \(a.count) 条（\(a.hash.prefix(12))），目标库 \(b.count) 条（\(b.hash.prefix(12))）。请检查目标数据库 \(target.location)。")
        }
        return StoreCopyReport(from: source.location, to: target.location, inventory: expected)
    }

    /// Moves the target's filing through the source's events, in order, with their comments.
    private func replayFiling(code: String, year: Int, from source: any Store, into target: any Store) async throws {
        let final = try await source.filing(departmentCode: code, year: year)
        let comments = try await source.comments(departmentCode: code, year: year)
        var current = try await target.filing(departmentCode: code, year: year)
        for event in try await source.events(departmentCode: code, year: year) {
            current = try await target.transition(FilingTransition(
                departmentCode: code, year: year, from: event.from, expectedVersion: current.version, to: event.to, at: Self.date(event.at), by: event.by,
                note: event.note, comments: comments.filter { $0.eventID == event.id },
                profileName: event.to == .approved ? final.approvedProfile : nil, profileHash: event.to == .approved ? final.approvedProfileHash : nil))
        }
    }

    static func unique(_ keys: [(String, Int)]) -> [(String, Int)] {
        var seen = Set<String>()
        return keys.filter { seen.insert("\($0.0)\u{1F}\($0.1)").inserted }
    }

    /// A stored timestamp (ISO 8601, as the stores write it) as a date.
    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    /// Counts and content hashes of what a store holds for the given department–years, filings,
    /// years (score runs) and users, read through the protocols — the same on SQLite and
    /// PostgreSQL for the same content. The score runs in `excludingRuns` (the target's own, from
    /// before the copy) are left out.
    static func inventory(of store: any Store, departmentYears: [(String, Int)], filings: [(String, Int)], years: [Int], users: Set<String>,
                          excludingRuns: Set<Int64> = []) async throws -> StoreInventory {
        let wanted = Set(departmentYears.map { "\($0.0)\u{1F}\($0.1)" })
        let bundles = try await store.bundles().filter { wanted.contains("\($0.department.code)\u{1F}\($0.department.year)") }
        func num(_ d: Decimal?) -> String { d.map(Decimals.plain) ?? "∅" }
        func line(_ fields: [String?]) -> String { fields.map { $0 ?? "∅" }.joined(separator: "\u{1F}") }
        var parts: [StoreInventory.Part] = []
        func add(_ label: String, _ lines: [String]) {
            var hasher = ContentDigest.Hasher()
            for l in lines { hasher.update(l + "\n") }
            parts.append(StoreInventory.Part(label: label, count: lines.count, hash: hasher.finalize()))
        }
        add("单位年度（目标表）", bundles.map { b in
            line([b.department.code, String(b.department.year), TargetsJSON.contentHash(b.department), b.imported.map { String($0.version) },
                  b.imported?.sourceFile, b.imported?.importedAt])
        })
        add("实际完成值", bundles.flatMap { b in
            b.actuals.enumerated().map { i, a in
                line([a.departmentCode, String(a.year), a.key.description, a.value, num(a.points), num(a.claimedScore), a.reason, a.source?.file,
                      a.source?.line.map(String.init), i < b.recorded.count ? b.recorded[i].at : nil, i < b.recorded.count ? b.recorded[i].by : nil])
            }
        })
        add("目标表历史版本", bundles.flatMap { b in
            b.targetHistory.map { v in line([v.departmentCode, String(v.year), String(v.version), v.contentHash, v.sourceFile, v.importedAt, v.replacedAt,
                                             ContentDigest.hex(v.snapshot)]) }
        })
        add("实际完成值修改记录", bundles.flatMap { b in
            b.actualHistory.map { c in line([b.department.code, String(b.department.year), c.key.description, c.oldValue, c.newValue, c.oldReason,
                                             c.newReason, c.oldPoints.map(Decimals.plain), c.newPoints.map(Decimals.plain), c.changedAt, c.changedBy,
                                             c.sourceFile, c.sourceRow]) }
        })
        var filingLines: [String] = [], eventLines: [String] = [], commentLines: [String] = [], adjustmentLines: [String] = []
        for (code, year) in filings {
            let f = try await store.filing(departmentCode: code, year: year)
            filingLines.append(line([f.departmentCode, String(f.year), f.state.rawValue, String(f.version), f.updatedAt, f.updatedBy, f.submittedAt,
                                     f.submittedBy, f.approvedAt, f.approvedBy, f.approvedProfile, f.approvedProfileHash]))
            let events = try await store.events(departmentCode: code, year: year)
            let position = Dictionary(events.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
            eventLines += events.map { line([$0.departmentCode, String($0.year), $0.from.rawValue, $0.to.rawValue, $0.at, $0.by, $0.note]) }
            commentLines += try await store.comments(departmentCode: code, year: year).map {
                line([code, String(year), position[$0.eventID].map(String.init), $0.projectCode, $0.indicator, $0.text])
            }
        }
        for (code, year) in unique(departmentYears + filings) {
            adjustmentLines += try await store.adjustmentHistory(departmentCode: code, year: year).map {
                line([$0.departmentCode, String($0.year), $0.key.description, Decimals.plain($0.score), $0.reason, $0.at, $0.by])
            }
        }
        add("填报状态", filingLines)
        add("填报流程事件", eventLines)
        add("审核意见", commentLines)
        add("复核调分", adjustmentLines)
        var runLines: [String] = [], scoreLines: [String] = []
        for year in years {
            for run in try await store.scoreRuns(year: year) where !excludingRuns.contains(run.id) {
                runLines.append(line([String(run.year), run.profileName, run.profileHash, run.scoredAt, run.scoredBy]))
                for d in try await store.departmentScores(runID: run.id) {
                    scoreLines.append(line([run.scoredAt, d.code, d.name, num(d.score), d.grade, num(d.ownScore), num(d.weightedScore), num(d.executionRate),
                                            d.gradeCounts.map { "\($0.0):\($0.1)" }.joined(separator: ",")]))
                    scoreLines += d.projects.map { p in
                        line([d.code, p.code, p.name, p.status, num(p.total), p.grade, num(p.budget), num(p.executed), num(p.rate)])
                    }
                    scoreLines += d.findings.map { f in
                        line([d.code, f.code.rawValue, f.severity.rawValue, f.ownerCode, f.indicator, f.location?.file, f.location?.line.map(String.init), f.message])
                    }
                }
            }
        }
        add("评分记录", runLines)
        add("评分结果行", scoreLines)
        add("用户", try await store.users().filter { users.contains($0.name) }.map {
            line([$0.name, $0.role.department ?? "bureau", $0.passwordHash, $0.disabled ? "1" : "0", $0.createdAt])
        })
        return StoreInventory(parts: parts)
    }
}
