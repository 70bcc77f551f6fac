// The MCLP's LP relaxation by a bounded dual simplex over a kernel-factorised basis.
#include "mclp_relaxation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gridgov::coverage::detail {

namespace {
constexpr double kPrimalTol = 1e-9;
constexpr double kDualTol = 1e-9;
constexpr double kPivotTol = 1e-7;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kMaxKernel = 1500;  // beyond it the dense kernel costs more than it saves
constexpr std::size_t kRefactorEvery = 64;
}  // namespace

MclpRelaxation::MclpRelaxation(std::span<const double> w, const CsrGraph& cols, node_id p)
    : R_(static_cast<int>(w.size())), C_(cols.num_nodes()), N_(C_ + 2 * R_ + 1), m_(R_ + 1),
      p_(static_cast<double>(p)), w_(w.begin(), w.end()), cols_(cols) {
  const auto n = static_cast<std::size_t>(N_);
  lo_.assign(n, 0.0), hi_.assign(n, 1.0), cost_.assign(n, 0.0), x_.assign(n, 0.0), d_.assign(n, 0.0);
  // Costs perturbed by tiny deterministic amounts: the slack basis has every site's and slack's
  // reduced cost at zero, and without perturbation the dual simplex pivots in place forever
  // (every step of length zero). The multipliers then are those of a problem a few 1e-7 away,
  // which the search evaluates in the exact Lagrangian function anyway.
  double wmax = 1.0;
  for (double v : w_) wmax = std::max(wmax, v);
  const auto eps = [&](int v) {
    const std::uint32_t h = static_cast<std::uint32_t>(v) * 2654435761u;
    return 1e-7 * wmax * (1.0 + static_cast<double>(h % 1024u) / 1024.0);
  };
  for (int j = 0; j < C_; ++j) cost_[static_cast<std::size_t>(j)] = eps(j);
  for (int i = 0; i < R_; ++i) {
    cost_[static_cast<std::size_t>(C_ + i)] = -w_[static_cast<std::size_t>(i)] - eps(C_ + i);
    cost_[static_cast<std::size_t>(C_ + R_ + i)] = eps(C_ + R_ + i);
    hi_[static_cast<std::size_t>(C_ + R_ + i)] = kInf;
  }
  cost_[static_cast<std::size_t>(N_ - 1)] = eps(N_ - 1);
  hi_[static_cast<std::size_t>(N_ - 1)] = kInf;
  lambda_.assign(static_cast<std::size_t>(R_), 0.0);
  reset_slack_basis();
}

int MclpRelaxation::unit_row(int v) const noexcept {
  if (v < C_) return -1;
  if (v < C_ + R_) return v - C_;
  if (v < C_ + 2 * R_) return v - C_ - R_;
  return R_;
}

double MclpRelaxation::dot_column(int v, const std::vector<double>& rho) const {
  if (v >= C_) return rho[static_cast<std::size_t>(unit_row(v))];
  double s = rho[static_cast<std::size_t>(R_)];
  for (node_id i : cols_.view().neighbours(v)) s -= rho[static_cast<std::size_t>(i)];
  return s;
}

void MclpRelaxation::add_column(int v, double scale, std::vector<double>& rows) const {
  if (v >= C_) {
    rows[static_cast<std::size_t>(unit_row(v))] += scale;
    return;
  }
  rows[static_cast<std::size_t>(R_)] += scale;
  for (node_id i : cols_.view().neighbours(v)) rows[static_cast<std::size_t>(i)] -= scale;
}

void MclpRelaxation::reset_slack_basis() {
  basis_.assign(static_cast<std::size_t>(m_), 0);
  pos_.assign(static_cast<std::size_t>(N_), -1);
  for (int i = 0; i < R_; ++i) basis_[static_cast<std::size_t>(i)] = C_ + R_ + i;
  basis_[static_cast<std::size_t>(R_)] = N_ - 1;
  for (int k = 0; k < m_; ++k) pos_[static_cast<std::size_t>(basis_[static_cast<std::size_t>(k)])] = k;
  // Sites at 0, z at 1: with every price zero this basis is dual feasible (z's cost -w_i <= 0).
  for (int j = 0; j < C_; ++j) x_[static_cast<std::size_t>(j)] = lo_[static_cast<std::size_t>(j)];
  for (int i = 0; i < R_; ++i) x_[static_cast<std::size_t>(C_ + i)] = 1.0;
  edge_.assign(static_cast<std::size_t>(m_), 1.0);  // exact for B = I
  factorise();
}

