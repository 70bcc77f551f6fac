"""The Python face of draw_grids and assign_workers (issue 17 item 6): every table a plan or an
assignment gives, field by field against what the model says independently; every argument's
error naming the argument; the warnings' count and where they point. The mutation run over
gridgov/grids.py found these unchecked (tests/mutation/README.md)."""

from __future__ import annotations

import html
import inspect
import warnings

import numpy as np
import pandas as pd
import pytest

import gridgov as gg
from gridgov.grids import assign_workers, draw_grids

from test_grids import _small_model


@pytest.fixture(scope="module")
def county() -> gg.Model:
    return gg.datasets.seed_county(0)


def _quietly(*args, **kwargs) -> gg.GridPlan:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gg.InfeasibleWarning)
        return draw_grids(*args, **kwargs)


def _buildings(model: gg.Model) -> pd.DataFrame:
    """Each building's code, community, grid today, households and coordinates, read from the
    model's own accessors."""
    ids = model.nodes("building")
    return pd.DataFrame({
        "community": model.codes(model.ancestor_of_kind(ids, "community")),
        "grid_today": [model.code(p) if model.kind_names([p])[0] == "grid" else "" for p in model.parents[ids]],
        "households": model.numeric("building", "households"),
        "x": model.x[ids], "y": model.y[ids],
    }, index=pd.Index(model.codes(ids), name="building"))


def test_a_plans_tables_field_by_field():
    model = _small_model()
    plan = draw_grids(model, k=2, weights={"households": 1.0}, tol=0.2)
    b = _buildings(model)
    # labels: building code -> grid code, every building in id order
    assert plan.labels.name == "grid" and plan.labels.index.name == "building"
    assert list(plan.labels.index) == list(b.index)
    assert all(isinstance(v, str) and v for v in plan.labels)
    # moved: the buildings whose grid is not the one they are in today
    assert plan.moved == [c for c in b.index if plan.labels[c] != b.loc[c, "grid_today"]]
    # grids: one row per grid, each figure recomputed from the buildings the labels give it
    g = plan.grids
    assert list(g.columns) == ["grid", "community", "name", "buildings", "households", "workload", "x", "y",
                               "kept_from", "status", "in_band"]
    assert sorted(g["grid"]) == sorted(set(plan.labels))
    for _, row in g.iterrows():
        members = b[plan.labels == row["grid"]]
        assert row["community"] == "110101001001" and row["buildings"] == len(members)
        assert row["households"] == members["households"].sum() == row["workload"]
        assert row["x"] == pytest.approx(members["x"].mean()) and row["y"] == pytest.approx(members["y"].mean())
        assert row["in_band"] == (300 <= row["households"] <= 500)
        today = members["grid_today"].mode()[0]  # kept grids continue the grid most of their buildings are in
        assert row["kept_from"] == today and row["status"] == "kept" and row["grid"] == today
        assert row["name"] == model.name(today)
    assert g["in_band"].dtype == bool
    # quality: a row for the community and one overall, each figure from the grids table
    q = plan.quality
    assert q.index.name == "community" and list(q.index) == ["110101001001", "overall"]
    assert list(q.columns) == ["grids", "max_ratio", "min_ratio", "cut_edges", "disconnected_grids", "empty_grids",
                               "households_min", "households_max", "households_mean", "in_band", "tol",
                               "graph_source", "finding"]
    for row in ("110101001001", "overall"):
        r = q.loc[row]
        mean = g["households"].mean()
        assert r["grids"] == 2 and r["tol"] <= 0.2 and r["finding"] == ""
        assert r["max_ratio"] == pytest.approx(g["workload"].max() / mean)
        assert r["min_ratio"] == pytest.approx(g["workload"].min() / mean)
        assert (r["households_min"], r["households_max"]) == (g["households"].min(), g["households"].max())
        assert r["households_mean"] == pytest.approx(mean) and r["in_band"] == pytest.approx(g["in_band"].mean())
        assert r["disconnected_grids"] == 0 and r["empty_grids"] == 0
    assert isinstance(q.loc["110101001001", "graph_source"], str) and q.loc["110101001001", "graph_source"]
    # its text forms
    lo, hi = g["households"].min(), g["households"].max()
    assert repr(plan) == (f"<GridPlan: 2 grids in 1 communities, households per grid {lo:.0f}-{hi:.0f}, "
                          f"{len(plan.moved)} buildings move>")
    page = plan._repr_html_()
    assert f"<!-- {html.escape(repr(plan))} -->" in page and "2 grids, 0 buildings change grid" in page
    assert "<table class=" in page and "border=" not in page  # no border (pandas leaves the attribute out at 0)
    assert f"<td>{q.loc['overall', 'max_ratio']:.3f}</td>" in page
    assert "graph_source" not in page and "finding" not in page


