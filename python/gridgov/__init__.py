"""gridgov: community grid management (社区网格化管理) for planners.

``import gridgov as gg`` gives the grid model (:class:`Model`), the built-in reference county
(:func:`datasets.seed_county`), and the algorithms: workload balancing (:func:`partition`),
coverage analysis (:func:`coverage_matrix`, :func:`p_median` …) and escalation routing
(:class:`EscalationPolicy`, :func:`simulate`).
"""

from __future__ import annotations

from ._core_ref import core as _core
from .errors import (
    CrsWarning,
    Error,
    EventLogError,
    FormatError,
    InfeasibleError,
    InfeasibleWarning,
    InputError,
    PolicyError,
    UnknownCodeError,
    ValidationError,
    VersionError,
)
from .messages import language, set_language  # messages in Chinese or English (GRIDGOV_LANG)
from .model import Model, ModelBuilder
from . import datasets
from .buildings import from_buildings  # also brings gridgov.geo and gridgov.readers
from .files import from_geopandas  # Excel and GIS files (gridgov.files)
from . import plot, report  # gg.plot.grid_map …, gg.report.write_geojson …
from .escalation import EscalationPolicy, evaluate, route, route_many, simulate  # gg.escalation.*
from .coverage import LocationResult, Reach, audit, reach, coverage_matrix, lscp, mclp, orlib_pmed_costs, p_center, p_median  # gg.coverage.*
from .balance import assign, partition, partition_quality  # workload balancing (gg.balance.*)
from .grids import GridPlan, WorkerAssignment, assign_workers, draw_grids  # redraw and staff grids
from . import distributed  # many counties and scenarios on Dask (gg.distributed.sweep, .draw)

__version__: str = _core.__version__

__all__ = [
    "__version__",
    "CrsWarning",
    "Error",
    "EventLogError",
    "FormatError",
    "InfeasibleError",
    "InfeasibleWarning",
    "InputError",
    "Model",
    "ModelBuilder",
    "PolicyError",
    "UnknownCodeError",
    "ValidationError",
    "VersionError",
    "datasets",
    "distributed",
    "EscalationPolicy",
    "evaluate",
    "route",
    "route_many",
    "simulate",
    "from_buildings",
    "from_geopandas",
    "plot",
    "report",
    "LocationResult",
    "Reach",
    "audit",
    "reach",
    "coverage_matrix",
    "lscp",
    "mclp",
    "orlib_pmed_costs",
    "p_center",
    "p_median",
    "GridPlan",
    "WorkerAssignment",
    "assign_workers",
    "draw_grids",
    "assign",
    "partition",
    "partition_quality",
    "language",
    "set_language",
]
