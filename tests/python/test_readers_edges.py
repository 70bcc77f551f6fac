"""The readers at their edges: each limit at and next to its value, each keyword's effect, and
every problem reported as a record (row, column, value, problem) that names where it is.

Written against the mutation pass (issue 17 item 6, tests/mutation/README.md): each test here
makes some changed comparison, dropped argument or swapped name in gridgov/readers.py fail.
Messages are checked on their informative parts (the table, the row, the column, the value,
the rule broken); a Problem's ``problem`` field is a short rule and is compared whole.
"""

import copy
import io

import numpy as np
import pandas as pd
import pytest

import gridgov as gg
from gridgov import readers


def problems_of(call, *args, **kwargs):
    """The InputError's problems as (row, column, value, problem) tuples, and its message."""
    with pytest.raises(gg.InputError) as info:
        call(*args, **kwargs)
    return [(p.row, p.column, p.value, p.problem) for p in info.value.problems], str(info.value)


def csv(text: str) -> bytes:
    return text.encode("utf-8")


# ---- Problem, _Checker: how a bad cell is reported -----------------------------------------------

def test_a_problem_names_row_column_and_value_and_shows_no_empty_value():
    text = str(readers.Problem(7, "households", "-3", "a count cannot be negative"))
    assert text.startswith("row 7, column 'households' '-3'")
    assert text.endswith(": a count cannot be negative")
    blank = str(readers.Problem(4, "community", "", "community is required here"))
    assert "''" not in blank
    assert blank.startswith("row 4, column 'community': ")


def test_the_message_counts_problems_and_rows_lists_one_a_line_and_sorts_by_row():
    # Row 3's capacity is parsed before the worker codes are compared, so row 2's duplicate
    # is found after it: the report still runs in row order.
    found, message = problems_of(readers.read_workers, csv("worker,community,capacity\nW1,C,1\nW1,C,x\n"))
    assert [p[0] for p in found] == [2, 3, 3]
    assert message.startswith("workers: 3 problem(s) in 2 row(s);")
    lines = message.splitlines()[1:]
    assert len(lines) == 3 and all(line.startswith("  row ") for line in lines), lines


@pytest.mark.parametrize("bad,tail", [(30, None), (31, "… and 1 more (error.problems lists them all)")])
def test_thirty_problems_are_listed_and_the_thirty_first_is_counted(bad, tail):
    rows = "".join(f"W{i},C,-1\n" for i in range(bad))
    found, message = problems_of(readers.read_workers, csv("worker,community,capacity\n" + rows))
    assert len(found) == bad
    lines = message.splitlines()
    assert sum(line.startswith("  row ") for line in lines) == 30
    if tail is None:
        assert "more" not in message
    else:
        assert lines[-1].strip() == tail


# ---- encodings, delimiters, the CSV reader ----------------------------------------------------------

def test_utf16_in_either_byte_order_is_found_by_its_bom():
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        data = bom + "楼栋,户数\nB1,3\n".encode(codec)
        assert readers.detect_encoding(data) == "utf-16"
        frame = readers.read_csv(data)
        assert list(frame.columns) == ["楼栋", "户数"] and frame["户数"].tolist() == ["3"]


def test_row_ranges_join_runs_and_count_those_beyond_five():
    assert readers._row_ranges([2, 3, 4, 7, 9, 10]) == "2-4, 7, 9-10"
    assert readers._row_ranges([1, 3, 5, 7, 9]) == "1, 3, 5, 7, 9"  # five ranges: no count
    assert readers._row_ranges([1, 3, 5, 7, 9, 11]) == "1, 3, 5, 7, 9 and 1 more ranges"
    assert readers._row_ranges([1, 3, 5, 7, 9, 11, 13, 14]).endswith("9 and 2 more ranges")


def test_a_file_of_two_encodings_is_refused_naming_the_rows_of_each():
    utf8 = "B 1,东风\n".encode("utf-8")  # exactly two ideographs; a space, so words are not lines
    gbk = "B 2,西风社区\n".encode("gbk")
    data = b"building,community\n" + gbk + utf8 + gbk
    with pytest.raises(gg.InputError) as info:
        readers.detect_encoding(data)
    message = str(info.value)
    assert "row(s) 3 are UTF-8 and row(s) 2, 4 are not" in message
    assert "'CSV UTF-8'" in message
    # One ideograph is not enough to call a line UTF-8 Chinese: the file is read as GB18030.
    assert readers.detect_encoding(b"building,community\n" + "B1,东x\n".encode("utf-8") + gbk) == "gb18030"


