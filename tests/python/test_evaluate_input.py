"""How gg.evaluate reads a log: every form the documented columns may take, and every refusal
naming its table, row and value (issue 17 item 6).

Written against the mutation pass over evaluate's Python conversion (tests/mutation/README.md):
a changed comparison, dropped argument or swapped name in ``gridgov/escalation.py``'s
``evaluate``, ``_seconds``, ``_require``, ``_tier_ints``, ``_state_ints``, ``_source_ids``,
``_satisfied_values``, ``_unit_table``, ``_indicators`` or ``_city_levels`` makes a test here fail.

Every expected value is worked out by hand from docs/escalation.md ("Lifecycle and event logs",
the indicator table) and the default policy's calendar, as in test_escalation_indicators.py:
windows 08:30-12:00 and 13:30-17:30 (7.5 working hours a day), weekends off; an event entering at
L0 owes 28.5 working hours from report to close, one entering at L2 58.5, an urgent one (U2,
natural clock, entering L2) 28.75 h, a major one (U3, entering L4) 4 h 20.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import gridgov as gg
from gridgov.escalation import STATES

AS_OF = pd.Timestamp("2025-01-17 17:30")  # Friday of the second week; 2025-01-06 is a Monday


def T(text: str) -> pd.Timestamp:
    return pd.Timestamp("2025-01-" + text)


# event -> (category, urgency, grid, community, created, [(time, to_state, tier, actor)])
LOG = {
    # A: 矛盾纠纷 settled in the grid in 2 h 45, on time (deadline: 0.5 wh on Monday morning + 28.5
    # = 29 wh from Mon 08:30 = Thu 09 16:30).
    "A": ("ZZ01", "U0", "G1", "C1", T("06 09:00"), [
        ("06 09:30", "accepted", 0, "w1"), ("06 10:00", "dispatched", 0, "w1"), ("06 10:00", "handling", 0, "w1"),
        ("06 11:00", "feedback", 0, "w1"), ("06 11:30", "verified", 0, "w1"), ("06 11:45", "closed", 0, "w1")]),
    # B: 信访 enters the community (L2) and is closed there in 3 h, on time (59 wh from Mon 08:30:
    # seven working days of 7.5 = 52.5, then 6.5 into Wed 15 = 16:30).
    "B": ("ZZ09", "U0", "G2", "C1", T("06 09:00"), [
        ("06 09:30", "accepted", 2, "S1"), ("06 10:00", "dispatched", 2, "S1"), ("06 10:00", "handling", 2, "S1"),
        ("06 11:00", "feedback", 2, "S1"), ("06 11:30", "verified", 2, "S1"), ("06 12:00", "closed", 2, "S1")]),
    # C: 安全隐患 with no urgency = the category's U2 (natural clock, skip rule -> L2), reported
    # Saturday 22:00 and only accepted: due at Sat 22:00 + 28:45 = Mon 13 02:45, open past it.
    "C": ("ZZ03", None, "G2", "C2", T("11 22:00"), [("11 22:10", "accepted", 2, "S2")]),
    # D: 政策咨询 voided at report: never due (deadline Wed 08 08:30 + 29 wh = Mon 13 16:30).
    "D": ("ZZ07", "U0", "G1", "C1", T("08 09:00"), [("08 09:20", "void", 0, "w1")]),
}
IDS = list(LOG)


def log(tier=lambda t: f"L{t}") -> tuple[pd.DataFrame, pd.DataFrame]:
    events, rows = [], []
    for eid, (category, urgency, grid, community, created, steps) in LOG.items():
        events.append({"event_id": eid, "created_at": created, "place": "P" + eid, "category": category,
                       "urgency": urgency, "grid": grid, "community": community})
        state = "reported"
        for when, to_state, t, actor in steps:
            rows.append({"event_id": eid, "time": T(when), "from_state": state, "to_state": to_state,
                         "tier": tier(t), "actor": actor})
            state = to_state
    return pd.DataFrame(events), pd.DataFrame(rows)


# By hand, per event: status, entry tier, closed tier, due, on time, hours to close and to accept,
# closed at, due at.
FACTS = {
    "A": ("closed", 0, 0, True, True, 2.75, 0.5, T("06 11:45"), T("09 16:30")),
    "B": ("closed", 2, 2, True, True, 3.0, 0.5, T("06 12:00"), T("15 16:30")),
    "C": ("accepted", 2, -1, True, False, None, 1 / 6, None, T("13 02:45")),
    "D": ("void", 0, -1, False, False, None, None, None, T("13 16:30")),
}


def check_by_hand(ev: gg.escalation.Evaluation) -> None:
    """The four events as worked out above, and the overall figures they give at AS_OF."""
    per = ev.events.set_index("event_id")
    assert list(per.index) == IDS
    for eid, (status, entry, tier, due, on_time, close, accept, closed_at, due_at) in FACTS.items():
        row = per.loc[eid]
        assert (str(row["status"]), row["entry_tier"], row["closed_tier"]) == (status, entry, tier), eid
        assert (bool(row["due"]), bool(row["on_time"])) == (due, on_time), eid
        assert (row["hours_to_close"] == pytest.approx(close)) if close is not None else math.isnan(row["hours_to_close"]), eid
        assert (row["hours_to_accept"] == pytest.approx(accept)) if accept is not None else math.isnan(row["hours_to_accept"]), eid
        assert (row["closed_at"] == closed_at) if closed_at is not None else pd.isna(row["closed_at"]), eid
        assert row["due_at"] == due_at, eid
    k = ev.kpis
    assert (k["events"], k["closed"], k["void"], k["open"], k["due"]) == (4, 2, 1, 1, 3)
    assert k["closure_rate"] == pytest.approx(2 / 3) and k["on_time_closure_rate"] == pytest.approx(2 / 3)
    assert k["resolved_in_grid_rate"] == pytest.approx(1 / 4) and k["resolved_in_community_rate"] == pytest.approx(1 / 4)
    assert k["mean_hours_to_close"] == pytest.approx((2.75 + 3) / 2)
    assert k["mean_hours_to_accept"] == pytest.approx((0.5 + 0.5 + 1 / 6) / 3)
    assert k["valid_report_rate"] == pytest.approx(3 / 4)


def test_the_log_by_hand_and_each_events_columns():
    events, transitions = log()
    ev = gg.evaluate(events, transitions, as_of=AS_OF)
    check_by_hand(ev)
    per = ev.events.set_index("event_id")
    assert per["closed"].tolist() == [True, True, False, False]
    assert per["handled"].tolist() == [True, True, False, False]
    assert per["handled_due"].tolist() == [True, True, False, False]  # C is due but was never handled
    assert per["closed_in_grid"].tolist() == [True, False, False, False]
    assert per["escalated"].tolist() == [False] * 4 and per["reworked"].tolist() == [False] * 4
    for flag in ("closed", "on_time", "due", "handled", "handled_due", "reworked", "closed_in_grid", "escalated"):
        assert per[flag].dtype == bool, flag  # flags, not 0/1 counts
    assert per["grid"].tolist() == ["G1", "G2", "G2", "G1"] and per["community"].tolist() == ["C1", "C1", "C2", "C1"]
    assert [w if isinstance(w, str) else None for w in per["worker"]] == ["w1", None, None, None]  # the first handler at L0
    assert per["department"].isna().all()  # nothing reached the county
    assert per["status"].dtype == "category" and list(per["status"].cat.categories) == list(STATES)
    # Counts are whole numbers, rates are floats (the core's is-a-count flag).
    assert type(ev.kpis["events"]) is int and type(ev.kpis["due"]) is int and type(ev.kpis["closure_rate"]) is float
    # The tables: one row per unit, indexed by its code (text), the core's columns beside it.
    for table, name, units in ((ev.by_grid, "grid", ["G1", "G2"]), (ev.by_community, "community", ["C1", "C2"]),
                               (ev.by_worker, "worker", ["w1"])):
        assert table.index.name == name and table.index.dtype == object
        assert list(table.index) == units and "unit" not in table.columns
    assert ev.by_grid.loc["G1", "events"] == 2 and ev.by_grid.loc["G2", "due"] == 2 and ev.by_grid.loc["G1", "due"] == 1
    assert ev.by_community.loc["C1", ["events", "closed"]].tolist() == [3, 2]
    assert ev.by_grid.loc["G2", "结案率"] == pytest.approx(50)  # B closed, C due and open
    for empty in (ev.by_department, ev.by_street, ev.by_district):  # no county event, no city
        assert isinstance(empty, pd.DataFrame) and empty.empty
    assert ev.by_period is None


@pytest.mark.parametrize("form", ["text", "utc", "shanghai", "microseconds"])
def test_times_as_text_or_with_a_time_zone_read_as_local_time(form):
    """Docs: times are naive local datetimes; a time-zone-aware column is converted to
    Asia/Shanghai (UTC+8, no summer time); text is parsed."""
    events, transitions = log()
    for frame, column in ((events, "created_at"), (transitions, "time")):
        local = frame[column]
        if form == "text":
            frame[column] = local.dt.strftime("%Y-%m-%d %H:%M").astype(object)
        elif form == "utc":
            frame[column] = (local - pd.Timedelta(hours=8)).dt.tz_localize("UTC")
        elif form == "shanghai":
            frame[column] = local.dt.tz_localize("Asia/Shanghai")
        else:
            frame[column] = local.astype("datetime64[us]")
    check_by_hand(gg.evaluate(events, transitions, as_of=AS_OF))


def test_times_that_are_not_times_or_missing_name_the_column_and_row():
    events, transitions = log()
    bad = events.assign(created_at=events["created_at"].astype(object))
    bad.loc[2, "created_at"] = "last week"
    with pytest.raises(gg.EventLogError) as info:
        gg.evaluate(bad, transitions, as_of=AS_OF)
    message = str(info.value)  # pandas' reason in brackets, quoting the cell
    assert message.startswith("events.created_at: not datetimes (") and message.endswith("last week)")
    bad = events.copy()
    bad.loc[2, "created_at"] = pd.NaT
    with pytest.raises(gg.EventLogError, match=r"^events\.created_at: row 2 has no time$"):
        gg.evaluate(bad, transitions, as_of=AS_OF)
    bad = transitions.copy()
    bad.loc[3, "time"] = pd.NaT
    with pytest.raises(gg.EventLogError, match=r"^transitions\.time: row 3 has no time$"):
        gg.evaluate(events, bad, as_of=AS_OF)
    bad = transitions.assign(time=transitions["time"].astype(object))
    bad.loc[1, "time"] = 3.5 + 1j
    with pytest.raises(gg.EventLogError, match=r"^transitions\.time: not datetimes \("):
        gg.evaluate(events, bad, as_of=AS_OF)


def test_tables_that_are_not_frames_or_lack_columns_name_what_is_missing():
    events, transitions = log()
    with pytest.raises(gg.EventLogError, match=r"^events must be a pandas DataFrame$"):
        gg.evaluate(events.to_dict("records"), transitions)
    with pytest.raises(gg.EventLogError, match=r"^transitions must be a pandas DataFrame$"):
        gg.evaluate(events, transitions.to_numpy())
    with pytest.raises(gg.EventLogError) as info:
        gg.evaluate(events.drop(columns=["place", "urgency"]), transitions)
    assert str(info.value) == ("events lacks column(s) place, urgency; "
                               "required: event_id, created_at, place, category, urgency")
    with pytest.raises(gg.EventLogError) as info:
        gg.evaluate(events, transitions.drop(columns=["tier"]))
    assert str(info.value) == "transitions lacks column(s) tier; required: event_id, time, from_state, to_state, tier, actor"
    with pytest.raises(gg.InputError) as info:
        gg.evaluate(events, transitions, period="Q")
    assert str(info.value) == "evaluate: period 'Q' is not supported: use None or 'M' (calendar months)"


@pytest.mark.parametrize("form", ["codes", "ints", "int8", "floats", "mixed"])
def test_tiers_as_codes_numbers_or_both(form):
    """Docs: tier L0-L5 or 0-5. B's moves are at L2, so B is closed at tier 2 whatever the form."""
    tier = {"codes": lambda t: f"L{t}", "ints": int, "int8": np.int8, "floats": float,
            "mixed": lambda t: f"L{t}" if t else np.int64(t)}[form]
    events, transitions = log(tier)
    if form == "int8":
        transitions["tier"] = transitions["tier"].astype(np.int8)
    check_by_hand(gg.evaluate(events, transitions, as_of=AS_OF))


