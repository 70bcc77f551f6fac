"""Escalation: policy JSON, routing, evaluation of event logs, simulation and what-if."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import gridgov as gg
from gridgov import escalation as esc
from gridgov._core_ref import core as _core


@pytest.fixture(scope="module")
def county() -> gg.Model:
    return gg.datasets.seed_county(0)


@pytest.fixture(scope="module")
def policy() -> gg.EscalationPolicy:
    return gg.EscalationPolicy.default()


@pytest.fixture(scope="module")
def month(county, policy) -> esc.SimulationResult:
    return gg.simulate(county, policy, days=30, seed=0)


def test_names_and_texts_come_from_the_core(county):
    """One source for state, source, tier, urgency and reason names and the reason texts: the C++
    tables."""
    assert esc.STATES == tuple(_core.escalation.STATE_NAMES)
    assert esc.SOURCES == tuple(_core.escalation.SOURCE_NAMES)
    assert esc.TIERS == tuple(_core.escalation.TIER_CODES) and len(esc.TIERS) == _core.escalation.TIER_COUNT
    assert esc.URGENCIES == tuple(_core.escalation.URGENCY_CODES) == gg.readers.URGENCIES
    assert len(esc.URGENCIES) == _core.escalation.URGENCY_COUNT
    assert gg.readers.EVENT_STATES == esc.STATES + ("open",)
    assert list(esc.REASON_TEXT) == list(esc.REASONS) == list(_core.escalation.REASON_NAMES)
    assert list(esc.REASON_TEXT.values()) == list(_core.escalation.REASON_TEXTS)
    grid = county.code(int(county.nodes("grid", "residential")[0]))
    b = county.edit()
    for w in county.linked(grid, "serves", incoming=True):
        if county.subkind(w) == "fulltime":
            b.unlink(w, grid, "serves")
    r = gg.route(b.freeze(validate="defer"), county.children(grid, "building")[0], "ZZ06")
    assert r.steps[0].reason == esc.REASON_TEXT["no_fulltime_worker"]


# ---- policy -------------------------------------------------------------------------------------


def test_default_policy_follows_domain(policy):
    d = policy.to_dict()
    assert d["thresholds"] == {"warning": 0.8, "supervise": 1.0, "yellow": 1.5, "red": 2.0}
    assert d["max_returns"] == 2
    assert d["handle_limits_hours"]["L0"]["U0"] == 7.5  # one working day of 08:30-12:00, 13:30-17:30
    assert d["stage_limits_hours"]["accept"]["U2"] == 0.25
    codes = policy.category_codes
    assert len(codes) == len(set(codes))
    assert {"ZZ01", "ZZ99", "BJ0101", "SJ0499"} <= set(codes)
    assert policy.entry_tier("ZZ03") == "L2"  # urgent by default: skip rule
    assert policy.entry_tier("ZZ08") == "L4"
    assert policy.close_tier("ZZ01") == "L2"
    assert "2025-01-28" in d["calendar"]["holidays"]
    assert set(policy.categories().columns) >= {"code", "name", "default_urgency", "entry", "close", "sector"}


def test_policy_json_round_trip(tmp_path, policy):
    again = gg.EscalationPolicy.from_json(policy.to_json())
    assert again == policy
    path = tmp_path / "policy.json"
    policy.save(path)
    assert gg.EscalationPolicy.load(path) == policy
    d = json.loads(path.read_text(encoding="utf-8"))
    d["thresholds"]["red"] = 3.0
    d["calendar"]["weekend"] = ["Sun"]
    changed = gg.EscalationPolicy.from_dict(d)
    assert changed.to_dict()["thresholds"]["red"] == 3.0
    assert changed.to_dict()["calendar"]["weekend"] == ["Sun"]
    assert changed != policy


def test_policy_file_errors_name_the_file(tmp_path, policy):
    """The policy file is read and written by the C++ core (EscalationPolicy::load / save): every
    error is a gg.Error naming the file, never an OSError."""
    path = tmp_path / "政策.json"
    policy.save(str(path))
    assert path.read_text(encoding="utf-8") == policy.to_json()
    with pytest.raises(gg.FormatError, match="no such file"):
        gg.EscalationPolicy.load(tmp_path / "missing.json")
    with pytest.raises(gg.FormatError, match="folder"):
        gg.EscalationPolicy.load(tmp_path)
    path.write_text(policy.to_json().replace('"red": 2.0', '"red": "2"'), encoding="utf-8")
    with pytest.raises(gg.PolicyError, match=r"政策\.json.*thresholds\.red"):
        gg.EscalationPolicy.load(path)
    path.write_bytes(b'{"format": "\xff\xfe"}')
    with pytest.raises(gg.FormatError, match="not UTF-8 \\(byte 12\\)"):
        gg.EscalationPolicy.load(path)
    with pytest.raises(gg.FormatError, match="writing"):
        policy.save(tmp_path / "no_such_folder" / "policy.json")
    with pytest.raises(gg.InputError, match="file path"):
        gg.EscalationPolicy.load(3)


def test_policy_schema_is_strict(policy):
    """Issue 15: the policy is a contract. A misspelled key, an unknown stage or urgency rule, a
    newer version, an impossible date or a field of the wrong type is an error naming the key
    path, never a silent default."""
    def fails(change, error=gg.PolicyError, text_error=None):
        d = policy.to_dict()
        change(d)
        with pytest.raises(error) as e:
            gg.EscalationPolicy.from_dict(d)
        with pytest.raises(text_error or error):
            gg.EscalationPolicy.from_json(json.dumps(d, ensure_ascii=False))
        return str(e.value)

    msg = fails(lambda d: d.__setitem__("threshold", d.pop("thresholds")))
    assert "'threshold'" in msg and "did you mean 'thresholds'" in msg
    assert "thresholds.warn" in fails(lambda d: d["thresholds"].__setitem__("warn", d["thresholds"].pop("warning")))
    assert "stage_limits_hours.review" in fails(lambda d: d["stage_limits_hours"].__setitem__("review", {"U0": 1}))
    assert "categories[ZZ01].rules.U4" in fails(lambda d: d["categories"][0]["rules"].__setitem__("U4", d["categories"][0]["rules"]["U3"]))
    assert "99" in fails(lambda d: d.__setitem__("version", 99), gg.VersionError)
    msg = fails(lambda d: d["calendar"]["holidays"].__setitem__(0, "2025-02-30"))
    assert "calendar.holidays[0]" in msg and "2025-02-30" in msg
    msg = fails(lambda d: d["thresholds"].__setitem__("red", "high"))
    assert "thresholds.red" in msg and "number" in msg
    # JSON has no NaN: as text it is malformed, as a dict the field is named
    assert "thresholds.red" in fails(lambda d: d["thresholds"].__setitem__("red", float("nan")), text_error=gg.FormatError)
    assert "max_returns" in fails(lambda d: d.__setitem__("max_returns", 2.5))
    assert "street_tier" in fails(lambda d: d.__setitem__("street_tier", "yes"))
    assert "'Z'" in fails(lambda d: d["categories"][0].__setitem__("code", "Z"))  # was IndexError
    assert "empty code" in fails(lambda d: d["categories"][0].__setitem__("code", ""))
    with pytest.raises(gg.FormatError):
        gg.EscalationPolicy.from_json(b"\xff\xfe")
    # numpy numbers are numbers
    d = policy.to_dict()
    d["thresholds"]["red"] = np.float64(2.5)
    assert gg.EscalationPolicy.from_dict(d).to_dict()["thresholds"]["red"] == 2.5


def test_policy_validation_names_every_problem(policy):
    d = policy.to_dict()
    d["categories"][0]["rules"]["U0"] = {"entry": "L2", "close": "L0", "sector": "司法"}
    d["categories"][1]["code"] = d["categories"][2]["code"]
    d["handle_limits_hours"]["L1"]["U0"] = -1
    d["stage_limits_hours"]["verify"]["U3"] = 0
    with pytest.raises(gg.PolicyError) as e:
        gg.EscalationPolicy.from_dict(d)
    msg = str(e.value)
    assert "ZZ01" in msg and "skip backwards" in msg
    assert "listed twice" in msg
    assert "L1 U0 is negative" in msg
    assert "verify at U3" in msg
    bad = policy.to_dict()
    bad["categories"][0]["default_urgency"] = "U7"
    with pytest.raises(gg.PolicyError, match="default_urgency"):
        gg.EscalationPolicy.from_dict(bad)
    bad = policy.to_dict()
    bad["calendar"]["windows"] = ["13:00-12:00"]
    with pytest.raises(gg.PolicyError, match="window"):
        gg.EscalationPolicy.from_dict(bad)
    bad = policy.to_dict()
    bad["categories"][0]["code"] = "XX01"
    with pytest.raises(gg.PolicyError, match="XX01"):
        gg.EscalationPolicy.from_dict(bad)
    with pytest.raises(gg.FormatError):
        gg.EscalationPolicy.from_json("{not json")
    assert issubclass(gg.PolicyError, gg.Error)


# ---- routing ------------------------------------------------------------------------------------


def test_route_household_climbs_grid_compound_community(county, policy):
    hh = county.code(int(county.nodes("household")[0]))
    r = gg.route(county, hh, "ZZ01", policy=policy)
    assert (r.entry_tier, r.close_tier, r.urgency) == ("L0", "L2", "U0")
    tiers = [s.tier for s in r.steps]
    assert tiers == sorted(tiers) and tiers[0] == "L0" and tiers[-1] == "L2"
    assert county.kind(r.steps[0].handler) == "grid"
    assert county.kind(r.steps[1].handler) == "worker" and county.subkind(r.steps[1].handler) == "fulltime"
    assert all(s.reason for s in r.steps)
    city = gg.route(county, hh, "BJ0101")
    assert city.steps[-1].tier == "L4" and county.subkind(city.steps[-1].handler) == "department"
    assert city.department == city.steps[-1].handler
    assert "L4" in str(city) and isinstance(city.to_frame(), pd.DataFrame)
    assert "<" in city._repr_html_()


def test_model_methods_delegate(county):
    hh = county.code(int(county.nodes("household")[0]))
    assert county.route(hh, "ZZ02") == gg.route(county, hh, "ZZ02")
    many = county.route_many([hh, hh], ["ZZ02", "ZZ08"], ["U1", None])
    assert list(many["entry_tier"]) == [0, 4]
    assert esc.reason_names(many["reason"][1]) == ["category_entry", "reported_above"]


def test_route_special_grid_goes_to_host_and_sector(county):
    place = next(int(p) for p in county.nodes("place") if county.linked(int(p), "hosts"))
    r = gg.route(county, county.code(place), "ZZ06")
    assert "special_grid" in r.reasons
    l1 = [s for s in r.steps if s.tier == "L1"]
    assert l1 and l1[0].handler == county.code(place)
    assert r.department is not None and county.subkind(r.department) == "department"


def test_route_without_worker_or_grid_still_reaches_a_handler(county):
    grid = county.code(int(county.nodes("grid", "residential")[0]))
    workers = [w for w in county.linked(grid, "serves", incoming=True) if county.subkind(w) == "fulltime"]
    b = county.edit()
    for w in workers:
        b.unlink(w, grid, "serves")
    building = county.children(grid, "building")[0]
    other = county.children(grid, "building")[1]
    community = county.parent(grid)
    b.move(other, community)
    edited = b.freeze(validate="defer")
    r = gg.route(edited, building, "ZZ06")
    assert r.entry_tier == "L2" and "no_fulltime_worker" in r.reasons
    assert r.steps[0].tier == "L2" and "full-time" in r.steps[0].reason
    r2 = gg.route(edited, other, "ZZ06")
    assert "no_grid" in r2.reasons and r2.steps and "no grid" in r2.steps[0].reason


def test_route_many_matches_route_and_accepts_ids(county, policy):
    rng = np.random.default_rng(1)
    households = county.nodes("household")
    places = rng.choice(households, 200)
    cats = rng.choice(policy.category_codes, 200)
    by_code = gg.route_many(county, county.codes(places), cats, policy=policy)
    by_id = gg.route_many(county, places, [policy.category_index(c) for c in cats], policy=policy)
    for key in ("entry_tier", "close_tier", "handlers", "department", "reason"):
        np.testing.assert_array_equal(by_code[key], by_id[key])
    assert by_code["handlers"].shape == (200, 6)
    for i in range(0, 200, 23):
        one = gg.route(county, int(places[i]), str(cats[i]))
        assert esc.TIERS[by_code["entry_tier"][i]] == one.entry_tier
        assert esc.TIERS[by_code["close_tier"][i]] == one.close_tier
        assert esc.reason_names(by_code["reason"][i]) == list(one.reasons)


def test_route_bad_input_names_the_record(county):
    hh = county.code(int(county.nodes("household")[0]))
    with pytest.raises(gg.UnknownCodeError, match="ZZ77"):
        gg.route(county, hh, "ZZ77")
    with pytest.raises(gg.UnknownCodeError, match="U9"):
        gg.route(county, hh, "ZZ01", urgency="U9")
    with pytest.raises(gg.UnknownCodeError):
        gg.route(county, "nonsense", "ZZ01")
    community = county.code(int(county.nodes("community")[0]))
    with pytest.raises(gg.InputError, match="community"):
        gg.route(county, community, "ZZ01")
    with pytest.raises(gg.UnknownCodeError, match="event 1"):
        gg.route_many(county, [hh, hh], ["ZZ01", "ZZ77"])


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_route_many_invariants(county, policy, data):
    n = data.draw(st.integers(1, 50))
    kinds = ["household", "building", "place", "grid", "unit"]
    ids = []
    for _ in range(n):
        nodes = county.nodes(data.draw(st.sampled_from(kinds)))
        ids.append(int(nodes[data.draw(st.integers(0, len(nodes) - 1))]))
    cats = data.draw(st.lists(st.integers(0, len(policy.category_codes) - 1), min_size=n, max_size=n))
    urg = data.draw(st.lists(st.integers(-1, 3), min_size=n, max_size=n))
    r = gg.route_many(county, np.array(ids), np.array(cats), np.array(urg, dtype=np.int8), policy=policy)
    for i in range(n):
        e, c = r["entry_tier"][i], r["close_tier"][i]
        assert 0 <= e <= c <= 4
        assert r["handlers"][i, e] >= 0  # the entry tier always has a handler
        for t in range(5):
            if t < e or t > c:
                assert r["handlers"][i, t] == -1


# ---- simulation ---------------------------------------------------------------------------------


def test_simulation_books_balance(month):
    ev, tr, k = month.events, month.transitions, month.kpis
    assert k["events"] == len(ev) > 10000
    status = ev["status"].astype(str)
    assert (status == "closed").sum() == k["closed"]
    assert (status == "void").sum() == k["void"]
    assert k["closed"] + k["void"] + k["open"] == k["events"]
    assert ev["closed_at"].notna().sum() == k["closed"]
    assert (ev.loc[status == "closed", "closed_tier"] >= 0).all()
    assert (ev.loc[status != "closed", "closed_tier"] == -1).all()
    # Every event's transitions chain: the first leaves "reported", each starts where the last ended.
    first = tr.groupby("event_id", sort=False).head(1)
    assert (first["from_state"].astype(str) == "reported").all()
    same_event = tr["event_id"].to_numpy()[1:] == tr["event_id"].to_numpy()[:-1]
    chained = tr["from_state"].astype(str).to_numpy()[1:] == tr["to_state"].astype(str).to_numpy()[:-1]
    assert chained[same_event].all()
    last = tr.groupby("event_id").tail(1).set_index("event_id")["to_state"].astype(str)
    with_rows = ev.set_index("event_id").loc[last.index, "status"].astype(str)
    assert (with_rows == last).all()
    assert (tr["time"] <= month.as_of).all()
    rates = ["resolved_in_grid_rate", "resolved_in_compound_rate", "resolved_in_community_rate",
             "resolved_in_street_rate", "reached_county_rate"]
    assert sum(k[r] for r in rates) == pytest.approx(k["closed_share"])
    assert k["closed_share"] == pytest.approx(k["closed"] / k["events"])
    assert k["closure_rate"] == pytest.approx(k["closed"] / k["due"])  # 结案率 over the events due
    assert k["closure_rate"] > k["closed_share"]  # open events not yet due are not owed
    assert k["closed_in_grid_share"] == pytest.approx(k["resolved_in_grid_rate"] / k["closed_share"])
    for key in ("closure_rate", "on_time_closure_rate", "disposal_rate", "rework_rate", "escalation_rate",
                "closed_in_grid_share", "closed_in_compound_or_below_share", "closed_in_community_or_below_share"):
        assert 0 <= k[key] <= 1, key
    assert (k["closed_in_grid_share"] <= k["closed_in_compound_or_below_share"]
            <= k["closed_in_community_or_below_share"] <= 1)
    assert set(month.workers.columns) >= {"worker", "grid", "utilisation"}
    assert "closure_rate" in month._repr_html_()
    assert ((month.workers["utilisation"] >= 0) & (month.workers["utilisation"] <= 1.0 + 1e-9)).all()


def test_evaluate_recounts_the_simulators_kpis(month, policy, county):
    ev = gg.evaluate(month.events, month.transitions, policy)
    assert ev.kpis.keys() == month.kpis.keys()
    for key, value in month.kpis.items():
        assert ev.kpis[key] == pytest.approx(value, rel=1e-9, abs=1e-9), key
    for table in (ev.by_grid, ev.by_community, ev.by_department, ev.by_worker):
        assert not table.empty
        assert set(table.columns) >= {"结案率", "按期结案率", "处置率", "返工率", "自行处置率", "上移率", "score", "grade"}
        assert set(table["grade"]) <= set("ABCDE")
    assert ev.by_grid["events"].sum() + month.events["grid"].isna().sum() == len(month.events)
    # With the model but without the grid/community columns, routing fills them in identically.
    slim = month.events[list(esc.EVENT_COLUMNS) + ["source", "satisfied"]].copy()
    slim.attrs["as_of"] = month.as_of
    ev2 = gg.evaluate(slim, month.transitions, policy, model=county)
    assert ev2.kpis == ev.kpis
    pd.testing.assert_frame_equal(ev2.by_community, ev.by_community)


def test_simulation_is_deterministic(county):
    a = gg.simulate(county, days=3, seed=5)
    b = gg.simulate(county, days=3, seed=5)
    c = gg.simulate(county, days=3, seed=6)
    one_thread = gg.simulate(county, days=3, seed=5, threads=1)
    pd.testing.assert_frame_equal(a.events, one_thread.events)
    pd.testing.assert_frame_equal(a.transitions, one_thread.transitions)
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.transitions, b.transitions)
    assert len(a.events) != len(c.events) or not a.events["created_at"].equals(c.events["created_at"])


def _grid_tally(result: esc.SimulationResult, grid: str, policy) -> tuple[int, int]:
    ev = gg.evaluate(result.events, result.transitions, policy).events
    mine = (result.events["grid"] == grid).to_numpy()
    late = (ev["closed"] & ~ev["on_time"]) | (ev["due"] & ~ev["closed"])
    return int(ev.loc[mine, "escalations"].sum()), int(late[mine].sum())


def test_what_if_removing_a_fulltime_worker(county, policy, month):
    grid = county.code(int(county.nodes("grid", "residential")[3]))
    after = gg.simulate(county, policy, days=30, seed=0, staffing={grid: {"fulltime": 0}})
    esc0, late0 = _grid_tally(month, grid, policy)
    esc1, late1 = _grid_tally(after, grid, policy)
    assert esc1 > esc0
    assert late1 > late0
    inactive = after.workers[(after.workers["grid"] == grid) & (after.workers["subkind"] == "fulltime")]
    assert not inactive["active"].any()


def test_what_if_parttime_workers_relieve_an_overloaded_grid(county, policy):
    busy = gg.simulate(county, policy, days=30, seed=0, rates=6.0)
    ev = gg.evaluate(busy.events, busy.transitions, policy)
    worst = ev.by_grid["red_cards"].idxmax()
    helped = gg.simulate(county, policy, days=30, seed=0, rates=6.0,
                         staffing={worst: {"fulltime": 1, "parttime": 15 + int(busy.grids.set_index("grid").loc[worst, "parttime"])}})
    esc0, late0 = _grid_tally(busy, worst, policy)
    esc1, late1 = _grid_tally(helped, worst, policy)
    assert esc1 < esc0
    assert late1 < late0


def test_simulate_bad_input(county):
    with pytest.raises(gg.InputError, match="days"):
        gg.simulate(county, days=0)
    with pytest.raises(gg.UnknownCodeError):
        gg.simulate(county, days=1, rates={"ZZ77": 0.1})
    with pytest.raises(gg.UnknownCodeError):
        gg.simulate(county, days=1, staffing={"nope": {"fulltime": 0}})
    grid = county.code(int(county.nodes("grid")[0]))
    with pytest.raises(gg.InputError, match="parttime"):
        gg.simulate(county, days=1, staffing={grid: {"parttime": -1}})
    with pytest.raises(gg.InputError, match="unknown parameter"):
        gg.simulate(county, days=1, speed=2)
    with pytest.raises(gg.InputError, match="rework_prob"):
        gg.simulate(county, days=1, rework_prob=1.5)
    with pytest.raises(gg.InputError, match="station_staff"):
        gg.simulate(county, days=1, station_staff=-1)
    with pytest.raises(gg.InputError, match="void_prob"):
        gg.simulate(county, days=1, void_prob="often")


def test_simulate_huge_rates_fail_before_allocating(county):
    """Issue 15: rates=1e9 reserved memory before its "more than 2^31 events" guard. The expected
    count is now checked against max_events before anything is allocated."""
    import resource
    import time

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with pytest.raises(gg.InputError, match="max_events"):
        gg.simulate(county, days=30, rates=1e9)
    assert time.perf_counter() - start < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB: no blow-up
    with pytest.raises(gg.InputError, match="max_events"):
        gg.simulate(county, days=30, max_events=1000)


@pytest.mark.parametrize("seed", [-1, 2**64, 1.5, "0", True])
def test_simulate_bad_seed_is_a_typed_error(county, seed):
    """Issue 15: simulate(seed=-1) gave RuntimeError; seeds are whole numbers 0 .. 2**64 - 1."""
    with pytest.raises(gg.InputError, match="seed"):
        gg.simulate(county, days=1, seed=seed)


def test_simulate_accepts_every_unsigned_seed(county):
    a = gg.simulate(county, days=1, seed=np.int64(7))
    b = gg.simulate(county, days=1, seed=7)
    pd.testing.assert_frame_equal(a.events, b.events)
    assert len(gg.simulate(county, days=1, seed=2**64 - 1).events) > 0


# ---- event logs -----------------------------------------------------------------------------------


def _tiny_log():
    t0 = pd.Timestamp("2025-01-06 09:00")
    events = pd.DataFrame({"event_id": [1, 2], "created_at": [t0, t0], "place": ["a", "b"],
                           "category": ["ZZ01", "ZZ06"], "urgency": ["U0", None]})
    states = ["reported", "accepted", "dispatched", "handling", "feedback", "verified", "closed"]
    rows = []
    for k in range(6):
        rows.append({"event_id": 1, "time": t0 + pd.Timedelta(minutes=10 * (k + 1)), "from_state": states[k],
                     "to_state": states[k + 1], "tier": "L0", "actor": "w1"})
    rows.append({"event_id": 2, "time": t0 + pd.Timedelta(minutes=5), "from_state": "reported",
                 "to_state": "accepted", "tier": 0, "actor": "w2"})
    return events, pd.DataFrame(rows)


def test_evaluate_a_hand_written_log(policy):
    events, transitions = _tiny_log()
    ev = gg.evaluate(events, transitions, policy, as_of="2025-01-06 12:00")
    k = ev.kpis
    assert (k["events"], k["closed"], k["open"]) == (2, 1, 1)
    assert k["resolved_in_grid_rate"] == 0.5 and k["on_time_share"] == 0.5
    # event 2 is open but not yet due (3 working hours into 28.5): 结案率 and 按期结案率 owe only event 1
    assert k["due"] == 1 and k["closure_rate"] == 1.0 and k["on_time_closure_rate"] == 1.0
    assert k["mean_hours_to_close"] == pytest.approx(1.0)
    assert ev.by_worker.loc["w1", "closed"] == 1
    assert ev.by_department.empty or "司法" not in ev.by_department.index  # never reached the county


@pytest.mark.parametrize("breakage,match", [
    (lambda e, t: (e.drop(columns="urgency"), t), "urgency"),
    (lambda e, t: (e, t.drop(columns="actor")), "actor"),
    (lambda e, t: (e.assign(category=["ZZ01", "QQ01"]), t), "QQ01"),
    (lambda e, t: (e.assign(urgency=["U0", "U8"]), t), "U8"),
    (lambda e, t: (e, t.assign(to_state=t["to_state"].where(t.index != 2, "teleported"))), "teleported"),
    (lambda e, t: (e, t.assign(to_state=t["to_state"].where(t.index != 0, "closed"))), "row 0"),
    (lambda e, t: (e, t.assign(time=t["time"].where(t.index != 3, t["time"].iloc[0] - pd.Timedelta(hours=2)))), "backwards"),
    (lambda e, t: (e, t.assign(event_id=t["event_id"].where(t.index != 6, 99))), "99"),
])
def test_evaluate_rejects_bad_logs(policy, breakage, match):
    events, transitions = breakage(*_tiny_log())
    with pytest.raises(gg.EventLogError, match=match):
        gg.evaluate(events, transitions, policy)


@pytest.mark.parametrize("as_of", ["soon", [1, 2], pd.NaT, 1 + 2j])
def test_evaluate_bad_as_of_is_a_typed_error(policy, as_of):
    events, transitions = _tiny_log()
    with pytest.raises(gg.InputError, match="as_of"):
        gg.evaluate(events, transitions, policy, as_of=as_of)


def test_evaluate_as_of_with_a_time_zone_is_local_time(policy):
    """A time-zone-aware as_of reads as Beijing time, as the log's time-zone-aware columns do."""
    events, transitions = _tiny_log()
    naive = gg.evaluate(events, transitions, policy, as_of="2025-01-06 12:00").kpis
    aware = gg.evaluate(events, transitions, policy, as_of=pd.Timestamp("2025-01-06 04:00", tz="UTC")).kpis
    assert aware == naive


