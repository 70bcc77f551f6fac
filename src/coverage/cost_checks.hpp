// Private helpers of the location models (not installed): checking the cost input, p, fixed
// sites and weights, the dense form, and the cover sets at a radius.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gridgov/core/csr.hpp"
#include "gridgov/coverage/costs.hpp"

namespace gridgov::coverage::detail {

/// Throws InputError on an empty matrix, a malformed CSR, or a negative or NaN cost (naming it).
void check_costs(const CostView& c);

/// The costs as a dense row-major array (+inf where unreachable). Refuses sizes beyond
/// `max_cells` (the p-median and p-center solvers work on dense rows).
std::vector<double> dense_costs(const CostView& c, std::size_t max_cells = 200'000'000);

/// Which sites cover which demands at a radius (cost <= radius): both directions as CSR.
struct CoverSets {
  node_id demands = 0, sites = 0;
  CsrGraph by_site;    ///< site -> demands it covers (ascending)
  CsrGraph by_demand;  ///< demand -> sites covering it (ascending)
};

/// The cover sets at `radius` (throws InputError on a negative or NaN radius).
CoverSets cover_sets(const CostView& c, double radius);

/// Checks `p` and `fixed` against the number of sites; returns the fixed sites sorted, unique.
std::vector<node_id> checked_fixed(std::span<const node_id> fixed, node_id sites, node_id p, bool has_p);

/// Lists the first few demands of `ids` for an error message.
std::string list_demands(const std::vector<node_id>& ids);

/// Checks demand weights (one per demand, finite, >= 0); empty means all 1.
std::vector<double> checked_weights(std::span<const double> weights, node_id demands);

/// True when every value is a whole number (then bounds may be rounded to the next integer).
template <class Range>
[[nodiscard]] bool all_integral(const Range& values) noexcept {
  for (double v : values)
    if (v != std::floor(v) && !std::isinf(v)) return false;
  return true;
}

}  // namespace gridgov::coverage::detail