@pytest.mark.parametrize("value,message", [
    ("L6", "tier 'L6' is not L0-L5"), ("l2", "tier 'l2' is not L0-L5"), (2.5, "tier 2.5 is not L0-L5"),
    (6, "tier 6 is not L0-L5"), (-1, "tier -1 is not L0-L5"), (None, "tier is missing"),
])
def test_a_tier_outside_l0_to_l5_names_its_row(value, message):
    events, transitions = log()
    transitions["tier"] = transitions["tier"].astype(object)
    transitions.loc[3, "tier"] = value
    with pytest.raises(gg.EventLogError) as info:
        gg.evaluate(events, transitions, as_of=AS_OF)
    assert str(info.value) == f"transitions row 3: {message}"


def test_tiers_at_the_edges_of_whole_number_columns():
    events, transitions = log(int)
    transitions.loc[transitions["event_id"] == "A", "tier"] = 5  # A handled and closed by the city (L5) ...
    d = gg.EscalationPolicy.default().to_dict()
    d["handle_limits_hours"]["L5"]["U0"] = 75.0  # ... which a deployment gives a limit for routine matters
    per = gg.evaluate(events, transitions, gg.EscalationPolicy.from_dict(d), as_of=AS_OF).events.set_index("event_id")
    assert per.loc["A", "closed_tier"] == 5
    for value in (6, -1):
        bad = transitions.copy()
        bad.loc[4, "tier"] = value
        with pytest.raises(gg.EventLogError) as info:
            gg.evaluate(events, bad, as_of=AS_OF)
        assert str(info.value) == f"transitions row 4: tier {value} is not L0-L5"
    floats = log(float)[1]
    floats.loc[2, "tier"] = np.nan
    nullable = transitions.astype({"tier": "Int8"})
    nullable.loc[2, "tier"] = pd.NA  # was read as tier -2^63 before the mutation pass
    for bad in (floats, nullable):
        with pytest.raises(gg.EventLogError) as info:
            gg.evaluate(events, bad, as_of=AS_OF)
        assert str(info.value) == "transitions row 2: tier is missing"


