"""Many counties and many scenarios on a Dask cluster: :func:`sweep` and :func:`draw`.

What outgrows one machine is not one county (the C++ core draws and simulates a county in
seconds) but a province of 100-200 of them, and Monte Carlo over seeds and staffing what-ifs.
Both are many independent tasks, each holding one county, and Dask distributed runs them on
this machine's cores (a ``LocalCluster`` of worker processes) or on any cluster whose scheduler
address you give.

* Work travels as the binary model file (:meth:`gridgov.Model.to_bytes`, what
  :meth:`~gridgov.Model.save` writes): a path or URL the workers read themselves, or the bytes of
  a :class:`gridgov.Model` scattered once to the cluster. Nothing large is pickled.
* Each task loads one county (a worker keeps the last one loaded, so the runs of one county
  reuse it), runs, and returns a small table row.
* A county that fails (a damaged file, a bad staffing code, an infeasible draw, a worker that
  died) is a row with its error type and message; the other counties' rows are unaffected.
* Rows come in the order of the arguments (model x scenario x seed), never in the order the
  workers finish, so the same seeds give the same table on any number of workers, and with
  ``client="serial"`` (the same tasks one after another in this process, without Dask).

Dask is the optional extra ``pip install "gridgov[dask]"``; ``client="serial"`` needs nothing.
``docs/distributed.md`` walks through a province; ``benchmarks/bench_province.py`` measures it.
"""

from __future__ import annotations

import hashlib
import inspect
import math
import os
import resource
import threading
import time
import uuid
import warnings
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from ._args import seed as seed_arg
from ._args import whole
from .errors import InputError
from .model import Model
from .messages import tr

__all__ = ["sweep", "draw", "summarise", "SweepResult", "DrawResult", "SCENARIO_KEYS"]

#: What a scenario may set: :func:`gridgov.simulate`'s arguments but the model, the seed (the
#: sweep's seeds) and threads (the sweep's), and ``parameters``, a mapping of further simulation
#: parameters (:data:`gridgov.escalation.SIMULATION_PARAMETERS`), which may also be given directly.
SCENARIO_KEYS: Tuple[str, ...] = ("policy", "days", "start", "rates", "staffing", "parameters")

ModelSource = Union[str, "os.PathLike[str]", Model]
Models = Union[ModelSource, Sequence[ModelSource], Mapping[str, ModelSource]]


# ---- results ----------------------------------------------------------------------------------


@dataclass
class SweepResult:
    """What :func:`sweep` returns.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per model x scenario x seed, in that order: ``model``, ``scenario``, ``seed``,
        the simulation's indicators (:attr:`gridgov.escalation.SimulationResult.kpis`: closure
        and on-time rates, where events closed, escalations, satisfaction ...) and the staffing
        load (``grid_utilisation_mean``, ``grid_utilisation_max``, ``grids_overloaded_share``:
        grids whose workers are busy more than the period's working hours,
        ``community_utilisation_mean``, ``community_utilisation_max``,
        ``county_seat_utilisation``), then ``error_type`` and ``error`` (empty for a run that
        worked; its indicators are NaN otherwise).
    summary : pandas.DataFrame
        :func:`summarise` of the table: per model, scenario and indicator the runs, the mean and
        its 95 % confidence interval, the standard deviation and the middle 95 % of the runs.
    timings : pandas.DataFrame
        Per row of ``table``: ``seconds`` (the task's wall time on its worker, loading included),
        ``worker`` (its address, or ``"serial"``) and ``worker_peak_mb`` (the worker process's
        peak resident memory so far). Kept apart from ``table``, which depends only on the
        arguments.
    """

    table: pd.DataFrame
    summary: pd.DataFrame
    timings: pd.DataFrame

    @property
    def failures(self) -> pd.DataFrame:
        """The rows of :attr:`table` that failed."""
        return self.table[self.table["error_type"] != ""]


