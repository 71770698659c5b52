import GRDB

/// The database schema as named migrations. A migration is never edited once shipped: a change
/// to the schema is a new migration appended here.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-25 targets") { db in
            try db.execute(sql: """
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
                """)
        }
        migrator.registerMigration("2026-11-25 actuals") { db in
            try db.execute(sql: """
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
                """)
        }
        migrator.registerMigration("2026-11-25 scores") { db in
            try db.execute(sql: """
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
                """)
        }
        return migrator
    }
}
