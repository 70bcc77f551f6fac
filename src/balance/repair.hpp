// The balance repair: single moves, chains of pair re-splits along paths of neighbouring parts,
// and re-cuts of small clusters of parts (exact search on fine-grained ones, spanning-tree splits
// on coarse ones). Every move keeps each part connected. Private to the balance area.
#pragma once

#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

#include "part_state.hpp"
#include "tree_split.hpp"
#include "gridgov/core/random.hpp"

namespace gridgov::balance::detail {

/// The repair engine: balance moves, chains of pair re-splits, and the bookkeeping they share.
class BalanceRepair {
 public:
  /// `exact_work`: the most search steps all exact cluster re-cuts of this repair may take
  /// together, so a plan that cannot be repaired (too tight bounds) fails in bounded time.
  BalanceRepair(PartState& st, Rng& rng, std::int64_t exact_work = std::numeric_limits<std::int64_t>::max())
      : st_(st), rng_(rng), exact_work_left_(exact_work) {}

  /// Single-node moves that lower the total violation, best first, until none is left.
  bool single_moves(std::int64_t max_moves);

  /// Moves weight from (to) each violating part along a path of neighbouring parts to a part
  /// with room (surplus), re-splitting each consecutive pair so the earlier part lands inside
  /// the window. Returns true when the total violation went down.
  bool chains(int max_depth, int candidates_per_part);

  /// The small-cluster fallback: re-cuts violating part p together with 1 .. max_parts - 1
  /// neighbouring parts from scratch, once their total fits that many parts. The cluster grows
  /// over the part adjacency; shape `variant` 0 takes next the neighbour that brings the
  /// cluster's mean weight closest to the ideal (a light part gathers heavy neighbours and the
  /// other way round, which leaves the most room), 1 goes breadth first, and higher variants
  /// pick among the three best-balancing neighbours at random. Fine-grained clusters (few nodes a
  /// part, where spanning-tree cuts rarely land in a narrow window) are cut by the exact search
  /// with `budget`, coarse ones by recursive spanning-tree splitting. New pieces take the old part
  /// ids by largest overlap, so few nodes change part. Returns true when the cluster was re-cut.
  bool cluster_resolve(std::int32_t p, std::int32_t max_parts, int variant, std::int64_t budget);

  /// The exact search on a fine-grained cluster, within `budget` and what is left of the
  /// repair's exact work. Whether m pieces exist depends on the node set alone, so a set proven
  /// impossible is never searched again, and one that ran out of budget only with a larger one.
  std::vector<std::int32_t> exact_cut(const std::vector<node_id>& nodes, std::int32_t m, std::int64_t budget);

  /// Relabels the cluster's nodes by `piece` (parallel to `nodes`): old part ids go to the new
  /// pieces by largest overlap (greedy), so few nodes change part.
  void take_pieces(const std::vector<std::int32_t>& cluster, const std::vector<node_id>& nodes,
                   const std::vector<std::int32_t>& piece);

  /// Runs cluster_resolve on every violating part. Returns true when any cluster was re-cut.
  bool resolve_clusters(std::int32_t max_parts, int variants, std::int64_t budget);

  /// Puts part a inside its window by trading nodes with its neighbour b (both stay connected);
  /// when `last`, b must end inside too. Greedy boundary moves first, then spanning-tree cuts.
  bool resplit(std::int32_t a, std::int32_t b, bool last);

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

  std::vector<std::int32_t> violating_parts() const;

  double path_violation(const std::vector<std::int32_t>& path) const;

  bool improve_part(std::int32_t p);

  std::vector<std::int32_t> neighbour_parts(std::int32_t p) const;

  /// Paths p -> ... -> q over the part adjacency (breadth first), to the parts q that could
  /// absorb p's excess (or supply its deficit) while staying inside the window, nearest first;
  /// when none can, the ones that come closest.
  std::vector<std::vector<std::int32_t>> candidate_paths(std::int32_t p, int max_depth, int count);

  bool tree_resplit(std::int32_t a, std::int32_t b, bool last);

  PartState& st_;
  Rng& rng_;
  std::unordered_map<std::uint64_t, std::int64_t> searched_;  // node-set hash -> budget spent
  std::int64_t exact_work_left_;
  TreeSplitter splitter_;
  std::vector<Candidate> candidates_;
  std::vector<std::int32_t> local_;
};

}  // namespace gridgov::balance::detail
