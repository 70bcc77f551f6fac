// The built-in reference county (DOMAIN.md §0), generated deterministically from a seed.
#pragma once

#include <cstdint>

#include "gridgov/model/model.hpp"

namespace gridgov::datasets {

/// The reference county: 15 communities, 268 compounds, 61,880 households, 238 residential and
/// 28 special grids, 266 full-time and 2,736 part-time workers, 140 stationed units,
/// 76 departments, 15 governance centres, 16 work seats, a party group in every residential grid,
/// a county command centre and per community a command centre and a service station.
/// The same seed gives the same county on every machine; docs/county.md describes its origin,
/// codes, distributions and how its grids were formed. It throws (gridgov::Error) only on a
/// generator bug.
[[nodiscard]] Model seed_county(std::uint64_t seed = 0);

}  // namespace gridgov::datasets
