// The one traversal layer: shortest paths stopped at a radius, connected components, union-find.
//
// Every area that walks a graph (coverage matrices, reach, OR-Library costs, audit, partition
// quality, adjacency joining at import) goes through these, so there is one Dijkstra and one
// component count to trust. They work on `CsrView` (any caller's arrays, no copies); the
// implementations compile in src/core/traversal.cpp, on Boost.Graph where Boost.Graph is not
// slower (each choice is measured and stated there).
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "gridgov/core/csr.hpp"
#include "gridgov/core/ids.hpp"

namespace gridgov {

/// Union-find over nodes 0..n-1 (Boost's disjoint sets: union by rank, path compression).
class UnionFind {
 public:
  explicit UnionFind(node_id n = 0);
  /// The representative of v's set.
  [[nodiscard]] node_id find(node_id v);
  /// Joins the sets of a and b; returns false when they were already one set.
  bool unite(node_id a, node_id b);
  [[nodiscard]] node_id size() const noexcept { return static_cast<node_id>(parent_.size()); }

 private:
  std::vector<node_id> parent_;
  std::vector<node_id> rank_;
};

/// The connected component of every node of an undirected graph (CSR with both arcs of every
/// edge): `component[v]` in 0..c-1, components numbered in order of their smallest node. Returns c.
std::int32_t connected_components(CsrView graph, std::span<std::int32_t> component);

/// For labels in 0..k-1 (one per node; a negative label = no part), the number of connected
/// components of every part's induced subgraph (0 for a part with no node). Labels must be < k.
[[nodiscard]] std::vector<std::int32_t> components_per_part(CsrView graph, std::span<const std::int32_t> labels,
                                                            std::int32_t k);

/// The nodes a bounded shortest-path search reached, nearest first.
struct Reached {
  std::vector<node_id> nodes;
  std::vector<double> distance;
  /// Index (into the sources given) of the nearest source of each node; ties go to the source
  /// of smaller node id (exactly, zero-length arcs included).
  std::vector<std::int32_t> source;
};

/// Dijkstra's shortest paths from several sources at once over non-negative arc lengths,
/// stopped at a radius. The scratch arrays live in the object, so
/// repeated searches on one graph cost only what each search reaches (the coverage matrix runs
/// one per site).
class ShortestPaths {
 public:
  /// `arc_length` is parallel to `graph.targets`; every length must be finite and >= 0 (checked:
  /// InputError naming the arc).
  ShortestPaths(CsrView graph, std::span<const double> arc_length);

  /// Every node within `radius` (inclusive) of the nearest source, in order of distance (ties:
  /// the node whose nearest source has the smaller node id first, then the smaller node id).
  /// A source listed twice counts once.
  void within(std::span<const node_id> sources, double radius, Reached& out);
  /// Distance from every node to its nearest source (infinity beyond `radius`), and that source
  /// (as an index into `sources`, -1 beyond `radius`).
  void nearest(std::span<const node_id> sources, double radius, std::span<double> distance,
               std::span<std::int32_t> source);

  [[nodiscard]] CsrView graph() const noexcept { return graph_; }

 private:
  /// A node's label when it was pushed (superseded once the label improves).
  struct HeapEntry {
    double distance;
    std::int32_t source;  ///< index into the running search's sources
    node_id node;
  };
  template <bool one_source>
  void search(std::span<const node_id> sources, double radius, Reached& out);
  CsrView graph_;
  std::span<const double> length_;
  // The running search's labels (unreached: infinity, -1); reset after each search through
  // touched_, so a search costs only what it reaches.
  std::vector<double> distance_;
  std::vector<std::int32_t> source_index_;
  std::vector<node_id> touched_;
  std::vector<HeapEntry> heap_;
};

}  // namespace gridgov
