// Initial partitions: recursive (multilevel, greedy-growing) bisection and region growing from
// pinned nodes.
#include "initial.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>
#include <tuple>
#include <vector>

#include "gain_entry.hpp"

namespace gridgov::balance::detail {

namespace {

/// Passes of the two-way FM after each greedy growing. Two bought 2-4 % of the final cut on
/// AR, PA and the held-out graphs (AR k = 100: 1,355 -> 1,320 edges); four bought under 1 % more.
constexpr int kBisectionFmPasses = 2;
/// Multilevel bisection (coarse-grained graphs): a set's subgraph is coarsened down to this many
/// nodes (or twice its parts, if more), and this many cuts of fresh matchings are made.
constexpr std::int64_t kBisectionCoarsest = 40;
constexpr int kBisectionCuts = 3;
/// Greedy growings on the coarsest level of a multilevel bisection.
constexpr int kCoarsestTries = 3;

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

  /// The whole graph split in two (the coarsest level of a multilevel bisection): the best
  /// greedy growing; returns 1 for the nodes of side A.
  std::vector<char> bisect_all(double frac, std::int32_t k1, std::int32_t k2) {
    std::vector<node_id> nodes(static_cast<std::size_t>(g_.n()));
    std::iota(nodes.begin(), nodes.end(), 0);
    const std::int32_t tag = prepare(nodes);
    // Clusters here weigh up to a few percent of the set: a split within one cluster of the
    // window counts as balanced (the FM on the finer levels evens it out), else nearly every
    // growing missed the window and the tries went on to five times as many.
    double heaviest = 0;
    for (node_id v : nodes) heaviest = std::max(heaviest, share(v));
    best_growing(nodes, tag, frac, 0.5 * tol_ * std::min(frac, 1 - frac) + heaviest, k1, k2, kCoarsestTries);
    return in_a_;
  }

  /// The two-way FM on a split of the whole graph projected from a coarser level.
  std::vector<char> refine_all(std::vector<char> side, double frac, std::int32_t k1, std::int32_t k2) {
    std::vector<node_id> nodes(static_cast<std::size_t>(g_.n()));
    std::iota(nodes.begin(), nodes.end(), 0);
    const std::int32_t tag = prepare(nodes);
    in_a_ = std::move(side);
    double s_a = 0;
    for (node_id v : nodes)
      if (in_a_[v]) s_a += share(v);
    fm(nodes, tag, frac, 0.5 * tol_ * std::min(frac, 1 - frac), s_a, k1, k2);
    return in_a_;
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

  /// Marks `nodes` as the set being split (a fresh tag) and sets its totals and inner degrees.
  std::int32_t prepare(const std::vector<node_id>& nodes) {
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
    return tag;
  }

  /// Edge weight between the two sides of the set `tag` (in_a_ marks side A).
  std::int64_t split_cut(const std::vector<node_id>& nodes, std::int32_t tag) const {
    std::int64_t cut = 0;
    for (node_id v : nodes)
      if (in_a_[v])
        for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
          const node_id u = g_.targets[e];
          if (tag_[u] == tag && !in_a_[u]) cut += g_.edge_weight[e];
        }
    return cut;
  }

