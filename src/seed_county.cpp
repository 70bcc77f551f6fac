// Placeholder translation unit until the county generator lands.
#include "gridgov/datasets/seed_county.hpp"

namespace gridgov::datasets {

Model seed_county(std::uint64_t) { throw Error("seed_county is not built yet"); }

}  // namespace gridgov::datasets
