"""Timing of grids on the model (issue 3 §3): draw_grids, GridPlan.apply and assign_workers on
the built-in county; then (issue 13 §3) draw_grids over a synthetic city at 1 and 2 threads.

Run from the repository root against a build:
    GRIDGOV_CORE_DIR=build/grids/python/gridgov PYTHONPATH=python .venv/bin/python benchmarks/bench_grids.py \
        [--city 1000] [--threads 1,2]

The city is ``gg.datasets.city_buildings(communities, seed=0)`` (1,000 communities: about 52,600
buildings, 4.1 million households, 10,000 grids in the 300-500 household band), imported with
``gg.from_buildings``. Each thread count runs in a fresh process, so that its peak resident
memory is its own: the draw's wall and CPU time, the process's peak before and after the draw,
the grids, the share of them in the band, the communities with a caveat, and a digest of the
plan's labels (the same digest at every thread count: the plan does not depend on it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
import warnings

import gridgov as gg


def timed(label: str, fn, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = fn()
        best = min(best, time.process_time() - start)
    print(f"{label:<48} {best:8.3f} s CPU (best of {repeat})")
    return result


def city_child(communities: int, threads: int) -> None:
    """One draw of the synthetic city in this process; prints its figures as JSON."""
    model = gg.from_buildings(gg.datasets.city_buildings(communities, seed=0), crs="bd09")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    wall, cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gg.InfeasibleWarning)
        plan = gg.draw_grids(model, threads=threads)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    q = plan.quality.loc["overall"]
    print(json.dumps({
        "threads": threads, "buildings": int(len(plan.labels)), "wall": wall, "cpu": cpu,
        "peak_before": before, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "grids": plan.grid_count(), "in_band": float(q["in_band"]), "caveats": len(plan.warnings),
        "disconnected": int(q["disconnected_grids"]),
        "digest": hashlib.sha256("\n".join(plan.labels.tolist()).encode()).hexdigest()[:16],
    }))


def city(communities: int, threads: list) -> None:
    print(f"\ndraw_grids over city_buildings({communities}, seed=0), one fresh process per thread count:")
    rows = []
    for t in threads:
        out = subprocess.run([sys.executable, __file__, "--city-child", str(communities), str(t)],
                             check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    print("| threads | buildings | grids | in the band | caveats | disconnected | draw wall | draw CPU | peak before / after the draw | plan digest |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['threads']} | {r['buildings']:,} | {r['grids']:,} | {r['in_band']:.1%} | {r['caveats']:,} | "
              f"{r['disconnected']} | {r['wall']:.2f} s | {r['cpu']:.2f} s | {r['peak_before']:,.0f} / {r['peak']:,.0f} MiB | "
              f"{r['digest']} |")
    same = len({r["digest"] for r in rows}) == 1
    print(f"same plan at every thread count: {'yes' if same else 'NO'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--city", type=int, default=1000, help="communities in the synthetic city (0: skip it)")
    ap.add_argument("--threads", default="1,2", help="thread counts for the city's draw")
    ap.add_argument("--skip-county", action="store_true")
    ap.add_argument("--city-child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.city_child:
        city_child(*args.city_child)
        return
    if not args.skip_county:
        county_steps()
    if args.city:
        city(args.city, [int(t) for t in args.threads.split(",")])


def county_steps() -> None:
    county = gg.datasets.seed_county(0)
    warnings.simplefilter("ignore", gg.InfeasibleWarning)
    plan = timed("draw_grids(county, k=238)", lambda: gg.draw_grids(county, k=238))
    q = plan.quality.loc["overall"]
    print(f"    {int(q['grids'])} grids, workload ratio {q['min_ratio']:.3f}-{q['max_ratio']:.3f}, "
          f"households {q['households_min']:.0f}-{q['households_max']:.0f}, {len(plan.moved)} buildings move, "
          f"{int(q['disconnected_grids'])} disconnected")
    band = timed("draw_grids(county)  (band 300-500)", lambda: gg.draw_grids(county))
    q = band.quality.loc["overall"]
    print(f"    {int(q['grids'])} grids, households {q['households_min']:.0f}-{q['households_max']:.0f}, "
          f"in band {q['in_band']:.0%}")
    applied = timed("GridPlan.apply()  (band plan)", band.apply)
    result = timed("assign_workers(applied)", lambda: gg.assign_workers(applied))
    print(result.report.round(1).to_string())


if __name__ == "__main__":
    main()