@dataclass
class DrawResult:
    """What :func:`draw` returns.

    Attributes
    ----------
    counties : pandas.DataFrame
        One row per model, in the order given: ``model``, ``output`` (the file written),
        ``communities`` (redrawn), ``grids_before`` (residential grids of the input), ``grids``,
        ``moved_buildings``, the overall quality (``max_ratio``, ``min_ratio``,
        ``households_min``, ``households_max``, ``households_mean``, ``in_band``,
        ``disconnected_grids``), ``caveats`` (communities whose grids could not meet the
        tolerance or band), ``surplus_workers``, ``workers_needed``, ``decisions`` (what a
        leader must decide), then ``error_type`` and ``error`` (empty when it worked).
    communities : pandas.DataFrame
        The plan quality of every redrawn community of every model (``model``, ``community``
        and the columns of :attr:`gridgov.GridPlan.quality`); ``finding`` says how far outside
        the tolerance or band a community's grids are, and why.
    timings : pandas.DataFrame
        Per model: ``seconds``, ``worker``, ``worker_peak_mb`` (as in :class:`SweepResult`).
    """

    counties: pd.DataFrame
    communities: pd.DataFrame
    timings: pd.DataFrame

    @property
    def findings(self) -> pd.DataFrame:
        """The communities, of every model, whose grids have a finding."""
        return self.communities[self.communities["finding"] != ""]

    @property
    def failures(self) -> pd.DataFrame:
        """The models that failed."""
        return self.counties[self.counties["error_type"] != ""]


# ---- model sources ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """Where a task finds its county: ``data`` holds the model file's bytes (or, on a cluster,
    the future of those bytes scattered once), a local path, or a URL; ``token`` names what the
    worker's cache may reuse."""

    name: str
    kind: str  # "bytes", "path" or "url"
    data: Any
    token: str


def _is_url(text: str) -> bool:
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.isidentifier() and len(scheme) > 1  # a Windows drive is not one


def _sources(models: Models) -> List[_Source]:
    if isinstance(models, Mapping):
        items = [(_name(key), value) for key, value in models.items()]
    elif isinstance(models, (str, os.PathLike, Model)):
        items = [(None, models)]
    elif isinstance(models, Iterable):
        items = [(None, value) for value in models]
    else:
        raise InputError(tr("models must be model files, gridgov.Model objects, or a mapping name -> either; "
                            "got {type}",
                            type=type(models).__name__))
    if not items:
        raise InputError(tr("models is empty: give at least one model file or gridgov.Model"))
    call = uuid.uuid4().hex  # a path's content may change between two calls, never within one
    sources = []
    for position, (name, value) in enumerate(items):
        if isinstance(value, Model):
            data = value.to_bytes()
            token = hashlib.blake2b(data, digest_size=16).hexdigest()
            sources.append(_Source(name or f"model{position}", "bytes", data, token))
        elif isinstance(value, (str, os.PathLike)):
            text = os.fspath(value)
            if not isinstance(text, str):
                raise InputError(tr("models[{position}]: a path must be text, got {text}",
                                    position=position, text=repr(text)))
            kind = "url" if _is_url(text) else "path"
            sources.append(_Source(name or text, kind, text, f"{call}:{position}"))
        else:
            raise InputError(tr("models[{position}] is a {type}: give a model file's path or URL, or a "
                                "gridgov.Model",
                                position=position, type=type(value).__name__))
    names = [s.name for s in sources]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InputError(tr("models: {twice} is given twice; name the models with a mapping name -> model",
                            twice=repr(twice[0])))
    return sources


def _name(key: Any) -> str:
    if not isinstance(key, str) or not key:
        raise InputError(tr("models: a model's name must be non-empty text, got {key}", key=repr(key)))
    return key


# ---- the worker's side ------------------------------------------------------------------------

# The last county a worker process loaded, so that the runs of one county (scenarios x seeds)
# load it once. One entry: a task holds one county.
_CACHE: "OrderedDict[str, Model]" = OrderedDict()
_CACHE_LOCK = threading.Lock()
_POLICIES: Dict[Optional[str], Any] = {}


def _read_url(url: str) -> bytes:
    import fsspec  # a dependency of Dask

    with fsspec.open(url, "rb") as stream:
        return stream.read()


def _load(source: _Source, data: Any) -> Model:
    with _CACHE_LOCK:
        hit = _CACHE.get(source.token)
        if hit is not None:
            return hit
    if source.kind == "bytes":
        model = Model.from_bytes(data, source.name)
    elif source.kind == "url":
        model = Model.from_bytes(_read_url(data), data)
    else:
        model = Model.load(data)
    with _CACHE_LOCK:
        while _CACHE:
            _forget(_CACHE.popitem(last=False)[1])
        _CACHE[source.token] = model
    return model


