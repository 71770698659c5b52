import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoStore

extension Application {
    /// The monitoring of `year` at `month` (default: the latest month with a spending row) for the
    /// departments the actor may see; `all` (the bureau's view of every department) needs bureau rights.
    public func monitor(year: Int?, month: Int?, all: Bool, profile: Profile) async throws -> MonitorView {
        if all { try authorize(.readAll) }
        let y = try await resolveYear(year)
        if let month, !(1...12).contains(month) { throw InputError("--month \(month) 不在 1–12 之内。") }
        var loaded: [(Department, [ProgressEntry])] = []
        for code in try await visibleCodes(year: y) {
            guard let d = try await store.department(code: code, year: y) else { continue }
            loaded.append((d, try await store.progress(departmentCode: code, year: y)))
        }
        let latest = loaded.flatMap { $0.1.filter(\.isSpending).map(\.month) }.max()
        guard let m = month ?? latest else {
            throw StoreError("\(y) 年度还没有录入任何执行进度（累计支出）。请用 jixiao record 执行进度.csv 录入（列：项目编码、月份、累计支出（万元））。")
        }
        let departments = loaded.map { Monitor.department($0.0, month: m, entries: $0.1, rules: profile.monitoring) }
        return MonitorView(year: y, month: m, monthIsLatest: month == nil, rules: profile.monitoring, departments: departments, all: all)
    }

    /// The lights of every visible department at its year's latest recorded month (the status
    /// board's column); a department without spending rows has none.
    public func monitorLights(year: Int, profile: Profile = .national2020) async throws -> [String: DepartmentMonitor] {
        var result: [String: DepartmentMonitor] = [:]
        for code in try await visibleCodes(year: year) {
            let entries = try await store.progress(departmentCode: code, year: year)
            guard let m = entries.filter(\.isSpending).map(\.month).max(), let d = try await store.department(code: code, year: year) else { continue }
            result[code] = Monitor.department(d, month: m, entries: entries, rules: profile.monitoring)
        }
        return result
    }

    /// The monitoring of a department at 6月底 and 10月底 (those with spending rows) for the year-end
    /// self-evaluation report; empty when the department has no spending rows.
    public func monitorQuotes(departmentCode: String, year: Int, profile: Profile) async throws -> [DepartmentMonitor] {
        let entries = try await store.progress(departmentCode: departmentCode, year: year)
        guard entries.contains(where: \.isSpending), let d = try await store.department(code: departmentCode, year: year) else { return [] }
        return [6, 10].filter { m in entries.contains { $0.isSpending && $0.month <= m } }
            .map { Monitor.department(d, month: $0, entries: entries, rules: profile.monitoring) }
    }

    /// The changes to a project's monitoring entries, oldest first.
    public func progressHistory(code: String, year: Int?) async throws -> (year: Int, changes: [ProgressChange]) {
        let y = try await resolveYear(year)
        if actor.department != nil, try await owningDepartment(of: code, year: y) == nil {
            throw StoreError("\(y) 年度没有编码为 \(code) 的项目或单位。")
        }
        return (y, try await store.progressHistory(ownerCode: code, year: y))
    }

    /// Records a monitoring file (执行进度): validated against the year's targets and what is stored,
    /// all or nothing, in one transaction.
    func recordProgress(_ read: ActualsFile, file: String, year option: Int?) async throws -> ActualsRecording {
        let (y, source) = try await progressYear(option, rows: read.progress)
        let entries = try await validatedProgress(read.progress, year: y)
        let outcome = try await store.record(actuals: [], progress: entries, by: actor.userName, at: clock())
        return ActualsRecording(path: file, year: y, yearSource: source, rowCount: entries.count, formSheets: 0, outcome: outcome, missing: [],
                                warnings: read.notes)
    }

    /// A file's actuals and its monitoring rows (a workbook's 执行进度 sheet) validated together: the
    /// problems of both are thrown at once, so that nothing of the file is written.
    func validateBoth(_ validator: ActualsValidator, _ read: ActualsFile, year: Int) async throws -> (ActualsValidator.Result, [ProgressEntry]) {
        var errors: [Diagnostic] = []
        var result: ActualsValidator.Result?
        do { result = try validator.validate(read.entries) } catch let error as InputError { errors += error.diagnostics }
        var progress: [ProgressEntry] = []
        if !read.progress.isEmpty {
            do { progress = try await validatedProgress(read.progress, year: year) } catch let error as InputError { errors += error.diagnostics }
        }
        guard let result, errors.isEmpty else { throw InputError(errors) }
        return (result, progress)
    }

    /// Monitoring rows validated against `year`'s targets (of the departments the actor may record)
    /// and what is stored.
    func validatedProgress(_ rows: [ProgressRow], year y: Int) async throws -> [ProgressEntry] {
        let departments = try await recordable(year: y)
        let codes = Set(rows.map { TextNormalizer.removingSpaces($0.code) }.filter { !$0.isEmpty })
        let known = Set(departments.flatMap { $0.projects.map { TextNormalizer.removingSpaces($0.code) } })
        var otherYears: [String: [Int]] = [:]
        let absent = codes.subtracting(known)
        if !absent.isEmpty {
            let holding = try await store.years(holding: absent)
            for code in absent { if let years = holding[code]?.filter({ $0 != y }), !years.isEmpty { otherYears[code] = years.sorted() } }
        }
        var stored: [ProgressEntry] = []
        let touched = Set(departments.filter { d in d.projects.contains { codes.contains(TextNormalizer.removingSpaces($0.code)) } }.map(\.code))
        for code in touched.sorted() { stored += try await store.progress(departmentCode: code, year: y) }
        return try ProgressValidator(year: y, departments: departments, otherYears: otherYears).validate(rows, stored: stored)
    }

    /// The year of a monitoring file: `--year`, else the only stored year whose tables hold every
    /// code, else the year holding most of them (its validation names the rest).
    func progressYear(_ option: Int?, rows: [ProgressRow]) async throws -> (Int, RecordYearSource) {
        let stored = try await store.years()
        guard !stored.isEmpty else { throw StoreError("数据库中还没有任何数据。请先导入绩效目标表：jixiao import 文件") }
        if let option { return (option, .option) }
        let codes = Set(rows.map { TextNormalizer.removingSpaces($0.code) }.filter { !$0.isEmpty })
        guard !codes.isEmpty else { return (stored.last!, .codes) }
        let holding = try await store.years(holding: codes)
        let candidates = stored.filter { year in codes.allSatisfy { holding[$0]?.contains(year) == true } }
        if candidates.count == 1 { return (candidates[0], .codes) }
        if candidates.count > 1 {
            throw StoreError("文件中的项目编码在 \(candidates.map(String.init).joined(separator: "、")) 年度的目标表中都有，无法判断是哪一年度的执行进度。请用 --year 指定年度。")
        }
        let best = stored.max { a, b in
            let x = codes.filter { holding[$0]?.contains(a) == true }.count, z = codes.filter { holding[$0]?.contains(b) == true }.count
            return x != z ? x < z : a < b
        }!
        return (best, .codes)
    }
}
