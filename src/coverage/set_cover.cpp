// Exact unit-cost set covering: reductions, then Lagrangian branch and bound.
#include "set_cover.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace gridgov::coverage::detail {

namespace {

class SetCoverSearch {
 public:
  // rows: demands to cover (core indices); cols: candidate sites; col_rows: CSR col -> rows.
  SetCoverSearch(node_id rows, CsrGraph col_rows, SetCoverOptions opt)
      : R_(rows), C_(col_rows.num_nodes()), cols_(std::move(col_rows)), opt_(opt) {
    std::vector<std::pair<node_id, node_id>> pairs;
    row_cols_.offsets.assign(static_cast<std::size_t>(R_) + 1, 0);
    for (node_id j = 0; j < C_; ++j)
      for (node_id i : cols_.view().neighbours(j)) ++row_cols_.offsets[static_cast<std::size_t>(i) + 1];
    for (std::size_t k = 1; k < row_cols_.offsets.size(); ++k) row_cols_.offsets[k] += row_cols_.offsets[k - 1];
    row_cols_.targets.resize(static_cast<std::size_t>(row_cols_.offsets.back()));
    std::vector<edge_id> fill(row_cols_.offsets.begin(), row_cols_.offsets.end() - 1);
    for (node_id j = 0; j < C_; ++j)
      for (node_id i : cols_.view().neighbours(j)) row_cols_.targets[static_cast<std::size_t>(fill[static_cast<std::size_t>(i)]++)] = j;
    state_.assign(static_cast<std::size_t>(C_), 0);
    count_.assign(static_cast<std::size_t>(R_), 0);
    rc_.assign(static_cast<std::size_t>(C_), 0);
    best_size_ = opt.cutoff;
  }

  /// Runs the search; returns the best cover found (core column indices) and the root bound.
  void run() {
    std::vector<double> u(static_cast<std::size_t>(R_));
    for (node_id i = 0; i < R_; ++i) {
      double v = 0;
      for (node_id j : row_cols_.view().neighbours(i)) v = std::max(v, 1.0 / cols_.view().degree(j));
      u[static_cast<std::size_t>(i)] = v;
    }
    greedy(u);
    root_bound_ = 0;
    complete_ = true;
    search(u, 0, true);
  }

  [[nodiscard]] const std::vector<node_id>& best() const noexcept { return best_; }
  [[nodiscard]] node_id best_size() const noexcept { return best_size_; }
  [[nodiscard]] double root_bound() const noexcept { return root_bound_; }
  [[nodiscard]] bool complete() const noexcept { return complete_; }
  [[nodiscard]] std::int64_t nodes() const noexcept { return nodes_; }

 private:
  bool done() const { return opt_.good_enough >= 0 && best_size_ <= opt_.good_enough; }

  void choose(node_id j, int delta) {
    for (node_id i : cols_.view().neighbours(j)) count_[static_cast<std::size_t>(i)] += delta;
  }

  /// Lagrangian reduced cost of column j: 1 minus the multipliers of the rows it would newly cover.
  double reduced_cost(node_id j, const std::vector<double>& u) const {
    double r = 1;
    for (node_id i : cols_.view().neighbours(j))
      if (count_[static_cast<std::size_t>(i)] == 0) r -= u[static_cast<std::size_t>(i)];
    return r;
  }

  /// Subgradient on the residual problem; fills rc_, returns the bound of the residual.
  double lagrangian(std::vector<double>& u, int iterations, double target) {
    double best_l = 0, mu = 1.0;
    int stale = 0;
    std::vector<double> g(static_cast<std::size_t>(R_));
    std::vector<double> best_u = u;
    for (int it = 0; it < iterations; ++it) {
      double l = 0;
      for (node_id i = 0; i < R_; ++i)
        if (count_[static_cast<std::size_t>(i)] == 0) l += u[static_cast<std::size_t>(i)];
      std::fill(g.begin(), g.end(), 0.0);
      for (node_id i = 0; i < R_; ++i)
        if (count_[static_cast<std::size_t>(i)] == 0) g[static_cast<std::size_t>(i)] = 1;
      for (node_id j = 0; j < C_; ++j) {
        if (state_[static_cast<std::size_t>(j)] != 0) continue;
        const double r = reduced_cost(j, u);
        rc_[static_cast<std::size_t>(j)] = r;
        if (r < 0) {
          l += r;
          for (node_id i : cols_.view().neighbours(j))
            if (count_[static_cast<std::size_t>(i)] == 0) g[static_cast<std::size_t>(i)] -= 1;
        }
      }
      if (l > best_l + 1e-9) best_l = l, best_u = u, stale = 0;
      else if (++stale >= 10) mu /= 2, stale = 0;
      if (std::ceil(best_l - 1e-6) >= target || mu < 1e-3) break;
      double norm = 0;
      for (node_id i = 0; i < R_; ++i) norm += g[static_cast<std::size_t>(i)] * g[static_cast<std::size_t>(i)];
      if (norm == 0) break;
      const double step = mu * (std::max(target, l + 1.0) - l) / norm;
      for (node_id i = 0; i < R_; ++i)
        if (count_[static_cast<std::size_t>(i)] == 0)
          u[static_cast<std::size_t>(i)] = std::max(0.0, u[static_cast<std::size_t>(i)] + step * g[static_cast<std::size_t>(i)]);
    }
    u = best_u;
    // Reduced costs at the best multipliers.
    for (node_id j = 0; j < C_; ++j) {
      if (state_[static_cast<std::size_t>(j)] == 0) rc_[static_cast<std::size_t>(j)] = reduced_cost(j, u);
    }
    return best_l;
  }

