// Heavy-edge matching: one coarsening step of the multilevel partitioner.
#include "weighted_graph.hpp"

#include <vector>

namespace gridgov::balance::detail {

WeightedGraph coarsen_once(const WeightedGraph& g, std::span<const double> cap, Rng& rng, std::vector<node_id>& map,
                           std::span<const std::int32_t> group) {
  const node_id n = g.n();
  const auto ud = static_cast<std::size_t>(g.d);
  std::vector<node_id> order(static_cast<std::size_t>(n));
  for (node_id v = 0; v < n; ++v) order[v] = v;
  rng.shuffle(order);
  std::vector<node_id> mate(static_cast<std::size_t>(n), no_node);
  for (node_id v : order) {
    if (mate[v] != no_node) continue;
    mate[v] = v;
    if (g.fixed_part(v) >= 0) continue;
    node_id best = no_node;
    double best_score = -1;
    for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
      const node_id u = g.targets[e];
      if (mate[u] != no_node || g.fixed_part(u) >= 0) continue;
      if (!group.empty() && group[u] != group[v]) continue;
      bool fits = true;
      double size = 0;
      for (std::size_t c = 0; c < ud && fits; ++c) {
        const double sum = g.w(v)[c] + g.w(u)[c];
        fits = sum <= cap[c];
        size += cap[c] > 0 ? sum / cap[c] : 0;
      }
      if (!fits) continue;
      // Heavy edge first; among equals the lighter pair, which keeps clusters even.
      const double score = static_cast<double>(g.edge_weight[e]) * 4.0 - size;
      if (score > best_score) {
        best_score = score;
        best = u;
      }
    }
    if (best != no_node) {
      mate[v] = best;
      mate[best] = v;
    }
  }
  map.assign(static_cast<std::size_t>(n), no_node);
  node_id nc = 0;
  for (node_id v = 0; v < n; ++v)
    if (map[v] == no_node) {
      map[v] = nc;
      map[mate[v]] = nc;
      ++nc;
    }
  WeightedGraph c;
  c.d = g.d;
  c.weight.assign(static_cast<std::size_t>(nc) * ud, 0.0);
  if (!g.fixed.empty()) c.fixed.assign(static_cast<std::size_t>(nc), -1);
  std::vector<node_id> first(static_cast<std::size_t>(nc), no_node);
  for (node_id v = 0; v < n; ++v) {
    for (std::size_t k = 0; k < ud; ++k) c.weight[map[v] * ud + k] += g.w(v)[k];
    if (!g.fixed.empty() && g.fixed[v] >= 0) c.fixed[map[v]] = g.fixed[v];
    if (first[map[v]] == no_node) first[map[v]] = v;
  }
  // Contraction writes through raw pointers into arrays sized for every arc of g (an upper
  // bound), trimmed at the end: push_back on every coarse arc cost 11 % more instructions in
  // coarsen_once (callgrind, held-out B k = 40: 72 M -> 64 M a call, the same graphs).
  std::vector<std::int64_t> acc(static_cast<std::size_t>(nc), 0);
  std::vector<node_id> touched(static_cast<std::size_t>(nc) + 1);
  c.offsets.resize(static_cast<std::size_t>(nc) + 1);
  c.targets.resize(g.targets.size());
  c.edge_weight.resize(g.targets.size());
  const edge_id* offsets = g.offsets.data();
  const node_id* targets = g.targets.data();
  const std::int64_t* edge_weight = g.edge_weight.data();
  const node_id* coarse = map.data();
  std::int64_t* sum = acc.data();
  node_id* out_target = c.targets.data();
  std::int64_t* out_weight = c.edge_weight.data();
  edge_id arcs = 0;
  c.offsets[0] = 0;
  for (node_id cv = 0; cv < nc; ++cv) {
    const node_id a = first[cv], b = mate[a];
    std::size_t seen = 0;
    // Without branches on the data (which neighbour comes first is unpredictable): every
    // neighbour is written to `touched` and the count moves on only for a first sighting; cv
    // itself is kept from being listed by a non-zero sum while its arcs are summed.
    sum[cv] = 1;
    for (node_id v : {a, b}) {
      for (edge_id e = offsets[v]; e < offsets[v + 1]; ++e) {
        const node_id cu = coarse[targets[e]];
        touched[seen] = cu;
        seen += sum[cu] == 0;
        sum[cu] += edge_weight[e];
      }
      if (a == b) break;
    }
    sum[cv] = 0;
    for (std::size_t i = 0; i < seen; ++i) {
      const node_id cu = touched[i];
      out_target[arcs] = cu;
      out_weight[arcs] = sum[cu];
      ++arcs;
      sum[cu] = 0;
    }
    c.offsets[cv + 1] = arcs;
  }
  c.targets.resize(static_cast<std::size_t>(arcs));
  c.edge_weight.resize(static_cast<std::size_t>(arcs));
  return c;
}

const WeightedGraph& coarsen_to(const WeightedGraph& g, node_id stop, std::span<const double> cap, double keep, Rng& rng,
                                std::vector<WeightedGraph>& levels, std::vector<std::vector<node_id>>& maps,
                                std::vector<std::int32_t>* groups) {
  const WeightedGraph* cur = &g;
  std::vector<std::int32_t> coarse_groups;
  while (cur->n() > stop) {
    std::vector<node_id> map;
    WeightedGraph next = coarsen_once(*cur, cap, rng, map, groups ? std::span<const std::int32_t>(*groups)
                                                                  : std::span<const std::int32_t>());
    if (next.n() > static_cast<node_id>(keep * cur->n())) break;
    if (groups) {  // a coarse node's group is that of its (one or two) members
      coarse_groups.assign(static_cast<std::size_t>(next.n()), 0);
      for (node_id v = 0; v < cur->n(); ++v) coarse_groups[map[v]] = (*groups)[v];
      groups->swap(coarse_groups);
    }
    maps.push_back(std::move(map));
    levels.push_back(std::move(next));
    cur = &levels.back();
  }
  return *cur;
}

}  // namespace gridgov::balance::detail
