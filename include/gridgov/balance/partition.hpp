// Contiguous, balanced partitioning: gridgov::partition.
//
// Guarantees (or an InfeasibleError saying why, or with strict = false the best plan found and
// its violations): no empty part; every part connected when the graph is connected (parts never
// span connected components, and never cross a region boundary); every part's weight within
// [lo, hi] in every weight column, where by default lo, hi = (1 -/+ tol) x ideal and the ideal
// of a part is its region's total over its region's number of parts.
//
// Method (DESIGN.md section 4): the graph is cut into domains (connected pieces of a region) and
// each domain's share of parts is fixed by weight. Each domain is coarsened by heavy-edge
// matching (clusters are connected), split by recursive greedy-growing bisection on the
// coarsest graph (both halves kept connected), then uncoarsened with boundary refinement that
// never moves an articulation point of its part. On the finest graph, stray pieces are handed
// to neighbours, empty parts are filled, and the balance is repaired by single moves and by
// chains of pair re-splits (greedy boundary trades, with random spanning-tree cuts as the
// fallback) along paths of neighbouring parts. Parts still outside are re-cut with 1-31
// neighbouring parts from scratch (exact search on fine-grained clusters, spanning-tree splits
// on coarse ones), small clusters and budgets first; a small fine-grained domain still outside
// is searched whole, which finds a plan or proves that none exists. A last refinement of the
// cut follows. On fine-grained graphs (few nodes a part, as PA's precincts at k = 906) the
// bisection splits as exactly as the nodes allow, so no subtree of parts starts short of room.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <queue>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "gridgov/balance/improve.hpp"
#include "gridgov/balance/part_state.hpp"
#include "gridgov/balance/quality.hpp"
#include "gridgov/balance/weighted_graph.hpp"
#include "gridgov/core/csr.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/random.hpp"

namespace gridgov {

struct PartitionOptions {
  double tol = 0.05;                      ///< relative balance tolerance around the ideal
  std::vector<double> lower, upper;       ///< absolute part bounds per column (replace tol)
  std::uint64_t seed = 0;
  std::span<const std::int32_t> regions;  ///< per node region in [0, R), or empty
  std::span<const std::int32_t> fixed;    ///< per node part it is pinned to, -1 = free; or empty
  std::span<const std::int32_t> initial;  ///< current plan to stay close to, or empty
  bool strict = true;                     ///< throw InfeasibleError instead of reporting
  /// Search steps per node the exact small-cluster re-cuts may spend in one try (about 4 M
  /// steps a second). Where the bounds are tight against the node weights (few nodes a part)
  /// more effort finds plans that less effort misses; where they cannot be met it bounds the
  /// time spent finding that out.
  double effort = 1000;
};

struct PartitionReport {
  std::vector<std::string> violations;    ///< empty when every guarantee holds
  std::int64_t moved_nodes = 0;           ///< with `initial`: nodes whose part changed
  std::vector<double> moved_weight;       ///< with `initial`: their weight per column
  std::vector<std::int32_t> part_region;  ///< region of each part
  std::vector<double> part_lower, part_upper;  ///< k x d bounds each part was held to
};

struct PartitionResult {
  std::vector<std::int32_t> labels;
  PartitionReport report;
};

namespace balance_detail {

inline std::string node_list(const std::vector<node_id>& nodes, std::size_t limit = 10) {
  std::string s;
  for (std::size_t i = 0; i < nodes.size() && i < limit; ++i) s += (i ? ", " : "") + std::to_string(nodes[i]);
  if (nodes.size() > limit) s += ", ... (" + std::to_string(nodes.size()) + " in all)";
  return s;
}

inline std::string fmt(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

/// Recursive bisection by greedy graph growing (METIS's GGGP): from a seed, repeatedly take the
/// frontier node with most edges into the grown side, stop at the target share, then hand every
/// piece of the rest but the largest to the grown side so both halves are connected.
class GrowingBisection {
 public:
  /// `exact_splits`: split each block as exactly as the nodes allow (for fine-grained graphs,
  /// where every part holds only a few nodes).
  GrowingBisection(const WeightedGraph& g, double tol, bool exact_splits, Rng& rng)
      : g_(g), tol_(tol), exact_splits_(exact_splits), rng_(rng) {
    const auto n = static_cast<std::size_t>(g.n());
    tag_.assign(n, -1);
    in_a_.assign(n, 0);
    conn_.assign(n, 0);
    deg_.assign(n, 0);
  }

  void run(std::vector<node_id> nodes, std::int32_t k, std::int32_t first, std::vector<std::int32_t>& labels) {
    if (k <= 1 || nodes.size() <= 1) {
      for (node_id v : nodes) labels[v] = first;
      return;
    }
    const std::int32_t k1 = k / 2, k2 = k - k1;
    std::vector<node_id> a, b;
    split(nodes, static_cast<double>(k1) / k, k1, k2, a, b);
    nodes.clear();
    nodes.shrink_to_fit();
    run(std::move(a), k1, first, labels);
    run(std::move(b), k2, first + k1, labels);
  }

 private:
  double share(node_id v) const {
    double s = 0;
    int cols = 0;
    for (std::size_t c = 0; c < total_.size(); ++c)
      if (total_[c] > 0) {
        s += g_.w(v)[c] / total_[c];
        ++cols;
      }
    return cols ? s / cols : 1.0 / static_cast<double>(count_);
  }

  void split(const std::vector<node_id>& nodes, double frac, std::int32_t k1, std::int32_t k2,
             std::vector<node_id>& a_out, std::vector<node_id>& b_out) {
    const std::int32_t tag = ++tag_counter_;
    const auto ud = static_cast<std::size_t>(g_.d);
    total_.assign(ud, 0.0);
    count_ = nodes.size();
    for (node_id v : nodes) {
      tag_[v] = tag;
      for (std::size_t c = 0; c < ud; ++c) total_[c] += g_.w(v)[c];
    }
    for (node_id v : nodes) {
      std::int64_t d = 0;
      for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e)
        if (tag_[g_.targets[e]] == tag) d += g_.edge_weight[e];
      deg_[v] = d;
    }
    const double allowed = 0.5 * tol_ * std::min(frac, 1 - frac);
    const int tries = nodes.size() > 200000 ? 2 : nodes.size() > 20000 ? 3 : 6;
    double best_dev = std::numeric_limits<double>::infinity();
    std::int64_t best_cut = std::numeric_limits<std::int64_t>::max();
    bool best_ok = false;
    std::vector<node_id> grown, best;
    // When no seed gives a balanced split, keep trying others (up to four times as many).
    for (int t = 0; t < tries || (!best_ok && t < 5 * tries); ++t) {
      const node_id seed = t == 0 ? peripheral(nodes, tag) : nodes[rng_.below(nodes.size())];
      grow(nodes, seed, frac, tag, grown);
      double s = 0;
      std::int64_t cut = 0;
      for (node_id v : grown) s += share(v);
      for (node_id v : grown)
        for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
          const node_id u = g_.targets[e];
          if (tag_[u] == tag && !in_a_[u]) cut += g_.edge_weight[e];
        }
      const auto na = static_cast<std::int64_t>(grown.size());
      const bool counts_ok = na >= k1 && static_cast<std::int64_t>(nodes.size()) - na >= k2;
      const double dev = std::abs(s - frac);
      const bool ok = counts_ok && dev <= allowed;
      const bool better = best.empty() || (ok && !best_ok) ||
                          (ok == best_ok && (ok ? cut < best_cut : dev < best_dev));
      if (better && counts_ok) {
        best = grown;
        best_dev = dev;
        best_cut = cut;
        best_ok = ok;
      } else if (best.empty()) {
        best = grown;  // nothing respected the counts yet: keep something, repair fills empties
        best_dev = std::numeric_limits<double>::infinity();
      }
      for (node_id v : grown) in_a_[v] = 0;
    }
    for (node_id v : best) in_a_[v] = 1;
    double s_a = 0;
    for (node_id v : best) s_a += share(v);
    // Errors add up over the levels of the recursion and a whole subtree of parts inherits
    // them. Where parts hold few nodes each, the balance repair later has little room to move
    // weight, so there the split is made as exact as a tenth of one part's slack allows; on
    // coarse-grained graphs the looser split keeps the cut lower and the repair copes.
    rebalance(nodes, tag, frac, exact_splits_ ? std::min(0.5 * allowed, 0.1 * tol_ / (k1 + k2)) : 0.5 * allowed, s_a,
              k1, k2);
    a_out.clear();
    b_out.clear();
    for (node_id v : nodes) {
      (in_a_[v] ? a_out : b_out).push_back(v);
      in_a_[v] = 0;
    }
    if (b_out.empty() && a_out.size() > 1) {  // never leave a half empty
      b_out.push_back(a_out.back());
      a_out.pop_back();
    }
  }

