"""Plots render (Chinese included, no missing glyphs) and the grid polygons are a clean map."""

import json
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import shapely  # noqa: E402
from shapely.geometry import shape  # noqa: E402

import gridgov as gg  # noqa: E402
from gridgov import geo, plot, report  # noqa: E402


@pytest.fixture(scope="module")
def county():
    return gg.datasets.seed_county(0)


def render_without_glyph_warnings(figure):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(__import__("io").BytesIO(), format="png", dpi=60)
    glyphs = [str(w.message) for w in caught if "glyph" in str(w.message).lower()
              or "missing from" in str(w.message).lower()]
    assert not glyphs, glyphs[:3]


def test_cjk_font_is_found():
    name = plot.cjk_font()
    assert name is not None and "CJK" in name or name in ("WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei")


def test_grid_map_of_the_county(county):
    households = county.nodes("household")
    figure = plot.grid_map(county, out_of_reach=households[:40])
    (ax,) = figure.axes
    title = ax.get_title()
    assert "网格示范县" in title and "238 个网格" in title
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("服务站 (15)" in t for t in legend)
    assert any("超出服务半径" in t for t in legend)
    # One filled area per grid (more for multi-part grids), in one collection.
    from matplotlib.collections import PathCollection

    areas = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_paths()) >= 238]
    assert len(areas) == 1 and len(set(map(tuple, areas[0].get_facecolors()))) >= 4
    render_without_glyph_warnings(figure)


def test_grid_map_with_redrawn_labels(county):
    table = plot.building_table(county)
    labels = table["community"].to_numpy()  # one "grid" per community
    figure = plot.grid_map(county, labels=labels, stations=False)
    assert "15 个网格" in figure.axes[0].get_title()
    render_without_glyph_warnings(figure)
    with pytest.raises(gg.InputError, match="one grid label per building"):
        plot.grid_map(county, labels=labels[:-1])


def test_grid_colours_differ_between_neighbours(county):
    colours = plot.grid_colours(county)
    table = plot.building_table(county)
    adjacency = county.adjacency("building").tocoo()
    g = table["grid"].to_numpy()
    a, b = g[adjacency.row], g[adjacency.col]
    cross = a != b
    assert cross.any()
    same = [colours[x] == colours[y] for x, y in zip(a[cross], b[cross])]
    assert not any(same)


def test_households_per_grid_against_band(county):
    figure = plot.households_per_grid(county, band=(150, 600))
    assert "100% 在区间内" in figure.axes[0].get_title()
    render_without_glyph_warnings(figure)
    render_without_glyph_warnings(plot.households_per_grid(county, what="workload"))
    loads = plot.grid_loads(county)
    assert loads["households"].sum() == 61_880 - _households_outside_residential(county)
    with pytest.raises(gg.InputError):
        plot.households_per_grid(county, what="people")


def _households_outside_residential(model):
    table = plot.building_table(model)
    return int(table.loc[table["grid"] == "", "households"].sum())


def test_reach_funnel_and_utilisation_charts():
    reach = pd.DataFrame({"300 m": [0.5, 0.2], "500 m": [0.8, 0.6], "1000 m": [1.0, 0.9]},
                         index=["东风社区", "红旗社区"])
    render_without_glyph_warnings(plot.reach_by_community(reach))
    kpis = {"events": 1000, "closed": 950, "resolved_in_grid_rate": 0.6, "resolved_in_compound_rate": 0.15,
            "resolved_in_community_rate": 0.15, "reached_county_rate": 0.05}
    counts = plot.funnel_counts(kpis)
    assert counts["grid"] == pytest.approx(600) and counts["open"] == pytest.approx(50)
    render_without_glyph_warnings(plot.escalation_funnel(kpis))
    events = pd.DataFrame({"closed_tier": ["grid", "grid", "community", "county", None],
                           "status": ["closed", "closed", "closed", "closed", "open"]})
    counts = plot.funnel_counts(events)
    assert (counts["events"], counts["grid"], counts["community"], counts["county"], counts["open"]) == (5, 2, 1, 1, 1)
    workers = pd.DataFrame({"utilisation": [0.2, 0.5, 0.9, 0.4], "subkind": ["fulltime", "fulltime", "parttime", "parttime"]})
    render_without_glyph_warnings(plot.worker_utilisation(workers))
    with pytest.raises(gg.InputError):
        plot.escalation_funnel({"nothing": 1})
    with pytest.raises(gg.InputError):
        plot.reach_by_community(pd.DataFrame({"300 m": [1.5]}))


def check_polygons(collection, model):
    """Valid, non-overlapping polygons that cover every building of their grid (in lon/lat)."""
    features = collection["features"]
    geoms = [shape(f["geometry"]) for f in features]
    assert all(g.is_valid and g.geom_type in ("Polygon", "MultiPolygon") and g.area > 0 for g in geoms)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    for i, j in zip(left, right):
        if i < j:
            overlap = geoms[i].intersection(geoms[j]).area
            assert overlap <= 1e-9 * min(geoms[i].area, geoms[j].area), (features[i]["properties"]["code"],
                                                                         features[j]["properties"]["code"])
    table = plot.building_table(model)
    lon, lat = geo.from_local(table["x"], table["y"], float(model.metadata["origin_lon"]),
                              float(model.metadata["origin_lat"]))
    by_code = {f["properties"]["code"]: g for f, g in zip(features, geoms)}
    for grid, group in table[table["grid"] != ""].groupby("grid"):
        poly = by_code[grid]
        points = shapely.points(lon[group.index], lat[group.index])
        assert shapely.covers(poly, points).all(), grid
    return features


