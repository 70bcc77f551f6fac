"""The planner's report: ``grids.geojson``, CSV tables and ``report.html``.

Grid polygons come from :mod:`gridgov.polygons` (re-exported here).

``grids.geojson`` carries the polygons in WGS-84 longitude/latitude (from the model's origin,
:func:`gridgov.geo.from_local`), one feature per grid with ``code``, ``name``, ``community``,
``community_name``, ``households``, ``buildings`` and ``worker`` (the full-time worker's code;
``workers`` lists every worker serving the grid).
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import json
import os
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import geo
from ._staging import replacing, staged_folder
from .errors import InputError
from .messages import tr
from .polygons import _planar, _polygonal, _shapely, community_polygons, grid_polygons, map_polygons
from .tables import building_table
from .messages import tr

__all__ = [
    "grid_polygons",
    "community_polygons",
    "map_polygons",
    "grid_workers",
    "grids_geojson",
    "write_geojson",
    "kpi_headline",
    "Section",
    "Report",
    "Proposal",
    "planner_report",
    "district_table",
]


def grid_workers(model) -> Dict[str, Tuple[List[str], List[str]]]:
    """For each grid code: (full-time worker codes, part-time worker codes) serving it."""
    out: Dict[str, Tuple[List[str], List[str]]] = {}
    if not model.count("worker"):
        return out
    offsets, targets, _ = model.link_csr("serves")
    offsets = np.asarray(offsets)
    targets = np.asarray(targets)
    w = model.kind_range("worker")
    for worker in range(w.start, w.stop):
        sub = model.subkind(worker)
        for g in targets[offsets[worker]:offsets[worker + 1]]:
            entry = out.setdefault(model.code(int(g)), ([], []))
            (entry[0] if sub == "fulltime" else entry[1]).append(model.code(worker))
    return out


def _origin(model) -> Tuple[float, float]:
    meta = model.metadata
    try:
        return float(meta["origin_lon"]), float(meta["origin_lat"])
    except (KeyError, ValueError):
        raise InputError(tr("the model has no WGS-84 origin (metadata origin_lon/origin_lat), so its map cannot "
                            "be placed on the Earth; build it with from_buildings from lon/lat, or pass origin=")) from None


def _to_lonlat(geom, origin: Tuple[float, float], digits: int):
    shapely = _shapely()

    def convert(coords: np.ndarray) -> np.ndarray:
        lon, lat = geo.from_local(coords[:, 0], coords[:, 1], *origin)
        return np.round(np.column_stack([lon, lat]), digits)

    return shapely.transform(geom, convert)


def _assignment_workers(assignment: pd.DataFrame) -> Dict[str, Tuple[List[str], List[str]]]:
    out: Dict[str, Tuple[List[str], List[str]]] = {}
    for worker, subkind, grid in assignment[["worker", "subkind", "grid"]].itertuples(index=False):
        entry = out.setdefault(str(grid), ([], []))
        (entry[0] if subkind == "fulltime" else entry[1]).append(str(worker))
    return out


def grids_geojson(model, labels=None, *, buffer: Optional[float] = None, digits: int = 8,
                  origin: Optional[Tuple[float, float]] = None,
                  assignment: Optional[pd.DataFrame] = None) -> dict:
    """The grid polygons as a GeoJSON FeatureCollection (WGS-84 lon/lat).

    Parameters
    ----------
    model : gridgov.Model
    labels : array_like, optional
        A grid per building (default the current grids).
    buffer : float, optional
        Outline radius in metres (see :func:`grid_polygons`).
    digits : int, default 8
        Decimal places of the coordinates (8 is about 1 mm).
    origin : (float, float), optional
        WGS-84 lon/lat of the local origin when the model's metadata lacks it.
    assignment : pandas.DataFrame, optional
        Workers of redrawn grids (columns ``worker``, ``subkind``, ``grid`` = a label), for the
        ``worker`` and ``workers`` properties; by default the model's ``serves`` links.

    Returns
    -------
    dict
        A FeatureCollection, one feature per grid.
    """
    shapely = _shapely()
    origin = origin if origin is not None else _origin(model)
    polygons = grid_polygons(model, labels, buffer=buffer)
    if assignment is not None:
        workers = _assignment_workers(assignment)
    else:
        workers = grid_workers(model) if labels is None else {}
    features = []
    # Rounding moves vertices by up to half a unit of the last digit, which can fold a sliver of
    # one grid over its neighbour; noding the rounded polygons together again removes that.
    converted = {}
    for grid, geom in polygons["geometry"].items():
        if geom is not None:
            geom = _to_lonlat(geom, origin, digits)
            converted[grid] = geom if geom.is_valid else _polygonal(shapely.make_valid(geom))
    converted = _planar(converted)
    for grid, row in polygons.iterrows():
        if grid not in converted:
            continue
        geom = converted[grid]
        code = str(grid)
        is_code = labels is None
        fulltime, parttime = workers.get(code, ([], []))
        features.append({
            "type": "Feature",
            "properties": {
                "code": code,
                "name": model.name(code) if is_code else code,
                "community": row["community"],
                "community_name": model.name(row["community"]) if row["community"] else "",
                "households": int(row["households"]),
                "buildings": int(row["buildings"]),
                "worker": fulltime[0] if fulltime else None,
                "workers": fulltime + parttime,
            },
            "geometry": json.loads(shapely.to_geojson(geom)),
        })
    return {"type": "FeatureCollection", "name": model.metadata.get("name", "grids"), "features": features}


def write_geojson(model, path, labels=None, **kwargs) -> str:
    """Write :func:`grids_geojson` to ``path`` (UTF-8, whole or not at all); returns the path.

    Parameters
    ----------
    model : gridgov.Model
    path : str or os.PathLike
    labels : array_like, optional
        A grid per building (default the current grids).
    **kwargs
        Passed to :func:`grids_geojson`.

    Returns
    -------
    str
    """
    collection = grids_geojson(model, labels, **kwargs)
    path = os.fspath(path)
    with replacing(path) as partial, open(partial, "w", encoding="utf-8") as handle:
        json.dump(collection, handle, ensure_ascii=False)
    return path


# ---- the HTML report -------------------------------------------------------------------------

@dataclass
class Section:
    """One section of the report: a heading, text, images (matplotlib figures) and tables."""

    title: str
    paragraphs: List[str] = field(default_factory=list)
    figures: List[object] = field(default_factory=list)  #: matplotlib figures or axes
    tables: List[Tuple[str, pd.DataFrame]] = field(default_factory=list)
    missing: Optional[str] = None  #: why the section has no content (shown instead)


def _png(figure) -> str:
    # gridgov.plot builds figures without pyplot, so there is no pyplot figure to close here.
    figure = getattr(figure, "figure", figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;
max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
h1{border-bottom:3px solid #4e79a7;padding-bottom:.3em}h2{margin-top:2em;border-bottom:1px solid #ccc}
img{max-width:100%;height:auto;display:block;margin:1em 0}
table{border-collapse:collapse;font-size:.85em;margin:1em 0}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#eef2f7}
td:first-child,th:first-child{text-align:left}.missing{color:#a33;font-style:italic}
.meta{color:#666;font-size:.9em}nav a{margin-right:1em}
"""


