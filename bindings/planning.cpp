// Python bindings for the planning area: draw_grids (GridPlan) and assign_workers, and the
// workload score. Conversion only: gridgov.grids builds the pandas tables.
#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "bindings.hpp"
#include "gridgov/model/workload.hpp"
#include "gridgov/planning/draw_grids.hpp"
#include "gridgov/planning/staffing.hpp"

namespace gridgov::python {

namespace {

using planning::GridPlan;

WorkloadWeights weights_from(const std::vector<std::pair<std::string, double>>& terms) {
  WorkloadWeights out;
  for (const auto& [attribute, weight] : terms) out.push_back({attribute, weight});
  return out;
}

py::dict grid_table(const GridPlan& plan) {
  const auto& grids = plan.grids();
  const auto d = plan.weight_names().size();
  std::vector<std::string> code, community, name, kept_from, status;
  std::vector<std::int32_t> buildings;
  std::vector<std::int64_t> households;
  std::vector<double> x, y, work(grids.size() * d);
  std::vector<std::uint8_t> in_band;
  for (std::size_t i = 0; i < grids.size(); ++i) {
    const auto& g = grids[i];
    code.push_back(g.code);
    community.push_back(g.community);
    name.push_back(g.name);
    kept_from.push_back(g.kept_from);
    status.push_back(g.status);
    buildings.push_back(g.buildings);
    households.push_back(g.households);
    x.push_back(g.x);
    y.push_back(g.y);
    in_band.push_back(g.in_band);
    for (std::size_t c = 0; c < d; ++c) work[i * d + c] = g.workload[c];
  }
  py::dict t;
  t["grid"] = code;
  t["community"] = community;
  t["name"] = name;
  t["buildings"] = owned_array(std::move(buildings));
  t["households"] = owned_array(std::move(households));
  t["workload"] = owned_array(std::move(work), {static_cast<py::ssize_t>(grids.size()), static_cast<py::ssize_t>(d)});
  t["x"] = owned_array(std::move(x));
  t["y"] = owned_array(std::move(y));
  t["kept_from"] = kept_from;
  t["status"] = status;
  t["in_band"] = owned_array(std::move(in_band));
  return t;
}

py::dict quality_table(const GridPlan& plan) {
  const auto& rows = plan.quality();
  const auto d = plan.weight_names().size();
  std::vector<std::string> community, source, finding;
  std::vector<std::int32_t> grids, disconnected, empty;
  std::vector<std::int64_t> cut;
  std::vector<double> max_ratio(rows.size() * d), min_ratio(rows.size() * d), hmin, hmax, hmean, in_band, tol;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& q = rows[i];
    community.push_back(q.community);
    grids.push_back(q.grids);
    for (std::size_t c = 0; c < d; ++c) max_ratio[i * d + c] = q.max_ratio[c], min_ratio[i * d + c] = q.min_ratio[c];
    cut.push_back(q.cut_edges);
    disconnected.push_back(q.disconnected_grids);
    empty.push_back(q.empty_grids);
    hmin.push_back(q.households_min);
    hmax.push_back(q.households_max);
    hmean.push_back(q.households_mean);
    in_band.push_back(q.in_band);
    tol.push_back(q.tol);
    source.push_back(q.graph_source);
    finding.push_back(q.finding);
  }
  const auto shape = std::vector<py::ssize_t>{static_cast<py::ssize_t>(rows.size()), static_cast<py::ssize_t>(d)};
  py::dict t;
  t["community"] = community;
  t["grids"] = owned_array(std::move(grids));
  t["max_ratio"] = owned_array(std::move(max_ratio), shape);
  t["min_ratio"] = owned_array(std::move(min_ratio), shape);
  t["cut_edges"] = owned_array(std::move(cut));
  t["disconnected_grids"] = owned_array(std::move(disconnected));
  t["empty_grids"] = owned_array(std::move(empty));
  t["households_min"] = owned_array(std::move(hmin));
  t["households_max"] = owned_array(std::move(hmax));
  t["households_mean"] = owned_array(std::move(hmean));
  t["in_band"] = owned_array(std::move(in_band));
  t["tol"] = owned_array(std::move(tol));
  t["graph_source"] = source;
  t["finding"] = finding;
  return t;
}

}  // namespace

