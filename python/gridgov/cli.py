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
command line); there is no traceback. The line names the step that failed and why, and which
outputs were left as they were: every command writes its files whole or not at all
(:mod:`gridgov._staging`), so a failed step leaves no half-written file or half a report.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from typing import Callable, List, Optional, Sequence

from .messages import tr

__all__ = ["main", "load_model"]


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
        try:
            result = action()
        except BaseException as exc:  # closes the progress line; Ctrl-C included
            if not self.quiet:
                print(" " + (tr("failed") if isinstance(exc, Exception) else tr("interrupted")), file=self.stream, flush=True)
            _in_step(exc, label)
            raise
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
            message = tr("{step} failed ({why}); its section is left out.", step=label,
                         why=f"{type(exc).__name__}: {_one_line(exc)}")
            notes.append(message[0].upper() + message[1:])
            return None

    def note(self, text: str) -> None:
        if not self.quiet:
            print(f"      {text}", file=self.stream, flush=True)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def _in_step(exc: BaseException, label: str) -> None:
    """Remember on the exception the step it broke (the innermost, when steps nest)."""
    if getattr(exc, "gridgov_step", None) is None:
        try:
            exc.gridgov_step = label
        except (AttributeError, TypeError):  # an exception type without a __dict__
            pass


def _error_line(exc: BaseException) -> str:
    """``gridgov: error: <step> failed: <why>[; <outputs> left as they were]``."""
    why = _one_line(exc)
    if not isinstance(exc, (ValueError, OSError, LookupError)):  # not bad input: a bug to report
        why = tr("{type}: {why} (GRIDGOV_DEBUG=1 shows where; please report it)", type=type(exc).__name__, why=why)
    step = getattr(exc, "gridgov_step", None)
    line = tr("{step} failed: {why}", step=step, why=why) if step else why
    return tr("gridgov: error: {message}", message=line + _nothing_written(exc))


def _nothing_written(exc: BaseException) -> str:
    kept = getattr(exc, "gridgov_not_written", None)
    return tr("; nothing written, {paths} left as it was", paths=", ".join(kept)) if kept else ""


def _gg():
    import matplotlib

    matplotlib.use("Agg")
    import gridgov

    return gridgov


def load_model(spec: str, *, crs: Optional[str] = None, places: Optional[str] = None, workers: Optional[str] = None,
               county_code: Optional[str] = None):
    """A model from a command-line MODEL argument (see the module docstring).

    Parameters
    ----------
    spec : str
        ``county[:SEED]``, a ``.csv`` buildings table, or a saved model file.
    crs : str, optional
        Coordinate system of a buildings table (and its places and workers). Left out for
        longitudes and latitudes in China, it is asked for (an InputError naming ``--crs``):
        Baidu, Gaode and GPS coordinates differ there by hundreds of metres.
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
            raise gg.InputError(tr("county:{seed}: the seed must be a whole number >= 0", seed=seed))
        return gg.datasets.seed_county(int(seed))
    if not os.path.exists(spec):
        raise gg.InputError(tr("{spec} does not exist: give 'county', a buildings table (.csv, .xlsx, "
                               ".geojson, .gpkg, .shp) or a saved model file (.ggm)", spec=repr(spec)))
    if spec.lower().endswith(_TABLE_SUFFIXES):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("error", gg.CrsWarning)
            try:
                return gg.from_buildings(spec, crs=crs, places=places, workers=workers, county_code=county_code)
            except gg.CrsWarning:
                raise gg.InputError(tr(
                    "{spec}: its longitudes and latitudes lie in China, where Baidu, Gaode and GPS coordinates "
                    "differ by hundreds of metres: say which map they came from with --crs baidu (BD-09), "
                    "--crs gaode (GCJ-02, also Tencent) or --crs gps (WGS-84) / 请用 --crs 指明坐标系", spec=spec)) from None
    return gg.Model.load(spec)


def write_table(frame, path) -> None:
    """A table where the planner asked: .xlsx as a workbook, else CSV (UTF-8 with BOM); written
    whole or not at all (gridgov.files.write_table)."""
    from .files import write_table as write

    write(frame, path)


# Buildings tables the CLI reads (gridgov.files): CSV, Excel workbooks (.xls is refused with a
# message saying how to save it) and GIS layers; anything else is taken for a saved model.
_TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".geojson", ".gpkg", ".shp", ".json")


def _one_line(message: str) -> str:
    lines = [line.strip() for line in str(message).splitlines() if line.strip()]
    if len(lines) <= 1:
        return lines[0] if lines else tr("unknown error")
    shown = lines[1:6]
    more = tr(" | … ({count} more)", count=len(lines) - 6) if len(lines) > 6 else ""
    colon = "：" if lines[0].endswith("：") else ": "  # a Chinese heading keeps its full-width colon
    return lines[0].rstrip(":：") + colon + " | ".join(shown) + more


# ---- the pipeline pieces (shared by demo and the subcommands) ----------------------------------

def _draw_arguments(args, *, incremental: bool = False) -> dict:
    """gg.draw_grids keyword arguments from the command line."""
    kwargs = {"seed": getattr(args, "seed", 0), "incremental": incremental}
    if getattr(args, "households", None):
        kwargs["households"] = tuple(args.households)
    if not incremental and getattr(args, "k", None):
        kwargs["k"] = args.k
    if getattr(args, "community", None):
        kwargs["community"] = args.community
    return kwargs


def _draw(model, kwargs: dict, notes: List[str]):
    """gg.draw_grids(model, **kwargs); the plan's caveats (InfeasibleWarning) go into ``notes``."""
    import warnings

    gg = _gg()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", gg.InfeasibleWarning)
        plan = gg.draw_grids(model, **kwargs)
    notes += [tr("Redraw: {caveat}", caveat=_one_line(w.message)[:300]) for w in caught[:5]]
    if len(caught) > 5:
        notes.append(tr("Redraw: … and {count} more caveats (GridPlan.warnings).", count=len(caught) - 5))
    return plan


