// Greedy cut refinement, connectivity repair and empty-part filling.
#include "refine.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "gain_entry.hpp"

namespace gridgov::balance::detail {

namespace {

/// The edge weight from v to each other part it touches (into `conn`); returns the weight to
/// its own part.
std::int64_t connections(const PartState& st, node_id v, std::vector<std::pair<std::int32_t, std::int64_t>>& conn) {
  const WeightedGraph& g = st.graph();
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
  return conn_a;
}

}  // namespace

std::int64_t refine_cut(PartState& st, int max_passes, Rng& rng) {
  const WeightedGraph& g = st.graph();
  // Only boundary nodes can move; after the first pass only the neighbours of moved nodes.
  std::vector<node_id> order, next;
  for (node_id v = 0; v < g.n(); ++v)
    if (st.on_border(v)) order.push_back(v);
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
      const std::int64_t conn_a = connections(st, v, conn);
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


namespace {

/// The best move of v by cut gain among the parts it touches that the bounds allow (the total
/// violation must not rise); ties go to the move that evens the two parts out most.
struct BestMove {
  std::int32_t to = -1;
  std::int64_t gain = 0;
};

BestMove best_move(const PartState& st, node_id v, std::vector<std::pair<std::int32_t, std::int64_t>>& conn) {
  const WeightedGraph& g = st.graph();
  const std::int64_t conn_a = connections(st, v, conn);
  BestMove best;
  double best_even = 0;
  for (auto [q, c] : conn) {
    if (st.move_delta(v, q) > kEps) continue;
    const std::int64_t gain = c - conn_a;
    const double even = st.spread_after(q, g.w(v), +1) - st.bounds().spread(st.weight(q));
    if (best.to < 0 || gain > best.gain || (gain == best.gain && even < best_even)) {
      best = {q, gain};
      best_even = even;
    }
  }
  return best;
}

}  // namespace

std::int64_t fm_refine(PartState& st, int max_passes, std::int64_t patience, Rng& rng, bool keep_connected) {
  const WeightedGraph& g = st.graph();
  const node_id n = g.n();
  if (st.k() < 2 || n < 2) return 0;
  using Entry = GainEntry;
  std::vector<Entry> heap;
  std::vector<std::pair<std::int32_t, std::int64_t>> conn;
  std::vector<int> locked(static_cast<std::size_t>(n), -1);  // pass in which the node moved
  std::vector<std::pair<node_id, std::int32_t>> moves;      // node, part it left
  std::int64_t saved = 0;
  auto push = [&](node_id v) {
    if (g.fixed_part(v) >= 0) return;
    const BestMove m = best_move(st, v, conn);
    if (m.to < 0) return;
    heap.emplace_back(m.gain, rng.next(), v);
    std::push_heap(heap.begin(), heap.end());
  };
  for (int pass = 0; pass < max_passes; ++pass) {
    heap.clear();
    moves.clear();
    for (node_id v = 0; v < n; ++v)
      if (st.on_border(v)) push(v);
    std::int64_t gain_sum = 0, best_sum = 0;
    std::size_t best_len = 0;
    while (!heap.empty() && static_cast<std::int64_t>(moves.size() - best_len) < patience) {
      std::pop_heap(heap.begin(), heap.end());
      const auto [gain, tie, v] = heap.back();
      heap.pop_back();
      (void)tie;
      if (locked[v] == pass) continue;
      const BestMove m = best_move(st, v, conn);
      if (m.to < 0) continue;
      if (m.gain != gain) {  // stale: a neighbour moved since; queue it with today's gain
        heap.emplace_back(m.gain, rng.next(), v);
        std::push_heap(heap.begin(), heap.end());
        continue;
      }
      if (keep_connected ? !st.removable(v) : st.members(st.label(v)).size() <= 1) continue;
      const std::int32_t from = st.label(v);
      st.move(v, m.to);
      locked[v] = pass;
      moves.emplace_back(v, from);
      gain_sum += m.gain;
      if (gain_sum > best_sum) {
        best_sum = gain_sum;
        best_len = moves.size();
      }
      for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e)
        if (locked[g.targets[e]] != pass) push(g.targets[e]);
    }
    // Back to the best prefix: undoing in reverse order passes through earlier (connected) states.
    while (moves.size() > best_len) {
      st.move(moves.back().first, moves.back().second);
      moves.pop_back();
    }
    saved += best_sum;
    if (best_sum == 0) break;
  }
  return saved;
}

bool repair_connectivity(PartState& st) {
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

void fill_empty_parts(PartState& st, TreeSplitter& splitter, Rng& rng) {
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

}  // namespace gridgov::balance::detail