def test_a_single_column_with_spaces_and_colons_stays_one_column():
    frame = readers.read_csv(csv("name\n张 三: 组长\n李 四: eXtra\n"))
    assert list(frame.columns) == ["name"]
    assert frame["name"].tolist() == ["张 三: 组长", "李 四: eXtra"]


def test_the_source_is_named_for_bytes_streams_and_files(tmp_path):
    assert readers.read_csv(csv("a\n1\n")).attrs["source"] == "<bytes>"
    assert readers.read_csv(io.BytesIO(csv("a\n1\n"))).attrs["source"] == "<stream>"
    text = readers.read_csv(io.StringIO("社区,户数\n东风,3\n"))  # a text stream is UTF-8 bytes
    assert text.attrs["source"] == "<stream>" and text["社区"].tolist() == ["东风"]
    path = tmp_path / "t.csv"
    path.write_bytes(csv("a\n1\n"))
    with open(path, "rb") as handle:
        assert readers.read_csv(handle).attrs["source"] == str(path)
    assert readers.read_csv(path).attrs["source"] == str(path)
    with pytest.raises(gg.InputError) as info:
        readers.read_csv(tmp_path / "none.csv")
    assert str(info.value) == f"cannot read {str(tmp_path / 'none.csv')!r}: No such file or directory"


def test_undecodable_unreadable_and_empty_files_name_the_file_and_the_cause():
    with pytest.raises(gg.InputError) as info:
        readers.read_csv("楼栋\nB1\n".encode("utf-8"), encoding="ascii")
    assert str(info.value).startswith("<bytes>: cannot decode as ascii")
    with pytest.raises(gg.InputError) as info:
        readers.read_csv(csv("a,b\n1,2\n"), encoding="no-such-codec")
    assert str(info.value).startswith("<bytes>: cannot decode as no-such-codec")
    with pytest.raises(gg.InputError) as info:
        readers.read_csv(csv("a,b\n1,2\n3,4,5,6\n"))
    assert str(info.value).startswith("<bytes>: not a readable CSV table") and "line 3" in str(info.value)
    with pytest.raises(gg.InputError) as info:
        readers.read_csv(io.BytesIO(b"\n \n"))
    assert str(info.value).startswith("<stream>: the file is empty")


def test_a_header_given_twice_is_refused_even_quoted_or_after_spaces():
    for text in ('"a", "b", "a"\n1,2,3\n', "a; b; a\n1;2;3\n"):
        with pytest.raises(gg.InputError) as info:
            readers.read_csv(csv(text))
        assert "columns given twice: 'a' (columns 1 and 3)" in str(info.value), text


def test_cells_are_text_as_written_spaces_after_the_delimiter_dropped():
    frame = readers.read_csv(csv("a, b, c\n#N/A, 2, NULL\n"))
    assert list(frame.columns) == ["a", "b", "c"]
    assert frame.iloc[0].tolist() == ["#N/A", "2", "NULL"]  # nothing reinterpreted as missing


# ---- headers and cells ----------------------------------------------------------------------------

def test_unknown_headers_pass_through_normalised():
    frame = readers.read_workers(csv("worker,community,Remark  Text,ＮＯＴＥ-２\nW1,C,ok,fine\n"))
    assert "remark_text" in frame.columns and "note_2" in frame.columns


@pytest.mark.parametrize("spelling", ["", "nan", "NaN", "none", "None", "null", "NULL", "na", "NA", "n/a", "<NA>", "NaT"])
def test_every_spelling_of_absent_is_a_blank_count(spelling):
    frame = readers.read_workers(csv(f"worker,community,capacity\nW1,C,{spelling}\nW2,C,4\n"))
    assert pd.isna(frame["capacity"].iloc[0]) and frame["capacity"].iloc[1] == 4


