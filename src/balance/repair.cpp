// BalanceRepair: moves, chains and cluster re-cuts that bring every part inside its bounds.
#include "repair.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "exact_cut.hpp"

namespace gridgov::balance::detail {

bool BalanceRepair::single_moves(std::int64_t max_moves) {
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

bool BalanceRepair::chains(int max_depth, int candidates_per_part) {
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

bool BalanceRepair::cluster_resolve(std::int32_t p, std::int32_t max_parts, int variant, std::int64_t budget) {
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

std::vector<std::int32_t> BalanceRepair::exact_cut(const std::vector<node_id>& nodes, std::int32_t m, std::int64_t budget) {
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

void BalanceRepair::take_pieces(const std::vector<std::int32_t>& cluster, const std::vector<node_id>& nodes,
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

bool BalanceRepair::resolve_clusters(std::int32_t max_parts, int variants, std::int64_t budget) {
  bool any = false;
  for (std::int32_t p : violating_parts())
    for (int variant = 0; variant < variants && st_.violation(p) > kEps; ++variant)
      if (cluster_resolve(p, max_parts, variant, budget)) {
        any = true;
        break;
      }
  return any;
}

bool BalanceRepair::resplit(std::int32_t a, std::int32_t b, bool last) {
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

std::vector<std::int32_t> BalanceRepair::violating_parts() const {
  std::vector<std::int32_t> bad;
  for (std::int32_t p = 0; p < st_.k(); ++p)
    if (st_.violation(p) > kEps) bad.push_back(p);
  std::stable_sort(bad.begin(), bad.end(),
                   [&](std::int32_t x, std::int32_t y) { return st_.violation(x) > st_.violation(y); });
  return bad;
}

double BalanceRepair::path_violation(const std::vector<std::int32_t>& path) const {
  double v = 0;
  for (std::int32_t p : path) v += st_.violation(p);
  return v;
}

bool BalanceRepair::improve_part(std::int32_t p) {
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

std::vector<std::int32_t> BalanceRepair::neighbour_parts(std::int32_t p) const {
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

std::vector<std::vector<std::int32_t>> BalanceRepair::candidate_paths(std::int32_t p, int max_depth, int count) {
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

bool BalanceRepair::tree_resplit(std::int32_t a, std::int32_t b, bool last) {
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

}  // namespace gridgov::balance::detail
