"""Reading a planner's own tables: buildings, workers and event logs, from CSV or DataFrames.

Chinese spreadsheet software (Excel and WPS on a Chinese Windows) saves CSV in GBK by default,
newer versions in UTF-8 with a byte-order mark; :func:`read_csv` takes either (and UTF-16 with a
BOM, Excel's "Unicode text") and says which it found in ``frame.attrs["encoding"]``.

Every reader checks every row and reports **all** bad rows at once in one
:class:`gridgov.InputError`: its message lists row, column, value and problem (the first 30,
then a count), and the exception carries the full list as ``error.problems`` (a list of
:class:`Problem`). Nothing is dropped or guessed silently. Row numbers are the spreadsheet's:
the header is row 1, so the first record is row 2 (for a DataFrame given directly, the
index label is used instead).

Headers are matched case-insensitively after Unicode normalisation (full-width letters and
digits count as ASCII), and the common Chinese headers are understood (``楼栋``, ``社区``,
``小区``, ``经度``, ``纬度``, ``户数``, ``人口``, ``网格`` …; see ``BUILDING_COLUMNS``).
Numbers may use full-width digits and thousands separators ("1,234"). A blank cell, ``NaN``,
``null`` or ``NA`` means absent.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from .errors import InputError
from .messages import core_text, language, tr
from .escalation import STATES as _LIFECYCLE_STATES
from .escalation import URGENCIES as _URGENCY_CODES

__all__ = [
    "Problem",
    "ColumnSpec",
    "detect_encoding",
    "read_csv",
    "read_buildings",
    "read_workers",
    "read_places",
    "read_events",
    "read_transitions",
    "BUILDING_COLUMNS",
    "WORKER_COLUMNS",
    "PLACE_COLUMNS",
    "EVENT_COLUMNS",
    "TRANSITION_COLUMNS",
    "EVENT_STATES",
]

Source = Union[str, os.PathLike, io.IOBase, bytes, pd.DataFrame]

_ABSENT = {"", "nan", "none", "null", "na", "n/a", "<na>", "nat"}
_MAX_COUNT = float(2**53)
_MAX_LISTED = 30


@dataclass(frozen=True)
class Problem:
    """One bad cell: where it is and what is wrong with it."""

    row: object  #: spreadsheet row number (header = 1) or the DataFrame index label
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        # The same words as the C++ tables' problems (gridgov/core/messages.hpp: table.*), in the
        # language of the messages.
        where = core_text("table.row_value" if self.value != "" else "table.row", row=self.row, column=self.column,
                          value=self.value)
        return where + ("：" if language() == "zh" else ": ") + self.problem


@dataclass(frozen=True)
class ColumnSpec:
    """What a column holds.

    ``kind`` is one of ``code`` (non-empty text), ``text``, ``count`` (whole number >= 0),
    ``number`` (any finite number), ``bool``, ``datetime``, ``urgency`` (U0-U3), ``tier``
    (L0-L5 or 0-5) or ``state`` (an event state).
    """

    name: str
    kind: str
    required: bool = False
    aliases: Tuple[str, ...] = ()
    help: str = ""


# ---- the tables ------------------------------------------------------------------------------

BUILDING_COLUMNS: Tuple[ColumnSpec, ...] = (
    ColumnSpec("building", "text", False, ("楼栋", "楼栋号", "楼栋编码", "楼栋编号", "楼号", "building_code", "building_id"),
               "the building's code (blank only on a compound row split into `buildings` buildings)"),
    ColumnSpec("community", "code", True, ("社区", "社区编码", "社区名称", "村", "村社区", "community_code"),
               "the community's 12-digit code or its name"),
    ColumnSpec("district", "text", False, ("区县", "区/县", "县区", "区", "县", "district_code"),
               "the district or county (区/县): its name or 6-digit code; the model is then a city's"),
    ColumnSpec("street", "text", False, ("街道", "乡镇", "街道/乡镇", "街镇", "street_code"),
               "the street office or township (街道/乡镇): its name or 9-digit code"),
    ColumnSpec("compound", "text", False, ("小区", "小区名称", "小区编码", "compound_code")),
    ColumnSpec("name", "text", False, ("名称", "楼栋名称", "building_name")),
    ColumnSpec("lon", "number", False, ("经度", "longitude", "lng")),
    ColumnSpec("lat", "number", False, ("纬度", "latitude")),
    ColumnSpec("x", "number", False, ("x坐标",)),
    ColumnSpec("y", "number", False, ("y坐标",)),
    ColumnSpec("households", "count", True, ("户数", "总户数", "住户数", "住户", "households_count")),
    ColumnSpec("residents", "count", False, ("人口", "人数", "常住人口", "居民数", "population")),
    ColumnSpec("elderly_alone", "count", False, ("独居老人",)),
    ColumnSpec("disabled", "count", False, ("残疾人",)),
    ColumnSpec("key_persons", "count", False, ("重点人员",)),
    ColumnSpec("renters", "count", False, ("租户", "流动人口")),
    ColumnSpec("registered_elsewhere", "count", False, ("人户分离",)),
    ColumnSpec("floors", "count", False, ("层数", "楼层数")),
    ColumnSpec("units", "count", False, ("单元数",)),
    ColumnSpec("buildings", "count", False, ("楼栋数",),
               "on a compound row without a building code: split into this many buildings"),
    ColumnSpec("grid", "text", False, ("网格", "网格编码", "所属网格", "grid_code")),
)

WORKER_COLUMNS: Tuple[ColumnSpec, ...] = (
    ColumnSpec("worker", "code", True, ("网格员", "网格员编码", "工号", "worker_code", "worker_id")),
    ColumnSpec("name", "text", False, ("姓名", "名称")),
    ColumnSpec("community", "code", True, ("社区", "社区编码", "社区名称")),
    ColumnSpec("type", "text", False, ("类型", "subkind", "岗位", "worker_type"),
               "fulltime (专职) or parttime (兼职); default fulltime"),
    ColumnSpec("grid", "text", False, ("网格", "网格编码", "所属网格", "grids"),
               "the grid(s) served, several separated by ';'"),
    ColumnSpec("lon", "number", False, ("经度", "longitude", "lng")),
    ColumnSpec("lat", "number", False, ("纬度", "latitude")),
    ColumnSpec("x", "number", False, ()),
    ColumnSpec("y", "number", False, ()),
    ColumnSpec("hours", "number", False, ("工时", "每周工时"), "working hours per week"),
    ColumnSpec("capacity", "count", False, ("容量",)),
)

#: Organisation subkinds a places table may also carry (located service facilities).
ORGANISATION_TYPES = ("service_station", "command_centre", "governance_centre")

PLACE_COLUMNS: Tuple[ColumnSpec, ...] = (
    ColumnSpec("place", "code", True, ("场所", "场所编码", "place_code", "place_id")),
    ColumnSpec("name", "text", False, ("名称", "场所名称")),
    ColumnSpec("community", "code", True, ("社区", "社区编码", "社区名称")),
    ColumnSpec("type", "code", True, ("类型", "subkind", "场所类型"),
               "enterprise, school, hospital, mall, market, shop …, or an organisation: "
               + ", ".join(ORGANISATION_TYPES)),
    ColumnSpec("grid", "text", False, ("网格", "网格编码", "所属网格")),
    ColumnSpec("lon", "number", False, ("经度", "longitude", "lng")),
    ColumnSpec("lat", "number", False, ("纬度", "latitude")),
    ColumnSpec("x", "number", False, ()),
    ColumnSpec("y", "number", False, ()),
    ColumnSpec("employees", "count", False, ("职工数", "员工数")),
    ColumnSpec("students", "count", False, ("学生数",)),
    ColumnSpec("beds", "count", False, ("床位数",)),
    ColumnSpec("stalls", "count", False, ("摊位数",)),
)

#: Urgencies U0 (routine) .. U3 (major): the core's codes (gridgov::escalation::urgency_codes).
URGENCIES = _URGENCY_CODES

#: Event states a log may use: the escalation lifecycle's (the C++ core's list) plus "open", the
#: status an exported log gives an event still running.
EVENT_STATES = tuple(_LIFECYCLE_STATES) + ("open",)


def _known_states() -> Tuple[str, ...]:
    """The states a status column may hold."""
    return EVENT_STATES

EVENT_COLUMNS: Tuple[ColumnSpec, ...] = (
    ColumnSpec("event_id", "code", True, ("事件编号", "id", "event")),
    ColumnSpec("created_at", "datetime", True, ("上报时间", "created", "time")),
    ColumnSpec("place", "code", True, ("地点", "地点编码", "位置")),
    ColumnSpec("grid", "text", False, ("网格",)),
    ColumnSpec("community", "text", False, ("社区",)),
    ColumnSpec("category", "code", True, ("类别", "事件类别", "分类")),
    ColumnSpec("urgency", "urgency", False, ("紧急程度", "等级")),
    ColumnSpec("entry_tier", "tier", False, ()),
    ColumnSpec("closed_tier", "tier", False, ()),
    ColumnSpec("status", "state", False, ("状态",)),
    ColumnSpec("closed_at", "datetime", False, ("结案时间", "closed")),
    ColumnSpec("on_time", "bool", False, ("按期",)),
    ColumnSpec("escalations", "count", False, ("上移次数",)),
    ColumnSpec("returns", "count", False, ("退回次数",)),
    ColumnSpec("handler", "text", False, ("处置人", "处置单位")),
)

TRANSITION_COLUMNS: Tuple[ColumnSpec, ...] = (
    ColumnSpec("event_id", "code", True, ("事件编号", "id", "event")),
    ColumnSpec("time", "datetime", True, ("时间",)),
    ColumnSpec("from_state", "state", False, ("原状态",)),
    ColumnSpec("to_state", "state", True, ("新状态", "state")),
    ColumnSpec("tier", "tier", False, ("层级",)),
    ColumnSpec("actor", "text", False, ("操作人",)),
)


# ---- encoding and CSV ------------------------------------------------------------------------

def detect_encoding(data: bytes) -> str:
    """Guess the text encoding of CSV bytes.

    Parameters
    ----------
    data : bytes
        The raw file contents.

    Returns
    -------
    str
        ``"utf-8-sig"`` (UTF-8 with or without a BOM), ``"utf-16"`` (with a BOM) or
        ``"gb18030"`` (GBK and its superset, what Chinese spreadsheet software writes).

    Raises
    ------
    gridgov.InputError
        When the bytes are neither UTF-8 nor GB18030 (the message gives the first bad byte),
        or when some lines are UTF-8 Chinese and others are not UTF-8 (a file pasted together
        from two spreadsheets): decoded whole as GB18030 the UTF-8 lines would become mojibake,
        so the message names the lines of each kind instead.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as utf8_error:
        _refuse_mixed_encodings(data)
        try:
            data.decode("gb18030")
            return "gb18030"
        except UnicodeDecodeError:
            raise InputError(
                tr("the file is neither UTF-8 nor GBK/GB18030 text (bad byte at offset {start}); save it from "
                   "the spreadsheet as 'CSV UTF-8'",
                   start=utf8_error.start)
            ) from None


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _row_ranges(lines: List[int]) -> str:
    """'2-5, 9' for the (1-based) line numbers given, the first few ranges."""
    ranges: List[List[int]] = []
    for n in lines:
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    text = ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in ranges[:5])
    return text + (f" and {len(ranges) - 5} more ranges" if len(ranges) > 5 else "")