def test_a_dataframe_source_absent_values_and_its_own_index():
    frame = pd.DataFrame({"worker": ["W1", "W2", "W3", "W4"], "community": ["C"] * 4,
                          "capacity": [3.0, np.nan, None, pd.NA], "hours": [40.0, np.nan, 12.5, None]},
                         index=["a", "b", "c", "d"])
    result = readers.read_workers(frame)
    assert result["capacity"].tolist()[0] == 3 and result["capacity"].isna().tolist() == [False, True, True, True]
    assert list(result.index) == [0, 1, 2, 3]  # a fresh index; the caller's labels name the rows
    assert list(result.attrs["rows"]) == ["a", "b", "c", "d"]
    labels = result.attrs["rows"]
    assert len(labels) == 4 and labels[1] == "b"
    assert copy.deepcopy(result).attrs["rows"] is labels  # kept as itself, not copied cell by cell


def test_thousands_separators_only_in_thousands():
    frame = readers.read_workers(csv('worker,community,capacity,hours\nW1,C,"1,234","1,234.5"\n'))
    assert frame["capacity"].iloc[0] == 1234 and frame["hours"].iloc[0] == 1234.5
    found, _ = problems_of(readers.read_workers, csv('worker,community,capacity\nW1,C,"12,34"\n'))
    assert found == [(2, "capacity", "12,34", "not a number")]


def test_counts_at_their_edges():
    good = readers.read_workers(csv("worker,community,capacity\nW1,C,0\nW2,C,9007199254740992\n"))
    assert good["capacity"].tolist() == [0, 2**53]
    assert str(good["capacity"].dtype) == "Int64"
    found, _ = problems_of(readers.read_workers, csv(
        "worker,community,capacity\nW1,C,9007199254740994\nW2,C,-1\nW3,C,0.5\nW4,C,-2.5\nW5,C,x\nW6,C,inf\n"))
    assert found == [(2, "capacity", "9007199254740994", "too large for a count (more than 2^53)"),
                     (3, "capacity", "-1", "a count cannot be negative"),
                     (4, "capacity", "0.5", "a count must be a whole number"),
                     (5, "capacity", "-2.5", "a count cannot be negative"),
                     (6, "capacity", "x", "not a number"),
                     (7, "capacity", "inf", "not a finite number")]


def test_numbers_refuse_text_and_infinity():
    found, _ = problems_of(readers.read_workers, csv("worker,community,hours\nW1,C,abc\nW2,C,-inf\nW3,C,\n"))
    assert found == [(2, "hours", "abc", "not a number"), (3, "hours", "-inf", "not a finite number")]


def test_a_required_cell_left_blank():
    found, message = problems_of(readers.read_places, csv("place,community,type\nP1,,school\n"))
    assert found == [(2, "community", "", "community is required here")]
    assert message.startswith("places: 1 problem(s) in 1 row(s)")


# ---- the event log's kinds: yes/no, times, urgencies, tiers, states ---------------------------------

EVENT_HEAD = "event_id,created_at,place,category"


def events(columns: str, *rows: str) -> bytes:
    body = "".join(f"E{i},2024-03-01 08:00,B1,ZZ01,{row}\n" for i, row in enumerate(rows, start=1))
    return csv(f"{EVENT_HEAD},{columns}\n{body}")


def test_yes_and_no_in_every_spelling():
    yes, no = ["1", "true", "T", "yes", "Y", "是", "对", "√"], ["0", "false", "F", "no", "N", "否", "×"]
    frame = readers.read_events(events("on_time", *yes, *no, ""))
    assert str(frame["on_time"].dtype) == "boolean"
    assert frame["on_time"].tolist()[:-1] == [True] * len(yes) + [False] * len(no)
    assert pd.isna(frame["on_time"].iloc[-1])
    found, _ = problems_of(readers.read_events, events("on_time", "maybe", "no"))
    assert found == [(2, "on_time", "maybe", "not a yes/no value (use true/false, 1/0 or 是/否)")]


def test_times_in_mixed_formats_and_an_unreadable_one():
    data = csv(f"{EVENT_HEAD}\nE1,2024-03-01 08:00,B,ZZ01\nE2,2024/03/02,B,ZZ01\nE3,2024-03-03T09:30:15,B,ZZ01\n")
    frame = readers.read_events(data)
    assert frame["created_at"].tolist() == [pd.Timestamp("2024-03-01 08:00"), pd.Timestamp("2024-03-02"),
                                            pd.Timestamp("2024-03-03 09:30:15")]
    found, _ = problems_of(readers.read_events, csv(f"{EVENT_HEAD}\nE1,soon,B,ZZ01\n"))
    assert found == [(2, "created_at", "soon", "not a date and time (use e.g. 2024-03-01 08:30)")]


