"""Notebook HTML views: headline figures, a thumbnail, and never an exception."""

import types

import numpy as np
import pandas as pd

import gridgov as gg
from gridgov import _repr


def test_model_html_has_counts_and_thumbnail():
    model = gg.datasets.seed_county(0)
    text = _repr.model_html(model)
    assert "网格示范县" in text and "61,880" in text and "<svg" in text and "origin" in text
    assert text.count("<circle") == model.count("building")


def test_results_html_is_duck_typed_and_never_raises():
    plan = types.SimpleNamespace(labels=np.array([0, 0, 1, 2]), moved=[1, 2],
                                 quality={"overall": {"max_ratio": 1.04, "cut_edges": 17}})
    text = _repr.plan_html(plan)
    assert "buildings changing grid" in text and "1.04" in text and ">3<" in text
    sim = types.SimpleNamespace(kpis={"events": 1200, "closure_rate": 0.93}, events=pd.DataFrame({"a": [1]}))
    assert "1,200" in _repr.simulation_html(sim) and "0.930" in _repr.simulation_html(sim)
    reach = types.SimpleNamespace(distance=np.array([10.0, 250.0, np.inf]), summary={"within_500m": 0.66})
    text = _repr.reach_html(reach)
    assert "unreachable" in text and "130" in text
    route = [{"tier": "L0", "handler": "W1", "reason": "grid worker"}, {"tier": "L2", "handler": "FWZ", "reason": "station"}]
    assert "grid worker" in _repr.route_html(route)
    for broken in (None, 3, object()):
        for f in (_repr.model_html, _repr.plan_html, _repr.simulation_html, _repr.reach_html, _repr.route_html):
            assert f(broken).startswith("<div")