def _forget(model: Model) -> None:
    """Drops the escalation routers built for a county that leaves the cache (they hold it)."""
    from . import escalation

    try:
        stale = [k for k, v in list(escalation._ROUTERS.items()) if v[0] is model._core]
    except RuntimeError:  # another thread of the worker changed the cache: it evicts them in time
        return
    for key in stale:
        escalation._ROUTERS.pop(key, None)


def _clear_cache() -> None:
    with _CACHE_LOCK:
        while _CACHE:
            _forget(_CACHE.popitem(last=False)[1])


def _policy(text: Optional[str]) -> Any:
    from .escalation import EscalationPolicy

    policy = _POLICIES.get(text)
    if policy is None:
        policy = EscalationPolicy.default() if text is None else EscalationPolicy.from_json(text)
        if len(_POLICIES) > 16:
            _POLICIES.clear()
        _POLICIES[text] = policy
    return policy


def _hold(data: bytes) -> bytes:
    """A model file's bytes as a task's result (see :func:`_run`)."""
    return data


def _peak_mb() -> float:
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024.0 * 1024.0) if os.uname().sysname == "Darwin" else peak / 1024.0


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return "serial"


def _failure(error: BaseException) -> Dict[str, str]:
    return {"error_type": type(error).__name__, "error": str(error) or repr(error)}


def _timing(started: float) -> Dict[str, Any]:
    return {"seconds": time.perf_counter() - started, "worker": _worker_name(), "worker_peak_mb": _peak_mb()}


def _indicators(result: Any) -> Dict[str, float]:
    row = {key: float(value) for key, value in result.kpis.items()}
    grid_use = result.grids["utilisation"].to_numpy(dtype=float)
    community_use = result.communities["utilisation"].to_numpy(dtype=float)
    row["grid_utilisation_mean"] = float(grid_use.mean()) if grid_use.size else math.nan
    row["grid_utilisation_max"] = float(grid_use.max()) if grid_use.size else math.nan
    row["grids_overloaded_share"] = float((grid_use > 1.0).mean()) if grid_use.size else math.nan
    row["community_utilisation_mean"] = float(community_use.mean()) if community_use.size else math.nan
    row["community_utilisation_max"] = float(community_use.max()) if community_use.size else math.nan
    row["county_seat_utilisation"] = float(result.county["seat_utilisation"])
    return row


def _simulate_task(source: _Source, data: Any, scenario: Dict[str, Any], seed: int, threads: int) -> Dict[str, Any]:
    """One run: a county, a scenario, a seed. Returns the indicators, or the error."""
    from .escalation import simulate

    started = time.perf_counter()
    try:
        model = _load(source, data)
        args = dict(scenario)
        policy = _policy(args.pop("policy", None))
        staffing = args.pop("staffing", None)
        if callable(staffing):
            staffing = staffing(model)
        params = args.pop("parameters", {})
        result = simulate(model, policy, seed=seed, staffing=staffing, threads=threads, **args, **params)
        row: Dict[str, Any] = {"values": _indicators(result)}
    except Exception as error:  # a county's failure is its row; the others go on
        row = _failure(error)
    row["timing"] = _timing(started)
    return row


def _output_path(out: str, name: str) -> str:
    stem = PurePosixPath(name.replace("\\", "/")).name
    for suffix in (".ggm",):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    if _is_url(out):
        return out.rstrip("/") + "/" + stem + ".ggm"
    return os.path.join(out, stem + ".ggm")


def _write(model: Model, path: str) -> None:
    if _is_url(path):
        import fsspec

        with fsspec.open(path, "wb") as stream:
            stream.write(model.to_bytes())
        return
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    model.save(path)


_COUNT_COLUMNS = ("communities", "grids_before", "grids", "moved_buildings", "disconnected_grids", "caveats",
                  "surplus_workers", "workers_needed", "decisions")
_QUALITY_COLUMNS = ("max_ratio", "min_ratio", "households_min", "households_max", "households_mean", "in_band",
                    "disconnected_grids")


