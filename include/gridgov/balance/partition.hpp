// Contiguous, balanced partitioning: gridgov::balance::partition.
//
// Guarantees (or an InfeasibleError saying why, or with strict = false the best plan found and
// its violations): no empty part; every part connected when the graph is connected (parts never
// span connected components, and never cross a region boundary); every part's weight within
// [lo, hi] in every weight column, where by default lo, hi = (1 -/+ tol) x ideal and the ideal
// of a part is its region's total over its region's number of parts.
//
// Method (DESIGN.md section 4): the graph is cut into domains (connected pieces of a region) and
// each domain's share of parts is fixed by weight. Each domain is coarsened by heavy-edge matching
// (clusters are connected), split by recursive bisection on the coarsest graph (each bisection
// multilevel where the graph is coarse-grained: the block's own subgraph coarsened, the best of a
// few greedy growings on its coarsest level, two-way FM on every level up, the best of three such
// cuts; elsewhere the best of several greedy growings refined by two-way FM; both halves kept
// connected), then uncoarsened with greedy boundary refinement (label propagation; on the finest
// graph also k-way FM with rollback) that never moves an articulation point of its part. On the
// finest graph, stray pieces are handed to neighbours, empty parts are filled, and the balance is
// repaired by single moves and by chains of pair re-splits (greedy boundary trades, with random
// spanning-tree cuts as the fallback) along paths of neighbouring parts. Parts still outside are
// re-cut with 1-31 neighbouring parts from scratch (exact search on fine-grained clusters,
// spanning-tree splits on coarse ones), small clusters and budgets first; a small fine-grained
// domain still outside is searched whole, which finds a plan or proves that none exists. A last
// refinement of the cut follows: FM, and where parts hold 20 nodes or more, minimum cuts (max flow)
// through a corridor around the border of each pair of neighbouring parts, kept when both parts
// stay inside the bounds and connected. With `vcycles` (one by default), the plan is then coarsened
// again inside its parts and refined on the way up (KaHIP's and Mt-KaHyPar's V-cycles), and the
// flows run on the cycle's finest level instead. On fine-grained graphs (few nodes a part, as PA's
// precincts at k = 906) the bisection splits as exactly as the nodes allow, so no subtree of parts
// starts short of room.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gridgov/core/csr.hpp"

namespace gridgov::balance {

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
  /// V-cycles after the first plan of every domain with 20 nodes a part or more (0 .. 16): the
  /// domain is coarsened again with matching kept inside the plan's parts, refined level by
  /// level on the way up (whole clusters move, reshaping borders single moves cannot), and
  /// re-cut by flows, which the first plan then leaves to the cycles. A cycle's plan is kept
  /// only when it cuts fewer edges, so with the same seed a further cycle never makes the cut
  /// worse. Measured on PA k = 18 and three other rows (24 seeds each): one cycle cut 0.4-1.4 %
  /// fewer edges than none for 1.2 times the instructions (benchmarks/RESULTS.md). Domains with
  /// fewer nodes a part, fixed nodes or an `initial` plan are not cycled.
  int vcycles = 1;
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

/// Partitions a graph into contiguous parts of balanced weight. `weights` holds n x d values
/// (row-major, d columns). `ks` is one number (k parts, spread over the regions in proportion to
/// column-0 weight by largest remainder) or one number per region. Duplicate arcs are merged;
/// the graph must be symmetric and free of self loops. See the header comment for guarantees.
/// Throws InputError for malformed input and InfeasibleError (with `strict`) when no plan meets
/// the bounds.
PartitionResult partition(CsrView graph, std::span<const double> weights, int d, std::span<const std::int32_t> ks,
                          const PartitionOptions& opt);

}  // namespace gridgov::balance
