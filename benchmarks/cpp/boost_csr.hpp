// gridgov::CsrView as a Boost.Graph graph, without copying its arrays: lets the traversal
// benchmark run Boost.Graph's algorithms on the very arrays gridgov's own run on.
//
// Boost.Graph algorithms are written against concepts (graph_traits + free functions), so a
// view over offsets/targets arrays is a graph as it stands: vertices are node ids, an edge is an
// arc (source node + position in `targets`), out_edges(v) walks v's slice. Undirected graphs
// store both arcs of every edge, which is how Boost expects out_edges of an undirected graph.
#pragma once

#include <boost/graph/graph_traits.hpp>
#include <boost/graph/properties.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <boost/property_map/property_map.hpp>

#include <utility>

#include "gridgov/core/csr.hpp"

namespace gridgov::detail {

/// One arc of a CsrView: its tail and its position in `targets`.
struct CsrArc {
  node_id source = no_node;
  edge_id index = -1;
  bool operator==(const CsrArc& o) const noexcept { return index == o.index; }
  bool operator!=(const CsrArc& o) const noexcept { return index != o.index; }
};

class CsrArcIterator : public boost::iterator_facade<CsrArcIterator, CsrArc, std::random_access_iterator_tag, CsrArc> {
 public:
  CsrArcIterator() = default;
  CsrArcIterator(node_id source, edge_id index) : arc_{source, index} {}

 private:
  friend class boost::iterator_core_access;
  CsrArc dereference() const { return arc_; }
  bool equal(const CsrArcIterator& o) const { return arc_.index == o.arc_.index; }
  void increment() { ++arc_.index; }
  void decrement() { --arc_.index; }
  void advance(std::ptrdiff_t n) { arc_.index += n; }
  std::ptrdiff_t distance_to(const CsrArcIterator& o) const { return static_cast<std::ptrdiff_t>(o.arc_.index - arc_.index); }
  CsrArc arc_;
};

struct CsrTraversalTag : boost::incidence_graph_tag, boost::vertex_list_graph_tag {};

}  // namespace gridgov::detail

namespace boost {

template <>
struct graph_traits<gridgov::CsrView> {
  using vertex_descriptor = gridgov::node_id;
  using edge_descriptor = gridgov::detail::CsrArc;
  using directed_category = undirected_tag;
  using edge_parallel_category = allow_parallel_edge_tag;
  using traversal_category = gridgov::detail::CsrTraversalTag;
  using out_edge_iterator = gridgov::detail::CsrArcIterator;
  using vertex_iterator = counting_iterator<gridgov::node_id>;
  using degree_size_type = gridgov::edge_id;
  using vertices_size_type = gridgov::node_id;
  using edges_size_type = gridgov::edge_id;
  using adjacency_iterator = void;
  using in_edge_iterator = void;
  using edge_iterator = void;
  static vertex_descriptor null_vertex() { return gridgov::no_node; }
};

}  // namespace boost

namespace gridgov {

// Free functions Boost.Graph finds by argument-dependent lookup on CsrView.
inline std::pair<detail::CsrArcIterator, detail::CsrArcIterator> out_edges(node_id v, const CsrView& g) {
  return {detail::CsrArcIterator(v, g.offsets[v]), detail::CsrArcIterator(v, g.offsets[v + 1])};
}
inline edge_id out_degree(node_id v, const CsrView& g) { return g.offsets[v + 1] - g.offsets[v]; }
inline node_id source(const detail::CsrArc& a, const CsrView&) { return a.source; }
inline node_id target(const detail::CsrArc& a, const CsrView& g) { return g.targets[static_cast<std::size_t>(a.index)]; }
inline std::pair<boost::counting_iterator<node_id>, boost::counting_iterator<node_id>> vertices(const CsrView& g) {
  return {boost::counting_iterator<node_id>(0), boost::counting_iterator<node_id>(g.num_nodes())};
}
inline node_id num_vertices(const CsrView& g) { return g.num_nodes(); }

}  // namespace gridgov

namespace boost {

// Vertex ids are their own index.
template <>
struct property_map<gridgov::CsrView, vertex_index_t> {
  using type = typed_identity_property_map<gridgov::node_id>;
  using const_type = type;
};

}  // namespace boost

namespace gridgov {

inline boost::typed_identity_property_map<node_id> get(boost::vertex_index_t, const CsrView&) { return {}; }

}  // namespace gridgov
