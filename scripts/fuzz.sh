#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang + ASan) and runs each: the import path
# (import_fuzzer, seeds in tests/fuzz/seeds) and planmap-server's request path (server_fuzzer,
# seeds in tests/fuzz/server-seeds):
#   scripts/fuzz.sh            replay every seed, then fuzz for FUZZ_SECONDS (the server's target
#                              for SERVER_FUZZ_SECONDS)
#   FUZZ_SECONDS=60            how long to fuzz the importer (default 60; 0 = replay only)
#   SERVER_FUZZ_SECONDS=20     how long to fuzz the request path (default 20; 0 = replay only)
#   FUZZ_BUILD=build-fuzz      build directory           JOBS=2  parallel compile jobs
#   FUZZ_SEED=1                libFuzzer's random seed: fixed, so a CI run explores the same inputs
#                              each time (a slower machine only fewer of them); 0 = a new seed
#                              each run, for fuzzing by hand
# New inputs found while fuzzing go to a scratch corpus, not into the repository; a crash leaves
# its input as $FUZZ_BUILD/crash-* and fails the run (add it to the seeds once fixed).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${FUZZ_BUILD:-build-fuzz}
if [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S tests/fuzz -B "$BUILD" -G Ninja >/dev/null
fi
ninja -C "$BUILD" -j "${JOBS:-2}" import_fuzzer server_fuzzer >/dev/null
# GDAL and PROJ keep process-wide caches until exit; leaks are not what this run looks for.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export GDAL_NUM_THREADS=1

# fuzz NAME SEEDS SECONDS
fuzz() {
  local name=$1 seeds=$2 secs=$3
  local fuzzer=$BUILD/$name
  echo "fuzz.sh: $name: replaying $(ls "$seeds" | wc -l) seed(s)"
  "$fuzzer" -rss_limit_mb=2048 -timeout=30 "$seeds"/* 2>"$BUILD/$name-replay.log" || {
    tail -40 "$BUILD/$name-replay.log" >&2
    echo "fuzz.sh: a seed crashed $name (log: $BUILD/$name-replay.log)" >&2
    exit 1
  }
  [ "$secs" -gt 0 ] || return 0
  local scratch
  scratch=$(mktemp -d)
  echo "fuzz.sh: $name: fuzzing for ${secs} s"
  "$fuzzer" -seed="${FUZZ_SEED:-1}" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=30 -max_len=4096 \
    -print_final_stats=1 -artifact_prefix="$BUILD/" "$scratch" "$seeds" 2>"$BUILD/$name.log" || {
    rm -rf "$scratch"
    tail -60 "$BUILD/$name.log" >&2
    echo "fuzz.sh: the fuzzer found a crash in $name: $(ls "$BUILD"/crash-* "$BUILD"/timeout-* "$BUILD"/oom-* 2>/dev/null | tr '\n' ' ')" >&2
    exit 1
  }
  rm -rf "$scratch"
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$BUILD/$name.log" || true
  echo "fuzz.sh: $name: no crash"
}

fuzz import_fuzzer tests/fuzz/seeds "${FUZZ_SECONDS:-60}"
fuzz server_fuzzer tests/fuzz/server-seeds "${SERVER_FUZZ_SECONDS:-20}"
