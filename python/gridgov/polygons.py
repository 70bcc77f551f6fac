"""Grid polygons: the published outline of every grid, built from its buildings.

A grid is a set of buildings; its published outline is built from them:

1. the Voronoi cell of every building (the area closer to it than to any other building),
2. clipped to the county's *settled outline*: the union of discs of radius ``buffer`` around
   every building (default 1.5 × the median distance between neighbouring buildings, kept within
   30-300 m), so polygons follow the built-up area instead of running out to a bounding box
   (computed cell by cell: a cell meets the outline exactly in its own building's disc),
3. dissolved per grid (an exact coverage union: cells of one diagram share their edges).

The result is valid, the polygons of different grids do not overlap (they are pieces of one
partition of the plane), and every building lies inside its grid's polygon (its own cell
contains it and the outline contains a disc around it). Buildings at exactly the same point
share one cell, which goes to the first of them. A grid whose buildings are far apart is a
MultiPolygon.
"""

from __future__ import annotations

from typing import Dict, Optional

import numpy as np
import pandas as pd

from .errors import InputError
from .tables import building_table
from .messages import tr

__all__ = ["grid_polygons", "community_polygons", "map_polygons"]


def _shapely():
    try:
        import shapely
    except ImportError as exc:  # pragma: no cover - shapely is a dependency
        raise InputError(tr("grid polygons need shapely (pip install shapely)")) from exc
    return shapely


def _cells(x: np.ndarray, y: np.ndarray, buffer: Optional[float]):
    """Voronoi cell of each point clipped to the settled outline (None for a repeated point).

    The settled outline is the union of discs of radius ``buffer`` around the points. A point
    of the plane lies in the cell of its nearest building, so it is inside the outline exactly
    when it is inside that building's own disc: cell ∩ outline = cell ∩ own disc. Clipping
    each cell by its own disc gives the same polygons as clipping by the union, in linear
    time (the union of thousands of discs is a huge polygon to intersect with).
    """
    shapely = _shapely()
    xy = np.column_stack([x, y])
    unique, first = np.unique(xy, axis=0, return_index=True)
    if buffer is None:
        buffer = _default_buffer(unique)
    centres = shapely.points(unique[:, 0], unique[:, 1])
    discs = shapely.buffer(centres, buffer, quad_segs=8)
    if len(unique) == 1:
        clipped = discs
    else:
        span = float(np.ptp(unique, axis=0).max()) + 4 * buffer
        frame = shapely.box(*(unique.min(axis=0) - span), *(unique.max(axis=0) + span))
        diagram = shapely.voronoi_polygons(shapely.multipoints(unique), extend_to=frame)
        cells = np.asarray(shapely.get_parts(diagram))
        # Match cells to their points (robust to GEOS versions without ordered output).
        point_idx, cell_idx = shapely.STRtree(cells).query(centres, predicate="intersects")
        owner = np.full(len(unique), -1)
        for p, c in zip(point_idx, cell_idx):
            if owner[p] < 0:
                owner[p] = c
        if (owner < 0).any():  # pragma: no cover - every point lies in a cell of its diagram
            raise InputError(tr("could not build grid polygons: a building fell outside the Voronoi diagram"))
        clipped = shapely.intersection(cells[owner], discs)
    out = np.empty(len(x), dtype=object)
    out[:] = None
    out[first] = np.asarray(clipped, dtype=object)
    return out, None, buffer


def _default_buffer(unique: np.ndarray) -> float:
    if len(unique) < 2:
        return 100.0
    from scipy.spatial import cKDTree

    d, _ = cKDTree(unique).query(unique, k=2)
    return float(np.clip(1.5 * np.median(d[:, 1]), 30.0, 300.0))


def _dissolve(cells: np.ndarray, keys: np.ndarray) -> Dict[object, object]:
    shapely = _shapely()
    out = {}
    for key in pd.unique(keys):
        parts = [c for c in cells[keys == key] if c is not None and not c.is_empty]
        if not parts:
            continue
        try:
            geom = shapely.coverage_union_all(parts)
        except Exception:  # noqa: BLE001 - fall back to a full union on a non-coverage input
            geom = shapely.union_all(parts)
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        out[key] = _polygonal(geom)
    return out


def _planar(polygons: Dict[object, object]) -> Dict[object, object]:
    """Make neighbouring polygons share their edges vertex for vertex.

    Cells clipped by different discs meet the common Voronoi edge at vertices the neighbour
    does not have (T-junctions); after the nonlinear conversion to longitude/latitude and
    rounding, those would become overlaps and gaps a few square centimetres large. Noding all
    boundaries together and rebuilding the faces (polygonize) gives one planar partition in
    which every shared edge has the same vertices on both sides.
    """
    shapely = _shapely()
    keys = [k for k, g in polygons.items() if g is not None and not g.is_empty]
    if len(keys) < 2:
        return polygons
    geoms = np.asarray([polygons[k] for k in keys], dtype=object)
    linework = shapely.union_all(shapely.boundary(geoms))
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(linework))), dtype=object)
    if len(faces) == 0:
        return polygons
    inside = shapely.point_on_surface(faces)
    face_idx, owner_idx = shapely.STRtree(geoms).query(inside, predicate="within")
    owner = np.full(len(faces), -1)
    owner[face_idx] = owner_idx  # faces are disjoint from all but one owner (holes: none)
    out = dict(polygons)
    for i, key in enumerate(keys):
        parts = faces[owner == i]
        if len(parts):
            merged = shapely.coverage_union_all(parts)
            out[key] = _polygonal(merged if merged.is_valid else shapely.make_valid(merged))
    return out