def test_states_as_text_or_categoricals_with_unused_categories():
    events, transitions = log()
    for column in ("from_state", "to_state"):
        # An unused category that is no state ("teleported", first) is no error: no row holds it.
        transitions[column] = pd.Categorical(transitions[column], categories=["teleported"] + list(reversed(STATES)))
    check_by_hand(gg.evaluate(events, transitions, as_of=AS_OF))


def test_a_missing_or_unknown_state_names_its_row_and_column():
    events, transitions = log()
    bad = transitions.copy()
    bad.loc[2, "to_state"] = None
    with pytest.raises(gg.EventLogError) as info:
        gg.evaluate(events, bad, as_of=AS_OF)
    assert str(info.value) == "transitions row 2: to_state is missing"
    bad = transitions.copy()
    bad.loc[4, "from_state"] = "waiting"
    with pytest.raises(gg.EventLogError) as info:
        gg.evaluate(events, bad, as_of=AS_OF)
    assert str(info.value) == f"transitions row 4: from_state 'waiting' is not a lifecycle state ({', '.join(STATES)})"
    bad = transitions.copy()
    bad.loc[0, "from_state"] = None
    with pytest.raises(gg.EventLogError, match=r"^transitions row 0: from_state is missing$"):
        gg.evaluate(events, bad, as_of=AS_OF)


