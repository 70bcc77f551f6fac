// Python bindings for the coverage area: the radius matrix, the location models, the OR-Library
// reader, and (on a gridgov::Model) the audit and reach.
#include "arrays.hpp"
#include "bindings.hpp"

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

std::span<const double> points(const carray<double>& a, const char* what) {
  if (!(a.ndim() == 2 && a.shape(1) == 2) && !(a.ndim() == 1 && a.size() == 0))
    throw InputError(std::string(what) + " must be an (n, 2) array of x, y coordinates");
  return as_span(a);
}

py::tuple csr_tuple(SparseDistances&& s) {
  const auto rows = s.rows, cols = s.cols;
  return py::make_tuple(owned_array(std::move(s.distances)), owned_array(std::move(s.indices)), owned_array(std::move(s.indptr)),
                        py::make_tuple(rows, cols));
}

/// The cost input of a location model: a dense 2-D array, or (data, indices, indptr, shape).
struct CostInput {
  carray<double> dense, data;
  carray<std::int32_t> indices;
  carray<std::int64_t> indptr;
  CostView view;
};

void read_costs(CostInput& in, const py::object& dense, const py::object& data, const py::object& indices,
                const py::object& indptr, const py::object& shape) {
  if (!dense.is_none()) {
    in.dense = dense.cast<carray<double>>();
    if (in.dense.ndim() != 2) throw InputError("cost must be a 2-D demand x site array (or a scipy.sparse matrix)");
    in.view.rows = static_cast<node_id>(in.dense.shape(0));
    in.view.cols = static_cast<node_id>(in.dense.shape(1));
    in.view.dense = as_span(in.dense);
    return;
  }
  in.data = data.cast<carray<double>>();
  in.indices = indices.cast<carray<std::int32_t>>();
  in.indptr = indptr.cast<carray<std::int64_t>>();
  auto sh = shape.cast<std::pair<std::int64_t, std::int64_t>>();
  in.view.rows = static_cast<node_id>(sh.first);
  in.view.cols = static_cast<node_id>(sh.second);
  in.view.indptr = as_span(in.indptr);
  in.view.indices = as_span(in.indices);
  in.view.values = as_span(in.data);
  if (in.view.indptr.empty()) throw InputError("sparse cost matrix has no indptr");
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

/// Reads the cost input, then runs a location model on it without the GIL.
template <class Solve>
py::dict solve_on(const py::object& dense, const py::object& data, const py::object& indices, const py::object& indptr,
                  const py::object& shape, Solve&& solve) {
  CostInput in;
  read_costs(in, dense, data, indices, indptr, shape);
  LocationResult r;
  {
    py::gil_scoped_release release;
    r = solve(in.view);
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

}  // namespace

void register_coverage(py::module_& m) {
  m.def(
      "_coverage_euclidean",
      [](const carray<double>& demand_xy, const carray<double>& site_xy, double radius) {
        auto d = points(demand_xy, "demand_xy");
        auto s = points(site_xy, "site_xy");
        SparseDistances out;
        {
          py::gil_scoped_release release;
          out = euclidean_coverage(d, s, radius);
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
      [](py::object dense, py::object data, py::object indices, py::object indptr, py::object shape, std::int64_t p,
         py::object weights, py::object fixed, std::uint64_t seed) {
        auto w = weight_list(weights);
        auto f = id_list(fixed);
        PMedianOptions opt;
        opt.seed = seed;
        return solve_on(dense, data, indices, indptr, shape,
                        [&](const CostView& c) { return p_median(c, site_count(p), w, f, opt); });
      },
      py::arg("dense"), py::arg("data"), py::arg("indices"), py::arg("indptr"), py::arg("shape"), py::arg("p"),
      py::arg("weights"), py::arg("fixed"), py::arg("seed"));
  m.def(
      "_p_center",
      [](py::object dense, py::object data, py::object indices, py::object indptr, py::object shape, std::int64_t p,
         py::object fixed, std::int64_t max_nodes) {
        auto f = id_list(fixed);
        return solve_on(dense, data, indices, indptr, shape,
                        [&](const CostView& c) { return p_center(c, site_count(p), f, node_budget(max_nodes)); });
      },
      py::arg("dense"), py::arg("data"), py::arg("indices"), py::arg("indptr"), py::arg("shape"), py::arg("p"),
      py::arg("fixed"), py::arg("max_nodes"));
  m.def(
      "_lscp",
      [](py::object dense, py::object data, py::object indices, py::object indptr, py::object shape, double radius,
         py::object fixed, std::int64_t max_nodes) {
        auto f = id_list(fixed);
        SetCoverOptions opt;
        opt.max_nodes = node_budget(max_nodes);
        return solve_on(dense, data, indices, indptr, shape, [&](const CostView& c) { return lscp(c, radius, f, opt); });
      },
      py::arg("dense"), py::arg("data"), py::arg("indices"), py::arg("indptr"), py::arg("shape"), py::arg("radius"),
      py::arg("fixed"), py::arg("max_nodes"));
  m.def(
      "_mclp",
      [](py::object dense, py::object data, py::object indices, py::object indptr, py::object shape, double radius,
         std::int64_t p, py::object weights, py::object fixed, std::int64_t max_nodes) {
        auto w = weight_list(weights);
        auto f = id_list(fixed);
        MclpOptions opt;
        opt.max_nodes = node_budget(max_nodes);
        return solve_on(dense, data, indices, indptr, shape,
                        [&](const CostView& c) { return mclp(c, radius, site_count(p), w, f, opt); });
      },
      py::arg("dense"), py::arg("data"), py::arg("indices"), py::arg("indptr"), py::arg("shape"), py::arg("radius"),
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
      },
      py::arg("model"), py::arg("facility"), py::arg("metric"));
}

}  // namespace gridgov::python
