"""Grids on the model: redraw residential grids (:func:`draw_grids`) and staff them
(:func:`assign_workers`).

:func:`draw_grids` cuts the buildings of each community into contiguous residential grids with
:func:`gridgov.partition` (one call per community, so no grid ever crosses a community) and
returns a :class:`GridPlan`: the new grid of every building, the plan's quality, the buildings
that change grid, and :meth:`GridPlan.apply` which gives the edited :class:`gridgov.Model`
(grids added and retired, buildings and places moved, every residential grid with exactly one
full-time worker and one party group). :func:`assign_workers` then places full-time and
part-time workers on the grids nearest their homes by min-cost assignment (:func:`gridgov.assign`).

Special grids, and the buildings and places in them, are never touched.
"""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment

from ._args import number, whole
from ._args import seed as seed_arg
from .balance import assign, partition, partition_quality
from .errors import InfeasibleError, InfeasibleWarning, InputError, UnknownCodeError
from .model import Model

__all__ = ["GridPlan", "WorkerAssignment", "draw_grids", "assign_workers"]

_RESIDENTIAL_NUMBERS = range(1, 900)  # residential grids are <community>001 … 899; 9xx are special


# ---- the buildings a redraw works on ------------------------------------------------------------

@dataclass
class _Layout:
    """Buildings of the model with their community, current grid and coordinates (id order)."""

    codes: np.ndarray          # building codes (object)
    community: np.ndarray      # community node id per building (-1: none)
    grid: np.ndarray           # current grid node id per building (-1: none)
    special: np.ndarray        # bool: in a special grid (never redrawn)
    x: np.ndarray
    y: np.ndarray
    households: np.ndarray     # float


def _layout(model: Model) -> _Layout:
    if not isinstance(model, Model):
        raise InputError(f"model must be a gridgov.Model, got {type(model).__name__}")
    r = model.kind_range("building")
    ids = np.arange(r.start, r.stop, dtype=np.int32)
    grid = model.ancestor_of_kind(ids, "grid") if len(ids) else ids.copy()
    special = np.zeros(len(ids), dtype=bool)
    if len(ids):
        has = grid >= 0
        special[has] = model.subkinds(grid[has]) == "special"
    households = model.workload({"households": 1.0}) if len(ids) else np.zeros(0)
    return _Layout(
        codes=np.array(model.codes(ids), dtype=object),
        community=model.ancestor_of_kind(ids, "community") if len(ids) else ids.copy(),
        grid=grid,
        special=special,
        x=np.asarray(model.x[r.start:r.stop], dtype=float),
        y=np.asarray(model.y[r.start:r.stop], dtype=float),
        households=np.asarray(households, dtype=float),
    )


def _community_graph(model: Model, adjacency: sp.csr_matrix, layout: _Layout, members: np.ndarray) -> Tuple[sp.csr_matrix, str]:
    """Adjacency among ``members`` (building rows): the model's ``adjacent`` links, or, when the
    community has none, a Delaunay triangulation of the buildings' coordinates."""
    sub = adjacency[members][:, members].tocsr()
    sub.setdiag(0)
    sub.eliminate_zeros()
    if sub.nnz or len(members) < 2:
        return sub, "adjacent links"
    x, y = layout.x[members], layout.y[members]
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        missing = layout.codes[members][~(np.isfinite(x) & np.isfinite(y))][:5].tolist()
        raise InputError(
            f"community {model.code(int(layout.community[members[0]]))} has no building adjacency and buildings "
            f"without coordinates (e.g. {missing}); give them x, y or add 'adjacent' links"
        )
    from .buildings import delaunay_adjacency

    edges, _, _ = delaunay_adjacency(x, y, np.zeros(len(members), dtype=np.int64))
    n = len(members)
    data = np.ones(2 * len(edges))
    rows = np.concatenate([edges[:, 0], edges[:, 1]])
    cols = np.concatenate([edges[:, 1], edges[:, 0]])
    return sp.csr_matrix((data, (rows, cols)), shape=(n, n)), "Delaunay triangulation of the coordinates"


# ---- how many grids ------------------------------------------------------------------------------

def _largest_remainder(total: int, weights: np.ndarray, minimum: int = 1) -> np.ndarray:
    """``total`` seats over ``weights`` by largest remainder, each at least ``minimum``
    (ties to the lower index)."""
    weights = np.asarray(weights, dtype=float)
    n = len(weights)
    if total < minimum * n:
        raise InfeasibleError(f"{total} seats cannot give each of {n} at least {minimum}")
    spare = total - minimum * n
    s = weights.sum()
    quota = spare * weights / s if s > 0 else np.full(n, spare / n)
    seats = np.floor(quota).astype(np.int64)
    order = np.argsort(-(quota - seats), kind="stable")
    seats[order[: spare - int(seats.sum())]] += 1
    return seats + minimum


def _band_k(total: float, band: Tuple[float, float], tol: float, buildings: int, name: str) -> int:
    """Grids for a community so that its average grid lies in the band with the ``tol`` margin
    (``[lo / (1 - tol), hi / (1 + tol)]``, so grids within ±tol of the average stay inside the
    band), else merely inside the band; among those, the average nearest the band's middle."""
    lo, hi = band
    middle = (lo + hi) / 2
    for low, high in ((lo / (1 - tol), hi / (1 + tol)), (lo, hi)):
        k_min = max(1, int(np.ceil(total / high - 1e-9))) if high > 0 else 1
        k_max = int(np.floor(total / low + 1e-9)) if low > 0 else buildings
        k_max = min(k_max, buildings)
        if k_min <= k_max:
            candidates = np.arange(k_min, k_max + 1)
            return int(candidates[np.argmin(np.abs(total / candidates - middle))])
    raise InfeasibleError(
        f"community {name}: {total:,.0f} households in {buildings} building(s) cannot be cut into grids of "
        f"{lo:g}-{hi:g} households (no whole number of grids puts the average grid in the band); "
        "widen households=(lo, hi) or give k for this community"
    )