def test_event_ids_categories_and_urgencies_name_the_row():
    events, transitions = log()
    with pytest.raises(gg.EventLogError, match=r"^events row 2: event_id 'A' appears twice$"):
        gg.evaluate(events.assign(event_id=["A", "B", "A", "D"]), transitions, as_of=AS_OF)
    with pytest.raises(gg.EventLogError, match=r"^events: event 1: "):
        gg.evaluate(events.assign(category=["ZZ01", "QQ77", "ZZ03", "ZZ07"]), transitions, as_of=AS_OF)
    with pytest.raises(gg.EventLogError, match=r"^events: event 3: unknown urgency 'U9'"):
        gg.evaluate(events.assign(urgency=["U0", "U0", None, "U9"]), transitions, as_of=AS_OF)
    bad = transitions.copy()
    bad.loc[5, "event_id"] = "Z"
    with pytest.raises(gg.EventLogError, match=r"^transitions row 5: event_id 'Z' is not in the events table$"):
        gg.evaluate(events, bad, as_of=AS_OF)


def test_urgencies_as_numbers_missing_ones_and_an_explicit_u0():
    """An urgency given is the event's, U0 included; only a missing one (None, or <NA> in a
    nullable integer column) takes the category's default. 安全隐患 (C) at U0 enters the grid on
    the working clock: 28.5 wh from the next working window, Mon 13 08:30, three days of 7.5, then
    6 into Thu 16 = 16:00; left empty it is U2, entering L2, due Mon 13 02:45."""
    events, transitions = log()
    urgent = T("13 02:45")
    for urgency in (pd.array([0, 0, None, 0], dtype="Int8"), np.array([0, 0, 2, 0]), ["U0", 0, "U2", None]):
        per = gg.evaluate(events.assign(urgency=urgency), transitions, as_of=AS_OF).events.set_index("event_id")
        assert per.loc["C", ["entry_tier", "due_at"]].tolist() == [2, urgent]
        assert per.loc["A", ["entry_tier", "due_at"]].tolist() == [0, T("09 16:30")]
    transitions.loc[transitions["event_id"] == "C", "tier"] = "L0"
    # C at U0 beside an event left empty (D, whose category's default is U0 anyway).
    for urgency in (["U0", "U0", "U0", None], pd.array([0, 0, 0, None], dtype="Int8")):
        per = gg.evaluate(events.assign(urgency=urgency), transitions, as_of=AS_OF).events.set_index("event_id")
        assert per.loc["C", ["entry_tier", "due_at"]].tolist() == [0, T("16 16:00")]
        assert per.loc["D", "due_at"] == T("13 16:30")


