// Moves that improve a connected partition without ever disconnecting a part: cut refinement,
// connectivity repair, empty-part filling and balance repair along chains of neighbouring parts.
//
// Every move takes a node whose part stays connected without it (PartState::removable) into a
// part it touches, so connected parts stay connected. Pair re-splits cut a random spanning tree
// of two neighbouring parts, so both sides are connected by construction (GerryChain's idea,
// used here only as the fallback of a local repair).
#pragma once

#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

#include "gridgov/balance/part_state.hpp"
#include "gridgov/core/random.hpp"

namespace gridgov::balance_detail {

inline constexpr double kEps = 1e-12;

/// Graphs with at most this many nodes a part are "fine-grained": coarsening stops there, the
/// bisection splits exactly, and stuck parts are re-cut by the exact search (spanning-tree cuts
/// rarely land in a part's narrow window when every part holds only a few nodes).
inline constexpr std::size_t kFineGrainedNodesPerPart = 12;

/// One step of a 64-bit hash over a sequence of words.
inline std::uint64_t mix_hash(std::uint64_t h, std::uint64_t x) noexcept {
  h = (h ^ x) * 0xff51afd7ed558ccdull;
  return h ^ (h >> 32);
}

/// Greedy k-way boundary refinement (METIS's greedy refinement in spirit): moves a boundary
/// node to the neighbouring part it shares most edges with when that cuts fewer edges, does not
/// increase the total bound violation and keeps its part connected. Returns the moves made.
inline std::int64_t refine_cut(PartState& st, int max_passes, Rng& rng) {
  const WeightedGraph& g = st.graph();
  // Only boundary nodes can move; after the first pass only the neighbours of moved nodes.
  std::vector<node_id> order, next;
  for (node_id v = 0; v < g.n(); ++v)
    for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e)
      if (st.label(g.targets[e]) != st.label(v)) {
        order.push_back(v);
        break;
      }
  std::vector<int> queued(static_cast<std::size_t>(g.n()), -1);  // pass that queued a node
  std::vector<std::pair<std::int32_t, std::int64_t>> conn;
  std::int64_t total_moves = 0;
  for (int pass = 0; pass < max_passes && !order.empty(); ++pass) {
    rng.shuffle(order);
    next.clear();
    std::int64_t moves = 0;
    for (node_id v : order) {
      if (g.fixed_part(v) >= 0) continue;
      const std::int32_t a = st.label(v);
      conn.clear();
      std::int64_t conn_a = 0;
      for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
        const std::int32_t q = st.label(g.targets[e]);
        if (q == a) {
          conn_a += g.edge_weight[e];
          continue;
        }
        auto it = std::find_if(conn.begin(), conn.end(), [q](auto& x) { return x.first == q; });
        if (it == conn.end()) conn.emplace_back(q, g.edge_weight[e]);
        else it->second += g.edge_weight[e];
      }
      if (conn.empty()) continue;
      std::int32_t best = -1;
      std::int64_t best_gain = 0;
      double best_delta = 0;
      const double spread_a = st.bounds().spread(st.weight(a));
      const double spread_a_after = st.spread_after(a, g.w(v), -1);
      for (auto [q, c] : conn) {
        const std::int64_t gain = c - conn_a;
        if (gain < 0) continue;
        double delta = st.move_delta(v, q);
        if (delta > kEps) continue;
        if (gain == 0 && delta >= -kEps) {
          // A move that cuts no more edges is still worth making when it evens the two parts
          // out (strictly, so this cannot cycle): it leaves room for later cut-reducing moves.
          const double even = spread_a_after + st.spread_after(q, g.w(v), +1) - spread_a - st.bounds().spread(st.weight(q));
          if (even >= -1e-6) continue;
          delta = even * 1e-3;
        }
        if (best < 0 || gain > best_gain || (gain == best_gain && delta < best_delta)) {
          best = q;
          best_gain = gain;
          best_delta = delta;
        }
      }
      if (best >= 0 && st.removable(v)) {
        st.move(v, best);
        ++moves;
        if (queued[v] != pass) {
          queued[v] = pass;
          next.push_back(v);
        }
        for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e)
          if (queued[g.targets[e]] != pass) {
            queued[g.targets[e]] = pass;
            next.push_back(g.targets[e]);
          }
      }
    }
    order.swap(next);
    total_moves += moves;
    if (moves == 0) break;
  }
  return total_moves;
}

