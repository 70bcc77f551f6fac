"""The files planners already have (issue 16 §2): Excel workbooks and GIS layers in, with EPSG
coordinate systems through pyproj; tables out as .xlsx on request; GeoDataFrames both ways."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pandas as pd
import pytest

import gridgov as gg
from gridgov import cli, files

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def city() -> pd.DataFrame:
    return gg.datasets.city_buildings(2, seed=0)


def test_an_excel_workbook_gives_the_model_its_csv_gives(tmp_path, city):
    city.to_csv(tmp_path / "楼栋.csv", index=False)
    city.to_excel(tmp_path / "楼栋.xlsx", index=False, sheet_name="楼栋表")
    from_csv = gg.from_buildings(tmp_path / "楼栋.csv", crs="bd09")
    from_excel = gg.from_buildings(str(tmp_path / "楼栋.xlsx"), crs="bd09")
    assert from_excel.summary() == from_csv.summary()
    np.testing.assert_array_equal(from_excel.x, from_csv.x)
    assert from_excel.metadata["source"] == "楼栋.xlsx (sheet 楼栋表)"


def test_excel_rows_are_named_as_the_spreadsheet_numbers_them(tmp_path, city):
    bad = city.copy()
    bad.loc[3, "households"] = -4  # spreadsheet row 5 (header = row 1)
    bad.to_excel(tmp_path / "bad.xlsx", index=False)
    with pytest.raises(gg.InputError, match=r"row 5\b") as error:
        gg.from_buildings(tmp_path / "bad.xlsx", crs="bd09")
    assert [p.row for p in error.value.problems] == [5]


def test_excel_refusals_say_what_to_do(tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(gg.InputError, match=r"save the sheet as \.xlsx"):
        gg.from_buildings(tmp_path / "old.xls")
    openpyxl.Workbook().save(tmp_path / "empty.xlsx")
    with pytest.raises(gg.InputError, match="the sheet is empty"):
        gg.from_buildings(tmp_path / "empty.xlsx")
    with pytest.raises(gg.InputError, match="no sheet 'x'"):
        files.read_excel(tmp_path / "empty.xlsx", sheet="x")
    with pytest.raises(gg.FormatError, match="is an Excel workbook"):
        gg.Model.load(tmp_path / "empty.xlsx")


def test_the_cli_reads_excel_and_writes_xlsx_on_request(tmp_path, city, capsys):
    city.to_excel(tmp_path / "楼栋.xlsx", index=False)
    assert cli.main(["info", str(tmp_path / "楼栋.xlsx"), "--crs", "bd09"]) == 0
    assert f"{len(city):,}" in capsys.readouterr().out
    assert cli.main(["draw-grids", str(tmp_path / "楼栋.xlsx"), "--crs", "bd09", "--quiet",
                     "--labels", str(tmp_path / "labels.xlsx")]) == 0
    shown = capsys.readouterr().out
    assert "..." not in shown and "max_ratio" in shown and "in_band" in shown   # the table printed whole
    labels = pd.read_excel(tmp_path / "labels.xlsx")
    assert len(labels) == len(city) and {"code", "grid"} <= set(labels.columns)
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".partial")]


def test_write_table_leaves_nothing_half_written(tmp_path):
    class Broken(pd.DataFrame):
        def to_csv(self, *args, **kwargs):
            open(args[0], "w").write("half")
            raise OSError("disk full")

    with pytest.raises(OSError):
        files.write_table(Broken({"a": [1]}), tmp_path / "t.csv")
    assert os.listdir(tmp_path) == []
    files.write_table(pd.DataFrame({"网格": ["第1网格"]}), tmp_path / "t.xlsx")
    assert pd.read_excel(tmp_path / "t.xlsx")["网格"].tolist() == ["第1网格"]


# ---- GIS ---------------------------------------------------------------------------------------

gpd = pytest.importorskip("geopandas")
pytest.importorskip("pyproj")


@pytest.fixture(scope="module")
def footprints(city):
    """The city's buildings as 20 m squares in CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547)."""
    from shapely.geometry import box

    lon, lat = gg.geo.to_wgs84(city["lon"].to_numpy(), city["lat"].to_numpy(), "bd09")
    centres = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=4490).to_crs(4547)
    squares = [box(p.x - 10, p.y - 10, p.x + 10, p.y + 10) for p in centres]
    return gpd.GeoDataFrame(city.drop(columns=["lon", "lat"]), geometry=squares, crs=4547)


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".shp"])
def test_gis_footprints_in_a_projected_cgcs2000_zone(tmp_path, city, footprints, suffix):
    path = tmp_path / f"楼栋{suffix}"
    footprints.to_file(path, **({"encoding": "utf-8"} if suffix == ".shp" else {}))
    model = gg.from_buildings(path)   # the layer's own CRS, no crs= needed
    reference = gg.from_buildings(city, crs="bd09")
    assert model.summary() == reference.summary()
    # Centroids land where the Baidu coordinates say, within centimetres (CGCS2000 ~ WGS-84).
    a = model.to_geopandas("building").to_crs(4547)
    b = reference.to_geopandas("building").to_crs(4547)
    assert a.geometry.geom_type.eq("Polygon").all() and b.geometry.geom_type.eq("Point").all()
    assert np.abs(a.geometry.centroid.distance(b.geometry, align=False)).max() < 0.05
    assert abs(a.geometry.area.mean() - 400) < 1   # the footprint is kept, 20 m x 20 m


