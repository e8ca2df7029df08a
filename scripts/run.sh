#!/usr/bin/env bash
# Installs what is missing, builds, and opens PlanMap on the bundled (synthetic) sample town.
# Without a display it does the headless equivalent: prints the status table and renders the map.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh --target planmap planmap-cli
BUILD_DIR=${BUILD_DIR:-build}
SAMPLE=${PLANMAP_SAMPLE:-$BUILD_DIR/sample/pujiang-sample.planmap}
if [ ! -f "$SAMPLE" ]; then
  mkdir -p "$(dirname "$SAMPLE")"
  "$BUILD_DIR/app/planmap-cli" sample "$SAMPLE"
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run.sh: no display found (DISPLAY is not set); showing the sample town headless instead."
  "$BUILD_DIR/app/planmap-cli" status "$SAMPLE"
  if "$BUILD_DIR/app/planmap-cli" render "$SAMPLE" --out "$BUILD_DIR/sample/map.png" --overwrite 2>/dev/null; then
    echo "run.sh: map rendered to $BUILD_DIR/sample/map.png"
  fi
  exit 0
fi
exec "$BUILD_DIR/app/planmap" "$SAMPLE" "$@"
