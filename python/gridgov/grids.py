"""Grids on the model: redraw residential grids (:func:`draw_grids`) and staff them
(:func:`assign_workers`).

Both are C++ (``gridgov::planning``): this module converts arguments, turns the results into
pandas tables and emits the plan's warnings. :func:`draw_grids` cuts the buildings of each
community into contiguous residential grids (no grid ever crosses a community) and returns a
:class:`GridPlan`: the new grid of every building, the plan's quality, the buildings that change
grid, what applying it means for workers and party groups, and :meth:`GridPlan.apply`, which
gives the edited :class:`gridgov.Model`. :func:`assign_workers` places full-time and part-time
workers on the grids nearest their homes by min-cost assignment.

Special grids, and the buildings and places in them, are never touched.
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from ._args import number, text, whole
from ._args import seed as seed_arg
from ._core_ref import core as _core
from .errors import InfeasibleWarning, InputError
from .model import Model, _workload_terms as _terms
from .messages import tr

__all__ = ["GridPlan", "WorkerAssignment", "draw_grids", "assign_workers"]


def _weight_columns(weights: Any) -> List[List[Tuple[str, float]]]:
    """Weight columns for the core (which names them: ``workload``, or ``workload0``, ... for a list)."""
    if weights is None:
        return []
    if isinstance(weights, Mapping):
        return [_terms(weights)]
    columns = [_terms(w) for w in weights]
    if not columns:
        raise InputError(tr("weights: give a mapping or a non-empty list of mappings"))
    return columns


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
        ``households_max``, ``households_mean``, ``in_band`` (share of grids inside the household
        band), ``tol`` (the workload tolerance reached), ``graph_source`` and ``finding`` (how far
        outside the tolerance or the band a community's grids are, and why; "" when inside).
    moved : list of str
        Codes of the buildings whose grid changes. New grids are matched to today's grids by
        maximum overlap (in buildings), and a matched grid keeps its code, so a building moves
        only when it leaves the grid that continues its old one.
    grids : pandas.DataFrame
        One row per new grid (see :meth:`to_frame`).
    staffing : dict
        What applying the plan does to people and party groups: ``surplus_workers`` (full-time
        workers left without a grid, kept in the model), ``workers_needed`` (how many new grids
        get a placeholder worker), ``moved_party_groups`` and ``merged_party_groups`` ((party
        group, grid it joins) pairs) and
        ``decisions`` (what a leader must decide, one sentence each).
    warnings : list of str
        The plan's caveats (also emitted as :class:`gridgov.InfeasibleWarning`).
    """

    def __init__(self, core: Any, model: Model) -> None:
        self._core = core
        self._weight_names = list(core.weight_names())
        self._band = core.band()
        codes = model.codes(model.nodes("building"))
        self.labels = pd.Series(np.array(core.labels(), dtype=object), index=pd.Index(codes, name="building"), name="grid")
        self.moved: List[str] = list(core.moved())
        self.grids = self._grid_table()
        self.quality = self._quality_table()
        self.staffing: Dict[str, Any] = dict(core.staffing_changes())
        self.warnings: List[str] = list(core.warnings())

    # ---- tables ------------------------------------------------------------------------------
    def _grid_table(self) -> pd.DataFrame:
        t = self._core.grid_table()
        frame = pd.DataFrame({"grid": t["grid"], "community": t["community"], "name": t["name"],
                              "buildings": t["buildings"], "households": t["households"]})
        work = np.asarray(t["workload"])
        for c, name in enumerate(self._weight_names):
            frame[name] = work[:, c]
        frame["x"], frame["y"] = t["x"], t["y"]
        frame["kept_from"], frame["status"] = t["kept_from"], t["status"]
        if self._band is not None:
            frame["in_band"] = np.asarray(t["in_band"]).astype(bool)
        return frame

    def _quality_table(self) -> pd.DataFrame:
        t = self._core.quality_table()
        frame = pd.DataFrame({"grids": t["grids"]}, index=pd.Index(t["community"], name="community"))
        max_ratio, min_ratio = np.asarray(t["max_ratio"]), np.asarray(t["min_ratio"])
        for c, name in enumerate(self._weight_names):
            suffix = "" if len(self._weight_names) == 1 else f"_{name}"
            frame[f"max_ratio{suffix}"] = max_ratio[:, c]
            frame[f"min_ratio{suffix}"] = min_ratio[:, c]
        for key in ("cut_edges", "disconnected_grids", "empty_grids", "households_min", "households_max",
                    "households_mean"):
            frame[key] = t[key]
        if self._band is not None:
            frame["in_band"] = t["in_band"]
        frame["tol"] = t["tol"]
        frame["graph_source"] = t["graph_source"]
        frame["finding"] = t["finding"]
        return frame

    def grid_count(self) -> int:
        """The number of grids the plan draws."""
        return int(self._core.grid_count())

    def to_frame(self) -> pd.DataFrame:
        """One row per new grid: ``grid`` (code), ``community``, ``name``, ``buildings``,
        ``households``, the workload column(s), centroid ``x``, ``y``, ``kept_from`` (the current
        grid it continues, or ``""``), ``status`` (``kept``: continues a current grid, matched by
        maximum overlap; ``new``; or ``renumbered``: a new grid that takes the free code of a
        retired grid, whose node, workers and party group it keeps) and, with a household band,
        ``in_band``."""
        return self.grids.copy()

    def __repr__(self) -> str:
        overall = self.quality.loc["overall"]
        return (f"<GridPlan: {int(overall['grids'])} grids in {len(self.quality) - 1} communities, households per grid "
                f"{overall['households_min']:.0f}-{overall['households_max']:.0f}, {len(self.moved):,} buildings move>")

    def _repr_html_(self) -> str:
        overall = self.quality.loc["overall"]
        head = html.escape(repr(self))
        table = self.quality.drop(columns=["graph_source", "finding"]).to_html(float_format=lambda v: f"{v:.3f}", border=0)
        return (f"<div><b>GridPlan</b> — {int(overall['grids'])} grids, {len(self.moved):,} buildings change grid"
                f"<details><summary>quality by community</summary>{table}</details><!-- {head} --></div>")

    # ---- apply -------------------------------------------------------------------------------
    def apply(self) -> Model:
        """The model with this plan's grids.

        Grids matched to a current grid keep its code, name, workers and party group; new grids
        are added (named ``<community name>第N网格``) with a party group and a full-time worker:
        the full-time worker of a retired grid of the same community (nearest home first, by
        min-cost matching), else a placeholder named ``待配备网格员`` living at the grid's
        centroid. Nothing is deleted silently: full-time workers left over stay in the model
        without a grid, a retired grid's party group joins the grid continuing most of its
        households, and its part-time workers serve that grid (``staffing`` lists what a leader
        must decide). Buildings move to their new grid; a place in a redrawn grid moves to the
        grid of its nearest redrawn building. The result is frozen with full validation.

        Returns
        -------
        gridgov.Model
        """
        return Model(self._core.apply())


