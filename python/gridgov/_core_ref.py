"""The compiled core, loaded once (see ``_loader``)."""

from __future__ import annotations

import gridgov as _package

from ._loader import load_core

core = load_core(_package.__path__)