def test_as_of_from_the_attrs_or_the_last_time_in_the_log():
    events, transitions = log()
    # Without as_of the log ends at its last time, C's acceptance at Sat 11 22:10 (after every
    # report): C is not yet due (28:45 from 22:00), so 2 due, both closed.
    k = gg.evaluate(events, transitions).kpis
    assert (k["due"], k["closure_rate"]) == (2, 1.0)
    events.attrs["as_of"] = AS_OF  # as simulate() sets it
    check_by_hand(gg.evaluate(events, transitions))


def test_sources_and_return_visits_in_every_spelling():
    """Docs: source one of patrol, app, hotline, inspection (missing: not counted); satisfied True,
    False or missing, only closed events' answers counting. A (app) satisfied, B (no source) not
    satisfied, C (hotline) open, D (app) void."""
    events, transitions = log()
    for satisfied in (["TRUE ", " 0", None, None], [1.0, 0.0, np.nan, np.nan], ["1", "false", "True", None],
                      pd.array([True, False, None, None], dtype="boolean")):
        ev = gg.evaluate(events.assign(source=["app", None, "hotline", "app"], satisfied=satisfied), transitions,
                         as_of=AS_OF)
        k = ev.kpis
        assert (k["satisfaction_rate"], k["return_visits"]) == (pytest.approx(1 / 2), 2)
        assert (k["source_share_app"], k["source_share_hotline"]) == (pytest.approx(2 / 4), pytest.approx(1 / 4))
        assert (k["source_share_patrol"], k["source_share_inspection"]) == (0.0, 0.0)
        assert k["valid_report_rate_app"] == pytest.approx(1 / 2) and k["valid_report_rate_hotline"] == 1.0
        assert ev.by_community.loc["C1", "群众满意度"] == pytest.approx(50)
    with pytest.raises(gg.EventLogError) as info:
        gg.evaluate(events.assign(source=[None, "app", "wechat", "app"]), transitions, as_of=AS_OF)
    assert str(info.value) == "events row 2: source 'wechat' is not one of patrol, app, hotline, inspection"
    with pytest.raises(gg.EventLogError) as info:
        gg.evaluate(events.assign(satisfied=[None, True, np.nan, "yes"]), transitions, as_of=AS_OF)
    assert str(info.value) == "events row 3: satisfied 'yes' must be True, False or missing (not asked)"


