#!/usr/bin/env bash
# Load on planmap-server (tests/bench/server_load.cpp): LOAD_READERS readers (status, features,
# tiles) and LOAD_WRITERS writers (marks, every fifth with a photo) for LOAD_SECONDS against one
# instance on a copy of the sample file and, when PLANMAP_PG is set, against two instances on one
# PostgreSQL project. Prints latency figures, errors, marks missing or doubled, and the server's
# resident memory before and after. Measures, never asserts in ctest; exits 1 on errors.
#   LOAD_READERS=200 LOAD_WRITERS=20 LOAD_SECONDS=60 BUILD_DIR=build
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
READERS=${LOAD_READERS:-200} WRITERS=${LOAD_WRITERS:-20} SECONDS_=${LOAD_SECONDS:-60}
bash scripts/build.sh --target planmap-cli planmap-server server_load >/dev/null
CLI=$BUILD_DIR/app/planmap-cli SERVER=$BUILD_DIR/app/planmap-server
LOAD=$(find "$BUILD_DIR/tests" -name server_load -type f -perm -u+x | head -1)
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

gdal_create -q -of GTiff -outsize 640 480 -bands 3 -burn 90 -ot Byte "$work/p.tif"
gdal_translate -q -of JPEG "$work/p.tif" "$work/p.jpg"

passwords() { # PROJECT
  for u in planner1 engineer1 leader1; do echo "load-$u" | "$CLI" users "$1" passwd "$u" --user planner1 >/dev/null; done
}
start() { # PROJECT LOG -> sets $port
  "$SERVER" "$1" --listen 127.0.0.1:0 >"$2" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    grep -q 'on http://' "$2" && break
    sleep 0.1
  done
  port=$(grep -o '127.0.0.1:[0-9]*' "$2" | head -1 | cut -d: -f2)
}
rss() { for p in "$@"; do awk '/VmRSS/ {printf "%d MB ", $2 / 1024}' "/proc/$p/status"; done; }

run() { # NAME PORTS
  echo "== $1: $READERS readers, $WRITERS writers, $SECONDS_ s"
  echo "memory before: $(rss "${pids[@]}")"
  "$LOAD" "$2" load- "$work/p.jpg" "$READERS" "$WRITERS" "$SECONDS_" || status=1
  echo "memory after:  $(rss "${pids[@]}")"
}

status=0
"$CLI" sample "$work/town.planmap" >/dev/null
cp "$work/town.planmap" "$work/fresh.planmap"
passwords "$work/town.planmap"
start "$work/town.planmap" "$work/file.log"
run "one instance on a file" "$port"
kill "${pids[@]}"; wait || true; pids=()

if [ -n "${PLANMAP_PG:-}" ]; then
  url="${PLANMAP_PG%/*}/planmap_load"
  admin=$PLANMAP_PG
  psql "$admin" -qc "DROP DATABASE IF EXISTS planmap_load WITH (FORCE)" -c "CREATE DATABASE planmap_load" >/dev/null
  "$CLI" server init "$url" --from "$work/fresh.planmap" >/dev/null
  passwords "$url"
  start "$url" "$work/a.log"
  a=$port
  start "$url" "$work/b.log"
  run "two instances on one PostgreSQL" "$a,$port"
  kill "${pids[@]}"; wait || true; pids=()
  psql "$admin" -qc "DROP DATABASE planmap_load WITH (FORCE)" >/dev/null
fi
exit $status
