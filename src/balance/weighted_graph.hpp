// A node- and edge-weighted CSR graph and its multilevel coarsening (heavy-edge matching).
// Private to the balance area (not installed).
//
// The partitioner works on this internal form: node weights are n x d (several workload
// columns), edge weights count the original edges between two clusters. Coarsening merges
// only the two ends of an edge, so every coarse node is a connected set of original nodes and a
// connected coarse part projects to a connected fine part.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "gridgov/core/csr.hpp"
#include "gridgov/core/ids.hpp"
#include "gridgov/core/random.hpp"

namespace gridgov::balance::detail {

struct WeightedGraph {
  std::vector<edge_id> offsets{0};
  std::vector<node_id> targets;
  std::vector<std::int64_t> edge_weight;  ///< parallel to targets; positive (coarsen_once relies on it)
  std::vector<double> weight;             ///< n x d row-major
  std::vector<std::int32_t> fixed;        ///< per node: part it is pinned to, or -1 (may be empty)
  int d = 1;

  [[nodiscard]] node_id n() const noexcept { return static_cast<node_id>(offsets.size() - 1); }
  [[nodiscard]] const double* w(node_id v) const noexcept {
    return weight.data() + static_cast<std::size_t>(v) * static_cast<std::size_t>(d);
  }
  [[nodiscard]] std::int32_t fixed_part(node_id v) const noexcept {
    return fixed.empty() ? -1 : fixed[v];
  }
};

/// The subgraph induced by `nodes` (local ids in the order given). `local` must map every node
/// of `nodes` to its position and may hold anything elsewhere; edges leave the subgraph when
/// `keep(u, v)` is false or the other end is outside (`inside[u] != tag`).
template <class Keep>
WeightedGraph induced_subgraph(CsrView g, std::span<const double> weights, int d,
                               std::span<const node_id> nodes, std::span<const node_id> local,
                               std::span<const std::int32_t> inside, std::int32_t tag, Keep keep) {
  WeightedGraph s;
  s.d = d;
  const auto ud = static_cast<std::size_t>(d);
  s.offsets.reserve(nodes.size() + 1);
  s.weight.reserve(nodes.size() * ud);
  // Room for every arc of the nodes (an upper bound): grown from empty, the arrays were copied
  // at every doubling (held-out B k = 40: 8.9 M -> 6.0 M instructions).
  std::size_t arcs = 0;
  for (node_id v : nodes) arcs += static_cast<std::size_t>(g.offsets[v + 1] - g.offsets[v]);
  s.targets.reserve(arcs);
  s.edge_weight.reserve(arcs);
  for (node_id v : nodes) {
    for (node_id u : g.neighbours(v))
      if (inside[u] == tag && keep(v, u)) {
        s.targets.push_back(local[u]);
        s.edge_weight.push_back(1);
      }
    s.offsets.push_back(static_cast<edge_id>(s.targets.size()));
    for (std::size_t c = 0; c < ud; ++c) s.weight.push_back(weights[v * ud + c]);
  }
  return s;
}

/// One coarsening step by heavy-edge matching in random order. A node is matched with the free
/// neighbour it shares the heaviest edge with, provided the pair stays under `cap` in every
/// column and neither end is pinned to a part; with `group` (one entry per node) only nodes of the
/// same group are matched (a V-cycle coarsens inside the parts of a plan). Writes the coarse id of
/// every node to `map` and returns the coarse graph.
WeightedGraph coarsen_once(const WeightedGraph& g, std::span<const double> cap, Rng& rng, std::vector<node_id>& map,
                           std::span<const std::int32_t> group = {});

/// Coarsens g step by step (coarsen_once) while it has more than `stop` nodes and a step leaves
/// at most `keep` of them. Appends each coarser graph to `levels` and its map (coarse id of
/// every node of the graph before) to `maps`; returns the coarsest graph (g when no step). With
/// `groups` (one entry per node of g), matching stays inside groups and `groups` is replaced by
/// the coarsest graph's groups.
const WeightedGraph& coarsen_to(const WeightedGraph& g, node_id stop, std::span<const double> cap, double keep, Rng& rng,
                                std::vector<WeightedGraph>& levels, std::vector<std::vector<node_id>>& maps,
                                std::vector<std::int32_t>* groups = nullptr);

}  // namespace gridgov::balance::detail