def test_points_in_baidu_lon_lat_and_geodataframes(tmp_path, city):
    points = gpd.GeoDataFrame(city.drop(columns=["lon", "lat"]),
                              geometry=gpd.points_from_xy(city["lon"], city["lat"]), crs=4326)
    points.to_file(tmp_path / "pts.geojson")
    reference = gg.from_buildings(city, crs="bd09")
    assert gg.from_buildings(tmp_path / "pts.geojson", crs="bd09").summary() == reference.summary()
    model = gg.from_geopandas(points, crs="bd09")
    np.testing.assert_allclose(model.x, reference.x, atol=1e-6)
    # Grid polygons come back in lon/lat too. The city's table names no grids (the check on
    # them used to sit behind `if` and never ran), so the planner's draw makes some.
    assert reference.count("grid") == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gg.InfeasibleWarning)  # a community outside ±5 % says why
        planned = gg.draw_grids(reference).apply()
    grids = planned.to_geopandas("grid")
    assert grids.crs.to_epsg() == 4326 and len(grids) == planned.count("grid") > 0
    assert set(grids.geom_type) <= {"Polygon", "MultiPolygon"}


def test_a_table_in_an_epsg_coordinate_system(tmp_path, city):
    lon, lat = gg.geo.to_wgs84(city["lon"].to_numpy(), city["lat"].to_numpy(), "bd09")
    import pyproj

    x, y = pyproj.Transformer.from_crs(4490, 4547, always_xy=True).transform(lon, lat)
    table = city.drop(columns=["lon", "lat"]).assign(X坐标=x, Y坐标=y)
    table.to_csv(tmp_path / "gk.csv", index=False)
    model = gg.from_buildings(tmp_path / "gk.csv", crs="EPSG:4547")
    reference = gg.from_buildings(city, crs="bd09")
    np.testing.assert_allclose(model.x, reference.x, atol=0.05)
    assert gg.from_buildings(city.assign(lon=lon, lat=lat), crs=4490).summary() == reference.summary()
    with pytest.raises(gg.InputError, match="needs the columns x/y"):
        gg.from_buildings(city, crs="EPSG:4547")
    with pytest.raises(gg.InputError, match="no such EPSG"):
        gg.from_buildings(city, crs="EPSG:999999")


def test_the_seed_county_as_geodataframes():
    county = gg.datasets.seed_county(0)
    buildings = county.to_geopandas("building")
    assert len(buildings) == county.count("building") and buildings.crs.to_epsg() == 4326
    assert buildings.geometry.geom_type.eq("Point").all()
    grids = county.to_geopandas("grid")
    assert len(grids) > 200 and grids.geometry.is_valid.all()
