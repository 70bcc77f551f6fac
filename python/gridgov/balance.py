"""Workload balancing: contiguous, balanced grids and worker assignment.

:func:`partition` cuts a graph (buildings, census units ...) into ``k`` parts that are each
connected and whose weight lies within ``[(1 - tol), (1 + tol)] x total / k`` in every weight
column, or says why that is impossible. :func:`partition_quality` measures any plan with the same
ruler. :func:`assign` places workers on grids at least total cost by min-cost flow.

Graphs are given as a symmetric ``scipy.sparse`` adjacency matrix (values are ignored; explicit
zeros count as edges) or as an ``(m, 2)`` integer array of undirected edges. **Duplicate edges
are accepted and merged** (an edge listed twice, or in both directions, is one edge); self loops
and an adjacency matrix that is not symmetric are rejected with :class:`gg.InputError`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from . import _args
from ._core_ref import core as _core
from .errors import InfeasibleError, InfeasibleWarning, InputError
from .messages import core_text, tr

__all__ = ["partition", "partition_quality", "assign", "graph_to_csr", "Csr"]


class Csr(NamedTuple):
    """A graph already in CSR form: neighbours of ``v`` are ``targets[offsets[v]:offsets[v + 1]]``.

    Passing one to :func:`partition` or :func:`partition_quality` skips the conversion, so a graph
    used many times is converted once (see :func:`graph_to_csr`).
    """

    offsets: np.ndarray  #: int64, n + 1 entries
    targets: np.ndarray  #: int32


def graph_to_csr(graph: Any, n: int | None = None) -> Csr:
    """Convert a graph to CSR arrays.

    Parameters
    ----------
    graph : scipy.sparse matrix, array_like of shape (m, 2), networkx.Graph, or Csr
        A square symmetric adjacency matrix (any scipy.sparse format), undirected edges, an
        undirected networkx graph (nodes numbered in ``graph.nodes`` order), or a :class:`Csr`
        (returned as is, with its arrays made contiguous int64/int32).
    n : int, optional
        Least number of nodes for an edge array (isolated nodes have no edge to show them); the
        largest node id + 1 when that is more. Ignored for a matrix.

    Returns
    -------
    Csr
        ``offsets`` (int64, n + 1) and ``targets`` (int32); duplicate edges merged.

    Raises
    ------
    gg.InputError
        For a non-square matrix, an edge array of the wrong shape, or negative node ids.
    """
    if isinstance(graph, Csr):
        return Csr(np.ascontiguousarray(graph.offsets, dtype=np.int64), np.ascontiguousarray(graph.targets, dtype=np.int32))
    if _is_networkx(graph):
        return _networkx_csr(graph)[0]
    if hasattr(graph, "tocsr") and hasattr(graph, "shape"):
        if len(graph.shape) != 2 or graph.shape[0] != graph.shape[1]:
            raise InputError(tr("graph: adjacency matrix must be square, got shape {shape}", shape=graph.shape))
        csr = graph.tocsr()
        if not csr.has_canonical_format:
            csr = csr.copy()
            csr.sum_duplicates()  # duplicate entries become one edge
        offsets = np.ascontiguousarray(csr.indptr, dtype=np.int64)
        targets = np.ascontiguousarray(csr.indices, dtype=np.int32)
        return Csr(offsets, targets)
    edges = np.asarray(graph)
    if edges.size == 0:
        edges = edges.reshape(0, 2)
    if edges.ndim != 2 or edges.shape[1] != 2:
        raise InputError(
            tr("graph: expected a scipy.sparse adjacency matrix or an (m, 2) edge array, got shape {shape}",
               shape=edges.shape)
        )
    if not np.issubdtype(edges.dtype, np.integer):
        if not np.all(np.isfinite(edges)) or not np.all(edges == np.round(edges)):
            raise InputError(tr("graph: edge array must hold whole node ids"))
    edges = edges.astype(np.int64)
    if edges.size and edges.min() < 0:
        raise InputError(tr("graph: edge array names node {min}; node ids start at 0", min=int(edges.min())))
    n = max(int(n or 0), int(edges.max()) + 1 if edges.size else 0)
    return Csr(*_core._csr_from_edges(int(n), edges))


def _is_networkx(graph: Any) -> bool:
    """A networkx graph (duck-typed, so networkx stays an optional dependency)."""
    return all(hasattr(graph, a) for a in ("adj", "nodes", "is_directed", "number_of_edges"))


def _networkx_csr(graph: Any) -> tuple[Csr, list]:
    """CSR arrays of an undirected networkx graph (nodes numbered in ``graph.nodes`` order,
    parallel edges of a multigraph merged) and that node list."""
    if graph.is_directed():
        raise InputError(tr("graph: a directed networkx graph; parts are cut from undirected adjacency, so pass "
                            "graph.to_undirected()"))
    nodes = list(graph.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    pairs = []
    for u, v in graph.edges():
        if u == v:
            raise InputError(tr("graph: node {u} has a self loop; remove it (networkx.selfloop_edges lists them)",
                                u=repr(u)))
        pairs.append((index[u], index[v]))
    edges = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return Csr(*_core._csr_from_edges(len(nodes), edges)), nodes


def _node_values(graph: Any, nodes: list, value: Any, what: str, numeric: bool) -> Any:
    """`value` for every node of a networkx graph, in ``nodes`` order: a node attribute name (for
    weights also a list of names, one column each), a mapping node -> value, or anything else
    as it is (an array already in ``graph.nodes`` order). A node without the attribute or the
    key, or a weight that is not a number, is an InputError naming the node."""
    if value is None:
        return None
    names = [value] if isinstance(value, str) else None
    if numeric and isinstance(value, (list, tuple)) and value and all(isinstance(x, str) for x in value):
        names = list(value)
    if names is None and not isinstance(value, Mapping):
        return value
    columns = []
    for name in names or [None]:
        column = []
        for v in nodes:
            source = graph.nodes[v] if name is not None else value
            key = name if name is not None else v
            if key not in source:
                raise InputError(tr("{what}: node {v} has no attribute {name}", what=what, v=repr(v), name=repr(name))
                                 if name is not None else tr("{what}: no value for node {v}", what=what, v=repr(v)))
            x = source[key]
            if numeric:
                try:
                    x = float(x)
                except (TypeError, ValueError):
                    raise InputError(tr("{what}: node {v} has {x} in {name}, not a number", what=what, v=repr(v), x=repr(x),
                                        name=repr(name)) if name else
                                     tr("{what}: node {v} has {x}, not a number", what=what, v=repr(v), x=repr(x))) from None
            column.append(x)
        columns.append(column)
    if numeric:
        a = np.asarray(columns, dtype=np.float64)
        return a[0] if names is None or isinstance(value, str) else np.ascontiguousarray(a.T)
    column = columns[0]
    whole = [isinstance(x, (int, np.integer)) and not isinstance(x, bool) for x in column]
    if all(whole):
        return np.asarray(column, dtype=np.int64)
    if what != "regions":
        v = nodes[whole.index(False)]
        raise InputError(tr("{what}: node {v} has {column}, not a whole number",
                            what=what, v=repr(v), column=repr(column[whole.index(False)])))
    # Region names (community codes, say): numbered 0 .. R-1 in sorted order.
    try:
        return np.unique(np.asarray(column), return_inverse=True)[1].reshape(-1)
    except TypeError:
        raise InputError(tr("{what}: node values must be whole numbers or names of one type", what=what)) from None


def _node_count(weights: Any) -> int:
    """Number of nodes implied by the weights (an edge list alone cannot name isolated nodes)."""
    w = _args.floats(weights, "weights")
    return int(w.shape[0]) if w.ndim >= 1 else 0


def _weights(weights: Any, n: int) -> np.ndarray:
    w = _args.floats(weights, "weights")
    if w.ndim not in (1, 2) or w.shape[0] != n:
        raise InputError(tr("weights: expected shape ({n},) or ({n}, d), got {shape}", n=n, shape=w.shape))
    return np.ascontiguousarray(w)


def _labels(name: str, values: Any, n: int) -> np.ndarray | None:
    if values is None:
        return None
    a = np.asarray(values)
    if a.ndim != 1 or a.shape[0] != n:
        raise InputError(tr("{name}: expected one entry per node ({n},), got shape {shape}",
                            name=name, n=n, shape=a.shape))
    if a.size and not np.issubdtype(a.dtype, np.integer):
        try:
            f = a.astype(np.float64)
        except (TypeError, ValueError):
            raise InputError(tr("{name}: entries must be whole numbers, got dtype {dtype}", name=name, dtype=a.dtype)) from None
        bad = ~np.isfinite(f) | (f != np.round(f))
        if bad.any():
            v = int(np.flatnonzero(bad)[0])
            raise InputError(tr("{name}: node {v} has {a}; entries must be whole numbers", name=name, v=v, a=a[v]))
        a = f
    if a.size:
        # Before the int32 cast: a label of 2**32 + 4 would wrap to 4.
        bad = (a > np.iinfo(np.int32).max) | (a < np.iinfo(np.int32).min)
        if bad.any():
            v = int(np.flatnonzero(bad)[0])
            raise InputError(tr("{name}: node {v} has {a}, out of range for a part or region number",
                                name=name, v=v, a=int(a[v])))
    return np.ascontiguousarray(a, dtype=np.int32)


def _whole_numbers(name: str, value: Any) -> list[int]:
    """`value` (one number or a 1-d sequence) as Python ints, never through a fixed-width cast
    (2**32 + 4 stays itself); an InputError naming `name` for anything not a whole number."""
    a = np.atleast_1d(np.asarray(value, dtype=object))
    if a.ndim != 1 or a.size == 0:
        raise InputError(tr("{name}: expected a number or one number per region, got shape {shape}",
                            name=name, shape=a.shape))
    out = []
    for x in a:
        if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, np.integer, float, np.floating)):
            raise InputError(tr("{name} must be a whole number, got {value}", name=name, value=repr(value)))
        if isinstance(x, (float, np.floating)) and not (np.isfinite(x) and float(x).is_integer()):
            raise InputError(tr("{name} must be a whole number, got {value}", name=name, value=repr(value)))
        out.append(int(x))
    return out


def partition(
    graph: Any,
    weights: Any,
    k: int | Any,
    *,
    tol: float = 0.05,
    seed: int = 0,
    regions: Any = None,
    fixed: Any = None,
    initial: Any = None,
    bounds: tuple[Any, Any] | None = None,
    strict: bool = True,
    vcycles: int = 1,
    return_report: bool = False,
) -> np.ndarray | tuple[np.ndarray, dict]:
    """Cut a graph into contiguous parts of balanced weight.

    Parameters
    ----------
    graph : scipy.sparse matrix, array_like of shape (m, 2), networkx.Graph, or Csr
        Symmetric adjacency, undirected edges (duplicates merged; self loops rejected), or an
        undirected networkx graph: its nodes are numbered in ``graph.nodes`` order, which is the
        order of the returned labels; ``weights``, ``regions``, ``fixed`` and ``initial`` may
        then name a node attribute (``weights`` also a list of them) or be a dict keyed by node.
    weights : array_like, shape (n,) or (n, d)
        Non-negative finite workload per node, one column per measure (zero is allowed).
    k : int or array_like of int
        Number of parts, or with ``regions`` one number per region. A single ``k`` with
        ``regions`` is spread over the regions in proportion to column-0 weight (largest
        remainder, at least one part per region), so the parts add up to ``k``.
    tol : float, default 0.05
        Every part's weight must lie within ``[(1 - tol), (1 + tol)] x ideal`` in every column,
        where the ideal is its region's total over its region's number of parts.
    seed : int, default 0
        Same seed, same labels.
    regions : array_like of int, shape (n,), optional
        Region of every node; no part crosses a region boundary. With one ``k`` any labels
        >= 0 will do (community ids, say); with one ``k`` per region, regions are 0 .. R-1 and
        ``k[r]`` belongs to region r.
    fixed : array_like of int, shape (n,), optional
        Part a node is pinned to, or -1.
    initial : array_like of int, shape (n,), optional
        The current plan (every part connected, none empty). The result stays close to it: only
        the moves needed to restore balance are made; ``report["moved_nodes"]`` and
        ``report["moved_weight"]`` say what moved.
    bounds : (lo, hi), optional
        Absolute part-weight bounds (scalars or one per column), instead of ``tol``.
    strict : bool, default True
        When no plan meets every guarantee, raise :class:`gg.InfeasibleError`. With
        ``strict=False`` return the best plan found and emit :class:`gg.InfeasibleWarning` naming
        the violations.
    vcycles : int, default 1
        V-cycles (0 .. 16) after the first plan where parts hold 20 nodes or more: the plan is
        coarsened again inside its parts and refined on the way up, with the flows left to the
        cycles, and a cycle's plan is kept only when it cuts fewer edges (same seed: a further
        cycle never cuts more). One cycle cut 0.4-1.4 % fewer edges than none for 1.2 times the
        instructions on the benchmark's graphs with large parts; 0 is the faster choice.
    return_report : bool, default False
        Also return the report dict (violations, moved nodes/weight, each part's region and
        bounds).

    Returns
    -------
    labels : numpy.ndarray of int32, shape (n,)
        Part of every node, in ``[0, k)``; with regions, region r owns a consecutive block of
        part numbers.
    report : dict
        Only with ``return_report=True``.

    Raises
    ------
    gg.InputError
        Malformed graph (asymmetric, self loop), bad weights (negative, NaN), ``k < 1``,
        regions/fixed/initial of the wrong length or out of range, a disconnected initial part.
    gg.InfeasibleError
        The constraints cannot all be met (a node heavier than the upper bound, ``k > n``, a
        component lighter than a part's lower bound ..., or, for a small fine-grained graph, an
        exhaustive search of every connected plan proves it: the message then says so) or no
        plan meeting them was found; the message names the constraint and the nodes or parts.
        The exception's ``proven`` attribute is True exactly when the message is a proof that no
        plan exists (arithmetic on the input, or an exhaustive search), False when the search
        gave up; branch on it, not on the wording.

    Notes
    -----
    On a graph that is not connected, parts never span components and every component gets a
    number of parts in proportion to its weight.
    """
    if _is_networkx(graph):
        graph, nodes = _networkx_csr(graph_nx := graph)
        weights = _node_values(graph_nx, nodes, weights, "weights", numeric=True)
        regions = _node_values(graph_nx, nodes, regions, "regions", numeric=False)
        fixed = _node_values(graph_nx, nodes, fixed, "fixed", numeric=False)
        initial = _node_values(graph_nx, nodes, initial, "initial", numeric=False)
    offsets, targets = graph_to_csr(graph, _node_count(weights))
    n = len(offsets) - 1
    w = _weights(weights, n)
    d = 1 if w.ndim == 1 else w.shape[1]
    k_list = _whole_numbers("k", k)
    if min(k_list) < 1:
        raise InputError(tr("k must be at least 1, got {k}", k=repr(k)))
    # Checked on Python ints before the int32 cast (2**32 + 4 would wrap to 4): more parts than
    # nodes is impossible, as the C++ check says for the values that fit.
    k_sum = sum(k_list)
    if k_sum > n:
        over = core_text("partition.over_regions") if len(k_list) > 1 else ""
        exc = InfeasibleError(core_text("partition.k_above_nodes", k=k_sum, over=over, n=n))
        exc.proven = True
        raise exc
    ks = np.asarray(k_list, dtype=np.int32)
    lower = upper = None
    if bounds is not None:
        if len(bounds) != 2:
            raise InputError(tr("bounds: expected (lo, hi)"))
        lower = np.broadcast_to(np.asarray(bounds[0], dtype=np.float64), (d,)).copy()
        upper = np.broadcast_to(np.asarray(bounds[1], dtype=np.float64), (d,)).copy()
    tol = _args.number(tol, "tol")
    if not (0.0 <= tol < 1.0) and bounds is None:
        raise InputError(tr("tol must lie in [0, 1), got {tol}", tol=tol))
    reg = _labels("regions", regions, n)
    if reg is not None and reg.size and reg.min() < 0:
        raise InputError(tr("regions: node {argmin} has negative region {min}",
                            argmin=int(np.argmin(reg)), min=int(reg.min())))
    if reg is not None and reg.size and ks.size == 1:
        # With one k, region labels are only names: number them 0 .. R-1 in sorted order.
        reg = np.unique(reg, return_inverse=True)[1].astype(np.int32).reshape(-1)
    fix = _labels("fixed", fixed, n)
    ktot = k_sum
    if fix is not None and fix.size and (fix.min() < -1 or fix.max() >= ktot):
        bad = int(np.flatnonzero((fix < -1) | (fix >= ktot))[0])
        raise InputError(tr("fixed: node {bad} is pinned to part {fix}, outside [0, {ktot}) (-1 = free)",
                            bad=bad, fix=int(fix[bad]), ktot=ktot))
    ini = _labels("initial", initial, n)
    if ini is not None and ini.size and (ini.min() < 0 or ini.max() >= ktot):
        bad = int(np.flatnonzero((ini < 0) | (ini >= ktot))[0])
        raise InputError(tr("initial: node {bad} is in part {ini}, outside [0, {ktot})",
                            bad=bad, ini=int(ini[bad]), ktot=ktot))
    labels, report = _core._partition(
        offsets, targets, w, ks, tol, lower, upper, _args.seed(seed), reg, fix, ini, bool(strict),
        _args.whole(vcycles, "vcycles"),
    )
    if report["violations"]:
        shown = core_text("list.separator").join(report["violations"][:8])
        more = tr(" (and {count} more)", count=len(report["violations"]) - 8) if len(report["violations"]) > 8 else ""
        warnings.warn(tr("partition: the plan breaks its constraints: {shown}{more}", shown=shown, more=more),
                      InfeasibleWarning, stacklevel=2)
    if return_report:
        return labels, report
    return labels


def partition_quality(graph: Any, weights: Any, labels: Any, k: int | None = None) -> dict:
    """Measure a plan: balance, cut, connectivity and empty parts.

    Parameters
    ----------
    graph : scipy.sparse matrix, array_like of shape (m, 2), networkx.Graph, or Csr
        As for :func:`partition`.
    weights : array_like, shape (n,) or (n, d)
        Node weights (for a networkx graph also a node attribute name, names, or a dict).
    labels : array_like of int, shape (n,)
        Part of every node (for a networkx graph also a node attribute name or a dict).
    k : int, optional
        Number of parts (default ``labels.max() + 1``), at most the number of nodes; parts
        without nodes count as empty. Labels must lie in ``[0, k)`` (by default in ``[0, n)``).

    Returns
    -------
    dict
        ``parts`` (k), ``max_ratio`` and ``min_ratio`` (numpy arrays, one entry per weight column:
        heaviest and lightest part over ``total / k``), ``cut_edges``, ``disconnected_parts``,
        ``empty_parts``, ``part_weight`` (k x d) and ``pieces`` (connected pieces per part).
    """
    if _is_networkx(graph):
        graph, nodes = _networkx_csr(graph_nx := graph)
        weights = _node_values(graph_nx, nodes, weights, "weights", numeric=True)
        labels = _node_values(graph_nx, nodes, labels, "labels", numeric=False)
    offsets, targets = graph_to_csr(graph, _node_count(weights))
    n = len(offsets) - 1
    w = _weights(weights, n)
    lab = _labels("labels", labels, n)
    if k is not None:
        # A plan of n nodes has at most n parts; k sizes the per-part arrays, so it is checked
        # here (before any cast) and again in C++.
        ks = _whole_numbers("k", k)
        if np.ndim(k) != 0 or not 1 <= ks[0] <= max(n, 1):
            raise InputError(tr("k: must be a whole number in [1, {n}] (at most one part per node), got {k}",
                                n=max(n, 1), k=repr(k)))
        k = ks[0]
    return _core._partition_quality(offsets, targets, w, lab, -1 if k is None else k)


def assign(cost: Any, capacity: Any, *, minimum: Any = None) -> np.ndarray:
    """Assign every worker to one grid at least total cost (min-cost flow).

    Parameters
    ----------
    cost : array_like, shape (workers, grids)
        Cost of each worker serving each grid (e.g. walking metres from home); ``inf`` means the
        worker cannot serve that grid.
    capacity : int or array_like of int, shape (grids,)
        Most workers a grid takes.
    minimum : int or array_like of int, shape (grids,), optional
        Fewest workers a grid needs.

    Returns
    -------
    numpy.ndarray of int32, shape (workers,)
        The grid of each worker.

    Raises
    ------
    gg.InfeasibleError
        Capacities too small for the workers, minimums larger than the workers, or a worker or
        grid no allowed pair can satisfy.
    gg.InputError
        Wrong shapes, NaN costs, negative capacities.
    """
    c = _args.floats(cost, "cost")
    if c.ndim != 2:
        raise InputError(tr("cost: expected a (workers, grids) array, got shape {shape}", shape=c.shape))
    grids = c.shape[1]
    cap = _per_grid(capacity, "capacity", grids)
    mn = None if minimum is None else _per_grid(minimum, "minimum", grids)
    grid, _total = _core._assign(c, cap, mn)
    return grid


def _per_grid(value: Any, name: str, grids: int) -> np.ndarray:
    """One whole number per grid (a scalar is every grid's), as int64, or an InputError naming
    `name` and the grid."""
    a = _args.floats(value, name)
    if a.ndim <= 1 and a.size == 1:  # one number for every grid
        a = np.full(grids, float(a.reshape(-1)[0]))
    if a.shape != (grids,):
        raise InputError(tr("{name}: expected one whole number per grid ({grids}, the columns of cost), got "
                            "shape {shape}",
                            name=name, grids=grids, shape=a.shape))
    bad = ~np.isfinite(a) | (a != np.round(a)) | (np.abs(a) >= 2.0**63)
    if bad.any():
        g = int(np.flatnonzero(bad)[0])
        raise InputError(tr("{name}: grid {g} has {value}, not a whole number",
                            name=name, g=g, value=repr(value if np.ndim(value) == 0 else a[g])))
    return a.astype(np.int64)