def _draw_task(source: _Source, data: Any, out: str, options: Dict[str, Any]) -> Dict[str, Any]:
    """One county drawn, its plan applied and saved. Returns its row and its communities' quality."""
    from .grids import draw_grids
    from .errors import InfeasibleWarning

    started = time.perf_counter()
    row: Dict[str, Any]
    try:
        model = _load(source, data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InfeasibleWarning)  # every caveat is in the plan's quality
            plan = draw_grids(model, **options)
        redrawn = plan.apply()
        path = _output_path(out, source.name)
        _write(redrawn, path)
        overall = plan.quality.loc["overall"]
        communities = plan.quality.drop(index="overall").reset_index()
        staffing = plan.staffing
        row = {"values": {
            "output": path,
            "communities": len(communities),
            "grids_before": model.count("grid", "residential"),
            "grids": plan.grid_count(),
            "moved_buildings": len(plan.moved),
            **{key: overall[key] for key in _QUALITY_COLUMNS if key in overall.index},
            "caveats": int((communities["finding"] != "").sum()),
            "surplus_workers": len(staffing.get("surplus_workers", ())),
            "workers_needed": int(staffing.get("workers_needed", 0)),
            "decisions": len(staffing.get("decisions", ())),
        }, "communities": communities.to_dict("records")}
    except Exception as error:  # a county's failure is its row; the others go on
        row = _failure(error)
    row["timing"] = _timing(started)
    return row


# ---- running the tasks ------------------------------------------------------------------------


@contextmanager
def _connect(client: Any, workers: Optional[int]) -> Iterator[Any]:
    """The Dask client to run on (None for serial), closing what this call opened."""
    if workers is not None and client is not None:
        raise InputError(tr("workers is the size of the LocalCluster that client=None starts; with a client, "
                            "the cluster is already sized"))
    if isinstance(client, str) and client == "serial":
        yield None
        return
    try:
        import distributed
    except ImportError:
        raise ImportError(tr("gridgov.distributed needs Dask: pip install \"gridgov[dask]\" (or client=\"serial\")")) from None
    if client is None:
        n = whole(workers, "workers", minimum=1) if workers is not None else (os.cpu_count() or 1)
        with distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=":0") as cluster:
            with distributed.Client(cluster) as local:
                yield local
    elif isinstance(client, str):
        with distributed.Client(client, timeout="30s") as remote:
            yield remote
    elif isinstance(client, distributed.Client):
        yield client
    elif isinstance(getattr(client, "scheduler_address", None), str):  # a cluster object (LocalCluster, SLURMCluster ...)
        with distributed.Client(client) as on_cluster:
            yield on_cluster
    else:
        raise InputError(tr("client must be None (a LocalCluster on this machine), a Dask scheduler address, a "
                            "distributed.Client or cluster, or 'serial'; got {type}",
                            type=type(client).__name__))


def _progress(total: int, progress: Optional[bool], what: str) -> Any:
    if progress is False or (progress is None and total <= 10):
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=what, unit="task", leave=False)


def _run(client: Any, function: Callable[..., Dict[str, Any]], sources: List[_Source],
         tasks: List[Tuple[int, tuple]], progress: Optional[bool], what: str) -> List[Dict[str, Any]]:
    """Runs ``function(source, data, *args)`` for each (source index, args); the results come in
    the order of ``tasks``. A task whose worker died or whose future failed is an error row."""
    bar = _progress(len(tasks), progress, what)
    results: List[Optional[Dict[str, Any]]] = [None] * len(tasks)
    try:
        if client is None:
            try:
                for position, (index, args) in enumerate(tasks):
                    source = sources[index]
                    results[position] = function(source, source.data, *args)
                    if bar is not None:
                        bar.update()
            finally:
                _clear_cache()
            return results  # type: ignore[return-value]
        from distributed import as_completed

        # A model's bytes go to the cluster once, as a task that returns them: its tasks name that
        # task, and if the worker holding the bytes dies the scheduler runs it again (scattered
        # data would be lost with the worker, and every run of the county with it). Paths and URLs
        # go as text.
        import dask

        call = uuid.uuid4().hex[:12]
        data = {}
        with dask.config.set({"distributed.admin.large-graph-warning-threshold": "64GB"}):  # a county is megabytes
            for index, source in enumerate(sources):
                if source.kind == "bytes" and any(i == index for i, _ in tasks):
                    data[index] = client.submit(_hold, source.data, pure=False, key=f"gridgov-model-{call}-{index}")
        futures = []
        for position, (index, args) in enumerate(tasks):
            source = sources[index]
            light = _Source(source.name, source.kind, None, source.token)
            futures.append(client.submit(function, light, data.get(index, source.data), *args, pure=False,
                                         key=f"gridgov-{what}-{call}-{position}"))
        where = {future.key: position for position, future in enumerate(futures)}
        for future in as_completed(futures):
            position = where[future.key]
            try:
                results[position] = future.result()
            except Exception as error:  # the task never returned: its worker died, or the scheduler gave up
                row = _failure(error)
                row["timing"] = {"seconds": math.nan, "worker": "", "worker_peak_mb": math.nan}
                results[position] = row
            future.release()
            if bar is not None:
                bar.update()
        del futures, data
        return results  # type: ignore[return-value]
    finally:
        if bar is not None:
            bar.close()


