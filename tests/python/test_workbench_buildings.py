"""from_buildings: a planner's buildings table (any map's coordinates) becomes a model."""

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

import gridgov as gg
from gridgov import geo
from gridgov.buildings import delaunay_adjacency, from_buildings

ORIGIN = (113.62, 34.75)


def synthetic_county(seed=0, communities=3, compounds=4, per_compound=6):
    """Buildings in metres: compounds of a few buildings, communities side by side."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(communities):
        for k in range(compounds):
            cx, cy = c * 1500 + k * 300, (k % 2) * 250
            for b in range(per_compound):
                rows.append(dict(building=f"B{c}{k}{b}", community=f"社区{c}", compound=f"小区{c}-{k}",
                                 x=cx + rng.uniform(-80, 80), y=cy + rng.uniform(-80, 80),
                                 households=int(rng.integers(20, 120)), residents=int(rng.integers(60, 300)),
                                 elderly_alone=int(rng.integers(0, 5)), grid=f"网格{c}-{k // 2}"))
    return pd.DataFrame(rows)


def as_crs(frame, crs):
    lon, lat = geo.from_local(frame["x"], frame["y"], *ORIGIN)
    lon, lat = geo.from_wgs84(lon, lat, crs)
    return frame.drop(columns=["x", "y"]).assign(lon=lon, lat=lat)


@pytest.mark.parametrize("crs", ["wgs84", "gcj02", "bd09"])
def test_coordinates_from_any_map_land_in_the_same_place(crs):
    frame = synthetic_county()
    model = from_buildings(as_crs(frame, crs), crs=crs, county_code="410102")
    meta = model.metadata
    assert meta["source_crs"] == crs and meta["crs"] == "local-metres"
    b = model.to_frame("building")
    # Back to WGS-84 through the stored origin: within 1 mm of where the buildings are.
    lon, lat = geo.from_local(b["x"], b["y"], float(meta["origin_lon"]), float(meta["origin_lat"]))
    true_lon, true_lat = geo.from_local(frame["x"], frame["y"], *ORIGIN)
    d = geo.geodesic_distance(lon, lat, true_lon, true_lat)
    assert d.max() < 1e-3
    # Distances between buildings are kept (projection through another origin: < 1e-5 relative).
    i, j = 0, len(frame) - 1
    planar = np.hypot(b["x"][i] - b["x"][j], b["y"][i] - b["y"][j])
    assert abs(planar / np.hypot(*(frame[["x", "y"]].iloc[i] - frame[["x", "y"]].iloc[j])) - 1) < 1e-5


def test_hierarchy_codes_and_counts():
    frame = synthetic_county()
    model = from_buildings(frame, crs="local", county_code="410102", county_name="示范县")
    s = model.summary()
    assert s["communities"] == 3 and s["compounds"] == 12 and s["buildings"] == len(frame)
    assert s["residential_grids"] == 6
    assert s["households"] == frame["households"].sum()
    assert model.aggregate("household", "residents")[model.id("410102000000")] == frame["residents"].sum()
    flagged = model.numeric("household", "elderly_alone")
    assert np.nansum(flagged) == frame["elderly_alone"].sum()
    b = model.to_frame("building")
    assert all(code.startswith(parent[:12]) and len(code) == 17 for code, parent in zip(b["code"], b["parent"]))
    assert b["source_code"].tolist() == frame["building"].tolist()
    # Every building sits in its grid, the grid in its community; names keep the planner's labels.
    grid_names = {model.name(g) for g in b["parent"]}
    assert grid_names == set(frame["grid"])
    assert {model.name(c) for c in model.children("410102000000", "community")} == {"社区0", "社区1", "社区2"}
    assert model.name("410102000000") == "示范县"
    # Compound membership links.
    members = model.linked(model.children(model.children("410102000000", "community")[0], "compound")[0], "member")
    assert len(members) == 6


def test_adjacency_connects_each_community_and_roads_have_lengths():
    frame = synthetic_county()
    model = from_buildings(frame, crs="local")
    adjacency = model.adjacency("building")
    b = model.to_frame("building")
    community = np.array([model.parent(p) if model.kind(p) == "grid" else p for p in b["parent"]])
    for c in np.unique(community):
        idx = np.flatnonzero(community == c)
        n, _ = connected_components(adjacency[idx][:, idx], directed=False)
        assert n == 1, f"community {c} is in {n} pieces"
    assert (adjacency != adjacency.T).nnz == 0
    links = model.links_frame()
    roads = links[links["link"] == "road"]
    assert len(roads) and (roads["weight"] > 0).all()
    xy = b.set_index("code")[["x", "y"]]
    r = roads.iloc[0]
    assert abs(np.hypot(*(xy.loc[r["source"]] - xy.loc[r["target"]])) - r["weight"]) < 1e-6


def test_delaunay_cut_off_and_repair():
    # Two clusters 5 km apart: the long edge goes, unless they share a group.
    a = np.random.default_rng(1).uniform(0, 100, (20, 2))
    pts = np.vstack([a, a + [5000, 0]])
    edges, lengths, cut = delaunay_adjacency(pts[:, 0], pts[:, 1])
    assert lengths.max() <= cut < 5000
    graph = sp.coo_matrix((np.ones(len(edges)), edges.T), shape=(40, 40))
    assert connected_components(graph, directed=False)[0] == 2
    edges, lengths, _ = delaunay_adjacency(pts[:, 0], pts[:, 1], groups=np.zeros(40))
    graph = sp.coo_matrix((np.ones(len(edges)), edges.T), shape=(40, 40))
    assert connected_components(graph, directed=False)[0] == 1
    assert (lengths > cut).sum() == 1  # exactly one bridge added back
    # Degenerate inputs: collinear points, duplicates, a single point.
    edges, _, _ = delaunay_adjacency([0, 1, 2, 3], [0, 1, 2, 3])
    assert len(edges) == 3
    edges, lengths, _ = delaunay_adjacency([0, 0, 10, 20], [0, 0, 5, 0], groups=[1, 1, 1, 1], max_edge=100)
    graph = sp.coo_matrix((np.ones(len(edges)), edges.T), shape=(4, 4))
    assert connected_components(graph, directed=False)[0] == 1
    assert len(delaunay_adjacency([1.0], [2.0])[0]) == 0
    with pytest.raises(gg.InputError):
        delaunay_adjacency([0, np.nan], [0, 1])


def test_compound_without_buildings_is_split():
    frame = synthetic_county(communities=1, compounds=2)
    extra = pd.DataFrame([dict(building="", community="社区0", compound="新建小区", x=800.0, y=800.0,
                               households=301, residents=900, buildings=4, grid="网格0-0")])
    model = from_buildings(pd.concat([frame, extra], ignore_index=True), crs="local", county_code="410102")
    b = model.to_frame("building")
    new = b[b["estimated_location"].astype(bool)]
    assert len(new) == 4
    assert sorted(new["households"].tolist()) == [75, 75, 75, 76]
    assert np.allclose(new[["x", "y"]].mean().to_numpy(), [800.0, 800.0])
    assert model.summary()["households"] == frame["households"].sum() + 301
    assert new["name"].str.startswith("新建小区").all()


def test_places_workers_and_stations():
    frame = synthetic_county(communities=2)
    places = pd.DataFrame([
        dict(place="S1", name="第一小学", community="社区0", type="school", x=100.0, y=50.0, students=800),
        dict(place="F1", name="社区0服务站", community="社区0", type="service_station", x=300.0, y=0.0),
        dict(place="M1", name="菜市场", community="社区1", type="market", grid="网格1-1", x=2000.0, y=0.0),
    ])
    workers = pd.DataFrame([
        dict(worker="W1", name="张三", community="社区0", type="专职", grid="网格0-0", x=0.0, y=0.0),
        dict(worker="W2", name="李四", community="社区0", type="兼职", grid="网格0-0;网格0-1", x=10.0, y=0.0),
    ])
    model = from_buildings(frame, crs="local", places=places, workers=workers, county_code="410102")
    s = model.summary()
    assert s["places"] == 2 and s["fulltime_workers"] == 1 and s["parttime_workers"] == 1
    school = model.to_frame("place").set_index("name").loc["第一小学"]
    assert model.kind(school["parent"]) == "grid" and school["students"] == 800
    assert model.name(model.to_frame("place").set_index("name").loc["菜市场", "parent"]) == "网格1-1"
    station = model.to_frame("organisation")
    assert station["subkind"].tolist() == ["service_station"] and station["code"][0].endswith("FWZ")
    w2 = model.to_frame("worker").set_index("name").loc["李四", "code"]
    assert sorted(model.name(g) for g in model.linked(w2, "serves")) == ["网格0-0", "网格0-1"]
    bad = workers.assign(grid=["网格9-9", "网格0-0"])
    with pytest.raises(gg.InputError, match="网格9-9"):
        from_buildings(frame, crs="local", workers=bad)


def test_csv_in_gbk_with_bd09(tmp_path):
    frame = as_crs(synthetic_county(communities=1), "bd09")
    frame = frame.rename(columns={"building": "楼栋", "community": "社区", "compound": "小区", "lon": "经度",
                                  "lat": "纬度", "households": "户数", "residents": "人口", "grid": "网格"})
    path = tmp_path / "楼栋.csv"
    frame.to_csv(path, index=False, encoding="gbk")
    model = from_buildings(path, crs="bd09")
    assert model.summary()["buildings"] == len(frame)
    assert model.metadata["source"] == "楼栋.csv"


def test_bad_input():
    frame = synthetic_county(communities=1)
    with pytest.raises(gg.InputError, match="county_code"):
        from_buildings(frame, crs="local", county_code="41")
    with pytest.raises(gg.InputError, match="crs"):
        from_buildings(frame, crs="mercator")
    too_many = frame.assign(elderly_alone=frame["households"] + 1)
    with pytest.raises(gg.InputError, match="elderly_alone"):
        from_buildings(too_many, crs="local")
    # Community codes of two counties: a city model (issue 14), no longer "read one county at a time".
    two_counties = frame.assign(community=["410102000001"] * 10 + ["410103000001"] * (len(frame) - 10))
    city = from_buildings(two_counties, crs="local")
    assert city.kind("410100000000") == "city"
    assert city.children("410100000000", "county") == ["410102000000", "410103000000"]
    coded = frame.assign(community="410102001002")
    model = from_buildings(coded, crs="local")
    assert model.children("410102000000", "community") == ["410102001002"]


def test_a_city_of_districts_and_streets_without_codes(tmp_path):
    # Issue 14 §1: districts and streets by name; the model is rooted at a city.
    city = gg.datasets.city_buildings(25, seed=1)
    assert list(city.columns[:5]) == ["district", "street", "community", "compound", "building"]
    pd.testing.assert_frame_equal(city, gg.datasets.city_buildings(25, seed=1))
    path = tmp_path / "city.csv"
    city.rename(columns={"district": "区县", "street": "街道", "community": "社区"}).to_csv(path, index=False,
                                                                                      encoding="gbk")
    model = from_buildings(path, crs="bd09", city_name="示范市")
    assert model.kind(0) == "city" and model.name(0) == "示范市" and model.metadata["name"] == "示范市"
    s = model.summary()
    assert s["communities"] == 25 and s["households"] == city["households"].sum()
    streets = model.children(model.children(model.code(0), "county")[0], "street")
    assert len(streets) == 3 and model.name(streets[0]) == "东风街道"
    assert model.children(streets[0], "community")[:2] == ["000001001001", "000001001002"]


def test_a_far_outlier_is_an_error_until_confirmed():
    # Issue 15: one building at (0, 0) no longer stretches the county over 13,000 km.
    frame = as_crs(synthetic_county(), "wgs84")
    frame.loc[5, ["lon", "lat"]] = 0.0
    with pytest.raises(gg.InputError, match=r"row 5, column 'lon/lat'.*keep_outliers"):
        from_buildings(frame, crs="wgs84")
    model = from_buildings(frame, crs="wgs84", keep_outliers=True)
    assert model.metadata["confirmed_outliers"] == frame["building"][5]
    assert abs(float(model.metadata["origin_lon"]) - ORIGIN[0]) < 0.05


def test_progress_bar_reports_the_steps(capsys):
    model = from_buildings(synthetic_county(), crs="local", progress=True)
    assert model.summary()["buildings"] == 72
    assert "from_buildings" in capsys.readouterr().err


def test_progress_function_gets_every_step_in_order():
    # Issue 14: a caller's own progress (a GUI, a log, the benchmark's step timer) sees each
    # step of the import with the share done, rising to 1.
    seen = []
    from_buildings(synthetic_county(), crs="local", progress=lambda step, done: seen.append((step, done)))
    steps = list(dict.fromkeys(step for step, _ in seen))
    assert steps == ["reading", "checking", "codes", "coordinates", "adjacency", "nodes", "attributes",
                     "building the model", "done"]
    shares = [done for _, done in seen]
    assert shares == sorted(shares) and shares[-1] == 1.0
    with pytest.raises(gg.InputError, match="progress="):
        from_buildings(synthetic_county(), crs="local", progress="yes")


# ---- issue 15: bad tables are typed errors naming the rows -------------------------------------

HEADER = "building,community,lon,lat,households\n"


def test_issue15_half_utf8_half_gbk_is_refused_not_garbled():
    utf8 = (HEADER + "B1,城关社区,113.65,34.75,3\nB2,城关社区,113.651,34.75,3\n").encode("utf-8")
    gbk = "B3,城关社区,113.652,34.75,3\n".encode("gbk")
    with pytest.raises(gg.InputError, match=r"mixes text encodings: row\(s\) 2-3 are UTF-8 and row\(s\) 4"):
        from_buildings(utf8 + gbk, crs="wgs84")
    # A whole GBK file (each line also Chinese) is still read.
    whole = (HEADER + "B1,城关社区,113.65,34.75,3\nB2,城关社区,113.651,34.75,3\nB3,城关社区,113.652,34.75,3\n")
    assert from_buildings(whole.encode("gbk"), crs="wgs84").name(1) == "城关社区"


def test_issue15_a_building_at_zero_zero_is_named():
    body = "".join(f"B{i},C,{113.65 + i * 1e-4},34.75,3\n" for i in range(5)) + "B9,C,0,0,3\n"
    with pytest.raises(gg.InputError, match=r"row 7, column 'lon/lat'.*over 1,000 km"):
        from_buildings((HEADER + body).encode(), crs="wgs84")


def test_issue15_a_duplicated_column_is_refused():
    with pytest.raises(gg.InputError, match=r"columns given twice: 'building' \(columns 1 and 6\)"):
        from_buildings(b"building,community,lon,lat,households,building\nB1,C,113.65,34.75,3,X\n")


def test_issue15_header_only_zero_households_and_huge_counts():
    with pytest.raises(gg.InputError, match="no rows"):
        from_buildings(HEADER.encode())
    with pytest.raises(gg.InputError, match="households is 0 in every one of the 2 rows"):
        from_buildings((HEADER + "B1,C,113.65,34.75,0\nB2,C,113.651,34.75,0\n").encode())
    with pytest.raises(gg.InputError, match=r"row 2, column 'households' '1e20': too large for a count"):
        from_buildings((HEADER + "B1,C,113.65,34.75,1e20\nB2,C,113.651,34.75,3\n").encode())
    frame = pd.DataFrame({"building": ["B1", "B2"], "community": ["C", "C"], "lon": [113.65, 113.651],
                          "lat": [34.75, 34.75], "households": [1e20, 3]})
    with pytest.raises(gg.InputError, match="too large for a count"):
        from_buildings(frame)
    with pytest.raises(gg.InputError, match=r"row 1, column 'households' '12000'"):
        from_buildings(frame.assign(households=[3, 12000]))


# ---- issue 16 §2: longitudes and latitudes in China without a crs ------------------------------

def test_lon_lat_in_china_without_a_crs_warns_once(monkeypatch):
    monkeypatch.setattr(gg.buildings, "_crs_warned", False)
    frame = pd.DataFrame({"building": ["B1", "B2"], "community": ["C", "C"], "households": [3, 4],
                          "lon": [113.65, 113.651], "lat": [34.75, 34.75]})
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("default")
        for _ in range(3):
            model = from_buildings(frame)
    assert [w.category for w in seen] == [gg.CrsWarning]
    assert "crs='bd09' (Baidu" in str(seen[0].message) and seen[0].filename == __file__
    assert model.metadata["source_crs"] == "wgs84"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for crs in ("wgs84", "gps", "baidu", "BD-09", "gaode", "GCJ-02"):
            from_buildings(frame, crs=crs)
        # Outside China the maps agree with WGS-84; x/y without lon/lat are local metres.
        from_buildings(frame.assign(lon=[2.35, 2.351], lat=[48.85, 48.85]))
        local = from_buildings(frame.drop(columns=["lon", "lat"]).assign(x=[0.0, 50.0], y=[0.0, 0.0]))
    assert local.metadata["source_crs"] == "local"
