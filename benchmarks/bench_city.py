#!/usr/bin/env python3
"""A city end to end (issue 14 §3): a buildings table through ``from_buildings``, ``draw_grids``,
``GridPlan.apply``, ``assign_workers``, a simulated week, ``evaluate`` and the planner's report,
with the wall time, CPU time and the process's peak memory after each step.

    python benchmarks/bench_city.py [--communities 1000] [--seed 0] [--days 7] [--threads 0]

The input is ``gg.datasets.city_buildings(communities, seed)`` written to a CSV file, as a
planner's export arrives (districts, streets, communities and compounds by name, no codes, Baidu
BD-09 coordinates; 1,000 communities are about 51,000 buildings and 4.1 million households, ten
districts). Steps run in order in one process; the memory column is the peak resident set of the
process up to the end of the step (``ru_maxrss``), so it only grows.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import warnings
from pathlib import Path


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communities", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--days", type=int, default=7, help="simulated days (a week keeps the run short)")
    parser.add_argument("--threads", type=int, default=0, help="draw_grids threads (0: one per core)")
    args = parser.parse_args()

    import matplotlib

    matplotlib.use("Agg")
    import gridgov as gg

    rows = []

    def step(name: str, action):
        wall, cpu = time.perf_counter(), cpu_seconds()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", gg.InfeasibleWarning)  # a city's caveats: counted below
            result = action()
        rows.append((name, time.perf_counter() - wall, cpu_seconds() - cpu, peak_mib()))
        print(f"  {name:<28} {rows[-1][1]:7.2f} s wall {rows[-1][2]:7.2f} s CPU  peak {rows[-1][3]:7.0f} MiB", flush=True)
        return result

    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "city.csv"
        table = gg.datasets.city_buildings(args.communities, seed=args.seed)
        table.to_csv(csv, index=False)
        print(f"city_buildings({args.communities}, seed={args.seed}): {len(table):,} buildings, "
              f"{int(table['households'].sum()):,} households, {table['district'].nunique()} districts, "
              f"{table['street'].nunique()} streets; CSV {csv.stat().st_size / 2**20:.0f} MiB")
        model = step("from_buildings (CSV)", lambda: gg.from_buildings(csv, crs="bd09"))
        plan = step("draw_grids", lambda: gg.draw_grids(model, threads=args.threads))
        applied = step("GridPlan.apply", plan.apply)
        staffed = step("assign_workers", lambda: gg.assign_workers(applied).model)
        week = step(f"simulate ({args.days} days)", lambda: gg.simulate(staffed, days=args.days, seed=args.seed))
        evaluation = step("evaluate", lambda: gg.evaluate(week.events, week.transitions, model=staffed))
        out = Path(tmp) / "report"
        written = step("planner_report", lambda: gg.report.planner_report(staffed, out, simulation=week,
                                                                        evaluation=evaluation))
        html_mib = Path(written["report"]).stat().st_size / 2**20
        quality = plan.quality.loc["overall"]
        print(f"grids {plan.grid_count():,}; in the band {quality['in_band']:.1%}; communities with a caveat "
              f"{len(plan.warnings):,} of {len(plan.quality) - 1:,}; {len(week.events):,} events; report.html "
              f"{html_mib:.1f} MiB, {len(written)} files")
    total_wall = sum(r[1] for r in rows)
    print(f"total {total_wall:.1f} s wall, {sum(r[2] for r in rows):.1f} s CPU, peak {max(r[3] for r in rows):.0f} MiB")


if __name__ == "__main__":
    main()
