import Foundation

/// Expands files and folders into the files to read, sorted.
public enum InputFiles {
    /// Target documents `import` and `review` read.
    public static let targetExtensions: Set<String> = ["txt", "docx", "xlsx", "csv"]
    /// Filled sheets `record` reads.
    public static let actualsExtensions: Set<String> = ["csv", "xlsx"]
    /// Filled forms `audit` reads.
    public static let formExtensions: Set<String> = ["xlsx", "docx", "csv"]

    /// Every path as given; a folder becomes its files with one of `extensions` (hidden files and
    /// Office lock files `~$…` left out), sorted.
    public static func expand(_ paths: [String], extensions: Set<String>) -> [String] {
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
