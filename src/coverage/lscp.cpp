// LSCP through the exact set cover.
#include "gridgov/coverage/lscp.hpp"

#include <string>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "set_cover.hpp"

namespace gridgov::coverage {

using namespace detail;

LocationResult lscp(const CostView& costs, double radius, std::span<const node_id> fixed, const SetCoverOptions& opt) {
  check_costs(costs);
  const auto f = checked_fixed(fixed, costs.cols, 0, false);
  const CoverSets sets = cover_sets(costs, radius);
  SetCoverResult sc = solve_set_cover(sets, f, opt);
  if (!sc.uncoverable.empty())
    throw InfeasibleError(messages::format("coverage.lscp_uncoverable",
                                           {{"radius", std::to_string(radius)},
                                            {"demands", list_demands(sc.uncoverable)}}));
  LocationResult res;
  res.sites = std::move(sc.sites);
  res.objective = static_cast<double>(res.sites.size());
  res.covered.assign(static_cast<std::size_t>(costs.rows), 0);
  for (node_id j : res.sites)
    for (node_id i : sets.by_site.view().neighbours(j)) res.covered[static_cast<std::size_t>(i)] = 1;
  res.bound = sc.proven ? res.objective : sc.lower;
  res.gap = res.objective > 0 ? (res.objective - res.bound) / res.objective : 0.0;
  res.iterations = sc.nodes;
  return res;
}

}  // namespace gridgov::coverage
