"""Save/load and from_frame(to_frame()) compared field by field (issue 17, item 2).

``Model.__eq__`` compares re-serialised bytes, so a field that the writer and the reader both
get wrong survives it. These tests compare every field through the model's own accessors
against a spec written out independently: kinds, codes, names, subkinds, parents, coordinates
(bit for bit), every attribute of every kind with its type and its absent values, links with
their types and weights, metadata and findings. A hypothesis test does the same over random
models (Chinese and arbitrary text, NaN and infinite floats where the model allows them, int64
extremes, empty and per-kind-typed columns, every link type).
"""

from __future__ import annotations

import copy
import math
import struct
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gridgov as gg

NAN = float("nan")
INF = float("inf")
SYMMETRIC = {"adjacent", "road"}


@dataclass
class Spec:
    """What a model should hold, written independently of gridgov."""

    nodes: list[dict[str, Any]]  # kind, code, name, parent ("" = root), subkind, x, y (None = unknown)
    columns: dict[tuple[str, str], tuple[str, dict[str, Any]]] = field(default_factory=dict)  # (kind, name) -> (type, {code: value})
    links: list[tuple[str, str, str, float]] = field(default_factory=list)  # source, target, type, weight
    metadata: dict[str, str] = field(default_factory=dict)

    def build(self, order: list[int] | None = None) -> gg.Model:
        b = gg.ModelBuilder()
        for i in order if order is not None else range(len(self.nodes)):
            n = self.nodes[i]
            b.add(n["kind"], n["code"], n["name"], n["parent"] or None, n["subkind"] or None, x=n["x"], y=n["y"])
        for (_, name), (_, cells) in self.columns.items():
            for code, value in cells.items():
                b.set(code, name, value)
        for source, target, link, weight in self.links:
            b.link(source, target, link, None if math.isnan(weight) else weight)
        for key, value in self.metadata.items():
            b.set_metadata(key, value)
        return b.freeze()


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def same_float(got: float, want: float) -> bool:
    """Bit for bit (so -0.0 differs from 0.0), any NaN equal to any NaN."""
    return (math.isnan(got) and math.isnan(want)) or bits(got) == bits(want)


def expect_model(m: gg.Model, spec: Spec, findings: list | None = None) -> None:
    """Every field of ``m`` against the spec, through the model's accessors."""
    codes = [n["code"] for n in spec.nodes]
    assert m.size == len(codes)
    ids = m.ids(codes)
    assert sorted(ids.tolist()) == list(range(m.size))
    assert list(m.kind_names(ids)) == [n["kind"] for n in spec.nodes]
    assert m.codes(ids) == codes
    assert m.names(ids) == [n["name"] for n in spec.nodes]
    assert list(m.subkinds(ids)) == [n["subkind"] for n in spec.nodes]
    parents = [m.parent(c) for c in codes]
    assert parents == [n["parent"] or None for n in spec.nodes]
    for axis, values in (("x", m.x), ("y", m.y)):
        for i, n in zip(ids, spec.nodes):
            want = NAN if n[axis] is None else n[axis]
            assert same_float(float(values[i]), want), (axis, n["code"], values[i], want)
    # Kinds are contiguous id ranges of the right size.
    for kind in gg.model.KINDS:
        assert m.count(kind) == sum(n["kind"] == kind for n in spec.nodes), kind
    # Attributes: exactly the spec's columns that hold a value, each with its type, every node of
    # the kind present or absent as the spec says (through two accessors: the column and value()).
    for kind in gg.model.KINDS:
        expected = {name: ctype for (k, name), (ctype, cells) in spec.columns.items() if k == kind and cells}
        got = dict(m._core.column_names(kind)) if m.count(kind) else {}
        assert got == expected, kind
        for name, ctype in expected.items():
            cells = spec.columns[(kind, name)][1]
            column = m.column(kind, name)
            for code in column.index:
                want = cells.get(code)
                value = column[code]
                single = m.value(code, name)
                if want is None:
                    assert value is pd.NA or value is None or (isinstance(value, float) and math.isnan(value)), \
                        (kind, name, code, value)
                    assert single is None, (kind, name, code, single)
                elif ctype == "float64":
                    assert same_float(float(value), want) and same_float(single, want), (kind, name, code, value, want)
                elif ctype == "bool":
                    assert bool(value) is want and single is want, (kind, name, code, value, want)
                else:
                    assert value == want and single == want, (kind, name, code, value, want)
                    assert type(single) is type(want), (kind, name, code, type(single))
    # Links: each with its type and weight, nothing else; symmetric ones both ways.
    frame = m.links_frame()
    got_links = {}
    for source, target, link, weight in frame.itertuples(index=False):
        key = (link, frozenset((source, target))) if link in SYMMETRIC else (link, source, target)
        assert key not in got_links, key
        got_links[key] = weight
    want_links = {}
    for source, target, link, weight in spec.links:
        key = (link, frozenset((source, target))) if link in SYMMETRIC else (link, source, target)
        want_links[key] = weight
    assert got_links.keys() == want_links.keys()
    for key, weight in want_links.items():
        assert same_float(got_links[key], weight), (key, got_links[key], weight)
    for source, target, link, _ in spec.links:
        assert target in m.linked(source, link)
        assert source in m.linked(target, link, incoming=link not in SYMMETRIC)
    assert m.metadata == spec.metadata
    assert m.findings == (findings or [])