def _simulate(model, args, steps: _Steps, notes: List[str], what: str = ""):
    """(simulation, evaluation) of ``args.days`` days under ``args.seed``; (None, None) when the
    step fails (said in ``notes``)."""
    gg = _gg()
    suffix = f" ({what})" if what else ""
    result = steps.optional(tr("simulating {days} days of events", days=args.days) + suffix,
                            lambda: gg.simulate(model, days=args.days, seed=args.seed), notes)
    if result is None:
        return None, None
    evaluation = steps.optional(tr("evaluating indicators") + suffix,
                                lambda: gg.evaluate(result.events, result.transitions, model=model), notes)
    return result, evaluation


def _proposal(model, args, steps: _Steps, notes: List[str], *, incremental: bool):
    """A redraw of ``model`` as a proposal beside it: drawn, applied, staffed and (with days)
    simulated under the same seed as the as-is county. None when the model cannot be redrawn
    that way (said in ``notes``)."""
    gg = _gg()
    title = ("渐进调整 Incremental rebalancing of today's grids" if incremental else
             "按 {0}–{1} 户重新划分 Redraw into the {0}–{1} household band".format(
                 *(getattr(args, "households", None) or (300, 500))))
    kind = tr("incremental rebalancing") if incremental else tr("redraw")
    own: List[str] = []
    plan = steps.optional(tr("drawing the {kind} proposal", kind=kind),
                          lambda: _draw(model, _draw_arguments(args, incremental=incremental), own), notes)
    if plan is None:
        return None
    applied = steps.optional(tr("applying the {kind}", kind=kind), plan.apply, notes)
    if applied is None:
        return None
    staffing = steps.optional(tr("assigning workers to the {kind}", kind=kind), lambda: gg.assign_workers(applied), notes)
    proposed = staffing.model if staffing is not None else applied
    simulation = evaluation = None
    if getattr(args, "days", 0):
        simulation, evaluation = _simulate(proposed, args, steps, notes, what=kind)
    return gg.report.Proposal(title=title, plan=plan, model=proposed, staffing=staffing, simulation=simulation,
                              evaluation=evaluation, notes=own, incremental=incremental)


def _proposals(model, args, steps: _Steps, notes: List[str]) -> list:
    """The band redraw, and the incremental rebalancing of today's grids when the model has
    residential grids to rebalance."""
    out = [_proposal(model, args, steps, notes, incremental=False)]
    if model.count("grid") and not getattr(args, "k", None):
        out.append(_proposal(model, args, steps, notes, incremental=True))
    return [p for p in out if p is not None]


def _summary_lines(written: dict, elapsed: float) -> List[str]:
    lines = [tr("done in {seconds:.1f} s; wrote:", seconds=elapsed)]
    order = ["report", "geojson"] + sorted(k for k in written if k not in ("report", "geojson"))
    for key in order:
        if key in written:
            lines.append(f"  {written[key]}")
    return lines


