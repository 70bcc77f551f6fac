"""Shared fixtures (where the shared data lives) and the hypothesis profiles.

The shared benchmark data (OR-Library, SJC, spopt's San Francisco, real districting graphs, the
divisions of Beijing) lives beside the repository in ../shared/data; CI has it. A fresh clone
without it runs every other test, and the run ends with one line naming the tests it skipped.

Hypothesis profiles, chosen with the environment variable ``HYPOTHESIS_PROFILE``:

- ``ci`` (the default): derandomised, so every run, on every machine, tries the same examples
  and a red build is red again on the next run. No example database, no deadline.
- ``explore``: random examples, new ones each run, and ten times each test's ``max_examples``:
  ``HYPOTHESIS_PROFILE=explore pytest tests/python`` to hunt for cases the fixed set misses.
  A failure prints its ``@reproduce_failure`` blob; turn the case into a plain test.
"""

from __future__ import annotations

import os
from pathlib import Path

# Messages in English whatever the machine's locale (tests/python/test_messages.py checks the
# Chinese ones, and the CLI's subprocesses inherit this).
os.environ["GRIDGOV_LANG"] = "en"

import pytest
from hypothesis import settings

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
_WANT_OF_SHARED = "needs the shared benchmark data"


def shared_path(*parts: str) -> Path:
    """A file or folder of the shared data, or a skip naming it when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{_WANT_OF_SHARED}: {path} is absent")
    return path


EXPLORE_FACTOR = 10

settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("explore", derandomize=False, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(config, items):
    """Under ``explore``, scale each hypothesis test's own ``max_examples`` (per-test settings
    override a profile's, so the profile alone cannot ask for more)."""
    if os.environ.get("HYPOTHESIS_PROFILE") != "explore":
        return
    scaled = set()
    for item in items:
        test = getattr(item, "obj", None)
        current = getattr(test, "_hypothesis_internal_use_settings", None)
        if current is None or id(test) in scaled:
            continue
        scaled.add(id(test))
        test._hypothesis_internal_use_settings = settings(current, max_examples=EXPLORE_FACTOR * current.max_examples)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return shared_path()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Skips said once each: one line for the tests that want the shared data, one line per other
    reason (pyproject's addopts leave skips out of pytest's own per-test summary)."""
    reasons: dict = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else "skipped"
        reason = reason.removeprefix("Skipped: ")
        key = _WANT_OF_SHARED if _WANT_OF_SHARED in reason else reason
        reasons.setdefault(key, set()).add(report.nodeid.split("::", 1)[-1])
    shared = reasons.pop(_WANT_OF_SHARED, None)
    if shared:
        terminalreporter.write_line(
            f"{len(shared)} tests skipped for want of the shared benchmark data ({SHARED_DATA} is absent; "
            f"CI has it and runs them): {', '.join(sorted(shared))}", yellow=True)
    for reason, names in sorted(reasons.items()):
        terminalreporter.write_line(f"{len(names)} skipped: {reason}", yellow=True)
