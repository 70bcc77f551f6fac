"""A city in one model (issue 14 §1): every per-model operation on a small generated city of two
districts and three streets, imported from its buildings table without codes."""

import warnings

import numpy as np
import pandas as pd
import pytest

import gridgov as gg


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    # Three streets of ten communities from the generated city's two districts (two of the first
    # district's streets, one of the second's), by name only.
    full = gg.datasets.city_buildings(120, seed=0)
    return full[full["street"].isin(["东风街道", "建设街道", "经八路街道"])].reset_index(drop=True)


@pytest.fixture(scope="module")
def city(table) -> gg.Model:
    first = table.groupby("community", sort=False).head(1)
    stations = pd.DataFrame({"place": [f"S{i}" for i in range(len(first))], "community": first["community"].to_numpy(),
                             "type": "service_station", "lon": first["lon"].to_numpy(), "lat": first["lat"].to_numpy()})
    return gg.from_buildings(table, crs="bd09", places=stations, city_name="示范市")


@pytest.fixture(scope="module")
def plan(city) -> gg.GridPlan:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gg.InfeasibleWarning)  # communities whose band cannot be met
        return gg.draw_grids(city, threads=2)


@pytest.fixture(scope="module")
def staffed(plan) -> gg.Model:
    return gg.assign_workers(plan.apply()).model


def test_summary_counts_districts_streets_and_every_household(city, table):
    s = city.summary()
    assert (s["counties"], s["streets"], s["communities"]) == (2, 3, 30)
    assert s["buildings"] == len(table) and s["households"] == table["households"].sum()
    assert s["residents"] == table["residents"].sum()
    assert city.kind(0) == "city" and city.name(0) == "示范市"
    districts = city.children(city.code(0), "county")
    assert [city.name(d) for d in districts] == list(table["district"].unique())
    assert [len(city.children(d, "street")) for d in districts] == [2, 1]
    assert gg.datasets.seed_county().summary()["counties"] == 1


def test_the_city_model_file_round_trips(city, tmp_path):
    city.save(tmp_path / "city.ggm")
    again = gg.Model.load(tmp_path / "city.ggm")
    assert again == city and again.summary() == city.summary()


def test_audit_names_codes_of_the_city(city):
    findings = city.audit()
    assert set(findings["rule"]) <= {"building_no_grid", "community_no_command_centre"}
    assert (findings["rule"] == "building_no_grid").sum() == city.summary()["buildings"]  # no grids yet


def test_reach_covers_every_household_of_every_district(city):
    r = city.reach(radius=800)
    assert len(r.by_community) == 30
    assert r.by_community["households"].sum() == city.summary()["households"]
    assert 0.5 < r.share_within <= 1.0


def test_grids_drawn_applied_and_staffed_in_every_community(city, plan, staffed):
    quality = plan.quality.drop(index="overall")
    assert len(quality) == 30 and (quality["grids"] > 0).all()
    s = staffed.summary()
    assert (s["counties"], s["streets"], s["communities"]) == (2, 3, 30)
    assert s["households"] == city.summary()["households"] and s["buildings"] == city.summary()["buildings"]
    assert s["residential_grids"] == plan.grid_count() == s["fulltime_workers"]
    assert "building_no_grid" not in set(staffed.audit()["rule"])
    for street in staffed.nodes("street"):
        for community in staffed.children(street, "community"):
            assert staffed.children(community, "grid"), community


def test_drawing_the_city_does_not_depend_on_the_thread_count(city, plan):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gg.InfeasibleWarning)
        one = gg.draw_grids(city, threads=1)
    assert np.array_equal(one.labels, plan.labels)


def test_a_simulated_week_is_evaluated_by_district_and_street(staffed):
    week = gg.simulate(staffed, days=3, seed=1)
    evaluation = gg.evaluate(week.events, week.transitions, model=staffed)
    assert len(evaluation.by_district) == 2 and len(evaluation.by_street) == 3
    events = len(week.events)
    assert evaluation.by_district["events"].sum() == evaluation.by_street["events"].sum() == events
    assert set(evaluation.by_district.index) == {staffed.code(v) for v in staffed.nodes("county")}
    assert set(evaluation.by_street.index) == {staffed.code(v) for v in staffed.nodes("street")}