# ---- departments: given, from the category's sector, or none -------------------------------------

# E: 突发事件 (U3) entering the county, handled by 应急局 and closed there in 4 h 10 (<= 4 h 20).
COUNTY = ("ZZ08", "U3", "G1", "C1", T("08 20:00"), [
    ("08 20:03", "accepted", 4, "ZX"), ("08 20:10", "dispatched", 4, "YJ"), ("08 20:10", "handling", 4, "YJ"),
    ("08 23:10", "feedback", 4, "YJ"), ("08 23:40", "verified", 4, "ZX"), ("09 00:10", "closed", 4, "YJ")])


def test_a_county_events_department_given_or_its_categorys_sector():
    """Departments are judged on the events handled at L4: E only. Without a department column it
    is the category's sector (突发事件: 应急); a policy with no sector for it leaves it to none."""
    LOG["E"] = COUNTY
    try:
        events, transitions = log()
    finally:
        del LOG["E"]
    ev = gg.evaluate(events, transitions, as_of=AS_OF)
    per = ev.events.set_index("event_id")
    assert per["department"].isna().tolist() == [True] * 4 + [False] and per.loc["E", "department"] == "应急"
    assert per.loc["E", ["closed_tier", "on_time"]].tolist() == [4, True]
    assert list(ev.by_department.index) == ["应急"] and ev.by_department.index.name == "department"
    assert ev.by_department.loc["应急", ["events", "closed", "结案率"]].tolist() == [1, 1, 100.0]
    given = gg.evaluate(events.assign(department=[None, "信访局", None, None, "应急局"]), transitions, as_of=AS_OF)
    assert list(given.by_department.index) == ["应急局"]
    d = gg.EscalationPolicy.default().to_dict()
    for rules in next(c for c in d["categories"] if c["code"] == "ZZ08")["rules"].values():
        rules["sector"] = ""
    none = gg.evaluate(events, transitions, gg.EscalationPolicy.from_dict(d), as_of=AS_OF)
    assert none.events["department"].isna().all() and none.by_department.empty


def test_month_by_month_of_a_log_inside_one_month():
    """January measured at the log's end (AS_OF, before February): the month's indicators are the
    log's; score = 40 x 结案率 + 30 x 按期结案率 + 15 x (1 - 返工率) + 15 x 自行处置率 (as shares)
    = 40 x 2/3 + 30 x 2/3 + 15 + 15 x 1/4 = 65.42: C."""
    events, transitions = log()
    ev = gg.evaluate(events, transitions, as_of=AS_OF, period="M")
    p = ev.by_period
    assert list(p.index) == ["2025-01"] and p.index.name == "period"
    jan = p.loc["2025-01"]
    assert jan["measured_at"] == AS_OF
    assert (jan["events"], jan["closed"], jan["due"]) == (4, 2, 3)
    assert jan["score"] == pytest.approx(40 * 2 / 3 + 30 * 2 / 3 + 15 + 15 / 4) and jan["grade"] == "C"
    with_sources = gg.evaluate(events.assign(source=["app", None, "hotline", "app"], satisfied=[True, False, None, None]),
                               transitions, as_of=AS_OF, period="M").by_period.loc["2025-01"]
    assert with_sources["source_share_app"] == pytest.approx(1 / 2)
    assert (with_sources["satisfaction_rate"], with_sources["return_visits"]) == (pytest.approx(1 / 2), 2)


