#!/usr/bin/env bash
# Scale figures of PlanMap as one table: builds the bench programs in Release, writes the
# projects (the sample town, 50,000 rivers, and with BENCH_SIZES including 1m ~1,000,000 features),
# times the CLI (generate, status --by village, render) with peak RSS, runs tests/bench/bench_scale
# on each project, and tests/bench/bench_gui (the real window offscreen: the longest GUI-thread block per
# step of a scripted session) and prints a Markdown table (also written to $OUT/results.md).
#   BENCH_SIZES="sample 50k 1m"  which sizes (default "sample 50k")
#   BUILD_DIR=build-bench        build directory (Release)     OUT=bench-out   where projects go
#   BENCH_REUSE=1                keep a project already in $OUT (generating 1m takes ~7 min of CPU)
# Not part of the test run (scripts/test.sh / ctest): it takes minutes and measures, never asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_DIR=${BUILD_DIR:-build-bench}
OUT=${OUT:-$ROOT/bench-out}
SIZES=${BENCH_SIZES:-sample 50k}
export QT_QPA_PLATFORM=offscreen
bash scripts/setup.sh >/dev/null
BUILD_DIR=$BUILD_DIR BUILD_TYPE=Release bash scripts/build.sh --target planmap-cli bench_scale bench_gui >/dev/null
CLI=$BUILD_DIR/app/planmap-cli
[ -x "$CLI" ] || CLI=$(find "$BUILD_DIR" -name planmap-cli -type f -perm -u+x | head -1)
BENCH=$(find "$BUILD_DIR" -name bench_scale -type f -perm -u+x | head -1)
BENCH_GUI=$(find "$BUILD_DIR" -name bench_gui -type f -perm -u+x | head -1)
mkdir -p "$OUT"

# timed NAME CMD...: wall seconds and peak RSS (MB) of one run, appended to $OUT/cli.tsv.
timed() {
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >"$OUT/last.log" 2>&1 || {
    echo "bench.sh: '$*' failed:" >&2
    tail -5 "$OUT/last.log" >&2
    exit 1
  }
  read -r secs kb <"$OUT/time.txt"
  printf '%s\t%s\t%s\t%s\n' "$size" "$name" "$secs" "$((kb / 1024))" >>"$OUT/cli.tsv"
}

: >"$OUT/cli.tsv"
for size in $SIZES; do
  project=$OUT/$size.planmap
  if [ "${BENCH_REUSE:-0}" = 1 ] && [ -f "$project" ]; then
    printf '%s\t%s\t%s\t%s\n' "$size" "generate (reused, not timed)" 0 0 >>"$OUT/cli.tsv"
  else
  rm -f "$project" "$project"-wal "$project"-shm
  case $size in
  sample) timed generate "$CLI" sample "$project" ;;
  50k) timed generate "$CLI" generate "$project" --rivers 50000 ;;
  1m) timed generate "$CLI" generate "$project" --rivers 500000 --sites 400000 ;;
  *) echo "bench.sh: unknown size '$size' (sample, 50k, 1m)" >&2 && exit 2 ;;
  esac
  fi
  timed "status --by village" "$CLI" status "$project" --by village
  timed "render 1920x1080 (open+draw+write)" "$CLI" render "$project" --out "$OUT/$size.png" --width 1920 --height 1080 --overwrite
  PLANMAP_BENCH_PROJECT=$project "$BENCH" --benchmark_format=json --benchmark_out="$OUT/$size.json" \
    --benchmark_out_format=json >"$OUT/$size.bench.log" 2>&1 || {
    echo "bench.sh: bench_scale failed on $size:" >&2
    tail -5 "$OUT/$size.bench.log" >&2
    exit 1
  }
  # The GUI session works on a copy of the project (it marks a stretch and undoes it).
  PLANMAP_BENCH_PROJECT=$project "$BENCH_GUI" >"$OUT/$size.gui.log" 2>&1 || {
    echo "bench.sh: bench_gui failed on $size:" >&2
    tail -5 "$OUT/$size.gui.log" >&2
    exit 1
  }
  grep -P '^gui\t' "$OUT/$size.gui.log" >"$OUT/$size.gui.tsv" || true
done
python3 scripts/bench_table.py "$OUT" $SIZES | tee "$OUT/results.md"