def _grid_number(code: str, community: str) -> Optional[int]:
    tail = code[len(community):]
    if code.startswith(community) and len(tail) == 3 and tail.isdigit():
        return int(tail)
    return None


def _reading_order(cx: np.ndarray, cy: np.ndarray) -> np.ndarray:
    """Order of grid centroids west→east, north→south (DB6101 numbering): centroids fall into
    rows as tall as a typical grid (from north to south), and run west to east inside a row."""
    k = len(cx)
    if k <= 1:
        return np.arange(k)
    width = max(float(np.ptp(cx)), 1.0)
    height = max(float(np.ptp(cy)), 1.0)
    row_height = max(np.sqrt(width * height / k), 1.0)
    rows = np.floor((cy.max() - cy) / row_height + 1e-9)
    return np.lexsort((cx, rows))


# ---- the plan -------------------------------------------------------------------------------------

@dataclass
class _CommunityPlan:
    community: int               # community node id
    members: np.ndarray          # building rows
    parts: np.ndarray            # part per member (0 .. k-1)
    k: int
    graph: sp.csr_matrix
    graph_source: str
    weights: np.ndarray          # (m, d) workload columns
    codes: List[str] = field(default_factory=list)      # grid code per part
    matched: List[Optional[int]] = field(default_factory=list)  # old grid node id per part (kept node)
    reused: List[bool] = field(default_factory=list)            # kept only because the code was free again