# ---- a city: streets and districts -------------------------------------------------------------------


@pytest.fixture(scope="module")
def city() -> gg.Model:
    """Two districts, three streets, a community in each (codes extend their parents')."""
    b = gg.ModelBuilder()
    b.add("city", "4101", "示范市")
    for district in ("410101", "410102"):
        b.add("county", district, parent="4101")
    for street in ("410101001", "410101002", "410102001"):
        b.add("street", street, parent=street[:6])
        b.add("community", street + "001", parent=street)
    return b.freeze()


def city_log() -> tuple[pd.DataFrame, pd.DataFrame]:
    events, transitions = log()
    # A and B in the first street's community, C in the second street's, D in the other district's.
    events["community"] = ["410101001001", "410101001001", "410101002001", "410102001001"]
    events["department"] = None
    return events, transitions


def test_a_citys_streets_and_districts_from_the_model(city):
    events, transitions = city_log()
    ev = gg.evaluate(events, transitions, as_of=AS_OF, model=city)
    s, d = ev.by_street, ev.by_district
    assert s.index.name == "street" and d.index.name == "district"
    assert s["events"].to_dict() == {"410101001": 2, "410101002": 1, "410102001": 1}
    assert d["events"].to_dict() == {"410101": 3, "410102": 1}
    assert d.loc["410101", ["closed", "due", "结案率"]].tolist() == [2, 3, pytest.approx(200 / 3)]
    assert d.loc["410102", "due"] == 0  # D void
    assert s.loc["410101002", ["due", "closed"]].tolist() == [1, 0]  # C open past its deadline


def test_a_citys_given_street_column_is_kept_and_a_missing_community_is_in_no_street(city):
    events, transitions = city_log()
    events["street"] = ["东风街道", "东风街道", "建设街道", None]  # the log's own names win
    events.loc[3, "community"] = None  # D: no community, so no district either
    ev = gg.evaluate(events, transitions, as_of=AS_OF, model=city)
    assert ev.by_street["events"].to_dict() == {"东风街道": 2, "建设街道": 1}
    assert ev.by_district["events"].to_dict() == {"410101": 3}
    events["district"] = "二七区"
    del events["street"]
    ev = gg.evaluate(events, transitions, as_of=AS_OF, model=city)
    assert ev.by_district["events"].to_dict() == {"二七区": 4}
    assert ev.by_street["events"].to_dict() == {"410101001": 2, "410101002": 1}


def test_a_county_model_has_no_street_or_district_tables():
    county = gg.datasets.seed_county(0)
    events, transitions = log()
    community = county.code(int(county.nodes("community")[0]))
    events["community"] = community
    events["department"] = None
    ev = gg.evaluate(events, transitions, as_of=AS_OF, model=county)
    assert ev.by_street.empty and ev.by_district.empty
    assert list(ev.by_community.index) == [community]


def test_streets_and_districts_from_the_log_alone():
    events, transitions = log()
    events["street"] = ["东风街道", "东风街道", "建设街道", "建设街道"]
    events["district"] = ["金水区", "金水区", "金水区", "二七区"]
    ev = gg.evaluate(events, transitions, as_of=AS_OF)
    assert ev.by_street["events"].to_dict() == {"东风街道": 2, "建设街道": 2}
    assert ev.by_street.loc["建设街道", ["due", "closed"]].tolist() == [1, 0]
    assert ev.by_district["closed"].to_dict() == {"金水区": 2, "二七区": 0}


# ---- places resolved through a model ---------------------------------------------------------------