# ---- subcommands -------------------------------------------------------------------------

def _audit(model, steps: _Steps, notes: List[str]):
    return steps.optional(tr("auditing coverage"), model.audit, notes)


def _reach(model, args, steps: _Steps, notes: List[str]):
    kwargs = {key: getattr(args, key) for key in ("facility", "radius", "metric") if getattr(args, key, None) is not None}
    return steps.optional(tr("measuring reach"), lambda: model.reach(**kwargs), notes)


def cmd_demo(args) -> int:
    """`gridgov demo`: the planner's report on the built-in county as it is, with a redraw and an
    incremental rebalancing beside it as proposals."""
    gg = _gg()
    # county, audit, reach, simulate + evaluate, 2 proposals x (draw, apply, staff, simulate, evaluate), report
    steps = _Steps(total=1 + 2 + 2 * bool(args.days) + 2 * (3 + 2 * bool(args.days)) + 1)
    notes: List[str] = [tr("Built-in reference county as it is, seed {seed}; {days} simulated days. "
                           "The redraws are proposals shown beside it, not applied.", seed=args.seed, days=args.days)]
    county = steps.run(tr("building the reference county"), lambda: gg.datasets.seed_county(args.seed))
    audit = _audit(county, steps, notes)
    reach = _reach(county, args, steps, notes)
    simulation, evaluation = _simulate(county, args, steps, notes) if args.days else (None, None)
    proposals = _proposals(county, args, steps, notes)
    for note in notes[1:]:
        steps.note(note)
    written = steps.run(tr("writing the report"), lambda: gg.report.planner_report(
        county, args.out, audit=audit, reach=reach, simulation=simulation, evaluation=evaluation,
        proposals=proposals, notes=notes))
    _print_summary(county, written, steps.elapsed, audit=audit, simulation=simulation, proposals=proposals)
    return 0


def _print_summary(model, written, elapsed, *, audit=None, simulation=None, proposals=()) -> None:
    gg = _gg()
    s = model.summary()
    print(tr("{name}: {communities} communities, {residential} residential + {special} special grids, "
             "{households:,} households", name=model.metadata.get("name", "model"), communities=s["communities"],
             residential=s["residential_grids"], special=s["special_grids"], households=s["households"]))
    if audit is not None:
        print(tr("audit: {count} finding(s)", count=len(audit)))
    if simulation is not None:
        print(gg.report.kpi_headline(simulation.kpis))
    for proposal in proposals:
        print(tr("proposal: {headline}", headline=proposal.headline()))
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
        print(tr("saved the model to {path}", path=args.save))


def cmd_audit(args) -> int:
    """`gridgov audit MODEL`: coverage audit findings, printed or written to CSV."""
    model = load_model(args.model, crs=args.crs, places=args.places, workers=args.workers, county_code=args.county_code)
    findings = model.audit()
    if args.out:
        write_table(findings, args.out)
        print(tr("{count} finding(s) written to {path}", count=len(findings), path=args.out))
    else:
        print(tr("{count} finding(s)", count=len(findings)))
        if len(findings):
            print(findings.to_string())  # whole: a planner reads every finding (or --out for a file)
    return 0


def cmd_draw_grids(args) -> int:
    """`gridgov draw-grids MODEL`: redraw residential grids; write labels, GeoJSON, map, model."""
    gg = _gg()
    model = load_model(args.model, crs=args.crs, places=args.places, workers=args.workers, county_code=args.county_code)
    notes: List[str] = []
    steps = _Steps(total=2 + any((args.labels, args.save, args.geojson, args.map)), quiet=args.quiet)
    plan = steps.run(tr("drawing grids"), lambda: _draw(model, _draw_arguments(args, incremental=args.incremental), notes))
    redrawn = steps.run(tr("applying the new grids"), plan.apply)
    for note in notes:
        print(note, file=sys.stderr)
    # to_string: the whole table, never pandas' truncated display with "..." columns.
    print(plan.quality.to_string())
    print(tr("{count:,} building(s) change grid", count=len(plan.moved)))
    for decision in plan.staffing.get("decisions", []):
        print(tr("to decide: {decision}", decision=decision))
    outputs = [(path, tr(what)) for path, what in ((args.labels, "the grid of every building"),
                                                    (args.save, "the redrawn model"), (args.geojson, "the grid polygons"),
                                                    (args.map, "the grid map")) if path]
    if outputs:
        steps.run(tr("writing {outputs}", outputs=tr(", ").join(what for _, what in outputs)),
                  lambda: _write_draw_outputs(gg, redrawn, args))
    for path, what in outputs:
        print(tr("wrote {what} to {path}", what=what, path=path))
    return 0


