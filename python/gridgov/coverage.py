"""Coverage analysis: which sites reach which demands, and where to open sites.

``coverage_matrix`` builds the sparse demand x site distance matrix within a radius (Euclidean
or along a road network); ``p_median``, ``p_center``, ``lscp`` and ``mclp`` solve the classic
location models on a dense cost array or on that sparse matrix. The work is done in C++
(``include/gridgov/coverage``); these functions check and convert their arguments.

In every sparse input and output an absent entry means *unreachable* and a zero distance is
stored explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Any, Optional

import numpy as np
import scipy.sparse as sp

from . import _street
from ._core_ref import core as _core
from ._args import floats, number, whole
from ._args import seed as seed_arg
from .errors import InputError
from .messages import tr

__all__ = [
    "AUDIT_COLUMNS",
    "LIFE_CIRCLES",
    "LocationResult",
    "Reach",
    "audit",
    "reach",
    "coverage_matrix",
    "lscp",
    "mclp",
    "orlib_pmed_costs",
    "p_center",
    "p_median",
]


@dataclass
class LocationResult:
    """The answer of a location model.

    Attributes
    ----------
    sites : numpy.ndarray
        Open site indices (columns of the cost matrix), ascending; fixed sites included.
    objective : float
        The model's objective at ``sites`` (p-median: weighted distance sum; p-center: largest
        distance; LSCP: number of sites; MCLP: covered weight).
    assignment : numpy.ndarray or None
        p-median and p-center: the nearest open site of each demand (-1 when none reaches it).
    covered : numpy.ndarray or None
        LSCP and MCLP: whether each demand lies within the radius of an open site.
    bound : float
        Proven bound on the optimum (lower for minimisation, upper for MCLP); NaN when none.
    gap : float
        Relative gap between ``objective`` and ``bound``; 0 means proven optimal.
    iterations : int
        Subgradient iterations or branch-and-bound nodes spent.
    """

    sites: np.ndarray
    objective: float
    assignment: Optional[np.ndarray] = None
    covered: Optional[np.ndarray] = None
    bound: float = float("nan")
    gap: float = float("nan")
    iterations: int = 0
    model: str = field(default="")

    @property
    def proven_optimal(self) -> bool:
        """True when the bound closes the gap (``gap == 0``)."""
        return bool(self.gap == 0)

    @property
    def status(self) -> str:
        """``"proven optimal"``, or ``"not proven (...)"`` with the gap and bound when the search
        stopped on its budget (or the method gives no bound)."""
        if self.gap == 0:
            return "proven optimal"
        if np.isnan(self.gap):
            return "not proven (no bound)"
        return f"not proven (gap {100 * self.gap:.3g} %, bound {self.bound:.10g})"

    def __repr__(self) -> str:
        sites = np.asarray(self.sites)
        shown = ", ".join(str(int(j)) for j in sites[:10]) + (", ..." if len(sites) > 10 else "")
        return (f"LocationResult(model={self.model!r}, objective={self.objective:.10g}, bound={self.bound:.10g}, "
                f"gap={self.gap:.3g}, {self.status}, sites=[{shown}] ({len(sites)}), iterations={self.iterations})")

    __str__ = __repr__


def _to_result(model: str, d: dict) -> LocationResult:
    return LocationResult(
        sites=d["sites"],
        objective=float(d["objective"]),
        assignment=d.get("assignment"),
        covered=d.get("covered"),
        bound=float(d["bound"]),
        gap=float(d["gap"]),
        iterations=int(d["iterations"]),
        model=model,
    )


def _points(xy: Any, what: str) -> np.ndarray:
    a = floats(xy, what)
    if a.size == 0:
        return a.reshape(0, 2)
    if a.ndim != 2 or a.shape[1] != 2:
        raise InputError(tr("{what} must be an (n, 2) array of x, y coordinates, got shape {shape}",
                            what=what, shape=a.shape))
    return a


def _int_nodes(nodes: Any, what: str) -> np.ndarray:
    a = np.asarray(nodes)
    if a.ndim != 1:
        raise InputError(tr("{what} must be a 1-D array of network node indices", what=what))
    if a.size and not np.issubdtype(a.dtype, np.integer):
        raise InputError(tr("{what} must hold integer node indices, got dtype {dtype}", what=what, dtype=a.dtype))
    if a.size and (a.min() < 0 or a.max() > np.iinfo(np.int32).max):
        bad = int(np.flatnonzero((a < 0) | (a > np.iinfo(np.int32).max))[0])
        raise InputError(tr("{what}[{bad}] = {a} is not a network node index", what=what, bad=bad, a=a[bad]))
    return np.ascontiguousarray(a, dtype=np.int32)


def _network_parts(network: Any, demand_xy, site_xy):
    """The network argument of coverage_matrix as CSR arrays (offsets, targets, lengths) and the
    node of every demand and site."""
    if _street.is_networkx(network):  # points snapped to the graph's nearest nodes
        if demand_xy is None or site_xy is None:
            raise InputError(tr("with a networkx graph as network, give demand_xy and site_xy (they are placed "
                                "at the graph's nearest nodes) or pass (graph, demand_nodes, site_nodes)"))
        arrays = _street.street_arrays(network)
        nodes_xy, (d, s) = _street.to_metres(network, _street.node_xy(network, arrays.nodes),
                                             [_points(demand_xy, "demand_xy"), _points(site_xy, "site_xy")])
        return arrays.offsets, arrays.targets, arrays.lengths, _street.nearest_nodes(nodes_xy, d), \
            _street.nearest_nodes(nodes_xy, s)
    if isinstance(network, dict):
        try:
            graph, dn, sn = network["graph"], network["demand_nodes"], network["site_nodes"]
        except KeyError as e:
            raise InputError(tr("network needs the keys graph, demand_nodes, site_nodes (missing {e})", e=e)) from None
    else:
        try:
            graph, dn, sn = network
        except (TypeError, ValueError):
            raise InputError(tr("network must be a networkx graph, (graph, demand_nodes, site_nodes) or a dict "
                                "with those keys")) from None
    if _street.is_networkx(graph):  # nodes named by the graph's own ids (OSM ids...)
        arrays = _street.street_arrays(graph)
        dn, sn = arrays.index_of(list(dn), "demand_nodes"), arrays.index_of(list(sn), "site_nodes")
        return arrays.offsets, arrays.targets, arrays.lengths, dn, sn
    if not sp.issparse(graph):
        raise InputError(tr("network graph must be a networkx graph or a scipy.sparse square matrix of arc "
                            "lengths (metres)"))
    g = sp.csr_matrix(graph)
    if g.shape[0] != g.shape[1]:
        raise InputError(tr("network graph must be square (nodes x nodes), got shape {shape}", shape=g.shape))
    return (np.ascontiguousarray(g.indptr, dtype=np.int64), np.ascontiguousarray(g.indices, dtype=np.int32),
            np.ascontiguousarray(g.data, dtype=np.float64), _int_nodes(dn, "demand_nodes"), _int_nodes(sn, "site_nodes"))


def coverage_matrix(demand_xy, site_xy, radius: float, *, network=None) -> sp.csr_matrix:
    """Distances from demands to the sites within a radius, as a sparse matrix.

    Parameters
    ----------
    demand_xy, site_xy : array_like of shape (n, 2) and (m, 2)
        Coordinates in metres. With ``network`` they may be ``None`` (only the node lists
        count); when given, their lengths must match the node lists.
    radius : float
        Largest distance kept (inclusive).
    network : networkx graph, tuple or dict, optional
        Distances are then shortest paths along the network, found in C++ by Dijkstra stopped
        at the radius, from each site along the arcs (on one-way streets: site to demand, as
        a service drives out; reverse the graph, ``G.reverse()``, for demand to site). Either

        - a networkx graph, e.g. an OSMnx street graph: edges carry ``length`` in metres (a
          directed graph has an arc per edge, an undirected one both), nodes carry ``x``, ``y``;
          each demand and site stands at the graph node nearest to its point (the walk to that
          node is not added). A graph whose ``graph["crs"]`` is longitude/latitude (OSMnx before
          ``project_graph``) takes the points as longitude/latitude too;
        - ``(graph, demand_nodes, site_nodes)`` with a networkx graph and its own node ids (OSM
          ids) for the demands and sites;
        - ``(graph, demand_nodes, site_nodes)`` with ``graph`` a scipy.sparse nodes x nodes
          matrix of arc lengths (an arc per stored entry, a zero length stored explicitly; give
          both directions for a two-way road) and node indices;
        - a dict with the keys ``graph``, ``demand_nodes``, ``site_nodes``.

    Returns
    -------
    scipy.sparse.csr_matrix
        n x m, float64. Absent entry = farther than the radius (unreachable); a zero distance
        is stored explicitly. Built by a spatial index: no dense n x m work.

    Raises
    ------
    gridgov.InputError
        Bad shapes, non-finite coordinates, a negative or NaN radius, bad node indices.
    """
    radius = number(radius, "radius", minimum=0)
    if network is None:
        d = _points(demand_xy, "demand_xy")
        s = _points(site_xy, "site_xy")
        data, indices, indptr, shape = _core._coverage_euclidean(d, s, radius)
    else:
        offsets, targets, lengths, dn, sn = _network_parts(network, demand_xy, site_xy)
        for xy, nodes, what in ((demand_xy, dn, "demand_xy"), (site_xy, sn, "site_xy")):
            if xy is not None and len(_points(xy, what)) != len(nodes):
                raise InputError(tr("{what} has {points} rows but the network names {nodes} nodes for it",
                                    what=what, points=len(_points(xy, what)), nodes=len(nodes)))
        data, indices, indptr, shape = _core._coverage_network(offsets, targets, lengths, dn, sn, radius)
    return sp.csr_matrix((data, indices, indptr), shape=shape, copy=False)


def _cost_arg(cost):
    """The cost input as the core takes it: a scipy CSR matrix (float64 data, int32 indices) or
    a C-ordered float64 2-D array (which reaches C++ without a copy)."""
    if sp.issparse(cost):
        c = sp.csr_matrix(cost)
        if c.shape[0] == 0 or c.shape[1] == 0:
            raise InputError(tr("cost matrix is empty ({shape} demands x {shape2} sites)",
                                shape=c.shape[0], shape2=c.shape[1]))
        if c.dtype != np.float64:
            c = c.astype(np.float64)
        if c.indices.dtype != np.int32 or c.indptr.dtype != np.int32:
            c = sp.csr_matrix((c.data, c.indices.astype(np.int32), c.indptr.astype(np.int32)), shape=c.shape)
        return c
    try:
        a = np.asarray(cost, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(tr("cost must be a numeric 2-D array or a scipy.sparse matrix")) from None
    if a.ndim != 2:
        raise InputError(tr("cost must be a 2-D demand x site array, got {ndim} dimension(s)", ndim=a.ndim))
    return np.ascontiguousarray(a)


def _count(value, name: str) -> int:
    return whole(value, name, minimum=0)


def _fixed(fixed):
    if fixed is None:
        return None
    a = np.asarray(fixed)
    if a.size == 0:
        return np.zeros(0, dtype=np.int64)
    if a.ndim != 1 or not np.issubdtype(a.dtype, np.integer):
        raise InputError(tr("fixed must be a 1-D list of integer site indices"))
    return np.ascontiguousarray(a, dtype=np.int64)


def _weights(weights, cost):
    """Demand weights, one per row of the cost matrix (None = every demand weighs 1)."""
    if weights is None:
        return None
    w = floats(weights, "weights")
    if w.ndim != 1 or len(w) != cost.shape[0]:
        raise InputError(tr("weights: {size} weights for {shape} demands (give one per demand, 1-D)",
                            size=w.size, shape=cost.shape[0]))
    return w


def p_median(cost, p: int, *, weights=None, fixed=None, seed: int = 0,
             exhaustive_work: int = 2_000_000) -> LocationResult:
    """Open ``p`` sites minimising the weighted sum of distances to the nearest open site.

    Parameters
    ----------
    cost : array_like (n, m) or scipy.sparse matrix
        Demand x site costs (absent sparse entry or ``inf`` = unreachable).
    p : int
        Number of open sites, 1 <= p <= m (fixed sites included).
    weights : array_like (n,), optional
        Demand weights (default 1).
    fixed : array_like of int, optional
        Sites that must be open (at most ``p``).
    seed : int
        Seed of the perturbation restarts (results are reproducible).
    exhaustive_work : int
        Try every siting when their enumeration tree, C(m - f + 1, p - f) nodes for ``f`` fixed
        sites, times the number of demands is at most this (0: never); the answer is then the
        optimum, with ``bound == objective`` and ``gap == 0``.

    Returns
    -------
    LocationResult
        ``sites``, ``objective``, ``assignment`` and the lower ``bound`` and ``gap``.

    Notes
    -----
    Small instances by enumeration (see ``exhaustive_work``). Larger ones by greedy, Whitaker's
    fast interchange, Lagrangian relaxation with subgradient bounds and Lagrangian restarts.
    A demand no open site reaches gets assignment -1 and makes the objective infinite.
    """
    c = _cost_arg(cost)
    return _to_result("p_median", _core._p_median(c, _count(p, "p"), _weights(weights, c), _fixed(fixed), seed_arg(seed),
                                                  whole(exhaustive_work, "exhaustive_work", minimum=0, maximum=2**63 - 1)))


def p_center(cost, p: int, *, fixed=None, max_nodes: int = 20_000) -> LocationResult:
    """Open ``p`` sites minimising the largest distance from a demand to its nearest open site.

    Parameters
    ----------
    cost : array_like (n, m) or scipy.sparse matrix
        Demand x site costs (absent sparse entry or ``inf`` = unreachable).
    p : int
        Number of open sites, 1 <= p <= m.
    fixed : array_like of int, optional
        Sites that must be open.
    max_nodes : int
        Branch-and-bound nodes at most for each radius probe; a probe that stops on it leaves
        that radius unproven (``gap > 0``, "not proven").

    Returns
    -------
    LocationResult
        ``sites``, ``objective`` (the radius), ``assignment``, ``bound`` (smallest radius not
        proven infeasible) and ``gap``.

    Notes
    -----
    Bisection over the sorted distinct costs with an exact set-cover check at each probe.
    """
    return _to_result("p_center", _core._p_center(_cost_arg(cost), _count(p, "p"), _fixed(fixed),
                                                  _count(max_nodes, "max_nodes")))


def lscp(cost, radius: float, *, fixed=None, max_nodes: int = 20_000) -> LocationResult:
    """Fewest sites such that every demand lies within ``radius`` of an open site.

    Parameters
    ----------
    cost : array_like (n, m) or scipy.sparse matrix
        Demand x site costs; site j covers demand i when ``cost[i, j] <= radius``.
    radius : float
        Service radius.
    fixed : array_like of int, optional
        Sites already open.
    max_nodes : int
        Branch-and-bound nodes at most; a search that stops on it returns its best cover with
        the root bound (``gap > 0``, "not proven").

    Returns
    -------
    LocationResult
        ``sites``, ``objective`` (their number), ``covered`` (all True), ``bound``, ``gap``.

    Raises
    ------
    gridgov.InfeasibleError
        Some demand has no site within the radius; the message lists those demands.
    """
    return _to_result("lscp", _core._lscp(_cost_arg(cost), number(radius, "radius", minimum=0, finite=False), _fixed(fixed),
                                          _count(max_nodes, "max_nodes")))


def mclp(cost, radius: float, p: int, *, weights=None, fixed=None, max_nodes: int = 5_000) -> LocationResult:
    """Open ``p`` sites covering the most demand weight within ``radius``.

    Parameters
    ----------
    cost : array_like (n, m) or scipy.sparse matrix
        Demand x site costs; site j covers demand i when ``cost[i, j] <= radius``.
    radius : float
        Service radius.
    p : int
        Number of open sites, 1 <= p <= m (fixed sites included).
    weights : array_like (n,), optional
        Demand weights (default 1).
    fixed : array_like of int, optional
        Sites already open.
    max_nodes : int
        Branch-and-bound nodes at most; a search that stops on it returns its best siting with
        the root bound (``gap > 0``, "not proven").

    Returns
    -------
    LocationResult
        ``sites``, ``objective`` (covered weight), ``covered``, upper ``bound`` and ``gap``.
    """
    c = _cost_arg(cost)
    return _to_result(
        "mclp", _core._mclp(c, number(radius, "radius", minimum=0, finite=False), _count(p, "p"), _weights(weights, c), _fixed(fixed),
                            _count(max_nodes, "max_nodes"))
    )


def orlib_pmed_costs(path) -> tuple[np.ndarray, int]:
    """Cost matrix and p of an OR-Library p-median file (``pmedN.txt``).

    Built as Beasley prescribes: the last line of a duplicated edge wins, then all-pairs
    shortest paths.

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    (numpy.ndarray, int)
        The n x n cost matrix and the instance's p.
    """
    import os

    return _core._orlib_pmed_costs(os.fspath(path))


# ---- the model side --------------------------------------------------------------------------

AUDIT_COLUMNS = ["rule", "severity", "kind", "code", "detail"]

LIFE_CIRCLES = {"5-minute": 300.0, "10-minute": 500.0, "15-minute": 1000.0}
"""The walking life circles of GB 50180-2018 (5, 10 and 15 minutes) in metres."""


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _core_model(model):
    core = getattr(model, "_core", model)
    if not isinstance(core, _core.Model):
        raise InputError(tr("expected a gridgov.Model, got {type}", type=type(model).__name__))
    return core


def audit(
    model,
    *,
    grid_households: tuple[int, int] = (150, 600),
    worker_households: tuple[int, int] = (150, 600),
):
    """Coverage audit of a grid model: one row per finding, empty when the model is sound.

    Parameters
    ----------
    model : gridgov.Model
        The model (the findings its validation kept under ``freeze(validate="defer")`` come
        first).
    grid_households : (int, int)
        Allowed households per residential grid (inclusive).
    worker_households : (int, int)
        Allowed households per full-time worker (the residential grids it serves, shared
        among their full-time workers).

    Returns
    -------
    pandas.DataFrame
        Columns ``rule, severity, kind, code, detail``. Rules: household_no_grid,
        building_no_grid, place_no_grid, building_two_grids, grid_no_community,
        grid_two_communities, grid_no_fulltime_worker, grid_no_party_group,
        special_place_not_in_special_grid, worker_no_grid, grid_households_out_of_bounds,
        worker_households_out_of_bounds, grid_not_connected, community_no_service_station,
        community_no_command_centre.
    """
    import pandas as pd

    bounds = []
    for pair, what in ((grid_households, "grid_households"), (worker_households, "worker_households")):
        if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise InputError(tr("{what} must be a (lowest, highest) pair of household counts, got {pair}",
                                what=what, pair=repr(pair)))
        bounds += [whole(x, f"{what}[{i}]", minimum=0, maximum=2**63 - 1) for i, x in enumerate(pair)]
    rows = _core._audit(_core_model(model), *bounds)
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS)


@dataclass
class Reach:
    """Households' distance to the nearest facility of a kind (see :func:`reach`).

    Attributes
    ----------
    households : pandas.DataFrame
        One row per household: ``household, building, community, facility, distance, within``.
    life_circles : pandas.DataFrame
        ``circle, radius, households, share`` for the 5-, 10- and 15-minute life circles.
    by_community : pandas.DataFrame
        ``community, households, out_of_reach, share_within`` (out of reach = farther than the
        radius, unlocated, or cut off from every facility).
    radius : float
    metric : str
    facility : str
    """

    households: Any
    life_circles: Any
    by_community: Any
    radius: float
    metric: str
    facility: str

    @property
    def share_within(self) -> float:
        """Share of all households within the radius."""
        return float(self.households["within"].mean()) if len(self.households) else float("nan")


def reach(model, facility: str = "service_station", radius: float = 500.0, metric: str = "euclidean",
          *, circles: Optional[dict] = None, network=None) -> Reach:
    """Each household's distance to its nearest facility, and the share within reach.

    Parameters
    ----------
    model : gridgov.Model
        Households stand at their building's x, y.
    facility : str
        Subkind (or kind) of the facilities: ``service_station``, ``command_centre``,
        ``school``, ``hospital`` …
    radius : float
        Service radius in metres (``within`` = distance <= radius).
    metric : {"euclidean", "network"}
        Straight line, or shortest path over the model's ``road`` links (weights in metres), or
        over ``network`` when given.
    circles : dict, optional
        Named radii to summarise (default :data:`LIFE_CIRCLES`).
    network : networkx graph, optional
        A street graph beside the model (e.g. OSMnx's, ``length`` in metres on the edges, ``x``,
        ``y`` on the nodes), with ``metric="network"``. Every building and facility stands at
        the graph node nearest to it (the walk to that node is not added). A graph in
        longitude/latitude, or in another CRS named in ``graph["crs"]`` (through pyproj), is
        placed by the model's WGS-84 origin; a graph naming no CRS must be in the model's metres.

    Returns
    -------
    Reach
    """
    import pandas as pd

    radius = number(radius, "radius", minimum=0)
    for value, what in ((facility, "facility"), (metric, "metric")):
        if not isinstance(value, str) or not value or not _utf8(value):
            raise InputError(tr("{what} must be a non-empty name, got {value}", what=what, value=repr(value)))
    if circles is not None and not isinstance(circles, Mapping):
        raise InputError(tr("circles must map names to radii, got {type}", type=type(circles).__name__))
    circles = {str(name): number(r, f"circles[{name!r}]", minimum=0) for name, r in (circles or LIFE_CIRCLES).items()}
    if network is None:
        d = _core._reach(_core_model(model), facility, metric)
    else:
        if metric != "network":
            raise InputError(tr("a street network is walked with metric='network', got metric={metric}",
                                metric=repr(metric)))
        if not _street.is_networkx(network):
            raise InputError(tr("network must be a networkx graph (e.g. an OSMnx street graph)"))
        core = _core_model(model)
        arrays = _street.street_arrays(network)
        nodes_xy = _street.in_model_frame(network, _street.node_xy(network, arrays.nodes), dict(core.metadata()))
        xy = np.column_stack([np.asarray(core.x(), dtype=np.float64), np.asarray(core.y(), dtype=np.float64)])
        located = np.isfinite(xy).all(axis=1)
        node_of = np.full(len(xy), -1, dtype=np.int32)
        node_of[located] = _street.nearest_nodes(nodes_xy, xy[located])
        d = _core._reach_street_network(core, facility, arrays.offsets, arrays.targets, arrays.lengths, node_of)
    dist = np.asarray(d["distance"])
    within = dist <= radius  # NaN (unlocated) and inf (cut off) compare False
    households = pd.DataFrame(
        {
            "household": d["household"],
            "building": d["building"],
            "community": d["community"],
            "facility": d["facility"],
            "distance": dist,
            "within": within,
        }
    )
    total = len(households)
    life = pd.DataFrame(
        [
            {"circle": name, "radius": float(r), "households": int((dist <= r).sum()),
             "share": float((dist <= r).sum() / total) if total else float("nan")}
            for name, r in circles.items()
        ]
    )
    grouped = households.groupby("community", dropna=False)["within"]
    by_community = pd.DataFrame(
        {"households": grouped.size(), "out_of_reach": grouped.apply(lambda s: int((~s).sum())),
         "share_within": grouped.mean()}
    ).reset_index()
    return Reach(households, life, by_community, radius, str(metric), str(facility))
