"""Maps and charts for planners (matplotlib), usable in notebooks and by the report.

Every function takes an optional ``ax`` (a new figure is made when it is None) and returns the
figure it drew on (``ax.figure`` when ``ax`` was given). Figures are built directly
(:class:`matplotlib.figure.Figure`), never through pyplot: a call leaves nothing in pyplot's
list of open figures, and the figure shows itself when it is a notebook cell's value.
:func:`subplots` makes such a figure with several axes to pass as ``ax``. Chinese names render: the first installed CJK font among Noto Sans CJK SC
(Debian ``fonts-noto-cjk``), Source Han Sans, WenQuanYi, SimHei, Microsoft YaHei and PingFang
is found through :mod:`matplotlib.font_manager` and put first in the font family of every
text these functions draw (:func:`cjk_font`); without one, a :class:`CJKFontWarning` says what
to install.

* :func:`grid_map` — buildings coloured by grid (neighbouring grids in different colours),
  community boundaries, service stations, households out of reach marked.
* :func:`households_per_grid` — households (or workload) per grid against the planning band.
* :func:`reach_by_community` — share of households within the 5-, 10- and 15-minute circles.
* :func:`escalation_funnel` — where events were closed: grid, compound, community, county.
* :func:`worker_utilisation` — how busy the workers were.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from typing import Dict, Iterable, Mapping, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from .errors import InputError
from .polygons import map_polygons
from .tables import building_table
from .messages import tr

__all__ = [
    "CJKFontWarning",
    "cjk_font",
    "subplots",
    "building_table",
    "grid_colours",
    "grid_map",
    "households_per_grid",
    "reach_by_community",
    "escalation_funnel",
    "worker_utilisation",
]

_CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
                 "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK JP",
                 "Noto Sans CJK TC", "Noto Serif CJK SC", "AR PL UMing CN")
_CJK_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
              "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
              "/System/Library/Fonts/PingFang.ttc",
              "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/simhei.ttf")

# Twelve distinguishable colours (Tableau 10 plus two); neighbouring grids never share one when
# the grid adjacency graph can be coloured greedily with them (always, for planar-like maps).
_PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
            "#9c755f", "#bab0ac", "#86bcb6", "#d37295")
_BAND_COLOUR = "#59a14f"
_OUT_OF_REACH = "#d62728"

_font_cache: Dict[str, Optional[str]] = {}


class CJKFontWarning(UserWarning):
    """No font with Chinese characters was found; Chinese names would show as boxes."""


def cjk_font() -> Optional[str]:
    """The family name of an installed font that has Chinese characters.

    Returns
    -------
    str or None
        e.g. ``"Noto Sans CJK SC"``; None (with a :class:`CJKFontWarning`) when there is none.
    """
    if "name" in _font_cache:
        return _font_cache["name"]
    from matplotlib import font_manager

    def known() -> set:
        return {f.name for f in font_manager.fontManager.ttflist}

    names = known()
    found = next((f for f in _CJK_FAMILIES if f in names), None)
    if found is None:
        for path in _CJK_FILES:
            if os.path.exists(path):
                with contextlib.suppress(Exception):
                    font_manager.fontManager.addfont(path)
        names = known()
        found = next((f for f in _CJK_FAMILIES if f in names), None)
    if found is None:
        from .messages import tr

        warnings.warn(tr("no CJK font found: Chinese names will not render. Install one, e.g. "
                         "`apt-get install fonts-noto-cjk`"), CJKFontWarning, stacklevel=3)
    _font_cache["name"] = found
    return found


def _families() -> list:
    font = cjk_font()
    return ([font] if font else []) + ["DejaVu Sans"]


@contextlib.contextmanager
def _style():
    """rcParams for gridgov figures: the CJK font first (concrete family names, so text keeps
    it when the figure is drawn later, outside this context), minus signs it can render."""
    import matplotlib as mpl

    with mpl.rc_context({"font.family": _families(), "axes.unicode_minus": False,
                         "axes.spines.top": False, "axes.spines.right": False}):
        yield


def _cjk_text(ax):
    """Give every text of the axes the CJK font: titles, labels and tick labels of axes the
    caller made (outside :func:`_style`) were created with the default font. Returns ``ax``."""
    from matplotlib.text import Text

    families = _families()
    for text in ax.findobj(Text):
        text.set_fontfamily(families)
    return ax


def subplots(nrows: int = 1, ncols: int = 1, *, figsize: Tuple[float, float] = (10, 4), **kwargs):
    """A figure with a grid of axes, made without pyplot, to pass the axes as ``ax=``.

    Like :func:`matplotlib.pyplot.subplots` (``layout="constrained"`` unless given), but the
    figure is not registered with pyplot and shows itself as a notebook cell's value.

    Returns
    -------
    (matplotlib.figure.Figure, axes)
        ``axes`` is one Axes for 1 x 1, else an array of them (``squeeze`` as in matplotlib).
    """
    from ._figure import Figure

    figure = Figure(figsize=figsize, layout=kwargs.pop("layout", "constrained"))
    return figure, figure.subplots(nrows, ncols, **kwargs)


def _axes(ax, figsize: Tuple[float, float]):
    if ax is None:
        _, ax = subplots(figsize=figsize)
    return ax


# ---- data ------------------------------------------------------------------------------------

def grid_colours(model, labels=None) -> Dict[object, str]:
    """A colour per grid such that grids with adjacent buildings differ (greedy colouring of
    the grid adjacency graph, largest grids first).

    Parameters
    ----------
    model : gridgov.Model
    labels : array_like, optional
        A grid label per building (default: the current grids).

    Returns
    -------
    dict
        grid label -> hex colour.
    """
    table = building_table(model, labels)
    grids = pd.unique(table["grid"])
    index = {g: i for i, g in enumerate(grids)}
    g_of = table["grid"].map(index).to_numpy()
    neighbours = [set() for _ in grids]
    if model.count("building") > 1:
        adjacency = model.adjacency("building").tocoo()
        a, b = g_of[adjacency.row], g_of[adjacency.col]
        for i, j in zip(a[a != b], b[a != b]):
            neighbours[i].add(j)
    size = table.groupby("grid", sort=False).size().reindex(grids).to_numpy()
    colour = np.full(len(grids), -1)
    for i in sorted(range(len(grids)), key=lambda i: (-len(neighbours[i]), -size[i], i)):
        used = {colour[j] for j in neighbours[i]}
        free = [c for c in range(len(_PALETTE)) if c not in used]
        colour[i] = free[0] if free else i % len(_PALETTE)
    return {g: _PALETTE[c] for g, c in zip(grids, colour)}


def _out_of_reach_buildings(model, out_of_reach) -> np.ndarray:
    """Building ids with households out of reach, from household/building codes, ids or a mask."""
    r = model.kind_range("building")
    if out_of_reach is None:
        return np.empty(0, dtype=np.int64)
    if isinstance(out_of_reach, pd.DataFrame):
        for column in ("within", "reached", "in_reach"):
            if column in out_of_reach:
                codes = out_of_reach.loc[~out_of_reach[column].astype(bool)]
                key = "household" if "household" in codes else ("code" if "code" in codes else None)
                values = codes[key].tolist() if key else codes.index.tolist()
                return _out_of_reach_buildings(model, values)
        raise InputError(tr("out_of_reach table needs a boolean column 'within' (or 'reached')"))
    values = np.asarray(out_of_reach)
    if values.dtype == bool:
        if len(values) == r.stop - r.start:
            return np.flatnonzero(values) + r.start
        h = model.kind_range("household")
        if len(values) == h.stop - h.start:
            ids = np.flatnonzero(values) + h.start
        else:
            raise InputError(tr("out_of_reach mask must have one entry per building or per household"))
    elif values.dtype.kind in "iu":
        ids = values.astype(np.int64)
    else:
        ids = model.ids([str(v) for v in values]).astype(np.int64)
    if len(ids) == 0:
        return ids
    return np.unique(model.ancestor_of_kind(ids, "building"))


def grid_map(model, ax=None, *, labels=None, out_of_reach=None, stations: bool = True,
             boundaries: bool = True, title: Optional[str] = None, legend: bool = True,
             within: Optional[str] = None):
    """The grid map (社区网格分布图): grid areas in colour, buildings, community boundaries.

    Grid areas are the polygons of :func:`gridgov.report.grid_polygons` (Voronoi cells of the
    buildings clipped to the settled area, dissolved per grid), coloured so that neighbouring
    grids differ (:func:`grid_colours`).

    Parameters
    ----------
    model : gridgov.Model
    ax : matplotlib.axes.Axes, optional
    labels : array_like, optional
        A grid per building (e.g. a redraw's ``plan.labels``); default the model's grids.
    out_of_reach : array_like or pandas.DataFrame, optional
        Households (or buildings) out of reach of their service station, as codes, ids, a
        boolean mask, or a reach table with a boolean ``within`` column; their buildings are
        marked with red crosses.
    stations : bool, default True
        Draw service stations (and command centres) that have coordinates.
    boundaries : bool, default True
        Draw community boundaries and names.
    title : str, optional
    legend : bool, default True
    within : str, optional
        Code of a district, street or community: only its buildings, grids and communities
        (a city's map one district at a time).

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on (``ax.figure`` when ``ax`` is given).
    """
    table = building_table(model, labels)
    if len(table) == 0:
        raise InputError(tr("the model has no buildings to map"))
    located = np.isfinite(table["x"]) & np.isfinite(table["y"])
    if not located.any():
        raise InputError(tr("no building has coordinates: the map needs x, y (from_buildings sets them)"))
    grids, communities = map_polygons(model, labels)
    if within is not None:
        area = model.descendants(within, kind="community") if model.kind(within) != "community" else [within]
        keep = set(area)
        located &= table["community"].isin(keep)
        if not located.any():
            raise InputError(tr("within={within}: no located building lies in it", within=repr(within)))
        grids = grids[grids["community"].isin(keep)]
        communities = {c: g for c, g in communities.items() if c in keep}
    table = table[located]
    colours = grid_colours(model, labels)
    with _style():
        if ax is None:
            width = float(np.ptp(table["x"])) or 1.0
            height = float(np.ptp(table["y"])) or 1.0
            ax = _axes(None, (11, float(np.clip(11 * height / width + 1.0, 4, 12))))
        _fill(ax, [(geom, colours.get(grid, "#cccccc")) for grid, geom in grids["geometry"].items()])
        ax.scatter(table["x"], table["y"], s=1.5, c="#333333", linewidths=0, zorder=3)
        unassigned = table["grid"] == ""
        handles = []
        if unassigned.any():
            handles.append(ax.scatter(table["x"][unassigned], table["y"][unassigned], s=14, marker="s",
                                      facecolors="none", edgecolors="#d62728", linewidths=0.8, zorder=4,
                                      label=f"不在任何网格的楼栋 ({int(unassigned.sum())})"))
        if boundaries:
            # Outlines are drawn "closed" (dilated then eroded by half the outline radius): the
            # narrow notches between rows of buildings are streets, not community borders.
            close = 0.5 * float(grids.attrs.get("buffer", 0.0))
            for code, geom in communities.items():
                if close > 0:
                    geom = geom.buffer(close, quad_segs=4).buffer(-close, quad_segs=4)
                for poly in getattr(geom, "geoms", [geom]):
                    if not poly.is_empty:
                        ax.plot(*poly.exterior.xy, color="#222222", linewidth=1.1, zorder=4)
                minx, miny, maxx, maxy = geom.bounds
                ax.annotate(model.name(code), ((minx + maxx) / 2, maxy), xytext=(0, 2), textcoords="offset points",
                            fontsize=8, ha="center", va="bottom", zorder=7)
        if stations:
            handles += _draw_stations(ax, model, communities if within is not None else None)
        marked = _out_of_reach_buildings(model, out_of_reach)
        if within is not None and len(marked):
            marked = marked[np.isin(marked, table["id"].to_numpy())]
        if len(marked):
            handles.append(ax.scatter(np.asarray(model.x)[marked], np.asarray(model.y)[marked], marker="x",
                                      s=18, c=_OUT_OF_REACH, linewidths=1.0, zorder=6,
                                      label=f"有住户超出服务半径的楼栋 ({len(marked)})"))
        ax.set_aspect("equal")
        ax.margins(0.04)
        ax.set_xlabel("东 (米)")
        ax.set_ylabel("北 (米)")
        count = int((grids["geometry"].notna()).sum())
        place = model.name(within) if within is not None else model.metadata.get("name", "")
        ax.set_title(title or f"{place} 社区网格分布图 — {count} 个网格, {len(table):,} 栋楼")
        if legend and handles:
            ax.legend(handles=handles, loc="best", fontsize=8, framealpha=0.9)
        return _cjk_text(ax).figure


def _fill(ax, filled) -> None:
    """Fill (geometry, colour) pairs as one collection: one artist for thousands of grids (a
    city), where a patch each spends seconds on updating the axes' limits one by one."""
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path

    paths, colours = [], []
    for geom, colour in filled:
        for poly in getattr(geom, "geoms", [geom]):
            if poly is None or poly.is_empty:
                continue
            rings = [np.asarray(poly.exterior.coords)] + [np.asarray(r.coords) for r in poly.interiors]
            codes = np.concatenate([[Path.MOVETO] + [Path.LINETO] * (len(r) - 2) + [Path.CLOSEPOLY] for r in rings])
            paths.append(Path(np.vstack(rings), codes))
            colours.append(colour)
    if not paths:
        return
    collection = PathCollection(paths, facecolors=colours, edgecolors="white", linewidths=0.4, alpha=0.8, zorder=2)
    ax.add_collection(collection)
    ax.update_datalim(np.vstack([path.vertices for path in paths]))
    ax.autoscale_view()


def _draw_stations(ax, model, communities=None) -> list:
    """Service stations and command centres (of the given communities only, when given)."""
    handles = []
    if not model.count("organisation"):
        return handles
    styles = {"service_station": ("^", "#000000", "服务站"), "command_centre": ("*", "#b10026", "指挥中心")}
    x, y = np.asarray(model.x), np.asarray(model.y)
    for subkind, (marker, colour, label) in styles.items():
        ids = model.nodes("organisation", subkind)
        ids = ids[np.isfinite(x[ids]) & np.isfinite(y[ids])]
        if communities is not None and len(ids):
            owner = model.ancestor_of_kind(ids, "community")
            codes = np.array([model.code(int(c)) if c >= 0 else "" for c in owner], dtype=object)
            ids = ids[np.isin(codes, list(communities))]
        if len(ids):
            handles.append(ax.scatter(x[ids], y[ids], marker=marker, s=70, c=colour, edgecolors="white",
                                      linewidths=0.8, zorder=6, label=f"{label} ({len(ids)})"))
    return handles


def grid_loads(model, labels=None, workload=None) -> pd.DataFrame:
    """Households (and workload) per grid.

    Parameters
    ----------
    model : gridgov.Model
    labels : array_like, optional
        A grid per building (default the current grids).
    workload : array_like, optional
        A workload score per building (default ``model.workload()`` when available).

    Returns
    -------
    pandas.DataFrame
        Indexed by grid: ``community``, ``buildings``, ``households``, ``workload``.
    """
    table = building_table(model, labels)
    if workload is None:
        try:
            workload = model.workload()
        except Exception:  # noqa: BLE001 - a model without the default attributes
            workload = table["households"].to_numpy(dtype=float)
    workload = np.asarray(workload, dtype=float)
    if workload.ndim == 2:
        workload = workload[:, 0]
    table["workload"] = workload
    table = table[table["grid"] != ""]
    return table.groupby("grid", sort=True).agg(community=("community", "first"), buildings=("code", "size"),
                                               households=("households", "sum"), workload=("workload", "sum"))


def households_per_grid(model, ax=None, *, labels=None, band: Tuple[float, float] = (300, 500),
                        what: str = "households", workload=None, title: Optional[str] = None):
    """Households (or workload) per grid, sorted, against the planning band.

    Parameters
    ----------
    model : gridgov.Model
    ax : matplotlib.axes.Axes, optional
    labels : array_like, optional
        A grid per building (default the current grids).
    band : (float, float), default (300, 500)
        The planning band for households per grid (shaded); for ``what="workload"`` it is
        scaled by the county's mean workload per household.
    what : {"households", "workload"}
    workload : array_like, optional
        Workload per building for ``what="workload"`` (default ``model.workload()``).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on (``ax.figure`` when ``ax`` is given).
    """
    if what not in ("households", "workload"):
        raise InputError(tr("what={what}: use 'households' or 'workload'", what=repr(what)))
    lo, hi = float(band[0]), float(band[1])
    if not (0 <= lo <= hi):
        raise InputError(tr("band={band}: give (low, high) with 0 <= low <= high", band=repr(band)))
    with _style():
        ax = _axes(ax, (10, 4))
        loads = grid_loads(model, labels, workload)
        if loads.empty:
            raise InputError(tr("no building is in a grid: nothing to chart"))
        values = loads[what].sort_values().to_numpy()
        if what == "workload":
            per_household = loads["workload"].sum() / max(loads["households"].sum(), 1)
            lo, hi = lo * per_household, hi * per_household
        inside = (values >= lo) & (values <= hi)
        positions = np.arange(len(values))
        if len(values) <= 400:
            ax.bar(positions, values, width=1.0, color=np.where(inside, "#4e79a7", "#e15759"), linewidth=0)
        else:  # thousands of grids (a city): two filled step curves, one artist each, not a bar each
            edges = np.arange(len(values) + 1) - 0.5
            ax.stairs(np.where(inside, values, 0.0), edges, fill=True, color="#4e79a7", linewidth=0)
            ax.stairs(np.where(inside, 0.0, values), edges, fill=True, color="#e15759", linewidth=0)
        ax.axhspan(lo, hi, color=_BAND_COLOUR, alpha=0.15, zorder=0, label=f"规划区间 {lo:,.0f}–{hi:,.0f}")
        ax.set_xlim(-0.5, len(values) - 0.5)
        ax.set_xlabel(f"网格 (按{'户数' if what == 'households' else '工作量'}排序, 共 {len(values)} 个)")
        ax.set_ylabel("户数" if what == "households" else "工作量")
        share = inside.mean() if len(values) else 0.0
        ax.set_title(title or f"{'每个网格的户数' if what == 'households' else '每个网格的工作量'} — "
                              f"{share:.0%} 在区间内, 最少 {values.min():,.0f}, 最多 {values.max():,.0f}")
        ax.legend(loc="upper left", fontsize=8)
        return _cjk_text(ax).figure


def reach_by_community(reach, ax=None, *, names: Optional[Mapping[str, str]] = None,
                       title: Optional[str] = None):
    """Share of households within each walking circle, by community (stacked bars).

    Parameters
    ----------
    reach : pandas.DataFrame
        One row per community (index: community code or name) and one column per circle with
        the share of households within it (0-1), e.g. ``"300 m"``, ``"500 m"``, ``"1000 m"``, in
        increasing order (the shares are cumulative: within 500 m includes within 300 m).
    ax : matplotlib.axes.Axes, optional
    names : mapping, optional
        Display names for the index values (e.g. community code -> name).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on (``ax.figure`` when ``ax`` is given).
    """
    if not isinstance(reach, pd.DataFrame) or reach.empty:
        raise InputError(tr("reach must be a non-empty DataFrame: one row per community, one column per circle"))
    shares = reach.astype(float)
    if ((shares < -1e-9) | (shares > 1 + 1e-9)).any().any():
        raise InputError(tr("reach shares must lie between 0 and 1"))
    with _style():
        ax = _axes(ax, (10, 4.5))
        labels = [names.get(i, str(i)) if names else str(i) for i in shares.index]
        positions = np.arange(len(shares))
        previous = np.zeros(len(shares))
        colours = ["#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#fc8d59"]
        for k, column in enumerate(shares.columns):
            current = np.maximum(shares[column].to_numpy(), previous)
            ax.bar(positions, current - previous, bottom=previous, color=colours[k % len(colours)],
                   label=f"{column} 内", width=0.8)
            previous = current
        ax.bar(positions, 1 - previous, bottom=previous, color="#d73027", width=0.8, label="范围外")
        ax.set_xticks(positions, labels, rotation=45, ha="right", fontsize=8)
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(_percent())
        ax.set_ylabel("住户占比")
        ax.set_title(title or "各社区住户到服务站的步行可达性 (5/10/15 分钟生活圈)")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), fontsize=8, ncol=len(shares.columns) + 1,
                  frameon=False)
        return _cjk_text(ax).figure


