// Exact unit-cost set covering, the decision core of LSCP and p-center (private: not installed).
//
// Reductions first (demands covered by fixed sites, a demand only one site reaches forces that
// site, a demand whose sites include another demand's sites is dropped, a site whose demands
// are a subset of another site's is dropped), then depth-first branch and bound: a Lagrangian
// bound by subgradient at every node (multipliers warm-started from the parent), reduced-cost
// fixing, a Lagrangian-guided greedy for incumbents, and branching on the uncovered demand with
// the fewest candidate sites (one child per site, earlier siblings' sites excluded).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "cost_checks.hpp"
#include "gridgov/coverage/lscp.hpp"

namespace gridgov::coverage::detail {

struct SetCoverResult {
  std::vector<node_id> sites;       ///< a cover (fixed sites included), ascending; empty if none found
  double lower = 0;                 ///< proven lower bound on the number of sites of any cover
  bool proven = false;              ///< the cover is optimal (or: no cover within the limit exists)
  std::vector<node_id> uncoverable; ///< demands no site reaches (then no cover exists)
  std::int64_t nodes = 0;
};

/// Bitset rows used by the dominance reductions.
struct BitRows {
  std::size_t words = 0;
  std::vector<std::uint64_t> bits;
  void reset(std::size_t rows, std::size_t cols) {
    words = (cols + 63) / 64;
    bits.assign(rows * words, 0);
  }
  void set(std::size_t r, std::size_t c) { bits[r * words + c / 64] |= std::uint64_t{1} << (c % 64); }
  [[nodiscard]] bool subset(std::size_t a, std::size_t b) const {  // row a within row b
    const std::uint64_t* x = bits.data() + a * words;
    const std::uint64_t* y = bits.data() + b * words;
    for (std::size_t w = 0; w < words; ++w)
      if (x[w] & ~y[w]) return false;
    return true;
  }
};

/// Fewest sites covering every demand of `sets`, with `fixed` (sorted, unique) sites open.
SetCoverResult solve_set_cover(const CoverSets& sets, std::span<const node_id> fixed, const SetCoverOptions& opt = {});

}  // namespace gridgov::coverage::detail
