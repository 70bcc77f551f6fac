"""Street networks as networkx graphs (OSMnx-shaped) in coverage_matrix and reach, checked against
networkx's own Dijkstra and a brute-force nearest node."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import gridgov as gg
from gridgov import geo

nx = pytest.importorskip("networkx")

OSM_BASE = 30_000_000_000  # OSM node ids are large ints


def osmnx_like_city(seed: int, side: int = 9, spacing: float = 120.0, crs=None):
    """A street grid shaped as OSMnx returns one: a MultiDiGraph, nodes keyed by OSM-style ints with
    x, y attributes, edges with `length` in metres (a little above the straight line), two-way
    streets as two edges, a few one-way streets, a few parallel edges, and a few streets removed."""
    rng = np.random.default_rng(seed)
    g = nx.MultiDiGraph(crs=crs)
    ids = {}
    for r in range(side):
        for c in range(side):
            osm = OSM_BASE + int(rng.integers(0, 10**6)) * 1000 + r * side + c
            ids[r, c] = osm
            g.add_node(osm, x=c * spacing + rng.normal(0, 15), y=r * spacing + rng.normal(0, 15), street_count=4)
    for (r, c), u in ids.items():
        for dr, dc in ((0, 1), (1, 0)):
            if (r + dr, c + dc) not in ids or rng.random() < 0.08:
                continue
            v = ids[r + dr, c + dc]
            straight = float(np.hypot(g.nodes[u]["x"] - g.nodes[v]["x"], g.nodes[u]["y"] - g.nodes[v]["y"]))
            length = round(straight * rng.uniform(1.0, 1.3), 3)
            one_way = rng.random() < 0.1
            g.add_edge(u, v, osmid=int(rng.integers(1, 10**8)), length=length, oneway=one_way)
            if not one_way:
                g.add_edge(v, u, osmid=int(rng.integers(1, 10**8)), length=length, oneway=False)
            if rng.random() < 0.05:  # a parallel, longer way between the same corners
                g.add_edge(u, v, length=round(length * 1.7, 3))
    return g


def nearest_node(g, points: np.ndarray) -> list:
    """Brute force: the graph node nearest to each point."""
    nodes = list(g.nodes)
    xy = np.array([[g.nodes[v]["x"], g.nodes[v]["y"]] for v in nodes])
    d = ((points[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2)
    return [nodes[k] for k in d.argmin(axis=1)]


def networkx_coverage(g, demand_nodes, site_nodes, radius: float) -> np.ndarray:
    """Dense demand x site distances from each site along the edges (inf beyond the radius)."""
    out = np.full((len(demand_nodes), len(site_nodes)), np.inf)
    for j, s in enumerate(site_nodes):
        reached = nx.single_source_dijkstra_path_length(g, s, cutoff=radius, weight="length")
        for i, d in enumerate(demand_nodes):
            if d in reached:
                out[i, j] = reached[d]
    return out


def assert_matches(m: sp.csr_matrix, expected: np.ndarray) -> None:
    dense = np.full(m.shape, np.inf)
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    dense[rows, m.indices] = m.data
    np.testing.assert_array_equal(np.isfinite(dense), np.isfinite(expected))
    np.testing.assert_allclose(dense[np.isfinite(dense)], expected[np.isfinite(expected)], rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_coverage_matrix_on_an_osmnx_graph_matches_networkx_dijkstra(seed):
    g = osmnx_like_city(seed)
    rng = np.random.default_rng(100 + seed)
    demand_xy = rng.uniform(-50, 1010, (70, 2))
    site_xy = rng.uniform(-50, 1010, (9, 2))
    radius = 450.0
    m = gg.coverage_matrix(demand_xy, site_xy, radius, network=g)
    dn, sn = nearest_node(g, demand_xy), nearest_node(g, site_xy)
    expected = networkx_coverage(g, dn, sn, radius)
    assert np.isfinite(expected).sum() > 50  # the radius reaches a fair share of the pairs
    assert_matches(m, expected)
    # Naming the nodes by their OSM ids gives the same matrix, without coordinates.
    assert_matches(gg.coverage_matrix(None, None, radius, network=(g, dn, sn)), expected)
    assert_matches(gg.coverage_matrix(None, None, radius, network={"graph": g, "demand_nodes": dn,
                                                                   "site_nodes": sn}), expected)
    # One-way streets count: the directed graph differs from its undirected view somewhere.
    undirected = gg.coverage_matrix(demand_xy, site_xy, radius, network=nx.MultiGraph(g))
    assert_matches(undirected, networkx_coverage(nx.MultiGraph(g), dn, sn, radius))
    assert (undirected != m).nnz > 0
    # Distances run from the site along the arcs; the reversed graph gives demand to site.
    back = gg.coverage_matrix(demand_xy, site_xy, radius, network=g.reverse())
    expected_back = np.full(expected.shape, np.inf)
    for i, d in enumerate(dn):
        reached = nx.single_source_dijkstra_path_length(g, d, cutoff=radius, weight="length")
        expected_back[i] = [reached.get(s, np.inf) for s in sn]
    assert_matches(back, expected_back)


def test_coverage_matrix_on_a_lon_lat_graph_takes_lon_lat_points():
    """OSMnx graphs come in longitude/latitude (crs epsg:4326) until projected: the points are then
    longitude/latitude too, and the answer is the projected graph's."""
    metres = osmnx_like_city(7)
    origin = (119.968, 30.539)
    lonlat = nx.MultiDiGraph(metres, crs="epsg:4326")
    for v, attrs in lonlat.nodes(data=True):
        lon, lat = geo.from_local(attrs["x"], attrs["y"], *origin)
        attrs["x"], attrs["y"] = float(lon), float(lat)
    rng = np.random.default_rng(8)
    demand_xy, site_xy = rng.uniform(0, 960, (40, 2)), rng.uniform(0, 960, (6, 2))
    to_lonlat = lambda a: np.column_stack(geo.from_local(a[:, 0], a[:, 1], *origin))  # noqa: E731
    a = gg.coverage_matrix(demand_xy, site_xy, 400.0, network=metres)
    b = gg.coverage_matrix(to_lonlat(demand_xy), to_lonlat(site_xy), 400.0, network=lonlat)
    assert a.nnz > 20
    assert (a != b).nnz == 0