bool MclpRelaxation::factorise() {
  etas_.clear();
  eta_entries_ = 0;
  unit_pos_of_row_.assign(static_cast<std::size_t>(m_), -1);
  kernel_pos_.clear();
  for (int k = 0; k < m_; ++k) {
    const int r = unit_row(basis_[static_cast<std::size_t>(k)]);
    if (r < 0) { kernel_pos_.push_back(k); continue; }
    if (unit_pos_of_row_[static_cast<std::size_t>(r)] >= 0) return false;  // z_i and s_i both basic: singular
    unit_pos_of_row_[static_cast<std::size_t>(r)] = k;
  }
  kernel_rows_.clear();
  for (int r = 0; r < m_; ++r)
    if (unit_pos_of_row_[static_cast<std::size_t>(r)] < 0) kernel_rows_.push_back(r);
  const std::size_t k = kernel_rows_.size();
  if (k != kernel_pos_.size() || k > kMaxKernel) return false;
  std::vector<int> row_at(static_cast<std::size_t>(m_), -1);
  for (std::size_t a = 0; a < k; ++a) row_at[static_cast<std::size_t>(kernel_rows_[a])] = static_cast<int>(a);
  // Sparser columns first: with the row choice below, the factors keep little fill.
  std::vector<std::pair<int, int>> by_degree;  // (entries in kernel rows, position)
  for (int q : kernel_pos_) {
    const int j = basis_[static_cast<std::size_t>(q)];
    int deg = row_at[static_cast<std::size_t>(R_)] >= 0 ? 1 : 0;
    for (node_id i : cols_.view().neighbours(j)) deg += row_at[static_cast<std::size_t>(i)] >= 0;
    by_degree.emplace_back(deg, q);
  }
  std::sort(by_degree.begin(), by_degree.end());
  for (std::size_t b = 0; b < k; ++b) kernel_pos_[b] = by_degree[b].second;
  lu_.assign(k * k, 0.0);
  kernel_var_.resize(k);
  for (std::size_t b = 0; b < k; ++b) {
    const int j = basis_[static_cast<std::size_t>(kernel_pos_[b])];
    kernel_var_[b] = j;
    for (node_id i : cols_.view().neighbours(j))
      if (row_at[static_cast<std::size_t>(i)] >= 0) lu_[static_cast<std::size_t>(row_at[static_cast<std::size_t>(i)]) * k + b] = -1.0;
    if (row_at[static_cast<std::size_t>(R_)] >= 0) lu_[static_cast<std::size_t>(row_at[static_cast<std::size_t>(R_)]) * k + b] = 1.0;
  }
  // Dense LU with partial pivoting: P K = L U, row a of P K is row perm_[a] of K.
  perm_.resize(k);
  for (std::size_t a = 0; a < k; ++a) perm_[a] = static_cast<int>(a);
  for (std::size_t c = 0; c < k; ++c) {
    // Threshold pivoting: among rows within a factor 10 of the largest entry, the sparsest.
    double big = 0.0;
    for (std::size_t a = c; a < k; ++a) big = std::max(big, std::abs(lu_[a * k + c]));
    std::size_t best = c;
    std::size_t best_nz = k + 1;
    for (std::size_t a = c; a < k && big > 0.0; ++a) {
      if (std::abs(lu_[a * k + c]) < 0.1 * big) continue;
      std::size_t nz = 0;
      for (std::size_t b = c; b < k; ++b) nz += lu_[a * k + b] != 0.0;
      if (nz < best_nz) best_nz = nz, best = a;
    }
    if (std::abs(lu_[best * k + c]) < 1e-9) return false;
    if (best != c) {
      std::swap_ranges(lu_.begin() + static_cast<std::ptrdiff_t>(c * k), lu_.begin() + static_cast<std::ptrdiff_t>((c + 1) * k),
                       lu_.begin() + static_cast<std::ptrdiff_t>(best * k));
      std::swap(perm_[c], perm_[best]);
    }
    const double piv = lu_[c * k + c];
    for (std::size_t a = c + 1; a < k; ++a) {
      double& f = lu_[a * k + c];
      if (f == 0.0) continue;
      f /= piv;
      const double* src = &lu_[c * k];
      double* dst = &lu_[a * k];
      for (std::size_t b = c + 1; b < k; ++b) dst[b] -= f * src[b];
    }
  }
  // The factors as sparse lists, by column (FTRAN) and by row (BTRAN).
  const auto build = [&](Sparse& out, bool by_column, bool lower) {
    out.start.assign(k + 1, 0);
    out.index.clear(), out.value.clear();
    for (std::size_t t = 0; t < k; ++t) {
      for (std::size_t o = 0; o < k; ++o) {
        const std::size_t a = by_column ? o : t, b = by_column ? t : o;  // entry (a, b)
        if (lower ? a <= b : a >= b) continue;
        const double v = lu_[a * k + b];
        if (v != 0.0) out.index.push_back(static_cast<int>(o)), out.value.push_back(v);
      }
      out.start[t + 1] = out.index.size();
    }
  };
  build(l_by_col_, true, true), build(u_by_col_, true, false);
  build(l_by_row_, false, true), build(u_by_row_, false, false);
  diag_.resize(k);
  for (std::size_t t = 0; t < k; ++t) diag_[t] = lu_[t * k + t];
  return true;
}

