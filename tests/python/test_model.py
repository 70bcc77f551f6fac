"""The model's Python face: from_frame/to_frame, queries, edits, save/load, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gridgov as gg


def small_nodes() -> pd.DataFrame:
    rows = [
        ("330102000000", "", "county", "测试县", "", np.nan, np.nan),
        ("330102001001", "330102000000", "community", "东社区", "", 0.0, 0.0),
        ("330102001002", "330102000000", "community", "西社区", "", 500.0, 0.0),
        ("330102001001001", "330102001001", "grid", "东一网格", "residential", np.nan, np.nan),
        ("330102001002001", "330102001002", "grid", "西一网格", "residential", np.nan, np.nan),
        ("330102001001XQ001", "330102001001", "compound", "阳光小区", "", np.nan, np.nan),
    ]
    for b in range(3):
        bcode = f"330102001001{b + 1:05d}"
        rows.append((bcode, "330102001001001", "building", f"{b + 1}号楼", "", 10.0 * b, 5.0))
        for h in range(4):
            rows.append((f"{bcode}01{h:04d}"[:23], bcode, "household", "户", "", np.nan, np.nan))
    df = pd.DataFrame(rows, columns=["code", "parent", "kind", "name", "subkind", "x", "y"])
    df["residents"] = pd.array([pd.NA] * 6 + [None if k != "household" else 2 for k in df["kind"][6:]], dtype="Int64")
    df["floors"] = pd.array([pd.NA] * len(df), dtype="Int64")
    df.loc[df["kind"] == "building", "floors"] = 6
    df["note"] = None
    df.loc[0, "note"] = "参考县，数据为示例"
    df["elderly_alone"] = pd.array([pd.NA] * len(df), dtype="boolean")
    df.loc[df["kind"] == "household", "elderly_alone"] = [i % 3 == 0 for i in range(12)]
    return df


def small_links() -> pd.DataFrame:
    return pd.DataFrame({
        "source": ["330102001001XQ001"] * 3 + ["33010200100100001"],
        "target": [f"330102001001{b + 1:05d}" for b in range(3)] + ["33010200100100002"],
        "link": ["member"] * 3 + ["adjacent"],
        "weight": [np.nan] * 3 + [12.5],
    })


def test_version_matches_metadata():
    from importlib.metadata import version

    assert gg.__version__ == version("gridgov")


def test_errors_are_value_errors():
    for cls in (gg.InputError, gg.ValidationError, gg.FormatError, gg.VersionError, gg.InfeasibleError,
                gg.UnknownCodeError, gg.PolicyError, gg.EventLogError):
        assert issubclass(cls, gg.Error)
    assert issubclass(gg.Error, ValueError)


def test_from_frame_queries():
    m = gg.Model.from_frame(small_nodes(), small_links())
    assert m.summary()["households"] == 12
    assert m.summary()["residents"] == 24
    assert m.parent("330102001001001") == "330102001001"
    assert m.parent("330102000000") is None
    assert m.children("330102001001001", kind="building") == [f"330102001001{b + 1:05d}" for b in range(3)]
    assert len(m.descendants("330102000000", kind="household")) == 12
    assert m.ancestors("33010200100100001") == ["330102001001001", "330102001001", "330102000000"]
    ids = m.ids(["330102001001", "330102001002"])
    assert m.codes(ids) == ["330102001001", "330102001002"]
    households = m.nodes("household")
    grid = m.ancestor_of_kind(households, "grid")
    assert (grid == m.id("330102001001001")).all()
    counts = m.count_descendants("household")
    assert counts[m.id("330102000000")] == 12 and counts[m.id("330102001002")] == 0
    assert m.aggregate("household", "residents")[m.id("330102001001")] == 24
    assert m.linked("330102001001XQ001", "member") == [f"330102001001{b + 1:05d}" for b in range(3)]
    assert m.value("330102000000", "note") == "参考县，数据为示例"
    adj = m.adjacency("building")
    assert adj.shape == (3, 3) and adj.nnz == 2


def test_arrays_are_read_only_views():
    m = gg.Model.from_frame(small_nodes())
    parents = m.parents
    assert not parents.flags.writeable
    assert parents.base is not None
    with pytest.raises(ValueError):
        parents[0] = 3


def test_to_frame_round_trip():
    m = gg.Model.from_frame(small_nodes(), small_links())
    frame = m.to_frame()
    back = gg.Model.from_frame(frame, m.links_frame())
    assert back == m
    assert back.to_frame().equals(frame)


def test_save_load_round_trip(tmp_path):
    m = gg.Model.from_frame(small_nodes(), small_links())
    path = tmp_path / "county.ggm"
    m.save(path)
    back = gg.Model.load(path)
    assert back == m
    assert back.name("330102000000") == "测试县"
    data = path.read_bytes()
    path.write_bytes(data[:-10])
    with pytest.raises(gg.FormatError):
        gg.Model.load(path)
    damaged = bytearray(data)
    damaged[len(damaged) // 2] ^= 0xFF
    path.write_bytes(bytes(damaged))
    with pytest.raises(gg.FormatError):
        gg.Model.load(path)
    newer = bytearray(data)
    newer[8] = 200
    path.write_bytes(bytes(newer))
    with pytest.raises(gg.VersionError, match="newer gridgov"):
        gg.Model.load(path)
    path.write_bytes(b"hello world, not a model at all")
    with pytest.raises(gg.FormatError, match="not a gridgov model file"):
        gg.Model.load(path)


def test_bad_input_names_the_record():
    nodes = small_nodes()
    dup = pd.concat([nodes, nodes.iloc[[3]]], ignore_index=True)
    with pytest.raises(gg.ValidationError, match="duplicate code '330102001001001'"):
        gg.Model.from_frame(dup)
    unknown_kind = nodes.copy()
    unknown_kind.loc[4, "kind"] = "castle"
    with pytest.raises(gg.UnknownCodeError, match="castle"):
        gg.Model.from_frame(unknown_kind)
    orphan = nodes.copy()
    orphan.loc[3, "parent"] = "330102001009"
    with pytest.raises(gg.ValidationError, match="330102001009"):
        gg.Model.from_frame(orphan)
    prefix = nodes.copy()
    prefix.loc[1, "code"] = "330199001001"
    with pytest.raises(gg.ValidationError):
        gg.Model.from_frame(prefix)
    negative = nodes.copy()
    negative["households"] = np.nan
    negative.loc[6, "households"] = -4
    with pytest.raises(gg.ValidationError, match="households"):
        gg.Model.from_frame(negative)
    grid_in_two = small_links()
    grid_in_two.loc[len(grid_in_two)] = ["330102001002001", "33010200100100001", "claims", np.nan]
    with pytest.raises(gg.ValidationError, match="two_grids"):
        gg.Model.from_frame(nodes, grid_in_two)
    deferred = gg.Model.from_frame(nodes, grid_in_two, validate="defer")
    assert [f[0] for f in deferred.findings] == ["two_grids"]


def test_cycle_is_rejected():
    nodes = pd.DataFrame({
        "code": ["A", "B", "C"], "parent": ["C", "A", "B"], "kind": ["organisation"] * 3, "name": ["a", "b", "c"],
    })
    with pytest.raises(gg.ValidationError, match="cycle"):
        gg.Model.from_frame(nodes)


def test_edit_builder():
    m = gg.Model.from_frame(small_nodes(), small_links())
    b = m.edit()
    b.add("grid", "330102001001002", "东二网格", "330102001001", "residential")
    b.move("33010200100100003", "330102001001002")
    b.set("33010200100100003", "floors", 9)
    edited = b.freeze()
    assert edited.parent("33010200100100003") == "330102001001002"
    assert edited.value("33010200100100003", "floors") == 9
    assert m.parent("33010200100100003") == "330102001001001"
    b2 = m.edit()
    with pytest.raises(gg.ValidationError):
        b2.remove("330102001001001")
    with pytest.raises(gg.UnknownCodeError):
        b2.move("nope", "330102001001")


def test_workload():
    m = gg.Model.from_frame(small_nodes())
    w = m.workload({"households": 1.0, "elderly_alone": 0.5})
    assert w.shape == (3,)
    assert w.sum() == pytest.approx(12 + 0.5 * 4)
    two = m.workload([{"households": 1.0}, {"residents": 1.0}])
    assert two.shape == (3, 2) and two[:, 1].sum() == 24
    with pytest.raises(gg.InputError):
        m.workload({"households": -1.0})


# ---- property tests ----------------------------------------------------------------------------
@st.composite
def random_trees(draw):
    n_comm = draw(st.integers(1, 4))
    rows = [("110101000000", "", "county", "县", "", np.nan)]
    for c in range(n_comm):
        ccode = f"110101001{c + 1:03d}"
        rows.append((ccode, "110101000000", "community", draw(st.text(min_size=0, max_size=5)), "", np.nan))
        for b in range(draw(st.integers(0, 4))):
            bcode = f"{ccode}{b + 1:05d}"
            rows.append((bcode, ccode, "building", f"楼{b}", "", float(draw(st.integers(0, 1000)))))
            for h in range(draw(st.integers(0, 5))):
                rows.append((f"{bcode}01{h:04d}", bcode, "household", "户", "", np.nan))
    df = pd.DataFrame(rows, columns=["code", "parent", "kind", "name", "subkind", "x"])
    df["residents"] = pd.array(
        [draw(st.integers(0, 9)) if k == "household" else pd.NA for k in df["kind"]], dtype="Int64")
    return df


@settings(max_examples=40, deadline=None)
@given(random_trees())
def test_property_save_load_and_aggregates(tmp_path_factory, nodes):
    m = gg.Model.from_frame(nodes)
    back = gg.Model(gg._core.Model.from_bytes(m._core.to_bytes()))
    assert back == m
    assert back.to_frame().equals(m.to_frame())
    assert m.count("household") == (nodes["kind"] == "household").sum()
    if m.count("household"):  # a drawn tree may hold no household: nothing to aggregate
        agg = m.aggregate("household", "residents")
        residents = m.numeric("household", "residents")
        hh = m.nodes("household")
        for v in range(m.size):
            leaves = m.descendant_ids(v, "household")
            expected = residents[leaves - hh[0]].sum() if len(leaves) else 0
            if m.kind(v) == "household":
                expected = residents[v - hh[0]]
            assert agg[v] == expected


def test_beijing_divisions(shared_data):
    """Real data: Beijing's statistical divisions (7,668 rows, a skipped-free 5-level tree)."""
    df = pd.read_csv(shared_data / "divisions" / "divisions_2021_beijing.csv", dtype=str, keep_default_na=False)
    kinds = df["level"].map({"1": "province", "2": "city", "3": "county", "4": "street", "5": "community"})
    m = gg.Model.from_frame(pd.DataFrame({"code": df["code"], "parent": df["parent_code"], "kind": kinds,
                                          "name": df["name"]}))
    assert [m.count(k) for k in ("province", "city", "county", "street", "community")] == [1, 1, 16, 349, 7301]
    villages = m.count_descendants("community")
    assert villages[m.id("110000000000")] == 7301
    per_county = villages[m.nodes("county")]
    assert per_county.sum() == 7301 and per_county.min() > 0
    assert m.name("110101000000") == "东城区"


def test_vectorised_children_descendants_ancestors():
    m = gg.Model.from_frame(small_nodes(), small_links())
    ids = np.array([m.id("330102000000"), m.id("330102001001001"), m.id("330102001002001")])
    offsets, targets = m.children_many(ids)
    for i, v in enumerate(ids):
        assert m.codes(targets[offsets[i]:offsets[i + 1]]) == m.children(int(v))
    offsets, targets = m.descendants_many(ids, kind="household")
    for i, v in enumerate(ids):
        assert m.codes(targets[offsets[i]:offsets[i + 1]]) == m.descendants(int(v), kind="household")
    households = m.nodes("household")
    anc = m.ancestors_many(households)
    assert anc.shape == (12, 4)
    for i, h in enumerate(households):
        assert m.codes([a for a in anc[i] if a >= 0]) == m.ancestors(int(h))
    with pytest.raises(gg.InputError):
        m.children_many([m.size])
