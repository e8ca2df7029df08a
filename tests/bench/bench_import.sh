#!/usr/bin/env bash
# Import throughput: `planmap-cli import` of a GeoPackage side by side with
# `ogr2ogr -f SQLite -dsco SPATIALITE=YES` of the same file, alternating runs, CPU (user+sys) and
# wall time of each run, features per second from the medians. Inputs are made once in $WORK:
#   rivers50k.gpkg  50,000 generated rivers (planmap-cli generate + export)
#   points1m.gpkg   1,000,000 points with a name and two numbers (ogr2ogr from a CSV)
# PlanMap imports into a fresh sample-town project (boundary present, so the outside-boundary
# check runs) as a new layer; ogr2ogr writes a fresh SpatiaLite file.
# Each row of the table: median CPU (user + sys) and wall seconds of RUNS runs, features per
# second from those medians, and the largest peak resident set (MB) of the runs.
#   CLI=build-iorel/app/planmap-cli  RUNS=3  SETS="rivers50k points1m"  WORK=/tmp/planmap-bench-import
# CLI defaults to the Release build (build-iorel), else build-io. RIVERS50K=FILE uses an existing
# 50k-rivers GeoPackage (e.g. /tmp/scale/r50k.gpkg) instead of generating one.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${CLI:-}" ]; then
  CLI=build-iorel/app/planmap-cli
  [ -x "$CLI" ] || CLI=build-io/app/planmap-cli
fi
[ -x "$CLI" ] || CLI=$(find build-io -name planmap-cli -type f -perm -u+x | head -1)
CLI=$(realpath "$CLI")
RUNS=${RUNS:-3}
SETS=${SETS:-rivers50k points1m}
WORK=${WORK:-/tmp/planmap-bench-import}
mkdir -p "$WORK"

make_inputs() {
  if [[ " $SETS " == *" rivers50k "* && -n "${RIVERS50K:-}" ]]; then
    cp "$RIVERS50K" "$WORK/rivers50k.gpkg"
  elif [[ " $SETS " == *" rivers50k "* && ! -s $WORK/rivers50k.gpkg ]]; then
    rm -f "$WORK/g50k.planmap"*
    "$CLI" generate "$WORK/g50k.planmap" --rivers 50000 >/dev/null
    "$CLI" export "$WORK/g50k.planmap" --layer rivers --out "$WORK/rivers50k.gpkg" >/dev/null
  fi
  if [[ " $SETS " == *" points1m "* && ! -s $WORK/points1m.gpkg ]]; then
    # Points spread over the town's box, so the boundary check sees inside and outside ones.
    awk 'BEGIN { srand(7); print "lon,lat,name,beds,depth";
                 for (i = 1; i <= 1000000; i++)
                   printf "%.7f,%.7f,site %d,%d,%.2f\n", 121.40 + rand() * 0.23, 30.95 + rand() * 0.22,
                          i, int(rand() * 50), rand() * 5 }' >"$WORK/points1m.csv"
    ogr2ogr -f GPKG "$WORK/points1m.gpkg" "$WORK/points1m.csv" -nln points -a_srs EPSG:4326 \
      -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=NO -oo AUTODETECT_TYPE=YES
    rm -f "$WORK/points1m.csv"
  fi
}

# timed NAME FEATURES CMD...: one run's wall and CPU seconds appended to $WORK/runs.tsv.
timed() {
  local name=$1 n=$2
  shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" >"$WORK/last.log" 2>&1 || {
    echo "bench_import.sh: '$*' failed:" >&2
    tail -5 "$WORK/last.log" >&2
    exit 1
  }
  read -r wall user sys kb <"$WORK/time.txt"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$set" "$name" "$n" "$wall" "$(echo "$user + $sys" | bc)" "$((kb / 1024))" \
    >>"$WORK/runs.tsv"
}

make_inputs
: >"$WORK/runs.tsv"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)  ($CLI)"
for set in $SETS; do
  gpkg=$WORK/$set.gpkg
  n=$(ogrinfo -so -al "$gpkg" | awk -F': ' '/^Feature Count/ {print $2; exit}')
  for ((run = 1; run <= RUNS; run++)); do
    target=$WORK/import.planmap
    rm -f "$target" "$target"-wal "$target"-shm
    "$CLI" sample "$target" >/dev/null
    timed planmap "$n" "$CLI" import "$target" "$gpkg" --new-layer "bench_$set" --user planner1
    rm -f "$WORK/ogr.sqlite"
    timed ogr2ogr "$n" ogr2ogr -f SQLite -dsco SPATIALITE=YES "$WORK/ogr.sqlite" "$gpkg"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$WORK/runs.tsv" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    s, name, n, wall, cpu, mb = line.split("\t")
    r = runs.setdefault((s, name), {"n": int(n), "wall": [], "cpu": [], "mb": []})
    r["wall"].append(float(wall)); r["cpu"].append(float(cpu)); r["mb"].append(int(mb))
print("| input | program | features | runs | median CPU s | median wall s | features/s (CPU) | features/s (wall) | peak MB |")
print("|---|---|---|---|---|---|---|---|---|")
for (s, name), r in runs.items():
    cpu, wall = statistics.median(r["cpu"]), statistics.median(r["wall"])
    print(f"| {s} | {name} | {r['n']} | {len(r['cpu'])} | {cpu:.2f} | {wall:.2f} | "
          f"{r['n'] / cpu:,.0f} | {r['n'] / wall:,.0f} | {max(r['mb'])} |")
PY
