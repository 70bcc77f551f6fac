"""The ``gridgov`` command line: the planner's report on the built-in county, and the same
steps on a planner's own files.

``gridgov demo [--out DIR]`` runs the built-in county through drawing grids, assigning workers,
the audit, reach and 30 simulated days, and writes ``DIR/report.html``, ``DIR/grids.geojson``
and CSV tables. The other subcommands take a MODEL argument, which is one of

* ``county`` or ``county:SEED`` — the built-in reference county,
* a buildings table ``*.csv`` (UTF-8 or GBK; with ``--crs`` and optionally ``--places``,
  ``--workers``), read by :func:`gridgov.from_buildings`,
* a model file written by ``Model.save`` (or by ``--save`` here).

Errors go to stderr as one line (``gridgov: error: …``) with exit status 1 (2 for a wrong
command line); there is no traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Callable, List, Optional, Sequence

__all__ = ["main", "load_model"]

_SKIPPED = "{what} is not available in this build of gridgov ({why}); its section is left out."


class _Steps:
    """Progress on the terminal: one line per step, with its time."""

    def __init__(self, total: int, stream=None, quiet: bool = False) -> None:
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.started = time.perf_counter()

    def run(self, label: str, action: Callable[[], object]):
        self.done += 1
        if not self.quiet:
            print(f"[{self.done}/{max(self.total, self.done)}] {label} …", end="", file=self.stream, flush=True)
        t = time.perf_counter()
        result = action()
        if not self.quiet:
            print(f" {time.perf_counter() - t:.1f} s", file=self.stream, flush=True)
        return result

    def optional(self, label: str, action: Callable[[], object], notes: List[str]):
        """Run a step of another area; when it fails, say so (terminal and report) and go on
        without it rather than lose the whole report."""
        try:
            return self.run(label, action)
        except Exception as exc:  # noqa: BLE001 - reported, never hidden
            if os.environ.get("GRIDGOV_DEBUG"):
                raise
            message = f"{label} failed ({type(exc).__name__}: {_one_line(exc)}); its section is left out."
            if not self.quiet:
                print(" failed", file=self.stream, flush=True)
            notes.append(message[0].upper() + message[1:])
            return None

    def note(self, text: str) -> None:
        if not self.quiet:
            print(f"      {text}", file=self.stream, flush=True)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def _gg():
    import matplotlib

    matplotlib.use("Agg")
    import gridgov

    return gridgov


def load_model(spec: str, *, crs: str = "wgs84", places: Optional[str] = None, workers: Optional[str] = None,
               county_code: Optional[str] = None):
    """A model from a command-line MODEL argument (see the module docstring).

    Parameters
    ----------
    spec : str
        ``county[:SEED]``, a ``.csv`` buildings table, or a saved model file.
    crs : str
        Coordinate system of a buildings table (and its places and workers).
    places, workers : str, optional
        CSV tables to add to a buildings table.
    county_code : str, optional
        County code for a buildings table.

    Returns
    -------
    gridgov.Model
    """
    gg = _gg()
    if spec == "county" or spec.startswith("county:"):
        seed = spec.partition(":")[2] or "0"
        if not seed.isdigit():
            raise gg.InputError(f"county:{seed}: the seed must be a whole number >= 0")
        return gg.datasets.seed_county(int(seed))
    if not os.path.exists(spec):
        raise gg.InputError(f"{spec!r} does not exist: give 'county', a buildings table (.csv, .xlsx, "
                            ".geojson, .gpkg, .shp) or a saved model file (.ggm)")
    if spec.lower().endswith(_TABLE_SUFFIXES):
        return gg.from_buildings(spec, crs=crs, places=places, workers=workers, county_code=county_code)
    return gg.Model.load(spec)


def write_table(frame, path) -> None:
    """A table where the planner asked: .xlsx as a workbook, else CSV (UTF-8 with BOM); written
    whole or not at all (gridgov.files.write_table)."""
    from .files import write_table as write

    write(frame, path)


# Buildings tables the CLI reads (gridgov.files): CSV, Excel workbooks (.xls is refused with a
# message saying how to save it) and GIS layers; anything else is taken for a saved model.
_TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".geojson", ".gpkg", ".shp", ".json")


def _has(obj, name: str) -> bool:
    return callable(getattr(obj, name, None))


def _function(name: str, module: str):
    """``gg.<name>``, else ``gridgov.<module>.<name>`` when that area has landed, else None."""
    import importlib

    gg = _gg()
    if _has(gg, name):
        return getattr(gg, name)
    try:
        return getattr(importlib.import_module(f"gridgov.{module}"), name, None)
    except ImportError:
        return None


def _one_line(message: str) -> str:
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    if len(lines) <= 1:
        return lines[0] if lines else "unknown error"
    shown = lines[1:6]
    more = f" | … ({len(lines) - 6} more)" if len(lines) > 6 else ""
    return lines[0].rstrip(":") + ": " + " | ".join(shown) + more


# ---- the pipeline pieces (shared by demo and the subcommands) ----------------------------------

class _PartitionPlan:
    """A redraw made directly with ``gg.partition`` (when ``Model.draw_grids`` is not there):
    grid labels per building, their quality, and which buildings change grid. It is shown in
    the report through ``labels``; it has no ``apply()`` (the model keeps its grids)."""

    def __init__(self, labels, quality, moved) -> None:
        self.labels = labels
        self.quality = quality
        self.moved = moved


def _partition_redraw(model, band, seed: int, notes: List[str]) -> _PartitionPlan:
    """Residential grids redrawn per community with gg.partition: contiguous on the building
    adjacency, never crossing a community, households per grid within ``band`` where the
    community's size allows (k per community: the average grid near the band's middle)."""
    import warnings

    import numpy as np

    partition = _function("partition", "balance")
    quality_of = _function("partition_quality", "balance")
    table = _gg().plot.building_table(model)
    communities, region = np.unique(table["community"].to_numpy(dtype=str), return_inverse=True)
    households = table["households"].to_numpy(dtype=float)
    totals = np.bincount(region, weights=households)
    low, high = float(band[0]), float(band[1])
    k = np.maximum(1, np.maximum(np.ceil(totals / high), np.round(totals / ((low + high) / 2)))).astype(int)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        labels = partition(model.adjacency("building"), households, k, bounds=(low, high), regions=region,
                           seed=seed, strict=False)
    for w in caught[:3]:
        notes.append(f"Redraw: {str(w.message)[:300]}")
    quality = quality_of(model.adjacency("building"), households, labels)
    per_grid = np.asarray(quality.get("part_weight", np.zeros((0, 1))))[:, 0]
    summary = {"grids": int(quality["parts"]), "disconnected_grids": int(quality["disconnected_parts"]),
               "cut_edges": int(quality["cut_edges"]),
               "households_min": float(per_grid.min()) if per_grid.size else 0.0,
               "households_max": float(per_grid.max()) if per_grid.size else 0.0,
               "share_in_band": float(np.mean((per_grid >= low) & (per_grid <= high))) if per_grid.size else 0.0}
    codes = np.array([f"{c}-{int(g):03d}" for c, g in zip(communities[region], labels)], dtype=object)
    today = table["grid"].to_numpy(dtype=object)
    # A building moves when its new grid mostly continues another of today's grids.
    frame = {"new": codes, "old": today}
    import pandas as pd

    main_old = pd.DataFrame(frame).groupby("new")["old"].agg(lambda s: s.value_counts().index[0])
    moved = table["code"].to_numpy()[today != main_old.reindex(codes).to_numpy()]
    return _PartitionPlan(codes, summary, moved)


def _draw_function(model):
    """Model.draw_grids, else gg.draw_grids bound to the model, else None."""
    if _has(model, "draw_grids"):
        return model.draw_grids
    draw = _function("draw_grids", "grids")
    return (lambda **kwargs: draw(model, **kwargs)) if draw is not None else None


def _draw(model, args, steps: _Steps, notes: List[str]):
    draw = _draw_function(model)
    if draw is None:
        if _function("partition", "balance") is not None:
            band = tuple(getattr(args, "households", None) or (300, 500))
            plan = steps.optional("redrawing grids with gg.partition",
                                  lambda: _partition_redraw(model, band, getattr(args, "seed", 0), notes), notes)
            if plan is not None:
                notes.append("Grids redrawn with gg.partition inside each community, households per grid within "
                             f"{band[0]}-{band[1]} where possible (Model.draw_grids is not available).")
            return plan, model
        notes.append(_SKIPPED.format(what="Drawing grids (Model.draw_grids)", why="the balancing area has not landed"))
        return None, model
    kwargs = {"seed": args.seed}
    if getattr(args, "households", None):
        kwargs["households"] = tuple(args.households)
    if getattr(args, "k", None):
        kwargs["k"] = args.k
    if getattr(args, "community", None):
        kwargs["community"] = args.community
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plan = steps.optional("drawing grids", lambda: draw(**kwargs), notes)
    for w in caught[:5]:  # the plan's own caveats go into the report
        notes.append(f"Redraw: {str(w.message)[:300]}")
    if plan is None:
        return None, model
    applied = steps.optional("applying the new grids", plan.apply, notes)
    return plan, (applied if applied is not None else model)


def _assign_to_labels(model, labels):
    """Workers of residential grids assigned to redrawn grids by gg.assign (min-cost flow), one
    community at a time (workers stay in their community): cost = straight-line metres from
    home to the grid's household-weighted centre; every grid gets at least one worker of each
    kind when the community has enough, at most an even share."""
    import math

    import numpy as np
    import pandas as pd

    assign = _function("assign", "balance")
    table = _gg().plot.building_table(model, labels)
    table = table[np.isfinite(table["x"]) & np.isfinite(table["y"])]
    weight = table["households"].clip(lower=1)
    centres = (table[["x", "y"]].mul(weight, axis=0)).groupby(table["grid"]).sum().div(
        weight.groupby(table["grid"]).sum(), axis=0)
    centres["community"] = table.groupby("grid")["community"].first()
    offsets, targets, _ = model.link_csr("serves")
    offsets, targets = np.asarray(offsets), np.asarray(targets)
    x, y = np.asarray(model.x), np.asarray(model.y)
    workers = model.nodes("worker")
    residential = set(model.nodes("grid", "residential").tolist())
    # Workers of residential grids, and workers a redraw left serving no grid.
    serves_residential = np.array([offsets[w] == offsets[w + 1] or
                                   any(int(g) in residential for g in targets[offsets[w]:offsets[w + 1]])
                                   for w in workers], dtype=bool)
    keep = serves_residential & np.isfinite(x[workers]) & np.isfinite(y[workers])
    workers = workers[keep]
    community = model.ancestor_of_kind(workers, "community")
    community_code = np.asarray(model.codes(community), dtype=object) if len(workers) else np.empty(0, dtype=object)
    subkinds = model.subkinds(workers)
    rows = []
    for (code, subkind), group in pd.DataFrame({"c": community_code, "s": subkinds}).groupby(["c", "s"]):
        grids = centres[centres["community"] == code]
        if grids.empty:
            continue
        ids = workers[group.index.to_numpy()]
        cost = np.hypot(x[ids][:, None] - grids["x"].to_numpy()[None, :],
                        y[ids][:, None] - grids["y"].to_numpy()[None, :])
        capacity = math.ceil(len(ids) / len(grids))
        grid_of = assign(cost, capacity, minimum=1 if len(ids) >= len(grids) else 0)
        rows.append(pd.DataFrame({"worker": model.codes(ids), "subkind": subkind,
                                  "grid": grids.index.to_numpy()[grid_of],
                                  "distance": cost[np.arange(len(ids)), grid_of]}))
    return pd.concat(rows, ignore_index=True) if rows else None


def _assign(model, steps: _Steps, notes: List[str], plan=None):
    """(model, assignment): Model.assign_workers when there, else gg.assign onto a redraw's
    labels (the model itself is then unchanged and the assignment goes to the report)."""
    assign_workers = model.assign_workers if _has(model, "assign_workers") else None
    if assign_workers is None and _function("assign_workers", "grids") is not None:
        function = _function("assign_workers", "grids")
        assign_workers = lambda: function(model)  # noqa: E731
    if assign_workers is None:
        if plan is not None and _function("assign", "balance") is not None:
            labels = plan.labels if isinstance(plan, _PartitionPlan) else None  # else: the applied grids
            table = steps.optional("assigning workers with gg.assign",
                                   lambda: _assign_to_labels(model, labels), notes)
            if table is not None:
                notes.append("Workers of residential grids assigned to the redrawn grids with gg.assign (min-cost "
                             "flow on home-to-grid distance; Model.assign_workers is not available).")
            return model, table
        notes.append(_SKIPPED.format(what="Assigning workers (Model.assign_workers)", why="not landed yet"))
        return model, None
    result = steps.optional("assigning workers", assign_workers, notes)
    if result is None:
        return model, None
    return (getattr(result, "model", result) if not _is_model(result) else result), None


def _is_model(obj) -> bool:
    return hasattr(obj, "_core") and hasattr(obj, "summary")


def _audit_function(model):
    """Model.audit, else gridgov.coverage.audit bound to the model, else None."""
    if _has(model, "audit"):
        return model.audit
    audit = _function("audit", "coverage")
    return (lambda: audit(model)) if audit is not None else None


def _audit(model, steps: _Steps, notes: List[str]):
    audit = _audit_function(model)
    if audit is None:
        notes.append(_SKIPPED.format(what="The audit (Model.audit)", why="the coverage area has not landed"))
        return None
    return steps.optional("auditing coverage", audit, notes)


def _matrix_reach(model, facility: str, radius: float):
    """Straight-line distance from every household (at its building) to the nearest facility
    within ``radius``, by ``gg.coverage_matrix`` (used when Model.reach is not available)."""
    import numpy as np
    import pandas as pd

    gg = _gg()
    sites = model.nodes("organisation", facility)
    x, y = np.asarray(model.x), np.asarray(model.y)
    sites = sites[np.isfinite(x[sites]) & np.isfinite(y[sites])]
    if len(sites) == 0:
        raise gg.InputError(f"no located {facility} in the model to measure reach to")
    households = model.nodes("household")
    if len(households) == 0:
        raise gg.InputError("the model has no households to measure reach from")
    buildings = model.ancestor_of_kind(households, "building")
    at = np.where(buildings >= 0, buildings, households)
    demand = np.column_stack([x[at], y[at]])
    located = np.isfinite(demand).all(axis=1)
    matrix = _function("coverage_matrix", "coverage")(demand[located], np.column_stack([x[sites], y[sites]]), radius)
    nearest = np.full(len(households), np.inf)
    rows = np.repeat(np.flatnonzero(located), np.diff(matrix.indptr))
    np.minimum.at(nearest, rows, matrix.data)
    return pd.DataFrame({"household": model.codes(households), "distance": nearest, "within": nearest <= 500.0})


def _reach(model, args, steps: _Steps, notes: List[str]):
    kwargs = {}
    for key in ("facility", "radius", "metric"):
        value = getattr(args, key, None)
        if value is not None:
            kwargs[key] = value
    if not _has(model, "reach") and _function("reach", "coverage") is not None:
        reach = _function("reach", "coverage")
        return steps.optional("measuring reach", lambda: reach(model, **kwargs), notes)
    if not _has(model, "reach"):
        if _function("coverage_matrix", "coverage") is not None:
            facility = getattr(args, "facility", None) or "service_station"
            radius = getattr(args, "radius", None) or 1000.0
            table = steps.optional("measuring reach with gg.coverage_matrix",
                                   lambda: _matrix_reach(model, facility, float(radius)), notes)
            if table is not None:
                notes.append(f"Reach: straight-line distance from each household's building to the nearest "
                             f"{facility} (gg.coverage_matrix; Model.reach is not available); out of reach = "
                             "beyond 500 m.")
            return table
        notes.append(_SKIPPED.format(what="Reach (Model.reach)", why="the coverage area has not landed"))
        return None
    return steps.optional("measuring reach", lambda: model.reach(**kwargs), notes)


def _simulate(model, args, steps: _Steps, notes: List[str]):
    simulate, evaluate = _function("simulate", "escalation"), _function("evaluate", "escalation")
    if simulate is None:
        notes.append(_SKIPPED.format(what="Simulation (gg.simulate)", why="the escalation area has not landed"))
        return None, None
    result = steps.optional(f"simulating {args.days} days of events",
                            lambda: simulate(model, days=args.days, seed=args.seed), notes)
    evaluation = None
    if result is not None and evaluate is not None:
        evaluation = steps.optional("evaluating indicators", lambda: evaluate(result.events, result.transitions), notes)
    else:
        notes.append(_SKIPPED.format(what="Evaluation (gg.evaluate)", why="not landed yet"))
    return result, evaluation


def _summary_lines(written: dict, elapsed: float) -> List[str]:
    lines = [f"done in {elapsed:.1f} s; wrote:"]
    order = ["report", "geojson"] + sorted(k for k in written if k not in ("report", "geojson"))
    for key in order:
        if key in written:
            lines.append(f"  {written[key]}")
    return lines


# ---- subcommands -------------------------------------------------------------------------

def cmd_demo(args) -> int:
    """`gridgov demo`: the full planner's report on the built-in county."""
    gg = _gg()
    draws = _has(gg.Model, "draw_grids") or _function("draw_grids", "grids") is not None
    available = [draws or _function("partition", "balance") is not None, draws,
                 _has(gg.Model, "assign_workers") or _function("assign_workers", "grids") is not None
                 or _function("assign", "balance") is not None,
                 _has(gg.Model, "audit") or _function("audit", "coverage") is not None,
                 _has(gg.Model, "reach") or _function("coverage_matrix", "coverage") is not None,
                 _function("simulate", "escalation") is not None,
                 _function("evaluate", "escalation") is not None]
    steps = _Steps(total=2 + sum(available))
    notes: List[str] = [f"Built-in reference county, seed {args.seed}; {args.days} simulated days."]
    county = steps.run("building the reference county", lambda: gg.datasets.seed_county(args.seed))
    plan, model = _draw(county, args, steps, notes)
    model, assignment = _assign(model, steps, notes, plan)
    audit = _audit(model, steps, notes)
    reach = _reach(model, args, steps, notes)
    simulation, evaluation = _simulate(model, args, steps, notes)
    for note in notes[1:]:
        steps.note(note)
    labels = plan.labels if isinstance(plan, _PartitionPlan) else None
    written = steps.run("writing the report", lambda: gg.report.planner_report(
        model, args.out, labels=labels, plan=plan, assignment=assignment, audit=audit, reach=reach,
        simulation=simulation, evaluation=evaluation, notes=notes))
    _print_summary(model, written, steps.elapsed, plan=plan, audit=audit, simulation=simulation)
    return 0


