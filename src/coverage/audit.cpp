// The coverage audit of a grid model, rule by rule (see audit.hpp).
#include "gridgov/coverage/audit.hpp"

#include <algorithm>
#include <string>

#include "gridgov/core/traversal.hpp"
#include "gridgov/core/messages.hpp"

namespace gridgov::coverage {

namespace {

bool is_special_place(std::string_view subkind) {
  return subkind == "enterprise" || subkind == "school" || subkind == "hospital" || subkind == "mall" ||
         subkind == "market";
}

/// The 12-digit community prefix of a building code (codes extend the community code).
std::string_view community_prefix(std::string_view code) { return code.substr(0, std::min<std::size_t>(12, code.size())); }

}  // namespace

std::vector<Finding> audit(const Model& model, const AuditOptions& opt) {
  std::vector<Finding> out(model.findings().begin(), model.findings().end());
  const auto add = [&](std::string_view rule, std::string_view severity, node_id v, std::string detail) {
    out.push_back({std::string(rule), std::string(severity), std::string(kind_name(model.kind(v))),
                   std::string(model.code(v)), std::move(detail)});
  };
  const auto code = [&](node_id v) { return std::string(model.code(v)); };
  const auto households = model.count_descendants(Kind::household);

  // Households, buildings and places in no grid; buildings claimed by a second grid.
  {
    auto [b, e] = model.kind_range(Kind::household);
    for (node_id h = b; h < e; ++h)
      if (model.ancestor_of_kind(h, Kind::grid) == no_node && model.ancestor_of_kind(h, Kind::building) == no_node)
        add("household_no_grid", "error", h, messages::format("audit.household_no_grid"));
  }
  {
    auto [b, e] = model.kind_range(Kind::building);
    for (node_id v = b; v < e; ++v) {
      const node_id grid = model.ancestor_of_kind(v, Kind::grid);
      if (grid == no_node)
        add("building_no_grid", "error", v, messages::format("audit.building_no_grid",
                                                             {{"households", std::to_string(households[v])}}));
      for (node_id other : model.linked_from(v, LinkType::claims))
        if (other != grid)
          add("building_two_grids", "error", v,
              messages::format("audit.building_two_grids",
                               {{"grid", grid == no_node ? messages::format("model.no_grid") : code(grid)},
                                {"other", code(other)},
                                {"households", std::to_string(households[v])}}));
    }
  }
  {
    auto [b, e] = model.kind_range(Kind::place);
    for (node_id v = b; v < e; ++v) {
      const node_id grid = model.ancestor_of_kind(v, Kind::grid);
      if (grid == no_node) {
        add("place_no_grid", "error", v, messages::format("audit.place_no_grid",
                                                          {{"subkind", std::string(model.subkind(v))}}));
        continue;
      }
      if (is_special_place(model.subkind(v)) && model.subkind(grid) != "special")
        add("special_place_not_in_special_grid", "error", v,
            messages::format("audit.special_place",
                             {{"subkind", model.subkind(v)},
                              {"grid_subkind", model.subkind(grid).empty() ? messages::format("audit.untyped")
                                                                           : std::string(model.subkind(grid))},
                              {"grid", code(grid)}}));
    }
  }

  // Grids: community, workers, party group, households, connectivity.
  // Connectivity: the pieces of every grid's buildings over building adjacency, counted by the
  // traversal layer in one pass (a building's part = its grid).
  auto [gb, ge] = model.kind_range(Kind::grid);
  std::vector<std::int32_t> pieces;
  if (model.adjacency().num_arcs() > 0) {
    std::vector<std::int32_t> grid_of(static_cast<std::size_t>(model.size()), -1);
    auto [bb, be] = model.kind_range(Kind::building);
    for (node_id bld = bb; bld < be; ++bld) {
      const node_id p = model.parent(bld);
      if (p != no_node && model.kind(p) == Kind::grid) grid_of[static_cast<std::size_t>(bld)] = p - gb;
    }
    pieces = components_per_part(model.adjacency(), grid_of, ge - gb);
  }

  for (node_id g = gb; g < ge; ++g) {
    const node_id community = model.ancestor_of_kind(g, Kind::community);
    if (community == no_node) {
      add("grid_no_community", "error", g, messages::format("audit.grid_no_community"));
    } else {
      const std::string_view prefix = community_prefix(model.code(community));
      for (node_id bld : model.children(g, Kind::building))
        if (community_prefix(model.code(bld)) != prefix) {
          const node_id other = model.find(community_prefix(model.code(bld)));
          add("grid_two_communities", "error", g, messages::format("audit.grid_two_communities",
                                                                   {{"prefix", std::string(prefix)},
                                                                    {"code", code(bld)},
                                                                    {"other", (other == no_node ? std::string(community_prefix(model.code(bld))) : code(other))}}));
          break;
        }
    }
    const bool residential = model.subkind(g) == "residential";
    if (residential) {
      bool fulltime = false, party = false;
      for (node_id s : model.linked_from(g, LinkType::serves)) {
        if (model.kind(s) == Kind::worker && model.subkind(s) == "fulltime") fulltime = true;
        if (model.kind(s) == Kind::organisation && model.subkind(s) == "party_group") party = true;
      }
      if (!fulltime) add("grid_no_fulltime_worker", "error", g, messages::format("audit.grid_no_fulltime_worker"));
      if (!party) add("grid_no_party_group", "error", g, messages::format("audit.grid_no_party_group"));
      const auto h = households[g];
      if (h < opt.min_grid_households || h > opt.max_grid_households)
        add("grid_households_out_of_bounds", "warning", g, messages::format("audit.grid_households",
                                                                            {{"h", std::to_string(h)},
                                                                             {"min", std::to_string(opt.min_grid_households)},
                                                                             {"max", std::to_string(opt.max_grid_households)}}));
    }
    const auto blds = model.children(g, Kind::building);
    if (!pieces.empty() && blds.size() > 1) {
      const std::int32_t components = pieces[static_cast<std::size_t>(g - gb)];
      if (components > 1)
        add("grid_not_connected", "warning", g, messages::format("audit.grid_not_connected",
                                                                 {{"blds", std::to_string(blds.size())},
                                                                  {"components", std::to_string(components)}}));
    }
  }

  // Workers.
  {
    auto [b, e] = model.kind_range(Kind::worker);
    for (node_id w = b; w < e; ++w) {
      const auto served = model.linked(w, LinkType::serves);
      bool any_grid = false, any_residential = false;
      std::int64_t load = 0;
      for (node_id g : served) {
        if (model.kind(g) != Kind::grid) continue;
        any_grid = true;
        if (model.subkind(g) != "residential") continue;
        any_residential = true;
        // Share a grid's households among the full-time workers serving it.
        std::int64_t fulltime = 0;
        for (node_id s : model.linked_from(g, LinkType::serves))
          fulltime += model.kind(s) == Kind::worker && model.subkind(s) == "fulltime";
        load += households[g] / std::max<std::int64_t>(1, fulltime);
      }
      if (!any_grid) add("worker_no_grid", "error", w, messages::format("audit.worker_no_grid",
                                                                        {{"subkind", std::string(model.subkind(w))}}));
      if (any_residential && model.subkind(w) == "fulltime" &&
          (load < opt.min_worker_households || load > opt.max_worker_households))
        add("worker_households_out_of_bounds", "warning", w, messages::format("audit.worker_households",
                                                                              {{"load", std::to_string(load)},
                                                                               {"min", std::to_string(opt.min_worker_households)},
                                                                               {"max", std::to_string(opt.max_worker_households)}}));
    }
  }

  // Organisations every community must have.
  {
    auto [b, e] = model.kind_range(Kind::community);
    for (node_id c = b; c < e; ++c) {
      bool station = false, centre = false;
      for (node_id o : model.children(c, Kind::organisation)) {
        station |= model.subkind(o) == "service_station";
        centre |= model.subkind(o) == "command_centre";
      }
      if (!station) add("community_no_service_station", "error", c, messages::format("audit.community_no_service_station"));
      if (!centre) add("community_no_command_centre", "error", c, messages::format("audit.community_no_command_centre"));
    }
  }
  return out;
}

}  // namespace gridgov::coverage
