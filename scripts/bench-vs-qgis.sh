#!/usr/bin/env bash
# PlanMap against QGIS 3.22 (Debian) on the same data, same machine, same run:
#  - render: the 50,000-river project's rivers at full extent and zoomed to 2 km × 2 km, 1920×1080,
#    one simple style (1-px lines, no labels) — PlanMap's renderer (tests/bench/bench_scale with
#    PLANMAP_BENCH_ONLY_LAYER=rivers) vs QgsMapRendererParallelJob on the exported GeoPackage;
#  - import: planmap-cli import of that GeoPackage vs ogr2ogr -f SQLite -dsco SPATIALITE=YES;
#  - whole process, at each of WHOLE_RIVERS: one `planmap-cli render` (open the project, read it,
#    draw every layer with labels at full extent, write a 1920x1080 PNG) against one QGIS process
#    (start, open the rivers GeoPackage, draw it at full extent, save the PNG), wall and CPU time.
# Runs alternate (PlanMap, QGIS, PlanMap, ...) for ROUNDS rounds; prints each median and the ratio.
#   RIVERS=50000 WHOLE_RIVERS="50000 200000" WHOLE_ONLY=0 ROUNDS=3 RUNS=5 BUILD_DIR=build-bench OUT=bench-out/qgis
# Not part of the test run (scripts/test.sh / ctest): it takes minutes and measures, never asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_DIR=${BUILD_DIR:-build-bench}
OUT=${OUT:-$ROOT/bench-out/qgis}
RIVERS=${RIVERS:-50000}
WHOLE_RIVERS=${WHOLE_RIVERS:-50000 200000}
ROUNDS=${ROUNDS:-3}
RUNS=${RUNS:-5}
export QT_QPA_PLATFORM=offscreen
mkdir -p "$OUT"

if ! /usr/bin/python3 -c 'import qgis.core' 2>/dev/null; then
  SUDO=
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get install -y --no-install-recommends python3-qgis qgis-providers >/dev/null ||
    { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y --no-install-recommends python3-qgis qgis-providers >/dev/null; }
fi
bash scripts/setup.sh >/dev/null
targets=(planmap-cli)
[ "${WHOLE_ONLY:-0}" = 1 ] || targets+=(bench_scale)
BUILD_DIR=$BUILD_DIR BUILD_TYPE=Release bash scripts/build.sh --target "${targets[@]}" >/dev/null
CLI=$(find "$BUILD_DIR" -name planmap-cli -type f -perm -u+x | head -1)
BENCH=$(find "$BUILD_DIR" -name bench_scale -type f -perm -u+x | head -1 || true)

project=$OUT/rivers$RIVERS.planmap
[ -f "$project" ] || "$CLI" generate "$project" --rivers "$RIVERS" >/dev/null
gpkg=$OUT/rivers$RIVERS.gpkg
rm -f "$gpkg"
"$CLI" export "$project" --layer rivers --out "$gpkg" --format GPKG >/dev/null

: >"$OUT/runs.tsv"
record() { printf '%s\t%s\n' "$1" "$2" >>"$OUT/runs.tsv"; }
# ms CMD...: wall milliseconds of one run (fails the script with the command's last lines).
ms() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >"$OUT/last.log" 2>&1 || { echo "bench-vs-qgis.sh: '$*' failed:" >&2; tail -5 "$OUT/last.log" >&2; exit 1; }
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000))
}

# WHOLE_ONLY=1 runs the whole-process race alone.
[ "${WHOLE_ONLY:-0}" = 1 ] || for round in $(seq "$ROUNDS"); do
  # Render: PlanMap then QGIS, RUNS frames each, every frame recorded.
  # Registered names carry their options ("BM_RenderFull/min_time:2.000/real_time"): match the stem.
  PLANMAP_BENCH_PROJECT=$project PLANMAP_BENCH_ONLY_LAYER=rivers "$BENCH" --benchmark_filter='^BM_Render(Full|Zoom2km)/' \
    --benchmark_repetitions="$RUNS" --benchmark_format=json >"$OUT/planmap.json" 2>"$OUT/planmap.log" ||
    { echo "bench-vs-qgis.sh: bench_scale failed:" >&2; tail -5 "$OUT/planmap.log" >&2; exit 1; }
  /usr/bin/python3 - "$OUT/planmap.json" >>"$OUT/runs.tsv" <<'PY'
import json, sys
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b.get("run_type") == "iteration":
        kind = "full" if "Full" in b["name"] else "zoom"
        print(f"planmap render {kind}\t{b['real_time']}")
