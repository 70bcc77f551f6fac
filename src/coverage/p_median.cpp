// p-median: every siting when there are few, else greedy, fast interchange and restarts for the
// solution and a Lagrangian bound.
#include "gridgov/coverage/p_median.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "cost_checks.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/core/random.hpp"

namespace gridgov::coverage {

using namespace detail;

namespace {

/// Weighted costs in both layouts plus the nearest / second-nearest open site of every demand.
class MedianState {
 public:
  MedianState(const std::vector<double>& by_row, node_id n, node_id m, std::span<const std::uint8_t> fixed)
      : n_(n), m_(m), row_(by_row), col_(by_row.size()), fixed_(fixed.begin(), fixed.end()),
        open_(static_cast<std::size_t>(m), 0), c1_(static_cast<std::size_t>(n)), c2_(static_cast<std::size_t>(n)),
        d1_(static_cast<std::size_t>(n)), d2_(static_cast<std::size_t>(n)), loss_(static_cast<std::size_t>(m)) {
    for (node_id i = 0; i < n; ++i)
      for (node_id j = 0; j < m; ++j) col_[static_cast<std::size_t>(j) * n + i] = row_[static_cast<std::size_t>(i) * m + j];
  }

  [[nodiscard]] double cost(node_id i, node_id j) const noexcept { return row_[static_cast<std::size_t>(i) * m_ + j]; }
  [[nodiscard]] std::span<const double> column(node_id j) const noexcept {
    return {col_.data() + static_cast<std::size_t>(j) * n_, static_cast<std::size_t>(n_)};
  }
  [[nodiscard]] const std::vector<node_id>& open_sites() const noexcept { return list_; }
  [[nodiscard]] double objective() const noexcept { return std::accumulate(d1_.begin(), d1_.end(), 0.0); }
  [[nodiscard]] node_id nearest(node_id i) const noexcept { return c1_[static_cast<std::size_t>(i)]; }

  void set(const std::vector<node_id>& sites) {
    std::fill(open_.begin(), open_.end(), 0);
    list_ = sites;
    for (node_id j : list_) open_[static_cast<std::size_t>(j)] = 1;
    for (node_id i = 0; i < n_; ++i) refresh(i);
  }

  /// Greedy addition from the fixed sites up to p sites.
  void greedy(node_id p) {
    std::vector<node_id> start;
    for (node_id j = 0; j < m_; ++j)
      if (fixed_[static_cast<std::size_t>(j)]) start.push_back(j);
    std::vector<double> best(static_cast<std::size_t>(n_), std::numeric_limits<double>::max());
    for (node_id j : start)
      for (node_id i = 0; i < n_; ++i) best[static_cast<std::size_t>(i)] = std::min(best[static_cast<std::size_t>(i)], cost(i, j));
    std::vector<std::uint8_t> taken(static_cast<std::size_t>(m_), 0);
    for (node_id j : start) taken[static_cast<std::size_t>(j)] = 1;
    while (static_cast<node_id>(start.size()) < p) {
      node_id pick = -1;
      double pick_gain = -1;
      for (node_id j = 0; j < m_; ++j) {
        if (taken[static_cast<std::size_t>(j)]) continue;
        double gain = 0;
        auto c = column(j);
        for (node_id i = 0; i < n_; ++i) gain += std::max(0.0, best[static_cast<std::size_t>(i)] - c[static_cast<std::size_t>(i)]);
        if (gain > pick_gain) pick_gain = gain, pick = j;
      }
      taken[static_cast<std::size_t>(pick)] = 1;
      start.push_back(pick);
      auto c = column(pick);
      for (node_id i = 0; i < n_; ++i) best[static_cast<std::size_t>(i)] = std::min(best[static_cast<std::size_t>(i)], c[static_cast<std::size_t>(i)]);
    }
    set(start);
  }

