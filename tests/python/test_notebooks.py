"""Every notebook in examples/notebooks runs from top to bottom without an error, and every
cell that plots shows its picture (issue 16 §3: figures after the first used to vanish)."""

import glob
import os
import re

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "examples", "notebooks", "*.ipynb")))
# A cell plots when it calls a gridgov.plot chart (or pyplot); it must then show one image.
PLOTTING = re.compile(r"gg\.plot\.(grid_map|households_per_grid|reach_by_community|escalation_funnel|"
                      r"worker_utilisation|subplots)\(|\bplt\.")


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[os.path.basename(p) for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    # The kernel inherits the environment: it imports the same gridgov this test imported (the
    # source tree with GRIDGOV_CORE_DIR, or the installed package under `make test`).
    import gridgov

    package = os.path.dirname(os.path.dirname(os.path.abspath(gridgov.__file__)))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")])))
    # The kernel's own backend (matplotlib-inline), as in Jupyter: under Agg no picture is shown
    # at all, so a vanished figure would go unnoticed.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    errors = [o for cell in notebook.cells if cell.cell_type == "code"
              for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    glyphs = [o["text"] for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
              if o.get("output_type") == "stream" and "missing from font" in o.get("text", "")]
    assert not glyphs, "Chinese text rendered without a CJK font: " + glyphs[0][:200]
    plotting = [cell for cell in notebook.cells if cell.cell_type == "code" and PLOTTING.search(cell.source)]
    assert plotting, "the notebook draws nothing"
    for cell in plotting:
        images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        assert len(images) == 1, f"{len(images)} images (want 1) from the cell:\n{cell.source}"
