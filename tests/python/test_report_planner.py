"""Issue 6 §4: a planner's CSV with BD-09 coordinates goes through from_buildings -> draw grids
-> report, and the published grids are a clean map of WGS-84 polygons."""

import json

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

import gridgov as gg
from gridgov import cli, geo


def planner_table(path):
    """Three communities of compounds, Chinese headers, Baidu coordinates, saved as GBK."""
    rng = np.random.default_rng(11)
    rows = []
    for c, community in enumerate(["东风社区", "红旗社区", "幸福村"]):
        for k in range(9):
            for b in range(int(rng.integers(6, 14))):
                x = c * 1400 + (k % 3) * 260 + rng.uniform(-80, 80)
                y = (k // 3) * 260 + rng.uniform(-80, 80)
                rows.append({"楼栋": f"{c}{k:02d}{b:02d}", "社区": community, "小区": f"{community}{k + 1}区",
                             "x": x, "y": y, "户数": int(rng.integers(20, 70)), "网格": f"{community}{k // 3 + 1}格"})
    frame = pd.DataFrame(rows)
    lon, lat = geo.from_local(frame.pop("x"), frame.pop("y"), 118.78, 32.04)
    frame["经度"], frame["纬度"] = (np.round(v, 7) for v in geo.from_wgs84(lon, lat, "bd09"))
    frame.to_csv(path, index=False, encoding="gbk")
    return frame, lon, lat


def test_bd09_csv_to_redrawn_grids_to_report(tmp_path):
    path = tmp_path / "楼栋.csv"
    frame, true_lon, true_lat = planner_table(path)
    out = tmp_path / "report"
    assert cli.main(["report", str(path), "--crs", "bd09", "--redraw", "--out", str(out), "--quiet"]) == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "网格分布图" in html and html.count("data:image/png;base64,") >= 3
    codes = {"grid": str, "community": str, "code": str}  # codes are digits: keep them text
    # The report shows the planner's grids as they are (3 per community) ...
    today = pd.read_csv(out / "grids.csv", encoding="utf-8-sig", dtype=codes)
    assert len(today) == 9 and today["households"].sum() == frame["户数"].sum()
    # ... and the redraw beside them: grids of 300-500 households inside communities (the
    # communities hold 1,100-2,300).
    grids = pd.read_csv(out / "proposal_grids.csv", encoding="utf-8-sig", dtype=codes)
    assert grids["households"].sum() == frame["户数"].sum()
    assert (grids["households"].between(300, 500)).mean() >= 0.8
    buildings = pd.read_csv(out / "proposal_buildings.csv", encoding="utf-8-sig", dtype=codes)
    assert set(grids["community"]) == set(buildings["community"])
    # WGS-84 positions of the buildings in the report match the true ones (not Baidu's offset).
    d = geo.geodesic_distance(buildings["lon"], buildings["lat"], true_lon, true_lat)
    assert d.max() < 0.05
    # The published map: valid, non-overlapping polygons covering every building of their grid.
    collection = json.loads((out / "proposal_grids.geojson").read_text(encoding="utf-8"))
    features = collection["features"]
    assert len(features) == len(grids)
    polys = {f["properties"]["code"]: shape(f["geometry"]) for f in features}
    assert all(p.is_valid and p.area > 0 for p in polys.values())
    geoms = list(polys.values())
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    assert all(geoms[i].intersection(geoms[j]).area <= 1e-9 * geoms[i].area for i, j in zip(left, right) if i < j)
    for grid, group in buildings.groupby("grid"):
        assert shapely.covers(polys[grid], shapely.points(group["lon"], group["lat"])).all()


def test_a_city_report_has_a_district_table_and_a_map_per_district(tmp_path):
    city = gg.from_buildings(gg.datasets.city_buildings(120, seed=0), crs="bd09")
    city = gg.draw_grids(city).apply()
    written = gg.report.planner_report(city, tmp_path / "city")
    districts = pd.read_csv(written["districts"], encoding="utf-8-sig", dtype={"district": str})
    assert len(districts) == 2
    assert districts["households"].sum() == city.summary()["households"]
    assert districts["residential_grids"].sum() == city.summary()["residential_grids"]
    assert districts["communities"].sum() == 120
    html = (tmp_path / "city" / "report.html").read_text(encoding="utf-8")
    for name in districts["name"]:
        assert f"{name} 网格分布图" in html


def test_a_city_evaluation_has_tables_by_street_and_district_in_the_report(tmp_path):
    city = gg.from_buildings(gg.datasets.city_buildings(120, seed=0), crs="bd09")
    city = gg.draw_grids(city).apply()
    week = gg.simulate(city, days=5, seed=0)
    evaluation = gg.evaluate(week.events, week.transitions, model=city)
    assert len(evaluation.by_district) == 2 and len(evaluation.by_street) == 12
    assert evaluation.by_district["events"].sum() == evaluation.by_community["events"].sum() == len(week.events)
    assert evaluation.by_street["closed"].sum() == evaluation.by_community["closed"].sum()
    # The rates of a district are its own counts' rates, not an average of its communities'.
    d = evaluation.by_district.iloc[0]
    assert d["结案率"] == pytest.approx(100 * d["closed"] / d["due"])
    written = gg.report.planner_report(city, tmp_path / "city", simulation=week, evaluation=evaluation)
    assert {"indicators_by_district", "indicators_by_street", "indicators_by_community"} <= set(written)
    html = (tmp_path / "city" / "report.html").read_text(encoding="utf-8")
    assert "各区县指标与等级" in html and "lowest-scoring of 120" in html
