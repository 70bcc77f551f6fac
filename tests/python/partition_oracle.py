"""Exhaustive oracles for contiguous, balanced partitioning, written from the definition and
independently of gridgov's search. The tests use them to confirm gridgov's claims that no plan
exists and to catch a feasible plan called impossible.

:func:`find_plan` (at most 16 nodes) is the plainest: every subset of the nodes is a bit mask;
the subsets that are connected and weigh inside ``[lo, hi]`` in every column are the possible
parts; a plan is k disjoint possible parts covering every node. Whether one exists is decided by
a memoised search that always gives the lowest unassigned node its part next (every plan has one
part holding it, so nothing is missed).

:func:`search_plan` decides larger graphs with few nodes a part (a few dozen nodes) the same way,
but enumerates only the connected sets around the lowest unassigned node (each exactly once), and
drops a branch when a connected piece of the unassigned nodes cannot hold a whole number of
parts. It gives up (raises :class:`Undecided`) after a budget of sets, so a test never waits
long; it is checked against :func:`find_plan` on small graphs.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

#: Largest graph the oracle takes (2^16 subsets).
MAX_NODES = 16


def inside(part_weight: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> bool:
    """The rule gridgov's result check applies: inside up to 1e-9 of the bound (rounding)."""
    slack = 1e-9 * np.maximum(1.0, hi)
    return bool(np.all(part_weight <= hi + slack) and np.all(part_weight >= lo - slack))


