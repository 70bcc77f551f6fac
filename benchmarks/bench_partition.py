"""Side-by-side: gg.partition against METIS 5.1 k-way (default and -contig) on the same arrays.

Loads the networkx adjacency JSON graphs of ../shared/data/districting once into CSR arrays,
then partitions them with gridgov (through its binding) and with METIS_PartGraphKway (Debian's
libmetis, called in-process through its C API with ctypes on the very same arrays, population
as vertex weight), and reports time, max/min part weight over the ideal, cut edges and
disconnected parts, all measured by gg.partition_quality. Also a synthetic city of buildings
(a jittered grid graph with household counts) for the large-scale run.

Run from the repository root::

    GRIDGOV_CORE_DIR=build/balance/python/gridgov PYTHONPATH=python \
        .venv/bin/python benchmarks/bench_partition.py [--seeds 16] [--synthetic 1000000 --synthetic-k 10000]
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import json
import os
import resource
import sys
import time
import warnings
from pathlib import Path

import numpy as np

import gridgov.balance as gb

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "districting"
GRAPHS = [
    ("AR", "AR_bg2020_dualgraph.json", "tot_pop_20", (35, 100, 238)),
    ("PA", "PA_vtd2010_dualgraph.json", "POP100", (18, 203, 906)),
]

METIS_NOPTIONS = 40
METIS_OPTION_CONTIG = 11
METIS_OPTION_SEED = 8


def load_adjacency_json(path: Path, weight_key: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR (offsets int64, targets int32) and weights of a networkx adjacency_data JSON file."""
    data = json.loads(path.read_text())
    index = {node["id"]: i for i, node in enumerate(data["nodes"])}
    weights = np.array([float(node[weight_key]) for node in data["nodes"]])
    edges = np.array(
        [(i, index[nb["id"]]) for i, adj in enumerate(data["adjacency"]) for nb in adj if index[nb["id"]] > i],
        dtype=np.int64,
    )
    offsets, targets = gb.graph_to_csr(edges, len(weights))
    return offsets, targets, weights


class Metis:
    """METIS_PartGraphKway through ctypes (idx_t = int32, real_t = float32 on Debian)."""

    def __init__(self) -> None:
        name = ctypes.util.find_library("metis") or "libmetis.so.5"
        self.lib = ctypes.CDLL(name)
        self.lib.METIS_PartGraphKway.restype = ctypes.c_int
        self.lib.METIS_SetDefaultOptions.restype = ctypes.c_int

    def kway(self, offsets: np.ndarray, targets: np.ndarray, weights: np.ndarray, k: int, contig: bool,
             seed: int = 0) -> np.ndarray:
        n = len(offsets) - 1
        xadj = np.ascontiguousarray(offsets, dtype=np.int32)
        adjncy = np.ascontiguousarray(targets, dtype=np.int32)
        vwgt = np.ascontiguousarray(np.rint(weights), dtype=np.int32)
        part = np.zeros(n, dtype=np.int32)
        options = (ctypes.c_int32 * METIS_NOPTIONS)()
        self.lib.METIS_SetDefaultOptions(options)
        options[METIS_OPTION_SEED] = seed
        if contig:
            options[METIS_OPTION_CONTIG] = 1
        nv = ctypes.c_int32(n)
        ncon = ctypes.c_int32(1)
        nparts = ctypes.c_int32(k)
        objval = ctypes.c_int32(0)
        p = lambda a: a.ctypes.data_as(ctypes.POINTER(ctypes.c_int32))  # noqa: E731
        status = self.lib.METIS_PartGraphKway(
            ctypes.byref(nv), ctypes.byref(ncon), p(xadj), p(adjncy), p(vwgt), None, None, ctypes.byref(nparts),
            None, None, options, ctypes.byref(objval), p(part),
        )
        if status != 1:
            raise RuntimeError(f"METIS returned {status}")
        return part


def timed(fn, repeat: int):
    best = float("inf")
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def row(name: str, k: int, method: str, seconds: float, q: dict) -> str:
    return (
        f"| {name} | {k} | {method} | {seconds:.3f} | {q['max_ratio'][0]:.3f} | {q['min_ratio'][0]:.3f} | "
        f"{q['cut_edges']} | {q['disconnected_parts']} |"
    )


