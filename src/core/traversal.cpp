// The traversal layer (include/gridgov/core/traversal.hpp), measured against Boost.Graph by
// benchmarks/cpp/bench_traversal.cpp on the same arrays (figures in benchmarks/RESULTS.md,
// "Traversal"):
// - Union-find is Boost's disjoint sets.
// - Dijkstra is our own binary-heap search, because Boost.Graph has no form of it that serves
//   here: its single-source search without a colour map is as fast as ours (1,000 searches
//   reaching ~850 nodes each on a 250,000-node street grid: 110-115 ms against 108-110 ms) but
//   starts from one source only, and its multi-source search (with a colour map) pushes every
//   unvisited neighbour into its queue whether or not it relaxes it, so a search stopped at a
//   radius still walks the whole graph (4.8-5.1 ms a search against 0.11 ms). One search from
//   many sources serves the coverage matrix (one source), reach (all facilities at once) and
//   the OR-Library costs (all pairs).
// - Connected components are a depth-first labelling: boost::connected_components on the same
//   arrays (through src/core/boost_csr.hpp) took 4.9-5.2 ms against 1.3 ms for this loop.
#include "gridgov/core/traversal.hpp"

#include <boost/pending/disjoint_sets.hpp>

#include <cmath>
#include <algorithm>
#include <queue>
#include <string>
#include <utility>

#include "gridgov/core/errors.hpp"

