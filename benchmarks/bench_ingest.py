#!/usr/bin/env python3
"""Importing a city's buildings: ``gg.from_buildings`` step by step, with peers beside its parts.

    python benchmarks/bench_ingest.py [--communities 1000] [--seed 0] [--old PYTHON_DIR:CORE_DIR]

The input is the synthetic city of ``gg.datasets.city_buildings(communities, seed)`` (districts,
streets and communities by name, no codes, Baidu BD-09 coordinates; 1,000 communities are about
51,000 buildings and 4.1 million households). Each import runs in a fresh process, so that its
peak resident memory is its own:

* ``dataframe``: ``from_buildings(frame, crs="bd09")``, the time of each step (reading the frame
  into columns in Python, then the C++ steps, as the progress callback reports them), the CPU
  time and the peak memory of the process;
* ``csv``: the same table from a GBK CSV file, as a planner's spreadsheet export arrives;
* ``district``: one district of the city (its communities, without the district and street
  columns: the largest table the importer before issue 14 accepts), so that ``--old`` can run
  the same table through an older build (e.g. commit 57b22ea, where the import was Python:
  ``PYTHON_DIR`` its ``python/`` folder, ``CORE_DIR`` the folder of its built ``_core``).

Peers beside the parts that have one, on the city's own points: pyproj's transverse Mercator
beside ``geo.to_local`` (GeographicLib) for the projection, and SciPy's Delaunay (Qhull) with its
edge list beside ``delaunay_adjacency`` (Boost.Polygon's Voronoi) for the triangulation.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class StepTimer:
    """The progress callback of from_buildings: wall time spent in each step."""

    def __init__(self) -> None:
        self.steps: dict = {}
        self.current = None
        self.started = time.perf_counter()

    def __call__(self, step: str, done: float) -> None:
        if step == self.current:
            return
        now = time.perf_counter()
        if self.current is not None:
            self.steps[self.current] = self.steps.get(self.current, 0.0) + now - self.started
        self.current, self.started = step, now


def district_table(frame):
    """The city's first district as a table the importer before issue 14 accepts."""
    first = frame[frame["district"] == frame["district"].iloc[0]]
    return first.drop(columns=["district", "street"]).reset_index(drop=True)


def child(scenario: str, source: str, crs: str) -> None:
    """One import in this process; prints a JSON line of its figures."""
    import pandas as pd

    import gridgov as gg

    if source.endswith(".pkl"):
        table = pd.read_pickle(source)
    else:
        table = source
    before_cpu = cpu_seconds()
    start = time.perf_counter()
    # An importer from before the progress function (--old, e.g. commit 57b22ea) takes a bool.
    timer = None if scenario.endswith("(old build)") else StepTimer()
    model = gg.from_buildings(table, crs=crs, progress=timer if timer else False)
    wall = time.perf_counter() - start
    summary = model.summary()
    print(json.dumps({
        "scenario": scenario, "wall_s": wall, "cpu_s": cpu_seconds() - before_cpu, "peak_mib": peak_mib(),
        "steps": timer.steps if timer else {}, "buildings": summary["buildings"],
        "households": summary["households"], "communities": summary["communities"],
    }))


