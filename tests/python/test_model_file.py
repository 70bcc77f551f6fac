"""Issue 15, the model file and frames: every bad input a typed gg.Error naming what is wrong and
where, no memory blow-up from a small or endless file, nothing silently wrong. Each test names
the case it guards."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gridgov as gg
from gridgov import cli

HEADER = 28


def small_model(metadata: bool = False) -> gg.Model:
    b = gg.ModelBuilder()
    b.add("county", "330102000000", "测试县")
    b.add("community", "330102001001", "东社区", "330102000000")
    b.add("building", "33010200100100001", "ab", "330102001001", floors=6)
    b.add("organisation", "330102000000ZHZX", "指挥中心", "330102000000", "command_centre")
    b.add("organisation", "330102000000BM01", "城管局", "330102000000", "department")
    if metadata:
        b.set_metadata("name", "测试县")
    return b.freeze()


def reseal(data: bytes) -> bytes:
    """The header's length and CRC-32 made right for the payload, as a hostile writer would."""
    payload = data[HEADER:]
    return data[:16] + struct.pack("<QI", len(payload), zlib.crc32(payload)) + payload


def from_bytes(data: bytes) -> gg.Model:
    return gg.Model(gg._core.Model.from_bytes(data, "hostile.ggm"))


# ---- the model file -----------------------------------------------------------------------------