void MclpRelaxation::ftran(std::vector<double>& a) const {
  const std::size_t k = kernel_rows_.size();
  std::vector<double> u(k);
  for (std::size_t t = 0; t < k; ++t) u[t] = a[static_cast<std::size_t>(kernel_rows_[static_cast<std::size_t>(perm_[t])])];
  for (std::size_t t = 0; t < k; ++t) {
    const double v = u[t];
    if (v == 0.0) continue;
    for (std::size_t e = l_by_col_.start[t]; e < l_by_col_.start[t + 1]; ++e) u[static_cast<std::size_t>(l_by_col_.index[e])] -= l_by_col_.value[e] * v;
  }
  for (std::size_t t = k; t-- > 0;) {
    if (u[t] == 0.0) continue;
    const double v = u[t] / diag_[t];
    u[t] = v;
    for (std::size_t e = u_by_col_.start[t]; e < u_by_col_.start[t + 1]; ++e) u[static_cast<std::size_t>(u_by_col_.index[e])] -= u_by_col_.value[e] * v;
  }
  std::vector<double> out(static_cast<std::size_t>(m_), 0.0);
  for (std::size_t b = 0; b < k; ++b) {
    out[static_cast<std::size_t>(kernel_pos_[b])] = u[b];
    if (u[b] != 0.0) add_column(kernel_var_[b], -u[b], a);
  }
  for (int r = 0; r < m_; ++r) {
    const int q = unit_pos_of_row_[static_cast<std::size_t>(r)];
    if (q >= 0) out[static_cast<std::size_t>(q)] = a[static_cast<std::size_t>(r)];
  }
  for (const Eta& e : etas_) {
    const double xr = out[static_cast<std::size_t>(e.r)] / e.pivot;
    out[static_cast<std::size_t>(e.r)] = xr;
    if (xr != 0.0)
      for (auto [i, alpha] : e.entries) out[static_cast<std::size_t>(i)] -= alpha * xr;
  }
  a.swap(out);
}

void MclpRelaxation::btran(std::vector<double>& e) const {
  for (auto it = etas_.rbegin(); it != etas_.rend(); ++it) {
    double s = e[static_cast<std::size_t>(it->r)];
    for (auto [i, alpha] : it->entries) s -= alpha * e[static_cast<std::size_t>(i)];
    e[static_cast<std::size_t>(it->r)] = s / it->pivot;
  }
  std::vector<double> rho(static_cast<std::size_t>(m_), 0.0);
  for (int r = 0; r < m_; ++r) {
    const int q = unit_pos_of_row_[static_cast<std::size_t>(r)];
    if (q >= 0) rho[static_cast<std::size_t>(r)] = e[static_cast<std::size_t>(q)];
  }
  const std::size_t k = kernel_rows_.size();
  std::vector<double> g(k);
  for (std::size_t b = 0; b < k; ++b) {
    const int q = kernel_pos_[b];
    g[b] = e[static_cast<std::size_t>(q)] - dot_column(kernel_var_[b], rho);
  }
  // K^T v = g with P K = L U:  U^T h = g, L^T q = h, v = P^T q (zeros skipped).
  for (std::size_t t = 0; t < k; ++t) {
    if (g[t] == 0.0) continue;
    const double v = g[t] / diag_[t];
    g[t] = v;
    for (std::size_t e = u_by_row_.start[t]; e < u_by_row_.start[t + 1]; ++e) g[static_cast<std::size_t>(u_by_row_.index[e])] -= u_by_row_.value[e] * v;
  }
  for (std::size_t t = k; t-- > 0;) {
    const double v = g[t];
    if (v == 0.0) continue;
    for (std::size_t e = l_by_row_.start[t]; e < l_by_row_.start[t + 1]; ++e) g[static_cast<std::size_t>(l_by_row_.index[e])] -= l_by_row_.value[e] * v;
  }
  for (std::size_t t = 0; t < k; ++t) rho[static_cast<std::size_t>(kernel_rows_[static_cast<std::size_t>(perm_[t])])] = g[t];
  e.swap(rho);
}