class Report:
    """A self-contained HTML report (images embedded as base64 PNG) plus CSV tables.

    Parameters
    ----------
    title : str
    subtitle : str, optional
    """

    def __init__(self, title: str, subtitle: str = "") -> None:
        self.title = title
        self.subtitle = subtitle
        self.sections: List[Section] = []

    def add(self, section: Section) -> Section:
        """Append a section; returns it."""
        self.sections.append(section)
        return section

    def html(self) -> str:
        """The whole report as one HTML string."""
        parts = [f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
                 f"<title>{html.escape(self.title)}</title><style>{_CSS}</style></head><body>",
                 f"<h1>{html.escape(self.title)}</h1>"]
        if self.subtitle:
            parts.append(f"<p class='meta'>{html.escape(self.subtitle)}</p>")
        parts.append("<nav>" + "".join(f"<a href='#s{i}'>{html.escape(s.title)}</a>"
                                       for i, s in enumerate(self.sections)) + "</nav>")
        for i, section in enumerate(self.sections):
            parts.append(f"<h2 id='s{i}'>{html.escape(section.title)}</h2>")
            if section.missing:
                parts.append(f"<p class='missing'>{html.escape(section.missing)}</p>")
            for text in section.paragraphs:
                parts.append(f"<p>{html.escape(text)}</p>")
            for j, figure in enumerate(section.figures):
                parts.append(f"<img alt='{html.escape(section.title)} {j + 1}' "
                             f"src='data:image/png;base64,{_png(figure)}'>")
            for caption, table in section.tables:
                parts.append(f"<p><b>{html.escape(caption)}</b></p>")
                parts.append(table.to_html(border=0, float_format=lambda v: f"{v:,.3f}", na_rep="—"))
        parts.append(f"<p class='meta'>gridgov — {html.escape(_dt.datetime.now().strftime('%Y-%m-%d %H:%M'))}</p>")
        parts.append("</body></html>")
        return "\n".join(parts)

    def write(self, path) -> str:
        """Write the HTML to ``path`` (whole or not at all); returns the path."""
        path = os.fspath(path)
        page = self.html()
        with replacing(path) as partial, open(partial, "w", encoding="utf-8") as handle:
            handle.write(page)
        return path


# ---- the planner's report ----------------------------------------------------------------------

#: Rows of a per-unit table shown in report.html; longer tables are summarised there and written
#: whole as CSV (a city's thousand communities would make the page slow to open).
_ROWS_SHOWN = 60