def test_policy_lookups_take_text(policy):
    for call in (lambda: policy.category_index(["ZZ01"]), lambda: policy.entry_tier(["ZZ01"]),
                 lambda: policy.close_tier(3.5), lambda: policy.default_urgency(None)):
        with pytest.raises(gg.InputError, match="category"):
            call()


def test_evaluate_unknown_place_with_model(county, policy):
    events, transitions = _tiny_log()
    with pytest.raises(gg.EventLogError, match="'a'|a"):
        gg.evaluate(events, transitions, policy, model=county)


def test_policy_fuzz_seeds_are_current_and_typed():
    """fuzz/corpus/fuzz_policy_json/ holds what fuzz/make_policy_json_seeds.py writes; the valid
    seeds load and write back, each near miss stops at its own typed error."""
    import importlib.util
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("make_policy_json_seeds", root / "fuzz" / "make_policy_json_seeds.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_policy_json_seeds"] = module
    spec.loader.exec_module(module)
    corpus = root / "fuzz" / "corpus" / "fuzz_policy_json"
    expected = {"misspelled_key.json": (gg.PolicyError, "threshold"), "unknown_stage.json": (gg.PolicyError, "review"),
                "unknown_urgency_rule.json": (gg.PolicyError, "U4"), "newer_version.json": (gg.VersionError, "99"),
                "impossible_date.json": (gg.PolicyError, "2025-02-30"), "wrong_type.json": (gg.PolicyError, "thresholds.red"),
                "one_letter_code.json": (gg.PolicyError, "'Z'"), "not_json.json": (gg.FormatError, "malformed")}
    seeds = module.seed_bytes()
    findings = [p for p in corpus.iterdir() if p.name.startswith("finding-")]  # past fuzz findings, kept
    assert sorted(p.name for p in corpus.iterdir() if p not in findings) == sorted(seeds)
    for path in findings:
        with pytest.raises(gg.Error):
            gg.EscalationPolicy.load(path)
    for name, data in seeds.items():
        assert (corpus / name).read_bytes() == data, f"{name} is stale: run fuzz/make_policy_json_seeds.py"
        if name in expected:
            error, words = expected[name]
            with pytest.raises(error, match=words):
                gg.EscalationPolicy.load(corpus / name)
        else:
            p = gg.EscalationPolicy.load(corpus / name)
            assert gg.EscalationPolicy.from_json(p.to_json()) == p


