// Delaunay adjacency of buildings (see include/gridgov/ingest/adjacency.hpp).
//
// The Delaunay graph is the dual of the Voronoi diagram, which Boost.Polygon builds with exact
// integer predicates: coordinates in metres go onto a 1 mm integer grid first.
#include "gridgov/ingest/adjacency.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include <boost/polygon/voronoi.hpp>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/core/traversal.hpp"

namespace gridgov::ingest {

namespace {

using Edge = std::pair<node_id, node_id>;

/// Grid units per metre (1 mm), unless the points reach farther than this many units from
/// their middle: Boost.Polygon's builder takes 32-bit coordinates.
constexpr double grid_per_metre = 1000.0;
constexpr double grid_reach = 2.0e9;

/// The Delaunay graph of a set of points given by index, with points that share a grid point
/// merged: `edges` join the first point (lowest index) of each location; `same` lists, for every
/// further point at a location, the pair (previous point there, this point), in index order.
struct Triangulation {
  std::vector<Edge> edges;
  std::vector<Edge> same;
};

Triangulation triangulate(std::span<const double> x, std::span<const double> y, std::span<const node_id> points) {
  Triangulation out;
  const std::size_t n = points.size();
  if (n < 2) return out;
  double x0 = x[points[0]], x1 = x0, y0 = y[points[0]], y1 = y0;
  for (node_id p : points) {
    x0 = std::min(x0, x[p]);
    x1 = std::max(x1, x[p]);
    y0 = std::min(y0, y[p]);
    y1 = std::max(y1, y[p]);
  }
  const double mx = 0.5 * (x0 + x1), my = 0.5 * (y0 + y1);
  const double reach = std::max(x1 - mx, y1 - my);
  const double scale = reach * grid_per_metre > grid_reach ? grid_reach / reach : grid_per_metre;
  std::vector<boost::polygon::point_data<std::int32_t>> grid(n);
  for (std::size_t i = 0; i < n; ++i)
    grid[i] = {static_cast<std::int32_t>(std::llround((x[points[i]] - mx) * scale)),
               static_cast<std::int32_t>(std::llround((y[points[i]] - my) * scale))};
  // Distinct grid points in (x, y) order; ties by position in `points`.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (grid[a].x() != grid[b].x()) return grid[a].x() < grid[b].x();
    if (grid[a].y() != grid[b].y()) return grid[a].y() < grid[b].y();
    return a < b;
  });
  std::vector<boost::polygon::point_data<std::int32_t>> sites;
  std::vector<node_id> first;  // per site: its first point
  sites.reserve(n);
  first.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    if (k > 0 && grid[i] == grid[order[k - 1]]) {
      out.same.emplace_back(points[order[k - 1]], points[i]);
      continue;
    }
    sites.push_back(grid[i]);
    first.push_back(points[i]);
  }
  if (sites.size() < 2) return out;
  boost::polygon::voronoi_diagram<double> diagram;
  boost::polygon::construct_voronoi(sites.begin(), sites.end(), &diagram);
  out.edges.reserve(3 * sites.size());
  auto add = [&](std::size_t a, std::size_t b) {
    const node_id i = first[a], j = first[b];
    out.edges.emplace_back(std::min(i, j), std::max(i, j));
  };
  for (const auto& edge : diagram.edges()) {
    const std::size_t a = edge.cell()->source_index(), b = edge.twin()->cell()->source_index();
    if (a < b) add(a, b);  // every Voronoi edge comes with its twin: keep one of the two
  }
  // A Voronoi vertex where more than three cells meet has its sites on one circle (a square of a
  // lattice): the dual face is a convex polygon, triangulated here by a fan from its
  // lowest-numbered site so that the result is a triangulation, the same on every machine.
  std::vector<std::size_t> ring;
  for (const auto& vertex : diagram.vertices()) {
    ring.clear();
    const auto* edge = vertex.incident_edge();
    do {
      ring.push_back(edge->cell()->source_index());
      edge = edge->rot_next();
    } while (edge != vertex.incident_edge());
    if (ring.size() <= 3) continue;
    const auto apex = static_cast<std::size_t>(
        std::min_element(ring.begin(), ring.end(), [&](std::size_t a, std::size_t b) { return first[a] < first[b]; }) -
        ring.begin());
    for (std::size_t step = 2; step + 1 < ring.size(); ++step) add(ring[apex], ring[(apex + step) % ring.size()]);
  }
  std::sort(out.edges.begin(), out.edges.end());
  out.edges.erase(std::unique(out.edges.begin(), out.edges.end()), out.edges.end());
  return out;
}

void check_points(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size())
    throw InputError(messages::format("geo.xy_lengths",
                                      {{"x", std::to_string(x.size())}, {"y", std::to_string(y.size())}}));
  if (x.size() > static_cast<std::size_t>(std::numeric_limits<node_id>::max()))
    throw InputError("at most 2^31 - 1 points");
  std::size_t bad = 0, first_bad = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) {
      if (bad++ == 0) first_bad = i;
    }
  if (bad)
    throw InputError(messages::format("geo.points_not_finite",
                                      {{"bad", std::to_string(bad)}, {"first_bad", std::to_string(first_bad)}}));
}