#: Walking circles of GB 50180-2018 (5-, 10- and 15-minute life circles), metres.
LIFE_CIRCLES = (300.0, 500.0, 1000.0)


def household_distances(model, reach) -> Optional[pd.DataFrame]:
    """Per-household distance to the nearest facility from a reach result, as a table with
    ``household``, ``community``, ``distance`` (metres, inf = unreachable) and ``within``.

    Accepts a DataFrame with a ``distance`` column (indexed by, or with a column of, household
    codes, or in household id order) or an object whose ``households``/``table`` attribute is
    one; returns None when ``reach`` is None.
    """
    if reach is None:
        return None
    table = reach
    for attribute in ("households", "table", "frame", "by_household", "distances"):
        if not isinstance(table, pd.DataFrame) and isinstance(getattr(reach, attribute, None), pd.DataFrame):
            table = getattr(reach, attribute)
    if not isinstance(table, pd.DataFrame) or "distance" not in table:
        raise InputError(tr("reach: expected a table with a 'distance' column per household (Model.reach)"))
    h = model.kind_range("household")
    if "household" in table:
        ids = model.ids(table["household"].astype(str))
    elif "code" in table:
        ids = model.ids(table["code"].astype(str))
    elif len(table) == h.stop - h.start:
        ids = np.arange(h.start, h.stop)
    else:
        ids = model.ids([str(i) for i in table.index])
    community_ids = model.ancestor_of_kind(ids, "community")
    community = np.full(len(ids), "", dtype=object)
    ok = community_ids >= 0
    if ok.any():
        community[ok] = model.codes(community_ids[ok])
    distance = pd.to_numeric(table["distance"], errors="coerce").to_numpy(dtype=float)
    distance = np.where(np.isnan(distance), np.inf, distance)
    within = table["within"].to_numpy(dtype=bool) if "within" in table else None
    out = pd.DataFrame({"household": model.codes(ids), "community": community, "distance": distance})
    if within is not None:
        out["within"] = within
    return out


def reach_shares(distances: pd.DataFrame, circles: Sequence[float] = LIFE_CIRCLES, names=None) -> pd.DataFrame:
    """Share of households within each circle, by community (rows) and circle (columns)."""
    table = {f"{c:.0f} m": distances.groupby("community")["distance"].apply(lambda d, c=c: float((d <= c).mean()))
             for c in circles}
    shares = pd.DataFrame(table)
    shares["households"] = distances.groupby("community").size()
    if names is not None:
        shares.index = [names(c) for c in shares.index]
    return shares


def kpi_headline(kpis: Mapping) -> str:
    """The headline of a month's indicators, as a platform's monthly report leads with them:
    结案率 (closed / due), 按期结案率 (closed on time / due) and the share of the closed events
    settled in the grid (小事不出网格).

    Parameters
    ----------
    kpis : mapping
        ``gg.simulate(...).kpis`` or ``gg.evaluate(...).kpis``.

    Returns
    -------
    str
    """
    def pct(key: str) -> str:
        value = kpis.get(key)
        return "n/a" if value is None else f"{float(value):.1%}"

    return (f"事件 {int(kpis.get('events', 0)):,} 件 (events), 应结案 {int(kpis.get('due', 0)):,} (due): "
            f"结案率 {pct('closure_rate')} (closed / due), 按期结案率 {pct('on_time_closure_rate')} (on time / due), "
            f"网格内结案 {pct('closed_in_grid_share')} of those closed (in the grid)")


def _kpi_frame(kpis: Mapping) -> pd.DataFrame:
    """Numeric indicators as a one-column table; whole numbers shown as such, rates to 3 places."""
    def shown(v) -> str:
        if isinstance(v, (int, np.integer)) or (isinstance(v, (float, np.floating)) and float(v).is_integer()
                                                  and abs(v) >= 1):
            return f"{int(v):,}"
        return f"{float(v):,.3f}"

    rows = [(k, shown(v)) for k, v in kpis.items()
            if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)]
    return pd.DataFrame(rows, columns=["indicator", "value"]).set_index("indicator")


def _community_indicators(evaluation) -> Optional[pd.DataFrame]:
    """The per-community table of an evaluation (a dict of tables, an object, or a table)."""
    if evaluation is None:
        return None
    if isinstance(evaluation, pd.DataFrame):
        return evaluation
    for key in ("community", "communities", "by_community"):
        value = evaluation.get(key) if isinstance(evaluation, Mapping) else getattr(evaluation, key, None)
        if isinstance(value, pd.DataFrame):
            return value
    return None


def _worker_table(simulation) -> Optional[pd.DataFrame]:
    workers = getattr(simulation, "workers", None)
    if isinstance(workers, pd.DataFrame) and "utilisation" in workers:
        return workers
    return None


def _safe_name(model, code) -> str:
    try:
        return model.name(str(code))
    except Exception:  # noqa: BLE001 - not a code of the model: no name
        return ""