  /// Moves boundary nodes across the cut, never disconnecting either side, until A's share is
  /// within `allowed` of `frac` or no move brings it closer. Fewest-cut moves first.
  void rebalance(const std::vector<node_id>& nodes, std::int32_t tag, double frac, double allowed, double& s_a,
                 std::int32_t k1, std::int32_t k2) {
    if (std::abs(s_a - frac) <= allowed) return;
    auto count_a = static_cast<std::int64_t>(std::count_if(nodes.begin(), nodes.end(), [&](node_id v) { return in_a_[v] != 0; }));
    const auto total = static_cast<std::int64_t>(nodes.size());
    cmark_.resize(g_.offsets.size(), 0);
    listed_.resize(g_.offsets.size(), 0);
    std::vector<node_id> cands;
    char from = -1;
    const std::size_t max_steps = 4 * nodes.size() + 16;
    for (std::size_t step = 0; step < max_steps; ++step) {
      const double dev = s_a - frac;
      if (std::abs(dev) <= allowed) return;
      const char want_from = dev > 0 ? 1 : 0;
      if (want_from != from) {  // (re)build the boundary of the giving side
        from = want_from;
        ++list_stamp_;
        cands.clear();
        for (node_id v : nodes)
          if (in_a_[v] == from) cands.push_back(v), listed_[v] = list_stamp_;
      }
      if ((from == 1 ? count_a : total - count_a) <= (from == 1 ? k1 : k2)) return;
      // Best candidate: must bring the share closer; then highest gain, then closest share.
      std::vector<std::tuple<std::int64_t, double, node_id>> ranked;
      for (node_id v : cands) {
        if (in_a_[v] != from) continue;
        std::int64_t same = 0, other = 0;
        for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
          const node_id u = g_.targets[e];
          if (tag_[u] != tag) continue;
          (in_a_[u] == from ? same : other) += g_.edge_weight[e];
        }
        if (other == 0) continue;
        const double after = std::abs(s_a + (from == 1 ? -share(v) : share(v)) - frac);
        if (after >= std::abs(dev)) continue;
        ranked.emplace_back(same - other, after, v);
      }
      if (ranked.empty()) return;
      std::sort(ranked.begin(), ranked.end());
      bool moved = false;
      for (std::size_t i = 0; i < ranked.size() && i < 32 && !moved; ++i) {
        const node_id v = std::get<2>(ranked[i]);
        if (!stays_connected_without(g_, v, [&](node_id u) { return tag_[u] == tag && in_a_[u] == from; }, cmark_,
                                     cstamp_, queue_))
          continue;
        in_a_[v] = from ? 0 : 1;
        s_a += from == 1 ? -share(v) : share(v);
        count_a += from == 1 ? -1 : 1;
        for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
          const node_id u = g_.targets[e];
          if (tag_[u] == tag && in_a_[u] == from && listed_[u] != list_stamp_) {
            listed_[u] = list_stamp_;
            cands.push_back(u);
          }
        }
        moved = true;
      }
      if (!moved) return;
    }
  }

  node_id peripheral(const std::vector<node_id>& nodes, std::int32_t tag) {
    node_id start = nodes[rng_.below(nodes.size())];
    for (int round = 0; round < 2; ++round) {
      const std::int32_t seen = ++tag_counter_;
      queue_.assign(1, start);
      std::vector<std::int32_t> restore;
      // Use a separate mark so the set tag survives: remember and reset.
      seen_.resize(g_.offsets.size(), 0);
      ++seen_stamp_;
      seen_[start] = seen_stamp_;
      (void)seen;
      for (std::size_t h = 0; h < queue_.size(); ++h)
        for (edge_id e = g_.offsets[queue_[h]]; e < g_.offsets[queue_[h] + 1]; ++e) {
          const node_id u = g_.targets[e];
          if (tag_[u] == tag && seen_[u] != seen_stamp_) {
            seen_[u] = seen_stamp_;
            queue_.push_back(u);
          }
        }
      start = queue_.back();
    }
    return start;
  }

  void grow(const std::vector<node_id>& nodes, node_id seed, double frac, std::int32_t tag,
            std::vector<node_id>& grown) {
    using Entry = std::tuple<std::int64_t, std::uint64_t, node_id>;
    std::priority_queue<Entry> heap;
    grown.clear();
    std::vector<node_id> touched;
    double s = 0, prev = 0;
    auto add = [&](node_id v) {
      in_a_[v] = 1;
      grown.push_back(v);
      prev = s;
      s += share(v);
      for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
        const node_id u = g_.targets[e];
        if (tag_[u] != tag || in_a_[u]) continue;
        if (conn_[u] == 0) touched.push_back(u);
        conn_[u] += g_.edge_weight[e];
        heap.emplace(2 * conn_[u] - deg_[u], rng_.next(), u);
      }
    };
    add(seed);
    while (s < frac && !heap.empty()) {
      auto [gain, r, v] = heap.top();
      heap.pop();
      (void)r;
      if (in_a_[v] || gain != 2 * conn_[v] - deg_[v]) continue;
      add(v);
    }
    // Stop before the last node when that lands nearer the target.
    if (grown.size() > 1 && std::abs(prev - frac) < std::abs(s - frac)) {
      in_a_[grown.back()] = 0;
      grown.pop_back();
    }
    for (node_id u : touched) conn_[u] = 0;
    // The rest must be connected: keep its heaviest piece, give the others to the grown side.
    const std::int32_t seen = ++seen_stamp_;
    seen_.resize(g_.offsets.size(), 0);
    std::vector<std::vector<node_id>> pieces;
    for (node_id v : nodes) {
      if (in_a_[v] || seen_[v] == static_cast<std::uint32_t>(seen)) continue;
      pieces.emplace_back(1, v);
      seen_[v] = seen;
      auto& piece = pieces.back();
      for (std::size_t h = 0; h < piece.size(); ++h)
        for (edge_id e = g_.offsets[piece[h]]; e < g_.offsets[piece[h] + 1]; ++e) {
          const node_id u = g_.targets[e];
          if (tag_[u] == tag && !in_a_[u] && seen_[u] != static_cast<std::uint32_t>(seen)) {
            seen_[u] = seen;
            piece.push_back(u);
          }
        }
    }
    if (pieces.size() > 1) {
      std::size_t keep = 0;
      double keep_w = -1;
      for (std::size_t i = 0; i < pieces.size(); ++i) {
        double w = 1e-12 * static_cast<double>(pieces[i].size());
        for (node_id v : pieces[i]) w += share(v);
        if (w > keep_w) {
          keep_w = w;
          keep = i;
        }
      }
      for (std::size_t i = 0; i < pieces.size(); ++i)
        if (i != keep)
          for (node_id v : pieces[i]) {
            in_a_[v] = 1;
            grown.push_back(v);
          }
    }
  }

  const WeightedGraph& g_;
  double tol_;
  bool exact_splits_;
  Rng& rng_;
  std::vector<std::int32_t> tag_;
  std::int32_t tag_counter_ = 0;
  std::vector<char> in_a_;
  std::vector<std::int64_t> conn_, deg_;
  std::vector<double> total_;
  std::size_t count_ = 0;
  std::vector<node_id> queue_;
  std::vector<std::uint32_t> seen_;
  std::uint32_t seen_stamp_ = 0;
  std::vector<std::uint32_t> cmark_, listed_;
  std::uint32_t cstamp_ = 0, list_stamp_ = 0;
};

