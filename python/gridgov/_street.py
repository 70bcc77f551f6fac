"""networkx street graphs (OSMnx's among them) as the arrays the C++ searches take.

Conversion only: the graph's arcs become CSR arrays (offsets, targets, lengths in metres) and
points become the graph node they stand nearest to; the shortest-path searches run in C++
(``gridgov::ShortestPaths``, the traversal layer) through ``coverage_matrix`` and ``reach``.

- Arcs: a directed graph (``DiGraph``, OSMnx's ``MultiDiGraph``) gives one arc per edge; an
  undirected one gives both. Parallel edges all stay (the search takes the shortest). The
  length is the edge attribute ``length`` (metres, as OSMnx sets it); an edge without it, or with
  a negative or non-finite one, is an error naming the edge.
- Nodes keep the graph's own ids (OSM ids are ints); ``nodes[k]`` is the id of CSR node k.
- Snapping: a point stands at the graph node nearest to it in the graph's ``x``/``y``
  attributes (a k-d tree, ``scipy.spatial.cKDTree``). The straight-line walk from the point to
  that node is not added to its network distances. A graph in longitude/latitude (its
  ``graph["crs"]`` geographic, as OSMnx builds it before ``project_graph``) is projected to local
  metres first (transverse Mercator through GeographicLib, :func:`gridgov.geo.to_local`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np

from .errors import InputError
from .messages import tr

#: The edge attribute read as the length in metres (OSMnx's name).
LENGTH = "length"


def is_networkx(obj: Any) -> bool:
    """True for a networkx graph (checked without importing networkx)."""
    return any(c.__module__.split(".")[0] == "networkx" for c in type(obj).__mro__) and hasattr(obj, "adj")


@dataclass
class StreetArrays:
    offsets: np.ndarray  # int64, nodes + 1
    targets: np.ndarray  # int32, one per arc
    lengths: np.ndarray  # float64, one per arc (metres)
    nodes: list  # the graph's node id of every CSR node

    def index_of(self, ids, what: str) -> np.ndarray:
        """CSR indices of graph node ids (InputError naming the first unknown one)."""
        position = {v: k for k, v in enumerate(self.nodes)}
        out = np.empty(len(ids), dtype=np.int32)
        for k, v in enumerate(ids):
            try:
                out[k] = position[v.item() if isinstance(v, np.generic) else v]
            except (KeyError, TypeError):
                raise InputError(tr("{what}[{k}] = {v} is not a node of the street graph", what=what, k=k, v=repr(v))) from None
        return out


def street_arrays(graph) -> StreetArrays:
    """The graph's arcs as CSR arrays with their lengths (see the module docstring)."""
    nodes = list(graph.nodes)
    if not nodes:
        raise InputError(tr("the street graph has no nodes"))
    position = {v: k for k, v in enumerate(nodes)}
    tails, heads, lengths = [], [], []
    for u, v, length in graph.edges(data=LENGTH):
        if length is None:
            raise InputError(tr("street graph edge ({u}, {v}) has no '{length}' attribute: give every edge its "
                                "length in metres (OSMnx graphs have it)",
                                u=repr(u), v=repr(v), length=LENGTH))
        try:
            length = float(length)
        except (TypeError, ValueError):
            raise InputError(tr("street graph edge ({u}, {v}) has {length} = {length2}, not a number",
                                u=repr(u), v=repr(v), length=LENGTH, length2=repr(length))) from None
        if not (math.isfinite(length) and length >= 0):
            raise InputError(tr("street graph edge ({u}, {v}) has {length} = {length2}; lengths must be finite "
                                "and >= 0",
                                u=repr(u), v=repr(v), length=LENGTH, length2=length))
        tails.append(position[u])
        heads.append(position[v])
        lengths.append(length)
    tail = np.asarray(tails, dtype=np.int64)
    head = np.asarray(heads, dtype=np.int64)
    length = np.asarray(lengths, dtype=np.float64)
    if not graph.is_directed():
        tail, head, length = np.r_[tail, head], np.r_[head, tail], np.r_[length, length]
    order = np.argsort(tail, kind="stable")
    offsets = np.zeros(len(nodes) + 1, dtype=np.int64)
    np.cumsum(np.bincount(tail, minlength=len(nodes)), out=offsets[1:])
    return StreetArrays(offsets, np.ascontiguousarray(head[order], dtype=np.int32),
                        np.ascontiguousarray(length[order]), nodes)


