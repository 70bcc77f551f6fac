// Python bindings for the ingest area: buildings table -> model, coordinates, adjacency.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>

#include "arrays.hpp"
#include "bindings.hpp"
#include "gridgov/ingest/adjacency.hpp"

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

}  // namespace

void register_ingest(py::module_& m) {
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
