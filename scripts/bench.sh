#!/usr/bin/env bash
# Benchmark: generated data at several sizes (100 projects a department, about 8 indicators each,
# two years), measuring each step's wall time and peak memory with /usr/bin/time, and the floor:
# a plain sqlite3 session that reads the same rows as score and writes as many result rows.
# Usage: scripts/bench.sh [SIZE ...]   (projects a year; default 1000 10000 100000)
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

results=()
row() { results+=("$(printf '%-9s %-34s %9s %9s' "$1" "$2" "$3" "$4")"); }
# measure SIZE LABEL command… — wall seconds and peak RSS in MB.
measure() {
  local size=$1 label=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { echo "failed: $*"; cat "$work/err"; exit 1; }
  read -r wall kb <"$work/time"
  row "$size" "$label" "$wall" "$((kb / 1024))"
  last_wall=$wall
}

for n in "${sizes[@]}"; do
  projects=$((n < 100 ? n : 100)); departments=$(((n + projects - 1) / projects))
  dir="$work/$n"; rm -rf "$dir"; mkdir -p "$dir"
  db="$dir/bench.sqlite"
  "$bin" synth --departments "$departments" --projects "$projects" --years 2 --seed 7 --out "$dir/files" >/dev/null 2>&1
  measure "$n" "import (csv files, 2 years)" "$bin" import "$dir/files/targets-2025" "$dir/files/targets-2026" --db "$db"
  measure "$n" "record (csv files, 2026)" "$bin" record "$dir/files/actuals-2026" --year 2026 --db "$db"
  "$bin" record "$dir/files/actuals-2025" --year 2025 --db "$db" >/dev/null 2>&1
  measure "$n" "score 2026" "$bin" score --year 2026 --db "$db"
  score=$last_wall
  measure "$n" "report one department (json)" "$bin" report --year 2026 --department 300001 --format json --out "$dir/r.json" --db "$db"
  measure "$n" "report one department (html)" "$bin" report --year 2026 --department 300001 --format html --out "$dir/r.html" --db "$db"
  measure "$n" "compare 2025 2026 (json)" "$bin" compare --years 2025 2026 --format json --out "$dir/c.json" --db "$db"
  # The floor, as issue 9 defines it: a plain sqlite3 session that reads the same rows as score
  # (every column of the year's indicators, projects, plans and actuals that score reads) and
  # writes as many result rows as score stored (one per department and project, one per finding),
  # in one transaction in the same database file.
  findings=$(sqlite3 "$db" "SELECT count(*) FROM finding WHERE run_id = (SELECT max(id) FROM score_run)")
  measure "$n" "floor: sqlite3 read + write" sqlite3 "$db" "
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
  # The narrower floor of the first version, for comparison: three columns of the indicators read,
  # one row per indicator written to a temporary table.
  measure "$n" "narrow floor (3 cols, temp)" sqlite3 "$db" "
    CREATE TEMP TABLE floor_result AS
      SELECT i.id, i.target_raw, i.value, p.budget, p.code
      FROM indicator i JOIN project p ON p.id = i.project_id JOIN department d ON d.id = i.department_id
      WHERE d.year = 2026;
    SELECT count(*), sum(length(value)) FROM actual WHERE year = 2026;
    SELECT count(*), sum(cumulative) FROM spending_plan sp JOIN project p ON p.id = sp.project_id
      JOIN department d ON d.id = p.department_id WHERE d.year = 2026;"
  narrow=$last_wall
  ratio=$(awk -v a="$score" -v b="$floor" 'BEGIN { if (b < 0.01) print "—"; else printf "%.1f×", a / b }')
  row "$n" "score ÷ floor" "$ratio" ""
  row "$n" "score ÷ narrow floor" "$(awk -v a="$score" -v b="$narrow" 'BEGIN { if (b < 0.01) print "—"; else printf "%.1f×", a / b }')" ""
  indicators=$(sqlite3 "$db" "SELECT count(*) FROM indicator i JOIN department d ON d.id = i.department_id WHERE d.year = 2026 AND i.project_id IS NOT NULL")
  row "$n" "indicators in 2026" "$indicators" ""
done

if [[ -n "${BENCH_XLSX_COPIES:-}" ]]; then
  dir="$work/xlsx"; rm -rf "$dir"; mkdir -p "$dir"
  python3 scripts/make-large-targets-xlsx.py "$dir/targets.xlsx" "$BENCH_XLSX_COPIES" 2>/dev/null
  mb=$(( $(stat -c %s "$dir/targets.xlsx") / 1048576 ))
  measure "xlsx" "import one ${mb} MB xlsx" "$bin" import "$dir/targets.xlsx" --db "$dir/x.sqlite"
  measure "xlsx" "import it again (unchanged)" "$bin" import "$dir/targets.xlsx" --db "$dir/x.sqlite"
  row "xlsx" "projects in it" "$(sqlite3 "$dir/x.sqlite" "SELECT count(*) FROM project")" ""
fi

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), $(sqlite3 --version | cut -d' ' -f1) sqlite"
printf '%-9s %-34s %9s %9s\n' projects step "wall (s)" "peak MB"
printf '%s\n' "${results[@]}"
