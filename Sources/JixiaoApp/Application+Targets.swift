import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoReports
import JixiaoStore

/// What `show` displays for a code: a project's 绩效目标表, or a department's own goals.
public enum TargetSheet: Sendable {
    case project(Department, Project)
    case department(Department)
}

extension Application {
    /// Every department of `year` with its projects; an error naming the years present when none.
    public func departments(year: Int) async throws -> [Department] {
        let departments = try await visible(store.departments(year: year))
        guard !departments.isEmpty else {
            throw StoreError("\(year) 年度没有数据。已有年度：\(try await store.years().map(String.init).joined(separator: "、"))")
        }
        return departments
    }

    /// The 绩效目标表 of a project, or a department's own goals, by code.
    public func targetSheet(code: String, year: Int) async throws -> TargetSheet {
        let code = code.trimmingCharacters(in: .whitespaces)
        if let owner = try await owningDepartment(of: code, year: year), let department = try await store.department(code: owner, year: year) {
            if owner == code { return .department(department) }
            if let project = department.projects.first(where: { $0.code == code }) { return .project(department, project) }
        }
        throw StoreError("\(year) 年度没有编码为 \(code) 的项目或单位。用 jixiao projects --year \(year) 查看项目编码。")
    }

    /// The departments among `all` the actor may see.
    func visible(_ all: [Department]) -> [Department] {
        all.filter { Rights.allows(actor, .read(department: $0.code)) }
    }

    /// Reviews the stored target tables of `year` (`review` without files).
    public func reviewStored(year: Int?, profile: Profile) async throws -> [ReviewedTable] {
        let review = TargetReview(profile: profile)
        let y = try await resolveYear(year)
        return try await visible(store.departments(year: y)).map { ReviewedTable(source: "数据库 \(store.location)", department: $0, findings: review.review($0)) }
    }
}

/// Reviewing target files needs no database.
public enum TargetFileReview {
    /// Reviews the target tables in `files` (folders expanded) before the year starts; a file that
    /// cannot be read becomes a table with its failure.
    public static func review(files: [String], year: Int?, profile: Profile, progress: ProgressHandler? = nil) -> [ReviewedTable] {
        let review = TargetReview(profile: profile)
        let paths = InputFiles.expand(files, extensions: InputFiles.targetExtensions)
        var tables: [ReviewedTable] = []
        for (i, path) in paths.enumerated() {
            do {
                let reading = try TargetFileReader.readWithPreamble(url: URL(fileURLWithPath: path), displayName: path, year: year)
                let department = reading.document.department
                tables.append(ReviewedTable(source: path, department: department, findings: review.review(department, preamble: reading.preamble)))
            } catch let error as InputError {
                tables.append(ReviewedTable(source: path, department: nil, findings: [], failure: error.description))
            } catch {
                tables.append(ReviewedTable(source: path, department: nil, findings: [], failure: "\(error)"))
            }
            progress?(.items(label: "审核", done: i + 1, total: paths.count))
        }
        return tables
    }
}

/// The outcome of auditing filled forms.
public struct AuditRun: Sendable {
    public var results: [Auditor.Result]
    public var failures: [AuditReport.Failure]
    /// The files read.
    public var fileCount: Int
}

/// Auditing filled self-evaluations needs no database: it works on files alone.
public enum FormAudit {
    /// Recomputes every filled 自评表 in `files` by `profile` and lists every difference.
    public static func audit(files: [String], profile: Profile, tolerance: Decimal, year: Int, progress: ProgressHandler? = nil) -> AuditRun {
        let auditor = Auditor(profile: profile, tolerance: tolerance, year: year)
        let paths = InputFiles.expand(files, extensions: InputFiles.formExtensions)
        var run = AuditRun(results: [], failures: [], fileCount: paths.count)
        for (i, path) in paths.enumerated() {
            do {
                let tables = try FiledTableReader.read(url: URL(fileURLWithPath: path), displayName: path)
                if tables.isEmpty { run.failures.append(AuditReport.Failure(source: path, message: "没有找到自评表。")) }
                run.results += tables.map(auditor.audit)
            } catch let error as InputError {
                run.failures.append(AuditReport.Failure(source: path, message: error.description))
            } catch {
                run.failures.append(AuditReport.Failure(source: path, message: "\(error)"))
            }
            progress?(.items(label: "审核", done: i + 1, total: paths.count))
        }
        return run
    }
}
