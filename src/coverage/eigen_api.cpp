// The location models and the Euclidean radius matrix on Eigen inputs (gridgov::DenseRef,
// gridgov::SparseRows): each builds the span view the algorithms read, without a copy where
// the input is contiguous row-major (a numpy C array, a compressed CSR matrix). The only file of
// the area that includes Eigen, so that the algorithms' files compile without it.
#include <Eigen/Core>
#include <Eigen/SparseCore>

#include <cstdint>
#include <string>
#include <vector>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/coverage/coverage_matrix.hpp"
#include "gridgov/coverage/lscp.hpp"
#include "gridgov/coverage/mclp.hpp"
#include "gridgov/coverage/p_center.hpp"
#include "gridgov/coverage/p_median.hpp"

namespace gridgov::coverage {

namespace {

/// A CostView over an Eigen input, with whatever had to be copied kept alive beside it.
class EigenCosts {
 public:
  explicit EigenCosts(const DenseRef& m) {
    view_.rows = static_cast<node_id>(m.rows());
    view_.cols = static_cast<node_id>(m.cols());
    view_.dense = contiguous(m, copy_);
  }

  explicit EigenCosts(const SparseRows& m) {
    const SparseRows* csr = &m;
    if (!m.isCompressed()) compressed_ = m, compressed_.makeCompressed(), csr = &compressed_;
    view_.rows = static_cast<node_id>(csr->rows());
    view_.cols = static_cast<node_id>(csr->cols());
    // Eigen's outer index is int; CostView's is int64 (rows + 1 entries: the only copy).
    indptr_.assign(csr->outerIndexPtr(), csr->outerIndexPtr() + csr->rows() + 1);
    const auto nnz = static_cast<std::size_t>(csr->nonZeros());
    view_.indptr = indptr_;
    view_.indices = {csr->innerIndexPtr(), nnz};
    view_.values = {csr->valuePtr(), nnz};
  }

  [[nodiscard]] const CostView& view() const noexcept { return view_; }

  /// The matrix's values row by row: its own memory when rows are contiguous, else `copy`.
  static std::span<const double> contiguous(const DenseRef& m, std::vector<double>& copy) {
    const auto cells = static_cast<std::size_t>(m.rows()) * static_cast<std::size_t>(m.cols());
    if (m.rows() <= 1 || m.outerStride() == m.cols()) return {m.data(), cells};
    copy.resize(cells);
    Eigen::Map<DenseMatrix>(copy.data(), m.rows(), m.cols()) = m;
    return copy;
  }

 private:
  CostView view_;
  std::vector<double> copy_;
  std::vector<std::int64_t> indptr_;
  SparseRows compressed_;
};

std::span<const double> points(const DenseRef& xy, const char* what, std::vector<double>& copy) {
  if (xy.cols() != 2 && xy.rows() > 0)
    throw InputError(messages::format("coverage.points_matrix",
                                      {{"what", std::string(what)}, {"cols", std::to_string(xy.cols())}}));
  return EigenCosts::contiguous(xy, copy);
}

}  // namespace

LocationResult p_median(const DenseRef& costs, node_id p, std::span<const double> weights,
                        std::span<const node_id> fixed, const PMedianOptions& opt) {
  return p_median(EigenCosts(costs).view(), p, weights, fixed, opt);
}
LocationResult p_median(const SparseRows& costs, node_id p, std::span<const double> weights,
                        std::span<const node_id> fixed, const PMedianOptions& opt) {
  return p_median(EigenCosts(costs).view(), p, weights, fixed, opt);
}

LocationResult p_center(const DenseRef& costs, node_id p, std::span<const node_id> fixed, std::int64_t max_nodes) {
  return p_center(EigenCosts(costs).view(), p, fixed, max_nodes);
}
LocationResult p_center(const SparseRows& costs, node_id p, std::span<const node_id> fixed, std::int64_t max_nodes) {
  return p_center(EigenCosts(costs).view(), p, fixed, max_nodes);
}

LocationResult lscp(const DenseRef& costs, double radius, std::span<const node_id> fixed, const SetCoverOptions& opt) {
  return lscp(EigenCosts(costs).view(), radius, fixed, opt);
}
LocationResult lscp(const SparseRows& costs, double radius, std::span<const node_id> fixed, const SetCoverOptions& opt) {
  return lscp(EigenCosts(costs).view(), radius, fixed, opt);
}

LocationResult mclp(const DenseRef& costs, double radius, node_id p, std::span<const double> weights,
                    std::span<const node_id> fixed, const MclpOptions& opt) {
  return mclp(EigenCosts(costs).view(), radius, p, weights, fixed, opt);
}
LocationResult mclp(const SparseRows& costs, double radius, node_id p, std::span<const double> weights,
                    std::span<const node_id> fixed, const MclpOptions& opt) {
  return mclp(EigenCosts(costs).view(), radius, p, weights, fixed, opt);
}

SparseDistances euclidean_coverage(const DenseRef& demand_xy, const DenseRef& site_xy, double radius) {
  std::vector<double> demand_copy, site_copy;
  return euclidean_coverage(points(demand_xy, "demand_xy", demand_copy), points(site_xy, "site_xy", site_copy), radius);
}

}  // namespace gridgov::coverage
