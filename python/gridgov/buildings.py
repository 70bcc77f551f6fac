"""A model from a planner's own buildings table: :func:`from_buildings`.

The rules live in C++ (``gridgov::ingest::from_buildings``, ``include/gridgov/ingest/
buildings.hpp``); this module reads the table into columns (:mod:`gridgov.readers`, pandas),
hands them over and wraps the result. What the model holds (docs/workbench.md):

* **Levels**: county -> community -> (grid, when the table gives one) -> building -> household,
  with compounds (community -> compound, a ``member`` link compound -> building), optional places,
  service facilities and workers. A ``district`` (区/县) column, or community codes of several
  counties, roots the model at a city (or province) with a county per district; a ``street``
  (街道/乡镇) column adds the street level between county and community.
* **Codes** (docs/model.md): a table's own statistical codes are kept when they have the right
  form; otherwise they are numbered in order of first appearance: county ``county_code`` or the
  communities' county, else ``000000000000``; districts city + 2 digits; streets county + 3
  digits; communities street + 3 digits, or, without streets, county + 6 digits (999 a block,
  ``001`` … ``999`` first, as before); grid ``<community>001`` …, compound ``<community>XQ001`` …,
  building ``<community>00001`` …, household ``<building>000001`` …, place ``<community>P001`` …,
  worker ``<community>W0001`` …. The table's own identifier is the node's name (or
  ``source_code`` when a ``name`` column is given).
* **Coordinates**: ``lon``/``lat`` in WGS-84, GCJ-02 (Gaode, Tencent) or BD-09 (Baidu) are
  converted to WGS-84 and projected to metres with a local transverse Mercator (GeographicLib)
  centred on the middle of the buildings' bounding box; the origin goes into the metadata.
  ``crs="local"`` takes ``x``/``y`` in metres as they are (``origin=(lon, lat)`` geo-references
  them). A building far from the rest of its community or table (more than 10 km and ten times
  the usual distance: a typo, a point at (0, 0)) is an error naming its row unless the planner
  confirms it with ``keep_outliers=True``.
* **Adjacency**: :func:`delaunay_adjacency` over all buildings with the communities as groups;
  every adjacency edge is also a ``road`` link weighted by its length in metres.
* **Compounds given without buildings**: a row with a ``compound``, a blank ``building`` and a
  ``buildings`` count becomes that many buildings on a lattice of ``split_spacing`` metres around
  its point, counts shared evenly (floors repeated), flagged ``estimated_location``.
"""

from __future__ import annotations

import os
import warnings
from typing import Any, Callable, Dict, Optional, Tuple, Union

import numpy as np
import pandas as pd

from ._args import number
from ._core_ref import core as _core
from .errors import CrsWarning, InputError
from .files import planner_table
from .model import Model
from .readers import (BUILDING_COUNTS, BUILDING_TEXT, PLACE_TEXT, WORKER_TEXT, read_buildings, read_places,
                      read_workers, table_columns)
from .messages import tr

__all__ = ["from_buildings", "delaunay_adjacency"]

# ---- geometry ----------------------------------------------------------------------------------

