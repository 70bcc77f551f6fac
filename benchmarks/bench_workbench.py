#!/usr/bin/env python3
"""Workbench timings: coordinate conversion, from_buildings, grid polygons, the demo.

    python benchmarks/bench_workbench.py [--buildings 20000] [--points 1000000] [--skip-demo]

Prints one line per measurement (and the peak resident memory of this process).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd


def timed(label: str, action):
    start = time.perf_counter()
    result = action()
    print(f"{label:<58} {time.perf_counter() - start:8.3f} s")
    return result


def synthetic_buildings(n: int, seed: int = 0) -> pd.DataFrame:
    """n buildings in compounds of ~12 over a square about sqrt(n)*45 m wide, 30 communities,
    in Baidu coordinates around Hangzhou."""
    import gridgov as gg

    rng = np.random.default_rng(seed)
    compounds = max(1, n // 12)
    side = np.sqrt(n) * 45.0
    centres = rng.uniform(0, side, (compounds, 2))
    which = rng.integers(0, compounds, n)
    xy = centres[which] + rng.normal(0, 40, (n, 2))
    communities = np.minimum((centres[which, 0] / side * 6).astype(int), 5) * 5 + \
        np.minimum((centres[which, 1] / side * 5).astype(int), 4)
    lon, lat = gg.geo.from_local(xy[:, 0] - side / 2, xy[:, 1] - side / 2, 120.15, 30.28)
    blon, blat = gg.geo.from_wgs84(lon, lat, "bd09")
    return pd.DataFrame({"building": [f"B{i}" for i in range(n)], "community": [f"社区{c}" for c in communities],
                         "compound": [f"小区{c}" for c in which], "lon": blon, "lat": blat,
                         "households": rng.integers(10, 120, n)})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--buildings", type=int, default=20_000)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args(argv)
    import matplotlib

    matplotlib.use("Agg")
    import gridgov as gg

    rng = np.random.default_rng(1)
    lon = rng.uniform(119.5, 120.5, args.points)
    lat = rng.uniform(30.0, 31.0, args.points)
    g = timed(f"wgs84 -> gcj02, {args.points:,} points", lambda: gg.geo.wgs84_to_gcj02(lon, lat))
    timed(f"gcj02 -> wgs84 (exact inverse), {args.points:,} points", lambda: gg.geo.gcj02_to_wgs84(*g))
    b = timed(f"wgs84 -> bd09, {args.points:,} points", lambda: gg.geo.wgs84_to_bd09(lon, lat))
    timed(f"bd09 -> wgs84 (exact inverses), {args.points:,} points", lambda: gg.geo.bd09_to_wgs84(*b))
    timed(f"to_local (transverse Mercator), {args.points:,} points", lambda: gg.geo.to_local(lon, lat, 120.0, 30.5))

    frame = synthetic_buildings(args.buildings)
    households = int(frame["households"].sum())
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "buildings.csv")
        frame.to_csv(path, index=False, encoding="gbk")
        model = timed(f"from_buildings, GBK CSV, BD-09, {args.buildings:,} buildings / {households:,} households",
                      lambda: gg.from_buildings(path, crs="bd09"))
        timed("  the same without household nodes",
              lambda: gg.from_buildings(path, crs="bd09", expand_households=False))
    labels = gg.plot.building_table(model)["community"].to_numpy()
    timed(f"grid polygons (Voronoi, clip, dissolve), {args.buildings:,} buildings",
          lambda: gg.report.grid_polygons(model, labels))
    county = gg.datasets.seed_county(0)
    timed("grids.geojson of the built-in county", lambda: gg.report.grids_geojson(county))
    timed("grid map of the built-in county (render to PNG)",
          lambda: gg.plot.grid_map(county).figure.savefig(os.devnull, format="png", dpi=110))
    if not args.skip_demo:
        with tempfile.TemporaryDirectory() as out:
            timed("gridgov demo (fresh process, whole pipeline)",
                  lambda: subprocess.run([sys.executable, "-m", "gridgov.cli", "demo", "--out", out],
                                         check=True, capture_output=True))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak resident memory of this process':<58} {peak:8.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
