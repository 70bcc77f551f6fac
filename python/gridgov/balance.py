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
from typing import Any, NamedTuple

import numpy as np

from ._core_ref import core as _core
from .errors import InfeasibleWarning, InputError

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
    graph : scipy.sparse matrix, array_like of shape (m, 2), or Csr
        A square symmetric adjacency matrix (any scipy.sparse format), undirected edges, or a
        :class:`Csr` (returned as is, with its arrays made contiguous int64/int32).
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
    if hasattr(graph, "tocsr") and hasattr(graph, "shape"):
        if len(graph.shape) != 2 or graph.shape[0] != graph.shape[1]:
            raise InputError(f"graph: adjacency matrix must be square, got shape {graph.shape}")
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
            f"graph: expected a scipy.sparse adjacency matrix or an (m, 2) edge array, got shape {edges.shape}"
        )
    if not np.issubdtype(edges.dtype, np.integer):
        if not np.all(np.isfinite(edges)) or not np.all(edges == np.round(edges)):
            raise InputError("graph: edge array must hold whole node ids")
    edges = edges.astype(np.int64)
    if edges.size and edges.min() < 0:
        raise InputError(f"graph: edge array names node {int(edges.min())}; node ids start at 0")
    n = max(int(n or 0), int(edges.max()) + 1 if edges.size else 0)
    return Csr(*_core._csr_from_edges(int(n), edges))


def _node_count(weights: Any) -> int:
    """Number of nodes implied by the weights (an edge list alone cannot name isolated nodes)."""
    return int(np.shape(weights)[0]) if np.ndim(weights) >= 1 else 0


def _weights(weights: Any, n: int) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim not in (1, 2) or w.shape[0] != n:
        raise InputError(f"weights: expected shape ({n},) or ({n}, d), got {w.shape}")
    return np.ascontiguousarray(w)


def _labels(name: str, values: Any, n: int) -> np.ndarray | None:
    if values is None:
        return None
    a = np.asarray(values)
    if a.ndim != 1 or a.shape[0] != n:
        raise InputError(f"{name}: expected one entry per node ({n},), got shape {a.shape}")
    if a.size and not np.issubdtype(a.dtype, np.integer):
        if not np.all(np.isfinite(a)) or not np.all(a == np.round(a)):
            raise InputError(f"{name}: entries must be whole numbers")
    if a.size and (a.max() > np.iinfo(np.int32).max or a.min() < np.iinfo(np.int32).min):
        raise InputError(f"{name}: entries out of range")
    return np.ascontiguousarray(a, dtype=np.int32)


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
    return_report: bool = False,
) -> np.ndarray | tuple[np.ndarray, dict]:
    """Cut a graph into contiguous parts of balanced weight.

    Parameters
    ----------
    graph : scipy.sparse matrix, array_like of shape (m, 2), or Csr
        Symmetric adjacency or undirected edges (duplicates merged; self loops rejected).
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

    Notes
    -----
    On a graph that is not connected, parts never span components and every component gets a
    number of parts in proportion to its weight.
    """
    offsets, targets = graph_to_csr(graph, _node_count(weights))
    n = len(offsets) - 1
    w = _weights(weights, n)
    d = 1 if w.ndim == 1 else w.shape[1]
    ks = np.atleast_1d(np.asarray(k))
    if ks.ndim != 1 or ks.size == 0:
        raise InputError(f"k: expected a number or one number per region, got shape {ks.shape}")
    if not np.issubdtype(ks.dtype, np.integer):
        if not np.all(np.isfinite(ks.astype(float))) or not np.all(ks == np.round(ks)):
            raise InputError(f"k must be a whole number, got {k!r}")
    if np.any(ks < 1):
        raise InputError(f"k must be at least 1, got {k!r}")
    ks = ks.astype(np.int32)
    lower = upper = None
    if bounds is not None:
        if len(bounds) != 2:
            raise InputError("bounds: expected (lo, hi)")
        lower = np.broadcast_to(np.asarray(bounds[0], dtype=np.float64), (d,)).copy()
        upper = np.broadcast_to(np.asarray(bounds[1], dtype=np.float64), (d,)).copy()
    tol = float(tol)
    if not (0.0 <= tol < 1.0) and bounds is None:
        raise InputError(f"tol must lie in [0, 1), got {tol}")
    reg = _labels("regions", regions, n)
    if reg is not None and reg.size and reg.min() < 0:
        raise InputError(f"regions: node {int(np.argmin(reg))} has negative region {int(reg.min())}")
    if reg is not None and reg.size and ks.size == 1:
        # With one k, region labels are only names: number them 0 .. R-1 in sorted order.
        reg = np.unique(reg, return_inverse=True)[1].astype(np.int32).reshape(-1)
    fix = _labels("fixed", fixed, n)
    ktot = int(ks.sum()) if ks.size > 1 else int(ks[0])
    if fix is not None and fix.size and (fix.min() < -1 or fix.max() >= ktot):
        bad = int(np.flatnonzero((fix < -1) | (fix >= ktot))[0])
        raise InputError(f"fixed: node {bad} is pinned to part {int(fix[bad])}, outside [0, {ktot}) (-1 = free)")
    ini = _labels("initial", initial, n)
    if ini is not None and ini.size and (ini.min() < 0 or ini.max() >= ktot):
        bad = int(np.flatnonzero((ini < 0) | (ini >= ktot))[0])
        raise InputError(f"initial: node {bad} is in part {int(ini[bad])}, outside [0, {ktot})")
    labels, report = _core._partition(
        offsets, targets, w, ks, tol, lower, upper, int(seed) & (2**64 - 1), reg, fix, ini, bool(strict)
    )
    if report["violations"]:
        shown = "; ".join(report["violations"][:8])
        more = f" (and {len(report['violations']) - 8} more)" if len(report["violations"]) > 8 else ""
        warnings.warn(f"partition: the plan breaks its constraints: {shown}{more}", InfeasibleWarning, stacklevel=2)
    if return_report:
        return labels, report
    return labels


