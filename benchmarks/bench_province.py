#!/usr/bin/env python3
"""A province on Dask (issue 14 §2-3): many counties drawn and simulated, serially and with
``gridgov.distributed`` on a LocalCluster, and a staffing sweep on the reference county.

    python benchmarks/bench_province.py [--counties 100] [--workers 2] [--seeds 20] [--work DIR]

Part 1, the province: ``gg.datasets.seed_county(s)`` for s = 0 .. counties-1 (61,880 households
each: 100 counties are 6.19 million households), saved as model files (set-up, timed apart).
Then per county: load, ``draw_grids`` (300-500 households, tol 0.05), ``GridPlan.apply``, save
(``gg.distributed.draw``), and one simulated month of the redrawn county (30 days, seed 0;
``gg.distributed.sweep``). Three ways, each in a fresh process:

* serial: ``client="serial"`` (one process, the core single-threaded: threads=1);
* serial, the core's threads: ``client="serial"`` with draw_grids and simulate on every core
  (the core runs a county's communities in parallel): the one-machine peer without Dask;
* Dask: a ``LocalCluster`` of ``--workers`` processes, one thread each (its start, with the
  workers importing gridgov, timed apart), the same calls with ``client=``.

Each gives its wall time, CPU time, and peak resident memory: the serial process's, and each
Dask worker process's (and the client process holding the scheduler). Parallel efficiency =
serial time / (workers x Dask time). The tables of the three are checked equal.

Part 2, the sweep: the reference county (seed 0), 10 staffing scenarios (part-time workers
scaled, full-time workers per grid 0 or 2, flat part-time counts) x ``--seeds`` seeds, a 30-day
month each: serially and on the cluster; the summary's on-time closure rate and grid
utilisation per scenario are printed.

``--skip-serial`` runs only the Dask side (for a larger province once the serial figures are
known). The figures and the projection to a larger cluster are in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker_usage() -> dict:
    """A worker process's peak memory and CPU seconds (run on each worker by client.run)."""
    return {"peak_mib": peak_mib(), "cpu_seconds": cpu_seconds()}


def warm_up() -> None:
    """Imports gridgov on a worker (run by client.run with the cluster's start)."""
    import gridgov  # noqa: F401


def staffing_scenarios(county) -> dict:
    """Ten staffing what-ifs for the reference county, as grid code -> counts."""
    import gridgov as gg

    today = gg.simulate(county, days=1, seed=0, threads=1).grids
    today = today[today["grid"].isin(county.codes(county.nodes("grid", "residential")))]
    grids = list(zip(today["grid"], today["fulltime"].astype(int), today["parttime"].astype(int)))

    def scaled(factor: float, fulltime=None) -> dict:
        return {g: {"fulltime": ft if fulltime is None else fulltime, "parttime": max(0, round(pt * factor))}
                for g, ft, pt in grids}

    def flat(parttime: int) -> dict:
        return {g: {"fulltime": 1, "parttime": parttime} for g, _, _ in grids}

    return {
        "today": {},
        "part-time x0.5": {"staffing": scaled(0.5)},
        "part-time x0.75": {"staffing": scaled(0.75)},
        "part-time x1.25": {"staffing": scaled(1.25)},
        "part-time x1.5": {"staffing": scaled(1.5)},
        "2 full-time per grid": {"staffing": scaled(1.0, fulltime=2)},
        "no full-time": {"staffing": scaled(1.0, fulltime=0)},
        "1 + 5 part-time": {"staffing": flat(5)},
        "1 + 10 part-time": {"staffing": flat(10)},
        "1 + 15 part-time": {"staffing": flat(15)},
    }


def run_side(mode: str, work: Path, counties: int, workers: int, seeds: int) -> dict:
    """One side of the comparison, in this (fresh) process; returns its figures as a dict."""
    import gridgov as gg
    from gridgov import distributed as ggd

    files = [str(work / "counties" / f"county{s:03d}.ggm") for s in range(counties)]
    out = work / f"drawn-{mode}"
    threads = 0 if mode == "threads" else 1
    figures: dict = {"mode": mode}
    client, cluster = "serial", None
    if mode == "dask":
        import distributed

        start = time.perf_counter()
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                           dashboard_address=":0")
        client = distributed.Client(cluster)
        client.wait_for_workers(workers)
        client.run(warm_up)  # as this process has imported gridgov before its clock starts
        figures["cluster_start_s"] = time.perf_counter() - start
    try:
        wall, cpu = time.perf_counter(), cpu_seconds()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            drawn = ggd.draw(files, client=client, out=out, threads=threads, progress=False)
        figures["draw_s"] = time.perf_counter() - wall
        month_wall = time.perf_counter()
        month = ggd.sweep(list(drawn.counties["output"]), {"month": {}}, seeds=[0], days=30, client=client,
                          threads=threads, progress=False)
        figures["month_s"] = time.perf_counter() - month_wall
        figures["province_s"] = time.perf_counter() - wall
        figures["draw_task_mean_s"] = float(drawn.timings["seconds"].mean())
        figures["month_task_mean_s"] = float(month.timings["seconds"].mean())
        figures["failed"] = int((drawn.counties["error_type"] != "").sum() + (month.table["error_type"] != "").sum())
        figures["grids"] = int(drawn.counties["grids"].sum())
        figures["events"] = int(month.table["events"].sum())
        figures["households"] = counties * 61_880

        reference = gg.datasets.seed_county(0)
        scenarios = staffing_scenarios(reference)
        wall = time.perf_counter()
        swept = ggd.sweep({"reference county": reference}, scenarios, seeds=seeds, days=30, client=client,
                          threads=threads, progress=False)
        figures["sweep_s"] = time.perf_counter() - wall
        figures["sweep_runs"] = len(swept.table)
        figures["sweep_task_mean_s"] = float(swept.timings["seconds"].mean())
        figures["cpu_s"] = cpu_seconds() - cpu
        figures["peak_mib"] = peak_mib()
        if mode == "dask":
            usage = client.run(worker_usage)
            figures["workers"] = {address: usage[address] for address in sorted(usage)}
            figures["cpu_s"] += sum(u["cpu_seconds"] for u in usage.values())
        tables = {"draw": drawn.counties.drop(columns="output"), "month": month.table.drop(columns="model"),
                  "sweep": swept.table}
        for name, table in tables.items():
            table.to_pickle(work / f"{name}-{mode}.pkl")
        keep = ["scenario", "indicator", "mean", "ci_low", "ci_high"]
        summary = swept.summary[swept.summary["indicator"].isin(["on_time_closure_rate", "grid_utilisation_mean",
                                                                 "closed_in_grid_share"])][keep]
        figures["sweep_summary"] = summary.to_dict("records")
    finally:
        if cluster is not None:
            client.close()
            cluster.close()
    return figures


