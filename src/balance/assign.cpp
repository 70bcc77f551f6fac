// min_cost_assignment: workers to grids at least total cost.
//
// A min-cost flow: source -> worker (1) -> grid (cost) -> sink. A grid's first `minimum` workers
// go through a free arc and the rest through an arc that costs more than any whole assignment
// can, so the flow fills every minimum before it uses spare capacity whenever that is possible;
// the result is checked afterwards. Solved by successive shortest paths with Dijkstra on reduced
// costs (all arc costs are non-negative, so potentials start at zero), each Dijkstra stopped as
// soon as the sink is settled.
//
// Our own SSP rather than Boost.Graph's successive_shortest_path_nonnegative_weights, because it
// is faster on every size gridgov uses (benchmarks/cpp/bench_assign.cpp, same network, CPU time):
// 16 workers x 16 grids 0.021 ms against Boost's 0.051 ms; 200 x 16 (a community's part-time
// workers) 3.1 ms against 4.1 ms; 157 x 157 10.5 ms against 25 ms; 2,624 x 157 4.4 s against
// 23 s. Boost runs every Dijkstra over the whole residual network; stopping at the sink (with
// potentials capped at its distance) is what the dense bipartite network rewards.
#include "gridgov/balance/assign.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <queue>
#include <span>
#include <string>
#include <vector>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"

namespace gridgov::balance {

AssignResult min_cost_assignment(std::span<const double> cost, std::int32_t workers, std::int32_t grids,
                                 std::span<const std::int64_t> capacity, std::span<const std::int64_t> minimum) {
  if (workers < 0 || grids < 1) throw InputError(messages::format("assign.no_grid"));
  if (cost.size() != static_cast<std::size_t>(workers) * static_cast<std::size_t>(grids))
    throw InputError(messages::format("assign.cost_shape"));
  if (capacity.size() != static_cast<std::size_t>(grids))
    throw InputError(messages::format("assign.capacity_count",
                                      {{"grids", std::to_string(grids)},
                                       {"capacity", std::to_string(capacity.size())}}));
  if (!minimum.empty() && minimum.size() != static_cast<std::size_t>(grids))
    throw InputError(messages::format("assign.minimum_count",
                                      {{"grids", std::to_string(grids)}, {"minimum", std::to_string(minimum.size())}}));
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t i = 0; i < cost.size(); ++i) {
    const double c = cost[i];
    if (std::isnan(c) || c == -std::numeric_limits<double>::infinity())
      throw InputError(messages::format("assign.cost_value",
                                        {{"worker", std::to_string(i / grids)},
                                         {"grid", std::to_string(i % grids)},
                                         {"c", std::to_string(c)}}));
    if (std::isfinite(c)) {
      lo = std::min(lo, c);
      hi = std::max(hi, c);
    }
  }
  std::int64_t cap_total = 0, min_total = 0;
  for (std::int32_t g = 0; g < grids; ++g) {
    const std::int64_t mn = minimum.empty() ? 0 : minimum[g];
    if (capacity[g] < 0 || mn < 0)
      throw InputError(messages::format("assign.negative", {{"g", std::to_string(g)}}));
    if (mn > capacity[g])
      throw InfeasibleError(messages::format("assign.minimum_above_capacity",
                                             {{"g", std::to_string(g)},
                                              {"mn", std::to_string(mn)},
                                              {"capacity", std::to_string(capacity[g])}}), true);
    cap_total += capacity[g];
    min_total += mn;
  }
  if (cap_total < workers)
    throw InfeasibleError(messages::format("assign.capacity_short",
                                           {{"workers", std::to_string(workers)},
                                            {"cap_total", std::to_string(cap_total)}}), true);
  if (min_total > workers)
    throw InfeasibleError(messages::format("assign.workers_short",
                                           {{"min_total", std::to_string(min_total)},
                                            {"workers", std::to_string(workers)}}), true);
  for (std::int32_t w = 0; w < workers; ++w) {
    bool any = false;
    for (std::int32_t g = 0; g < grids && !any; ++g) any = std::isfinite(cost[static_cast<std::size_t>(w) * grids + g]);
    if (!any) throw InfeasibleError(messages::format("assign.worker_no_grid", {{"w", std::to_string(w)}}), true);
  }
  AssignResult res;
  res.grid.assign(static_cast<std::size_t>(workers), -1);
  if (workers == 0) return res;
  if (!std::isfinite(lo)) lo = hi = 0;
  const double penalty = (hi - lo) * workers + 1.0;  // dearer than any difference in real cost