# ---- a hand-written model with every kind, link type and column type ----------------------------

def rich_spec() -> Spec:
    def node(kind, code, name, parent="", subkind="", x=None, y=None):
        return dict(kind=kind, code=code, name=name, parent=parent, subkind=subkind, x=x, y=y)

    nodes = [
        node("province", "330000000000", "浙江省"),
        node("county", "330102000000", "测试县", "330000000000", x=0.0, y=-0.0),
        node("street", "330102001000", "东街道", "330102000000"),
        node("community", "330102001001", "东社区", "330102001000", x=120.5, y=-40.25),
        node("community", "330102002001", "西村", "330102000000"),
        node("grid", "330102001001001", "东一网格", "330102001001", "residential", 10.0, 20.0),
        node("grid", "330102001001901", "学校专属网格", "330102001001", "special"),
        node("grid", "330102002001001", "西一网格", "330102002001", "residential"),
        node("compound", "330102001001XQ001", "阳光小区", "330102001001"),
        node("building", "33010200100100001", "1号楼", "330102001001001", x=1.5, y=2.5),
        node("building", "33010200100100002", "2号楼", "330102001001001", x=-1e6, y=1e-300),
        node("building", "33010200200100001", "村委楼", "330102002001001"),
        node("unit", "3301020010010000101", "1单元", "33010200100100001"),
        node("household", "33010200100100001010101", "101", "3301020010010000101"),
        node("household", "33010200100100001010102", "", "3301020010010000101"),
        node("household", "33010200100100001010201", "2\0一", "3301020010010000101"),
        node("place", "330102001001P001", "实验小学", "330102001001901", "school", 5.0, 5.0),
        node("place", "330102001001P002", "菜市场", "330102001001001", "market"),
        node("worker", "330102001001W0001", "张三", "330102001001", "fulltime", 300.0, 400.0),
        node("worker", "330102001001W0002", "李四", "330102001001", "parttime"),
        node("organisation", "330102000000ZHZX", "县指挥中心", "330102000000", "command_centre"),
        node("organisation", "330102000000BM01", "城管局", "330102000000", "department"),
        node("organisation", "330102000000ZQ001", "驻区单位", "330102000000", "stationed_unit"),
        node("organisation", "330102001001001DXZ", "党小组", "330102001001001", "party_group"),
    ]
    columns = {
        ("county", "budget"): ("int64", {"330102000000": 4611686018427387905}),
        ("county", "note"): ("string", {"330102000000": "参考县，数据为示例"}),
        ("building", "floors"): ("int64", {"33010200100100001": 6, "33010200100100002": 0}),
        ("building", "area"): ("float64", {"33010200100100001": 1234.5, "33010200100100002": -0.0,
                                           "33010200200100001": INF}),
        ("household", "residents"): ("int64", {"33010200100100001010101": 3, "33010200100100001010201": 2 ** 53}),
        ("household", "elderly_alone"): ("bool", {"33010200100100001010101": False, "33010200100100001010102": True}),
        ("household", "remark"): ("string", {"33010200100100001010101": "", "33010200100100001010201": "独居老人"}),
        ("household", "score"): ("float64", {"33010200100100001010101": -INF, "33010200100100001010102": 5e-324}),
        ("household", "debt"): ("int64", {"33010200100100001010102": -(2 ** 63)}),
        ("place", "students"): ("int64", {"330102001001P001": 1200}),
        ("place", "label"): ("float64", {"330102001001P002": 2.5}),
        ("grid", "label"): ("string", {"330102001001901": "专属"}),
        ("organisation", "label"): ("bool", {"330102000000BM01": True}),
        ("worker", "phone"): ("string", {"330102001001W0001": "13800000000"}),
        ("worker", "empty"): ("string", {}),
    }
    links = [
        ("330102001001XQ001", "33010200100100001", "member", NAN),
        ("330102001001XQ001", "33010200100100002", "member", NAN),
        ("330102001001W0001", "330102001001001", "serves", 1.0),
        ("330102001001W0002", "330102001001001", "serves", 0.5),
        ("330102001001001DXZ", "330102001001001", "serves", NAN),
        ("330102001001P001", "330102001001901", "hosts", NAN),
        ("330102000000ZQ001", "330102001001", "cobuilds", 2.0),
        ("330102000000ZHZX", "330102000000BM01", "dispatches", -0.0),
        ("33010200100100001", "33010200100100002", "adjacent", 12.5),
        ("33010200100100002", "33010200200100001", "road", INF),
        ("33010200100100001", "33010200200100001", "road", 87.25),
        ("330102001001001", "33010200100100002", "claims", NAN),  # its own grid: no finding
    ]
    metadata = {"name": "测试县", "origin_lon": "120.15", "origin_lat": "30.28", "crs": "local-metres", "空": ""}
    return Spec(nodes, columns, links, metadata)


