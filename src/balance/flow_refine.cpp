// Pairwise flow refinement: a minimum cut through a corridor around the border of two parts.
#include "flow_refine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "flow_network.hpp"

namespace gridgov::balance::detail {

namespace {

/// Corridor width on each side of a border, in units of the bounds' slack (hi - ideal) of that
/// side's part: 2 (about 10 % of a part at +-5 %). Wider corridors find better cuts but their
/// minimum cuts are unbalanced more often: over 24 seeds 4 took PA k = 18 from 1.099 to 1.089
/// times KaHIP strong's cut and held-out B k = 40 from 1.086 to 1.078, for a third more work
/// in a whole call on B 40 (over 3 times METIS's time); 3 bought under 0.5 % for 12 % more.
constexpr double kCorridor = 2.0;
/// An unbalanced minimum cut is tried again in a corridor half as wide, down to this width.
constexpr double kSmallestCorridor = 1.0;

class PairFlow {
 public:
  PairFlow(PartState& st, Rng& rng) : st_(st), g_(st.graph()), rng_(rng) {
    const auto n = static_cast<std::size_t>(g_.n());
    local_.assign(n, -1);
    mark_.assign(n, 0);
    outer_.resize(static_cast<std::size_t>(st.k()));
    outer_valid_.assign(static_cast<std::size_t>(st.k()), 0);
  }

  /// The pairs of parts (p < q) with an edge between them, sorted. Read off the parts' outer
  /// nodes, which the flows need anyway, rather than off every arc of the graph.
  void neighbour_pairs(std::vector<std::pair<std::int32_t, std::int32_t>>& pairs) {
    pairs.clear();
    for (std::int32_t p = 0; p < st_.k(); ++p)
      for (node_id v : outer_nodes(p))
        for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
          const std::int32_t q = st_.label(g_.targets[e]);
          if (p < q) pairs.emplace_back(p, q);
        }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  }

  /// Tries to re-cut the border of parts a and b; returns the cut edges saved (0 = unchanged).
  std::int64_t refine(std::int32_t a, std::int32_t b, double alpha) {
    std::int64_t border = 0;
    boundary(a, b, border_a_, border);
    std::int64_t border_b = 0;
    boundary(b, a, border_b_, border_b);
    if (border == 0) return 0;
    for (double f = alpha; f >= kSmallestCorridor; f *= 0.5) {
      const std::int64_t r = attempt(a, b, border, f);
      if (r >= 0) return r;  // applied (r > 0) or no better cut exists in any smaller corridor
    }
    return 0;
  }

 private:
  /// Nodes of p with a neighbour in q, and the edge weight between them (from p's outer nodes).
  void boundary(std::int32_t p, std::int32_t q, std::vector<node_id>& out, std::int64_t& cut) {
    const auto& outer = outer_nodes(p);
    out.clear();
    cut = 0;
    for (node_id v : outer) {
      bool touches = false;
      for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e)
        if (st_.label(g_.targets[e]) == q) {
          touches = true;
          cut += g_.edge_weight[e];
        }
      if (touches) out.push_back(v);
    }
  }

  /// p's nodes with a neighbour in another part, kept until a flow moves p's border.
  const std::vector<node_id>& outer_nodes(std::int32_t p) {
    auto& outer = outer_[p];
    if (!outer_valid_[p]) {
      outer.clear();
      for (node_id v : st_.members(p))
        if (st_.on_border(v)) outer.push_back(v);
      outer_valid_[p] = 1;
    }
    return outer;
  }