def test_evaluate_month_by_month_recounts_each_months_report(county, policy):
    """Issue 12 §3: evaluate(..., period="M") grades month by month. Each row must equal the
    evaluation of that month's events alone, with the log cut at the month's end."""
    run = gg.simulate(county, policy, days=45, seed=3, start="2025-05-20")
    ev = gg.evaluate(run.events, run.transitions, policy, period="M")
    assert list(ev.by_period.index) == ["2025-05", "2025-06", "2025-07"]
    assert ev.by_period["events"].sum() == len(run.events)
    for period, row in ev.by_period.iterrows():
        start = pd.Timestamp(period + "-01")
        end = min(start + pd.offsets.MonthBegin(1), run.as_of)
        assert row["measured_at"] == end
        mine = run.events[(run.events["created_at"] >= start) & (run.events["created_at"] < start + pd.offsets.MonthBegin(1))]
        moves = run.transitions[run.transitions["event_id"].isin(mine["event_id"]) & (run.transitions["time"] <= end)]
        alone = gg.evaluate(mine, moves, policy, as_of=end)
        for key, value in alone.kpis.items():
            assert row[key] == pytest.approx(value, rel=1e-12, abs=1e-12), (period, key)
        k = alone.kpis
        score = (40 * k["closure_rate"] + 30 * k["on_time_closure_rate"] + 15 * (1 - k["rework_rate"])
                 + 15 * k["resolved_in_grid_rate"])
        assert row["score"] == pytest.approx(score)
        assert row["grade"] == ("A" if score >= 90 else "B" if score >= 75 else "C" if score >= 60 else "D" if score >= 40 else "E")
    assert gg.evaluate(run.events, run.transitions, policy).by_period is None
    with pytest.raises(gg.InputError, match="period"):
        gg.evaluate(run.events, run.transitions, policy, period="W")


