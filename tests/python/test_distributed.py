"""gg.distributed: sweeps and draws of many counties, serially, on a LocalCluster of two worker
processes, and on a real scheduler with two workers started as separate processes
(`dask scheduler`, `dask worker`) on 127.0.0.1. The same arguments give the same table on each;
a county that fails is a row, and the others are complete.

The counties are small (two communities of the synthetic city each, drawn into grids) and the
simulations a few days, so that the clusters' start-up dominates and the file stays in seconds.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gridgov as gg
from gridgov import distributed as ggd

HERE = Path(__file__).resolve().parent
SCENARIOS = {
    "today": {},
    "busy": {"rates": 1.5, "days": 3},
    "one part-timer": {"staffing": "set per model below"},
}


def _county(seed: int) -> gg.Model:
    """A small county: two communities of the synthetic city, drawn into grids and staffed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gg.InfeasibleWarning)
        model = gg.from_buildings(gg.datasets.city_buildings(2, seed=seed), crs="bd09")
        return gg.draw_grids(model, seed=0).apply()


def one_parttimer_per_grid(model: gg.Model) -> dict:
    """A staffing what-if for any county: one full-time and one part-time worker in every grid."""
    return {code: {"fulltime": 1, "parttime": 1} for code in model.codes(model.nodes("grid", "residential"))}


def die_on_second_county(model: gg.Model) -> dict:
    """Kills the worker process that runs it on the county of seed 1 (a worker lost mid-run)."""
    if model.metadata.get("test_seed") == "1":
        os._exit(3)
    return {}


@pytest.fixture(scope="module")
def counties(tmp_path_factory):
    folder = tmp_path_factory.mktemp("counties")
    paths = []
    for seed in (0, 1):
        model = _county(seed)
        path = folder / f"county{seed}.ggm"
        model.save(path)
        paths.append(str(path))
    damaged = folder / "damaged.ggm"
    damaged.write_bytes(Path(paths[0]).read_bytes()[:1000])
    return {"paths": paths, "damaged": str(damaged), "folder": folder}


def _scenarios() -> dict:
    return {**SCENARIOS, "one part-timer": {"staffing": one_parttimer_per_grid, "days": 2}}


def _serial_sweep(counties):
    return ggd.sweep([*counties["paths"], counties["damaged"]], _scenarios(), seeds=[3, 1], days=2, client="serial")


@pytest.fixture(scope="module")
def serial_sweep(counties):
    return _serial_sweep(counties)


