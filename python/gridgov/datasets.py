"""Built-in datasets: the reference county of ``DOMAIN.md`` §0, and a synthetic city's buildings.

The county is generated deterministically in C++ (``src/seed_county.cpp``); ``docs/county.md``
describes its origin, code scheme, distributions and how its grids were formed.
:func:`city_buildings` (``src/datasets/city_buildings.cpp``) gives a planner-shaped buildings
table of a whole city for :func:`gridgov.from_buildings` at city scale.
"""

from __future__ import annotations

import operator

import pandas as pd

from ._core_ref import core as _core
from ._args import seed as seed_arg
from .errors import InputError
from .model import Model
from .messages import tr

__all__ = ["seed_county", "city_buildings", "SEED_COUNTY_FIGURES"]

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


def _seed(seed) -> int:
    return seed_arg(seed)


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
    return Model(_core.seed_county(_seed(seed)))


def city_buildings(communities: int = 1000, seed: int = 0) -> pd.DataFrame:
    """A synthetic city's buildings table, shaped like a planner's.

    Districts (about 100 communities each), streets (about 10 each), communities and compounds
    by name, no statistical codes, Baidu (BD-09) coordinates around 113.65 E, 34.75 N, about
    4,100 households per community (heavy-tailed), 80 per building on average, residents and
    floors. 1,000 communities give about 51,000 buildings and 4.1 million households: the
    city-scale input of :func:`gridgov.from_buildings` (``crs="bd09"``).

    Parameters
    ----------
    communities : int, default 1000
        Number of communities (1 to 100,000).
    seed : int, default 0
        The same seed gives the same table on every machine.

    Returns
    -------
    pandas.DataFrame
        Columns ``district, street, community, compound, building, name, lon, lat, households,
        residents, floors``.

    Examples
    --------
    >>> city = gg.datasets.city_buildings(20, seed=0)   # doctest: +SKIP
    >>> model = gg.from_buildings(city, crs="bd09")      # doctest: +SKIP
    """
    try:
        communities = operator.index(communities)
    except TypeError:
        raise InputError(tr("communities must be an integer, not {type}", type=type(communities).__name__)) from None
    columns = _core.city_buildings(communities, _seed(seed))
    return pd.DataFrame(columns)
