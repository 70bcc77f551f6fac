"""Readers for a planner's tables: encodings, headers, and every bad row reported at once."""

import numpy as np
import pandas as pd
import pytest

import gridgov as gg
from gridgov import readers

BUILDINGS_CN = (
    "楼栋,社区,小区,经度,纬度,户数,人口,网格,备注,楼栋数\n"
    "B1,东风社区,阳光小区,116.40,39.90,120,300,G1,临街,\n"
    'B2,东风社区,阳光小区,116.401,39.901,"1,200",,G1,,\n'
    ",东风社区,花园小区,116.402,39.902,400,,,,3\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_buildings_in_every_spreadsheet_encoding(encoding, tmp_path):
    path = tmp_path / "buildings.csv"
    path.write_bytes(BUILDINGS_CN.encode(encoding))
    df = readers.read_buildings(path)
    expected = {"utf-8": "utf-8-sig", "utf-8-sig": "utf-8-sig", "gbk": "gb18030", "gb18030": "gb18030",
                "utf-16": "utf-16"}[encoding]
    assert df.attrs["encoding"] == expected
    assert list(df["community"]) == ["东风社区"] * 3
    assert list(df["compound"]) == ["阳光小区", "阳光小区", "花园小区"]
    assert df["households"].tolist() == [120, 1200, 400]
    assert df["residents"].isna().tolist() == [False, True, True]
    assert str(df["households"].dtype) == "Int64"
    assert df["buildings"].iloc[2] == 3
    assert df["备注"].iloc[0] == "临街"  # free columns pass through
    np.testing.assert_allclose(df["lon"], [116.40, 116.401, 116.402])


def test_tab_separated_and_full_width_digits():
    text = "building\tcommunity\tx\ty\thouseholds\nB1\tC1\t１０\t20\t３\n"
    df = readers.read_buildings(text.encode("utf-8"), crs="local")
    assert df["x"].iloc[0] == 10.0 and df["households"].iloc[0] == 3


def test_every_bad_row_reported_at_once():
    bad = ("building,community,lon,lat,households\n"
           "B1,C,116.4,39.9,-3\n"
           "B1,C,39.9,116.4,2.5\n"
           "B3,,abc,39.9,x\n"
           "B4,C,116.4,39.9,7\n")
    with pytest.raises(gg.InputError) as info:
        readers.read_buildings(bad.encode())
    problems = info.value.problems
    where = {(p.row, p.column) for p in problems}
    assert (2, "households") in where  # negative
    assert (3, "households") in where  # not whole
    assert (2, "building") in where and (3, "building") in where  # duplicate, both rows named
    assert (3, "lat") in where  # swapped lon/lat
    assert (4, "community") in where and (4, "lon") in where and (4, "households") in where
    assert not any(p.row == 5 for p in problems)  # the good row is not blamed
    message = str(info.value)
    assert "row 2, column 'households' '-3': a count cannot be negative" in message
    assert "duplicate building (also in row 3)" in message
    assert isinstance(info.value, gg.Error) and isinstance(info.value, ValueError)


def test_dataframe_rows_are_named_by_index_label():
    frame = pd.DataFrame({"building": ["a", "b"], "community": ["c", "c"], "x": [0.0, 1.0],
                          "y": [0.0, np.nan], "households": [10, 20]}, index=["first", "second"])
    with pytest.raises(gg.InputError) as info:
        readers.read_buildings(frame, crs="local")
    assert [(p.row, p.column) for p in info.value.problems] == [("second", "y")]


def test_missing_columns_and_unreadable_files(tmp_path):
    with pytest.raises(gg.InputError, match="missing column.*households"):
        readers.read_buildings(b"building,community,lon,lat\nB1,C,116,39\n")
    with pytest.raises(gg.InputError, match="x\\+y"):
        readers.read_buildings(b"building,community,lon,lat,households\nB1,C,116,39,4\n", crs="local")
    with pytest.raises(gg.InputError, match="cannot read"):
        readers.read_buildings(tmp_path / "nope.csv")
    with pytest.raises(gg.InputError, match="neither UTF-8 nor GBK"):
        readers.read_csv(b"a,b\n\xff\xff\xff\x80,1\n")
    with pytest.raises(gg.InputError, match="empty"):
        readers.read_csv(b"  \n")
    with pytest.raises(gg.InputError, match="crs="):
        readers.read_buildings(b"building,community,lon,lat,households\nB1,C,116,39,4\n", crs="utm")


def test_compound_split_rows_need_a_count():
    text = ("building,community,compound,lon,lat,households,buildings\n"
            ",C,XQ,116.4,39.9,300,0\n"
            "B2,C,XQ,116.4,39.9,300,2\n")
    with pytest.raises(gg.InputError) as info:
        readers.read_buildings(text.encode())
    problems = {(p.row, p.column) for p in info.value.problems}
    assert problems == {(2, "buildings"), (3, "buildings")}


def test_workers_table():
    text = ("工号,姓名,社区,类型,网格,经度,纬度\n"
            "W1,张三,东风社区,专职,G1,116.40,39.90\n"
            "W2,李四,东风社区,兼职,G1;G2,,\n")
    df = readers.read_workers(text.encode("gbk"))
    assert df["type"].tolist() == ["fulltime", "parttime"]
    assert df["grid"].tolist() == [["G1"], ["G1", "G2"]]
    with pytest.raises(gg.InputError) as info:
        readers.read_workers(b"worker,community,type\nW1,C,boss\nW1,C,fulltime\n")
    assert {(p.row, p.column) for p in info.value.problems} == {(2, "type"), (2, "worker"), (3, "worker")}


EVENTS = ("event_id,created_at,place,category,urgency,status,closed_at,on_time,escalations\n"
          "E1,2024-03-01 08:00,B1,ZZ01,1,closed,2024-03-01 12:00,true,0\n"
          "E2,2024-03-01 09:00,B2,SJ01,U2,open,,,1\n")


def test_events_and_transitions():
    events = readers.read_events(EVENTS.encode())
    assert events["urgency"].tolist() == ["U1", "U2"]
    assert events["on_time"].iloc[0] == True  # noqa: E712 (nullable boolean)
    assert pd.isna(events["closed_at"].iloc[1])
    transitions = ("event_id,time,from_state,to_state,actor\n"
                   "E1,2024-03-01 08:00,,reported,resident\n"
                   "E1,2024-03-01 09:00,reported,accepted,W1\n"
                   "E1,2024-03-01 12:00,accepted,closed,W1\n")
    t = readers.read_transitions(transitions.encode(), events=events)
    assert t["to_state"].tolist() == ["reported", "accepted", "closed"]


def test_event_log_bad_rows():
    bad = ("event_id,created_at,place,category,urgency,status,closed_at,escalations\n"
           "E1,2024-03-01 08:00,B1,ZZ01,U7,closed,2024-02-01 12:00,-1\n"
           "E1,yesterday,,ZZ01,U1,flying,,0\n")
    with pytest.raises(gg.InputError) as info:
        readers.read_events(bad.encode())
    problems = {(p.row, p.column) for p in info.value.problems}
    assert problems == {(2, "urgency"), (2, "closed_at"), (2, "escalations"), (2, "event_id"),
                        (3, "event_id"), (3, "created_at"), (3, "place"), (3, "status")}
    events = readers.read_events(EVENTS.encode())
    transitions = ("event_id,time,from_state,to_state\n"
                   "E1,2024-03-01 09:00,,reported\n"
                   "E1,2024-03-01 08:30,reported,accepted\n"
                   "E1,2024-03-01 10:00,handling,closed\n"
                   "E9,2024-03-01 10:00,,reported\n"
                   "E2,2024-02-01 10:00,,reported\n")
    with pytest.raises(gg.InputError) as info:
        readers.read_transitions(transitions.encode(), events=events)
    problems = {(p.row, p.column) for p in info.value.problems}
    assert problems == {(3, "time"), (4, "from_state"), (5, "event_id"), (6, "time")}


def test_many_problems_are_summarised_but_all_kept():
    rows = "\n".join(f"B{i},C,116.4,39.9,-1" for i in range(100))
    with pytest.raises(gg.InputError) as info:
        readers.read_buildings(("building,community,lon,lat,households\n" + rows + "\n").encode())
    assert len(info.value.problems) == 100
    assert "and 70 more" in str(info.value)


def test_tiers_and_simulator_states():
    text = ("event_id,created_at,place,category,entry_tier,closed_tier,status\n"
            "E1,2024-03-01 08:00,B1,ZZ01,0,-1,escalated\n"
            "E2,2024-03-01 08:00,B1,ZZ01,L2,L4,closed\n"
            "E3,2024-03-01 08:00,B1,ZZ01,7,x,closed\n")
    with pytest.raises(gg.InputError) as info:
        readers.read_events(text.encode())
    assert {(p.row, p.column) for p in info.value.problems} == {(4, "entry_tier"), (4, "closed_tier")}
    numbers = readers.read_events(b"event_id,created_at,place,category,closed_tier\nE1,2024-03-01,B,ZZ01,-1\n"
                                  b"E2,2024-03-01,B,ZZ01,3\n")
    assert numbers["closed_tier"].tolist() == [-1, 3]


# ---- issue 16 §2: the planner's own headers, and messages that say what is accepted ------------

def test_the_chinese_headers_planners_use():
    text = ("楼栋号,社区,小区,总户数,常住人口,经度,纬度\n"
            "1号楼,东风社区,阳光小区,120,300,116.40,39.90\n")
    df = readers.read_buildings(text.encode("gbk"))
    assert df[["building", "community", "compound", "households", "residents"]].iloc[0].tolist() == \
        ["1号楼", "东风社区", "阳光小区", 120, 300]
    local = readers.read_buildings("楼栋,社区,X,Y,户数,人口\nB1,C,10,20,3,7\n".encode("utf-8"), crs="local")
    assert (local["x"].iloc[0], local["y"].iloc[0], local["residents"].iloc[0]) == (10.0, 20.0, 7)


def test_a_missing_column_lists_the_accepted_names_in_both_languages():
    with pytest.raises(gg.InputError) as info:
        readers.read_buildings("楼栋,经度,纬度\nB1,116.4,39.9\n".encode("utf-8"))
    message = str(info.value)
    assert "missing column(s) community, households" in message
    assert "community: community / 社区 / 社区编码" in message
    assert "households: households / 户数 / 总户数" in message
    with pytest.raises(gg.InputError, match=r"lon\+lat: lon / 经度 / longitude / lng with lat / 纬度"):
        readers.read_buildings("楼栋,社区,户数\nB1,C,3\n".encode("utf-8"))
    gg.set_language("zh")
    try:
        with pytest.raises(gg.InputError, match=r"缺少列 households（表中现有的列：楼栋, 社区, 经度, 纬度）"):
            readers.read_buildings("楼栋,社区,经度,纬度\nB1,C,116.4,39.9\n".encode("utf-8"))
    finally:
        gg.set_language("en")


def test_lon_and_lat_swapped_in_the_whole_table_is_one_message():
    rows = "".join(f"B{i},C,{39.9 + i * 1e-4},116.4,3\n" for i in range(50))
    with pytest.raises(gg.InputError) as info:
        readers.read_buildings(("building,community,lon,lat,households\n" + rows).encode())
    message = str(info.value)
    assert message.count("swapped") == 1, message
    assert "lon and lat are swapped: in 50 of the 50 located rows" in message and "row 2: lon 39.9, lat 116.4" in message
    with pytest.raises(gg.InputError) as info:
        gg.from_buildings(pd.DataFrame({"building": ["a", "b", "c"], "community": "C", "households": 3,
                                        "lon": [39.9, 39.91, 39.92], "lat": [116.4, 116.4, 116.4]}), crs="gcj02")
    assert str(info.value).count("swapped") == 1
    # Places and workers too.
    places = pd.DataFrame({"place": ["P1", "P2"], "community": "C", "type": "school", "lon": [39.9, 39.91],
                           "lat": [116.4, 116.4]})
    with pytest.raises(gg.InputError, match=r"^places: lon and lat are swapped: in 2 of the 2 located rows"):
        readers.read_places(places)
