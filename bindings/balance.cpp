// Python bindings for the balance area: partition, partition_quality, assign and the CSR helper.
// The pure-Python face (python/gridgov/balance.py) converts scipy matrices and edge lists; these
// functions take flat numpy arrays, release the GIL while they work, and hand back arrays that
// own the C++ vectors (no copy).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "bindings.hpp"
#include "gridgov/balance/assign.hpp"
#include "gridgov/balance/partition.hpp"
#include "gridgov/balance/quality.hpp"
#include "gridgov/core/csr.hpp"

namespace gridgov::python {

namespace {

using balance::AssignResult;
using balance::PartitionOptions;
using balance::PartitionQuality;
using balance::PartitionResult;

template <class T>
using In = input_array<T>;

template <class T>
std::span<const T> span_of(const In<T>& a) {
  return as_span(a);
}

template <class T>
std::span<const T> span_of(const std::optional<In<T>>& a) {
  return a ? as_span(*a) : std::span<const T>{};
}

CsrView view_of(const In<std::int64_t>& offsets, const In<std::int32_t>& targets) {
  return {span_of(offsets), span_of(targets)};
}

int columns_of(const In<double>& weights) {
  if (weights.ndim() == 1) return 1;
  if (weights.ndim() == 2) return static_cast<int>(weights.shape(1));
  throw InputError("weights must be a 1-d (n,) or 2-d (n, d) array");
}

py::dict quality_dict(const PartitionQuality& q, int d) {
  py::dict out;
  out["parts"] = q.parts;
  out["max_ratio"] = owned_array(std::vector<double>(q.max_ratio));
  out["min_ratio"] = owned_array(std::vector<double>(q.min_ratio));
  out["cut_edges"] = q.cut_edges;
  out["disconnected_parts"] = q.disconnected_parts;
  out["empty_parts"] = q.empty_parts;
  out["part_weight"] = owned_array(std::vector<double>(q.part_weight), {q.parts, d});
  out["pieces"] = owned_array(std::vector<std::int32_t>(q.pieces));
  return out;
}

}  // namespace

void register_balance(py::module_& m) {
  m.def(
      "_csr_from_edges",
      [](std::int64_t n, const In<std::int64_t>& edges) {
        if (edges.ndim() != 2 || edges.shape(1) != 2) throw InputError("edges must be an (m, 2) integer array");
        if (n < 0 || n > std::numeric_limits<node_id>::max()) throw InputError("number of nodes out of range");
        std::vector<std::pair<node_id, node_id>> list(static_cast<std::size_t>(edges.shape(0)));
        auto e = edges.unchecked<2>();
        for (py::ssize_t i = 0; i < edges.shape(0); ++i) {
          for (int j = 0; j < 2; ++j)
            if (e(i, j) < 0 || e(i, j) >= n)
              throw InputError("edge " + std::to_string(i) + " names node " + std::to_string(e(i, j)) +
                               ", outside [0, " + std::to_string(n) + ")");
          list[i] = {static_cast<node_id>(e(i, 0)), static_cast<node_id>(e(i, 1))};
        }
        CsrGraph g;
        {
          py::gil_scoped_release release;
          g = csr_from_edges(static_cast<node_id>(n), list);
        }
        return py::make_tuple(owned_array(std::move(g.offsets)), owned_array(std::move(g.targets)));
      },
      py::arg("n"), py::arg("edges"),
      "CSR (offsets int64, targets int32) of an undirected edge list; duplicates merged, self loops rejected.");

  m.def(
      "_partition",
      [](const In<std::int64_t>& offsets, const In<std::int32_t>& targets, const In<double>& weights,
         const In<std::int32_t>& ks, double tol, std::optional<In<double>> lower, std::optional<In<double>> upper,
         std::uint64_t seed, std::optional<In<std::int32_t>> regions, std::optional<In<std::int32_t>> fixed,
         std::optional<In<std::int32_t>> initial, bool strict, int vcycles) {
        const int d = columns_of(weights);
        PartitionOptions opt;
        opt.tol = tol;
        if (lower) opt.lower.assign(lower->data(), lower->data() + lower->size());
        if (upper) opt.upper.assign(upper->data(), upper->data() + upper->size());
        opt.seed = seed;
        opt.regions = span_of(regions);
        opt.fixed = span_of(fixed);
        opt.initial = span_of(initial);
        opt.strict = strict;
        opt.vcycles = vcycles;
        PartitionResult res;
        {
          py::gil_scoped_release release;
          res = balance::partition(view_of(offsets, targets), span_of(weights), d, span_of(ks), opt);
        }
        py::dict report;
        report["violations"] = res.report.violations;
        report["moved_nodes"] = res.report.moved_nodes;
        report["moved_weight"] = owned_array(std::move(res.report.moved_weight));
        const auto k = static_cast<py::ssize_t>(res.report.part_region.size());
        report["part_region"] = owned_array(std::move(res.report.part_region));
        report["part_lower"] = owned_array(std::move(res.report.part_lower), {k, d});
        report["part_upper"] = owned_array(std::move(res.report.part_upper), {k, d});
        return py::make_tuple(owned_array(std::move(res.labels)), report);
      },
      py::arg("offsets"), py::arg("targets"), py::arg("weights"), py::arg("ks"), py::arg("tol"), py::arg("lower"),
      py::arg("upper"), py::arg("seed"), py::arg("regions"), py::arg("fixed"), py::arg("initial"), py::arg("strict"),
      py::arg("vcycles") = 1);

  m.def(
      "_partition_quality",
      [](const In<std::int64_t>& offsets, const In<std::int32_t>& targets, const In<double>& weights,
         const In<std::int32_t>& labels, std::int32_t k) {
        const int d = columns_of(weights);
        PartitionQuality q;
        {
          py::gil_scoped_release release;
          q = balance::partition_quality(view_of(offsets, targets), span_of(weights), d, span_of(labels), k);
        }
        return quality_dict(q, d);
      },
      py::arg("offsets"), py::arg("targets"), py::arg("weights"), py::arg("labels"), py::arg("k") = -1);

  m.def(
      "_assign",
      [](const In<double>& cost, const In<std::int64_t>& capacity, std::optional<In<std::int64_t>> minimum) {
        if (cost.ndim() != 2) throw InputError("cost must be a 2-d (workers, grids) array");
        AssignResult res;
        {
          py::gil_scoped_release release;
          res = balance::min_cost_assignment(span_of(cost), static_cast<std::int32_t>(cost.shape(0)),
                                            static_cast<std::int32_t>(cost.shape(1)), span_of(capacity),
                                            span_of(minimum));
        }
        return py::make_tuple(owned_array(std::move(res.grid)), res.total_cost);
      },
      py::arg("cost"), py::arg("capacity"), py::arg("minimum") = py::none());
}

}  // namespace gridgov::python
