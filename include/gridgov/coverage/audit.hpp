// The coverage audit of a grid model: "全覆盖, no blind spot, no vacuum" checked rule by rule.
//
// Every finding names one record (kind + code) and says what is wrong. The model's own
// validation findings (kept by freeze(Validate::defer)) come first, then the rules below.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "gridgov/model/model.hpp"

namespace gridgov::coverage {

struct AuditOptions {
  std::int64_t min_grid_households = 150;    ///< per residential grid
  std::int64_t max_grid_households = 600;
  std::int64_t min_worker_households = 150;  ///< per full-time worker (residential grids served)
  std::int64_t max_worker_households = 600;
};

/// The rule names, in the order the audit applies them.
inline constexpr std::string_view audit_rules[] = {
    "household_no_grid",      "building_no_grid",           "place_no_grid",
    "building_two_grids",     "grid_no_community",          "grid_two_communities",
    "grid_no_fulltime_worker", "grid_no_party_group",       "special_place_not_in_special_grid",
    "worker_no_grid",         "grid_households_out_of_bounds", "worker_households_out_of_bounds",
    "grid_not_connected",     "community_no_service_station", "community_no_command_centre"};

/// The audit's findings: the model's own validation findings first, then one per broken rule.
std::vector<Finding> audit(const Model& model, const AuditOptions& opt = {});

}  // namespace gridgov::coverage
