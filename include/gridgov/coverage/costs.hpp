// The demand x site cost input of the location models: a dense row-major array or a sparse CSR
// matrix (absent = unreachable). The models check it and turn it into the forms they use.
#pragma once

#include <cstdint>
#include <limits>
#include <span>

#include "gridgov/core/ids.hpp"

namespace gridgov::coverage {

inline constexpr double unreachable = std::numeric_limits<double>::infinity();

/// The span form of the cost input (the models also take gridgov::DenseRef and SparseRows).
/// Either dense (`dense` holds rows x cols values, row-major; +inf = unreachable) or sparse CSR
/// (`indptr`, `indices`, `values`; an absent entry = unreachable, zero stored explicitly).
struct CostView {
  node_id rows = 0;
  node_id cols = 0;
  std::span<const double> dense;
  std::span<const std::int64_t> indptr;
  std::span<const node_id> indices;
  std::span<const double> values;

  [[nodiscard]] bool is_dense() const noexcept { return indptr.empty(); }
};

}  // namespace gridgov::coverage
