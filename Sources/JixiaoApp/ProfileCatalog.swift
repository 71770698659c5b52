import Foundation
import JixiaoEngine
import JixiaoModel

/// Finds rule profiles: a YAML file given by path, else `NAME.yaml` among the profiles built into
/// the program (the package's resources: the shipped `Weights/`), found from any directory, and
/// those of the folder `JIXIAO_WEIGHTS` names (a bureau's own; where a name is in both, the bureau's
/// wins). `national-2020` is also compiled in, for a program copied without its resources.
public struct ProfileCatalog: Sendable {
    /// The shipped profiles' folder (in the resource bundle next to the executable), nil when absent.
    public var builtIn: URL?
    /// The folder of `JIXIAO_WEIGHTS`, nil when the variable is unset.
    public var extra: URL?

    /// The environment variable naming a folder of further profiles.
    public static let environmentVariable = "JIXIAO_WEIGHTS"

    public init(builtIn: URL? = ProfileCatalog.resourceDirectory, extra: URL? = ProfileCatalog.environmentDirectory) {
        self.builtIn = builtIn
        self.extra = extra
    }

    /// `JIXIAO_WEIGHTS`, when set.
    public static var environmentDirectory: URL? {
        guard let env = ProcessInfo.processInfo.environment[environmentVariable], !env.isEmpty else { return nil }
        return URL(fileURLWithPath: env)
    }

    /// The `Weights` folder of the package's resource bundle: next to the executable (SwiftPM puts
    /// `Jixiao_JixiaoApp.resources` there; on macOS a `.bundle`), following a symbolic link to it.
    /// Looked up by hand: SwiftPM's `Bundle.module` stops the program when the bundle is missing.
    public static var resourceDirectory: URL? {
        var folders = [Bundle.main.bundleURL]
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() { folders.append(exe.deletingLastPathComponent()) }
        for folder in folders {
            for bundle in ["Jixiao_JixiaoApp.resources", "Jixiao_JixiaoApp.bundle", "Jixiao_JixiaoApp.bundle/Contents/Resources"] {
                let url = folder.appendingPathComponent(bundle).appendingPathComponent("Weights")
                if isDirectory(url) { return url }
            }
        }
        return nil
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }

    /// The folders searched, the bureau's first.
    public var directories: [URL] { [extra, builtIn].compactMap { $0 } }

    /// The folders that exist, as `profiles` reports them.
    public var existingDirectories: [URL] { directories.filter(Self.isDirectory) }

    /// The profile files by name, the bureau's over the built-in ones.
    func files() -> [String: URL] {
        var result: [String: URL] = [:]
        for dir in existingDirectories.reversed() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for file in names where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
                result[String(file[..<file.lastIndex(of: ".")!])] = dir.appendingPathComponent(file)
            }
        }
        return result
    }

    /// Every profile, by name (national-2020 always among them).
    public func all() throws -> [Profile] {
        let files = files()
        var profiles = try files.keys.sorted().map { try load(file: files[$0]!) }
        if !profiles.contains(where: { $0.name == Profile.national2020.name }) { profiles.insert(.national2020, at: 0) }
        return profiles
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
        let files = files()
        if let url = files[name] { return try load(file: url) }
        if name == Profile.national2020.name { return .national2020 }
        let known = Set(files.keys).union([Profile.national2020.name]).sorted()
        let extraNote = extra.map { Self.isDirectory($0) ? "（含 \(Self.environmentVariable)=\($0.path) 中的规则）" : "（\(Self.environmentVariable)=\($0.path) 不是文件夹）" }
            ?? "；单位自己的规则文件可放在一个文件夹中，用环境变量 \(Self.environmentVariable) 指定该文件夹"
        throw InputError("找不到评分规则“\(name)”。可用的规则：\(known.joined(separator: "、"))\(extraNote)。jixiao profiles 列出全部规则；也可用 --profile 给出 YAML 文件路径。")
    }
}