void register_planning(py::module_& m) {
  m.def(
      "workload",
      [](const Model& model, const std::vector<std::pair<std::string, double>>& terms, const std::string& kind) {
        return owned_array(workload(model, weights_from(terms), parse_kind(kind)));
      },
      py::arg("model"), py::arg("terms"), py::arg("kind") = "building",
      "The workload score of every node of a kind: terms are (attribute, weight) pairs.");
  m.def("default_workload_weights", [] {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& t : default_workload_weights()) out.emplace_back(t.attribute, t.weight);
    return out;
  });
  m.def("available_workload_weights", [](const Model& model) {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& t : available_workload_weights(model)) out.emplace_back(t.attribute, t.weight);
    return out;
  });

  py::class_<GridPlan>(m, "GridPlan", "A redraw of residential grids (C++). Use gridgov.GridPlan.")
      .def_property_readonly("model", &GridPlan::model)
      .def("labels", &GridPlan::labels)
      .def("current", &GridPlan::current)
      .def("moved", &GridPlan::moved)
      .def("grid_count", &GridPlan::grid_count)
      .def("grid_table", &grid_table)
      .def("quality_table", &quality_table)
      .def("weight_names", &GridPlan::weight_names)
      .def("band",
           [](const GridPlan& p) -> py::object {
             if (!p.band()) return py::none();
             return py::make_tuple(p.band()->low, p.band()->high);
           })
      .def("warnings", &GridPlan::warnings)
      .def("staffing_changes",
           [](const GridPlan& p) {
             const auto& c = p.staffing_changes();
             py::dict d;
             d["surplus_workers"] = c.surplus_workers;
             d["workers_needed"] = c.workers_needed;
             d["moved_party_groups"] = c.moved_party_groups;
             d["merged_party_groups"] = c.merged_party_groups;
             d["decisions"] = c.decisions;
             return d;
           })
      .def("apply", [](const GridPlan& p) {
        py::gil_scoped_release release;
        return p.apply();
      });

  m.def(
      "draw_grids",
      [](const Model& model, const std::vector<std::string>& communities, std::optional<std::int32_t> k,
         const std::map<std::string, std::int32_t>& k_per_community, std::optional<std::pair<double, double>> households,
         const std::vector<std::vector<std::pair<std::string, double>>>& weights, double tol, std::uint64_t seed,
         bool fix_current, const std::map<std::string, std::string>& fixed, bool strict, bool incremental, unsigned threads) {
        planning::DrawOptions o;
        o.communities = communities;
        o.k = k;
        o.k_per_community = k_per_community;
        if (households) o.households = planning::HouseholdBand{households->first, households->second};
        else o.households.reset();
        for (const auto& w : weights) o.weights.push_back(weights_from(w));
        o.tol = tol;
        o.seed = seed;
        o.fix_current = fix_current;
        o.fixed = fixed;
        o.strict = strict;
        o.incremental = incremental;
        o.threads = threads;
        py::gil_scoped_release release;
        return planning::draw_grids(model, o);
      },
      py::arg("model"), py::arg("communities"), py::arg("k"), py::arg("k_per_community"), py::arg("households"),
      py::arg("weights"), py::arg("tol"), py::arg("seed"), py::arg("fix_current"), py::arg("fixed"), py::arg("strict"),
      py::arg("incremental"), py::arg("threads") = 0);

  m.def(
      "assign_workers",
      [](const Model& model, std::optional<std::int32_t> parttime_per_grid,
         const std::map<std::string, std::int32_t>& by_code, const std::vector<std::pair<std::string, double>>& weights) {
        planning::StaffingOptions o;
        o.parttime_per_grid = parttime_per_grid;
        o.parttime_per_grid_by_code = by_code;
        o.weights = weights_from(weights);
        planning::Staffing s;
        {
          py::gil_scoped_release release;
          s = planning::assign_workers(model, o);
        }
        std::vector<std::string> worker, subkind, community, before, after;
        std::vector<double> d_before, d_after;
        for (const auto& mv : s.moves) {
          worker.push_back(mv.worker);
          subkind.push_back(mv.subkind);
          community.push_back(mv.community);
          before.push_back(mv.grid_before);
          after.push_back(mv.grid_after);
          d_before.push_back(mv.distance_before);
          d_after.push_back(mv.distance_after);
        }
        py::dict moves;
        moves["worker"] = worker;
        moves["subkind"] = subkind;
        moves["community"] = community;
        moves["grid_before"] = before;
        moves["grid_after"] = after;
        moves["distance_before"] = owned_array(std::move(d_before));
        moves["distance_after"] = owned_array(std::move(d_after));
        py::list summary;
        for (const auto& r : s.summary) {
          py::dict row;
          row["subkind"] = r.subkind;
          row["workers"] = r.workers;
          row["total_before"] = r.total_before;
          row["total_after"] = r.total_after;
          row["mean_before"] = r.mean_before;
          row["mean_after"] = r.mean_after;
          row["changed"] = r.changed;
          summary.append(row);
        }
        py::dict out;
        out["assigned_fulltime"] = s.assigned_fulltime();
        out["model"] = std::move(s.model);
        out["moves"] = moves;
        out["summary"] = summary;
        out["unassigned"] = s.unassigned;
        return out;
      },
      py::arg("model"), py::arg("parttime_per_grid"), py::arg("by_code"), py::arg("weights"));
}

}  // namespace gridgov::python
