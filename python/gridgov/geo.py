"""Coordinates for Chinese map data: GCJ-02 / BD-09 / WGS-84 conversion and local metres.

Chinese web maps do not publish WGS-84. Gaode (AMap), Tencent and Google's China tiles use
GCJ-02 (国测局坐标, "Mars coordinates"), a published nonlinear offset of WGS-84 by a few hundred
metres; Baidu uses BD-09, a further rotation-and-scale offset of GCJ-02. A planner's spreadsheet
of buildings copied from either map must be converted before it lines up with GPS tracks,
statistical boundaries or another provider's map.

Every function here is vectorised: it takes scalars or arrays of any (broadcastable) shape and
returns ``float64`` arrays of the broadcast shape (0-d arrays for scalar input). The work is done
in C++ (``gridgov::ingest``, ``include/gridgov/ingest/geo.hpp``); this module converts arrays.

Conversions
-----------
* :func:`wgs84_to_gcj02` is the forward GCJ-02 formula. Outside mainland China's bounding box the
  offset is zero (as every map provider does it), so the conversions are the identity there.
* :func:`gcj02_to_wgs84` inverts it by fixed-point iteration ``w <- w - (F(w) - g)``, point by
  point, until the point moves less than 1e-9 degrees (about 0.1 mm; 3-5 rounds).
* :func:`gcj02_to_bd09` is Baidu's published formula; :func:`bd09_to_gcj02` starts from Baidu's
  approximate inverse and refines it by the same fixed-point iteration, so
  ``gcj02_to_bd09(bd09_to_gcj02(p)) == p`` to 1e-9 degrees.

No maintained library carries these offsets; they are gridgov's own code.

Local metres
------------
:func:`to_local` projects WGS-84 longitude/latitude to metres east and north of an origin with a
**transverse Mercator projection on the WGS-84 ellipsoid** whose central meridian passes through
the origin (scale 1 on the central meridian, northing measured from the origin's latitude),
computed by GeographicLib (Karney 2011, "Transverse Mercator with an accuracy of a few
nanometers": Krüger's series to 6th order). What remains is the projection's scale distortion
``k = 1 + x**2 / (2 R**2)``: at 15 km east or west of the origin a distance is 2.8 millionths too
long, so across a county of about 30 km straight-line distances in the local frame agree with
geodesic distances to better than 3e-6 relative (about 8 cm over 30 km). :func:`from_local` is
the inverse (round trip below 1e-9 degrees).

:func:`geodesic_distance` gives the ellipsoidal distance (GeographicLib's solution of the inverse
geodesic problem, accurate to 15 nm) for checking and for long distances.
"""

from __future__ import annotations

from typing import Tuple

import numpy as np

from ._core_ref import core as _core
from .errors import InputError
from .messages import tr

__all__ = [
    "CRS_NAMES",
    "canonical_crs",
    "wgs84_to_gcj02",
    "gcj02_to_wgs84",
    "gcj02_to_bd09",
    "bd09_to_gcj02",
    "wgs84_to_bd09",
    "bd09_to_wgs84",
    "to_wgs84",
    "from_wgs84",
    "in_china",
    "to_local",
    "from_local",
    "transverse_mercator",
    "inverse_transverse_mercator",
    "geodesic_distance",
]

#: The coordinate systems :func:`to_wgs84` understands.
CRS_NAMES = ("wgs84", "gcj02", "bd09")

Array = np.ndarray


