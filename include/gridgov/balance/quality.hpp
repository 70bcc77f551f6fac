// Quality of a partition: part weights against the ideal, cut edges, connectivity, empty parts.
//
// Independent of how the plan was made, so tests and benchmarks judge every partitioner (ours,
// METIS, a planner's hand-drawn plan) with the same ruler.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "gridgov/core/csr.hpp"

namespace gridgov::balance {

struct PartitionQuality {
  std::int32_t parts = 0;               ///< number of parts k
  std::vector<double> part_weight;      ///< k x d row-major
  std::vector<double> ideal;            ///< per column: total / k
  std::vector<double> max_ratio;        ///< per column: heaviest part / ideal
  std::vector<double> min_ratio;        ///< per column: lightest part / ideal
  std::int64_t cut_edges = 0;           ///< undirected edges whose ends lie in different parts
  std::int32_t disconnected_parts = 0;  ///< parts with more than one connected piece
  std::int32_t empty_parts = 0;         ///< parts with no node
  std::vector<std::int32_t> pieces;     ///< per part: number of connected pieces (0 = empty)
};

/// Measures a plan. `labels` must hold one label in [0, k) per node; k = max label + 1 unless
/// `k` is given (then labels must lie in [0, k), and parts without nodes count as empty). A plan
/// of n nodes has at most n parts: k outside [1, n] (other than the default -1) and labels of n
/// or more are InputErrors, so no array is sized by a label alone.
PartitionQuality partition_quality(CsrView graph, std::span<const double> weights, int d,
                                   std::span<const std::int32_t> labels, std::int32_t k = -1);

}  // namespace gridgov::balance