def _print_summary(model, written, elapsed, *, plan=None, audit=None, simulation=None) -> None:
    s = model.summary()
    print(f"{model.metadata.get('name', 'model')}: {s['communities']} communities, "
          f"{s['residential_grids']} residential + {s['special_grids']} special grids, {s['households']:,} households")
    if audit is not None:
        print(f"audit: {len(audit)} finding(s)")
    kpis = getattr(simulation, "kpis", None)
    if isinstance(kpis, dict) and "events" in kpis:
        print(_gg().report.kpi_headline(kpis))
    for line in _summary_lines(written, elapsed):
        print(line)


def cmd_info(args) -> int:
    """`gridgov info MODEL`: headline counts (and optionally save the model)."""
    model = load_model(args.model, crs=args.crs, places=args.places, workers=args.workers, county_code=args.county_code)
    meta = model.metadata
    print(repr(model))
    for key, value in model.summary().items():
        print(f"  {key:<20} {value:>10,}")
    for key in ("origin_lon", "origin_lat", "source_crs", "generator", "adjacency_max_edge_m"):
        if key in meta:
            print(f"  {key:<20} {meta[key]:>10}")
    _maybe_save(model, args)
    return 0


def _maybe_save(model, args) -> None:
    if getattr(args, "save", None):
        model.save(args.save)
        print(f"saved the model to {args.save}")