double length(std::span<const double> x, std::span<const double> y, Edge e) {
  return std::hypot(x[e.first] - x[e.second], y[e.first] - y[e.second]);
}

std::vector<node_id> all_points(std::size_t n) {
  std::vector<node_id> points(n);
  std::iota(points.begin(), points.end(), node_id{0});
  return points;
}

/// Four times the median nearest-neighbour distance of the triangulated points.
double default_cut(std::span<const double> x, std::span<const double> y, const Triangulation& t) {
  if (t.edges.empty()) return 0.0;
  std::vector<double> nearest(x.size(), std::numeric_limits<double>::infinity());
  for (const Edge& e : t.edges) {
    const double d = length(x, y, e);
    nearest[e.first] = std::min(nearest[e.first], d);
    nearest[e.second] = std::min(nearest[e.second], d);
  }
  std::erase_if(nearest, [](double d) { return std::isinf(d); });
  const std::size_t m = nearest.size(), mid = m / 2;
  std::nth_element(nearest.begin(), nearest.begin() + static_cast<std::ptrdiff_t>(mid), nearest.end());
  double median = nearest[mid];
  if (m % 2 == 0) {
    const double below = *std::max_element(nearest.begin(), nearest.begin() + static_cast<std::ptrdiff_t>(mid));
    median = (below + median) / 2.0;
  }
  return 4.0 * median;
}

/// Edges to add so that every group's points are connected by edges inside the group.
std::vector<Edge> join_groups(std::span<const double> x, std::span<const double> y, std::span<const std::int32_t> groups,
                              const std::vector<Edge>& edges) {
  const std::size_t n = x.size();
  UnionFind pieces(static_cast<node_id>(n));
  for (const Edge& e : edges)
    if (groups[e.first] == groups[e.second]) pieces.unite(e.first, e.second);
  // Members of every group, in index order.
  std::vector<node_id> by_group = all_points(n);
  std::stable_sort(by_group.begin(), by_group.end(), [&](node_id a, node_id b) { return groups[a] < groups[b]; });
  std::vector<Edge> added;
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin + 1;
    while (end < n && groups[by_group[end]] == groups[by_group[begin]]) ++end;
    std::span<const node_id> members(by_group.data() + begin, end - begin);
    begin = end;
    if (groups[members[0]] < 0) continue;  // points in no group are not joined
    const node_id root = pieces.find(members[0]);
    if (std::all_of(members.begin(), members.end(), [&](node_id p) { return pieces.find(p) == root; })) continue;
    // Kruskal over the group's own Delaunay graph (points at one place first: length 0).
    Triangulation t = triangulate(x, y, members);
    std::vector<std::pair<double, Edge>> candidates;
    candidates.reserve(t.edges.size() + t.same.size());
    for (const Edge& e : t.same) candidates.emplace_back(0.0, std::minmax(e.first, e.second));
    for (const Edge& e : t.edges) candidates.emplace_back(length(x, y, e), e);
    std::sort(candidates.begin(), candidates.end());
    for (const auto& [d, e] : candidates)
      if (pieces.unite(e.first, e.second)) added.push_back(e);
  }
  return added;
}

}  // namespace

std::vector<std::pair<node_id, node_id>> delaunay_edges(std::span<const double> x, std::span<const double> y) {
  check_points(x, y);
  return triangulate(x, y, all_points(x.size())).edges;
}

Adjacency delaunay_adjacency(std::span<const double> x, std::span<const double> y, std::span<const std::int32_t> groups,
                             std::optional<double> max_edge) {
  check_points(x, y);
  const std::size_t n = x.size();
  if (!groups.empty()) {
    if (groups.size() != n)
      throw InputError(messages::format("geo.groups_count",
                                        {{"groups", std::to_string(groups.size())}, {"n", std::to_string(n)}}));
    for (std::size_t i = 0; i < n; ++i)
      if (groups[i] < -1)
        throw InputError(messages::format("geo.group_negative",
                                          {{"label", std::to_string(groups[i])}, {"i", std::to_string(i)}}));
  }
  if (max_edge && !(std::isfinite(*max_edge) && *max_edge >= 0))
    throw InputError(messages::format("geo.max_edge", {{"max_edge", std::to_string(*max_edge)}}));

  const Triangulation all = triangulate(x, y, all_points(n));
  Adjacency out;
  out.max_edge = max_edge ? *max_edge : default_cut(x, y, all);
  std::vector<Edge> edges;
  edges.reserve(all.edges.size() + all.same.size());
  for (const Edge& e : all.edges)
    if (length(x, y, e) <= out.max_edge) edges.push_back(e);
  for (const Edge& e : all.same) edges.push_back(std::minmax(e.first, e.second));
  if (!groups.empty()) {
    std::vector<Edge> added = join_groups(x, y, groups, edges);
    edges.insert(edges.end(), added.begin(), added.end());
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  out.lengths.reserve(edges.size());
  for (const Edge& e : edges) out.lengths.push_back(length(x, y, e));
  out.edges = std::move(edges);
  return out;
}

}  // namespace gridgov::ingest
