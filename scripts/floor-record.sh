#!/usr/bin/env bash
# The record floor of scripts/bench.sh: a plain sqlite3 session reads the actuals csv rows and
# upserts them into `actual` (finding each row's department by its project or unit code), in one
# transaction; no validation against the targets.
# Usage: scripts/floor-record.sh DB YEAR ACTUALS_DIR
set -euo pipefail
db=$1 year=$2 dir=$3
{
  echo "CREATE TABLE staging (c1, c2, c3, c4, c5, c6, c7, c8, c9, c10);"
  for f in "$dir"/*.csv; do echo ".import --csv --skip 1 '$f' staging"; done
  cat <<SQL
BEGIN;
INSERT INTO actual (department_code, year, owner_code, level1, level2, level3, value, points, claimed_score, reason, recorded_at, recorded_by, source_file, source_row)
  SELECT o.department, $year, s.c1, s.c3, s.c4, s.c5, s.c7, nullif(s.c8, ''), nullif(s.c9, ''), s.c10, '', '', NULL, s.rowid
  FROM staging s JOIN (SELECT p.code AS owner, d.code AS department FROM project p JOIN department d ON d.id = p.department_id
                       WHERE d.year = $year UNION ALL SELECT code, code FROM department WHERE year = $year) o ON o.owner = s.c1
  WHERE true
  ON CONFLICT (department_code, year, owner_code, level1, level2, level3) DO UPDATE SET
    value = excluded.value, points = excluded.points, claimed_score = excluded.claimed_score, reason = excluded.reason,
    recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by, source_file = excluded.source_file, source_row = excluded.source_row;
DROP TABLE staging;
COMMIT;
SQL
} | sqlite3 "$db"