def _percent():
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0, decimals=0)


#: The escalation tiers in the funnel, lowest first, with their Chinese labels.
FUNNEL_TIERS = (("grid", "网格"), ("compound", "小区"), ("community", "社区"), ("street", "街道"),
                ("county", "县级"))


def escalation_funnel(result, ax=None, *, title: Optional[str] = None):
    """Where events were closed: in the grid, the compound, the community, the county.

    Parameters
    ----------
    result : simulation result, dict or pandas.DataFrame
        A ``gg.simulate`` result (its ``kpis``), a kpis dict with ``events`` and
        ``resolved_in_grid_rate``, ``resolved_in_compound_rate``, ``resolved_in_community_rate``,
        ``reached_county_rate``, or an events table with a ``closed_tier`` column (and
        ``status``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on (``ax.figure`` when ``ax`` is given).
    """
    counts = funnel_counts(result)
    with _style():
        ax = _axes(ax, (8, 4))
        total = counts.pop("events")
        still_open = counts.pop("open")
        rows = [(label, counts[tier]) for tier, label in FUNNEL_TIERS if tier in counts]
        rows.append(("未结案", still_open))
        labels = [r[0] for r in rows][::-1]
        values = np.array([r[1] for r in rows][::-1], dtype=float)
        colours = (["#bab0ac"] + ["#4e79a7"] * (len(rows) - 1))
        bars = ax.barh(labels, values, color=colours)
        for bar, v in zip(bars, values):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2,
                    f" {v:,.0f} ({v / total:.1%})" if total else " 0", va="center", fontsize=8)
        ax.set_xlabel("事件数")
        ax.set_xlim(0, max(values.max(), 1) * 1.25)
        ax.set_title(title or f"事件在哪一级结案 — 共 {total:,.0f} 件 (小事不出网格、难事不出小区、大事不出社区)")
        return _cjk_text(ax).figure