def _refuse_mixed_encodings(data: bytes) -> None:
    """Raise when the file holds both UTF-8 Chinese lines and lines that are not UTF-8.

    A line counts as UTF-8 Chinese when it decodes as UTF-8 with at least two CJK ideographs
    (GBK bytes that happen to be valid UTF-8 decode to Latin, Greek or Cyrillic letters, almost
    never to two ideographs), so a whole GBK file is not mistaken for a mixed one.
    """
    utf8_lines: List[int] = []
    other_lines: List[int] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8-sig")
        except UnicodeDecodeError:
            other_lines.append(number)
            continue
        if len(_CJK.findall(text)) >= 2:
            utf8_lines.append(number)
    if utf8_lines and other_lines:
        raise InputError(
            tr("the file mixes text encodings: row(s) {row_ranges} are UTF-8 and row(s) {row_ranges2} are not "
               "(GBK?); read as one encoding, one part would become garbled names. Save the whole table from "
               "one spreadsheet as 'CSV UTF-8'",
               row_ranges=_row_ranges(utf8_lines), row_ranges2=_row_ranges(other_lines))
        )


def _sniff_delimiter(text: str) -> str:
    head = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(head, delimiters=",\t;").delimiter
    except csv.Error:
        return ","


def read_csv(source, *, encoding: Optional[str] = None) -> pd.DataFrame:
    """Read a CSV file as text, detecting its encoding and delimiter.

    Parameters
    ----------
    source : str, os.PathLike, bytes or binary file
        The CSV file (comma, tab or semicolon separated).
    encoding : str, optional
        Force an encoding instead of detecting it (``"gbk"``, ``"utf-8"`` …).

    Returns
    -------
    pandas.DataFrame
        Every cell as a string (blank cells as ``""``), so no value is reinterpreted before
        the table's own checks; ``attrs["encoding"]`` names the encoding used and
        ``attrs["source"]`` the file.

    Raises
    ------
    gridgov.InputError
        A missing or unreadable file, undecodable bytes, or rows with more cells than the
        header.
    """
    name = "<bytes>"
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    elif hasattr(source, "read"):
        data = source.read()
        name = getattr(source, "name", "<stream>")
        if isinstance(data, str):
            data = data.encode("utf-8")
    elif isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        try:
            with open(name, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise InputError(tr("cannot read {name}: {value}", name=repr(name), value=exc.strerror or exc)) from None
    else:
        raise InputError(tr("source={source}: give a file's path, its bytes or an open binary file",
                            source=repr(source)))
    used = encoding or detect_encoding(data)
    try:
        text = data.decode(used)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(tr("{name}: cannot decode as {used}: {exc}", name=name, used=used, exc=exc)) from None
    if not text.strip():
        raise InputError(tr("{name}: the file is empty; it needs a header row and at least one record", name=name))
    delimiter = _sniff_delimiter(text)
    header = next(csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True), [])
    seen: Dict[str, int] = {}
    twice = []
    for position, column in enumerate(header, start=1):
        key = column.strip()
        if key in seen:
            twice.append(tr("{key} (columns {first} and {second})", key=repr(key), first=seen[key], second=position))
        else:
            seen[key] = position
    if twice:
        # pandas would keep the first and rename the second 'name.1': a column silently lost.
        raise InputError(tr("{name}: columns given twice: {twice}; keep one of each", name=name,
                            twice=core_text("list.separator").join(twice)))
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str,
                            keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(tr("{name}: not a readable CSV table: {exc}", name=name, exc=exc)) from None
    frame.attrs["encoding"] = used
    frame.attrs["source"] = name
    return frame


