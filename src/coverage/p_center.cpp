// p-center by bisection over the distinct costs with an exact set-cover probe.
#include "gridgov/coverage/p_center.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "set_cover.hpp"

namespace gridgov::coverage {

using namespace detail;

LocationResult p_center(const CostView& costs, node_id p, std::span<const node_id> fixed, std::int64_t max_nodes_per_probe) {
  check_costs(costs);
  const node_id n = costs.rows, m = costs.cols;
  const auto f = checked_fixed(fixed, m, p, true);
  std::vector<double> values;
  std::vector<double> nearest(static_cast<std::size_t>(n), unreachable);
  if (costs.is_dense()) {
    values.reserve(costs.dense.size());
    for (node_id i = 0; i < n; ++i)
      for (node_id j = 0; j < m; ++j) {
        const double c = costs.dense[static_cast<std::size_t>(i) * m + j];
        if (std::isinf(c)) continue;
        values.push_back(c);
        nearest[static_cast<std::size_t>(i)] = std::min(nearest[static_cast<std::size_t>(i)], c);
      }
  } else {
    for (node_id i = 0; i < n; ++i)
      for (auto k = costs.indptr[i]; k < costs.indptr[i + 1]; ++k) {
        const double c = costs.values[static_cast<std::size_t>(k)];
        if (std::isinf(c)) continue;
        values.push_back(c);
        nearest[static_cast<std::size_t>(i)] = std::min(nearest[static_cast<std::size_t>(i)], c);
      }
  }
  std::vector<node_id> unreached;
  for (node_id i = 0; i < n; ++i) if (std::isinf(nearest[static_cast<std::size_t>(i)])) unreached.push_back(i);
  if (!unreached.empty())
    throw InfeasibleError(messages::format("coverage.p_center_unreached", {{"demands", list_demands(unreached)}}));
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  // Every demand needs some site: the radius is at least the largest nearest-site cost.
  const double floor_radius = *std::max_element(nearest.begin(), nearest.end());
  std::size_t lo = static_cast<std::size_t>(std::lower_bound(values.begin(), values.end(), floor_radius) - values.begin());
  std::size_t hi = values.size() - 1;
  std::vector<node_id> best_sites;
  std::int64_t nodes = 0;
  std::size_t proven_lo = lo;  // every radius below values[proven_lo] is proven infeasible
  const auto probe = [&](std::size_t k, std::vector<node_id>& sites) -> int {  // 1 yes, 0 proven no, -1 unknown
    SetCoverOptions opt;
    opt.good_enough = p;
    opt.cutoff = p + 1;
    opt.max_nodes = max_nodes_per_probe;
    const CoverSets sets = cover_sets(costs, values[k]);
    SetCoverResult r = solve_set_cover(sets, f, opt);
    nodes += r.nodes;
    if (!r.uncoverable.empty()) return 0;
    if (!r.sites.empty() && static_cast<node_id>(r.sites.size()) <= p) return sites = r.sites, 1;
    return r.proven ? 0 : -1;
  };
  // With unreachable pairs even the largest radius may need more than p sites.
  {
    std::vector<node_id> sites;
    const int top = probe(hi, sites);
    if (top != 1) {
      throw InfeasibleError(messages::format("coverage.p_center_unreachable",
                                           {{"p", std::to_string(p)},
                                            {"limit", top == 0 ? "" : messages::format("coverage.search_limit")}}));
    }
    best_sites = sites;
  }
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    std::vector<node_id> sites;
    const int r = probe(mid, sites);
    if (r == 1) hi = mid, best_sites = sites;
    else {
      lo = mid + 1;
      if (r == 0 && mid + 1 > proven_lo) proven_lo = mid + 1;
    }
  }
  // Pad to exactly p sites (extra sites never lengthen a distance).
  std::vector<std::uint8_t> open(static_cast<std::size_t>(m), 0);
  for (node_id j : best_sites) open[static_cast<std::size_t>(j)] = 1;
  for (node_id j = 0; j < m && static_cast<node_id>(best_sites.size()) < p; ++j)
    if (!open[static_cast<std::size_t>(j)]) open[static_cast<std::size_t>(j)] = 1, best_sites.push_back(j);
  std::sort(best_sites.begin(), best_sites.end());
  LocationResult res;
  res.sites = best_sites;
  res.assignment.assign(static_cast<std::size_t>(n), -1);
  std::vector<double> best_d(static_cast<std::size_t>(n), unreachable);
  const auto offer = [&](node_id i, node_id j, double c) {
    if (open[static_cast<std::size_t>(j)] && (c < best_d[static_cast<std::size_t>(i)] ||
        (c == best_d[static_cast<std::size_t>(i)] && j < res.assignment[static_cast<std::size_t>(i)])))
      best_d[static_cast<std::size_t>(i)] = c, res.assignment[static_cast<std::size_t>(i)] = j;
  };
  if (costs.is_dense()) {
    for (node_id i = 0; i < n; ++i)
      for (node_id j = 0; j < m; ++j) offer(i, j, costs.dense[static_cast<std::size_t>(i) * m + j]);
  } else {
    for (node_id i = 0; i < n; ++i)
      for (auto k = costs.indptr[i]; k < costs.indptr[i + 1]; ++k)
        offer(i, costs.indices[static_cast<std::size_t>(k)], costs.values[static_cast<std::size_t>(k)]);
  }
  res.objective = *std::max_element(best_d.begin(), best_d.end());
  res.bound = values[std::min(proven_lo, values.size() - 1)];
  res.bound = std::min(res.bound, res.objective);
  res.gap = res.objective > 0 ? (res.objective - res.bound) / res.objective : 0.0;
  res.iterations = nodes;
  return res;
}

}  // namespace gridgov::coverage
