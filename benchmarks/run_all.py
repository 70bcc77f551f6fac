#!/usr/bin/env python3
"""Every side-by-side benchmark once, at its default size, one after another (`make bench`).

Each script prints its own table; benchmarks/RESULTS.md gives the figures and the exact command
of each. The C++ Google Benchmark programs are in build/cpp/benchmarks (see RESULTS.md). A
script whose peer or data is missing says so and is skipped; the run goes on.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    ["bench_partition.py", "--heldout"],
    ["bench_coverage.py", "--quick"],
    ["bench_escalation.py"],
    ["bench_divisions.py"],
    ["bench_ingest.py"],
    ["bench_city.py"],
    ["bench_workbench.py"],
    ["bench_grids.py"],
    ["bench_province.py"],
]


def main() -> int:
    failed = []
    for script, *arguments in SCRIPTS:
        print(f"== {script} {' '.join(arguments)}", flush=True)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, str(HERE / script), *arguments])
        print(f"== {script}: exit {result.returncode} after {time.perf_counter() - start:.0f} s", flush=True)
        if result.returncode:
            failed.append(script)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