  /// The best of several greedy growings (`tries`, or by the set's size when 0), each refined by
  /// the two-way FM: balanced first, then fewest cut. Leaves the winner in in_a_ and returns A's
  /// share.
  double best_growing(const std::vector<node_id>& nodes, std::int32_t tag, double frac, double allowed, std::int32_t k1,
                      std::int32_t k2, int tries = 0) {
    if (tries == 0) tries = nodes.size() > 200000 ? 2 : nodes.size() > 20000 ? 3 : 6;
    double best_dev = std::numeric_limits<double>::infinity();
    std::int64_t best_cut = std::numeric_limits<std::int64_t>::max();
    bool best_ok = false;
    std::vector<node_id> grown, best;
    // When no seed gives a balanced split, keep trying others (up to four times as many).
    for (int t = 0; t < tries || (!best_ok && t < 5 * tries); ++t) {
      const node_id seed = t == 0 ? peripheral(nodes, tag) : nodes[rng_.below(nodes.size())];
      grow(nodes, seed, frac, tag, grown);
      double s = 0;
      for (node_id v : grown) s += share(v);
      fm(nodes, tag, frac, allowed, s, k1, k2);
      grown.clear();
      for (node_id v : nodes)
        if (in_a_[v]) grown.push_back(v);
      const std::int64_t cut = split_cut(nodes, tag);
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
    return s_a;
  }

  /// Multilevel bisection (METIS's pmetis, KaHIP's initial partitioning): the set's own
  /// subgraph is coarsened by heavy-edge matching, bisected by the best greedy growing on the
  /// coarsest level, and the split is refined by the two-way FM at every level on the way up.
  /// The coarse levels see the set's global shape, which growing on the fine graph does not.
  /// Several such cuts (fresh matchings) and the best kept, balanced first, then fewest cut.
  /// Leaves the winner in in_a_ and returns A's share.
  double multilevel_split(const std::vector<node_id>& nodes, std::int32_t tag, double frac, double allowed,
                          std::int32_t k1, std::int32_t k2) {
    const auto ud = static_cast<std::size_t>(g_.d);
    WeightedGraph sub;
    sub.d = g_.d;
    local_.resize(g_.offsets.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) local_[nodes[i]] = static_cast<node_id>(i);
    sub.offsets.reserve(nodes.size() + 1);
    sub.weight.reserve(nodes.size() * ud);
    for (node_id v : nodes) {
      for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e)
        if (tag_[g_.targets[e]] == tag) {
          sub.targets.push_back(local_[g_.targets[e]]);
          sub.edge_weight.push_back(g_.edge_weight[e]);
        }
      sub.offsets.push_back(static_cast<edge_id>(sub.targets.size()));
      for (std::size_t c = 0; c < ud; ++c) sub.weight.push_back(g_.w(v)[c]);
    }
    const auto coarsest = static_cast<node_id>(std::max<std::int64_t>(kBisectionCoarsest, 2 * (k1 + k2)));
    std::vector<double> cap(ud);
    for (std::size_t c = 0; c < ud; ++c) cap[c] = 1.5 * total_[c] / coarsest;
    std::vector<char> best;
    bool best_ok = false;
    double best_dev = std::numeric_limits<double>::infinity();
    std::int64_t best_cut = std::numeric_limits<std::int64_t>::max();
    for (int r = 0; r < kBisectionCuts; ++r) {
      std::vector<WeightedGraph> levels;
      std::vector<std::vector<node_id>> maps;
      const WeightedGraph& top = coarsen_to(sub, coarsest, cap, 0.9, rng_, levels, maps);
      std::vector<char> side = GrowingBisection(top, tol_, false, rng_).bisect_all(frac, k1, k2);
      for (std::size_t level = levels.size(); level-- > 0;) {
        const WeightedGraph& finer = level == 0 ? sub : levels[level - 1];
        std::vector<char> projected(static_cast<std::size_t>(finer.n()));
        for (node_id v = 0; v < finer.n(); ++v) projected[v] = side[maps[level][v]];
        side = GrowingBisection(finer, tol_, false, rng_).refine_all(std::move(projected), frac, k1, k2);
      }
      double s = 0;
      std::int64_t na = 0;
      for (std::size_t i = 0; i < nodes.size(); ++i) {
        in_a_[nodes[i]] = side[i];
        if (side[i]) s += share(nodes[i]), ++na;
      }
      const std::int64_t cut = split_cut(nodes, tag);
      const bool counts_ok = na >= k1 && static_cast<std::int64_t>(nodes.size()) - na >= k2;
      const double dev = std::abs(s - frac);
      const bool ok = counts_ok && dev <= allowed;
      if (best.empty() || (ok && !best_ok) || (ok == best_ok && (ok ? cut < best_cut : dev < best_dev))) {
        best = std::move(side);
        best_ok = ok;
        best_dev = dev;
        best_cut = cut;
      }
    }
    double s_a = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      in_a_[nodes[i]] = best[i];
      if (best[i]) s_a += share(nodes[i]);
    }
    return s_a;
  }

