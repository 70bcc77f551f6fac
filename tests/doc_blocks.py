"""Run the Python blocks of a Markdown file (README.md, docs/*.md) as a reader would type them.

Every ```python block of a file runs in order in one namespace, in a scratch folder that holds
the files the text names (a planner's buildings table, written from the built-in synthetic city),
with matplotlib drawing off screen. Used by tests/python/test_docs.py (the source tree) and by
tests/wheel/tour.py (an installed wheel), so that both run exactly what the reader reads.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import List, Tuple

_BLOCK = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


# A block that starts with this comment fetches data from the internet (OpenStreetMap ...), which
# neither the tests nor CI reach; it is listed as not run, never silently passed.
NEEDS_INTERNET = "# needs the internet"


def python_blocks(path: Path) -> List[Tuple[int, str]]:
    """(line number, code) of every ```python block of a Markdown file."""
    text = Path(path).read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 2, m.group(1)) for m in _BLOCK.finditer(text)]


def offline_blocks(path: Path) -> List[Tuple[int, str]]:
    """The blocks that run without the internet."""
    return [(line, code) for line, code in python_blocks(path) if not code.startswith(NEEDS_INTERNET)]


def write_planner_files(folder: Path) -> None:
    """The files the docs name, made as a planner's would be from the built-in synthetic city, in
    Baidu (BD-09) coordinates: a city's buildings (楼栋.csv, and 楼栋.xlsx when openpyxl is there)
    and one county's buildings, places and workers (楼栋表.csv, 场所.csv, 网格员.csv)."""
    import gridgov as gg

    folder = Path(folder)
    city = gg.datasets.city_buildings(3, seed=0)
    city.to_csv(folder / "楼栋.csv", index=False)
    try:
        city.to_excel(folder / "楼栋.xlsx", index=False)
    except ImportError:  # openpyxl is the optional `excel` extra
        pass
    county = city[city["district"] == city["district"].iloc[0]].drop(columns=["district", "street"])
    county.to_csv(folder / "楼栋表.csv", index=False, encoding="gbk")
    first = county.groupby("community", sort=True).first().reset_index()
    places = first.assign(place=[f"站{i + 1}" for i in range(len(first))], type="service_station")
    places[["place", "community", "type", "lon", "lat"]].to_csv(folder / "场所.csv", index=False)
    workers = first.assign(worker=[f"W{i + 1:03d}" for i in range(len(first))], type="专职")
    workers[["worker", "community", "type", "lon", "lat"]].to_csv(folder / "网格员.csv", index=False)


def run_markdown(path: Path, folder: Path) -> int:
    """Run every Python block of ``path`` in ``folder`` (but those that need the internet);
    returns the number of blocks run. A
    failing block raises, naming the file and the line where the block starts."""
    import matplotlib

    import gridgov  # noqa: F401  (imported here, before the folder changes)

    matplotlib.use("Agg")
    namespace: dict = {"__name__": "__doc_blocks__"}
    blocks = offline_blocks(path)
    here = os.getcwd()
    os.chdir(folder)
    try:
        write_planner_files(Path(folder))
        for line, code in blocks:
            try:
                exec(compile(code, f"{Path(path).name}:{line}", "exec"), namespace)
            except Exception as error:
                raise AssertionError(f"{path}, the Python block at line {line} fails: "
                                     f"{type(error).__name__}: {error}") from error
    finally:
        os.chdir(here)
        import matplotlib.pyplot as plt

        plt.close("all")
    return len(blocks)