def test_several_weight_columns_are_named_in_both_tables():
    model = _small_model()
    plan = draw_grids(model, k=2, weights=[{"households": 1.0}, {"households": 2.0}], tol=0.2)
    assert plan.grids["workload1"].tolist() == (2 * plan.grids["workload0"]).tolist()
    assert plan.grids["workload0"].tolist() == plan.grids["households"].tolist()
    assert {"max_ratio_workload0", "min_ratio_workload1"} <= set(plan.quality.columns)
    assert "max_ratio" not in plan.quality.columns
    with pytest.raises(gg.InputError, match="^weights: give a mapping or a non-empty list of mappings$"):
        draw_grids(model, k=2, weights=[])


def test_without_a_band_there_is_no_in_band_column():
    plan = draw_grids(_small_model(), k=3, households=None, weights={"households": 1.0}, tol=0.2)
    assert plan.grid_count() == 3 and "in_band" not in plan.grids and "in_band" not in plan.quality
    with pytest.raises(gg.InputError, match="give k or a households band"):
        draw_grids(_small_model(), households=None)


def test_a_community_given_as_text_or_in_a_list_is_the_same_plan(county):
    code = county.codes(county.nodes("community"))[0]
    one = _quietly(county, code)
    assert one.labels.tolist() == _quietly(county, [code]).labels.tolist()
    assert one.labels.tolist() == _quietly(county, (c for c in [code])).labels.tolist()
    assert list(one.quality.index) == [code, "overall"]


def test_the_default_seed_is_zero(county):
    code = county.codes(county.nodes("community"))[0]   # a community whose plan depends on the seed
    default, zero, one = (_quietly(county, code, **kw).labels for kw in ({}, {"seed": 0}, {"seed": 1}))
    assert default.tolist() == zero.tolist() and default.tolist() != one.tolist()


@pytest.mark.parametrize("kwargs, message", [
    (dict(community=5), "draw_grids: community must be a community code or a list of them, got 5"),
    (dict(community="\ud800"), "draw_grids: community is not valid text"),
    (dict(community=["\ud800"]), "draw_grids: community is not valid text"),
    (dict(k=0), "draw_grids: k must be a whole number at least 1, got 0"),
    (dict(k={"339901001001": 0}), "draw_grids: k for community 339901001001 must be a whole number at least 1"),
    (dict(community="339901001001", k={"339901001002": 2, "339901001003": 2}),
     "draw_grids: k names community '339901001002', which is not being redrawn"),
    (dict(households=("a", 500)), "draw_grids: households must be a (low, high) pair, got ('a', 500)"),
    (dict(households=300), "draw_grids: households must be a (low, high) pair, got 300"),
    (dict(tol="wide"), "draw_grids: tol must be a number, got 'wide'"),
    (dict(fixed="everything"), "draw_grids: fixed must be 'current' or a mapping building -> grid, got 'everything'"),
    (dict(fixed=5), "draw_grids: fixed must be 'current' or a mapping building code -> grid code"),
    (dict(seed=-1), "draw_grids: seed must be a whole number from 0 to 2**64 - 1, got -1"),
    (dict(threads=-1), "draw_grids: threads must be a whole number at least 0, got -1"),
])
def test_each_bad_argument_is_named(county, kwargs, message):
    with pytest.raises(gg.InputError) as error:
        draw_grids(county, **kwargs)
    assert str(error.value).startswith(message)


