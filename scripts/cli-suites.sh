#!/usr/bin/env bash
# Prints the swift test --filter that selects the end-to-end suites: every test file that runs the
# built binary (CLIRunner or ProcessGroup), by the type names of its suites. PostgresConcurrencyTests
# is left out: it is on PostgreSQL in every pass.
set -euo pipefail
cd "$(dirname "$0")/../Tests/JixiaoTests"
grep -l -E 'CLIRunner\(\)|ProcessGroup\(' ./*.swift | grep -v -E 'CLIRunner.swift|ProcessGroup.swift|PostgresConcurrencyTests.swift' \
  | xargs grep -h -o -E '^struct [A-Za-z]+' | awk '{print $2}' | sort -u | paste -sd'|'
