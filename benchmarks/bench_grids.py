"""Timing of grids on the model (issue 3 §3): draw_grids, GridPlan.apply and assign_workers on
the built-in county.

Run from the repository root against a build:
    GRIDGOV_CORE_DIR=build/grids/python/gridgov PYTHONPATH=python .venv/bin/python benchmarks/bench_grids.py
"""

from __future__ import annotations

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


def main() -> None:
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