namespace gridgov {

// ---- union-find ---------------------------------------------------------------------------------

UnionFind::UnionFind(node_id n) {
  if (n < 0) throw InputError("UnionFind: the number of nodes must not be negative");
  parent_.resize(static_cast<std::size_t>(n));
  rank_.assign(static_cast<std::size_t>(n), 0);
  for (node_id v = 0; v < n; ++v) parent_[static_cast<std::size_t>(v)] = v;
}

namespace {

// Boost's disjoint sets over our two arrays (raw pointers are property maps: index -> slot).
using Sets = boost::disjoint_sets<node_id*, node_id*, boost::find_with_full_path_compression>;

}  // namespace

node_id UnionFind::find(node_id v) { return Sets(rank_.data(), parent_.data()).find_set(v); }

bool UnionFind::unite(node_id a, node_id b) {
  Sets sets(rank_.data(), parent_.data());
  const node_id ra = sets.find_set(a), rb = sets.find_set(b);
  if (ra == rb) return false;
  sets.link(ra, rb);
  return true;
}

// ---- components ---------------------------------------------------------------------------------

std::int32_t connected_components(CsrView graph, std::span<std::int32_t> component) {
  const node_id n = graph.num_nodes();
  if (component.size() != static_cast<std::size_t>(n))
    throw InputError("connected_components: " + std::to_string(component.size()) + " component slots for " +
                     std::to_string(n) + " nodes");
  std::fill(component.begin(), component.end(), -1);
  std::vector<node_id> stack;
  std::int32_t count = 0;
  for (node_id start = 0; start < n; ++start) {  // in id order: components numbered by smallest node
    if (component[static_cast<std::size_t>(start)] >= 0) continue;
    component[static_cast<std::size_t>(start)] = count;
    stack.push_back(start);
    while (!stack.empty()) {
      const node_id v = stack.back();
      stack.pop_back();
      for (node_id u : graph.neighbours(v))
        if (component[static_cast<std::size_t>(u)] < 0) component[static_cast<std::size_t>(u)] = count, stack.push_back(u);
    }
    ++count;
  }
  return count;
}

std::vector<std::int32_t> components_per_part(CsrView graph, std::span<const std::int32_t> labels, std::int32_t k) {
  const node_id n = graph.num_nodes();
  if (labels.size() != static_cast<std::size_t>(n))
    throw InputError("components_per_part: " + std::to_string(labels.size()) + " labels for " + std::to_string(n) +
                     " nodes");
  if (k < 0) throw InputError("components_per_part: k must not be negative");
  std::vector<std::int32_t> count(static_cast<std::size_t>(k), 0);
  // Union-find over the arcs inside a part: one pass over the arcs, no per-part graph.
  UnionFind sets(n);
  for (node_id v = 0; v < n; ++v) {
    const std::int32_t p = labels[static_cast<std::size_t>(v)];
    if (p < 0) continue;
    if (p >= k)
      throw InputError("components_per_part: node " + std::to_string(v) + " has label " + std::to_string(p) +
                       ", not below k = " + std::to_string(k));
    for (node_id u : graph.neighbours(v))
      if (u > v && labels[static_cast<std::size_t>(u)] == p) sets.unite(v, u);
  }
  for (node_id v = 0; v < n; ++v) {
    const std::int32_t p = labels[static_cast<std::size_t>(v)];
    if (p >= 0 && sets.find(v) == v) ++count[static_cast<std::size_t>(p)];
  }
  return count;
}

// ---- shortest paths -----------------------------------------------------------------------------

ShortestPaths::ShortestPaths(CsrView graph, std::span<const double> arc_length) : graph_(graph), length_(arc_length) {
  check_csr(graph, "shortest paths");
  if (arc_length.size() != graph.targets.size())
    throw InputError("shortest paths: " + std::to_string(arc_length.size()) + " arc lengths for " +
                     std::to_string(graph.targets.size()) + " arcs");
  for (std::size_t a = 0; a < arc_length.size(); ++a)
    if (!(arc_length[a] >= 0) || !std::isfinite(arc_length[a]))
      throw InputError("shortest paths: arc " + std::to_string(a) + " has length " + std::to_string(arc_length[a]) +
                       "; lengths must be finite and >= 0");
  const auto n = static_cast<std::size_t>(graph.num_nodes());
  label_.assign(n, Label{});
  settled_.assign(n, 0);
}

namespace {

struct Entry {
  double distance;
  node_id node;
  bool operator>(const Entry& o) const noexcept { return distance != o.distance ? distance > o.distance : node > o.node; }
};

}  // namespace

void ShortestPaths::within(std::span<const node_id> sources, double radius, Reached& out) {
  out.nodes.clear();
  out.distance.clear();
  out.source.clear();
  if (!(radius >= 0)) throw InputError("shortest paths: the radius must be >= 0 (got " + std::to_string(radius) + ")");
  const node_id n = graph_.num_nodes();
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  for (std::size_t s = 0; s < sources.size(); ++s) {
    const node_id src = sources[s];
    if (src < 0 || src >= n)
      throw InputError("shortest paths: source " + std::to_string(src) + " is not a node in [0, " + std::to_string(n) + ")");
    Label& l = label_[static_cast<std::size_t>(src)];
    if (l.source_index >= 0) continue;  // listed twice: the first listing stands
    l = Label{0.0, src, static_cast<std::int32_t>(s)};
    touched_.push_back(src);
    heap.push({0.0, src});
  }
  while (!heap.empty()) {
    const Entry e = heap.top();
    heap.pop();
    const auto v = static_cast<std::size_t>(e.node);
    if (e.distance > label_[v].distance || settled_[v]) continue;  // stale, or a tie pushed again
    settled_[v] = 1;
    out.nodes.push_back(e.node);
    out.distance.push_back(e.distance);
    out.source.push_back(label_[v].source_index);
    for (auto a = graph_.offsets[e.node]; a < graph_.offsets[e.node + 1]; ++a) {
      const node_id u = graph_.targets[static_cast<std::size_t>(a)];
      const double nd = e.distance + length_[static_cast<std::size_t>(a)];
      Label& lu = label_[static_cast<std::size_t>(u)];
      if (nd > radius || settled_[static_cast<std::size_t>(u)]) continue;
      // Equally near: the source of smaller node id wins, so the answer does not depend on order.
      if (nd < lu.distance || (nd == lu.distance && label_[v].source_node < lu.source_node)) {
        if (lu.source_index < 0) touched_.push_back(u);
        lu = Label{nd, label_[v].source_node, label_[v].source_index};
        heap.push({nd, u});
      }
    }
  }
  for (node_id v : touched_) {
    label_[static_cast<std::size_t>(v)] = Label{};
    settled_[static_cast<std::size_t>(v)] = 0;
  }
  touched_.clear();
}

void ShortestPaths::nearest(std::span<const node_id> sources, double radius, std::span<double> distance,
                            std::span<std::int32_t> source) {
  const auto n = static_cast<std::size_t>(graph_.num_nodes());
  if (distance.size() != n || source.size() != n)
    throw InputError("shortest paths: output arrays must have one entry per node (" + std::to_string(n) + ")");
  std::fill(distance.begin(), distance.end(), std::numeric_limits<double>::infinity());
  std::fill(source.begin(), source.end(), -1);
  Reached reached;
  within(sources, radius, reached);
  for (std::size_t i = 0; i < reached.nodes.size(); ++i) {
    const auto v = static_cast<std::size_t>(reached.nodes[i]);
    distance[v] = reached.distance[i];
    source[v] = reached.source[i];
  }
}

}  // namespace gridgov
