import GRDB
import JixiaoModel

/// The database schema as named migrations, each a piece of SQL (or, for a change of data that SQL
/// cannot compute, a named piece of code). A migration is never edited once shipped — a test holds
/// each one's SQL to the hash it shipped with — so a change to the schema is a new migration
/// appended here.
enum Schema {
    /// What a migration does.
    enum Step {
        case sql(String)
        case code(@Sendable (Database) throws -> Void)
    }

    /// Every migration, oldest first: its name and what it does.
    static let migrations: [(name: String, step: Step)] = [
        ("2026-11-25 targets", .sql("""
            CREATE TABLE department (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL,
                year INTEGER NOT NULL,
                name TEXT NOT NULL,
                money_unit TEXT NOT NULL,
                goal_text TEXT NOT NULL,
                version INTEGER NOT NULL,
                content_hash TEXT NOT NULL,
                source_file TEXT,
                imported_at TEXT NOT NULL,
                UNIQUE (code, year)
            );
            CREATE TABLE project (
                id INTEGER PRIMARY KEY,
                department_id INTEGER NOT NULL REFERENCES department(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                code TEXT NOT NULL,
                name TEXT NOT NULL,
                budget TEXT NOT NULL,
                fiscal_funds TEXT,
                other_funds TEXT,
                purpose TEXT NOT NULL,
                goal TEXT NOT NULL,
                plan_form TEXT NOT NULL,
                source_line INTEGER,
                UNIQUE (department_id, code)
            );
            CREATE INDEX project_code ON project(code);
            CREATE TABLE spending_plan (
                project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
                month INTEGER NOT NULL,
                cumulative TEXT NOT NULL,
                raw TEXT NOT NULL,
                PRIMARY KEY (project_id, month)
            );
            -- Project indicators (project_id set) and department-level goals (project_id NULL).
            CREATE TABLE indicator (
                id INTEGER PRIMARY KEY,
                department_id INTEGER NOT NULL REFERENCES department(id) ON DELETE CASCADE,
                project_id INTEGER REFERENCES project(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                level1 TEXT NOT NULL,
                level2 TEXT NOT NULL,
                level3 TEXT NOT NULL,
                description TEXT NOT NULL,
                target_raw TEXT NOT NULL,
                kind TEXT NOT NULL,
                comparator TEXT,
                comparator_implied INTEGER NOT NULL,
                value TEXT,
                unit TEXT,
                deadline TEXT,
                basis TEXT NOT NULL,
                points TEXT,
                source_file TEXT,
                source_line INTEGER
            );
            CREATE INDEX indicator_project ON indicator(project_id, position);
            CREATE INDEX indicator_department ON indicator(department_id, position);
            -- Every replaced version of a department's targets, as the stable JSON.
            CREATE TABLE target_history (
                id INTEGER PRIMARY KEY,
                department_code TEXT NOT NULL,
                year INTEGER NOT NULL,
                version INTEGER NOT NULL,
                content_hash TEXT NOT NULL,
                source_file TEXT,
                imported_at TEXT NOT NULL,
                replaced_at TEXT NOT NULL,
                snapshot TEXT NOT NULL
            );
            CREATE INDEX target_history_department ON target_history(department_code, year);
            """)),
        ("2026-11-25 actuals", .sql("""
            -- Reported actuals, keyed by the indicator's normalised names so that they survive a
            -- re-import of the targets. owner_code is a project code or the department code.
            CREATE TABLE actual (
                department_code TEXT NOT NULL,
                year INTEGER NOT NULL,
                owner_code TEXT NOT NULL,
                level1 TEXT NOT NULL,
                level2 TEXT NOT NULL,
                level3 TEXT NOT NULL,
                value TEXT NOT NULL,
                points TEXT,
                claimed_score TEXT,
                reason TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                source_file TEXT,
                source_row TEXT,
                PRIMARY KEY (department_code, year, owner_code, level1, level2, level3)
            );
            -- Every change to an actual: when, by whom, old and new, from which file and row.
            CREATE TABLE actual_history (
                id INTEGER PRIMARY KEY,
                department_code TEXT NOT NULL,
                year INTEGER NOT NULL,
                owner_code TEXT NOT NULL,
                level1 TEXT NOT NULL,
                level2 TEXT NOT NULL,
                level3 TEXT NOT NULL,
                old_value TEXT,
                new_value TEXT NOT NULL,
                old_reason TEXT,
                new_reason TEXT NOT NULL,
                old_points TEXT,
                new_points TEXT,
                changed_at TEXT NOT NULL,
                changed_by TEXT NOT NULL,
                source_file TEXT,
                source_row TEXT
            );
            CREATE INDEX actual_history_owner ON actual_history(owner_code, year);
            """)),
        ("2026-11-25 scores", .sql("""
            -- Every score run is kept, with the profile's name and content hash.
            CREATE TABLE score_run (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL,
                profile_name TEXT NOT NULL,
                profile_hash TEXT NOT NULL,
                scored_at TEXT NOT NULL,
                scored_by TEXT NOT NULL
            );
            CREATE TABLE department_score (
                run_id INTEGER NOT NULL REFERENCES score_run(id) ON DELETE CASCADE,
                department_code TEXT NOT NULL,
                department_name TEXT NOT NULL,
                score TEXT,
                grade TEXT,
                own_score TEXT,
                weighted_score TEXT,
                execution_rate TEXT,
                grade_counts TEXT NOT NULL,
                PRIMARY KEY (run_id, department_code)
            );
            CREATE TABLE project_score (
                run_id INTEGER NOT NULL REFERENCES score_run(id) ON DELETE CASCADE,
                department_code TEXT NOT NULL,
                project_code TEXT NOT NULL,
                project_name TEXT NOT NULL,
                status TEXT NOT NULL,
                total TEXT,
                grade TEXT NOT NULL,
                budget TEXT NOT NULL,
                executed TEXT,
                rate TEXT,
                PRIMARY KEY (run_id, department_code, project_code)
            );
            CREATE TABLE finding (
                id INTEGER PRIMARY KEY,
                run_id INTEGER NOT NULL REFERENCES score_run(id) ON DELETE CASCADE,
                department_code TEXT NOT NULL,
                owner_code TEXT NOT NULL,
                indicator TEXT,
                code TEXT NOT NULL,
                severity TEXT NOT NULL,
                message TEXT NOT NULL,
                source_file TEXT,
                source_line INTEGER
            );
            CREATE INDEX finding_run ON finding(run_id, code);
            """)),
        ("2026-12-03 score run completion", .sql("""
            -- A run is visible only once complete: a run cut short (a killed process) stays
            -- incomplete, is ignored by every reader and removed by the next run. writer names the
            -- process (host and pid) that is writing it.
            ALTER TABLE score_run ADD COLUMN complete INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE score_run ADD COLUMN writer TEXT;
            """)),
        ("2026-12-03 canonical content hash", .code(recomputeContentHashes)),
        ("2026-12-03 filing", .sql("""
            -- The filing cycle: one row per department–year that ever moved (填报中 without a row).
            CREATE TABLE filing (
                department_code TEXT NOT NULL,
                year INTEGER NOT NULL,
                state TEXT NOT NULL,
                version INTEGER NOT NULL,
                updated_at TEXT,
                updated_by TEXT,
                submitted_at TEXT,
                submitted_by TEXT,
                approved_at TEXT,
                approved_by TEXT,
                approved_profile TEXT,
                approved_profile_hash TEXT,
                PRIMARY KEY (department_code, year)
            );
            -- Every transition, for ever.
            CREATE TABLE filing_event (
                id INTEGER PRIMARY KEY,
                department_code TEXT NOT NULL,
                year INTEGER NOT NULL,
                from_state TEXT NOT NULL,
                to_state TEXT NOT NULL,
                at TEXT NOT NULL,
                by_user TEXT NOT NULL,
                note TEXT NOT NULL
            );
            CREATE INDEX filing_event_department ON filing_event(department_code, year);
            -- The bureau's comments on a return: on the whole, a project, or one indicator.
            CREATE TABLE review_comment (
                id INTEGER PRIMARY KEY,
                event_id INTEGER NOT NULL REFERENCES filing_event(id),
                department_code TEXT NOT NULL,
                year INTEGER NOT NULL,
                project_code TEXT,
                indicator TEXT,
                text TEXT NOT NULL
            );
            CREATE INDEX review_comment_department ON review_comment(department_code, year);
            -- The bureau's scores (复核), append-only: the latest per indicator counts.
            CREATE TABLE score_adjustment (
                id INTEGER PRIMARY KEY,
                department_code TEXT NOT NULL,
                year INTEGER NOT NULL,
                owner_code TEXT NOT NULL,
                level1 TEXT NOT NULL,
                level2 TEXT NOT NULL,
                level3 TEXT NOT NULL,
                score TEXT NOT NULL,
                reason TEXT NOT NULL,
                at TEXT NOT NULL,
                by_user TEXT NOT NULL
            );
            CREATE INDEX score_adjustment_department ON score_adjustment(department_code, year);
            CREATE INDEX actual_history_department_owner ON actual_history(department_code, year, owner_code);
            """)),
        ("2026-12-03 accounts", .sql("""
            -- Users of the web application: the bureau, or one department's unit.
            CREATE TABLE app_user (
                name TEXT PRIMARY KEY,
                role TEXT NOT NULL,
                department_code TEXT,
                password_hash TEXT NOT NULL,
                disabled INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL
            );
            -- Signed-in sessions: the SHA-256 of the browser's token, never the token.
            CREATE TABLE app_session (
                token_hash TEXT PRIMARY KEY,
                user_name TEXT NOT NULL REFERENCES app_user(name) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL
            );
            CREATE INDEX app_session_user ON app_session(user_name);
            CREATE TABLE login_attempt (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL,
                at REAL NOT NULL,
                succeeded INTEGER NOT NULL
            );
            CREATE INDEX login_attempt_key ON login_attempt(key, at);
            """)),
        ("2026-12-03 score run final", .sql("""
            -- A run scored at the deadline (score --final): blank actuals counted as 0, not 填报未完成.
            ALTER TABLE score_run ADD COLUMN final INTEGER NOT NULL DEFAULT 0;
            """)),
        ("2026-12-04 spending", .sql("""
            -- Mid-year monitoring (绩效运行监控): cumulative spending (level1 项目资金, level3 累计支出) and
            -- indicators' values so far (截至目前完成值), per owner and month, with their history.
            CREATE TABLE progress (
                department_code TEXT NOT NULL,
                year INTEGER NOT NULL,
                owner_code TEXT NOT NULL,
                level1 TEXT NOT NULL,
                level2 TEXT NOT NULL,
                level3 TEXT NOT NULL,
                month INTEGER NOT NULL,
                value TEXT NOT NULL,
                reason TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                source_file TEXT,
                source_row TEXT,
                PRIMARY KEY (department_code, year, owner_code, level1, level2, level3, month)
            );
            CREATE TABLE progress_history (
                id INTEGER PRIMARY KEY,
                department_code TEXT NOT NULL,
                year INTEGER NOT NULL,
                owner_code TEXT NOT NULL,
                level1 TEXT NOT NULL,
                level2 TEXT NOT NULL,
                level3 TEXT NOT NULL,
                month INTEGER NOT NULL,
                old_value TEXT,
                new_value TEXT NOT NULL,
                old_reason TEXT,
                new_reason TEXT NOT NULL,
                changed_at TEXT NOT NULL,
                changed_by TEXT NOT NULL,
                source_file TEXT,
                source_row TEXT
            );
            CREATE INDEX progress_history_owner ON progress_history(owner_code, year);
            """)),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            switch migration.step {
            case .sql(let sql): migrator.registerMigration(migration.name) { db in try db.execute(sql: sql) }
            case .code(let body): migrator.registerMigration(migration.name, migrate: body)
            }
        }
        return migrator
    }

    /// Content hashes were SHA-256 of the pretty-printed JSON; they are now of its canonical form
    /// (`TargetsJSON.contentHash`). Every stored department and replaced version is hashed again,
    /// so that importing unchanged content still finds it unchanged.
    @Sendable static func recomputeContentHashes(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT * FROM department") {
            let department = try SQLiteStore.loadDepartment(db, row: row)
            try db.execute(sql: "UPDATE department SET content_hash = ? WHERE id = ?", arguments: [TargetsJSON.contentHash(department), row["id"] as Int64])
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, snapshot FROM target_history") {
            guard let snapshot = JSONValue(parsing: row["snapshot"] as String) else { continue }
            try db.execute(sql: "UPDATE target_history SET content_hash = ? WHERE id = ?", arguments: [ContentDigest.hex(snapshot.canonical()), row["id"] as Int64])
        }
    }
}
