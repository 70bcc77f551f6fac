// Coordinates for Chinese map data: WGS-84 / GCJ-02 / BD-09 conversion, local metres, geodesic
// distances.
//
// Chinese web maps do not publish WGS-84: Gaode (AMap), Tencent and Google's China tiles use
// GCJ-02, a published nonlinear offset of WGS-84 by a few hundred metres; Baidu uses BD-09, a
// further rotation-and-scale offset of GCJ-02. No maintained library carries these offsets, so
// they are written here (the published formulas; the inverses by fixed-point iteration to
// 1e-9 degrees, about 0.1 mm). Projection and geodesics come from GeographicLib (Karney): a
// transverse Mercator on the WGS-84 ellipsoid (Krüger series to 6th order, a few nanometres
// within 3,900 km of the central meridian) and the geodesic inverse problem (15 nm).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace gridgov::ingest {

/// The coordinate system of a table's coordinates.
enum class Crs : std::uint8_t {
  wgs84,  ///< GPS, EPSG:4326 longitude/latitude
  gcj02,  ///< Gaode (AMap), Tencent: WGS-84 with the GCJ-02 offset
  bd09,   ///< Baidu (BD09LL): GCJ-02 with Baidu's further offset
  local,  ///< metres east and north in a local frame (x/y instead of lon/lat)
};

/// The canonical name of a CRS ("wgs84", "gcj02", "bd09", "local").
[[nodiscard]] std::string_view crs_name(Crs crs) noexcept;
/// A CRS by name: the canonical names and the aliases gps, epsg4326, gcj, gaode, amap, baidu,
/// bd09ll, local-metres (case, '-' and '_' ignored). Throws InputError naming the choices.
[[nodiscard]] Crs parse_crs(std::string_view name);

struct LonLat {
  double lon = 0.0;
  double lat = 0.0;
};

/// Whether a point is in the box 72.004-137.8347 E, 0.8293-55.8271 N where GCJ-02 applies an
/// offset (a box, not the border, as every map provider does it).
[[nodiscard]] bool in_china(double lon, double lat) noexcept;

[[nodiscard]] LonLat wgs84_to_gcj02(LonLat p) noexcept;  ///< the published formula
[[nodiscard]] LonLat gcj02_to_wgs84(LonLat p) noexcept;  ///< its inverse, to 1e-9 degrees
[[nodiscard]] LonLat gcj02_to_bd09(LonLat p) noexcept;   ///< Baidu's published formula
[[nodiscard]] LonLat bd09_to_gcj02(LonLat p) noexcept;   ///< its inverse, to 1e-9 degrees
/// From `crs` to WGS-84, and back (Crs::local is not a longitude/latitude: InputError).
[[nodiscard]] LonLat to_wgs84(LonLat p, Crs crs);
[[nodiscard]] LonLat from_wgs84(LonLat p, Crs crs);
/// Converts arrays in place from one longitude/latitude system to another (NaN stays NaN; an
/// infinite longitude, or one outside [-180, 180], or a latitude outside [-90, 90]: InputError
/// naming the point).
void convert(std::span<double> lon, std::span<double> lat, Crs from, Crs to);

/// Transverse Mercator on the WGS-84 ellipsoid (GeographicLib): (easting, northing) in metres of
/// a WGS-84 point, central meridian `lon0`, scale `k0` on it, northing from the equator.
[[nodiscard]] LonLat transverse_mercator(LonLat p, double lon0, double k0 = 1.0);
/// Its inverse: WGS-84 longitude/latitude of (easting, northing).
[[nodiscard]] LonLat inverse_transverse_mercator(double easting, double northing, double lon0, double k0 = 1.0);
/// Both over arrays, in place (longitude/latitude become easting/northing, or back).
void transverse_mercator(std::span<double> lon_easting, std::span<double> lat_northing, double lon0, double k0 = 1.0);
void inverse_transverse_mercator(std::span<double> easting_lon, std::span<double> northing_lat, double lon0,
                                 double k0 = 1.0);

/// Local metres (x east, y north) around an origin: transverse Mercator on the WGS-84 ellipsoid
/// with its central meridian through the origin, scale 1 there, northing counted from the
/// origin. Within 15 km of the origin a straight-line distance is at most 2.8e-6 too long
/// (k - 1 = x^2 / 2R^2): across a county it matches the geodesic to better than 3e-6.
class LocalFrame {
 public:
  /// Throws InputError unless the origin is a finite longitude/latitude in degrees.
  LocalFrame(double origin_lon, double origin_lat);
  [[nodiscard]] double origin_lon() const noexcept { return lon0_; }
  [[nodiscard]] double origin_lat() const noexcept { return lat0_; }
  /// Metres of a WGS-84 point (NaN in, NaN out; a latitude beyond 90 degrees or a longitude
  /// beyond 180, infinite ones too: InputError, which suggests a swap of longitude and latitude
  /// when swapping them would fit).
  [[nodiscard]] LonLat to_local(LonLat p) const;
  /// WGS-84 longitude/latitude of local metres (x in .lon, y in .lat of the input).
  [[nodiscard]] LonLat from_local(double x, double y) const;
  /// Arrays in place: lon/lat become x/y (the first point out of range: InputError naming its
  /// index), or back.
  void to_local(std::span<double> lon_x, std::span<double> lat_y) const;
  void from_local(std::span<double> x_lon, std::span<double> y_lat) const;

 private:
  double lon0_ = 0.0, lat0_ = 0.0, northing0_ = 0.0;
};

/// Distance in metres along the WGS-84 ellipsoid between two points (GeographicLib's solution of
/// the inverse geodesic problem, accurate to 15 nanometres).
[[nodiscard]] double geodesic_distance(LonLat a, LonLat b) noexcept;

}  // namespace gridgov::ingest
