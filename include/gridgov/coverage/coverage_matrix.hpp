// Which sites lie within a radius of which demands: Euclidean (a uniform grid of buckets over
// the sites) or along a road network (Dijkstra from each site, stopped at the radius).
//
// A uniform bucket grid rather than a k-d tree: with a fixed query radius every query touches a
// fixed block of cells, building is one counting sort, and nothing is allocated per query.
// Measured against nanoflann 1.4.2's k-d tree (radius search, same output, -O2, wall clock on a
// shared machine): 1,000,000 demands x 2,000 sites, r = 1,000 m, 0.84 s against 1.42 s;
// 100,000 x 20,000, r = 300 m, 1.31 s against 1.50 s. So gridgov does not depend on nanoflann.
#pragma once

#include <span>

#include "gridgov/core/csr.hpp"
#include "gridgov/core/eigen_fwd.hpp"
#include "gridgov/coverage/sparse_distances.hpp"

namespace gridgov::coverage {

/// Euclidean distances within `radius` between demands and sites given as interleaved x, y
/// arrays (n x 2 row-major). Rows are demands; entries in each row ascend by site.
SparseDistances euclidean_coverage(std::span<const double> demand_xy, std::span<const double> site_xy, double radius);
/// The same with the points as n x 2 and m x 2 matrices (zero-copy from C-ordered numpy).
SparseDistances euclidean_coverage(const DenseRef& demand_xy, const DenseRef& site_xy, double radius);

/// Network distances within `radius` between demands and sites that sit on network nodes
/// (`demand_node[i]`, `site_node[j]`), by Dijkstra from each site stopped at the radius. Rows
/// are demands; entries in each row ascend by site. Arc lengths must be finite and >= 0.
SparseDistances network_coverage(CsrView graph, std::span<const double> arc_length, std::span<const node_id> demand_node,
                                 std::span<const node_id> site_node, double radius);

}  // namespace gridgov::coverage
