// Python bindings for the datasets area: the built-in reference county.
#include <cstdint>

#include "bindings.hpp"
#include "gridgov/datasets/city_buildings.hpp"
#include "gridgov/datasets/seed_county.hpp"

namespace gridgov::python {

void register_datasets(py::module_& m) {
  m.def(
      "seed_county",
      [](std::uint64_t seed) {
        Model county;
        {
          py::gil_scoped_release release;  // generation takes a few hundred milliseconds
          county = datasets::seed_county(seed);
        }
        return county;
      },
      py::arg("seed") = 0,
      "The built-in reference county (DOMAIN.md §0) as a C++ Model; the same seed gives the same county "
      "on every machine. Use gridgov.datasets.seed_county for the Python Model.");
  m.def(
      "city_buildings",
      [](int communities, std::uint64_t seed) {
        ingest::BuildingTable table;
        {
          py::gil_scoped_release release;
          table = datasets::city_buildings(communities, seed);
        }
        return building_columns(table);
      },
      py::arg("communities"), py::arg("seed") = 0,
      "A synthetic city's buildings table as a dict of columns (gridgov::datasets::city_buildings); use "
      "gridgov.datasets.city_buildings for the DataFrame.");
}

}  // namespace gridgov::python