  void split(const std::vector<node_id>& nodes, double frac, std::int32_t k1, std::int32_t k2,
             std::vector<node_id>& a_out, std::vector<node_id>& b_out) {
    const std::int32_t tag = prepare(nodes);
    const double allowed = 0.5 * tol_ * std::min(frac, 1 - frac);
    const bool multilevel =
        !exact_splits_ && static_cast<std::int64_t>(nodes.size()) > 2 * std::max<std::int64_t>(kBisectionCoarsest, 2 * (k1 + k2));
    double s_a = multilevel ? multilevel_split(nodes, tag, frac, allowed, k1, k2)
                            : best_growing(nodes, tag, frac, allowed, k1, k2);
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

  /// Two-way Fiduccia-Mattheyses refinement of the current split (in_a_): border nodes move
  /// best gain first, negative gains included, each at most once a pass, never taking A's share
  /// further from `frac` once it is outside `allowed` nor leaving a side fewer nodes than its
  /// parts; each pass rolls back to its best prefix (balanced first, then fewest cut). Moves may
  /// cut a side in pieces; at the end every stray piece joins the other side, so both sides
  /// are connected again.
  void fm(const std::vector<node_id>& nodes, std::int32_t tag, double frac, double allowed, double& s_a,
          std::int32_t k1, std::int32_t k2) {
    cmark_.resize(g_.offsets.size(), 0);
    if (lock_.size() < g_.offsets.size()) lock_.resize(g_.offsets.size(), 0);
    ext_.resize(g_.offsets.size(), 0);
    auto count_a = static_cast<std::int64_t>(std::count_if(nodes.begin(), nodes.end(), [&](node_id v) { return in_a_[v] != 0; }));
    const auto total = static_cast<std::int64_t>(nodes.size());
    // ext_[v]: v's edge weight to the other side of the set, kept up to date by every move, so a
    // gain is 2 ext - (inner degree) without a scan of v's neighbours (re-scanning at every push
    // took a third of this FM's time).
    for (node_id v : nodes) {
      std::int64_t ext = 0;
      for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
        const node_id u = g_.targets[e];
        if (tag_[u] == tag && in_a_[u] != in_a_[v]) ext += g_.edge_weight[e];
      }
      ext_[v] = ext;
    }
    auto gain_of = [&](node_id v) { return 2 * ext_[v] - deg_[v]; };
    auto flip = [&](node_id v) {
      const char to = in_a_[v] ? 0 : 1;
      in_a_[v] = to;
      ext_[v] = deg_[v] - ext_[v];
      for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
        const node_id u = g_.targets[e];
        if (tag_[u] == tag) ext_[u] += in_a_[u] == to ? -g_.edge_weight[e] : g_.edge_weight[e];
      }
    };
    std::int64_t cut = 0;  // split_cut's value, read off side A's weights to the other side
    for (node_id v : nodes)
      if (in_a_[v]) cut += ext_[v];
    using Entry = GainEntry;
    std::vector<Entry> heap;
    std::vector<node_id> moves;
    const std::int64_t patience = std::max<std::int64_t>(25, std::min<std::int64_t>(200, total / 10));
    auto push = [&](node_id v) {
      if (ext_[v] == 0) return;
      heap.emplace_back(gain_of(v), rng_.next(), v);
      std::push_heap(heap.begin(), heap.end());
    };
    auto score = [&](double s, std::int64_t c) {  // lexicographic: outside the window, then cut
      const double dev = std::abs(s - frac);
      return std::pair<double, std::int64_t>(dev <= allowed ? 0.0 : dev, c);
    };
    // Candidates: the border now; later passes add what the moves touched.
    std::vector<node_id> cands;
    for (node_id v : nodes)
      if (ext_[v] > 0) cands.push_back(v);
    for (int pass = 0; pass < kBisectionFmPasses; ++pass) {
      ++lock_stamp_;
      heap.clear();
      moves.clear();
      for (node_id v : cands) push(v);
      auto best = score(s_a, cut);
      std::size_t best_len = 0;
      const auto start = best;
      double s = s_a;
      std::int64_t c = cut;
      while (!heap.empty() && static_cast<std::int64_t>(moves.size() - best_len) < patience) {
        std::pop_heap(heap.begin(), heap.end());
        const auto [gain, tie, v] = heap.back();
        heap.pop_back();
        (void)tie;
        if (lock_[v] == lock_stamp_) continue;
        if (ext_[v] == 0) continue;
        const std::int64_t now = gain_of(v);
        if (now != gain) {
          heap.emplace_back(now, rng_.next(), v);
          std::push_heap(heap.begin(), heap.end());
          continue;
        }
        const char from = in_a_[v];
        const double after = s + (from ? -share(v) : share(v));
        if (std::abs(after - frac) > allowed && std::abs(after - frac) >= std::abs(s - frac)) continue;
        if ((from ? count_a : total - count_a) <= (from ? k1 : k2)) continue;
        flip(v);
        count_a += from ? -1 : 1;
        s = after;
        c -= gain;
        lock_[v] = lock_stamp_;
        moves.push_back(v);
        const auto sc = score(s, c);
        if (sc < best) {
          best = sc;
          best_len = moves.size();
        }
        for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
          const node_id u = g_.targets[e];
          if (tag_[u] == tag && lock_[u] != lock_stamp_) push(u);
        }
      }
      while (moves.size() > best_len) {
        const node_id v = moves.back();
        moves.pop_back();
        flip(v);
        count_a += in_a_[v] ? 1 : -1;
        s += in_a_[v] ? share(v) : -share(v);
      }
      s_a = s;
      cut = best.second;
      if (!(best < start)) break;
      // Next pass's candidates: this pass's, plus the kept moves and their neighbours.
      ++list_stamp_;
      listed_.resize(g_.offsets.size(), 0);
      std::vector<node_id> next;
      auto add = [&](node_id u) {
        if (listed_[u] != list_stamp_) {
          listed_[u] = list_stamp_;
          next.push_back(u);
        }
      };
      for (node_id v : cands) add(v);
      for (node_id v : moves) {
        add(v);
        for (edge_id e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e)
          if (tag_[g_.targets[e]] == tag) add(g_.targets[e]);
      }
      cands.swap(next);
    }
    // The moves ignored connectivity (testing every move cost as much as the FM itself and
    // bought nothing measurable); stray pieces now join the other side.
    merge_strays(nodes, tag, 0);
    merge_strays(nodes, tag, 1);
    s_a = 0;
    for (node_id v : nodes)
      if (in_a_[v]) s_a += share(v);
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
    using Entry = GainEntry;
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
    merge_strays(nodes, tag, 0);
    grown.clear();
    for (node_id v : nodes)
      if (in_a_[v]) grown.push_back(v);
  }

  /// Keeps the heaviest connected piece of side `side` (in_a_ == side) and hands every other
  /// piece to the other side. A stray piece touches only the other side, so that side's pieces
  /// merge or stay as they were: after merging side 0 and then side 1 both sides are connected.
  void merge_strays(const std::vector<node_id>& nodes, std::int32_t tag, char side) {
    const std::int32_t seen = ++seen_stamp_;
    seen_.resize(g_.offsets.size(), 0);
    // The pieces one after another in piece_nodes_, piece i from piece_start_[i] (members reused
    // from call to call: this runs after every FM and growing).
    piece_nodes_.clear();
    piece_start_.clear();
    for (node_id v : nodes) {
      if (in_a_[v] != side || seen_[v] == static_cast<std::uint32_t>(seen)) continue;
      piece_start_.push_back(piece_nodes_.size());
      piece_nodes_.push_back(v);
      seen_[v] = seen;
      for (std::size_t h = piece_start_.back(); h < piece_nodes_.size(); ++h) {
        const node_id x = piece_nodes_[h];
        for (edge_id e = g_.offsets[x]; e < g_.offsets[x + 1]; ++e) {
          const node_id u = g_.targets[e];
          if (tag_[u] == tag && in_a_[u] == side && seen_[u] != static_cast<std::uint32_t>(seen)) {
            seen_[u] = seen;
            piece_nodes_.push_back(u);
          }
        }
      }
    }
    const std::size_t pieces = piece_start_.size();
    if (pieces <= 1) return;
    piece_start_.push_back(piece_nodes_.size());
    std::size_t keep = 0;
    double keep_w = -1;
    for (std::size_t i = 0; i < pieces; ++i) {
      double w = 1e-12 * static_cast<double>(piece_start_[i + 1] - piece_start_[i]);
      for (std::size_t j = piece_start_[i]; j < piece_start_[i + 1]; ++j) w += share(piece_nodes_[j]);
      if (w > keep_w) {
        keep_w = w;
        keep = i;
      }
    }
    for (std::size_t i = 0; i < pieces; ++i)
      if (i != keep)
        for (std::size_t j = piece_start_[i]; j < piece_start_[i + 1]; ++j) in_a_[piece_nodes_[j]] = side ? 0 : 1;
  }

  const WeightedGraph& g_;
  double tol_;
  bool exact_splits_;
  Rng& rng_;
  std::vector<std::int32_t> tag_;
  std::int32_t tag_counter_ = 0;
  std::vector<char> in_a_;
  std::vector<std::int64_t> conn_, deg_, ext_;
  std::vector<double> total_;
  std::size_t count_ = 0;
  std::vector<node_id> queue_;
  std::vector<std::uint32_t> seen_;
  std::uint32_t seen_stamp_ = 0;
  std::vector<std::uint32_t> cmark_, listed_, lock_;
  std::uint32_t lock_stamp_ = 0;

  std::uint32_t cstamp_ = 0, list_stamp_ = 0;
  std::vector<node_id> local_;
  std::vector<node_id> piece_nodes_;
  std::vector<std::size_t> piece_start_;
};

}  // namespace

std::vector<std::int32_t> recursive_bisection(const WeightedGraph& g, std::int32_t k, double tol, bool exact_splits,
                                              Rng& rng) {
  std::vector<std::int32_t> labels(static_cast<std::size_t>(g.n()), 0);
  GrowingBisection rb(g, tol, exact_splits, rng);
  std::vector<node_id> all(static_cast<std::size_t>(g.n()));
  std::iota(all.begin(), all.end(), 0);
  rb.run(std::move(all), k, 0, labels);
  return labels;
}

std::vector<std::int32_t> grow_regions(const WeightedGraph& g, std::int32_t k,
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
  using Entry = GainEntry;
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
      while (!frontier[p].empty() && label[frontier[p].top().node] >= 0) frontier[p].pop();
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
    const node_id v = frontier[pick].top().node;
    frontier[pick].pop();
    label[v] = pick;
    --left;
    push_neighbours(v);
  }
  for (node_id v = 0; v < n; ++v)
    if (label[v] < 0) label[v] = 0;
  return label;
}

}  // namespace gridgov::balance::detail
