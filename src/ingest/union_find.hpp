// A disjoint-set forest for the ingest area's joins (private). To be replaced by the shared
// union-find of include/gridgov/core/traversal.hpp once that lands.
#pragma once

#include <numeric>
#include <utility>
#include <vector>

#include "gridgov/core/ids.hpp"

namespace gridgov::ingest::detail {

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n), size_(n, 1) { std::iota(parent_.begin(), parent_.end(), node_id{0}); }

  [[nodiscard]] node_id find(node_id v) noexcept {
    while (parent_[v] != v) {
      parent_[v] = parent_[parent_[v]];  // path halving
      v = parent_[v];
    }
    return v;
  }

  /// Joins the sets of a and b; false when they were one set already.
  bool unite(node_id a, node_id b) noexcept {
    a = find(a);
    b = find(b);
    if (a == b) return false;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
    return true;
  }

 private:
  std::vector<node_id> parent_;
  std::vector<node_id> size_;
};

}  // namespace gridgov::ingest::detail