def test_geojson_of_the_county(county, tmp_path):
    path = report.write_geojson(county, tmp_path / "grids.geojson")
    collection = json.loads(open(path, encoding="utf-8").read())
    features = check_polygons(collection, county)
    assert len(features) == 238
    props = features[0]["properties"]
    assert set(props) >= {"code", "name", "community", "households", "worker"}
    assert props["worker"] is not None and props["worker"].startswith(props["community"])
    assert sum(f["properties"]["households"] for f in features) == 61_880 - _households_outside_residential(county)
    # Landed near the documented origin (Deqing, Zhejiang).
    lon, lat = shape(features[0]["geometry"]).centroid.coords[0]
    assert abs(lon - 119.968) < 0.05 and abs(lat - 30.539) < 0.05


def test_geojson_without_origin_is_a_clear_error():
    frame = pd.DataFrame({"building": ["a", "b", "c"], "community": "c", "x": [0, 50, 0.0], "y": [0, 0, 50.0],
                          "households": 10, "grid": "g"})
    model = gg.from_buildings(frame, crs="local")
    with pytest.raises(gg.InputError, match="origin"):
        report.grids_geojson(model)
    collection = report.grids_geojson(model, origin=(120.0, 30.0))
    assert len(collection["features"]) == 1


def test_the_glyph_check_can_fail():
    fig, ax = plt.subplots()
    ax.set_title("网格", fontfamily="DejaVu Sans")
    with pytest.raises(AssertionError):
        render_without_glyph_warnings(fig)
    plt.close(fig)


def test_axes_made_by_the_caller_render_chinese(county):
    """Titles and labels of axes created outside gridgov (the notebook habit) get the CJK font."""
    fig, axes = plt.subplots(2, 1)
    plot.households_per_grid(county, ax=axes[0])
    plot.escalation_funnel({"events": 10, "closed": 10, "resolved_in_grid_rate": 1.0}, ax=axes[1])
    render_without_glyph_warnings(fig)
    plt.close(fig)


def test_geojson_of_a_planners_irregular_buildings():
    from test_workbench_buildings import as_crs, synthetic_county

    frame = synthetic_county(seed=5, communities=3, compounds=6, per_compound=9)
    model = gg.from_buildings(as_crs(frame, "bd09"), crs="bd09", county_code="410102")
    features = check_polygons(report.grids_geojson(model), model)
    assert len(features) == frame["grid"].nunique()


def test_grid_map_of_one_district_of_a_city():
    """within=: only the district's buildings and grids, titled with its name."""
    city = gg.from_buildings(gg.datasets.city_buildings(120, seed=0), crs="bd09")
    city = gg.draw_grids(city).apply()
    districts = city.codes(city.nodes("county"))
    assert len(districts) == 2
    title = gg.plot.grid_map(city, within=districts[1], boundaries=False).axes[0].get_title()
    assert city.name(districts[1]) in title
    in_district = set(city.descendants(districts[1], "community"))
    table = gg.plot.building_table(city)
    expected_grids = table[table["community"].isin(in_district)]["grid"].nunique()
    assert f"{expected_grids} 个网格" in title
    with pytest.raises(gg.InputError):
        gg.plot.grid_map(city, within=city.codes(city.nodes("household")[:1])[0])


def test_plots_leave_no_pyplot_state_and_show_themselves(county):
    """Issue 16 §3: figures made without pyplot (nothing left open, nothing to close), each a
    PNG as a notebook cell's value; with ``ax=`` the caller's figure comes back."""
    plt.close("all")
    reach = pd.DataFrame({"300 m": [0.5], "1000 m": [0.9]}, index=["东风社区"])
    kpis = {"events": 10, "closed": 9, "resolved_in_grid_rate": 0.6, "reached_county_rate": 0.1}
    workers = pd.DataFrame({"utilisation": [0.2, 0.5]})
    figures = [plot.grid_map(county), plot.households_per_grid(county), plot.reach_by_community(reach),
               plot.escalation_funnel(kpis), plot.worker_utilisation(workers)]
    assert plt.get_fignums() == []
    for figure in figures:
        assert isinstance(figure, matplotlib.figure.Figure) and len(figure.axes) == 1
        assert figure._repr_png_().startswith(b"\x89PNG")
    figure, axes = plot.subplots(2, 1, figsize=(6, 5))
    assert plot.households_per_grid(county, ax=axes[0]) is figure
    assert plot.worker_utilisation(workers, ax=axes[1]) is figure
    assert plt.get_fignums() == []
    # Chinese text the caller adds afterwards, in matplotlib's default font, still renders.
    figures[3].axes[0].set_title("我的标题")
    figures[3].axes[0].legend(["网格"])
    render_without_glyph_warnings(figures[3])
    own, ax = plt.subplots()  # a caller's pyplot axes: drawn on, its figure returned, left open
    assert plot.escalation_funnel(kpis, ax=ax) is own and plt.get_fignums() == [own.number]
    plt.close(own)
