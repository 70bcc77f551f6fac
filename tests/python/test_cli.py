"""The gridgov command line: the demo report, subcommands, and one-line errors."""

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import gridgov as gg
from gridgov import cli, geo

SUBCOMMANDS = ["demo", "info", "audit", "draw-grids", "reach", "simulate", "route", "report"]


def run(*args, cwd=None):
    """The CLI in a fresh interpreter, as a planner runs it."""
    env = dict(os.environ)
    # The same gridgov this test imported (installed, or the source tree with GRIDGOV_CORE_DIR).
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(gg.__file__)))
    env["PYTHONPATH"] = os.pathsep.join([package_parent, env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "gridgov.cli", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=600)


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: gridgov " + command in capsys.readouterr().out


def test_no_command_prints_help(capsys):
    assert cli.main([]) == 2
    assert "COMMAND" in capsys.readouterr().out


def test_demo_writes_the_report(tmp_path):
    out = tmp_path / "demo"
    result = run("demo", "--out", str(out), "--days", "30")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "[1/" in result.stderr  # progress on the terminal
    assert "wrote:" in result.stdout and str(out / "report.html") in result.stdout
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") >= 3
    assert "网格分布图" in html
    # The county as it is (issue 12 §1): its 238 residential grids, each with its full-time worker.
    collection = json.loads((out / "grids.geojson").read_text(encoding="utf-8"))
    grids = pd.read_csv(out / "grids.csv", encoding="utf-8-sig")
    county = gg.datasets.seed_county(0)
    assert len(collection["features"]) == len(grids) == county.summary()["residential_grids"] == 238
    assert grids["households"].sum() == 61_880
    assert all(f["properties"]["worker"] for f in collection["features"])
    assert "现状 as it is" in html and "方案 Proposal" in html
    # The redraw into the 300-500 band is a proposal beside it, with its own map and staffing.
    proposal = json.loads((out / "proposal_grids.geojson").read_text(encoding="utf-8"))
    proposed = pd.read_csv(out / "proposal_grids.csv", encoding="utf-8-sig")
    assert len(proposal["features"]) == len(proposed) < 238
    assert proposed["households"].between(300, 500).mean() >= 0.9
    assert all(f["properties"]["worker"] for f in proposal["features"])
    comparison = pd.read_csv(out / "proposal_comparison.csv", encoding="utf-8-sig", index_col=0)
    assert comparison.iloc[0].tolist() == ["238", str(len(proposed))]
    # Nothing deleted silently: the full-time workers the redraw leaves over are listed.
    surplus = pd.read_csv(out / "proposal_surplus_workers.csv", encoding="utf-8-sig")
    assert len(surplus) == 238 - len(proposed)
    # ... and the incremental rebalancing keeps today's 238 grids.
    incremental = pd.read_csv(out / "proposal_incremental_grids.csv", encoding="utf-8-sig")
    assert len(incremental) == 238 and incremental["households"].sum() == 61_880
    for name in ("events.csv", "kpis.csv", "workers.csv", "indicators_by_community.csv", "reach_by_community.csv",
                 "audit.csv"):
        assert (out / name).exists(), name
    assert "No events" not in html and "Reach was not computed" not in html
    assert "proposal:" in result.stdout and "结案率" in result.stdout


def test_errors_are_one_line_without_traceback(tmp_path):
    result = run("info", str(tmp_path / "missing.csv"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gridgov: error:") and "missing.csv" in lines[0]
    bad = tmp_path / "bad.csv"
    bad.write_text("building,community,lon,lat,households\nB1,C,116.4,39.9,-3\nB1,C,116.4,39.9,x\n", encoding="utf-8")
    result = run("info", str(bad))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "row 2" in lines[0] and "row 3" in lines[0]
    result = run("info", "county:abc")
    assert result.returncode == 1 and "seed" in result.stderr
    result = run("info", "county", "--crs", "utm")
    assert result.returncode == 2 and "unknown coordinate system 'utm'" in result.stderr


def planner_csv(path, crs="bd09"):
    """A planner's CSV with Chinese headers, saved as GBK, in Baidu coordinates."""
    rng = np.random.default_rng(3)
    rows = []
    for c in range(2):
        for k in range(5):
            for b in range(8):
                x, y = c * 1200 + k * 200 + rng.uniform(-60, 60), (k % 2) * 200 + rng.uniform(-60, 60)
                rows.append({"楼栋": f"{c}-{k}-{b}", "社区": ["东风社区", "红旗社区"][c], "小区": f"小区{c}{k}",
                             "x": x, "y": y, "户数": int(rng.integers(30, 90)), "网格": f"第{k // 3 + 1}网格"})
    frame = pd.DataFrame(rows)
    lon, lat = geo.from_local(frame.pop("x"), frame.pop("y"), 120.15, 30.28)
    frame["经度"], frame["纬度"] = geo.from_wgs84(lon, lat, crs)
    frame.to_csv(path, index=False, encoding="gbk")
    return frame


def test_info_and_report_on_a_planners_csv(tmp_path):
    path = tmp_path / "楼栋表.csv"
    frame = planner_csv(path)
    result = run("info", str(path), "--crs", "bd09", "--save", str(tmp_path / "model.ggm"))
    assert result.returncode == 0, result.stderr
    assert "buildings" in result.stdout and f"{len(frame):,}" in result.stdout
    reloaded = gg.Model.load(tmp_path / "model.ggm")
    assert reloaded.summary()["buildings"] == len(frame)
    out = tmp_path / "report"
    result = run("report", str(path), "--crs", "bd09", "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert (out / "report.html").exists() and (out / "grids.geojson").exists()
    collection = json.loads((out / "grids.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["name"] for f in collection["features"]} == {"第1网格", "第2网格"}
    lon, lat = collection["features"][0]["geometry"]["coordinates"][0][0][0] if \
        collection["features"][0]["geometry"]["type"] == "MultiPolygon" else \
        collection["features"][0]["geometry"]["coordinates"][0][0]
    assert abs(lon - 120.15) < 0.05 and abs(lat - 30.28) < 0.05  # WGS-84, not Baidu's offset


def test_subcommands_on_the_county(tmp_path, capsys):
    assert cli.main(["draw-grids", "county", "--quiet", "--labels", str(tmp_path / "labels.csv"),
                     "--geojson", str(tmp_path / "g.geojson")]) == 0
    labels = pd.read_csv(tmp_path / "labels.csv", encoding="utf-8-sig")
    assert len(labels) == gg.datasets.seed_county(0).count("building")
    per_grid = labels.groupby("grid")["households"].sum()
    assert per_grid.between(300, 500).mean() >= 0.9
    assert len(json.loads((tmp_path / "g.geojson").read_text(encoding="utf-8"))["features"]) == len(per_grid)
    capsys.readouterr()
    assert cli.main(["reach", "county", "--out", str(tmp_path / "reach.csv")]) == 0
    out = capsys.readouterr().out
    assert "300 m" in out and "households" in out
    reach = pd.read_csv(tmp_path / "reach.csv", encoding="utf-8-sig")
    assert len(reach) == 61_880 and reach["distance"].notna().all()
    assert cli.main(["simulate", "county", "--days", "3", "--quiet", "--out", str(tmp_path / "sim")]) == 0
    events = pd.read_csv(tmp_path / "sim" / "events.csv", encoding="utf-8-sig")
    assert len(events) > 100 and "closure_rate" in capsys.readouterr().out
    household = gg.datasets.seed_county(0).codes([gg.datasets.seed_county(0).nodes("household")[0]])[0]
    assert cli.main(["route", "county", household, "ZZ01"]) == 0
    assert "L0" in capsys.readouterr().out
    assert cli.main(["route", "county", household, "NOPE"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("gridgov: error:") and "NOPE" in err and len(err.strip().splitlines()) == 1


def test_report_on_an_event_log(tmp_path, capsys):
    """A platform's event log (here the simulator's CSVs) read back, evaluated and reported."""
    assert cli.main(["simulate", "county", "--days", "2", "--quiet", "--out", str(tmp_path / "log")]) == 0
    out = tmp_path / "report"
    assert cli.main(["report", "county", "--events", str(tmp_path / "log" / "events.csv"),
                     "--transitions", str(tmp_path / "log" / "transitions.csv"), "--out", str(out), "--quiet"]) == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "No events" not in html and (out / "indicators_by_community.csv").exists()
    indicators = pd.read_csv(out / "indicators_by_community.csv", encoding="utf-8-sig")
    assert set(indicators["grade"]) <= set("ABCDE") and indicators["events"].sum() > 0


def test_report_on_buildings_without_grids_proposes_them(tmp_path):
    """A city's buildings with no grid column: the as-is report says it has no grids yet, and
    the redraw proposal draws them (every building in a grid, households kept)."""
    table = gg.datasets.city_buildings(4, seed=1)
    path = tmp_path / "city.csv"
    table.to_csv(path, index=False)
    out = tmp_path / "report"
    assert cli.main(["report", str(path), "--crs", "bd09", "--redraw", "--out", str(out), "--quiet"]) == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "The model has no grids yet" in html and "方案 Proposal" in html
    proposed = pd.read_csv(out / "proposal_buildings.csv", encoding="utf-8-sig", dtype={"grid": str})
    assert len(proposed) == len(table) and (proposed["grid"].fillna("") != "").all()
    assert proposed["households"].sum() == table["households"].sum()


def _leftovers(folder):
    return sorted(p.name for p in folder.rglob("*") if ".partial" in p.name)


def test_a_failed_report_says_which_step_and_leaves_no_half_report(tmp_path, capsys, monkeypatch):
    """Issue 16 §3: a step that fails says why; the report folder is written whole or not at all."""
    def broken(*args, **kwargs):
        raise RuntimeError("the chart broke")

    monkeypatch.setattr(gg.plot, "households_per_grid", broken)  # after the map, grids.geojson and grids.csv
    out = tmp_path / "report"
    assert cli.main(["report", "county", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "writing the report … failed\n" in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("gridgov: error: writing the report failed: RuntimeError: the chart broke")
    assert "GRIDGOV_DEBUG" in last and f"nothing written, {out} left as it was" in last
    assert not out.exists() and _leftovers(tmp_path) == []
    # An earlier report in the folder stays as it was, next to the planner's own files.
    out.mkdir()
    (out / "report.html").write_text("last week's", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert cli.main(["report", "county", "--out", str(out), "--quiet"]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "report.html"]
    assert (out / "report.html").read_text(encoding="utf-8") == "last week's" and _leftovers(tmp_path) == []
    monkeypatch.undo()
    assert cli.main(["report", "county", "--out", str(out), "--quiet"]) == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert "last week's" not in (out / "report.html").read_text(encoding="utf-8")
    assert (out / "grids.csv").exists() and _leftovers(tmp_path) == []


def test_draw_grids_writes_all_its_files_or_none(tmp_path, capsys, monkeypatch):
    def no_map(*args, **kwargs):
        raise gg.InputError("no building has coordinates")

    monkeypatch.setattr(gg.plot, "grid_map", no_map)
    files = {flag: tmp_path / name for flag, name in (("--labels", "labels.xlsx"), ("--save", "county.ggm"),
                                                      ("--geojson", "grids.geojson"), ("--map", "map.png"))}
    argv = ["draw-grids", "county"] + [a for flag, path in files.items() for a in (flag, str(path))]
    assert cli.main(argv) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("gridgov: error: writing the grid of every building, the redrawn model, the grid "
                           "polygons, the grid map failed: no building has coordinates; nothing written")
    assert "Error:" not in last  # bad input is said plainly, without a type name
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    assert cli.main(argv + ["--quiet"]) == 0
    assert all(path.stat().st_size > 0 for path in files.values()) and _leftovers(tmp_path) == []
    assert gg.Model.load(str(files["--save"])).count("grid") > 100
    assert files["--map"].read_bytes().startswith(b"\x89PNG")


def test_staging_writes_whole_or_not_at_all(tmp_path):
    from gridgov._staging import Together, replacing, staged_folder

    target = tmp_path / "table.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(ZeroDivisionError) as caught:
        with replacing(target) as partial:
            partial.write_text("half", encoding="utf-8")
            1 / 0
    assert target.read_text(encoding="utf-8") == "old" and caught.value.gridgov_not_written == [str(target)]
    with pytest.raises(OSError, match="b.csv was not produced"):
        with Together() as together:
            together.path(tmp_path / "a.csv").write_text("a", encoding="utf-8")
            together.path(tmp_path / "b.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]
    with staged_folder(tmp_path / "new" / "out") as stage:
        os.makedirs(os.path.join(stage, "sub"))
        open(os.path.join(stage, "sub", "x.csv"), "w").close()
    assert (tmp_path / "new" / "out" / "sub" / "x.csv").exists() and _leftovers(tmp_path) == []


def test_a_table_in_china_without_crs_asks_for_it(tmp_path):
    # Issue 16 §2: not silently WGS-84; aliases as planners name their maps.
    path = tmp_path / "楼栋表.csv"
    planner_csv(path)
    result = run("info", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "--crs baidu (BD-09)" in result.stderr and "--crs gaode (GCJ-02" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    for crs in ("baidu", "BD-09"):
        assert cli.main(["info", str(path), "--crs", crs]) == 0
