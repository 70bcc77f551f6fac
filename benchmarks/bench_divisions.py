"""Issue 2 §5: China's statistical divisions (663,128 rows) as a model, against networkx.

Both sides start from the same preloaded DataFrame (reading the .xz file is not timed) and
answer the same question: how many villages/communities (level 5) lie under every county
(level 3). Building and the query are timed separately; each side runs in its own process so
its peak memory (VmHWM) is its own. The answers are checked equal.

networkx answers the query two ways (issue 17, item 8), each in its own process:
- per county: ``nx.descendants`` once per county, the level of each descendant looked up;
- one pass: every node's count of level-5 nodes below it, pushed up the parent arcs
  (``g.pred``) deepest level first (the levels are a topological order of the tree), read off
  at the counties: what gridgov's ``count_descendants`` computes, all subtree counts at once.
  Of the one-pass forms tried this was the fastest (best of 3, load average 2.7 on 2 cores:
  levels first 1.03 s; one BFS from the roots with the counts added up its edges in reverse
  2.44 s; ``nx.dfs_postorder_nodes`` with sums over successors 2.02 s; a reverse
  ``nx.topological_sort`` 7.5 s under heavier load).

The per-county form is not quadratic here: counties' subtrees are disjoint, so its
``nx.descendants`` calls together walk each node below a county once, as the one pass does,
and the one pass also counts every street and city. The one pass is what a networkx user
would write to answer the query for every node; the like-for-like figure of the whole job is
build + query (with networkx's faster query), printed among the ratios.

Every time is wall clock (``time.perf_counter``), the best of ``--repeat`` runs, on every side.

    .venv/bin/python benchmarks/bench_divisions.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "divisions" / "divisions_2021.csv.xz"
LEVEL_KIND = {"1": "province", "2": "city", "3": "county", "4": "street", "5": "community"}


def rss_peak_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def rss_now_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def load_frame():
    import pandas as pd

    return pd.read_csv(DATA, dtype=str, keep_default_na=False)


def run_gridgov(repeat: int) -> dict:
    import numpy as np
    import pandas as pd

    import gridgov as gg

    df = load_frame()
    nodes = pd.DataFrame({"code": df["code"], "parent": df["parent_code"],
                          "kind": df["level"].map(LEVEL_KIND), "name": df["name"]})
    base = rss_now_kb()
    builds, queries = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        model = gg.Model.from_frame(nodes)
        builds.append(time.perf_counter() - t)
        t = time.perf_counter()
        counts = model.count_descendants("community")
        counties = model.nodes("county")
        answer = counts[counties]
        queries.append(time.perf_counter() - t)
    codes = model.codes(counties)
    result = dict(zip(codes, answer.tolist()))
    total = model.memory_bytes()
    strings = model._core.string_bytes()
    return {
        "build_s": min(builds), "query_s": min(queries), "nodes": model.size,
        "bytes_per_node_beyond_strings": (total - strings) / model.size,
        "bytes_per_node_total": total / model.size,
        "peak_rss_mb_over_frame": (rss_peak_kb() - base) / 1024,
        "checksum": sum(result.values()), "answer": result,
    }


def per_county(nx, g, codes, levels) -> dict:
    """nx.descendants once per county."""
    result = {}
    for c, lv in zip(codes, levels):
        if lv == "3":
            result[c] = sum(1 for d in nx.descendants(g, c) if g.nodes[d]["level"] == 5)
    return result


def one_pass(nx, g, codes, levels) -> dict:
    """Every node's count of level-5 nodes below it in one pass, read at the counties."""
    level = nx.get_node_attributes(g, "level")
    below = {v: int(lv == 5) for v, lv in level.items()}
    pred = g.pred
    for v in sorted(level, key=level.__getitem__, reverse=True):  # children before parents
        count = below[v]
        if count:
            for p in pred[v]:
                below[p] += count
    return {c: below[c] for c, lv in zip(codes, levels) if lv == "3"}


def run_networkx(repeat: int, query) -> dict:
    import networkx as nx

    df = load_frame()
    codes, levels, names, parents = (df[c].tolist() for c in ("code", "level", "name", "parent_code"))
    base = rss_now_kb()
    builds, queries = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        g = nx.DiGraph()
        g.add_nodes_from((c, {"level": int(lv), "name": n}) for c, lv, n in zip(codes, levels, names))
        g.add_edges_from((p, c) for c, p in zip(codes, parents) if p)
        builds.append(time.perf_counter() - t)
        t = time.perf_counter()
        result = query(nx, g, codes, levels)
        queries.append(time.perf_counter() - t)
    return {
        "build_s": min(builds), "query_s": min(queries), "nodes": g.number_of_nodes(),
        "peak_rss_mb_over_frame": (rss_peak_kb() - base) / 1024,
        "checksum": sum(result.values()), "answer": result,
    }


SIDES = {
    "gridgov": run_gridgov,
    "networkx": lambda repeat: run_networkx(repeat, per_county),
    "networkx-one-pass": lambda repeat: run_networkx(repeat, one_pass),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--side", choices=list(SIDES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} not found (the shared data lives beside the repository)")
        return
    if args.side:
        print(json.dumps(SIDES[args.side](args.repeat)))
        return
    results = {}
    for side in SIDES:
        proc = subprocess.run([sys.executable, __file__, "--side", side, "--repeat", str(args.repeat)],
                              capture_output=True, text=True, check=True, env=os.environ)
        results[side] = json.loads(proc.stdout.strip().splitlines()[-1])
    g, x, f = results["gridgov"], results["networkx"], results["networkx-one-pass"]
    assert g["answer"] == x["answer"] == f["answer"], "gridgov and networkx disagree"
    print(f"divisions_2021: {g['nodes']:,} nodes; villages under {len(g['answer']):,} counties "
          f"(total {g['checksum']:,}) — answers identical")
    print(f"wall clock (time.perf_counter), best of {args.repeat}; each side in its own process")
    print(f"{'':20}{'build s':>10}{'query s':>10}{'peak MB':>10}")
    for side, r in results.items():
        print(f"{side:20}{r['build_s']:10.3f}{r['query_s']:10.4f}{r['peak_rss_mb_over_frame']:10.1f}")
    print(f"ratio (networkx / gridgov): build {x['build_s'] / g['build_s']:.1f}x, "
          f"query {x['query_s'] / g['query_s']:.0f}x (nx.descendants per county), "
          f"{f['query_s'] / g['query_s']:.0f}x (one pass), "
          f"build + query {(x['build_s'] + min(x['query_s'], f['query_s'])) / (g['build_s'] + g['query_s']):.1f}x, "
          f"peak memory {x['peak_rss_mb_over_frame'] / max(g['peak_rss_mb_over_frame'], 1e-9):.1f}x")
    print(f"gridgov model: {g['bytes_per_node_beyond_strings']:.1f} bytes/node beyond the strings, "
          f"{g['bytes_per_node_total']:.1f} bytes/node in all")


if __name__ == "__main__":
    main()