def bounds(weights: np.ndarray, k: int, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """``(1 -/+ tol) x total / k`` per column, as gg.partition computes them."""
    w = weights.reshape(len(weights), -1)
    ideal = w.sum(axis=0) / k
    return (1 - tol) * ideal, (1 + tol) * ideal


def find_plan(n: int, edges: np.ndarray, weights: np.ndarray, k: int, lo, hi) -> np.ndarray | None:
    """Labels of a plan of k connected parts inside [lo, hi], or None when none exists."""
    if n > MAX_NODES:
        raise ValueError(f"the oracle takes at most {MAX_NODES} nodes, got {n}")
    if k < 1 or k > n:
        return None
    w = np.asarray(weights, dtype=np.float64).reshape(n, -1)
    lo = np.broadcast_to(np.asarray(lo, dtype=np.float64), (w.shape[1],))
    hi = np.broadcast_to(np.asarray(hi, dtype=np.float64), (w.shape[1],))
    neighbours = [0] * n
    for a, b in np.asarray(edges, dtype=np.int64).reshape(-1, 2):
        if a != b:
            neighbours[a] |= 1 << int(b)
            neighbours[b] |= 1 << int(a)
    masks = np.arange(1, 1 << n, dtype=np.int64)
    member = ((masks[:, None] >> np.arange(n)) & 1).astype(np.float64)
    sums = member @ w
    slack = 1e-9 * np.maximum(1.0, hi)
    fits = np.all(sums <= hi + slack, axis=1) & np.all(sums >= lo - slack, axis=1)

    def connected(mask: int) -> bool:
        reached = mask & -mask
        frontier = reached
        while frontier:
            grow = 0
            rest = frontier
            while rest:
                v = (rest & -rest).bit_length() - 1
                grow |= neighbours[v]
                rest &= rest - 1
            frontier = grow & mask & ~reached
            reached |= frontier
        return reached == mask

    parts_by_low: list[list[int]] = [[] for _ in range(n)]
    for mask in masks[fits].tolist():
        if connected(mask):
            parts_by_low[(mask & -mask).bit_length() - 1].append(mask)

    @lru_cache(maxsize=None)
    def plan(rest: int, parts: int) -> tuple[int, ...] | None:
        if rest == 0:
            return () if parts == 0 else None
        if parts == 0:
            return None
        low = (rest & -rest).bit_length() - 1
        for part in parts_by_low[low]:
            if part & ~rest == 0:
                tail = plan(rest & ~part, parts - 1)
                if tail is not None:
                    return (part,) + tail
        return None

    found = plan((1 << n) - 1, k)
    plan.cache_clear()
    if found is None:
        return None
    labels = np.empty(n, dtype=np.int32)
    for p, part in enumerate(found):
        for v in range(n):
            if part >> v & 1:
                labels[v] = p
    return labels


def arithmetic_proof(n: int, weights: np.ndarray, k: int, lo, hi) -> str | None:
    """A reason no plan can exist that needs no search (ignoring the graph), or None: more parts
    than nodes, a node heavier than a part may be, or too few nodes to reach the lower bound."""
    w = np.asarray(weights, dtype=np.float64).reshape(n, -1)
    lo = np.broadcast_to(np.asarray(lo, dtype=np.float64), (w.shape[1],))
    hi = np.broadcast_to(np.asarray(hi, dtype=np.float64), (w.shape[1],))
    if k > n:
        return f"k = {k} > n = {n}"
    slack = 1e-9 * np.maximum(1.0, hi)
    if np.any(w > hi + slack):
        return "a node is heavier than the upper bound"
    total = w.sum(axis=0)
    if np.any(total > k * hi + k * slack) or np.any(total < k * lo - k * slack):
        return "the total does not fit k parts"
    # Every part needs at least one node; a part of the lightest nodes only still cannot reach
    # the lower bound when even the k - 1 other parts take one node each.
    for c in range(w.shape[1]):
        if lo[c] > 0:
            heaviest_part = np.sort(w[:, c])[::-1][: n - k + 1].sum()
            if heaviest_part < lo[c] - slack[c]:
                return "no part can reach the lower bound"
    return None


class Undecided(Exception):
    """The search ran out of its budget before deciding."""


def search_plan(n: int, edges: np.ndarray, weights: np.ndarray, k: int, lo, hi,
                budget: int = 2_000_000) -> np.ndarray | None:
    """Labels of a plan of k connected parts inside [lo, hi], or None when none exists; raises
    Undecided after ``budget`` enumerated sets."""
    if k < 1 or k > n:
        return None
    w = np.asarray(weights, dtype=np.float64).reshape(n, -1)
    d = w.shape[1]
    lo = np.broadcast_to(np.asarray(lo, dtype=np.float64), (d,))
    hi = np.broadcast_to(np.asarray(hi, dtype=np.float64), (d,))
    slack = 1e-9 * np.maximum(1.0, hi)
    lo_s, hi_s = (lo - slack).tolist(), (hi + slack).tolist()
    cols = w.T.tolist()
    neighbours = [0] * n
    for a, b in np.asarray(edges, dtype=np.int64).reshape(-1, 2):
        if a != b:
            neighbours[a] |= 1 << int(b)
            neighbours[b] |= 1 << int(a)
    steps = [budget]

    def bits(mask: int):
        while mask:
            low = mask & -mask
            yield low.bit_length() - 1
            mask ^= low

    def weight(mask: int) -> list[float]:
        return [sum(col[v] for v in bits(mask)) for col in cols]

    def parts_range(mask: int) -> tuple[int, int]:
        """Fewest and most parts inside the bounds that a connected node set can hold."""
        total = weight(mask)
        fewest, most = 1, bin(mask).count("1")
        for c in range(d):
            if hi_s[c] > 0:
                fewest = max(fewest, int(np.ceil(total[c] / hi_s[c] - 1e-12)))
            elif total[c] > 0:
                return 1, 0
            if lo_s[c] > 0:
                most = min(most, int(np.floor(total[c] / lo_s[c] + 1e-12)))
        return fewest, most

    def pieces_allow(rest: int, parts: int) -> bool:
        need = room = 0
        left = rest
        while left:
            piece = left & -left
            frontier = piece
            while frontier:
                grow = 0
                for v in bits(frontier):
                    grow |= neighbours[v]
                frontier = grow & left & ~piece
                piece |= frontier
            left &= ~piece
            fewest, most = parts_range(piece)
            if fewest > most:
                return False
            need += fewest
            room += most
        return need <= parts <= room

    failed: set[tuple[int, int]] = set()

    def connected_sets(rest: int, root: int):
        """Every connected set inside rest holding root and under hi, each once (with its weight)."""
        def grow(chosen: int, chosen_w: list[float], extension: int, excluded: int):
            steps[0] -= 1
            if steps[0] < 0:
                raise Undecided
            yield chosen, chosen_w
            while extension:
                u = (extension & -extension).bit_length() - 1
                extension &= extension - 1
                new_w = [chosen_w[c] + cols[c][u] for c in range(d)]
                if all(new_w[c] <= hi_s[c] for c in range(d)):
                    grown = chosen | 1 << u
                    more = neighbours[u] & rest & ~grown & ~excluded & ~extension
                    yield from grow(grown, new_w, extension | more, excluded | more)
                excluded |= 1 << u
        first = [cols[c][root] for c in range(d)]
        if all(first[c] <= hi_s[c] for c in range(d)):
            around = neighbours[root] & rest
            yield from grow(1 << root, first, around, around | 1 << root)

    def plan(rest: int, parts: int) -> tuple[int, ...] | None:
        if rest == 0:
            return () if parts == 0 else None
        if parts == 0 or (rest, parts) in failed or not pieces_allow(rest, parts):
            return None
        root = (rest & -rest).bit_length() - 1
        for part, part_w in connected_sets(rest, root):
            if all(part_w[c] >= lo_s[c] for c in range(d)):
                tail = plan(rest & ~part, parts - 1)
                if tail is not None:
                    return (part,) + tail
        failed.add((rest, parts))
        return None

    found = plan((1 << n) - 1, k)
    if found is None:
        return None
    labels = np.empty(n, dtype=np.int32)
    for p, part in enumerate(found):
        for v in bits(part):
            labels[v] = p
    return labels