def _crs_is_geographic(crs: Any) -> Optional[bool]:
    """Whether a graph's ``crs`` is longitude/latitude; None when the graph names none."""
    if crs is None:
        return None
    try:
        import pyproj

        return bool(pyproj.CRS.from_user_input(crs).is_geographic)
    except ImportError:
        text = str(crs).strip().lower().replace(" ", "")
        if text in ("epsg:4326", "wgs84", "wgs-84", "epsg:4490", "+proj=longlat"):
            return True
        raise InputError(tr("the street graph's crs {crs} needs pyproj to be understood: pip install pyproj, or "
                            "project the graph to metres",
                            crs=repr(crs))) from None
    except Exception as exc:  # pyproj's CRSError and friends
        raise InputError(tr("the street graph's crs {crs} is not a coordinate system pyproj knows ({exc})",
                            crs=repr(crs), exc=exc)) from None


def node_xy(graph, nodes: list) -> np.ndarray:
    """The graph's node coordinates (``x``, ``y`` attributes) as an (n, 2) array."""
    xy = np.empty((len(nodes), 2), dtype=np.float64)
    data = graph.nodes
    for k, v in enumerate(nodes):
        attrs = data[v]
        try:
            xy[k] = float(attrs["x"]), float(attrs["y"])
        except (KeyError, TypeError, ValueError):
            raise InputError(tr("street graph node {v} has no numeric x and y attributes, so points cannot be "
                                "placed on the graph: give every node x, y (OSMnx graphs have them) or name the "
                                "nodes",
                                v=repr(v))) from None
    if not np.isfinite(xy).all():
        bad = nodes[int(np.flatnonzero(~np.isfinite(xy).all(axis=1))[0])]
        raise InputError(tr("street graph node {bad} has a non-finite x or y", bad=repr(bad)))
    return xy


def to_metres(graph, nodes_xy: np.ndarray, points: list[np.ndarray],
              origin: Optional[tuple[float, float]] = None) -> tuple[np.ndarray, list[np.ndarray]]:
    """Node and point coordinates in metres for snapping. A geographic graph (lon/lat) and its
    points are projected around ``origin`` (default: the middle of the nodes); otherwise they
    are taken as they are."""
    if not _crs_is_geographic(graph.graph.get("crs")):
        return nodes_xy, points
    from . import geo

    if origin is None:
        origin = (float(np.median(nodes_xy[:, 0])), float(np.median(nodes_xy[:, 1])))
    project = lambda a: np.column_stack(geo.to_local(a[:, 0], a[:, 1], *origin))  # noqa: E731
    return project(nodes_xy), [project(p) if len(p) else p for p in points]


def in_model_frame(graph, nodes_xy: np.ndarray, meta: dict) -> np.ndarray:
    """Node coordinates in the model's frame (local metres around its WGS-84 origin): a graph
    in lon/lat is projected around the model's origin, a graph in another named CRS goes through
    lon/lat by pyproj first; a graph naming no CRS is taken to be in the model's frame already."""
    crs = graph.graph.get("crs")
    geographic = _crs_is_geographic(crs)
    if geographic is None:
        return nodes_xy
    if "origin_lon" not in meta or "origin_lat" not in meta:
        raise InputError(tr("the street graph is in CRS {crs} but the model has no WGS-84 origin (metadata "
                            "origin_lon/origin_lat) to place it by: build the model with from_buildings from "
                            "lon/lat, or give the graph x/y in the model's metres and no crs",
                            crs=repr(crs)))
    from . import geo

    lon, lat = nodes_xy[:, 0], nodes_xy[:, 1]
    if not geographic:
        import pyproj

        lon, lat = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform(lon, lat)
    return np.column_stack(geo.to_local(lon, lat, float(meta["origin_lon"]), float(meta["origin_lat"])))


def nearest_nodes(nodes_xy: np.ndarray, points: np.ndarray) -> np.ndarray:
    """CSR index of the node nearest to each point."""
    from scipy.spatial import cKDTree

    if len(points) == 0:
        return np.zeros(0, dtype=np.int32)
    _, at = cKDTree(nodes_xy).query(points)
    return np.ascontiguousarray(at, dtype=np.int32)