# ---- sweep ------------------------------------------------------------------------------------


def _scenarios(scenarios: Any) -> List[Tuple[str, Dict[str, Any]]]:
    from .escalation import SIMULATION_PARAMETERS, EscalationPolicy

    if scenarios is None:
        return [("default", {})]
    if not isinstance(scenarios, Mapping) or not scenarios:
        raise InputError(tr("scenarios must be a non-empty mapping name -> simulate arguments, e.g. {'today': "
                            "{}, 'more staff': {'staffing': {...}}}"))
    out = []
    for name, args in scenarios.items():
        if not isinstance(name, str) or not name:
            raise InputError(tr("scenarios: a scenario's name must be non-empty text, got {name}", name=repr(name)))
        if args is None:
            args = {}
        if not isinstance(args, Mapping):
            raise InputError(tr("scenarios[{name}] must be a mapping of simulate arguments, got {type}",
                                name=repr(name), type=type(args).__name__))
        known = set(SCENARIO_KEYS) | (set(SIMULATION_PARAMETERS) - {"threads"})
        unknown = [key for key in args if key not in known]
        if unknown:
            hint = " (the seeds are the sweep's seeds)" if unknown[0] == "seed" else ""
            raise InputError(tr("scenarios[{name}]: unknown argument {unknown}{hint}; known: {scenario_keys} "
                                "and the simulation parameters",
                                name=repr(name), unknown=repr(unknown[0]), hint=hint, scenario_keys=', '.join(SCENARIO_KEYS)))
        scenario: Dict[str, Any] = {}
        params: Dict[str, Any] = {}
        for key, value in args.items():
            if key == "parameters":
                if not isinstance(value, Mapping):
                    raise InputError(tr("scenarios[{name}]['parameters'] must be a mapping of simulation "
                                        "parameters",
                                        name=repr(name)))
                bad = [p for p in value if p not in SIMULATION_PARAMETERS or p == "threads"]
                if bad:
                    raise InputError(tr("scenarios[{name}]['parameters']: unknown simulation parameter {bad}",
                                        name=repr(name), bad=repr(bad[0])))
                params.update(value)
            elif key == "policy":
                scenario["policy"] = _policy_text(value, name)
            elif key == "staffing":
                if value is not None and not (isinstance(value, Mapping) or callable(value)):
                    raise InputError(tr("scenarios[{name}]['staffing'] must map grid codes to {'fulltime': n, "
                                        "'parttime': m}, or be a function of the model returning that",
                                        name=repr(name)))
                scenario["staffing"] = value
            elif key in SCENARIO_KEYS:
                scenario[key] = value
            else:
                params[key] = value
        if params:
            scenario["parameters"] = params
        out.append((name, scenario))
    return out


def _policy_text(policy: Any, scenario: str) -> Optional[str]:
    """A policy travels as its JSON text (small), checked here once."""
    from .escalation import EscalationPolicy

    if policy is None:
        return None
    if isinstance(policy, EscalationPolicy):
        return policy.to_json(None)
    if isinstance(policy, Mapping):
        return EscalationPolicy.from_dict(policy).to_json(None)
    if isinstance(policy, (str, os.PathLike)):
        return EscalationPolicy.load(policy).to_json(None)
    raise InputError(tr("scenarios[{scenario}]['policy'] must be a gridgov.EscalationPolicy, its dict, or a "
                        "JSON file's path; got {type}",
                        scenario=repr(scenario), type=type(policy).__name__))


