"""Built-in datasets: the reference county of ``DOMAIN.md`` §0.

The county is generated deterministically in C++ (``src/seed_county.cpp``); ``docs/county.md``
describes its origin, code scheme, distributions and how its grids were formed.
"""

from __future__ import annotations

import operator

from ._core_ref import core as _core
from .errors import InputError
from .model import Model

__all__ = ["seed_county", "SEED_COUNTY_FIGURES"]

#: The headline figures every seed reproduces exactly (``Model.summary()`` keys).
SEED_COUNTY_FIGURES: dict[str, int] = {
    "communities": 15,
    "compounds": 268,
    "households": 61_880,
    "residential_grids": 238,
    "special_grids": 28,
    "fulltime_workers": 266,
    "parttime_workers": 2_736,
    "party_groups": 238,
    "stationed_units": 140,
    "departments": 76,
    "governance_centres": 15,
    "work_seats": 16,
}


def seed_county(seed: int = 0) -> Model:
    """The built-in reference county (网格示范县, a fictional county).

    15 communities, 268 compounds, 61,880 households in buildings with units, 238 residential
    grids (contiguous, 150-600 households each, 260 on average) and 28 special grids hosted by
    enterprises, schools, hospitals, malls and markets, 266 full-time and 2,736 part-time grid
    workers with home locations, 140 stationed units, 76 departments, 15 governance centres,
    16 work seats, a party group in every residential grid, the county and community command
    centres and service stations; building adjacency and a walking road network in metres
    around a WGS-84 origin in ``metadata``.

    Parameters
    ----------
    seed : int, default 0
        Any integer in ``[0, 2**64)``. The same seed gives the same county on every machine;
        different seeds give different counties with the same headline figures
        (:data:`SEED_COUNTY_FIGURES`).

    Returns
    -------
    gridgov.Model
        The frozen, validated model.

    Raises
    ------
    gridgov.InputError
        If ``seed`` is not an integer in ``[0, 2**64)``.

    Examples
    --------
    >>> import gridgov as gg
    >>> county = gg.datasets.seed_county()
    >>> county.summary()["households"]
    61880
    """
    try:
        seed = operator.index(seed)
    except TypeError:
        raise InputError(f"seed must be an integer, not {type(seed).__name__}") from None
    if not 0 <= seed < 2**64:
        raise InputError(f"seed {seed} is outside [0, 2**64); pass a non-negative 64-bit integer")
    return Model(_core.seed_county(seed))
