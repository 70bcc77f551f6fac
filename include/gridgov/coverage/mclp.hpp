// MCLP, the maximal covering location problem: p sites (the `fixed` ones among them) covering
// the most demand weight within the radius (cost <= radius).
//
// Reductions first (demands covered by fixed sites count at once; demands no free site reaches
// drop out; demands reached by the same sites merge; a site whose demands are a subset of
// another's drops out), then greedy + swap local search for the incumbent, and a depth-first
// branch and bound on the Lagrangian bound (coverage constraints z_i <= sum y_j relaxed, bound
// = sum max(0, w_i - lambda_i) + the p largest sums of lambda over a site's demands), with
// reduced-cost fixing. The multipliers come from the LP relaxation, solved at every node by a
// dual simplex warm-started from the previous node (up to 4,000 candidate sites; beyond, or
// when it fails, from subgradient steps warm-started from the parent); whatever their source,
// the bound is the Lagrangian function evaluated at them, which holds for any multipliers. The
// LP also guides the search: a dive at the root and a rounding at every node (each improved by
// swaps) for incumbents, and branching on the most fractional site, the child the LP leans to
// first.
//
// Small instances always end proven: each branch decides one site, so the tree has at most
// 2^(m+1) - 1 nodes; with m <= 11 candidate sites the default budget of 5,000 nodes completes
// the search and gap == 0.
#pragma once

#include <cstdint>
#include <span>

#include "gridgov/core/eigen_fwd.hpp"
#include "gridgov/coverage/costs.hpp"
#include "gridgov/coverage/location_result.hpp"

namespace gridgov::coverage {

struct MclpOptions {
  /// Branch-and-bound nodes at most; beyond it the best solution so far is returned with its
  /// bound and gap (the hardest SJC rows need 20-180: see benchmarks/RESULTS.md).
  std::int64_t max_nodes = 5000;
  int root_iterations = 1500;
  int node_iterations = 80;
};

/// Opens p sites (the `fixed` ones among them) covering the most weight within the radius.
LocationResult mclp(const CostView& costs, double radius, node_id p, std::span<const double> weights = {},
                    std::span<const node_id> fixed = {}, const MclpOptions& opt = {});
LocationResult mclp(const DenseRef& costs, double radius, node_id p, std::span<const double> weights = {},
                    std::span<const node_id> fixed = {}, const MclpOptions& opt = {});
LocationResult mclp(const SparseRows& costs, double radius, node_id p, std::span<const double> weights = {},
                    std::span<const node_id> fixed = {}, const MclpOptions& opt = {});

}  // namespace gridgov::coverage
