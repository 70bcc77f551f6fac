// Spanning-tree cuts: a random spanning tree of a node set and the splits it allows (both sides
// of a tree edge are connected). GerryChain's idea, used by the repair as the fallback of local
// moves and on coarse clusters. Private to the balance area (not installed).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

#include "part_state.hpp"
#include "gridgov/core/random.hpp"

namespace gridgov::balance::detail {

/// A random spanning tree of the local nodes `subset` (Kruskal over `edges` shuffled), rooted at
/// a random node of the subset: fills `tree`, `parent` and the breadth-first `order`. Returns
/// false when the edges do not connect the subset.
bool random_spanning_tree(std::vector<std::pair<std::int32_t, std::int32_t>>& edges,
                          const std::vector<std::int32_t>& subset, Rng& rng, std::vector<std::int32_t>& dsu,
                          std::vector<std::vector<std::int32_t>>& tree, std::vector<std::int32_t>& parent,
                          std::vector<std::int32_t>& order);

/// Cuts a random spanning tree of the connected node set `nodes` (Kruskal on random edge order)
/// at the edge that `score(side_weight, side_overlap, side_fixed_ok)` likes best; both sides of
/// a tree edge are connected. `score` returns -inf for unacceptable cuts. Returns the nodes of
/// the chosen side, or an empty list when no cut was acceptable in any of `tries` trees.
struct TreeSplitter {
  std::vector<std::int32_t> local;  // global -> local index, valid for the current call
  std::vector<std::int32_t> dsu;
  std::vector<std::pair<std::int32_t, std::int32_t>> edges;

  template <class Score>
  std::vector<node_id> split(const WeightedGraph& g, const std::vector<node_id>& nodes,
                             const std::function<std::int32_t(node_id)>& side_label, int tries,
                             Rng& rng, Score score) {
    const auto m = static_cast<std::int32_t>(nodes.size());
    const auto ud = static_cast<std::size_t>(g.d);
    if (m < 2) return {};
    if (local.size() < static_cast<std::size_t>(g.n())) local.assign(static_cast<std::size_t>(g.n()), -1);
    for (std::int32_t i = 0; i < m; ++i) local[nodes[i]] = i;
    edges.clear();
    for (std::int32_t i = 0; i < m; ++i) {
      const node_id v = nodes[i];
      for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
        const node_id u = g.targets[e];
        const std::int32_t j = local[u];
        if (j > i && j < m && nodes[j] == u) edges.emplace_back(i, j);
      }
    }
    std::vector<std::vector<std::int32_t>> tree(static_cast<std::size_t>(m));
    std::vector<std::int32_t> parent(static_cast<std::size_t>(m)), order, everyone(static_cast<std::size_t>(m));
    std::iota(everyone.begin(), everyone.end(), 0);
    std::vector<double> sub(static_cast<std::size_t>(m) * ud);
    std::vector<std::int64_t> sub_overlap(static_cast<std::size_t>(m));
    std::vector<std::int32_t> sub_bad(static_cast<std::size_t>(m));  // pinned to the other side
    std::vector<std::int32_t> sub_pin(static_cast<std::size_t>(m));  // pinned to this side
    double best_score = -std::numeric_limits<double>::infinity();
    std::vector<node_id> best_side;
    for (int t = 0; t < tries; ++t) {
      dsu.resize(static_cast<std::size_t>(m));
      if (!random_spanning_tree(edges, everyone, rng, dsu, tree, parent, order)) return {};  // not connected
      const std::int32_t root = order[0];
      std::fill(sub.begin(), sub.end(), 0.0);
      std::fill(sub_overlap.begin(), sub_overlap.end(), 0);
      std::fill(sub_bad.begin(), sub_bad.end(), 0);
      std::fill(sub_pin.begin(), sub_pin.end(), 0);
      std::int32_t total_pin = 0;
      for (std::int32_t i = 0; i < m; ++i) {
        const node_id v = nodes[i];
        for (std::size_t c = 0; c < ud; ++c) sub[i * ud + c] = g.w(v)[c];
        const std::int32_t s = side_label(v);  // 1 = "was on the chosen side", 0 = other side
        sub_overlap[i] = s == 1;
        const std::int32_t f = g.fixed_part(v);
        if (f >= 0) {
          // A pinned node keeps its current side.
          if (s == 1) {
            sub_pin[i] = 1;
            ++total_pin;
          } else {
            sub_bad[i] = 1;
          }
        }
      }
      for (std::size_t h = order.size(); h-- > 1;) {
        const std::int32_t x = order[h], p = parent[x];
        for (std::size_t c = 0; c < ud; ++c) sub[p * ud + c] += sub[x * ud + c];
        sub_overlap[p] += sub_overlap[x];
        sub_bad[p] += sub_bad[x];
        sub_pin[p] += sub_pin[x];
      }
      std::vector<double> side(ud);
      const std::int64_t total_overlap = sub_overlap[root];
      const std::int32_t total_bad = sub_bad[root];
      for (std::size_t h = 1; h < order.size(); ++h) {
        const std::int32_t x = order[h];
        // Side = the subtree under x.
        if (sub_bad[x] == 0 && sub_pin[x] == total_pin) {
          const double s = score(&sub[x * ud], sub_overlap[x]);
          if (s > best_score) {
            best_score = s;
            best_side.clear();
            collect(tree, parent, x, nodes, best_side, false);
          }
        }
        // Side = everything but the subtree under x.
        if (sub_pin[x] == 0 && sub_bad[x] == total_bad) {
          for (std::size_t c = 0; c < ud; ++c) side[c] = sub[root * ud + c] - sub[x * ud + c];
          const double s = score(side.data(), total_overlap - sub_overlap[x]);
          if (s > best_score) {
            best_score = s;
            best_side.clear();
            collect(tree, parent, x, nodes, best_side, true);
          }
        }
      }
    }
    for (node_id v : nodes) local[v] = -1;
    return best_side;
  }

 private:
  static void collect(const std::vector<std::vector<std::int32_t>>& tree,
                      const std::vector<std::int32_t>& parent, std::int32_t x,
                      const std::vector<node_id>& nodes, std::vector<node_id>& out, bool complement) {
    std::vector<char> in(nodes.size(), 0);
    std::vector<std::int32_t> stack{x};
    in[x] = 1;
    while (!stack.empty()) {
      const std::int32_t y = stack.back();
      stack.pop_back();
      for (std::int32_t z : tree[y])
        if (z != parent[y] && !in[z]) {
          in[z] = 1;
          stack.push_back(z);
        }
    }
    for (std::size_t i = 0; i < nodes.size(); ++i)
      if (static_cast<bool>(in[i]) != complement) out.push_back(nodes[i]);
  }
};

/// Cuts the connected node set `nodes` into m connected pieces each inside `bounds` by recursive
/// spanning-tree splitting (GerryChain's recursive_tree_part, used here on small clusters only):
/// cut off one piece whose subtree weight fits while the rest still fits m - 1 pieces, repeat on
/// the rest. Returns the piece of every node (parallel to `nodes`), or empty after `tries` trees
/// per cut without success. Pinned nodes are not supported here (callers skip them).
std::vector<std::int32_t> recursive_tree_parts(const WeightedGraph& g, const std::vector<node_id>& nodes,
                                               std::int32_t m, const PartBounds& bounds, int tries, Rng& rng,
                                               std::vector<std::int32_t>& local);

}  // namespace gridgov::balance::detail
