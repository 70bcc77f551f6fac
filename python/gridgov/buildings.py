"""A model from a planner's own buildings table: :func:`from_buildings`.

What it builds
--------------
county -> community -> (grid, when the table gives one) -> building, with compounds
(community -> compound, and a ``member`` link compound -> building), optional places, service
facilities and workers. Planners' own identifiers rarely follow the statistical code scheme the
model needs (``docs/model.md``), so codes are generated where the table's are not already valid:

* county: ``county_code`` (6 or 12 digits), else the first 6 digits of 12-digit community codes,
  else the placeholder ``000000000000``;
* community: its 12-digit code when the table gives one that extends the county's, otherwise
  county digits + ``000`` + a 3-digit number in order of first appearance (name = the table's
  value);
* grid ``<community>001`` …, compound ``<community>XQ001`` …, building ``<community>00001`` …,
  place ``<community>P001`` …, worker ``<community>W0001`` … unless the table's code already has
  that form; the table's own identifier is kept as the node's name (or in ``source_code`` when a
  ``name`` column is given).

Coordinates
-----------
``lon``/``lat`` in WGS-84, GCJ-02 (Gaode, Tencent) or BD-09 (Baidu) are converted to WGS-84
(:mod:`gridgov.geo`, exact inverses) and projected to metres with a local transverse Mercator
centred on the middle of the buildings' bounding box (accurate to 3e-6 relative over a county;
see :mod:`gridgov.geo`). The origin is stored in the metadata (``origin_lon``, ``origin_lat``), so
maps and GeoJSON land back in the right place. ``crs="local"`` takes ``x``/``y`` in metres as
they are (pass ``origin=(lon, lat)`` to geo-reference them).

Adjacency and the walking network
---------------------------------
Buildings are adjacent when they share an edge of the Delaunay triangulation of all buildings
and that edge is no longer than ``max_edge`` metres. The default cut-off is four times the median
distance from a building to its nearest neighbour (so a long edge across a river, a field or a
ring road between clusters is dropped, while ordinary spacing inside and between compounds is
kept). Afterwards every community is made connected: when the cut leaves a community's buildings
in several pieces, the shortest edges of that community's own Delaunay triangulation that join
the pieces are added back (Kruskal's algorithm over those edges, which contain the Euclidean
minimum spanning tree), so districting never faces an unreachable building. Buildings at exactly
the same point are chained to each other. Every adjacency edge is also a ``road`` link whose
weight is its length in metres: a straight-line stand-in for the footpaths between neighbouring
buildings, used for network reach when no road data is given.

Compounds given without buildings
---------------------------------
A row with a ``compound``, a blank ``building`` and a ``buildings`` count stands for a compound
whose buildings are not surveyed yet: it becomes that many buildings on a square lattice of
``split_spacing`` metres centred on the row's point, sharing the households (and every other
count) as evenly as whole numbers allow (the first buildings take the remainder). Such buildings
carry ``estimated_location = True``.
"""

from __future__ import annotations

import math
import os
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import geo
from ._core_ref import core as _core
from .errors import InputError
from .model import Model
from .readers import ORGANISATION_TYPES, read_buildings, read_places, read_workers

__all__ = ["from_buildings", "delaunay_adjacency"]

_COUNT_COLUMNS = ("households", "residents", "elderly_alone", "disabled", "key_persons", "renters",
                  "registered_elsewhere", "floors", "units")
_PLACEHOLDER_COUNTY = "000000000000"
# Building count column -> household flag (docs/model.md conventions).
_HOUSEHOLD_FLAGS = {"elderly_alone": "elderly_alone", "disabled": "disabled", "key_persons": "key_person",
                    "renters": "renter", "registered_elsewhere": "registered_elsewhere"}
_ORG_SUFFIX = {"service_station": "FWZ", "command_centre": "ZHZX", "governance_centre": "ZZZX"}


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
        raise InputError(f"x and y must be 1-d arrays of one length (got {x.shape} and {y.shape})")
    labels = None
    if groups is not None:
        groups = np.asarray(groups)
        if groups.shape != x.shape:
            raise InputError("groups must give one label per point")
        labels = pd.factorize(groups)[0].astype(np.int32)  # -1 (no group) for a missing label
    if max_edge is not None:
        try:
            max_edge = float(max_edge)
        except (TypeError, ValueError):
            raise InputError(f"max_edge={max_edge!r}: give a length in metres >= 0") from None
    return _core.delaunay_adjacency(x, y, labels, max_edge)


