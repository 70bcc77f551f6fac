// Reach: each household's distance to the nearest facility (see reach.hpp).
#include "gridgov/coverage/reach.hpp"

#include <cmath>
#include <limits>
#include <queue>
#include <string>
#include <utility>

#include "gridgov/core/errors.hpp"

namespace gridgov::coverage {

std::vector<node_id> facility_nodes(const Model& model, std::string_view facility) {
  std::vector<node_id> out;
  const auto kind = find_kind(facility);
  for (node_id v = 0; v < model.size(); ++v)
    if ((model.subkind(v) == facility || (kind && model.kind(v) == *kind)) && !std::isnan(model.x()[v]) &&
        !std::isnan(model.y()[v]))
      out.push_back(v);
  if (out.empty())
    throw InputError("no located node of subkind or kind '" + std::string(facility) +
                     "' in the model: name a facility such as service_station, command_centre, school or hospital");
  return out;
}

ReachResult reach(const Model& model, std::string_view facility, ReachMetric metric) {
  ReachResult r;
  r.facilities = facility_nodes(model, facility);
  const auto xs = model.x(), ys = model.y();
  auto [hb, he] = model.kind_range(Kind::household);
  const auto n = static_cast<std::size_t>(he - hb);
  r.household.resize(n);
  r.building.resize(n);
  r.community.resize(n);
  r.distance.assign(n, std::numeric_limits<double>::quiet_NaN());
  r.facility.assign(n, no_node);
  for (node_id h = hb; h < he; ++h) {
    const auto k = static_cast<std::size_t>(h - hb);
    r.household[k] = h;
    r.building[k] = model.ancestor_of_kind(h, Kind::building);
    r.community[k] = model.ancestor_of_kind(h, Kind::community);
  }
  if (metric == ReachMetric::euclidean) {
    for (std::size_t k = 0; k < n; ++k) {
      const node_id b = r.building[k];
      if (b == no_node || std::isnan(xs[b]) || std::isnan(ys[b])) continue;
      double best = std::numeric_limits<double>::infinity();
      node_id at = no_node;
      for (node_id f : r.facilities) {
        const double d = std::hypot(xs[f] - xs[b], ys[f] - ys[b]);
        if (d < best) best = d, at = f;
      }
      r.distance[k] = best;
      r.facility[k] = at;
    }
    return r;
  }
  // Network: multi-source Dijkstra over the road links (weight = metres; a link without a
  // weight counts its straight-line length).
  const LinkTable& roads = model.links(LinkType::road);
  const CsrView g = roads.out.view();
  if (g.num_arcs() == 0)
    throw InputError("the model has no road links: use metric='euclidean' or add road links (weight = metres)");
  const auto N = static_cast<std::size_t>(model.size());
  std::vector<double> dist(N, std::numeric_limits<double>::infinity());
  std::vector<node_id> source(N, no_node);
  using Entry = std::pair<double, node_id>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  for (node_id f : r.facilities) dist[static_cast<std::size_t>(f)] = 0, source[static_cast<std::size_t>(f)] = f, heap.emplace(0.0, f);
  while (!heap.empty()) {
    auto [d, v] = heap.top();
    heap.pop();
    if (d > dist[static_cast<std::size_t>(v)]) continue;
    for (auto a = g.offsets[v]; a < g.offsets[v + 1]; ++a) {
      const node_id u = g.targets[static_cast<std::size_t>(a)];
      double len = roads.out_weight[static_cast<std::size_t>(a)];
      if (std::isnan(len)) len = std::hypot(xs[u] - xs[v], ys[u] - ys[v]);
      if (!(len >= 0))
        throw InputError("road link " + std::string(model.code(v)) + " - " + std::string(model.code(u)) +
                         " has no usable length: give it a weight in metres");
      const double nd = d + len;
      if (nd < dist[static_cast<std::size_t>(u)] ||
          (nd == dist[static_cast<std::size_t>(u)] && source[static_cast<std::size_t>(v)] < source[static_cast<std::size_t>(u)])) {
        dist[static_cast<std::size_t>(u)] = nd;
        source[static_cast<std::size_t>(u)] = source[static_cast<std::size_t>(v)];
        heap.emplace(nd, u);
      }
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    const node_id b = r.building[k];
    if (b == no_node) continue;
    r.distance[k] = dist[static_cast<std::size_t>(b)];
    r.facility[k] = source[static_cast<std::size_t>(b)];
  }
  return r;
}

}  // namespace gridgov::coverage
