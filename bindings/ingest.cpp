// Python bindings for the ingest area: buildings table -> model, coordinates, adjacency.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <map>
#include <optional>

#include "arrays.hpp"
#include "bindings.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/ingest/adjacency.hpp"
#include "gridgov/ingest/buildings.hpp"
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

/// A text column: a sequence of str (None or NaN for blank).
std::vector<std::string> text_column(const py::handle& values) {
  std::vector<std::string> out;
  if (values.is_none()) return out;
  const py::sequence seq = py::reinterpret_borrow<py::sequence>(values);
  out.reserve(seq.size());
  for (const py::handle h : seq) {
    if (PyUnicode_Check(h.ptr())) {
      Py_ssize_t size = 0;
      const char* data = PyUnicode_AsUTF8AndSize(h.ptr(), &size);
      if (!data) {  // a lone surrogate (text decoded with errors="surrogateescape"): no UTF-8 form
        PyErr_Clear();
        throw InputError("text cell " + std::to_string(out.size()) + " holds a character that has no UTF-8 form "
                         "(a lone surrogate); decode the file in its real encoding");
      }
      out.emplace_back(data, static_cast<std::size_t>(size));
    } else if (h.is_none() || (PyFloat_Check(h.ptr()) && std::isnan(PyFloat_AsDouble(h.ptr())))) {
      out.emplace_back();
    } else {
      out.emplace_back(py::str(h).cast<std::string>());
    }
  }
  return out;
}

template <class T>
std::vector<T> number_column(const py::dict& columns, const char* name) {
  if (!columns.contains(name) || columns[name].is_none()) return {};
  const auto a = columns[name].cast<input_array<T>>();
  return {a.data(), a.data() + a.size()};
}

std::vector<std::string> text_column(const py::dict& columns, const char* name) {
  return columns.contains(name) ? text_column(columns[name]) : std::vector<std::string>{};
}

std::vector<Column> attribute_columns(const py::dict& columns) {
  std::vector<Column> out;
  if (!columns.contains("attributes")) return out;
  for (const py::handle item : columns["attributes"]) {
    const auto t = py::reinterpret_borrow<py::tuple>(item);
    out.push_back(column_from_python(t[0].cast<std::string>(), t[1].cast<std::string>(), t[2], t[3]));
  }
  return out;
}

// The columns of a BuildingTable by name, for both directions of the conversion.
using TextMember = std::vector<std::string> ingest::BuildingTable::*;
using NumberMember = std::vector<double> ingest::BuildingTable::*;
using CountMember = std::vector<std::int64_t> ingest::BuildingTable::*;
constexpr std::pair<const char*, TextMember> building_text[] = {
    {"district", &ingest::BuildingTable::district}, {"street", &ingest::BuildingTable::street},
    {"community", &ingest::BuildingTable::community}, {"compound", &ingest::BuildingTable::compound},
    {"building", &ingest::BuildingTable::building}, {"name", &ingest::BuildingTable::name},
    {"grid", &ingest::BuildingTable::grid}};
constexpr std::pair<const char*, NumberMember> building_numbers[] = {
    {"lon", &ingest::BuildingTable::lon}, {"lat", &ingest::BuildingTable::lat},
    {"x", &ingest::BuildingTable::x}, {"y", &ingest::BuildingTable::y}};
constexpr std::pair<const char*, CountMember> building_counts[] = {
    {"households", &ingest::BuildingTable::households}, {"residents", &ingest::BuildingTable::residents},
    {"elderly_alone", &ingest::BuildingTable::elderly_alone}, {"disabled", &ingest::BuildingTable::disabled},
    {"key_persons", &ingest::BuildingTable::key_persons}, {"renters", &ingest::BuildingTable::renters},
    {"registered_elsewhere", &ingest::BuildingTable::registered_elsewhere}, {"floors", &ingest::BuildingTable::floors},
    {"units", &ingest::BuildingTable::units}, {"buildings", &ingest::BuildingTable::buildings}};

ingest::BuildingTable building_table(const py::dict& c) {
  ingest::BuildingTable t;
  for (auto [name, member] : building_text) t.*member = text_column(c, name);
  for (auto [name, member] : building_numbers) t.*member = number_column<double>(c, name);
  for (auto [name, member] : building_counts) t.*member = number_column<std::int64_t>(c, name);
  t.attributes = attribute_columns(c);
  t.row_labels = text_column(c, "row_labels");
  return t;
}

