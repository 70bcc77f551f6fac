// Initial partitions of a domain: recursive bisection (multilevel, greedy graph growing) on the
// coarsest graph, and region growing from pinned nodes. Both keep every part connected. Private
// to the balance area (not installed).
#pragma once

#include <cstdint>
#include <vector>

#include "part_state.hpp"
#include "gridgov/core/random.hpp"

namespace gridgov::balance::detail {

/// Labels in [0, k) for every node of the connected graph g, by recursive bisection (greedy
/// graph growing, METIS's GGGP, refined by a two-way FM). `exact_splits`: split each block as
/// exactly as the nodes allow (for fine-grained graphs, where every part holds only a few
/// nodes); otherwise every block large enough is bisected multilevel (its own subgraph
/// coarsened, grown on the coarsest level, FM on every level up; the best of a few such cuts).
std::vector<std::int32_t> recursive_bisection(const WeightedGraph& g, std::int32_t k, double tol, bool exact_splits,
                                              Rng& rng);

/// Region growing from pinned nodes (used when a domain has nodes fixed to parts): every part
/// starts from its pinned nodes, or from the node farthest from all seeds so far, and the
/// lightest part with a frontier takes its best-connected frontier node next.
std::vector<std::int32_t> grow_regions(const WeightedGraph& g, std::int32_t k, const PartBounds& b, Rng& rng);

}  // namespace gridgov::balance::detail
