import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoServer
import Logging

/// `jixiao serve`: the web application over the database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "启动网页服务：单位在浏览器中填报、提交，财政局审核、复核、公开。",
        discussion: """
            默认只在本机地址 127.0.0.1 上监听。用户由 jixiao users add 创建。
            --demo 在临时数据库中载入示例（两个单位，2025 和 2026 年度），创建财政用户和每个单位一个用户，并打印网址和密码。
            Ctrl-C（SIGINT）或 SIGTERM：处理完进行中的请求后停止。
            """
    )

    @Option(help: ArgumentHelp("监听地址（默认 127.0.0.1，仅本机）。", valueName: "host")) var host = "127.0.0.1"
    @Option(help: ArgumentHelp("端口（默认 8080；0 表示任选一个空闲端口）。", valueName: "port")) var port = 8080
    @Flag(help: "在临时数据库中载入示例数据和示例用户。") var demo = false
    @Option(help: ArgumentHelp("示例文件所在目录（--demo；默认 ./Samples）。", valueName: "dir")) var samples: String?
    @Flag(help: "会话 Cookie 加 Secure 属性（在 HTTPS 反向代理之后运行时使用）。") var secureCookies = false
    @Option(help: ArgumentHelp("上传文件的大小上限，单位 MB（默认 10）。", valueName: "MB")) var maxUploadMb = 10
    @Option(help: ArgumentHelp("日志级别：debug、info、notice、warning、error。", valueName: "level")) var logLevel = "info"
    @OptionGroup var profile: ProfileOption
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port 应在 0 到 65535 之间，收到 \(port)。") }
        guard (1...100).contains(maxUploadMb) else { throw ValidationError("--max-upload-mb 应在 1 到 100 之间，收到 \(maxUploadMb)。") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level 应为 debug、info、notice、warning 或 error，收到 \(logLevel)。") }
        if demo, store.db != nil { throw ValidationError("--demo 使用临时数据库，不能与 --db 同用。") }
    }

    func run() async throws {
        try await Console.run {
            var logger = Logger(label: "jixiao.serve")
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            let configuration = ServerConfiguration(host: host, port: port, secureCookies: secureCookies,
                                                    uploads: UploadLimits(maxBytes: maxUploadMb * 1024 * 1024), profile: try profile.resolve())
            let database: String
            var users: [DemoUser] = []
            if demo {
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-demo-\(UUID().uuidString.prefix(8))")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                database = dir.appendingPathComponent("demo.sqlite").path
                let app = Application(store: try Stores.open(database, access: .create), actor: .local(user: Console.userName))
                users = try await app.loadDemo(samples: Self.samplesFolder(samples))
            } else {
                database = store.path
            }
            let opened = try Stores.open(database, access: .create, busyTimeout: store.busyTimeout)
            let shownHost = host.contains(":") ? "[\(host)]" : host
            let demoUsers = users
            try await WebServer.run(store: opened, configuration: configuration, logger: logger) { port in
                var lines = ["jixiao 网页服务已启动：http://\(shownHost):\(port)/  数据库：\(database)"]
                if !demoUsers.isEmpty {
                    lines.append("示例用户（仅用于本次演示的临时数据库）：")
                    for u in demoUsers {
                        let role = u.account.role.department.map { "单位 \($0)" } ?? "财政局"
                        lines.append("  \(role)\t用户名 \(u.account.name)\t密码 \(u.password)")
                    }
                }
                lines.append("按 Ctrl-C 停止。")
                Console.out(lines.joined(separator: "\n") + "\n")
            }
            Console.message("网页服务已停止。")
        }
    }

    /// `--samples`, else ./Samples, else the Samples folder of the source tree this binary was built from.
    static func samplesFolder(_ given: String?) throws -> URL {
        if let given { return URL(fileURLWithPath: given) }
        let here = URL(fileURLWithPath: "Samples")
        if FileManager.default.fileExists(atPath: here.appendingPathComponent(Application.demoTargets[0]).path) { return here }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Samples")
        if FileManager.default.fileExists(atPath: source.appendingPathComponent(Application.demoTargets[0]).path) { return source }
        throw ValidationError("找不到示例文件目录 Samples。请在仓库根目录运行，或用 --samples 指定。")
    }
}
