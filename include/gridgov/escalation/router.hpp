// Routing: for an event at a place, with a category and an urgency, the handler at every tier,
// the entry tier, the highest tier that may close it, the department, and why.
//
// The handler chain depends only on where an event happens (grid, compound, community), so the
// router resolves every locatable node to a "site" once (a few thousand distinct chains in a
// county) and `route_many` is then a handful of array loads per event.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gridgov/core/ids.hpp"
#include "gridgov/escalation/policy.hpp"
#include "gridgov/model/model.hpp"

namespace gridgov::escalation {

/// Why a route looks the way it does (bit flags; several may hold).
enum Reason : std::uint16_t {
  reason_routine = 0,
  reason_special_grid = 1u << 0,        ///< special grid: host unit at L1, host's sector department
  reason_no_grid = 1u << 1,             ///< the place lies in no grid: entered at its community
  reason_no_fulltime_worker = 1u << 2,  ///< the grid has no full-time worker: went to the community
  reason_skip_level = 1u << 3,          ///< urgency skip rule raised the entry tier
  reason_category_entry = 1u << 4,      ///< the category itself enters above L0
  reason_no_compound = 1u << 5,         ///< no compound or host: L1 skipped
  reason_no_department = 1u << 6,       ///< no department of the sector: the county centre handles it
  reason_no_station = 1u << 7,          ///< the community has no service station: its command centre
  reason_reported_above = 1u << 8,      ///< copied to the level above the county (L5)
  reason_missing_handler = 1u << 9,     ///< a tier in range has no handler node: skipped upwards
  reason_direct_dispatch = 1u << 10,    ///< city management: from the grid straight to the county centre's dispatch
};
inline constexpr int reason_bits = 11;
/// Names of the reason bits, lowest first (the one list Python's gridgov.escalation.REASONS reads).
inline constexpr const char* reason_names[reason_bits] = {
    "special_grid", "no_grid", "no_fulltime_worker", "skip_level", "category_entry",
    "no_compound", "no_department", "no_station", "reported_above", "missing_handler", "direct_dispatch"};
/// What each reason bit means, as a route's explanation says it.
inline constexpr const char* reason_texts[reason_bits] = {
    "special grid: its host unit handles it at L1 and the host's sector department at the county",
    "the place lies in no grid (a coverage finding): it enters at its compound or community",
    "the grid has no full-time worker: it went to the community station",
    "urgent matter: the skip-level rule raised its entry tier",
    "the category itself enters above the grid",
    "no compound or host unit: L1 is skipped",
    "the county has no department of the category's sector: the county centre handles it",
    "the community has no service station: its command centre takes it",
    "major matter: copied to the level above the county",
    "a tier in range has no handler node: skipped upwards",
    ("city management: what the grid does not settle on the spot the county centre dispatches straight "
     "to the responsible department, not up the residential ladder")};

/// One step of an explained route: who handles the event at a tier, and why.
struct RouteStep {
  int tier = 0;                ///< 0..5 (L0..L5)
  node_id handler = no_node;   ///< no_node for the level above a county the model lacks
  std::string code, name;      ///< the handler's code and name ("" without a handler node)
  std::string reason;
};

/// The explained route of one event: ordered steps from the first handler up to the highest
/// tier allowed to close it (at L0 the grid and its full-time worker, at L2 the station and the
/// community command centre, at L4 the county centre and the department, L5 when copied).
struct Route {
  node_id place = no_node;
  std::string place_code, category;
  int urgency = 0;            ///< the urgency used (the category's default when none was given)
  int entry_tier = 0, close_tier = 0;
  node_id department = no_node;
  std::uint16_t reasons = 0;  ///< bits of Reason
  std::vector<RouteStep> steps;
};

/// One distinct handler chain.
struct Site {
  std::array<node_id, tier_count> handler{no_node, no_node, no_node, no_node, no_node, no_node};
  node_id grid = no_node, compound = no_node, community = no_node, county = no_node;
  node_id station = no_node, community_centre = no_node, host = no_node;
  std::int32_t county_index = -1;
  std::int32_t special_sector = -1;  ///< sector index of the host's department (special grids)
  std::uint16_t flags = 0;
  std::int8_t min_entry = 0;
};

/// Arrays out of route_many (caller-owned; sized n, and n x tier_count for handlers).
struct RouteOutput {
  std::span<std::int8_t> entry_tier, close_tier;
  std::span<node_id> handlers;
  std::span<node_id> department;
  std::span<std::uint16_t> reason;
};

class Router {
 public:
  /// `fulltime_override`: optional, one entry per grid (in grid id order): -1 = as the model,
  /// 0 = treat the grid as having no full-time worker, > 0 = as having one (the simulator's
  /// staffing what-if).
  Router(const Model& model, const EscalationPolicy& policy, std::span<const std::int32_t> fulltime_override = {});