def funnel_counts(result) -> Dict[str, float]:
    """Events closed per tier: ``{"events", "grid", "compound", "community", ["street"], "county", "open"}``."""
    kpis = getattr(result, "kpis", result)
    events = getattr(result, "events", None)
    if isinstance(kpis, Mapping) and "events" in kpis:
        total = float(kpis["events"])
        rate = {"grid": "resolved_in_grid_rate", "compound": "resolved_in_compound_rate",
                "community": "resolved_in_community_rate", "street": "resolved_in_street_rate",
                "county": "reached_county_rate"}
        counts = {"events": total}
        for tier, key in rate.items():
            if key in kpis and (tier != "street" or float(kpis[key]) > 0):  # most counties have no streets
                counts[tier] = float(kpis[key]) * total
        closed = float(kpis.get("closed", sum(v for k, v in counts.items() if k != "events")))
        counts["open"] = total - closed
        return counts
    if isinstance(kpis, pd.DataFrame):
        events = kpis
    if isinstance(events, pd.DataFrame) and "closed_tier" in events:
        tier = events["closed_tier"].astype(str).str.lower()
        status = events["status"].astype(str).str.lower() if "status" in events else pd.Series("closed", index=tier.index)
        closed = status.eq("closed")
        counts = {"events": float(len(events))}
        aliases = {"l0": "grid", "l1": "compound", "l2": "community", "l3": "street", "l4": "county",
                   "l5": "county", "host": "compound", "department": "county",
                   "0": "grid", "1": "compound", "2": "community", "3": "street", "4": "county", "5": "county"}
        tier = tier.map(lambda t: aliases.get(t, t))
        for name, _ in FUNNEL_TIERS:
            n = float((closed & tier.eq(name)).sum())
            if n or name != "street":
                counts[name] = n
        counts["open"] = float((~closed).sum())
        return counts
    raise InputError(tr("escalation_funnel needs a simulation result, its kpis dict, or an events table with "
                        "closed_tier"))