/// The columns places and workers tables share.
template <class Table>
void common_other_columns(Table& t, const py::dict& c) {
  t.community = text_column(c, "community");
  t.name = text_column(c, "name");
  for (auto [name, column] : {std::pair{"lon", &t.lon}, {"lat", &t.lat}, {"x", &t.x}, {"y", &t.y}})
    *column = number_column<double>(c, name);
  t.attributes = attribute_columns(c);
  t.row_labels = text_column(c, "row_labels");
}

ingest::PlaceTable place_table(const py::dict& c) {
  ingest::PlaceTable t;
  common_other_columns(t, c);
  t.place = text_column(c, "place");
  t.type = text_column(c, "type");
  t.grid = text_column(c, "grid");
  return t;
}

ingest::WorkerTable worker_table(const py::dict& c) {
  ingest::WorkerTable t;
  common_other_columns(t, c);
  t.worker = text_column(c, "worker");
  t.type = text_column(c, "type");
  if (c.contains("grids"))
    for (const py::handle grids : c["grids"]) t.grids.push_back(text_column(grids));
  return t;
}

ingest::IngestOptions ingest_options(const py::dict& o) {
  ingest::IngestOptions out;
  auto text = [&](const char* key) { return o.contains(key) && !o[key].is_none() ? py::str(o[key]).cast<std::string>() : std::string(); };
  out.county_code = text("county_code");
  out.city_code = text("city_code");
  out.name = text("name");
  if (o.contains("origin") && !o["origin"].is_none()) {
    const auto origin = o["origin"].cast<std::pair<double, double>>();
    out.origin = ingest::LonLat{origin.first, origin.second};
  }
  if (o.contains("max_edge") && !o["max_edge"].is_none()) out.max_edge = o["max_edge"].cast<double>();
  if (o.contains("split_spacing")) out.split_spacing = o["split_spacing"].cast<double>();
  if (o.contains("expand_households")) out.expand_households = o["expand_households"].cast<bool>();
  if (o.contains("keep_outliers")) out.keep_outliers = o["keep_outliers"].cast<bool>();
  if (o.contains("validate")) out.validate = validate_arg(o["validate"].cast<std::string>());
  if (o.contains("metadata")) out.metadata = o["metadata"].cast<std::map<std::string, std::string>>();
  return out;
}

}  // namespace

py::dict building_columns(const ingest::BuildingTable& t) {
  py::dict out;
  for (auto [name, member] : building_text)
    if (!(t.*member).empty()) out[name] = py::cast(t.*member);
  for (auto [name, member] : building_numbers)
    if (!(t.*member).empty()) out[name] = owned_array(std::vector(t.*member));
  for (auto [name, member] : building_counts)
    if (!(t.*member).empty()) out[name] = owned_array(std::vector(t.*member));
  return out;
}

void register_ingest(py::module_& m) {
  m.attr("ABSENT_COUNT") = ingest::absent;
  m.def(
      "from_buildings",
      [](const py::dict& buildings, const std::string& crs, const py::dict& options, const std::optional<py::dict>& places,
         const std::optional<py::dict>& workers, const py::object& progress) {
        const ingest::BuildingTable table = building_table(buildings);
        const ingest::PlaceTable place_rows = places ? place_table(*places) : ingest::PlaceTable{};
        const ingest::WorkerTable worker_rows = workers ? worker_table(*workers) : ingest::WorkerTable{};
        ingest::IngestOptions o = ingest_options(options);
        const ingest::Crs system = ingest::parse_crs(crs);
        if (!progress.is_none())
          o.progress = [&progress](std::string_view step, double done) {
            py::gil_scoped_acquire acquire;
            progress(std::string(step), done);
          };
        py::gil_scoped_release release;
        return ingest::from_buildings(table, system, o, place_rows, worker_rows);
      },
      py::arg("buildings"), py::arg("crs"), py::arg("options"), py::arg("places") = py::none(),
      py::arg("workers") = py::none(), py::arg("progress") = py::none(),
      "A Model from a buildings table given as a dict of columns (see gridgov::ingest::BuildingTable); "
      "progress(step, share_done) is called now and then.");
  m.def(
      "check_buildings",
      [](const py::dict& buildings, const std::string& crs) {
        const ingest::BuildingTable table = building_table(buildings);
        py::list out;
        for (const auto& p : ingest::check_buildings(table, ingest::parse_crs(crs)))
          out.append(py::make_tuple(p.row == ingest::TableProblem::no_row ? py::ssize_t{-1} : static_cast<py::ssize_t>(p.row),
                                    p.column, p.value, p.problem));
        return out;
      },
      py::arg("buildings"), py::arg("crs"),
      "The problems from_buildings would refuse in a buildings table (gridgov::ingest::check_buildings), as "
      "(row index or -1 for the whole table, column, value, problem) tuples.");
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
