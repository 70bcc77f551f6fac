"""Type stubs for the compiled module ``gridgov._core`` (pybind11).

Generated with pybind11-stubgen from the built module and merged into one file: the
submodules ``escalation`` and ``messages`` appear as class namespaces. Regenerate after changing a
binding: ``python tests/python/regenerate_core_stub.py`` (with pybind11-stubgen installed and
GRIDGOV_CORE_DIR naming the build); tests/python/test_workbench_stubs.py checks the names.
Use the ``gridgov`` package, not this module, in your code.
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['ABSENT_COUNT', 'Error', 'EventLogError', 'FormatError', 'GridPlan', 'InfeasibleError', 'InputError', 'KIND_NAMES', 'LINK_TYPE_NAMES', 'MODEL_FORMAT_VERSION', 'Model', 'ModelBuilder', 'PolicyError', 'UnknownCodeError', 'ValidationError', 'VersionError', 'assign_workers', 'available_workload_weights', 'canonical_crs', 'check_buildings', 'city_buildings', 'default_workload_weights', 'delaunay_adjacency', 'delaunay_edges', 'draw_grids', 'escalation', 'from_buildings', 'from_local', 'geo_convert', 'geodesic_distance', 'in_china', 'messages', 'seed_county', 'to_local', 'transverse_mercator', 'workload']
class Error(ValueError):
    pass
class InputError(Error):
    pass
class UnknownCodeError(InputError):
    pass
class ValidationError(Error):
    pass
class FormatError(Error):
    pass
class VersionError(FormatError):
    pass
class InfeasibleError(Error):
    proven: bool  # the message states a proof (arithmetic or exhaustive search) that no solution exists
class PolicyError(ValidationError):
    pass
class EventLogError(ValidationError):
    pass
class Model:
    """
    The immutable grid model (C++ core). Use gridgov.Model in Python code.
    """
    @staticmethod
    def from_bytes(data: bytes, source: str = '<bytes>') -> Model:
        ...
    @staticmethod
    def load(arg0: str) -> Model:
        ...
    def __init__(self) -> None:
        ...
    def aggregate(self, arg0: str, arg1: str) -> numpy.typing.NDArray[numpy.float64]:
        ...
    def ancestor_of_kind(self, arg0: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], arg1: str) -> numpy.typing.NDArray[numpy.int32]:
        ...
    def ancestors(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> numpy.typing.NDArray[numpy.int32]:
        ...
    def children(self, id: typing.SupportsInt | typing.SupportsIndex, kind: str | None = None) -> numpy.typing.NDArray[numpy.int32]:
        ...
    def children_csr(self) -> tuple[numpy.typing.NDArray[numpy.int64], numpy.typing.NDArray[numpy.int32]]:
        ...
    def code(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> str:
        ...
    def codes(self, arg0: typing.Annotated[numpy.typing.ArrayLike, numpy.int32]) -> list:
        ...
    def column(self, arg0: str, arg1: str) -> dict:
        ...
    def column_names(self, arg0: str) -> list[tuple[str, str]]:
        ...
    def count(self, kind: str, subkind: str = '') -> int:
        ...
    def count_descendants(self, arg0: str) -> numpy.typing.NDArray[numpy.int64]:
        ...
    def descendants(self, id: typing.SupportsInt | typing.SupportsIndex, kind: str | None = None) -> numpy.typing.NDArray[numpy.int32]:
        ...
    def edit(self) -> ModelBuilder:
        ...
    def find(self, arg0: str) -> int:
        ...
    def findings(self) -> list:
        ...
    def ids(self, arg0: collections.abc.Sequence[str]) -> numpy.typing.NDArray[numpy.int32]:
        ...
    def kind(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> str:
        ...
    def kind_range(self, arg0: str) -> tuple[int, int]:
        ...
    def kinds(self) -> typing.Any:
        ...
    def link_csr(self, type: str, incoming: bool = False) -> tuple[numpy.typing.NDArray[numpy.int64], numpy.typing.NDArray[numpy.int32], numpy.typing.NDArray[numpy.float64]]:
        ...
    def links(self) -> tuple[numpy.typing.NDArray[numpy.int32], numpy.typing.NDArray[numpy.int32], numpy.typing.NDArray[numpy.uint8], numpy.typing.NDArray[numpy.float64]]:
        ...
    def memory_bytes(self) -> int:
        ...
    def metadata(self) -> dict[str, str]:
        ...
    def name(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> str:
        ...
    def names(self, arg0: typing.Annotated[numpy.typing.ArrayLike, numpy.int32]) -> list:
        ...
    def numeric(self, arg0: str, arg1: str) -> numpy.typing.NDArray[numpy.float64]:
        ...
    def parent(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    def parents(self) -> numpy.typing.NDArray[numpy.int32]:
        ...
    def pre_index(self) -> numpy.typing.NDArray[numpy.int32]:
        ...
    def preorder(self) -> numpy.typing.NDArray[numpy.int32]:
        ...
    def save(self, arg0: str) -> None:
        ...
    def string_bytes(self) -> int:
        ...
    def subkind(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> str:
        ...
    def subkind_ids(self) -> numpy.typing.NDArray[numpy.uint16]:
        ...
    def subkind_names(self) -> list[str]:
        ...
    def subtree_end(self) -> numpy.typing.NDArray[numpy.int32]:
        ...
    def subtree_sum(self, arg0: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> numpy.typing.NDArray[numpy.float64]:
        ...
    def summary(self) -> dict[str, int]:
        ...
    def to_bytes(self) -> bytes:
        ...
    def value(self, arg0: typing.SupportsInt | typing.SupportsIndex, arg1: str) -> typing.Any:
        ...
    def x(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    def y(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    @property
    def size(self) -> int:
        ...
class ModelBuilder:
    """
    Collects nodes, links and attributes; freeze() makes a Model.
    """
    def __init__(self) -> None:
        ...
    def add(self, kind: str, code: str, name: str = '', parent: str = '', subkind: str = '') -> int:
        ...
    def add_many(self, kinds: typing.Annotated[numpy.typing.ArrayLike, numpy.uint8], codes: collections.abc.Sequence[str], names: collections.abc.Sequence[str], parents: collections.abc.Sequence[str], subkinds: collections.abc.Sequence[str], first_row_label: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        ...
    def add_packed(self, kinds: typing.Annotated[numpy.typing.ArrayLike, numpy.uint8], codes: bytes, names: bytes, parents: bytes, subkinds: typing.Any, first_row_label: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        ...
    def contains(self, arg0: str) -> bool:
        ...
    def freeze(self, validate: str = 'raise') -> Model:
        ...
    def link(self, source: str, target: str, link: str, weight: typing.SupportsFloat | typing.SupportsIndex = ...) -> None:
        ...
    def link_many(self, arg0: collections.abc.Sequence[str], arg1: collections.abc.Sequence[str], arg2: collections.abc.Sequence[str], arg3: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> None:
        ...
    def move(self, code: str, parent: str) -> None:
        ...
    def remove(self, code: str, recursive: bool = False) -> None:
        ...
    def rename(self, arg0: str, arg1: str) -> None:
        ...
    def set(self, arg0: str, arg1: str, arg2: typing.Any) -> None:
        ...
    def set_column(self, first_row: typing.SupportsInt | typing.SupportsIndex, name: str, type: str, values: typing.Any, valid: typing.Any = None) -> None:
        ...
    def set_metadata(self, arg0: str, arg1: str) -> None:
        ...
    def set_subkind(self, arg0: str, arg1: str) -> None:
        ...
    def set_xy(self, arg0: str, arg1: typing.SupportsFloat | typing.SupportsIndex, arg2: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def set_xy_rows(self, arg0: typing.SupportsInt | typing.SupportsIndex, arg1: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], arg2: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> None:
        ...
    def unlink(self, arg0: str, arg1: str, arg2: str) -> int:
        ...
    def unlink_all(self, arg0: str, arg1: str) -> int:
        ...
    @property
    def rows(self) -> int:
        ...
    @property
    def size(self) -> int:
        ...
class GridPlan:
    """
    A redraw of residential grids (C++). Use gridgov.GridPlan.
    """
    def apply(self) -> Model:
        ...
    def band(self) -> typing.Any:
        ...
    def current(self) -> list[str]:
        ...
    def grid_count(self) -> int:
        ...
    def grid_table(self) -> dict:
        ...
    def labels(self) -> list[str]:
        ...
    def moved(self) -> list[str]:
        ...
    def quality_table(self) -> dict:
        ...
    def staffing_changes(self) -> dict:
        ...
    def warnings(self) -> list[str]:
        ...
    def weight_names(self) -> list[str]:
        ...
    @property
    def model(self) -> Model:
        ...
def _assign(cost: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], capacity: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], minimum: typing.Annotated[numpy.typing.ArrayLike, numpy.int64] | None = None) -> tuple[numpy.typing.NDArray[numpy.int32], float]:
    ...
def _audit(model: Model, min_grid_households: typing.SupportsInt | typing.SupportsIndex, max_grid_households: typing.SupportsInt | typing.SupportsIndex, min_worker_households: typing.SupportsInt | typing.SupportsIndex, max_worker_households: typing.SupportsInt | typing.SupportsIndex) -> list:
    ...
def _coverage_euclidean(demand_xy: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.c_contiguous"], site_xy: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.c_contiguous"], radius: typing.SupportsFloat | typing.SupportsIndex) -> tuple:
    ...
def _coverage_network(offsets: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], targets: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], lengths: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], demand_nodes: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], site_nodes: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], radius: typing.SupportsFloat | typing.SupportsIndex) -> tuple:
    ...
def _csr_from_edges(n: typing.SupportsInt | typing.SupportsIndex, edges: typing.Annotated[numpy.typing.ArrayLike, numpy.int64]) -> tuple[numpy.typing.NDArray[numpy.int64], numpy.typing.NDArray[numpy.int32]]:
    """
    CSR (offsets int64, targets int32) of an undirected edge list; duplicates merged, self loops rejected.
    """
def _lscp(cost: typing.Any, radius: typing.SupportsFloat | typing.SupportsIndex, fixed: typing.Any, max_nodes: typing.SupportsInt | typing.SupportsIndex) -> dict:
    ...
def _mclp(cost: typing.Any, radius: typing.SupportsFloat | typing.SupportsIndex, p: typing.SupportsInt | typing.SupportsIndex, weights: typing.Any, fixed: typing.Any, max_nodes: typing.SupportsInt | typing.SupportsIndex) -> dict:
    ...
def _orlib_pmed_costs(path: str) -> tuple[numpy.ndarray, int]:
    ...
def _p_center(cost: typing.Any, p: typing.SupportsInt | typing.SupportsIndex, fixed: typing.Any, max_nodes: typing.SupportsInt | typing.SupportsIndex) -> dict:
    ...
def _p_median(cost: typing.Any, p: typing.SupportsInt | typing.SupportsIndex, weights: typing.Any, fixed: typing.Any, seed: typing.SupportsInt | typing.SupportsIndex, exhaustive_work: typing.SupportsInt | typing.SupportsIndex) -> dict:
    ...
def _partition(offsets: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], targets: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], weights: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], ks: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], tol: typing.SupportsFloat | typing.SupportsIndex, lower: typing.Annotated[numpy.typing.ArrayLike, numpy.float64] | None, upper: typing.Annotated[numpy.typing.ArrayLike, numpy.float64] | None, seed: typing.SupportsInt | typing.SupportsIndex, regions: typing.Annotated[numpy.typing.ArrayLike, numpy.int32] | None, fixed: typing.Annotated[numpy.typing.ArrayLike, numpy.int32] | None, initial: typing.Annotated[numpy.typing.ArrayLike, numpy.int32] | None, strict: bool, vcycles: typing.SupportsInt | typing.SupportsIndex = 1) -> tuple[numpy.typing.NDArray[numpy.int32], dict]:
    ...
def _partition_quality(offsets: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], targets: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], weights: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], labels: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], k: typing.SupportsInt | typing.SupportsIndex = -1) -> dict:
    ...
def _reach(model: Model, facility: str, metric: str) -> dict:
    ...
def _reach_street_network(model: Model, facility: str, offsets: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], targets: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], lengths: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], node_of: typing.Annotated[numpy.typing.ArrayLike, numpy.int32]) -> dict:
    ...
def assign_workers(model: Model, parttime_per_grid: typing.SupportsInt | typing.SupportsIndex | None, by_code: collections.abc.Mapping[str, typing.SupportsInt | typing.SupportsIndex], weights: collections.abc.Sequence[tuple[str, typing.SupportsFloat | typing.SupportsIndex]]) -> dict:
    ...
def available_workload_weights(arg0: Model) -> list[tuple[str, float]]:
    ...
def canonical_crs(name: str) -> str:
    """
    The canonical name (wgs84, gcj02, bd09, local) of a coordinate system or its alias.
    """
def check_buildings(buildings: dict, crs: str) -> list:
    """
    The problems from_buildings would refuse in a buildings table (gridgov::ingest::check_buildings), as (row index or -1 for the whole table, column, value, problem) tuples.
    """
def city_buildings(communities: typing.SupportsInt | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
    """
    A synthetic city's buildings table as a dict of columns (gridgov::datasets::city_buildings); use gridgov.datasets.city_buildings for the DataFrame.
    """
def default_workload_weights() -> list[tuple[str, float]]:
    ...
def delaunay_adjacency(x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], y: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], groups: typing.Annotated[numpy.typing.ArrayLike, numpy.int32] | None = None, max_edge: typing.SupportsFloat | typing.SupportsIndex | None = None) -> tuple[numpy.typing.NDArray[numpy.int64], numpy.typing.NDArray[numpy.float64], float]:
    """
    Delaunay adjacency with a length cut-off and groups joined: (edges (m, 2) int64, lengths, max_edge).
    """
def delaunay_edges(x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], y: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> numpy.typing.NDArray[numpy.int64]:
    """
    Edges (m, 2) of the Delaunay graph of the points (the dual of their Voronoi diagram).
    """
def draw_grids(model: Model, communities: collections.abc.Sequence[str], k: typing.SupportsInt | typing.SupportsIndex | None, k_per_community: collections.abc.Mapping[str, typing.SupportsInt | typing.SupportsIndex], households: tuple[typing.SupportsFloat | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex] | None, weights: collections.abc.Sequence[collections.abc.Sequence[tuple[str, typing.SupportsFloat | typing.SupportsIndex]]], tol: typing.SupportsFloat | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex, fix_current: bool, fixed: collections.abc.Mapping[str, str], strict: bool, incremental: bool, threads: typing.SupportsInt | typing.SupportsIndex = 0) -> GridPlan:
    ...
def from_buildings(buildings: dict, crs: str, options: dict, places: dict | None = None, workers: dict | None = None, progress: typing.Any = None) -> Model:
    """
    A Model from a buildings table given as a dict of columns (see gridgov::ingest::BuildingTable); progress(step, share_done) is called now and then.
    """
def from_local(a: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], b: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], origin_lon: typing.SupportsFloat | typing.SupportsIndex, origin_lat: typing.SupportsFloat | typing.SupportsIndex) -> tuple:
    """
    Local metres (x, y) to WGS-84 lon/lat around an origin.
    """
def geo_convert(lon: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], lat: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], from_crs: str, to_crs: str) -> tuple:
    """
    Longitude/latitude from one of wgs84, gcj02, bd09 to another (flat float64 arrays).
    """
def geodesic_distance(lon1: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], lat1: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], lon2: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], lat2: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> numpy.typing.NDArray[numpy.float64]:
    ...
def in_china(lon: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], lat: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> typing.Any:
    ...
def seed_county(seed: typing.SupportsInt | typing.SupportsIndex = 0) -> Model:
    """
    The built-in reference county (DOMAIN.md §0) as a C++ Model; the same seed gives the same county on every machine. Use gridgov.datasets.seed_county for the Python Model.
    """
def to_local(a: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], b: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], origin_lon: typing.SupportsFloat | typing.SupportsIndex, origin_lat: typing.SupportsFloat | typing.SupportsIndex) -> tuple:
    """
    WGS-84 lon/lat to local metres around an origin.
    """
def transverse_mercator(a: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], b: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], lon0: typing.SupportsFloat | typing.SupportsIndex, k0: typing.SupportsFloat | typing.SupportsIndex, inverse: bool) -> tuple:
    """
    Transverse Mercator (GeographicLib): lon/lat -> easting/northing from the equator, or back.
    """
def workload(model: Model, terms: collections.abc.Sequence[tuple[str, typing.SupportsFloat | typing.SupportsIndex]], kind: str = 'building') -> numpy.typing.NDArray[numpy.float64]:
    """
    The workload score of every node of a kind: terms are (attribute, weight) pairs.
    """
ABSENT_COUNT: int = -9223372036854775808
KIND_NAMES: list = ['country', 'province', 'city', 'county', 'street', 'community', 'grid', 'compound', 'building', 'unit', 'household', 'place', 'worker', 'organisation']
LINK_TYPE_NAMES: list = ['member', 'serves', 'hosts', 'cobuilds', 'dispatches', 'adjacent', 'road', 'claims']
MODEL_FORMAT_VERSION: int = 1
__version__: str = '0.1.0'
class escalation:
    """Submodule gridgov._core.escalation: Escalation routing, lifecycle, evaluation and simulation (C++ core)."""
    __all__: list[str] = ['PlaceNames', 'Policy', 'REASON_NAMES', 'REASON_TEXTS', 'Router', 'SIMULATION_PARAMETERS', 'SIMULATION_STRUCTURED_PARAMETERS', 'SOURCE_NAMES', 'STATE_NAMES', 'TIER_CODES', 'TIER_COUNT', 'URGENCY_CODES', 'URGENCY_COUNT', 'category_name', 'category_of', 'evaluate', 'evaluate_months', 'name_key', 'simulate']
    class Policy:
        """
        A validated escalation policy (C++). Use gridgov.EscalationPolicy.
        """
        @staticmethod
        def from_json(text: str) -> Policy:
            ...
        @staticmethod
        def load(path: str) -> Policy:
            ...
        @staticmethod
        def standard() -> Policy:
            ...
        def category_codes(self) -> list[str]:
            ...
        def close_tier(self, arg0: typing.SupportsInt | typing.SupportsIndex, arg1: typing.SupportsInt | typing.SupportsIndex) -> int:
            ...
        def default_rates(self) -> numpy.typing.NDArray[numpy.float64]:
            """
            Default events per household per day of every category (simulation).
            """
        def default_urgencies(self) -> numpy.typing.NDArray[numpy.int8]:
            ...
        def entry_tier(self, arg0: typing.SupportsInt | typing.SupportsIndex, arg1: typing.SupportsInt | typing.SupportsIndex) -> int:
            ...
        def save(self, path: str, indent: typing.SupportsInt | typing.SupportsIndex = 2) -> None:
            ...
        def sectors(self) -> list[str]:
            ...
        def to_json(self, indent: typing.SupportsInt | typing.SupportsIndex = 2) -> str:
            ...
        def total_limit_seconds(self, arg0: typing.SupportsInt | typing.SupportsIndex, arg1: typing.SupportsInt | typing.SupportsIndex) -> int:
            ...
    class Router:
        """
        Per-site handler chains over a model (C++).
        """
        def __init__(self, model: Model, policy: Policy, fulltime: typing.Any = None) -> None:
            ...
        def explain(self, place: typing.SupportsInt | typing.SupportsIndex, category: typing.SupportsInt | typing.SupportsIndex, urgency: typing.SupportsInt | typing.SupportsIndex = -1) -> dict:
            ...
        def route_many(self, places: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], categories: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], urgencies: typing.Any = None) -> dict:
            ...
        def site_grid_community(self) -> tuple[numpy.typing.NDArray[numpy.int32], numpy.typing.NDArray[numpy.int32]]:
            ...
        def sites(self, arg0: typing.Annotated[numpy.typing.ArrayLike, numpy.int32]) -> numpy.typing.NDArray[numpy.int32]:
            ...
    class PlaceNames:
        """
        Places by code, name or building number (C++).
        """
        def __init__(self, model: Model) -> None:
            ...
        def candidates(self, text: str) -> list[int]:
            ...
        def describe(self, id: typing.SupportsInt | typing.SupportsIndex) -> str:
            ...
        def find(self, text: str) -> int:
            ...
        def find_many(self, texts: collections.abc.Sequence[str]) -> numpy.typing.NDArray[numpy.int32]:
            ...
    @staticmethod
    def category_name(policy: Policy, index: typing.SupportsInt | typing.SupportsIndex) -> str:
        ...
    @staticmethod
    def category_of(policy: Policy, text: str) -> int:
        """
        The index of the category a code (any case) or name means.
        """
    @staticmethod
    def evaluate(policy: Policy, created_at: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], category: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], urgency: typing.Annotated[numpy.typing.ArrayLike, numpy.int8], t_event: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], t_time: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], t_from: typing.Annotated[numpy.typing.ArrayLike, numpy.uint8], t_to: typing.Annotated[numpy.typing.ArrayLike, numpy.uint8], t_tier: typing.Annotated[numpy.typing.ArrayLike, numpy.int8], t_actor: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], as_of: typing.SupportsInt | typing.SupportsIndex, grid: typing.Any, grid_names: typing.Any, community: typing.Any, community_names: typing.Any, department: typing.Any, department_names: typing.Any, actor_names: collections.abc.Sequence[str], source: typing.Any = None, satisfied: typing.Any = None, street: typing.Any = None, street_names: typing.Any = None, district: typing.Any = None, district_names: typing.Any = None) -> dict:
        ...
    @staticmethod
    def evaluate_months(policy: Policy, created_at: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], category: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], urgency: typing.Annotated[numpy.typing.ArrayLike, numpy.int8], t_event: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], t_time: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], t_from: typing.Annotated[numpy.typing.ArrayLike, numpy.uint8], t_to: typing.Annotated[numpy.typing.ArrayLike, numpy.uint8], t_tier: typing.Annotated[numpy.typing.ArrayLike, numpy.int8], t_actor: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], as_of: typing.SupportsInt | typing.SupportsIndex, source: typing.Any = None, satisfied: typing.Any = None) -> list:
        ...
    @staticmethod
    def name_key(text: str) -> str:
        """
        The normal form in which names are compared.
        """
    @staticmethod
    def simulate(model: Model, policy: Policy, params: dict) -> dict:
        ...
    REASON_NAMES: list = ['special_grid', 'no_grid', 'no_fulltime_worker', 'skip_level', 'category_entry', 'no_compound', 'no_department', 'no_station', 'reported_above', 'missing_handler', 'direct_dispatch']
    REASON_TEXTS: list = ["special grid: its host unit handles it at L1 and the host's sector department at the county", 'the place lies in no grid (a coverage finding): it enters at its compound or community', 'the grid has no full-time worker: it went to the community station', 'urgent matter: the skip-level rule raised its entry tier', 'the category itself enters above the grid', 'no compound or host unit: L1 is skipped', "the county has no department of the category's sector: the county centre handles it", 'the community has no service station: its command centre takes it', 'major matter: copied to the level above the county', 'a tier in range has no handler node: skipped upwards', 'city management: what the grid does not settle on the spot the county centre dispatches straight to the responsible department, not up the residential ladder']
    SIMULATION_PARAMETERS: list = ['place_factor', 'priority_share', 'parttime_capacity', 'station_staff', 'station_staff_per_1000', 'station_staff_min', 'centre_staff_per_1000', 'centre_staff_min', 'stationed_unit_capacity', 'work_seat_capacity', 'dispatch_hours', 'verify_hours', 'patrol_hours_per_day', 'visit_hours', 'visits_per_household_year', 'visits_per_care_household_year', 'visits_per_key_person_year', 'collection_hours_per_household_year', 'working_days_per_year', 'event_capacity_floor', 'handle_sigma', 'load_sensitivity', 'assess_share', 'party_group_dispute_bonus', 'rework_prob', 'return_prob', 'extension_prob', 'park_prob', 'park_mean_days', 'extension_request_share', 'extension_request_max_hours', 'extension_effort_factor', 'park_after_share', 'stage_share_low', 'stage_share_high', 'return_visit_share', 'satisfaction_base', 'satisfaction_late', 'satisfaction_rework', 'satisfaction_per_escalation']
    SIMULATION_STRUCTURED_PARAMETERS: list = ['resolve_governance', 'resolve_city', 'handle_mean_hours', 'source_share_governance', 'source_share_city', 'void_prob', 'dispute_categories']
    SOURCE_NAMES: list = ['patrol', 'app', 'hotline', 'inspection']
    STATE_NAMES: list = ['reported', 'accepted', 'dispatched', 'handling', 'feedback', 'verified', 'closed', 'returned', 'rework', 'extension', 'parked', 'void', 'escalated']
    TIER_CODES: list = ['L0', 'L1', 'L2', 'L3', 'L4', 'L5']
    TIER_COUNT: int = 6
    URGENCY_CODES: list = ['U0', 'U1', 'U2', 'U3']
    URGENCY_COUNT: int = 4
class messages:
    """Submodule gridgov._core.messages: The message catalogue and the language of messages (C++ core)."""
    __all__: list[str] = ['catalogue', 'language', 'language_from_environment', 'set_language']
    @staticmethod
    def catalogue() -> list[tuple[str, str, str]]:
        """
        Every entry as (id, English, Chinese).
        """
    @staticmethod
    def language() -> str:
        """
        'zh' or 'en'.
        """
    @staticmethod
    def language_from_environment() -> str:
        ...
    @staticmethod
    def set_language(language: str) -> None:
        ...