def cmd_audit(args) -> int:
    """`gridgov audit MODEL`: coverage audit findings, printed or written to CSV."""
    gg = _gg()
    model = load_model(args.model, crs=args.crs, places=args.places, workers=args.workers, county_code=args.county_code)
    audit = _audit_function(model)
    if audit is None:
        raise gg.Error("the audit (Model.audit) is not available in this build of gridgov")
    findings = audit()
    if args.out:
        write_table(findings, args.out)
        print(f"{len(findings)} finding(s) written to {args.out}")
    else:
        print(f"{len(findings)} finding(s)")
        if len(findings):
            print(findings.to_string())  # whole: a planner reads every finding (or --out for a file)
    return 0


def cmd_draw_grids(args) -> int:
    """`gridgov draw-grids MODEL`: redraw residential grids; write labels, GeoJSON, map, model."""
    gg = _gg()
    model = load_model(args.model, crs=args.crs, places=args.places, workers=args.workers, county_code=args.county_code)
    notes: List[str] = []
    steps = _Steps(total=1, quiet=args.quiet)
    plan, redrawn = _draw(model, args, steps, notes)
    if plan is None:
        raise gg.Error(notes[0])
    quality = getattr(plan, "quality", None)
    if quality is not None:
        # to_string: the whole table, never pandas' truncated display with "..." columns.
        print(quality.to_string() if hasattr(quality, "to_string") else "\n".join(f"  {k}: {v}" for k, v in quality.items()))
    moved = getattr(plan, "moved", None)
    if moved is not None:
        print(f"{len(moved):,} building(s) change grid")
    labels = plan.labels if isinstance(plan, _PartitionPlan) else None
    if args.labels:
        table = gg.plot.building_table(redrawn, labels)[["code", "name", "community", "grid", "households"]]
        write_table(table, args.labels)
        print(f"wrote the grid of every building to {args.labels}")
    if args.save:
        if labels is not None:
            raise gg.Error("saving a redrawn model needs Model.draw_grids, which is not available; "
                           "use --labels FILE.csv to write the new grid of every building")
        redrawn.save(args.save)
        print(f"saved the redrawn model to {args.save}")
    if args.geojson:
        gg.report.write_geojson(redrawn, args.geojson, labels)
        print(f"wrote {args.geojson}")
    if args.map:
        ax = gg.plot.grid_map(redrawn, labels=labels)
        ax.figure.savefig(args.map, dpi=150)
        print(f"wrote {args.map}")
    return 0


