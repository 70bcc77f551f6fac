"""Outputs written whole or not at all.

A report or a command writes several files; when one step fails half-way (a chart that cannot
be drawn, a full disk, Ctrl-C), the planner must not be left with a new ``grids.csv`` beside last
week's ``report.html``, or a truncated file in place of a good one. Everything is first written
under a temporary name in the destination's own folder (so the final move is an ``os.replace``
on one file system: atomic per file) and moved into place only when every output is complete;
on failure the temporary files are deleted and the destinations are left as they were.

* :func:`replacing` — one file.
* :class:`Together` — several files in different places, moved into place together.
* :func:`staged_folder` — a folder of outputs (the report), moved file by file into the
  destination folder, which is created only then.

An exception leaving any of them carries ``gridgov_not_written``: the destinations left as
they were (the CLI says so).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator, List, Tuple

__all__ = ["replacing", "Together", "staged_folder"]


def _partial_name(path: Path) -> Path:
    # Same folder, hidden, unique per process, and the same suffix: writers that choose the
    # format by the suffix (savefig, write_table) still see ".png", ".xlsx".
    return path.with_name(f".{path.stem}.partial-{os.getpid()}{path.suffix}")


def _not_written(exc: BaseException, paths) -> None:
    with contextlib.suppress(AttributeError, TypeError):
        exc.gridgov_not_written = list(getattr(exc, "gridgov_not_written", [])) + [str(p) for p in paths]


@contextlib.contextmanager
def replacing(path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; it replaces ``path`` when the block ends
    normally and is deleted (``path`` untouched) when it raises."""
    with Together() as together:
        yield together.path(path)


class Together:
    """Files written to temporary paths (:meth:`path`) and moved into place together when the
    ``with`` block ends normally; none of them when it raises."""

    def __init__(self) -> None:
        self._pending: List[Tuple[Path, Path]] = []

    def path(self, destination) -> Path:
        """The temporary path to write ``destination``'s content to."""
        destination = Path(os.fspath(destination))
        partial = _partial_name(destination)
        self._pending.append((partial, destination))
        return partial

    def __enter__(self) -> "Together":
        return self

    def __exit__(self, kind, exc, traceback) -> bool:
        if exc is None:
            missing = [str(d) for p, d in self._pending if not p.exists()]
            if not missing:
                for partial, destination in self._pending:
                    os.replace(partial, destination)
                return False
            exc = OSError(f"nothing written: {', '.join(missing)} was not produced")
            self._discard()
            raise exc
        self._discard()
        _not_written(exc, [d for _, d in self._pending])
        return False

    def _discard(self) -> None:
        for partial, _ in self._pending:
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()


@contextlib.contextmanager
def staged_folder(out_dir) -> Iterator[str]:
    """An empty temporary folder beside ``out_dir`` to write the outputs into. When the block
    ends normally, ``out_dir`` is created if missing and each output replaces the file of its
    name there (other files in ``out_dir`` are kept); when it raises, the temporary folder is
    deleted and ``out_dir`` is left as it was (not even created)."""
    out = Path(os.fspath(out_dir)).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        yield str(stage)
    except BaseException as exc:
        shutil.rmtree(stage, ignore_errors=True)
        _not_written(exc, [out])
        raise
    try:
        for folder, _, files in os.walk(stage):
            target = out / Path(folder).relative_to(stage)
            target.mkdir(parents=True, exist_ok=True)
            for name in files:
                os.replace(Path(folder) / name, target / name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
