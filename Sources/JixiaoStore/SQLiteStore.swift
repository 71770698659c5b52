import Foundation
import GRDB
import JixiaoModel

/// How a SQLite store is opened.
public struct SQLiteOptions: Sendable {
    /// Reading only (nothing is written, not even the schema; a read-only location works), or
    /// reading and writing (the schema migrated first).
    public enum Access: Sendable { case readOnly, readWrite }

    public var access: Access
    /// Whether a missing file is created (`readWrite` only).
    public var create: Bool
    /// How long to wait for another program that holds the database's lock.
    public var busyTimeout: TimeInterval
    /// Called once per wait when another program has held the lock for a second.
    public var onWait: (@Sendable (_ path: String) -> Void)?

    public init(access: Access = .readWrite, create: Bool = true, busyTimeout: TimeInterval = 30, onWait: (@Sendable (String) -> Void)? = nil) {
        self.access = access
        self.create = create
        self.busyTimeout = busyTimeout
        self.onWait = onWait
    }
}

/// The embedded store: one SQLite file (WAL), migrated on open.
/// GRDB database writers are thread-safe; the store holds nothing else.
public final class SQLiteStore: Store, @unchecked Sendable {
    /// The one database value every read and write goes through.
    let writer: any DatabaseWriter
    /// Where reads go: the writer, or one snapshot for a view made by `readingSnapshot`.
    let reader: any DatabaseReader
    /// Whether this is a snapshot view (it refuses writes).
    private(set) var isSnapshot = false
    /// The file, for messages.
    public let location: String
    let options: SQLiteOptions

    /// Opens another Jixiao database for reading only (for `merge`): nothing in it is changed, and
    /// a file of another schema version is refused.
    public convenience init(readingOnly path: String) throws {
        try self.init(path: path, options: SQLiteOptions(access: .readOnly, create: false))
        let complete = try writer.read { db in try Schema.migrator.hasCompletedMigrations(db) }
        if !complete { throw StoreError("数据库 \(path) 的结构版本较旧。请先用本版本打开它一次（如 jixiao score --db \(path)）以升级，再合并。") }
    }

    /// Opens (and creates, unless `mustExist`) the database at `path` for reading and writing,
    /// migrating it to the current schema.
    public convenience init(path: String, mustExist: Bool = false) throws {
        try self.init(path: path, options: SQLiteOptions(create: !mustExist))
    }

    /// Opens the database at `path`. A database written by a newer Jixiao, or another program's
    /// SQLite file, is refused before anything in it is changed. Two programs creating or
    /// migrating one file at once is safe: the loser finds the schema done and goes on.
    public init(path: String, options: SQLiteOptions) throws {
        location = path
        self.options = options
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists, options.access == .readOnly || !options.create {
            throw StoreError("数据库 \(path) 不存在。请先导入绩效目标表：jixiao import 文件 --db \(path)", reason: .cannotOpen)
        }
        var config = Self.configuration(options)
        let current = exists ? try Self.inspect(path, config: config) : false
        switch options.access {
        case .readOnly:
            if !current {
                // A database of an earlier version is brought up to date first, where it can be.
                do {
                    _ = try SQLiteStore(path: path, options: SQLiteOptions(busyTimeout: options.busyTimeout, onWait: options.onWait))
                } catch let error as StoreError where error.reason == .readOnly || error.reason == .cannotOpen {
                    throw StoreError("数据库 \(path) 由较早版本的 Jixiao 写入，需要升级结构，但它所在的位置只读。请把它复制到可写的位置后再打开。", reason: .readOnly)
                }
            }
            config.readonly = true
            writer = try Self.opening(path, options) { try Self.readOnlyQueue(path, config) }
            reader = writer
        case .readWrite:
            let pool = try Self.opening(path, options) { try DatabasePool(path: path, configuration: config) }
            writer = pool
            reader = pool
            try Self.migrate(pool, path: path, options: options)
        }
    }

    /// An in-memory store, for tests.
    public init() throws {
        location = ":memory:"
        options = SQLiteOptions()
        writer = try DatabaseQueue(configuration: Self.configuration(options))
        reader = writer
        try Schema.migrator.migrate(writer)
    }