# ---- codes -----------------------------------------------------------------------------------

def _is_digits(s: str, n: int) -> bool:
    return len(s) == n and s.isdigit()


def _county_code(county_code: Optional[str], communities: Sequence[str]) -> str:
    if county_code is not None:
        code = str(county_code).strip()
        if _is_digits(code, 6):
            return code + "000000"
        if _is_digits(code, 12):
            return code
        raise InputError(f"county_code={county_code!r}: give the county's 6- or 12-digit statistical code")
    prefixes = {c[:6] for c in communities if _is_digits(c, 12)}
    if len(prefixes) == 1 and all(_is_digits(c, 12) for c in communities):
        return prefixes.pop() + "000000"
    if len(prefixes) > 1:
        raise InputError(f"the community codes belong to {len(prefixes)} counties ({', '.join(sorted(prefixes)[:5])}); "
                         "read one county at a time or pass county_code")
    return _PLACEHOLDER_COUNTY


def _community_codes(values: Sequence[str], county: str) -> Dict[str, str]:
    """Table value -> 12-digit community code."""
    prefix = county[:6]
    mapping: Dict[str, str] = {}
    used = {v for v in values if _is_digits(v, 12) and v.startswith(prefix)}
    serial = 0
    for v in pd.unique(np.asarray(values, dtype=object)):
        if v in used:
            mapping[v] = v
            continue
        serial += 1
        code = f"{prefix}000{serial:03d}"
        while code in used:
            serial += 1
            code = f"{prefix}000{serial:03d}"
        if serial > 999:
            raise InputError("more than 999 communities without statistical codes in one county; give their codes")
        mapping[v] = code
    return mapping


def _serial_codes(values: Sequence[str], owners: Sequence[str], infix: str, width: int,
                  what: str) -> List[str]:
    """Codes ``owner + infix + serial``; a value already of that form is kept."""
    def well_formed(value: str, owner: str) -> bool:
        tail = value[len(owner) + len(infix):] if value.startswith(owner + infix) else ""
        return len(tail) == width and tail.isdigit()

    out: List[str] = []
    counters: Dict[str, int] = {}
    taken = {v for v, o in zip(values, owners) if well_formed(v, o)}
    emitted = set()
    for value, owner in zip(values, owners):
        if value in taken and value not in emitted and well_formed(value, owner):
            emitted.add(value)
            out.append(value)
            continue
        n = counters.get(owner, 0)
        while True:
            n += 1
            if n >= 10 ** width:
                raise InputError(f"community {owner} has more than {10 ** width - 1} {what}s")
            code = f"{owner}{infix}{n:0{width}d}"
            if code not in taken:
                break
        counters[owner] = n
        taken.add(code)
        out.append(code)
    return out


# ---- rows ----------------------------------------------------------------------------------