/// Region growing from pinned nodes (used when a domain has nodes fixed to parts): every part
/// starts from its pinned nodes, or from the node farthest from all seeds so far, and the
/// lightest part with a frontier takes its best-connected frontier node next.
inline std::vector<std::int32_t> grow_regions(const WeightedGraph& g, std::int32_t k,
                                              const PartBounds& b, Rng& rng) {
  const node_id n = g.n();
  std::vector<std::int32_t> label(static_cast<std::size_t>(n), -1);
  std::vector<char> has_seed(static_cast<std::size_t>(k), 0);
  for (node_id v = 0; v < n; ++v)
    if (g.fixed_part(v) >= 0) {
      label[v] = g.fixed_part(v);
      has_seed[label[v]] = 1;
    }
  for (std::int32_t p = 0; p < k; ++p) {
    if (has_seed[p]) continue;
    // Multi-source BFS from every labelled node; the last node reached is farthest.
    std::vector<node_id> queue;
    std::vector<char> seen(static_cast<std::size_t>(n), 0);
    for (node_id v = 0; v < n; ++v)
      if (label[v] >= 0) {
        queue.push_back(v);
        seen[v] = 1;
      }
    if (queue.empty()) {
      const auto v = static_cast<node_id>(rng.below(static_cast<std::uint64_t>(n)));
      queue.push_back(v);
      seen[v] = 1;
    }
    for (std::size_t h = 0; h < queue.size(); ++h)
      for (edge_id e = g.offsets[queue[h]]; e < g.offsets[queue[h] + 1]; ++e)
        if (!seen[g.targets[e]]) {
          seen[g.targets[e]] = 1;
          queue.push_back(g.targets[e]);
        }
    node_id far = queue.back();
    if (label[far] >= 0) {  // every node labelled already (k close to n): any free node
      far = no_node;
      for (node_id v = 0; v < n && far == no_node; ++v)
        if (label[v] < 0) far = v;
      if (far == no_node) break;
    }
    label[far] = p;
    has_seed[p] = 1;
  }
  const auto ud = static_cast<std::size_t>(g.d);
  std::vector<double> weight(static_cast<std::size_t>(k) * ud, 0.0);
  using Entry = std::tuple<std::int64_t, std::uint64_t, node_id>;
  std::vector<std::priority_queue<Entry>> frontier(static_cast<std::size_t>(k));
  std::vector<std::int64_t> conn;  // per (node) connection to the part it is queued for: recomputed
  auto push_neighbours = [&](node_id v) {
    const std::int32_t p = label[v];
    for (std::size_t c = 0; c < ud; ++c) weight[p * ud + c] += g.w(v)[c];
    for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
      const node_id u = g.targets[e];
      if (label[u] >= 0) continue;
      std::int64_t c = 0;
      for (edge_id f = g.offsets[u]; f < g.offsets[u + 1]; ++f)
        if (label[g.targets[f]] == p) c += g.edge_weight[f];
      frontier[p].emplace(c, rng.next(), u);
    }
  };
  for (node_id v = 0; v < n; ++v)
    if (label[v] >= 0) push_neighbours(v);
  node_id left = 0;
  for (node_id v = 0; v < n; ++v) left += label[v] < 0;
  while (left > 0) {
    std::int32_t pick = -1;
    double pick_load = std::numeric_limits<double>::infinity();
    for (std::int32_t p = 0; p < k; ++p) {
      while (!frontier[p].empty() && label[std::get<2>(frontier[p].top())] >= 0) frontier[p].pop();
      if (frontier[p].empty()) continue;
      double load = 0;
      for (std::size_t c = 0; c < ud; ++c)
        load += b.ideal[c] > 0 ? weight[p * ud + c] / b.ideal[c] : 0.0;
      if (load < pick_load) {
        pick_load = load;
        pick = p;
      }
    }
    if (pick < 0) break;  // cannot happen on a connected domain
    const node_id v = std::get<2>(frontier[pick].top());
    frontier[pick].pop();
    label[v] = pick;
    --left;
    push_neighbours(v);
  }
  for (node_id v = 0; v < n; ++v)
    if (label[v] < 0) label[v] = 0;
  return label;
}

