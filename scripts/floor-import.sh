#!/usr/bin/env bash
# The import floor of scripts/bench.sh: a plain sqlite3 session loads the same csv rows as
# `jixiao import` into the same tables (department, project, spending_plan, indicator) of a fresh
# database with the same schema, in one transaction; no parsing of targets, no hashing.
# Usage: scripts/floor-import.sh NEW_DB SCHEMA_DB TARGET_DIR...
set -euo pipefail
db=$1 schema=$2; shift 2
rm -f "$db"
sqlite3 "$schema" .schema | grep -v sqlite_sequence | sqlite3 "$db"
{
  echo "CREATE TABLE staging ($(printf 'c%d,' $(seq 1 20))c21);"
  echo "BEGIN;"
  for dir in "$@"; do for f in "$dir"/*.csv; do echo ".import --csv --skip 1 '$f' staging"; done; done
  cat <<'SQL'
INSERT INTO department (code, year, name, money_unit, goal_text, version, content_hash, source_file, imported_at)
  SELECT c1, c3, min(c2), '万元', '', 1, '', NULL, '' FROM staging GROUP BY c1, c3;
CREATE TABLE p AS SELECT min(rowid) AS r, c1, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14 FROM staging WHERE c4 <> c1 GROUP BY c1, c3, c4;
INSERT INTO project (department_id, position, code, name, budget, fiscal_funds, other_funds, purpose, goal, plan_form, source_line)
  SELECT d.id, p.r, p.c4, p.c5, p.c6, nullif(p.c7, ''), nullif(p.c8, ''), p.c9, p.c10, 'amount', p.r
  FROM p JOIN department d ON d.code = p.c1 AND d.year = p.c3;
INSERT INTO spending_plan (project_id, month, cumulative, raw)
  SELECT pr.id, m.month, CASE m.month WHEN 3 THEN p.c11 WHEN 6 THEN p.c12 WHEN 10 THEN p.c13 ELSE p.c14 END,
         CASE m.month WHEN 3 THEN p.c11 WHEN 6 THEN p.c12 WHEN 10 THEN p.c13 ELSE p.c14 END
  FROM p JOIN department d ON d.code = p.c1 AND d.year = p.c3 JOIN project pr ON pr.department_id = d.id AND pr.code = p.c4
  JOIN (SELECT 3 AS month UNION ALL SELECT 6 UNION ALL SELECT 10 UNION ALL SELECT 12) m;
INSERT INTO indicator (department_id, project_id, position, level1, level2, level3, description, target_raw, kind, comparator,
                       comparator_implied, value, unit, deadline, basis, points, source_file, source_line)
  SELECT d.id, pr.id, s.rowid, s.c15, s.c16, s.c17, s.c18, s.c19, 'quantitative', NULL, 0, NULL, NULL, NULL, s.c20, nullif(s.c21, ''), NULL, s.rowid
  FROM staging s JOIN department d ON d.code = s.c1 AND d.year = s.c3 LEFT JOIN project pr ON pr.department_id = d.id AND pr.code = s.c4 WHERE s.c17 <> '';
DROP TABLE staging; DROP TABLE p;
COMMIT;
SQL
} | sqlite3 "$db"