def test_street_graph_errors_name_the_edge_or_node():
    g = osmnx_like_city(1, side=3)
    u, v, k = next(iter(g.edges(keys=True)))
    xy = np.zeros((1, 2))
    bad = g.copy()
    del bad.edges[u, v, k]["length"]
    with pytest.raises(gg.InputError, match=rf"edge \({u}, {v}\) has no 'length'"):
        gg.coverage_matrix(xy, xy, 100.0, network=bad)
    bad = g.copy()
    bad.edges[u, v, k]["length"] = -3.0
    with pytest.raises(gg.InputError, match=rf"edge \({u}, {v}\) has length = -3.0"):
        gg.coverage_matrix(xy, xy, 100.0, network=bad)
    bad = g.copy()
    del bad.nodes[u]["x"]
    with pytest.raises(gg.InputError, match=rf"node {u} has no numeric x and y"):
        gg.coverage_matrix(xy, xy, 100.0, network=bad)
    with pytest.raises(gg.InputError, match=r"site_nodes\[1\] = 42 is not a node"):
        gg.coverage_matrix(None, None, 100.0, network=(g, [u], [u, 42]))
    with pytest.raises(gg.InputError, match="give demand_xy and site_xy"):
        gg.coverage_matrix(None, None, 100.0, network=g)


# ---- reach over a street graph ----------------------------------------------------------------


def county_street_graph(county, lonlat: bool = False):
    """The county's road links as an OSMnx-shaped graph: OSM-style int ids, x/y (metres, or lon/lat
    through the county's origin), both directions of every street with its length."""
    links = county.links_frame()
    roads = links[links["link"] == "road"]
    codes = sorted(set(roads["source"]) | set(roads["target"]))
    osm = {code: OSM_BASE + 7 * k for k, code in enumerate(codes)}
    ids = county.ids(codes)
    x, y = np.asarray(county.x)[ids], np.asarray(county.y)[ids]
    if lonlat:
        meta = county.metadata
        x, y = geo.from_local(x, y, float(meta["origin_lon"]), float(meta["origin_lat"]))
    g = nx.MultiDiGraph(crs="epsg:4326" if lonlat else None)
    for code, xi, yi in zip(codes, x, y):
        g.add_node(osm[code], x=float(xi), y=float(yi))
    for s, t, w in zip(roads["source"], roads["target"], roads["weight"]):
        g.add_edge(osm[s], osm[t], length=float(w))
        g.add_edge(osm[t], osm[s], length=float(w))
    return g


@pytest.fixture(scope="module")
def county():
    return gg.datasets.seed_county(0)


def test_reach_over_a_street_graph_matches_networkx(county):
    g = county_street_graph(county)
    r = county.reach("service_station", radius=500, metric="network", network=g)
    h = r.households
    assert r.metric == "network" and len(h) == county.summary()["households"]
    # Oracle: every building and station at its nearest graph node (brute force), then networkx's
    # multi-source Dijkstra from the stations' nodes.
    buildings = sorted(set(h["building"].dropna()))
    b_ids = [county.id(b) for b in buildings]
    xy = np.c_[np.asarray(county.x), np.asarray(county.y)]
    b_node = dict(zip(buildings, nearest_node(g, xy[b_ids])))
    stations = county.nodes("organisation", "service_station")
    s_node = nearest_node(g, xy[stations])
    dist = nx.multi_source_dijkstra_path_length(g, set(s_node), weight="length")
    expected = np.array([dist.get(b_node[b], np.inf) for b in h["building"]])
    np.testing.assert_allclose(h["distance"].to_numpy(), expected, rtol=1e-12)
    assert 0.5 < r.share_within < 1  # some households within 500 m, not all
    # The station named is one at that distance.
    code_node = {county.code(v): n for v, n in zip(stations, s_node)}
    for b, f, d in list(zip(h["building"], h["facility"], h["distance"]))[::997]:
        assert nx.shortest_path_length(g, code_node[f], b_node[b], weight="length") == pytest.approx(d, rel=1e-12)


def test_reach_over_a_lon_lat_street_graph_is_placed_by_the_origin(county):
    metres = county.reach("service_station", radius=500, metric="network", network=county_street_graph(county))
    lonlat = county.reach("service_station", radius=500, metric="network",
                          network=county_street_graph(county, lonlat=True))
    np.testing.assert_allclose(lonlat.households["distance"], metres.households["distance"], rtol=1e-12)
    assert (lonlat.households["facility"] == metres.households["facility"]).all()


def test_reach_over_the_county_roads_as_a_graph_equals_the_model_roads(county):
    """Every building stands on the road graph, so the street graph built from the model's own
    road links must give exactly the model's network reach."""
    own = county.reach("service_station", radius=500, metric="network")
    graph = county.reach("service_station", radius=500, metric="network", network=county_street_graph(county))
    np.testing.assert_array_equal(graph.households["distance"], own.households["distance"])


def test_reach_street_graph_needs_metric_network(county):
    g = county_street_graph(county)
    with pytest.raises(gg.InputError, match="metric='network'"):
        county.reach("service_station", network=g)
    with pytest.raises(gg.InputError, match="networkx graph"):
        county.reach("service_station", metric="network", network=sp.eye(3))