def test_issue15_load_refuses_an_endless_stream_after_its_header():
    """Model.load('/dev/zero') read the whole stream before checking the signature."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with pytest.raises(gg.FormatError, match="does not start with the gridgov signature"):
        gg.Model.load("/dev/zero")


def test_issue15_load_of_a_folder_is_a_format_error(tmp_path):
    with pytest.raises(gg.FormatError, match="is a folder, not a gridgov model file"):
        gg.Model.load(tmp_path)
    with pytest.raises(gg.FormatError, match="no such file"):
        gg.Model.load(tmp_path / "missing.ggm")


def test_issue15_cli_info_on_a_folder_is_one_typed_line(tmp_path, capsys):
    """`gridgov info <a folder>` printed a traceback."""
    assert cli.main(["info", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("gridgov: error:") and "is a folder" in err
    assert "\n" not in err and "Traceback" not in err


def test_issue15_findings_count_beyond_the_file_is_a_format_error():
    """A findings count of 2^40 aborted with bad_alloc; it must fail before any allocation."""
    data = small_model()._core.to_bytes()
    assert data[-8:] == bytes(8)  # no findings: the payload ends with their count, 0
    for count in (2 ** 40, 2 ** 62):
        with pytest.raises(gg.FormatError, match=rf"announces {count} findings but only 0 bytes follow \(at byte"):
            from_bytes(reseal(data[:-8] + struct.pack("<Q", count)))


def test_issue15_text_that_is_not_utf8_is_a_format_error_naming_the_record():
    """485 mutated files loaded and raised UnicodeDecodeError later, in Python."""
    data = small_model()._core.to_bytes()
    assert data.count(b"ab") == 1
    hostile = reseal(data.replace(b"ab", b"a\xff"))
    with pytest.raises(gg.FormatError, match=r"names entry 2 is not valid UTF-8 \(byte 1 of the text\)"):
        from_bytes(hostile)
    meta = small_model(metadata=True)._core.to_bytes()
    hostile = reseal(meta.replace("测试县".encode(), b"\xe6\xb5\x8b\xe8\xaf\x95\xe5\x8e", 1))
    with pytest.raises(gg.FormatError, match=r"metadata value 'name' is not valid UTF-8"):
        from_bytes(hostile)


def test_issue15_a_parent_cycle_in_a_file_is_a_finding_beside_the_files_own():
    """A file with a valid checksum and a parent cycle loaded with the cycle cut and no finding:
    the loader replaced the freeze's findings with the file's."""
    m = small_model()
    data = bytearray(m._core.to_bytes())
    n = m.size
    parents = HEADER + 8 + 8 + n + 8  # no metadata: count, kinds (length + n bytes), parents' length
    centre, department = m.id("330102000000ZHZX"), m.id("330102000000BM01")
    struct.pack_into("<i", data, parents + 4 * centre, department)
    struct.pack_into("<i", data, parents + 4 * department, centre)
    back = from_bytes(reseal(bytes(data)))
    rules = [f[0] for f in back.findings]
    assert rules == ["cycle"], back.findings
    assert "330102000000ZHZX" in back.findings[0][4] and "330102000000BM01" in back.findings[0][4]


def test_issue15_damaged_bytes_only_ever_raise_gridgov_errors():
    """Every byte of a small file flipped, with the checksum made right: a model or a gg.Error,
    never UnicodeDecodeError or another exception (the C++ tests and the fuzzer do the rest)."""
    data = small_model(metadata=True)._core.to_bytes()
    for at in range(HEADER, len(data)):
        for mask in (0x80, 0xFF):
            hostile = bytearray(data)
            hostile[at] ^= mask
            try:
                m = from_bytes(reseal(bytes(hostile)))
            except gg.Error:
                continue
            # What loads must give every text back as str.
            m.codes(), m.names(), m.metadata, m.findings, m.to_frame(), m.links_frame()


# ---- from_frame: counts and values --------------------------------------------------------------

def frame_with(residents, dtype=None) -> pd.DataFrame:
    df = pd.DataFrame({
        "code": ["330102000000", "330102001001", "33010200100100001", "3301020010010000101", "3301020010010000102"],
        "parent": ["", "330102000000", "330102001001", "33010200100100001", "33010200100100001"],
        "kind": ["county", "community", "building", "household", "household"],
        "name": ["县", "社区", "楼", "户", "户"],
    })
    df["residents"] = pd.Series([None, None, None, 2, residents], dtype=dtype)
    return df


@pytest.mark.parametrize("bad", [np.inf, 2.0 ** 63, 1e19, 2.0 ** 53 + 2, -np.inf, -1.0, 2.5])
def test_issue15_counts_must_be_finite_whole_and_in_range(bad):
    """residents = inf or >= 2^63 passed the count check; summary() then gave -2^63."""
    with pytest.raises(gg.ValidationError,
                       match=r"\[bad_count\] household 3301020010010000102: count 'residents' is .*from 0 to 2\^53"):
        gg.Model.from_frame(frame_with(bad, "float64"))
    deferred = gg.Model.from_frame(frame_with(bad, "float64"), validate="defer")
    assert [f[0] for f in deferred.findings] == ["bad_count"]
    assert deferred.summary()["residents"] == 2  # the bad count is a finding, never a wrapped sum


def test_issue15_integers_beyond_int64_are_input_errors_naming_row_and_column():
    with pytest.raises(gg.InputError, match=r"'residents': 9223372036854775808 in row 4 does not fit a 64-bit integer"):
        gg.Model.from_frame(frame_with(np.uint64(2 ** 63), "UInt64"))
    with pytest.raises(gg.InputError, match=r"'residents': 1180591620717411303424 in row 4 does not fit"):
        gg.Model.from_frame(frame_with(2 ** 70, object))
    b = small_model().edit()
    with pytest.raises(gg.InputError, match="does not fit a 64-bit integer"):
        b.set("33010200100100001", "floors", 2 ** 64)
    ok = gg.Model.from_frame(frame_with(np.uint64(2 ** 53), "UInt64"))
    assert ok.summary()["residents"] == 2 ** 53 + 2


def test_issue15_summary_never_wraps():
    n = 1100
    df = pd.DataFrame({
        "code": ["330102000000", "330102001001", "33010200100100001"] + [f"33010200100100001{i:06d}" for i in range(n)],
        "parent": ["", "330102000000", "330102001001"] + ["33010200100100001"] * n,
        "kind": ["county", "community", "building"] + ["household"] * n,
        "name": [""] * (n + 3),
    })
    df["residents"] = pd.array([None] * 3 + [2 ** 53] * n, dtype="Int64")
    m = gg.Model.from_frame(df)
    with pytest.raises(gg.ValidationError, match=r"sum past 2\^63 - 1"):
        m.summary()


def test_issue15_coordinates_and_text_that_cannot_be_stored_name_the_row():
    df = frame_with(3)
    df["x"] = [0.0, 1.0, "north", 2.0, None]
    with pytest.raises(gg.InputError, match=r"column 'x' holds 'north' in row 2"):
        gg.Model.from_frame(df)
    df = frame_with(3)
    df.loc[3, "name"] = "户\udc80"
    with pytest.raises(gg.InputError, match=r"column 'name' holds text that is not valid Unicode .* row\(s\) \[3\]"):
        gg.Model.from_frame(df)
    df = frame_with(3)
    df["note"] = [None, None, "好", "\udcff", None]
    with pytest.raises(gg.InputError, match=r"column 'note' row 3: '\\udcff' is not text that can be stored"):
        gg.Model.from_frame(df)
