"""Tables of the model that the plots, the polygons and the report share."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import InputError
from .messages import tr

__all__ = ["building_table"]


def building_table(model, labels=None) -> pd.DataFrame:
    """One row per building: code, x, y, grid, community, households.

    Parameters
    ----------
    model : gridgov.Model
    labels : array_like, optional
        A grid label per building (in id order, e.g. ``plan.labels`` of ``draw_grids``); by
        default each building's current grid (its grid ancestor's code, or ``""`` for a
        building in no grid).

    Returns
    -------
    pandas.DataFrame
        Columns ``id, code, name, x, y, grid, community, households``.
    """
    r = model.kind_range("building")
    ids = np.arange(r.start, r.stop, dtype=np.int32)
    n = len(ids)
    community_ids = model.ancestor_of_kind(ids, "community")
    community = np.full(n, "", dtype=object)
    has = community_ids >= 0
    if has.any():
        community[has] = model.codes(community_ids[has])
    if labels is None:
        grid_ids = model.ancestor_of_kind(ids, "grid")
        grid = np.full(n, "", dtype=object)
        ok = grid_ids >= 0
        if ok.any():
            grid[ok] = model.codes(grid_ids[ok])
    else:
        grid = np.asarray(labels)
        if grid.shape != (n,):
            raise InputError(tr("labels has shape {shape}; give one grid label per building ({n})",
                                shape=grid.shape, n=n))
        grid = grid.astype(object)
    if model.count("household"):
        households = model.count_descendants("household")[r.start:r.stop].astype(np.int64)
    elif "households" in model.columns("building"):
        households = np.nan_to_num(model.numeric("building", "households")).astype(np.int64)
    else:
        households = np.zeros(n, dtype=np.int64)
    return pd.DataFrame({"id": ids, "code": model.codes(ids), "name": model.names(ids),
                         "x": np.asarray(model.x[r.start:r.stop]), "y": np.asarray(model.y[r.start:r.stop]),
                         "grid": grid, "community": community, "households": households})