class GridPlan:
    """A redraw of residential grids made by :func:`draw_grids`.

    Attributes
    ----------
    labels : pandas.Series
        Building code -> grid code, for every building of the model in id order (so
        ``np.asarray(plan.labels)`` is a labels array for :func:`gridgov.plot.grid_map`).
        Redrawn buildings get their new grid; buildings that are not redrawn (special grids,
        other communities) keep their current grid (``""`` when they have none).
    quality : pandas.DataFrame
        One row per redrawn community and an ``overall`` row: ``grids``, ``max_ratio`` and
        ``min_ratio`` (heaviest and lightest grid over the community's average, per workload
        column), ``cut_edges``, ``disconnected_grids``, ``empty_grids``, ``households_min``,
        ``households_max``, ``households_mean`` and ``in_band`` (share of grids inside the
        household band).
    moved : list of str
        Codes of the buildings whose grid changes. New grids are matched to today's grids by
        maximum overlap (in buildings), and a matched grid keeps its code, so a building moves
        only when it leaves the grid that continues its old one.
    grids : pandas.DataFrame
        One row per new grid (see :meth:`to_frame`).
    """

    def __init__(self, model: Model, layout: _Layout, plans: List[_CommunityPlan], band: Optional[Tuple[float, float]],
                 weight_names: List[str]) -> None:
        self._model = model
        self._layout = layout
        self._plans = plans
        self._band = band
        self._weight_names = weight_names
        n = len(layout.codes)
        current = np.full(n, "", dtype=object)
        has = layout.grid >= 0
        if has.any():
            current[has] = model.codes(layout.grid[has])
        self._current = current
        new = current.copy()
        for p in plans:
            new[p.members] = np.array(p.codes, dtype=object)[p.parts]
        self._new = new
        self.labels = pd.Series(new, index=pd.Index(layout.codes, name="building"), name="grid")
        redrawn = np.concatenate([p.members for p in plans]) if plans else np.zeros(0, dtype=np.int64)
        changed = redrawn[new[redrawn] != current[redrawn]]
        self.moved: List[str] = layout.codes[np.sort(changed)].tolist()
        self.grids = self._grid_table()
        self.quality = self._quality_table()

    # ---- tables ------------------------------------------------------------------------------
    def _grid_table(self) -> pd.DataFrame:
        rows = []
        lay = self._layout
        for p in self._plans:
            community = self._model.code(p.community)
            for part in range(p.k):
                mask = p.parts == part
                members = p.members[mask]
                row = {
                    "grid": p.codes[part],
                    "community": community,
                    "buildings": int(mask.sum()),
                    "households": int(round(lay.households[members].sum())),
                }
                for c, name in enumerate(self._weight_names):
                    row[name] = float(p.weights[mask, c].sum())
                row["x"] = float(np.nanmean(lay.x[members])) if np.isfinite(lay.x[members]).any() else np.nan
                row["y"] = float(np.nanmean(lay.y[members])) if np.isfinite(lay.y[members]).any() else np.nan
                kept = p.matched[part] is not None and not p.reused[part]
                row["kept_from"] = self._model.code(p.matched[part]) if kept else ""
                row["status"] = "kept" if kept else ("renumbered" if p.reused[part] else "new")
                if self._band is not None:
                    row["in_band"] = bool(self._band[0] <= row["households"] <= self._band[1])
                rows.append(row)
        frame = pd.DataFrame(rows)
        return frame.sort_values("grid", kind="stable").reset_index(drop=True) if len(frame) else frame

    def _quality_table(self) -> pd.DataFrame:
        rows, index = [], []
        hh_all: List[np.ndarray] = []
        totals = {"grids": 0, "cut_edges": 0, "disconnected_grids": 0, "empty_grids": 0}
        ratios_max = np.full(len(self._weight_names), -np.inf)
        ratios_min = np.full(len(self._weight_names), np.inf)
        for p in self._plans:
            q = partition_quality(p.graph, p.weights, p.parts, p.k)
            hh = np.bincount(p.parts, weights=self._layout.households[p.members], minlength=p.k)
            hh_all.append(hh)
            row = self._row(p.k, q["max_ratio"], q["min_ratio"], q["cut_edges"], q["disconnected_parts"], q["empty_parts"], hh)
            rows.append(row)
            index.append(self._model.code(p.community))
            for key, value in (("grids", p.k), ("cut_edges", q["cut_edges"]), ("disconnected_grids", q["disconnected_parts"]),
                               ("empty_grids", q["empty_parts"])):
                totals[key] += int(value)
            ratios_max = np.maximum(ratios_max, np.atleast_1d(q["max_ratio"]))
            ratios_min = np.minimum(ratios_min, np.atleast_1d(q["min_ratio"]))
        hh = np.concatenate(hh_all) if hh_all else np.zeros(0)
        rows.append(self._row(totals["grids"], ratios_max, ratios_min, totals["cut_edges"], totals["disconnected_grids"],
                              totals["empty_grids"], hh))
        index.append("overall")
        return pd.DataFrame(rows, index=pd.Index(index, name="community"))

    def _row(self, k, max_ratio, min_ratio, cut, disconnected, empty, hh) -> Dict[str, Any]:
        row: Dict[str, Any] = {"grids": int(k)}
        max_ratio, min_ratio = np.atleast_1d(max_ratio), np.atleast_1d(min_ratio)
        for c, name in enumerate(self._weight_names):
            suffix = "" if len(self._weight_names) == 1 else f"_{name}"
            row[f"max_ratio{suffix}"] = float(max_ratio[c])
            row[f"min_ratio{suffix}"] = float(min_ratio[c])
        row.update(cut_edges=int(cut), disconnected_grids=int(disconnected), empty_grids=int(empty),
                   households_min=float(hh.min()) if hh.size else 0.0,
                   households_max=float(hh.max()) if hh.size else 0.0,
                   households_mean=float(hh.mean()) if hh.size else 0.0)
        if self._band is not None:
            row["in_band"] = float(np.mean((hh >= self._band[0]) & (hh <= self._band[1]))) if hh.size else 1.0
        return row

    def to_frame(self) -> pd.DataFrame:
        """One row per new grid: ``grid`` (code), ``community``, ``buildings``, ``households``, the
        workload column(s), centroid ``x``, ``y``, ``kept_from`` (the current grid it continues, or
        ``""``), ``status`` (``kept``: continues a current grid, matched by maximum overlap;
        ``new``; or ``renumbered``: a new grid that takes the free code of a retired grid, whose
        node, workers and party group it keeps) and, with a household band, ``in_band``."""
        return self.grids.copy()

    def __repr__(self) -> str:
        overall = self.quality.loc["overall"]
        return (f"<GridPlan: {int(overall['grids'])} grids in {len(self._plans)} communities, households per grid "
                f"{overall['households_min']:.0f}-{overall['households_max']:.0f}, {len(self.moved):,} buildings move>")

    def _repr_html_(self) -> str:
        overall = self.quality.loc["overall"]
        head = html.escape(repr(self))
        table = self.quality.to_html(float_format=lambda v: f"{v:.3f}", border=0)
        return (f"<div><b>GridPlan</b> — {int(overall['grids'])} grids, {len(self.moved):,} buildings change grid"
                f"<details><summary>quality by community</summary>{table}</details><!-- {head} --></div>")

    # ---- apply -------------------------------------------------------------------------------
    def apply(self) -> Model:
        """The model with this plan's grids.

        Grids matched to a current grid keep its code, name, workers and party group; new grids
        are added (named ``<community name>第N网格``). Every grid ends with a party group (one is
        added where a grid has none) and a full-time worker: a grid without one takes the
        full-time worker of a retired grid of the same community (nearest home first, by
        min-cost matching), else a new worker named ``待配备网格员`` living at the grid's
        centroid. Retired grids are removed with their party groups; their part-time workers
        serve the new grid holding most of their old grid's households, and full-time workers
        left over (fewer grids than before) are removed from the model. Buildings move to their
        new grid; a place in a redrawn grid moves to the grid of its nearest redrawn building.
        The result is frozen with full validation.

        Returns
        -------
        gridgov.Model
        """
        model, lay = self._model, self._layout
        builder = model.edit()
        # Child lookups over the current model.
        parents = np.asarray(model.parents)
        kinds = model.kind_names()
        subkinds = model.subkinds()
        serves_from = _incoming(model, "serves")
        worker_serial: Dict[int, int] = {}
        for p in self._plans:
            community = model.code(p.community)
            community_name = model.name(p.community)
            # every residential grid of the community is part of the redraw (even an empty one)
            old_grids = [int(g) for g in model.children_ids(p.community, "grid") if subkinds[g] == "residential"]
            kept = {m for m in p.matched if m is not None}
            retired = [g for g in old_grids if g not in kept]
            centroid = self.grids.set_index("grid").loc[p.codes, ["x", "y"]].to_numpy(dtype=float)
            # 1. new grids and their party groups
            for part, code in enumerate(p.codes):
                kept = p.matched[part]
                if kept is None:
                    number = _grid_number(code, community)
                    name = f"{community_name}第{number}网格"
                    builder.add("grid", code, name, community, "residential")
                elif any(kinds[o] == "organisation" and subkinds[o] == "party_group" for o in serves_from(kept)):
                    continue
                else:  # a kept grid without a party group (a planner's model) gets one
                    name = model.name(kept)
                    if builder.contains(code + "DXZ"):
                        raise InputError(f"GridPlan.apply: grid {code} has no party group serving it, but code "
                                         f"{code}DXZ is taken; link that party group to the grid")
                builder.add("organisation", code + "DXZ", name + "党小组", code, "party_group")
                builder.link(code + "DXZ", code, "serves")
            # 2. buildings
            new_codes = np.array(p.codes, dtype=object)[p.parts]
            for row, code in zip(p.members[self._new[p.members] != self._current[p.members]],
                                 new_codes[self._new[p.members] != self._current[p.members]]):
                builder.move(lay.codes[row], code)
            # 3. children of redrawn grids: places follow their nearest building; other
            #    children of retired grids (not party groups) go to the grid continuing most of it
            bx, by = lay.x[p.members], lay.y[p.members]
            for g in old_grids:
                for child in model.children_ids(g):
                    child = int(child)
                    kind = kinds[child]
                    if kind == "building":
                        continue
                    if kind == "organisation" and subkinds[child] == "party_group":
                        continue
                    if kind == "place" and np.isfinite(model.x[child]) and np.isfinite(bx).any():
                        d = np.hypot(bx - model.x[child], by - model.y[child])
                        target = new_codes[int(np.nanargmin(d))]
                    else:
                        target = p.codes[_successor(p, lay, g)]
                    if target != model.code(g):
                        builder.move(model.code(child), target)
            # 4. workers: a retired grid's full-time worker takes a new grid without one
            #    (nearest home first); part-time workers follow the grid continuing theirs
            unstaffed = [part for part in range(p.k) if p.matched[part] is None or not any(
                kinds[w] == "worker" and subkinds[w] == "fulltime" for w in serves_from(p.matched[part]))]
            spare_fulltime: List[int] = []
            for g in retired:
                for w in serves_from(g):
                    if kinds[w] != "worker":
                        continue
                    if subkinds[w] == "fulltime":
                        spare_fulltime.append(w)
                    else:
                        _reserve(builder, model, w, g, p.codes[_successor(p, lay, g)])
            if unstaffed and spare_fulltime:
                homes = np.column_stack([model.x[spare_fulltime], model.y[spare_fulltime]])
                cost = np.hypot(homes[:, None, 0] - centroid[unstaffed, 0][None, :],
                                homes[:, None, 1] - centroid[unstaffed, 1][None, :])
                cost = np.where(np.isfinite(cost), cost, 1e12)
                rows, cols = linear_sum_assignment(cost)
                taken = set()
                for i, j in zip(rows, cols):
                    w = spare_fulltime[i]
                    _reserve(builder, model, w, _served_grid(model, w), p.codes[unstaffed[j]])
                    taken.add(unstaffed[j])
                    spare_fulltime[i] = -1
                unstaffed = [u for u in unstaffed if u not in taken]
            for w in spare_fulltime:
                if w < 0:
                    continue
                # More full-time workers than grids: the worker is retired from the model.
                builder.remove(model.code(w))
            if unstaffed:
                serial = worker_serial.get(p.community)
                if serial is None:
                    serial = _max_worker_serial(model, p.community, community)
                for part in unstaffed:
                    serial += 1
                    code = f"{community}W{serial:04d}"
                    builder.add("worker", code, "待配备网格员", community, "fulltime",
                                x=float(centroid[part, 0]) if np.isfinite(centroid[part, 0]) else None,
                                y=float(centroid[part, 1]) if np.isfinite(centroid[part, 1]) else None)
                    builder.link(code, p.codes[part], "serves")
                worker_serial[p.community] = serial
            # 5. retire the old grids (their party groups go with them)
            for g in retired:
                builder.remove(model.code(g), recursive=True)
        return builder.freeze()