# ---- cell parsing ----------------------------------------------------------------------------

def _normalise_header(name: object) -> str:
    text = unicodedata.normalize("NFKC", str(name)).strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


_ABSENT_LONGEST = max(map(len, _ABSENT))
#: Joins a text column's cells so that one NFKC pass normalises them all (NFKC never makes or
#: absorbs this control character, so the cells split apart again as they were).
_CELL_SEPARATOR = "\x1f"


def _text_cells(cells: list) -> Optional[list]:
    """Cells that are all str as stripped NFKC text with absent markers blank, in one
    normalisation pass over the column (a CSV's 50,000-row column in milliseconds, not one call a
    cell); None when a cell is not str or holds the separator."""
    if not all(type(c) is str for c in cells):
        return None
    joined = _CELL_SEPARATOR.join(cells)
    if joined.count(_CELL_SEPARATOR) != len(cells) - 1:
        return None
    parts = unicodedata.normalize("NFKC", joined).split(_CELL_SEPARATOR) if not joined.isascii() else cells
    out = [t.strip() for t in parts]
    return ["" if len(t) <= _ABSENT_LONGEST and t.lower() in _ABSENT else t for t in out]


def _cells_as_text(series: pd.Series) -> pd.Series:
    """Cells as stripped NFKC text; absent cells become ""."""
    cells = series.tolist()
    if cells and (fast := _text_cells(cells)) is not None:
        return pd.Series(fast, index=series.index, dtype=object)

    def one(v) -> str:
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
            return ""
        if isinstance(v, (float, np.floating)) and float(v).is_integer():
            return str(int(v))
        text = unicodedata.normalize("NFKC", str(v)).strip()
        return "" if text.lower() in _ABSENT else text
    return pd.Series([one(v) for v in cells], index=series.index, dtype=object)


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def _numbers(text: pd.Series) -> pd.Series:
    cleaned = text
    commas = text.str.contains(",", regex=False).to_numpy(dtype=bool)
    if commas.any():  # "1,200" is a thousand two hundred; only cells with a comma are looked at
        cleaned = text.copy()
        cleaned[commas] = text[commas].map(lambda s: s.replace(",", "") if _THOUSANDS.match(s) else s)
    return pd.to_numeric(cleaned.where(cleaned != "", None), errors="coerce").astype("float64")