  [[nodiscard]] const Model& model() const noexcept { return model_; }
  [[nodiscard]] const EscalationPolicy& policy() const noexcept { return policy_; }
  /// The site of a node, or -1 when the node is not a household, unit, building, place or grid.
  [[nodiscard]] std::int32_t site_of(node_id v) const noexcept {
    return v >= 0 && static_cast<std::size_t>(v) < node_site_.size() ? node_site_[static_cast<std::size_t>(v)] : -1;
  }
  [[nodiscard]] const Site& site(std::int32_t s) const noexcept { return sites_[static_cast<std::size_t>(s)]; }
  [[nodiscard]] std::int32_t site_count() const noexcept { return static_cast<std::int32_t>(sites_.size()); }
  [[nodiscard]] const std::vector<std::string>& sectors() const noexcept { return sectors_; }
  /// Department for (county index, sector index), or no_node.
  [[nodiscard]] node_id department(std::int32_t county_index, std::int32_t sector) const noexcept {
    if (county_index < 0 || sector < 0) return no_node;
    return departments_[static_cast<std::size_t>(county_index) * sectors_.size() + static_cast<std::size_t>(sector)];
  }
  /// The county command centre of a county index.
  [[nodiscard]] node_id county_centre(std::int32_t county_index) const noexcept {
    return county_index < 0 ? no_node : county_centres_[static_cast<std::size_t>(county_index)];
  }

  /// Routes n events. `urgencies` may be empty (category defaults) or hold -1 for a default.
  /// Throws UnknownCodeError naming the first bad place, category or urgency (by position).
  void route_many(std::span<const node_id> places, std::span<const std::int32_t> categories,
                  std::span<const std::int8_t> urgencies, const RouteOutput& out) const;

  /// One event (the same arithmetic as route_many).
  struct One {
    std::int8_t entry = 0, close = 0;
    std::array<node_id, tier_count> handlers{};
    node_id department = no_node;
    std::uint16_t reason = 0;
  };
  [[nodiscard]] One route(node_id place, std::int32_t category, std::int8_t urgency = -1) const;

  /// One event routed and explained step by step (urgency -1: the category's default).
  [[nodiscard]] Route explain(node_id place, std::int32_t category, std::int8_t urgency = -1) const;

 private:
  struct Rule {
    std::int8_t entry, close;
    std::int32_t sector;  ///< -1: no department (community sector)
    std::uint16_t flags;
  };
  [[noreturn]] void bad_place(std::size_t i, node_id v) const;
  std::int32_t sector_index(const std::string& s);

  Model model_;
  EscalationPolicy policy_;
  std::vector<std::int32_t> node_site_;
  std::vector<Site> sites_;
  std::vector<Rule> rules_;  ///< category * urgency_count + urgency
  std::vector<std::string> sectors_;
  std::vector<node_id> departments_;     ///< county index x sector
  std::vector<node_id> county_centres_;  ///< per county index
};

/// The explained route of one event at a place (household, unit, building, place or grid) with a
/// category code; `urgency` 0..3, or -1 for the category's default. Builds a Router: to route
/// many events, build one Router and call `explain` or `route_many` on it.
[[nodiscard]] Route route(const Model& model, const EscalationPolicy& policy, node_id place, std::string_view category,
                          int urgency = -1);

}  // namespace gridgov::escalation
