#!/usr/bin/env bash
# The full bounded load test of `jixiao serve` (issue 19): 200 simulated units × 10 saves, two
# server processes on one database, loopback only. Prints the summary (p50/p95 of the saves).
# JIXIAO_TEST_DB selects the database (default: a scratch SQLite file).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
JIXIAO_LOAD_UNITS="${JIXIAO_LOAD_UNITS:-200}" JIXIAO_LOAD_SAVES="${JIXIAO_LOAD_SAVES:-10}" JIXIAO_LOAD_SERVERS="${JIXIAO_LOAD_SERVERS:-2}" \
  swift test --filter WebLoadTests 2>&1 | grep -E "^load:|✔|✘|error"