def _incoming(model: Model, link: str):
    offsets, targets, _ = model.link_csr(link, incoming=True)
    offsets, targets = np.asarray(offsets), np.asarray(targets)

    def sources(v: int) -> List[int]:
        return [int(t) for t in targets[offsets[v]:offsets[v + 1]]]

    return sources


def _served_grid(model: Model, worker: int) -> Optional[int]:
    offsets, targets, _ = model.link_csr("serves")
    got = np.asarray(targets)[offsets[worker]:offsets[worker + 1]]
    return int(got[0]) if len(got) else None


def _reserve(builder, model: Model, worker: int, old_grid: Optional[int], new_grid: str) -> None:
    """Re-point a worker's ``serves`` link from ``old_grid`` to ``new_grid``."""
    if old_grid is not None:
        builder.unlink(model.code(worker), model.code(old_grid), "serves")
    builder.link(model.code(worker), new_grid, "serves")


def _successor(p: _CommunityPlan, lay: _Layout, old_grid: int) -> int:
    """The new part holding most (households, then buildings) of an old grid's buildings; the
    community's first part when the old grid had none."""
    mask = lay.grid[p.members] == old_grid
    if not mask.any():
        return 0
    score = np.bincount(p.parts[mask], weights=lay.households[p.members][mask] + 1e-6, minlength=p.k)
    return int(np.argmax(score))


def _max_worker_serial(model: Model, community_id: int, community: str) -> int:
    best = 0
    pattern = re.compile(re.escape(community) + r"W(\d{4})$")
    for code in model.children(community_id, "worker"):
        m = pattern.match(code)
        if m:
            best = max(best, int(m.group(1)))
    return best


# ---- draw_grids ------------------------------------------------------------------------------------

def _resolve_communities(model: Model, community: Union[None, str, Sequence[str]]) -> List[int]:
    all_ids = model.nodes("community")
    if community is None:
        return [int(c) for c in all_ids]
    if isinstance(community, str):
        names = [community]
    elif isinstance(community, Iterable):
        names = list(community)
    else:
        raise InputError(f"draw_grids: community must be a community code or a list of them, got {community!r}")
    out = []
    for code in names:
        try:
            v = model.id(str(code))
        except UnknownCodeError:
            raise UnknownCodeError(f"draw_grids: unknown community {code!r}; give a community code of the model") from None
        if model.kind(v) != "community":
            raise InputError(f"draw_grids: {code!r} is a {model.kind(v)}, not a community")
        out.append(v)
    return sorted(set(out))


def _default_weights(model: Model) -> Dict[str, float]:
    """The default workload weights, limited to the attributes the model has (a planner's model
    may know households but no special-care flags)."""
    from .model import DEFAULT_WORKLOAD_WEIGHTS

    known = set(model.columns("building")) | (set(model.columns("household")) if model.count("household") else set())
    return {k: v for k, v in DEFAULT_WORKLOAD_WEIGHTS.items() if k == "households" or k in known}


def _weights_matrix(model: Model, weights: Any) -> Tuple[np.ndarray, List[str]]:
    if weights is None:
        weights = _default_weights(model)
    if isinstance(weights, Mapping):
        w = model.workload(weights)[:, None]
        return w, ["workload"]
    w = np.asarray(model.workload(list(weights)), dtype=float)
    if w.ndim == 1:
        w = w[:, None]
    return w, [f"workload{c}" for c in range(w.shape[1])]