@pytest.fixture(scope="module")
def local_cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0") as cluster:
        with distributed.Client(cluster) as client:
            client.wait_for_workers(2, timeout=120)
            yield client


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A scheduler and two workers, each its own process as on a real cluster, on 127.0.0.1 with
    free ports (the scheduler takes port 0 and writes its address to a file); torn down after."""
    distributed = pytest.importorskip("distributed")
    folder = tmp_path_factory.mktemp("dask")
    address_file = folder / "scheduler.json"
    # The workers import the same gridgov as this process (a source tree or an installed package)
    # and this test module (whose staffing functions travel by reference).
    package_root = str(Path(gg.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([package_root, str(HERE), os.environ.get("PYTHONPATH", "")]))
    log = open(folder / "dask.log", "wb")
    processes = []

    def start(*args: str) -> None:
        processes.append(subprocess.Popen([sys.executable, "-m", "dask", *args], env=env, stdout=log,
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=folder,
                                          start_new_session=True))

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(address_file))
        deadline = time.monotonic() + 60
        while not address_file.exists() or not address_file.read_text().strip():
            if time.monotonic() > deadline or processes[0].poll() is not None:
                pytest.fail(f"the dask scheduler did not start: {(folder / 'dask.log').read_text()[-2000:]}")
            time.sleep(0.2)
        time.sleep(0.2)  # the file is written whole, but give its writer a moment
        address = json.loads(address_file.read_text())["address"]
        for name in ("w0", "w1"):
            start("worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                  "--name", name, "--death-timeout", "60", "--local-directory", str(folder))
        with distributed.Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):  # workers first, then the scheduler
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
        log.close()


# ---- serial: the table's shape and meaning ------------------------------------------------------


def test_a_sweep_has_one_row_per_model_scenario_and_seed_in_order(serial_sweep, counties):
    table = serial_sweep.table
    models = [*counties["paths"], counties["damaged"]]
    expected = [(m, s, seed) for m in models for s in SCENARIOS for seed in (3, 1)]
    assert list(zip(table["model"], table["scenario"], table["seed"])) == expected
    assert table["seed"].dtype == np.int64
    worked = table[table["error_type"] == ""]
    assert len(worked) == 12 and (worked["events"] > 0).all()
    assert worked[["on_time_closure_rate", "grid_utilisation_mean", "county_seat_utilisation"]].notna().all().all()
    # each run is the same as gg.simulate with the scenario's arguments
    model = gg.Model.load(counties["paths"][1])
    busy = gg.simulate(model, days=3, seed=1, rates=1.5, threads=1)
    row = table[(table["model"] == counties["paths"][1]) & (table["scenario"] == "busy") & (table["seed"] == 1)].iloc[0]
    assert row["events"] == busy.kpis["events"] and row["on_time_closure_rate"] == busy.kpis["on_time_closure_rate"]
    staffed = gg.simulate(model, days=2, seed=3, staffing=one_parttimer_per_grid(model), threads=1)
    row = table[(table["model"] == counties["paths"][1]) & (table["scenario"] == "one part-timer")
                & (table["seed"] == 3)].iloc[0]
    assert row["grid_utilisation_mean"] == pytest.approx(staffed.grids["utilisation"].mean(), rel=1e-12)


def test_a_damaged_county_is_its_rows_and_the_others_are_complete(serial_sweep, counties):
    failed = serial_sweep.failures
    assert set(failed["model"]) == {counties["damaged"]} and len(failed) == 6
    assert (failed["error_type"] == "FormatError").all()
    assert failed["error"].str.contains("damaged.ggm").all()
    assert failed["events"].isna().all()


def test_the_summary_gives_means_and_95_percent_intervals(serial_sweep, counties):
    summary = serial_sweep.summary
    table = serial_sweep.table
    first = counties["paths"][0]
    row = summary[(summary["model"] == first) & (summary["scenario"] == "today")
                  & (summary["indicator"] == "on_time_closure_rate")].iloc[0]
    values = table[(table["model"] == first) & (table["scenario"] == "today")]["on_time_closure_rate"].to_numpy()
    assert row["runs"] == 2 and row["failed"] == 0
    assert row["mean"] == pytest.approx(values.mean())
    half = 12.706204736 * values.std(ddof=1) / np.sqrt(2)  # Student's t, 1 degree of freedom, 97.5 %
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((values.mean() - half, values.mean() + half))
    assert row["low"] <= row["mean"] <= row["high"]
    damaged = summary[summary["model"] == counties["damaged"]]
    assert (damaged["runs"] == 0).all() and (damaged["failed"] == 2).all() and damaged["mean"].isna().all()


def test_models_travel_as_bytes_and_urls_and_are_named(counties):
    county = gg.Model.load(counties["paths"][0])
    assert gg.Model.from_bytes(county.to_bytes()) == county
    with pytest.raises(gg.FormatError, match="in memory"):
        gg.Model.from_bytes(b"not a model", "in memory")
    pytest.importorskip("fsspec")  # URLs are read through fsspec, which comes with Dask
    url = Path(counties["paths"][0]).as_uri()
    result = ggd.sweep({"objects": county, "url": url}, seeds=[0], days=2, client="serial")
    assert list(result.table["model"]) == ["objects", "url"]
    assert (result.table["error_type"] == "").all()
    assert result.table["events"].iloc[0] == result.table["events"].iloc[1]
    assert list(ggd.sweep([county], seeds=1, days=1, client="serial").table["model"]) == ["model0"]


def test_scenarios_take_simulate_arguments_and_nothing_else(counties):
    one = counties["paths"][:1]
    policy = gg.EscalationPolicy.default()
    result = ggd.sweep(one, {"a": {"policy": policy, "parameters": {"rework_prob": 0.2}}, "b": {"rework_prob": 0.2}},
                       seeds=[5], days=2, client="serial")
    a, b = (row for _, row in result.table.drop(columns=["scenario"]).iterrows())
    pd.testing.assert_series_equal(a, b, check_names=False)
    for bad, match in [({"x": {"seed": 1}}, "seed"), ({"x": {"colour": 1}}, "colour"), ({"x": {"threads": 2}}, "threads"),
                       ({"x": {"parameters": {"colour": 1}}}, "colour"), ({"x": {"policy": 3}}, "policy"),
                       ({"x": {"staffing": 3}}, "staffing"), ({}, "non-empty"), ({"": {}}, "name")]:
        with pytest.raises(gg.InputError, match=match):
            ggd.sweep(one, bad, seeds=1, client="serial")
    # a value only the county can judge (a grid code it lacks) is that run's row
    odd = ggd.sweep(one, {"x": {"staffing": {"nowhere": {"fulltime": 1}}}}, seeds=1, days=1, client="serial")
    assert odd.table["error_type"].tolist() == ["UnknownCodeError"] and "nowhere" in odd.table["error"].iloc[0]


def test_bad_models_and_seeds_are_refused_before_any_work(counties):
    for models, match in [([], "empty"), ([3], "int"), ({"": counties["paths"][0]}, "name"),
                          ([counties["paths"][0]] * 2, "twice")]:
        with pytest.raises(gg.InputError, match=match):
            ggd.sweep(models, seeds=1, client="serial")
    for seeds, match in [([1, 1], "twice"), ([], "empty"), ([-1], "seeds"), ("12", "seeds"), (0, "seeds")]:
        with pytest.raises(gg.InputError, match=match):
            ggd.sweep(counties["paths"][:1], seeds=seeds, client="serial")
    with pytest.raises(gg.InputError, match="client"):
        ggd.sweep(counties["paths"][:1], seeds=1, client=3.5)


def test_draw_saves_each_plan_and_collects_the_findings(counties, tmp_path):
    result = ggd.draw([*counties["paths"], counties["damaged"]], out=tmp_path / "plans", client="serial", seed=2,
                      households=(200, 260))
    rows = result.counties
    assert list(rows["model"]) == [*counties["paths"], counties["damaged"]]
    assert rows["error_type"].tolist() == ["", "", "FormatError"]
    for path, row in zip(counties["paths"], rows.itertuples()):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", gg.InfeasibleWarning)
            plan = gg.draw_grids(gg.Model.load(path), seed=2, households=(200, 260))
        saved = gg.Model.load(row.output)
        assert saved == plan.apply()
        assert Path(row.output) == tmp_path / "plans" / Path(path).name
        assert row.grids == plan.grid_count() == saved.count("grid", "residential")
        assert row.moved_buildings == len(plan.moved) and row.caveats == (plan.quality["finding"].iloc[:-1] != "").sum()
    assert set(result.communities["model"]) == set(counties["paths"])
    assert {"community", "grids", "max_ratio", "in_band", "finding"} <= set(result.communities.columns)
    assert len(result.communities) == 4  # two communities in each county
    assert result.findings.equals(result.communities[result.communities["finding"] != ""])
    assert rows["grids"].dtype == "Int64" and pd.isna(rows["grids"].iloc[2])


def test_draw_refuses_what_draw_grids_does_not_take_and_clashing_outputs(counties, tmp_path):
    with pytest.raises(gg.InputError, match="colour"):
        ggd.draw(counties["paths"], out=tmp_path, client="serial", colour=1)
    with pytest.raises(gg.InputError, match="written to"):
        ggd.draw({"a/x": counties["paths"][0], "b/x": counties["paths"][1]}, out=tmp_path, client="serial")


# ---- on Dask: the same tables -------------------------------------------------------------------


def test_a_sweep_on_two_worker_processes_gives_the_serial_table(local_cluster, serial_sweep, counties):
    result = ggd.sweep([*counties["paths"], counties["damaged"]], _scenarios(), seeds=[3, 1], days=2,
                       client=local_cluster)
    pd.testing.assert_frame_equal(result.table, serial_sweep.table)
    pd.testing.assert_frame_equal(result.summary, serial_sweep.summary)
    assert result.timings["worker"].nunique() == 2  # both workers took part
    assert (result.timings["worker_peak_mb"] > 0).all()


def test_a_cluster_object_is_a_client_too(local_cluster, counties):
    on_cluster = ggd.sweep(counties["paths"][:1], seeds=[2], days=1, client=local_cluster.cluster)
    serial = ggd.sweep(counties["paths"][:1], seeds=[2], days=1, client="serial")
    pd.testing.assert_frame_equal(on_cluster.table, serial.table)
    with pytest.raises(gg.InputError, match="workers"):
        ggd.sweep(counties["paths"][:1], seeds=[2], days=1, client=local_cluster, workers=2)


def test_model_objects_go_to_the_cluster_once_as_bytes(local_cluster, counties):
    models = {f"c{i}": gg.Model.load(p) for i, p in enumerate(counties["paths"])}
    on_cluster = ggd.sweep(models, {"today": {}}, seeds=[0, 1], days=2, client=local_cluster)
    serial = ggd.sweep(models, {"today": {}}, seeds=[0, 1], days=2, client="serial")
    pd.testing.assert_frame_equal(on_cluster.table, serial.table)
    assert (on_cluster.table["error_type"] == "").all()


def test_draw_on_two_worker_processes_writes_the_serial_plans(local_cluster, counties, tmp_path):
    serial = ggd.draw(counties["paths"], out=tmp_path / "serial", client="serial", seed=1)
    parallel = ggd.draw([*counties["paths"], counties["damaged"]], out=tmp_path / "dask", client=local_cluster, seed=1)
    pd.testing.assert_frame_equal(parallel.counties.iloc[:2].drop(columns="output"), serial.counties.drop(columns="output"))
    pd.testing.assert_frame_equal(parallel.communities, serial.communities)
    assert parallel.counties["error_type"].iloc[2] == "FormatError"
    for name in ("county0.ggm", "county1.ggm"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "serial" / name).read_bytes()


def test_a_worker_that_dies_loses_only_its_rows(counties, tmp_path):
    """client=None starts (and closes) a LocalCluster; a worker process killed mid-run is the
    row of the run it held (KilledWorker), and every other run is complete."""
    pytest.importorskip("distributed")
    import dask

    models = {}
    for seed, path in enumerate(counties["paths"]):
        builder = gg.Model.load(path).edit()
        builder.set_metadata("test_seed", str(seed))
        models[f"c{seed}"] = str(tmp_path / f"c{seed}.ggm")
        builder.freeze().save(models[f"c{seed}"])
    scenarios = {"today": {}, "deadly": {"staffing": die_on_second_county}}
    # One task at a time per worker thread, and no retry: the deadly run fails at once, alone.
    # (Files, not Model objects: a run of a Model waits on the task holding its bytes, and such
    # tasks are handed to workers ahead of time, so a death would count against them too; with
    # Dask's default of 3 retries they would be rerun elsewhere, but not with none.)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}):
        result = ggd.sweep(models, scenarios, seeds=[0], days=1, client=None, workers=2)
    table = result.table.set_index(["model", "scenario"])
    assert table.loc[("c1", "deadly"), "error_type"] == "KilledWorker"
    others = table.drop(index=("c1", "deadly"))
    assert (others["error_type"] == "").all() and (others["events"] > 0).all()


def test_a_sweep_and_a_draw_on_a_real_scheduler(scheduler, serial_sweep, counties, tmp_path):
    result = ggd.sweep([*counties["paths"], counties["damaged"]], _scenarios(), seeds=[3, 1], days=2, client=scheduler)
    pd.testing.assert_frame_equal(result.table, serial_sweep.table)
    assert result.timings["worker"].str.startswith("tcp://127.0.0.1:").all()
    drawn = ggd.draw(counties["paths"], out=tmp_path / "plans", client=scheduler, seed=1)
    assert (drawn.counties["error_type"] == "").all()
    for path, output in zip(counties["paths"], drawn.counties["output"]):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", gg.InfeasibleWarning)
            assert gg.Model.load(output) == gg.draw_grids(gg.Model.load(path), seed=1).apply()
