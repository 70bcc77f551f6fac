"""The built-in reference county from Python: figures, structure, determinism."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import gridgov as gg
from gridgov.datasets import SEED_COUNTY_FIGURES


@pytest.fixture(scope="module")
def county() -> gg.Model:
    return gg.datasets.seed_county()


def test_summary_has_the_headline_figures(county):
    summary = county.summary()
    for key, value in SEED_COUNTY_FIGURES.items():
        assert summary[key] == value, key
    assert summary["places"] == len(county.to_frame("place")) >= 28
    assert summary["buildings"] == len(county.to_frame("building"))
    assert 2.4 < summary["residents"] / summary["households"] < 2.8


def test_is_a_gridgov_model_with_a_documented_origin(county):
    assert isinstance(county, gg.Model)
    md = county.metadata
    assert md["crs"] == "local-metres"
    assert md["name"] == "网格示范县"
    assert 73 < float(md["origin_lon"]) < 135 and 18 < float(md["origin_lat"]) < 54
    assert md["generator"]


def test_residential_grids_hold_150_to_600_households(county):
    buildings = county.to_frame("building")
    grids = county.to_frame("grid")
    residential = set(grids.loc[grids["subkind"] == "residential", "code"])
    assert set(buildings["parent"]) == residential
    per_grid = buildings.groupby("parent")["households"].sum()
    assert len(per_grid) == 238
    assert per_grid.between(150, 600).all()
    assert per_grid.sum() == 61_880
    # Codes: a grid extends its community, a building the community (not the grid).
    assert (grids["code"].str.len() == 15).all()
    assert (grids["code"].str[:12] == grids["parent"]).all()
    assert (buildings["code"].str[:12] == buildings["parent"].str[:12]).all()


def test_buildings_are_located_and_households_flagged(county):
    buildings = county.to_frame("building")
    assert np.isfinite(buildings["x"].to_numpy(dtype=float)).all()
    assert np.isfinite(buildings["y"].to_numpy(dtype=float)).all()
    households = county.to_frame("household")
    assert len(households) == 61_880
    for column, share in [("elderly_alone", 0.06), ("disabled", 0.05), ("renter", 0.17), ("registered_elsewhere", 0.22)]:
        assert abs(households[column].astype(float).mean() - share) < 0.04, column
    assert (households.loc[households["elderly_alone"].astype(bool), "residents"] == 1).all()


def test_same_seed_same_county_other_seed_other_county(tmp_path):
    a, b, c = (tmp_path / name for name in ("a.gg", "b.gg", "c.gg"))
    gg.datasets.seed_county(0).save(a)
    gg.datasets.seed_county(0).save(b)
    other = gg.datasets.seed_county(1)
    other.save(c)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    for key, value in SEED_COUNTY_FIGURES.items():
        assert other.summary()[key] == value, key
    # Seeds up to 2**64 - 1 are accepted.
    assert gg.datasets.seed_county(2**64 - 1).summary()["households"] == 61_880


@pytest.mark.parametrize("seed", [-1, 2**64, 1.5, "0", None])
def test_bad_seed_is_an_input_error(seed):
    with pytest.raises(gg.InputError, match="seed"):
        gg.datasets.seed_county(seed)


@settings(max_examples=3, deadline=None)
@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_any_seed_keeps_the_figures_and_the_grid_band(seed):
    county = gg.datasets.seed_county(seed)
    summary = county.summary()
    assert {k: summary[k] for k in SEED_COUNTY_FIGURES} == SEED_COUNTY_FIGURES
    per_grid = county.to_frame("building").groupby("parent")["households"].sum()
    assert per_grid.between(150, 600).all() and len(per_grid) == 238


def test_residential_grids_are_a_balanced_partition(county):
    """The county's grids come from the partitioner: contiguous, inside their community, most
    communities within ±5 % of their mean grid, and draw_grids keeps them as they are when they
    are pinned (so the county is its own draw_grids plan)."""
    buildings = county.to_frame("building")
    per_grid = buildings.groupby("parent")["households"].sum()
    community = per_grid.index.str[:12]
    ratio = per_grid / per_grid.groupby(community).transform("mean")
    worst = (ratio - 1).abs().groupby(community).max()
    assert (worst <= 0.05 + 1e-12).sum() >= 12 and (worst <= 0.30 + 1e-12).all()
    k = per_grid.groupby(community).size().to_dict()
    plan = gg.draw_grids(county, k=k, weights={"households": 1.0}, tol=0.3, fixed="current")
    assert plan.moved == []
    assert plan.quality.loc["overall", "disconnected_grids"] == 0
    assert (plan.to_frame()["status"] == "kept").all()