def partition_quality(graph: Any, weights: Any, labels: Any, k: int | None = None) -> dict:
    """Measure a plan: balance, cut, connectivity and empty parts.

    Parameters
    ----------
    graph : scipy.sparse matrix, array_like of shape (m, 2), or Csr
        As for :func:`partition`.
    weights : array_like, shape (n,) or (n, d)
        Node weights.
    labels : array_like of int, shape (n,)
        Part of every node.
    k : int, optional
        Number of parts (default ``labels.max() + 1``); parts without nodes count as empty.

    Returns
    -------
    dict
        ``parts`` (k), ``max_ratio`` and ``min_ratio`` (numpy arrays, one entry per weight column:
        heaviest and lightest part over ``total / k``), ``cut_edges``, ``disconnected_parts``,
        ``empty_parts``, ``part_weight`` (k x d) and ``pieces`` (connected pieces per part).
    """
    offsets, targets = graph_to_csr(graph, _node_count(weights))
    n = len(offsets) - 1
    w = _weights(weights, n)
    lab = _labels("labels", labels, n)
    return _core._partition_quality(offsets, targets, w, lab, -1 if k is None else int(k))


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
    c = np.asarray(cost, dtype=np.float64)
    if c.ndim != 2:
        raise InputError(f"cost: expected a (workers, grids) array, got shape {c.shape}")
    grids = c.shape[1]
    cap = np.broadcast_to(np.asarray(capacity), (grids,))
    if not np.issubdtype(cap.dtype, np.integer) and not np.all(cap == np.round(cap)):
        raise InputError("capacity must be whole numbers")
    mn = None
    if minimum is not None:
        mn = np.broadcast_to(np.asarray(minimum), (grids,))
        if not np.issubdtype(mn.dtype, np.integer) and not np.all(mn == np.round(mn)):
            raise InputError("minimum must be whole numbers")
        mn = np.ascontiguousarray(mn, dtype=np.int64)
    grid, _total = _core._assign(np.ascontiguousarray(c), np.ascontiguousarray(cap, dtype=np.int64), mn)
    return grid