def _whole(value: Any, what: str) -> int:
    return whole(value, f"draw_grids: {what}", minimum=1)


def draw_grids(model: Model, community: Union[None, str, Sequence[str]] = None, *, k: Any = None,
               households: Optional[Tuple[float, float]] = (300, 500), weights: Any = None, seed: int = 0,
               tol: float = 0.05, fixed: Any = None, strict: bool = False, incremental: bool = False,
               threads: int = 0) -> GridPlan:
    """Redraw the residential grids of one community (or several, or the whole county).

    Buildings are the atomic units; grids are contiguous on the building adjacency (the model's
    ``adjacent`` links, or for a community without any, a Delaunay triangulation of the building
    coordinates) and never cross a community. Grid weights are the workload score
    (:meth:`gridgov.Model.workload`). Communities are independent and drawn in parallel; the plan
    does not depend on the number of threads.

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
        then held inside the band where the buildings allow it.
    households : (float, float) or None, default (300, 500)
        The planning band of households per grid (it decides k when ``k`` is None, and is
        reported as ``in_band`` either way).
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
        When a community's buildings do not allow ``tol`` and the band, the plan is made as
        balanced as they allow: the tightest of the wider tolerances (0.08, 0.12, 0.16, 0.22,
        0.30, 0.45, 0.6) the partitioner meets (the widest first, then by bisection) with the band
        held, else without it, and an
        :class:`gridgov.InfeasibleWarning` (and ``quality["finding"]``) names the community, how
        far outside its grids are and why; the other communities are unaffected.
        ``strict=True`` raises :class:`gridgov.InfeasibleError` instead.
    incremental : bool, default False
        Rebalance today's grids instead of drawing new ones: each community keeps its number of
        residential grids and the plan starts from today's, moving as few buildings as the
        workload bounds need. ``k``, when given, must equal today's numbers. Every redrawn
        building must be in a residential grid today, and today's grids must be connected.
    threads : int, default 0
        Threads for the communities (0: one per core).

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
        ``k`` larger than a community's buildings, or with ``strict`` a community that cannot
        meet ``tol`` and the band; the message names the community and why.
    """
    if not isinstance(model, Model):
        raise InputError(tr("draw_grids: model must be a gridgov.Model"))
    communities: List[str] = []
    if community is not None:
        if isinstance(community, str):
            communities = [text(community, "draw_grids: community")]
        elif isinstance(community, Iterable):
            communities = [text(str(c), "draw_grids: community") for c in community]
        else:
            raise InputError(tr("draw_grids: community must be a community code or a list of them, got "
                                "{community}",
                                community=repr(community)))
    k_total: Optional[int] = None
    k_per: Dict[str, int] = {}
    if isinstance(k, Mapping):
        k_per = {str(c): _whole(v, f"k for community {c}") for c, v in k.items()}
        if community is not None:
            extra = [c for c in k_per if c not in communities]
            if extra:
                raise InputError(tr("draw_grids: k names community {extra}, which is not being redrawn",
                                    extra=repr(extra[0])))
            communities = []  # k names them
    elif k is not None:
        k_total = _whole(k, "k")
    band = None
    if households is not None:
        try:
            lo, hi = (number(v, "draw_grids: households") for v in households)
        except (TypeError, ValueError, InputError):
            raise InputError(tr("draw_grids: households must be a (low, high) pair, got {households}",
                                households=repr(households))) from None
        band = (lo, hi)
    tol = number(tol, "draw_grids: tol")
    fix_current, fixed_map = False, {}
    if fixed is not None:
        if isinstance(fixed, str):
            if fixed != "current":
                raise InputError(tr("draw_grids: fixed must be 'current' or a mapping building -> grid, got "
                                    "{fixed}",
                                    fixed=repr(fixed)))
            fix_current = True
        elif isinstance(fixed, (Mapping, pd.Series)):
            fixed_map = {str(b): str(g) for b, g in dict(fixed).items()}
        else:
            raise InputError(tr("draw_grids: fixed must be 'current' or a mapping building code -> grid code"))
    columns = _weight_columns(weights)
    seed = seed_arg(seed, "draw_grids: seed")
    threads = whole(threads, "draw_grids: threads", minimum=0)
    core = _core.draw_grids(model._core, communities, k_total, k_per, band, columns, tol, seed,
                            fix_current, fixed_map, bool(strict), bool(incremental), threads)
    plan = GridPlan(core, model)
    # A city has hundreds of communities: past a few caveats, one warning says how many there
    # are and where they all are, instead of a screenful (every one stays in plan.warnings).
    shown = plan.warnings if len(plan.warnings) <= _WARNINGS_SHOWN else plan.warnings[:_WARNINGS_SHOWN - 1]
    for message in shown:
        warnings.warn(message, InfeasibleWarning, stacklevel=2)
    if len(shown) < len(plan.warnings):
        rest = len(plan.warnings) - len(shown)
        warnings.warn(tr("draw_grids: {rest} more communities have caveats like those above ({warnings} of "
                         "{quality} in all); each is in GridPlan.warnings and GridPlan.quality['finding']",
                         rest=rest, warnings=len(plan.warnings), quality=len(plan.quality) - 1),
                      InfeasibleWarning, stacklevel=2)
    return plan