def _split_compounds(table: pd.DataFrame, spacing: float, crs: str) -> pd.DataFrame:
    """Expand compound rows (blank building, `buildings` = N) into N building rows."""
    if "buildings" not in table or not table["buildings"].notna().any():
        out = table.copy()
        out["estimated_location"] = False
        return out.drop(columns=["buildings"], errors="ignore")
    rows = []
    counts = [c for c in _COUNT_COLUMNS if c in table]
    xcol, ycol = ("x", "y") if crs == "local" else ("lon", "lat")
    for label, row in table.iterrows():
        n = row["buildings"]
        if row["building"] or pd.isna(n):
            r = row.copy()
            r["estimated_location"] = False
            rows.append(r)
            continue
        n = int(n)
        side = math.ceil(math.sqrt(n))
        for i in range(n):
            r = row.copy()
            r["building"] = ""
            r["name"] = f"{row['compound']} {i + 1}号楼"
            for c in counts:
                if not pd.isna(row[c]):
                    total = int(row[c])
                    r[c] = total // n + (1 if i < total % n else 0)
            dx = (i % side - (side - 1) / 2) * spacing
            dy = (i // side - (side - 1) / 2) * spacing
            r[xcol], r[ycol] = _offset(row[xcol], row[ycol], dx, dy, crs)
            r["estimated_location"] = True
            rows.append(r)
    out = pd.DataFrame(rows).reset_index(drop=True)
    return out.drop(columns=["buildings"])


def _offset(a: float, b: float, dx: float, dy: float, crs: str) -> Tuple[float, float]:
    if crs == "local":
        return a + dx, b + dy
    # Degrees per metre at this latitude (a few metres of error do not matter for an estimate).
    lat = math.radians(b)
    return a + dx / (111320.0 * math.cos(lat)), b + dy / 110574.0


def _project(table: pd.DataFrame, crs: str, origin: Optional[Tuple[float, float]]):
    """(x, y, origin) in local metres."""
    if crs == "local":
        return table["x"].to_numpy(float), table["y"].to_numpy(float), origin
    lon, lat = geo.to_wgs84(table["lon"].to_numpy(float), table["lat"].to_numpy(float), crs)
    if origin is None:
        finite = np.isfinite(lon) & np.isfinite(lat)
        origin = (float((lon[finite].min() + lon[finite].max()) / 2), float((lat[finite].min() + lat[finite].max()) / 2))
    x, y = geo.to_local(lon, lat, *origin)
    return x, y, origin


def _project_other(table: pd.DataFrame, crs: str, origin) -> Tuple[np.ndarray, np.ndarray]:
    n = len(table)
    if crs == "local":
        return (table["x"].to_numpy(float) if "x" in table else np.full(n, np.nan),
                table["y"].to_numpy(float) if "y" in table else np.full(n, np.nan))
    if "lon" not in table or "lat" not in table:
        return np.full(n, np.nan), np.full(n, np.nan)
    if origin is None:
        raise InputError("located places or workers need an origin: give the buildings lon/lat or pass origin=")
    lon, lat = geo.to_wgs84(table["lon"].to_numpy(float), table["lat"].to_numpy(float), crs)
    return geo.to_local(lon, lat, *origin)


def _attribute_frame(table: pd.DataFrame, skip: Sequence[str]) -> pd.DataFrame:
    return table[[c for c in table.columns if c not in skip]].reset_index(drop=True)


def from_buildings(buildings, *, crs: str = "wgs84", places=None, workers=None,
                   county_code: Optional[str] = None, county_name: Optional[str] = None,
                   origin: Optional[Tuple[float, float]] = None, max_edge: Optional[float] = None,
                   split_spacing: float = 40.0, expand_households: bool = True,
                   validate: str = "raise", progress: Optional[bool] = None) -> Model:
    """Build a :class:`gridgov.Model` from a planner's table of buildings.

    Parameters
    ----------
    buildings : str, os.PathLike, bytes, file or pandas.DataFrame
        One row per building (CSV in UTF-8 or GBK, or a DataFrame): ``building``,
        ``community``, optional ``compound``, ``lon``/``lat`` (or ``x``/``y`` in metres with
        ``crs="local"``), ``households``, optional ``residents`` and other counts, optional
        current ``grid``; see :func:`gridgov.readers.read_buildings`.
    crs : {"wgs84", "gcj02", "bd09", "local"}, default "wgs84"
        Coordinates as from GPS (WGS-84), Gaode/Tencent (GCJ-02), Baidu (BD-09), or local metres.
    places : table, optional
        Places and located service facilities (:func:`gridgov.readers.read_places`), same ``crs``.
        A place without a grid goes into the grid of its nearest building in its community.
    workers : table, optional
        Grid workers (:func:`gridgov.readers.read_workers`), same ``crs``; ``grid`` names grids
        as the buildings table does.
    county_code : str, optional
        6- or 12-digit statistical code of the county (see the module notes for the default).
    county_name : str, optional
        Name of the county node and of the model (default "county").
    origin : (float, float), optional
        WGS-84 lon/lat of the local (0, 0); default the middle of the buildings' bounding box.
    max_edge : float, optional
        Adjacency cut-off in metres (default: four times the median nearest-neighbour distance).
    split_spacing : float, default 40.0
        Spacing in metres of the buildings a compound row is split into.
    expand_households : bool, default True
        Create a household node under each building for every household it holds (so reach,
        audit and simulation work per household); residents and the special-care counts move
        to the households (see ``_household_nodes``). With False the counts stay building
        attributes.
    validate : {"raise", "defer"}
        Passed to the model's freeze: reject rule violations or keep them for the audit.
    progress : bool, optional
        Show a tqdm progress bar over the stages; by default only for tables of more than
        20,000 rows (about a second of work and more).

    Returns
    -------
    gridgov.Model
        With metadata ``name``, ``origin_lon``, ``origin_lat``, ``crs`` (``local-metres``),
        ``source_crs``, ``adjacency_max_edge_m`` and ``generator``.

    Raises
    ------
    gridgov.InputError
        Bad rows (all at once, see :mod:`gridgov.readers`), a worker or place naming an unknown
        grid or community, or an invalid ``county_code``.
    gridgov.ValidationError
        When the model breaks a rule of ``docs/model.md`` and ``validate="raise"``.

    Examples
    --------
    >>> model = gg.from_buildings("buildings.csv", crs="bd09")  # doctest: +SKIP
    >>> plan = model.draw_grids()                              # doctest: +SKIP
    """
    crs_name = str(crs).lower().replace("-", "").replace("_", "")
    stage = _Stages(progress)
    stage("reading")
    table = read_buildings(buildings, crs=crs_name)
    stage.enable_if(len(table) > 20_000)
    crs_name = table.attrs["crs"]
    if split_spacing <= 0 or not np.isfinite(split_spacing):
        raise InputError(f"split_spacing={split_spacing!r}: give a spacing in metres > 0")
    if origin is not None:
        origin = (float(origin[0]), float(origin[1]))
    table = _split_compounds(table, float(split_spacing), crs_name)
    n = len(table)
    stage("projecting")
    x, y, origin = _project(table, crs_name, origin)

    community_values = table["community"].astype(str).tolist()
    county = _county_code(county_code, community_values)
    community_of = _community_codes(community_values, county)
    community = [community_of[v] for v in community_values]

    # Grids: per community, the table's values -> codes.
    grid_values = table["grid"].fillna("").astype(str).tolist() if "grid" in table else [""] * n
    grid_keys = list(dict.fromkeys((c, g) for c, g in zip(community, grid_values) if g))
    grid_codes = _serial_codes([g for _, g in grid_keys], [c for c, _ in grid_keys], "", 3, "grid")
    grid_of = {key: code for key, code in zip(grid_keys, grid_codes)}
    grid_by_value: Dict[Tuple[str, str], str] = {}
    for (c, g), code in grid_of.items():
        grid_by_value[(c, g)] = code
        grid_by_value[(c, code)] = code

    compound_values = table["compound"].fillna("").astype(str).tolist() if "compound" in table else [""] * n
    compound_keys = list(dict.fromkeys((c, k) for c, k in zip(community, compound_values) if k))
    compound_codes = _serial_codes([k for _, k in compound_keys], [c for c, _ in compound_keys], "XQ", 3,
                                   "compound")
    compound_of = dict(zip(compound_keys, compound_codes))

    source_codes = table["building"].astype(str).tolist()
    building_codes = _serial_codes(source_codes, community, "", 5, "building")
    has_name = "name" in table and table["name"].notna().any()
    names = [(nm if isinstance(nm, str) and nm else sc) for nm, sc in
             zip(table["name"] if has_name else [None] * n, source_codes)]

    county_label = county_name or "county"
    nodes: List[pd.DataFrame] = []
    nodes.append(pd.DataFrame({"code": [county], "parent": [""], "kind": ["county"], "name": [county_label],
                               "x": [float(np.nanmean(x))], "y": [float(np.nanmean(y))]}))
    com_frame = pd.DataFrame({"community": community, "x": x, "y": y}).groupby("community", sort=False)
    com_centre = com_frame[["x", "y"]].mean()
    nodes.append(pd.DataFrame({
        "code": list(community_of.values()), "parent": county, "kind": "community",
        "name": list(community_of.keys()),
        "x": [com_centre.loc[c, "x"] for c in community_of.values()],
        "y": [com_centre.loc[c, "y"] for c in community_of.values()],
    }))
    if grid_of:
        gx = pd.DataFrame({"g": [grid_of.get((c, g)) for c, g in zip(community, grid_values)], "x": x, "y": y})
        gx = gx.dropna().groupby("g")[["x", "y"]].mean()
        nodes.append(pd.DataFrame({
            "code": list(grid_of.values()), "parent": [c for c, _ in grid_of], "kind": "grid",
            "name": [g for _, g in grid_of], "subkind": "residential",
            "x": [gx.loc[code, "x"] for code in grid_of.values()],
            "y": [gx.loc[code, "y"] for code in grid_of.values()],
        }))
    if compound_of:
        cx = pd.DataFrame({"k": [compound_of.get((c, k)) for c, k in zip(community, compound_values)], "x": x, "y": y})
        cx = cx.dropna().groupby("k")[["x", "y"]].mean()
        nodes.append(pd.DataFrame({
            "code": list(compound_of.values()), "parent": [c for c, _ in compound_of], "kind": "compound",
            "name": [k for _, k in compound_of],
            "x": [cx.loc[code, "x"] for code in compound_of.values()],
            "y": [cx.loc[code, "y"] for code in compound_of.values()],
        }))
    building_parent = [grid_of.get((c, g), c) if g else c for c, g in zip(community, grid_values)]
    attributes = _attribute_frame(table, ("building", "community", "compound", "name", "grid", "lon", "lat",
                                          "x", "y"))
    building_nodes = pd.DataFrame({"code": building_codes, "parent": building_parent, "kind": "building",
                                   "name": names, "x": x, "y": y})
    building_nodes = pd.concat([building_nodes, attributes], axis=1)
    building_nodes["source_code"] = pd.array([s if s else None for s in source_codes], dtype=object)
    stage("households")
    if expand_households:
        household_nodes = _household_nodes(building_nodes)
        building_nodes = building_nodes.drop(columns=[c for c in _HOUSEHOLD_FLAGS if c in building_nodes]
                                             + (["residents"] if "residents" in building_nodes else []))
        nodes.append(building_nodes)
        nodes.append(household_nodes)
    else:
        nodes.append(building_nodes)

    links: List[pd.DataFrame] = []
    member = [(compound_of[(c, k)], b) for c, k, b in zip(community, compound_values, building_codes) if k]
    if member:
        links.append(pd.DataFrame(member, columns=["source", "target"]).assign(link="member", weight=np.nan))
    stage("adjacency")
    edges, lengths, cut = delaunay_adjacency(x, y, groups=np.asarray(community, dtype=object), max_edge=max_edge)
    codes_arr = np.asarray(building_codes, dtype=object)
    for link in ("adjacent", "road"):
        links.append(pd.DataFrame({"source": codes_arr[edges[:, 0]], "target": codes_arr[edges[:, 1]],
                                   "link": link, "weight": lengths if link == "road" else np.nan}))

    context = _Context(community_of, grid_by_value, x, y, community, building_parent, crs_name, origin)
    if places is not None:
        place_nodes, place_links = _places(places, context)
        nodes.extend(place_nodes)
        links.extend(place_links)
    if workers is not None:
        worker_nodes, worker_links = _workers(workers, context)
        nodes.append(worker_nodes)
        links.append(worker_links)

    stage("building the model")
    model = Model.from_frame(pd.concat(nodes, ignore_index=True, sort=False),
                             pd.concat(links, ignore_index=True), validate=validate)
    builder = model.edit()
    metadata = {"name": county_label, "crs": "local-metres", "source_crs": crs_name,
                "adjacency_max_edge_m": f"{cut:.1f}", "generator": "gridgov.from_buildings"}
    if origin is not None:
        metadata.update(origin_lon=repr(origin[0]), origin_lat=repr(origin[1]))
    source = table.attrs.get("source")
    if source:
        metadata["source"] = os.path.basename(str(source))
    for key, value in metadata.items():
        builder.set_metadata(key, value)
    model = builder.freeze(validate)
    stage.close()
    return model


def _even_shares(total: np.ndarray, parts: np.ndarray) -> np.ndarray:
    """Split each total over its parts as evenly as whole numbers allow (first parts take the
    remainder); returns one value per part, parts of consecutive buildings concatenated."""
    starts = np.repeat(np.cumsum(parts) - parts, parts)
    position = np.arange(int(parts.sum())) - starts
    per = np.repeat(total // np.maximum(parts, 1), parts)
    return per + (position < np.repeat(total % np.maximum(parts, 1), parts))


def _household_nodes(buildings: pd.DataFrame) -> pd.DataFrame:
    """One household node per household of each building (code: building code + "00" + serial).

    Residents are shared out evenly; a building's count of elderly living alone, disabled
    people, key persons, renters and people registered elsewhere becomes that many flagged
    households (the first ones: the table does not say which), so every total is kept exactly.
    """
    households = buildings["households"].fillna(0).to_numpy(dtype=np.int64)
    too_many = np.flatnonzero(households > 9999)
    if len(too_many):
        raise InputError(f"building {buildings['source_code'].iloc[too_many[0]]!r} has {households[too_many[0]]} "
                         "households; at most 9,999 per building (split it into its real buildings)")
    n = int(households.sum())
    owner = np.repeat(np.arange(len(buildings)), households)
    serial = np.arange(n) - np.repeat(np.cumsum(households) - households, households) + 1
    codes = buildings["code"].to_numpy(dtype=object)[owner] + "00" + np.char.zfill(serial.astype(str), 4).astype(object)
    frame = pd.DataFrame({"code": codes, "parent": buildings["code"].to_numpy(dtype=object)[owner],
                          "kind": "household", "name": np.char.add(serial.astype(str), "户").astype(object),
                          "x": buildings["x"].to_numpy()[owner], "y": buildings["y"].to_numpy()[owner]})
    if "residents" in buildings and buildings["residents"].notna().any():
        residents = buildings["residents"].to_numpy(dtype=object)
        known = np.array([not pd.isna(v) for v in residents])
        total = np.array([int(v) if k else 0 for v, k in zip(residents, known)], dtype=np.int64)
        shares = _even_shares(total, households)
        frame["residents"] = pd.array(np.where(known[owner], shares, 0), dtype="Int64")
        frame.loc[~known[owner], "residents"] = pd.NA
    for column, flag in _HOUSEHOLD_FLAGS.items():
        if column not in buildings or not buildings[column].notna().any():
            continue
        counts = buildings[column].fillna(0).to_numpy(dtype=np.int64)
        over = np.flatnonzero(counts > households)
        if len(over):
            i = over[0]
            raise InputError(f"building {buildings['source_code'].iloc[i]!r}: {column} = {counts[i]} is more than "
                             f"its {households[i]} households; each household is flagged at most once")
        frame[flag] = (serial - 1) < counts[owner]
    return frame


class _Stages:
    """A tqdm bar over from_buildings' stages: on when asked, or (progress=None) once the table
    turns out to be large."""

    _TOTAL = 5

    def __init__(self, progress: Optional[bool]) -> None:
        self.wanted = progress
        self.bar = None
        self.done = 0
        if progress:
            self._open()

    def _open(self) -> None:
        from tqdm.auto import tqdm

        self.bar = tqdm(total=self._TOTAL, desc="from_buildings", unit="stage", leave=False)
        self.bar.update(self.done)

    def enable_if(self, large: bool) -> None:
        if self.bar is None and self.wanted is None and large:
            self._open()

    def __call__(self, name: str) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix_str(name)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class _Context:
    """What places and workers need to know about the buildings."""

    def __init__(self, community_of, grid_by_value, x, y, community, building_parent, crs, origin):
        self.community_of = community_of
        self.community_codes = set(community_of.values())
        self.grid_by_value = grid_by_value
        self.x, self.y = x, y
        self.community = np.asarray(community, dtype=object)
        self.building_parent = np.asarray(building_parent, dtype=object)
        self.crs = crs
        self.origin = origin

    def community_code(self, value: str, row, table: str, problems: List[str]) -> Optional[str]:
        code = self.community_of.get(value) or (value if value in self.community_codes else None)
        if code is None:
            problems.append(f"row {row}: community {value!r} has no buildings in the buildings table")
        return code

    def grid_code(self, community: str, value: str, row, problems: List[str]) -> Optional[str]:
        code = self.grid_by_value.get((community, value))
        if code is None:
            problems.append(f"row {row}: grid {value!r} is not a grid of community {community} in the buildings table")
        return code

    def nearest_parent(self, community: str, px: float, py: float) -> str:
        members = np.flatnonzero(self.community == community)
        if not np.isfinite(px) or not np.isfinite(py) or len(members) == 0:
            return community
        d = np.hypot(self.x[members] - px, self.y[members] - py)
        return str(self.building_parent[members[int(np.argmin(d))]])


def _raise_problems(table: str, problems: List[str]) -> None:
    if problems:
        error = InputError(f"{table}: {len(problems)} problem(s):\n  " + "\n  ".join(problems[:30])
                           + (f"\n  … and {len(problems) - 30} more" if len(problems) > 30 else ""))
        error.problems = problems
        raise error


def _places(source, ctx: _Context):
    table = read_places(source, crs=ctx.crs)
    rows = table.attrs["rows"]
    px, py = _project_other(table, ctx.crs, ctx.origin)
    problems: List[str] = []
    communities = [ctx.community_code(str(v), rows[i], "places", problems) for i, v in enumerate(table["community"])]
    grids = table["grid"].fillna("").astype(str).tolist() if "grid" in table else [""] * len(table)
    parents = []
    for i, (c, g) in enumerate(zip(communities, grids)):
        if c is None:
            parents.append(None)
        elif g:
            parents.append(ctx.grid_code(c, g, rows[i], problems))
        else:
            parents.append(ctx.nearest_parent(c, px[i], py[i]))
    _raise_problems("places", problems)
    is_org = table["type"].isin(ORGANISATION_TYPES).to_numpy()
    place_idx = np.flatnonzero(~is_org)
    org_idx = np.flatnonzero(is_org)
    values = table["place"].astype(str).tolist()
    names = [n if isinstance(n, str) and n else v for n, v in
             zip(table["name"] if "name" in table else [None] * len(table), values)]
    frames = []
    if len(place_idx):
        codes = _serial_codes([values[i] for i in place_idx], [communities[i] for i in place_idx], "P", 3, "place")
        attrs = _attribute_frame(table.iloc[place_idx], ("place", "name", "community", "type", "grid", "lon",
                                                         "lat", "x", "y"))
        frame = pd.DataFrame({"code": codes, "parent": [parents[i] for i in place_idx], "kind": "place",
                              "name": [names[i] for i in place_idx],
                              "subkind": table["type"].iloc[place_idx].tolist(),
                              "x": px[place_idx], "y": py[place_idx]})
        frames.append(pd.concat([frame, attrs], axis=1))
    if len(org_idx):
        seen = set()
        codes = []
        for i in org_idx:
            code = communities[i] + _ORG_SUFFIX[table["type"].iloc[i]]
            if code in seen:
                problems.append(f"row {rows[i]}: community {communities[i]} has a second {table['type'].iloc[i]}")
            seen.add(code)
            codes.append(code)
        _raise_problems("places", problems)
        frames.append(pd.DataFrame({"code": codes, "parent": [communities[i] for i in org_idx],
                                    "kind": "organisation", "name": [names[i] for i in org_idx],
                                    "subkind": table["type"].iloc[org_idx].tolist(),
                                    "x": px[org_idx], "y": py[org_idx]}))
    return frames, []


def _workers(source, ctx: _Context):
    table = read_workers(source, crs=ctx.crs)
    rows = table.attrs["rows"]
    wx, wy = _project_other(table, ctx.crs, ctx.origin)
    problems: List[str] = []
    communities = [ctx.community_code(str(v), rows[i], "workers", problems) for i, v in enumerate(table["community"])]
    serves = []
    for i, (c, grids) in enumerate(zip(communities, table["grid"])):
        for g in grids:
            code = ctx.grid_code(c, g, rows[i], problems) if c else None
            if code:
                serves.append((i, code))
    _raise_problems("workers", problems)
    values = table["worker"].astype(str).tolist()
    codes = _serial_codes(values, communities, "W", 4, "worker")
    names = [n if isinstance(n, str) and n else v for n, v in
             zip(table["name"] if "name" in table else [None] * len(table), values)]
    attrs = _attribute_frame(table, ("worker", "name", "community", "type", "grid", "lon", "lat", "x", "y"))
    frame = pd.DataFrame({"code": codes, "parent": communities, "kind": "worker", "name": names,
                          "subkind": table["type"].tolist(), "x": wx, "y": wy})
    frame = pd.concat([frame, attrs], axis=1)
    frame["source_code"] = values
    links = pd.DataFrame({"source": [codes[i] for i, _ in serves], "target": [g for _, g in serves],
                          "link": "serves", "weight": np.nan})
    return frame, links