def test_a_model_that_is_not_one_is_named():
    with pytest.raises(gg.InputError, match="^draw_grids: model must be a gridgov.Model$"):
        draw_grids("county")
    with pytest.raises(gg.InputError, match="^assign_workers: model must be a gridgov.Model$"):
        assign_workers("county")
    with pytest.raises(gg.InputError, match="^assign_workers: seed must be a whole number"):
        assign_workers(_small_model(), seed="x")


def _infeasible_draw(county, communities):
    """Every community asked for grids of 20,000-30,000 households: each gets a caveat."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = inspect.currentframe().f_lineno + 1
        plan = draw_grids(county, communities, households=(20_000, 30_000))
    return plan, [w for w in caught if issubclass(w.category, gg.InfeasibleWarning)], line


def test_five_caveats_are_five_warnings_six_are_four_and_a_count(county):
    codes = county.codes(county.nodes("community"))
    plan, caught, _ = _infeasible_draw(county, codes[:5])
    assert len(plan.warnings) == 5 and [str(w.message) for w in caught] == plan.warnings
    plan, caught, line = _infeasible_draw(county, codes[:6])
    assert len(plan.warnings) == 6 and [str(w.message) for w in caught[:4]] == plan.warnings[:4]
    assert len(caught) == 5 and str(caught[4].message) == (
        "draw_grids: 2 more communities have caveats like those above (6 of 6 in all); each is in "
        "GridPlan.warnings and GridPlan.quality['finding']")
    # Both kinds of warning point at the line that called draw_grids, not inside gridgov (under
    # mutmut, whose trampoline stands between this file and draw_grids, at the trampoline).
    wrapper = draw_grids.__code__.co_filename
    if "mutmut" in wrapper:
        assert {w.filename for w in caught} == {wrapper}
    else:
        assert {(w.filename, w.lineno) for w in caught} == {(__file__, line)}


def test_assign_workers_fields(county):
    result = assign_workers(county, weights={"households": 1.0})
    a = result.assignments
    assert list(a.columns) == ["worker", "subkind", "community", "grid_before", "grid_after", "distance_before",
                               "distance_after"]
    fulltime = a[a["subkind"] == "fulltime"]
    assert result.unassigned == fulltime.loc[fulltime["grid_after"] == "", "worker"].tolist()
    assert result.assigned_fulltime == (fulltime["grid_after"] != "").sum() == 238
    assert list(result.report.index) == ["fulltime", "parttime", "all"]
    page = result._repr_html_()  # a notebook's view: the report, metres as whole numbers with separators
    assert page.startswith("<div><b>WorkerAssignment</b><table") and page.endswith("</table></div>")
    assert f"<td>{result.report.loc['fulltime', 'total_before']:,.0f}</td>" in page and "border=" not in page
    # The weights decide the part-time shares: within a community, a grid with more households
    # never gets fewer part-time workers (largest remainder is monotone in the quota).
    shares = a[a["subkind"] == "parttime"].groupby("grid_after").size()
    grids = county.nodes("grid", "residential")
    load = pd.Series(np.asarray(county.aggregate("building", "households"))[grids], index=county.codes(grids))
    for community, members in shares.groupby(lambda g: g[:12]):
        order = load[members.index].sort_values(kind="stable")
        assert members[order.index].is_monotonic_increasing, community
    default = assign_workers(county)
    assert not default.assignments.equals(a)


def test_assign_workers_capacities_by_grid():
    model = _small_model()
    grids = model.codes(model.nodes("grid", "residential"))
    result = assign_workers(model, parttime_per_grid={grids[0]: 3, grids[1]: 1})
    per_grid = result.assignments.query("subkind == 'parttime'").groupby("grid_after").size()
    assert per_grid.to_dict() == {grids[0]: 3, grids[1]: 1}
    with pytest.raises(gg.InputError, match=f"^assign_workers: {grids[1]} must be a whole number at least 1, got 0"):
        assign_workers(model, parttime_per_grid={grids[0]: 3, grids[1]: 0})
    with pytest.raises(gg.InputError, match="^assign_workers: parttime_per_grid must be a whole number at least 1"):
        assign_workers(model, parttime_per_grid=0)
    with pytest.raises(gg.InfeasibleError):
        assign_workers(model, parttime_per_grid={grids[0]: 1, grids[1]: 1})