  /// Completes the current partial solution greedily (by uncovered rows per unit of reduced
  /// cost), drops redundant sites, and records it when it beats the incumbent.
  void greedy(const std::vector<double>& u) {
    std::vector<node_id> sol;
    std::vector<int> cnt = count_;
    for (node_id j = 0; j < C_; ++j)
      if (state_[static_cast<std::size_t>(j)] == 1) sol.push_back(j);
    std::vector<double> gain(static_cast<std::size_t>(C_), 0);
    for (;;) {
      node_id pick = -1;
      double pick_score = -1;
      for (node_id j = 0; j < C_; ++j) {
        if (state_[static_cast<std::size_t>(j)] != 0) continue;
        double cover = 0;
        for (node_id i : cols_.view().neighbours(j))
          if (cnt[static_cast<std::size_t>(i)] == 0) cover += 1 + u[static_cast<std::size_t>(i)];
        if (cover == 0) continue;
        if (cover > pick_score) pick_score = cover, pick = j;
      }
      if (pick < 0) break;
      sol.push_back(pick);
      for (node_id i : cols_.view().neighbours(pick)) ++cnt[static_cast<std::size_t>(i)];
      if (std::find(cnt.begin(), cnt.end(), 0) == cnt.end()) break;
    }
    if (std::find(cnt.begin(), cnt.end(), 0) != cnt.end()) return;
    // Redundancy: drop sites (latest first) whose every row is covered twice.
    for (auto k = static_cast<std::ptrdiff_t>(sol.size()) - 1; k >= 0; --k) {
      const node_id j = sol[static_cast<std::size_t>(k)];
      bool redundant = true;
      for (node_id i : cols_.view().neighbours(j))
        if (cnt[static_cast<std::size_t>(i)] < 2) { redundant = false; break; }
      if (redundant) {
        for (node_id i : cols_.view().neighbours(j)) --cnt[static_cast<std::size_t>(i)];
        sol.erase(sol.begin() + k);
      }
    }
    if (static_cast<node_id>(sol.size()) < best_size_) best_size_ = static_cast<node_id>(sol.size()), best_ = sol;
  }

  void search(std::vector<double> u, node_id chosen, bool root) {
    if (done()) return;
    if (++nodes_ > opt_.max_nodes) { complete_ = false; return; }
    node_id row = -1;
    {
      node_id fewest = std::numeric_limits<node_id>::max();
      for (node_id i = 0; i < R_; ++i) {
        if (count_[static_cast<std::size_t>(i)] != 0) continue;
        node_id free = 0;
        for (node_id j : row_cols_.view().neighbours(i)) free += state_[static_cast<std::size_t>(j)] == 0;
        if (free < fewest) fewest = free, row = i;
      }
      if (row < 0) {  // everything covered: a cover
        if (chosen < best_size_) {
          best_size_ = chosen;
          best_.clear();
          for (node_id j = 0; j < C_; ++j)
            if (state_[static_cast<std::size_t>(j)] == 1) best_.push_back(j);
        }
        return;
      }
      if (fewest == 0) return;  // this branch cannot cover `row`
    }
    const double target = best_size_ - chosen;
    const double l = lagrangian(u, root ? 600 : 60, target);
    if (root) root_bound_ = l;
    if (chosen + std::ceil(l - 1e-6) >= best_size_) return;
    greedy(u);
    if (done() || chosen + std::ceil(l - 1e-6) >= best_size_) return;
    // Reduced-cost fixing: a site whose forced opening lifts the bound to the incumbent is out.
    std::vector<node_id> excluded;
    for (node_id j = 0; j < C_; ++j)
      if (state_[static_cast<std::size_t>(j)] == 0 && rc_[static_cast<std::size_t>(j)] > 0 &&
          chosen + std::ceil(l + rc_[static_cast<std::size_t>(j)] - 1e-6) >= best_size_)
        state_[static_cast<std::size_t>(j)] = 2, excluded.push_back(j);
    std::vector<node_id> branch;
    for (node_id j : row_cols_.view().neighbours(row))
      if (state_[static_cast<std::size_t>(j)] == 0) branch.push_back(j);
    std::sort(branch.begin(), branch.end(), [&](node_id a, node_id b) {
      return rc_[static_cast<std::size_t>(a)] < rc_[static_cast<std::size_t>(b)] ||
             (rc_[static_cast<std::size_t>(a)] == rc_[static_cast<std::size_t>(b)] && a < b);
    });
    for (node_id j : branch) {
      state_[static_cast<std::size_t>(j)] = 1;
      choose(j, +1);
      search(u, chosen + 1, false);
      choose(j, -1);
      state_[static_cast<std::size_t>(j)] = 2;
      excluded.push_back(j);
      if (done() || nodes_ > opt_.max_nodes) break;
      if (chosen + 1 >= best_size_) break;
    }
    for (node_id j : excluded) state_[static_cast<std::size_t>(j)] = 0;
  }

