// Coordinate systems (see include/gridgov/ingest/geo.hpp). The GCJ-02 and BD-09 offsets have no
// maintained library and are written here; projection and geodesics are GeographicLib's.
#include "gridgov/ingest/geo.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/TransverseMercator.hpp>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"

namespace gridgov::ingest {

namespace {

constexpr double pi = std::numbers::pi;
// The GCJ-02 formula works on the Krasovsky 1940 ellipsoid.
constexpr double krasovsky_a = 6378245.0;
constexpr double krasovsky_ee = 0.00669342162296594323;  // first eccentricity squared
constexpr double bd_x_pi = pi * 3000.0 / 180.0;
// Fixed-point inverses stop when a point moves less than this (degrees); they converge in 3-5
// rounds everywhere on the Earth, the cap only guards against a NaN that slipped through.
constexpr double inverse_tolerance = 1e-9;
constexpr int inverse_max_rounds = 30;

/// GCJ-02 minus WGS-84 (degrees) at a WGS-84 point; zero outside the China box.
LonLat gcj_offset(double lon, double lat) noexcept {
  if (!in_china(lon, lat)) return {0.0, 0.0};
  const double x = lon - 105.0, y = lat - 35.0;
  const double sqrt_abs_x = std::sqrt(std::abs(x));
  const double shared = (20.0 * std::sin(6.0 * pi * x) + 20.0 * std::sin(2.0 * pi * x)) * 2.0 / 3.0;
  double d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt_abs_x;
  d_lat = d_lat + shared;
  d_lat = d_lat + (20.0 * std::sin(y * pi) + 40.0 * std::sin(y / 3.0 * pi)) * 2.0 / 3.0;
  d_lat = d_lat + (160.0 * std::sin(y / 12.0 * pi) + 320.0 * std::sin(y * pi / 30.0)) * 2.0 / 3.0;
  double d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt_abs_x;
  d_lon = d_lon + shared;
  d_lon = d_lon + (20.0 * std::sin(x * pi) + 40.0 * std::sin(x / 3.0 * pi)) * 2.0 / 3.0;
  d_lon = d_lon + (150.0 * std::sin(x / 12.0 * pi) + 300.0 * std::sin(x / 30.0 * pi)) * 2.0 / 3.0;
  const double rad_lat = lat * pi / 180.0;
  const double magic = 1.0 - krasovsky_ee * std::sin(rad_lat) * std::sin(rad_lat);
  const double sqrt_magic = std::sqrt(magic);
  d_lat = (d_lat * 180.0) / ((krasovsky_a * (1.0 - krasovsky_ee)) / (magic * sqrt_magic) * pi);
  d_lon = (d_lon * 180.0) / (krasovsky_a / sqrt_magic * std::cos(rad_lat) * pi);
  return {d_lon, d_lat};
}

/// Solves forward(w) == target by w <- w - (forward(w) - target), from `start`.
template <class Forward>
LonLat fixed_point_inverse(Forward forward, LonLat target, LonLat start) noexcept {
  LonLat w = start;
  for (int round = 0; round < inverse_max_rounds; ++round) {
    const LonLat f = forward(w);
    const double step_lon = f.lon - target.lon, step_lat = f.lat - target.lat;
    w.lon -= step_lon;
    w.lat -= step_lat;
    if (!(std::max(std::abs(step_lon), std::abs(step_lat)) > inverse_tolerance)) break;  // NaN stops too
  }
  return w;
}

const GeographicLib::TransverseMercator& unit_scale_mercator() {
  static const GeographicLib::TransverseMercator projection(GeographicLib::Constants::WGS84_a(),
                                                            GeographicLib::Constants::WGS84_f(), 1.0);
  return projection;
}

GeographicLib::TransverseMercator mercator(double k0) {
  if (!(std::isfinite(k0) && k0 > 0)) throw InputError(messages::format("geo.k0", {{"k0", std::to_string(k0)}}));
  return GeographicLib::TransverseMercator(GeographicLib::Constants::WGS84_a(), GeographicLib::Constants::WGS84_f(), k0);
}

/// NaN passes (an unlocated point stays NaN); an infinite or out-of-range coordinate does not.
bool latitude_ok(double lat) noexcept { return !(std::abs(lat) > 90.0); }
bool longitude_ok(double lon) noexcept { return !(std::abs(lon) > 180.0); }

std::string degrees(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

/// Throws InputError unless the point is a longitude in [-180, 180] and a latitude in [-90, 90]
/// (or NaN): an infinite or huge coordinate would come back as a silent NaN or a wrapped angle.
void check_point(double lon, double lat, const std::string& where) {
  if (!latitude_ok(lat))
    throw InputError(messages::format("geo.latitude", {{"where", where},
                                                      {"lat", degrees(lat)},
                                                      {"swapped", std::isfinite(lat) && std::abs(lat) <= 180 && std::abs(lon) <= 90
                                                                      ? messages::format("geo.swapped_hint")
                                                                      : ""}}));
  if (!longitude_ok(lon)) throw InputError(messages::format("geo.longitude",
                                                            {{"where", where}, {"lon", degrees(lon)}}));
}

void check_lonlat_crs(Crs crs) {
  if (crs == Crs::local) throw InputError(messages::format("geo.local_not_lonlat"));
}

/// Replaces every pair (a[i], b[i]) by f(a[i], b[i]) (a LonLat), after checking the lengths.
template <class F>
void map_pairs(std::span<double> a, std::span<double> b, const char* what, F f) {
  if (a.size() != b.size()) throw InputError(messages::format("geo.lengths", {{"what", std::string(what)}}));
  for (std::size_t i = 0; i < a.size(); ++i) {
    const LonLat p = f(a[i], b[i]);
    a[i] = p.lon;
    b[i] = p.lat;
  }
}

/// Throws on the first point that is not a longitude/latitude in degrees, naming its index.
void check_points(std::span<const double> lon, std::span<const double> lat, const char* what) {
  if (lon.size() != lat.size()) throw InputError(messages::format("geo.lengths", {{"what", std::string(what)}}));
  for (std::size_t i = 0; i < lat.size(); ++i)
    if (!latitude_ok(lat[i]) || !longitude_ok(lon[i])) check_point(lon[i], lat[i], messages::format("geo.point",
                                                                                                    {{"what", what},
                                                                                                     {"index", std::to_string(i)}}));
}

}  // namespace

std::string_view crs_name(Crs crs) noexcept {
  switch (crs) {
    case Crs::wgs84: return "wgs84";
    case Crs::gcj02: return "gcj02";
    case Crs::bd09: return "bd09";
    case Crs::local: return "local";
  }
  return "?";
}

Crs parse_crs(std::string_view name) {
  std::string key;
  for (char c : name)
    if (c != '-' && c != '_' && c != ' ') key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (key == "wgs84" || key == "gps" || key == "epsg4326") return Crs::wgs84;
  if (key == "gcj02" || key == "gcj" || key == "gaode" || key == "amap") return Crs::gcj02;
  if (key == "bd09" || key == "bd09ll" || key == "baidu") return Crs::bd09;
  if (key == "local" || key == "localmetres" || key == "localmeters") return Crs::local;
  throw InputError(messages::format("geo.unknown_crs", {{"name", std::string(name)}}));
}

bool in_china(double lon, double lat) noexcept {
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

LonLat wgs84_to_gcj02(LonLat p) noexcept {
  const LonLat d = gcj_offset(p.lon, p.lat);
  return {p.lon + d.lon, p.lat + d.lat};
}

LonLat gcj02_to_wgs84(LonLat p) noexcept { return fixed_point_inverse(wgs84_to_gcj02, p, p); }

LonLat gcj02_to_bd09(LonLat p) noexcept {
  const double z = std::sqrt(p.lon * p.lon + p.lat * p.lat) + 0.00002 * std::sin(p.lat * bd_x_pi);
  const double theta = std::atan2(p.lat, p.lon) + 0.000003 * std::cos(p.lon * bd_x_pi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

LonLat bd09_to_gcj02(LonLat p) noexcept {
  // Baidu's published inverse is approximate (about 1e-6 degrees): the start of the refinement.
  const double x = p.lon - 0.0065, y = p.lat - 0.006;
  const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * bd_x_pi);
  const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * bd_x_pi);
  return fixed_point_inverse(gcj02_to_bd09, p, {z * std::cos(theta), z * std::sin(theta)});
}

LonLat to_wgs84(LonLat p, Crs crs) {
  check_lonlat_crs(crs);
  if (crs == Crs::gcj02) return gcj02_to_wgs84(p);
  if (crs == Crs::bd09) return gcj02_to_wgs84(bd09_to_gcj02(p));
  return p;
}

LonLat from_wgs84(LonLat p, Crs crs) {
  check_lonlat_crs(crs);
  if (crs == Crs::gcj02) return wgs84_to_gcj02(p);
  if (crs == Crs::bd09) return gcj02_to_bd09(wgs84_to_gcj02(p));
  return p;
}

void convert(std::span<double> lon, std::span<double> lat, Crs from, Crs to) {
  check_lonlat_crs(from);
  check_lonlat_crs(to);
  check_points(lon, lat, "convert");
  map_pairs(lon, lat, "convert", [&](double a, double b) { return from_wgs84(to_wgs84({a, b}, from), to); });
}

void transverse_mercator(std::span<double> lon_easting, std::span<double> lat_northing, double lon0, double k0) {
  check_points(lon_easting, lat_northing, "transverse_mercator");
  const GeographicLib::TransverseMercator projection = mercator(k0);
  map_pairs(lon_easting, lat_northing, "transverse_mercator", [&](double lon, double lat) {
    LonLat out;
    projection.Forward(lon0, lat, lon, out.lon, out.lat);
    return out;
  });
}

void inverse_transverse_mercator(std::span<double> easting_lon, std::span<double> northing_lat, double lon0, double k0) {
  const GeographicLib::TransverseMercator projection = mercator(k0);
  map_pairs(easting_lon, northing_lat, "inverse_transverse_mercator", [&](double easting, double northing) {
    LonLat out;
    projection.Reverse(lon0, easting, northing, out.lat, out.lon);
    return out;
  });
}

LonLat transverse_mercator(LonLat p, double lon0, double k0) {
  transverse_mercator(std::span<double>(&p.lon, 1), std::span<double>(&p.lat, 1), lon0, k0);
  return p;
}

LonLat inverse_transverse_mercator(double easting, double northing, double lon0, double k0) {
  inverse_transverse_mercator(std::span<double>(&easting, 1), std::span<double>(&northing, 1), lon0, k0);
  return {easting, northing};
}

LocalFrame::LocalFrame(double origin_lon, double origin_lat) : lon0_(origin_lon), lat0_(origin_lat) {
  if (!(std::isfinite(origin_lon) && std::isfinite(origin_lat)) || std::abs(origin_lat) > 90 || std::abs(origin_lon) > 180)
    throw InputError(messages::format("geo.origin",
                                      {{"origin_lon", std::to_string(origin_lon)},
                                       {"origin_lat", std::to_string(origin_lat)}}));
  double easting = 0.0;
  unit_scale_mercator().Forward(lon0_, lat0_, lon0_, easting, northing0_);
}

LonLat LocalFrame::to_local(LonLat p) const {
  if (!latitude_ok(p.lat) || !longitude_ok(p.lon)) check_point(p.lon, p.lat, "to_local");
  LonLat out;
  unit_scale_mercator().Forward(lon0_, p.lat, p.lon, out.lon, out.lat);
  out.lat -= northing0_;
  return out;
}

LonLat LocalFrame::from_local(double x, double y) const {
  LonLat out;
  unit_scale_mercator().Reverse(lon0_, x, y + northing0_, out.lat, out.lon);
  return out;
}

void LocalFrame::to_local(std::span<double> lon_x, std::span<double> lat_y) const {
  check_points(lon_x, lat_y, "to_local");
  map_pairs(lon_x, lat_y, "to_local", [this](double lon, double lat) { return to_local({lon, lat}); });
}

void LocalFrame::from_local(std::span<double> x_lon, std::span<double> y_lat) const {
  map_pairs(x_lon, y_lat, "from_local", [this](double x, double y) { return from_local(x, y); });
}

double geodesic_distance(LonLat a, LonLat b) noexcept {
  double s12 = 0.0;
  GeographicLib::Geodesic::WGS84().Inverse(a.lat, a.lon, b.lat, b.lon, s12);
  return s12;
}

}  // namespace gridgov::ingest
