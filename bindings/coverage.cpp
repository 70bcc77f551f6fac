// Python bindings for the coverage area: the radius matrix, the location models, the OR-Library
// reader, and (on a gridgov::Model) the audit and reach.
#include "arrays.hpp"
#include "bindings.hpp"

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gridgov/coverage/audit.hpp"
#include "gridgov/coverage/coverage_matrix.hpp"
#include "gridgov/coverage/lscp.hpp"
#include "gridgov/coverage/mclp.hpp"
#include "gridgov/coverage/orlib.hpp"
#include "gridgov/coverage/p_center.hpp"
#include "gridgov/coverage/p_median.hpp"
#include "gridgov/coverage/reach.hpp"

namespace gridgov::python {

namespace {

using namespace gridgov::coverage;

template <class T>
using carray = input_array<T>;

py::tuple csr_tuple(SparseDistances&& s) {
  const auto rows = s.rows, cols = s.cols;
  return py::make_tuple(owned_array(std::move(s.distances)), owned_array(std::move(s.indices)), owned_array(std::move(s.indptr)),
                        py::make_tuple(rows, cols));
}

py::dict result_dict(LocationResult&& r) {
  py::dict d;
  d["sites"] = owned_array(std::move(r.sites));
  d["objective"] = r.objective;
  if (!r.assignment.empty()) d["assignment"] = owned_array(std::move(r.assignment));
  if (!r.covered.empty()) {
    py::array_t<bool> cov(static_cast<py::ssize_t>(r.covered.size()));
    auto* out = cov.mutable_data();
    for (std::size_t i = 0; i < r.covered.size(); ++i) out[i] = r.covered[i] != 0;
    d["covered"] = cov;
  }
  d["bound"] = r.bound;
  d["gap"] = r.gap;
  d["iterations"] = r.iterations;
  return d;
}

std::vector<node_id> id_list(const py::object& o) {
  if (o.is_none()) return {};
  auto a = o.cast<carray<std::int64_t>>();
  std::vector<node_id> v;
  for (py::ssize_t k = 0; k < a.size(); ++k) {
    const auto x = a.data()[k];
    if (x < std::numeric_limits<node_id>::min() || x > std::numeric_limits<node_id>::max())
      throw InputError("fixed[" + std::to_string(k) + "] = " + std::to_string(x) + " is not a site index");
    v.push_back(static_cast<node_id>(x));
  }
  return v;
}

std::vector<double> weight_list(const py::object& o) {
  if (o.is_none()) return {};
  auto a = o.cast<carray<double>>();
  if (a.ndim() != 1) throw InputError("weights must be a 1-D array, one weight per demand");
  return {a.data(), a.data() + a.size()};
}

/// Runs a location model without the GIL on its cost input: a numpy array through pybind11's
/// Eigen caster (a C-ordered float64 array without a copy; anything else converted once), a
/// scipy.sparse matrix as CSR (its arrays copied once by the caster).
template <class Solve>
py::dict solve_on(const py::object& cost, Solve&& solve) {
  LocationResult r;
  if (py::isinstance<py::array>(cost)) {
    py::detail::make_caster<DenseRef> dense;
    if (!dense.load(cost, true)) throw InputError("cost must be a 2-D demand x site array of numbers (or a scipy.sparse matrix)");
    const DenseRef& costs = py::detail::cast_op<const DenseRef&>(dense);
    py::gil_scoped_release release;
    r = solve(costs);
  } else {
    py::detail::make_caster<SparseRows> sparse;
    if (!sparse.load(cost, true)) throw InputError("cost must be a 2-D demand x site array or a scipy.sparse matrix");
    const SparseRows& costs = py::detail::cast_op<const SparseRows&>(sparse);
    py::gil_scoped_release release;
    r = solve(costs);
  }
  return result_dict(std::move(r));
}

/// p as a node_id; out-of-range values become -1 or a huge count, which the models reject by name.
node_id site_count(std::int64_t p) { return static_cast<node_id>(std::clamp<std::int64_t>(p, -1, 1 << 30)); }

/// A branch-and-bound node budget (at least one node: the root).
std::int64_t node_budget(std::int64_t max_nodes) {
  if (max_nodes < 1) throw InputError("max_nodes must be >= 1, got " + std::to_string(max_nodes));
  return max_nodes;
}

/// A reach result for Python: codes (None for none) and the distances.
py::dict reach_dict(const Model& model, ReachResult r) {
  const auto codes = [&](const std::vector<node_id>& ids) {
    py::list out;
    for (node_id v : ids) out.append(v == no_node ? py::object(py::none()) : py::object(py::str(std::string(model.code(v)))));
    return out;
  };
  py::dict d;
  d["household"] = codes(r.household);
  d["building"] = codes(r.building);
  d["community"] = codes(r.community);
  d["facility"] = codes(r.facility);
  d["facilities"] = codes(r.facilities);
  d["distance"] = owned_array(std::move(r.distance));
  return d;
}

}  // namespace

void register_coverage(py::module_& m) {
  m.def(
      "_coverage_euclidean",
      [](const DenseRef& demand_xy, const DenseRef& site_xy, double radius) {
        SparseDistances out;
        {
          py::gil_scoped_release release;
          out = euclidean_coverage(demand_xy, site_xy, radius);
        }
        return csr_tuple(std::move(out));
      },
      py::arg("demand_xy"), py::arg("site_xy"), py::arg("radius"));
  m.def(
      "_coverage_network",
      [](const carray<std::int64_t>& offsets, const carray<std::int32_t>& targets, const carray<double>& lengths,
         const carray<std::int32_t>& demand_nodes, const carray<std::int32_t>& site_nodes, double radius) {
        SparseDistances out;
        {
          py::gil_scoped_release release;
          CsrView g{as_span(offsets), as_span(targets)};
          out = network_coverage(g, as_span(lengths), as_span(demand_nodes), as_span(site_nodes), radius);
        }
        return csr_tuple(std::move(out));
      },
      py::arg("offsets"), py::arg("targets"), py::arg("lengths"), py::arg("demand_nodes"), py::arg("site_nodes"),
      py::arg("radius"));
  m.def(
      "_p_median",
      [](const py::object& cost, std::int64_t p, const py::object& weights, const py::object& fixed, std::uint64_t seed,
         std::int64_t exhaustive_work) {
        auto w = weight_list(weights);
        auto f = id_list(fixed);
        if (exhaustive_work < 0) throw InputError("exhaustive_work must be >= 0, got " + std::to_string(exhaustive_work));
        PMedianOptions opt;
        opt.seed = seed;
        opt.exhaustive_work = exhaustive_work;
        return solve_on(cost, [&](const auto& c) { return p_median(c, site_count(p), w, f, opt); });
      },
      py::arg("cost"), py::arg("p"),
      py::arg("weights"), py::arg("fixed"), py::arg("seed"), py::arg("exhaustive_work"));
  m.def(
      "_p_center",
      [](const py::object& cost, std::int64_t p, const py::object& fixed, std::int64_t max_nodes) {
        auto f = id_list(fixed);
        return solve_on(cost, [&](const auto& c) { return p_center(c, site_count(p), f, node_budget(max_nodes)); });
      },
      py::arg("cost"), py::arg("p"),
      py::arg("fixed"), py::arg("max_nodes"));
  m.def(
      "_lscp",
      [](const py::object& cost, double radius, const py::object& fixed, std::int64_t max_nodes) {
        auto f = id_list(fixed);
        SetCoverOptions opt;
        opt.max_nodes = node_budget(max_nodes);
        return solve_on(cost, [&](const auto& c) { return lscp(c, radius, f, opt); });
      },
      py::arg("cost"), py::arg("radius"),
      py::arg("fixed"), py::arg("max_nodes"));
  m.def(
      "_mclp",
      [](const py::object& cost, double radius, std::int64_t p, const py::object& weights, const py::object& fixed,
         std::int64_t max_nodes) {
        auto w = weight_list(weights);
        auto f = id_list(fixed);
        MclpOptions opt;
        opt.max_nodes = node_budget(max_nodes);
        return solve_on(cost, [&](const auto& c) { return mclp(c, radius, site_count(p), w, f, opt); });
      },
      py::arg("cost"), py::arg("radius"),
      py::arg("p"), py::arg("weights"), py::arg("fixed"), py::arg("max_nodes"));
  m.def(
      "_orlib_pmed_costs",
      [](const std::string& path) {
        OrlibPmed inst;
        {
          py::gil_scoped_release release;
          inst = read_orlib_pmed(path);
        }
        auto n = inst.n;
        auto flat = owned_array(std::move(inst.costs));
        return py::make_tuple(flat.reshape({static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(n)}), inst.p);
      },
      py::arg("path"));
  m.def(
      "_audit",
      [](const Model& model, std::int64_t min_grid, std::int64_t max_grid, std::int64_t min_worker, std::int64_t max_worker) {
        AuditOptions opt{min_grid, max_grid, min_worker, max_worker};
        if (opt.min_grid_households > opt.max_grid_households || opt.min_worker_households > opt.max_worker_households)
          throw InputError("audit bounds: the lower household bound is above the upper one");
        std::vector<Finding> findings;
        {
          py::gil_scoped_release release;
          findings = audit(model, opt);
        }
        py::list out;
        for (const auto& f : findings) out.append(py::make_tuple(f.rule, f.severity, f.kind, f.code, f.detail));
        return out;
      },
      py::arg("model"), py::arg("min_grid_households"), py::arg("max_grid_households"),
      py::arg("min_worker_households"), py::arg("max_worker_households"));
  m.def(
      "_reach",
      [](const Model& model, const std::string& facility, const std::string& metric) {
        ReachMetric how;
        if (metric == "euclidean") how = ReachMetric::euclidean;
        else if (metric == "network") how = ReachMetric::network;
        else throw InputError("metric must be 'euclidean' or 'network', got '" + metric + "'");
        ReachResult r;
        {
          py::gil_scoped_release release;
          r = reach(model, facility, how);
        }
        return reach_dict(model, std::move(r));
      },
      py::arg("model"), py::arg("facility"), py::arg("metric"));
  m.def(
      "_reach_street_network",
      [](const Model& model, const std::string& facility, const carray<std::int64_t>& offsets,
         const carray<std::int32_t>& targets, const carray<double>& lengths, const carray<std::int32_t>& node_of) {
        ReachResult r;
        {
          py::gil_scoped_release release;
          StreetNetwork net{CsrView{as_span(offsets), as_span(targets)}, as_span(lengths), as_span(node_of)};
          r = reach(model, facility, net);
        }
        return reach_dict(model, std::move(r));
      },
      py::arg("model"), py::arg("facility"), py::arg("offsets"), py::arg("targets"), py::arg("lengths"),
      py::arg("node_of"));
}

}  // namespace gridgov::python
