// Workers to grids at least total cost, every grid between a minimum and a capacity of workers:
// the min-cost flow kernel under gg.assign. (The domain's staffing operation, which builds the
// costs from a model, is gridgov::planning's; this is the bare kernel on a cost matrix.)
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace gridgov::balance {

struct AssignResult {
  std::vector<std::int32_t> grid;  ///< per worker
  double total_cost = 0;
};

/// `cost` is workers x grids row-major; +inf marks a worker who cannot serve a grid. Every
/// worker gets exactly one grid; grid g takes between minimum[g] and capacity[g] workers.
/// Throws InputError for malformed input and InfeasibleError when no assignment exists.
AssignResult min_cost_assignment(std::span<const double> cost, std::int32_t workers, std::int32_t grids,
                                 std::span<const std::int64_t> capacity, std::span<const std::int64_t> minimum);

}  // namespace gridgov::balance
