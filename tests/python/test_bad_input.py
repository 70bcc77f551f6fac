"""The bad-input suite (issue 15, item 3): every public function, every class of bad input.

Each public function is called with valid arguments in which one argument at a time is replaced
by a bad value of one class: NaN, infinite, negative, huge, non-whole, empty, wrong type, wrong
dtype, wrong length, wrong shape, text that cannot be UTF-8, unknown codes, missing files and
folders. The answer must be a ``gg.Error`` (never another exception type, a crash or a silent
result) whose message names the argument or the offending record.

Where a "bad" value is in fact valid for an argument (a negative longitude, a radius of 0), the
case says so in ``ok`` and then checks that the call succeeds. ``test_the_walk_covers_every_public_function``
keeps the catalogue complete: a new public function without cases fails it.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import gridgov as gg
from gridgov import geo, readers

NAN, INF = float("nan"), float("inf")
LONE_SURROGATE = "\udcff"  # a str that has no UTF-8 form

# --- the classes of bad input ---------------------------------------------------------------------

#: bad values for a scalar number (a radius, a tolerance, a count)
NUMBER = {"nan": NAN, "inf": INF, "-inf": -INF, "negative": -1.5, "huge": 1e300, "text": "five", "list": [1, 2],
          "complex": 1 + 2j}
#: bad values for a whole number (k, p, a seed, days); a whole count also refuses 2.5 and 2^64
WHOLE = {**NUMBER, "fraction": 2.5, "2^64": 2**64, "2^32+4": 2**32 + 4, "negative": -5}
#: bad values for a seed: a seed is any whole number in [0, 2^64), so 2^32 + 4 is a good one
SEED = {k: v for k, v in WHOLE.items() if k != "2^32+4"}
#: bad values for a code naming a node or a category
CODE = {"unknown": "NO-SUCH-CODE", "empty": "", "not-utf8": LONE_SURROGATE, "number": 12345.5, "list": ["a", "b"]}


def array_bads(n: int, *, negative: bool = True, dims: int = 1) -> dict[str, Any]:
    """Bad values for an array of n numbers (weights, costs, coordinates)."""
    good = np.ones((n,) * dims)
    bads: dict[str, Any] = {
        "empty": np.array([]),
        "wrong-length": np.ones((n + 1,) * dims),
        "wrong-dtype": np.array(["a"] * n).reshape((n,) + (1,) * (dims - 1)) if dims == 1 else np.full(good.shape, "a"),
        "nan": np.where(np.arange(good.size).reshape(good.shape) == 0, NAN, good),
        "inf": np.where(np.arange(good.size).reshape(good.shape) == 0, INF, good),
        "wrong-shape": np.ones((n, 2, 2)),
        "ragged": [[1.0, 2.0], [3.0]],
        "not-an-array": "weights",
    }
    if negative:
        bads["negative"] = -good
    return bads


def xy_bads(n: int) -> dict[str, Any]:
    """Bad values for an (n, 2) array of coordinates (negative coordinates are valid)."""
    bads = array_bads(n, negative=False, dims=2)
    bads["wrong-length"] = np.ones((n + 1, 3))
    bads["nan"] = np.where(np.arange(2 * n).reshape(n, 2) == 0, NAN, np.ones((n, 2)))
    bads["inf"] = np.where(np.arange(2 * n).reshape(n, 2) == 0, INF, np.ones((n, 2)))
    return bads


def label_bads(n: int) -> dict[str, Any]:
    """Bad values for an array of n labels / node ids."""
    return {"empty": np.array([], dtype=np.int64), "wrong-length": np.zeros(n + 1, dtype=np.int64),
            "negative": np.full(n, -2), "huge": np.full(n, 2**40), "fraction": np.full(n, 0.5), "nan": np.full(n, NAN),
            "wrong-dtype": np.array(["a"] * n), "2-D": np.zeros((n, 2), dtype=np.int64)}


def _buildings_gdf(missing: bool = False):
    """Two buildings as a GeoDataFrame of points (the second without a geometry when missing)."""
    gpd = pytest.importorskip("geopandas")
    points = gpd.points_from_xy([120.1, 120.1005], [30.2, 30.2003])
    return gpd.GeoDataFrame({"building": ["B1", "B2"], "community": ["光明社区", "光明社区"], "households": [30, 40]},
                            geometry=[points[0], None if missing else points[1]], crs=4326)


# --- fixtures: small valid inputs -------------------------------------------------------------------


@pytest.fixture(scope="module")
def county() -> gg.Model:
    return gg.datasets.seed_county(0)


def grid_graph(rows: int = 4, cols: int = 5) -> sp.csr_matrix:
    ids = np.arange(rows * cols).reshape(rows, cols)
    e = np.concatenate([np.stack([ids[:, :-1].ravel(), ids[:, 1:].ravel()], 1), np.stack([ids[:-1].ravel(), ids[1:].ravel()], 1)])
    a = sp.coo_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(rows * cols,) * 2)
    return (a + a.T).tocsr()


GRAPH = grid_graph()
DRAWN = os.path.join(tempfile.gettempdir(), "gridgov-test-bad-input-draw")  # where distributed.draw saves
N = GRAPH.shape[0]
COST = np.abs(np.subtract.outer(np.arange(6.0), np.arange(4.0))) * 100  # 6 demands x 4 sites
XY = np.c_[np.arange(6.0) * 100, np.zeros(6)]
SITES = np.c_[np.arange(4.0) * 150, np.zeros(4)]


# --- the catalogue ---------------------------------------------------------------------------------


@dataclass
class Case:
    """One public function, the valid arguments, and the bad values per argument."""

    name: str
    call: Callable[..., Any]  # call(**kwargs)
    good: Callable[[Any], dict[str, Any]]  # county -> valid kwargs
    bads: dict[str, dict[str, Any]]  # argument -> {class: bad value}
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # argument -> words the message may use instead
    ok: dict[str, set[str]] = field(default_factory=dict)  # argument -> classes that are valid for it


#: the location models: any demand x site matrix is a model, inf is an unreachable pair, and no
#: fixed sites is the default
LOCATION_OK = {"cost": {"wrong-length", "inf"}, "fixed": {"empty"}}


def model_method(method: str) -> Callable[..., Any]:
    return lambda model, **kw: getattr(model, method)(**kw)


CASES: list[Case] = [
    # workload balancing
    Case("partition", gg.partition, lambda c: dict(graph=GRAPH, weights=np.ones(N), k=4),
         {"weights": array_bads(N), "k": WHOLE, "tol": NUMBER, "seed": SEED,
          "regions": label_bads(N), "fixed": label_bads(N), "initial": label_bads(N), "graph": {"not-a-graph": "edges",
                                                                                                   "empty": np.zeros((0, 2)),
                                                                                                   "out-of-range": np.array([[0, N + 5]]),
                                                                                                   "negative": np.array([[0, -1]]),
                                                                                                   "nan": np.array([[0, NAN]])}},
         names={"graph": ("graph", "edge", "node", "weights"), "fixed": ("fixed",), "initial": ("initial",), "regions": ("regions",)},
         ok={}),
    Case("partition_quality", gg.partition_quality, lambda c: dict(graph=GRAPH, weights=np.ones(N), labels=np.arange(N) % 4),
         {"weights": array_bads(N), "labels": label_bads(N), "k": WHOLE}),
    Case("assign", gg.assign, lambda c: dict(cost=COST, capacity=np.full(4, 2)),
         {"cost": array_bads(6, dims=2), "capacity": label_bads(4), "minimum": label_bads(4)},
         names={"minimum": ("minimum", "at least")}, ok={"capacity": {"huge"}}),
    # coverage
    Case("coverage_matrix", gg.coverage_matrix, lambda c: dict(demand_xy=XY, site_xy=SITES, radius=120.0),
         {"demand_xy": xy_bads(6), "site_xy": xy_bads(4), "radius": NUMBER},
         names={"demand_xy": ("demand",), "site_xy": ("site",)},
         ok={"demand_xy": {"empty"}, "site_xy": {"empty"}, "radius": {"huge"}}),
    Case("p_median", gg.p_median, lambda c: dict(cost=COST, p=2),
         {"cost": array_bads(6, dims=2), "p": WHOLE, "weights": array_bads(6), "fixed": label_bads(4), "seed": SEED},
         ok=LOCATION_OK),
    Case("p_center", gg.p_center, lambda c: dict(cost=COST, p=2),
         {"cost": array_bads(6, dims=2), "p": WHOLE, "fixed": label_bads(4), "max_nodes": WHOLE}, ok=LOCATION_OK),
    Case("lscp", gg.lscp, lambda c: dict(cost=COST, radius=250.0),
         {"cost": array_bads(6, dims=2), "radius": NUMBER, "fixed": label_bads(4), "max_nodes": WHOLE},
         ok={**LOCATION_OK, "radius": {"huge", "inf"}}),
    Case("mclp", gg.mclp, lambda c: dict(cost=COST, radius=250.0, p=2),
         {"cost": array_bads(6, dims=2), "radius": NUMBER, "p": WHOLE, "weights": array_bads(6), "fixed": label_bads(4),
          "max_nodes": WHOLE}, ok={**LOCATION_OK, "radius": {"huge", "inf"}}),
    Case("audit", gg.audit, lambda c: dict(model=c),
         {"model": {"not-a-model": "county"}, "grid_households": {"reversed": (600, 150), "nan": (NAN, 600), "text": "many",
                                                                  "negative": (-5, 600)},
          "worker_households": {"reversed": (600, 150), "inf": (150, INF), "one": (150,)}},
         names={"grid_households": ("household bound",), "worker_households": ("household bound",)}),
    Case("reach", gg.reach, lambda c: dict(model=c),
         {"model": {"not-a-model": "county"}, "facility": CODE, "radius": NUMBER,
          "metric": {"unknown": "manhattan", "number": 2}, "circles": {"text": "five", "nan": {"near": NAN}}},
         ok={"radius": {"huge"}}),
    # escalation
    Case("set_language", gg.set_language, lambda c: dict(language="en"),
         {"language": {"unknown": "fr", "empty": "", "not-utf8": LONE_SURROGATE, "number": 5, "list": ["zh"]}}),
    Case("route", gg.route, lambda c: dict(model=c, place="33990100100100001010101", category="ZZ01"),
         {"model": {"not-a-model": "county"}, "place": {**CODE, "id-out-of-range": 10**9, "negative-id": -7},
          "category": CODE, "urgency": {**CODE, "unknown-urgency": "U9"}}),
    Case("route_many", gg.route_many,
         lambda c: dict(model=c, places=["33990100100100001010101"] * 2, categories=["ZZ01"] * 2),
         {"places": {"unknown": ["NO-SUCH"] * 2, "wrong-length": ["33990100100100001010101"] * 3,
                     "not-utf8": [LONE_SURROGATE] * 2, "empty": [], "two-dims": [["33990100100100001010101"] * 2]},
          "categories": {"unknown": ["XX99"] * 2, "wrong-length": ["ZZ01"] * 3, "not-utf8": [LONE_SURROGATE] * 2},
          "urgencies": {"unknown": ["U9"] * 2, "wrong-length": ["U0"] * 3}},
         names={"places": ("place",), "categories": ("categor",), "urgencies": ("urgenc",)}),
    Case("simulate", gg.simulate, lambda c: dict(model=c, days=1),
         {"days": WHOLE, "seed": SEED, "rates": {**NUMBER, "unknown-category": {"XX99": 1.0}, "nan-rate": {"ZZ01": NAN}},
          "start": {"not-a-date": "soon", "impossible": "2025-02-30", "missing": pd.NaT, "list": [1]},
          "staffing": {"unknown-grid": {"NO-SUCH": {"fulltime": 1}}, "text": "many",
                       "fraction-count": {"339901001001003": {"fulltime": 1.5}},
                       "text-count": {"339901001001003": {"parttime": "ten"}},
                       "not-utf8-grid": {LONE_SURROGATE: {"fulltime": 1}}}},
         names={"rates": ("rate", "categor"), "start": ("start",), "staffing": ("staffing", "NO-SUCH")},
         ok={}),
    Case("EscalationPolicy.from_json", gg.EscalationPolicy.from_json, lambda c: dict(text=gg.EscalationPolicy.default().to_json()),
         {"text": {"empty": "", "not-json": "{", "list": "[]", "nan-token": '{"version": NaN}', "number": 5}},
         names={"text": ("JSON", "json", "policy", "text")}),
    Case("EscalationPolicy.from_dict", gg.EscalationPolicy.from_dict, lambda c: dict(data=gg.EscalationPolicy.default().to_dict()),
         {"data": {"empty": {}, "list": [], "text": "policy", "unknown-key": {"version": 1, "colour": "red"}}},
         names={"data": ("policy", "version", "colour", "key")}),
    # grids
    Case("draw_grids", gg.draw_grids, lambda c: dict(model=c, community="339901001001"),
         {"model": {"not-a-model": "county"}, "community": CODE, "k": WHOLE,
          "households": {"reversed": (500, 300), "nan": (NAN, 500), "negative": (-300, 500), "text": "many"},
          "tol": NUMBER, "seed": SEED, "weights": {"unknown-column": {"no_such_column": 1.0}, "nan": {"households": NAN}}},
         names={"community": ("communit",), "weights": ("weight", "no_such_column")}),
    Case("assign_workers", gg.assign_workers, lambda c: dict(model=c),
         {"model": {"not-a-model": "county"}, "parttime_per_grid": WHOLE, "seed": SEED,
          "weights": {"unknown-column": {"no_such_column": 1.0}, "nan": {"households": NAN}}},
         names={"parttime_per_grid": ("parttime",), "weights": ("weight", "no_such_column")}),
    # the model
    Case("Model.load", gg.Model.load, lambda c: dict(path="/nonexistent/county.ggm"),
         {"path": {"missing": "/nonexistent/county.ggm", "folder": "/tmp", "endless": "/dev/zero", "empty": "/dev/null",
                   "number": 5}},
         names={"path": ("/nonexistent", "/tmp", "/dev/zero", "/dev/null", "path")}),
    Case("Model.from_frame", gg.Model.from_frame, lambda c: dict(nodes=c.to_frame().head(40)),
         {"nodes": {"empty": pd.DataFrame(), "no-kind": pd.DataFrame({"code": ["a"]}), "text": "nodes",
                    "unknown-kind": pd.DataFrame({"kind": ["planet"], "code": ["a"], "name": ["a"], "parent": [None]})}},
         names={"nodes": ("kind", "code", "nodes", "planet", "column")}),
    Case("Model.id", model_method("id"), lambda c: dict(model=c, code="339901001001"), {"code": CODE}),
    Case("Model.children", model_method("children"), lambda c: dict(model=c, code="339901001001"),
         {"code": CODE, "kind": {"unknown-kind": "planet", "number": 3.5}}),
    Case("Model.ancestor_of_kind", model_method("ancestor_of_kind"),
         lambda c: dict(model=c, ids=c.nodes("household")[:3], kind="grid"),
         {"ids": label_bads(3), "kind": {"unknown-kind": "planet"}}, names={"ids": ("node id",)},
         ok={"ids": {"empty", "wrong-length"}}),
    Case("Model.column", model_method("column"), lambda c: dict(model=c, kind="household", name="residents"),
         {"kind": {"unknown-kind": "planet"}, "name": {"unknown": "no_such_column", "not-utf8": LONE_SURROGATE}},
         names={"name": ("attribute", "column")}),
    Case("Model.workload", model_method("workload"), lambda c: dict(model=c),
         {"weights": {"unknown-column": {"no_such_column": 1.0}, "nan": {"households": NAN}, "inf": {"households": INF},
                      "text": "heavy"}},
         names={"weights": ("weight", "no_such_column", "households")}),
    Case("Model.subtree_sum", model_method("subtree_sum"), lambda c: dict(model=c, values=np.ones(c.size)),
         {"values": {"wrong-length": np.ones(3), "wrong-dtype": np.array(["a"] * 3), "empty": np.array([])}},
         names={"values": ("value",)}),
    Case("ModelBuilder.add", lambda **kw: gg.ModelBuilder().add(**kw), lambda c: dict(kind="county", code="X", name="X"),
         {"kind": {"unknown-kind": "planet", "number": 3.5}, "code": {"empty": "", "not-utf8": LONE_SURROGATE, "number": 1.5},
          "name": {"not-utf8": LONE_SURROGATE}, "x": NUMBER, "y": NUMBER},
         names={"x": ("coordinate",), "y": ("coordinate",)},
         ok={"x": {"negative", "nan", "huge"}, "y": {"negative", "nan", "huge"}}),  # NaN = not located
    # ingestion and the readers
    Case("from_geopandas", gg.from_geopandas, lambda c: dict(gdf=_buildings_gdf()),
         {"gdf": {"text": "buildings.gpkg", "frame": pd.DataFrame({"building": ["B1"]}),
                  "empty": _buildings_gdf().iloc[:0], "no-geometry": _buildings_gdf(missing=True)}},
         names={"gdf": ("GeoDataFrame",)}),
    Case("from_buildings", gg.from_buildings,
         lambda c: dict(buildings=pd.DataFrame({"building": ["B1", "B2"], "community": ["光明社区", "光明社区"],
                                                "households": [30, 40], "lon": [120.1, 120.1005], "lat": [30.2, 30.2003]}),
                        crs="wgs84"),
         {"buildings": {"empty": pd.DataFrame(), "text": "buildings.csv",
                        "households-inf": pd.DataFrame({"building": ["B1"], "community": ["c"], "households": [INF],
                                                        "lon": [120.1], "lat": [30.2]}),
                        "households-huge": pd.DataFrame({"building": ["B1"], "community": ["c"], "households": [1e20],
                                                         "lon": [120.1], "lat": [30.2]}),
                        "all-zero": pd.DataFrame({"building": ["B1"], "community": ["c"], "households": [0],
                                                  "lon": [120.1], "lat": [30.2]}),
                        "no-coordinates": pd.DataFrame({"building": ["B1"], "community": ["c"], "households": [3]})},
          "crs": {"unknown": "mars", "number": 4326.5},
          "origin": {"nan": (NAN, 30.0), "text": "here", "one": (120.0,)}},
         names={"buildings": ("building", "household", "row", "column", "lon", "lat", "table")},
         ok={"origin": set()}),
    Case("readers.read_csv", readers.read_csv, lambda c: dict(source=b"a,b\n1,2\n"),
         {"source": {"missing": "/nonexistent/b.csv", "folder": "/tmp", "number": 5},
          "encoding": {"unknown": "klingon"}},
         names={"source": ("/nonexistent", "/tmp", "source", "file"), "encoding": ("klingon", "encoding")}),
    Case("geo.to_wgs84", geo.to_wgs84, lambda c: dict(lon=120.1, lat=30.2, crs="gcj02"),
         {"lon": NUMBER, "lat": NUMBER, "crs": {"unknown": "mars", "number": 4326.5}},
         names={"crs": ("coordinate system",)},
         # vectorised like numpy: lists are arrays, NaN is an unlocated point and stays NaN
         ok={"lon": {"negative", "list", "nan"}, "lat": {"negative", "list", "nan"}}),
    Case("geo.to_local", geo.to_local, lambda c: dict(lon=120.1, lat=30.2, origin_lon=120.0, origin_lat=30.0),
         {"lon": NUMBER, "lat": NUMBER, "origin_lon": NUMBER, "origin_lat": NUMBER},
         names={"origin_lon": ("origin",), "origin_lat": ("origin",)},
         ok={**{k: {"negative", "list", "nan"} for k in ("lon", "lat")}, "origin_lon": {"negative"}, "origin_lat": {"negative"}}),
    Case("datasets.seed_county", gg.datasets.seed_county, lambda c: dict(seed=0), {"seed": SEED}),
    Case("Model.from_bytes", gg.Model.from_bytes, lambda c: dict(data=c.to_bytes()),
         {"data": {"empty": b"", "junk": b"junk", "text": "county", "number": 5},
          "source": {"number": 5, "not-utf8": LONE_SURROGATE}},
         names={"data": ("bytes",)}),
    # many counties (serially here: the same checks come before any Dask work)
    Case("distributed.sweep", gg.distributed.sweep, lambda c: dict(models=[c], seeds=1, days=1, client="serial"),
         {"models": {"empty": [], "number": 5, "not-a-model": [3.5], "unnamed": {"": "county.ggm"}},
          "scenarios": {"list": [{}], "text": "busy", "empty": {}, "unknown-argument": {"x": {"colour": 1}},
                        "seed": {"x": {"seed": 1}}, "not-a-mapping": {"x": 3}, "bad-policy": {"x": {"policy": 3}}},
          "seeds": WHOLE, "days": WHOLE, "threads": WHOLE, "client": {"number": 3.5, "list": [1]}},
         ok={"seeds": {"list"}}),
    Case("distributed.draw", gg.distributed.draw, lambda c: dict(models={"c": c}, out=DRAWN, client="serial",
                                                                community="339901001001"),
         {"models": {"empty": [], "number": 5, "not-a-model": [3.5]}, "out": {"number": 5, "empty": ""},
          "client": {"number": 3.5}}),
]

# Functions deliberately left out of the walk (no argument a caller can get wrong, or covered by
# the named test file): checked by test_the_walk_covers_every_public_function.
NOT_WALKED = {
    "language": "takes no argument",
    "evaluate": "test_escalation.py walks its event-log rules (EventLogError naming the row and column)",
    "orlib_pmed_costs": "test_coverage.py: a missing or malformed OR-Library file",
}


# The cases that still fail (issue 15): the untyped exception each raises, or the silent result it
# returns. Each is an expected failure that must fail (strict): fixing one makes the test pass and
# the suite fail until the entry is deleted, so the list only ever shrinks. On main at 156503b the
# walk (622 bad calls) found 179 such cases; 75 remain after the shared argument checks
# (gridgov/_args.py) in the model, coverage, grids and datasets faces; the balance face
# (partition, partition_quality, assign), the escalation face (route, route_many, simulate) and
# ingest (geo, from_buildings, read_csv) have none left: the walk finds no gap.
KNOWN_GAPS: dict[str, str] = {}


def walk() -> list[tuple[Case, str, str, Any]]:
    return [(case, arg, cls, value) for case in CASES for arg, values in case.bads.items() for cls, value in values.items()]


WALK = walk()
PARAMS = [pytest.param(c, a, k, v, id=f"{c.name}-{a}-{k}",
                       marks=[pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[f"{c.name}-{a}-{k}"])]
                       if f"{c.name}-{a}-{k}" in KNOWN_GAPS else [])
          for c, a, k, v in WALK]


def message_names(message: str, case: Case, arg: str) -> bool:
    words = (arg,) + case.names.get(arg, ())
    return any(w.lower() in message.lower() for w in words)


@pytest.mark.parametrize("case,arg,cls,value", PARAMS)
def test_bad_input_is_a_typed_error_naming_the_argument(county, case, arg, cls, value):
    kwargs = case.good(county)
    kwargs[arg] = value
    if cls in case.ok.get(arg, set()):
        case.call(**kwargs)  # valid for this argument: must work
        return
    try:
        result = case.call(**kwargs)
    except gg.Error as e:
        assert message_names(str(e), case, arg), f"{case.name}({arg}={cls}): the message does not name it: {e}"
        return
    except Exception as e:  # noqa: BLE001 - the point of the suite
        pytest.fail(f"{case.name}({arg}={cls}) raised {type(e).__name__}, not a gg.Error: {e}")
    pytest.fail(f"{case.name}({arg}={cls}) returned {type(result).__name__} silently")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_valid_arguments_work(county, case):
    """The walk starts from arguments that work, so each refusal is the bad value's doing."""
    if case.name in ("Model.load",):
        pytest.skip("no valid path here; test_model.py loads saved models")
    case.call(**case.good(county))


def test_the_walk_covers_every_public_function():
    walked = {c.name for c in CASES}
    missing = [name for name in gg.__all__
               if callable(getattr(gg, name)) and not isinstance(getattr(gg, name), type)
               and name not in walked and name not in NOT_WALKED and name not in {"datasets", "plot", "report"}]
    assert not missing, f"public functions with no bad-input cases: {missing}"
    assert len(WALK) > 300
    assert set(KNOWN_GAPS) <= {f"{c.name}-{a}-{k}" for c, a, k, _ in WALK}, "a gap names no case"