PY
  for zoom in full zoom; do
    extra=()
    [ $zoom = zoom ] && extra=(--zoom-m 2000)
    /usr/bin/python3 scripts/qgis_render.py "$gpkg" rivers 1920 1080 "$RUNS" "${extra[@]}" \
      --out "$OUT/qgis-$zoom.png" 2>"$OUT/qgis.log" |
      /usr/bin/python3 -c "import json,sys; [print('qgis render $zoom\t%s' % t) for t in json.load(sys.stdin)['ms']]" >>"$OUT/runs.tsv"
  done
  # Import: into a fresh sample project (its codes HD-001.. do not meet the generated HD-000001..).
  target=$OUT/import.planmap
  rm -f "$target" "$target"-wal "$target"-shm
  "$CLI" sample "$target" >/dev/null
  t=$(ms "$CLI" import "$target" "$gpkg" --layer rivers --user planner1)
  record "planmap import" "$t"
  rm -f "$OUT/ogr.sqlite"
  t=$(ms ogr2ogr -f SQLite -dsco SPATIALITE=YES "$OUT/ogr.sqlite" "$gpkg")
  record "ogr2ogr import" "$t"
done

# Whole process: PlanMap and QGIS alternating, RUNS times a round; wall and CPU (user + sys) of each.
for n in $WHOLE_RIVERS; do
  wp=$OUT/rivers$n.planmap
  wg=$OUT/rivers$n.gpkg
  [ -f "$wp" ] || "$CLI" generate "$wp" --rivers "$n" >/dev/null
  [ -f "$wg" ] || "$CLI" export "$wp" --layer rivers --out "$wg" --format GPKG >/dev/null
  for round in $(seq "$ROUNDS"); do
    for run in $(seq "$RUNS"); do
      for who in planmap qgis; do
        if [ $who = planmap ]; then
          cmd=("$CLI" render "$wp" --out "$OUT/whole-planmap.png" --width 1920 --height 1080 --overwrite)
        else
          cmd=(/usr/bin/python3 scripts/qgis_render.py "$wg" rivers 1920 1080 0 --out "$OUT/whole-qgis.png")
        fi
        t0=$(date +%s%N)
        /usr/bin/time -f "%U %S" -o "$OUT/cpu.txt" "${cmd[@]}" >"$OUT/last.log" 2>&1 ||
          { echo "bench-vs-qgis.sh: '${cmd[*]}' failed:" >&2; tail -5 "$OUT/last.log" >&2; exit 1; }
        t1=$(date +%s%N)
        read -r u sys <<<"$(tail -1 "$OUT/cpu.txt")"
        record "$who whole $n wall" $(((t1 - t0) / 1000000))
        record "$who whole $n cpu" "$(/usr/bin/python3 -c "print(round(($u + $sys) * 1000))")"
      done
    done
    record "load whole $n" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done

/usr/bin/python3 - "$OUT/runs.tsv" $WHOLE_RIVERS <<'PY' | tee "$OUT/results.md"
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, ms = line.rstrip("\n").split("\t")
    runs.setdefault(name, []).append(float(ms))
med = {k: statistics.median(v) for k, v in runs.items()}
print("| measure | PlanMap median ms | QGIS / ogr2ogr median ms | ratio (other / PlanMap) | target |")
print("|---|---|---|---|---|")
rows = [("render full extent 1920×1080", "planmap render full", "qgis render full", "≥ 5×"),
        ("render 2 km × 2 km 1920×1080", "planmap render zoom", "qgis render zoom", "≥ 2×"),
        ("import GeoPackage → SpatiaLite", "planmap import", "ogr2ogr import", "≥ 1×")]
for n in sys.argv[2:]:
    target = "≥ 4×" if int(n) <= 50000 else "≥ 5×"
    for kind in ("wall", "cpu"):
        rows.append((f"whole process, {n} rivers, {kind} (render → PNG)", f"planmap whole {n} {kind}",
                     f"qgis whole {n} {kind}", target if kind == "wall" else "—"))
for label, ours, theirs, target in rows:
    a, b = med.get(ours), med.get(theirs)
    ratio = f"{b / a:.2f}×" if a and b else "—"
    n = len(runs.get(ours, []))
    print(f"| {label} (n={n}) | {a:.1f} | {b:.1f} | {ratio} | {target} |" if a and b else f"| {label} | — | — | — | {target} |")
loads = [v for k, vs in runs.items() if k.startswith("load") for v in vs]
if loads:
    print(f"\nLoad average (1 min) during the whole-process runs: {min(loads):.1f}–{max(loads):.1f} on {__import__('os').cpu_count()} cores.")
PY
