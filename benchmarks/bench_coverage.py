"""Coverage benchmark, side by side in one run: gridgov against the published optima and against
PuLP + CBC, plus the scale runs of the radius matrix and of Model.reach.

    GRIDGOV_CORE_DIR=build/coverage/python/gridgov PYTHONPATH=python \
        .venv/bin/python benchmarks/bench_coverage.py [--quick] [--no-pulp] [--no-scale]

Reads ../shared/data/coverage (skips what is absent). Prints Markdown tables for RESULTS.md.
Times are CPU seconds (gridgov: this process; CBC: its child process), so that a loaded shared
machine does not distort the ratio.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import gridgov as gg

SKIP_PCENTER = False
PULP_INSTANCES = ["pmed10", "pmed20", "pmed30", "pmed40"]
CBC_TIME_LIMIT = 900  # seconds per CBC solve; a limit hit shows as status "Not Solved"/non-optimal
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "coverage"


def timed(f, *a, **k):
    """Result and CPU seconds of this process (gridgov is single-threaded; on a shared, loaded
    machine CPU time is the fair measure, wall time inflates with the load)."""
    t = time.process_time()
    r = f(*a, **k)
    return r, time.process_time() - t


def children_cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def cbc_solve(prob):
    """Solves with PuLP's CBC; returns CPU seconds of the CBC child process."""
    import pulp

    before = children_cpu()
    prob.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=CBC_TIME_LIMIT))
    return children_cpu() - before