def _seeds(seeds: Any) -> List[int]:
    if isinstance(seeds, (int, np.integer)) and not isinstance(seeds, bool):
        seeds = range(whole(seeds, "seeds", minimum=1))
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Iterable):
        raise InputError(tr("seeds must be a list of seeds or a number of them, got {seeds}", seeds=repr(seeds)))
    out = [seed_arg(s, "seeds") for s in seeds]
    if not out:
        raise InputError(tr("seeds is empty"))
    if len(set(out)) < len(out):
        raise InputError(tr("seeds: a seed is given twice (its runs would be the same)"))
    return out


def sweep(models: Models, scenarios: Optional[Mapping[str, Mapping[str, Any]]] = None, seeds: Any = 10,
          client: Any = None, *, days: int = 30, threads: int = 1, workers: Optional[int] = None,
          progress: Optional[bool] = None) -> SweepResult:
    """Simulates every model under every scenario with every seed, on a Dask cluster.

    Parameters
    ----------
    models : path, URL, gridgov.Model, or a sequence or mapping name -> of them
        Saved model files (paths the workers can read; a URL such as ``s3://...`` or
        ``file://...`` is read through fsspec) or :class:`gridgov.Model` objects, whose file
        bytes are sent to the cluster once. Rows name a model by its mapping key, its path as
        given, or ``model<i>``.
    scenarios : mapping name -> mapping, optional
        Named :func:`gridgov.simulate` arguments: ``staffing`` (grid code ->
        ``{"fulltime": n, "parttime": m}``, or a function of the model returning that, for
        what-ifs over counties with different grids), ``rates``, ``policy`` (an
        :class:`gridgov.EscalationPolicy`, its dict or a JSON file), ``days``, ``start``, and
        simulation parameters (:data:`gridgov.escalation.SIMULATION_PARAMETERS`), directly or
        under ``parameters``. Default ``{"default": {}}``.
    seeds : int or sequence of int, default 10
        The seeds of each model x scenario (a number n means ``range(n)``).
    client : None, str, distributed.Client, a Dask cluster, or "serial"
        ``None`` starts a ``LocalCluster`` of worker processes on this machine (``workers`` of
        them, one thread each; default one per core) and closes it afterwards; a scheduler
        address (``"tcp://host:8786"``) connects to that cluster; a ``distributed.Client`` is
        used as it is; a cluster object (``LocalCluster``, a dask-jobqueue ``SLURMCluster`` ...)
        gets a client for the call; ``"serial"`` runs the same tasks one after another in this
        process, without Dask.
    days : int, default 30
        The horizon of a scenario that gives none.
    threads : int, default 1
        Threads of each simulation (a task holds one worker thread; the result does not depend
        on it).
    workers : int, optional
        Worker processes of the ``LocalCluster`` that ``client=None`` starts (only then).
    progress : bool, optional
        A progress bar over the runs (default: past 10 runs).

    Returns
    -------
    SweepResult
        ``table`` (one row per model x scenario x seed, in that order), ``summary`` (means and
        95 % intervals) and ``timings``.

    Raises
    ------
    gridgov.InputError
        An empty or malformed ``models``, ``scenarios`` or ``seeds``, an unknown scenario
        argument. Whatever goes wrong in one run (an unreadable file, an unknown grid code in
        ``staffing``, a bad parameter value) is that row's ``error_type`` and ``error``.
    ImportError
        Dask is not installed (``pip install "gridgov[dask]"``) and ``client`` is not ``"serial"``.

    Examples
    --------
    >>> runs = gg.distributed.sweep(["a.ggm", "b.ggm"], {"today": {}, "busy": {"rates": 1.5}},
    ...                             seeds=20)                                   # doctest: +SKIP
    >>> runs.summary.query("indicator == 'on_time_closure_rate'")              # doctest: +SKIP
    """
    sources = _sources(models)
    named = _scenarios(scenarios)
    seed_list = _seeds(seeds)
    days = whole(days, "days", minimum=1)
    threads = whole(threads, "threads", minimum=0)
    tasks = []
    labels = []
    for index, source in enumerate(sources):
        for name, scenario in named:
            args = {"days": days, **scenario}
            for seed in seed_list:
                tasks.append((index, (args, seed, threads)))
                labels.append((source.name, name, seed))
    with _connect(client, workers) as dask_client:
        results = _run(dask_client, _simulate_task, sources, tasks, progress, "sweep")
    columns: List[str] = []
    for result in results:
        for key in result.get("values", {}):
            if key not in columns:
                columns.append(key)
    rows = []
    for (model, scenario, seed), result in zip(labels, results):
        values = result.get("values", {})
        row: Dict[str, Any] = {"model": model, "scenario": scenario, "seed": seed}
        row.update({key: values.get(key, math.nan) for key in columns})
        row["error_type"] = result.get("error_type", "")
        row["error"] = result.get("error", "")
        rows.append(row)
    table = pd.DataFrame(rows, columns=["model", "scenario", "seed", *columns, "error_type", "error"])
    table["seed"] = table["seed"].astype("uint64") if any(s >= 2**63 for s in seed_list) else table["seed"].astype("int64")
    timings = _timings(labels, results, ["model", "scenario", "seed"])
    return SweepResult(table=table, summary=summarise(table), timings=timings)


