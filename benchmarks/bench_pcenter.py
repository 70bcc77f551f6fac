"""p-center on OR-Library pmed instances against the optima of pcenter_opt.txt (issue 4 §4).

    .venv/bin/python benchmarks/bench_pcenter.py [--from 32] [--to 40]

Each instance's cost matrix is built as the OR-Library README prescribes (gg.orlib_pmed_costs:
last duplicate edge wins, then all-pairs shortest paths); the matrix build is not timed.
Times are CPU seconds of this process (time.process_time).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import gridgov as gg

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "coverage" / "orlib_pmed"


def optima() -> dict[str, float]:
    out = {}
    for line in (DATA / "pcenter_opt.txt").read_text().split("\n"):
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0]] = float(parts[-1])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="first", type=int, default=1)
    ap.add_argument("--to", dest="last", type=int, default=40)
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} not found")
        return
    best = optima()
    print(f"{'instance':10}{'n':>5}{'p':>5}{'optimum':>9}{'gridgov':>9}{'gap':>6}{'proven':>8}{'cpu s':>8}")
    for i in range(args.first, args.last + 1):
        name = f"pmed{i}"
        path = DATA / f"{name}.txt"
        if not path.exists():
            continue
        cost, p = gg.orlib_pmed_costs(path)
        t = time.process_time()
        result = gg.p_center(cost, p)
        cpu = time.process_time() - t
        opt = best.get(name, float("nan"))
        print(f"{name:10}{cost.shape[0]:5}{p:5}{opt:9.0f}{result.objective:9.0f}"
              f"{'' if result.gap is None else f'{result.gap:6.3f}':>6}{'yes' if result.gap == 0 else 'no':>8}{cpu:8.2f}",
              flush=True)


if __name__ == "__main__":
    main()