void MclpRelaxation::refresh() {
  std::vector<double> rhs(static_cast<std::size_t>(m_), 0.0);
  rhs[static_cast<std::size_t>(R_)] = p_;
  for (int v = 0; v < N_; ++v)
    if (pos_[static_cast<std::size_t>(v)] < 0 && x_[static_cast<std::size_t>(v)] != 0.0) add_column(v, -x_[static_cast<std::size_t>(v)], rhs);
  ftran(rhs);
  for (int q = 0; q < m_; ++q) x_[static_cast<std::size_t>(basis_[static_cast<std::size_t>(q)])] = rhs[static_cast<std::size_t>(q)];
  std::vector<double> pi(static_cast<std::size_t>(m_));
  for (int q = 0; q < m_; ++q) pi[static_cast<std::size_t>(q)] = cost_[static_cast<std::size_t>(basis_[static_cast<std::size_t>(q)])];
  btran(pi);
  for (int v = 0; v < N_; ++v)
    d_[static_cast<std::size_t>(v)] = pos_[static_cast<std::size_t>(v)] >= 0 ? 0.0 : cost_[static_cast<std::size_t>(v)] - dot_column(v, pi);
  for (int i = 0; i < R_; ++i) lambda_[static_cast<std::size_t>(i)] = std::clamp(-pi[static_cast<std::size_t>(i)], 0.0, w_[static_cast<std::size_t>(i)]);
}