def _write_draw_outputs(gg, redrawn, args) -> None:
    """draw-grids' files, all of them or none (a map that cannot be drawn leaves no labels)."""
    from ._staging import Together

    with Together() as outputs:
        if args.labels:
            table = gg.plot.building_table(redrawn)[["code", "name", "community", "grid", "households"]]
            write_table(table, outputs.path(args.labels))
        if args.save:
            redrawn.save(outputs.path(args.save))
        if args.geojson:
            gg.report.write_geojson(redrawn, outputs.path(args.geojson))
        if args.map:
            gg.plot.grid_map(redrawn).savefig(outputs.path(args.map), dpi=150)


def cmd_reach(args) -> int:
    """`gridgov reach MODEL`: walking circles by community; per-household distances to CSV."""
    gg = _gg()
    model = load_model(args.model, crs=args.crs, places=args.places, workers=args.workers, county_code=args.county_code)
    kwargs = {key: getattr(args, key) for key in ("facility", "radius", "metric") if getattr(args, key, None) is not None}
    result = model.reach(**kwargs)
    distances = gg.report.household_distances(model, result)
    shares = gg.report.reach_shares(distances)
    shares.index = [model.name(c) if c else "(none)" for c in shares.index]
    print(shares.to_string(float_format=lambda v: f"{v:.3f}"))
    if args.out:
        write_table(distances, args.out)
        print(tr("wrote {path}", path=args.out))
    return 0


def cmd_simulate(args) -> int:
    """`gridgov simulate MODEL`: simulated days of events; key indicators, events and transitions."""
    gg = _gg()
    model = load_model(args.model, crs=args.crs, places=args.places, workers=args.workers, county_code=args.county_code)
    steps = _Steps(total=1 + bool(args.out), quiet=args.quiet)
    result = steps.run(tr("simulating {days} days of events", days=args.days),
                       lambda: gg.simulate(model, days=args.days, seed=args.seed))
    print(gg.report.kpi_headline(result.kpis))
    for key, value in result.kpis.items():
        print(f"  {key:<34} {value:,.4g}" if isinstance(value, float) else f"  {key:<34} {value:,}")
    if args.out:
        from ._staging import staged_folder

        def write() -> None:
            with staged_folder(args.out) as stage:  # both tables or neither
                for name, frame in (("events", result.events), ("transitions", result.transitions)):
                    write_table(frame.reset_index(drop=True), os.path.join(stage, f"{name}.csv"))

        steps.run(tr("writing events.csv and transitions.csv to {folder}", folder=args.out), write)
        print(tr("wrote {path} and transitions.csv", path=os.path.join(args.out, "events.csv")))
    return 0


def cmd_route(args) -> int:
    """`gridgov route MODEL PLACE CATEGORY`: the explained route of one event."""
    model = load_model(args.model, crs=args.crs, places=args.places, workers=args.workers, county_code=args.county_code)
    print(model.route(args.place, args.category, urgency=args.urgency))  # tier, handler, name, reason per step
    return 0


def cmd_report(args) -> int:
    """`gridgov report MODEL`: report.html, grids.geojson and CSV tables for a model or buildings
    table as it is; with --redraw, the redraw and the incremental rebalancing as proposals beside it."""
    gg = _gg()
    simulated = bool(args.days) and not args.events
    per_proposal = 3 + 2 * simulated
    steps = _Steps(total=1 + 2 + (2 if args.events or args.days else 0) + 2 * per_proposal * bool(args.redraw) + 1,
                   quiet=args.quiet)
    notes: List[str] = [tr("Model: {model}, as it is; the redraws are proposals beside it.", model=args.model)
                        if args.redraw else tr("Model: {model}, as it is.", model=args.model)]
    model = steps.run(tr("loading the model"), lambda: load_model(args.model, crs=args.crs, places=args.places,
                                                             workers=args.workers, county_code=args.county_code))
    audit = _audit(model, steps, notes)
    reach = _reach(model, args, steps, notes)
    simulation = evaluation = None
    if args.events:
        events = gg.readers.read_events(args.events)
        transitions = gg.readers.read_transitions(args.transitions, events=events) if args.transitions else None
        simulation = _LoggedEvents(events, transitions)
        if transitions is not None:
            evaluation = steps.optional(tr("evaluating the event log"), lambda: gg.evaluate(events, transitions), notes)
            simulation.kpis = getattr(evaluation, "kpis", None)
        else:
            notes.append(tr("No transitions table (--transitions): the event log is shown without indicators."))
    elif args.days:
        simulation, evaluation = _simulate(model, args, steps, notes)
    proposals = _proposals(model, args, steps, notes) if args.redraw else []
    written = steps.run(tr("writing the report"), lambda: gg.report.planner_report(
        model, args.out, audit=audit, reach=reach, simulation=simulation, evaluation=evaluation, proposals=proposals,
        notes=notes))
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