#: How many of a plan's caveats draw_grids emits as warnings one by one.
_WARNINGS_SHOWN = 5


# ---- assign_workers --------------------------------------------------------------------------------

@dataclass
class WorkerAssignment:
    """The result of :func:`assign_workers`.

    Attributes
    ----------
    model : gridgov.Model
        The model with the new ``serves`` links.
    assignments : pandas.DataFrame
        One row per worker considered: ``worker``, ``subkind``, ``community``, ``grid_before``,
        ``grid_after`` (``""``: left without a grid, full-time workers beyond one per grid),
        ``distance_before``, ``distance_after`` (metres from home to the grid's building
        centroid).
    report : pandas.DataFrame
        Per subkind (``fulltime``, ``parttime``, ``all``): ``workers``, ``total_before``,
        ``total_after``, ``mean_before``, ``mean_after`` (metres) and ``changed`` (workers whose
        grid changed).
    unassigned : list of str
        Full-time workers left without a grid (more full-time workers than grids).
    assigned_fulltime : int
        Full-time workers serving a residential grid afterwards.
    """

    model: Model
    assignments: pd.DataFrame
    report: pd.DataFrame
    unassigned: List[str]
    assigned_fulltime: int

    def _repr_html_(self) -> str:
        return f"<div><b>WorkerAssignment</b>{self.report.to_html(float_format=lambda v: f'{v:,.0f}', border=0)}</div>"