def test_urgencies_as_digits_or_codes():
    frame = readers.read_events(events("urgency", "0", "1", "2", "3", "u2", ""))
    assert frame["urgency"].tolist()[:5] == ["U0", "U1", "U2", "U3", "U2"]
    assert pd.isna(frame["urgency"].iloc[5])
    found, _ = problems_of(readers.read_events, events("urgency", "4", "U4"))
    assert found == [(2, "urgency", "4", "urgency must be U0, U1, U2 or U3"),
                     (3, "urgency", "U4", "urgency must be U0, U1, U2 or U3")]


def test_tiers_at_their_edges():
    numbers = readers.read_events(events("closed_tier", "-1", "0", "5", ""))
    assert str(numbers["closed_tier"].dtype) == "Int64"
    assert numbers["closed_tier"].tolist()[:3] == [-1, 0, 5] and pd.isna(numbers["closed_tier"].iloc[3])
    labels = readers.read_events(events("closed_tier", "L2", "", "l5"))
    assert labels["closed_tier"].tolist()[::2] == ["L2", "L5"] and pd.isna(labels["closed_tier"].iloc[1])
    rule = "tier must be L0-L5 or 0-5 (-1: not closed)"
    found, _ = problems_of(readers.read_events, events("closed_tier", "-2", "6", "2.5", "L6"))
    assert found == [(2, "closed_tier", "-2", rule), (3, "closed_tier", "6", rule),
                     (4, "closed_tier", "2.5", rule), (5, "closed_tier", "L6", rule)]


def test_states_lower_cased_and_an_unknown_one_named_with_the_list():
    frame = readers.read_events(events("status", "CLOSED", "open", ""))
    assert frame["status"].tolist()[:2] == ["closed", "open"] and pd.isna(frame["status"].iloc[2])
    found, _ = problems_of(readers.read_events, events("status", "flying"))
    assert found == [(2, "status", "flying", "unknown state (use one of " + ", ".join(readers.EVENT_STATES) + ")")]


def test_an_event_closed_when_it_was_created_is_not_backwards():
    frame = readers.read_events(csv(f"{EVENT_HEAD},closed_at\nE1,2024-03-01 08:00,B,ZZ01,2024-03-01 08:00\n"
                                    f"E2,2024-03-01 08:00,B,ZZ01,\n"))
    assert frame["closed_at"].iloc[0] == frame["created_at"].iloc[0] and pd.isna(frame["closed_at"].iloc[1])
    found, message = problems_of(readers.read_events, csv(f"{EVENT_HEAD},closed_at\n"
                                                          f"E1,2024-03-01 08:00,B,ZZ01,2024-03-01 07:59\n"))
    assert found == [(2, "closed_at", "2024-03-01 07:59:00", "closed before it was created (times go backwards)")]
    assert message.startswith("events: ")


def test_transitions_at_equal_times_chain_and_name_each_break():
    log = readers.read_events(csv(f"{EVENT_HEAD}\nE1,2024-03-01 08:00,B,ZZ01\n"))
    same = readers.read_transitions(csv("event_id,time,from_state,to_state\n"
                                        "E1,2024-03-01 08:00,,reported\n"
                                        "E1,2024-03-01 08:00,reported,accepted\n"), events=log)
    assert same["to_state"].tolist() == ["reported", "accepted"]
    found, message = problems_of(readers.read_transitions, csv(
        "event_id,time,from_state,to_state\n"
        "E1,2024-03-01 09:00,,reported\n"
        "E1,2024-03-01 08:30,reported,accepted\n"
        "E1,2024-03-01 10:00,handling,closed\n"
        "E7,2024-03-01 10:00,,reported\n"
        "E1,2024-03-01 07:00,closed,returned\n"), events=log)
    assert found == [(3, "time", "2024-03-01 08:30:00", "earlier than row 2 of the same event (times go backwards)"),
                     (4, "from_state", "handling", "the event's previous state was 'accepted'"),
                     (5, "event_id", "E7", "no such event in the events table"),
                     (6, "time", "2024-03-01 07:00:00", "earlier than row 4 of the same event (times go backwards)"),
                     (6, "time", "2024-03-01 07:00:00", "before the event was created")]
    assert message.startswith("transitions: 5 problem(s) in 4 row(s)")


# ---- headers: aliases, missing columns ---------------------------------------------------------------