def test_places_resolved_to_grids_communities_and_departments_by_the_model():
    county = gg.datasets.seed_county(0)
    buildings = [county.code(int(b)) for b in county.nodes("building")[:5]]
    LOG["E"] = COUNTY
    try:
        events, transitions = log()
    finally:
        del LOG["E"]
    events = events.drop(columns=["grid", "community"]).assign(place=buildings)
    ev = gg.evaluate(events, transitions, as_of=AS_OF, model=county)
    per = ev.events.set_index("event_id")
    for eid, building in zip(per.index, buildings):
        chain = county.ancestors(building)
        grid = next(a for a in chain if county.kind(a) == "grid")
        community = next(a for a in chain if county.kind(a) == "community")
        assert (per.loc[eid, "grid"], per.loc[eid, "community"]) == (grid, community), eid
    # E reached the county: its department is the one the router sends 突发事件 to from there.
    assert per.loc["E", "department"] == gg.route(county, buildings[4], "ZZ08", "U3").department
    assert per.loc[["A", "B", "C", "D"], "department"].isna().all()
    # A given grid column is kept, the rest still resolved.
    kept = gg.evaluate(events.assign(grid="G9"), transitions, as_of=AS_OF, model=county).events
    assert set(kept["grid"]) == {"G9"} and kept["community"].tolist() == per["community"].tolist()
    # Any one column missing is resolved: the community, or the grid, beside the other two given.
    kept = gg.evaluate(events.assign(grid="G9", department="应急局"), transitions, as_of=AS_OF, model=county).events
    assert set(kept["grid"]) == {"G9"} and kept["community"].tolist() == per["community"].tolist()
    kept = gg.evaluate(events.assign(community="C9", department="应急局"), transitions, as_of=AS_OF, model=county).events
    assert set(kept["community"]) == {"C9"} and kept["grid"].tolist() == per["grid"].tolist()
    # The department is routed at the event's own urgency: a policy sending 突发事件 at U2 to 公安
    # (U3 stays 应急) has E judged by the county's 公安局 at U2, by its 应急管理局 at U3.
    d = gg.EscalationPolicy.default().to_dict()
    next(c for c in d["categories"] if c["code"] == "ZZ08")["rules"]["U2"]["sector"] = "公安"
    policy = gg.EscalationPolicy.from_dict(d)
    for urgency, name in (("U2", "县公安局"), ("U3", "县应急管理局")):
        routed = gg.evaluate(events.assign(urgency=["U0", "U0", None, "U0", urgency]), transitions, policy, as_of=AS_OF,
                             model=county).events.set_index("event_id")
        assert county.name(routed.loc["E", "department"]) == name, urgency
    # A place that is no household, unit, building, place or grid names its row.
    street = county.code(int(county.nodes("community")[0]))
    bad = events.assign(place=[buildings[0], street] + buildings[2:])
    with pytest.raises(gg.EventLogError) as info:
        gg.evaluate(bad, transitions, as_of=AS_OF, model=county)
    assert str(info.value).startswith(f"events row 1: place '{street}' is not a household, unit, building, place or grid")
    with pytest.raises(gg.EventLogError, match=r"^events: "):
        gg.evaluate(events.assign(place=buildings[:4] + ["no such place"]), transitions, as_of=AS_OF, model=county)


def test_an_empty_log_and_an_as_of_that_is_no_date():
    """A log with no events (a quiet month) is read, not refused: zero counts, rates of 0 (a share
    of nothing is 0, as test_escalation_indicators' recount takes it), empty tables."""
    events, transitions = log()
    ev = gg.evaluate(events.iloc[:0], transitions.iloc[:0])
    assert (ev.kpis["events"], ev.kpis["due"], ev.kpis["closure_rate"]) == (0, 0, 0.0)
    assert ev.events.empty and ev.by_grid.empty and ev.by_community.empty and ev.by_worker.empty
    with pytest.raises(gg.InputError) as info:
        gg.evaluate(events, transitions, as_of="soon")
    assert str(info.value) == "as_of 'soon' is not a date"