def _crs_argument(text: str) -> str:
    """--crs as given, once it names a coordinate system (an alias or an EPSG code)."""
    from .files import epsg_code

    if epsg_code(text) is not None:
        return text
    from .errors import InputError
    from .geo import canonical_crs

    try:
        canonical_crs(text)
    except InputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def _model_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("model", help=tr("'county' or 'county:SEED' (built-in), a buildings .csv, or a saved model file"))
    p.add_argument("--crs", default=None, metavar="CRS", type=_crs_argument,
                   help=tr("coordinates of a buildings table: wgs84 (also gps), gcj02 (also gaode, GCJ-02: Gaode/"
                           "Tencent maps), bd09 (also baidu, BD-09: Baidu maps), local (x, y in metres) or an EPSG "
                           "code such as EPSG:4490; required for longitudes/latitudes in China"))
    p.add_argument("--places", help=tr("places CSV to add to a buildings CSV (schools, markets, service stations …)"))
    p.add_argument("--workers", help=tr("workers CSV to add to a buildings CSV"))
    p.add_argument("--county-code", help=tr("6- or 12-digit statistical code of the county (buildings CSV)"))


def _grid_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--households", nargs=2, type=int, metavar=("LOW", "HIGH"),
                   help=tr("planning band of households per grid [default: 300 500]"))
    p.add_argument("--k", type=int, help=tr("number of grids (instead of the band)"))
    p.add_argument("--community", help=tr("redraw one community only (its code)"))