bool MclpRelaxation::solve(std::span<const std::uint8_t> state, int max_pivots, double stop_at) {
  for (int j = 0; j < C_; ++j) {
    const std::uint8_t s = state[static_cast<std::size_t>(j)];
    lo_[static_cast<std::size_t>(j)] = s == 1 ? 1.0 : 0.0;
    hi_[static_cast<std::size_t>(j)] = s == 2 ? 0.0 : 1.0;
  }
  // Nonbasic variables go to the bound their reduced cost asks for (so the basis stays dual
  // feasible whatever bounds changed); basic ones may now be infeasible, which the dual simplex fixes.
  for (int v = 0; v < N_; ++v) {
    if (pos_[static_cast<std::size_t>(v)] >= 0) continue;
    const auto sv = static_cast<std::size_t>(v);
    if (lo_[sv] == hi_[sv] || std::isinf(hi_[sv])) x_[sv] = lo_[sv];
    else if (d_[sv] > kDualTol) x_[sv] = lo_[sv];
    else if (d_[sv] < -kDualTol) x_[sv] = hi_[sv];
    else if (x_[sv] != lo_[sv] && x_[sv] != hi_[sv]) x_[sv] = lo_[sv];
  }
  stopped_ = false;
  if (!factorise()) reset_slack_basis();
  refresh();
  std::vector<double> rho, col, tau, alpha(static_cast<std::size_t>(N_));
  for (int it = 0; it < max_pivots; ++it) {
    // Leaving: the basic variable farthest outside its bounds.
    int r = -1;
    // Dual steepest edge: infeasibility squared over the squared norm of B^-1's row.
    double worst = 0.0;
    for (int q = 0; q < m_; ++q) {
      const auto v = static_cast<std::size_t>(basis_[static_cast<std::size_t>(q)]);
      const double viol = std::max(lo_[v] - x_[v], x_[v] - hi_[v]);
      if (viol <= kPrimalTol) continue;
      const double score = viol * viol / edge_[static_cast<std::size_t>(q)];
      if (score > worst) worst = score, r = q;
    }
    if (r < 0) {
      refresh();
      return true;
    }
    // The basis stays dual feasible, so its objective bounds the LP from above all along and
    // only falls: once it is at `stop_at`, the caller prunes with these prices.
    if (it % 8 == 0) {
      double obj = 0.0;
      for (int v = 0; v < N_; ++v) obj -= cost_[static_cast<std::size_t>(v)] * x_[static_cast<std::size_t>(v)];
      if (obj <= stop_at) {
        refresh();
        stopped_ = true;
        return true;
      }
    }
    const int leaving = basis_[static_cast<std::size_t>(r)];
    const auto lv = static_cast<std::size_t>(leaving);
    const double sign = x_[lv] < lo_[lv] ? 1.0 : -1.0;
    rho.assign(static_cast<std::size_t>(m_), 0.0);
    rho[static_cast<std::size_t>(r)] = 1.0;
    btran(rho);
    double rho_norm = 0.0;
    for (double v : rho) rho_norm += v * v;
    edge_[static_cast<std::size_t>(r)] = rho_norm;
    // Harris ratio test: the largest |alpha| among the entering candidates whose ratio lies
    // within the tolerance-relaxed minimum.
    double tmax = kInf;
    for (int v = 0; v < N_; ++v) {
      const auto sv = static_cast<std::size_t>(v);
      if (pos_[sv] >= 0 || lo_[sv] == hi_[sv]) { alpha[sv] = 0.0; continue; }
      const double a = dot_column(v, rho);
      alpha[sv] = a;
      const double as = sign * a;
      const bool at_lower = x_[sv] == lo_[sv];
      if ((at_lower && as < -kPivotTol) || (!at_lower && as > kPivotTol))
        tmax = std::min(tmax, (std::abs(d_[sv]) + kDualTol) / std::abs(a));
    }
    int q = -1;
    double best_a = 0.0;
    for (int v = 0; v < N_; ++v) {
      const auto sv = static_cast<std::size_t>(v);
      const double a = alpha[sv];
      if (a == 0.0) continue;
      const double as = sign * a;
      const bool at_lower = x_[sv] == lo_[sv];
      if (!((at_lower && as < -kPivotTol) || (!at_lower && as > kPivotTol))) continue;
      if (std::abs(d_[sv]) / std::abs(a) <= tmax && std::abs(a) > best_a) best_a = std::abs(a), q = v;
    }
    if (q < 0) return false;  // primal infeasible (cannot happen with sum y <= p) or numerics
    const auto sq = static_cast<std::size_t>(q);
    const double t = std::max(0.0, -d_[sq] / (sign * alpha[sq]));
    for (int v = 0; v < N_; ++v)
      if (pos_[static_cast<std::size_t>(v)] < 0) d_[static_cast<std::size_t>(v)] += sign * t * alpha[static_cast<std::size_t>(v)];
    d_[sq] = 0.0;
    d_[lv] = sign * t;
    col.assign(static_cast<std::size_t>(m_), 0.0);
    add_column(q, 1.0, col);
    ftran(col);
    const double piv = col[static_cast<std::size_t>(r)];
    if (std::abs(piv) < kPivotTol || std::abs(piv - alpha[sq]) > 1e-6 * (1.0 + std::abs(piv))) {
      // The row and the column disagree: rebuild the factorisation and start over from it.
      if (!factorise()) reset_slack_basis();
      refresh();
      continue;
    }
    tau = rho;
    ftran(tau);
    for (int k = 0; k < m_; ++k) {
      if (k == r) continue;
      const double ratio = col[static_cast<std::size_t>(k)] / piv;
      if (ratio == 0.0) continue;
      double& e = edge_[static_cast<std::size_t>(k)];
      e = std::max(e - 2.0 * ratio * tau[static_cast<std::size_t>(k)] + ratio * ratio * rho_norm, 1e-4);
    }
    edge_[static_cast<std::size_t>(r)] = std::max(rho_norm / (piv * piv), 1e-4);
    const double target = sign > 0 ? lo_[lv] : hi_[lv];
    const double step = (x_[lv] - target) / piv;
    for (int k = 0; k < m_; ++k) x_[static_cast<std::size_t>(basis_[static_cast<std::size_t>(k)])] -= step * col[static_cast<std::size_t>(k)];
    x_[sq] += step;
    x_[lv] = target;
    basis_[static_cast<std::size_t>(r)] = q;
    pos_[sq] = r;
    pos_[lv] = -1;
    Eta e{r, {}, piv};
    for (int k = 0; k < m_; ++k)
      if (k != r && col[static_cast<std::size_t>(k)] != 0.0) e.entries.emplace_back(k, col[static_cast<std::size_t>(k)]);
    eta_entries_ += e.entries.size();
    etas_.push_back(std::move(e));
    ++pivots_;
    // Refactorise when the etas cost about as much to apply as the kernel's LU to rebuild.
    const std::size_t kk = kernel_rows_.size();
    if (etas_.size() >= kRefactorEvery || eta_entries_ > kk * kk / 2 + 4 * static_cast<std::size_t>(m_)) {
      if (!factorise()) reset_slack_basis();
      refresh();
    }
  }
  refresh();
  return false;
}

}  // namespace gridgov::coverage::detail