_TRUE = {"1", "true", "t", "yes", "y", "是", "对", "√"}
_FALSE = {"0", "false", "f", "no", "n", "否", "×"}


class _RowLabels:
    """Row labels kept in ``DataFrame.attrs``: pandas deep-copies attrs on every operation, so
    this immutable holder copies as itself instead of element by element."""

    __slots__ = ("labels",)

    def __init__(self, labels: np.ndarray) -> None:
        self.labels = labels

    def __deepcopy__(self, memo) -> "_RowLabels":
        return self

    def __getitem__(self, i):
        return self.labels[i]

    def __len__(self) -> int:
        return len(self.labels)

    def __iter__(self):
        return iter(self.labels.tolist())


class _Checker:
    """Collects problems over a whole table, then raises them together."""

    def __init__(self, table: str, row_labels: Sequence[object]):
        self.table = table
        self.rows = list(row_labels)
        self.problems: List[Problem] = []
        #: Problems of the whole table (no row) found beside the rows' own, listed first as the
        #: C++ check lists them (``from_buildings`` says the same of the same table).
        self.table_problems: List[str] = []

    def flag(self, mask: np.ndarray, column: str, values: Sequence[str], problem: str) -> None:
        for i in np.flatnonzero(mask):
            self.problems.append(Problem(self.rows[i], column, str(values[i]), problem))

    def add(self, row: object, column: str, value: str, problem: str) -> None:
        self.problems.append(Problem(row, column, value, problem))

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        order = {label: i for i, label in enumerate(self.rows)}
        self.problems.sort(key=lambda p: order.get(p.row, len(order)))
        lines = self.table_problems + [str(p) for p in self.problems]
        listed = "\n  ".join(lines[:_MAX_LISTED])
        more = len(lines) - _MAX_LISTED
        tail = "\n  " + core_text("table.more_listed", count=more) if more > 0 else ""
        rows = len({p.row for p in self.problems})
        header = core_text("table.problems", table=self.table, count=len(lines), rows=rows)
        error = InputError(f"{header}\n  {listed}{tail}")
        error.problems = list(self.problems)
        raise error


def _parse_column(spec: ColumnSpec, text: pd.Series, check: _Checker):
    values = text.to_numpy()
    blank = values == ""
    if spec.required:
        check.flag(blank, spec.name, values, core_text("table.required", column=spec.name))
    if spec.kind in ("code", "text"):
        return pd.Series(values, index=text.index, dtype=object)
    if spec.kind in ("count", "number"):
        numbers = _numbers(text)
        arr = numbers.to_numpy()
        not_number = ~blank & np.isnan(arr)
        check.flag(not_number, spec.name, values, core_text("table.not_number"))
        check.flag(~blank & np.isinf(arr), spec.name, values, core_text("table.not_finite"))
        if spec.kind == "count":
            finite = np.isfinite(arr)
            check.flag(finite & (arr < 0), spec.name, values, core_text("table.negative"))
            check.flag(finite & (arr >= 0) & (arr != np.floor(arr)), spec.name, values,
                       core_text("table.not_whole"))
            # Beyond 2^53 a double no longer holds every whole number (and 1e20 overflows int64).
            check.flag(finite & (arr > _MAX_COUNT), spec.name, values, "too large for a count (more than 2^53)")
            ok = finite & (arr >= 0) & (arr == np.floor(arr)) & (arr <= _MAX_COUNT)
            counts = pd.array(np.where(ok, arr, 0).astype(np.int64), dtype="Int64")
            counts[~ok] = pd.NA
            return counts
        return numbers
    if spec.kind == "bool":
        lowered = text.str.lower().to_numpy()
        is_true = np.isin(lowered, list(_TRUE))
        is_false = np.isin(lowered, list(_FALSE))
        check.flag(~blank & ~is_true & ~is_false, spec.name, values,
                   "not a yes/no value (use true/false, 1/0 or 是/否)")
        return pd.array([True if t else (False if f else pd.NA) for t, f in zip(is_true, is_false)],
                        dtype="boolean")
    if spec.kind == "datetime":
        times = pd.to_datetime(text.where(~blank, None), errors="coerce", format="mixed")
        check.flag(~blank & times.isna().to_numpy(), spec.name, values,
                   "not a date and time (use e.g. 2024-03-01 08:30)")
        return times
    if spec.kind == "urgency":
        normal = text.str.upper().map(lambda s: f"U{s}" if s in ("0", "1", "2", "3") else s)
        bad = ~blank & ~np.isin(normal.to_numpy(), URGENCIES)
        check.flag(bad, spec.name, values, "urgency must be U0, U1, U2 or U3")
        return normal.where(~blank, None).astype(object)
    if spec.kind == "tier":
        # L0..L5 as written, or the tier number 0..5 (-1: not closed), as the simulator writes it.
        upper = text.str.upper()
        number = pd.to_numeric(text.where(~blank, None), errors="coerce").to_numpy(dtype=float)
        is_number = np.isfinite(number) & (number == np.floor(number)) & (number >= -1) & (number <= 5)
        is_label = upper.str.fullmatch(r"L[0-5]").fillna(False).to_numpy(dtype=bool)
        check.flag(~blank & ~is_number & ~is_label, spec.name, values, "tier must be L0-L5 or 0-5 (-1: not closed)")
        if (is_number | blank).all():
            tiers = pd.array(np.where(is_number, number, 0).astype(np.int64), dtype="Int64")
            tiers[~is_number] = pd.NA
            return tiers
        return upper.where(~blank, None).astype(object)
    if spec.kind == "state":
        lowered = text.str.lower()
        states = _known_states()
        bad = ~blank & ~np.isin(lowered.to_numpy(), states)
        check.flag(bad, spec.name, values, "unknown state (use one of " + ", ".join(states) + ")")
        return lowered.where(~blank, None).astype(object)
    raise AssertionError(spec.kind)