def reframed(m: gg.Model, validate: str = "raise") -> gg.Model:
    return gg.Model.from_frame(m.to_frame(), m.links_frame(), validate=validate)


def test_rich_model_every_field_survives_save_load_and_frames(tmp_path):
    spec = rich_spec()
    m = spec.build()
    expect_model(m, spec)  # the builder keeps what it was given
    path = tmp_path / "rich.ggm"
    m.save(path)
    expect_model(gg.Model.load(path), spec)
    expect_model(gg.Model(gg._core.Model.from_bytes(m._core.to_bytes())), spec)
    expect_model(reframed(m), spec)
    expect_model(reframed(gg.Model.load(path)), spec)


def test_the_field_check_fails_on_each_kind_of_wrong_field():
    """The comparison itself must catch a wrong field of every class (no test that cannot fail)."""
    spec = rich_spec()
    m = spec.build()
    wrongs = {
        "kind": lambda s: s.nodes[5].update(kind="compound"),
        "name": lambda s: s.nodes[3].update(name="东社区 "),
        "subkind": lambda s: s.nodes[6].update(subkind="residential"),
        "parent": lambda s: s.nodes[9].update(parent="330102001001"),
        "x": lambda s: s.nodes[9].update(x=2.5),
        "y sign of zero": lambda s: s.nodes[1].update(y=0.0),
        "absent coordinate": lambda s: s.nodes[2].update(x=0.0),
        "int value": lambda s: s.columns[("county", "budget")][1].update({"330102000000": 4611686018427387904}),
        "absent int": lambda s: s.columns[("household", "residents")][1].pop("33010200100100001010101"),
        "float value": lambda s: s.columns[("building", "area")][1].update({"33010200100100002": 0.0}),
        "bool value": lambda s: s.columns[("household", "elderly_alone")][1].update({"33010200100100001010101": True}),
        "empty string vs absent": lambda s: s.columns[("household", "remark")][1].pop("33010200100100001010101"),
        "column type": lambda s: s.columns.update({("place", "label"): ("string", {"330102001001P002": 2.5})}),
        "missing column": lambda s: s.columns.pop(("worker", "phone")),
        "link weight": lambda s: s.links.__setitem__(8, s.links[8][:3] + (12.0,)),
        "link type": lambda s: s.links.__setitem__(2, s.links[2][:2] + ("hosts", 1.0)),
        "link direction": lambda s: s.links.__setitem__(6, ("330102001001", "330102000000ZQ001", "cobuilds", 2.0)),
        "metadata": lambda s: s.metadata.update(name="测试"),
    }
    for what, change in wrongs.items():
        wrong = copy.deepcopy(spec)
        change(wrong)
        with pytest.raises(AssertionError):
            expect_model(m, wrong)
            pytest.fail(f"a wrong {what} went unnoticed")  # pragma: no cover
    with pytest.raises(AssertionError):
        expect_model(m, spec, findings=[("bad_count", "error", "household", "x", "y")])


