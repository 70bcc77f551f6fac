"""Indicators checked against a hand-built log (issue 17 item 1).

Fourteen events, each chosen to hit one rule of the lifecycle and the indicators: closed on time
and late, open and due or not yet due, reworked, returned, escalated to the compound, community
and county, voided, parked, extended, urgent on the natural clock, priority with halved limits,
and handling stages that reach the warning, 督办, yellow and red thresholds. Every expected value
below is worked out by hand from the definitions (DOMAIN.md §(a), docs/escalation.md), never
from the code's output: the working-time arithmetic is written next to each event.

Calendar of the default policy: windows 08:30-12:00 and 13:30-17:30 (7.5 working hours a day),
Saturday and Sunday off, Sunday 2025-01-26 worked (调休). 2025-01-06 is a Monday. U0 limits in
working hours: accept 2, dispatch 4, feedback 7.5, verify 7.5 (= 21 for the stages), handling
L0 7.5, L1 22.5, L2 37.5, L4 75, so an event entering at L0 has 28.5 working hours from report
to close, one entering at L2 has 58.5. U1: stages 1 + 2 + 4 + 4, L0 4 -> 15. U2 (natural
clock): 0.25 + 0.5 + 2 + 2 + L2 24 -> 28.75 h. U3: 5 min + 15 min + 1 h + 1 h + L4 2 h -> 4 h 20.
Thresholds of a handling stage: warning 80 %, 督办 100 %, yellow 150 %, red 200 %.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import gridgov as gg

AS_OF = pd.Timestamp("2025-01-17 17:30")  # Friday of the second week


def T(text: str) -> pd.Timestamp:
    return pd.Timestamp("2025-01-" + text)


# event -> (category, urgency, grid, community, department, created, [(time, to_state, tier, actor)])
LOG = {
    # E1: closed on time at L0 in under three hours.
    "E1": ("ZZ01", "U0", "G1", "C1", "司法局", T("06 09:00"), [
        ("06 09:30", "accepted", 0, "w1"), ("06 10:00", "dispatched", 0, "w1"), ("06 10:00", "handling", 0, "w1"),
        ("06 11:00", "feedback", 0, "w1"), ("06 11:30", "verified", 0, "w1"), ("06 11:45", "closed", 0, "w1")]),
    # E2: closed late at L0. Handling Mon 10:00 -> Tue 10:30 = 6 + 2 = 8 wh of 7.5 (107 %: warning,
    # 督办). Deadline: 0.5 + 28.5 = 29 wh from Mon 08:30 = Thu 16:30; closed Thu 17:00 (29.5 wh).
    "E2": ("ZZ01", "U0", "G1", "C1", "司法局", T("06 09:00"), [
        ("06 09:30", "accepted", 0, "w1"), ("06 10:00", "dispatched", 0, "w1"), ("06 10:00", "handling", 0, "w1"),
        ("07 10:30", "feedback", 0, "w1"), ("08 17:00", "verified", 0, "w1"), ("09 17:00", "closed", 0, "w1")]),
    # E3: open, not yet due. Handling Fri 10:00 -> 17:30 (the end of the log) = 6 wh = exactly 80 %
    # of 7.5: a warning. Report Fri 09:00 + 28.5 wh = Wed 2025-01-22 16:30.
    "E3": ("ZZ06", "U0", "G2", "C1", None, T("17 09:00"), [
        ("17 09:30", "accepted", 0, "w2"), ("17 10:00", "dispatched", 0, "w2"), ("17 10:00", "handling", 0, "w2")]),
    # E4: open and due. Handling Thu 16 09:30 -> Fri 17:30 = 6.5 + 7.5 = 14 wh of 7.5 (187 %:
    # warning, 督办, yellow, no red). Report Mon 13 09:00 + 28.5 wh = Thu 16 16:30 < end of log.
    "E4": ("ZZ02", "U0", "G4", "C2", "公安局", T("13 09:00"), [
        ("13 09:30", "accepted", 0, "w4"), ("13 10:00", "dispatched", 0, "w4"), ("16 09:30", "handling", 0, "w4")]),
    # E5: reworked (核查 failed once), then closed on time the same day at L0.
    "E5": ("ZZ04", "U0", "G1", "C1", "民政局", T("07 09:00"), [
        ("07 09:30", "accepted", 0, "w1"), ("07 10:00", "dispatched", 0, "w1"), ("07 10:00", "handling", 0, "w1"),
        ("07 11:00", "feedback", 0, "w1"), ("07 14:00", "rework", 0, "w1"), ("07 14:00", "handling", 0, "w1"),
        ("07 15:00", "feedback", 0, "w1"), ("07 16:00", "verified", 0, "w1"), ("07 17:00", "closed", 0, "w1")]),
    # E6: escalated to the community, returned (回退) to the grid, escalated again, closed at L2
    # on the original clock of L0 (Mon 09:00 -> Tue 11:30 = 10 wh <= 28.5). Stages: L0 1 wh, L2
    # 15:30 -> Tue 10:00 = 3.5 wh: no marks.
    "E6": ("ZZ01", "U0", "G3", "C2", "司法局", T("06 09:00"), [
        ("06 09:30", "accepted", 0, "w3"), ("06 10:00", "dispatched", 0, "w3"), ("06 10:00", "handling", 0, "w3"),
        ("06 11:00", "escalated", 2, "S2"), ("06 11:30", "accepted", 2, "S2"), ("06 13:30", "returned", 0, "w3"),
        ("06 14:00", "accepted", 0, "w3"), ("06 14:30", "escalated", 2, "S2"), ("06 15:00", "accepted", 2, "S2"),
        ("06 15:30", "dispatched", 2, "S2"), ("06 15:30", "handling", 2, "S2"), ("07 10:00", "feedback", 2, "S2"),
        ("07 11:00", "verified", 2, "S2"), ("07 11:30", "closed", 2, "S2")]),
    # E7: red card at L0 (Mon 10:00 -> Wed 10:00 = 6 + 7.5 + 1.5 = 15 wh = exactly 200 %), moved to
    # the county and its 公安局, closed there Fri 15:00 (Mon 09:00 -> Fri 15:00 = 34.5 wh > 28.5:
    # late). L4 stage Wed 11:00 -> Fri 11:00 = 5 + 7.5 + 2.5 = 15 of 75 wh: no marks.
    "E7": ("ZZ02", "U0", "G2", "C1", "公安局", T("06 09:00"), [
        ("06 09:30", "accepted", 0, "w2"), ("06 10:00", "dispatched", 0, "w2"), ("06 10:00", "handling", 0, "w2"),
        ("08 10:00", "escalated", 4, "ZX"), ("08 10:30", "accepted", 4, "ZX"), ("08 11:00", "dispatched", 4, "GA"),
        ("08 11:00", "handling", 4, "GA"), ("10 11:00", "feedback", 4, "GA"), ("10 14:00", "verified", 4, "GA"),
        ("10 15:00", "closed", 4, "GA")]),
    # E8: voided (作废) at report: never due.
    "E8": ("ZZ07", "U0", "G1", "C1", None, T("08 09:00"), [("08 09:20", "void", 0, "w1")]),
    # E9: parked (挂账) at L2 from Mon 06 11:00 to Fri 17 11:00 = 5 + 30 + 30 + 2.5 = 67.5 wh, not
    # counted. Report -> close Fri 17 15:30 = 7 + 30 + 30 + 5.5 = 72.5 wh, less 67.5 = 5 <= 58.5
    # (ZZ09 enters at L2): on time, late without the pause. Stage 1 + 2 = 3 wh of 37.5 (with the
    # pause counted it would be 70.5: yellow). Deadline 0.5 + 67.5 + 58.5 = 126.5 wh from Mon 06
    # 08:30: 112.5 by Fri 24, Sun 26 (调休) 120, Mon 27 6.5 wh in = 16:30.
    "E9": ("ZZ09", "U0", "G1", "C1", "信访局", T("06 09:00"), [
        ("06 09:30", "accepted", 2, "S1"), ("06 10:00", "dispatched", 2, "S1"), ("06 10:00", "handling", 2, "S1"),
        ("06 11:00", "parked", 2, "S1"), ("17 11:00", "handling", 2, "S1"), ("17 14:30", "feedback", 2, "S1"),
        ("17 15:00", "verified", 2, "S1"), ("17 15:30", "closed", 2, "S1")]),
    # E10: one extension (延期) at L2 adds 100 % of the 37.5 wh limit. Stage Mon 06 10:00 -> Thu 16
    # 12:00 = 6 + 30 + 22.5 + 3.5 = 62 wh of 75: a warning only (of 37.5 it would be yellow).
    # Report -> close Thu 16 15:30 = 65 wh <= 58.5 + 37.5 = 96: on time (late without it). Deadline
    # 0.5 + 96 = 96.5 wh from Mon 06 = Wed 22 16:30.
    "E10": ("ZZ09", "U0", "G3", "C2", "信访局", T("06 09:00"), [
        ("06 09:30", "accepted", 2, "S2"), ("06 10:00", "dispatched", 2, "S2"), ("06 10:00", "handling", 2, "S2"),
        ("06 11:00", "extension", 2, "S2"), ("06 11:00", "handling", 2, "S2"), ("16 12:00", "feedback", 2, "S2"),
        ("16 14:30", "verified", 2, "S2"), ("16 15:30", "closed", 2, "S2")]),
    # E11: 安全隐患, urgency left empty = the category's U2 (natural clock, skip rule -> L2), over
    # a weekend. Stage Sat 22:30 -> Sun 23:30 = 25 h of 24 (warning, 督办). Closed 28 h after the
    # report <= 28.75 h: on time; deadline Sat 22:00 + 28:45 = Mon 13 02:45.
    "E11": ("ZZ03", None, "G3", "C2", "应急局", T("11 22:00"), [
        ("11 22:10", "accepted", 2, "S2"), ("11 22:30", "dispatched", 2, "S2"), ("11 22:30", "handling", 2, "S2"),
        ("12 23:30", "feedback", 2, "S2"), ("13 01:00", "verified", 2, "S2"), ("13 02:00", "closed", 2, "S2")]),
    # E12: priority (U1, halved limits). Stage 09:20 -> 14:20 = 2:40 + 0:50 = 3.5 wh of 4 (87.5 %:
    # a warning; of U0's 7.5 it would be none). Report -> close Wed 10:00 = 7 + 1.5 = 8.5 <= 15.
    # Deadline Tue 07 0.5 + 15 = 15.5 wh = Thu 09 09:00.
    "E12": ("ZZ01", "U1", "G2", "C1", "司法局", T("07 09:00"), [
        ("07 09:10", "accepted", 0, "w2"), ("07 09:20", "dispatched", 0, "w2"), ("07 09:20", "handling", 0, "w2"),
        ("07 14:20", "feedback", 0, "w2"), ("08 09:00", "verified", 0, "w2"), ("08 10:00", "closed", 0, "w2")]),
    # E13: 突发事件 (U3, enters the county): handled by 应急局 20:10 -> 23:10 = 3 h of 2 h = exactly
    # 150 % (warning, 督办, yellow). Closed 4 h 10 after the report <= 4 h 20: on time; deadline
    # Thu 09 00:20.
    "E13": ("ZZ08", "U3", "G3", "C2", "应急局", T("08 20:00"), [
        ("08 20:03", "accepted", 4, "ZX"), ("08 20:10", "dispatched", 4, "YJ"), ("08 20:10", "handling", 4, "YJ"),
        ("08 23:10", "feedback", 4, "YJ"), ("08 23:40", "verified", 4, "YJ"), ("09 00:10", "closed", 4, "YJ")]),
    # E14: escalated from the grid to the compound (L1) and closed there on time (Wed 09:00 -> Thu
    # 10:30 = 9 wh). Stages L0 1 wh, L1 13:30 -> Thu 09:30 = 5 of 22.5 wh. Deadline Mon 13 16:30.
    "E14": ("ZZ99", "U0", "G1", "C1", None, T("08 09:00"), [
        ("08 09:30", "accepted", 0, "w1"), ("08 10:00", "dispatched", 0, "w1"), ("08 10:00", "handling", 0, "w1"),
        ("08 11:00", "escalated", 1, "XQ1"), ("08 11:30", "accepted", 1, "XQ1"), ("08 12:00", "dispatched", 1, "XQ1"),
        ("08 13:30", "handling", 1, "XQ1"), ("09 09:30", "feedback", 1, "XQ1"), ("09 10:00", "verified", 1, "XQ1"),
        ("09 10:30", "closed", 1, "XQ1")]),
}

# What each event is, by hand (see the comments above). cards = (warnings, 督办, yellow, red) of
# its handling stages; hours = natural hours from report to close and to the first acceptance;
# worker = the actor of the first handling at L0.
FACTS = {
    #       status      tier ontime due   handled rework esc ret ext cards         close   accept  worker due_at
    "E1": ("closed",    0,  True,  True,  True,  False, 0, 0, 0, (0, 0, 0, 0), 2.75, 0.5, "w1", "09 16:30"),
    "E2": ("closed",    0,  False, True,  True,  False, 0, 0, 0, (1, 1, 0, 0), 80.0, 0.5, "w1", "09 16:30"),
    "E3": ("handling", -1,  False, False, False, False, 0, 0, 0, (1, 0, 0, 0), None, 0.5, "w2", "22 16:30"),
    "E4": ("handling", -1,  False, True,  False, False, 0, 0, 0, (1, 1, 1, 0), None, 0.5, "w4", "16 16:30"),
    "E5": ("closed",    0,  True,  True,  True,  True,  0, 0, 0, (0, 0, 0, 0), 8.0, 0.5, "w1", "10 16:30"),
    "E6": ("closed",    2,  True,  True,  True,  False, 2, 1, 0, (0, 0, 0, 0), 26.5, 0.5, "w3", "09 16:30"),
    "E7": ("closed",    4,  False, True,  True,  False, 1, 0, 0, (1, 1, 1, 1), 102.0, 0.5, "w2", "09 16:30"),
    "E8": ("void",     -1,  False, False, False, False, 0, 0, 0, (0, 0, 0, 0), None, None, None, "13 16:30"),
    "E9": ("closed",    2,  True,  True,  True,  False, 0, 0, 0, (0, 0, 0, 0), 270.5, 0.5, None, "27 16:30"),
    "E10": ("closed",   2,  True,  True,  True,  False, 0, 0, 1, (1, 0, 0, 0), 246.5, 0.5, None, "22 16:30"),
    "E11": ("closed",   2,  True,  True,  True,  False, 0, 0, 0, (1, 1, 0, 0), 28.0, 1 / 6, None, "13 02:45"),
    "E12": ("closed",   0,  True,  True,  True,  False, 0, 0, 0, (1, 0, 0, 0), 25.0, 1 / 6, "w2", "09 09:00"),
    "E13": ("closed",   4,  True,  True,  True,  False, 0, 0, 0, (1, 1, 1, 0), 4 + 1 / 6, 0.05, None, "09 00:20"),
    "E14": ("closed",   1,  True,  True,  True,  False, 1, 0, 0, (0, 0, 0, 0), 25.5, 0.5, "w1", "13 16:30"),
}

# Handling stages due for disposal (应处置: ended with feedback, or past their limit while open or
# when handed on) and disposed of on time (按期处置: feedback within the limit), all tiers and at the
# county (L4); verifications due (a feedback verified or reworked, or pending past the verify
# limit) and done within it (按时核查). Working hours as in the comments of LOG:
#   E1  L0 1 wh: on time.                      verify 11:00 -> 11:30 = 0.5 wh: in time
#   E2  L0 8 of 7.5 wh: late.                  verify Tue 10:30 -> Wed 17:00 = 5.5 + 7 = 12.5: late
#   E3  L0 open 6 wh of 7.5: not yet due.
#   E4  L0 open 14 wh: due, late.
#   E5  L0 1 wh, rework, L0 1 wh: both on time. verify 1.5 wh (rework) and 1 wh: in time
#   E6  L0 1 wh handed up before its limit: not due; L2 3.5 of 37.5: on time. verify 1 wh
#   E7  L0 15 wh, escalated past the limit: due, late; L4 15 of 75: on time. verify 1.5 wh
#   E9  L2 3 wh (parked time excluded): on time. verify 0.5 wh
#   E10 L2 62 of 37.5 + 37.5 (extension): on time. verify 12:00 -> 14:30 = 1 wh
#   E11 L2 U2 25 h of 24: late.                verify 1.5 h of 2 h: in time
#   E12 L0 U1 3.5 of 4 wh: on time.            verify 14:20 -> Wed 09:00 = 3 h 40 of 4 wh: in time
#   E13 L4 U3 3 h of 2 h: late (at the county). verify 0.5 h of 1 h: in time
#   E14 L0 1 wh handed up: not due; L1 5 of 22.5: on time. verify 0.5 wh
STAGES = {  # (disposals due, on time, at the county due, on time, verifications due, in time)
    "E1": (1, 1, 0, 0, 1, 1), "E2": (1, 0, 0, 0, 1, 0), "E3": (0, 0, 0, 0, 0, 0), "E4": (1, 0, 0, 0, 0, 0),
    "E5": (2, 2, 0, 0, 2, 2), "E6": (1, 1, 0, 0, 1, 1), "E7": (2, 1, 1, 1, 1, 1), "E8": (0, 0, 0, 0, 0, 0),
    "E9": (1, 1, 0, 0, 1, 1), "E10": (1, 1, 0, 0, 1, 1), "E11": (1, 0, 0, 0, 1, 1), "E12": (1, 1, 0, 0, 1, 1),
    "E13": (1, 0, 1, 0, 1, 1), "E14": (1, 1, 0, 0, 1, 1),
}


def hand_log() -> tuple[pd.DataFrame, pd.DataFrame]:
    events, rows = [], []
    for eid, (category, urgency, grid, community, department, created, steps) in LOG.items():
        events.append({"event_id": eid, "created_at": created, "place": "P" + eid, "category": category,
                       "urgency": urgency, "grid": grid, "community": community, "department": department})
        state = "reported"
        for when, to_state, tier, actor in steps:
            rows.append({"event_id": eid, "time": T(when), "from_state": state, "to_state": to_state,
                         "tier": f"L{tier}", "actor": actor})
            state = to_state
    return pd.DataFrame(events), pd.DataFrame(rows)


@pytest.fixture(scope="module")
def evaluation() -> gg.escalation.Evaluation:
    events, transitions = hand_log()
    return gg.evaluate(events, transitions, gg.EscalationPolicy.default(), as_of=AS_OF)


# ---- an independent recount of the definitions --------------------------------------------------


def grade(score: float) -> str:
    """DOMAIN §(d)6: A >= 90, B >= 75, C >= 60, D >= 40, E < 40."""
    return "A" if score >= 90 else "B" if score >= 75 else "C" if score >= 60 else "D" if score >= 40 else "E"


def count_band(n: int) -> float:
    """The department's count score (Unicom 部门评价, docs/escalation.md): <= 50 cases 10 points,
    <= 100 9, <= 200 7.5, <= 500 6, <= 1000 4, more 2."""
    return 10.0 if n <= 50 else 9.0 if n <= 100 else 7.5 if n <= 200 else 6.0 if n <= 500 else 4.0 if n <= 1000 else 2.0


def expected_row(ids: list[str], department: bool = False) -> dict[str, float]:
    facts = [FACTS[e] for e in ids]
    n = len(ids)
    closed = sum(f[0] == "closed" for f in facts)
    due = sum(f[3] for f in facts)
    on_time = sum(f[2] for f in facts)
    handled = sum(f[4] for f in facts)
    handled_due = sum(f[4] and f[3] for f in facts)  # 处置率's numerator: handled among the due
    reworked = sum(f[5] for f in facts)
    in_grid = sum(f[0] == "closed" and f[1] == 0 for f in facts)
    escalated = sum(f[6] > 0 for f in facts)
    rate = lambda a, b: 100.0 * a / b if b else 0.0  # noqa: E731
    row = {
        "events": n, "closed": closed, "due": due, "on_time": on_time, "handled": handled, "handled_due": handled_due,
        "reworked": reworked,
        "closed_in_grid": in_grid, "escalated": escalated,
        "supervised": sum(f[9][1] for f in facts), "yellow_cards": sum(f[9][2] for f in facts),
        "red_cards": sum(f[9][3] for f in facts),
        "结案率": rate(closed, due), "按期结案率": rate(on_time, due), "处置率": rate(handled_due, due),
        "返工率": rate(reworked, handled), "自行处置率": rate(in_grid, n), "上移率": rate(escalated, n),
    }
    closes = [f[10] for f in facts if f[10] is not None]
    accepts = [f[11] for f in facts if f[11] is not None]
    row["mean_hours_to_close"] = sum(closes) / len(closes) if closes else math.nan
    row["mean_hours_to_accept"] = sum(accepts) / len(accepts) if accepts else math.nan
    stages = [STAGES[e] for e in ids]
    if department:  # a department's 按期处置率 counts its own stages, at the county
        row["按期处置率"] = rate(sum(s[3] for s in stages), sum(s[2] for s in stages))
    else:
        row["按期处置率"] = rate(sum(s[1] for s in stages), sum(s[0] for s in stages))
    row["按时核查率"] = rate(sum(s[5] for s in stages), sum(s[4] for s in stages))
    row["群众满意度"] = 0.0  # no return visits in this log
    row["handed_down"] = 0
    if department:  # Unicom 部门评价: count band + 30 % 结案率 + 30 % 按期处置率 + 30 % (100 - 返工率)
        score = count_band(n) + 0.3 * row["结案率"] + 0.3 * row["按期处置率"] + 0.3 * (100 - row["返工率"])
    else:  # 40 % 结案率 + 30 % 按期结案率 + 15 % (100 - 返工率) + 15 % 自行处置率
        score = 0.4 * row["结案率"] + 0.3 * row["按期结案率"] + 0.15 * (100 - row["返工率"]) + 0.15 * row["自行处置率"]
    row["score"] = min(max(score, 0.0), 100.0)
    row["grade"] = grade(row["score"])
    return row


def check_table(table: pd.DataFrame, groups: dict[str, list[str]], department: bool = False) -> None:
    assert sorted(table.index) == sorted(groups)
    for key, ids in groups.items():
        want = expected_row(ids, department)
        got = table.loc[key]
        for column, value in want.items():
            if isinstance(value, str):
                assert got[column] == value, (key, column)
            elif math.isnan(value):
                assert math.isnan(got[column]), (key, column)
            else:
                assert got[column] == pytest.approx(value, abs=1e-9), (key, column)


# ---- the tests -----------------------------------------------------------------------------------


def test_each_event_by_hand(evaluation):
    ev = evaluation.events.set_index("event_id")
    for eid, f in FACTS.items():
        row = ev.loc[eid]
        status, tier, on_time, due, handled, reworked, escalations, returns, extensions, cards, close, accept, worker, due_at = f
        assert str(row["status"]) == status, eid
        assert row["closed_tier"] == tier, eid
        assert bool(row["on_time"]) == on_time, eid
        assert bool(row["due"]) == due, eid
        assert bool(row["handled"]) == handled, eid
        assert bool(row["reworked"]) == reworked, eid
        assert (row["escalations"], row["returns"], row["extensions"]) == (escalations, returns, extensions), eid
        assert row["escalated"] == (escalations > 0), eid  # 上移: escalated at least once (E7 and E14 once)
        assert (row["warnings"], row["supervised"], row["yellow_cards"], row["red_cards"]) == cards, eid
        if close is None:
            assert math.isnan(row["hours_to_close"]), eid
        else:
            assert row["hours_to_close"] == pytest.approx(close), eid
        if accept is None:
            assert math.isnan(row["hours_to_accept"]), eid
        else:
            assert row["hours_to_accept"] == pytest.approx(accept), eid
        assert (row["worker"] if isinstance(row["worker"], str) else None) == worker, eid
        assert row["due_at"] == T(due_at), eid
    # Departments are judged on the events that reached the county only.
    assert sorted(ev["department"].dropna().index) == ["E13", "E7"]
    # The entry tier is the policy's: ZZ09 and urgent ZZ03 enter the community, ZZ08 the county.
    assert ev.loc[["E1", "E9", "E11", "E13"], "entry_tier"].tolist() == [0, 2, 2, 4]


def test_every_kpi_by_hand(evaluation):
    k = evaluation.kpis
    closed = ["E1", "E2", "E5", "E6", "E7", "E9", "E10", "E11", "E12", "E13", "E14"]
    assert (k["events"], k["closed"], k["void"], k["open"]) == (14, 11, 1, 2)
    assert k["due"] == 12  # the 11 closed + E4 (E3 not yet due, E8 void)
    assert k["closure_rate"] == pytest.approx(11 / 12)  # 结案率: closed / due
    assert k["on_time_closure_rate"] == pytest.approx(9 / 12)  # 按期结案率: all closed but E2 and E7, / due
    assert k["disposal_rate"] == pytest.approx(11 / 12)  # 处置率: handled and due / due
    assert k["closed_in_grid_share"] == pytest.approx(4 / 11)  # of the closed: E1 E2 E5 E12 at L0
    assert k["closed_in_compound_or_below_share"] == pytest.approx(5 / 11)  # + E14 at L1
    assert k["closed_in_community_or_below_share"] == pytest.approx(9 / 11)  # + E6 E9 E10 E11 at L2
    assert k["closed_share"] == pytest.approx(11 / 14)  # shares of all events
    assert k["on_time_share"] == pytest.approx(9 / 14)
    assert k["resolved_in_grid_rate"] == pytest.approx(4 / 14)  # E1 E2 E5 E12
    assert k["resolved_in_compound_rate"] == pytest.approx(1 / 14)  # E14
    assert k["resolved_in_community_rate"] == pytest.approx(4 / 14)  # E6 E9 E10 E11
    assert k["resolved_in_street_rate"] == 0
    assert k["reached_county_rate"] == pytest.approx(2 / 14)  # E7 E13
    assert k["rework_rate"] == pytest.approx(1 / 11)  # E5 of the 11 handled
    assert k["escalation_rate"] == pytest.approx(3 / 14)  # E6 E7 E14
    assert k["mean_hours_to_close"] == pytest.approx(sum(FACTS[e][10] for e in closed) / 11)
    assert k["mean_hours_to_close"] == pytest.approx((2.75 + 80 + 8 + 26.5 + 102 + 270.5 + 246.5 + 28 + 25 + 25 / 6 + 25.5) / 11)
    assert k["mean_hours_to_accept"] == pytest.approx((10 * 0.5 + 2 / 6 + 0.05) / 13)  # all but E8 were accepted
    assert (k["warnings"], k["supervised"], k["yellow_cards"], k["red_cards"]) == (8, 5, 3, 1)
    # 按期处置率 over the 14 handling stages due (STAGES), 核查率 and 按时核查率 over 12 verifications.
    assert k["on_time_disposal_rate"] == pytest.approx(9 / 14)
    assert k["verification_rate"] == 1.0
    assert k["on_time_verification_rate"] == pytest.approx(11 / 12)  # all but E2's
    # 回退率: one return (E6) of four hand-overs (E6 twice, E7, E14 escalated; nothing handed down).
    assert k["return_rate"] == pytest.approx(1 / 4)
    assert k["handed_down"] == 0
    assert k["valid_report_rate"] == pytest.approx(13 / 14)  # E8 void
    assert (k["satisfaction_rate"], k["return_visits"]) == (0.0, 0)  # the log records no visits
    assert k["source_share_patrol"] == 0.0  # nor sources


def test_each_events_stages_by_hand(evaluation):
    ev = evaluation.events.set_index("event_id")
    for eid, (due, on_time, _, _, v_due, v_on_time) in STAGES.items():
        assert (ev.loc[eid, "disposals_due"], ev.loc[eid, "disposals_on_time"]) == (due, on_time), eid
        assert (ev.loc[eid, "verifications_due"], ev.loc[eid, "verifications_on_time"]) == (v_due, v_on_time), eid


def test_tables_by_grid_community_worker_and_department(evaluation):
    grids = {"G1": ["E1", "E2", "E5", "E8", "E9", "E14"], "G2": ["E3", "E7", "E12"],
             "G3": ["E6", "E10", "E11", "E13"], "G4": ["E4"]}
    check_table(evaluation.by_grid, grids)
    check_table(evaluation.by_community, {"C1": grids["G1"] + grids["G2"], "C2": grids["G3"] + grids["G4"]})
    check_table(evaluation.by_worker, {"w1": ["E1", "E2", "E5", "E14"], "w2": ["E3", "E7", "E12"], "w3": ["E6"], "w4": ["E4"]})
    check_table(evaluation.by_department, {"公安局": ["E7"], "应急局": ["E13"]}, department=True)
    # The same figures written out, so that a slip in the recount above cannot hide one in the code.
    g = evaluation.by_grid
    assert g.loc["G1", ["结案率", "按期结案率", "返工率", "自行处置率"]].tolist() == pytest.approx([100, 80, 20, 50])
    assert g.loc["G1", "score"] == pytest.approx(40 + 0.3 * 80 + 0.15 * 80 + 0.15 * 50)  # 83.5
    assert g.loc["G2", "按期结案率"] == pytest.approx(50) and g.loc["G2", "上移率"] == pytest.approx(100 / 3)
    assert list(g["grade"]) == ["B", "B", "B", "E"]  # 83.5, 75 (the B boundary), 85, 15
    assert g.loc["G4", "score"] == pytest.approx(15)  # nothing closed: only the 15 points of "no rework"
    c = evaluation.by_community
    assert c.loc["C2", ["结案率", "score", "grade"]].tolist() == [pytest.approx(80), pytest.approx(71), "C"]
    d = evaluation.by_department
    # A department is judged on its own stages (按期处置率): 公安局's L4 stage was on time, 应急局's
    # was not (E13: 3 h of 2 h).
    assert d.loc["公安局", ["score", "grade"]].tolist() == [pytest.approx(100), "A"]  # 10 + 30 + 30 + 30
    assert d.loc["应急局", ["score", "grade"]].tolist() == [pytest.approx(70), "C"]  # 10 + 30 + 0 + 30
    assert evaluation.by_worker.loc["w1", "score"] == pytest.approx(85)  # 40 + 22.5 + 11.25 + 11.25


def test_threshold_edges(evaluation):
    """Each threshold is reached at exactly its ratio: E3 sits at 80 %, E7 at 200 %, E13 at 150 %."""
    ev = evaluation.events.set_index("event_id")
    assert ev.loc["E3", "warnings"] == 1
    assert ev.loc["E7", "red_cards"] == 1
    assert ev.loc["E13", "yellow_cards"] == 1
    events, transitions = hand_log()
    # One second earlier, each falls short of its threshold.
    earlier = transitions.copy()
    for eid, to_state in (("E7", "escalated"), ("E13", "feedback")):
        row = earlier.index[(earlier["event_id"] == eid) & (earlier["to_state"] == to_state)][0]
        earlier.loc[row, "time"] -= pd.Timedelta(seconds=1)
    again = gg.evaluate(events, earlier, as_of=AS_OF - pd.Timedelta(seconds=1)).events.set_index("event_id")
    assert again.loc["E3", "warnings"] == 0
    assert again.loc["E7", "red_cards"] == 0 and again.loc["E7", "yellow_cards"] == 1
    assert again.loc["E13", "yellow_cards"] == 0 and again.loc["E13", "supervised"] == 1


def test_deadline_reads_the_same_as_the_clock(evaluation):
    """结案率 and 按期结案率 from the per-event table alone: due <=> closed, or open (not void)
    with the log ending after due_at; on time <=> closed by due_at."""
    ev = evaluation.events
    closed = ev["status"] == "closed"
    due = closed | ((ev["status"] != "void") & (AS_OF > ev["due_at"]))
    on_time = closed & (ev["closed_at"] <= ev["due_at"])
    assert (due == ev["due"]).all()
    assert (on_time == ev["on_time"]).all()
    assert ev["closed_at"].notna().sum() == 11


# ---- a simulated month, recounted from its events table alone ------------------------------------


def test_closure_rates_recomputed_from_a_simulated_months_table():
    county = gg.datasets.seed_county(0)
    month = gg.simulate(county, days=30, seed=0)
    ev, as_of = month.events, month.as_of
    status = ev["status"].astype(str)
    closed = (status == "closed").to_numpy()
    due = closed | ((status != "void").to_numpy() & (as_of > ev["due_at"]).to_numpy())
    on_time = closed & (ev["closed_at"] <= ev["due_at"]).to_numpy()
    assert ev["due_at"].notna().all()
    assert (on_time == ev["on_time"].to_numpy()).all()
    assert 0 < due.sum() < len(ev)
    assert month.kpis["due"] == due.sum()
    assert month.kpis["closure_rate"] == pytest.approx(closed.sum() / due.sum(), abs=1e-12)  # 结案率
    assert month.kpis["on_time_closure_rate"] == pytest.approx(on_time.sum() / due.sum(), abs=1e-12)  # 按期结案率
    in_grid = closed & (ev["closed_tier"] == 0).to_numpy()
    assert month.kpis["closed_in_grid_share"] == pytest.approx(in_grid.sum() / closed.sum(), abs=1e-12)
    # The deadline is what the event owed: report + the policy's total for its entry tier on the
    # urgency's clock (natural hours for U2/U3, the working calendar for U0/U1), recomputed here
    # with a calendar walk of our own for events that were never parked or extended.
    policy = gg.EscalationPolicy.default()
    cal = policy.to_dict()["calendar"]
    paused = set(month.transitions.loc[month.transitions["to_state"].isin(["parked", "extension"]), "event_id"])
    sample = ev[~ev["event_id"].isin(paused)].iloc[::97]
    assert len(sample) > 100
    for _, row in sample.iterrows():
        u = int(str(row["urgency"])[1])
        seconds = policy._core.total_limit_seconds(int(row["entry_tier"]), u)
        if u >= 2:
            want = row["created_at"] + pd.Timedelta(seconds=seconds)
        else:
            want = working_deadline(row["created_at"], seconds, cal["holidays"], cal["workdays"])
        assert row["due_at"] == want, (row["event_id"], row["category"], row["urgency"])


def working_deadline(start: pd.Timestamp, seconds: int, holidays: list[str], workdays: list[str]) -> pd.Timestamp:
    """The last moment by which `seconds` of working time have not yet been exceeded, counting
    08:30-12:00 and 13:30-17:30 on working days (Mon-Fri unless a holiday, or a listed workday)."""
    off, on = set(holidays), set(workdays)
    day = start.normalize()
    remaining = pd.Timedelta(seconds=seconds)
    while True:
        iso = day.strftime("%Y-%m-%d")
        if iso in on or (day.weekday() < 5 and iso not in off):
            for a, b in (("08:30", "12:00"), ("13:30", "17:30")):
                lo, hi = max(start, day + pd.Timedelta(a + ":00")), day + pd.Timedelta(b + ":00")
                if hi <= lo:
                    continue
                if remaining < hi - lo:  # strictly inside: at a window's end the clock waits for the next
                    return lo + remaining
                remaining -= hi - lo
        day += pd.Timedelta(days=1)


# ---- sources, hand-downs, returns and return visits ------------------------------------------------

VISITS_AS_OF = pd.Timestamp("2025-01-10 17:30")
# event -> (category, source, satisfied, created, [(time, to_state, tier, actor)])
VISITS = {
    # H1: a 12345 hotline call at night, accepted by the county centre at once (全天候) and handed
    # down (交办) to the grid in the morning; verified by the station; the caller is satisfied.
    "H1": ("ZZ06", "hotline", True, T("06 20:00"), [
        ("06 20:30", "accepted", 4, "ZX"), ("07 09:00", "dispatched", 0, "w1"), ("07 09:00", "handling", 0, "w1"),
        ("07 10:00", "feedback", 0, "w1"), ("07 11:00", "verified", 0, "S1"), ("07 11:30", "closed", 0, "w1")]),
    # H2: a resident's app report, escalated to the community, returned (回退), escalated again and
    # settled there; the resident is not satisfied.
    "H2": ("ZZ01", "app", False, T("06 09:00"), [
        ("06 09:30", "accepted", 0, "w1"), ("06 10:00", "dispatched", 0, "w1"), ("06 10:00", "handling", 0, "w1"),
        ("06 11:00", "escalated", 2, "S1"), ("06 11:30", "accepted", 2, "S1"), ("06 13:30", "returned", 0, "w1"),
        ("06 14:00", "accepted", 0, "w1"), ("06 14:30", "escalated", 2, "S1"), ("06 15:00", "accepted", 2, "S1"),
        ("06 15:30", "dispatched", 2, "S1"), ("06 15:30", "handling", 2, "S1"), ("07 10:00", "feedback", 2, "S1"),
        ("07 11:00", "verified", 2, "w1"), ("07 11:30", "closed", 2, "S1")]),
    # H3: an app report found invalid (作废).
    "H3": ("ZZ07", "app", None, T("06 09:00"), [("06 09:20", "void", 0, "w1")]),
    # H4: a manhole cover found on inspection: the county centre dispatches it to 城管 directly.
    "H4": ("BJ0101", "inspection", None, T("06 09:00"), [
        ("06 09:10", "accepted", 4, "ZX"), ("06 10:00", "dispatched", 4, "CG"), ("06 10:00", "handling", 4, "CG"),
        ("08 10:00", "feedback", 4, "CG"), ("08 14:00", "verified", 4, "w1"), ("08 15:00", "closed", 4, "ZX")]),
    # H5: a patrol report still in hand: an answer recorded for an open event is not a return visit.
    "H5": ("ZZ04", "patrol", True, T("10 08:40"), [
        ("10 09:00", "accepted", 0, "w1"), ("10 09:00", "dispatched", 0, "w1"), ("10 09:00", "handling", 0, "w1")]),
}


def visits_log() -> tuple[pd.DataFrame, pd.DataFrame]:
    events, rows = [], []
    for eid, (category, source, satisfied, created, steps) in VISITS.items():
        events.append({"event_id": eid, "created_at": created, "place": "P" + eid, "category": category, "urgency": None,
                       "grid": "G1", "community": "C1", "source": source, "satisfied": satisfied})
        state = "reported"
        for when, to_state, tier, actor in steps:
            rows.append({"event_id": eid, "time": T(when), "from_state": state, "to_state": to_state,
                         "tier": tier, "actor": actor})
            state = to_state
    events = pd.DataFrame(events)
    events["satisfied"] = events["satisfied"].astype("boolean")
    return events, pd.DataFrame(rows)


def test_sources_handdowns_returns_and_return_visits_by_hand():
    events, transitions = visits_log()
    ev = gg.evaluate(events, transitions, as_of=VISITS_AS_OF)
    k = ev.kpis
    assert k["events"] == 5 and k["void"] == 1
    assert k["valid_report_rate"] == pytest.approx(4 / 5)
    assert (k["source_share_patrol"], k["source_share_app"], k["source_share_hotline"], k["source_share_inspection"]) == \
        pytest.approx((1 / 5, 2 / 5, 1 / 5, 1 / 5))
    assert k["valid_report_rate_app"] == pytest.approx(1 / 2)  # H3 void
    assert (k["valid_report_rate_patrol"], k["valid_report_rate_hotline"], k["valid_report_rate_inspection"]) == (1, 1, 1)
    # 群众满意度: H1 yes, H2 no; H5's answer is not counted (still open), H3 and H4 not asked.
    assert (k["satisfaction_rate"], k["return_visits"]) == (pytest.approx(1 / 2), 2)
    # 交办: H1 accepted at L4, dispatched to L0. H4 is accepted and handled at L4: not handed down.
    assert k["handed_down"] == 1
    assert ev.events.set_index("event_id").loc[["H1", "H4"], "handed_down"].tolist() == [1, 0]
    # 回退率: one return of three hand-overs (H2 escalated twice, H1 handed down).
    assert k["return_rate"] == pytest.approx(1 / 3)
    # The department (城管, via H4's sector) is judged on H4 only: H1 was accepted at the county
    # but handed down, so it is the grid's.
    assert list(ev.by_department.index) == ["城管"]
    assert ev.by_community.loc["C1", "群众满意度"] == pytest.approx(50)
    assert ev.by_community.loc["C1", "handed_down"] == 1
    # Unknown sources and answers are errors naming the row.
    bad = events.copy()
    bad.loc[2, "source"] = "wechat"
    with pytest.raises(gg.EventLogError, match="row 2"):
        gg.evaluate(bad, transitions, as_of=VISITS_AS_OF)
    bad = events.astype({"satisfied": object})
    bad.loc[1, "satisfied"] = "yes"
    with pytest.raises(gg.EventLogError, match="row 1"):
        gg.evaluate(bad, transitions, as_of=VISITS_AS_OF)


# ---- the rules the logs above do not reach: above the county, a verification never done, a month's end

EDGES_AS_OF = pd.Timestamp("2025-02-03 17:30")
# event -> (category, urgency, created, [(time, to_state, tier, actor)])
EDGES = {
    # X1: a 突发事件 (U3, enters the county) that the city (L5, 市及以上) takes over: handled at the
    # county 20:10 -> 20:40 and handed up before its 2 h limit (not due for disposal), handled at
    # L5 20:50 -> 22:20 = 1.5 of 2 h (no marks: 75 % is under the warning), verified by the county
    # centre in 20 min of 1 h, closed at L5 3 h after the report <= 4 h 20 (on time).
    "X1": ("ZZ08", "U3", pd.Timestamp("2025-01-20 20:00"), [
        ("2025-01-20 20:03", "accepted", 4, "ZX"), ("2025-01-20 20:10", "dispatched", 4, "YJ"),
        ("2025-01-20 20:10", "handling", 4, "YJ"), ("2025-01-20 20:40", "escalated", 5, "SJ"),
        ("2025-01-20 20:45", "accepted", 5, "SJ"), ("2025-01-20 20:50", "dispatched", 5, "SJ"),
        ("2025-01-20 20:50", "handling", 5, "SJ"), ("2025-01-20 22:20", "feedback", 5, "SJ"),
        ("2025-01-20 22:40", "verified", 5, "ZX"), ("2025-01-20 23:00", "closed", 5, "SJ")]),
    # X2: settled in the grid (feedback Mon 11:00 after 1 wh of 7.5: disposed of on time) and never
    # verified: the verification is due (pending far past its 7.5 wh) but not done. The event is
    # open and due (report Mon 09:00 + 28.5 wh = Thu 23 16:30 < the end of the log).
    "X2": ("ZZ04", "U0", pd.Timestamp("2025-01-20 09:00"), [
        ("2025-01-20 09:30", "accepted", 0, "w1"), ("2025-01-20 10:00", "dispatched", 0, "w1"),
        ("2025-01-20 10:00", "handling", 0, "w1"), ("2025-01-20 11:00", "feedback", 0, "w1")]),
    # X3: 安全隐患 (U2, natural clock, enters the community) reported on 31 January and closed at
    # exactly 2025-02-01 00:00:00, the moment January's report is measured at: it counts as
    # closed in January. Stage 2 h of 24, verified in 1 h of 2 h, closed 4 h after the report.
    "X3": ("ZZ03", "U2", pd.Timestamp("2025-01-31 20:00"), [
        ("2025-01-31 20:10", "accepted", 2, "S1"), ("2025-01-31 20:30", "dispatched", 2, "S1"),
        ("2025-01-31 20:30", "handling", 2, "S1"), ("2025-01-31 22:30", "feedback", 2, "S1"),
        ("2025-01-31 23:30", "verified", 2, "w1"), ("2025-02-01 00:00", "closed", 2, "S1")]),
}


def edges_log() -> tuple[pd.DataFrame, pd.DataFrame]:
    events, rows = [], []
    for eid, (category, urgency, created, steps) in EDGES.items():
        events.append({"event_id": eid, "created_at": created, "place": "P" + eid, "category": category,
                       "urgency": urgency, "grid": "G1", "community": "C1"})
        state = "reported"
        for when, to_state, tier, actor in steps:
            rows.append({"event_id": eid, "time": pd.Timestamp(when), "from_state": state, "to_state": to_state,
                         "tier": tier, "actor": actor})
            state = to_state
    return pd.DataFrame(events), pd.DataFrame(rows)


def edges_policy() -> gg.EscalationPolicy:
    """The standard policy, but the city (L5) may handle a U3 matter, within 2 h (a deployment's choice)."""
    d = gg.EscalationPolicy.default().to_dict()
    d["handle_limits_hours"]["L5"]["U3"] = 2.0
    return gg.EscalationPolicy.from_dict(d)


def test_above_the_county_a_verification_never_done_and_a_months_last_instant():
    events, transitions = edges_log()
    ev = gg.evaluate(events, transitions, edges_policy(), as_of=EDGES_AS_OF, period="M")
    k = ev.kpis
    assert (k["events"], k["closed"], k["open"], k["due"]) == (3, 2, 1, 3)  # X2 open and due
    assert k["closure_rate"] == pytest.approx(2 / 3) and k["on_time_closure_rate"] == pytest.approx(2 / 3)
    # Closed at the county or above: X1, closed by the city (L5).
    assert k["reached_county_rate"] == pytest.approx(1 / 3)
    assert k["resolved_in_community_rate"] == pytest.approx(1 / 3)  # X3
    assert k["closed_share"] == pytest.approx(k["reached_county_rate"] + k["resolved_in_community_rate"])
    assert k["closed_in_community_or_below_share"] == pytest.approx(1 / 2)
    # 核查率 and 按时核查率 over the verifications due: X1's and X3's done in time, X2's pending
    # past its limit (due, not done).
    assert k["verification_rate"] == pytest.approx(2 / 3)
    assert k["on_time_verification_rate"] == pytest.approx(2 / 3)
    per = ev.events.set_index("event_id")
    assert per.loc["X2", ["verifications_due", "verifications_on_time"]].tolist() == [1, 0]
    # 按期处置率: X1's L5 stage and X2's and X3's stages, all on time; X1's county stage was handed up
    # within its limit, so it was never due.
    assert per.loc["X1", ["disposals_due", "disposals_on_time"]].tolist() == [1, 1]
    assert k["on_time_disposal_rate"] == 1.0
    # January, measured at 2025-02-01 00:00: X3's close at that very instant is January's.
    jan = ev.by_period.loc["2025-01"]
    assert jan["measured_at"] == pd.Timestamp("2025-02-01")
    assert (jan["events"], jan["closed"], jan["due"]) == (3, 2, 3)
    assert jan["closure_rate"] == pytest.approx(2 / 3)
    assert jan["reached_county_rate"] == pytest.approx(1 / 3)
    # A second later and the close is February's: January then has X3 open and not yet due (4 h of
    # its 28.75), so one closed of two due.
    later = transitions.copy()
    later.loc[later["event_id"].eq("X3") & later["to_state"].eq("closed"), "time"] += pd.Timedelta(seconds=1)
    jan_later = gg.evaluate(events, later, edges_policy(), as_of=EDGES_AS_OF, period="M").by_period.loc["2025-01"]
    assert (jan_later["closed"], jan_later["due"]) == (1, 2)
