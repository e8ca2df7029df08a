#!/usr/bin/env bash
# The reliability soak: nothing a user does loses or corrupts a project. The real planmap-cli on
# real files and on the test PostgreSQL (loopback only); every loop is bounded in time and count,
# and the run stops by itself.
#   scripts/soak.sh            the long run (about 18 minutes)
#   scripts/soak.sh --short    at most 3 minutes (scripts/test.sh runs it when CI=true)
# Sections, in order (SOAK_SECTIONS="mark-kills tamper-sqlite ..." runs only those):
#   tamper-sqlite   forged records in a copy of the project: validate must name each one
#   mark-kills      planmap-cli mark killed (-9) after a random delay, the project checked each time
#   import-kills    import of a few thousand features killed: all or nothing, the project sound
#   sync-kills      a field copy's sync killed: re-run converges, each event once on the server
#   output-kills    sample, generate, checkout, export, backup killed: the new file absent or whole
#   file-writers    several CLI writers, a GDAL reader, backups and the offscreen GUI on one file
#   server-clients  several field copies syncing (some killed) and a server client on one database
#   tamper-server   the forgeries on the server: refused by the database or named by validate
# Settings (environment): SOAK_{MARK,IMPORT,SYNC,OUTPUT,WRITERS,SERVER}_SECONDS (sections' times),
#   SOAK_MAX_KILLS (per kill loop), SOAK_WRITERS, SOAK_CLIENTS, SOAK_IMPORT_FEATURES, SOAK_SEED,
#   SOAK_VILLAGE (the field copies' area), SOAK_GUI_TEST (see tests/soak/concurrent.sh),
#   SOAK_KEEP=1 (keep the work folder; it is always kept after a failure).
# Needs the built binaries (BUILD_DIR, default build) and PLANMAP_PG; when that is unset a test
# cluster is started on PLANMAP_PG_PORT (scripts/pg-test-server.sh) and stopped at exit.
# Prints one summary line a section ("N kills, 0 lost, 0 doubled"); exits 1 on any loss, doubling,
# corruption, failed write or missed forgery.
set -uo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD

MODE=long
case "${1:-}" in
--short) MODE=short ;;
--long | "") ;;
*)
  awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0" >&2
  exit 2
  ;;
esac
if [ "$MODE" = short ]; then
  defaults=(20 20 20 20 20 15 150 3 3 2000)
else
  defaults=(180 180 180 180 180 120 2000 4 4 3000)
fi
MARK_SECONDS=${SOAK_MARK_SECONDS:-${defaults[0]}}
IMPORT_SECONDS=${SOAK_IMPORT_SECONDS:-${defaults[1]}}
SYNC_SECONDS=${SOAK_SYNC_SECONDS:-${defaults[2]}}
WRITERS_SECONDS=${SOAK_WRITERS_SECONDS:-${defaults[3]}}
SERVER_SECONDS=${SOAK_SERVER_SECONDS:-${defaults[4]}}
OUTPUT_SECONDS=${SOAK_OUTPUT_SECONDS:-${defaults[5]}}
MAX_KILLS=${SOAK_MAX_KILLS:-${defaults[6]}}
WRITERS=${SOAK_WRITERS:-${defaults[7]}}
CLIENTS=${SOAK_CLIENTS:-${defaults[8]}}
IMPORT_FEATURES=${SOAK_IMPORT_FEATURES:-${defaults[9]}}
SOAK_SEED=${SOAK_SEED:-$(($(date +%s) % 100000))}
SOAK_VILLAGE=${SOAK_VILLAGE:-建东村}
ALL_SECTIONS="tamper-sqlite mark-kills import-kills sync-kills output-kills file-writers server-clients"
ALL_SECTIONS+=" tamper-server"
SECTIONS=${SOAK_SECTIONS:-$ALL_SECTIONS}
RANDOM=$SOAK_SEED

