// Checking the location models' input; the dense form and the cover sets of the costs.
#include "cost_checks.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"

namespace gridgov::coverage::detail {

/// Throws InputError on an empty matrix, a malformed CSR, or a negative or NaN cost (naming it).
void check_costs(const CostView& c) {
  if (c.rows <= 0 || c.cols <= 0)
    throw InputError(messages::format("coverage.cost_empty",
                                      {{"rows", std::to_string(c.rows)}, {"cols", std::to_string(c.cols)}}));
  const auto bad = [](std::int64_t i, std::int64_t j, double v) {
    throw InputError(messages::format("coverage.cost_value",
                                      {{"i", std::to_string(i)}, {"j", std::to_string(j)}, {"v", std::to_string(v)}}));
  };
  if (c.is_dense()) {
    if (c.dense.size() != static_cast<std::size_t>(c.rows) * static_cast<std::size_t>(c.cols))
      throw InputError(messages::format("coverage.cost_size",
                                        {{"dense", std::to_string(c.dense.size())},
                                         {"rows", std::to_string(c.rows)},
                                         {"cols", std::to_string(c.cols)}}));
    for (std::size_t k = 0; k < c.dense.size(); ++k)
      if (!(c.dense[k] >= 0)) bad(static_cast<std::int64_t>(k / c.cols), static_cast<std::int64_t>(k % c.cols), c.dense[k]);
    return;
  }
  if (c.indptr.size() != static_cast<std::size_t>(c.rows) + 1 || c.indptr.front() != 0 ||
      static_cast<std::size_t>(c.indptr.back()) != c.indices.size() || c.indices.size() != c.values.size())
    throw InputError(messages::format("coverage.sparse_inconsistent"));
  for (node_id i = 0; i < c.rows; ++i) {
    if (c.indptr[i + 1] < c.indptr[i]) throw InputError(messages::format("coverage.sparse_indptr",
                                                                         {{"i", std::to_string(i)}}));
    for (auto k = c.indptr[i]; k < c.indptr[i + 1]; ++k) {
      const node_id j = c.indices[static_cast<std::size_t>(k)];
      if (j < 0 || j >= c.cols)
        throw InputError(messages::format("coverage.sparse_site",
                                          {{"i", std::to_string(i)},
                                           {"j", std::to_string(j)},
                                           {"cols", std::to_string(c.cols)}}));
      if (!(c.values[static_cast<std::size_t>(k)] >= 0)) bad(i, j, c.values[static_cast<std::size_t>(k)]);
    }
  }
}

/// The costs as a dense row-major array (+inf where unreachable). Refuses sizes beyond
/// `max_cells` (the p-median and p-center solvers work on dense rows).
std::vector<double> dense_costs(const CostView& c, std::size_t max_cells) {
  const std::size_t cells = static_cast<std::size_t>(c.rows) * static_cast<std::size_t>(c.cols);
  if (cells > max_cells)
    throw InputError(messages::format("coverage.cost_too_large",
                                      {{"rows", std::to_string(c.rows)},
                                       {"cols", std::to_string(c.cols)},
                                       {"max_cells", std::to_string(max_cells)}}));
  if (c.is_dense()) return {c.dense.begin(), c.dense.end()};
  std::vector<double> d(cells, unreachable);
  for (node_id i = 0; i < c.rows; ++i)
    for (auto k = c.indptr[i]; k < c.indptr[i + 1]; ++k) {
      auto& cell = d[static_cast<std::size_t>(i) * c.cols + static_cast<std::size_t>(c.indices[static_cast<std::size_t>(k)])];
      cell = std::min(cell, c.values[static_cast<std::size_t>(k)]);  // duplicates: the shortest
    }
  return d;
}

CoverSets cover_sets(const CostView& c, double radius) {
  if (std::isnan(radius) || radius < 0)
    throw InputError(messages::format("coverage.radius", {{"radius", std::to_string(radius)}}));
  CoverSets s;
  s.demands = c.rows;
  s.sites = c.cols;
  std::vector<std::pair<node_id, node_id>> pairs;  // (demand, site)
  if (c.is_dense()) {
    for (node_id i = 0; i < c.rows; ++i)
      for (node_id j = 0; j < c.cols; ++j)
        if (c.dense[static_cast<std::size_t>(i) * c.cols + j] <= radius) pairs.emplace_back(i, j);
  } else {
    for (node_id i = 0; i < c.rows; ++i)
      for (auto k = c.indptr[i]; k < c.indptr[i + 1]; ++k)
        if (c.values[static_cast<std::size_t>(k)] <= radius) pairs.emplace_back(i, c.indices[static_cast<std::size_t>(k)]);
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  }
  s.by_demand.offsets.assign(static_cast<std::size_t>(c.rows) + 1, 0);
  s.by_site.offsets.assign(static_cast<std::size_t>(c.cols) + 1, 0);
  for (auto [i, j] : pairs) {
    ++s.by_demand.offsets[static_cast<std::size_t>(i) + 1];
    ++s.by_site.offsets[static_cast<std::size_t>(j) + 1];
  }
  for (std::size_t k = 1; k < s.by_demand.offsets.size(); ++k) s.by_demand.offsets[k] += s.by_demand.offsets[k - 1];
  for (std::size_t k = 1; k < s.by_site.offsets.size(); ++k) s.by_site.offsets[k] += s.by_site.offsets[k - 1];
  s.by_demand.targets.resize(pairs.size());
  s.by_site.targets.resize(pairs.size());
  std::vector<edge_id> fd(s.by_demand.offsets.begin(), s.by_demand.offsets.end() - 1);
  std::vector<edge_id> fs(s.by_site.offsets.begin(), s.by_site.offsets.end() - 1);
  for (auto [i, j] : pairs) {  // pairs sorted by (demand, site): both lists come out ascending
    s.by_demand.targets[static_cast<std::size_t>(fd[static_cast<std::size_t>(i)]++)] = j;
    s.by_site.targets[static_cast<std::size_t>(fs[static_cast<std::size_t>(j)]++)] = i;
  }
  return s;
}

/// Checks `p` and `fixed` against the number of sites; returns the fixed sites sorted, unique.
std::vector<node_id> checked_fixed(std::span<const node_id> fixed, node_id sites, node_id p, bool has_p) {
  std::vector<node_id> f(fixed.begin(), fixed.end());
  for (std::size_t k = 0; k < f.size(); ++k)
    if (f[k] < 0 || f[k] >= sites)
      throw InputError(messages::format("coverage.fixed_index",
                                        {{"k", std::to_string(k)},
                                         {"f", std::to_string(f[k])},
                                         {"sites", std::to_string(sites)}}));
  std::sort(f.begin(), f.end());
  if (std::adjacent_find(f.begin(), f.end()) != f.end())
    throw InputError(messages::format("coverage.fixed_twice",
                                      {{"site", std::to_string(*std::adjacent_find(f.begin(), f.end()))}}));
  if (has_p) {
    if (p < 1 || p > sites)
      throw InputError(messages::format("coverage.p_range",
                                        {{"p", std::to_string(p)}, {"sites", std::to_string(sites)}}));
    if (static_cast<node_id>(f.size()) > p)
      throw InputError(messages::format("coverage.fixed_above_p",
                                        {{"f", std::to_string(f.size())}, {"p", std::to_string(p)}}));
  }
  return f;
}

/// Lists the first few demands of `ids` for an error message.
std::string list_demands(const std::vector<node_id>& ids) {
  std::string s;
  for (std::size_t k = 0; k < ids.size() && k < 10; ++k) s += (k ? ", " : "") + std::to_string(ids[k]);
  if (ids.size() > 10) s += " and " + std::to_string(ids.size() - 10) + " more";
  return s;
}

/// Checks demand weights (one per demand, finite, >= 0); empty means all 1.
std::vector<double> checked_weights(std::span<const double> weights, node_id demands) {
  if (weights.empty()) return std::vector<double>(static_cast<std::size_t>(demands), 1.0);
  if (weights.size() != static_cast<std::size_t>(demands))
    throw InputError(messages::format("coverage.weights_count",
                                      {{"weights", std::to_string(weights.size())},
                                       {"demands", std::to_string(demands)}}));
  for (std::size_t i = 0; i < weights.size(); ++i)
    if (!(weights[i] >= 0) || std::isinf(weights[i]))
      throw InputError(messages::format("coverage.weight_value",
                                        {{"i", std::to_string(i)}, {"weight", std::to_string(weights[i])}}));
  return {weights.begin(), weights.end()};
}

}  // namespace gridgov::coverage::detail
