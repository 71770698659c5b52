import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoStore

/// What importing one target file did.
public struct TargetImport: Sendable {
    public var path: String
    public var departmentCode: String
    public var departmentName: String
    public var year: Int
    /// Where the year came from (`--year`, the file, the project codes).
    public var yearSource: YearSource
    public var projectCount: Int
    /// Σ 预算数 of the projects, in 万元.
    public var totalBudget: Decimal
    public var indicatorCount: Int
    /// The department's own quantified goals.
    public var goalCount: Int
    /// Things the reader noticed that did not stop the import.
    public var notes: [Diagnostic]
    public var outcome: ImportOutcome
}

/// The counts of an import of many files.
public struct ImportTally: Sendable, Equatable {
    public var files = 0
    public var created = 0
    public var unchanged = 0
    public var replaced = 0
    public var failed = 0

    public init() {}
}

extension Application {
    /// Reads one target document and stores it in one transaction. Bad input throws
    /// `InputError` and changes nothing.
    public func importTargets(file: String, year: Int?, progress: ProgressHandler? = nil) async throws -> TargetImport {
        let document = try TargetFileReader.read(url: URL(fileURLWithPath: file), displayName: file, year: year) { done, total in
            progress?(.bytes(label: "读取", done: done, total: total))
        }
        let d = document.department
        try authorize(.importTargets(department: d.code))
        if d.projects.count >= 5000 { progress?(.note("正在写入数据库（\(d.projects.count) 个项目，一个事务）……")) }
        let outcome = try await store.importTargets(PreparedTargets(d), source: ImportSource(fileName: file, importedAt: clock()))
        return TargetImport(
            path: file, departmentCode: d.code, departmentName: d.name, year: d.year, yearSource: document.yearSource,
            projectCount: d.projects.count, totalBudget: d.totalBudget, indicatorCount: d.projects.reduce(0) { $0 + $1.indicators.count },
            goalCount: d.goals.count, notes: document.notes, outcome: outcome)
    }

    /// Imports many files, each in its own transaction: a bad file is handed to `onFailure` and the
    /// rest go on. Files are read and hashed on all cores a batch at a time while the previous
    /// batch is stored (SQLite has one writer), in the order given.
    public func importTargets(files paths: [String], year: Int?, progress: ProgressHandler? = nil,
                              onNotes: @Sendable (String, [Diagnostic]) -> Void = { _, _ in },
                              onFailure: @Sendable (String, InputError) -> Void) async throws -> ImportTally {
        var tally = ImportTally()
        tally.files = paths.count
        let batches = Self.importBatches(paths)
        func read(_ batch: [String]) -> Task<[Result<(PreparedTargets, [Diagnostic]), InputError>], Never> {
            Task {
                (try? await batch.concurrentMap { path in
                    Result { () throws(InputError) -> (PreparedTargets, [Diagnostic]) in
                        do {
                            let document = try TargetFileReader.read(url: URL(fileURLWithPath: path), displayName: path, year: year)
                            return (PreparedTargets(document.department), document.notes)
                        } catch let error as InputError {
                            throw error
                        } catch {
                            throw InputError(at: SourceLocation(file: path), "无法读取：\(error)")
                        }
                    }
                }) ?? []
            }
        }
        var next = batches.first.map(read)
        var done = 0
        for index in batches.indices {
            let results = await next!.value
            next = index + 1 < batches.count ? read(batches[index + 1]) : nil
            for (path, result) in zip(batches[index], results) {
                switch result {
                case .success(let (prepared, notes)):
                    if !notes.isEmpty { onNotes(path, notes) }
                    guard Rights.allows(actor, .importTargets(department: prepared.department.code)) else {
                        onFailure(path, InputError(at: SourceLocation(file: path), AccessDenied(action: .importTargets(department: prepared.department.code), actor: actor).description))
                        tally.failed += 1
                        done += 1
                        continue
                    }
                    do {
                        switch try await store.importTargets(prepared, source: ImportSource(fileName: path, importedAt: clock())) {
                        case .created: tally.created += 1
                        case .unchanged: tally.unchanged += 1
                        case .replaced: tally.replaced += 1
                        }
                    } catch let error as InputError {
                        onFailure(path, error)
                        tally.failed += 1
                    }
                case .failure(let error):
                    onFailure(path, error)
                    tally.failed += 1
                }
                done += 1
                progress?(.items(label: "导入", done: done, total: paths.count))
            }
        }
        return tally
    }

    /// Files in batches of at most 8, or of about 32 MB of input (a larger file alone), so that a
    /// folder of large workbooks does not hold many parsed departments at once.
    static func importBatches(_ paths: [String]) -> [[String]] {
        var batches: [[String]] = [], batch: [String] = [], bytes = 0
        for path in paths {
            let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
            if !batch.isEmpty, batch.count == 8 || bytes + size > 32 << 20 {
                batches.append(batch)
                batch = []
                bytes = 0
            }
            batch.append(path)
            bytes += size
        }
        if !batch.isEmpty { batches.append(batch) }
        return batches
    }
}