@dataclass
class Proposal:
    """A redraw shown beside the model as it is (issue 12 §1): never instead of it.

    Attributes
    ----------
    title : str
        How the report heads it.
    plan : gridgov.GridPlan
        The redraw (its quality, moved buildings and ``staffing`` changes).
    model : gridgov.Model
        The plan applied and staffed (``GridPlan.apply`` then :func:`gridgov.assign_workers`).
    staffing : gridgov.WorkerAssignment, optional
        The worker assignment on the applied plan.
    simulation, evaluation : optional
        The simulated month of the proposal (the same seed as the as-is month) and its evaluation.
    notes : list of str
        The plan's caveats.
    incremental : bool
        Whether it rebalances today's grids (``draw_grids(incremental=True)``).
    """

    title: str
    plan: object
    model: object
    staffing: object = None
    simulation: object = None
    evaluation: object = None
    notes: List[str] = field(default_factory=list)
    incremental: bool = False

    def headline(self) -> str:
        """One line: grids, households per grid, buildings moved, and the month's 结案率 when simulated."""
        loads = _residential_loads(self.model)
        line = tr("{title}: {grids} residential grids of {low:,.0f}-{high:,.0f} households, {moved:,} buildings move",
                  title=self.title, grids=len(loads), low=loads.min(), high=loads.max(), moved=len(self.plan.moved))
        kpis = getattr(self.simulation, "kpis", None)
        if isinstance(kpis, Mapping) and "closure_rate" in kpis:
            line += f"; 结案率 {kpis['closure_rate']:.1%}, 按期结案率 {kpis.get('on_time_closure_rate', float('nan')):.1%}"
        return line


def _residential_loads(model) -> pd.Series:
    """Households per residential grid (special grids are never redrawn)."""
    table = building_table(model)
    residential = set(model.codes(model.nodes("grid", "residential")))
    table = table[table["grid"].isin(residential)]
    return table.groupby("grid")["households"].sum()


def district_table(model) -> pd.DataFrame:
    """One row per district (区/县) of a city model: its name, streets, communities, residential
    grids, buildings and households (from the model's subtree counts)."""
    ids = model.nodes("county")
    counts = {kind: model.count_descendants(kind)[ids] if model.count(kind) else np.zeros(len(ids), dtype=np.int64)
              for kind in ("street", "community", "building", "household")}
    grids = np.zeros(len(ids), dtype=np.int64)
    residential = model.nodes("grid", "residential")
    if len(residential):
        owner = model.ancestor_of_kind(residential, "county")
        grids = np.array([(owner == d).sum() for d in ids], dtype=np.int64)
    return pd.DataFrame({"name": model.names(ids), "streets": counts["street"], "communities": counts["community"],
                         "residential_grids": grids, "buildings": counts["building"],
                         "households": counts["household"]},
                        index=pd.Index(model.codes(ids), name="district"))


def _with_names(model, loads: pd.DataFrame) -> pd.DataFrame:
    """A per-grid table with the planner's names beside the codes (grid and community)."""
    named = loads.copy()
    named.insert(0, "name", [_safe_name(model, g) for g in named.index])
    if "community" in named:
        named.insert(named.columns.get_loc("community") + 1, "community_name",
                     [_safe_name(model, c) if c else "" for c in named["community"]])
    return named


def _buildings_lonlat(model, labels=None) -> pd.DataFrame:
    """The building table with WGS-84 longitude and latitude when the model has an origin."""
    buildings = building_table(model, labels)
    meta = model.metadata
    if "origin_lon" in meta:
        lon, lat = geo.from_local(buildings["x"], buildings["y"], float(meta["origin_lon"]), float(meta["origin_lat"]))
        buildings["lon"], buildings["lat"] = np.round(lon, 7), np.round(lat, 7)
    return buildings.drop(columns=["id"])


