#!/usr/bin/env python3
"""Prints the Markdown table of scripts/bench.sh from OUT/<size>.json (Google Benchmark), OUT/cli.tsv
and OUT/<size>.gui.tsv (tests/bench/bench_gui: longest GUI-thread block and wall time per step)."""
import json
import os
import sys

out, sizes = sys.argv[1], sys.argv[2:]
rows = [
    ("BM_OpenFirstFrame", "open project → first frame (1920×1080)", "< 1000 ms (50k)"),
    ("BM_RenderFull", "full-extent render 1920×1080", "< 400 ms (1M)"),
    ("BM_RenderZoom2km", "render zoomed to 2 km × 2 km", ""),
    ("BM_PanStep", "pan step (canvas frame)", "< 16 ms"),
    ("BM_RollupByVillage", "roll-up, every target, town-wide + by village", "< 100 ms (50k)"),
    ("BM_RollupByVillageAsOf", "same, as of 2020-08-22 (mid-history)", "< 100 ms (50k)"),
    ("BM_RollupModelBuild", "roll-up model read from the project (once per open)", ""),
    ("BM_RollupFromStore", "roll-up re-read from the store each time (computeRollup)", ""),
    ("BM_MarkStretch", "mark one stretch (event written + roll-up)", ""),
]
results, counters = {}, {}
for size in sizes:
    path = os.path.join(out, size + ".json")
    if not os.path.exists(path):
        continue
    for b in json.load(open(path))["benchmarks"]:
        name = b["name"].split("/")[0]
        results[(size, name)] = b["real_time"]
        counters.setdefault(size, {}).update({k: b[k] for k in ("features", "vertices", "peak_rss_mb") if k in b})

def ms(v):
    return "—" if v is None else (f"{v:.1f}" if v < 100 else f"{v:.0f}")

print("| measure (ms, median/mean of runs) | " + " | ".join(sizes) + " | target |")
print("|---|" + "---|" * len(sizes) + "---|")
print("| features / vertices | " + " | ".join(
    f"{int(counters.get(s, {}).get('features', 0)):,} / {int(counters.get(s, {}).get('vertices', 0)):,}" for s in sizes) + " | |")
for key, label, target in rows:
    print(f"| {label} | " + " | ".join(ms(results.get((s, key))) for s in sizes) + f" | {target} |")
print("| peak RSS in bench_scale (MB) | " + " | ".join(
    f"{counters.get(s, {}).get('peak_rss_mb', 0):.0f}" for s in sizes) + " | < 1.5×coords+200 MB (1M) |")
cli = {}
for line in open(os.path.join(out, "cli.tsv")):
    size, name, secs, mb = line.rstrip("\n").split("\t")
    cli[(size, name)] = (float(secs), int(mb))
for name in dict.fromkeys(n for (_, n) in cli):
    print(f"| CLI {name}: s (peak RSS MB) | " + " | ".join(
        f"{cli[(s, name)][0]:.2f} ({cli[(s, name)][1]})" if (s, name) in cli else "—" for s in sizes) + " | |")
for s in sizes:
    v = counters.get(s, {}).get("vertices")
    if v:
        print(f"\ncoordinate bytes {s}: {v * 16 / 1e6:.0f} MB (16 B per vertex); memory target "
              f"{1.5 * v * 16 / 1e6 + 200:.0f} MB", end="")
print()
# bench_gui: the real window's session, per step the longest GUI-thread block and the wall time
# until the view was up to date ("block ms / wall ms"); target: no block over 50 ms.
gui, steps = {}, []
for s in sizes:
    path = os.path.join(out, s + ".gui.tsv")
    if not os.path.exists(path):
        continue
    for line in open(path):
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 4 or parts[0] != "gui":
            continue
        gui[(s, parts[1])] = (float(parts[2]), float(parts[3]))
        if parts[1] not in steps:
            steps.append(parts[1])
if steps:
    print("\n| GUI session (bench_gui): longest GUI-thread block ms / wall until up to date ms | " +
          " | ".join(sizes) + " | target |")
    print("|---|" + "---|" * len(sizes) + "---|")
    for step in steps:
        print(f"| {step} | " + " | ".join(
            f"{gui[(s, step)][0]:.0f} / {gui[(s, step)][1]:.0f}" if (s, step) in gui else "—" for s in sizes) +
              " | block < 50 ms |")
