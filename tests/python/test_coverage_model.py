"""Coverage on the model: the audit (each rule finds exactly its planted defect) and reach."""

from __future__ import annotations

import numpy as np
import pytest

import gridgov as gg
from gridgov.coverage import AUDIT_COLUMNS


@pytest.fixture(scope="module")
def county():
    return gg.datasets.seed_county(0)


def codes(model, kind, subkind=None):
    return model.codes(model.nodes(kind, subkind))


def planted(model, change):
    b = model.edit()
    change(b)
    return b.freeze(validate="defer")


def rule_rows(frame, rule):
    return frame[frame.rule == rule]


def test_seed_county_audits_clean(county):
    frame = gg.audit(county)
    assert list(frame.columns) == AUDIT_COLUMNS
    assert frame.empty, frame.head(10).to_string()


def _residential_grid(model, k=0):
    return codes(model, "grid", "residential")[k]


def _plant_cases(model):
    grid = _residential_grid(model, 3)
    community = model.parent(grid)
    building = model.children(grid, "building")[0]
    other_grid = [g for g in model.children(community, "grid") if g != grid and model.subkind(g) == "residential"][0]
    fulltime = [w for w in model.linked(grid, "serves", incoming=True)
                if model.kind(w) == "worker" and model.subkind(w) == "fulltime"][0]
    parttime = codes(model, "worker", "parttime")[5]
    party = [o for o in model.linked(grid, "serves", incoming=True) if model.subkind(o) == "party_group"][0]
    school = codes(model, "place", "school")[0]
    station = [o for o in model.children(community, "organisation") if model.subkind(o) == "service_station"][0]
    centre = [o for o in model.children(community, "organisation") if model.subkind(o) == "command_centre"][0]
    other_community = [c for c in codes(model, "community") if c != community][0]
    foreign_grid = [g for g in model.children(other_community, "grid") if model.subkind(g) == "residential"][0]
    county_code = model.parent(community)
    return {
        "building_no_grid": (lambda b: b.move(building, community), building),
        "building_two_grids": (lambda b: b.link(other_grid, building, "claims"), building),
        "grid_no_community": (lambda b: b.move(grid, county_code), grid),
        "grid_two_communities": (lambda b: b.move(building, foreign_grid), foreign_grid),
        "grid_no_fulltime_worker": (lambda b: (b.unlink(fulltime, grid, "serves"), b.link(fulltime, other_grid, "serves")), grid),
        "grid_no_party_group": (lambda b: b.remove(party), grid),
        "special_place_not_in_special_grid": (lambda b: b.move(school, grid), school),
        "worker_no_grid": (lambda b: b.unlink(parttime, None, "serves"), parttime),
        "community_no_service_station": (lambda b: b.remove(station), community),
        "community_no_command_centre": (lambda b: b.remove(centre, recursive=True), community),
    }


@pytest.mark.parametrize(
    "rule",
    [
        "building_no_grid",
        "building_two_grids",
        "grid_no_community",
        "grid_two_communities",
        "grid_no_fulltime_worker",
        "grid_no_party_group",
        "special_place_not_in_special_grid",
        "worker_no_grid",
        "community_no_service_station",
        "community_no_command_centre",
    ],
)
def test_each_rule_finds_exactly_its_planted_defect(county, rule):
    change, culprit = _plant_cases(county)[rule]
    model = planted(county, change)
    frame = gg.audit(model)
    rows = rule_rows(frame, rule)
    assert list(rows.code) == [culprit], frame.to_string()
    assert rows.detail.str.len().min() > 10


def test_household_and_place_in_no_grid(county):
    grid = _residential_grid(county, 1)
    community = county.parent(grid)
    building = county.children(grid, "building")[0]
    unit = county.children(building, "unit")[0]
    household = county.children(unit, "household")[0]
    place = [p for p in codes(county, "place") if county.subkind(p) not in ("enterprise", "school", "hospital", "mall", "market")][0]
    model = planted(county, lambda b: (b.move(household, community), b.move(place, community)))
    frame = gg.audit(model)
    assert list(rule_rows(frame, "household_no_grid").code) == [household]
    assert list(rule_rows(frame, "place_no_grid").code) == [place]


def test_household_bounds_and_connectivity(county):
    frame = gg.audit(county, grid_households=(150, 300), worker_households=(150, 300))
    counts = county.count_descendants("household")
    residential = county.nodes("grid", "residential")
    expected = sorted(county.codes(residential[counts[residential] > 300]))
    assert sorted(rule_rows(frame, "grid_households_out_of_bounds").code) == expected
    assert len(rule_rows(frame, "worker_households_out_of_bounds")) == len(expected)  # one full-time worker per grid
    # a building moved into a grid it does not touch leaves that grid in two pieces
    grids = county.codes(residential)
    a, b = grids[0], grids[-1]
    assert county.parent(a) != county.parent(b)
    community = county.parent(b)
    far = [g for g in county.children(community, "grid") if county.subkind(g) == "residential"]
    target, donor = far[0], far[-1]
    touching = set()
    for bld in county.children(target, "building"):
        touching.update(county.linked(bld, "adjacent"))
    loner = [x for x in county.children(donor, "building") if x not in touching][0]
    model = planted(county, lambda e: e.move(loner, target))
    rows = rule_rows(gg.audit(model), "grid_not_connected")
    assert target in set(rows.code)


def test_audit_bad_input(county):
    with pytest.raises(gg.InputError):
        gg.audit("not a model")
    with pytest.raises(gg.InputError):
        gg.audit(county, grid_households=(600, 150))


def test_reach_euclidean_and_network(county):
    eu = gg.reach(county, "service_station", radius=500)
    net = gg.reach(county, "service_station", radius=500, metric="network")
    n = county.count("household")
    assert len(eu.households) == len(net.households) == n
    # a path is never shorter than the straight line (road lengths are rounded to the centimetre)
    assert (net.households.distance.to_numpy() >= eu.households.distance.to_numpy() - 0.05).all()
    assert list(eu.life_circles.radius) == [300.0, 500.0, 1000.0]
    shares = net.life_circles.share.to_numpy()
    assert np.all(np.diff(shares) >= 0) and 0 < shares[0] <= 1
    assert net.by_community.households.sum() == n
    assert net.by_community.out_of_reach.sum() == (~net.households.within).sum()
    # the nearest station by straight line really is the nearest
    x, y = county.x, county.y
    stations = county.nodes("organisation", "service_station")
    row = eu.households.iloc[123]
    b = county.id(row.building)
    assert row.distance == pytest.approx(np.min(np.hypot(x[stations] - x[b], y[stations] - y[b])))
    with pytest.raises(gg.InputError):
        gg.reach(county, "no_such_facility")
    with pytest.raises(gg.InputError):
        gg.reach(county, metric="manhattan")
