// partition_quality: the independent ruler of every plan.
#include "gridgov/balance/quality.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "checks.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/core/traversal.hpp"

namespace gridgov::balance {

namespace detail {

/// Checks that `weights` holds n x d finite, non-negative numbers. Throws InputError naming the
/// first bad node and column.
void check_weights(std::span<const double> weights, node_id n, int d) {
  if (d < 1) throw InputError(messages::format("weights.no_column", {{"d", std::to_string(d)}}));
  if (weights.size() != static_cast<std::size_t>(n) * static_cast<std::size_t>(d))
    throw InputError(messages::format("weights.shape",
                                      {{"n", std::to_string(n)},
                                       {"d", std::to_string(d)},
                                       {"weights", std::to_string(weights.size())}}));
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double x = weights[i];
    if (!std::isfinite(x) || x < 0)
      throw InputError(messages::format("weights.value",
                                        {{"node", std::to_string(i / static_cast<std::size_t>(d))},
                                         {"x", std::to_string(x)},
                                         {"column", std::to_string(i % static_cast<std::size_t>(d))}}));
  }
}

}  // namespace detail

PartitionQuality partition_quality(CsrView graph, std::span<const double> weights, int d,
                                   std::span<const std::int32_t> labels, std::int32_t k) {
  check_csr(graph);
  const node_id n = graph.num_nodes();
  detail::check_weights(weights, n, d);
  if (labels.size() != static_cast<std::size_t>(n))
    throw InputError(messages::format("labels.count",
                                      {{"n", std::to_string(n)}, {"labels", std::to_string(labels.size())}}));
  // k sizes the per-part arrays, so it is bounded by the input before anything is allocated: a
  // plan of n nodes has at most n parts (labels 0 .. n-1), whether k is given or taken from the
  // largest label.
  if (k != -1 && (k < 1 || k > std::max<node_id>(n, 1)))
    throw InputError(messages::format("labels.k_range",
                                      {{"n", std::to_string(std::max<node_id>(n, 1))}, {"k", std::to_string(k)}}));
  const std::int32_t limit = k != -1 ? k : n;
  std::int32_t max_label = -1;
  for (node_id v = 0; v < n; ++v) {
    if (labels[v] < 0 || labels[v] >= limit)
      throw InputError(messages::format(k != -1 ? "labels.out_of_k" : "labels.out_of_n",
                                        {{"v", std::to_string(v)},
                                         {"label", std::to_string(labels[v])},
                                         {"k", std::to_string(k)},
                                         {"n", std::to_string(n)}}));
    max_label = std::max(max_label, labels[v]);
  }
  if (k == -1) k = max_label + 1;
  PartitionQuality q;
  q.parts = k;
  const auto ud = static_cast<std::size_t>(d);
  q.part_weight.assign(static_cast<std::size_t>(k) * ud, 0.0);
  std::vector<double> total(ud, 0.0);
  for (node_id v = 0; v < n; ++v)
    for (std::size_t c = 0; c < ud; ++c) {
      q.part_weight[static_cast<std::size_t>(labels[v]) * ud + c] += weights[v * ud + c];
      total[c] += weights[v * ud + c];
    }
  q.ideal.resize(ud);
  q.max_ratio.assign(ud, 0.0);
  q.min_ratio.assign(ud, std::numeric_limits<double>::infinity());
  for (std::size_t c = 0; c < ud; ++c) {
    q.ideal[c] = k > 0 ? total[c] / k : 0.0;
    for (std::int32_t p = 0; p < k; ++p) {
      const double w = q.part_weight[static_cast<std::size_t>(p) * ud + c];
      const double r = q.ideal[c] > 0 ? w / q.ideal[c] : 1.0;
      q.max_ratio[c] = std::max(q.max_ratio[c], r);
      q.min_ratio[c] = std::min(q.min_ratio[c], r);
    }
    if (k == 0) q.min_ratio[c] = 0.0;
  }
  for (node_id v = 0; v < n; ++v)
    for (node_id u : graph.neighbours(v))
      if (u > v && labels[u] != labels[v]) ++q.cut_edges;
  q.pieces = components_per_part(graph, labels, k);
  for (std::int32_t p = 0; p < k; ++p) {
    if (q.pieces[p] == 0) ++q.empty_parts;
    if (q.pieces[p] > 1) ++q.disconnected_parts;
  }
  return q;
}

}  // namespace gridgov::balance
