// Reach: each household's distance to the nearest facility (see reach.hpp).
#include "gridgov/coverage/reach.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
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
    throw InputError(messages::format("reach.no_facility", {{"facility", std::string(facility)}}));
  return out;
}

namespace {

/// The households with their building and community, the facilities, and no distance yet (NaN).
ReachResult households_and_facilities(const Model& model, std::string_view facility) {
  ReachResult r;
  r.facilities = facility_nodes(model, facility);
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
  return r;
}

/// Each household takes its building's network label: `dist` and `source` per network node
/// (source = index into `sources`, whose facility is `source_facility`), `node_of_building(b)`
/// the building's network node (-1: unlocated, distance stays NaN).
template <class NodeOf>
void take_network_labels(ReachResult& r, std::span<const double> dist, std::span<const std::int32_t> source,
                         const std::vector<node_id>& source_facility, NodeOf node_of_building) {
  for (std::size_t k = 0; k < r.household.size(); ++k) {
    const node_id b = r.building[k];
    if (b == no_node) continue;
    const node_id at = node_of_building(b);
    if (at < 0) continue;
    r.distance[k] = dist[static_cast<std::size_t>(at)];
    const std::int32_t from = source[static_cast<std::size_t>(at)];
    r.facility[k] = from < 0 ? no_node : source_facility[static_cast<std::size_t>(from)];
  }
}

}  // namespace

ReachResult reach(const Model& model, std::string_view facility, ReachMetric metric) {
  ReachResult r = households_and_facilities(model, facility);
  const auto xs = model.x(), ys = model.y();
  const auto n = r.household.size();
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
    throw InputError(messages::format("reach.no_roads"));
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
      throw InputError(messages::format("reach.road_length",
                                        {{"code", std::string(model.code(v))}, {"code2", std::string(model.code(u))}}));
  take_network_labels(r, dist, source, r.facilities, [](node_id b) { return b; });
  return r;
}

ReachResult reach(const Model& model, std::string_view facility, const StreetNetwork& network) {
  ReachResult r = households_and_facilities(model, facility);
  ShortestPaths paths(network.graph, network.length);  // checks the graph and the lengths
  const node_id nodes = network.graph.num_nodes();
  if (network.node_of.size() != static_cast<std::size_t>(model.size()))
    throw InputError(messages::format("reach.node_of_count",
                                      {{"node_of", std::to_string(network.node_of.size())},
                                       {"model", std::to_string(model.size())}}));
  for (node_id v = 0; v < model.size(); ++v) {
    const node_id at = network.node_of[static_cast<std::size_t>(v)];
    if (at < -1 || at >= nodes)
      throw InputError(messages::format("reach.node_of_range",
                                        {{"code", std::string(model.code(v))},
                                         {"at", std::to_string(at)},
                                         {"nodes", std::to_string(nodes)}}));
  }
  std::vector<node_id> sources, source_facility;
  for (node_id f : r.facilities)
    if (network.node_of[static_cast<std::size_t>(f)] >= 0)
      sources.push_back(network.node_of[static_cast<std::size_t>(f)]), source_facility.push_back(f);
  if (sources.empty())
    throw InputError(messages::format("reach.facility_off_network", {{"facility", std::string(facility)}}));
  // Facilities sharing a network node: the traversal layer keeps the first listed, i.e. the one
  // of smaller model id, as it does for ties.
  std::vector<double> dist(static_cast<std::size_t>(nodes));
  std::vector<std::int32_t> source(static_cast<std::size_t>(nodes));
  paths.nearest(sources, std::numeric_limits<double>::infinity(), dist, source);
  take_network_labels(r, dist, source, source_facility,
                      [&](node_id b) { return network.node_of[static_cast<std::size_t>(b)]; });
  return r;
}

}  // namespace gridgov::coverage
