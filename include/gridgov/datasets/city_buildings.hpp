// A synthetic city's buildings table, shaped like a planner's (districts, streets, communities
// and compounds by name, Baidu coordinates, no statistical codes): the input of the city-scale
// import, draw and report benchmarks.
#pragma once

#include <cstdint>

#include "gridgov/ingest/buildings.hpp"

namespace gridgov::datasets {

/// A city of `communities` communities: about 100 per district and 10 per street (names only,
/// contiguous in space), blocks of about 700 m, compounds of 4-24 buildings, about 4,100
/// households per community (heavy-tailed: lognormal, a few communities above 10,000), 80 per
/// building on average (old low-rise 12-36, mid-rise 40-110, high-rise 120-300 a building),
/// residents 2.2-3.0 a household, floors by type. Coordinates are BD-09 around 113.65 E,
/// 34.75 N. Columns: district, street, community, compound, building (unique codes), name,
/// lon, lat, households, residents, floors. The same seed gives the same table on every
/// machine; 1,000 communities give about 51,000 buildings and 4.1 million households.
[[nodiscard]] ingest::BuildingTable city_buildings(int communities, std::uint64_t seed = 0);

}  // namespace gridgov::datasets