def cmd_reach(args) -> int:
    """`gridgov reach MODEL`: walking circles by community; per-household distances to CSV."""
    gg = _gg()
    model = load_model(args.model, crs=args.crs, places=args.places, workers=args.workers, county_code=args.county_code)
    notes: List[str] = []
    result = _reach(model, args, _Steps(total=1, quiet=True), notes)
    if result is None:
        raise gg.Error(notes[0])
    distances = gg.report.household_distances(model, result)
    shares = gg.report.reach_shares(distances)
    shares.index = [model.name(c) if c else "(none)" for c in shares.index]
    print(shares.to_string(float_format=lambda v: f"{v:.3f}"))
    if args.out:
        write_table(distances, args.out)
        print(f"wrote {args.out}")
    return 0


def cmd_simulate(args) -> int:
    """`gridgov simulate MODEL`: simulated days of events; key indicators, events and transitions."""
    gg = _gg()
    model = load_model(args.model, crs=args.crs, places=args.places, workers=args.workers, county_code=args.county_code)
    notes: List[str] = []
    result, evaluation = _simulate(model, args, _Steps(total=2, quiet=args.quiet), notes)
    if result is None:
        raise gg.Error(notes[0])
    print(gg.report.kpi_headline(result.kpis))
    for key, value in result.kpis.items():
        print(f"  {key:<34} {value:,.4g}" if isinstance(value, float) else f"  {key:<34} {value:,}")
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        result.events.to_csv(os.path.join(args.out, "events.csv"), index=False, encoding="utf-8-sig")
        result.transitions.to_csv(os.path.join(args.out, "transitions.csv"), index=False, encoding="utf-8-sig")
        print(f"wrote {os.path.join(args.out, 'events.csv')} and transitions.csv")
    return 0