def _reach_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--facility", help=tr("facility kind to reach [default: service_station]"))
    p.add_argument("--radius", type=float, help=tr("radius in metres"))
    p.add_argument("--metric", choices=["euclidean", "network"], help=tr("straight line or along the road network"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``gridgov`` command."""
    parser = argparse.ArgumentParser(
        prog="gridgov",
        description=tr("Community grid management (社区网格化管理) for planners: grid maps, redrawing grids, "
                       "coverage, escalation, and a report to hand over."))
    parser.add_argument("--version", action="store_true", help=tr("print the version and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("demo", help=tr("the full planner's report on the built-in county"),
                       description=tr("The built-in county as it is (audit, reach, simulated days), with a redraw "
                                      "into the household band and an incremental rebalancing beside it as "
                                      "proposals -> DIR/report.html, DIR/grids.geojson, DIR/proposal_grids.geojson "
                                      "and CSV tables."))
    p.add_argument("--out", default="demo-out", help=tr("output folder [default: demo-out]"))
    p.add_argument("--seed", type=int, default=0, help=tr("county and simulation seed [default: 0]"))
    p.add_argument("--days", type=int, default=30, help=tr("simulated days [default: 30]"))
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", help=tr("summary of a model or a buildings CSV"),
                       description=tr("Print the headline counts of a model (and optionally save it)."))
    _model_arguments(p)
    p.add_argument("--save", help=tr("save the model to this file (reload it as MODEL later)"))
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("audit", help=tr("coverage audit findings"),
                       description=tr("Every household, building and place in exactly one grid, every grid "
                                      "staffed …: one row per finding."))
    _model_arguments(p)
    p.add_argument("--out", help=tr("write the findings to this CSV (or .xlsx)"))
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("draw-grids", help=tr("redraw residential grids from buildings"),
                       description=tr("Contiguous grids inside communities, households per grid within the band."))
    _model_arguments(p)
    _grid_arguments(p)
    p.add_argument("--seed", type=int, default=0, help=tr("seed [default: 0]"))
    p.add_argument("--save", help=tr("save the redrawn model to this file"))
    p.add_argument("--labels", help=tr("write the new grid of every building to this CSV (or .xlsx)"))
    p.add_argument("--geojson", help=tr("write the redrawn grid polygons (WGS-84) to this GeoJSON file"))
    p.add_argument("--map", help=tr("write the redrawn grid map to this PNG file"))
    p.add_argument("--incremental", action="store_true",
                   help=tr("rebalance today's grids with few moves instead of drawing new ones"))
    p.add_argument("--quiet", action="store_true", help=tr("no progress lines"))
    p.set_defaults(func=cmd_draw_grids)

    p = sub.add_parser("reach", help=tr("walking distance from households to service facilities"),
                       description=tr("Share of households within the 300/500/1000 m life circles, by community."))
    _model_arguments(p)
    _reach_arguments(p)
    p.add_argument("--out", help=tr("write per-household distances to this CSV (or .xlsx)"))
    p.set_defaults(func=cmd_reach)

    p = sub.add_parser("simulate", help=tr("simulate days of events through the escalation tiers"),
                       description=tr("Discrete-event simulation of reported events, handling and escalation."))
    _model_arguments(p)
    p.add_argument("--days", type=int, default=30, help=tr("simulated days [default: 30]"))
    p.add_argument("--seed", type=int, default=0, help=tr("seed [default: 0]"))
    p.add_argument("--out", help=tr("folder for events.csv and transitions.csv"))
    p.add_argument("--quiet", action="store_true", help=tr("no progress lines"))
    p.set_defaults(func=cmd_simulate)

    p = sub.add_parser("route", help=tr("where one event goes and why"), description=tr("The chain of handlers for an "
                                                                                        "event at a place (household, unit, building, place or grid) of a category. Places and "
                                                                                        "categories by code or by name, in any case: '阳光小区 3号楼' 矛盾纠纷."))
    _model_arguments(p)
    p.add_argument("place", help=tr("household, unit, building, place or grid: its code, name or building number, "
                                    "with its compound or community when the name is not unique, e.g. '阳光小区 3号楼'"))
    p.add_argument("category", help=tr("event category: its code (ZZ01, zz01) or name (矛盾纠纷)"))
    p.add_argument("--urgency", help=tr("U0..U3 [default: the category's]"))
    p.set_defaults(func=cmd_route)

    p = sub.add_parser("report", help=tr("the planner's report for a model or buildings CSV"),
                       description=tr("report.html, grids.geojson and CSV tables for your own data."))
    _model_arguments(p)
    p.add_argument("--out", default="report-out", help=tr("output folder [default: report-out]"))
    p.add_argument("--redraw", action="store_true",
                   help=tr("add proposals beside the model as it is: a redraw into the household band and an "
                           "incremental rebalancing of today's grids"))
    _grid_arguments(p)
    _reach_arguments(p)
    p.add_argument("--events", help=tr("an event log CSV to report on (instead of simulating)"))
    p.add_argument("--transitions", help=tr("its transitions CSV"))
    p.add_argument("--days", type=int, default=0, help=tr("simulate this many days when no log is given [default: 0]"))
    p.add_argument("--seed", type=int, default=0, help=tr("seed [default: 0]"))
    p.add_argument("--quiet", action="store_true", help=tr("no progress lines"))
    p.set_defaults(func=cmd_report)
    return parser


@contextlib.contextmanager
def _argparse_in_language():
    """argparse's own words (usage:, options, its error lines) in the language of the messages:
    argparse looks them up through its module's gettext functions at the moment it writes them,
    so they are swapped for gridgov's catalogue while the command line is parsed."""
    saved = argparse._, argparse.ngettext
    argparse._ = lambda text: tr(text)
    argparse.ngettext = lambda one, many, n: tr(one if n == 1 else many)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


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
    with _argparse_in_language():
        parser = build_parser()
        args = parser.parse_args(argv)
        if not args.version and not getattr(args, "func", None):
            parser.print_help()
            return 2
    if args.version:
        print(_gg().__version__)
        return 0
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # output piped into `head`
        return 0
    except KeyboardInterrupt as exc:
        print(tr("gridgov: interrupted") + _nothing_written(exc), file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        # gg.Error is a ValueError; OSError covers unreadable or unwritable files; anything else
        # is a bug, said as such. GRIDGOV_DEBUG=1 shows the traceback (for reporting a bug).
        if os.environ.get("GRIDGOV_DEBUG"):
            raise
        print(_error_line(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
