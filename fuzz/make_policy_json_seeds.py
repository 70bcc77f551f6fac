"""Write the seed corpus of the policy JSON fuzz target (fuzz/corpus/fuzz_policy_json/).

Valid policies of different shapes, so that libFuzzer starts from every branch of the schema:
the standard policy (indented and on one line), a minimal one (only the required fields, two
categories), and one with the street tier, a custom calendar (one window, a leap day, a worked
Sunday), other thresholds and special sectors; then near misses that each stop at one rule of
the strict reader (a misspelled key, an unknown stage and urgency rule, a newer version, an
impossible date, a value of the wrong type, a one-letter category code, a non-JSON token).

    PYTHONPATH=python python fuzz/make_policy_json_seeds.py [OUT_DIR]

tests/python/test_fuzz_seeds.py checks that the committed files are what this script writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import gridgov as gg

OUT = Path(__file__).resolve().parent / "corpus" / "fuzz_policy_json"


def _standard() -> dict:
    return gg.EscalationPolicy.default().to_dict()


def _minimal() -> dict:
    d = _standard()
    return {"categories": [c for c in d["categories"] if c["code"] in ("ZZ01", "BJ0101")],
            "stage_limits_hours": d["stage_limits_hours"], "handle_limits_hours": d["handle_limits_hours"]}


def _custom() -> dict:
    d = _standard()
    d["street_tier"] = True
    d["categories"][1]["rules"]["U0"] = {"entry": "L0", "close": "L3", "sector": "公安"}
    d["calendar"] = {"windows": ["09:00-17:00"], "weekend": ["Sat"], "holidays": ["2028-02-29"],
                     "workdays": ["2028-03-05"]}
    d["thresholds"] = {"warning": 0.5, "supervise": 1.0, "yellow": 1.25, "red": 3.0}
    d["max_returns"] = 0
    d["extension_fraction"] = 0.5
    d["special_sectors"] = {"school": "教育", "park": "园林"}
    return d


def _text(d: dict, indent: int | None = None) -> bytes:
    return json.dumps(d, ensure_ascii=False, indent=indent).encode("utf-8")


def seed_bytes() -> dict[str, bytes]:
    """File name -> content of every seed."""
    p = gg.EscalationPolicy.default()
    seeds = {
        "standard.json": p.to_json().encode("utf-8"),
        "standard_compact.json": p.to_json(indent=None).encode("utf-8"),
        "minimal.json": _text(_minimal(), 1),
        "street_tier_custom_calendar.json": _text(_custom(), 1),
    }

    def near_miss(name: str, change) -> None:
        d = _minimal()
        change(d)
        seeds[name] = _text(d)

    near_miss("misspelled_key.json", lambda d: d.__setitem__("threshold", {"warning": 0.8}))
    near_miss("unknown_stage.json", lambda d: d["stage_limits_hours"].__setitem__("review", {"U0": 1}))
    near_miss("unknown_urgency_rule.json", lambda d: d["categories"][0]["rules"].__setitem__("U4", {"entry": "L0", "close": "L2"}))
    near_miss("newer_version.json", lambda d: d.__setitem__("version", 99))
    near_miss("impossible_date.json", lambda d: d.__setitem__("calendar", {"windows": ["08:30-12:00"], "holidays": ["2025-02-30"]}))
    near_miss("wrong_type.json", lambda d: d.__setitem__("thresholds", {"warning": 0.8, "supervise": 1, "yellow": 1.5, "red": "high"}))
    near_miss("one_letter_code.json", lambda d: d["categories"][0].__setitem__("code", "Z"))
    seeds["not_json.json"] = _text(_minimal()).replace(b'"U0": 2.0', b'"U0": NaN', 1)
    return seeds


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    for name, data in seed_bytes().items():
        (out / name).write_bytes(data)
        print(f"{out / name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