def _resolve_headers(frame: pd.DataFrame, specs: Sequence[ColumnSpec], table: str) -> Dict[str, str]:
    """Map spec name -> frame column; unknown columns pass through under their normalised name."""
    lookup: Dict[str, str] = {}
    for spec in specs:
        for alias in (spec.name, *spec.aliases):
            lookup.setdefault(_normalise_header(alias), spec.name)
    found: Dict[str, str] = {}
    duplicates: List[str] = []
    for column in frame.columns:
        key = _normalise_header(column)
        target = lookup.get(key, key)
        if target in found:
            duplicates.append(tr("{first} and {second} both give {target}", first=repr(found[target]), second=repr(column),
                                 target=repr(target)))
        else:
            found[target] = column
    if duplicates:
        raise InputError(tr("{table}: columns given twice: {twice}", table=table,
                            twice=core_text("list.separator").join(duplicates)))
    return found


def _frame_from(source: Source) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        return source
    from .files import read_any  # CSV, Excel workbooks and GIS layers

    return read_any(source)


def _read_table(source: Source, specs: Sequence[ColumnSpec], table: str,
                required_groups: Iterable[Tuple[str, ...]] = (),
                progress: Optional[Callable[[float], None]] = None) -> Tuple[pd.DataFrame, _Checker, Dict]:
    report = progress or (lambda share: None)
    frame = _frame_from(source)
    report(0.5)  # the file read and decoded: about half of the reading
    from_file = not isinstance(source, pd.DataFrame)
    columns = _resolve_headers(frame, specs, table)
    missing = [s.name for s in specs if s.required and s.name not in columns]
    for group in required_groups:
        if not any(all(c in columns for c in option) for option in group):
            missing.append(" or ".join("+".join(option) for option in group))
    if missing:
        have = ", ".join(map(str, frame.columns)) or "none"
        raise InputError(core_text("table.missing_columns", table=table, missing=", ".join(missing), have=have)
                         + "\n" + _accepted_headers(missing, specs))
    labels = _RowLabels(np.arange(len(frame)) + 2 if from_file else np.asarray(frame.index, dtype=object))
    check = _Checker(table, labels)
    out: Dict[str, object] = {}
    spec_by_name = {s.name: s for s in specs}
    for done, (name, column) in enumerate(columns.items()):
        report(0.5 + 0.4 * done / len(columns))
        text = _cells_as_text(frame[column])
        spec = spec_by_name.get(name)
        if spec is not None:
            out[name] = _parse_column(spec, text, check)
        else:
            out[name] = _free_column(text)
    result = pd.DataFrame({k: (v.to_numpy() if isinstance(v, pd.Series) else v) for k, v in out.items()})
    result.attrs.update(frame.attrs)
    result.attrs["rows"] = labels
    return result, check, columns


def _accepted_headers(missing: Sequence[str], specs: Sequence[ColumnSpec]) -> str:
    """One line per missing column (or pair of columns) with every header that gives it, in
    English and Chinese."""
    by_name = {s.name: s for s in specs}

    def names(column: str) -> str:
        spec = by_name.get(column)
        return " / ".join((column, *spec.aliases)) if spec else column

    lines = []
    for entry in missing:
        options = [option.split("+") for option in entry.split(" or ")]
        lines.append(f"  {entry}: " + "; or ".join(" with ".join(names(c) for c in option) for option in options))
    return "\n".join(lines)


def _free_column(text: pd.Series):
    """An extra column: numbers when every present cell is a number, else text."""
    present = text != ""
    numbers = _numbers(text)
    if present.any() and not numbers[present].isna().any():
        return numbers
    return text.where(present, None).astype(object)