def test_findings_of_a_deferred_model_survive_save_load_and_frames(tmp_path):
    spec = rich_spec()
    b = spec.build().edit()
    b.set("33010200100100001010102", "residents", -1)      # bad_count
    b.add("building", "44010200100100001", "外码楼", "330102001001001")  # code_prefix
    b.add("household", "33010200100100002000101", "户", "330102001001001")  # parent_kind
    b.link("330102002001001", "33010200100100001", "claims")  # two_grids
    m = b.freeze(validate="defer")
    rules = sorted(f[0] for f in m.findings)
    assert rules == ["bad_count", "code_prefix", "parent_kind", "two_grids"]
    path = tmp_path / "deferred.ggm"
    m.save(path)
    back = gg.Model.load(path)
    assert back.findings == m.findings  # kept, and not doubled by the loader's own freeze
    again = reframed(m, validate="defer")
    assert again.findings == m.findings  # the frame holds every violation, the freeze finds each again
    with pytest.raises(gg.ValidationError, match=r"\[bad_count\] household 33010200100100001010102"):
        reframed(m)


def test_metadata_survives_frames():
    """Issue 15: from_frame(to_frame()) lost the model's metadata."""
    m = rich_spec().build()
    frame = m.to_frame()
    assert frame.attrs["metadata"] == m.metadata
    assert m.to_frame("building").attrs["metadata"] == m.metadata
    assert gg.Model.from_frame(frame, m.links_frame()).metadata == m.metadata
    replaced = gg.Model.from_frame(frame, metadata={"name": "新名", "crs": "local-metres"}).metadata
    assert replaced == {**m.metadata, "name": "新名"}
    frame.attrs.clear()
    assert gg.Model.from_frame(frame).metadata == {}
    with pytest.raises(gg.InputError, match="metadata entry 'origin_lon'"):
        gg.Model.from_frame(frame, metadata={"origin_lon": 120.15})


def test_a_column_typed_differently_per_kind_survives_frames():
    m = rich_spec().build()
    frame = m.to_frame()
    assert frame["label"].dtype == object  # text for grids, a number for places, bool for organisations
    back = gg.Model.from_frame(frame, m.links_frame())
    for kind in ("grid", "place", "organisation"):  # one table orders the columns of all kinds
        assert dict(back._core.column_names(kind)) == dict(m._core.column_names(kind))
    with pytest.raises(gg.InputError, match="'label' mixes value types .* for kind grid"):
        broken = frame.copy()
        broken.loc[broken["code"] == "330102001001001", "label"] = 7
        gg.Model.from_frame(broken)


# ---- random models ------------------------------------------------------------------------------

ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=6)
CHINESE = st.text(alphabet="东西南北中社区网格楼栋单元户张王李赵阳光小区学校医院 ·、，", max_size=6)
TEXTS = st.one_of(ANY_TEXT, CHINESE)
COORDS = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False))
COUNT_NAMES = ("residents", "floors")
OTHER_NAMES = ("note", "score", "flag", "标签", "label", "budget")
TYPES = ("int64", "float64", "bool", "string")
# "claims" only where it is consistent (the rich model has one): a random claim would be a
# finding and the freeze would refuse the model.
LINK_TYPES = tuple(t for t in gg.model.LINK_TYPES if t != "claims")


