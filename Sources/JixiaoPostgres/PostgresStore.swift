import Foundation
import JixiaoModel
import JixiaoStore
import PostgresNIO

/// The store on a PostgreSQL server, for a province whose bureau serves thousands of units from
/// several processes: the same protocols and the same behaviour as `SQLiteStore` (the store
/// contract tests hold both to it).
///
/// Connections come from a pool (`poolSize`). Nothing is sent before the first call, which checks
/// the schema (migrating it where the access allows); every later call waits for that check.
/// Writes run in READ COMMITTED transactions that first take a transaction-scoped advisory lock
/// per department–year (`lock`), so that two processes changing one department–year take turns
/// and each sees what the other committed: the optimistic checks (`FilingTransition.expectedVersion`,
/// `recordActuals(expecting:)`, the filing lock inside `recordActuals`) hold across processes.
/// Reads of more than one query run in one REPEATABLE READ, READ ONLY transaction (one snapshot).
public final class PostgresStore: Store, @unchecked Sendable {
    /// How the store may use the database.
    public enum Access: Sendable {
        /// Reads only: every transaction READ ONLY; the schema must be there (a replica works).
        case read
        /// Reads and writes a database that holds the schema already.
        case write
        /// Reads and writes, creating the schema in an empty database on first use.
        case create
    }

    public let address: PostgresAddress
    public let access: Access
    public var location: String { address.location }

    let client: PostgresClient
    let logger = Logger(label: "jixiao.postgres")
    private let running: Task<Void, Never>
    private let lock = NSLock()
    private var opening: Task<Void, any Error>?

    /// The default number of connections a process keeps to the server.
    public static let defaultPoolSize = 8

    /// A store at `address`; nothing is sent to the server before the first call.
    public init(_ address: PostgresAddress, access: Access, poolSize: Int = PostgresStore.defaultPoolSize) {
        self.address = address
        self.access = access
        let client = PostgresClient(configuration: address.clientConfiguration(poolSize: poolSize))
        self.client = client
        running = Task { await client.run() }
        snapshotID = nil
        parent = nil
    }

    /// A store at the URL `spec` (see `PostgresAddress`).
    public convenience init(url spec: String, access: Access, poolSize: Int = PostgresStore.defaultPoolSize) throws {
        self.init(try PostgresAddress(spec), access: access, poolSize: poolSize)
    }

    /// For a view made by `readingSnapshot`: the snapshot every read transaction imports, and
    /// the store whose client it shares (kept alive while the view lives).
    private let snapshotID: String?
    private let parent: PostgresStore?

    /// A read-only view sharing `store`'s pool whose reads import `snapshot`.
    private init(viewOf store: PostgresStore, snapshot: String) {
        address = store.address
        access = .read
        client = store.client
        running = Task {}
        opening = Task {}
        snapshotID = snapshot
        parent = store
    }

    deinit { if parent == nil { running.cancel() } }

    /// Holds one connection of its own (outside the pool, so a pool of one cannot deadlock) in a
    /// repeatable-read transaction, exports its snapshot, and runs `body` with a view whose every
    /// read transaction sets that snapshot: all the reads see one moment, spread over the pool.
    public func readingSnapshot<T: Sendable>(_ body: @Sendable (any Store) async throws -> T) async throws -> T {
        try await ready()
        let holder: PostgresConnection
        let id: String
        do {
            holder = try await PostgresConnection.connect(configuration: try address.connectionConfiguration(), id: 1, logger: logger)
        } catch {
            throw PostgresErrors.storeError(error, location: location)
        }
        do {
            try await holder.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            id = try await Self.rows(holder, "SELECT pg_export_snapshot()", logger: logger)[0].string(0)
        } catch {
            try? await holder.close()
            throw PostgresErrors.storeError(error, location: location)
        }
        do {
            let result = try await body(PostgresStore(viewOf: self, snapshot: id))
            _ = try? await holder.query("COMMIT", logger: logger)
            try? await holder.close()
            return result
        } catch {
            _ = try? await holder.query("ROLLBACK", logger: logger)
            try? await holder.close()
            throw error
        }
    }

    /// The names of the migrations every PostgreSQL database of this version has, oldest first.
    public static var migrationNames: [String] { PostgresSchema.names }