def _check_unique(result: pd.DataFrame, column: str, check: _Checker) -> None:
    values = result[column]
    present = values.notna() & (values != "")
    dup = present & values.duplicated(keep=False)
    rows = check.rows
    for i in np.flatnonzero(dup.to_numpy()):
        others = [str(rows[j]) for j in np.flatnonzero((values == values.iloc[i]).to_numpy()) if j != i]
        check.add(rows[i], column, str(values.iloc[i]), core_text("table.duplicate", column=column, rows=", ".join(others)))


def _check_coordinates(result: pd.DataFrame, crs: str, check: _Checker) -> None:
    """Optional locations of places and workers: both or neither, in range, not swapped (the
    buildings' coordinates are checked by gridgov::ingest::check_buildings)."""
    if crs == "local":
        pair, limits = ("x", "y"), None
    else:
        pair, limits = ("lon", "lat"), (180.0, 90.0)
    if pair[0] not in result or pair[1] not in result:
        return
    a = result[pair[0]].to_numpy(dtype=float)
    b = result[pair[1]].to_numpy(dtype=float)
    one_missing = np.isnan(a) ^ np.isnan(b)
    check.flag(one_missing & np.isnan(a), pair[0], [""] * len(a), f"{pair[1]} is given but {pair[0]} is not")
    check.flag(one_missing & np.isnan(b), pair[1], [""] * len(b), f"{pair[0]} is given but {pair[1]} is not")
    if limits is not None:
        swapped = (np.abs(a) <= 90) & (np.abs(b) > 90) & (np.abs(b) <= 180)
        located = int((np.isfinite(a) & np.isfinite(b)).sum())
        if swapped.sum() > 1 and 2 * swapped.sum() > located:
            # The two headers swapped: one message for the table, as for the buildings.
            first = int(np.flatnonzero(swapped)[0])
            raise InputError(f"{check.table}: " + core_text(
                "table.columns_swapped", count=int(swapped.sum()), located=located, row=check.rows[first],
                lon=f"{a[first]:g}", lat=f"{b[first]:g}"))
        check.flag(swapped, "lat", b.astype(str), core_text("table.lat_swapped"))
        check.flag(~swapped & (np.abs(a) > limits[0]), "lon", a.astype(str), "longitude outside [-180, 180]")
        check.flag(~swapped & (np.abs(b) > limits[1]), "lat", b.astype(str), "latitude outside [-90, 90]")


# ---- tables as the columns C++ takes (gridgov::ingest::BuildingTable, PlaceTable, WorkerTable) --

#: Text and count columns of the buildings, places and workers tables on their way to C++.
BUILDING_TEXT = ("building", "community", "district", "street", "compound", "name", "grid")
BUILDING_COUNTS = ("households", "residents", "elderly_alone", "disabled", "key_persons", "renters",
                   "registered_elsewhere", "floors", "units", "buildings")
PLACE_TEXT = ("place", "community", "type", "name", "grid")
WORKER_TEXT = ("worker", "community", "type", "name")
_COORDINATES = ("lon", "lat", "x", "y")


def _text(series: pd.Series) -> List[Optional[str]]:
    cells = series.tolist()
    if all(type(v) is str or v is None for v in cells):
        return cells
    return [v if isinstance(v, str) else (None if v is None or pd.isna(v) else str(v)) for v in cells]


def table_columns(table: pd.DataFrame, text: Tuple[str, ...], counts: Tuple[str, ...] = (),
                  skip: Tuple[str, ...] = (), attributes: bool = True) -> Dict[str, Any]:
    """A reader's table as the dict of columns the C++ tables take: text as lists, coordinates
    as float64, counts as int64 with ``_core.ABSENT_COUNT`` for a blank cell, every other column
    (with ``attributes``) as a typed attribute; ``row_labels`` name the rows in messages."""
    from ._core_ref import core

    absent = int(core.ABSENT_COUNT)
    columns: Dict[str, Any] = {}
    extra = []
    for name in table.columns:
        series = table[name]
        if name in text:
            columns[name] = _text(series)
        elif name in counts:
            columns[name] = pd.array(series, dtype="Int64").to_numpy(dtype=np.int64, na_value=absent)
        elif name in _COORDINATES:
            columns[name] = series.to_numpy(dtype=np.float64)
        elif attributes and name not in skip and not series.isna().all():
            from .model import _column_payload

            ctype, values, valid = _column_payload(str(name), series)
            extra.append((str(name), ctype, values, valid.astype(np.uint8)))
    columns["attributes"] = extra
    rows = table.attrs.get("rows")
    columns["row_labels"] = [str(label) for label in (rows if rows is not None else table.index)]
    return columns


def _check_building_rules(result: pd.DataFrame, crs: str, check: "_Checker") -> None:
    """The rules of a buildings table's rows, as from_buildings applies them: building codes
    (required, unique, or a compound row split by a ``buildings`` count), counts (households
    at most 9,999 a building, a care count at most the households), coordinates (both given,
    in range, not swapped). They live in C++ (``gridgov::ingest::check_buildings``), written
    once; a cell this reader already flagged (not a number, a negative count) is not blamed
    again."""
    from ._core_ref import core

    flagged = {(str(p.row), p.column) for p in check.problems}
    whole_table = []
    for row, column, value, problem in core.check_buildings(
            table_columns(result, BUILDING_TEXT, BUILDING_COUNTS, attributes=False), crs):
        if row < 0:
            whole_table.append(problem)  # no households at all, lon and lat swapped in most rows
            continue
        label = check.rows[row]
        if any((str(label), part) in flagged for part in column.split("/")):
            continue
        check.add(label, column, value, problem)
    if whole_table and not check.problems:
        raise InputError(tr("buildings: {problems}", problems=core_text("list.separator").join(whole_table)))
    check.table_problems = whole_table