def worker_utilisation(workers, ax=None, *, title: Optional[str] = None):
    """Distribution of worker utilisation (share of working time busy), by worker type.

    Parameters
    ----------
    workers : pandas.DataFrame
        One row per worker with a ``utilisation`` column (0-1, or percent when above 1.5) and
        optionally ``subkind``/``type`` (``fulltime``/``parttime``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on (``ax.figure`` when ``ax`` is given).
    """
    if not isinstance(workers, pd.DataFrame) or "utilisation" not in workers:
        raise InputError(tr("worker_utilisation needs a table with a 'utilisation' column per worker"))
    u = pd.to_numeric(workers["utilisation"], errors="coerce").to_numpy(dtype=float)
    if np.nanmax(u, initial=0) > 1.5:
        u = u / 100.0
    kind_column = next((c for c in ("subkind", "type", "worker_type") if c in workers), None)
    kinds = workers[kind_column].astype(str).to_numpy() if kind_column else np.full(len(u), "all")
    with _style():
        ax = _axes(ax, (8, 4))
        bins = np.linspace(0, max(1.0, float(np.nanmax(u, initial=0))), 21)
        names = {"fulltime": "专职网格员", "parttime": "兼职网格员", "all": "网格员"}
        for kind, colour in zip(sorted(set(kinds)), ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1")):
            values = u[(kinds == kind) & np.isfinite(u)]
            if len(values):
                ax.hist(values, bins=bins, alpha=0.7, color=colour,
                        label=f"{names.get(kind, kind)} ({len(values)} 人, 平均 {values.mean():.0%})")
        ax.xaxis.set_major_formatter(_percent())
        ax.set_xlabel("忙碌时间占工作时间")
        ax.set_ylabel("人数")
        ax.set_title(title or "网格员工作负荷")
        ax.legend(fontsize=8)
        return _cjk_text(ax).figure
