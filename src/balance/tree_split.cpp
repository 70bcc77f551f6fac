// Random spanning trees and recursive spanning-tree splitting of small clusters.
#include "tree_split.hpp"

#include <algorithm>
#include <vector>

namespace gridgov::balance::detail {

bool random_spanning_tree(std::vector<std::pair<std::int32_t, std::int32_t>>& edges,
                          const std::vector<std::int32_t>& subset, Rng& rng, std::vector<std::int32_t>& dsu,
                          std::vector<std::vector<std::int32_t>>& tree, std::vector<std::int32_t>& parent,
                          std::vector<std::int32_t>& order) {
  rng.shuffle(edges);
  for (std::int32_t i : subset) {
    dsu[i] = i;
    tree[i].clear();
  }
  auto find = [&](std::int32_t x) {
    while (dsu[x] != x) x = dsu[x] = dsu[dsu[x]];
    return x;
  };
  for (auto [a, b] : edges) {
    const std::int32_t ra = find(a), rb = find(b);
    if (ra == rb) continue;
    dsu[ra] = rb;
    tree[a].push_back(b);
    tree[b].push_back(a);
  }
  const std::int32_t root = subset[rng.below(subset.size())];
  order.assign(1, root);
  parent[root] = -1;
  for (std::size_t h = 0; h < order.size(); ++h)
    for (std::int32_t y : tree[order[h]])
      if (y != parent[order[h]]) {
        parent[y] = order[h];
        order.push_back(y);
      }
  return order.size() == subset.size();
}

std::vector<std::int32_t> recursive_tree_parts(const WeightedGraph& g, const std::vector<node_id>& nodes,
                                               std::int32_t m, const PartBounds& bounds, int tries, Rng& rng,
                                               std::vector<std::int32_t>& local) {
  const auto size = static_cast<std::int32_t>(nodes.size());
  const std::size_t d = bounds.ideal.size();
  std::vector<std::int32_t> piece(nodes.size(), -1);
  if (local.size() < static_cast<std::size_t>(g.n())) local.assign(static_cast<std::size_t>(g.n()), -1);
  for (std::int32_t i = 0; i < size; ++i) local[nodes[i]] = i;
  std::vector<std::pair<std::int32_t, std::int32_t>> all_edges;
  for (std::int32_t i = 0; i < size; ++i)
    for (edge_id e = g.offsets[nodes[i]]; e < g.offsets[nodes[i] + 1]; ++e) {
      const node_id u = g.targets[e];
      const std::int32_t j = local[u];
      if (j > i && j < size && nodes[j] == u) all_edges.emplace_back(i, j);
    }
  for (node_id v : nodes) local[v] = -1;
  std::vector<std::pair<std::int32_t, std::int32_t>> edges;
  std::vector<std::int32_t> dsu(nodes.size()), parent(nodes.size()), order, rest;
  std::vector<std::vector<std::int32_t>> tree(nodes.size());
  std::vector<double> sub(nodes.size() * d), total(d), lo_rest(d), hi_rest(d);
  std::int32_t left_parts = m;
  auto fits = [&](const double* w, std::int32_t parts) {
    for (std::size_t c = 0; c < d; ++c)
      if (w[c] > parts * bounds.hi[c] * (1 + 1e-12) || w[c] < parts * bounds.lo[c] * (1 - 1e-12)) return false;
    return true;
  };
  while (left_parts > 1) {
    rest.clear();
    std::fill(total.begin(), total.end(), 0.0);
    for (std::int32_t i = 0; i < size; ++i)
      if (piece[i] < 0) {
        rest.push_back(i);
        for (std::size_t c = 0; c < d; ++c) total[c] += g.w(nodes[i])[c];
      }
    if (!fits(total.data(), left_parts)) return {};
    edges.clear();
    for (auto [a, b] : all_edges)
      if (piece[a] < 0 && piece[b] < 0) edges.emplace_back(a, b);
    bool done = false;
    for (int t = 0; t < tries && !done; ++t) {
      if (!random_spanning_tree(edges, rest, rng, dsu, tree, parent, order)) return {};  // the rest is not connected
      for (std::int32_t i : rest)
        for (std::size_t c = 0; c < d; ++c) sub[i * d + c] = g.w(nodes[i])[c];
      for (std::size_t h = order.size(); h-- > 1;)
        for (std::size_t c = 0; c < d; ++c) sub[parent[order[h]] * d + c] += sub[order[h] * d + c];
      // Among the cuts that fit, the piece nearest the ideal (random among equals).
      std::int32_t best = -1;
      double best_spread = std::numeric_limits<double>::infinity();
      std::vector<double> remainder(d);
      for (std::size_t h = 1; h < order.size(); ++h) {
        const std::int32_t x = order[h];
        if (!fits(&sub[x * d], 1)) continue;
        for (std::size_t c = 0; c < d; ++c) remainder[c] = total[c] - sub[x * d + c];
        if (!fits(remainder.data(), left_parts - 1)) continue;
        const double s = bounds.spread(&sub[x * d]) + 1e-9 * rng.uniform();
        if (s < best_spread) {
          best_spread = s;
          best = x;
        }
      }
      if (best < 0) continue;
      std::vector<std::int32_t> stack{best};
      piece[best] = m - left_parts;
      while (!stack.empty()) {
        const std::int32_t y = stack.back();
        stack.pop_back();
        for (std::int32_t z : tree[y])
          if (z != parent[y] && piece[z] < 0) {
            piece[z] = m - left_parts;
            stack.push_back(z);
          }
      }
      done = true;
    }
    if (!done) return {};
    --left_parts;
  }
  for (auto& p : piece)
    if (p < 0) p = m - 1;
  std::fill(total.begin(), total.end(), 0.0);
  for (std::int32_t i = 0; i < size; ++i)
    if (piece[i] == m - 1)
      for (std::size_t c = 0; c < d; ++c) total[c] += g.w(nodes[i])[c];
  if (!fits(total.data(), 1)) return {};
  return piece;
}

}  // namespace gridgov::balance::detail