/// Total bound violation (in units of the ideal) and cut edges of a domain plan.
inline std::pair<double, std::int64_t> plan_score(const WeightedGraph& g, std::int32_t k, const PartBounds& bounds,
                                                  const std::vector<std::int32_t>& labels) {
  const auto ud = static_cast<std::size_t>(g.d);
  std::vector<double> w(static_cast<std::size_t>(k) * ud, 0.0);
  std::int64_t cut = 0;
  for (node_id v = 0; v < g.n(); ++v) {
    for (std::size_t c = 0; c < ud; ++c) w[labels[v] * ud + c] += g.w(v)[c];
    for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e) cut += labels[g.targets[e]] != labels[v];
  }
  double violation = 0;
  for (std::int32_t p = 0; p < k; ++p) violation += bounds.violation(&w[p * ud]);
  return {violation, cut / 2};
}

/// Domains up to this many nodes are searched whole when the repair leaves parts outside.
inline constexpr node_id kWholeDomainSearchNodes = 1000;

/// Partitions one connected domain into k parts held to `bounds`. Sets *proven_infeasible when
/// an exhaustive search showed that no plan meets the bounds.
inline std::vector<std::int32_t> solve_domain(const WeightedGraph& g, std::int32_t k, const PartBounds& bounds,
                                              double tol, std::vector<std::int32_t> initial, double effort, Rng& rng,
                                              bool* proven_infeasible = nullptr) {
  const node_id n = g.n();
  if (k <= 1) return std::vector<std::int32_t>(static_cast<std::size_t>(n), 0);
  const bool has_fixed = std::any_of(g.fixed.begin(), g.fixed.end(), [](std::int32_t f) { return f >= 0; });
  const bool keep_close = !initial.empty();
  std::vector<std::int32_t> labels;
  if (keep_close) {
    labels = std::move(initial);
  } else if (has_fixed) {
    labels = grow_regions(g, k, bounds, rng);
  } else {
    // Coarsen while the graph is large against k, clusters capped at a fifth of a part.
    std::vector<WeightedGraph> levels;
    std::vector<std::vector<node_id>> maps;
    std::vector<double> cap(bounds.ideal.size());
    for (std::size_t c = 0; c < cap.size(); ++c) cap[c] = 0.2 * bounds.ideal[c];
    const WeightedGraph* cur = &g;
    const node_id stop = std::max<node_id>(static_cast<node_id>(kFineGrainedNodesPerPart) * k, 256);
    while (cur->n() > stop) {
      std::vector<node_id> map;
      WeightedGraph next = coarsen_once(*cur, cap, rng, map);
      if (next.n() > static_cast<node_id>(0.95 * cur->n())) break;
      maps.push_back(std::move(map));
      levels.push_back(std::move(next));
      cur = &levels.back();
    }
    labels.assign(static_cast<std::size_t>(cur->n()), 0);
    {
      GrowingBisection rb(*cur, tol, levels.empty(), rng);
      std::vector<node_id> all(static_cast<std::size_t>(cur->n()));
      std::iota(all.begin(), all.end(), 0);
      rb.run(std::move(all), k, 0, labels);
    }
    for (std::size_t level = levels.size(); level-- > 0;) {
      {
        PartState st(levels[level], k, bounds, std::move(labels));
        BalanceRepair repair(st, rng);
        const double v0 = st.total_violation();
        repair.single_moves(static_cast<std::int64_t>(levels[level].n()));
        const double v1 = st.total_violation();
        const auto moves = refine_cut(st, 8, rng);
        if (std::getenv("GRIDGOV_BALANCE_DEBUG"))
          std::fprintf(stderr, "  level %zu n %d violation %.4f -> %.4f -> %.4f, %lld refine moves\n", level,
                       levels[level].n(), v0, v1, st.total_violation(), static_cast<long long>(moves));
        labels = st.labels();
      }
      const WeightedGraph& finer = level == 0 ? g : levels[level - 1];
      std::vector<std::int32_t> projected(static_cast<std::size_t>(finer.n()));
      for (node_id v = 0; v < finer.n(); ++v) projected[v] = labels[maps[level][v]];
      labels = std::move(projected);
    }
  }
  PartState st(g, k, bounds, std::move(labels));
  auto debug = [&](const char* what) {
    if (!std::getenv("GRIDGOV_BALANCE_DEBUG")) return;
    std::int64_t cut = 0;
    for (node_id v = 0; v < n; ++v)
      for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e) cut += st.label(g.targets[e]) != st.label(v);
    static auto last = std::chrono::steady_clock::now();
    const auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "  %-12s cut %lld violation %.4f  %.3fs\n", what, static_cast<long long>(cut / 2), st.total_violation(),
                 std::chrono::duration<double>(now - last).count());
    last = now;
  };
  debug("projected");
  TreeSplitter splitter;
  repair_connectivity(st);
  fill_empty_parts(st, splitter, rng);
  BalanceRepair repair(st, rng, static_cast<std::int64_t>(effort * n) + 1);
  repair.single_moves(static_cast<std::int64_t>(n) * 2);
  debug("single");
  for (int round = 0; round < 50 && st.total_violation() > kEps; ++round) {
    const bool chained = repair.chains(round < 10 ? 6 : 12, round < 10 ? 4 : 10);
    repair.single_moves(static_cast<std::int64_t>(n));
    if (!chained) break;
  }
  debug("chains");
  // The hard cases: re-cut small clusters of parts around what is left, then chain again.
  // Small clusters and small budgets first: most stuck parts come free there cheaply; the
  // larger clusters and budgets are spent only on what is left.
  constexpr std::pair<std::int32_t, std::int64_t> kClusterSchedule[] = {
      {8, 5000}, {16, 10000}, {24, 20000}, {32, 80000}, {32, 320000}};
  std::size_t level = 0;
  for (int round = 0; round < 40 && level < std::size(kClusterSchedule) && st.total_violation() > kEps; ++round) {
    const auto [max_parts, budget] = kClusterSchedule[level];
    if (!repair.resolve_clusters(max_parts, 3, budget)) {
      ++level;
      continue;
    }
    repair.single_moves(static_cast<std::int64_t>(n));
    for (int again = 0; again < 10 && st.total_violation() > kEps && repair.chains(6, 4); ++again) {
    }
  }
  debug("clusters");
  // Still outside on a small fine-grained domain: search the whole domain exactly. It either
  // finds a plan or proves that none exists (each part's window is narrow against the nodes, and
  // the search is complete), which the caller reports as a proof rather than a failure to find.
  if (st.total_violation() > kEps && n <= static_cast<node_id>(kFineGrainedNodesPerPart) * k &&
      n <= kWholeDomainSearchNodes && !has_fixed) {
    std::vector<node_id> all(static_cast<std::size_t>(n));
    std::iota(all.begin(), all.end(), 0);
    std::vector<std::int32_t> parts(static_cast<std::size_t>(k));
    std::iota(parts.begin(), parts.end(), 0);
    ExactCut whole(g, all, k, bounds, 0);
    const auto piece = whole.solve_restarts(static_cast<std::int64_t>(effort * n) + 1, rng);
    if (!piece.empty()) {
      repair.take_pieces(parts, all, piece);
    } else if (whole.proven_impossible() && proven_infeasible) {
      *proven_infeasible = true;
    }
    debug("whole domain");
  }
  if (!keep_close) {
    refine_cut(st, 24, rng);
  }
  debug("refined");
  return st.labels();
}

}  // namespace balance_detail