BUILD_DIR=${BUILD_DIR:-build}
case $BUILD_DIR in /*) ;; *) BUILD_DIR=$ROOT/$BUILD_DIR ;; esac
CLI=$BUILD_DIR/app/planmap-cli
[ -x "$CLI" ] || {
  echo "soak.sh: no $CLI (build first: scripts/build.sh)" >&2
  exit 2
}
for tool in sqlite3 ogr2ogr ogrinfo psql pgrep; do
  command -v $tool >/dev/null || {
    echo "soak.sh: $tool is missing (run scripts/setup.sh)" >&2
    exit 2
  }
done

. tests/soak/lib.sh
. tests/soak/kills.sh
. tests/soak/outputs.sh
. tests/soak/concurrent.sh
. tests/soak/tamper.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/planmap-soak.XXXXXX")
: >"$WORK/failures"
: >"$WORK/notes"
: >"$WORK/summary"

STARTED_PG=
OUTER_TMPDIR=${TMPDIR:-/tmp}
PG_PORT=${PLANMAP_PG_PORT:-55432}
# Kills a background job and the command it is running (the job first, so it starts nothing more).
kill_tree() {
  local kids
  kids=$(pgrep -P "$1")
  kill -9 "$1" 2>/dev/null
  # shellcheck disable=SC2086 # one pid a word
  [ -n "$kids" ] && kill -9 $kids 2>/dev/null
  wait "$1" 2>/dev/null
}
cleanup() {
  local pid
  for pid in $(jobs -p); do
    kill_tree "$pid"
  done
  [ -n "${PLANMAP_PG:-}" ] && drop_databases
  [ -n "$STARTED_PG" ] &&
    PLANMAP_PG_PORT=$PG_PORT TMPDIR=$OUTER_TMPDIR bash "$ROOT/scripts/pg-test-server.sh" stop
  if [ ! -s "$WORK/failures" ] && [ -z "${SOAK_KEEP:-}" ]; then
    rm -rf "$WORK"
  else
    echo "soak.sh: work folder kept: $WORK" >&2
  fi
}
trap cleanup EXIT
trap 'echo "FAIL [soak] stopped: signal or over the time limit" >>"$WORK/failures"; exit 1' TERM INT

if [ -z "${PLANMAP_PG:-}" ]; then
  PLANMAP_PG_PORT=$PG_PORT bash scripts/pg-test-server.sh url >/dev/null 2>&1 || STARTED_PG=1
  PLANMAP_PG=$(PLANMAP_PG_PORT=$PG_PORT bash scripts/pg-test-server.sh start) || exit 1
fi
export PLANMAP_PG
# Killed imports leave their staging folders in TMPDIR: here, where they are counted and removed.
export TMPDIR=$WORK/tmp
mkdir -p "$TMPDIR"
# Loopback only: this hammers the server it is given.
pg_host=${PLANMAP_PG#*://}
pg_host=${pg_host#*@}
pg_host=${pg_host%%[/?]*}
pg_host=${pg_host%:[0-9]*}
case "$PLANMAP_PG" in
postgresql://* | postgres://*) ;;
*) pg_host=not-a-url ;;
esac
case "$pg_host" in
127.* | localhost | "[::1]" | "") ;;
*)
  echo "soak.sh: PLANMAP_PG must be a postgresql:// URL on loopback (127.0.0.1), got host '$pg_host'" >&2
  exit 2
  ;;
esac

# The whole run's limit: every section's time plus room for set-up and checks.
limit=$((MARK_SECONDS + IMPORT_SECONDS + SYNC_SECONDS + OUTPUT_SECONDS + WRITERS_SECONDS + SERVER_SECONDS))
if [ "$MODE" = short ]; then limit=$((limit + 60)); else limit=$((limit + 600)); fi
(
  sleep "$limit"
  kill -TERM $$
) >/dev/null 2>&1 &
WATCHDOG=$!

START=$(now_ms)
echo "soak.sh: $MODE mode, seed $SOAK_SEED, $CLI, server $PLANMAP_PG, work folder $WORK"
BASE=$WORK/base.planmap
"$CLI" sample "$BASE" >/dev/null || exit 1

for section in $SECTIONS; do
  echo "--- $section"
  case $section in
  tamper-sqlite) section_tamper_sqlite ;;
  mark-kills) section_mark_kills ;;
  import-kills) section_import_kills ;;
  sync-kills) section_sync_kills ;;
  output-kills) section_output_kills ;;
  file-writers) section_file_writers ;;
  server-clients) section_server_clients ;;
  tamper-server) section_tamper_server ;;
  *) echo "FAIL [soak] unknown section $section" | tee -a "$WORK/failures" ;;
  esac
done
kill_tree "$WATCHDOG"

echo "=== soak summary ($MODE, $((($(now_ms) - START) / 1000)) s, seed $SOAK_SEED)"
cat "$WORK/summary"
[ -s "$WORK/notes" ] && cat "$WORK/notes"
failures=$(wc -l <"$WORK/failures")
if [ "$failures" -gt 0 ]; then
  echo "=== $failures failure(s):"
  cat "$WORK/failures"
  exit 1
fi
echo "=== soak: PASS"