def _whole_count(value: Any, what: str) -> int:
    return whole(value, f"assign_workers: {what}", minimum=1)


def assign_workers(model: Model, *, parttime_per_grid: Any = None, seed: int = 0,
                   weights: Optional[Mapping[str, float]] = None) -> WorkerAssignment:
    """Assign full-time and part-time workers to the residential grids of their community at
    least total home-to-grid distance (min-cost flow, C++ ``gridgov::planning::assign_workers``).

    Home = the worker's ``x``, ``y``; a grid's position = the centroid of its buildings. Each
    community is solved on its own (workers belong to a community). Full-time workers: exactly
    one per residential grid; beyond one per grid, the farthest stay in the model without a grid
    (``unassigned``). Part-time workers: every grid gets a share in proportion to its workload
    (largest remainder, at least one each), or the capacities ``parttime_per_grid`` allows (each
    grid still at least one). Workers of special grids are not touched.

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

    Raises
    ------
    gridgov.InfeasibleError
        A community with fewer full-time workers than residential grids, or fewer part-time
        workers than grids, or more part-time workers than the capacities allow.
    gridgov.InputError
        A worker without a home location, a bad ``parttime_per_grid``.
    """
    seed_arg(seed, "assign_workers: seed")  # checked, then unused: deterministic (see the docstring)
    if not isinstance(model, Model):
        raise InputError(tr("assign_workers: model must be a gridgov.Model"))
    per_grid: Optional[int] = None
    by_code: Dict[str, int] = {}
    if isinstance(parttime_per_grid, (Mapping, pd.Series)):
        by_code = {str(g): _whole_count(v, str(g)) for g, v in dict(parttime_per_grid).items()}
    elif parttime_per_grid is not None:
        per_grid = _whole_count(parttime_per_grid, "parttime_per_grid")
    terms = _terms(weights) if weights is not None else []
    raw = _core.assign_workers(model._core, per_grid, by_code, terms)
    moves = raw["moves"]
    assignments = pd.DataFrame({key: moves[key] for key in ("worker", "subkind", "community", "grid_before", "grid_after",
                                                            "distance_before", "distance_after")})
    report = pd.DataFrame(list(raw["summary"])).set_index("subkind")
    return WorkerAssignment(Model(raw["model"]), assignments, report, list(raw["unassigned"]),
                            int(raw["assigned_fulltime"]))
