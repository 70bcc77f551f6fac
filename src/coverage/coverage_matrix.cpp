// The radius matrices: Euclidean (a uniform bucket grid over the sites) and network (the
// traversal layer's Dijkstra from each site, stopped at the radius).
#include "gridgov/coverage/coverage_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/core/traversal.hpp"

namespace gridgov::coverage {

namespace {


void check_radius(double radius) {
  if (!(radius >= 0) || std::isinf(radius))
    throw InputError(messages::format("coverage.radius_finite", {{"radius", std::to_string(radius)}}));
}

void check_points(std::span<const double> xy, const char* what) {
  if (xy.size() % 2 != 0)
    throw InputError(messages::format("coverage.points_shape", {{"what", std::string(what)}}));
  for (std::size_t k = 0; k < xy.size(); ++k)
    if (!std::isfinite(xy[k]))
      throw InputError(messages::format("coverage.points_finite",
                                        {{"what", std::string(what)}, {"row", std::to_string(k / 2)}}));
}


void check_node_list(std::span<const node_id> nodes, node_id n, const char* what) {
  for (std::size_t k = 0; k < nodes.size(); ++k)
    if (nodes[k] < 0 || nodes[k] >= n)
      throw InputError(messages::format("coverage.network_node",
                                        {{"what", std::string(what)},
                                         {"k", std::to_string(k)},
                                         {"node", std::to_string(nodes[k])},
                                         {"n", std::to_string(n)}}));
}

/// Builds CSR rows from unordered (row, col, value) triples by a counting sort on the row and a
/// sort by column inside each row.
SparseDistances csr_from_triples(node_id rows, node_id cols, const std::vector<node_id>& r,
                                        const std::vector<node_id>& c, const std::vector<double>& v) {
  SparseDistances out;
  out.rows = rows;
  out.cols = cols;
  out.indptr.assign(static_cast<std::size_t>(rows) + 1, 0);
  for (node_id i : r) ++out.indptr[static_cast<std::size_t>(i) + 1];
  for (std::size_t i = 1; i < out.indptr.size(); ++i) out.indptr[i] += out.indptr[i - 1];
  out.indices.resize(r.size());
  out.distances.resize(r.size());
  std::vector<std::int64_t> fill(out.indptr.begin(), out.indptr.end() - 1);
  // Triples are visited in column order when the caller emits them site by site, so rows come
  // out sorted without a further sort; sort anyway when they do not.
  bool sorted = true;
  for (std::size_t k = 0; k < r.size(); ++k) {
    const auto pos = static_cast<std::size_t>(fill[static_cast<std::size_t>(r[k])]++);
    if (pos > static_cast<std::size_t>(out.indptr[static_cast<std::size_t>(r[k])]) &&
        out.indices[pos - 1] > c[k])
      sorted = false;
    out.indices[pos] = c[k];
    out.distances[pos] = v[k];
  }
  if (!sorted) {
    std::vector<std::pair<node_id, double>> row;
    for (node_id i = 0; i < rows; ++i) {
      const auto b = static_cast<std::size_t>(out.indptr[static_cast<std::size_t>(i)]);
      const auto e = static_cast<std::size_t>(out.indptr[static_cast<std::size_t>(i) + 1]);
      row.clear();
      for (std::size_t k = b; k < e; ++k) row.emplace_back(out.indices[k], out.distances[k]);
      std::sort(row.begin(), row.end());
      for (std::size_t k = b; k < e; ++k) {
        out.indices[k] = row[k - b].first;
        out.distances[k] = row[k - b].second;
      }
    }
  }
  return out;
}

}  // namespace

/// Euclidean distances within `radius` between demands and sites given as interleaved x, y
/// arrays (n x 2 row-major). Rows are demands; entries in each row ascend by site.
SparseDistances euclidean_coverage(std::span<const double> demand_xy, std::span<const double> site_xy, double radius) {
  check_points(demand_xy, "demand_xy");
  check_points(site_xy, "site_xy");
  check_radius(radius);
  const auto n = static_cast<node_id>(demand_xy.size() / 2);
  const auto m = static_cast<node_id>(site_xy.size() / 2);
  SparseDistances out;
  out.rows = n;
  out.cols = m;
  out.indptr.assign(static_cast<std::size_t>(n) + 1, 0);
  if (n == 0 || m == 0) return out;

  double x0 = site_xy[0], x1 = site_xy[0], y0 = site_xy[1], y1 = site_xy[1];
  for (node_id j = 0; j < m; ++j) {
    x0 = std::min(x0, site_xy[2 * j]);
    x1 = std::max(x1, site_xy[2 * j]);
    y0 = std::min(y0, site_xy[2 * j + 1]);
    y1 = std::max(y1, site_xy[2 * j + 1]);
  }
  // Cells no smaller than the radius (a query spans 3 x 3 cells) and no more cells than about
  // four per site (memory stays linear in the sites whatever the radius).
  const double w = std::max(x1 - x0, 1e-9), h = std::max(y1 - y0, 1e-9);
  double cell = std::max(radius, std::sqrt(w * h / (4.0 * m)));
  cell = std::max({cell, w / 4096.0, h / 4096.0});
  const auto gx = static_cast<std::int64_t>(w / cell) + 1, gy = static_cast<std::int64_t>(h / cell) + 1;
  const auto cell_of = [&](double x, double y) {
    const auto cx = std::clamp<std::int64_t>(static_cast<std::int64_t>((x - x0) / cell), 0, gx - 1);
    const auto cy = std::clamp<std::int64_t>(static_cast<std::int64_t>((y - y0) / cell), 0, gy - 1);
    return std::pair{cx, cy};
  };
  std::vector<std::int64_t> start(static_cast<std::size_t>(gx * gy) + 1, 0);
  std::vector<node_id> bucket(static_cast<std::size_t>(m));
  for (node_id j = 0; j < m; ++j) {
    auto [cx, cy] = cell_of(site_xy[2 * j], site_xy[2 * j + 1]);
    ++start[static_cast<std::size_t>(cy * gx + cx) + 1];
  }
  for (std::size_t c = 1; c < start.size(); ++c) start[c] += start[c - 1];
  {
    std::vector<std::int64_t> fill(start.begin(), start.end() - 1);
    for (node_id j = 0; j < m; ++j) {  // ascending j: each bucket lists its sites in order
      auto [cx, cy] = cell_of(site_xy[2 * j], site_xy[2 * j + 1]);
      bucket[static_cast<std::size_t>(fill[static_cast<std::size_t>(cy * gx + cx)]++)] = j;
    }
  }
  const auto reach = static_cast<std::int64_t>(std::ceil(radius / cell));
  const double r2 = radius * radius;
  std::vector<std::pair<node_id, double>> row;
  out.indices.reserve(static_cast<std::size_t>(n) * 2);
  out.distances.reserve(static_cast<std::size_t>(n) * 2);
  for (node_id i = 0; i < n; ++i) {
    const double x = demand_xy[2 * i], y = demand_xy[2 * i + 1];
    // Clamped as doubles first: a demand far outside the sites' box must not overflow int64.
    const auto fx = static_cast<std::int64_t>(
        std::clamp(std::floor((x - x0) / cell), -2.0 - reach, static_cast<double>(gx + reach + 1)));
    const auto fy = static_cast<std::int64_t>(
        std::clamp(std::floor((y - y0) / cell), -2.0 - reach, static_cast<double>(gy + reach + 1)));
    row.clear();
    for (std::int64_t cy = std::max<std::int64_t>(fy - reach, 0); cy <= std::min(fy + reach, gy - 1); ++cy) {
      for (std::int64_t cx = std::max<std::int64_t>(fx - reach, 0); cx <= std::min(fx + reach, gx - 1); ++cx) {
        const auto c = static_cast<std::size_t>(cy * gx + cx);
        for (auto k = start[c]; k < start[c + 1]; ++k) {
          const node_id j = bucket[static_cast<std::size_t>(k)];
          const double dx = site_xy[2 * j] - x, dy = site_xy[2 * j + 1] - y;
          const double d2 = dx * dx + dy * dy;
          if (d2 <= r2) row.emplace_back(j, std::sqrt(d2));
        }
      }
    }
    std::sort(row.begin(), row.end());
    for (auto [j, d] : row) {
      out.indices.push_back(j);
      out.distances.push_back(d);
    }
    out.indptr[static_cast<std::size_t>(i) + 1] = static_cast<std::int64_t>(out.indices.size());
  }
  return out;
}

/// Network distances within `radius` between demands and sites that sit on network nodes
/// (`demand_node[i]`, `site_node[j]`). Rows are demands; entries in each row ascend by site.
SparseDistances network_coverage(CsrView graph, std::span<const double> arc_length, std::span<const node_id> demand_node,
                                 std::span<const node_id> site_node, double radius) {
  ShortestPaths paths(graph, arc_length);  // checks the graph and the lengths
  check_radius(radius);
  const node_id nodes = graph.num_nodes();
  check_node_list(demand_node, nodes, "demand_nodes");
  check_node_list(site_node, nodes, "site_nodes");
  const auto n = static_cast<node_id>(demand_node.size());
  const auto m = static_cast<node_id>(site_node.size());
  // Demands by node (several demands may share a node).
  std::vector<std::int64_t> first(static_cast<std::size_t>(nodes) + 1, 0);
  for (node_id v : demand_node) ++first[static_cast<std::size_t>(v) + 1];
  for (std::size_t v = 1; v < first.size(); ++v) first[v] += first[v - 1];
  std::vector<node_id> at(static_cast<std::size_t>(n));
  {
    std::vector<std::int64_t> fill(first.begin(), first.end() - 1);
    for (node_id i = 0; i < n; ++i)
      at[static_cast<std::size_t>(fill[static_cast<std::size_t>(demand_node[i])]++)] = i;
  }
  // One search per site, stopped at the radius (the traversal layer reuses its scratch arrays,
  // so each costs only what it reaches); triples come site by site, so rows come out sorted.
  std::vector<node_id> r, c;
  std::vector<double> v;
  Reached reached;
  for (node_id s = 0; s < m; ++s) {
    paths.within(site_node.subspan(static_cast<std::size_t>(s), 1), radius, reached);
    for (std::size_t k = 0; k < reached.nodes.size(); ++k) {
      const auto node = static_cast<std::size_t>(reached.nodes[k]);
      for (auto q = first[node]; q < first[node + 1]; ++q) {
        r.push_back(at[static_cast<std::size_t>(q)]);
        c.push_back(s);
        v.push_back(reached.distance[k]);
      }
    }
  }
  return csr_from_triples(n, m, r, c, v);
}

}  // namespace gridgov::coverage
