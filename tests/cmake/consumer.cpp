// A consumer program: includes the umbrella header and prints the built-in county's summary, and
// one geodesic distance (so the link pulls in GeographicLib, which gridgov links privately).
#include <gridgov/gridgov.hpp>

#include <iostream>

int main() {
  const auto summary = gridgov::datasets::seed_county(0).summary();
  for (const auto& [key, value] : summary) std::cout << key << " = " << value << "\n";
  const double metres = gridgov::ingest::LocalFrame(113.65, 34.75).to_local({113.65, 34.76}).lat;
  std::cout << "0.01 degrees north = " << metres << " m\n";
  return summary.at("households") == 61880 && metres > 1100 && metres < 1120 ? 0 : 1;
}
