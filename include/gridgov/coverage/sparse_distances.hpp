// A sparse demand x site distance matrix in CSR form (rows = demands), as scipy.sparse holds it.
//
// An absent entry means "unreachable within the radius"; a zero distance is stored explicitly.
#pragma once
#include <cstdint>
#include <vector>

#include "gridgov/core/ids.hpp"

namespace gridgov::coverage {

struct SparseDistances {
  node_id rows = 0;                   ///< demands
  node_id cols = 0;                   ///< sites
  std::vector<std::int64_t> indptr;   ///< rows + 1 entries
  std::vector<node_id> indices;       ///< site of each entry, ascending within a row
  std::vector<double> distances;      ///< distance of each entry

  [[nodiscard]] std::int64_t nnz() const noexcept { return indptr.empty() ? 0 : indptr.back(); }
};

}  // namespace gridgov::coverage