def _check_crs_name(crs: Optional[str]) -> Optional[str]:
    from .geo import canonical_crs

    if crs is None:
        return None
    try:
        return canonical_crs(crs)
    except InputError as error:
        raise InputError(tr("crs={crs}: {error}", crs=repr(crs), error=error)) from None


def read_buildings(source: Source, *, crs: Optional[str] = "wgs84",
                   progress: Optional[Callable[[float], None]] = None) -> pd.DataFrame:
    """Read and check a buildings table, one row per building.

    Parameters
    ----------
    source : str, os.PathLike, bytes, file or pandas.DataFrame
        CSV (UTF-8 or GBK) or a DataFrame with columns ``building``, ``community``, optional
        ``compound``, ``lon``/``lat`` (for ``crs`` wgs84, gcj02, bd09) or ``x``/``y`` (metres,
        for ``crs="local"``), ``households``, optional ``residents`` and other counts, optional
        ``grid`` (the current grid), ``name``, ``floors``. A row with a ``compound``, a blank
        ``building`` and a ``buildings`` count stands for a compound to be split into that many
        buildings. Other columns pass through as attributes.
    crs : {"wgs84", "gcj02", "bd09", "local"} or None
        The coordinate system of the input (checked here for plausible ranges; converted by
        :func:`gridgov.from_buildings`). None: not given, so ``x``/``y`` without ``lon``/``lat``
        are local metres and ``lon``/``lat`` are taken as WGS-84 (``attrs["crs_assumed"]``).
    progress : callable, optional
        Called now and then with the share of the reading done (0 to 1), for a progress bar
        over a large file.

    Returns
    -------
    pandas.DataFrame
        Canonical column names; counts as nullable ``Int64``, coordinates as ``float64``
        (NaN where absent), text as ``object``.

    Raises
    ------
    gridgov.InputError
        Missing columns, or every bad row at once (``error.problems``).
    """
    crs = _check_crs_name(crs)
    coords = (("x", "y"),) if crs == "local" else (("lon", "lat"),) if crs else (("lon", "lat"), ("x", "y"))
    result, check, _ = _read_table(source, BUILDING_COLUMNS, "buildings", [coords], progress)
    assumed = crs is None
    if assumed:
        crs = "wgs84" if "lon" in result and "lat" in result else "local"
    n = len(result)
    result["building"] = (result["building"].fillna("").to_numpy(dtype=object) if "building" in result
                          else np.full(n, "", dtype=object))
    _check_building_rules(result, crs, check)
    check.raise_if_any()
    result.attrs["crs"] = crs
    result.attrs["crs_assumed"] = assumed
    return result


def read_workers(source: Source, *, crs: str = "wgs84") -> pd.DataFrame:
    """Read and check a workers table, one row per grid worker.

    Parameters
    ----------
    source : str, os.PathLike, bytes, file or pandas.DataFrame
        Columns ``worker`` (code), ``community``, optional ``name``, ``type`` (``fulltime``/
        ``parttime``, also 专职/兼职; default fulltime), ``grid`` (the grids served, separated by
        ``;``), home ``lon``/``lat`` or ``x``/``y``, ``hours``, ``capacity``.
    crs : {"wgs84", "gcj02", "bd09", "local"}
        The coordinate system of the home locations.

    Returns
    -------
    pandas.DataFrame
        Canonical columns; ``type`` normalised to ``fulltime``/``parttime``; ``grid`` as a list
        of grid codes per worker (empty list when none).

    Raises
    ------
    gridgov.InputError
        Missing columns, or every bad row at once (``error.problems``).
    """
    crs = _check_crs_name(crs)
    result, check, _ = _read_table(source, WORKER_COLUMNS, "workers")
    _check_unique(result, "worker", check)
    types = {"fulltime": "fulltime", "full_time": "fulltime", "full-time": "fulltime", "专职": "fulltime",
             "专职网格员": "fulltime", "parttime": "parttime", "part_time": "parttime",
             "part-time": "parttime", "兼职": "parttime", "兼职网格员": "parttime"}
    # A blank type is the default, full-time (a text cell reads blank as "", not as missing).
    raw = result["type"].astype(str).replace("", "fulltime") if "type" in result else pd.Series(["fulltime"] * len(result))
    normal = raw.str.lower().map(types)
    check.flag(normal.isna().to_numpy(), "type", raw.to_numpy(), "type must be fulltime (专职) or parttime (兼职)")
    result["type"] = normal.fillna("fulltime").to_numpy()
    grids = result["grid"] if "grid" in result else pd.Series([None] * len(result))
    result["grid"] = [[g.strip() for g in re.split(r"[;；|]", str(v)) if g.strip()] if v else [] for v in grids]
    _check_coordinates(result, crs, check)
    check.raise_if_any()
    result.attrs["crs"] = crs
    return result