  // Nodes: source 0, workers 1..W, grids W+1..W+G, sink W+G+1.
  const std::int32_t source = 0, sink = workers + grids + 1, nodes = sink + 1;
  struct Arc {
    std::int32_t to;
    std::int64_t cap;
    double cost;
  };
  std::vector<Arc> arcs;
  std::vector<std::vector<std::int32_t>> out(static_cast<std::size_t>(nodes));
  auto add = [&](std::int32_t a, std::int32_t b, std::int64_t cap, double c) {
    out[a].push_back(static_cast<std::int32_t>(arcs.size()));
    arcs.push_back({b, cap, c});
    out[b].push_back(static_cast<std::int32_t>(arcs.size()));
    arcs.push_back({a, 0, -c});
  };
  for (std::int32_t w = 0; w < workers; ++w) add(source, 1 + w, 1, 0);
  for (std::int32_t w = 0; w < workers; ++w)
    for (std::int32_t g = 0; g < grids; ++g) {
      const double c = cost[static_cast<std::size_t>(w) * grids + g];
      if (std::isfinite(c)) add(1 + w, 1 + workers + g, 1, c - lo);
    }
  for (std::int32_t g = 0; g < grids; ++g) {
    const std::int64_t mn = minimum.empty() ? 0 : minimum[g];
    if (mn > 0) add(1 + workers + g, sink, mn, 0);
    if (capacity[g] > mn) add(1 + workers + g, sink, capacity[g] - mn, penalty);
  }
  std::vector<double> potential(static_cast<std::size_t>(nodes), 0.0), dist(static_cast<std::size_t>(nodes));
  std::vector<std::int32_t> via(static_cast<std::size_t>(nodes));
  const double inf = std::numeric_limits<double>::infinity();
  for (std::int32_t f = 0; f < workers; ++f) {
    std::fill(dist.begin(), dist.end(), inf);
    std::fill(via.begin(), via.end(), -1);
    dist[source] = 0;
    using Entry = std::pair<double, std::int32_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
    heap.emplace(0.0, source);
    while (!heap.empty()) {
      auto [dv, v] = heap.top();
      heap.pop();
      if (dv > dist[v]) continue;
      if (v == sink) break;  // the path is final; nodes not yet settled get the sink's distance
      for (std::int32_t a : out[v]) {
        if (arcs[a].cap <= 0) continue;
        const std::int32_t u = arcs[a].to;
        // Reduced costs are >= 0 up to rounding; clamp so Dijkstra's order stays valid.
        const double rc = std::max(0.0, arcs[a].cost + potential[v] - potential[u]);
        if (dv + rc < dist[u]) {
          dist[u] = dv + rc;
          via[u] = a;
          heap.emplace(dist[u], u);
        }
      }
    }
    if (via[sink] < 0)
      throw InfeasibleError(messages::format("assign.placed_short",
                                             {{"f", std::to_string(f)}, {"workers", std::to_string(workers)}}));
    // Potentials grow by the distance, capped at the sink's: reduced costs stay non-negative on
    // every residual arc (Dijkstra stopped at the sink, so farther nodes were never settled).
    for (std::int32_t v = 0; v < nodes; ++v) potential[v] += std::min(dist[v], dist[sink]);
    for (std::int32_t v = sink; v != source;) {
      const std::int32_t a = via[v];
      arcs[a].cap -= 1;
      arcs[a ^ 1].cap += 1;
      v = arcs[a ^ 1].to;
    }
  }
  std::vector<std::int64_t> count(static_cast<std::size_t>(grids), 0);
  for (std::int32_t w = 0; w < workers; ++w)
    for (std::int32_t a : out[1 + w])
      if ((a & 1) == 0 && arcs[a].to > workers && arcs[a].to <= workers + grids && arcs[a].cap == 0) {
        const std::int32_t g = arcs[a].to - 1 - workers;
        res.grid[w] = g;
        ++count[g];
        res.total_cost += cost[static_cast<std::size_t>(w) * grids + g];
      }
  for (std::int32_t g = 0; g < grids; ++g)
    if (!minimum.empty() && count[g] < minimum[g])
      throw InfeasibleError(messages::format("assign.grid_short",
                                             {{"g", std::to_string(g)},
                                              {"count", std::to_string(count[g])},
                                              {"minimum", std::to_string(minimum[g])}}));
  return res;
}

}  // namespace gridgov::balance