def test_a_column_given_twice_through_an_alias_names_both():
    with pytest.raises(gg.InputError) as info:
        readers.read_buildings(pd.DataFrame({"楼栋": ["B1"], "building": ["B2"], "community": ["C"],
                                             "lon": [116.4], "lat": [39.9], "households": [3]}))
    message = str(info.value)
    assert message.startswith("buildings: columns given twice: ")
    assert "'楼栋' and 'building' both give 'building'" in message


def test_missing_columns_are_listed_with_what_the_table_has():
    with pytest.raises(gg.InputError) as info:
        readers.read_buildings(csv("building,lon,lat\nB1,116.4,39.9\n"))
    message = str(info.value)
    assert message.startswith("buildings: missing column(s) community, households (the table has: building, lon, lat)")
    with pytest.raises(gg.InputError) as info:
        readers.read_buildings(csv("building,community,households\nB1,C,3\n"), crs=None)
    assert "missing column(s) lon+lat or x+y" in str(info.value)
    with pytest.raises(gg.InputError) as info:
        readers.read_workers(pd.DataFrame())
    assert "(the table has: none)" in str(info.value)


def test_free_columns_are_numbers_when_every_present_cell_is_one():
    frame = readers.read_workers(csv("worker,community,score,note\nW1,C,1.5,a\nW2,C,,\n"))
    assert frame["score"].dtype == np.float64 and frame["score"].iloc[0] == 1.5 and np.isnan(frame["score"].iloc[1])
    assert frame["note"].iloc[0] == "a" and pd.isna(frame["note"].iloc[1])


# ---- workers, places, their codes and coordinates ------------------------------------------------

def test_every_spelling_of_the_worker_types():
    spellings = {"fulltime": "fulltime", "FULLTIME": "fulltime", "full_time": "fulltime", "full-time": "fulltime",
                 "专职": "fulltime", "专职网格员": "fulltime", "parttime": "parttime", "part_time": "parttime",
                 "part-time": "parttime", "兼职": "parttime", "兼职网格员": "parttime", "": "fulltime"}
    rows = "".join(f"W{i},C,{s}\n" for i, s in enumerate(spellings))
    frame = readers.read_workers(csv("worker,community,type\n" + rows))
    assert frame["type"].tolist() == list(spellings.values())
    assert readers.read_workers(csv("worker,community\nW1,C\n"))["type"].tolist() == ["fulltime"]
    found, message = problems_of(readers.read_workers, csv("worker,community,type\nW1,C,boss\n"))
    assert found == [(2, "type", "boss", "type must be fulltime (专职) or parttime (兼职)")]
    assert message.startswith("workers: ")


def test_the_grids_a_worker_serves():
    frame = readers.read_workers(csv("worker,community,grid\nW1,C,G1；G2\nW2,C,G3| G4 ;\nW3,C,\n"))
    assert frame["grid"].tolist() == [["G1", "G2"], ["G3", "G4"], []]
    assert readers.read_workers(csv("worker,community\nW1,C\n"))["grid"].tolist() == [[]]


def test_duplicate_codes_name_every_other_row_and_blank_codes_are_not_duplicates():
    found, _ = problems_of(readers.read_places, csv("place,community,type\nP1,C,school\nP1,C,school\nP2,C,mall\n"
                                                    "P1,C,shop\n,C,shop\n,C,shop\n"))
    assert found == [(2, "place", "P1", "duplicate place (also in row 3, 5)"),
                     (3, "place", "P1", "duplicate place (also in row 2, 5)"),
                     (5, "place", "P1", "duplicate place (also in row 2, 3)"),
                     (6, "place", "", "place is required here"),
                     (7, "place", "", "place is required here")]


def test_place_types_lower_cased():
    assert readers.read_places(csv("place,community,type\nP1,C,School\n"))["type"].tolist() == ["school"]
    frame = readers.read_places(csv("place,community,type,lon,lat\nP1,C,mall,116.4,39.9\n"))
    assert frame.attrs["crs"] == "wgs84"


def test_one_coordinate_without_the_other_names_the_missing_one():
    for crs, pair in (("wgs84", ("lon", "lat")), ("local", ("x", "y"))):
        a, b = pair
        found, _ = problems_of(readers.read_workers, csv(f"worker,community,{a},{b}\nW1,C,10,\nW2,C,,20\nW3,C,,\n"),
                               crs=crs)
        assert found == [(2, b, "", f"{a} is given but {b} is not"), (3, a, "", f"{b} is given but {a} is not")], crs
    # Local metres have no range: 500 m east is a place, not a longitude.
    assert readers.read_places(csv("place,community,type,x,y\nP1,C,mall,500,-300\n"), crs="local")["x"].iloc[0] == 500


