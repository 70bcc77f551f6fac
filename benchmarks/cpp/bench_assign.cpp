// gridgov::balance::min_cost_assignment against Boost.Graph's min-cost flow
// (successive_shortest_path_nonnegative_weights) on the same network: source -> worker (1) ->
// grid (distance) -> sink, a grid's minimum through a free arc and the rest through a penalty
// arc. Sizes as gridgov uses them: one community's staffing (16 grids; 16 full-time or 200
// part-time workers) and the whole county at once (157 grids; 157 or 2,624 workers).
//
//   cmake --build build/cpp --target bench_assign && build/cpp/benchmarks/bench_assign
#include <benchmark/benchmark.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>
// after the solver, which declares what it needs
#include <boost/graph/find_flow_cost.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "gridgov/balance/assign.hpp"
#include "gridgov/core/random.hpp"

namespace {

struct Instance {
  std::int32_t workers = 0, grids = 0;
  std::vector<double> cost;  // workers x grids: metres from home to the grid's centre
  std::vector<std::int64_t> capacity, minimum;
};

Instance instance(std::int32_t workers, std::int32_t grids) {
  gridgov::Rng rng(workers * 7919ull + grids);
  std::vector<double> gx(grids), gy(grids);
  for (std::int32_t g = 0; g < grids; ++g) gx[g] = rng.uniform(0, 3000), gy[g] = rng.uniform(0, 3000);
  Instance in;
  in.workers = workers;
  in.grids = grids;
  for (std::int32_t w = 0; w < workers; ++w) {
    const double x = rng.uniform(0, 3000), y = rng.uniform(0, 3000);
    for (std::int32_t g = 0; g < grids; ++g) in.cost.push_back(std::round(std::hypot(x - gx[g], y - gy[g])));
  }
  const std::int64_t per_grid = (workers + grids - 1) / grids;
  in.capacity.assign(grids, per_grid + 1);
  in.minimum.assign(grids, workers >= grids ? per_grid - 1 : 0);
  return in;
}

// The same network in Boost.Graph's adjacency_list, solved by its successive shortest paths.
using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using Graph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<boost::edge_capacity_t, long,
                    boost::property<boost::edge_residual_capacity_t, long,
                                    boost::property<boost::edge_reverse_t, Traits::edge_descriptor,
                                                    boost::property<boost::edge_weight_t, double>>>>>;

double boost_min_cost(const Instance& in) {
  const int source = 0, sink = in.workers + in.grids + 1;
  Graph g(sink + 1);
  auto capacity = get(boost::edge_capacity, g);
  auto reverse = get(boost::edge_reverse, g);
  auto weight = get(boost::edge_weight, g);
  auto add = [&](int a, int b, long cap, double c) {
    auto e = add_edge(a, b, g).first, r = add_edge(b, a, g).first;
    capacity[e] = cap, capacity[r] = 0, weight[e] = c, weight[r] = -c, reverse[e] = r, reverse[r] = e;
  };
  double lo = 1e300, hi = -1e300;
  for (double c : in.cost) lo = std::min(lo, c), hi = std::max(hi, c);
  const double penalty = (hi - lo) * in.workers + 1.0;
  for (int w = 0; w < in.workers; ++w) add(source, 1 + w, 1, 0);
  for (int w = 0; w < in.workers; ++w)
    for (int k = 0; k < in.grids; ++k) add(1 + w, 1 + in.workers + k, 1, in.cost[static_cast<std::size_t>(w) * in.grids + k] - lo);
  for (int k = 0; k < in.grids; ++k) {
    if (in.minimum[k] > 0) add(1 + in.workers + k, sink, in.minimum[k], 0);
    add(1 + in.workers + k, sink, in.capacity[k] - in.minimum[k], penalty);
  }
  boost::successive_shortest_path_nonnegative_weights(g, source, sink);
  return boost::find_flow_cost(g);
}

void BM_MinCostAssignment(benchmark::State& state) {
  const Instance in = instance(static_cast<std::int32_t>(state.range(0)), static_cast<std::int32_t>(state.range(1)));
  double total = 0;
  for (auto _ : state) {
    total = gridgov::balance::min_cost_assignment(in.cost, in.workers, in.grids, in.capacity, in.minimum).total_cost;
    benchmark::DoNotOptimize(total);
  }
  state.counters["total_cost"] = total;
}

void BM_BoostSuccessiveShortestPath(benchmark::State& state) {
  const Instance in = instance(static_cast<std::int32_t>(state.range(0)), static_cast<std::int32_t>(state.range(1)));
  double flow_cost = 0;
  for (auto _ : state) {
    flow_cost = boost_min_cost(in);
    benchmark::DoNotOptimize(flow_cost);
  }
  // Both solve the same network; the flow cost also holds the (equal) penalties and the shift
  // by the smallest cost, so it is reported, not compared, here.
  state.counters["flow_cost"] = flow_cost;
}

#define SIZES Args({16, 16})->Args({200, 16})->Args({157, 157})->Args({2624, 157})->Unit(benchmark::kMillisecond)
BENCHMARK(BM_MinCostAssignment)->SIZES;
BENCHMARK(BM_BoostSuccessiveShortestPath)->SIZES;

}  // namespace

BENCHMARK_MAIN();