  /// Grows p's corridor from its border nodes, breadth first, up to `cap` weight per column and
  /// half of p (so p keeps a core); pinned nodes stay out.
  void corridor(std::int32_t p, const std::vector<node_id>& border, const std::vector<double>& cap,
                std::vector<node_id>& out) {
    out.clear();
    const auto ud = static_cast<std::size_t>(g_.d);
    std::vector<double>& taken = taken_;
    taken.assign(ud, 0.0);
    const std::size_t max_nodes = st_.members(p).size() / 2;
    ++stamp_;
    for (node_id v : border) mark_[v] = stamp_;
    std::vector<node_id>& queue = queue_;
    queue.assign(border.begin(), border.end());
    for (std::size_t h = 0; h < queue.size() && out.size() < max_nodes; ++h) {
      const node_id v = queue[h];
      if (g_.fixed_part(v) >= 0) continue;
      bool fits = true;
      for (std::size_t c = 0; c < ud && fits; ++c) fits = taken[c] + g_.w(v)[c] <= cap[c];
      if (!fits) continue;
      for (std::size_t c = 0; c < ud; ++c) taken[c] += g_.w(v)[c];
      out.push_back(v);
      for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
        const node_id u = g_.targets[e];
        if (st_.label(u) == p && mark_[u] != stamp_) {
          mark_[u] = stamp_;
          queue.push_back(u);
        }
      }
    }
  }

  /// One corridor size: -1 when the cut found is unbalanced or splits a part (a smaller
  /// corridor may do), 0 when no better cut exists, else the edges saved (the move is made).
  std::int64_t attempt(std::int32_t a, std::int32_t b, std::int64_t border, double alpha) {
    const auto ud = static_cast<std::size_t>(g_.d);
    const PartBounds& bd = st_.bounds();
    std::vector<double> cap_a(ud), cap_b(ud);
    for (std::size_t c = 0; c < ud; ++c) {
      const double unit = alpha * std::max(bd.hi[c] - bd.ideal[c], 1e-9 * std::max(1.0, bd.ideal[c]));
      cap_a[c] = std::min(unit, 0.5 * st_.weight(a)[c]);
      cap_b[c] = std::min(unit, 0.5 * st_.weight(b)[c]);
    }
    corridor(a, border_a_, cap_a, region_a_);
    corridor(b, border_b_, cap_b, region_b_);
    if (region_a_.empty() && region_b_.empty()) return 0;
    // Network: 0 = rest of a (source), 1 = rest of b (sink), then the corridor nodes.
    nodes_.clear();
    for (node_id v : region_a_) local_[v] = 2 + static_cast<std::int32_t>(nodes_.size()), nodes_.push_back(v);
    for (node_id v : region_b_) local_[v] = 2 + static_cast<std::int32_t>(nodes_.size()), nodes_.push_back(v);
    net_.reset(2 + static_cast<std::int32_t>(nodes_.size()));
    std::int64_t fixed_cut = 0;  // a-b edges outside the network (between the two rests)
    for (node_id v : border_a_)
      if (local_[v] < 0)
        for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
          const node_id u = g_.targets[e];
          if (st_.label(u) == b && local_[u] < 0) fixed_cut += g_.edge_weight[e];
        }
    for (node_id v : nodes_) {
      const std::int32_t lv = local_[v];
      std::int64_t to_s = 0, to_t = 0;
      for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
        const node_id u = g_.targets[e];
        const std::int32_t lu = local_[u];
        if (lu >= 0) {
          if (lv < lu) net_.add(lv, lu, g_.edge_weight[e], g_.edge_weight[e]);
        } else if (st_.label(u) == a) {
          to_s += g_.edge_weight[e];
        } else if (st_.label(u) == b) {
          to_t += g_.edge_weight[e];
        }
      }
      if (to_s) net_.add(0, lv, to_s, 0);
      if (to_t) net_.add(lv, 1, to_t, 0);
    }
    net_.build();
    const std::int64_t budget = border - fixed_cut;  // today's cut inside the network
    const std::int64_t flow = budget > 0 ? net_.max_flow(0, 1, budget) : 0;
    std::int64_t result = 0;
    if (flow < budget) {
      most_balanced_cut(a, b);
      result = apply_if_good(a, b, border - (fixed_cut + flow));
    }
    for (node_id v : nodes_) local_[v] = -1;
    return result;
  }

  /// Among the minimum cuts, the most balanced one found (KaHIP's most balanced minimum cut):
  /// the nodes neither side of the residual network settles form strongly connected
  /// components, and every set of them closed under residual arcs, added to the source side,
  /// is a minimum cut. Tarjan's algorithm finishes components successors first, so each prefix
  /// of its order is such a set; a few random search orders give a few sequences to sweep.
  void most_balanced_cut(std::int32_t a, std::int32_t b) {
    const std::int32_t nn = net_.size();
    net_.source_side(0, side_);
    net_.sink_side(1, reach_t_);
    const auto ud = static_cast<std::size_t>(g_.d);
    const PartBounds& bd = st_.bounds();
    // Weights of a and b with only the settled nodes placed: source side to a, the rest to b.
    std::vector<double>& wa = wa_;
    wa.assign(st_.weight(a), st_.weight(a) + ud);
    std::vector<double>& total = wt_;
    total.assign(ud, 0.0);
    for (std::size_t c = 0; c < ud; ++c) total[c] = st_.weight(a)[c] + st_.weight(b)[c];
    for (node_id v : nodes_) {
      const bool in_a = st_.label(v) == a;
      if (in_a && !side_[local_[v]]) for (std::size_t c = 0; c < ud; ++c) wa[c] -= g_.w(v)[c];
    }
    middle_.clear();
    for (std::int32_t x = 2; x < nn; ++x)
      if (!side_[x] && !reach_t_[x]) middle_.push_back(x);
    auto score = [&](const std::vector<double>& w) {
      std::vector<double>& wb = wb_;
      wb.resize(ud);
      for (std::size_t c = 0; c < ud; ++c) wb[c] = total[c] - w[c];
      return std::pair<double, double>(bd.violation(w.data()) + bd.violation(wb.data()),
                                       bd.spread(w.data()) + bd.spread(wb.data()));
    };
    if (middle_.empty()) return;
    // Middle nodes currently in a count in wa; start from "all middle nodes to b".
    for (std::int32_t x : middle_)
      if (st_.label(nodes_[x - 2]) == a) for (std::size_t c = 0; c < ud; ++c) wa[c] -= g_.w(nodes_[x - 2])[c];
    auto best = score(wa);
    std::vector<std::int32_t> best_order;
    std::size_t best_len = 0;
    comp_.assign(static_cast<std::size_t>(nn), -1);
    for (int sweep = 0; sweep < 3; ++sweep) {
      rng_.shuffle(middle_);
      tarjan(nn);
      std::vector<double> w = wa;
      for (std::size_t i = 0; i < order_.size(); ++i) {
        const node_id v = nodes_[order_[i] - 2];
        for (std::size_t c = 0; c < ud; ++c) w[c] += g_.w(v)[c];
        if (i + 1 < order_.size() && comp_[order_[i + 1]] == comp_[order_[i]]) continue;  // whole components only
        const auto sc = score(w);
        if (sc < best) {
          best = sc;
          best_order = order_;
          best_len = i + 1;
        }
      }
    }
    for (std::size_t i = 0; i < best_len; ++i) side_[best_order[i]] = 1;
  }

  /// Strongly connected components of the middle nodes over residual arcs; order_ lists the
  /// nodes component by component, each component after every component it has arcs into.
  void tarjan(std::int32_t nn) {
    index_.assign(static_cast<std::size_t>(nn), -1);
    low_.assign(static_cast<std::size_t>(nn), 0);
    on_stack_.assign(static_cast<std::size_t>(nn), 0);
    std::vector<char> is_middle(static_cast<std::size_t>(nn), 0);
    for (std::int32_t x : middle_) is_middle[x] = 1;
    order_.clear();
    stack_.clear();
    std::int32_t counter = 0, comps = 0;
    std::vector<std::pair<std::int32_t, std::int32_t>> call;  // node, next arc
    for (std::int32_t root : middle_) {
      if (index_[root] >= 0) continue;
      call.emplace_back(root, net_.begin(root));
      index_[root] = low_[root] = counter++;
      stack_.push_back(root);
      on_stack_[root] = 1;
      while (!call.empty()) {
        auto& [v, arc] = call.back();
        bool descended = false;
        while (arc < net_.end(v)) {
          const std::int32_t u = net_.target(arc);
          const bool live = net_.residual(arc) > 0 && is_middle[u];
          ++arc;
          if (!live) continue;
          if (index_[u] < 0) {
            index_[u] = low_[u] = counter++;
            stack_.push_back(u);
            on_stack_[u] = 1;
            call.emplace_back(u, net_.begin(u));
            descended = true;
            break;
          }
          if (on_stack_[u]) low_[v] = std::min(low_[v], index_[u]);
        }
        if (descended) continue;
        const std::int32_t done = v;
        if (low_[done] == index_[done]) {
          std::int32_t x;
          do {
            x = stack_.back();
            stack_.pop_back();
            on_stack_[x] = 0;
            comp_[x] = comps;
            order_.push_back(x);
          } while (x != done);
          ++comps;
        }
        call.pop_back();
        if (!call.empty()) low_[call.back().first] = std::min(low_[call.back().first], low_[done]);
      }
    }
  }

  /// Moves the corridor nodes to the side the cut gives them when the bounds and connectivity
  /// allow; returns `saved` when made, -1 when not.
  std::int64_t apply_if_good(std::int32_t a, std::int32_t b, std::int64_t saved) {
    const auto ud = static_cast<std::size_t>(g_.d);
    std::vector<double> wa(st_.weight(a), st_.weight(a) + ud), wb(st_.weight(b), st_.weight(b) + ud);
    moved_.clear();
    for (node_id v : nodes_) {
      const bool to_a = side_[local_[v]] != 0;
      const std::int32_t now = st_.label(v);
      if (to_a == (now == a)) continue;
      moved_.push_back(v);
      for (std::size_t c = 0; c < ud; ++c) {
        const double x = g_.w(v)[c];
        if (to_a) wa[c] += x, wb[c] -= x;
        else wa[c] -= x, wb[c] += x;
      }
    }
    if (moved_.empty()) return -1;
    const PartBounds& bd = st_.bounds();
    const double before = st_.violation(a) + st_.violation(b);
    if (bd.violation(wa.data()) + bd.violation(wb.data()) > before + kEps) return -1;
    for (node_id v : moved_) st_.move(v, st_.label(v) == a ? b : a);
    if (!st_.members(a).empty() && !st_.members(b).empty() && connected(a) && connected(b)) {
      outer_valid_[a] = outer_valid_[b] = 0;
      return saved;
    }
    for (node_id v : moved_) st_.move(v, st_.label(v) == a ? b : a);
    return -1;
  }

  /// Whether part p (not empty) is in one piece: a search over the part.
  bool connected(std::int32_t p) {
    const auto& members = st_.members(p);
    ++stamp_;
    queue_.assign(1, members[0]);
    mark_[members[0]] = stamp_;
    for (std::size_t h = 0; h < queue_.size(); ++h)
      for (edge_id e = g_.offsets[queue_[h]]; e < g_.offsets[queue_[h] + 1]; ++e) {
        const node_id u = g_.targets[e];
        if (st_.label(u) == p && mark_[u] != stamp_) {
          mark_[u] = stamp_;
          queue_.push_back(u);
        }
      }
    return queue_.size() == members.size();
  }

  PartState& st_;
  const WeightedGraph& g_;
  FlowNetwork net_;
  std::vector<std::int32_t> local_;
  std::vector<std::uint32_t> mark_;
  std::uint32_t stamp_ = 0;
  std::vector<node_id> border_a_, border_b_, region_a_, region_b_, nodes_, queue_, moved_;
  std::vector<double> taken_;
  std::vector<char> side_, reach_t_, on_stack_;
  std::vector<std::int32_t> middle_, comp_, index_, low_, order_, stack_;
  std::vector<double> wa_, wb_, wt_;
  std::vector<std::vector<node_id>> outer_;  // per part: its nodes with a neighbour outside
  std::vector<char> outer_valid_;
  Rng& rng_;
};

}  // namespace

