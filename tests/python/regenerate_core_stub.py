"""Regenerates python/gridgov/_core.pyi from the built module with pybind11-stubgen.

    GRIDGOV_CORE_DIR=build/dev/python/gridgov PYTHONPATH=python \\
        python tests/python/regenerate_core_stub.py        # needs: pip install pybind11-stubgen

pybind11-stubgen writes one file per submodule; this merges them into the one stub the package
ships, the submodules ``escalation`` and ``messages`` as class namespaces (their functions as
static methods). tests/python/test_workbench_stubs.py checks that the stub and the compiled
module declare the same names.
"""

import os
import re
import subprocess
import sys
import tempfile

STUB = os.path.join(os.path.dirname(__file__), "..", "..", "python", "gridgov", "_core.pyi")


def main() -> None:
    out = tempfile.mkdtemp()
    subprocess.run([sys.executable, "-m", "pybind11_stubgen", "gridgov._core", "-o", out], check=True)
    base = os.path.join(out, "gridgov", "_core")
    hand = open(STUB, encoding="utf-8").read()
    header = hand[:hand.index("from __future__")]
    init = open(os.path.join(base, "__init__.pyi"), encoding="utf-8").read()
    body = init[init.index("from __future__"):]
    body = body.replace("from . import messages\n", "").replace("from . import escalation\n", "")
    body = body.replace("def edit(self) -> ...:", "def edit(self) -> ModelBuilder:")
    body = body.replace("    proven: typing.ClassVar[bool] = False",
                        "    proven: bool  # the message states a proof (arithmetic or exhaustive search) that no solution exists")

    def namespace(name: str) -> str:
        src = open(os.path.join(base, name + ".pyi"), encoding="utf-8").read()
        doc_end = src.index('"""', 3) + 3
        doc = " ".join(src[3:doc_end - 3].split())
        lines = [line for line in src[doc_end:].split("\n") if not re.match(r"^(from |import )", line)]
        out = [f"class {name}:", f'    """Submodule gridgov._core.{name}: {doc}"""']
        for line in lines:
            if not line.strip():
                continue
            if line.startswith("def "):
                out.append("    @staticmethod")
            out.append("    " + line)
        return "\n".join(out).replace("gridgov._core.Model", "Model") + "\n"

    text = header + body.rstrip("\n") + "\n" + namespace("escalation") + namespace("messages")
    with open(STUB, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