  /// Whitaker's fast interchange to a local optimum (first improvement, cyclic over candidates).
  void local_search() {
    if (list_.empty() || static_cast<node_id>(list_.size()) == m_) return;
    const double eps = 1e-9 * std::max(1.0, objective());
    node_id since_improvement = 0;
    for (node_id f = 0; since_improvement < m_; f = (f + 1) % m_) {
      ++since_improvement;
      if (open_[static_cast<std::size_t>(f)]) continue;
      for (node_id r : list_) loss_[static_cast<std::size_t>(r)] = 0;
      double gain = 0;
      auto c = column(f);
      for (node_id i = 0; i < n_; ++i) {
        const double d = c[static_cast<std::size_t>(i)], d1 = d1_[static_cast<std::size_t>(i)];
        if (d < d1) gain += d1 - d;
        else loss_[static_cast<std::size_t>(c1_[static_cast<std::size_t>(i)])] += std::min(d, d2_[static_cast<std::size_t>(i)]) - d1;
      }
      node_id out = -1;
      double out_loss = std::numeric_limits<double>::infinity();
      for (node_id r : list_)
        if (!fixed_[static_cast<std::size_t>(r)] && loss_[static_cast<std::size_t>(r)] < out_loss)
          out_loss = loss_[static_cast<std::size_t>(r)], out = r;
      if (out >= 0 && out_loss - gain < -eps) {
        swap(f, out);
        since_improvement = 0;
      }
    }
  }

  void swap(node_id in, node_id out) {
    open_[static_cast<std::size_t>(out)] = 0;
    open_[static_cast<std::size_t>(in)] = 1;
    *std::find(list_.begin(), list_.end(), out) = in;
    auto c = column(in);
    for (node_id i = 0; i < n_; ++i) {
      const auto k = static_cast<std::size_t>(i);
      if (c1_[k] == out || c2_[k] == out) refresh(i);
      else if (c[k] < d1_[k]) c2_[k] = c1_[k], d2_[k] = d1_[k], c1_[k] = in, d1_[k] = c[k];
      else if (c[k] < d2_[k]) c2_[k] = in, d2_[k] = c[k];
    }
  }

 private:
  void refresh(node_id i) {
    const auto k = static_cast<std::size_t>(i);
    c1_[k] = c2_[k] = -1;
    d1_[k] = d2_[k] = std::numeric_limits<double>::infinity();
    for (node_id j : list_) {
      const double d = cost(i, j);
      if (d < d1_[k] || (d == d1_[k] && j < c1_[k])) c2_[k] = c1_[k], d2_[k] = d1_[k], c1_[k] = j, d1_[k] = d;
      else if (d < d2_[k]) c2_[k] = j, d2_[k] = d;
    }
  }

