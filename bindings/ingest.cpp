// Python bindings for the ingest area: buildings table -> model, coordinates, adjacency.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>

#include "arrays.hpp"
#include "bindings.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/ingest/adjacency.hpp"
#include "gridgov/ingest/geo.hpp"

namespace gridgov::python {

namespace {

py::array_t<std::int64_t> edge_array(const std::vector<std::pair<node_id, node_id>>& edges) {
  std::vector<std::int64_t> flat;
  flat.reserve(2 * edges.size());
  for (auto [i, j] : edges) {
    flat.push_back(i);
    flat.push_back(j);
  }
  return owned_array(std::move(flat), {static_cast<py::ssize_t>(edges.size()), 2});
}

/// Copies of two coordinate arrays of one length, as owned numpy arrays to be filled in place.
std::pair<std::vector<double>, std::vector<double>> coordinate_copies(const input_array<double>& a, const input_array<double>& b) {
  if (a.size() != b.size())
    throw InputError("the two coordinate arrays have " + std::to_string(a.size()) + " and " + std::to_string(b.size()) +
                     " values; pass arrays of the same length");
  return {std::vector<double>(a.data(), a.data() + a.size()), std::vector<double>(b.data(), b.data() + b.size())};
}

py::tuple coordinate_arrays(std::vector<double>&& a, std::vector<double>&& b) {
  return py::make_tuple(owned_array(std::move(a)), owned_array(std::move(b)));
}

}  // namespace

void register_ingest(py::module_& m) {
  m.def(
      "canonical_crs", [](const std::string& name) { return std::string(ingest::crs_name(ingest::parse_crs(name))); },
      py::arg("name"), "The canonical name (wgs84, gcj02, bd09, local) of a coordinate system or its alias.");
  m.def(
      "geo_convert",
      [](const input_array<double>& lon, const input_array<double>& lat, const std::string& from, const std::string& to) {
        auto [x, y] = coordinate_copies(lon, lat);
        const ingest::Crs a = ingest::parse_crs(from), b = ingest::parse_crs(to);
        {
          py::gil_scoped_release release;
          ingest::convert(x, y, a, b);
        }
        return coordinate_arrays(std::move(x), std::move(y));
      },
      py::arg("lon"), py::arg("lat"), py::arg("from_crs"), py::arg("to_crs"),
      "Longitude/latitude from one of wgs84, gcj02, bd09 to another (flat float64 arrays).");
  m.def(
      "in_china",
      [](const input_array<double>& lon, const input_array<double>& lat) {
        if (lon.size() != lat.size()) throw InputError("in_china: lon and lat must have the same length");
        std::vector<std::uint8_t> out(static_cast<std::size_t>(lon.size()));
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = ingest::in_china(lon.data()[i], lat.data()[i]);
        return owned_array(std::move(out)).attr("astype")("bool");
      },
      py::arg("lon"), py::arg("lat"));
  for (const bool inverse : {false, true}) {
    m.def(
        inverse ? "from_local" : "to_local",
        [inverse](const input_array<double>& a, const input_array<double>& b, double origin_lon, double origin_lat) {
          auto [first, second] = coordinate_copies(a, b);
          const ingest::LocalFrame frame(origin_lon, origin_lat);
          {
            py::gil_scoped_release release;
            if (inverse) frame.from_local(first, second);
            else frame.to_local(first, second);
          }
          return coordinate_arrays(std::move(first), std::move(second));
        },
        py::arg("a"), py::arg("b"), py::arg("origin_lon"), py::arg("origin_lat"),
        inverse ? "Local metres (x, y) to WGS-84 lon/lat around an origin." : "WGS-84 lon/lat to local metres around an origin.");
  }
  m.def(
      "transverse_mercator",
      [](const input_array<double>& lon, const input_array<double>& lat, double lon0, double k0, bool inverse) {
        auto [a, b] = coordinate_copies(lon, lat);
        if (inverse) ingest::inverse_transverse_mercator(a, b, lon0, k0);
        else ingest::transverse_mercator(a, b, lon0, k0);
        return coordinate_arrays(std::move(a), std::move(b));
      },
      py::arg("a"), py::arg("b"), py::arg("lon0"), py::arg("k0"), py::arg("inverse"),
      "Transverse Mercator (GeographicLib): lon/lat -> easting/northing from the equator, or back.");
  m.def(
      "geodesic_distance",
      [](const input_array<double>& lon1, const input_array<double>& lat1, const input_array<double>& lon2,
         const input_array<double>& lat2) {
        const auto n = static_cast<std::size_t>(lon1.size());
        if (lat1.size() != lon1.size() || lon2.size() != lon1.size() || lat2.size() != lon1.size())
          throw InputError("geodesic_distance: the four coordinate arrays must have the same length");
        std::vector<double> out(n);
        {
          py::gil_scoped_release release;
          for (std::size_t i = 0; i < n; ++i)
            out[i] = ingest::geodesic_distance({lon1.data()[i], lat1.data()[i]}, {lon2.data()[i], lat2.data()[i]});
        }
        return owned_array(std::move(out));
      },
      py::arg("lon1"), py::arg("lat1"), py::arg("lon2"), py::arg("lat2"));
  m.def(
      "delaunay_adjacency",
      [](const input_array<double>& x, const input_array<double>& y, const std::optional<input_array<std::int32_t>>& groups,
         std::optional<double> max_edge) {
        ingest::Adjacency adjacency;
        {
          py::gil_scoped_release release;
          adjacency = ingest::delaunay_adjacency(as_span(x), as_span(y),
                                                 groups ? as_span(*groups) : std::span<const std::int32_t>{}, max_edge);
        }
        return py::make_tuple(edge_array(adjacency.edges), owned_array(std::move(adjacency.lengths)), adjacency.max_edge);
      },
      py::arg("x"), py::arg("y"), py::arg("groups") = py::none(), py::arg("max_edge") = py::none(),
      "Delaunay adjacency with a length cut-off and groups joined: (edges (m, 2) int64, lengths, max_edge).");
  m.def(
      "delaunay_edges",
      [](const input_array<double>& x, const input_array<double>& y) {
        std::vector<std::pair<node_id, node_id>> edges;
        {
          py::gil_scoped_release release;
          edges = ingest::delaunay_edges(as_span(x), as_span(y));
        }
        return edge_array(edges);
      },
      py::arg("x"), py::arg("y"), "Edges (m, 2) of the Delaunay graph of the points (the dual of their Voronoi diagram).");
}

}  // namespace gridgov::python
