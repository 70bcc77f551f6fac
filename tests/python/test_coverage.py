"""Coverage: the radius matrix, the four location models, bad input, published optima."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import distance_matrix

import gridgov as gg

# ---- coverage_matrix ------------------------------------------------------------------------


def test_coverage_matrix_matches_brute_force_and_keeps_zeros():
    rng = np.random.default_rng(3)
    d = rng.uniform(0, 2000, (400, 2))
    s = np.vstack([rng.uniform(0, 2000, (50, 2)), d[:1]])  # last site sits on demand 0
    m = gg.coverage_matrix(d, s, 250.0)
    full = distance_matrix(d, s)
    assert isinstance(m, sp.csr_matrix) and m.shape == (400, 51)
    mask = full <= 250.0
    assert m.nnz == mask.sum()
    rows, cols = np.repeat(np.arange(400), np.diff(m.indptr)), m.indices
    assert mask[rows, cols].all()
    np.testing.assert_allclose(m.data, full[rows, cols], atol=1e-9)
    assert m[0, 50] == 0 and (rows[m.data == 0] == 0).any()  # explicit zero stored
    assert m.has_sorted_indices


def test_coverage_matrix_network_matches_scipy_dijkstra():
    rng = np.random.default_rng(5)
    n = 60
    edges = {(i, i + 1) for i in range(n - 1)} | {tuple(sorted(rng.choice(n, 2, replace=False))) for _ in range(80)}
    u, v = np.array(sorted(edges)).T
    w = rng.uniform(10, 200, len(u))
    g = sp.coo_matrix((np.r_[w, w], (np.r_[u, v], np.r_[v, u])), shape=(n, n)).tocsr()
    demand_nodes = rng.integers(0, n, 40)
    site_nodes = rng.integers(0, n, 7)
    m = gg.coverage_matrix(None, None, 300.0, network=(g, demand_nodes, site_nodes))
    ref = dijkstra(g, indices=site_nodes).T[demand_nodes]  # demand x site
    mask = ref <= 300.0
    assert m.nnz == mask.sum()
    rows = np.repeat(np.arange(40), np.diff(m.indptr))
    np.testing.assert_allclose(m.data, ref[rows, m.indices], rtol=1e-12)
    same = demand_nodes[:, None] == site_nodes[None, :]
    assert all(m[i, j] == 0 and (m.indices[m.indptr[i]:m.indptr[i + 1]] == j).any() for i, j in zip(*np.nonzero(same)))


@pytest.mark.parametrize(
    "call",
    [
        lambda: gg.coverage_matrix(np.zeros((3, 3)), np.zeros((2, 2)), 1.0),
        lambda: gg.coverage_matrix([[0, np.nan]], [[0, 0]], 1.0),
        lambda: gg.coverage_matrix([[0, 0]], [[0, 0]], -1.0),
        lambda: gg.coverage_matrix([[0, 0]], [[0, 0]], float("nan")),
        lambda: gg.coverage_matrix(None, None, 1.0, network=(sp.eye(3, format="csr"), [0, 5], [1])),
        lambda: gg.coverage_matrix(None, None, 1.0, network=(sp.csr_matrix(-np.ones((2, 2))), [0], [1])),
        lambda: gg.coverage_matrix(None, None, 1.0, network="roads"),
    ],
)
def test_coverage_matrix_bad_input(call):
    with pytest.raises(gg.InputError):
        call()


# ---- location models: bad input --------------------------------------------------------------

COST = np.array([[1.0, 2.0, 3.0], [4.0, 0.0, 6.0]])


@pytest.mark.parametrize(
    "call, fragment",
    [
        (lambda: gg.p_median(COST, 0), "p = 0"),
        (lambda: gg.p_median(COST, 4), "p = 4"),
        (lambda: gg.p_center(COST, 1, fixed=[0, 1]), "more than p"),
        (lambda: gg.mclp(COST, 1.0, 1, fixed=[3]), "fixed[0] = 3"),
        (lambda: gg.lscp(COST, 1.0, fixed=[-1]), "fixed[0] = -1"),
        (lambda: gg.p_median(np.array([[1.0, -1.0]]), 1), "cost[0, 1]"),
        (lambda: gg.p_median(np.array([[1.0, np.nan]]), 1), "cost[0, 1]"),
        (lambda: gg.mclp(COST, 1.0, 1, weights=[1.0]), "1 weights for 2 demands"),
        (lambda: gg.p_median(np.zeros((0, 3)), 1), "empty"),
        (lambda: gg.p_median(np.zeros(3), 1), "2-D"),
        (lambda: gg.p_median(COST, 1.5), "whole number"),
        (lambda: gg.mclp(sp.csr_matrix((0, 2)), 1.0, 1), "empty"),
    ],
)
def test_location_bad_input(call, fragment):
    with pytest.raises(gg.Error, match=fragment.replace("[", r"\[").replace("]", r"\]").replace("+", r"\+")):
        call()


def test_lscp_infeasible_names_the_demands():
    cost = np.array([[1.0, 9.0], [9.0, 9.0], [8.0, 1.0]])
    with pytest.raises(gg.InfeasibleError, match=r"demand\(s\) 1"):
        gg.lscp(cost, 2.0)


# ---- location models: properties -------------------------------------------------------------


@st.composite
def instances(draw):
    n = draw(st.integers(2, 14))
    m = draw(st.integers(2, 7))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    cost = np.round(distance_matrix(rng.uniform(0, 100, (n, 2)), rng.uniform(0, 100, (m, 2))), 1)
    weights = rng.integers(0, 10, n).astype(float)
    p = draw(st.integers(1, m))
    return cost, weights, p


def brute(cost, weights, p, radius):
    n, m = cost.shape
    best = {}
    for sites in itertools.combinations(range(m), p):
        near = cost[:, sites].min(axis=1)
        best["median"] = min(best.get("median", np.inf), float(weights @ near))
        best["center"] = min(best.get("center", np.inf), float(near.max()))
        best["cover"] = max(best.get("cover", -1), float(weights[near <= radius].sum()))
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.floats(5, 80))
def test_models_properties(inst, radius):
    cost, weights, p = inst
    ref = brute(cost, weights, p, radius)
    pm = gg.p_median(cost, p, weights=weights)
    assert len(pm.sites) == p and np.all(np.diff(pm.sites) > 0)
    # every demand goes to its nearest open site
    np.testing.assert_allclose(cost[np.arange(len(cost)), pm.assignment], cost[:, pm.sites].min(axis=1))
    assert pm.objective == pytest.approx(float(weights @ cost[:, pm.sites].min(axis=1)))
    # At most 7 sites are always within p_median's enumeration work: the optimum, proven.
    assert pm.objective == pytest.approx(ref["median"], abs=1e-9)
    assert pm.gap == 0 and pm.bound == pm.objective
    # The heuristic with its Lagrangian bound: never beaten by the optimum, gap 0 only there.
    ph = gg.p_median(cost, p, weights=weights, exhaustive_work=0)
    assert ph.objective >= ref["median"] - 1e-9 and ph.bound <= ref["median"] + 1e-9
    assert ph.gap > 0 or ph.objective == pytest.approx(ref["median"], abs=1e-9)
    pc = gg.p_center(cost, p)
    assert pc.objective == pytest.approx(ref["center"]) and pc.gap == 0
    mc = gg.mclp(cost, radius, p, weights=weights)
    assert mc.objective == pytest.approx(float(weights[mc.covered].sum()))
    assert np.array_equal(mc.covered, cost[:, mc.sites].min(axis=1) <= radius)
    assert mc.objective == pytest.approx(ref["cover"]) and mc.gap == 0
    unreached = np.flatnonzero(~(cost <= radius).any(axis=1))
    if unreached.size:  # no set of sites covers every demand: LSCP must say so, not answer
        with pytest.raises(gg.InfeasibleError):
            gg.lscp(cost, radius)
    else:
        ls = gg.lscp(cost, radius)
        assert ls.covered.all() and (cost[:, ls.sites] <= radius).any(axis=1).all()
        fewest = min(q for q in range(1, cost.shape[1] + 1)
                     if any((cost[:, list(s)] <= radius).any(axis=1).all()
                            for s in itertools.combinations(range(cost.shape[1]), q)))
        assert ls.objective == len(ls.sites) == fewest and ls.gap == 0
    # adding a fixed site (and a place for it) never worsens the objective
    if p < cost.shape[1]:
        extra = int(np.setdiff1d(np.arange(cost.shape[1]), mc.sites)[0])
        more = gg.mclp(cost, radius, p + 1, weights=weights, fixed=[extra])
        assert more.objective >= mc.objective - 1e-9
        assert extra in more.sites
        pm2 = gg.p_median(cost, p + 1, weights=weights, fixed=[extra])
        best2 = min(float(weights @ cost[:, list(s)].min(axis=1))
                    for s in itertools.combinations(range(cost.shape[1]), p + 1) if extra in s)
        assert pm2.objective == pytest.approx(best2, abs=1e-9) and extra in pm2.sites
        assert pm2.objective <= pm.objective + 1e-9


def test_sparse_and_dense_agree_and_unreachable_is_reported():
    rng = np.random.default_rng(11)
    d, s = rng.uniform(0, 1000, (80, 2)), rng.uniform(0, 1000, (12, 2))
    sparse = gg.coverage_matrix(d, s, 400.0)
    dense = np.where(distance_matrix(d, s) <= 400.0, distance_matrix(d, s), np.inf)
    a, b = gg.mclp(sparse, 250.0, 3), gg.mclp(dense, 250.0, 3)
    assert a.objective == b.objective and a.gap == b.gap == 0
    lonely = np.flatnonzero(np.diff(sparse.indptr) == 0)
    assert lonely.size  # this instance has demands no site reaches within 400 m
    # p-center: on the reachable demands both inputs give the same proven radius; with the lonely
    # ones, both refuse and name the first of them.
    reached = np.diff(sparse.indptr) > 0
    a, b = gg.p_center(sparse[reached], 6), gg.p_center(dense[reached], 6)
    assert a.objective == pytest.approx(b.objective) and a.gap == b.gap == 0
    for c in (sparse, dense):
        with pytest.raises(gg.InfeasibleError, match=rf"demand\(s\) {lonely[0]}\b"):
            gg.p_center(c, 6)
    with pytest.raises(gg.InfeasibleError, match=f"demand {lonely[0]} is reached by no site"):
        gg.p_median(sparse, 2)
    # with every demand reachable by some site but not by the chosen ones: assignment -1, objective inf
    cost = sp.csr_matrix(np.array([[1.0, 0.0], [0.0, 2.0]]))
    pm = gg.p_median(cost, 1)
    assert np.isinf(pm.objective) and (pm.assignment == -1).sum() == 1


# ---- published instances ---------------------------------------------------------------------


def test_orlib_pmed_subset(shared_data):
    folder = shared_data / "coverage" / "orlib_pmed"
    opt = dict(line.split() for line in (folder / "pmedopt.txt").read_text().splitlines()[1:] if line.strip())
    center = dict(line.split() for line in (folder / "pcenter_opt.txt").read_text().splitlines() if line.strip())
    for name in ("pmed2", "pmed7", "pmed15"):
        cost, p = gg.orlib_pmed_costs(folder / f"{name}.txt")
        r = gg.p_median(cost, p)
        assert r.objective == float(opt[name])
        assert r.bound <= r.objective
        assert gg.p_center(cost, p).objective == float(center[name])


def _sjc(shared_data, name):
    raw = pd.read_csv(shared_data / "coverage" / "sjc_mclp" / f"{name}.txt", sep=r"\s+", skiprows=1, header=None)
    return raw[[0, 1]].to_numpy(float), raw[2].to_numpy(float)


def test_sjc_rows_proven_optimal(shared_data):
    folder = shared_data / "coverage" / "sjc_mclp"
    table = pd.read_csv(folder / "sjc_mclp_optima.csv")
    rows = table[(table.instance == "SJC402") & (table.radius_m.isin([300, 800])) & (table.p <= 10)]
    xy, w = _sjc(shared_data, "SJC402")
    assert len(xy) == 402
    for row in rows.itertuples():
        cost = gg.coverage_matrix(xy, xy, float(row.radius_m))
        r = gg.mclp(cost, row.radius_m, int(row.p), weights=w)
        assert r.objective == row.optimal_covered_demand and r.gap == 0
    lscp_table = pd.read_csv(folder / "sjc_lscp_optima.csv")
    for row in lscp_table[lscp_table.instance == "SJC402"].itertuples():
        r = gg.lscp(gg.coverage_matrix(xy, xy, float(row.radius_m)), row.radius_m)
        assert r.objective == row.min_facilities and r.gap == 0


def spopt_sf(shared_data):
    folder = shared_data / "coverage" / "spopt_sf"
    long = pd.read_csv(folder / "SF_network_distance_candidateStore_16_censusTract_205_new.csv", dtype={"DestinationName": str})
    cost = long.pivot_table(index="DestinationName", columns="name", values="distance")
    cost = cost.sort_index(axis=0).reindex(sorted(cost.columns), axis=1)
    demand = pd.read_csv(folder / "SF_demand_205_centroid_uniform_weight.csv", dtype={"NAME": str}).sort_values("NAME")
    assert list(demand.NAME) == list(cost.index)
    return cost.to_numpy(float), demand.POP2000.to_numpy(float), list(cost.columns)


def test_spopt_san_francisco_values(shared_data):
    cost, pop, stores = spopt_sf(shared_data)
    assert cost.shape == (205, 16) and stores == sorted(stores) and stores[0] == "Store_1"
    pm = gg.p_median(cost, 4, weights=pop)
    assert pm.objective / pop.sum() == pytest.approx(2982.1268579890657, rel=1e-9)
    assert list(pm.sites) == [1, 2, 5, 10]
    mc = gg.mclp(cost, 5000, 4, weights=pop)
    assert mc.objective == 875247 and mc.covered.sum() == 184 and mc.gap == 0
    ls = gg.lscp(cost, 5000)
    assert ls.objective == 8 and ls.gap == 0
    pc = gg.p_center(cost, 4)
    assert pc.objective == pytest.approx(7403.0638, abs=1e-3) and pc.gap == 0


def test_fixed_sites_in_p_center_and_lscp_match_enumeration():
    rng = np.random.default_rng(1)
    for _ in range(40):
        cost = np.round(distance_matrix(rng.uniform(0, 100, (12, 2)), rng.uniform(0, 100, (7, 2))), 1)
        p, fixed = int(rng.integers(2, 5)), int(rng.integers(0, 7))
        subsets = [list(s) for k in range(1, 8) for s in itertools.combinations(range(7), k) if fixed in s]
        best = min(cost[:, s].min(axis=1).max() for s in subsets if len(s) == p)
        r = gg.p_center(cost, p, fixed=[fixed])
        assert r.objective == pytest.approx(best) and fixed in r.sites and len(r.sites) == p
        radius = float(cost.min(axis=1).max()) + 5
        fewest = min(len(s) for s in subsets if (cost[:, s] <= radius).any(axis=1).all())
        ls = gg.lscp(cost, radius, fixed=[fixed])
        assert ls.objective == fewest and fixed in ls.sites and ls.gap == 0