  node_id n_, m_;
  const std::vector<double>& row_;
  std::vector<double> col_;
  std::vector<std::uint8_t> fixed_, open_;
  std::vector<node_id> list_, c1_, c2_;
  std::vector<double> d1_, d2_, loss_;
};

/// C(n, k), or anything above `cap` once it exceeds `cap` (no overflow on large n).
double choose_capped(node_id n, node_id k, double cap) {
  if (k < 0 || k > n) return 0;
  k = std::min(k, n - k);
  double c = 1;
  for (node_id t = 1; t <= k; ++t) {
    c = c * static_cast<double>(n - k + t) / static_cast<double>(t);  // C(n-k+t, t), a whole number
    if (c > cap) return c;
  }
  return c;
}

/// The cheapest siting of `slots` sites among `free_sites` beside the fixed ones, by trying every
/// one (the first in lexicographic order among equals). Depth-first over the combinations with
/// each demand's nearest cost kept per depth, so a node costs one pass over the demands; the tree
/// has C(free + 1, slots) nodes (hockey-stick identity), which `nodes` returns.
std::vector<node_id> cheapest_siting(const MedianState& state, node_id n, std::span<const node_id> fixed_sites,
                                     std::span<const node_id> free_sites, node_id slots, std::int64_t& nodes) {
  const auto N = static_cast<std::size_t>(n);
  const auto F = static_cast<node_id>(free_sites.size());
  std::vector<double> near(static_cast<std::size_t>(slots + 1) * N, std::numeric_limits<double>::infinity());
  for (node_id j : fixed_sites) {
    auto c = state.column(j);
    for (std::size_t i = 0; i < N; ++i) near[i] = std::min(near[i], c[i]);
  }
  std::vector<node_id> fixed_list(fixed_sites.begin(), fixed_sites.end());
  nodes = 1;
  if (slots == 0) return fixed_list;
  std::vector<node_id> pick(static_cast<std::size_t>(slots), -1), best_pick;
  double best_value = std::numeric_limits<double>::infinity();
  node_id t = 0;  // depth: pick[0..t) chosen, pick[t] the position being tried
  for (;;) {
    auto& k = pick[static_cast<std::size_t>(t)];
    if (++k > F - (slots - t)) {  // no room left for the remaining slots: back up
      if (t == 0) break;
      --t;
      continue;
    }
    ++nodes;
    auto c = state.column(free_sites[static_cast<std::size_t>(k)]);
    const double* above = near.data() + static_cast<std::size_t>(t) * N;
    if (t + 1 == slots) {
      double value = 0;  // summed in demand order, as the reported objective is
      for (std::size_t i = 0; i < N; ++i) value += std::min(above[i], c[i]);
      if (value < best_value) best_value = value, best_pick.assign(pick.begin(), pick.end());
    } else {
      double* below = near.data() + static_cast<std::size_t>(t + 1) * N;
      for (std::size_t i = 0; i < N; ++i) below[i] = std::min(above[i], c[i]);
      pick[static_cast<std::size_t>(t + 1)] = k;
      ++t;
    }
  }
  for (node_id k : best_pick) fixed_list.push_back(free_sites[static_cast<std::size_t>(k)]);
  return fixed_list;
}

/// What the local search and the Lagrangian relaxation found: the best siting and a lower bound.
struct Searched {
  std::vector<node_id> best;
  double lower = -std::numeric_limits<double>::infinity();
  std::int64_t iterations = 0;
};

/// Greedy, fast interchange, Lagrangian relaxation by subgradient (its sites restart the local
/// search) and seeded perturbations of the best, until the bound closes the gap or the budgets end.
Searched search_with_bound(const std::vector<double>& d, node_id n, node_id m, node_id p, MedianState& state,
                           const std::vector<node_id>& fixed_sorted, const std::vector<std::uint8_t>& is_fixed,
                           bool integral, const PMedianOptions& opt) {
  state.greedy(p);
  state.local_search();
  std::vector<node_id> best = state.open_sites();
  double best_value = state.objective();
  std::int64_t iterations = 0;

  // Lagrangian relaxation: L(lambda) = sum lambda_i + sum of the p smallest
  // rho_j = sum_i min(0, c_ij - lambda_i) (fixed sites forced in).
  std::vector<node_id> order(static_cast<std::size_t>(n) * m);
  for (node_id i = 0; i < n; ++i) {
    auto b = order.begin() + static_cast<std::ptrdiff_t>(i) * m;
    std::iota(b, b + m, 0);
    std::sort(b, b + m, [&](node_id a, node_id c) {
      return d[static_cast<std::size_t>(i) * m + a] < d[static_cast<std::size_t>(i) * m + c];
    });
  }
  std::vector<double> lambda(static_cast<std::size_t>(n)), rho(static_cast<std::size_t>(m)), g(static_cast<std::size_t>(n));
  for (node_id i = 0; i < n; ++i) lambda[static_cast<std::size_t>(i)] = d[static_cast<std::size_t>(i) * m + state.nearest(i)];
  std::vector<node_id> chosen, by_rho(static_cast<std::size_t>(m));
  std::vector<std::uint8_t> in_y(static_cast<std::size_t>(m));
  double lower = -std::numeric_limits<double>::infinity(), mu = 2.0;
  int stale = 0;
  Rng rng(opt.seed);
  const auto closed = [&] {
    const double lb = integral ? std::ceil(lower - 1e-7) : lower;
    return best_value <= lb + 1e-9 * std::max(1.0, std::abs(best_value));
  };
  const auto try_start = [&](const std::vector<node_id>& sites) {
    state.set(sites);
    state.local_search();
    if (state.objective() < best_value - 1e-9 * best_value) best_value = state.objective(), best = state.open_sites();
  };
  const node_id free_slots = p - static_cast<node_id>(fixed_sorted.size());
  for (int it = 0; it < opt.max_subgradient && !closed(); ++it) {
    ++iterations;
    std::fill(rho.begin(), rho.end(), 0.0);
    double value = 0;
    for (node_id i = 0; i < n; ++i) {
      const double li = lambda[static_cast<std::size_t>(i)];
      value += li;
      const node_id* o = order.data() + static_cast<std::size_t>(i) * m;
      for (node_id k = 0; k < m; ++k) {
        const double c = d[static_cast<std::size_t>(i) * m + o[k]];
        if (c >= li) break;
        rho[static_cast<std::size_t>(o[k])] += c - li;
      }
    }
    std::iota(by_rho.begin(), by_rho.end(), 0);
    std::fill(in_y.begin(), in_y.end(), 0);
    chosen.assign(fixed_sorted.begin(), fixed_sorted.end());
    for (node_id j : fixed_sorted) in_y[static_cast<std::size_t>(j)] = 1, value += rho[static_cast<std::size_t>(j)];
    auto mid = std::stable_partition(by_rho.begin(), by_rho.end(), [&](node_id j) { return !is_fixed[static_cast<std::size_t>(j)]; });
    std::nth_element(by_rho.begin(), by_rho.begin() + free_slots, mid, [&](node_id a, node_id b) {
      return rho[static_cast<std::size_t>(a)] < rho[static_cast<std::size_t>(b)] ||
             (rho[static_cast<std::size_t>(a)] == rho[static_cast<std::size_t>(b)] && a < b);
    });
    for (node_id k = 0; k < free_slots; ++k) {
      const node_id j = by_rho[static_cast<std::size_t>(k)];
      in_y[static_cast<std::size_t>(j)] = 1;
      chosen.push_back(j);
      value += rho[static_cast<std::size_t>(j)];
    }
    if (std::isinf(lower) || value > lower + 1e-12 * std::abs(lower)) lower = value, stale = 0;
    else if (++stale >= 20) mu /= 2, stale = 0;
    if (closed() || mu < 2e-3) break;
    // Lagrangian heuristic: the relaxation's sites make a good start for the local search.
    if (it % 40 == 10) try_start(chosen);
    double norm = 0;
    for (node_id i = 0; i < n; ++i) {
      const double li = lambda[static_cast<std::size_t>(i)];
      const node_id* o = order.data() + static_cast<std::size_t>(i) * m;
      double gi = 1;
      for (node_id k = 0; k < m; ++k) {
        if (d[static_cast<std::size_t>(i) * m + o[k]] >= li) break;
        if (in_y[static_cast<std::size_t>(o[k])]) gi -= 1;
      }
      g[static_cast<std::size_t>(i)] = gi;
      norm += gi * gi;
    }
    if (norm == 0) break;  // the relaxed solution is feasible: optimal for the relaxation
    const double step = mu * (best_value - value) / norm;
    for (node_id i = 0; i < n; ++i) lambda[static_cast<std::size_t>(i)] = std::max(0.0, lambda[static_cast<std::size_t>(i)] + step * g[static_cast<std::size_t>(i)]);
  }
  // Seeded perturbation of the best solution (iterated local search) while a gap remains.
  int fruitless = 0;
  for (int r = 0; r < opt.restarts && fruitless < 20 && !closed() && free_slots > 0 && p < m; ++r) {
    const double before = best_value;
    std::vector<node_id> sites = best;
    const int kicks = 1 + static_cast<int>(rng.below(static_cast<std::uint64_t>(std::min<node_id>(3, free_slots))));
    for (int k = 0; k < kicks; ++k) {
      node_id out;
      do out = static_cast<node_id>(rng.below(static_cast<std::uint64_t>(sites.size())));
      while (is_fixed[static_cast<std::size_t>(sites[static_cast<std::size_t>(out)])]);
      node_id in;
      do in = static_cast<node_id>(rng.below(static_cast<std::uint64_t>(m)));
      while (std::find(sites.begin(), sites.end(), in) != sites.end());
      sites[static_cast<std::size_t>(out)] = in;
    }
    try_start(sites);
    fruitless = best_value < before ? 0 : fruitless + 1;
  }

  return {std::move(best), lower, iterations};
}

}  // namespace

LocationResult p_median(const CostView& costs, node_id p, std::span<const double> weights,
                        std::span<const node_id> fixed, const PMedianOptions& opt) {
  check_costs(costs);
  const node_id n = costs.rows, m = costs.cols;
  const auto fixed_sorted = checked_fixed(fixed, m, p, true);
  const auto w = checked_weights(weights, n);
  const std::vector<double> raw = dense_costs(costs);
  std::vector<double> d = raw;
  // Weighted costs; an unreachable pair costs more than any solution that reaches every demand,
  // so solutions minimise the unreached demands first (and report them as unassigned).
  double big = 1;
  for (node_id i = 0; i < n; ++i) {
    double worst = 0;
    bool any = false;
    for (node_id j = 0; j < m; ++j) {
      double& c = d[static_cast<std::size_t>(i) * m + j];
      if (std::isinf(c)) continue;
      any = true;
      c *= w[static_cast<std::size_t>(i)];
      worst = std::max(worst, c);
    }
    if (!any)
      throw InfeasibleError(messages::format("coverage.demand_unreached", {{"i", std::to_string(i)}}));
    big += worst;
  }
  for (double& c : d)
    if (std::isinf(c)) c = big;
  const bool integral = all_integral(d);

  std::vector<std::uint8_t> is_fixed(static_cast<std::size_t>(m), 0);
  for (node_id j : fixed_sorted) is_fixed[static_cast<std::size_t>(j)] = 1;
  MedianState state(d, n, m, is_fixed);
  const node_id free_slots = p - static_cast<node_id>(fixed_sorted.size());
  std::vector<node_id> free_sites;
  for (node_id j = 0; j < m; ++j)
    if (!is_fixed[static_cast<std::size_t>(j)]) free_sites.push_back(j);
  // Few sitings: try them all. The answer is then the optimum by enumeration (bound = objective,
  // gap 0) rather than whatever the heuristic and the Lagrangian bound manage to close.
  const double work_cap = static_cast<double>(opt.exhaustive_work);
  const bool exhaustive = choose_capped(static_cast<node_id>(free_sites.size()) + 1, free_slots, work_cap) *
                              static_cast<double>(n) <= work_cap;
  Searched found;
  if (exhaustive) found.best = cheapest_siting(state, n, fixed_sorted, free_sites, free_slots, found.iterations);
  else found = search_with_bound(d, n, m, p, state, fixed_sorted, is_fixed, integral, opt);

  LocationResult res;
  res.sites = std::move(found.best);
  std::sort(res.sites.begin(), res.sites.end());
  // Assign by the raw distance (a weightless demand still goes to its nearest open site).
  res.assignment.assign(static_cast<std::size_t>(n), -1);
  res.objective = 0;
  bool unreached = false;
  for (node_id i = 0; i < n; ++i) {
    double near = unreachable;
    for (node_id j : res.sites) {
      const double c = raw[static_cast<std::size_t>(i) * m + j];
      if (c < near) near = c, res.assignment[static_cast<std::size_t>(i)] = j;
    }
    if (std::isinf(near)) unreached = true;
    else res.objective += near * w[static_cast<std::size_t>(i)];
  }
  res.iterations = found.iterations;
  if (unreached) {
    res.objective = std::numeric_limits<double>::infinity();
  } else if (exhaustive) {
    res.bound = res.objective, res.gap = 0;
  } else if (std::isfinite(found.lower)) {
    res.bound = integral ? std::ceil(found.lower - 1e-7) : found.lower;
    res.bound = std::min(res.bound, res.objective);
    res.gap = res.objective > 0 ? (res.objective - res.bound) / res.objective : 0.0;
    if (res.gap < 1e-12) res.gap = 0;
  }
  return res;
}

}  // namespace gridgov::coverage