def _comparison(model, band, simulation, proposal: Proposal) -> pd.DataFrame:
    """As-is beside the proposal, one row per figure a leader compares."""
    plan = proposal.plan
    before, after = _residential_loads(model), _residential_loads(proposal.model)
    statuses = plan.grids["status"].value_counts() if "status" in plan.grids else pd.Series(dtype=int)
    continued = int(statuses.get("kept", 0)) + int(statuses.get("renumbered", 0))
    staffing = plan.staffing
    rows = [("居民网格 residential grids", f"{len(before):,}", f"{len(after):,}"),
            ("每格户数 households per grid (min / mean / max)",
             f"{before.min():,.0f} / {before.mean():,.0f} / {before.max():,.0f}" if len(before) else "—",
             f"{after.min():,.0f} / {after.mean():,.0f} / {after.max():,.0f}" if len(after) else "—"),
            (f"在 {band[0]:.0f}–{band[1]:.0f} 户区间内 share of grids in the band",
             f"{before.between(*band).mean():.0%}" if len(before) else "—",
             f"{after.between(*band).mean():.0%}" if len(after) else "—"),
            ("改变网格的楼栋 buildings that change grid", "—", f"{len(plan.moved):,}"),
            ("新增网格 grids added", "—", f"{int(statuses.get('new', 0)):,}"),
            ("撤并网格 grids retired or merged", "—", f"{max(len(before) - continued, 0):,}"),
            ("富余专职网格员 full-time workers left without a grid", "—", f"{len(staffing.get('surplus_workers', [])):,}"),
            ("需新配专职网格员 full-time workers needed", "—", f"{int(staffing.get('workers_needed', 0)):,}"),
            ("合并的党小组 party groups merged", "—", f"{len(staffing.get('merged_party_groups', [])):,}")]
    kpis_before = getattr(simulation, "kpis", None)
    kpis_after = getattr(proposal.simulation, "kpis", None)
    if isinstance(kpis_before, Mapping) and isinstance(kpis_after, Mapping):
        for key, label in (("closure_rate", "结案率 closed / due"), ("on_time_closure_rate", "按期结案率 on time / due"),
                           ("closed_in_grid_share", "网格内结案 closed in the grid, of closed")):
            if key in kpis_before and key in kpis_after:
                rows.append((label, f"{kpis_before[key]:.1%}", f"{kpis_after[key]:.1%}"))
        workers_before, workers_after = _worker_table(simulation), _worker_table(proposal.simulation)
        if workers_before is not None and workers_after is not None:
            rows.append(("网格员平均利用率 mean worker utilisation", f"{workers_before['utilisation'].mean():.0%}",
                         f"{workers_after['utilisation'].mean():.0%}"))
    return pd.DataFrame(rows, columns=["", "现状 as it is", "方案 proposal"]).set_index("")


def _before_after_figure(model, proposal: Proposal, band):
    """Households per residential grid, as-is and proposed, sorted, against the band."""
    from . import plot

    if len(_residential_loads(model)) == 0:  # no grids today: the proposal alone
        figure, ax = plot.subplots(figsize=(6, 3.6))
        plot.households_per_grid(proposal.model, ax=ax, band=band, title="方案 proposal")
        return figure
    figure, (left, right) = plot.subplots(1, 2, figsize=(10, 3.6), sharey=True)
    plot.households_per_grid(model, ax=left, band=band, title="现状 as it is")
    plot.households_per_grid(proposal.model, ax=right, band=band, title="方案 proposal")
    return figure


def _proposal_section(report: "Report", model, band, simulation, proposal: Proposal, key: str, out_dir: str,
                      csv, written: Dict[str, str]) -> None:
    from . import plot

    section = report.add(Section(f"方案 Proposal: {proposal.title}"))
    section.paragraphs.append("这是一个方案, 与现状并列, 未替换现状 (A proposal shown beside the county as it is; "
                              "the model is unchanged until a leader adopts it).")
    comparison = _comparison(model, band, simulation, proposal)
    section.tables.append(("现状与方案对比 As it is and proposed (the same simulation seed)", comparison))
    csv(f"{key}_comparison", comparison)
    section.figures.append(_before_after_figure(model, proposal, band))
    section.figures.append(plot.grid_map(proposal.model))
    decisions = list(proposal.plan.staffing.get("decisions", []))
    if decisions:
        section.paragraphs.append("需要领导决定 To decide: " + " ".join(decisions))
    merged = dict(proposal.plan.staffing.get("merged_party_groups", []))
    if merged:
        named = [f"{_safe_name(model, g) or g} → {_safe_name(proposal.model, t) or t}" for g, t in list(merged.items())[:20]]
        more = f" … ({len(merged) - 20} more in {key}_party_groups.csv)" if len(merged) > 20 else ""
        section.paragraphs.append("合并的党小组 Party groups merged: " + "; ".join(named) + more)
        csv(f"{key}_party_groups", pd.DataFrame(sorted(merged.items()), columns=["party_group", "joins_grid"]), index=False)
    surplus = proposal.plan.staffing.get("surplus_workers", [])
    if surplus:
        csv(f"{key}_surplus_workers", pd.DataFrame({"worker": list(surplus)}), index=False)
    section.paragraphs += [str(n) for n in proposal.notes]
    quality = proposal.plan.quality.drop(columns=["graph_source"], errors="ignore")
    quality.insert(0, "name", [_safe_name(model, c) if c != "overall" else "全部 all" for c in quality.index])
    csv(f"{key}_quality", quality)
    if len(quality) > _ROWS_SHOWN + 1:  # a city: the overall row and the communities furthest from the targets
        rest = quality.drop(index="overall").sort_values(["tol", "in_band"] if "in_band" in quality else ["tol"],
                                                          ascending=[False, True] if "in_band" in quality else [False])
        shown = pd.concat([quality.loc[["overall"]], rest.head(_ROWS_SHOWN)])
        section.tables.append((f"重新划分的质量 (GridPlan.quality): 总体及离目标最远的 {_ROWS_SHOWN} 个社区 (共 {len(rest):,} 个, "
                               f"全部见 {key}_quality.csv) overall and the {_ROWS_SHOWN} communities furthest "
                               f"from the targets, of {len(rest):,} ({key}_quality.csv has all)", shown))
    else:
        section.tables.append(("重新划分的质量 (GridPlan.quality)", quality))
    csv(f"{key}_grids", _with_names(proposal.model, plot.grid_loads(proposal.model)))
    csv(f"{key}_buildings", _buildings_lonlat(proposal.model), index=False)
    try:
        written[f"{key}_geojson"] = write_geojson(proposal.model, os.path.join(out_dir, f"{key}_grids.geojson"))
    except InputError as exc:
        section.paragraphs.append(f"{key}_grids.geojson not written: {exc}")