def test_grading_is_an_editable_part_of_the_policy(policy, month):
    """The weights, bands and grade bounds live in the policy's JSON ("grading")."""
    d = policy.to_dict()
    assert d["grading"]["area"] == {"closure": 0.4, "on_time": 0.3, "no_rework": 0.15, "self_resolved": 0.15}
    assert d["grading"]["grades"][0] == [90.0, "A"]
    d["grading"]["area"] = {"closure": 0.0, "on_time": 0.0, "no_rework": 0.0, "self_resolved": 1.0}
    d["grading"]["grades"] = [[50.0, "好"]]
    d["grading"]["lowest_grade"] = "差"
    edited = gg.EscalationPolicy.from_dict(d)
    assert gg.EscalationPolicy.from_json(edited.to_json()) == edited
    by_grid = gg.evaluate(month.events, month.transitions, edited).by_grid
    np.testing.assert_allclose(by_grid["score"], by_grid["自行处置率"])  # all the weight on 自行处置率
    assert set(by_grid["grade"]) <= {"好", "差"}
    assert (by_grid["grade"] == np.where(by_grid["score"] >= 50, "好", "差")).all()
    d["grading"]["area"]["closure"] = "much"
    with pytest.raises(gg.PolicyError, match="grading.area.closure"):
        gg.EscalationPolicy.from_dict(d)