std::int64_t flow_refine(PartState& st, int rounds, Rng& rng) {
  if (st.k() < 2) return 0;
  PairFlow flow(st, rng);
  std::int64_t saved = 0;
  // After the first sweep a pair is tried again only when its own last flow moved its border.
  // (Retrying every pair with a part that moved, KaHIP's active parts, retried nearly all of
  // them: on held-out B k = 40 the first sweep moved 55 of 108 borders, which touched 100 of
  // the 108 pairs. Skipping the pairs whose own flow found nothing took the max flows there from
  // 271 to 187, and the cut moved within the seed-to-seed spread.)
  std::unordered_map<std::uint64_t, char> moved;  // per pair tried: did its last flow move the border
  for (int round = 0; round < rounds; ++round) {
    std::vector<std::pair<std::int32_t, std::int32_t>> pairs;
    flow.neighbour_pairs(pairs);
    rng.shuffle(pairs);
    std::int64_t round_saved = 0;
    for (auto [p, q] : pairs) {
      const std::uint64_t key = static_cast<std::uint64_t>(p) << 32 | static_cast<std::uint32_t>(q);
      const auto it = moved.find(key);
      if (it != moved.end() && !it->second) continue;
      const std::int64_t s = flow.refine(p, q, kCorridor);
      moved[key] = s > 0;
      round_saved += s;
    }
    saved += round_saved;
    if (round_saved == 0) break;
  }
  return saved;
}

}  // namespace gridgov::balance::detail