def _as_pair(lon, lat, what: str = "lon/lat") -> Tuple[Array, Array]:
    try:
        lon_a = np.asarray(lon, dtype=np.float64)
        lat_a = np.asarray(lat, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(tr("{what}: coordinates must be numbers ({exc})", what=what, exc=exc)) from None
    try:
        lon_a, lat_a = np.broadcast_arrays(lon_a, lat_a)
    except ValueError:
        raise InputError(
            tr("{what}: the two coordinate arrays have shapes {shape} and {shape2}; pass arrays of the same "
               "length",
               what=what, shape=lon_a.shape, shape2=lat_a.shape)
        ) from None
    return lon_a, lat_a


def _flat(a: Array) -> Array:
    return np.ascontiguousarray(a, dtype=np.float64).reshape(-1)


def _pairwise(call, lon, lat, *args, what: str = "lon/lat") -> Tuple[Array, Array]:
    """Run a C++ pair -> pair function over broadcast arrays; results keep the input shape."""
    lon_a, lat_a = _as_pair(lon, lat, what)
    a, b = call(_flat(lon_a), _flat(lat_a), *args)
    return a.reshape(lon_a.shape), b.reshape(lon_a.shape)


def in_china(lon, lat) -> Array:
    """Whether points lie in the bounding box where GCJ-02 applies an offset.

    Parameters
    ----------
    lon, lat : array_like
        Longitude and latitude in degrees.

    Returns
    -------
    numpy.ndarray of bool
        True inside the box 72.004-137.8347 E, 0.8293-55.8271 N used by the published
        formula (a box, not the border: points in neighbouring countries inside it are offset
        too, as Chinese map providers do).
    """
    lon_a, lat_a = _as_pair(lon, lat)
    return _core.in_china(_flat(lon_a), _flat(lat_a)).reshape(lon_a.shape)


def _converter(source: str, target: str, doc: str):
    def convert(lon, lat) -> Tuple[Array, Array]:
        return _pairwise(_core.geo_convert, lon, lat, source, target)

    convert.__name__ = f"{source}_to_{target}"
    convert.__qualname__ = convert.__name__
    convert.__doc__ = doc
    return convert


_PAIR_DOC = """{title}

    Parameters
    ----------
    lon, lat : array_like
        {source} longitude and latitude in degrees.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        {target} longitude and latitude{note}.
    """

wgs84_to_gcj02 = _converter("wgs84", "gcj02", _PAIR_DOC.format(
    title="WGS-84 to GCJ-02 (Gaode/AMap, Tencent): the published formula.", source="WGS-84", target="GCJ-02",
    note="; points outside the China box are returned unchanged"))
gcj02_to_wgs84 = _converter("gcj02", "wgs84", _PAIR_DOC.format(
    title="GCJ-02 to WGS-84, exact to 1e-9 degrees by fixed-point iteration.", source="GCJ-02", target="WGS-84",
    note=" such that ``wgs84_to_gcj02`` gives back the input to within 1e-9 degrees"))
gcj02_to_bd09 = _converter("gcj02", "bd09", _PAIR_DOC.format(
    title='GCJ-02 to BD-09 (Baidu map longitude/latitude, "BD09LL").', source="GCJ-02", target="BD-09", note=""))
bd09_to_gcj02 = _converter("bd09", "gcj02", _PAIR_DOC.format(
    title="BD-09 to GCJ-02, exact to 1e-9 degrees (Baidu's approximate inverse, refined by fixed-point "
          "iteration).", source="BD-09", target="GCJ-02", note=""))
wgs84_to_bd09 = _converter("wgs84", "bd09", _PAIR_DOC.format(
    title="WGS-84 to BD-09 (through GCJ-02).", source="WGS-84", target="BD-09", note=""))
bd09_to_wgs84 = _converter("bd09", "wgs84", _PAIR_DOC.format(
    title="BD-09 to WGS-84 (through GCJ-02, both inverses exact to 1e-9 degrees).", source="BD-09",
    target="WGS-84", note=""))


def canonical_crs(crs: str) -> str:
    """The canonical name of a coordinate system ("wgs84", "gcj02", "bd09" or "local") from its
    name or an alias (gps, gaode, amap, baidu, bd09ll, ...; case, ``-`` and ``_`` ignored).

    Raises
    ------
    gridgov.InputError
        For an unknown name (the message lists the choices).
    """
    return _core.canonical_crs(str(crs))


def to_wgs84(lon, lat, crs: str) -> Tuple[Array, Array]:
    """Convert longitude/latitude given in ``crs`` to WGS-84.

    Parameters
    ----------
    lon, lat : array_like
        Longitude and latitude in degrees.
    crs : {"wgs84", "gcj02", "bd09"}
        The system the input is in (aliases: "gps", "gaode", "amap", "baidu", "bd09ll").

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        WGS-84 longitude and latitude.
    """
    return _pairwise(_core.geo_convert, lon, lat, str(crs), "wgs84")


def from_wgs84(lon, lat, crs: str) -> Tuple[Array, Array]:
    """Convert WGS-84 longitude/latitude to ``crs``, the inverse of :func:`to_wgs84`."""
    return _pairwise(_core.geo_convert, lon, lat, "wgs84", str(crs))


# ---- transverse Mercator and local metres (GeographicLib) ------------------------------------

def transverse_mercator(lon, lat, lon0: float, *, k0: float = 1.0, false_easting: float = 0.0,
                        false_northing: float = 0.0) -> Tuple[Array, Array]:
    """Transverse Mercator projection of WGS-84 longitude/latitude (GeographicLib).

    Parameters
    ----------
    lon, lat : array_like
        WGS-84 longitude and latitude in degrees.
    lon0 : float
        Central meridian in degrees.
    k0 : float, default 1.0
        Scale on the central meridian (0.9996 for UTM).
    false_easting, false_northing : float, default 0.0
        Added to easting and northing (UTM north: 500000 and 0).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Easting and northing in metres; northing counts from the equator.
    """
    easting, northing = _pairwise(_core.transverse_mercator, lon, lat, float(lon0), float(k0), False,
                                  what="transverse_mercator")
    return false_easting + easting, false_northing + northing


def inverse_transverse_mercator(easting, northing, lon0: float, *, k0: float = 1.0,
                                false_easting: float = 0.0,
                                false_northing: float = 0.0) -> Tuple[Array, Array]:
    """Inverse of :func:`transverse_mercator`.

    Parameters
    ----------
    easting, northing : array_like
        Metres, with the same false easting/northing as used forward.
    lon0 : float
        Central meridian in degrees.
    k0, false_easting, false_northing : float
        As in :func:`transverse_mercator`.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        WGS-84 longitude and latitude in degrees.
    """
    e_a, n_a = _as_pair(easting, northing, "easting/northing")
    return _pairwise(_core.transverse_mercator, e_a - false_easting, n_a - false_northing, float(lon0), float(k0),
                     True, what="easting/northing")


def _check_origin(origin_lon, origin_lat) -> Tuple[float, float]:
    try:
        return float(origin_lon), float(origin_lat)
    except (TypeError, ValueError):
        raise InputError(tr("origin ({origin_lon}, {origin_lat}) must be two numbers (degrees)",
                            origin_lon=repr(origin_lon), origin_lat=repr(origin_lat))) from None


def to_local(lon, lat, origin_lon: float, origin_lat: float) -> Tuple[Array, Array]:
    """Project WGS-84 longitude/latitude to local metres (east, north) of an origin.

    Transverse Mercator on the WGS-84 ellipsoid, central meridian through the origin, scale 1
    there, northing counted from the origin; see the module docstring for the accuracy (better
    than 3e-6 relative within 15 km of the origin).

    Parameters
    ----------
    lon, lat : array_like
        WGS-84 longitude and latitude in degrees.
    origin_lon, origin_lat : float
        WGS-84 degrees of the local (0, 0), e.g. ``model.metadata()["origin_lon"]``.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``x`` (metres east) and ``y`` (metres north).
    """
    return _pairwise(_core.to_local, lon, lat, *_check_origin(origin_lon, origin_lat))


def from_local(x, y, origin_lon: float, origin_lat: float) -> Tuple[Array, Array]:
    """Local metres back to WGS-84 longitude/latitude (inverse of :func:`to_local`).

    Parameters
    ----------
    x, y : array_like
        Metres east and north of the origin.
    origin_lon, origin_lat : float
        WGS-84 degrees of the local (0, 0).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        WGS-84 longitude and latitude in degrees.
    """
    return _pairwise(_core.from_local, x, y, *_check_origin(origin_lon, origin_lat), what="x/y")


def geodesic_distance(lon1, lat1, lon2, lat2) -> Array:
    """Distance in metres along the WGS-84 ellipsoid (GeographicLib, accurate to 15 nm).

    Parameters
    ----------
    lon1, lat1, lon2, lat2 : array_like
        WGS-84 degrees of the two ends (broadcast together).

    Returns
    -------
    numpy.ndarray
        Distances in metres.
    """
    try:
        arrays = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (lon1, lat1, lon2, lat2)))
    except (TypeError, ValueError) as exc:
        raise InputError(tr("geodesic_distance: coordinates must be numbers of broadcastable shapes ({exc})", exc=exc)) from None
    return _core.geodesic_distance(*(_flat(a) for a in arrays)).reshape(arrays[0].shape)