def test_one_coordinate_column_alone_is_kept_unchecked():
    assert readers.read_workers(csv("worker,community,lon\nW1,C,116.4\n"))["lon"].iloc[0] == 116.4
    assert readers.read_workers(csv("worker,community,lat\nW1,C,39.9\n"))["lat"].iloc[0] == 39.9


def test_longitude_and_latitude_at_their_limits():
    ok = readers.read_places(csv("place,community,type,lon,lat\nP1,C,mall,180,90\nP2,C,mall,-180,-90\n"
                                 "P3,C,mall,10,30\nP4,C,mall,90,-90\n"))
    assert ok["lon"].tolist() == [180, -180, 10, 90]
    swap = "latitude beyond 90 degrees: are lon and lat swapped?"
    found, _ = problems_of(readers.read_places, csv(
        "place,community,type,lon,lat\n"
        "P1,C,mall,180.5,45\n"      # 2: lon one step past its limit
        "P2,C,mall,100,90.5\n"      # 3: lat one step past its limit (lon too large for a swap)
        "P3,C,mall,10,90.5\n"       # 4: lon within 90, lat just past 90: swapped
        "P4,C,mall,90,91\n"         # 5: lon exactly 90 can be a latitude: swapped
        "P5,C,mall,90.5,95\n"       # 6: lon past 90 cannot: lat outside
        "P6,C,mall,10,180\n"        # 7: lat exactly 180 is still a longitude: swapped
        "P7,C,mall,10,180.5\n"))    # 8: past 180 it is no longitude either
    assert found == [(2, "lon", "180.5", "longitude outside [-180, 180]"),
                     (3, "lat", "90.5", "latitude outside [-90, 90]"),
                     (4, "lat", "90.5", swap),
                     (5, "lat", "91.0", swap),
                     (6, "lat", "95.0", "latitude outside [-90, 90]"),
                     (7, "lat", "180.0", swap),
                     (8, "lat", "180.5", "latitude outside [-90, 90]")]


# ---- buildings -------------------------------------------------------------------------------------

def test_compound_rows_without_a_building_column():
    frame = readers.read_buildings(csv("community,compound,lon,lat,households,buildings\n"
                                       "C,XQ1,116.4,39.9,300,2\nC,XQ2,116.41,39.91,100,1\n"))
    assert frame["building"].tolist() == ["", ""]
    assert frame.attrs["crs"] == "wgs84" and frame.attrs["crs_assumed"] is False


def test_a_cell_already_flagged_is_not_blamed_again_and_later_rows_still_are():
    found, message = problems_of(readers.read_buildings, csv(
        "building,community,lon,lat,households\nB1,C,abc,,3\nB2,C,116.4,39.9,10000\n"))
    assert found[0] == (2, "lon", "abc", "not a number")
    assert [p[:2] for p in found] == [(2, "lon"), (3, "households")]
    assert message.startswith("buildings: 2 problem(s) in 2 row(s)")


def test_crs_names_are_checked_and_none_is_assumed_from_the_columns():
    with pytest.raises(gg.InputError) as info:
        readers.read_buildings(csv("building,community,lon,lat,households\nB1,C,116,39,4\n"), crs="utm")
    assert str(info.value).startswith("crs='utm': ")
    local = readers.read_buildings(csv("building,community,x,y,households\nB1,C,10,20,4\n"), crs=None)
    assert local.attrs["crs"] == "local" and local.attrs["crs_assumed"] is True


# ---- on the way to C++ ---------------------------------------------------------------------------

