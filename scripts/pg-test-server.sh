#!/usr/bin/env bash
# A throw-away PostgreSQL 15 + PostGIS cluster on loopback for the tests (see ../shared/NOTES.md).
#   pg-test-server.sh start   initdb (if needed) and start; prints the connection string on stdout
#   pg-test-server.sh stop    stop the cluster and delete its folder
#   pg-test-server.sh url     print the connection string (exit 1 when not running)
# Safe to re-run: start on a running cluster only prints its connection string. PostgreSQL refuses
# to run as root, so under root the cluster belongs to the `postgres` system user.
# PLANMAP_PG_PORT (default 55432) and PLANMAP_PG_DIR choose the port and the folder.
set -euo pipefail

PORT=${PLANMAP_PG_PORT:-55432}
DIR=${PLANMAP_PG_DIR:-${TMPDIR:-/tmp}/planmap-pg-$PORT}
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
URL="postgresql://postgres@127.0.0.1:$PORT/planmap"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() {
  [ -f "$DIR/data/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}

psql_admin() {
  as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -U postgres "$@"
}

start() {
  if running; then
    echo "$URL"
    return 0
  fi
  [ -x "$BIN/initdb" ] || { echo "pg-test-server.sh: no PostgreSQL 15 in $BIN (run scripts/setup.sh)" >&2; exit 1; }
  rm -rf "$DIR"
  mkdir -p "$DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
  as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
    { echo "pg-test-server.sh: initdb failed, see $DIR/initdb.log" >&2; exit 1; }
  # Project roles log in with a password, as on a real server (the tests give their roles one);
  # only the admin `postgres` is trusted, on the socket and on loopback, to set the tests up.
  # (The first matching line wins: these go before initdb's.)
  printf '%s\n' 'local all postgres trust' 'host all postgres 127.0.0.1/32 trust' \
    'local all all scram-sha-256' 'host all all 127.0.0.1/32 scram-sha-256' 'host all all ::1/128 scram-sha-256' |
    cat - "$DIR/data/pg_hba.conf" >"$DIR/pg_hba.conf.new"
  chmod 644 "$DIR/pg_hba.conf.new"
  as_owner cp "$DIR/pg_hba.conf.new" "$DIR/data/pg_hba.conf"
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -w -t 60 -l "$DIR/log" \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null ||
    { echo "pg-test-server.sh: the server did not start, see $DIR/log" >&2; exit 1; }
  # PostGIS in template1: every database a test creates has it already.
  psql_admin -d template1 -c "CREATE EXTENSION IF NOT EXISTS postgis"
  psql_admin -d postgres -c "CREATE DATABASE planmap"
  echo "$URL"
}

stop() {
  if running; then
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
url) running && echo "$URL" ;;
*)
  echo "usage: $0 start|stop|url" >&2
  exit 2
  ;;
esac
