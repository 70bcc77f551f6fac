// A consumer program: includes the umbrella header and prints the built-in county's summary.
#include <gridgov/gridgov.hpp>

#include <iostream>

int main() {
  const auto summary = gridgov::datasets::seed_county(0).summary();
  for (const auto& [key, value] : summary) std::cout << key << " = " << value << "\n";
  return summary.at("households") == 61880 ? 0 : 1;
}
