import Foundation
import JixiaoEngine
import JixiaoModel

/// Finds rule profiles: a YAML file given by path, else `NAME.yaml` in the weights directory
/// (`JIXIAO_WEIGHTS`, ./Weights, or the Weights folder of the checkout the program was built in).
/// `national-2020` is also built in, for when no directory is found.
public struct ProfileCatalog: Sendable {
    /// The folders searched, in order; the first that exists is used.
    public var directories: [URL]

    public init(directories: [URL]? = nil) {
        self.directories = directories ?? Self.defaultDirectories
    }

    static var defaultDirectories: [URL] {
        var dirs: [URL] = []
        if let env = ProcessInfo.processInfo.environment["JIXIAO_WEIGHTS"], !env.isEmpty { dirs.append(URL(fileURLWithPath: env)) }
        dirs.append(URL(fileURLWithPath: "Weights"))
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            let bin = exe.deletingLastPathComponent()
            dirs.append(bin.appendingPathComponent("Weights"))
            dirs.append(bin.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Weights"))  // .build/debug/jixiao
            dirs.append(bin.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Weights"))
            dirs.append(bin.deletingLastPathComponent().appendingPathComponent("share/jixiao/Weights"))
        }
        return dirs
    }

    /// The first weights directory that exists.
    public var directory: URL? {
        directories.first { var isDir: ObjCBool = false; return FileManager.default.fileExists(atPath: $0.path, isDirectory: &isDir) && isDir.boolValue }
    }

    /// Every profile in the weights directory, by name.
    public func all() throws -> [Profile] {
        guard let dir = directory else { return [Profile.national2020] }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return try files.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { try load(file: dir.appendingPathComponent($0)) }
    }

    func load(file: URL) throws -> Profile {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw InputError(at: SourceLocation(file: file.path), "无法读取规则文件。")
        }
        return try ProfileLoader.load(yaml: text, source: file.path)
    }

    /// The profile named `spec` (a name or a file path); nil means the default.
    public func resolve(_ spec: String?) throws -> Profile {
        let name = spec ?? "national-2020"
        let asFile = URL(fileURLWithPath: name)
        if name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            guard FileManager.default.fileExists(atPath: asFile.path) else {
                throw InputError(at: SourceLocation(file: name), "规则文件不存在。")
            }
            return try load(file: asFile)
        }
        if let dir = directory {
            for ext in ["yaml", "yml"] {
                let url = dir.appendingPathComponent("\(name).\(ext)")
                if FileManager.default.fileExists(atPath: url.path) { return try load(file: url) }
            }
        }
        if name == Profile.national2020.name { return .national2020 }
        let known = (try? all().map(\.name)) ?? []
        throw InputError("找不到评分规则“\(name)”。可用的规则：\(known.joined(separator: "、"))（jixiao profiles 列出）；也可给出 YAML 文件路径。")
    }
}
