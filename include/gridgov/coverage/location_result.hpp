// What every location model returns.
#pragma once


#include <cstdint>
#include <limits>
#include <vector>

#include "gridgov/core/ids.hpp"

namespace gridgov::coverage {

struct LocationResult {
  std::vector<node_id> sites;         ///< open sites, ascending (fixed sites included)
  double objective = 0;               ///< the model's objective at `sites`
  std::vector<node_id> assignment;    ///< p-median, p-center: each demand's nearest open site (-1: none reaches)
  std::vector<std::uint8_t> covered;  ///< LSCP, MCLP: demand within the radius of an open site
  /// Proven bound on the optimum (lower for minimisation, upper for MCLP); NaN when none.
  double bound = std::numeric_limits<double>::quiet_NaN();
  /// Relative gap |objective - bound| / |objective|; 0 = proven optimal; NaN without a bound.
  double gap = std::numeric_limits<double>::quiet_NaN();
  std::int64_t iterations = 0;        ///< subgradient iterations + branch-and-bound (or enumeration) nodes
};

}  // namespace gridgov::coverage