    static func configuration(_ options: SQLiteOptions) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Wait for another program's lock in short sleeps, telling the user once after a second,
        // and give up after the timeout with SQLITE_BUSY (which becomes a message of its own).
        let step: TimeInterval = 0.02
        let tries = max(1, Int(options.busyTimeout / step))
        let onWait = options.onWait
        config.busyMode = .callback { count in
            if count == Int(1 / step) { onWait?("") }
            guard count < tries else { return false }
            Thread.sleep(forTimeInterval: step)
            return true
        }
        return config
    }

    /// Refuses, before anything is written, a file that is not a SQLite database, another
    /// program's database, or one written by a newer Jixiao. Returns whether its schema is current.
    static func inspect(_ path: String, config: Configuration) throws -> Bool {
        var readOnly = config
        readOnly.readonly = true
        let migrator = Schema.migrator
        let (foreign, superseded, complete) = try opening(path, SQLiteOptions(access: .readOnly)) {
            let queue = try readOnlyQueue(path, readOnly)
            defer { try? queue.close() }
            return try queue.read { db -> ([String], Bool, Bool) in
                guard try db.tableExists("grdb_migrations") else {
                    return (try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"), false, false)
                }
                return ([], try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
            }
        }
        if !foreign.isEmpty {
            throw StoreError("\(path) 是其他程序的 SQLite 数据库（其中已有表：\(foreign.prefix(5).joined(separator: "、"))\(foreign.count > 5 ? " 等" : "")），不是 Jixiao 的数据库。本程序未做任何修改；请用 --db 指定 Jixiao 的数据库文件。")
        }
        if superseded {
            throw StoreError("数据库 \(path) 由更新版本的 Jixiao 写入（含本版本不认识的结构迁移）。请升级 Jixiao 后再打开它；本程序未做任何修改。")
        }
        return complete
    }

    /// A read-only connection. A WAL database in a folder this user cannot write has no -shm file
    /// to share and cannot be opened the usual way; it is then opened as immutable (SQLite takes
    /// no locks and assumes nobody writes — true of a location nobody here may write).
    static func readOnlyQueue(_ path: String, _ config: Configuration) throws -> DatabaseQueue {
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            _ = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        } catch let error as DatabaseError where [.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode) {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard access(folder, W_OK) != 0 else { throw error }
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            var allowed = CharacterSet.urlPathAllowed
            allowed.remove(charactersIn: "?#%")
            let uri = "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
            return try DatabaseQueue(path: uri, configuration: config)
        }
    }

    /// Runs an opening step; a lock held by another program (creating the same file at this
    /// moment) is waited out up to the busy timeout, and SQLite's errors become messages.
    static func opening<T>(_ path: String, _ options: SQLiteOptions, _ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(options.busyTimeout)
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.05)
            } catch let error as DatabaseError {
                throw SQLiteErrors.storeError(error, path: path, options: options)
            }
        }
    }

    /// Migrates to the current schema. GRDB reads the applied migrations before it runs the
    /// missing ones, each in its own transaction, so two programs migrating one file at once can
    /// both try the same migration: the loser's fails ("table … already exists", "duplicate column
    /// name") after the winner committed it. A failed migration is retried whenever another program
    /// has applied migrations meanwhile, until the schema is complete.
    static func migrate(_ writer: any DatabaseWriter, path: String, options: SQLiteOptions) throws {
        let migrator = Schema.migrator
        let deadline = Date().addingTimeInterval(options.busyTimeout)
        func applied() throws -> [String] { try writer.read { try migrator.appliedMigrations($0) } }
        while true {
            let before = try opening(path, options) { try applied() }
            if before == Schema.migrations.map(\.name) { return }
            do {
                try migrator.migrate(writer)
                return
            } catch let error as DatabaseError {
                let after = (try? applied()) ?? before
                if after == Schema.migrations.map(\.name) { return }
                let othersMigrating = after != before || [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode)
                guard othersMigrating, Date() < deadline else { throw SQLiteErrors.storeError(error, path: path, options: options) }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    /// A view whose reads all go to `snapshot`.
    private init(viewOf store: SQLiteStore, snapshot: DatabaseSnapshot) {
        location = store.location
        options = store.options
        writer = store.writer
        reader = snapshot
        isSnapshot = true
    }

    /// On a file (a WAL pool) the view reads one snapshot, its reads serialised on the snapshot's
    /// connection; a read-only or in-memory database (one connection, nothing else writes through
    /// this process's store meanwhile) reads through itself.
    public func readingSnapshot<T: Sendable>(_ body: @Sendable (any Store) async throws -> T) async throws -> T {
        guard let pool = writer as? DatabasePool else { return try await body(self) }
        let snapshot: DatabaseSnapshot
        do {
            snapshot = try pool.makeSnapshot()
        } catch let error as DatabaseError {
            throw SQLiteErrors.storeError(error, path: location, options: options)
        }
        defer { try? snapshot.close() }
        return try await body(SQLiteStore(viewOf: self, snapshot: snapshot))
    }

    /// A read, SQLite's errors turned into messages.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await reader.read(body)
        } catch let error as DatabaseError {
            throw SQLiteErrors.storeError(error, path: location, options: options)
        }
    }

    /// A write in one transaction, SQLite's errors turned into messages.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if isSnapshot { throw StoreError("数据库 \(location) 的只读快照不能写入。", reason: .readOnly) }
        do {
            return try await writer.write(body)
        } catch let error as DatabaseError {
            throw SQLiteErrors.storeError(error, path: location, options: options)
        }
    }

    /// The names of the applied migrations, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await read { try Schema.migrator.appliedMigrations($0) }
    }

    // MARK: - Import

    public func importTargets(_ targets: PreparedTargets, source: ImportSource) async throws -> ImportOutcome {
        try await write { db in try Self.importTargets(db, targets, source: source) }
    }

    /// The import inside a caller's transaction.
    static func importTargets(_ db: Database, _ targets: PreparedTargets, source: ImportSource) throws -> ImportOutcome {
        let department = targets.department, hash = targets.contentHash
        let now = Self.timestamp(source.importedAt)
        var version = 1
        var outcome = ImportOutcome.created
        if let existing = try Row.fetchOne(db, sql: "SELECT * FROM department WHERE code = ? AND year = ?", arguments: [department.code, department.year]) {
            let existingHash: String = existing["content_hash"]
            if existingHash == hash { return .unchanged }
            let old = try Self.loadDepartment(db, row: existing)
            let oldVersion: Int = existing["version"]
            try db.execute(
                sql: """
                    INSERT INTO target_history (department_code, year, version, content_hash, source_file, imported_at, replaced_at, snapshot)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [department.code, department.year, oldVersion, existingHash, existing["source_file"] as String?,
                            existing["imported_at"] as String, now, TargetsJSON.department(old).serialized()])
            try db.execute(sql: "DELETE FROM department WHERE id = ?", arguments: [existing["id"] as Int64])
            version = oldVersion + 1
            outcome = .replaced(previousVersion: oldVersion)
        }
        try Self.insert(db, department, version: version, hash: hash, source: source, importedAt: now)
        return outcome
    }

    /// The content hash of a department's targets as stored.
    static func contentHash(_ department: Department) -> String { TargetsJSON.contentHash(department) }

    static func insert(_ db: Database, _ d: Department, version: Int, hash: String, source: ImportSource, importedAt: String) throws {
        try db.execute(
            sql: """
                INSERT INTO department (code, year, name, money_unit, goal_text, version, content_hash, source_file, imported_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [d.code, d.year, d.name, d.moneyUnit, d.goalText, version, hash, source.fileName, importedAt])
        let departmentID = db.lastInsertedRowID
        for (position, goal) in d.goals.enumerated() {
            try insert(db, goal, departmentID: departmentID, projectID: nil, position: position)
        }
        let projectInsert = try db.cachedStatement(sql: """
            INSERT INTO project (department_id, position, code, name, budget, fiscal_funds, other_funds, purpose, goal, plan_form, source_line)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let planInsert = try db.cachedStatement(sql: "INSERT INTO spending_plan (project_id, month, cumulative, raw) VALUES (?, ?, ?, ?)")
        for (position, p) in d.projects.enumerated() {
            try projectInsert.execute(arguments: [
                departmentID, position, p.code, p.name, p.budget, p.fiscalFunds, p.otherFunds, p.purpose, p.goal,
                p.plan.form.rawValue, p.source?.line,
            ])
            let projectID = db.lastInsertedRowID
            for point in p.plan.points {
                try planInsert.execute(arguments: [projectID, point.month, point.cumulative, point.raw])
            }
            for (i, indicator) in p.indicators.enumerated() {
                try insert(db, indicator, departmentID: departmentID, projectID: projectID, position: i)
            }
        }
    }

    static func insert(_ db: Database, _ i: Indicator, departmentID: Int64, projectID: Int64?, position: Int) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO indicator (department_id, project_id, position, level1, level2, level3, description, target_raw, kind,
                comparator, comparator_implied, value, unit, deadline, basis, points, source_file, source_line)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let t = i.target
        try statement.execute(arguments: [
            departmentID, projectID, position, i.level1, i.level2, i.level3, i.description, t.raw, t.kind.rawValue,
            t.comparator?.rawValue, t.comparatorImplied, t.value, t.unit, t.deadline?.description, i.basis, i.points,
            i.source?.file, i.source?.line,
        ])
    }

    // MARK: - Reads

    public func years() async throws -> [Int] {
        try await read { db in try Int.fetchAll(db, sql: "SELECT DISTINCT year FROM department ORDER BY year") }
    }

    public func departments(year: Int) async throws -> [Department] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM department WHERE year = ? ORDER BY code", arguments: [year])
                .map { try Self.loadDepartment(db, row: $0) }
        }
    }

    public func departmentCodes(year: Int) async throws -> [String] {
        try await read { db in try String.fetchAll(db, sql: "SELECT code FROM department WHERE year = ? ORDER BY code", arguments: [year]) }
    }

    public func department(code: String, year: Int) async throws -> Department? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM department WHERE code = ? AND year = ?", arguments: [code, year]).map { try Self.loadDepartment(db, row: $0) }
        }
    }

    public func departmentCode(ofProject code: String, year: Int) async throws -> String? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT d.code FROM project p JOIN department d ON d.id = p.department_id WHERE p.code = ? AND d.year = ?", arguments: [code, year])
        }
    }

    public func years(holding codes: Set<String>) async throws -> [String: Set<Int>] {
        let list = Array(codes)
        return try await read { db in
            var result: [String: Set<Int>] = [:]
            // SQLite allows 32,766 parameters a statement; 500 at a time keeps each query small.
            for start in stride(from: 0, to: list.count, by: 500) {
                let part = Array(list[start..<min(list.count, start + 500)])
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                let sql = """
                    SELECT p.code, d.year FROM project p JOIN department d ON d.id = p.department_id WHERE p.code IN (\(marks))
                    UNION SELECT code, year FROM department WHERE code IN (\(marks))
                    """
                for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(part + part)) {
                    result[row[0] as String, default: []].insert(row[1] as Int)
                }
            }
            return result
        }
    }

    public func departmentCodes(owning codes: Set<String>, year: Int) async throws -> [String: String] {
        let list = Array(codes)
        return try await read { db in
            var result: [String: String] = [:]
            for start in stride(from: 0, to: list.count, by: 500) {
                let part = Array(list[start..<min(list.count, start + 500)])
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                let sql = """
                    SELECT p.code, d.code FROM project p JOIN department d ON d.id = p.department_id WHERE d.year = ? AND p.code IN (\(marks))
                    UNION SELECT code, code FROM department WHERE year = ? AND code IN (\(marks))
                    """
                for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments([year] + part + [year] + part)) {
                    result[row[0] as String] = row[1] as String
                }
            }
            return result
        }
    }

    public func history(departmentCode: String, year: Int) async throws -> [TargetVersion] {
        try await read { db in try Self.targetHistory(db, departmentCode: departmentCode, year: year) }
    }

    static func targetHistory(_ db: Database, departmentCode: String, year: Int) throws -> [TargetVersion] {
        try Row.fetchAll(db, sql: "SELECT * FROM target_history WHERE department_code = ? AND year = ? ORDER BY version",
                         arguments: [departmentCode, year]).map { row in
            TargetVersion(
                departmentCode: row["department_code"], year: row["year"], version: row["version"],
                contentHash: row["content_hash"], sourceFile: row["source_file"], importedAt: row["imported_at"],
                replacedAt: row["replaced_at"], snapshot: row["snapshot"])
        }
    }

    static func loadDepartment(_ db: Database, row: Row) throws -> Department {
        let id: Int64 = row["id"]
        var department = Department(
            code: row["code"], name: row["name"], year: row["year"], moneyUnit: row["money_unit"], goalText: row["goal_text"])
        // The rows are read in whatever order SQLite finds cheapest and put in order here: an ORDER
        // BY makes SQLite copy every row into a temporary sorter, which cost more than the rest
        // of the read (sorting a department's few hundred positions in Swift costs next to nothing).
        var indicatorsByProject: [Int64: [(position: Int64, indicator: Indicator)]] = [:]
        var goals: [(position: Int64, indicator: Indicator)] = []
        // Columns by position: a lookup by name lowercases the name on every row.
        let indicators = try db.cachedStatement(sql: IndicatorRead.sql)
        let rows = try Row.fetchCursor(indicators, arguments: [id])
        let c = ColumnReader(indicators)
        while try rows.next() != nil {
            let entry = (position: c.int64(IndicatorRead.position) ?? 0, indicator: loadIndicator(c))
            if let projectID = c.int64(IndicatorRead.projectID) {
                indicatorsByProject[projectID, default: []].append(entry)
            } else {
                goals.append(entry)
            }
        }
        department.goals = inOrder(goals)
        var plans: [Int64: [PlanPoint]] = [:]
        let planStatement = try db.cachedStatement(sql: """
            SELECT sp.project_id, sp.month, sp.cumulative, sp.raw FROM spending_plan sp JOIN project p ON p.id = sp.project_id
            WHERE p.department_id = ?
            """)
        let planRows = try Row.fetchCursor(planStatement, arguments: [id])
        let pc = ColumnReader(planStatement)
        while try planRows.next() != nil {
            plans[pc.int64(0) ?? 0, default: []].append(PlanPoint(month: pc.int(1) ?? 0, cumulative: pc.decimal(2) ?? 0, raw: pc.string(3)))
        }
        let sourceFile: String? = row["source_file"]
        let projectStatement = try db.cachedStatement(sql: ProjectRead.sql)
        let projectRows = try Row.fetchCursor(projectStatement, arguments: [id])
        let r = ColumnReader(projectStatement)
        var projects: [(position: Int64, project: Project)] = []
        while try projectRows.next() != nil {
            let projectID = r.int64(ProjectRead.id) ?? 0
            var points = plans[projectID] ?? []
            if !points.isSorted(by: { $0.month < $1.month }) { points.sort { $0.month < $1.month } }
            typealias P = ProjectRead
            projects.append((r.int64(P.position) ?? 0, Project(
                code: r.string(P.code), name: r.string(P.name), budget: r.decimal(P.budget) ?? 0, fiscalFunds: r.decimal(P.fiscalFunds),
                otherFunds: r.decimal(P.otherFunds), purpose: r.string(P.purpose), goal: r.string(P.goal),
                plan: SpendingPlan(points: points, form: PlanForm(rawValue: r.string(P.planForm)) ?? .none),
                indicators: inOrder(indicatorsByProject[projectID] ?? []),
                source: r.int(P.sourceLine).map { SourceLocation(file: sourceFile, line: $0) })))
        }
        if !projects.isSorted(by: { $0.position < $1.position }) { projects.sort { $0.position < $1.position } }
        department.projects = projects.map(\.project)
        return department
    }

    /// The indicators of `entries` by position (usually already in order).
    static func inOrder(_ entries: [(position: Int64, indicator: Indicator)]) -> [Indicator] {
        entries.isSorted(by: { $0.position < $1.position }) ? entries.map(\.indicator) : entries.sorted { $0.position < $1.position }.map(\.indicator)
    }

    /// An indicator read from a row of `IndicatorRead.sql`.
    static func loadIndicator(_ r: ColumnReader) -> Indicator {
        typealias C = IndicatorRead
        let target = TargetValue(
            raw: r.string(C.targetRaw), kind: TargetKind(rawValue: r.string(C.kind)) ?? .qualitative,
            comparator: r.text(C.comparator).flatMap(Comparison.init(rawValue:)),
            comparatorImplied: (r.int(C.comparatorImplied) ?? 0) != 0, value: r.decimal(C.value), unit: r.text(C.unit),
            deadline: r.text(C.deadline).flatMap(parseDeadline))
        let file = r.text(C.sourceFile)
        let line = r.int(C.sourceLine)
        return Indicator(
            level1: r.string(C.level1), level2: r.string(C.level2), level3: r.string(C.level3), description: r.string(C.description), target: target,
            basis: r.string(C.basis), points: r.decimal(C.points),
            source: file == nil && line == nil ? nil : SourceLocation(file: file, line: line))
    }

    static func parseDeadline(_ text: String) -> Deadline? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        switch parts.count {
        case 3: return Deadline(year: parts[0], month: parts[1], day: parts[2])
        case 2: return Deadline(year: nil, month: parts[0], day: parts[1])
        default: return nil
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

extension Array {
    /// Whether the elements are in the order `areInIncreasingOrder` defines.
    func isSorted(by areInIncreasingOrder: (Element, Element) -> Bool) -> Bool {
        indices.dropFirst().allSatisfy { !areInIncreasingOrder(self[$0], self[$0 - 1]) }
    }
}