def _timings(labels: List[tuple], results: List[Dict[str, Any]], keys: List[str]) -> pd.DataFrame:
    rows = [{**dict(zip(keys, label)), **result["timing"]} for label, result in zip(labels, results)]
    return pd.DataFrame(rows, columns=[*keys, "seconds", "worker", "worker_peak_mb"])


def summarise(table: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Means and intervals of a sweep's indicators, per model and scenario.

    Parameters
    ----------
    table : pandas.DataFrame
        :attr:`SweepResult.table` (failed runs are left out and counted).
    confidence : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per model, scenario and indicator, in the table's order: ``runs`` (that
        worked), ``failed``, ``mean``, ``ci_low`` and ``ci_high`` (the confidence interval of
        the mean, Student's t with runs - 1 degrees of freedom; NaN for a single run), ``std``
        (sample standard deviation), ``low`` and ``high`` (the middle ``confidence`` share of
        the runs themselves: the 2.5 % and 97.5 % quantiles at 0.95).
    """
    from scipy import stats

    if not isinstance(table, pd.DataFrame) or not {"model", "scenario", "error_type"} <= set(table.columns):
        raise InputError(tr("summarise needs a sweep's table (SweepResult.table)"))
    level = float(confidence)
    if not 0.0 < level < 1.0:
        raise InputError(tr("confidence must be between 0 and 1, got {confidence}", confidence=repr(confidence)))
    indicators = [c for c in table.columns if c not in ("model", "scenario", "seed", "error_type", "error")]
    rows = []
    for (model, scenario), group in table.groupby(["model", "scenario"], sort=False):
        ok = group[group["error_type"] == ""]
        failed = len(group) - len(ok)
        for indicator in indicators:
            values = ok[indicator].to_numpy(dtype=float)
            values = values[~np.isnan(values)]
            n = len(values)
            mean = float(values.mean()) if n else math.nan
            std = float(values.std(ddof=1)) if n > 1 else math.nan
            half = float(stats.t.ppf(0.5 + level / 2, n - 1) * std / math.sqrt(n)) if n > 1 else math.nan
            tail = (1.0 - level) / 2
            rows.append({"model": model, "scenario": scenario, "indicator": indicator, "runs": n, "failed": failed,
                         "mean": mean, "ci_low": mean - half, "ci_high": mean + half, "std": std,
                         "low": float(np.quantile(values, tail)) if n else math.nan,
                         "high": float(np.quantile(values, 1.0 - tail)) if n else math.nan})
    return pd.DataFrame(rows, columns=["model", "scenario", "indicator", "runs", "failed", "mean", "ci_low", "ci_high",
                                       "std", "low", "high"])


# ---- draw -------------------------------------------------------------------------------------


def draw(models: Models, client: Any = None, *, out: Union[str, "os.PathLike[str]"], workers: Optional[int] = None,
         progress: Optional[bool] = None, **draw_grids_args: Any) -> DrawResult:
    """Draws the grids of many counties on a Dask cluster; each plan is applied and saved.

    Each task loads one county, runs :func:`gridgov.draw_grids` with ``draw_grids_args``,
    applies the plan (:meth:`gridgov.GridPlan.apply`) and saves the redrawn model to
    ``out/<name>.ggm``, where ``name`` is the model's mapping key, its file's stem, or
    ``model<i>``.

    Parameters
    ----------
    models : path, URL, gridgov.Model, or a sequence or mapping name -> of them
        As in :func:`sweep`.
    client : None, str, distributed.Client, a Dask cluster, or "serial"
        As in :func:`sweep`.
    out : path or URL
        The folder the redrawn models are written to; every worker must be able to write it
        (a shared file system, or an fsspec URL such as ``s3://bucket/plans``).
    workers : int, optional
        Worker processes of the ``LocalCluster`` that ``client=None`` starts (only then).
    progress : bool, optional
        A progress bar over the counties (default: past 10).
    **draw_grids_args
        Passed to :func:`gridgov.draw_grids` (``k``, ``households``, ``weights``, ``seed``,
        ``tol``, ``fixed``, ``strict``, ``incremental``, ``community``, ``threads``; ``threads``
        defaults to 1 here, a task holding one worker thread).

    Returns
    -------
    DrawResult
        ``counties`` (one row per model, in order; a failed county is a row with its error),
        ``communities`` (every community's plan quality and finding) and ``timings``.

    Raises
    ------
    gridgov.InputError
        Malformed ``models``, an argument :func:`gridgov.draw_grids` does not take, two models
        that would be written to the same file.
    ImportError
        Dask is not installed and ``client`` is not ``"serial"``.
    """
    from .grids import draw_grids

    sources = _sources(models)
    try:
        out_text = os.fspath(out)
    except TypeError:
        raise InputError(tr("draw: out must be a folder's path or URL, got {out}", out=repr(out))) from None
    if not isinstance(out_text, str) or not out_text:
        raise InputError(tr("draw: out must be a folder's path or URL, got {out}", out=repr(out)))
    known = [p for p in inspect.signature(draw_grids).parameters if p != "model"]
    unknown = [key for key in draw_grids_args if key not in known]
    if unknown:
        raise InputError(tr("draw: draw_grids takes no argument {unknown} (it takes {known})",
                            unknown=repr(unknown[0]), known=', '.join(known)))
    options = {"threads": 1, **draw_grids_args}
    outputs = [_output_path(out_text, s.name) for s in sources]
    twice = sorted({p for p in outputs if outputs.count(p) > 1})
    if twice:
        raise InputError(tr("draw: two models would be written to {twice}; name them with a mapping name -> "
                            "model",
                            twice=twice[0]))
    if not _is_url(out_text):
        os.makedirs(out_text, exist_ok=True)
    tasks = [(index, (out_text, options)) for index in range(len(sources))]
    with _connect(client, workers) as dask_client:
        results = _run(dask_client, _draw_task, sources, tasks, progress, "draw")
    value_columns = ["output", "communities", "grids_before", "grids", "moved_buildings", *_QUALITY_COLUMNS, "caveats",
                     "surplus_workers", "workers_needed", "decisions"]
    rows, quality = [], []
    for source, result in zip(sources, results):
        values = result.get("values", {})
        row: Dict[str, Any] = {"model": source.name}
        row.update({key: values.get(key, math.nan if key != "output" else "") for key in value_columns})
        row["error_type"] = result.get("error_type", "")
        row["error"] = result.get("error", "")
        rows.append(row)
        quality.extend({"model": source.name, **record} for record in result.get("communities", ()))
    counties = pd.DataFrame(rows, columns=["model", *value_columns, "error_type", "error"])
    for column in _COUNT_COLUMNS:  # whole numbers, missing for a county that failed
        counties[column] = counties[column].astype("Int64")
    communities = pd.DataFrame(quality)
    if communities.empty:
        communities = pd.DataFrame(columns=["model", "community", "grids", "finding"])
    timings = _timings([(s.name,) for s in sources], results, ["model"])
    return DrawResult(counties=counties, communities=communities, timings=timings)
