#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole test suite (ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
BUILD_DIR=${BUILD_DIR:-build}
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
# The server-store tests run against a throw-away PostgreSQL on loopback: started here (unless
# PLANMAP_PG names one already) and stopped on exit, failure included, if this run started it.
if [ -z "${PLANMAP_PG:-}" ]; then
  if ! bash scripts/pg-test-server.sh url >/dev/null 2>&1; then
    trap "bash '$PWD/scripts/pg-test-server.sh' stop" EXIT
  fi
  PLANMAP_PG=$(bash scripts/pg-test-server.sh start)
  export PLANMAP_PG
fi
(cd "$BUILD_DIR" && ctest --output-on-failure -j "${JOBS:-2}" "$@")
# On CI: the reliability soak's short run (kills, concurrent writers and clients, forged records:
# scripts/soak.sh), then the fuzz targets (clang + ASan): seeds replayed, 60 s on the import path
# and 20 s on planmap-server's request path.
if [ "${CI:-}" = true ]; then
  bash scripts/soak.sh --short
  FUZZ_SECONDS=${FUZZ_SECONDS:-60} bash scripts/fuzz.sh
fi
