"""Every Python block of README.md and docs/*.md runs, in order, as a reader would type it
(tests/doc_blocks.py; the wheel test runs README.md the same way against an installed wheel)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from doc_blocks import NEEDS_INTERNET, offline_blocks, python_blocks, run_markdown  # noqa: E402

DOCUMENTS = [p for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))] if python_blocks(p)]


@pytest.mark.parametrize("document", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_every_python_block_runs(document, tmp_path):
    assert run_markdown(document, tmp_path) == len(offline_blocks(document)) > 0


def test_only_blocks_that_fetch_from_the_internet_are_left_out():
    for document in DOCUMENTS:
        for line, code in python_blocks(document):
            if code.startswith(NEEDS_INTERNET):
                assert "osmnx.graph_from" in code, f"{document.name}:{line} is left out but fetches nothing"


def test_the_readme_has_its_tour():
    assert len(python_blocks(ROOT / "README.md")) >= 3
