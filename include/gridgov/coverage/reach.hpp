// Reach: each household's distance to the nearest facility of a kind (a service station, a
// school...), straight-line or along the model's `road` links.
//
// Households stand at their building's x, y (on the network: at their building's node).
// Euclidean: exact nearest facility by a scan over the facilities (they are few: stations,
// schools...). Network: one multi-source Dijkstra from every facility at once, which gives every
// node its nearest facility exactly in O(E log V), cheaper than a radius-stopped search per
// facility when all households are wanted.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "gridgov/core/csr.hpp"
#include "gridgov/model/model.hpp"

namespace gridgov::coverage {

enum class ReachMetric : std::uint8_t { euclidean, network };

struct ReachResult {
  std::vector<node_id> household;  ///< every household of the model, in id order
  std::vector<node_id> building;   ///< its building (-1 when it has none)
  std::vector<node_id> community;  ///< its community (-1 when it has none)
  std::vector<double> distance;    ///< to the nearest facility; inf when none is reachable, NaN when unlocated
  std::vector<node_id> facility;   ///< that facility (-1 when none)
  std::vector<node_id> facilities; ///< the facilities considered
};

/// Nodes whose subkind (or kind name) is `facility` and that have coordinates.
std::vector<node_id> facility_nodes(const Model& model, std::string_view facility);

/// Each household's distance to its nearest facility of the kind (see the header comment).
ReachResult reach(const Model& model, std::string_view facility, ReachMetric metric);

/// A street network beside the model (a city's road graph, e.g. from OpenStreetMap): arcs with
/// lengths in metres (both arcs of a two-way street), and the network node every model node
/// stands at (`node_of`, one entry per model node; -1 = none, e.g. unlocated).
struct StreetNetwork {
  CsrView graph;
  std::span<const double> length;
  std::span<const node_id> node_of;
};

/// Each household's network distance to its nearest facility over `network`: from its
/// building's network node to the facility's, by one multi-source Dijkstra from every facility
/// (ties to the facility at the smaller network node). A building or facility without a network node
/// counts as unlocated (distance NaN; such a facility is left out).
ReachResult reach(const Model& model, std::string_view facility, const StreetNetwork& network);

}  // namespace gridgov::coverage
