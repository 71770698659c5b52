#!/usr/bin/env bash
# Benchmark: generated data at several sizes (100 projects a department, about 8 indicators each,
# two years), measuring each step's wall time and peak memory with /usr/bin/time, and the floor:
# a plain sqlite3 session that reads the same rows as score and writes as many result rows.
# Usage: scripts/bench.sh [SIZE ...]   (projects a year; default 1000 10000 100000)
# PostgreSQL: every step runs a second time on a fresh PostgreSQL database, beside SQLite, with its
# floor (a psql session doing the same reads and writes). BENCH_POSTGRES_URL names a superuser's
# URL to create the databases on; without it a durable throwaway cluster is started on loopback
# (scripts/postgres-cluster.sh, Debian's postgresql); BENCH_POSTGRES=0 leaves PostgreSQL out. The
# peak MB of a PostgreSQL step is the jixiao process's; the server's memory is not counted.
# BENCH_XLSX_COPIES=N also times the import of one large .xlsx target table: the seed's 12 project
# tables stacked N times (11000 copies make a 50 MB file of 132,000 projects), made by
# scripts/make-large-targets-xlsx.py (needs python3 with openpyxl).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
((${#sizes[@]})) || sizes=(1000 10000 100000)
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package 'time')"; exit 1; }
command -v sqlite3 >/dev/null || { echo "needs sqlite3"; exit 1; }
swift build -c release >/dev/null
bin=$PWD/.build/release/jixiao
work=${BENCH_DIR:-$(mktemp -d)}
export NO_COLOR=1

pg_admin=${BENCH_POSTGRES_URL:-}
if [[ ${BENCH_POSTGRES:-1} != 0 && -z $pg_admin && -x /usr/lib/postgresql/15/bin/initdb ]]; then
  pg_cluster=/tmp/jixiao-bench-pg-$$
  trap 'scripts/postgres-cluster.sh stop "$pg_cluster"' EXIT
  pg_admin=$(scripts/postgres-cluster.sh start "$pg_cluster" durable)
fi
[[ ${BENCH_POSTGRES:-1} == 0 ]] && pg_admin=
pg_psql() { PGOPTIONS=--client-min-messages=warning psql -X -q -At -v ON_ERROR_STOP=1 -d "$@"; }

results=()
row() { results+=("$(printf '%-9s %-34s %9s %9s %9s %9s' "$1" "$2" "$3" "$4" "${5:-}" "${6:-}")"); }
# timed command… — sets wall (seconds) and mb (peak RSS).
timed() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { echo "failed: $*"; cat "$work/err"; exit 1; }
  local kb
  read -r wall kb <"$work/time"
  mb=$((kb / 1024))
}
# measure SIZE LABEL command… — on SQLite (@DB is the file) and on PostgreSQL (@DB is the URL).
measure() {
  local size=$1 label=$2; shift 2
  local args=("$@")
  timed "${args[@]//@DB/$db}"
  local s_wall=$wall s_mb=$mb
  last_wall=$wall
  if [[ -n $pg_admin ]]; then
    timed "${args[@]//@DB/$pgdb}"
    last_pg_wall=$wall
    row "$size" "$label" "$s_wall" "$s_mb" "$wall" "$mb"
  else
    row "$size" "$label" "$s_wall" "$s_mb"
  fi
}
# sqlite_only SIZE LABEL command… — a step with no PostgreSQL counterpart.
sqlite_only() {
  local size=$1 label=$2; shift 2
  timed "$@"
  last_wall=$wall
  row "$size" "$label" "$wall" "$mb"
}

for n in "${sizes[@]}"; do
  projects=$((n < 100 ? n : 100)); departments=$(((n + projects - 1) / projects))
  dir="$work/$n"; rm -rf "$dir"; mkdir -p "$dir"
  db="$dir/bench.sqlite"
  if [[ -n $pg_admin ]]; then
    pg_psql "$pg_admin" -c "DROP DATABASE IF EXISTS bench_$n" -c "CREATE DATABASE bench_$n"
    pgdb=${pg_admin%/*}/bench_$n
  fi
  "$bin" synth --departments "$departments" --projects "$projects" --years 2 --seed 7 --out "$dir/files" >/dev/null 2>&1
  measure "$n" "import (csv files, 2 years)" "$bin" import "$dir/files/targets-2025" "$dir/files/targets-2026" --db @DB
  import=$last_wall
  sqlite3 "$db" ".backup '$dir/floor-record.sqlite'"
  measure "$n" "record (csv files, 2026)" "$bin" record "$dir/files/actuals-2026" --year 2026 --db @DB
  record=$last_wall
  # The floors of import and record: sqlite3 loading the same csv rows into the same tables.
  sqlite_only "$n" "floor: sqlite3 .import targets" scripts/floor-import.sh "$dir/floor-import.sqlite" "$db" "$dir/files/targets-2025" "$dir/files/targets-2026"
  import_floor=$last_wall
  sqlite_only "$n" "floor: sqlite3 upsert actuals" scripts/floor-record.sh "$dir/floor-record.sqlite" 2026 "$dir/files/actuals-2026"
  record_floor=$last_wall
  rm -f "$dir/floor-import.sqlite" "$dir/floor-record.sqlite"
  row "$n" "import ÷ its floor" "$(awk -v a="$import" -v b="$import_floor" 'BEGIN { if (b < 0.01) print "—"; else printf "%.1f×", a / b }')" ""
  row "$n" "record ÷ its floor" "$(awk -v a="$record" -v b="$record_floor" 'BEGIN { if (b < 0.01) print "—"; else printf "%.1f×", a / b }')" ""
  "$bin" record "$dir/files/actuals-2025" --year 2025 --db "$db" >/dev/null 2>&1
  [[ -n $pg_admin ]] && "$bin" record "$dir/files/actuals-2025" --year 2025 --db "$pgdb" >/dev/null 2>&1
  measure "$n" "score 2026" "$bin" score --year 2026 --db @DB
  score=$last_wall pg_score=${last_pg_wall:-}
  measure "$n" "report one department (json)" "$bin" report --year 2026 --department 300001 --format json --out "$dir/r.json" --force --db @DB
  measure "$n" "report one department (html)" "$bin" report --year 2026 --department 300001 --format html --out "$dir/r.html" --force --db @DB
  measure "$n" "compare 2025 2026 (json)" "$bin" compare --years 2025 2026 --format json --out "$dir/c.json" --force --db @DB
  compare=$last_wall
  # The floor, as issue 9 defines it: a plain sqlite3 session that reads the same rows as score
  # (every column of the year's indicators, projects, plans and actuals that score reads) and
  # writes as many result rows as score stored (one per department and project, one per finding),
  # in one transaction in the same database file.
  findings=$(sqlite3 "$db" "SELECT count(*) FROM finding WHERE run_id = (SELECT max(id) FROM score_run)")
  sqlite_only "$n" "floor: sqlite3 read + write" sqlite3 "$db" "
    SELECT count(*), sum(length(i.level1) + length(i.level2) + length(i.level3) + length(i.description) + length(i.target_raw)
      + length(i.kind) + ifnull(length(i.comparator), 0) + i.comparator_implied + ifnull(length(i.value), 0)
      + ifnull(length(i.unit), 0) + ifnull(length(i.deadline), 0) + length(i.basis) + ifnull(length(i.points), 0)
      + ifnull(length(i.source_file), 0) + ifnull(i.source_line, 0) + ifnull(i.project_id, 0))
      FROM indicator i JOIN department d ON d.id = i.department_id WHERE d.year = 2026;
    SELECT count(*), sum(length(p.code) + length(p.name) + length(p.budget) + ifnull(length(p.fiscal_funds), 0)
      + ifnull(length(p.other_funds), 0) + length(p.purpose) + length(p.goal) + length(p.plan_form) + ifnull(p.source_line, 0))
      FROM project p JOIN department d ON d.id = p.department_id WHERE d.year = 2026;
    SELECT count(*), sum(sp.month + length(sp.cumulative) + ifnull(length(sp.raw), 0)) FROM spending_plan sp
      JOIN project p ON p.id = sp.project_id JOIN department d ON d.id = p.department_id WHERE d.year = 2026;
    SELECT count(*), sum(length(owner_code) + length(level1) + length(level2) + length(level3) + length(value)
      + ifnull(length(points), 0) + ifnull(length(claimed_score), 0) + length(reason) + ifnull(length(source_file), 0)
      + ifnull(length(source_row), 0)) FROM actual WHERE year = 2026;
    BEGIN;
    CREATE TABLE floor_result (run INTEGER, department TEXT, owner TEXT, name TEXT, a TEXT, b TEXT, message TEXT);
    INSERT INTO floor_result SELECT 1, code, code, name, NULL, NULL, NULL FROM department WHERE year = 2026;
    INSERT INTO floor_result SELECT 1, d.code, p.code, p.name, p.budget, p.plan_form, NULL
      FROM project p JOIN department d ON d.id = p.department_id WHERE d.year = 2026;
    INSERT INTO floor_result SELECT 1, d.code, p.code, i.level3, i.kind, i.basis, substr(i.description || i.target_raw || i.level2, 1, 38)
      FROM indicator i JOIN project p ON p.id = i.project_id JOIN department d ON d.id = p.department_id
      WHERE d.year = 2026 LIMIT $findings;
    COMMIT;"
  floor=$last_wall
  sqlite3 "$db" "DROP TABLE floor_result"
  if [[ -n $pg_admin ]]; then
    # The same floor on PostgreSQL: one psql session, the same reads, the same writes in one
    # transaction (numbers are numeric there: their length is that of their text).
    pg_findings=$(pg_psql "$pgdb" -c "SELECT count(*) FROM finding WHERE run_id = (SELECT max(id) FROM score_run)")
    timed psql -X -q -At -v ON_ERROR_STOP=1 -d "$pgdb" -c "
      SELECT count(*), sum(length(i.level1) + length(i.level2) + length(i.level3) + length(i.description) + length(i.target_raw)
        + length(i.kind) + coalesce(length(i.comparator), 0) + i.comparator_implied + coalesce(length(i.value::text), 0)
        + coalesce(length(i.unit), 0) + coalesce(length(i.deadline), 0) + length(i.basis) + coalesce(length(i.points::text), 0)
        + coalesce(length(i.source_file), 0) + coalesce(i.source_line, 0) + coalesce(i.project_id, 0))
        FROM indicator i JOIN department d ON d.id = i.department_id WHERE d.year = 2026;
      SELECT count(*), sum(length(p.code) + length(p.name) + length(p.budget::text) + coalesce(length(p.fiscal_funds::text), 0)
        + coalesce(length(p.other_funds::text), 0) + length(p.purpose) + length(p.goal) + length(p.plan_form) + coalesce(p.source_line, 0))
        FROM project p JOIN department d ON d.id = p.department_id WHERE d.year = 2026;
      SELECT count(*), sum(sp.month + length(sp.cumulative::text) + coalesce(length(sp.raw), 0)) FROM spending_plan sp
        JOIN project p ON p.id = sp.project_id JOIN department d ON d.id = p.department_id WHERE d.year = 2026;
      SELECT count(*), sum(length(owner_code) + length(level1) + length(level2) + length(level3) + length(value)
        + coalesce(length(points::text), 0) + coalesce(length(claimed_score::text), 0) + length(reason) + coalesce(length(source_file), 0)
        + coalesce(length(source_row), 0)) FROM actual WHERE year = 2026;
      BEGIN;
      CREATE TABLE floor_result (run INTEGER, department TEXT, owner TEXT, name TEXT, a TEXT, b TEXT, message TEXT);
      INSERT INTO floor_result SELECT 1, code, code, name, NULL, NULL, NULL FROM department WHERE year = 2026;
      INSERT INTO floor_result SELECT 1, d.code, p.code, p.name, p.budget::text, p.plan_form, NULL
        FROM project p JOIN department d ON d.id = p.department_id WHERE d.year = 2026;
      INSERT INTO floor_result SELECT 1, d.code, p.code, i.level3, i.kind, i.basis, substr(i.description || i.target_raw || i.level2, 1, 38)
        FROM indicator i JOIN project p ON p.id = i.project_id JOIN department d ON d.id = p.department_id
        WHERE d.year = 2026 LIMIT $pg_findings;
      COMMIT;"
    pg_floor=$wall
    pg_psql "$pgdb" -c "DROP TABLE floor_result"
    row "$n" "floor: psql read + write" "" "" "$pg_floor" "$mb"
  fi
  # The narrower floor of the first version, for comparison: three columns of the indicators read,
  # one row per indicator written to a temporary table.
  sqlite_only "$n" "narrow floor (3 cols, temp)" sqlite3 "$db" "
    CREATE TEMP TABLE floor_result AS
      SELECT i.id, i.target_raw, i.value, p.budget, p.code
      FROM indicator i JOIN project p ON p.id = i.project_id JOIN department d ON d.id = i.department_id
      WHERE d.year = 2026;
    SELECT count(*), sum(length(value)) FROM actual WHERE year = 2026;
    SELECT count(*), sum(cumulative) FROM spending_plan sp JOIN project p ON p.id = sp.project_id
      JOIN department d ON d.id = p.department_id WHERE d.year = 2026;"
  narrow=$last_wall
  ratio=$(awk -v a="$score" -v b="$floor" 'BEGIN { if (b < 0.01) print "—"; else printf "%.1f×", a / b }')
  if [[ -n $pg_admin ]]; then
    row "$n" "score ÷ floor" "$ratio" "" "$(awk -v a="$pg_score" -v b="$pg_floor" 'BEGIN { if (b < 0.01) print "—"; else printf "%.1f×", a / b }')" ""
  else
    row "$n" "score ÷ floor" "$ratio" ""
  fi
  row "$n" "score ÷ narrow floor" "$(awk -v a="$score" -v b="$narrow" 'BEGIN { if (b < 0.01) print "—"; else printf "%.1f×", a / b }')" ""
  row "$n" "compare ÷ scoring both years" "$(awk -v a="$compare" -v b="$score" 'BEGIN { if (b < 0.01) print "—"; else printf "%.1f×", a / (2 * b) }')" ""
  indicators=$(sqlite3 "$db" "SELECT count(*) FROM indicator i JOIN department d ON d.id = i.department_id WHERE d.year = 2026 AND i.project_id IS NOT NULL")
  row "$n" "indicators in 2026" "$indicators" ""
done

if [[ -n "${BENCH_XLSX_COPIES:-}" ]]; then
  dir="$work/xlsx"; rm -rf "$dir"; mkdir -p "$dir"
  python3 scripts/make-large-targets-xlsx.py "$dir/targets.xlsx" "$BENCH_XLSX_COPIES" 2>/dev/null
  mb=$(( $(stat -c %s "$dir/targets.xlsx") / 1048576 ))
  sqlite_only "xlsx" "import one ${mb} MB xlsx" "$bin" import "$dir/targets.xlsx" --db "$dir/x.sqlite"
  sqlite_only "xlsx" "import it again (unchanged)" "$bin" import "$dir/targets.xlsx" --db "$dir/x.sqlite"
  row "xlsx" "projects in it" "$(sqlite3 "$dir/x.sqlite" "SELECT count(*) FROM project")" ""
fi

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), $(sqlite3 --version | cut -d' ' -f1) sqlite"
[[ -n $pg_admin ]] && echo "postgresql: $(pg_psql "$pg_admin" -c 'SHOW server_version') on loopback, fsync $(pg_psql "$pg_admin" -c 'SHOW fsync'), jixiao's default pool"
printf '%-9s %-34s %9s %9s %9s %9s\n' projects step "wall (s)" "peak MB" "pg wall" "pg MB"
printf '%s\n' "${results[@]}"