def _k_per_community(k: Any, communities: List[int], totals: np.ndarray, model: Model) -> Optional[Dict[int, int]]:
    if k is None:
        return None
    if isinstance(k, Mapping):
        out = {}
        codes = {model.code(c): c for c in communities}
        for key, value in k.items():
            if str(key) not in codes:
                raise UnknownCodeError(f"draw_grids: k names community {key!r}, which is not being redrawn")
            out[codes[str(key)]] = _whole(value, f"k for community {key}")
        missing = [model.code(c) for c in communities if c not in out]
        if missing:
            raise InputError(f"draw_grids: k gives no number of grids for community(ies) {missing[:5]}")
        return out
    total_k = _whole(k, "k")
    if total_k < len(communities):
        raise InfeasibleError(f"draw_grids: k = {total_k} is smaller than the {len(communities)} communities redrawn; "
                              "every community needs at least one grid")
    seats = _largest_remainder(total_k, totals, minimum=1)
    return {c: int(s) for c, s in zip(communities, seats)}


def _whole(value: Any, what: str) -> int:
    return whole(value, f"draw_grids: {what}", minimum=1)


def _fixed_parts(model: Model, lay: _Layout, members: np.ndarray, fixed: Any, community: str) -> Tuple[Optional[np.ndarray], List[int]]:
    """Pinned grid per member as a local part index (or -1), and the old grid id of each pinned
    part index."""
    if fixed is None:
        return None, []
    if isinstance(fixed, str):
        if fixed != "current":
            raise InputError(f"draw_grids: fixed must be 'current' or a mapping building -> grid, got {fixed!r}")
        grid_ids = lay.grid[members]
    else:
        if not isinstance(fixed, (Mapping, pd.Series)):
            raise InputError("draw_grids: fixed must be 'current' or a mapping building code -> grid code")
        grid_ids = np.full(len(members), -1, dtype=np.int64)
        row_of = {code: i for i, code in enumerate(lay.codes[members])}
        for b, g in dict(fixed).items():
            i = row_of.get(str(b))
            if i is None:
                continue  # a building of another community (checked once by the caller)
            gid = model.id(str(g))
            if model.kind(gid) != "grid" or model.subkind(gid) != "residential" or model.parent(gid) != community:
                raise InputError(f"draw_grids: fixed pins building {b} to {g}, which is not a residential grid of "
                                 f"its community {community}")
            grid_ids[i] = gid
    pinned = sorted({int(g) for g in grid_ids if g >= 0})
    local = {g: j for j, g in enumerate(pinned)}
    parts = np.array([local[int(g)] if g >= 0 else -1 for g in grid_ids], dtype=np.int32)
    return parts, pinned