def cmd_route(args) -> int:
    """`gridgov route MODEL PLACE CATEGORY`: the explained route of one event."""
    gg = _gg()
    model = load_model(args.model, crs=args.crs, places=args.places, workers=args.workers, county_code=args.county_code)
    if _has(model, "route"):
        route = model.route(args.place, args.category, urgency=args.urgency)
    elif _function("route", "escalation") is not None:
        route = _function("route", "escalation")(model, args.place, args.category, urgency=args.urgency)
    else:
        raise gg.Error("routing (Model.route) is not available in this build of gridgov")
    # A route explains itself (tier, handler, name and reason per step).
    print(route if type(route).__str__ is not object.__str__ else getattr(route, "steps", route))
    return 0


def cmd_report(args) -> int:
    """`gridgov report MODEL`: report.html, grids.geojson and CSV tables for a model or buildings CSV."""
    gg = _gg()
    steps = _Steps(total=2 + 3 * bool(args.redraw) + 2 * bool(args.events or args.days)
                   + (_has(gg.Model, "audit") or _function("audit", "coverage") is not None)
                   + (_has(gg.Model, "reach") or _function("coverage_matrix", "coverage") is not None), quiet=args.quiet)
    notes: List[str] = [f"Model: {args.model}"]
    model = steps.run("loading the model", lambda: load_model(args.model, crs=args.crs, places=args.places,
                                                             workers=args.workers, county_code=args.county_code))
    plan = assignment = None
    if args.redraw:
        plan, model = _draw(model, args, steps, notes)
        model, assignment = _assign(model, steps, notes, plan)
    audit = _audit(model, steps, notes)
    reach = _reach(model, args, steps, notes)
    simulation = evaluation = None
    if args.events:
        events = gg.readers.read_events(args.events)
        transitions = gg.readers.read_transitions(args.transitions, events=events) if args.transitions else None
        simulation = _LoggedEvents(events, transitions)
        evaluate = _function("evaluate", "escalation")
        if evaluate is not None and transitions is not None:
            evaluation = steps.optional("evaluating the event log", lambda: evaluate(events, transitions), notes)
            simulation.kpis = getattr(evaluation, "kpis", None)
    elif args.days:
        simulation, evaluation = _simulate(model, args, steps, notes)
    labels = plan.labels if isinstance(plan, _PartitionPlan) else None
    written = steps.run("writing the report", lambda: gg.report.planner_report(
        model, args.out, labels=labels, plan=plan, assignment=assignment, audit=audit, reach=reach,
        simulation=simulation, evaluation=evaluation, notes=notes))
    for line in _summary_lines(written, steps.elapsed):
        print(line)
    return 0