def planner_report(model, out_dir, *, labels=None, plan=None, assignment=None, audit=None, reach=None,
                   simulation=None, evaluation=None, proposals: Sequence[Proposal] = (), notes: Sequence[str] = (),
                   band: Tuple[float, float] = (300, 500), title: Optional[str] = None,
                   progress=None) -> Dict[str, str]:
    """Write the planner's report: ``report.html``, ``grids.geojson`` and CSV tables.

    Every input but ``model`` is optional; a section whose input is missing says so in one
    line instead of showing numbers.

    Parameters
    ----------
    model : gridgov.Model
        The model as it is: the overview, ``grids.geojson`` and every table describe it.
    out_dir : str or os.PathLike
        Folder to write into (created when missing); other files in it are kept, files of the
        same names replaced.
    labels : array_like, optional
        A grid per building, when the grids to show are not the model's own.
    plan : GridPlan, optional
        A redraw (``Model.draw_grids``): its ``quality`` and ``moved`` are reported.
    assignment : pandas.DataFrame, optional
        Workers assigned to the grids shown (``worker``, ``subkind``, ``grid``, ``distance``),
        when they are not the model's own ``serves`` links.
    audit : pandas.DataFrame, optional
        ``Model.audit()`` findings.
    reach : reach result or pandas.DataFrame, optional
        ``Model.reach()``: per-household distances (see :func:`household_distances`).
    simulation : simulation result, optional
        ``gg.simulate()``: its ``kpis``, ``events`` and ``workers``.
    evaluation : dict, object or pandas.DataFrame, optional
        ``gg.evaluate()``: the indicator table by community (with grades).
    proposals : sequence of Proposal
        Redraws shown beside the model, each in its own section (as-is against proposed:
        households per grid, buildings moved, grids added or merged, workers surplus or needed,
        party groups merged, the simulated indicators of both under the same seed), with
        ``proposal_grids.geojson`` (the first) and ``proposal<N>_grids.geojson`` (the others).
    notes : sequence of str
        Lines for the overview (e.g. which steps were skipped and why).
    band : (float, float), default (300, 500)
        Planning band of households per grid.
    title : str, optional
    progress : callable or bool, optional
        Called with a short message before each section (the CLI prints them); ``True`` shows a
        tqdm progress bar (notebooks).

    Returns
    -------
    dict
        What was written: name -> path (``report``, ``geojson`` and one entry per CSV).

    Notes
    -----
    Whole or not at all: the files are written into a temporary folder beside ``out_dir`` and
    moved into it only when every one is complete; when a step fails, ``out_dir`` is left as it
    was (not even created) and the error says which step failed.
    """
    final = os.fspath(out_dir)
    with staged_folder(final) as stage:
        written = _write_report(model, stage, labels=labels, plan=plan, assignment=assignment, audit=audit,
                                reach=reach, simulation=simulation, evaluation=evaluation, proposals=proposals,
                                notes=notes, band=band, title=title, progress=progress)
    return {key: os.path.join(final, os.path.relpath(path, stage)) for key, path in written.items()}