def synthetic_city(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A city of about n buildings: a grid graph with diagonals in one direction (planar,
    triangulated like a Delaunay mesh of a jittered grid) and 20-180 households per building."""
    side = int(np.ceil(np.sqrt(n)))
    rows = (n + side - 1) // side
    ids = np.arange(rows * side).reshape(rows, side)[:, :]
    right = np.stack([ids[:, :-1].ravel(), ids[:, 1:].ravel()], axis=1)
    down = np.stack([ids[:-1, :].ravel(), ids[1:, :].ravel()], axis=1)
    diag = np.stack([ids[:-1, :-1].ravel(), ids[1:, 1:].ravel()], axis=1)
    edges = np.concatenate([right, down, diag])
    edges = edges[(edges < n).all(axis=1)]
    rng = np.random.default_rng(seed)
    weights = rng.integers(20, 181, size=n).astype(np.float64)
    offsets, targets = gb.graph_to_csr(edges, n)
    return offsets, targets, weights


def real_graphs():
    """(name, ks, offsets, targets, weights) of every districting graph present in ../shared."""
    for name, file, key, ks in GRAPHS:
        path = DATA / file
        if not path.exists():
            print(f"skipping {name}: {path} is absent", file=sys.stderr)
            continue
        yield (name, ks, *load_adjacency_json(path, key))


def seed_sweep(seeds: int, tol: float) -> None:
    """gridgov with seeds 0 .. seeds-1 on every graph: plans within the bounds, time and cut."""
    print(f"\n| graph | k | seeds | within ±{tol:g} | seconds min / median / max | cut edges min / median / max |")
    print("|---|---|---|---|---|---|")
    for name, ks, offsets, targets, weights in real_graphs():
        graph = gb.Csr(offsets, targets)
        for k in ks:
            times, cuts, ok = [], [], 0
            for seed in range(seeds):
                t = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    lab = gb.partition(graph, weights, k, tol=tol, seed=seed, strict=False)
                times.append(time.perf_counter() - t)
                q = gb.partition_quality(graph, weights, lab, k)
                cuts.append(q["cut_edges"])
                ok += bool(q["disconnected_parts"] == 0 and q["max_ratio"][0] <= 1 + tol + 1e-9
                           and q["min_ratio"][0] >= 1 - tol - 1e-9)
            print(f"| {name} | {k} | {seeds} | {ok} | {min(times):.3f} / {np.median(times):.3f} / {max(times):.3f} | "
                  f"{min(cuts)} / {int(np.median(cuts))} / {max(cuts)} |", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs per cell")
    ap.add_argument("--tol", type=float, default=0.05)
    ap.add_argument("--synthetic", type=int, default=0, help="buildings in the synthetic city (0 = skip)")
    ap.add_argument("--synthetic-k", type=int, default=10000)
    ap.add_argument("--seeds", type=int, default=0,
                    help="also run gridgov with seeds 0 .. N-1 on every graph and k (one run each) and report "
                         "how many meet the bounds, with their times and cuts")
    args = ap.parse_args()
    metis = None
    try:
        metis = Metis()
    except OSError as e:  # pragma: no cover - depends on the machine
        print(f"METIS not available ({e}); gridgov only", file=sys.stderr)
    print("| graph | k | method | seconds | max ratio | min ratio | cut edges | disconnected parts |")
    print("|---|---|---|---|---|---|---|---|")
    for name, ks, offsets, targets, weights in real_graphs():
        for k in ks:
            cells = []
            if metis is not None:
                for contig in (False, True):
                    t, lab = timed(lambda: metis.kway(offsets, targets, weights, k, contig), args.repeat)
                    q = gb.partition_quality(gb.Csr(offsets, targets), weights, lab, k)
                    cells.append(row(name, k, "METIS k-way" + (" -contig" if contig else ""), t, q))
            t, lab = timed(
                lambda: gb.partition(gb.Csr(offsets, targets), weights, k, tol=args.tol, strict=False), args.repeat
            )
            q = gb.partition_quality(gb.Csr(offsets, targets), weights, lab, k)
            cells.append(row(name, k, f"gridgov tol {args.tol}", t, q))
            print("\n".join(cells), flush=True)
    if args.seeds:
        seed_sweep(args.seeds, args.tol)
    if args.synthetic:
        offsets, targets, weights = synthetic_city(args.synthetic)
        k = args.synthetic_k
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if metis is not None:
            t, lab = timed(lambda: metis.kway(offsets, targets, weights, k, False), 1)
            q = gb.partition_quality(gb.Csr(offsets, targets), weights, lab, k)
            print(row(f"city {args.synthetic:,}", k, "METIS k-way", t, q), flush=True)
        t, lab = timed(lambda: gb.partition(gb.Csr(offsets, targets), weights, k, tol=args.tol, strict=False), 1)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        q = gb.partition_quality(gb.Csr(offsets, targets), weights, lab, k)
        print(row(f"city {args.synthetic:,}", k, f"gridgov tol {args.tol}", t, q))
        print(f"\npeak RSS of the process: {peak / 1024:.0f} MiB (before the gridgov run: {before / 1024:.0f} MiB)")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
