"""HTML representations for notebooks (``_repr_html_``): the model and the results.

The classes of the other areas call these (``def _repr_html_(self): return _repr.model_html(self)``)
so every object shows the same way in Jupyter: a title, the headline figures as a small table,
and for a model a thumbnail map of its buildings coloured by grid (inline SVG, no image files).
Each function is duck-typed on the attributes it reads and never raises: a repr that fails
would hide the object in a notebook, so a missing attribute just leaves its row out.
"""

from __future__ import annotations

import html
from typing import Any, Iterable, Mapping, Optional, Sequence, Tuple

import numpy as np

__all__ = ["table_html", "model_html", "plan_html", "simulation_html", "reach_html", "route_html",
           "thumbnail_svg"]

_STYLE = ("<style>.gg-repr table{border-collapse:collapse;font-size:12px}"
          ".gg-repr td,.gg-repr th{padding:1px 8px;border-bottom:1px solid #ddd;text-align:right}"
          ".gg-repr td:first-child,.gg-repr th:first-child{text-align:left}"
          ".gg-repr .gg-title{font-weight:bold;margin:4px 0}</style>")
_PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
            "#9c755f", "#bab0ac")


def _format(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if np.isnan(v):
            return "—"
        if 0 < abs(v) < 1 and not v.is_integer():
            return f"{v:.3f}"
        return f"{v:,.2f}" if not v.is_integer() else f"{int(v):,}"
    return html.escape(str(value))


def table_html(title: str, rows: Iterable[Tuple[str, Any]], *, extra: str = "") -> str:
    """A titled two-column table (name, value) as HTML.

    Parameters
    ----------
    title : str
    rows : iterable of (str, object)
    extra : str
        HTML placed beside the table (e.g. a thumbnail).

    Returns
    -------
    str
    """
    body = "".join(f"<tr><td>{html.escape(str(k))}</td><td>{_format(v)}</td></tr>" for k, v in rows)
    table = f"<table><tbody>{body}</tbody></table>"
    if extra:
        table = f"<div style='display:flex;gap:16px;align-items:flex-start'>{table}{extra}</div>"
    return f"<div class='gg-repr'>{_STYLE}<div class='gg-title'>{html.escape(title)}</div>{table}</div>"


def _safe(getter, default=None):
    try:
        return getter()
    except Exception:  # noqa: BLE001 - a repr never raises
        return default


def thumbnail_svg(model, *, width: int = 260, max_points: int = 4000) -> str:
    """A small inline SVG map of the model's buildings, coloured by grid ("" when unlocated).

    Parameters
    ----------
    model : gridgov.Model
    width : int, default 260
        Width in pixels (the height follows the map's aspect ratio).
    max_points : int, default 4000
        At most this many buildings are drawn (an even sample beyond that).

    Returns
    -------
    str
    """
    r = model.kind_range("building")
    if r.stop <= r.start:
        return ""
    x = np.asarray(model.x[r.start:r.stop], dtype=float)
    y = np.asarray(model.y[r.start:r.stop], dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return ""
    ids = np.arange(r.start, r.stop)[ok]
    x, y = x[ok], y[ok]
    if len(ids) > max_points:
        pick = np.linspace(0, len(ids) - 1, max_points).astype(int)
        ids, x, y = ids[pick], x[pick], y[pick]
    grid = model.ancestor_of_kind(ids, "grid")
    span_x = float(np.ptp(x)) or 1.0
    span_y = float(np.ptp(y)) or 1.0
    height = int(np.clip(width * span_y / span_x, 60, 2 * width))
    px = 4 + (x - x.min()) / span_x * (width - 8)
    py = 4 + (y.max() - y) / span_y * (height - 8)
    colours = np.where(grid >= 0, np.take(_PALETTE, np.abs(grid) % len(_PALETTE)), "#999999")
    dots = "".join(f"<circle cx='{a:.1f}' cy='{b:.1f}' r='1.3' fill='{c}'/>" for a, b, c in zip(px, py, colours))
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
            f"style='background:#fafafa;border:1px solid #ddd'>{dots}</svg>")


def model_html(model) -> str:
    """Notebook view of a :class:`gridgov.Model`: headline counts and a thumbnail map."""
    meta = _safe(lambda: model.metadata, {}) or {}
    summary = _safe(lambda: model.summary(), {}) or {}
    name = meta.get("name", "gridgov model")
    rows = [("nodes", _safe(lambda: model.size, 0))]
    rows += [(k, v) for k, v in summary.items() if v]
    if "origin_lon" in meta:
        rows.append(("origin (WGS-84)", f"{meta['origin_lon']}, {meta['origin_lat']}"))
    findings = _safe(lambda: model.findings, []) or []
    if findings:
        rows.append(("deferred findings", len(findings)))
    return table_html(f"gridgov.Model — {name}", rows, extra=_safe(lambda: thumbnail_svg(model), ""))


def _mapping_rows(values: Optional[Mapping], limit: int = 30) -> Sequence[Tuple[str, Any]]:
    if not isinstance(values, Mapping):
        return []
    return [(k, v) for k, v in list(values.items())[:limit]
            if isinstance(v, (int, float, str, bool, np.integer, np.floating, np.bool_))]


def plan_html(plan) -> str:
    """Notebook view of a grid plan (``Model.draw_grids``): balance, cut, moves."""
    labels = _safe(lambda: np.asarray(plan.labels))
    rows = []
    if labels is not None:
        rows += [("buildings", len(labels)), ("grids", len(np.unique(labels)))]
    moved = _safe(lambda: plan.moved)
    if moved is not None:
        rows.append(("buildings changing grid", _safe(lambda: len(moved), 0)))
    quality = _safe(lambda: plan.quality)
    overall = quality.get("overall", quality) if isinstance(quality, Mapping) else None
    rows += _mapping_rows(overall)
    return table_html("gridgov grid plan", rows)


def simulation_html(result) -> str:
    """Notebook view of a simulation result (``gg.simulate``): its key indicators."""
    kpis = _safe(lambda: result.kpis, {})
    rows = list(_mapping_rows(kpis))
    events = _safe(lambda: result.events)
    if events is not None and not any(k == "events" for k, _ in rows):
        rows.insert(0, ("events", len(events)))
    return table_html("gridgov simulation", rows)


def reach_html(reach) -> str:
    """Notebook view of a reach result (``Model.reach``): shares within the circles."""
    summary = _safe(lambda: reach.summary)
    rows = list(_mapping_rows(summary if isinstance(summary, Mapping) else None))
    distance = _safe(lambda: np.asarray(reach.distance, dtype=float))
    if distance is not None and distance.size:
        finite = distance[np.isfinite(distance)]
        rows += [("households", distance.size), ("unreachable", int(distance.size - finite.size))]
        if finite.size:
            rows += [("median distance (m)", float(np.median(finite))), ("max distance (m)", float(finite.max()))]
    return table_html("gridgov reach", rows)


def route_html(route) -> str:
    """Notebook view of a route (``Model.route``): the chain of handlers with reasons."""
    steps = _safe(lambda: route.steps, route)
    rows = []
    for i, step in enumerate(_safe(lambda: list(steps), []) or []):
        tier = getattr(step, "tier", None) if not isinstance(step, Mapping) else step.get("tier")
        handler = getattr(step, "handler", None) if not isinstance(step, Mapping) else step.get("handler")
        reason = getattr(step, "reason", None) if not isinstance(step, Mapping) else step.get("reason")
        label = f"{i + 1}. {tier}" if tier is not None else f"{i + 1}."
        rows.append((label, " — ".join(str(v) for v in (handler, reason) if v is not None) or str(step)))
    return table_html("gridgov route", rows)
