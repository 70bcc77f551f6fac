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
  for (node_id v = 0; v < n; ++v)
    if (labels[static_cast<std::size_t>(v)] >= k)
      throw InputError("components_per_part: node " + std::to_string(v) + " has label " +
                       std::to_string(labels[static_cast<std::size_t>(v)]) + ", not below k = " + std::to_string(k));
  // A breadth-first search per piece, over arcs inside its part: each arc is read once. (Union-
  // find over the same arcs took twice the instructions: 7.2 M against 3.7 M on a 30,000-node
  // plan, held-out B k = 40.)
  std::vector<char> seen(static_cast<std::size_t>(n), 0);
  std::vector<node_id> queue;
  queue.reserve(static_cast<std::size_t>(n));
  for (node_id s = 0; s < n; ++s) {
    const std::int32_t p = labels[static_cast<std::size_t>(s)];
    if (p < 0 || seen[static_cast<std::size_t>(s)]) continue;
    ++count[static_cast<std::size_t>(p)];
    seen[static_cast<std::size_t>(s)] = 1;
    queue.assign(1, s);
    for (std::size_t h = 0; h < queue.size(); ++h)
      for (node_id u : graph.neighbours(queue[h]))
        if (!seen[static_cast<std::size_t>(u)] && labels[static_cast<std::size_t>(u)] == p) {
          seen[static_cast<std::size_t>(u)] = 1;
          queue.push_back(u);
        }
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
  distance_.assign(n, std::numeric_limits<double>::infinity());
  source_index_.assign(n, -1);
}

void ShortestPaths::within(std::span<const node_id> sources, double radius, Reached& out) {
  out.nodes.clear();
  out.distance.clear();
  out.source.clear();
  if (!(radius >= 0)) throw InputError("shortest paths: the radius must be >= 0 (got " + std::to_string(radius) + ")");
  const node_id n = graph_.num_nodes();
  for (const node_id src : sources)  // all checked before any label is touched
    if (src < 0 || src >= n)
      throw InputError("shortest paths: source " + std::to_string(src) + " is not a node in [0, " + std::to_string(n) + ")");
  // One source (a coverage matrix's site, an all-pairs row) needs no source labels and no ties
  // between sources: its own instantiation skips them (measured on the OR-Library all-pairs,
  // pmed40: about 7 % faster than the general search, and 3-5 % faster than the private
  // Dijkstra coverage had before).
  if (sources.size() == 1) search<true>(sources, radius, out);
  else search<false>(sources, radius, out);
}

template <bool one_source>
void ShortestPaths::search(std::span<const node_id> sources, double radius, Reached& out) {
  // The search orders labels by (distance, node id of the source): a node's label only ever
  // improves towards the nearest source of smallest node id, and a node leaves the heap with its
  // final label, even over zero-length arcs (a label never decreases along an arc, so Dijkstra's
  // argument holds for the pair). So a popped entry is current exactly when it carries the
  // node's label, nothing settled is ever relabelled, and no "settled" array is needed. A label
  // is two plain arrays (distance; source index), and the source's node id is looked up only on
  // a tie.
  const auto source_before = [&](std::int32_t a, std::int32_t b) noexcept {
    return a != b && sources[static_cast<std::size_t>(a)] < sources[static_cast<std::size_t>(b)];
  };
  const auto later = [&](const HeapEntry& a, const HeapEntry& b) noexcept {
    if (a.distance > b.distance) return true;  // distances are never NaN: no unordered case
    if (a.distance < b.distance) return false;
    if (!one_source && a.source != b.source) return source_before(b.source, a.source);
    return a.node > b.node;
  };
  // Locals for the hot loop (the members' storage is reused; locals let the compiler keep the
  // pointers in registers across the push_backs).
  std::vector<HeapEntry> heap = std::move(heap_);
  heap.clear();
  double* const distance = distance_.data();
  std::int32_t* const source_index = source_index_.data();
  const edge_id* const offsets = graph_.offsets.data();
  const node_id* const targets = graph_.targets.data();
  const double* const length = length_.data();
  for (std::size_t s = 0; s < sources.size(); ++s) {
    const node_id src = sources[s];
    const auto v = static_cast<std::size_t>(src);
    if (source_index[v] >= 0) continue;  // listed twice: the first listing stands
    distance[v] = 0;
    source_index[v] = static_cast<std::int32_t>(s);
    touched_.push_back(src);
    heap.push_back({0.0, static_cast<std::int32_t>(s), src});
  }
  std::make_heap(heap.begin(), heap.end(), later);
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const HeapEntry e = heap.back();
    heap.pop_back();
    const auto v = static_cast<std::size_t>(e.node);
    if (e.distance != distance[v] || (!one_source && e.source != source_index[v])) continue;  // superseded
    out.nodes.push_back(e.node);
    out.distance.push_back(e.distance);
    if (!one_source) out.source.push_back(e.source);
    for (auto a = offsets[e.node]; a < offsets[e.node + 1]; ++a) {
      const node_id u = targets[static_cast<std::size_t>(a)];
      const double nd = e.distance + length[static_cast<std::size_t>(a)];
      const auto w = static_cast<std::size_t>(u);
      const double old = distance[w];
      if (nd < old) {
        if (nd > radius) continue;
        if (old == std::numeric_limits<double>::infinity()) touched_.push_back(u);
      } else if (one_source || nd != old || !source_before(e.source, source_index[w])) {
        // Equally near: the source of smaller node id wins, so the answer does not depend on order.
        continue;
      }
      distance[w] = nd;
      if (!one_source) source_index[w] = e.source;
      heap.push_back({nd, e.source, u});
      std::push_heap(heap.begin(), heap.end(), later);
    }
  }
  for (node_id v : touched_) {
    distance[static_cast<std::size_t>(v)] = std::numeric_limits<double>::infinity();
    source_index[static_cast<std::size_t>(v)] = -1;
  }
  touched_.clear();
  heap_ = std::move(heap);
  if (one_source) out.source.assign(out.nodes.size(), 0);
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