def run_child(scenario: str, source: str, crs: str, env_extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env.update(env_extra or {})
    out = subprocess.run([sys.executable, __file__, "--child", scenario, source, crs], env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def timed(action, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def peers(frame) -> list:
    """The projection and the triangulation of the city's points, ours beside a peer's."""
    import numpy as np
    import pyproj
    from scipy.spatial import Delaunay

    import gridgov as gg
    from gridgov.buildings import delaunay_adjacency

    lon, lat = gg.geo.bd09_to_wgs84(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    lon0, lat0 = (lon.min() + lon.max()) / 2, (lat.min() + lat.max()) / 2
    n = len(lon)
    rows = []
    ours = timed(lambda: gg.geo.to_local(lon, lat, lon0, lat0))
    tm = pyproj.Transformer.from_crs("EPSG:4326", pyproj.CRS.from_proj4(
        f"+proj=tmerc +lat_0={lat0} +lon_0={lon0} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m"), always_xy=True)
    theirs = timed(lambda: tm.transform(lon, lat))
    x, y = gg.geo.to_local(lon, lat, lon0, lat0)
    px, py = tm.transform(lon, lat)
    rows.append((f"transverse Mercator, {n:,} points", "gg.geo.to_local (GeographicLib)", ours,
                 "pyproj tmerc", theirs, f"max difference {max(np.abs(x - px).max(), np.abs(y - py).max()):.1e} m"))

    def scipy_edges():
        tri = Delaunay(np.column_stack([x, y]))
        s = tri.simplices
        e = np.concatenate([s[:, [0, 1]], s[:, [1, 2]], s[:, [0, 2]]])
        e.sort(axis=1)
        return np.unique(e, axis=0)

    ours = timed(lambda: delaunay_adjacency(x, y, max_edge=1e12))
    theirs = timed(scipy_edges)
    edges, _, _ = delaunay_adjacency(x, y, max_edge=1e12)
    rows.append((f"Delaunay edges, {n:,} points", "delaunay_adjacency (Boost.Polygon Voronoi)", ours,
                 "scipy.spatial.Delaunay (Qhull) + edge list", theirs,
                 f"{len(edges):,} edges against {len(scipy_edges()):,}"))
    groups = frame["community"].to_numpy()
    ours = timed(lambda: delaunay_adjacency(x, y, groups))
    rows.append(("… with the cut-off and each community joined (what the import runs)",
                 "delaunay_adjacency(x, y, groups)", ours, "", float("nan"), ""))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communities", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--old", help="PYTHON_DIR:CORE_DIR of an older build, for the district table")
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    import gridgov as gg

    print(f"load average at the start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    start = time.perf_counter()
    frame = gg.datasets.city_buildings(args.communities, seed=args.seed)
    print(f"city_buildings({args.communities}, seed={args.seed}): {len(frame):,} buildings, "
          f"{int(frame['households'].sum()):,} households, {time.perf_counter() - start:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        pickled = os.path.join(tmp, "city.pkl")
        frame.to_pickle(pickled)
        csv = os.path.join(tmp, "city.csv")
        frame.to_csv(csv, index=False, encoding="gbk")
        district = os.path.join(tmp, "district.pkl")
        district_table(frame).to_pickle(district)
        results = [run_child("dataframe", pickled, "bd09"), run_child("csv", csv, "bd09"),
                   run_child("district", district, "bd09")]
        if args.old:
            python_dir, core_dir = args.old.split(":")
            results.append(run_child("district (old build)", district, "bd09",
                                     {"PYTHONPATH": python_dir, "GRIDGOV_CORE_DIR": core_dir}))
    print()
    print("| import | buildings | households | wall | CPU | peak memory |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['scenario']} | {r['buildings']:,} | {r['households']:,} | {r['wall_s']:.2f} s | "
              f"{r['cpu_s']:.2f} s | {r['peak_mib']:,.0f} MiB |")
    print()
    print("| step | " + " | ".join(r["scenario"] for r in results if r["steps"]) + " |")
    print("|---|" + "---|" * sum(1 for r in results if r["steps"]))
    steps = list(dict.fromkeys(s for r in results for s in r["steps"]))
    for step in steps:
        print(f"| {step} | " + " | ".join(f"{r['steps'].get(step, 0.0):.2f} s" for r in results if r["steps"]) + " |")
    if not args.skip_peers:
        print()
        print("| what | ours | time | peer | time | note |")
        print("|---|---|---|---|---|---|")
        for what, ours, t_ours, peer, t_peer, note in peers(frame):
            peer_time = "" if t_peer != t_peer else f"{t_peer:.3f} s"
            print(f"| {what} | {ours} | {t_ours:.3f} s | {peer} | {peer_time} | {note} |")


if __name__ == "__main__":
    main()
