// A sparse demand x site distance matrix in CSR form (rows = demands), as scipy.sparse holds it.
//
// An absent entry means "unreachable within the radius"; a zero distance is stored explicitly.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
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

/// Builds CSR rows from unordered (row, col, value) triples by a counting sort on the row and a
/// sort by column inside each row.
inline SparseDistances csr_from_triples(node_id rows, node_id cols, const std::vector<node_id>& r,
                                        const std::vector<node_id>& c, const std::vector<double>& v) {
  SparseDistances out;
  out.rows = rows;
  out.cols = cols;
  out.indptr.assign(static_cast<std::size_t>(rows) + 1, 0);
  for (node_id i : r) ++out.indptr[static_cast<std::size_t>(i) + 1];
  for (std::size_t i = 1; i < out.indptr.size(); ++i) out.indptr[i] += out.indptr[i - 1];
  out.indices.resize(r.size());
  out.distances.resize(r.size());
  std::vector<std::int64_t> fill(out.indptr.begin(), out.indptr.end() - 1);
  // Triples are visited in column order when the caller emits them site by site, so rows come
  // out sorted without a further sort; sort anyway when they do not.
  bool sorted = true;
  for (std::size_t k = 0; k < r.size(); ++k) {
    const auto pos = static_cast<std::size_t>(fill[static_cast<std::size_t>(r[k])]++);
    if (pos > static_cast<std::size_t>(out.indptr[static_cast<std::size_t>(r[k])]) &&
        out.indices[pos - 1] > c[k])
      sorted = false;
    out.indices[pos] = c[k];
    out.distances[pos] = v[k];
  }
  if (!sorted) {
    std::vector<std::pair<node_id, double>> row;
    for (node_id i = 0; i < rows; ++i) {
      const auto b = static_cast<std::size_t>(out.indptr[static_cast<std::size_t>(i)]);
      const auto e = static_cast<std::size_t>(out.indptr[static_cast<std::size_t>(i) + 1]);
      row.clear();
      for (std::size_t k = b; k < e; ++k) row.emplace_back(out.indices[k], out.distances[k]);
      std::sort(row.begin(), row.end());
      for (std::size_t k = b; k < e; ++k) {
        out.indices[k] = row[k - b].first;
        out.distances[k] = row[k - b].second;
      }
    }
  }
  return out;
}

}  // namespace gridgov::coverage