  node_id R_, C_;
  CsrGraph cols_, row_cols_;
  SetCoverOptions opt_;
  std::vector<std::uint8_t> state_;  // 0 free, 1 chosen, 2 excluded
  std::vector<int> count_;
  std::vector<double> rc_;
  std::vector<node_id> best_;
  node_id best_size_;
  double root_bound_ = 0;
  bool complete_ = true;
  std::int64_t nodes_ = 0;
};

}  // namespace

/// Fewest sites covering every demand of `sets`, with `fixed` (sorted, unique) sites open.
SetCoverResult solve_set_cover(const CoverSets& sets, std::span<const node_id> fixed, const SetCoverOptions& opt) {
  const node_id n = sets.demands, m = sets.sites;
  SetCoverResult out;
  std::vector<std::uint8_t> site_state(static_cast<std::size_t>(m), 0);  // 0 free, 1 open, 2 dropped
  std::vector<std::uint8_t> active(static_cast<std::size_t>(n), 1);
  const auto open_site = [&](node_id j) {
    site_state[static_cast<std::size_t>(j)] = 1;
    for (node_id i : sets.by_site.view().neighbours(j)) active[static_cast<std::size_t>(i)] = 0;
  };
  for (node_id j : fixed) open_site(j);
  for (node_id i = 0; i < n; ++i)
    if (active[static_cast<std::size_t>(i)] && sets.by_demand.view().degree(i) == 0) out.uncoverable.push_back(i);
  if (!out.uncoverable.empty()) {
    out.proven = true;
    return out;
  }
  // Reductions until nothing changes.
  const bool small = static_cast<double>(n) * static_cast<double>(m) <= 4.0e6;
  for (int round = 0; round < 8; ++round) {
    bool changed = false;
    for (node_id i = 0; i < n; ++i) {
      if (!active[static_cast<std::size_t>(i)]) continue;
      node_id only = -1, free = 0;
      for (node_id j : sets.by_demand.view().neighbours(i))
        if (site_state[static_cast<std::size_t>(j)] == 0) ++free, only = j;
      if (free == 1) open_site(only), changed = true;
    }
    if (!small) break;
    std::vector<node_id> rows, cols;
    for (node_id i = 0; i < n; ++i) if (active[static_cast<std::size_t>(i)]) rows.push_back(i);
    for (node_id j = 0; j < m; ++j) if (site_state[static_cast<std::size_t>(j)] == 0) cols.push_back(j);
    std::vector<node_id> col_pos(static_cast<std::size_t>(m), -1), row_pos(static_cast<std::size_t>(n), -1);
    for (std::size_t k = 0; k < cols.size(); ++k) col_pos[static_cast<std::size_t>(cols[k])] = static_cast<node_id>(k);
    for (std::size_t k = 0; k < rows.size(); ++k) row_pos[static_cast<std::size_t>(rows[k])] = static_cast<node_id>(k);
    BitRows demand_bits, site_bits;
    demand_bits.reset(rows.size(), cols.size());
    site_bits.reset(cols.size(), rows.size());
    std::vector<node_id> rdeg(rows.size(), 0), cdeg(cols.size(), 0);
    for (std::size_t r = 0; r < rows.size(); ++r)
      for (node_id j : sets.by_demand.view().neighbours(rows[r]))
        if (col_pos[static_cast<std::size_t>(j)] >= 0) {
          const auto c = static_cast<std::size_t>(col_pos[static_cast<std::size_t>(j)]);
          demand_bits.set(r, c), site_bits.set(c, r), ++rdeg[r], ++cdeg[c];
        }
    // Demand b is implied by demand a when a's sites are among b's (identical: keep the first).
    for (std::size_t b = 0; b < rows.size(); ++b)
      for (std::size_t a = 0; a < rows.size(); ++a) {
        if (a == b || rdeg[a] > rdeg[b] || !active[static_cast<std::size_t>(rows[a])]) continue;
        if (rdeg[a] == rdeg[b] && a > b) continue;
        if (demand_bits.subset(a, b)) { active[static_cast<std::size_t>(rows[b])] = 0, changed = true; break; }
      }
    // Site a is dominated by site b when its (still active) demands are among b's.
    for (std::size_t c = 0; c < cols.size(); ++c) cdeg[c] = 0;
    site_bits.reset(cols.size(), rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (!active[static_cast<std::size_t>(rows[r])]) continue;
      for (node_id j : sets.by_demand.view().neighbours(rows[r]))
        if (col_pos[static_cast<std::size_t>(j)] >= 0) {
          const auto c = static_cast<std::size_t>(col_pos[static_cast<std::size_t>(j)]);
          site_bits.set(c, r), ++cdeg[c];
        }
    }
    for (std::size_t a = 0; a < cols.size(); ++a) {
      if (cdeg[a] == 0) { site_state[static_cast<std::size_t>(cols[a])] = 2, changed = true; continue; }
      for (std::size_t b = 0; b < cols.size(); ++b) {
        if (a == b || cdeg[b] < cdeg[a] || site_state[static_cast<std::size_t>(cols[b])] != 0) continue;
        if (cdeg[a] == cdeg[b] && b > a) continue;
        if (site_bits.subset(a, b)) { site_state[static_cast<std::size_t>(cols[a])] = 2, changed = true; break; }
      }
    }
    (void)row_pos;
    if (!changed) break;
  }
  node_id opened = 0;
  for (node_id j = 0; j < m; ++j) opened += site_state[static_cast<std::size_t>(j)] == 1;
  // Core problem over the active demands and free sites.
  std::vector<node_id> rows, cols, row_pos(static_cast<std::size_t>(n), -1);
  for (node_id i = 0; i < n; ++i)
    if (active[static_cast<std::size_t>(i)]) row_pos[static_cast<std::size_t>(i)] = static_cast<node_id>(rows.size()), rows.push_back(i);
  for (node_id j = 0; j < m; ++j) if (site_state[static_cast<std::size_t>(j)] == 0) cols.push_back(j);
  CsrGraph col_rows;
  col_rows.offsets.assign(cols.size() + 1, 0);
  for (std::size_t c = 0; c < cols.size(); ++c) {
    for (node_id i : sets.by_site.view().neighbours(cols[c]))
      if (row_pos[static_cast<std::size_t>(i)] >= 0) col_rows.targets.push_back(row_pos[static_cast<std::size_t>(i)]);
    col_rows.offsets[c + 1] = static_cast<edge_id>(col_rows.targets.size());
  }
  SetCoverOptions core = opt;
  if (core.good_enough >= 0) core.good_enough -= opened;
  if (core.cutoff != std::numeric_limits<node_id>::max()) core.cutoff -= opened;
  for (node_id j = 0; j < m; ++j) if (site_state[static_cast<std::size_t>(j)] == 1) out.sites.push_back(j);
  if (rows.empty()) {
    out.lower = static_cast<double>(opened);
    out.proven = true;
    return out;
  }
  if (core.cutoff <= 0) {  // the forced sites alone already reach the cutoff
    out.sites.clear();
    out.lower = static_cast<double>(opened);
    out.proven = true;
    return out;
  }
  SetCoverSearch search(static_cast<node_id>(rows.size()), std::move(col_rows), core);
  search.run();
  out.nodes = search.nodes();
  if (search.best().empty() && search.best_size() >= core.cutoff) {
    out.sites.clear();  // nothing below the cutoff found
  } else {
    for (node_id c : search.best()) out.sites.push_back(cols[static_cast<std::size_t>(c)]);
    std::sort(out.sites.begin(), out.sites.end());
  }
  out.proven = search.complete();
  out.lower = opened + std::max(0.0, std::ceil(search.root_bound() - 1e-6));
  if (out.proven) out.lower = out.sites.empty() ? static_cast<double>(opened + core.cutoff) : static_cast<double>(out.sites.size());
  return out;
}

}  // namespace gridgov::coverage::detail