def values_of(ctype: str, name: str):
    if name in COUNT_NAMES:
        return st.integers(0, 2 ** 53)
    return {
        "int64": st.integers(-(2 ** 63), 2 ** 63 - 1),
        "float64": st.floats(allow_nan=False),  # infinities, -0.0 and subnormals included; NaN is "absent"
        "bool": st.booleans(),
        "string": TEXTS,
    }[ctype]


@st.composite
def random_specs(draw) -> tuple[Spec, list[int]]:
    nodes: list[dict[str, Any]] = []

    def add(kind, code, parent, subkind=""):
        nodes.append(dict(kind=kind, code=code, name=draw(TEXTS), parent=parent, subkind=subkind,
                          x=draw(COORDS), y=draw(COORDS)))

    county_parent = ""
    if draw(st.booleans()):
        add("province", "330000000000", "")
        county_parent = "330000000000"
    add("county", "330102000000", county_parent)
    street = draw(st.booleans())
    if street:
        add("street", "330102001000", "330102000000")
    for c in range(draw(st.integers(1, 3))):
        community = f"330102001{c + 1:03d}"
        add("community", community, "330102001000" if street and draw(st.booleans()) else "330102000000")
        grids = []
        for g in range(draw(st.integers(0, 2))):
            special = draw(st.booleans())
            grid = f"{community}{900 + g + 1 if special else g + 1:03d}"
            add("grid", grid, community, "special" if special else "residential")
            grids.append(grid)
        for k in range(draw(st.integers(0, 3))):
            building = f"{community}{k + 1:05d}"
            add("building", building, draw(st.sampled_from(grids + [community])))
            for u in range(draw(st.integers(0, 1))):
                unit = f"{building}{u + 1:02d}"
                add("unit", unit, building)
                for h in range(draw(st.integers(0, 3))):
                    add("household", f"{unit}{h + 1:04d}", unit)
        if draw(st.booleans()):
            add("place", f"{community}P001", draw(st.sampled_from(grids + [community])),
                draw(st.sampled_from(["school", "market", "医院", ""])))
        if draw(st.booleans()):
            add("worker", f"{community}W0001", community, draw(st.sampled_from(["fulltime", "parttime"])))
        if draw(st.booleans()):
            add("organisation", f"{community}FWZ", community, "service_station")
    kinds_present = sorted({n["kind"] for n in nodes})
    columns: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(kinds_present))
        name = draw(st.sampled_from(COUNT_NAMES + OTHER_NAMES))
        ctype = "int64" if name in COUNT_NAMES else draw(st.sampled_from(TYPES))
        if (kind, name) in columns:
            continue
        cells = {}
        for n in nodes:
            if n["kind"] == kind and draw(st.booleans()):  # about half absent; often none present
                cells[n["code"]] = draw(values_of(ctype, name))
        columns[(kind, name)] = (ctype, cells)
    links, seen = [], set()
    codes = [n["code"] for n in nodes]
    if len(codes) >= 2:
        for _ in range(draw(st.integers(0, 6))):
            link = draw(st.sampled_from(LINK_TYPES))
            source, target = draw(st.permutations(codes))[:2]
            key = (link, frozenset((source, target))) if link in SYMMETRIC else (link, source, target)
            if key in seen:
                continue
            seen.add(key)
            if link == "road":
                weight = draw(st.floats(min_value=0.0))  # metres: >= 0, infinity allowed
            else:
                weight = draw(st.one_of(st.just(NAN), st.floats(allow_nan=False)))
            links.append((source, target, link, weight))
    metadata = draw(st.dictionaries(TEXTS, TEXTS, max_size=4))
    order = draw(st.permutations(range(len(nodes))))
    return Spec(nodes, columns, links, metadata), list(order)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(random_specs())
def test_random_models_survive_save_load_and_frames(tmp_path_factory, drawn):
    spec, order = drawn
    m = spec.build(order)  # nodes added in any order: ids are sorted by kind all the same
    expect_model(m, spec)
    path = tmp_path_factory.mktemp("roundtrip") / "m.ggm"
    m.save(path)
    expect_model(gg.Model.load(path), spec)
    expect_model(reframed(m), spec)