def draw_grids(model: Model, community: Union[None, str, Sequence[str]] = None, *, k: Any = None,
               households: Tuple[float, float] = (300, 500), weights: Any = None, seed: int = 0,
               tol: float = 0.05, fixed: Any = None, strict: bool = False, incremental: bool = False) -> GridPlan:
    """Redraw the residential grids of one community (or several, or the whole county).

    Buildings are the atomic units; grids are contiguous on the building adjacency (the model's
    ``adjacent`` links, or for a community without any, a Delaunay triangulation of the building
    coordinates, see :func:`gridgov.buildings.delaunay_adjacency`) and never cross a community.
    Grid weights are the workload score (:meth:`gridgov.Model.workload`).

    Parameters
    ----------
    model : gridgov.Model
    community : str or sequence of str, optional
        Community code(s) to redraw; default every community (or, when ``k`` is a dict, the
        communities it names).
    k : int or dict, optional
        Number of grids: one number for all redrawn communities together (spread over them in
        proportion to workload by largest remainder, at least one each), or a dict community
        code -> number. Default: per community, the number of grids that puts the average grid
        inside ``households`` with the ``tol`` margin, nearest the band's middle; every grid is
        then held inside the band.
    households : (float, float), default (300, 500)
        The planning band of households per grid (used when ``k`` is None).
    weights : dict or list of dict, optional
        Workload weights (see :meth:`gridgov.Model.workload`); several dicts give several
        columns, each balanced. Default :data:`gridgov.model.DEFAULT_WORKLOAD_WEIGHTS` (those of
        its attributes the model has).
    seed : int, default 0
        Same seed, same plan.
    tol : float, default 0.05
        Every grid's workload lies within ``(1 ± tol)`` times its community's average.
    fixed : "current" or mapping, optional
        Buildings pinned to a current grid: ``"current"`` pins every redrawn building to its
        grid of today; a mapping pins building code -> residential grid code.
    strict : bool, default False
        When a community's buildings do not allow ``tol`` (a few large buildings), the plan is
        made as balanced as they allow: wider tolerances are tried in turn (0.08, 0.12, 0.16,
        0.22, 0.30, 0.45, 0.6), the household band still held, and a
        :class:`gridgov.InfeasibleWarning` names the community and the tolerance reached.
        ``strict=True`` raises :class:`gridgov.InfeasibleError` instead.
    incremental : bool, default False
        Rebalance today's grids instead of drawing new ones: each community keeps its number of
        residential grids and the plan starts from today's, moving as few buildings as the
        workload bounds need (:func:`gridgov.partition` with ``initial``). The household band is
        not used; ``k``, when given, must equal today's numbers. Every redrawn building must be
        in a residential grid today, and today's grids must be connected.

    Returns
    -------
    GridPlan

    Raises
    ------
    gridgov.UnknownCodeError
        An unknown community.
    gridgov.InputError
        ``k < 1``, a non-integer ``k``, a bad band, ``tol`` or ``fixed``.
    gridgov.InfeasibleError
        ``k`` larger than a community's buildings, a community that no number of grids fits into
        the band, or no plan meeting the bounds; the message names the community and why.
    """
    lay = _layout(model)
    if community is None and isinstance(k, Mapping):
        community = [str(c) for c in k]  # a dict of k names the communities to redraw
    communities = _resolve_communities(model, community)
    tol = number(tol, "draw_grids: tol")
    seed = seed_arg(seed, "draw_grids: seed")
    if not 0 <= tol < 1:
        raise InputError(f"draw_grids: tol must lie in [0, 1), got {tol}")
    band: Optional[Tuple[float, float]] = None
    if households is not None:
        try:
            lo, hi = (float(v) for v in households)
        except (TypeError, ValueError):
            raise InputError(f"draw_grids: households must be a (low, high) pair, got {households!r}") from None
        if not (np.isfinite(lo) and np.isfinite(hi) and 0 <= lo < hi):
            raise InputError(f"draw_grids: households band ({lo:g}, {hi:g}) must satisfy 0 <= low < high")
        band = (lo, hi)
    w_all, weight_names = _weights_matrix(model, weights)
    redrawn = (lay.community >= 0) & ~lay.special
    members_of = {c: np.flatnonzero(redrawn & (lay.community == c)) for c in communities}
    empty = [model.code(c) for c in communities if len(members_of[c]) == 0]
    if empty and community is not None:
        raise InputError(f"draw_grids: community(ies) {empty[:5]} have no buildings outside special grids to draw grids from")
    communities = [c for c in communities if len(members_of[c])]
    if not communities:
        raise InputError("draw_grids: the model has no buildings in communities to draw grids from")
    if fixed is not None and not isinstance(fixed, str) and isinstance(fixed, (Mapping, pd.Series)):
        known = set(lay.codes[np.concatenate([members_of[c] for c in communities])])
        unknown = [b for b in dict(fixed) if str(b) not in known]
        if unknown:
            raise InputError(f"draw_grids: fixed names {len(unknown)} building(s) that are not redrawn, e.g. {unknown[:5]}")
    totals = np.array([w_all[members_of[c], 0].sum() for c in communities])
    k_of = _k_per_community(k, communities, totals, model)
    adjacency = model.adjacency("building")
    plans: List[_CommunityPlan] = []
    for c in communities:
        members = members_of[c]
        code = model.code(c)
        hh_total = float(lay.households[members].sum())
        initial = None
        if incremental:
            today = lay.grid[members]
            if (today < 0).any():
                raise InputError(f"draw_grids: incremental redraw of community {code} needs every building in a grid; "
                                 f"{int((today < 0).sum())} are in none (e.g. {lay.codes[members][today < 0][:3].tolist()})")
            current_grids, initial = np.unique(today, return_inverse=True)
            k_c = len(current_grids)
            if k_of is not None and k_of[c] != k_c:
                raise InputError(f"draw_grids: incremental redraw keeps community {code}'s {k_c} grids, but k gives {k_of[c]}")
        elif k_of is None:
            if band is None:
                raise InputError("draw_grids: give k or a households band")
            k_c = _band_k(hh_total, band, tol, len(members), code)
        else:
            k_c = k_of[c]
            if k_c > len(members):
                raise InfeasibleError(f"draw_grids: community {code} has {len(members)} building(s) but k = {k_c} grids; "
                                      "each grid needs at least one building, so lower k")
        graph, source = _community_graph(model, adjacency, lay, members)
        w = w_all[members]
        fixed_parts, pinned = _fixed_parts(model, lay, members, fixed, code)
        if fixed_parts is not None and len(pinned) > k_c:
            raise InfeasibleError(f"draw_grids: community {code}: buildings are pinned to {len(pinned)} grids but k = {k_c}")
        use_band = band if k_of is None and not incremental else None
        parts, achieved, proven = _partition_community(graph, w, lay.households[members], k_c, use_band, tol, seed,
                                                       fixed_parts, initial, strict, code, len(members), hh_total, source)
        if achieved > tol:
            why = ("none exists (proven by arithmetic on its workloads or an exhaustive search of its connected plans)"
                   if proven else
                   "none was found")
            warnings.warn(f"draw_grids: community {code}: no plan with workload within ±{tol:g} of the average for "
                          f"{k_c} grids: {why}; its grids are within ±{achieved:g} (see GridPlan.quality; "
                          "strict=True raises)", InfeasibleWarning, stacklevel=2)
        parts = np.asarray(parts, dtype=np.int64)
        plan = _CommunityPlan(c, members, parts, k_c, graph, source, w)
        _name_grids(model, lay, plan, code)
        plans.append(plan)
    return GridPlan(model, lay, plans, band if k_of is None else band, weight_names)


#: Workload tolerances tried after the requested one fails, tightest first ("as balanced as the
#: buildings allow"): a community of large buildings may not fit ±5 %.
_WIDER_TOLERANCES = (0.08, 0.12, 0.16, 0.22, 0.30, 0.45, 0.6)


def _partition_community(graph, w: np.ndarray, households: np.ndarray, k: int, band: Optional[Tuple[float, float]],
                         tol: float, seed: int, fixed_parts: Optional[np.ndarray], initial: Optional[np.ndarray],
                         strict: bool, code: str,
                         buildings: int, hh_total: float, source: str) -> Tuple[np.ndarray, float, bool]:
    """Parts of one community: workload within ``(1 ± t)`` of the average for the smallest ``t``
    (``tol``, then :data:`_WIDER_TOLERANCES`) the partitioner meets, and with a ``band`` every
    part's households inside it. Returns (parts, t, whether ``tol`` was proven impossible)."""
    tolerances = [tol] + ([t for t in _WIDER_TOLERANCES if t > tol] if not strict else [])
    columns = w if band is None else np.column_stack([w, households])
    error: Optional[Exception] = None
    proven = False
    for i, t in enumerate(tolerances):
        lower = list((1 - t) * w.sum(axis=0) / k)
        upper = list((1 + t) * w.sum(axis=0) / k)
        if band is not None:  # hold every grid inside the household band as well
            lower.append(band[0])
            upper.append(band[1])
        try:
            labels = partition(graph, columns, k, bounds=(lower, upper), seed=seed, fixed=fixed_parts, initial=initial)
            return np.asarray(labels, dtype=np.int64), t, proven
        except InfeasibleError as exc:
            error = exc
            if i == 0:
                proven = bool(exc.proven)  # the partitioner's structured flag, not its wording
    what = (f"{k} grids of {band[0]:g}-{band[1]:g} households and workload within ±{tolerances[-1]:g} of the average"
            if band is not None else f"{k} grids with workload within ±{tolerances[-1]:g} of the average")
    raise InfeasibleError(f"draw_grids: community {code} ({buildings} buildings, {hh_total:,.0f} households, adjacency "
                          f"from {source}) cannot be cut into {what}: {error}") from None