class _LoggedEvents:
    """A planner's own event log in the shape of a simulation result (events, transitions)."""

    def __init__(self, events, transitions) -> None:
        self.events = events
        self.transitions = transitions
        self.kpis = None


# ---- argument parsing --------------------------------------------------------------------------

def _model_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help="'county' or 'county:SEED' (built-in), a buildings .csv, or a saved model file")
    p.add_argument("--crs", default="wgs84", choices=["wgs84", "gcj02", "bd09", "local"],
                   help="coordinates of a buildings CSV: wgs84 (GPS), gcj02 (Gaode/Tencent), bd09 (Baidu), "
                        "local (x, y in metres) [default: wgs84]")
    p.add_argument("--places", help="places CSV to add to a buildings CSV (schools, markets, service stations …)")
    p.add_argument("--workers", help="workers CSV to add to a buildings CSV")
    p.add_argument("--county-code", help="6- or 12-digit statistical code of the county (buildings CSV)")


def _grid_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--households", nargs=2, type=int, metavar=("LOW", "HIGH"),
                   help="planning band of households per grid [default: 300 500]")
    p.add_argument("--k", type=int, help="number of grids (instead of the band)")
    p.add_argument("--community", help="redraw one community only (its code)")


def _reach_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--facility", help="facility kind to reach [default: service_station]")
    p.add_argument("--radius", type=float, help="radius in metres")
    p.add_argument("--metric", choices=["euclidean", "network"], help="straight line or along the road network")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``gridgov`` command."""
    parser = argparse.ArgumentParser(
        prog="gridgov",
        description="Community grid management (社区网格化管理) for planners: grid maps, redrawing grids, "
                    "coverage, escalation, and a report to hand over.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("demo", help="the full planner's report on the built-in county",
                       description="Built-in county -> draw grids -> assign workers -> audit and reach -> "
                                   "simulated days -> DIR/report.html, DIR/grids.geojson and CSV tables.")
    p.add_argument("--out", default="demo-out", help="output folder [default: demo-out]")
    p.add_argument("--seed", type=int, default=0, help="county and simulation seed [default: 0]")
    p.add_argument("--days", type=int, default=30, help="simulated days [default: 30]")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", help="summary of a model or a buildings CSV",
                       description="Print the headline counts of a model (and optionally save it).")
    _model_arguments(p)
    p.add_argument("--save", help="save the model to this file (reload it as MODEL later)")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("audit", help="coverage audit findings", description="Every household, building and place "
                       "in exactly one grid, every grid staffed …: one row per finding.")
    _model_arguments(p)
    p.add_argument("--out", help="write the findings to this CSV (or .xlsx)")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("draw-grids", help="redraw residential grids from buildings",
                       description="Contiguous grids inside communities, households per grid within the band.")
    _model_arguments(p)
    _grid_arguments(p)
    p.add_argument("--seed", type=int, default=0, help="seed [default: 0]")
    p.add_argument("--save", help="save the redrawn model to this file")
    p.add_argument("--labels", help="write the new grid of every building to this CSV (or .xlsx)")
    p.add_argument("--geojson", help="write the redrawn grid polygons (WGS-84) to this GeoJSON file")
    p.add_argument("--map", help="write the redrawn grid map to this PNG file")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=cmd_draw_grids)

    p = sub.add_parser("reach", help="walking distance from households to service facilities",
                       description="Share of households within the 300/500/1000 m life circles, by community.")
    _model_arguments(p)
    _reach_arguments(p)
    p.add_argument("--out", help="write per-household distances to this CSV (or .xlsx)")
    p.set_defaults(func=cmd_reach)

    p = sub.add_parser("simulate", help="simulate days of events through the escalation tiers",
                       description="Discrete-event simulation of reported events, handling and escalation.")
    _model_arguments(p)
    p.add_argument("--days", type=int, default=30, help="simulated days [default: 30]")
    p.add_argument("--seed", type=int, default=0, help="seed [default: 0]")
    p.add_argument("--out", help="folder for events.csv and transitions.csv")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=cmd_simulate)

    p = sub.add_parser("route", help="where one event goes and why", description="The chain of handlers for an "
                       "event at a place (household, building or place code) of a category.")
    _model_arguments(p)
    p.add_argument("place", help="household, building or place code")
    p.add_argument("category", help="event category code, e.g. ZZ01")
    p.add_argument("--urgency", help="U0..U3 [default: the category's]")
    p.set_defaults(func=cmd_route)

    p = sub.add_parser("report", help="the planner's report for a model or buildings CSV",
                       description="report.html, grids.geojson and CSV tables for your own data.")
    _model_arguments(p)
    p.add_argument("--out", default="report-out", help="output folder [default: report-out]")
    p.add_argument("--redraw", action="store_true", help="redraw the grids first")
    _grid_arguments(p)
    _reach_arguments(p)
    p.add_argument("--events", help="an event log CSV to report on (instead of simulating)")
    p.add_argument("--transitions", help="its transitions CSV")
    p.add_argument("--days", type=int, default=0, help="simulate this many days when no log is given [default: 0]")
    p.add_argument("--seed", type=int, default=0, help="seed [default: 0]")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=cmd_report)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the ``gridgov`` command; returns the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 on an error in the input or the work, 2 on a wrong command line.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        print(_gg().__version__)
        return 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # output piped into `head`
        return 0
    except KeyboardInterrupt:
        print("gridgov: interrupted", file=sys.stderr)
        return 130
    except (ValueError, OSError, LookupError) as exc:
        # gg.Error is a ValueError; OSError covers unreadable or unwritable files.
        # GRIDGOV_DEBUG=1 shows the traceback (for reporting a bug).
        if os.environ.get("GRIDGOV_DEBUG"):
            raise
        print(f"gridgov: error: {_one_line(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