def generate(work: Path, counties: int) -> float:
    import gridgov as gg

    folder = work / "counties"
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for s in range(counties):
        path = folder / f"county{s:03d}.ggm"
        if not path.exists():
            gg.datasets.seed_county(s).save(path)
    return time.perf_counter() - start


def side(mode: str, args: argparse.Namespace, work: Path) -> dict:
    command = [sys.executable, __file__, "--side", mode, "--work", str(work), "--counties", str(args.counties),
               "--workers", str(args.workers), "--seeds", str(args.seeds)]
    result = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(results: dict, args: argparse.Namespace) -> None:
    import pandas as pd

    serial = results.get("serial")
    print(f"\nProvince: {args.counties} counties, {args.counties * 61_880:,} households; "
          f"{results['dask']['grids']:,} grids drawn, {results['dask']['events']:,} events in the month")
    print(f"{'side':<28} {'draw s':>8} {'month s':>8} {'province s':>10} {'sweep s':>8} {'CPU s':>8} {'peak MiB':>9}")
    for mode, label in (("serial", "serial (threads=1)"), ("threads", "serial, core threads"),
                        ("dask", f"Dask, {args.workers} workers")):
        if mode not in results:
            continue
        r = results[mode]
        peak = max([w["peak_mib"] for w in r.get("workers", {}).values()] or [r["peak_mib"]])
        print(f"{label:<28} {r['draw_s']:8.1f} {r['month_s']:8.1f} {r['province_s']:10.1f} {r['sweep_s']:8.1f} "
              f"{r['cpu_s']:8.1f} {peak:9.0f}")
    dask = results["dask"]
    print(f"Dask cluster start {dask['cluster_start_s']:.1f} s; client process (scheduler) peak {dask['peak_mib']:.0f} MiB; "
          "workers: " + ", ".join(f"{w['peak_mib']:.0f} MiB / {w['cpu_seconds']:.0f} CPU s" for w in dask["workers"].values()))
    print(f"mean task: draw {dask['draw_task_mean_s']:.2f} s, month {dask['month_task_mean_s']:.2f} s, "
          f"sweep run {dask['sweep_task_mean_s']:.2f} s (on the workers, loading included)")
    if serial:
        for what in ("province_s", "sweep_s"):
            speedup = serial[what] / dask[what]
            print(f"{what[:-2]}: speed-up {speedup:.2f}x, parallel efficiency {speedup / args.workers:.0%}")
    summary = pd.DataFrame(dask["sweep_summary"])
    wide = summary.pivot_table(index="scenario", columns="indicator", values="mean", sort=False)
    ci = summary.assign(ci=(summary["ci_high"] - summary["ci_low"]) / 2).pivot_table(index="scenario", columns="indicator",
                                                                                      values="ci", sort=False)
    print("\nSweep (means over seeds, ± half the 95 % confidence interval):")
    for scenario in wide.index:
        cells = [f"{c} {wide.loc[scenario, c]:.3f} ± {ci.loc[scenario, c]:.3f}" for c in wide.columns]
        print(f"  {scenario:<22} " + "; ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counties", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--work", help="folder for the county files (kept; default a temporary folder)")
    parser.add_argument("--skip-serial", action="store_true", help="run the Dask side only")
    parser.add_argument("--side", choices=["serial", "threads", "dask"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:  # one side, in its own process: figures as JSON on the last line
        print(json.dumps(run_side(args.side, Path(args.work), args.counties, args.workers, args.seeds)))
        return 0
    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        load = os.getloadavg()[0]
        seconds = generate(work, args.counties)
        print(f"set-up: {args.counties} counties generated and saved in {seconds:.0f} s "
              f"(load average {load:.1f} at the start, {os.cpu_count()} cores)", flush=True)
        results = {}
        for mode in ("dask",) if args.skip_serial else ("serial", "threads", "dask"):
            results[mode] = side(mode, args, work)
            print(f"  {mode}: province {results[mode]['province_s']:.1f} s, sweep {results[mode]['sweep_s']:.1f} s",
                  flush=True)
        for name in ("draw", "month", "sweep"):
            tables = [pd.read_pickle(work / f"{name}-{mode}.pkl") for mode in results]
            for other in tables[1:]:
                pd.testing.assert_frame_equal(tables[0], other)
        if len(results) > 1:
            print("the serial, threaded and Dask tables are equal")
        report(results, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