def _name_grids(model: Model, lay: _Layout, plan: _CommunityPlan, community: str) -> None:
    """Match parts to today's residential grids by maximum overlap (in buildings) so a continued
    grid keeps its code; number the rest with the free numbers west→east, north→south."""
    members = plan.members
    old = lay.grid[members]
    residential_old = sorted({int(g) for g in old if g >= 0})
    matched: List[Optional[int]] = [None] * plan.k
    if residential_old:
        index = {g: j for j, g in enumerate(residential_old)}
        overlap = np.zeros((plan.k, len(residential_old)))
        has = old >= 0
        np.add.at(overlap, (plan.parts[has], np.array([index[int(g)] for g in old[has]])), 1.0)
        # ties broken towards the same household mass (tiny second term)
        hh = np.zeros_like(overlap)
        np.add.at(hh, (plan.parts[has], np.array([index[int(g)] for g in old[has]])), lay.households[members][has])
        rows, cols = linear_sum_assignment(-(overlap + 1e-6 * hh / max(hh.max(), 1.0)))
        for r, c in zip(rows, cols):
            if overlap[r, c] > 0:
                matched[r] = residential_old[c]
    used = set()
    codes: List[Optional[str]] = [None] * plan.k
    for part, g in enumerate(matched):
        if g is not None:
            codes[part] = model.code(g)
            number = _grid_number(codes[part], community)
            if number is not None:
                used.add(number)
    free = [n for n in _RESIDENTIAL_NUMBERS if n not in used]
    unnamed = [part for part in range(plan.k) if codes[part] is None]
    if len(unnamed) > len(free):
        raise InfeasibleError(f"draw_grids: community {community} would need more than 899 residential grid codes")
    if unnamed:
        x, y = lay.x[members], lay.y[members]
        cx = np.array([np.nanmean(x[plan.parts == p]) if np.isfinite(x[plan.parts == p]).any() else 0.0 for p in unnamed])
        cy = np.array([np.nanmean(y[plan.parts == p]) if np.isfinite(y[plan.parts == p]).any() else 0.0 for p in unnamed])
        for number, i in zip(free, _reading_order(cx, cy)):
            codes[unnamed[i]] = f"{community}{number:03d}"
    # A new grid that takes the number of a retired grid reuses that grid node (and its workers
    # and party group) rather than adding a second node with the same code.
    taken = {g for g in matched if g is not None}
    by_code = {model.code(int(g)): int(g) for g in model.children_ids(plan.community, "grid")
               if model.subkind(int(g)) == "residential" and int(g) not in taken}
    plan.reused = [False] * plan.k
    for part in unnamed:
        g = by_code.get(codes[part])
        if g is not None:
            matched[part] = g
            plan.reused[part] = True
    plan.codes = [str(c) for c in codes]
    plan.matched = matched


# ---- assign_workers --------------------------------------------------------------------------------

@dataclass
class WorkerAssignment:
    """The result of :func:`assign_workers`.

    Attributes
    ----------
    model : gridgov.Model
        The model with the new ``serves`` links.
    assignments : pandas.DataFrame
        One row per worker assigned: ``worker``, ``subkind``, ``community``, ``grid_before``,
        ``grid_after``, ``distance_before``, ``distance_after`` (metres from home to the grid's
        building centroid).
    report : pandas.DataFrame
        Per subkind (``fulltime``, ``parttime``, ``all``): ``workers``, ``total_before``,
        ``total_after``, ``mean_before``, ``mean_after`` (metres) and ``changed`` (workers whose
        grid changed).
    """

    model: Model
    assignments: pd.DataFrame
    report: pd.DataFrame

    def _repr_html_(self) -> str:
        return f"<div><b>WorkerAssignment</b>{self.report.to_html(float_format=lambda v: f'{v:,.0f}', border=0)}</div>"