/// Partitions a graph into contiguous parts of balanced weight. `weights` holds n x d values
/// (row-major, d columns). `ks` is one number (k parts, spread over the regions in proportion to
/// column-0 weight by largest remainder) or one number per region. Duplicate arcs are merged;
/// the graph must be symmetric and free of self loops. See the header comment for guarantees.
inline PartitionResult partition(CsrView graph, std::span<const double> weights, int d,
                                 std::span<const std::int32_t> ks, const PartitionOptions& opt) {
  using namespace balance_detail;
  check_csr(graph);
  const node_id n = graph.num_nodes();
  check_weights(weights, n, d);
  const auto ud = static_cast<std::size_t>(d);
  if (n == 0) throw InputError("partition: the graph has no nodes");
  if (ks.empty()) throw InputError("partition: k is missing");
  for (std::size_t i = 0; i < ks.size(); ++i)
    if (ks[i] < 1) throw InputError("partition: k must be at least 1, got " + std::to_string(ks[i]) +
                                    (ks.size() > 1 ? " for region " + std::to_string(i) : ""));
  if (!(opt.tol >= 0 && opt.tol < 1) && opt.lower.empty())
    throw InputError("partition: tol must lie in [0, 1), got " + fmt(opt.tol));
  if (!opt.lower.empty() || !opt.upper.empty()) {
    if (opt.lower.size() != ud || opt.upper.size() != ud)
      throw InputError("partition: bounds need one lower and one upper value per weight column (" +
                       std::to_string(d) + ")");
    for (std::size_t c = 0; c < ud; ++c)
      if (!(opt.lower[c] >= 0) || !(opt.upper[c] >= opt.lower[c]) || !std::isfinite(opt.upper[c]))
        throw InputError("partition: bounds (" + fmt(opt.lower[c]) + ", " + fmt(opt.upper[c]) +
                         ") in column " + std::to_string(c) + " must satisfy 0 <= lo <= hi < inf");
  }
  auto check_labels = [&](std::span<const std::int32_t> a, const char* what, std::int32_t lo_ok) {
    if (!a.empty() && a.size() != static_cast<std::size_t>(n))
      throw InputError(std::string("partition: ") + what + " must have one entry per node (" +
                       std::to_string(n) + "), got " + std::to_string(a.size()));
    for (node_id v = 0; v < static_cast<node_id>(a.size()); ++v)
      if (a[v] < lo_ok)
        throw InputError(std::string("partition: ") + what + " of node " + std::to_string(v) + " is " +
                         std::to_string(a[v]) + "; it must not be below " + std::to_string(lo_ok));
  };
  check_labels(opt.regions, "regions", 0);
  check_labels(opt.fixed, "fixed", -1);
  check_labels(opt.initial, "initial", 0);

  // Sorted, merged neighbour lists; symmetry and self loops checked on the way.
  CsrGraph g;
  g.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
  g.targets.reserve(graph.targets.size());
  for (node_id v = 0; v < n; ++v) {
    const auto begin = g.targets.size();
    for (node_id u : graph.neighbours(v)) {
      if (u == v) throw InputError("partition: the graph has a self loop on node " + std::to_string(v) + "; remove it");
      g.targets.push_back(u);
    }
    std::sort(g.targets.begin() + static_cast<std::ptrdiff_t>(begin), g.targets.end());
    g.targets.erase(std::unique(g.targets.begin() + static_cast<std::ptrdiff_t>(begin), g.targets.end()), g.targets.end());
    g.offsets[v + 1] = static_cast<edge_id>(g.targets.size());
  }
  const CsrView gv = g.view();
  for (node_id v = 0; v < n; ++v)
    for (node_id u : gv.neighbours(v)) {
      auto nb = gv.neighbours(u);
      if (!std::binary_search(nb.begin(), nb.end(), v))
        throw InputError("partition: the adjacency is not symmetric: edge " + std::to_string(v) + " -> " +
                         std::to_string(u) + " has no reverse " + std::to_string(u) + " -> " + std::to_string(v));
    }

  // Regions and their part counts.
  std::int32_t num_regions = 1;
  for (std::int32_t r : opt.regions) num_regions = std::max(num_regions, r + 1);
  auto region_of = [&](node_id v) { return opt.regions.empty() ? 0 : opt.regions[v]; };
  if (ks.size() > 1 && static_cast<std::int32_t>(ks.size()) != num_regions)
    throw InputError("partition: k has " + std::to_string(ks.size()) + " entries but there are " +
                     std::to_string(num_regions) + " regions; give one k or one per region");
  std::vector<double> region_weight(static_cast<std::size_t>(num_regions) * ud, 0.0);
  std::vector<node_id> region_nodes(static_cast<std::size_t>(num_regions), 0);
  for (node_id v = 0; v < n; ++v) {
    const auto r = static_cast<std::size_t>(region_of(v));
    ++region_nodes[r];
    for (std::size_t c = 0; c < ud; ++c) region_weight[r * ud + c] += weights[v * ud + c];
  }
  for (std::int32_t r = 0; r < num_regions; ++r)
    if (region_nodes[r] == 0)
      throw InputError("partition: region " + std::to_string(r) + " has no node; number regions 0 .. R-1 without gaps");

  // Domains: connected pieces of the graph restricted to edges inside a region.
  std::vector<std::int32_t> domain(static_cast<std::size_t>(n), -1);
  std::vector<std::vector<node_id>> domain_nodes;
  for (node_id s = 0; s < n; ++s) {
    if (domain[s] >= 0) continue;
    const auto id = static_cast<std::int32_t>(domain_nodes.size());
    domain_nodes.emplace_back(1, s);
    domain[s] = id;
    auto& list = domain_nodes.back();
    for (std::size_t h = 0; h < list.size(); ++h)
      for (node_id u : gv.neighbours(list[h]))
        if (domain[u] < 0 && region_of(u) == region_of(s)) {
          domain[u] = id;
          list.push_back(u);
        }
  }
  const auto num_domains = static_cast<std::int32_t>(domain_nodes.size());
  std::vector<std::int32_t> domain_region(static_cast<std::size_t>(num_domains));
  std::vector<double> domain_weight(static_cast<std::size_t>(num_domains) * ud, 0.0);
  for (std::int32_t i = 0; i < num_domains; ++i) {
    domain_region[i] = region_of(domain_nodes[i][0]);
    for (node_id v : domain_nodes[i])
      for (std::size_t c = 0; c < ud; ++c) domain_weight[i * ud + c] += weights[v * ud + c];
  }

  PartitionResult result;
  auto& report = result.report;
  std::vector<std::string> infeasible;  // reasons found before solving

  std::vector<std::int32_t> region_k(static_cast<std::size_t>(num_regions));
  std::vector<std::int32_t> domain_k(static_cast<std::size_t>(num_domains), 0);
  std::int32_t k_total = 0;
  if (!opt.initial.empty()) {
    // The current plan fixes how many parts each domain holds.
    std::int32_t kmax = 0;
    for (std::int32_t x : opt.initial) kmax = std::max(kmax, x + 1);
    k_total = ks.size() == 1 ? ks[0] : std::accumulate(ks.begin(), ks.end(), 0);
    if (kmax > k_total)
      throw InputError("partition: initial plan uses part " + std::to_string(kmax - 1) + " but k = " + std::to_string(k_total));
    std::vector<std::int32_t> part_domain(static_cast<std::size_t>(k_total), -1);
    for (node_id v = 0; v < n; ++v) {
      const std::int32_t p = opt.initial[v];
      if (part_domain[p] < 0) part_domain[p] = domain[v];
      else if (part_domain[p] != domain[v])
        throw InputError("partition: initial plan's part " + std::to_string(p) + " spans two regions or components (nodes " +
                         std::to_string(domain_nodes[part_domain[p]][0]) + " and " + std::to_string(v) +
                         "); parts may not cross them");
    }
    for (std::int32_t p = 0; p < k_total; ++p) {
      if (part_domain[p] < 0) throw InputError("partition: initial plan has no node in part " + std::to_string(p));
      ++domain_k[part_domain[p]];
    }
    // An initial part that is not connected is bad input, not something to repair silently.
    PartitionQuality q0 = partition_quality(gv, weights, d, opt.initial, k_total);
    if (q0.disconnected_parts > 0) {
      std::int32_t p = 0;
      while (q0.pieces[p] <= 1) ++p;
      throw InputError("partition: initial plan's part " + std::to_string(p) + " is not connected (" +
                       std::to_string(q0.pieces[p]) + " pieces); fix the plan or leave initial out");
    }
    std::fill(region_k.begin(), region_k.end(), 0);
    for (std::int32_t i = 0; i < num_domains; ++i) region_k[domain_region[i]] += domain_k[i];
  } else if (ks.size() > 1 || num_regions == 1) {
    for (std::int32_t r = 0; r < num_regions; ++r) region_k[r] = ks.size() > 1 ? ks[r] : ks[0];
  } else {
    // Spread k over regions by largest remainder on column 0 (node counts if it is all zero).
    const std::int32_t k = ks[0];
    if (k < num_regions)
      throw InfeasibleError("partition: k = " + std::to_string(k) + " is smaller than the number of regions (" +
                            std::to_string(num_regions) + "); every region needs at least one part");
    double total = 0;
    for (std::int32_t r = 0; r < num_regions; ++r) total += region_weight[r * ud];
    std::vector<double> quota(static_cast<std::size_t>(num_regions));
    std::int32_t given = 0;
    for (std::int32_t r = 0; r < num_regions; ++r) {
      quota[r] = total > 0 ? k * region_weight[r * ud] / total : static_cast<double>(k) * region_nodes[r] / n;
      region_k[r] = std::max<std::int32_t>(1, static_cast<std::int32_t>(std::floor(quota[r])));
      given += region_k[r];
    }
    while (given > k) {  // the minimum of one part per region pushed us over: take from the largest
      std::int32_t r = static_cast<std::int32_t>(std::max_element(region_k.begin(), region_k.end()) - region_k.begin());
      --region_k[r];
      --given;
    }
    std::vector<std::int32_t> order(static_cast<std::size_t>(num_regions));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
      return quota[a] - region_k[a] > quota[b] - region_k[b];
    });
    for (std::size_t i = 0; given < k; i = (i + 1) % order.size()) {
      ++region_k[order[i]];
      ++given;
    }
  }
  if (k_total == 0) k_total = std::accumulate(region_k.begin(), region_k.end(), 0);

  // Bounds per region.
  std::vector<PartBounds> region_bounds(static_cast<std::size_t>(num_regions));
  for (std::int32_t r = 0; r < num_regions; ++r) {
    if (region_k[r] > region_nodes[r])
      throw InfeasibleError("partition: region " + std::to_string(r) + " has " + std::to_string(region_nodes[r]) +
                            " nodes but needs " + std::to_string(region_k[r]) +
                            " non-empty parts (k > n); lower k");
    auto& b = region_bounds[r];
    b.lo.resize(ud);
    b.hi.resize(ud);
    b.ideal.resize(ud);
    for (std::size_t c = 0; c < ud; ++c) {
      b.ideal[c] = region_weight[r * ud + c] / region_k[r];
      if (opt.lower.empty()) {
        b.lo[c] = (1 - opt.tol) * b.ideal[c];
        b.hi[c] = (1 + opt.tol) * b.ideal[c];
      } else {
        b.lo[c] = opt.lower[c];
        b.hi[c] = opt.upper[c];
      }
    }
  }
  // Nodes heavier than a part may be.
  for (std::size_t c = 0; c < ud; ++c) {
    std::vector<node_id> heavy;
    double hi_seen = 0;
    for (node_id v = 0; v < n; ++v) {
      const auto& b = region_bounds[region_of(v)];
      if (weights[v * ud + c] > b.hi[c] * (1 + 1e-12)) {
        heavy.push_back(v);
        hi_seen = b.hi[c];
      }
    }
    if (!heavy.empty())
      infeasible.push_back("node" + std::string(heavy.size() > 1 ? "s " : " ") + node_list(heavy) + " weigh" +
                           (heavy.size() > 1 ? "" : "s") + " more than a part may hold (upper bound " + fmt(hi_seen) +
                           " in column " + std::to_string(c) + ")");
  }

  // Parts per domain (unless the initial plan fixed them).
  if (opt.initial.empty()) {
    for (std::int32_t r = 0; r < num_regions; ++r) {
      std::vector<std::int32_t> doms;
      for (std::int32_t i = 0; i < num_domains; ++i)
        if (domain_region[i] == r) doms.push_back(i);
      const auto& b = region_bounds[r];
      if (static_cast<std::int32_t>(doms.size()) > region_k[r])
        throw InfeasibleError("partition: " + std::string(num_regions > 1 ? "region " + std::to_string(r) + " of " : "") +
                              "the graph falls into " + std::to_string(doms.size()) + " separate pieces (e.g. the one of node " +
                              std::to_string(domain_nodes[doms.back()][0]) + ") but has only " + std::to_string(region_k[r]) +
                              " parts; parts never span pieces, so raise k or connect the graph");
      std::vector<std::int32_t> lo_k(doms.size()), hi_k(doms.size());
      std::int32_t sum_lo = 0;
      for (std::size_t j = 0; j < doms.size(); ++j) {
        const std::int32_t i = doms[j];
        const auto nodes_i = static_cast<std::int32_t>(domain_nodes[i].size());
        std::int32_t need = 1, room = nodes_i;
        for (std::size_t c = 0; c < ud; ++c) {
          const double w = domain_weight[i * ud + c];
          if (b.hi[c] > 0) need = std::max(need, static_cast<std::int32_t>(std::ceil(w / b.hi[c] - 1e-9)));
          if (b.lo[c] > 0) room = std::min(room, static_cast<std::int32_t>(std::floor(w / b.lo[c] + 1e-9)));
        }
        need = std::min(need, nodes_i);
        if (room < need) {
          infeasible.push_back("the piece of " + std::to_string(nodes_i) + " nodes around node " +
                               std::to_string(domain_nodes[i][0]) + (num_regions > 1 ? " in region " + std::to_string(r) : "") +
                               " cannot be cut into parts inside the bounds (it weighs " + fmt(domain_weight[i * ud]) +
                               " in column 0: too light for " + std::to_string(need) + " part(s), too heavy for fewer)");
          room = need;
        }
        lo_k[j] = need;
        hi_k[j] = room;
        domain_k[i] = need;
        sum_lo += need;
      }
      std::int32_t left = region_k[r] - sum_lo;
      if (left < 0) {
        infeasible.push_back(std::string(num_regions > 1 ? "region " + std::to_string(r) + ": " : "") + "its pieces need " +
                             std::to_string(sum_lo) + " parts to stay under the upper bound but k = " + std::to_string(region_k[r]));
        // Best effort: one part each, the rest by weight.
        for (std::size_t j = 0; j < doms.size(); ++j) domain_k[doms[j]] = 1;
        left = region_k[r] - static_cast<std::int32_t>(doms.size());
        for (auto& x : hi_k) x = std::numeric_limits<std::int32_t>::max();
      }
      bool overflow = false;
      while (left > 0) {
        // Next part to the piece with the most weight per part that may still take one.
        std::int32_t best = -1;
        double best_load = -1;
        for (std::size_t j = 0; j < doms.size(); ++j) {
          const std::int32_t i = doms[j];
          const bool may = overflow ? domain_k[i] < static_cast<std::int32_t>(domain_nodes[i].size()) : domain_k[i] < hi_k[j];
          if (!may) continue;
          double load = 0;
          for (std::size_t c = 0; c < ud; ++c) load += b.ideal[c] > 0 ? domain_weight[i * ud + c] / b.ideal[c] : 0;
          load = load / domain_k[i] + 1e-12 * static_cast<double>(domain_nodes[i].size());
          if (load > best_load) {
            best_load = load;
            best = static_cast<std::int32_t>(j);
          }
        }
        if (best < 0) {
          if (overflow) break;
          infeasible.push_back(std::string(num_regions > 1 ? "region " + std::to_string(r) + ": " : "") +
                               "its pieces are too light for " + std::to_string(region_k[r]) +
                               " parts above the lower bound; lower k or the lower bound");
          overflow = true;
          continue;
        }
        ++domain_k[doms[best]];
        --left;
      }
    }
  }

  // Global part ids: each region owns a block; a domain takes the ids its pinned nodes name
  // (or its initial plan's), then the lowest free ids of its region.
  std::vector<std::int32_t> region_first(static_cast<std::size_t>(num_regions) + 1, 0);
  for (std::int32_t r = 0; r < num_regions; ++r) region_first[r + 1] = region_first[r] + region_k[r];
  std::vector<std::vector<std::int32_t>> domain_parts(static_cast<std::size_t>(num_domains));
  std::vector<std::int32_t> part_owner(static_cast<std::size_t>(k_total), -1);
  if (!opt.initial.empty()) {
    for (node_id v = 0; v < n; ++v) part_owner[opt.initial[v]] = domain[v];
    for (std::int32_t p = 0; p < k_total; ++p) domain_parts[part_owner[p]].push_back(p);
  } else {
    if (!opt.fixed.empty()) {
      for (node_id v = 0; v < n; ++v) {
        const std::int32_t p = opt.fixed[v];
        if (p < 0) continue;
        if (p >= k_total)
          throw InputError("partition: node " + std::to_string(v) + " is fixed to part " + std::to_string(p) +
                           " but parts are numbered 0 .. " + std::to_string(k_total - 1));
        const std::int32_t r = region_of(v);
        if (p < region_first[r] || p >= region_first[r + 1])
          throw InfeasibleError("partition: node " + std::to_string(v) + " lies in region " + std::to_string(r) +
                                " but is fixed to part " + std::to_string(p) + ", one of region " +
                                std::to_string(std::upper_bound(region_first.begin(), region_first.end(), p) - region_first.begin() - 1) +
                                "'s parts (" + std::to_string(region_first[r]) + " .. " + std::to_string(region_first[r + 1] - 1) +
                                " belong to region " + std::to_string(r) + ")");
        if (part_owner[p] < 0) {
          part_owner[p] = domain[v];
          domain_parts[domain[v]].push_back(p);
        } else if (part_owner[p] != domain[v]) {
          throw InfeasibleError("partition: nodes " + std::to_string(domain_nodes[part_owner[p]][0]) + " and " +
                                std::to_string(v) + " are fixed to part " + std::to_string(p) +
                                " but are not connected inside their region; a part cannot hold both");
        }
      }
      for (std::int32_t i = 0; i < num_domains; ++i)
        if (static_cast<std::int32_t>(domain_parts[i].size()) > domain_k[i]) {
          throw InfeasibleError("partition: the piece around node " + std::to_string(domain_nodes[i][0]) + " holds nodes fixed to " +
                                std::to_string(domain_parts[i].size()) + " different parts but has room for " +
                                std::to_string(domain_k[i]) + " parts only");
        }
    }
    for (std::int32_t i = 0; i < num_domains; ++i) {
      const std::int32_t r = domain_region[i];
      for (std::int32_t p = region_first[r]; p < region_first[r + 1] && static_cast<std::int32_t>(domain_parts[i].size()) < domain_k[i]; ++p)
        if (part_owner[p] < 0) {
          part_owner[p] = i;
          domain_parts[i].push_back(p);
        }
    }
  }

  report.part_region.assign(static_cast<std::size_t>(k_total), 0);
  report.part_lower.assign(static_cast<std::size_t>(k_total) * ud, 0.0);
  report.part_upper.assign(static_cast<std::size_t>(k_total) * ud, 0.0);
  for (std::int32_t r = 0; r < num_regions; ++r)
    for (std::int32_t p = region_first[r]; p < region_first[r + 1]; ++p) {
      report.part_region[p] = r;
      for (std::size_t c = 0; c < ud; ++c) {
        report.part_lower[p * ud + c] = region_bounds[r].lo[c];
        report.part_upper[p * ud + c] = region_bounds[r].hi[c];
      }
    }

  if (opt.strict && !infeasible.empty()) {
    std::string msg = "partition: no plan can meet the constraints: ";
    for (std::size_t i = 0; i < infeasible.size(); ++i) msg += (i ? "; " : "") + infeasible[i];
    throw InfeasibleError(msg + " (pass strict=False for the best plan and its violations)");
  }
  report.violations = infeasible;

  // Solve every domain.
  std::vector<std::string> proofs;  // domains shown infeasible by exhaustive search
  result.labels.assign(static_cast<std::size_t>(n), -1);
  std::vector<node_id> local(static_cast<std::size_t>(n), 0);
  std::vector<std::int32_t> part_local(static_cast<std::size_t>(k_total), -1);
  for (std::int32_t i = 0; i < num_domains; ++i) {
    const auto& nodes = domain_nodes[i];
    for (std::size_t j = 0; j < nodes.size(); ++j) local[nodes[j]] = static_cast<node_id>(j);
    WeightedGraph sub = induced_subgraph(gv, weights, d, nodes, local, domain, i, [](node_id, node_id) { return true; });
    const auto& parts = domain_parts[i];
    for (std::size_t j = 0; j < parts.size(); ++j) part_local[parts[j]] = static_cast<std::int32_t>(j);
    auto local_part = [&](std::int32_t p) { return part_local[p]; };
    if (!opt.fixed.empty()) {
      sub.fixed.assign(nodes.size(), -1);
      for (std::size_t j = 0; j < nodes.size(); ++j)
        if (opt.fixed[nodes[j]] >= 0) sub.fixed[j] = local_part(opt.fixed[nodes[j]]);
    }
    std::vector<std::int32_t> init;
    if (!opt.initial.empty()) {
      init.resize(nodes.size());
      for (std::size_t j = 0; j < nodes.size(); ++j) init[j] = local_part(opt.initial[nodes[j]]);
      if (!sub.fixed.empty())
        for (std::size_t j = 0; j < nodes.size(); ++j)
          if (sub.fixed[j] >= 0 && sub.fixed[j] != init[j])
            throw InputError("partition: node " + std::to_string(nodes[j]) + " is fixed to part " +
                             std::to_string(opt.fixed[nodes[j]]) + " but the initial plan has it in part " +
                             std::to_string(opt.initial[nodes[j]]));
    }
    const double tol_rel = opt.lower.empty() ? std::max(opt.tol, 1e-3) : 0.05;
    const auto kd = static_cast<std::int32_t>(parts.size());
    const PartBounds& bounds = region_bounds[domain_region[i]];
    // Several independent tries on small domains (they are cheap there), keeping the plan with
    // the least bound violation, then the fewest cut edges. With an initial plan one try: the
    // repair is deterministic given the plan and already moves as little as it can.
    // Fine-grained domains (under 20 nodes a part) spend their time in the balance repair, so
    // they get one try.
    // Fine-grained domains get one try, and up to two more (fresh random streams) only while the
    // bounds are still violated: a stuck repair is cheaper to restart than to push on.
    const bool coarse_grained = nodes.size() >= 20 * static_cast<std::size_t>(kd);
    const int tries = !init.empty() || kd == 1 || !coarse_grained ? 1 : nodes.size() <= 20000 ? 3 : nodes.size() <= 200000 ? 2 : 1;
    const int retries = init.empty() && kd > 1 && !coarse_grained ? 2 : 0;
    std::vector<std::int32_t> lab;
    double best_violation = 0;
    std::int64_t best_cut = 0;
    bool proven = false;
    for (int t = 0; t < tries + retries && !proven; ++t) {
      if (t >= tries && best_violation <= kEps) break;
      Rng rng = Rng::stream(opt.seed, static_cast<std::uint64_t>(i) * 16 + static_cast<std::uint64_t>(t));
      std::vector<std::int32_t> cand = solve_domain(sub, kd, bounds, tol_rel, init, opt.effort, rng, &proven);
      auto [violation, cut] = plan_score(sub, kd, bounds, cand);
      if (t == 0 || violation < best_violation - kEps || (violation <= best_violation + kEps && cut < best_cut)) {
        lab = std::move(cand);
        best_violation = violation;
        best_cut = cut;
      }
    }
    for (std::size_t j = 0; j < nodes.size(); ++j) result.labels[nodes[j]] = parts[lab[j]];
    if (proven)
      proofs.push_back("an exhaustive search of every connected plan proves that the " + std::to_string(nodes.size()) +
                       " nodes around node " + std::to_string(nodes[0]) +
                       (num_regions > 1 ? " in region " + std::to_string(domain_region[i]) : "") + " cannot be cut into " +
                       std::to_string(kd) + " connected parts inside [" + fmt(bounds.lo[0]) + ", " + fmt(bounds.hi[0]) +
                       "]" + (ud > 1 ? " (column 0; all columns checked)" : ""));
  }

  // Judge the plan with an independent measure.
  if (!opt.initial.empty()) {
    report.moved_weight.assign(ud, 0.0);
    for (node_id v = 0; v < n; ++v)
      if (result.labels[v] != opt.initial[v]) {
        ++report.moved_nodes;
        for (std::size_t c = 0; c < ud; ++c) report.moved_weight[c] += weights[v * ud + c];
      }
  }
  PartitionQuality q = partition_quality(gv, weights, d, result.labels, k_total);
  std::vector<std::string> found;
  for (std::int32_t p = 0; p < k_total; ++p) {
    if (q.pieces[p] == 0) found.push_back("part " + std::to_string(p) + " is empty");
    if (q.pieces[p] > 1) found.push_back("part " + std::to_string(p) + " is in " + std::to_string(q.pieces[p]) + " pieces");
    for (std::size_t c = 0; c < ud; ++c) {
      const double w = q.part_weight[p * ud + c];
      const double lo = report.part_lower[p * ud + c], hi = report.part_upper[p * ud + c];
      const double slack = 1e-9 * std::max(1.0, hi);
      if (w > hi + slack)
        found.push_back("part " + std::to_string(p) + " weighs " + fmt(w) + " in column " + std::to_string(c) +
                        ", above the upper bound " + fmt(hi));
      else if (w < lo - slack)
        found.push_back("part " + std::to_string(p) + " weighs " + fmt(w) + " in column " + std::to_string(c) +
                        ", below the lower bound " + fmt(lo));
    }
  }
  if (!found.empty() && opt.strict) {
    if (!proofs.empty()) {
      std::string msg = "partition: no plan can meet the bounds: ";
      for (std::size_t i = 0; i < proofs.size() && i < 4; ++i) msg += (i ? "; " : "") + proofs[i];
      throw InfeasibleError(msg + " (best plan found: " + found[0] + (found.size() > 1 ? ", ..." : "") +
                            "); widen tol, change k, or pass strict=False for the best plan");
    }
    std::string msg = "partition: found no plan that meets every bound (" + std::to_string(found.size()) + " violations: ";
    for (std::size_t i = 0; i < found.size() && i < 8; ++i) msg += (i ? "; " : "") + found[i];
    if (found.size() > 8) msg += "; ...";
    throw InfeasibleError(msg + "); the bounds may be too tight for the node weights: widen tol, change k, "
                                "or pass strict=False for the best plan");
  }
  if (!found.empty()) report.violations.insert(report.violations.end(), proofs.begin(), proofs.end());
  report.violations.insert(report.violations.end(), found.begin(), found.end());
  return result;
}

}  // namespace gridgov
