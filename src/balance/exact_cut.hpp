// The exact search of the small hard cases: a connected node set cut into m connected pieces
// inside the bounds, or a proof that none exists. Private to the balance area (not installed).
#pragma once

#include <cstdint>
#include <unordered_set>
#include <vector>

#include "part_state.hpp"
#include "gridgov/core/random.hpp"

namespace gridgov::balance::detail {

/// Exact search for the small hard cases: cuts the connected node set `nodes` into m connected
/// pieces each inside `bounds`, by backtracking. The piece of the first unassigned node is
/// chosen among the connected sets that contain it and fit the window (enumerated each exactly
/// once, Wernicke's ESU scheme, pruned at the upper bound), and a choice is kept only when every
/// leftover component can still hold a whole number of pieces. Gives up after `budget` sets.
class ExactCut {
 public:
  ExactCut(const WeightedGraph& g, const std::vector<node_id>& nodes, std::int32_t m, const PartBounds& b,
           std::int64_t budget);

  /// Piece of every node (parallel to `nodes`), or empty when none was found within budget.
  std::vector<std::int32_t> solve();

  /// The same search with randomised candidate order, restarted with growing budgets (the
  /// Luby-style remedy for the heavy tail of backtracking: one unlucky early choice can trap a
  /// fixed-order search in a huge dead subtree). Failed leftovers proven on the way are
  /// remembered across restarts, so no proof is repeated.
  std::vector<std::int32_t> solve_restarts(std::int64_t total_budget, Rng& rng);
  /// Search steps spent so far.
  std::int64_t used() const { return used_; }

  /// True when the last solve searched everything and found no cut.
  bool proven_impossible() const { return proven_impossible_; }

 private:
  /// One search from scratch within budget_; a search that ends inside its budget without a
  /// cut has proven that none exists.
  bool attempt();

  bool fits(const double* w, std::int32_t parts) const;

  /// Every component of the unassigned nodes can take a whole number of the `parts` left.
  bool leftover_ok(std::int32_t parts);

  bool place(std::int32_t part);

  /// The unassigned nodes (as a bit set) and the next piece's number: the whole state the rest
  /// of the search depends on (the root rule is a function of it).
  void leftover_key(std::int32_t part);

  // The piece `part` holds the nodes with owner_ == part and weighs w; pool_[begin, end) are
  // the candidates to add (all marked seen). Candidate lists live on one shared stack (pool_),
  // so the enumeration allocates nothing once it is warm.
  bool extend(std::int32_t part, std::size_t begin, std::size_t end, double* w);

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

}  // namespace gridgov::balance::detail