def assign_workers(model: Model, *, parttime_per_grid: Any = None, seed: int = 0,
                   weights: Optional[Mapping[str, float]] = None) -> WorkerAssignment:
    """Assign full-time and part-time workers to the residential grids of their community at
    least total home-to-grid distance (min-cost flow, :func:`gridgov.assign`).

    Home = the worker's ``x``, ``y``; a grid's position = the centroid of its buildings. Each
    community is solved on its own (workers belong to a community). Full-time workers: exactly
    one per residential grid. Part-time workers: every grid gets a share in proportion to its
    workload (largest remainder, at least one each), or the capacities ``parttime_per_grid``
    allows (each grid still at least one). Workers of special grids are not touched.

    Parameters
    ----------
    model : gridgov.Model
    parttime_per_grid : int or mapping grid code -> int, optional
        Most part-time workers per grid (default: the proportional share, exactly).
    seed : int, default 0
        Accepted for a uniform signature; the min-cost assignment is deterministic and exact, so
        it does not use randomness.
    weights : dict, optional
        Workload weights for the part-time shares (default: the workload score's weights that
        the model has attributes for).

    Returns
    -------
    WorkerAssignment
        ``.model`` (the new model), ``.assignments`` and ``.report`` (distances before and after).

    Raises
    ------
    gridgov.InfeasibleError
        A community whose full-time workers do not equal its residential grids, or with fewer
        part-time workers than grids, or more part-time workers than the capacities allow.
    gridgov.InputError
        A worker without a home location, a bad ``parttime_per_grid``.
    """
    seed_arg(seed, "assign_workers: seed")  # checked, then unused: deterministic (see the docstring)
    lay = _layout(model)
    workload = model.workload(weights if weights is not None else _default_weights(model))
    grids = model.nodes("grid", "residential")
    parents = np.asarray(model.parents)
    building_grid = lay.grid
    grid_index = {int(g): i for i, g in enumerate(grids)}
    cx = np.full(len(grids), np.nan)
    cy = np.full(len(grids), np.nan)
    gw = np.zeros(len(grids))
    in_res = np.array([int(g) in grid_index for g in building_grid]) if len(building_grid) else np.zeros(0, dtype=bool)
    if in_res.any():
        gi = np.array([grid_index[int(g)] for g in building_grid[in_res]])
        counts = np.bincount(gi, minlength=len(grids))
        ok = np.isfinite(lay.x[in_res]) & np.isfinite(lay.y[in_res])
        sx = np.bincount(gi[ok], weights=lay.x[in_res][ok], minlength=len(grids))
        sy = np.bincount(gi[ok], weights=lay.y[in_res][ok], minlength=len(grids))
        nok = np.bincount(gi[ok], minlength=len(grids))
        with np.errstate(invalid="ignore", divide="ignore"):
            cx, cy = sx / nok, sy / nok
        gw = np.bincount(gi, weights=workload[in_res], minlength=len(grids))
        del counts
    capacity_of = _parttime_capacity(model, parttime_per_grid, grids)
    workers = model.nodes("worker")
    wx, wy = np.asarray(model.x)[workers], np.asarray(model.y)[workers]
    offsets, targets, _ = model.link_csr("serves")
    offsets, targets = np.asarray(offsets), np.asarray(targets)
    served = np.array([targets[offsets[w]] if offsets[w + 1] > offsets[w] else -1 for w in workers], dtype=np.int64)
    wsub = model.subkinds(workers) if len(workers) else np.zeros(0, dtype=object)
    builder = model.edit()
    records = []
    for c in model.nodes("community"):
        c = int(c)
        gids = [int(g) for g in grids if parents[g] == c]
        if not gids:
            continue
        cols = np.array([grid_index[g] for g in gids])
        if not np.isfinite(cx[cols]).all():
            bad = [model.code(g) for g, ok in zip(gids, np.isfinite(cx[cols])) if not ok][:5]
            raise InputError(f"assign_workers: residential grid(s) {bad} have no located building to measure distance to")
        mine = (parents[workers] == c) & ((served < 0) | np.isin(served, gids))
        for subkind in ("fulltime", "parttime"):
            sel = np.flatnonzero(mine & (wsub == subkind))
            if subkind == "fulltime":
                if len(sel) != len(gids):
                    raise InfeasibleError(
                        f"assign_workers: community {model.code(c)} has {len(sel)} full-time worker(s) for {len(gids)} "
                        "residential grid(s); every grid needs exactly one (apply a GridPlan, which staffs new grids, "
                        "or add workers)")
                cap = np.ones(len(gids), dtype=np.int64)
                minimum = cap
            else:
                if len(sel) == 0:
                    continue
                if len(sel) < len(gids):
                    raise InfeasibleError(
                        f"assign_workers: community {model.code(c)} has {len(sel)} part-time worker(s) for {len(gids)} "
                        "residential grid(s); every grid needs at least one")
                if capacity_of is None:
                    cap = _largest_remainder(len(sel), gw[cols], minimum=1)
                    minimum = cap
                else:
                    cap = np.array([capacity_of(g) for g in gids], dtype=np.int64)
                    minimum = np.ones(len(gids), dtype=np.int64)
                    if cap.sum() < len(sel):
                        raise InfeasibleError(
                            f"assign_workers: community {model.code(c)} has {len(sel)} part-time workers but "
                            f"parttime_per_grid allows only {int(cap.sum())}")
            ws = workers[sel]
            missing = ~(np.isfinite(wx[sel]) & np.isfinite(wy[sel]))
            if missing.any():
                raise InputError(f"assign_workers: worker(s) {model.codes(ws[missing][:5])} have no home location (x, y)")
            cost = np.hypot(wx[sel][:, None] - cx[cols][None, :], wy[sel][:, None] - cy[cols][None, :])
            chosen = assign(cost, cap, minimum=minimum)
            for i, w in enumerate(ws):
                before = int(served[sel[i]])
                after = gids[int(chosen[i])]
                d_before = float(np.hypot(wx[sel[i]] - cx[grid_index[before]], wy[sel[i]] - cy[grid_index[before]])) \
                    if before >= 0 and before in grid_index else np.nan
                records.append((model.code(int(w)), subkind, model.code(c), model.code(before) if before >= 0 else "",
                                model.code(after), d_before, float(cost[i, int(chosen[i])])))
                if before != after:
                    _reserve(builder, model, int(w), before if before >= 0 else None, model.code(after))
    assignments = pd.DataFrame(records, columns=["worker", "subkind", "community", "grid_before", "grid_after",
                                                 "distance_before", "distance_after"])
    rows = []
    for name, frame in (("fulltime", assignments[assignments["subkind"] == "fulltime"]),
                        ("parttime", assignments[assignments["subkind"] == "parttime"]), ("all", assignments)):
        rows.append({"subkind": name, "workers": len(frame),
                     "total_before": float(frame["distance_before"].sum()), "total_after": float(frame["distance_after"].sum()),
                     "mean_before": float(frame["distance_before"].mean()) if len(frame) else 0.0,
                     "mean_after": float(frame["distance_after"].mean()) if len(frame) else 0.0,
                     "changed": int((frame["grid_before"] != frame["grid_after"]).sum())})
    report = pd.DataFrame(rows).set_index("subkind")
    return WorkerAssignment(builder.freeze(), assignments, report)


def _parttime_capacity(model: Model, parttime_per_grid: Any, grids: np.ndarray):
    if parttime_per_grid is None:
        return None
    if isinstance(parttime_per_grid, (Mapping, pd.Series)):
        table = {str(k): v for k, v in dict(parttime_per_grid).items()}
        codes = set(model.codes(grids))
        unknown = [k for k in table if k not in codes]
        if unknown:
            raise UnknownCodeError(f"assign_workers: parttime_per_grid names {unknown[:5]}, not residential grids of the model")
        values = {model.id(k): _whole_count(v, k) for k, v in table.items()}
        return lambda g: values.get(g, 1)
    n = _whole_count(parttime_per_grid, "parttime_per_grid")
    return lambda g: n


def _whole_count(value: Any, what: str) -> int:
    return whole(value, f"assign_workers: {what}", minimum=1)
