#!/usr/bin/env bash
# Builds the libFuzzer target on the import path (tests/fuzz, clang + ASan) and runs it:
#   scripts/fuzz.sh            replay every seed in tests/fuzz/seeds, then fuzz for FUZZ_SECONDS
#   FUZZ_SECONDS=60            how long to fuzz (default 60; 0 = replay only)
#   FUZZ_BUILD=build-fuzz      build directory           JOBS=2  parallel compile jobs
#   FUZZ_SEED=1                libFuzzer's random seed: fixed, so a CI run explores the same inputs
#                              each time (a slower machine only fewer of them); 0 = a new seed
#                              each run, for fuzzing by hand
# New inputs found while fuzzing go to a scratch corpus, not into the repository; a crash leaves
# its input as $FUZZ_BUILD/crash-* and fails the run (add it to tests/fuzz/seeds once fixed).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${FUZZ_BUILD:-build-fuzz}
SECS=${FUZZ_SECONDS:-60}
if [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S tests/fuzz -B "$BUILD" -G Ninja >/dev/null
fi
ninja -C "$BUILD" -j "${JOBS:-2}" import_fuzzer >/dev/null
FUZZER=$BUILD/import_fuzzer
# GDAL and PROJ keep process-wide caches until exit; leaks are not what this run looks for.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export GDAL_NUM_THREADS=1

echo "fuzz.sh: replaying $(ls tests/fuzz/seeds | wc -l) seed(s)"
"$FUZZER" -rss_limit_mb=2048 -timeout=30 tests/fuzz/seeds/* 2>"$BUILD/replay.log" || {
  tail -40 "$BUILD/replay.log" >&2
  echo "fuzz.sh: a seed crashed the importer (log: $BUILD/replay.log)" >&2
  exit 1
}
[ "$SECS" -gt 0 ] || exit 0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
echo "fuzz.sh: fuzzing for ${SECS} s"
"$FUZZER" -seed="${FUZZ_SEED:-1}" -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=30 -max_len=4096 -print_final_stats=1 \
  -artifact_prefix="$BUILD/" "$scratch" tests/fuzz/seeds 2>"$BUILD/fuzz.log" || {
  tail -60 "$BUILD/fuzz.log" >&2
  echo "fuzz.sh: the fuzzer found a crash: $(ls "$BUILD"/crash-* "$BUILD"/timeout-* "$BUILD"/oom-* 2>/dev/null | tr '\n' ' ')" >&2
  exit 1
}
grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$BUILD/fuzz.log" || true
echo "fuzz.sh: no crash"
