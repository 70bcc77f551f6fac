"""Coordinate conversion and local projection (gridgov.geo) against published pairs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gridgov as gg
from gridgov import geo

# (WGS-84 lon, lat, GCJ-02 lon, lat): the test pairs of the eviltransform project (Shanghai,
# Shenzhen, Beijing), and two pairs returned by a public GCJ-02 offset service (SE_SH).
WGS_GCJ = [
    (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),
    (113.912316, 22.543847, 113.9171764808363, 22.540796131694766),
    (116.377817, 39.911954, 116.38404722455657, 39.91334545536069),
    (116.36657, 39.95094, 116.372789, 39.952320),
    (115.21657, 38.95032, 115.222782, 38.951179),
]


def test_wgs84_to_gcj02_matches_published_pairs():
    w = np.array(WGS_GCJ)
    lon, lat = geo.wgs84_to_gcj02(w[:, 0], w[:, 1])
    # The service pairs are printed to 6 decimals; the eviltransform pairs are exact.
    np.testing.assert_allclose(lon, w[:, 2], atol=6e-7, rtol=0)
    np.testing.assert_allclose(lat, w[:, 3], atol=6e-7, rtol=0)
    np.testing.assert_allclose(lon[:3], w[:3, 2], atol=1e-11, rtol=0)


def test_gcj02_to_wgs84_inverts_to_1e7_degrees():
    w = np.array(WGS_GCJ[:3])
    lon, lat = geo.gcj02_to_wgs84(w[:, 2], w[:, 3])
    np.testing.assert_allclose(lon, w[:, 0], atol=1e-7, rtol=0)
    np.testing.assert_allclose(lat, w[:, 1], atol=1e-7, rtol=0)


def test_bd09_pairs():
    # Beijing pair (GCJ-02 -> BD-09) printed to 5 decimals by the Matlab eviltransform tests.
    lon, lat = geo.gcj02_to_bd09(116.42703, 39.90245)
    assert abs(lon - 116.43351) < 1e-5 and abs(lat - 39.90851) < 1e-5
    lon, lat = geo.bd09_to_gcj02(116.43351, 39.90851)
    assert abs(lon - 116.42703) < 1e-5 and abs(lat - 39.90245) < 1e-5
    # Baidu's own geoconv example (WGS-84 -> BD-09 by Baidu's server). The published formula
    # agrees with Baidu's server to about half a metre.
    lon, lat = geo.wgs84_to_bd09(114.21892734521, 29.575429778924)
    assert abs(lon - 114.23074871003) < 1e-5 and abs(lat - 29.579084787993) < 1e-5


def test_outside_china_is_unchanged():
    lon, lat = geo.wgs84_to_gcj02([-104.9903, 2.35], [39.7392, 48.85])
    np.testing.assert_array_equal(lon, [-104.9903, 2.35])
    np.testing.assert_array_equal(lat, [39.7392, 48.85])


china_lon = st.floats(73.5, 134.7)
china_lat = st.floats(18.2, 53.5)


@settings(max_examples=200, deadline=None)
@given(china_lon, china_lat)
def test_round_trips(lon, lat):
    for crs in ("gcj02", "bd09"):
        back = geo.to_wgs84(*geo.from_wgs84(lon, lat, crs), crs)
        assert abs(back[0] - lon) < 1e-8 and abs(back[1] - lat) < 1e-8
    g = geo.bd09_to_gcj02(*geo.gcj02_to_bd09(lon, lat))
    assert abs(g[0] - lon) < 1e-8 and abs(g[1] - lat) < 1e-8


def test_vectorised_shapes_and_nan():
    lon = np.full((3, 4), 116.4)
    lat = np.full((3, 4), 39.9)
    lat[1, 2] = np.nan
    out_lon, out_lat = geo.gcj02_to_wgs84(lon, lat)
    assert out_lon.shape == (3, 4) and np.isnan(out_lat[1, 2]) and np.isfinite(out_lat[0, 0])


def test_bad_input_raises_input_error():
    with pytest.raises(gg.InputError):
        geo.to_wgs84([1, 2, 3], [1, 2], "gcj02")
    with pytest.raises(gg.InputError, match="unknown coordinate system"):
        geo.to_wgs84(116, 39, "mercator")
    with pytest.raises(gg.InputError, match="swap"):
        geo.to_local(39.9, 116.4, 116.4, 39.9)
    with pytest.raises(gg.InputError):
        geo.to_local(116.4, 39.9, "east", 39.9)


def test_utm_reference_point():
    # UTM zone 13N (central meridian 105 W, k0 0.9996, false easting 500 km).
    e, n = geo.transverse_mercator(-104.545898, 36.903784, -105.0, k0=0.9996, false_easting=500000.0)
    assert abs(e - 540455.18) < 0.01 and abs(n - 4084295.17) < 0.01
    lon, lat = geo.inverse_transverse_mercator(540455.18, 4084295.17, -105.0, k0=0.9996,
                                               false_easting=500000.0)
    assert abs(lon + 104.545898) < 1e-7 and abs(lat - 36.903784) < 1e-7


def test_vincenty_reference_geodesic():
    # Vincenty (1975): Flinders Peak to Buninyong, 54,972.271 m.
    lat1 = -(37 + 57 / 60 + 3.72030 / 3600)
    lon1 = 144 + 25 / 60 + 29.52440 / 3600
    lat2 = -(37 + 39 / 60 + 10.15610 / 3600)
    lon2 = 143 + 55 / 60 + 35.38390 / 3600
    assert abs(geo.geodesic_distance(lon1, lat1, lon2, lat2) - 54972.271) < 1e-3
    assert geo.geodesic_distance(116.4, 39.9, 116.4, 39.9) == 0.0


def test_local_projection_origin_round_trip_and_distances():
    origin = (113.65, 34.75)  # a county-sized area in Henan
    rng = np.random.default_rng(7)
    lon = origin[0] + rng.uniform(-0.17, 0.17, 400)  # about +-15 km
    lat = origin[1] + rng.uniform(-0.14, 0.14, 400)
    x, y = geo.to_local(lon, lat, *origin)
    x0, y0 = geo.to_local(*origin, *origin)
    assert abs(x0) < 1e-9 and abs(y0) < 1e-9
    back_lon, back_lat = geo.from_local(x, y, *origin)
    np.testing.assert_allclose(back_lon, lon, atol=1e-9, rtol=0)
    np.testing.assert_allclose(back_lat, lat, atol=1e-9, rtol=0)
    # Straight-line distances in the local frame against the geodesic: within 3e-6 relative.
    i, j = rng.integers(0, 400, (2, 2000))
    keep = i != j
    i, j = i[keep], j[keep]
    planar = np.hypot(x[i] - x[j], y[i] - y[j])
    geodesic = geo.geodesic_distance(lon[i], lat[i], lon[j], lat[j])
    assert np.max(np.abs(planar / geodesic - 1)) < 3e-6
    # Axes point east and north: 1 km north of the origin is y = 1000 m.
    lon_n, lat_n = geo.from_local(0.0, 1000.0, *origin)
    assert abs(lon_n - origin[0]) < 1e-12
    assert abs(geo.geodesic_distance(*origin, lon_n, lat_n) - 1000.0) < 1e-3