def test_table_columns_types_every_column_as_cpp_takes_it():
    frame = readers.read_buildings(csv("building,community,lon,lat,households,residents,备注\n"
                                       "B1,C,116.4,39.9,3,,临街\nB2,C,116.41,39.91,4,7,\n"))
    columns = readers.table_columns(frame, readers.BUILDING_TEXT, readers.BUILDING_COUNTS)
    assert columns["building"] == ["B1", "B2"]
    assert columns["households"].dtype == np.int64 and columns["households"].tolist() == [3, 4]
    assert columns["residents"].tolist() == [int(gg._core.ABSENT_COUNT), 7]
    assert columns["lon"].dtype == np.float64
    assert columns["row_labels"] == ["2", "3"]
    (name, ctype, values, valid), = columns["attributes"]
    assert name == "备注" and valid.dtype == np.uint8 and valid.tolist() == [1, 0]
    # A plain DataFrame (no reader's row labels) is named by its index.
    plain = readers.table_columns(pd.DataFrame({"building": ["a", None]}, index=[5, 9]), ("building",))
    assert plain["row_labels"] == ["5", "9"] and plain["building"] == ["a", None]


def test_text_cells_keep_text_and_turn_absent_into_none():
    assert readers._text(pd.Series(["a", None, np.nan, 3, pd.NA], dtype=object)) == ["a", None, None, "3", None]


def test_column_help_lists_kind_need_three_aliases_and_help():
    specs = (readers.ColumnSpec("building", "text", True, ("a", "b", "c", "d"), "the code"),
             readers.ColumnSpec("floors", "count"))
    lines = readers.column_help(specs).split("\n")
    assert lines == ["  building               text, required (also a, b, c): the code",
                     "  floors                 count, optional"]


# ---- the rest of the survivors of the first edge pass ----------------------------------------------

def test_the_sniffer_chooses_only_comma_tab_or_semicolon():
    # Every line has one space and one 'X': a free sniffer would split on either.
    frame = readers.read_csv(csv("Full Xname\n张 X三\n李 X四\n"))
    assert list(frame.columns) == ["Full Xname"] and frame["Full Xname"].tolist() == ["张 X三", "李 X四"]


def test_a_source_that_is_no_file_is_named():
    with pytest.raises(gg.InputError) as info:
        readers.read_csv(12345)
    assert str(info.value).startswith("source=12345: ")


def test_the_message_ends_with_the_last_problem_when_none_are_left_out():
    _, message = problems_of(readers.read_workers, csv("worker,community,capacity\nW1,C,-1\n"))
    assert message.endswith("row 2, column 'capacity' '-1': a count cannot be negative")


def test_a_missing_column_lists_every_header_that_gives_it():
    with pytest.raises(gg.InputError) as info:
        readers.read_buildings(csv("building,community\nB1,C\n"), crs=None)
    accepted = str(info.value).split("\n")[1:]  # after the line naming what is missing
    households, coordinates = accepted
    assert households.startswith("  households: households / 户数 / 总户数")
    assert coordinates.startswith("  lon+lat or x+y: lon / 经度 / longitude / lng with lat / 纬度 / latitude; or x / ")
    assert coordinates.endswith(" with y / y坐标")


def test_a_whole_table_rule_is_named_for_the_table():
    with pytest.raises(gg.InputError) as info:
        readers.read_buildings(csv("building,community,lon,lat,households\nB1,C,116.4,39.9,0\nB2,C,116.5,39.9,0\n"))
    assert str(info.value).startswith("buildings: ") and not getattr(info.value, "problems", None)


def test_the_check_goes_on_past_a_cell_already_flagged():
    found, _ = problems_of(readers.read_buildings, csv(
        "building,community,lon,lat,households\nB1,C,abc,,3\nB2,C,,39.9,3\nB3,C,116.4,,3\n"))
    assert found == [(2, "lon", "abc", "not a number"), (3, "lon", "", "lat is given but lon is not"),
                     (4, "lat", "", "lon is given but lat is not")]



def test_the_check_goes_on_past_a_whole_table_rule():
    """lon and lat swapped in every row is one problem of the whole table, which the C++ check
    lists before the rows; the rows' own problems after it are still every one reported (the
    docstring's "every bad row at once"): here row 4's 10,000 households. The message lists the
    swap first, as from_buildings does; error.problems holds the rows."""
    table = "building,community,lon,lat,households\nB1,C,39.9,116.4,3\nB2,C,39.91,116.4,3\nB3,C,39.92,116.4,10000\n"
    found, message = problems_of(readers.read_buildings, csv(table))
    assert found == [(4, "households", "10000", "more than 9,999 households in one building (split it into its real buildings)")]
    lines = message.split("\n  ")
    assert lines[0] == "buildings: 2 problem(s) in 1 row(s); fix them and read the table again:"
    assert lines[1].startswith("lon and lat are swapped: in 3 of the 3 located rows") and lines[2].startswith("row 4, ")
    with pytest.raises(gg.InputError) as info:
        gg.from_buildings(csv(table), crs="wgs84")
    assert str(info.value).split("\n  ")[:2] == lines[:2]