def md(df: pd.DataFrame) -> str:
    """A Markdown table (no tabulate dependency)."""

    def cell(v):
        if isinstance(v, (float, np.floating)):
            return "" if np.isnan(v) else f"{v:.6g}"
        return str(v)

    lines = ["| " + " | ".join(map(str, df.columns)) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# ---- PuLP models (the peer) ------------------------------------------------------------------


def pulp_p_median(cost, p):
    import pulp

    n, m = cost.shape
    prob = pulp.LpProblem("pmedian", pulp.LpMinimize)
    y = [pulp.LpVariable(f"y{j}", cat="Binary") for j in range(m)]
    x = {(i, j): pulp.LpVariable(f"x{i}_{j}", lowBound=0, upBound=1) for i in range(n) for j in range(m)}
    prob += pulp.lpSum(cost[i, j] * x[i, j] for i in range(n) for j in range(m))
    for i in range(n):
        prob += pulp.lpSum(x[i, j] for j in range(m)) == 1
        for j in range(m):
            prob += x[i, j] <= y[j]
    prob += pulp.lpSum(y) == p
    t = cbc_solve(prob)
    return pulp.value(prob.objective), t, pulp.LpStatus[prob.status]


def pulp_mclp(cover_sets, w, p):
    import pulp

    n, m = len(cover_sets), max((max(s) for s in cover_sets if s), default=-1) + 1
    prob = pulp.LpProblem("mclp", pulp.LpMaximize)
    y = [pulp.LpVariable(f"y{j}", cat="Binary") for j in range(m)]
    z = [pulp.LpVariable(f"z{i}", lowBound=0, upBound=1) for i in range(n)]
    prob += pulp.lpSum(w[i] * z[i] for i in range(n))
    for i, s in enumerate(cover_sets):
        prob += z[i] <= pulp.lpSum(y[j] for j in s)
    prob += pulp.lpSum(y) == p
    t = cbc_solve(prob)
    return pulp.value(prob.objective), t, pulp.LpStatus[prob.status]


def pulp_lscp(cover_sets, m):
    import pulp

    prob = pulp.LpProblem("lscp", pulp.LpMinimize)
    y = [pulp.LpVariable(f"y{j}", cat="Binary") for j in range(m)]
    prob += pulp.lpSum(y)
    for s in cover_sets:
        prob += pulp.lpSum(y[j] for j in s) >= 1
    t = cbc_solve(prob)
    return pulp.value(prob.objective), t, pulp.LpStatus[prob.status]


def cover_lists(matrix, radius):
    return [list(matrix.indices[matrix.indptr[i]:matrix.indptr[i + 1]][matrix.data[matrix.indptr[i]:matrix.indptr[i + 1]] <= radius])
            for i in range(matrix.shape[0])]


# ---- sections --------------------------------------------------------------------------------


def orlib(quick: bool, with_pulp: bool):
    folder = DATA / "orlib_pmed"
    if not folder.is_dir():
        print("OR-Library data absent: skipped")
        return
    opt = dict(line.split() for line in (folder / "pmedopt.txt").read_text().splitlines()[1:] if line.strip())
    centre = dict(line.split() for line in (folder / "pcenter_opt.txt").read_text().splitlines() if line.strip())
    names = sorted(opt, key=lambda s: int(s[4:]))
    if quick:
        names = names[:10]
    rows = []
    for name in names:
        (cost, p), t_build = timed(gg.orlib_pmed_costs, folder / f"{name}.txt")
        pm, t_pm = timed(gg.p_median, cost, p)
        if SKIP_PCENTER:
            pc, t_pc = gg.LocationResult(np.zeros(0, np.int32), float("nan")), float("nan")
        else:
            pc, t_pc = timed(gg.p_center, cost, p)
        row = dict(instance=name, n=len(cost), p=p, opt=float(opt[name]), pmedian=pm.objective,
                   gap_pct=100 * (pm.objective - float(opt[name])) / float(opt[name]), proven=pm.gap == 0,
                   t_pmedian=t_pm, t_build=t_build, pcenter=pc.objective, pcenter_opt=float(centre[name]),
                   pcenter_ok=pc.objective == float(centre[name]), pcenter_proven=pc.gap == 0, t_pcenter=t_pc)
        if with_pulp and name in PULP_INSTANCES:
            obj, t_cbc, status = pulp_p_median(cost, p)
            row.update(cbc=obj, cbc_status=status, t_cbc=t_cbc, speedup=t_cbc / t_pm)
        rows.append(row)
        print(f"  {name}: pmedian {pm.objective:.0f} (opt {opt[name]}) {t_pm:.3f}s, pcenter {pc.objective:.0f} "
              f"(opt {centre[name]}) {t_pc:.2f}s" + (f", CBC {row['cbc']:.0f} {row['t_cbc']:.1f}s" if "cbc" in row else ""),
              file=sys.stderr, flush=True)
    df = pd.DataFrame(rows)
    print("\n### OR-Library p-median and p-center\n")
    print(md(df))
    print(f"\np-median: mean gap {df.gap_pct.mean():.4f} %, worst {df.gap_pct.max():.4f} %, proven optimal "
          f"{int(df.proven.sum())}/{len(df)}, slowest {df.t_pmedian.max():.3f} s ({df.loc[df.t_pmedian.idxmax(), 'instance']}), "
          f"mean {df.t_pmedian.mean():.3f} s")
    print(f"p-center: equal to pcenter_opt on {int(df.pcenter_ok.sum())}/{len(df)}, proven {int(df.pcenter_proven.sum())}/{len(df)}, "
          f"slowest {df.t_pcenter.max():.2f} s")


def sjc(quick: bool, with_pulp: bool):
    folder = DATA / "sjc_mclp"
    if not folder.is_dir():
        print("SJC data absent: skipped")
        return
    table = pd.read_csv(folder / "sjc_mclp_optima.csv")
    lscp_table = pd.read_csv(folder / "sjc_lscp_optima.csv")
    if quick:
        table = table[table.instance == "SJC324"]
        lscp_table = lscp_table[lscp_table.instance == "SJC324"]
    data = {}
    for name in table.instance.unique():
        raw = pd.read_csv(folder / f"{name}.txt", sep=r"\s+", skiprows=1, header=None)
        data[name] = (raw[[0, 1]].to_numpy(float), raw[2].to_numpy(float))
    rows = []
    for r in table.itertuples():
        xy, w = data[r.instance]
        matrix = gg.coverage_matrix(xy, xy, float(r.radius_m))
        res, t = timed(gg.mclp, matrix, r.radius_m, int(r.p), weights=w)
        row = dict(model="MCLP", instance=r.instance, radius=r.radius_m, p=r.p, opt=r.optimal_covered_demand,
                   gridgov=res.objective, bound=res.bound, proven=res.gap == 0, t=t)
        if with_pulp:
            obj, t_cbc, status = pulp_mclp(cover_lists(matrix, r.radius_m), w, int(r.p))
            row.update(cbc=obj, t_cbc=t_cbc, speedup=t_cbc / t)
        rows.append(row)
        print(f"  MCLP {r.instance} r={r.radius_m} p={r.p}: {res.objective:.0f} (opt {r.optimal_covered_demand}) "
              f"gap {res.gap:.2e} {t:.2f}s", file=sys.stderr, flush=True)
    for r in lscp_table.itertuples():
        xy, w = data[r.instance]
        matrix = gg.coverage_matrix(xy, xy, float(r.radius_m))
        res, t = timed(gg.lscp, matrix, r.radius_m)
        row = dict(model="LSCP", instance=r.instance, radius=r.radius_m, p=np.nan, opt=r.min_facilities,
                   gridgov=res.objective, bound=res.bound, proven=res.gap == 0, t=t)
        if with_pulp:
            obj, t_cbc, status = pulp_lscp(cover_lists(matrix, r.radius_m), len(xy))
            row.update(cbc=obj, t_cbc=t_cbc, speedup=t_cbc / t)
        rows.append(row)
        print(f"  LSCP {r.instance} r={r.radius_m}: {res.objective:.0f} (opt {r.min_facilities}) {t:.2f}s", file=sys.stderr, flush=True)
    df = pd.DataFrame(rows)
    df["optimal"] = df.gridgov == df.opt
    print("\n### São José dos Campos MCLP and LSCP\n")
    print(md(df))
    print(f"\nrows {len(df)}: optimum reached {int(df.optimal.sum())}, proven {int((df.optimal & df.proven).sum())}, "
          f"within 1 s {int((df.t <= 1).sum())}, slowest {df.t.max():.2f} s")
    if "speedup" in df:
        print(f"CBC time / gridgov time: median {df.speedup.median():.1f}x, min {df.speedup.min():.2f}x")


def spopt_sf():
    folder = DATA / "spopt_sf"
    if not folder.is_dir():
        print("spopt SF data absent: skipped")
        return
    long = pd.read_csv(folder / "SF_network_distance_candidateStore_16_censusTract_205_new.csv", dtype={"DestinationName": str})
    cost = long.pivot_table(index="DestinationName", columns="name", values="distance")
    cost = cost.sort_index(axis=0).reindex(sorted(cost.columns), axis=1)
    demand = pd.read_csv(folder / "SF_demand_205_centroid_uniform_weight.csv", dtype={"NAME": str}).sort_values("NAME")
    c, pop = cost.to_numpy(float), demand.POP2000.to_numpy(float)
    pm, t1 = timed(gg.p_median, c, 4, weights=pop)
    mc, t2 = timed(gg.mclp, c, 5000, 4, weights=pop)
    ls, t3 = timed(gg.lscp, c, 5000)
    pc, t4 = timed(gg.p_center, c, 4)
    rows = [
        ("p-median p=4 mean distance", 2982.1268579890657, pm.objective / pop.sum(), pm.sites.tolist(), t1),
        ("MCLP r=5000 p=4 covered population", 875247, mc.objective, mc.sites.tolist(), t2),
        ("MCLP uncovered tracts", 21, int((~mc.covered).sum()), "", t2),
        ("LSCP r=5000 sites", 8, ls.objective, ls.sites.tolist(), t3),
        ("p-center p=4 radius", 7403.0638, pc.objective, pc.sites.tolist(), t4),
    ]
    print("\n### spopt San Francisco\n")
    print(md(pd.DataFrame(rows, columns=["value", "spopt README", "gridgov", "sites", "seconds"])))


def scale():
    rng = np.random.default_rng(0)
    demand = rng.uniform(0, 50_000, (1_000_000, 2))
    sites = rng.uniform(0, 50_000, (2_000, 2))
    before = peak_rss_mb()
    wall = time.perf_counter()
    m, t = timed(gg.coverage_matrix, demand, sites, 1000.0)
    wall = time.perf_counter() - wall
    after = peak_rss_mb()
    print("\n### Scale\n")
    print(f"coverage_matrix 1,000,000 demands x 2,000 sites over 50 x 50 km, radius 1,000 m: {t:.2f} s CPU ({wall:.2f} s wall), "
          f"{m.nnz:,} entries, peak RSS {after:.0f} MB (inputs + result; {after - before:+.0f} MB during the call)")
    county = gg.datasets.seed_county(0)
    for metric in ("euclidean", "network"):
        r, t = timed(gg.reach, county, "service_station", 500, metric)
        shares = ", ".join(f"{row.circle} {100 * row.share:.1f} %" for row in r.life_circles.itertuples())
        print(f"reach on seed_county(0), {len(r.households):,} households, {metric}: {t:.3f} s ({shares}); "
              f"peak RSS {peak_rss_mb():.0f} MB")


def network():
    """The graph searches coverage runs through the traversal layer, beside scipy.sparse.csgraph's
    Dijkstra (C, Fibonacci heap) on the same arcs: the network radius matrix, the OR-Library
    all-pairs costs, reach over road links and the audit (grid connectivity)."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import dijkstra, shortest_path

    print("\n### Network searches (traversal layer)\n")
    rng = np.random.default_rng(0)
    side = 500
    idx = np.arange(side * side).reshape(side, side)
    a = np.r_[idx[:, :-1].ravel(), idx[:-1, :].ravel()]
    b = np.r_[idx[:, 1:].ravel(), idx[1:, :].ravel()]
    w = rng.uniform(60, 140, len(a))
    g = sp.csr_matrix((np.r_[w, w], (np.r_[a, b], np.r_[b, a])), shape=(side * side,) * 2)
    sites = rng.choice(side * side, 2000, replace=False)
    demand = np.arange(side * side)
    m, t = timed(gg.coverage_matrix, None, None, 1800.0, network=(g, demand, sites))
    print(f"network coverage_matrix, {side * side:,}-node street grid (60-140 m arcs) x 2,000 sites, r = 1,800 m: "
          f"{t:.3f} s CPU, {m.nnz:,} entries")
    few = sites[:100]
    m100, t_gg = timed(gg.coverage_matrix, None, None, 1800.0, network=(g, demand, few))
    d, t_sc = timed(dijkstra, g, directed=True, indices=few, limit=1800.0)
    same = np.array_equal(np.sort(np.isfinite(d).sum(axis=1)), np.sort(np.diff(m100.tocsc().indptr)))
    print(f"  the first 100 sites: gridgov {t_gg:.3f} s, scipy dijkstra(indices, limit) {t_sc:.3f} s "
          f"(dense 100 x {side * side:,} output), same reach per site: {same}")
    folder = DATA / "orlib_pmed"
    if folder.is_dir():
        names = sorted((f.stem for f in folder.glob("pmed*.txt") if f.stem[4:].isdigit()), key=lambda s: int(s[4:]))
        times = [timed(gg.orlib_pmed_costs, folder / f"{name}.txt")[1] for name in names]
        print(f"OR-Library costs (parse + all pairs), {len(names)} files: {sum(times):.2f} s CPU in all, "
              f"slowest {max(times):.3f} s ({names[int(np.argmax(times))]})")
        lines = (folder / "pmed40.txt").read_text().split("\n")
        n = int(lines[0].split()[0])
        e = np.array([[float(x) for x in ln.split()] for ln in lines[1:] if ln.strip()])
        ends = pd.DataFrame({"i": np.minimum(e[:, 0], e[:, 1]).astype(int) - 1, "j": np.maximum(e[:, 0], e[:, 1]).astype(int) - 1,
                             "c": e[:, 2]}).drop_duplicates(["i", "j"], keep="last")  # the file's later duplicates win
        graph = sp.csr_matrix((ends.c, (ends.i, ends.j)), shape=(n, n))
        (cost, _), t_gg = timed(gg.orlib_pmed_costs, folder / "pmed40.txt")
        full, t_sc = timed(shortest_path, graph, method="D", directed=False)
        print(f"  pmed40 (n = 900): gridgov {t_gg:.3f} s (with parsing), scipy shortest_path(method='D') {t_sc:.3f} s "
              f"(graph built beforehand); same matrix: {np.array_equal(cost, full)}")
    county = gg.datasets.seed_county(0)
    _, t = timed(gg.reach, county, "service_station", 500, "network")
    _, t_audit = timed(county.audit)
    print(f"reach on seed_county(0), network: {t:.3f} s; audit (15 rules, grid connectivity by components_per_part): "
          f"{t_audit:.4f} s")


def streets():
    """coverage_matrix over an OSMnx-shaped networkx street graph (MultiDiGraph, OSM-style int ids,
    x/y, `length`) beside networkx's own radius-limited Dijkstra from each site, on the same
    snapped nodes; and reach over the county's roads given as such a graph."""
    import networkx as nx

    print("\n### Street graphs (networkx / OSMnx-shaped)\n")
    rng = np.random.default_rng(0)
    side, spacing = 200, 100.0
    g = nx.MultiDiGraph()
    ids = 30_000_000_000 + np.arange(side * side) * 7
    xy = np.c_[np.tile(np.arange(side), side), np.repeat(np.arange(side), side)] * spacing + rng.normal(0, 10, (side * side, 2))
    g.add_nodes_from((int(v), {"x": float(x), "y": float(y)}) for v, (x, y) in zip(ids, xy))
    idx = np.arange(side * side).reshape(side, side)
    for a, b in ((idx[:, :-1].ravel(), idx[:, 1:].ravel()), (idx[:-1, :].ravel(), idx[1:, :].ravel())):
        length = np.hypot(*(xy[a] - xy[b]).T) * rng.uniform(1.0, 1.3, len(a))
        g.add_edges_from((int(ids[u]), int(ids[v]), {"length": float(w)}) for u, v, w in zip(a, b, length))
        g.add_edges_from((int(ids[v]), int(ids[u]), {"length": float(w)}) for u, v, w in zip(a, b, length))
    demand_xy = rng.uniform(0, side * spacing, (20_000, 2))
    site_xy = rng.uniform(0, side * spacing, (200, 2))
    for radius in (1_000.0, 3_000.0):
        streets_row(g, demand_xy, site_xy, radius, side)
    # reach: the county's road links handed over as an OSMnx-shaped graph (lon/lat, placed by the
    # model's origin), beside networkx's multi-source Dijkstra from the stations' nodes.
    from gridgov import geo

    county = gg.datasets.seed_county(0)
    links = county.links_frame()
    roads = links[links["link"] == "road"]
    codes = sorted(set(roads["source"]) | set(roads["target"]))
    at = county.ids(codes)
    meta = county.metadata
    lon, lat = geo.from_local(np.asarray(county.x)[at], np.asarray(county.y)[at], float(meta["origin_lon"]),
                              float(meta["origin_lat"]))
    osm = {c: 30_000_000_000 + 7 * k for k, c in enumerate(codes)}
    streets_g = nx.MultiDiGraph(crs="epsg:4326")
    streets_g.add_nodes_from((osm[c], {"x": float(x), "y": float(y)}) for c, x, y in zip(codes, lon, lat))
    for s_, t_, w in zip(roads["source"], roads["target"], roads["weight"]):
        streets_g.add_edge(osm[s_], osm[t_], length=float(w))
        streets_g.add_edge(osm[t_], osm[s_], length=float(w))
    r, t_gg = timed(county.reach, "service_station", 500, "network", network=streets_g)
    own, t_own = timed(county.reach, "service_station", 500, "network")
    stations = [osm[county.code(v)] for v in county.nodes("organisation", "service_station") if county.code(v) in osm]
    _, t_nx = timed(nx.multi_source_dijkstra_path_length, streets_g, set(stations), weight="length")
    same = np.array_equal(r.households["distance"].to_numpy(), own.households["distance"].to_numpy())
    print(f"reach(metric='network', network=G) on seed_county(0) ({len(r.households):,} households; its "
          f"{streets_g.number_of_nodes():,} road nodes as a lon/lat MultiDiGraph): {t_gg:.3f} s CPU with conversion "
          f"and snapping; over the model's own road links {t_own:.3f} s; networkx's multi_source_dijkstra_path_length "
          f"alone (no snapping, no households) {t_nx:.3f} s; same distances as the model's roads: {same}")


def streets_row(g, demand_xy, site_xy, radius, side):
    import networkx as nx
    import scipy.sparse as sp
    from scipy.spatial import cKDTree

    from gridgov import _street

    m, t_gg = timed(gg.coverage_matrix, demand_xy, site_xy, radius, network=g)
    _, t_conv = timed(_street.street_arrays, g)

    # networkx, the way its users do it: nearest nodes by a k-d tree, then Dijkstra per site.
    def with_networkx():
        nodes = list(g.nodes)
        tree = cKDTree(np.array([[g.nodes[v]["x"], g.nodes[v]["y"]] for v in nodes]))
        dn = [nodes[k] for k in tree.query(demand_xy)[1]]
        sn = [nodes[k] for k in tree.query(site_xy)[1]]
        at = {}
        for i, v in enumerate(dn):
            at.setdefault(v, []).append(i)
        rows, cols, vals = [], [], []
        for j, s in enumerate(sn):
            for v, d in nx.single_source_dijkstra_path_length(g, s, cutoff=radius, weight="length").items():
                for i in at.get(v, ()):
                    rows.append(i), cols.append(j), vals.append(d)
        return sp.csr_matrix((vals, (rows, cols)), shape=(len(demand_xy), len(site_xy)))

    ref, t_nx = timed(with_networkx)
    same = m.nnz == ref.nnz and abs(m - ref).max() < 1e-6
    print(f"coverage_matrix(network=G), {side * side:,}-node MultiDiGraph ({g.number_of_edges():,} edges), "
          f"{len(demand_xy):,} demand points x {len(site_xy)} sites, r = {radius:,.0f} m: gridgov {t_gg:.3f} s CPU "
          f"(of which networkx -> CSR {t_conv:.3f} s), networkx (k-d tree + single_source_dijkstra_path_length per "
          f"site) {t_nx:.3f} s, {t_nx / t_gg:.1f}x; {m.nnz:,} entries, same matrix: {same}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-pulp", action="store_true")
    ap.add_argument("--no-scale", action="store_true")
    ap.add_argument("--only", choices=["orlib", "sjc", "sf", "scale", "network", "streets"])
    ap.add_argument("--pulp-instances", default="pmed10,pmed20,pmed30,pmed40")
    ap.add_argument("--skip-pcenter", action="store_true", help="OR-Library: p-median only")
    a = ap.parse_args()
    with_pulp = not a.no_pulp
    PULP_INSTANCES[:] = a.pulp_instances.split(",")
    global SKIP_PCENTER
    SKIP_PCENTER = a.skip_pcenter
    if with_pulp:
        try:
            import pulp  # noqa: F401
        except ImportError:
            print("pulp not installed: the CBC comparison is skipped (pip install pulp)")
            with_pulp = False
    if a.only in (None, "sf"):
        spopt_sf()
    if a.only in (None, "orlib"):
        orlib(a.quick, with_pulp)
    if a.only in (None, "sjc"):
        sjc(a.quick, with_pulp)
    if a.only in (None, "scale") and not a.no_scale:
        scale()
    if a.only in (None, "network") and not a.no_scale:
        network()
    if a.only in (None, "streets") and not a.no_scale:
        streets()


if __name__ == "__main__":
    main()