/// Gives every stray piece of a part to the neighbouring part it shares most edges with; the
/// piece holding the part's pinned nodes, or else its heaviest piece, stays. Returns false when
/// a part keeps two pieces that both hold pinned nodes.
inline bool repair_connectivity(PartState& st) {
  const WeightedGraph& g = st.graph();
  const auto& b = st.bounds();
  bool all_fixed = true;
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::int32_t p = 0; p < st.k(); ++p) {
      auto pieces = st.pieces(p);
      if (pieces.size() <= 1) continue;
      std::vector<double> size(pieces.size(), 0.0);
      std::vector<char> pinned(pieces.size(), 0);
      for (std::size_t i = 0; i < pieces.size(); ++i)
        for (node_id v : pieces[i]) {
          for (std::size_t c = 0; c < b.ideal.size(); ++c)
            size[i] += b.ideal[c] > 0 ? g.w(v)[c] / b.ideal[c] : 0.0;
          size[i] += 1e-9;  // zero-weight pieces: more nodes wins
          if (g.fixed_part(v) >= 0) pinned[i] = 1;
        }
      std::size_t keep = 0;
      for (std::size_t i = 1; i < pieces.size(); ++i)
        if (pinned[i] > pinned[keep] || (pinned[i] == pinned[keep] && size[i] > size[keep])) keep = i;
      for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (i == keep) continue;
        if (pinned[i]) {
          all_fixed = false;
          continue;
        }
        std::vector<std::pair<std::int32_t, std::int64_t>> touch;
        for (node_id v : pieces[i])
          for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
            const std::int32_t q = st.label(g.targets[e]);
            if (q == p) continue;
            auto it = std::find_if(touch.begin(), touch.end(), [q](auto& x) { return x.first == q; });
            if (it == touch.end()) touch.emplace_back(q, g.edge_weight[e]);
            else it->second += g.edge_weight[e];
          }
        if (touch.empty()) continue;  // cannot happen in a connected domain
        auto best = std::max_element(touch.begin(), touch.end(), [](auto& x, auto& y) {
          return x.second < y.second || (x.second == y.second && x.first > y.first);
        });
        for (node_id v : pieces[i]) st.move(v, best->first);
        changed = true;
      }
    }
  }
  return all_fixed;
}

