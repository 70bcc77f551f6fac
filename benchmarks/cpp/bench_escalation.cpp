// Escalation: the router alone (target >= 5 M events/s on one core) and the simulator on the
// reference county (target: >= 1,000,000 events in <= 2 s).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "gridgov/core/random.hpp"
#include "gridgov/datasets/seed_county.hpp"
#include "gridgov/escalation/router.hpp"
#include "gridgov/escalation/simulate.hpp"

using namespace gridgov;
using namespace gridgov::escalation;

namespace {

const Model& county() {
  static const Model m = datasets::seed_county(0);
  return m;
}

void BM_RouteMany(benchmark::State& state) {
  const Model& m = county();
  const auto policy = EscalationPolicy::standard();
  const Router router(m, policy);
  const auto n = static_cast<std::size_t>(state.range(0));
  // Random events at households and places, random categories, default urgencies.
  Rng rng(7);
  const auto [hb, he] = m.kind_range(Kind::household);
  const auto [pb, pe] = m.kind_range(Kind::place);
  std::vector<node_id> places(n);
  std::vector<std::int32_t> categories(n);
  for (std::size_t i = 0; i < n; ++i) {
    places[i] = rng.bernoulli(0.95) ? hb + static_cast<node_id>(rng.below(static_cast<std::uint64_t>(he - hb)))
                                    : pb + static_cast<node_id>(rng.below(static_cast<std::uint64_t>(pe - pb)));
    categories[i] = static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(policy.category_count())));
  }
  std::vector<std::int8_t> entry(n), close(n);
  std::vector<node_id> handlers(n * tier_count), department(n);
  std::vector<std::uint16_t> reason(n);
  for (auto _ : state) {
    router.route_many(places, categories, {}, RouteOutput{entry, close, handlers, department, reason});
    benchmark::DoNotOptimize(handlers.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_RouteMany)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_RouterBuild(benchmark::State& state) {
  const Model& m = county();
  const auto policy = EscalationPolicy::standard();
  for (auto _ : state) {
    Router router(m, policy);
    benchmark::DoNotOptimize(router.site_count());
  }
}
BENCHMARK(BM_RouterBuild)->Unit(benchmark::kMillisecond);

void BM_Simulate(benchmark::State& state) {
  const Model& m = county();
  const auto policy = EscalationPolicy::standard();
  SimulationParams params;
  params.days = 30;
  params.rate_multiplier = static_cast<double>(state.range(0));
  std::int64_t events = 0;
  const auto threads = static_cast<unsigned>(state.range(1));  // 0 = one per core
  for (auto _ : state) {
    Simulator sim(m, policy, params, threads);
    const auto r = sim.run();
    events = r.tally.events;
    benchmark::DoNotOptimize(r.t_time.data());
  }
  state.counters["events"] = static_cast<double>(events);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * events);
}
// Args: rate multiplier, threads. Real time: the CPU column counts the main thread only.
BENCHMARK(BM_Simulate)->Args({1, 1})->Args({50, 1})->Args({50, 0})->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
