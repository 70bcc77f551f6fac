"""Finds the compiled module ``gridgov._core``.

An installed package carries ``_core`` beside this file. In a development tree the module is
built by CMake into ``<build>/python/gridgov``; set ``GRIDGOV_CORE_DIR`` to that folder and the
package picks it up from there, so several build folders can serve one source tree.
"""

from __future__ import annotations

import importlib
import os


def load_core(package_path: list[str]):
    try:
        return importlib.import_module("gridgov._core")
    except ImportError:
        extra = os.environ.get("GRIDGOV_CORE_DIR")
        if not extra:
            raise
        package_path.append(os.path.abspath(extra))
        return importlib.import_module("gridgov._core")