def _polygonal(geom):
    """Drop points and lines a union may leave (only areas are kept)."""
    shapely = _shapely()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def _located(model, labels):
    table = building_table(model, labels)
    located = np.isfinite(table["x"]) & np.isfinite(table["y"])
    if not located.any():
        raise InputError(tr("no building has coordinates; grid polygons need x, y"))
    return table[located].reset_index(drop=True), int((~located).sum())


#: The cells of the last few models drawn with their own grids: a model is frozen, and the report
#: asks for the same model's polygons twice (grids.geojson and the map), each costing seconds on a
#: city. Entries hold the model's core, so an identity check cannot confuse two models.
_CELLS_CACHE: list = []
_CELLS_CACHE_SIZE = 2


def _building_cells(model, labels, buffer):
    if labels is None:
        for core, cached_buffer, result in _CELLS_CACHE:
            if core is model._core and cached_buffer == buffer:
                return result
    table, unlocated = _located(model, labels)
    cells, _, used = _cells(table["x"].to_numpy(float), table["y"].to_numpy(float), buffer)
    result = (table, cells, used, unlocated, {})  # {}: the dissolved grids and communities, once made
    if labels is None:
        _CELLS_CACHE.insert(0, (model._core, buffer, result))
        del _CELLS_CACHE[_CELLS_CACHE_SIZE:]
    return result


def _grids_of(cells_result) -> pd.DataFrame:
    table, cells, used, unlocated, made = cells_result
    if "grids" not in made:
        grids = _grid_frame(table, cells)
        grids.attrs["buffer"] = used
        grids.attrs["unlocated"] = unlocated
        made["grids"] = grids
    return made["grids"].copy()


def _communities_of(cells_result) -> Dict[str, object]:
    table, cells, _, _, made = cells_result
    if "communities" not in made:
        made["communities"] = _community_dict(table, cells)
    return dict(made["communities"])


def _grid_frame(table: pd.DataFrame, cells: np.ndarray) -> pd.DataFrame:
    keys = table["grid"].to_numpy(dtype=object)
    in_grid = keys != ""
    polygons = _planar(_dissolve(cells[in_grid], keys[in_grid]))
    stats = table[in_grid].groupby("grid", sort=False).agg(community=("community", "first"),
                                                          buildings=("code", "size"),
                                                          households=("households", "sum"))
    stats["geometry"] = [polygons.get(g) for g in stats.index]
    return stats.sort_index()


def _community_dict(table: pd.DataFrame, cells: np.ndarray) -> Dict[str, object]:
    keys = table["community"].to_numpy(dtype=object)
    keep = keys != ""
    return _planar(_dissolve(cells[keep], keys[keep]))


def grid_polygons(model, labels=None, *, buffer: Optional[float] = None) -> pd.DataFrame:
    """Grid polygons built from the buildings (see the module notes for the method).

    Parameters
    ----------
    model : gridgov.Model
    labels : array_like, optional
        A grid per building in id order (e.g. a redraw's ``plan.labels``); default the current
        grids. Buildings in no grid (label ``""``) get no polygon.
    buffer : float, optional
        Radius in metres of the settled outline around each building.

    Returns
    -------
    pandas.DataFrame
        Indexed by grid: ``community``, ``buildings``, ``households``, ``geometry`` (shapely,
        local metres); ``attrs["buffer"]`` is the radius used and ``attrs["unlocated"]`` the
        number of buildings left out for lack of coordinates.
    """
    return _grids_of(_building_cells(model, labels, buffer))


def community_polygons(model, labels=None, *, buffer: Optional[float] = None) -> Dict[str, object]:
    """Community outlines (the dissolved cells of each community's buildings).

    Parameters
    ----------
    model : gridgov.Model
    labels : array_like, optional
        Accepted for symmetry with :func:`grid_polygons` (communities come from the model).
    buffer : float, optional
        As in :func:`grid_polygons`.

    Returns
    -------
    dict
        community code -> shapely geometry in local metres.
    """
    return _communities_of(_building_cells(model, labels, buffer))


def map_polygons(model, labels=None, *, buffer: Optional[float] = None):
    """Grid polygons and community outlines from one Voronoi diagram (what the map draws).

    Returns
    -------
    (pandas.DataFrame, dict)
        As :func:`grid_polygons` and :func:`community_polygons`.
    """
    cells = _building_cells(model, labels, buffer)
    return _grids_of(cells), _communities_of(cells)
