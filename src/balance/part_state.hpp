// A partition being improved: labels, part weights and member lists kept in step under single
// node moves, with the connectivity test (is a node an articulation point of its part?) and the
// balance measure every improvement step uses. Private to the balance area (not installed).
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "weighted_graph.hpp"

namespace gridgov::balance::detail {

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

/// Per-column part bounds, the same for every part of one domain.
struct PartBounds {
  std::vector<double> lo, hi, ideal;
  /// Distance of a part weight vector from the window, in units of the ideal (0 = inside).
  [[nodiscard]] double violation(const double* w) const noexcept {
    double v = 0;
    for (std::size_t c = 0; c < lo.size(); ++c) {
      const double scale = ideal[c] > 0 ? ideal[c] : 1.0;
      if (w[c] > hi[c]) v += (w[c] - hi[c]) / scale;
      else if (w[c] < lo[c]) v += (lo[c] - w[c]) / scale;
    }
    return v;
  }
  /// Squared distance from the ideal, a tie-breaker that prefers parts near the middle.
  [[nodiscard]] double spread(const double* w) const noexcept {
    double s = 0;
    for (std::size_t c = 0; c < lo.size(); ++c) {
      const double scale = ideal[c] > 0 ? ideal[c] : 1.0;
      const double x = (w[c] - ideal[c]) / scale;
      s += x * x;
    }
    return s;
  }
};

/// True when the nodes of v's set (`in_set`) that neighbour v remain connected to each other
/// once v is taken out, i.e. v is not an articulation point of its set. Searches from one such
/// neighbour and stops as soon as every other one has been reached (usually after a few steps on
/// planar graphs). `mark`/`stamp` are caller scratch (n entries, any content).
template <class InSet>
bool stays_connected_without(const WeightedGraph& g, node_id v, InSet in_set, std::vector<std::uint32_t>& mark,
                             std::uint32_t& stamp, std::vector<node_id>& queue) {
  if (stamp >= 0xfffffff0u) {
    std::fill(mark.begin(), mark.end(), 0);
    stamp = 0;
  }
  const std::uint32_t want = ++stamp;  // neighbours inside the set still to reach
  std::int64_t to_reach = 0;
  node_id start = no_node;
  for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
    const node_id u = g.targets[e];
    if (in_set(u) && mark[u] != want) {
      mark[u] = want;
      ++to_reach;
      start = u;
    }
  }
  if (to_reach == 0) return false;  // v is a piece of its own: taking it out empties that piece
  if (to_reach == 1) return true;
  const std::uint32_t seen = ++stamp;
  mark[v] = seen;
  queue.assign(1, start);
  mark[start] = seen;
  --to_reach;
  for (std::size_t head = 0; head < queue.size() && to_reach > 0; ++head) {
    const node_id x = queue[head];
    for (edge_id e = g.offsets[x]; e < g.offsets[x + 1]; ++e) {
      const node_id u = g.targets[e];
      if (u == v || !in_set(u) || mark[u] == seen) continue;
      if (mark[u] == want) --to_reach;
      mark[u] = seen;
      queue.push_back(u);
    }
  }
  return to_reach == 0;
}

