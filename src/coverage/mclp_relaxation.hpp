// The LP relaxation of the MCLP, solved by a bounded dual simplex that is warm-started from one
// branch-and-bound node to the next (private: not installed).
//
//   max sum_i w_i z_i   s.t.  z_i <= sum_{j covers i} y_j,  sum_j y_j <= p,  0 <= y, z <= 1
//
// with each site's bounds set by the node (free, open, closed). Why it exists: the MCLP search
// bounds a node by the Lagrangian relaxation of the coverage rows, whose best value is this LP's
// value; subgradient steps stall 0.05-0.1 % above it on the hard SJC rows (24,188 against the LP's
// 24,171 on SJC708 at 500 m with p = 20, after 10,000 steps), and with the exact LP value the
// search proves those rows in 20-270 nodes instead of 7,000-80,000.
//
// The search never takes this LP's value as a bound: it takes its row duals as Lagrangian
// multipliers and evaluates the Lagrangian function itself, which bounds the node for any
// multipliers >= 0. A solve that stops early or goes wrong numerically can only weaken a bound.
//
// The basis is factorised through its kernel: rows whose z_i or slack is basic are solved by
// substitution, and only the square block of the remaining rows by the basic sites' columns is
// LU-factorised (dense; about the number of fractional sites, 100-200 on the SJC rows). Pivots
// between refactorisations are kept as eta columns.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "gridgov/core/csr.hpp"

namespace gridgov::coverage::detail {

class MclpRelaxation {
 public:
  /// rows: demand weights w (R rows); cols: site -> rows it covers (C sites); p: sites at most.
  MclpRelaxation(std::span<const double> w, const CsrGraph& cols, node_id p);

  /// Solves with site j free (state 0), open (1) or closed (2), from the previous basis.
  /// Stops early, returning true, once the objective of its (dual feasible) basis is at most
  /// `stop_at`: the node is then pruned, and the optimum is not needed. Returns false when it
  /// stopped otherwise before the optimum (pivot limit, numerical trouble); the duals and site
  /// values are then those of the last basis.
  bool solve(std::span<const std::uint8_t> state, int max_pivots,
             double stop_at = -std::numeric_limits<double>::infinity());

  /// Row duals as multipliers: lambda_i in [0, w_i] (the relaxed coverage rows' prices).
  [[nodiscard]] const std::vector<double>& multipliers() const noexcept { return lambda_; }
  /// The sites' values y_j in the last basis.
  [[nodiscard]] double site_value(node_id j) const noexcept { return x_[static_cast<std::size_t>(j)]; }
  [[nodiscard]] std::int64_t pivots() const noexcept { return pivots_; }
  /// The last solve stopped at `stop_at`, before the optimum (its site values mean little).
  [[nodiscard]] bool stopped() const noexcept { return stopped_; }

 private:
  // Variables: y_j (0..C-1), z_i (C..C+R-1), slack s_i (C+R..C+2R-1), slack t of the p row (C+2R).
  // Rows: i: z_i + s_i - sum_{j covers i} y_j = 0;  R: sum_j y_j + t = p.
  [[nodiscard]] int unit_row(int v) const noexcept;  // row of a z, s or t column; -1 for a site
  [[nodiscard]] double dot_column(int v, const std::vector<double>& rho) const;
  void add_column(int v, double scale, std::vector<double>& rows) const;
  bool factorise();
  void ftran(std::vector<double>& a) const;   // rows in, basis positions out (in place)
  void btran(std::vector<double>& e) const;   // positions in, rows out (in place)
  void reset_slack_basis();
  void refresh();  // x of the basics and every reduced cost, from scratch

  int R_, C_, N_, m_;
  double p_;
  std::vector<double> w_;
  CsrGraph cols_;
  std::vector<double> lo_, hi_, cost_, x_, d_;
  std::vector<int> basis_, pos_;  // basis_[position] = variable; pos_[variable] = position or -1
  // Kernel factorisation.
  // At the last factorisation: rows left to the kernel, the positions and variables of its
  // columns (the basic sites then), and the position of each other row's basic z_i, s_i or t.
  std::vector<int> kernel_rows_, kernel_pos_, kernel_var_, unit_pos_of_row_;
  std::vector<double> lu_;  // dense L and U in one array while factorising (unit diagonal of L implied)
  struct Sparse {
    std::vector<std::size_t> start;
    std::vector<int> index;
    std::vector<double> value;
  };
  Sparse l_by_col_, u_by_col_, l_by_row_, u_by_row_;  // off-diagonal entries of the factors
  std::vector<double> diag_;                          // U's diagonal
  std::vector<int> perm_;
  struct Eta {
    int r;
    std::vector<std::pair<int, double>> entries;  // (position, alpha) without r
    double pivot;
  };
  std::vector<Eta> etas_;
  std::size_t eta_entries_ = 0;
  std::vector<double> edge_;  // dual steepest-edge weights, one per basis position
  std::vector<double> lambda_;
  std::int64_t pivots_ = 0;
  bool stopped_ = false;
};

}  // namespace gridgov::coverage::detail
