"""The README tour against an installed gridgov (a wheel in a fresh environment): every Python
block of README.md, then the command line's help and `gridgov info` on the built-in county.

    python tests/wheel/tour.py          # run from anywhere but the source tree's python/ folder
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from doc_blocks import run_markdown  # noqa: E402


def main() -> int:
    import gridgov as gg

    source = Path(gg.__file__).resolve()
    if ROOT / "python" in source.parents:
        print(f"tour: gridgov was imported from the source tree ({source}), not from a wheel", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        blocks = run_markdown(ROOT / "README.md", Path(folder))
        gridgov = Path(sys.executable).with_name("gridgov")
        for args in (["--help"], ["info", "county"]):
            subprocess.run([str(gridgov), *args], check=True, cwd=folder, stdout=subprocess.DEVNULL)
    print(f"tour: {blocks} Python blocks of README.md and the gridgov command ran against {source.parent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