def read_places(source: Source, *, crs: str = "wgs84") -> pd.DataFrame:
    """Read and check a places table (enterprises, schools … and located service facilities).

    Parameters
    ----------
    source : str, os.PathLike, bytes, file or pandas.DataFrame
        Columns ``place`` (code), ``community``, ``type`` (a place subkind such as ``school``,
        or ``service_station``/``command_centre``/``governance_centre``), optional ``name``,
        ``grid``, ``lon``/``lat`` or ``x``/``y``, ``employees``, ``students``, ``beds``,
        ``stalls``.
    crs : {"wgs84", "gcj02", "bd09", "local"}
        The coordinate system of the locations.

    Returns
    -------
    pandas.DataFrame
        Canonical columns, ``type`` lower-case.

    Raises
    ------
    gridgov.InputError
        Missing columns, or every bad row at once (``error.problems``).
    """
    crs = _check_crs_name(crs)
    result, check, _ = _read_table(source, PLACE_COLUMNS, "places")
    _check_unique(result, "place", check)
    result["type"] = result["type"].astype(object).map(lambda v: str(v).lower() if v else v)
    _check_coordinates(result, crs, check)
    check.raise_if_any()
    result.attrs["crs"] = crs
    return result


def read_events(source: Source) -> pd.DataFrame:
    """Read and check an event log (the ``events`` table of :func:`gridgov.simulate`).

    Parameters
    ----------
    source : str, os.PathLike, bytes, file or pandas.DataFrame
        Columns ``event_id``, ``created_at``, ``place``, ``category`` (required) and optional
        ``grid, community, urgency, entry_tier, closed_tier, status, closed_at, on_time,
        escalations, returns, handler``; a real platform's export works as well as a
        simulated log.

    Returns
    -------
    pandas.DataFrame
        Canonical columns with times as ``datetime64``, ``urgency`` as ``U0``-``U3``,
        ``on_time`` as nullable boolean, counts as ``Int64``.

    Raises
    ------
    gridgov.InputError
        Missing columns, or every bad row at once: duplicate ids, unreadable times, a closing
        time before the creation time, unknown urgencies or states, negative counts.
    """
    result, check, _ = _read_table(source, EVENT_COLUMNS, "events")
    _check_unique(result, "event_id", check)
    if "closed_at" in result:
        backwards = (result["closed_at"] < result["created_at"]).fillna(False).to_numpy()
        check.flag(backwards, "closed_at", result["closed_at"].astype(str).to_numpy(),
                   "closed before it was created (times go backwards)")
    check.raise_if_any()
    return result


def read_transitions(source: Source, events: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """Read and check an event log's state transitions.

    Parameters
    ----------
    source : str, os.PathLike, bytes, file or pandas.DataFrame
        Columns ``event_id``, ``time``, ``to_state`` (required), ``from_state``, ``tier``,
        ``actor``; one row per state change.
    events : pandas.DataFrame, optional
        The events table (from :func:`read_events`): every transition must then belong to a
        known event and not precede its creation.

    Returns
    -------
    pandas.DataFrame
        Canonical columns, times as ``datetime64``, states lower-case.

    Raises
    ------
    gridgov.InputError
        Missing columns, or every bad row at once: unreadable times, unknown states, times
        going backwards within an event, a ``from_state`` that is not the event's previous
        ``to_state``, transitions of unknown events.
    """
    result, check, _ = _read_table(source, TRANSITION_COLUMNS, "transitions")
    rows = np.asarray(check.rows, dtype=object)
    ids = result["event_id"].to_numpy(dtype=object)
    times = result["time"]
    # Within an event, rows must run forward in time and chain from_state to the last to_state.
    last_time: Dict[object, Tuple[pd.Timestamp, object]] = {}
    last_state: Dict[object, object] = {}
    from_state = result["from_state"].to_numpy(dtype=object) if "from_state" in result else None
    to_state = result["to_state"].to_numpy(dtype=object)
    for i, event in enumerate(ids):
        if not event:
            continue
        t = times.iloc[i]
        if not pd.isna(t):
            previous = last_time.get(event)
            if previous is not None and t < previous[0]:
                check.add(rows[i], "time", str(t), f"earlier than row {previous[1]} of the same event "
                          "(times go backwards)")
            else:
                last_time[event] = (t, rows[i])
        if from_state is not None and from_state[i] and event in last_state and last_state[event] \
                and from_state[i] != last_state[event]:
            check.add(rows[i], "from_state", str(from_state[i]),
                      f"the event's previous state was {last_state[event]!r}")
        last_state[event] = to_state[i]
    if events is not None:
        created = dict(zip(events["event_id"], events["created_at"]))
        for i, event in enumerate(ids):
            if event and event not in created:
                check.add(rows[i], "event_id", str(event), "no such event in the events table")
            elif event and not pd.isna(times.iloc[i]) and times.iloc[i] < created[event]:
                check.add(rows[i], "time", str(times.iloc[i]), "before the event was created")
    check.raise_if_any()
    return result


def column_help(specs: Sequence[ColumnSpec]) -> str:
    """A short text listing the columns of a table, for ``--help`` and error messages."""
    lines = []
    for spec in specs:
        need = "required" if spec.required else "optional"
        alias = f" (also {', '.join(spec.aliases[:3])})" if spec.aliases else ""
        extra = f": {spec.help}" if spec.help else ""
        lines.append(f"  {spec.name:<22} {spec.kind}, {need}{alias}{extra}")
    return "\n".join(lines)

