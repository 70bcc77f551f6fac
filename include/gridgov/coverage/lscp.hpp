// LSCP, the location set covering problem: the fewest sites that put every demand within the
// radius of an open site (cost <= radius), keeping the `fixed` sites open.
//
// Exact set covering (reductions, Lagrangian branch and bound). Small instances always end
// proven: each search node holds a distinct set of chosen sites, so at most 2^m nodes, and with
// m <= 14 candidate sites the default budget of 20,000 nodes completes the search (gap == 0).
#pragma once

#include <cstdint>
#include <limits>
#include <span>

#include "gridgov/core/eigen_fwd.hpp"
#include "gridgov/coverage/costs.hpp"
#include "gridgov/coverage/location_result.hpp"

namespace gridgov::coverage {

struct SetCoverOptions {
  /// Stop as soon as a cover with at most this many sites is found (-1: find the optimum).
  node_id good_enough = -1;
  /// Only covers smaller than this are of interest (a "no" answer proves none exists below it).
  node_id cutoff = std::numeric_limits<node_id>::max();
  /// Branch-and-bound nodes at most; beyond it the best cover so far is returned with the root
  /// bound (SJC818 at 300 m: optimum 62 found, bound 60 after 20,000 nodes, ~7 s CPU).
  std::int64_t max_nodes = 20000;
};

/// Fewest sites covering every demand (InfeasibleError naming the demands no site reaches).
LocationResult lscp(const CostView& costs, double radius, std::span<const node_id> fixed = {},
                    const SetCoverOptions& opt = {});
LocationResult lscp(const DenseRef& costs, double radius, std::span<const node_id> fixed = {},
                    const SetCoverOptions& opt = {});
LocationResult lscp(const SparseRows& costs, double radius, std::span<const node_id> fixed = {},
                    const SetCoverOptions& opt = {});

}  // namespace gridgov::coverage
