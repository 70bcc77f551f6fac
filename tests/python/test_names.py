"""Routing by the planner's own place names, building numbers and category names (issue 16 §2):
the C++ index (gridgov::escalation::PlaceNames, category_of) through route, route_many and the CLI."""

import io

import numpy as np
import pandas as pd
import pytest

import gridgov as gg
from gridgov import cli


@pytest.fixture(scope="module")
def county():
    return gg.datasets.seed_county(0)


@pytest.fixture(scope="module")
def planners_model():
    """A planner's spreadsheet: building numbers of their own, the same 3号楼 in two compounds."""
    rows = []
    for c, (community, lon) in enumerate((("东风社区", 120.150), ("红旗社区", 120.170))):
        for k, compound in enumerate(("阳光小区", "月亮小区")):
            for b in range(1, 4):
                rows.append({"楼栋号": f"C{c}{k}-{b}", "名称": f"{b}号楼", "社区": community, "小区": compound,
                             "经度": lon + k * 0.002 + b * 0.0004, "纬度": 30.28 + b * 0.0003, "户数": 20 + b})
    table = pd.DataFrame(rows)
    return gg.from_buildings(io.BytesIO(table.to_csv(index=False).encode("gbk")), crs="wgs84"), table


def test_route_by_names_is_the_route_by_codes(county):
    by_code = gg.route(county, "33990100100100001010101", "ZZ01")
    for place in ("香樟公馆1幢1单元101室", "香樟公馆1号楼 1单元 101", "北门社区 香樟公馆 1栋 1单元 101室",
                  "香樟公馆１号楼１单元１０１"):
        for category in ("ZZ01", "zz01", "矛盾纠纷", " 矛盾 纠纷"):
            r = gg.route(county, place, category)
            assert (r.place, r.category, r.steps) == (by_code.place, by_code.category, by_code.steps), (place, category)
    assert by_code.place_name == "香樟公馆1幢1单元101室" and by_code.category_name == "矛盾纠纷"
    assert str(by_code).startswith("ZZ01 矛盾纠纷 (U0) at 香樟公馆1幢1单元101室 (33990100100100001010101)")
    grid = county.code(int(county.nodes("grid")[0]))
    assert gg.route(county, county.name(grid), "上水井盖").place == grid
    assert county.route("北门社区第一网格", "社情民意") == gg.route(county, "339901001001001", "ZZ06")


def test_names_that_fit_several_or_none_say_so(county):
    with pytest.raises(gg.UnknownCodeError, match="268 name.s. end with it, e.g. 香樟公馆1幢"):
        gg.route(county, "1号楼", "ZZ01")
    with pytest.raises(gg.UnknownCodeError, match="香樟公馆 .compound 339901001001XQ011, 北门社区. has 3: 香樟公馆1幢"):
        gg.route(county, "香樟公馆 9号楼", "ZZ01")
    with pytest.raises(gg.InputError, match="not a place of events"):
        gg.route(county, "北门社区", "ZZ01")
    with pytest.raises(gg.InputError, match="fits 2 categories: BJ0399 部件·市容环境, SJ0199 事件·市容环境"):
        gg.route(county, "香樟公馆1幢", "市容环境")
    with pytest.raises(gg.UnknownCodeError, match="did you mean ZZ01 矛盾纠纷"):
        gg.route(county, "香樟公馆1幢", "纠纷")


def test_route_many_takes_names_beside_codes(county):
    codes = ["33990100100100001", "33990100100100002", "339901001001001"]
    names = ["香樟公馆1幢", "香樟公馆 2号楼", "北门社区第1网格"]
    by_code = gg.route_many(county, codes, ["ZZ01", "ZZ02", "BJ0101"])
    by_name = gg.route_many(county, names, ["矛盾纠纷", "zz02", "上水井盖"])
    for key in by_code:
        np.testing.assert_array_equal(by_code[key], by_name[key])
    with pytest.raises(gg.InputError, match="event 1: place '1号楼'|event 1: unknown place '1号楼'"):
        gg.route_many(county, ["香樟公馆1幢", "1号楼"], ["ZZ01", "ZZ01"])
    with pytest.raises(gg.InputError, match="event 1: category '市容环境' fits 2"):
        gg.route_many(county, codes[:2], ["ZZ01", "市容环境"])


def test_a_planners_building_numbers_and_names(planners_model):
    model, table = planners_model
    building = model.nodes("building")
    kept = model.to_frame("building").set_index("source_code")["code"]
    assert set(kept.index) == set(table["楼栋号"])
    # By the planner's building number (any case), and by the name qualified by compound and community.
    assert gg.route(model, "c01-3", "ZZ01").place == kept["C01-3"]
    assert gg.route(model, "红旗社区 月亮小区 2栋", "ZZ01").place == kept["C11-2"]
    assert gg.route(model, "月亮小区 红旗社区 2号楼", "ZZ01").place == kept["C11-2"]
    with pytest.raises(gg.InputError, match="fits 2 places") as caught:  # 阳光小区 is in both communities
        gg.route(model, "阳光小区 3号楼", "ZZ01")
    assert "东风社区" in str(caught.value) and "红旗社区" in str(caught.value)
    with pytest.raises(gg.InputError, match="fits 4 places"):
        gg.route(model, "3号楼", "ZZ01")
    assert len(building) == len(table)


def test_the_cli_routes_by_names(capsys):
    assert cli.main(["route", "county", "北门社区 香樟公馆 1号楼", "矛盾纠纷"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ZZ01 矛盾纠纷 (U0) at 香樟公馆1幢 (33990100100100001)")
    assert cli.main(["route", "county", "1号楼", "ZZ01"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "268 name(s) end with it" in err[0]
    with pytest.raises(SystemExit):
        cli.main(["route", "--help"])
    help_text = capsys.readouterr().out
    assert "矛盾纠纷" in help_text and "3号楼" in help_text