class PartState {
 public:
  PartState(const WeightedGraph& g, std::int32_t k, const PartBounds& bounds,
            std::vector<std::int32_t> labels)
      : g_(g), k_(k), d_(static_cast<std::size_t>(g.d)), bounds_(bounds), label_(std::move(labels)) {
    weight_.assign(static_cast<std::size_t>(k) * d_, 0.0);
    members_.assign(static_cast<std::size_t>(k), {});
    pos_.assign(static_cast<std::size_t>(g.n()), 0);
    mark_.assign(static_cast<std::size_t>(g.n()), 0);
    for (node_id v = 0; v < g.n(); ++v) add(v, label_[v]);
    outside_.assign(static_cast<std::size_t>(g.n()), 0);
    for (node_id v = 0; v < g.n(); ++v)
      for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e) outside_[v] += label_[g.targets[e]] != label_[v];
  }

  [[nodiscard]] const WeightedGraph& graph() const noexcept { return g_; }
  [[nodiscard]] std::int32_t k() const noexcept { return k_; }
  [[nodiscard]] std::int32_t label(node_id v) const noexcept { return label_[v]; }
  [[nodiscard]] const std::vector<std::int32_t>& labels() const noexcept { return label_; }
  [[nodiscard]] const std::vector<node_id>& members(std::int32_t p) const noexcept {
    return members_[p];
  }
  [[nodiscard]] const double* weight(std::int32_t p) const noexcept {
    return weight_.data() + static_cast<std::size_t>(p) * d_;
  }
  [[nodiscard]] const PartBounds& bounds() const noexcept { return bounds_; }
  [[nodiscard]] double violation(std::int32_t p) const noexcept {
    return bounds_.violation(weight(p));
  }
  [[nodiscard]] double total_violation() const noexcept {
    double v = 0;
    for (std::int32_t p = 0; p < k_; ++p) v += violation(p);
    return v;
  }

  /// Violation of part p if `w` (d values) were added (sign +1) or removed (sign -1).
  [[nodiscard]] double violation_after(std::int32_t p, const double* w, double sign) const {
    return with_shifted(p, w, sign, [this](const double* x) { return bounds_.violation(x); });
  }
  /// Squared distance of part p from the ideal after the same change.
  [[nodiscard]] double spread_after(std::int32_t p, const double* w, double sign) const {
    return with_shifted(p, w, sign, [this](const double* x) { return bounds_.spread(x); });
  }

  /// Change of total violation when v moves to part `to`.
  [[nodiscard]] double move_delta(node_id v, std::int32_t to) const {
    const std::int32_t from = label_[v];
    return violation_after(from, g_.w(v), -1) + violation_after(to, g_.w(v), +1) -
           violation(from) - violation(to);
  }

  void move(node_id v, std::int32_t to) {
    const std::int32_t from = label_[v];
    remove(v);
    add(v, to);
    std::int32_t outside = 0;
    for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
      const node_id u = g_.targets[e];
      const std::int32_t q = label_[u];
      outside += q != to;
      outside_[u] += (q == from) - (q == to);
    }
    outside_[v] = outside;
  }

  /// True when v has a neighbour in another part. Each node's count of such arcs is kept by
  /// every move: the refinements look for the border at every pass, and scanning every arc of
  /// the graph for it took 40 % of the FM's time on held-out B k = 40.
  [[nodiscard]] bool on_border(node_id v) const noexcept { return outside_[v] > 0; }
  /// Arcs between different parts (each cut edge counted from both ends).
  [[nodiscard]] std::int64_t cut_arcs() const noexcept {
    std::int64_t arcs = 0;
    for (std::int32_t x : outside_) arcs += x;
    return arcs;
  }

  /// Sum of edge weights from v into part p.
  [[nodiscard]] std::int64_t connection(node_id v, std::int32_t p) const noexcept {
    std::int64_t s = 0;
    for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e)
      if (label_[g_.targets[e]] == p) s += g_.edge_weight[e];
    return s;
  }

  /// True when v can leave its part: the part keeps another node and stays connected, and v is
  /// not pinned. Searches from one neighbour inside the part and stops as soon as every other
  /// neighbour inside the part has been reached (usually after a few steps on planar graphs).
  [[nodiscard]] bool removable(node_id v) {
    const std::int32_t p = label_[v];
    if (g_.fixed_part(v) >= 0 || members_[p].size() <= 1) return false;
    return stays_connected_without(g_, v, [&](node_id u) { return label_[u] == p; }, mark_, stamp_, queue_);
  }

  /// Connected pieces of part p (each a list of nodes), largest weight first is not implied.
  std::vector<std::vector<node_id>> pieces(std::int32_t p) {
    std::vector<std::vector<node_id>> out;
    if (stamp_ >= 0xfffffff0u) {
      std::fill(mark_.begin(), mark_.end(), 0);
      stamp_ = 0;
    }
    ++stamp_;
    const std::uint32_t seen = stamp_;
    for (node_id s : members_[p]) {
      if (mark_[s] == seen) continue;
      out.emplace_back();
      auto& piece = out.back();
      piece.push_back(s);
      mark_[s] = seen;
      for (std::size_t head = 0; head < piece.size(); ++head) {
        const node_id x = piece[head];
        for (edge_id e = g_.offsets[x]; e < g_.offsets[x + 1]; ++e) {
          const node_id u = g_.targets[e];
          if (label_[u] == p && mark_[u] != seen) {
            mark_[u] = seen;
            piece.push_back(u);
          }
        }
      }
    }
    return out;
  }

  /// Snapshot of the labels of some parts, to undo a failed repair.
  struct Saved {
    std::vector<std::pair<node_id, std::int32_t>> entries;
  };
  Saved save(std::span<const std::int32_t> parts) const {
    Saved s;
    for (std::int32_t p : parts)
      for (node_id v : members_[p]) s.entries.emplace_back(v, p);
    return s;
  }
  void restore(const Saved& s) {
    for (auto [v, p] : s.entries)
      if (label_[v] != p) move(v, p);
  }

 private:
  template <class F>
  double with_shifted(std::int32_t p, const double* w, double sign, F f) const {
    double buf[16];  // no allocation for the usual handful of weight columns
    std::vector<double> heap;
    double* x = buf;
    if (d_ > 16) {
      heap.resize(d_);
      x = heap.data();
    }
    for (std::size_t c = 0; c < d_; ++c) x[c] = weight(p)[c] + sign * w[c];
    return f(x);
  }

  void add(node_id v, std::int32_t p) {
    label_[v] = p;
    pos_[v] = static_cast<std::int32_t>(members_[p].size());
    members_[p].push_back(v);
    for (std::size_t c = 0; c < d_; ++c) weight_[p * d_ + c] += g_.w(v)[c];
  }
  void remove(node_id v) {
    const std::int32_t p = label_[v];
    auto& list = members_[p];
    const node_id last = list.back();
    list[pos_[v]] = last;
    pos_[last] = pos_[v];
    list.pop_back();
    for (std::size_t c = 0; c < d_; ++c) weight_[p * d_ + c] -= g_.w(v)[c];
  }

  const WeightedGraph& g_;
  std::int32_t k_;
  std::size_t d_;
  const PartBounds& bounds_;
  std::vector<std::int32_t> label_;
  std::vector<double> weight_;
  std::vector<std::vector<node_id>> members_;
  std::vector<std::int32_t> pos_;
  std::vector<std::int32_t> outside_;  // per node: arcs to other parts
  std::vector<std::uint32_t> mark_;
  std::uint32_t stamp_ = 0;
  std::vector<node_id> queue_;
};

}  // namespace gridgov::balance::detail
