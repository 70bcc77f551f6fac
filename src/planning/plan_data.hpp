// What a GridPlan holds (private to src/planning): the plan of every redrawn community, and the
// staffing decisions applying it takes.
#pragma once

#include <string>
#include <vector>

#include "gridgov/core/csr.hpp"
#include "gridgov/planning/draw_grids.hpp"

namespace gridgov::planning {

/// One redrawn community.
struct CommunityPlan {
  node_id community = no_node;
  std::vector<node_id> members;        ///< building ids, ascending
  std::vector<std::int32_t> parts;     ///< part of each member
  std::int32_t k = 0;
  CsrGraph graph;                      ///< adjacency among the members (local indices)
  std::string graph_source;
  std::vector<double> weights;         ///< members x d workload
  std::vector<std::string> codes;      ///< grid code of each part
  std::vector<node_id> matched;        ///< today's grid each part continues (or reuses), or no_node
  std::vector<char> reused;            ///< matched only because the code was free again
  CommunityCut cut;
};

/// The staffing consequences of applying one community's plan.
struct CommunityStaffing {
  std::vector<std::int32_t> unstaffed;                  ///< parts without a full-time worker
  std::vector<std::pair<node_id, std::int32_t>> moved;  ///< spare full-time worker -> part it takes
  std::vector<node_id> surplus;                         ///< spare full-time workers left without a grid
  std::vector<std::int32_t> placeholders;               ///< parts that get a "待配备网格员"
  std::vector<std::pair<node_id, std::int32_t>> parttime;      ///< retired grid's part-time worker -> part
  std::vector<std::pair<node_id, std::int32_t>> party_groups;  ///< retired grid's party group -> part it joins (merged)
  std::vector<std::pair<node_id, std::int32_t>> moved_groups;  ///< retired grid's party group -> part it takes over
  std::vector<std::int32_t> new_groups;                 ///< parts that get a new party group
  std::vector<node_id> retired;                         ///< today's residential grids the plan ends
};

struct GridPlan::Data {
  Model model;
  node_id building_begin = 0;
  std::vector<node_id> building_grid;     ///< today's grid of each building row (ancestor), or no_node
  std::vector<double> households, x, y;   ///< per building row
  std::vector<std::string> current, labels;
  std::vector<CommunityPlan> plans;
  std::vector<CommunityStaffing> staffing;  ///< parallel to plans
  std::optional<HouseholdBand> band;
  std::vector<std::string> weight_names;
  std::vector<PlannedGrid> grids;
  std::vector<PlanQuality> quality;
  std::vector<std::string> warnings;
  StaffingChanges changes;
};

/// Decides, for every community of a plan, which workers and party groups go where (shared by
/// draw_grids, which reports it, and GridPlan::apply, which does it).
[[nodiscard]] std::vector<CommunityStaffing> plan_staffing(const GridPlan::Data& data);

/// Centroid of each part's located members (NaN where none is located).
void part_centroids(const GridPlan::Data& data, const CommunityPlan& plan, std::vector<double>& cx, std::vector<double>& cy);

/// The part holding most of an old grid's households (then buildings); part 0 when it held none.
[[nodiscard]] std::int32_t successor_part(const GridPlan::Data& data, const CommunityPlan& plan, node_id old_grid);

}  // namespace gridgov::planning
