// Compressed sparse row adjacency over dense node ids, as views (spans) or owned arrays.
//
// Algorithms take `CsrView` so any caller's arrays (numpy buffers, a Model's links, a METIS
// graph) serve without copies. `CsrGraph` owns its arrays and converts to a view.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/ids.hpp"

namespace gridgov {

/// Read-only CSR adjacency: the neighbours of node v are targets[offsets[v] .. offsets[v+1]).
struct CsrView {
  std::span<const edge_id> offsets;  ///< n + 1 entries, offsets[0] == 0
  std::span<const node_id> targets;  ///< offsets[n] entries

  [[nodiscard]] node_id num_nodes() const noexcept {
    return offsets.empty() ? 0 : static_cast<node_id>(offsets.size() - 1);
  }
  [[nodiscard]] edge_id num_arcs() const noexcept { return offsets.empty() ? 0 : offsets.back(); }
  [[nodiscard]] std::span<const node_id> neighbours(node_id v) const noexcept {
    return targets.subspan(static_cast<std::size_t>(offsets[v]),
                           static_cast<std::size_t>(offsets[v + 1] - offsets[v]));
  }
  [[nodiscard]] node_id degree(node_id v) const noexcept {
    return static_cast<node_id>(offsets[v + 1] - offsets[v]);
  }
};

/// Owned CSR adjacency.
struct CsrGraph {
  std::vector<edge_id> offsets{0};
  std::vector<node_id> targets;

  [[nodiscard]] CsrView view() const noexcept { return {offsets, targets}; }
  [[nodiscard]] node_id num_nodes() const noexcept { return view().num_nodes(); }
};

/// Checks that a view is well formed: offsets start at 0, never decrease, end at the number of
/// targets, and every target is a valid node. Throws InputError naming the first bad entry.
inline void check_csr(CsrView g, const char* what = "graph") {
  if (g.offsets.empty()) throw InputError(std::string(what) + ": offsets must have n + 1 entries");
  if (g.offsets.front() != 0) throw InputError(std::string(what) + ": offsets[0] must be 0");
  const node_id n = g.num_nodes();
  for (node_id v = 0; v < n; ++v) {
    if (g.offsets[v + 1] < g.offsets[v])
      throw InputError(std::string(what) + ": offsets decrease at node " + std::to_string(v));
  }
  if (static_cast<std::size_t>(g.offsets.back()) != g.targets.size())
    throw InputError(std::string(what) + ": offsets[n] = " + std::to_string(g.offsets.back()) +
                     " but there are " + std::to_string(g.targets.size()) + " targets");
  for (std::size_t i = 0; i < g.targets.size(); ++i) {
    if (g.targets[i] < 0 || g.targets[i] >= n)
      throw InputError(std::string(what) + ": target " + std::to_string(g.targets[i]) +
                       " at arc " + std::to_string(i) + " is not a node in [0, " +
                       std::to_string(n) + ")");
  }
}

/// Builds a CSR graph from an undirected edge list: each (u, v) becomes the arcs u->v and v->u.
/// Self loops are rejected; duplicate edges are merged (kept once), and neighbour lists are sorted.
inline CsrGraph csr_from_edges(node_id n, std::span<const std::pair<node_id, node_id>> edges) {
  if (n < 0) throw InputError("number of nodes must not be negative");
  std::vector<edge_id> degree(static_cast<std::size_t>(n) + 1, 0);
  for (std::size_t i = 0; i < edges.size(); ++i) {
    auto [u, v] = edges[i];
    if (u < 0 || v < 0 || u >= n || v >= n)
      throw InputError("edge " + std::to_string(i) + " (" + std::to_string(u) + ", " +
                       std::to_string(v) + ") names a node outside [0, " + std::to_string(n) + ")");
    if (u == v) throw InputError("edge " + std::to_string(i) + " is a self loop on node " + std::to_string(u));
    ++degree[static_cast<std::size_t>(u) + 1];
    ++degree[static_cast<std::size_t>(v) + 1];
  }
  for (std::size_t i = 1; i < degree.size(); ++i) degree[i] += degree[i - 1];
  std::vector<node_id> targets(static_cast<std::size_t>(degree.back()));
  std::vector<edge_id> fill(degree.begin(), degree.end() - 1);
  for (auto [u, v] : edges) {
    targets[static_cast<std::size_t>(fill[u]++)] = v;
    targets[static_cast<std::size_t>(fill[v]++)] = u;
  }
  CsrGraph g;
  g.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
  edge_id out = 0;
  for (node_id v = 0; v < n; ++v) {
    auto b = targets.begin() + degree[v], e = targets.begin() + degree[v + 1];
    std::sort(b, e);
    auto last = std::unique(b, e);
    for (auto it = b; it != last; ++it) targets[static_cast<std::size_t>(out++)] = *it;
    g.offsets[static_cast<std::size_t>(v) + 1] = out;
  }
  targets.resize(static_cast<std::size_t>(out));
  g.targets = std::move(targets);
  return g;
}

}  // namespace gridgov
