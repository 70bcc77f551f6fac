// Reach: each household's distance to the nearest facility (see reach.hpp).
#include "gridgov/coverage/reach.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/traversal.hpp"

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
  // Network: the traversal layer's multi-source Dijkstra over the road links, from every facility
  // at once (ties go to the facility of smaller node id). Length = the link's weight in metres,
  // or the straight-line length of a link without one. An arc with no usable length (no weight
  // and an end without coordinates) is left out of the search, and reaching its start is an
  // error naming it, as before; an infinite weight is a road nobody can use.
  const CsrView roads = model.link_view(LinkType::road);
  const auto weight = model.link_weights(LinkType::road);
  if (roads.num_arcs() == 0)
    throw InputError("the model has no road links: use metric='euclidean' or add road links (weight = metres)");
  const auto N = static_cast<std::size_t>(model.size());
  CsrGraph usable;
  std::vector<double> length;
  std::vector<std::pair<node_id, node_id>> unusable;
  usable.offsets.reserve(N + 1);
  for (node_id v = 0; v < roads.num_nodes(); ++v) {
    for (auto a = roads.offsets[v]; a < roads.offsets[v + 1]; ++a) {
      const node_id u = roads.targets[static_cast<std::size_t>(a)];
      double len = weight[static_cast<std::size_t>(a)];
      if (std::isnan(len)) len = std::hypot(xs[u] - xs[v], ys[u] - ys[v]);
      if (!(len >= 0)) unusable.emplace_back(v, u);
      else if (std::isfinite(len)) usable.targets.push_back(u), length.push_back(len);
    }
    usable.offsets.push_back(static_cast<edge_id>(usable.targets.size()));
  }
  std::vector<double> dist(N);
  std::vector<std::int32_t> source(N);
  ShortestPaths(usable.view(), length).nearest(r.facilities, std::numeric_limits<double>::infinity(), dist, source);
  for (auto [v, u] : unusable)
    if (std::isfinite(dist[static_cast<std::size_t>(v)]))
      throw InputError("road link " + std::string(model.code(v)) + " - " + std::string(model.code(u)) +
                       " has no usable length: give it a weight in metres");
  for (std::size_t k = 0; k < n; ++k) {
    const node_id b = r.building[k];
    if (b == no_node) continue;
    r.distance[k] = dist[static_cast<std::size_t>(b)];
    const std::int32_t from = source[static_cast<std::size_t>(b)];
    r.facility[k] = from < 0 ? no_node : r.facilities[static_cast<std::size_t>(from)];
  }
  return r;
}

}  // namespace gridgov::coverage
