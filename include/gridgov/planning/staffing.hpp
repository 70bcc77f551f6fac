// Staffing grids: full-time and part-time workers placed on the residential grids of their
// community at least total home-to-grid distance (min-cost flow, balance::min_cost_assignment).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gridgov/model/model.hpp"
#include "gridgov/model/workload.hpp"

namespace gridgov::planning {

struct StaffingOptions {
  /// Most part-time workers per grid (every grid still gets at least one); nullopt: each grid
  /// gets its share of the community's part-time workers in proportion to its workload exactly.
  std::optional<std::int32_t> parttime_per_grid;
  /// Per grid code, overriding parttime_per_grid (grids not named: parttime_per_grid, or 1).
  std::map<std::string, std::int32_t> parttime_per_grid_by_code;
  /// Workload for the part-time shares; empty: available_workload_weights(model).
  WorkloadWeights weights;
};

/// One worker's place before and after.
struct WorkerMove {
  std::string worker, subkind, community, grid_before, grid_after;  ///< "" = no grid
  double distance_before = std::numeric_limits<double>::quiet_NaN();  ///< metres home -> grid centroid
  double distance_after = std::numeric_limits<double>::quiet_NaN();
};

/// Totals per subkind ("fulltime", "parttime", "all").
struct StaffingSummary {
  std::string subkind;
  std::int32_t workers = 0, changed = 0;
  double total_before = 0, total_after = 0, mean_before = 0, mean_after = 0;
};

struct Staffing {
  Model model;                        ///< with the new serves links
  std::vector<WorkerMove> moves;      ///< every worker considered, assigned or left without a grid
  std::vector<StaffingSummary> summary;
  std::vector<std::string> unassigned;  ///< full-time workers beyond one per grid (no grid now)

  /// Full-time workers serving a residential grid after the assignment.
  [[nodiscard]] std::int32_t assigned_fulltime() const noexcept;
};

/// Each community on its own (workers belong to a community): every residential grid gets
/// exactly one full-time worker (the nearest homes win; full-time workers beyond one per grid
/// stay in the model without a grid and are listed), and every grid at least one part-time
/// worker, the rest shared by workload (or up to the capacities). Home = the worker's x, y; a
/// grid's place = the centroid of its located buildings. Special grids' workers are not touched.
/// Throws InfeasibleError for a community with fewer full-time workers than residential grids,
/// fewer part-time workers than grids, or more than the capacities allow; InputError for a
/// worker without a home or a grid without a located building.
[[nodiscard]] Staffing assign_workers(const Model& model, const StaffingOptions& options = {});

}  // namespace gridgov::planning
