import ArgumentParser
import Foundation
import JixiaoDocuments
import JixiaoEngine
import JixiaoModel
import JixiaoReports
import JixiaoStore

/// Expands files and folders into the files to read, sorted.
enum InputFiles {
    static func expand(_ paths: [String], extensions: Set<String>) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                    .filter { extensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) && !$0.hasPrefix(".") && !URL(fileURLWithPath: $0).lastPathComponent.hasPrefix("~$") }
                    .sorted()
                files += found.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }
}

/// `jixiao review`: checks target tables before the year starts.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "审核绩效目标表（文件、文件夹，或数据库中某年度的目标表）：逐条列出问题、位置与修改建议，并汇总。"
    )

    @Argument(help: ArgumentHelp("绩效目标表文件或文件夹；不给则审核数据库中的目标表。", valueName: "file")) var files: [String] = []
    @OptionGroup var year: YearOption
    @Flag(help: "发现错误级问题时以状态 1 退出。") var strict = false
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func validate() throws { try output.validate() }

    func run() throws {
        try Console.run {
            let review = TargetReview(profile: try profile.resolve())
            var tables: [ReviewedTable] = []
            if files.isEmpty {
                let db = try store.open(mustExist: true)
                let y = try year.resolve(in: db)
                tables = try db.departments(year: y).map { ReviewedTable(source: "数据库 \(store.path)", department: $0, findings: review.review($0)) }
            } else {
                let paths = InputFiles.expand(files, extensions: ["txt", "docx", "xlsx", "csv"])
                var bar = ProgressBar(label: "审核")
                for (i, path) in paths.enumerated() {
                    do {
                        let document = try TargetFileReader.read(url: URL(fileURLWithPath: path), displayName: path, year: year.year)
                        tables.append(ReviewedTable(source: path, department: document.department, findings: review.review(document.department)))
                    } catch let error as InputError {
                        tables.append(ReviewedTable(source: path, department: nil, findings: [], failure: error.description))
                    }
                    bar.update(i + 1, paths.count)
                }
            }
            let data = try ReviewReport.render(tables, format: output.resolvedFormat)
            try output.write(data)
            let errors = tables.flatMap(\.findings).filter { $0.severity == .error }.count + tables.filter { $0.failure != nil }.count
            if strict && errors > 0 {
                Console.message("发现 \(errors) 个错误（--strict）。")
                throw ExitCode.failure
            }
        }
    }
}
