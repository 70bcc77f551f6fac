// Building the reference county (issue 2 §3: "well under 2 seconds"), and its file round trip.
#include <benchmark/benchmark.h>

#include "gridgov/datasets/seed_county.hpp"
#include "gridgov/model/io.hpp"

namespace {

void BM_SeedCounty(benchmark::State& state) {
  std::uint64_t seed = 0;
  std::int64_t nodes = 0;
  for (auto _ : state) {
    const auto county = gridgov::datasets::seed_county(seed++ % 4);
    nodes = county.size();
    benchmark::DoNotOptimize(nodes);
  }
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["nodes_per_s"] = benchmark::Counter(static_cast<double>(nodes), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_SeedCounty)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_SeedCountySerializeRoundTrip(benchmark::State& state) {
  const auto county = gridgov::datasets::seed_county(0);
  std::size_t bytes = 0;
  for (auto _ : state) {
    const auto buffer = gridgov::serialize(county);
    bytes = buffer.size();
    auto back = gridgov::deserialize(buffer);
    benchmark::DoNotOptimize(back);
  }
  state.counters["file_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_SeedCountySerializeRoundTrip)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