    /// The names of the applied migrations, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await ready()
        return try await read { c in try await Self.applied(c) }
    }

    // MARK: - Opening

    /// Waits for the first call's schema check.
    func ready() async throws {
        let task = lock.withLock {
            if let opening { return opening }
            let task = Task { try await self.open() }
            opening = task
            return task
        }
        try await task.value
    }

    private func open() async throws {
        do {
            let c = try await PostgresConnection.connect(configuration: try address.connectionConfiguration(), id: 0, logger: logger)
            do {
                try await checkSchema(c)
            } catch {
                try? await c.close()
                throw error
            }
            try await c.close()
        } catch let error as StoreError {
            throw error
        } catch {
            throw PostgresErrors.storeError(error, location: location)
        }
    }

    /// Refuses another program's database and one written by a newer Jixiao before anything is
    /// written; migrates where the schema is older (or, with `.create`, absent). Two processes
    /// migrating one database at once take turns on an advisory lock: the second finds it done.
    private func checkSchema(_ c: PostgresConnection) async throws {
        let state = try await schemaState(c)
        switch state {
        case .current: return
        case .foreign(let tables):
            throw StoreError("PostgreSQL 数据库 \(location) 中已有其他程序的表（\(tables.prefix(5).joined(separator: "、"))\(tables.count > 5 ? " 等" : "")），不是 Jixiao 的数据库。本程序未做任何修改；请用 --db 指定 Jixiao 专用的数据库。")
        case .newer(let unknown):
            throw StoreError("PostgreSQL 数据库 \(location) 由更新版本的 Jixiao 写入（含本版本不认识的结构迁移：\(unknown.joined(separator: "、"))）。请升级 Jixiao 后再打开它；本程序未做任何修改。")
        case .empty where access != .create:
            throw StoreError("PostgreSQL 数据库 \(location) 中还不存在 Jixiao 的数据。请先导入绩效目标表：jixiao import 文件 --db \(location)", reason: .cannotOpen)
        case .empty, .older:
            try await migrate(c)
        }
    }

    enum SchemaState: Equatable {
        case empty, current, older
        case foreign([String])
        case newer([String])
    }

    func schemaState(_ c: PostgresConnection) async throws -> SchemaState {
        let exists = try await c.query("SELECT to_regclass(\(PostgresSchema.migrationsTable))::text", logger: logger).collect()
        if TextRow(exists[0]).text(0) == nil {
            let tables = try await c.query("""
                SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename
                """, logger: logger).collect().map { TextRow($0).string(0) }
            return tables.isEmpty ? .empty : .foreign(tables)
        }
        let applied = try await Self.applied(c)
        let unknown = applied.filter { !PostgresSchema.names.contains($0) }
        if !unknown.isEmpty { return .newer(unknown) }
        return applied == PostgresSchema.names ? .current : .older
    }

    static func applied(_ c: PostgresConnection) async throws -> [String] {
        try await c.query(PostgresQuery(unsafeSQL: "SELECT identifier FROM \(PostgresSchema.migrationsTable) ORDER BY position"), logger: Logger(label: "jixiao.postgres"))
            .collect().map { TextRow($0).string(0) }
    }

    /// Applies the missing migrations in one transaction (PostgreSQL's DDL is transactional), under
    /// an advisory lock that a second process migrating at the same moment waits for.
    private func migrate(_ c: PostgresConnection) async throws {
        if access == .read {
            throw StoreError("PostgreSQL 数据库 \(location) 由较早版本的 Jixiao 写入，需要升级结构，但本命令只读。请先运行一次会写入的命令（如 jixiao score --db …）。", reason: .readOnly)
        }
        try await c.query("BEGIN", logger: logger)
        do {
            try await c.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
            try await c.query(PostgresQuery(unsafeSQL: """
                CREATE TABLE IF NOT EXISTS \(PostgresSchema.migrationsTable) (identifier text PRIMARY KEY, position integer NOT NULL, applied_at text NOT NULL)
                """), logger: logger)
            let applied = Set(try await Self.applied(c))
            for (position, migration) in PostgresSchema.migrations.enumerated() where !applied.contains(migration.name) {
                // One statement a query: the extended protocol takes no more (the DDL holds no ';' in literals).
                for statement in (migration.sql ?? "").split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
                    try await c.query(PostgresQuery(unsafeSQL: String(statement)), logger: logger)
                }
                let now = Self.timestamp(Date())
                try await c.query("""
                    INSERT INTO jixiao_migrations (identifier, position, applied_at) VALUES (\(migration.name), \(position), \(now))
                    """, logger: logger)
            }
            try await c.query("COMMIT", logger: logger)
        } catch {
            _ = try? await c.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// The advisory lock key of migrations ("jixiao" in ASCII).
    static let migrationLock: Int64 = 0x6a6978_69616f

    // MARK: - Transactions

    enum Isolation: String {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
    }

    /// A write in one READ COMMITTED transaction. Take `lock` first for every department–year the
    /// write touches. A deadlock or serialization failure is retried a few times.
    @discardableResult
    func write<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        if access == .read {
            throw StoreError("数据库 \(location) 以只读方式打开，本命令不能写入。", reason: .readOnly)
        }
        return try await transaction(.readCommitted, readOnly: false, body)
    }

    /// Reads in one REPEATABLE READ, READ ONLY transaction: every query sees the same snapshot.
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await transaction(.repeatableRead, readOnly: true, body)
    }

    private func transaction<T: Sendable>(_ isolation: Isolation, readOnly: Bool, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await ready()
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { c in
                    try await c.query(PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)\(readOnly ? " READ ONLY" : "")"), logger: logger)
                    if let snapshotID {
                        // The id is the server's own (hex digits and dashes), never a user's text.
                        try await c.query(PostgresQuery(unsafeSQL: "SET TRANSACTION SNAPSHOT '\(snapshotID)'"), logger: logger)
                    }
                    do {
                        let result = try await body(c)
                        try await c.query("COMMIT", logger: logger)
                        return result
                    } catch {
                        _ = try? await c.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
            } catch let error as PSQLError where PostgresErrors.isRetryable(error) && attempt < 8 {
                try? await Task.sleep(nanoseconds: UInt64(attempt) * 20_000_000)
            } catch let error as PSQLError {
                throw PostgresErrors.storeError(error, location: location)
            }
        }
    }

    /// Takes the transaction's lock on a department–year: held until commit or rollback, so that
    /// every write to one department–year, from any process, waits for the one before it.
    static func lock(_ c: PostgresConnection, departmentCode: String, year: Int, logger: Logger) async throws {
        try await c.query("SELECT pg_advisory_xact_lock(hashtext(\(departmentCode)), \(Int32(truncatingIfNeeded: year)))", logger: logger)
    }

    /// Runs a query and reads every row as text.
    static func rows(_ c: PostgresConnection, _ query: PostgresQuery, logger: Logger) async throws -> [TextRow] {
        var rows: [TextRow] = []
        for try await row in try await c.query(query, logger: logger) { rows.append(TextRow(row)) }
        return rows
    }

    func rows(_ c: PostgresConnection, _ query: PostgresQuery) async throws -> [TextRow] {
        try await Self.rows(c, query, logger: logger)
    }

    @discardableResult
    func execute(_ c: PostgresConnection, _ query: PostgresQuery) async throws -> [TextRow] {
        try await Self.rows(c, query, logger: logger)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// PostgreSQL's and the connection's errors as messages that say what happened and what to do —
/// never the SQL, and never the password.
enum PostgresErrors {
    static func isRetryable(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01"
    }

    static func storeError(_ error: any Error, location: String) -> StoreError {
        guard let error = error as? PSQLError else {
            return StoreError("连接 PostgreSQL 数据库 \(location) 时出错：\(error)。", reason: .cannotOpen)
        }
        if let info = error.serverInfo {
            let state = info[.sqlState] ?? ""
            let message = info[.message] ?? ""
            switch state {
            case "28P01", "28000":
                return StoreError("无法登录 PostgreSQL 数据库 \(location)：用户名或密码不对，或服务器不允许该用户从本机连接（\(message)）。请检查 --db 中的用户和密码。", reason: .cannotOpen)
            case "3D000":
                return StoreError("PostgreSQL 服务器上没有数据库 \(location)（\(message)）。请先创建它：createdb -h 主机 -U 用户 数据库名。", reason: .cannotOpen)
            case "25006":
                return StoreError("PostgreSQL 数据库 \(location) 只读（如只读副本）：查看数据的命令可以照常使用；要写入，请连接主库。本次操作未做任何修改。", reason: .readOnly)
            case "53100":
                return StoreError("PostgreSQL 服务器磁盘已满，无法写入 \(location)。本次操作未做任何修改。", reason: .diskFull)
            case "53300", "57P03":
                return StoreError("PostgreSQL 服务器 \(location) 暂不接受连接（\(message)）。请稍后再试，或减小 --db-pool。本次操作未做任何修改。", reason: .busy)
            case "40001", "40P01", "55P03":
                return StoreError("PostgreSQL 数据库 \(location) 正忙（并发修改冲突，重试后仍未成功）。请稍后再试；本次操作未做任何修改。", reason: .busy)
            default:
                return StoreError("PostgreSQL 数据库 \(location) 出错：\(message)（SQLSTATE \(state)）。本次操作未做任何修改。")
            }
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .sslUnsupported, .failedToAddSSLHandler:
            let cause = error.underlying.map { "：\($0)" } ?? ""
            return StoreError("无法连接 PostgreSQL 数据库 \(location)\(cause)。请检查主机、端口和服务器是否在运行，以及 sslmode。", reason: .cannotOpen)
        case .authMechanismRequiresPassword, .unsupportedAuthMechanism, .saslError:
            return StoreError("无法登录 PostgreSQL 数据库 \(location)：服务器要求密码或不支持的认证方式。请在 --db 中写上密码（postgres://用户:密码@主机/库）。", reason: .cannotOpen)
        default:
            return StoreError("PostgreSQL 数据库 \(location) 出错（\(error.code)）。本次操作未做任何修改。")
        }
    }
}
