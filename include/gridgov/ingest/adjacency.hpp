// Spatial adjacency of located points (buildings): the Delaunay graph with a length cut-off,
// points at one place chained, and each group (community) joined into one piece again.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "gridgov/core/ids.hpp"

namespace gridgov::ingest {

/// Undirected edges between points, each once with i < j, sorted; lengths in metres.
struct Adjacency {
  std::vector<std::pair<node_id, node_id>> edges;
  std::vector<double> lengths;  ///< parallel to edges
  double max_edge = 0.0;        ///< the cut-off used (metres)
};

/// The edges of a Delaunay triangulation of distinct points: the dual of their Voronoi diagram
/// (Boost.Polygon), each once with i < j, sorted. Where four or more points lie on one circle
/// (a square of a lattice) the face is triangulated by a fan from its lowest-numbered point;
/// collinear points give the chain along the line. Coordinates are in metres, rounded to a 1 mm integer grid for the
/// exact predicates (coarser only beyond +-2,000 km from the middle of the points); points that
/// round to one grid point count once (the first of them, by index).
[[nodiscard]] std::vector<std::pair<node_id, node_id>> delaunay_edges(std::span<const double> x,
                                                                      std::span<const double> y);

/// Spatial adjacency of points (metres): the edges of the Delaunay graph no longer than
/// `max_edge` (default: four times the median distance from a point to its nearest neighbour),
/// so a long edge across a river, a field or a ring road between clusters is dropped. Points at
/// one place are chained to each other (in index order). With `groups` (one label per point,
/// e.g. the community; -1 for a point in no group), every group is then made connected: the
/// shortest edges of the group's own Delaunay graph that join its pieces are added back
/// (Kruskal's algorithm; they contain the Euclidean minimum spanning tree), so districting never
/// faces an unreachable point.
///
/// Throws InputError on mismatched lengths, a coordinate that is not finite, a group label
/// below -1, or a negative or non-finite `max_edge`.
[[nodiscard]] Adjacency delaunay_adjacency(std::span<const double> x, std::span<const double> y,
                                           std::span<const std::int32_t> groups = {},
                                           std::optional<double> max_edge = std::nullopt);

}  // namespace gridgov::ingest