/// A random spanning tree of the local nodes `subset` (Kruskal over `edges` shuffled), rooted at
/// a random node of the subset: fills `tree`, `parent` and the breadth-first `order`. Returns
/// false when the edges do not connect the subset.
inline bool random_spanning_tree(std::vector<std::pair<std::int32_t, std::int32_t>>& edges,
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

/// Splits a part to fill every empty part (possible after connectivity repair on tiny inputs).
inline void fill_empty_parts(PartState& st, TreeSplitter& splitter, Rng& rng) {
  const WeightedGraph& g = st.graph();
  const auto& b = st.bounds();
  for (std::int32_t e = 0; e < st.k(); ++e) {
    if (!st.members(e).empty()) continue;
    // The part with most nodes gives half of itself.
    std::int32_t donor = -1;
    for (std::int32_t p = 0; p < st.k(); ++p)
      if (st.members(p).size() >= 2 && (donor < 0 || st.members(p).size() > st.members(donor).size()))
        donor = p;
    if (donor < 0) return;
    std::vector<node_id> nodes = st.members(donor);
    const double* dw = st.weight(donor);
    std::vector<double> half(b.ideal.size());
    for (std::size_t c = 0; c < half.size(); ++c) half[c] = dw[c] / 2;
    auto side = splitter.split(
        g, nodes, [](node_id) { return 0; }, 8, rng, [&](const double* w, std::int64_t) {
          double s = 0;
          for (std::size_t c = 0; c < half.size(); ++c) {
            const double scale = b.ideal[c] > 0 ? b.ideal[c] : 1.0;
            s -= std::abs(w[c] - half[c]) / scale;
          }
          return s;
        });
    if (side.empty()) side.push_back(nodes.back());  // a 2-node part split by its tree edge
    for (node_id v : side) st.move(v, e);
  }
}

/// Cuts the connected node set `nodes` into m connected pieces each inside `bounds` by recursive
/// spanning-tree splitting (GerryChain's recursive_tree_part, used here on small clusters only):
/// cut off one piece whose subtree weight fits while the rest still fits m - 1 pieces, repeat on
/// the rest. Returns the piece of every node (parallel to `nodes`), or empty after `tries` trees
/// per cut without success. Pinned nodes are not supported here (callers skip them).
inline std::vector<std::int32_t> recursive_tree_parts(const WeightedGraph& g, const std::vector<node_id>& nodes,
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

/// Exact search for the small hard cases: cuts the connected node set `nodes` into m connected
/// pieces each inside `bounds`, by backtracking. The piece of the first unassigned node is
/// chosen among the connected sets that contain it and fit the window (enumerated each exactly
/// once, Wernicke's ESU scheme, pruned at the upper bound), and a choice is kept only when every
/// leftover component can still hold a whole number of pieces. Gives up after `budget` sets.
class ExactCut {
 public:
  ExactCut(const WeightedGraph& g, const std::vector<node_id>& nodes, std::int32_t m, const PartBounds& b,
           std::int64_t budget)
      : m_(m), d_(b.ideal.size()), b_(b), budget_(budget) {
    const auto size = nodes.size();
    std::vector<std::int32_t> local(static_cast<std::size_t>(g.n()), -1);
    for (std::size_t i = 0; i < size; ++i) local[nodes[i]] = static_cast<std::int32_t>(i);
    adj_.resize(size);
    w_.resize(size * d_);
    for (std::size_t i = 0; i < size; ++i) {
      for (edge_id e = g.offsets[nodes[i]]; e < g.offsets[nodes[i] + 1]; ++e)
        if (local[g.targets[e]] >= 0) adj_[i].push_back(local[g.targets[e]]);
      for (std::size_t c = 0; c < d_; ++c) w_[i * d_ + c] = g.w(nodes[i])[c];
    }
    owner_.assign(size, -1);
    seen_.assign(size * static_cast<std::size_t>(m), 0);  // one mark row per piece being grown
    wsum_.assign(static_cast<std::size_t>(m) * d_, 0.0);
    total_.assign(d_, 0.0);
    for (std::size_t i = 0; i < size; ++i)
      for (std::size_t c = 0; c < d_; ++c) total_[c] += w_[i * d_ + c];
    done_.assign(size, 0);
    lw_.resize(d_);
  }

  /// Piece of every node (parallel to `nodes`), or empty when none was found within budget.
  std::vector<std::int32_t> solve() {
    if (attempt()) return owner_;
    return {};
  }

  /// The same search with randomised candidate order, restarted with growing budgets (the
  /// Luby-style remedy for the heavy tail of backtracking: one unlucky early choice can trap a
  /// fixed-order search in a huge dead subtree). Failed leftovers proven on the way are
  /// remembered across restarts, so no proof is repeated.
  std::vector<std::int32_t> solve_restarts(std::int64_t total_budget, Rng& rng) {
    rng_ = &rng;
    std::int64_t slice = 2000;
    while (total_budget > 0 && !proven_impossible_) {
      budget_ = std::min(slice, total_budget);
      total_budget -= budget_;
      if (attempt()) return owner_;
      slice *= 2;
    }
    return {};
  }
  /// Search steps spent so far.
  std::int64_t used() const { return used_; }

  /// True when the last solve searched everything and found no cut.
  bool proven_impossible() const { return proven_impossible_; }

 private:
  /// One search from scratch within budget_; a search that ends inside its budget without a
  /// cut has proven that none exists.
  bool attempt() {
    const std::int64_t given = budget_;
    std::fill(owner_.begin(), owner_.end(), -1);
    std::fill(seen_.begin(), seen_.end(), 0);
    pool_.clear();
    marked_.clear();
    const bool found = place(0);
    used_ += given - std::max<std::int64_t>(budget_, 0);
    if (!found && budget_ >= 0) proven_impossible_ = true;
    return found;
  }

  bool fits(const double* w, std::int32_t parts) const {
    for (std::size_t c = 0; c < d_; ++c)
      if (w[c] > parts * b_.hi[c] * (1 + 1e-12) || w[c] < parts * b_.lo[c] * (1 - 1e-12)) return false;
    return true;
  }

  /// Every component of the unassigned nodes can take a whole number of the `parts` left.
  bool leftover_ok(std::int32_t parts) {
    // First the cheap test on the leftover's total weight (pieces 0 .. m - parts - 1 are placed).
    if (parts > 0) {
      std::vector<double>& left = lw_;
      left = total_;
      for (std::int32_t q = 0; q < m_ - parts; ++q)
        for (std::size_t c = 0; c < d_; ++c) left[c] -= wsum_[static_cast<std::size_t>(q) * d_ + c];
      if (!fits(left.data(), parts)) return false;
    }
    std::int64_t need = 0, room = 0;
    std::vector<std::uint32_t>& done = done_;
    std::vector<std::int32_t>& queue = queue_;
    std::vector<double>& w = lw_;
    if (++stamp_ == 0) {
      std::fill(done.begin(), done.end(), 0);
      stamp_ = 1;
    }
    const std::uint32_t stamp = stamp_;
    for (std::size_t s = 0; s < owner_.size(); ++s) {
      if (owner_[s] >= 0 || done[s] == stamp) continue;
      std::fill(w.begin(), w.end(), 0.0);
      queue.assign(1, static_cast<std::int32_t>(s));
      done[s] = stamp;
      for (std::size_t h = 0; h < queue.size(); ++h) {
        for (std::size_t c = 0; c < d_; ++c) w[c] += w_[queue[h] * d_ + c];
        for (std::int32_t u : adj_[queue[h]])
          if (owner_[u] < 0 && done[u] != stamp) {
            done[u] = stamp;
            queue.push_back(u);
          }
      }
      std::int64_t lo_j = 1, hi_j = static_cast<std::int64_t>(queue.size());
      for (std::size_t c = 0; c < d_; ++c) {
        if (b_.hi[c] > 0) lo_j = std::max<std::int64_t>(lo_j, static_cast<std::int64_t>(std::ceil(w[c] / b_.hi[c] - 1e-9)));
        if (b_.lo[c] > 0) hi_j = std::min<std::int64_t>(hi_j, static_cast<std::int64_t>(std::floor(w[c] / b_.lo[c] + 1e-9)));
      }
      need += lo_j;
      room += hi_j;
      if (lo_j > hi_j || need > parts) return false;
    }
    return need <= parts && parts <= room;
  }

  bool place(std::int32_t part) {
    // Root the next piece at the unassigned node with the fewest unassigned neighbours (the
    // periphery, so the leftover tends to stay in one piece), the heaviest among those: it has
    // the fewest ways to fit, so the search fails fast where it must (every piece holds some
    // node, so this is complete).
    std::int32_t root = -1;
    double root_w = -1;
    std::size_t root_deg = 0;
    for (std::size_t i = 0; i < owner_.size(); ++i)
      if (owner_[i] < 0) {
        std::size_t deg = 0;
        for (std::int32_t u : adj_[i]) deg += owner_[u] < 0;
        double x = 0;
        for (std::size_t c = 0; c < d_; ++c) x += b_.ideal[c] > 0 ? w_[i * d_ + c] / b_.ideal[c] : 0;
        if (root < 0 || deg < root_deg || (deg == root_deg && x > root_w)) {
          root_w = x;
          root_deg = deg;
          root = static_cast<std::int32_t>(i);
        }
      }
    if (root < 0) return part == m_;
    if (part == m_) return false;
    leftover_key(part);
    if (failed_.count(key_)) return false;
    double* w = &wsum_[static_cast<std::size_t>(part) * d_];
    for (std::size_t c = 0; c < d_; ++c) {
      w[c] = w_[root * d_ + c];
      if (w[c] > b_.hi[c] * (1 + 1e-12)) return false;
    }
    owner_[root] = part;
    char* seen = &seen_[static_cast<std::size_t>(part) * owner_.size()];
    const std::size_t begin = pool_.size();
    seen[root] = 1;
    for (std::int32_t u : adj_[root])
      if (owner_[u] < 0 && !seen[u]) {
        seen[u] = 1;
        pool_.push_back(u);
      }
    const std::size_t end = pool_.size();
    const bool found = extend(part, begin, end, w);
    seen[root] = 0;
    for (std::size_t i = begin; i < end; ++i) seen[pool_[i]] = 0;
    pool_.resize(begin);
    if (!found) {
      owner_[root] = -1;
      if (budget_ >= 0) {  // searched to the end: this leftover cannot be cut
        leftover_key(part);
        failed_.insert(key_);
      }
    }
    return found;
  }

  /// The unassigned nodes (as a bit set) and the next piece's number: the whole state the rest
  /// of the search depends on (the root rule is a function of it).
  void leftover_key(std::int32_t part) {
    key_.assign((owner_.size() + 63) / 64 + 1, 0);
    for (std::size_t i = 0; i < owner_.size(); ++i)
      if (owner_[i] < 0) key_[i / 64] |= std::uint64_t{1} << (i % 64);
    key_.back() = static_cast<std::uint64_t>(part);
  }

  // The piece `part` holds the nodes with owner_ == part and weighs w; pool_[begin, end) are
  // the candidates to add (all marked seen). Candidate lists live on one shared stack (pool_),
  // so the enumeration allocates nothing once it is warm.
  bool extend(std::int32_t part, std::size_t begin, std::size_t end, double* w) {
    if (--budget_ < 0) return false;
    if (fits(w, 1) && leftover_ok(m_ - part - 1) && place(part + 1)) return true;
    if (budget_ < 0) return false;
    char* seen = &seen_[static_cast<std::size_t>(part) * owner_.size()];
    while (end > begin) {
      if (rng_ && end - begin > 1) std::swap(pool_[end - 1], pool_[begin + rng_->below(end - begin)]);
      const std::int32_t v = pool_[--end];
      bool light = true;
      for (std::size_t c = 0; c < d_ && light; ++c) light = w[c] + w_[v * d_ + c] <= b_.hi[c] * (1 + 1e-12);
      if (!light) continue;  // too heavy now, so for every larger set too
      const std::size_t next_begin = pool_.size();
      for (std::size_t i = begin; i < end; ++i) {
        const std::int32_t x = pool_[i];
        pool_.push_back(x);
      }
      // The deeper levels shuffle the pool, so the newly marked nodes are kept apart.
      const std::size_t fresh = marked_.size();
      for (std::int32_t u : adj_[v])
        if (owner_[u] < 0 && !seen[u]) {
          seen[u] = 1;
          pool_.push_back(u);
          marked_.push_back(u);
        }
      const std::size_t next_end = pool_.size();
      owner_[v] = part;
      for (std::size_t c = 0; c < d_; ++c) w[c] += w_[v * d_ + c];
      const bool found = extend(part, next_begin, next_end, w);
      for (std::size_t i = fresh; i < marked_.size(); ++i) seen[marked_[i]] = 0;
      marked_.resize(fresh);
      pool_.resize(next_begin);
      if (found) return true;
      for (std::size_t c = 0; c < d_; ++c) w[c] -= w_[v * d_ + c];
      owner_[v] = -1;
      if (budget_ < 0) return false;
    }
    return false;
  }

  std::int32_t m_;
  std::size_t d_;
  const PartBounds& b_;
  std::int64_t budget_;
  std::vector<std::vector<std::int32_t>> adj_;
  std::vector<double> w_;
  std::vector<std::int32_t> owner_;
  std::vector<char> seen_;
  struct KeyHash {
    std::size_t operator()(const std::vector<std::uint64_t>& k) const {
      std::uint64_t h = 0x9e3779b97f4a7c15ull;
      for (std::uint64_t x : k) h = mix_hash(h, x);
      return static_cast<std::size_t>(h);
    }
  };
  Rng* rng_ = nullptr;
  bool proven_impossible_ = false;
  std::int64_t used_ = 0;
  std::vector<std::int32_t> pool_, marked_, queue_;  // candidates; nodes marked seen; scratch
  std::vector<double> wsum_, lw_, total_;    // weight of each piece being grown; scratch; all
  std::vector<std::uint32_t> done_;
  std::uint32_t stamp_ = 0;
  std::vector<std::uint64_t> key_;
  std::unordered_set<std::vector<std::uint64_t>, KeyHash> failed_;
};

/// The repair engine: balance moves, chains of pair re-splits, and the bookkeeping they share.
class BalanceRepair {
 public:
  /// `exact_work`: the most search steps all exact cluster re-cuts of this repair may take
  /// together, so a plan that cannot be repaired (too tight bounds) fails in bounded time.
  BalanceRepair(PartState& st, Rng& rng, std::int64_t exact_work = std::numeric_limits<std::int64_t>::max())
      : st_(st), rng_(rng), exact_work_left_(exact_work) {}


  /// Single-node moves that lower the total violation, best first, until none is left.
  bool single_moves(std::int64_t max_moves) {
    bool any = false;
    for (std::int64_t round = 0; round < max_moves; ++round) {
      std::vector<std::int32_t> bad = violating_parts();
      if (bad.empty()) break;
      bool moved = false;
      for (std::int32_t p : bad)
        if (improve_part(p)) {
          moved = true;
          break;
        }
      if (!moved) break;
      any = true;
    }
    return any;
  }

  /// Moves weight from (to) each violating part along a path of neighbouring parts to a part
  /// with room (surplus), re-splitting each consecutive pair so the earlier part lands inside
  /// the window. Returns true when the total violation went down.
  bool chains(int max_depth, int candidates_per_part) {
    bool improved = false;
    for (std::int32_t p : violating_parts()) {
      if (st_.violation(p) <= kEps) continue;
      for (auto& path : candidate_paths(p, max_depth, candidates_per_part)) {
        const double before = path_violation(path);
        auto saved = st_.save(path);
        bool ok = true;
        for (std::size_t i = 0; i + 1 < path.size() && ok; ++i)
          ok = resplit(path[i], path[i + 1], i + 2 == path.size());
        if (ok && path_violation(path) < before - kEps) {
          improved = true;
          break;
        }
        st_.restore(saved);
      }
    }
    return improved;
  }

  /// The small-cluster fallback: re-cuts violating part p together with 1 .. max_parts - 1
  /// neighbouring parts from scratch, once their total fits that many parts. The cluster grows
  /// over the part adjacency; shape `variant` 0 takes next the neighbour that brings the
  /// cluster's mean weight closest to the ideal (a light part gathers heavy neighbours and the
  /// other way round, which leaves the most room), 1 goes breadth first, and higher variants
  /// pick among the three best-balancing neighbours at random. Fine-grained clusters (few nodes a
  /// part, where spanning-tree cuts rarely land in a narrow window) are cut by the exact search
  /// with `budget`, coarse ones by recursive spanning-tree splitting. New pieces take the old part
  /// ids by largest overlap, so few nodes change part. Returns true when the cluster was re-cut.
  bool cluster_resolve(std::int32_t p, std::int32_t max_parts, int variant, std::int64_t budget) {
    const WeightedGraph& g = st_.graph();
    const auto& b = st_.bounds();
    const std::size_t d = b.ideal.size();
    std::vector<std::int32_t> cluster{p};
    std::vector<char> in(static_cast<std::size_t>(st_.k()), 0);
    in[p] = 1;
    std::vector<double> total(st_.weight(p), st_.weight(p) + d);
    std::vector<std::int32_t> frontier;
    std::vector<node_id> nodes = st_.members(p);
    bool pinned = false;
    for (node_id v : nodes) pinned = pinned || g.fixed_part(v) >= 0;
    std::size_t bfs_head = 0;
    auto add_frontier = [&](std::int32_t q) {
      for (std::int32_t r : neighbour_parts(q))
        if (!in[r] && std::find(frontier.begin(), frontier.end(), r) == frontier.end()) frontier.push_back(r);
    };
    add_frontier(p);
    while (static_cast<std::int32_t>(cluster.size()) < max_parts && !frontier.empty() && !pinned) {
      // Next part of the cluster.
      std::size_t pick = 0;
      if (variant == 1) {
        while (bfs_head < frontier.size() && in[frontier[bfs_head]]) ++bfs_head;
        if (bfs_head >= frontier.size()) break;
        pick = bfs_head;
      } else {
        const auto m1 = static_cast<double>(cluster.size() + 1);
        std::vector<std::pair<double, std::size_t>> scored;
        for (std::size_t i = 0; i < frontier.size(); ++i) {
          if (in[frontier[i]]) continue;
          double off = 0;
          for (std::size_t c = 0; c < d; ++c) {
            const double scale = b.ideal[c] > 0 ? b.ideal[c] : 1.0;
            const double x = (total[c] + st_.weight(frontier[i])[c]) / m1 - b.ideal[c];
            off += x * x / (scale * scale);
          }
          scored.emplace_back(off, i);
        }
        if (scored.empty()) break;
        std::sort(scored.begin(), scored.end());
        pick = scored[variant == 0 ? 0 : rng_.below(std::min<std::size_t>(3, scored.size()))].second;
      }
      const std::int32_t q = frontier[pick];
      in[q] = 1;
      cluster.push_back(q);
      for (std::size_t c = 0; c < d; ++c) total[c] += st_.weight(q)[c];
      for (node_id v : st_.members(q)) {
        nodes.push_back(v);
        pinned = pinned || g.fixed_part(v) >= 0;
      }
      if (pinned) return false;
      add_frontier(q);
      const auto m = static_cast<std::int32_t>(cluster.size());
      bool fits = true;
      for (std::size_t c = 0; c < d && fits; ++c) fits = total[c] >= m * b.lo[c] && total[c] <= m * b.hi[c];
      if (!fits) continue;
      auto piece = nodes.size() <= kFineGrainedNodesPerPart * static_cast<std::size_t>(m)
                       ? exact_cut(nodes, m, budget)
                       : recursive_tree_parts(g, nodes, m, b, 16, rng_, local_);
      if (piece.empty()) continue;
      take_pieces(cluster, nodes, piece);
      return true;
    }
    return false;
  }

  /// The exact search on a fine-grained cluster, within `budget` and what is left of the
  /// repair's exact work. Whether m pieces exist depends on the node set alone, so a set proven
  /// impossible is never searched again, and one that ran out of budget only with a larger one.
  std::vector<std::int32_t> exact_cut(const std::vector<node_id>& nodes, std::int32_t m, std::int64_t budget) {
    std::vector<node_id> sorted = nodes;
    std::sort(sorted.begin(), sorted.end());
    std::uint64_t key = 0x9e3779b97f4a7c15ull * static_cast<std::uint64_t>(m + 1);
    for (node_id v : sorted) key = mix_hash(key, static_cast<std::uint64_t>(v));
    const auto it = searched_.find(key);
    if ((it != searched_.end() && it->second >= budget) || exact_work_left_ <= 0) return {};
    ExactCut search(st_.graph(), nodes, m, st_.bounds(), 0);
    auto piece = search.solve_restarts(std::min(budget, exact_work_left_), rng_);
    exact_work_left_ -= search.used();
    if (piece.empty())
      searched_[key] = search.proven_impossible() ? std::numeric_limits<std::int64_t>::max() : budget;
    return piece;
  }

  /// Relabels the cluster's nodes by `piece` (parallel to `nodes`): old part ids go to the new
  /// pieces by largest overlap (greedy), so few nodes change part.
  void take_pieces(const std::vector<std::int32_t>& cluster, const std::vector<node_id>& nodes,
                   const std::vector<std::int32_t>& piece) {
    const auto m = static_cast<std::int32_t>(cluster.size());
    std::vector<std::int64_t> overlap(static_cast<std::size_t>(m) * m, 0);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const auto old = std::find(cluster.begin(), cluster.end(), st_.label(nodes[i])) - cluster.begin();
      ++overlap[static_cast<std::size_t>(piece[i]) * m + old];
    }
    std::vector<std::int32_t> id_of(static_cast<std::size_t>(m), -1);
    std::vector<char> used(static_cast<std::size_t>(m), 0);
    for (std::int32_t round = 0; round < m; ++round) {
      std::int64_t best = -1;
      std::int32_t bp = 0, bo = 0;
      for (std::int32_t x = 0; x < m; ++x)
        for (std::int32_t o = 0; o < m; ++o)
          if (id_of[x] < 0 && !used[o] && overlap[x * m + o] > best) {
            best = overlap[x * m + o];
            bp = x;
            bo = o;
          }
      id_of[bp] = cluster[bo];
      used[bo] = 1;
    }
    for (std::size_t i = 0; i < nodes.size(); ++i)
      if (st_.label(nodes[i]) != id_of[piece[i]]) st_.move(nodes[i], id_of[piece[i]]);
  }

  /// Runs cluster_resolve on every violating part. Returns true when any cluster was re-cut.
  bool resolve_clusters(std::int32_t max_parts, int variants, std::int64_t budget) {
    bool any = false;
    for (std::int32_t p : violating_parts())
      for (int variant = 0; variant < variants && st_.violation(p) > kEps; ++variant)
        if (cluster_resolve(p, max_parts, variant, budget)) {
          any = true;
          break;
        }
    return any;
  }

  /// Puts part a inside its window by trading nodes with its neighbour b (both stay connected);
  /// when `last`, b must end inside too. Greedy boundary moves first, then spanning-tree cuts.
  bool resplit(std::int32_t a, std::int32_t b, bool last) {
    const WeightedGraph& g = st_.graph();
    auto objective = [&](double va, double vb) { return va + (last ? vb : 0.0); };
    for (int step = 0; step < 100000; ++step) {
      const double cur = objective(st_.violation(a), st_.violation(b));
      if (cur <= kEps) return true;
      candidates_.clear();
      auto consider = [&](std::int32_t from, std::int32_t to) {
        for (node_id v : st_.members(from)) {
          if (g.fixed_part(v) >= 0) continue;
          std::int64_t c_to = 0, c_from = 0;
          for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
            const std::int32_t q = st_.label(g.targets[e]);
            if (q == to) c_to += g.edge_weight[e];
            else if (q == from) c_from += g.edge_weight[e];
          }
          if (c_to == 0) continue;
          const double va = from == a ? st_.violation_after(a, g.w(v), -1) : st_.violation_after(a, g.w(v), +1);
          const double vb = from == b ? st_.violation_after(b, g.w(v), -1) : st_.violation_after(b, g.w(v), +1);
          const double obj = objective(va, vb);
          if (obj < cur - kEps)
            candidates_.push_back({obj, static_cast<double>(c_from - c_to), v, to});
        }
      };
      consider(a, b);
      consider(b, a);
      if (candidates_.empty()) break;
      std::sort(candidates_.begin(), candidates_.end());
      bool moved = false;
      for (std::size_t i = 0; i < candidates_.size() && i < 64; ++i)
        if (st_.removable(candidates_[i].v)) {
          st_.move(candidates_[i].v, candidates_[i].to);
          moved = true;
          break;
        }
      if (!moved) break;
    }
    if (objective(st_.violation(a), st_.violation(b)) > kEps) tree_resplit(a, b, last);
    // The chain judges the whole path; the pair only has to put `a` inside its window.
    return st_.violation(a) <= kEps;
  }

 private:
  struct Candidate {
    double objective, cut_increase;
    node_id v;
    std::int32_t to;
    bool operator<(const Candidate& o) const {
      if (objective != o.objective) return objective < o.objective;
      if (cut_increase != o.cut_increase) return cut_increase < o.cut_increase;
      return v < o.v;
    }
  };

  std::vector<std::int32_t> violating_parts() const {
    std::vector<std::int32_t> bad;
    for (std::int32_t p = 0; p < st_.k(); ++p)
      if (st_.violation(p) > kEps) bad.push_back(p);
    std::stable_sort(bad.begin(), bad.end(),
                     [&](std::int32_t x, std::int32_t y) { return st_.violation(x) > st_.violation(y); });
    return bad;
  }

  double path_violation(const std::vector<std::int32_t>& path) const {
    double v = 0;
    for (std::int32_t p : path) v += st_.violation(p);
    return v;
  }

  bool improve_part(std::int32_t p) {
    const WeightedGraph& g = st_.graph();
    candidates_.clear();
    for (node_id v : st_.members(p))
      for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
        const node_id u = g.targets[e];
        const std::int32_t q = st_.label(u);
        if (q == p) continue;
        if (g.fixed_part(v) < 0) {
          const double d = st_.move_delta(v, q);
          if (d < -kEps) candidates_.push_back({d, 0.0, v, q});
        }
        if (g.fixed_part(u) < 0) {
          const double d = st_.move_delta(u, p);
          if (d < -kEps) candidates_.push_back({d, 0.0, u, p});
        }
      }
    if (candidates_.empty()) return false;
    std::sort(candidates_.begin(), candidates_.end());
    candidates_.erase(std::unique(candidates_.begin(), candidates_.end(),
                                  [](auto& x, auto& y) { return x.v == y.v && x.to == y.to; }),
                      candidates_.end());
    for (std::size_t i = 0; i < candidates_.size() && i < 64; ++i)
      if (st_.removable(candidates_[i].v)) {
        st_.move(candidates_[i].v, candidates_[i].to);
        return true;
      }
    return false;
  }

  std::vector<std::int32_t> neighbour_parts(std::int32_t p) const {
    const WeightedGraph& g = st_.graph();
    std::vector<std::int32_t> out;
    for (node_id v : st_.members(p))
      for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
        const std::int32_t q = st_.label(g.targets[e]);
        if (q != p && std::find(out.begin(), out.end(), q) == out.end()) out.push_back(q);
      }
    std::sort(out.begin(), out.end());
    return out;
  }

  /// Paths p -> ... -> q over the part adjacency (breadth first), to the parts q that could
  /// absorb p's excess (or supply its deficit) while staying inside the window, nearest first;
  /// when none can, the ones that come closest.
  std::vector<std::vector<std::int32_t>> candidate_paths(std::int32_t p, int max_depth, int count) {
    const auto& b = st_.bounds();
    const std::size_t d = b.ideal.size();
    std::vector<double> excess(d);
    for (std::size_t c = 0; c < d; ++c) excess[c] = st_.weight(p)[c] - b.ideal[c];
    std::vector<std::int32_t> parent(static_cast<std::size_t>(st_.k()), -2), depth(static_cast<std::size_t>(st_.k()), 0);
    std::vector<std::int32_t> queue{p};
    parent[p] = -1;
    std::vector<std::pair<double, std::int32_t>> scored;  // (score, part): lower is better
    for (std::size_t h = 0; h < queue.size(); ++h) {
      const std::int32_t x = queue[h];
      if (x != p) {
        std::vector<double> after(d);
        for (std::size_t c = 0; c < d; ++c) after[c] = st_.weight(x)[c] + excess[c];
        const double v = b.violation(after.data());
        scored.emplace_back(v * 1000.0 + depth[x], x);
      }
      if (depth[x] >= max_depth) continue;
      for (std::int32_t y : neighbour_parts(x))
        if (parent[y] == -2) {
          parent[y] = x;
          depth[y] = depth[x] + 1;
          queue.push_back(y);
        }
    }
    std::stable_sort(scored.begin(), scored.end());
    std::vector<std::vector<std::int32_t>> paths;
    for (auto [s, q] : scored) {
      if (static_cast<int>(paths.size()) >= count) break;
      std::vector<std::int32_t> path;
      for (std::int32_t x = q; x != -1; x = parent[x]) path.push_back(x);
      std::reverse(path.begin(), path.end());
      paths.push_back(std::move(path));
    }
    return paths;
  }

  bool tree_resplit(std::int32_t a, std::int32_t b, bool last) {
    const WeightedGraph& g = st_.graph();
    const auto& bounds = st_.bounds();
    const std::size_t d = bounds.ideal.size();
    std::vector<node_id> nodes = st_.members(a);
    nodes.insert(nodes.end(), st_.members(b).begin(), st_.members(b).end());
    std::vector<double> total(d, 0.0);
    for (std::size_t c = 0; c < d; ++c) total[c] = st_.weight(a)[c] + st_.weight(b)[c];
    std::vector<double> rest(d);
    auto side = splitter_.split(
        g, nodes, [&](node_id v) { return st_.label(v) == a ? 1 : 0; }, 12, rng_,
        [&](const double* w, std::int64_t overlap) {
          if (bounds.violation(w) > kEps) return -std::numeric_limits<double>::infinity();
          double s = static_cast<double>(overlap);
          if (last) {
            for (std::size_t c = 0; c < d; ++c) rest[c] = total[c] - w[c];
            const double vb = bounds.violation(rest.data());
            s -= vb * 1e9;
          }
          return s - bounds.spread(w) * 1e-3;
        });
    if (side.empty()) return false;
    for (node_id v : nodes)
      if (st_.label(v) == a) st_.move(v, b);
    for (node_id v : side) st_.move(v, a);
    return true;
  }

  PartState& st_;
  Rng& rng_;
  std::unordered_map<std::uint64_t, std::int64_t> searched_;  // node-set hash -> budget spent
  std::int64_t exact_work_left_;
  TreeSplitter splitter_;
  std::vector<Candidate> candidates_;
  std::vector<std::int32_t> local_;
};

}  // namespace gridgov::balance_detail
