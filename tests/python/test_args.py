"""The argument checks every public function goes through (python/gridgov/_args.py).

Written to kill the mutants mutmut left alive after the bad-input walk (tests/mutation/mutmut.sh):
the walk tries values far outside each range, these pin the edges of the ranges and the words
of the messages.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import gridgov as gg
from gridgov import _args


def test_number_edges():
    assert _args.number(0, "radius", minimum=0) == 0.0  # the minimum itself is allowed
    with pytest.raises(gg.InputError, match="radius must be at least 0"):
        _args.number(-1e-300, "radius", minimum=0)
    assert _args.number(float("inf"), "radius", finite=False) == float("inf")
    assert np.isnan(_args.number(float("nan"), "x", nan=True))
    with pytest.raises(gg.InputError, match="x must be a finite number"):
        _args.number(float("nan"), "x", finite=False)
    with pytest.raises(gg.InputError, match="tol must be a number, got True"):
        _args.number(True, "tol")


def test_whole_edges_and_messages():
    assert _args.whole(1, "k", minimum=1) == 1
    assert _args.whole(2**31 - 1, "k") == 2**31 - 1
    assert _args.whole(4.0, "k") == 4
    with pytest.raises(gg.InputError, match="k must be a whole number at least 1, got 0"):
        _args.whole(0, "k", minimum=1)
    with pytest.raises(gg.InputError, match="k must be a whole number at most 2,147,483,647"):
        _args.whole(2**31, "k")
    for bad in ("four", 2.5, float("inf"), None, True):
        with pytest.raises(gg.InputError, match=r"^k must be a whole number, got"):
            _args.whole(bad, "k")


def test_seed_range_and_default_name():
    assert _args.seed(0) == 0
    assert _args.seed(1024) == 1024
    assert _args.seed(2**64 - 1) == 2**64 - 1
    for bad in (2**64, -1, 1.0, "1", True, np.bool_(False)):
        with pytest.raises(gg.InputError, match=r"^seed must be a whole number from 0 to 2\*\*64 - 1"):
            _args.seed(bad)


def test_floats_text_and_path_say_what_they_got(tmp_path):
    with pytest.raises(gg.InputError, match="weights must be an array of numbers, got str"):
        _args.floats("abc", "weights")
    with pytest.raises(gg.InputError, match="code must be text, got int 5"):
        _args.text(5, "code")
    with pytest.raises(gg.InputError, match="character 1 has no UTF-8 form"):
        _args.text("a\udcff", "code")
    assert _args.text("光明社区", "name") == "光明社区"
    assert _args.path(Path("county.ggm")) == "county.ggm"
    assert _args.path("county.ggm") == "county.ggm"
    with pytest.raises(gg.InputError, match=r"^path must be a file path, got int 5"):
        _args.path(5)


def test_a_model_saves_and_loads_through_the_path_check(tmp_path):
    b = gg.ModelBuilder()
    b.add("county", "339901", "示范县")
    model = b.freeze()
    model.save(tmp_path / "m.ggm")
    assert gg.Model.load(tmp_path / "m.ggm").code(0) == "339901"