def delaunay_adjacency(x, y, groups=None, *, max_edge: Optional[float] = None) -> Tuple[np.ndarray, np.ndarray, float]:
    """Spatial adjacency of points from a Delaunay triangulation with a length cut-off.

    Computed in C++ (``gridgov::ingest::delaunay_adjacency``): the Delaunay graph is the dual of
    the points' Voronoi diagram (Boost.Polygon, exact predicates on a 1 mm integer grid); where
    four or more points lie on one circle (a square lattice) the face is triangulated by a fan
    from its lowest-numbered point.

    Parameters
    ----------
    x, y : array_like
        Coordinates in metres, one point per building.
    groups : array_like, optional
        A label per point (e.g. the community). Each group's points are made connected by
        adding back the shortest edges of the group's own triangulation that join its pieces.
    max_edge : float, optional
        Longest edge kept, in metres; default four times the median nearest-neighbour distance.

    Returns
    -------
    edges : numpy.ndarray
        ``(m, 2)`` int64 point indices, each undirected edge once with ``i < j``.
    lengths : numpy.ndarray
        Edge lengths in metres.
    max_edge : float
        The cut-off used.

    Raises
    ------
    gridgov.InputError
        Non-finite coordinates or mismatched lengths.
    """
    x = np.ascontiguousarray(x, dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 1:
        raise InputError(tr("x and y must be 1-d arrays of one length (got {shape} and {shape2})",
                            shape=x.shape, shape2=y.shape))
    labels = None
    if groups is not None:
        groups = np.asarray(groups)
        if groups.shape != x.shape:
            raise InputError(tr("groups must give one label per point"))
        labels = pd.factorize(groups)[0].astype(np.int32)  # -1 (no group) for a missing label
    if max_edge is not None:
        try:
            max_edge = float(max_edge)
        except (TypeError, ValueError):
            raise InputError(tr("max_edge={max_edge}: give a length in metres >= 0", max_edge=repr(max_edge))) from None
    return _core.delaunay_adjacency(x, y, labels, max_edge)


class _Progress:
    """Progress of from_buildings: reading (Python) then the C++ steps, which report the share
    done. A tqdm bar when asked, or (progress=None) for a large table; or the caller's own
    function of (step, share done)."""

    _READING = 0.1

    def __init__(self, progress) -> None:
        self.wanted = progress
        self.bar = None
        self.report = progress if callable(progress) else None
        if progress is not None and not isinstance(progress, bool) and self.report is None:
            raise InputError(tr("progress={progress}: give True, False, None or a function of (step, done)",
                                progress=repr(progress)))
        if progress is True:
            self._open()

    def _open(self) -> None:
        from tqdm.auto import tqdm

        self.bar = tqdm(total=100, desc="from_buildings", unit="%", leave=False,
                        bar_format="{desc}: {percentage:3.0f}%|{bar}| {postfix} [{elapsed}<{remaining}]")

    def enable_if(self, large: bool) -> None:
        if self.bar is None and self.wanted is None and large:
            self._open()

    @property
    def on(self) -> bool:
        return self.bar is not None or self.report is not None

    def __call__(self, step: str, done: float) -> None:
        if self.report is not None:
            self.report(step, done)
        if self.bar is not None:
            self.bar.set_postfix_str(tr(step), refresh=False)  # on the bar in the planner's language
            self.bar.update(max(0.0, 100 * done - self.bar.n))

    def core(self, step: str, done: float) -> None:
        """The C++ import's progress (0..1) mapped after the reading step."""
        self(step, self._READING + (1 - self._READING) * done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _large(source) -> bool:
    """Whether reading a table will take about a second or more (a 2 MB file, 20,000 rows)."""
    if isinstance(source, pd.DataFrame):
        return len(source) > 20_000
    if isinstance(source, (bytes, bytearray)):
        return len(source) > 2_000_000
    try:
        return os.path.getsize(os.fspath(source)) > 2_000_000
    except (TypeError, OSError):
        return False


def _origin(origin) -> Tuple[float, float]:
    """origin=(lon, lat) as two floats (C++ checks that they are degrees)."""
    if isinstance(origin, (str, bytes)) or not hasattr(origin, "__len__") or len(origin) != 2:
        raise InputError(tr("origin={origin}: give (lon, lat) in WGS-84 degrees", origin=repr(origin)))
    return number(origin[0], "origin[0] (lon)"), number(origin[1], "origin[1] (lat)")


#: Whether this process has warned about a table in China without a crs (the warning is said
#: once: the warnings module's own "once per line" forgets whenever a filter changes, as the
#: readers' libraries change them).
_crs_warned = False


def _warn_if_china_without_crs(table: pd.DataFrame) -> None:
    """Longitudes and latitudes in China read without a crs: one warning (CrsWarning; the CLI
    turns it into a request for --crs). Outside China the map systems agree with WGS-84."""
    global _crs_warned
    if not table.attrs.get("crs_assumed") or table.attrs.get("crs") != "wgs84":
        return
    if _crs_warned and not _warnings_are_errors():
        return
    from .geo import in_china

    lon, lat = table["lon"].to_numpy(dtype=float), table["lat"].to_numpy(dtype=float)
    located = np.isfinite(lon) & np.isfinite(lat)
    if not located.any() or not bool(in_china(np.median(lon[located]), np.median(lat[located]))):
        return
    from .messages import tr

    warnings.warn(CrsWarning(tr(
        "from_buildings: crs not given, so these longitudes/latitudes in China are taken as WGS-84 (GPS); "
        "a table copied from Baidu or Gaode maps is hundreds of metres off that way: give crs='bd09' (Baidu, "
        "BD-09), crs='gcj02' (Gaode/Tencent, GCJ-02) or crs='wgs84' (GPS) / 未指定坐标系: 按 WGS-84 读取")),
        stacklevel=3)
    _crs_warned = True


def _warnings_are_errors() -> bool:
    """Whether a CrsWarning would be raised (the CLI asks for --crs every time)."""
    for action, message, category, module, line in warnings.filters:
        if issubclass(CrsWarning, category) and (not message or message.match("from_buildings")):
            return action == "error"
    return False


def from_buildings(buildings, *, crs: Optional[str] = None, places=None, workers=None,
                   county_code: Optional[str] = None, county_name: Optional[str] = None,
                   city_code: Optional[str] = None, city_name: Optional[str] = None,
                   origin: Optional[Tuple[float, float]] = None, max_edge: Optional[float] = None,
                   split_spacing: float = 40.0, expand_households: bool = True, keep_outliers: bool = False,
                   validate: str = "raise", progress: Union[bool, Callable[[str, float], Any], None] = None) -> Model:
    """Build a :class:`gridgov.Model` from a planner's table of buildings.

    Parameters
    ----------
    buildings : str, os.PathLike, bytes, file or pandas.DataFrame
        One row per building (CSV in UTF-8 or GBK, or a DataFrame): ``building``,
        ``community``, optional ``district`` and ``street`` (names or statistical codes),
        optional ``compound``, ``lon``/``lat`` (or ``x``/``y`` in metres with ``crs="local"``),
        ``households``, optional ``residents`` and other counts, optional current ``grid``; see
        :func:`gridgov.readers.read_buildings`.
    crs : {"wgs84", "gcj02", "bd09", "local"}, an alias or an EPSG code, optional
        Coordinates as from GPS (WGS-84; aliases ``gps``), Gaode/Tencent (GCJ-02; ``gaode``,
        ``GCJ-02``), Baidu (BD-09; ``baidu``, ``BD-09``), local metres, or an EPSG system
        (``"EPSG:4490"``, through pyproj). Not given: ``x``/``y`` are local metres and
        ``lon``/``lat`` are WGS-84, with a :class:`gridgov.CrsWarning` when they lie in China,
        where Baidu and Gaode coordinates are hundreds of metres off WGS-84.
    places : table, optional
        Places and located service facilities (:func:`gridgov.readers.read_places`), same ``crs``.
        A place without a grid goes into the grid of its nearest building in its community.
    workers : table, optional
        Grid workers (:func:`gridgov.readers.read_workers`), same ``crs``; ``grid`` names grids
        as the buildings table does.
    county_code : str, optional
        6- or 12-digit statistical code of the county (a table without districts).
    county_name, city_name : str, optional
        Name of the root node and of the model (default "county", or "city" for a city model).
    city_code : str, optional
        4- or 12-digit code of the city (2 digits: a province) of a table with districts or with
        communities of several counties; default the prefix the districts' codes share.
    origin : (float, float), optional
        WGS-84 lon/lat of the local (0, 0); default the middle of the buildings' bounding box.
    max_edge : float, optional
        Adjacency cut-off in metres (default: four times the median nearest-neighbour distance).
    split_spacing : float, default 40.0
        Spacing in metres of the buildings a compound row is split into.
    expand_households : bool, default True
        Create a household node under each building for every household it holds (so reach,
        audit and simulation work per household): residents are shared evenly and each
        special-care count flags that many households, so every total is kept exactly. With
        False the counts stay building attributes.
    keep_outliers : bool, default False
        Confirm buildings that lie far from the rest of their community or table (kept, and
        listed in the metadata ``confirmed_outliers``); otherwise they are an error naming the
        rows.
    validate : {"raise", "defer"}
        Passed to the model's freeze: reject rule violations or keep them for the audit.
    progress : bool or callable, optional
        Show a tqdm progress bar over the steps; by default only for a large table (a file over
        2 MB or more than 20,000 rows: about a second of work and more). A function
        ``progress(step, done)`` is called instead of a bar with the step's name (``reading``,
        ``checking``, ``codes``, ``coordinates``, ``adjacency``, ``nodes``, ``attributes``,
        ``building the model``, ``done``) and the share of the whole import done (0 to 1).

    Returns
    -------
    gridgov.Model
        With metadata ``name``, ``origin_lon``, ``origin_lat``, ``crs`` (``local-metres``),
        ``source_crs``, ``adjacency_max_edge_m``, ``generator`` and ``source`` (a file's name).

    Raises
    ------
    gridgov.InputError
        Bad rows (all at once, see :mod:`gridgov.readers`), a worker or place naming an unknown
        grid or community, a far outlier, codes that contradict their district or street, or an
        invalid ``county_code``/``city_code``.
    gridgov.ValidationError
        When the model breaks a rule of ``docs/model.md`` and ``validate="raise"``.

    Examples
    --------
    >>> model = gg.from_buildings("buildings.csv", crs="bd09")  # doctest: +SKIP
    >>> plan = model.draw_grids()                              # doctest: +SKIP
    """
    crs_name = str(crs)
    bar = _Progress(progress)
    bar.enable_if(_large(buildings))
    try:
        bar("reading", 0.0)
        # GIS layers and EPSG coordinate systems (CGCS2000 ...) become lon/lat through pyproj.
        buildings, crs_name = planner_table(buildings, crs)
        if places is not None:
            places = planner_table(places, crs)[0]
        if workers is not None:
            workers = planner_table(workers, crs)[0]
        table = read_buildings(buildings, crs=crs_name, progress=lambda share: bar("reading", bar._READING * share))
        bar.enable_if(len(table) > 20_000)
        crs_name = table.attrs["crs"]
        _warn_if_china_without_crs(table)
        place_columns = worker_columns = None
        if places is not None:
            place_columns = table_columns(read_places(places, crs=crs_name), PLACE_TEXT)
        if workers is not None:
            worker_table = read_workers(workers, crs=crs_name)
            worker_columns = table_columns(worker_table, WORKER_TEXT, skip=("grid",))
            worker_columns["grids"] = [list(g) for g in worker_table["grid"]]
        columns = table_columns(table, BUILDING_TEXT, BUILDING_COUNTS)
        bar("reading", bar._READING)
        try:
            split = float(split_spacing)
        except (TypeError, ValueError):
            raise InputError(tr("split_spacing={split_spacing}: give a spacing in metres > 0",
                                split_spacing=repr(split_spacing))) from None
        options: Dict[str, Any] = {
            "county_code": county_code, "city_code": city_code, "name": city_name or county_name,
            "origin": None if origin is None else _origin(origin),
            "max_edge": None if max_edge is None else float(max_edge), "split_spacing": split,
            "expand_households": bool(expand_households), "keep_outliers": bool(keep_outliers),
            "validate": str(validate), "metadata": {},
        }
        source = table.attrs.get("source")
        if source:
            options["metadata"]["source"] = os.path.basename(str(source))
        core = _core.from_buildings(columns, crs_name, options, place_columns, worker_columns,
                                    bar.core if bar.on else None)
    finally:
        bar.close()
    return Model(core)