def _write_report(model, out_dir: str, *, labels, plan, assignment, audit, reach, simulation, evaluation,
                  proposals: Sequence[Proposal], notes: Sequence[str], band: Tuple[float, float],
                  title: Optional[str], progress) -> Dict[str, str]:
    """:func:`planner_report`'s work, into the (temporary) folder ``out_dir``."""
    from . import plot

    bar = None
    if progress is True:  # a tqdm bar over the sections (the report takes several seconds)
        from tqdm.auto import tqdm

        bar = tqdm(total=10 + len(proposals), desc="report", unit="section", leave=False)

        def say(message: str) -> None:
            bar.set_postfix_str(message)
            bar.update(1)
    else:
        say = progress or (lambda message: None)
    written: Dict[str, str] = {}
    name = model.metadata.get("name", "")
    report = Report(title or f"{name} 网格化管理规划报告", "gridgov planner's report")

    def csv(key: str, frame: pd.DataFrame, index: bool = True) -> None:
        path = os.path.join(out_dir, f"{key}.csv")
        frame.to_csv(path, index=index, encoding="utf-8-sig")  # with a BOM: Excel opens it right
        written[key] = path

    say("overview")
    summary = pd.DataFrame([(k, f"{v:,}") for k, v in sorted(model.summary().items())],
                           columns=["item", "count"]).set_index("item")
    overview = report.add(Section("概况 Overview", tables=[("模型汇总 (Model.summary)", summary)]))
    overview.paragraphs += list(notes)
    meta = model.metadata
    if "origin_lon" in meta:
        overview.paragraphs.append(f"坐标原点 (WGS-84): {meta['origin_lon']}, {meta['origin_lat']}")

    say("grid map")
    try:
        distances = household_distances(model, reach)
    except InputError as exc:
        distances = None
        overview.paragraphs.append(f"可达性结果无法识别，略去该节 Reach result not understood ({exc}); its section is left out.")
    out_of_reach = None
    if distances is not None:
        within = distances["within"] if "within" in distances else distances["distance"] <= LIFE_CIRCLES[1]
        out_of_reach = distances.loc[~within.to_numpy(dtype=bool), "household"].tolist()
    report.add(Section("网格分布图 Grid map", figures=[plot.grid_map(model, labels=labels, out_of_reach=out_of_reach,
                                                                  boundaries=model.count("community") <= 60)]))
    districts = model.nodes("county")
    if len(districts) > 1:  # a city: a table of its districts, then each district's own map
        say("districts")
        table = district_table(model)
        overview.tables.append(("各区县 Districts", table))
        csv("districts", table)
        for district in model.codes(districts):
            report.add(Section(f"{model.name(district)} 网格分布图 Grid map of the district",
                               figures=[plot.grid_map(model, labels=labels, out_of_reach=out_of_reach, within=district,
                                                      boundaries=len(model.descendants(district, "community")) <= 150)]))
    try:
        written["geojson"] = write_geojson(model, os.path.join(out_dir, "grids.geojson"), labels,
                                           assignment=assignment)
    except InputError as exc:
        overview.paragraphs.append(f"未写出 grids.geojson: {exc}")

    say("households and workload per grid")
    loads = plot.grid_loads(model, labels)
    csv("grids", _with_names(model, loads))
    section = report.add(Section("网格户数与工作量 Households and workload per grid"))
    if len(loads) == 0:
        section.missing = ("尚未划分网格 The model has no grids yet (no building is in a grid)"
                           + ("; 下方的方案划分网格 the proposals below draw them." if proposals else "; `--redraw` 可提出划分方案 proposes them."))
    else:
        section.figures += [plot.households_per_grid(model, labels=labels, band=band),
                            plot.households_per_grid(model, labels=labels, band=band, what="workload")]
        inside = loads["households"].between(*band)
        section.paragraphs.append(f"{len(loads)} 个网格; 每格户数 {loads['households'].min():,}–"
                                  f"{loads['households'].max():,}, 平均 {loads['households'].mean():,.0f}; "
                                  f"{inside.mean():.0%} 在规划区间 {band[0]:.0f}–{band[1]:.0f} 户内。")
    if plan is not None:
        quality = getattr(plan, "quality", None)
        if isinstance(quality, pd.DataFrame):
            section.tables.append(("重新划分的质量 (GridPlan.quality)", quality))
        elif isinstance(quality, Mapping):
            overall = quality.get("overall", quality)
            overall = overall if isinstance(overall, Mapping) else quality
            flat = {k: (float(np.max(v)) if isinstance(v, np.ndarray) and v.size else v) for k, v in overall.items()}
            section.tables.append(("重新划分的质量 (GridPlan.quality)", _kpi_frame(flat)))
            for key in ("community", "communities", "by_community"):
                if isinstance(quality.get(key), pd.DataFrame):
                    section.tables.append(("各社区重新划分的质量", quality[key]))
        moved = getattr(plan, "moved", None)
        if moved is not None:
            section.paragraphs.append(f"重新划分改变了 {len(moved):,} 栋楼的网格。")
    if assignment is not None and len(assignment):
        csv("assignment", assignment, index=False)
        by_kind = assignment.groupby("subkind")["distance"].agg(["size", "mean", "max"]) \
            if "distance" in assignment else None
        if by_kind is not None:
            for kind, row in by_kind.iterrows():
                section.paragraphs.append(f"{'专职' if kind == 'fulltime' else '兼职'}网格员 {int(row['size']):,} 人分配到网格, "
                                          f"家到网格中心平均 {row['mean']:,.0f} 米, 最远 {row['max']:,.0f} 米。")
    csv("buildings", _buildings_lonlat(model, labels), index=False)

    say("reach")
    section = report.add(Section("服务可达性 Reach by community"))
    if distances is None:
        section.missing = "未计算可达性 Reach was not computed (Model.reach is not available or was not run)."
    else:
        shares = reach_shares(distances)
        shares.index = [model.name(c) if c else "(none)" for c in shares.index]
        csv("reach_by_community", shares)
        section.figures.append(plot.reach_by_community(shares.drop(columns=["households"])))
        section.tables.append(("各社区住户到最近服务站的步行圈占比", shares))
        section.paragraphs.append(f"{len(out_of_reach or []):,} 户在服务半径之外 (图中红叉标出其楼栋)。")

    say("escalation")
    section = report.add(Section("事件分级处置 Escalation funnel"))
    kpis = getattr(simulation, "kpis", None) if simulation is not None else None
    if simulation is None:
        section.missing = "未模拟事件 No events: the simulation (gg.simulate) is not available or was not run."
    else:
        section.figures.append(plot.escalation_funnel(simulation))
        if isinstance(kpis, Mapping):
            section.paragraphs.append(kpi_headline(kpis))
            overview.paragraphs.append(kpi_headline(kpis))
            table = _kpi_frame(kpis)
            section.tables.append(("关键指标 (kpis)", table))
            csv("kpis", table)
        events = getattr(simulation, "events", None)
        if isinstance(events, pd.DataFrame):
            csv("events", events, index=False)

    say("indicators")
    section = report.add(Section("社区考核指标 Indicators by community"))
    indicators = _community_indicators(evaluation)
    if indicators is None:
        section.missing = "未评估 No evaluation: gg.evaluate is not available or was not run."
    else:
        shown_columns = ("name", "events", "结案率", "按期结案率", "处置率", "返工率", "自行处置率", "上移率",
                         "supervised", "red_cards", "score", "grade")

        def named(table: pd.DataFrame) -> pd.DataFrame:
            table = table.copy()
            names = [_safe_name(model, c) for c in table.index]
            if any(names):
                table.insert(0, "name", names)
            return table

        # A city: its districts and streets first (a page of 1,000 communities is for the CSV).
        for key, title in (("by_district", "各区县指标与等级 by district"), ("by_street", "各街道指标与等级 by street")):
            table = getattr(evaluation, key, None)
            if isinstance(table, pd.DataFrame) and not table.empty:
                table = named(table)
                csv(f"indicators_{key}", table)
                section.tables.append((f"{title} (gg.evaluate; 比率为百分数)", table[[c for c in shown_columns if c in table]]))
        indicators = named(indicators)
        csv("indicators_by_community", indicators)
        shown = indicators[[c for c in shown_columns if c in indicators]] if any(c in indicators for c in shown_columns) \
            else indicators
        if len(shown) > _ROWS_SHOWN:
            worst = shown.sort_values("score").head(_ROWS_SHOWN) if "score" in shown else shown.head(_ROWS_SHOWN)
            section.tables.append((f"得分最低的 {_ROWS_SHOWN} 个社区 The {_ROWS_SHOWN} lowest-scoring of {len(shown):,} "
                                   "communities (all in indicators_by_community.csv)", worst))
        else:
            section.tables.append(("各社区指标与等级 (gg.evaluate; 比率为百分数)", shown))
        if "grade" in indicators:
            grades = indicators["grade"].value_counts().sort_index()
            section.paragraphs.append("等级分布: " + ", ".join(f"{g} {n}" for g, n in grades.items()))

    say("workers")
    section = report.add(Section("网格员工作负荷 Worker utilisation"))
    workers = _worker_table(simulation)
    if workers is None:
        section.missing = "无网格员工作负荷: 来自事件模拟, 而模拟未运行 No worker utilisation: it comes from the simulation, which was not run."
    else:
        section.figures.append(plot.worker_utilisation(workers))
        csv("workers", workers, index=False)

    say("audit")
    section = report.add(Section("覆盖审计 Audit"))
    if audit is None:
        section.missing = "未运行覆盖审计 The audit (Model.audit) is not available or was not run."
    elif len(audit) == 0:
        section.paragraphs.append("审计无发现: 每户、每栋楼、每个场所都在唯一网格内, 每个网格都有专职网格员。")
        csv("audit", audit, index=False)
    else:
        counts = audit.groupby("rule").size().rename("findings").to_frame() if "rule" in audit else None
        if counts is not None:
            section.tables.append(("按规则统计", counts))
        section.tables.append(("发现 (前 50 条)", audit.head(50)))
        csv("audit", audit, index=False)

    used: set = set()
    for proposal in proposals:
        say(f"proposal: {proposal.title}")
        key = "proposal_incremental" if proposal.incremental else "proposal"
        key = key if key not in used else f"{key}{len(used) + 1}"
        used.add(key)
        overview.paragraphs.append(f"方案 Proposal (beside the county as it is): {proposal.headline()}")
        _proposal_section(report, model, band, simulation, proposal, key, out_dir, csv, written)

    say("writing report.html")
    written["report"] = report.write(os.path.join(out_dir, "report.html"))
    if bar is not None:
        bar.close()
    return written
