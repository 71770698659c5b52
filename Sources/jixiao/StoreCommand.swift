import ArgumentParser
import Foundation
import JixiaoApp
import JixiaoStore

/// `jixiao store …`: whole databases.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "整个数据库的操作：在 SQLite 文件与 PostgreSQL 之间搬移。",
        subcommands: [StoreCopyCommand.self]
    )
}

/// `jixiao store copy --from A --to B`: moves a database whole, SQLite or PostgreSQL on either side.
struct StoreCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "把整个数据库复制到另一个（SQLite 文件或 postgres:// 地址，两边均可）：单位年度的目标表、实际完成值及两种历史、评分记录、填报流程及审核意见、复核调分、用户；复制后按数量和内容哈希核对。",
        discussion: "目标库须为空（PostgreSQL：新建的空数据库；SQLite：不存在的文件），除非加 --into-nonempty。登录会话不复制，用户需重新登录。"
    )

    @Option(help: ArgumentHelp("源数据库：SQLite 文件或 postgres:// 地址（只读打开，不做任何修改）。", valueName: "path|url")) var from: String
    @Option(help: ArgumentHelp("目标数据库：SQLite 文件或 postgres:// 地址。", valueName: "path|url")) var to: String
    @Flag(help: "目标库已有数据时也复制（已有的单位年度会被拒绝，不做任何修改）。") var intoNonempty = false
    @Option(name: .long, help: ArgumentHelp("PostgreSQL 连接池大小（默认 \(Stores.defaultPoolSize)）。", valueName: "n"))
    var dbPool: Int = Stores.defaultPoolSize

    func validate() throws {
        guard from != to else { throw ValidationError("--from 与 --to 是同一个数据库。") }
        guard (1...256).contains(dbPool) else { throw ValidationError("--db-pool 应为 1 到 256 之间的连接数，收到 \(dbPool)。") }
    }

    func run() async throws {
        try await Console.run {
            if !Stores.isPostgres(from), !FileManager.default.fileExists(atPath: from) {
                throw StoreError("源数据库 \(from) 不存在。", reason: .cannotOpen)
            }
            let source = try Stores.openReadOnly(from, poolSize: dbPool)
            let target = try Stores.open(to, access: .create, poolSize: dbPool)
            let app = Application(store: target, actor: .bureau(user: Console.userName))
            let progress = TerminalProgress()
            let report = try await app.copyStore(from: source, intoNonEmpty: intoNonempty, progress: progress.handler)
            var lines = ["已复制 \(report.from) → \(report.to)，两边数量与内容哈希一致："]
            let width = report.inventory.parts.map { $0.label.count }.max() ?? 0
            for part in report.inventory.parts {
                lines.append("  \(part.label)\(String(repeating: "　", count: width - part.label.count))  \(String(format: "%8d", part.count))  \(part.hash.prefix(16))")
            }
            Console.out(lines.joined(separator: "\n") + "\n")
        }
    }
}
