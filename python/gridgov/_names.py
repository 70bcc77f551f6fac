"""Places and categories by the planner's own names, for route, route_many and the CLI.

The lookups are C++ (``gridgov::escalation::PlaceNames`` and ``category_of``, see
``include/gridgov/escalation/names.hpp``): a code is taken as it is; anything else is matched
as a name or building number in any case and width, qualified by compound and community when it
is not unique ("阳光小区 3号楼"), and a category by its code or name ("矛盾纠纷"). Python only
keeps one index per model (built on the first name that is not a code) and converts.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Sequence

import numpy as np

from . import _args
from ._core_ref import core as _core

_INDEXES: "OrderedDict[int, tuple[Any, Any]]" = OrderedDict()


def place_names(model_core: Any) -> Any:
    """The C++ PlaceNames index of a model (cached for the last four models)."""
    key = id(model_core)
    hit = _INDEXES.get(key)
    if hit is not None and hit[0] is model_core:
        _INDEXES.move_to_end(key)
        return hit[1]
    index = _core.escalation.PlaceNames(model_core)
    _INDEXES[key] = (model_core, index)
    while len(_INDEXES) > 4:
        _INDEXES.popitem(last=False)
    return index


def place_id(model_core: Any, text: str) -> int:
    """The dense id of the one place ``text`` means (a code, a name or a building number)."""
    found = int(model_core.find(text))
    return found if found >= 0 else int(place_names(model_core).find(text))


def place_ids(model_core: Any, texts: Sequence[str]) -> np.ndarray:
    """Dense ids of many places: codes in one C++ call, names only when some are not codes
    (an error then names the event: ``event 3: place '3号楼' fits 2 places …``)."""
    texts = list(texts)
    ids = np.asarray(model_core.ids(texts), dtype=np.int32)  # -1 where a text is not a code
    if (ids < 0).any():
        ids = np.asarray(place_names(model_core).find_many(texts), dtype=np.int32)
    return ids


def category_index(policy_core: Any, text: str) -> int:
    """The index of the category a code (any case) or a name means in the policy."""
    return int(_core.escalation.category_of(policy_core, _args.text(text, "category")))


def category_name(policy_core: Any, index: int) -> str:
    """The name of a category (``"矛盾纠纷"`` for ZZ01)."""
    return str(_core.escalation.category_name(policy_core, int(index)))