def test_blank_building_codes_are_empty_text():
    frame = readers.read_buildings(csv("building,community,compound,lon,lat,households,buildings\n"
                                       ",C,XQ,116.4,39.9,300,2\nB2,C,XQ,116.41,39.91,30,\n"))
    assert frame["building"].tolist() == ["", "B2"]


def test_an_assumed_crs_is_local_unless_both_lon_and_lat_are_there():
    frame = readers.read_buildings(csv("building,community,x,y,lon,households\nB1,C,10,20,116.4,4\n"), crs=None)
    assert frame.attrs["crs"] == "local" and frame.attrs["crs_assumed"] is True


def test_workers_and_places_keep_their_crs_and_check_local_pairs():
    assert readers.read_workers(csv("worker,community\nW1,C\n")).attrs["crs"] == "wgs84"
    assert readers.read_workers(csv("worker,community\nW1,C\n"), crs="local").attrs["crs"] == "local"
    found, _ = problems_of(readers.read_places, csv("place,community,type,x,y\nP1,C,mall,5,\n"), crs="local")
    assert found == [(2, "y", "", "x is given but y is not")]


def test_transitions_without_from_state_and_past_a_blank_event():
    t = readers.read_transitions(csv("event_id,time,to_state\nE1,2024-03-01 08:00,reported\n"))
    assert t["to_state"].tolist() == ["reported"]
    found, _ = problems_of(readers.read_transitions, csv("event_id,time,to_state\n,2024-03-01 08:00,reported\n"
                                                         "E1,2024-03-01 09:00,reported\nE1,2024-03-01 08:00,accepted\n"))
    assert [p[:2] for p in found] == [(2, "event_id"), (4, "time")]


# ---- the wording around the informative parts (mutation survivors: the whole sentence) ---------------

def test_whole_messages_of_mixed_encodings_and_columns_given_twice():
    """Each message whole, so that a changed word in its advice or separators shows (the other
    tests check the rows, columns and values inside them)."""
    header = "building,community,lon,lat,households\n"
    utf8 = (header + "B1,城关社区,113.65,34.75,3\nB2,城关社区,113.651,34.75,3\n").encode("utf-8")
    gbk = "B3,城关社区,113.652,34.75,3\nB4,城关社区,113.652,34.75,3\n".encode("gbk")
    with pytest.raises(gg.InputError) as info:
        readers.read_buildings(io.BytesIO(utf8 + gbk), crs="wgs84")
    assert str(info.value) == (
        "the file mixes text encodings: row(s) 2-3 are UTF-8 and row(s) 4-5 are not (GBK?); read as one encoding, "
        "one part would become garbled names. Save the whole table from one spreadsheet as 'CSV UTF-8'")
    with pytest.raises(gg.InputError) as info:
        readers.read_csv(io.BytesIO(b'"a", "b", "a", "b"\n1,2,3,4\n'))
    assert str(info.value) == "<stream>: columns given twice: 'a' (columns 1 and 3); 'b' (columns 2 and 4); keep one of each"
    with pytest.raises(gg.InputError) as info:
        readers.read_buildings(pd.DataFrame({"楼栋": ["B1"], "building": ["B2"], "community": ["C"], "社区": ["D"],
                                             "lon": [116.4], "lat": [39.9], "households": [3]}))
    assert str(info.value) == ("buildings: columns given twice: '楼栋' and 'building' both give 'building'; "
                               "'community' and '社区' both give 'community'")


def test_an_encoding_that_cannot_decode_the_file_gives_the_codecs_reason():
    with pytest.raises(gg.InputError) as info:
        readers.read_csv(io.BytesIO("building\n楼1\n".encode("utf-8")), encoding="ascii")
    assert str(info.value).startswith("<stream>: cannot decode as ascii: 'ascii' codec can't decode byte 0xe6 in "
                                      "position 9: ordinal not in range(128)")
    with pytest.raises(gg.InputError) as info:
        readers.read_csv(io.BytesIO(b"building\nB1\n"), encoding="no-such-codec")
    assert str(info.value) == "<stream>: cannot decode as no-such-codec: unknown encoding: no-such-codec"
