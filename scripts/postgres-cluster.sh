#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks, run as a non-root user.
#   scripts/postgres-cluster.sh start DIR [durable]   initdb in DIR, start on a free port, print the
#                                                     admin URL (postgres://jixiao@127.0.0.1:PORT/postgres)
#   scripts/postgres-cluster.sh stop DIR              stop it and remove DIR
# Without 'durable' the cluster skips fsync (tests: nothing in it outlives the run); the benchmark
# passes 'durable' so that its figures include committing to disk, as SQLite's do.
set -euo pipefail
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:?start or stop}
dir=${2:?cluster directory}
as_owner() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case $cmd in
start)
  [[ -x $bin/initdb ]] || { echo "postgres-cluster: $bin/initdb not found (Debian package postgresql)" >&2; exit 1; }
  mkdir -p "$dir"
  # The server runs as postgres when this runs as root: DIR is made its own (its parent must be
  # reachable by others, as /tmp is).
  [[ $(id -u) == 0 ]] && chown postgres: "$dir"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "$bin/initdb" -D "$dir/data" -U jixiao --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  settings="-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=400 -c shared_buffers=256MB"
  [[ ${3:-} == durable ]] || settings+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$settings" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "postgres://jixiao@127.0.0.1:$port/postgres"
  ;;
stop)
  if [[ -d $dir/data ]]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 64 ;;
esac
