// p-center: open p sites minimising the largest distance from a demand to its nearest open site.
//
// Bisection over the sorted distinct costs; each probe asks "do p sites cover every demand
// within this radius?", answered by the exact set-cover search (a cover found is a yes; a
// complete search finding none is a proven no). The min-max integer programme is never built:
// its LP bound is useless and the probes are small set-cover problems.
//
// Small instances always end proven: a probe's search tree has a distinct set of chosen sites
// at each node, so at most 2^m nodes; with m <= 14 candidate sites that is within the default
// budget of 20,000 per probe, every probe is complete and gap == 0.
#pragma once


#include <cstdint>
#include <span>

#include "gridgov/core/eigen_fwd.hpp"
#include "gridgov/coverage/costs.hpp"
#include "gridgov/coverage/location_result.hpp"

namespace gridgov::coverage {

/// Solves the p-center problem; `max_nodes_per_probe` bounds each radius probe's set-cover search
/// (a probe that stops on it leaves its radius unproven: gap > 0).
LocationResult p_center(const CostView& costs, node_id p, std::span<const node_id> fixed = {},
                        std::int64_t max_nodes_per_probe = 20000);
LocationResult p_center(const DenseRef& costs, node_id p, std::span<const node_id> fixed = {},
                        std::int64_t max_nodes_per_probe = 20000);
LocationResult p_center(const SparseRows& costs, node_id p, std::span<const node_id> fixed = {},
                        std::int64_t max_nodes_per_probe = 20000);

}  // namespace gridgov::coverage
