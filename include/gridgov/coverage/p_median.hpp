// p-median: open p sites minimising the weighted sum of each demand's distance to its nearest
// open site.
//
// Small instances are solved exactly by enumeration: when the tree of every siting of the free
// slots, C(m - f + 1, p - f) nodes for f fixed sites, times the n demands is at most
// `exhaustive_work`, every siting is tried and the result is the optimum, reported with
// bound == objective and gap 0 (some 15 ms at the default work). Seven sites, for example,
// are always within it up to some 28,000 demands.
//
// Larger instances:
// Upper bound: greedy addition, then Whitaker's fast interchange (each candidate site is tried
// against the best site to drop in one O(n) pass over the demands' nearest and second-nearest
// open sites), restarted from Lagrangian solutions and from seeded perturbations of the best.
// Lower bound: Lagrangian relaxation of the assignment constraints, by subgradient. With
// whole-number costs the bound is rounded up, so most OR-Library instances end proven optimal.
#pragma once

#include <cstdint>
#include <span>

#include "gridgov/core/eigen_fwd.hpp"
#include "gridgov/coverage/costs.hpp"
#include "gridgov/coverage/location_result.hpp"

namespace gridgov::coverage {

struct PMedianOptions {
  int max_subgradient = 4000;  ///< Lagrangian iterations at most
  int restarts = 60;           ///< perturbation restarts of the local search at most
  /// Enumerate every siting when C(m - f + 1, p - f) x n is at most this (0: never enumerate).
  std::int64_t exhaustive_work = 2'000'000;
  std::uint64_t seed = 0;
};

/// Solves the p-median problem. `weights` may be empty (all 1); `fixed` sites stay open.
LocationResult p_median(const CostView& costs, node_id p, std::span<const double> weights = {},
                        std::span<const node_id> fixed = {}, const PMedianOptions& opt = {});
/// The same on a dense demand x site matrix (+inf = unreachable; zero-copy from C-ordered numpy)
/// or on a sparse one (an absent entry = unreachable).
LocationResult p_median(const DenseRef& costs, node_id p, std::span<const double> weights = {},
                        std::span<const node_id> fixed = {}, const PMedianOptions& opt = {});
LocationResult p_median(const SparseRows& costs, node_id p, std::span<const double> weights = {},
                        std::span<const node_id> fixed = {}, const PMedianOptions& opt = {});

}  // namespace gridgov::coverage
