// Routing: the router's per-site handler chains, route_many, and explained routes.
#include "gridgov/escalation/router.hpp"

#include <algorithm>
#include <bit>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"

namespace gridgov::escalation {

std::int32_t Router::sector_index(const std::string& s) {
  for (std::size_t i = 0; i < sectors_.size(); ++i)
    if (sectors_[i] == s) return static_cast<std::int32_t>(i);
  sectors_.push_back(s);
  return static_cast<std::int32_t>(sectors_.size() - 1);
}

Router::Router(const Model& model, const EscalationPolicy& policy, std::span<const std::int32_t> fulltime_override)
    : model_(model), policy_(policy) {
  policy_.validate();
  const Model& m = model_;
  const auto n = static_cast<std::size_t>(m.size());
  const node_id grid_begin = m.kind_range(Kind::grid).first, grid_end = m.kind_range(Kind::grid).second;
  if (!fulltime_override.empty() && fulltime_override.size() != static_cast<std::size_t>(grid_end - grid_begin))
    throw InputError(messages::format("route.staffing_override",
                                      {{"entries", std::to_string(fulltime_override.size())},
                                       {"grids", std::to_string(grid_end - grid_begin)}}));

  // Rules: category x urgency, with the skip rule applied.
  for (const auto& c : policy_.categories)
    for (int u = 0; u < urgency_count; ++u) {
      const auto& r = c.rules[static_cast<std::size_t>(u)];
      Rule rule{};
      rule.entry = static_cast<std::int8_t>(std::max<int>(r.entry, policy_.skip_rules[static_cast<std::size_t>(u)].min_entry));
      rule.close = static_cast<std::int8_t>(std::max<int>(r.close, rule.entry));
      rule.flags = 0;
      if (rule.entry > r.entry) rule.flags |= reason_skip_level;
      if (r.entry > 0) rule.flags |= reason_category_entry;
      if (policy_.skip_rules[static_cast<std::size_t>(u)].report_above) rule.flags |= reason_reported_above;
      if (c.family == Family::city_management) rule.flags |= reason_direct_dispatch;
      rule.sector = (r.sector.empty() || r.sector == policy_.community_sector) ? -1 : sector_index(r.sector);
      rules_.push_back(rule);
    }
  std::vector<std::int32_t> special_sector_of_subkind(m.subkind_names().size(), -1);
  for (const auto& [subkind, sector] : policy_.special_sectors)
    for (std::size_t i = 0; i < m.subkind_names().size(); ++i)
      if (m.subkind_names()[i] == subkind) special_sector_of_subkind[i] = sector_index(sector);

  // Counties: command centre and departments by sector.
  const auto [county_begin, county_end] = m.kind_range(Kind::county);
  std::vector<std::int32_t> county_index(n, -1);
  for (node_id c = county_begin; c < county_end; ++c) {
    county_index[static_cast<std::size_t>(c)] = static_cast<std::int32_t>(county_centres_.size());
    node_id centre = no_node;
    for (node_id o : m.children(c, Kind::organisation))
      if (m.subkind(o) == "command_centre") { centre = o; break; }
    county_centres_.push_back(centre);
  }
  departments_.assign(county_centres_.size() * sectors_.size(), no_node);
  const Column* sector_column = m.column(Kind::organisation, "sector");
  const node_id org_begin = m.kind_range(Kind::organisation).first;
  for (node_id c = county_begin; c < county_end; ++c) {
    const auto ci = static_cast<std::size_t>(county_index[static_cast<std::size_t>(c)]);
    std::vector<node_id> candidates;
    const node_id centre = county_centres_[ci];
    if (centre != no_node)
      for (node_id d : m.linked(centre, LinkType::dispatches)) candidates.push_back(d);
    for (node_id o : m.children(c, Kind::organisation))
      if (m.subkind(o) == "department") candidates.push_back(o);
    if (!sector_column) break;
    for (node_id d : candidates) {
      const auto row = static_cast<std::size_t>(d - org_begin);
      if (!sector_column->is_present(row) || sector_column->type != ColumnType::string) continue;
      const std::string_view s = sector_column->strings[row];
      for (std::size_t si = 0; si < sectors_.size(); ++si)
        if (sectors_[si] == s && departments_[ci * sectors_.size() + si] == no_node) departments_[ci * sectors_.size() + si] = d;
    }
  }

  // Sites.
  std::map<std::tuple<node_id, node_id, node_id>, std::int32_t> site_of_key;
  node_site_.assign(n, -1);
  auto first_org = [&](node_id parent, std::string_view subkind) {
    if (parent == no_node) return no_node;
    for (node_id o : m.children(parent, Kind::organisation))
      if (m.subkind(o) == subkind) return o;
    return no_node;
  };
  auto make_site = [&](node_id grid, node_id compound, node_id community) {
    auto key = std::make_tuple(grid, compound, community);
    if (auto it = site_of_key.find(key); it != site_of_key.end()) return it->second;
    Site s;
    s.grid = grid;
    s.compound = compound;
    s.community = community;
    s.county = community == no_node ? no_node : m.ancestor_of_kind(community, Kind::county);
    s.county_index = s.county == no_node ? -1 : county_index[static_cast<std::size_t>(s.county)];
    if (grid == no_node) {
      s.flags |= reason_no_grid;
      s.min_entry = compound != no_node ? 1 : 2;
    } else {
      node_id fulltime = no_node;
      for (node_id w : m.linked_from(grid, LinkType::serves))
        if (m.kind(w) == Kind::worker && m.subkind(w) == "fulltime") { fulltime = w; break; }
      const std::int32_t override_value = fulltime_override.empty() ? -1 : fulltime_override[static_cast<std::size_t>(grid - grid_begin)];
      if (override_value == 0) fulltime = no_node;
      if (override_value > 0 && fulltime == no_node) fulltime = grid;  // staffed in the what-if: the grid stands for its worker
      s.handler[0] = fulltime;
      if (fulltime == no_node) {
        s.flags |= reason_no_fulltime_worker;
        s.min_entry = 2;
      }
      if (m.subkind(grid) == "special") {
        s.flags |= reason_special_grid;
        for (node_id p : m.linked_from(grid, LinkType::hosts)) { s.host = p; break; }
        if (s.host != no_node) s.special_sector = special_sector_of_subkind[m.subkind_ids()[static_cast<std::size_t>(s.host)]];
      }
    }
    s.handler[1] = s.host != no_node ? s.host : compound;
    if (s.handler[1] == no_node) s.flags |= reason_no_compound;
    s.station = first_org(community, "service_station");
    s.community_centre = first_org(community, "command_centre");
    s.handler[2] = s.station != no_node ? s.station : s.community_centre;
    if (s.station == no_node) s.flags |= reason_no_station;
    if (policy_.street_tier && community != no_node) s.handler[3] = m.ancestor_of_kind(m.parent(community), Kind::street);
    s.handler[4] = county_centre(s.county_index);
    s.handler[5] = s.county == no_node ? no_node : m.parent(s.county);
    const auto id = static_cast<std::int32_t>(sites_.size());
    sites_.push_back(s);
    site_of_key.emplace(key, id);
    return id;
  };
  auto grid_of_building = [&](node_id b) { node_id p = m.parent(b); return p != no_node && m.kind(p) == Kind::grid ? p : no_node; };
  auto community_of = [&](node_id v) { return m.ancestor_of_kind(v, Kind::community); };
  auto compound_of_building = [&](node_id b) {
    for (node_id c : m.linked_from(b, LinkType::member))
      if (m.kind(c) == Kind::compound) return c;
    return no_node;
  };
  // Buildings first; units and households inherit their building's site.
  const auto [b_begin, b_end] = m.kind_range(Kind::building);
  for (node_id b = b_begin; b < b_end; ++b)
    node_site_[static_cast<std::size_t>(b)] = make_site(grid_of_building(b), compound_of_building(b), community_of(b));
  for (Kind k : {Kind::unit, Kind::household}) {
    const auto [begin, end] = m.kind_range(k);
    for (node_id v = begin; v < end; ++v) {
      const node_id b = m.ancestor_of_kind(v, Kind::building);
      node_site_[static_cast<std::size_t>(v)] =
          b != no_node ? node_site_[static_cast<std::size_t>(b)] : make_site(no_node, no_node, community_of(v));
    }
  }
  const auto [p_begin, p_end] = m.kind_range(Kind::place);
  for (node_id p = p_begin; p < p_end; ++p) {
    node_id grid = no_node;
    for (node_id g : m.linked(p, LinkType::hosts)) { grid = g; break; }  // a host place belongs to its special grid
    if (grid == no_node) grid = m.ancestor_of_kind(p, Kind::grid);
    node_site_[static_cast<std::size_t>(p)] = make_site(grid, no_node, community_of(grid != no_node ? grid : p));
  }
  for (node_id g = grid_begin; g < grid_end; ++g) node_site_[static_cast<std::size_t>(g)] = make_site(g, no_node, community_of(g));
}

void Router::bad_place(std::size_t i, node_id v) const {
  if (v < 0 || v >= model_.size())
    throw UnknownCodeError(messages::format("route.place_id", {{"i", std::to_string(i)}, {"v", std::to_string(v)}}));
  throw InputError(messages::format("route.place_kind",
                                    {{"i", std::to_string(i)},
                                     {"code", std::string(model_.code(v))},
                                     {"kind", messages::kind(std::string(kind_name(model_.kind(v))))}}));
}

void Router::route_many(std::span<const node_id> places, std::span<const std::int32_t> categories,
                               std::span<const std::int8_t> urgencies, const RouteOutput& out) const {
  const std::size_t n = places.size();
  if (categories.size() != n || (!urgencies.empty() && urgencies.size() != n))
    throw InputError(messages::format("route.lengths",
                                      {{"n", std::to_string(n)},
                                       {"categories", std::to_string(categories.size())},
                                       {"urgencies", std::to_string(urgencies.size())}}));
  if (out.entry_tier.size() < n || out.close_tier.size() < n || out.handlers.size() < n * tier_count ||
      out.department.size() < n || out.reason.size() < n)
    throw InputError("route_many: output arrays are too short");
  const auto ncat = static_cast<std::int32_t>(policy_.categories.size());
  const Site* sites = sites_.data();
  const std::int32_t* node_site = node_site_.data();
  const auto nnodes = static_cast<node_id>(node_site_.size());
  const auto nsectors = static_cast<std::int32_t>(sectors_.size());
  for (std::size_t i = 0; i < n; ++i) {
    const node_id v = places[i];
    const std::int32_t s = (v >= 0 && v < nnodes) ? node_site[v] : -1;
    if (s < 0) bad_place(i, v);
    const std::int32_t c = categories[i];
    if (c < 0 || c >= ncat)
      throw UnknownCodeError(messages::format("route.category_index",
                                              {{"i", std::to_string(i)},
                                               {"c", std::to_string(c)},
                                               {"last", std::to_string(ncat - 1)}}));
    std::int8_t u = urgencies.empty() ? std::int8_t{-1} : urgencies[i];
    if (u < 0) u = policy_.categories[static_cast<std::size_t>(c)].default_urgency;
    if (u >= urgency_count)
      throw UnknownCodeError(messages::format("route.urgency", {{"i", std::to_string(i)}, {"u", std::to_string(u)}}));
    const Site& site = sites[s];
    const Rule& rule = rules_[static_cast<std::size_t>(c) * urgency_count + static_cast<std::size_t>(u)];
    std::uint16_t reason = static_cast<std::uint16_t>(site.flags | rule.flags);
    const bool direct = (rule.flags & reason_direct_dispatch) != 0;
    int entry = std::max<int>(rule.entry, site.min_entry);
    if (direct && entry > 0) entry = std::max(entry, tier_county);  // L1-L3 are not on a city-management route
    while (entry < tier_county && site.handler[static_cast<std::size_t>(entry)] == no_node) {
      if (!(entry == 1 || (entry == 3 && !policy_.street_tier) || entry == 0)) reason |= reason_missing_handler;
      ++entry;
      if (direct) entry = tier_county;
    }
    const int close = std::max<int>(rule.close, entry);
    node_id* h = out.handlers.data() + i * tier_count;
    for (int t = 0; t < tier_count - 1; ++t)
      h[t] = (t >= entry && t <= close && !(direct && t > 0 && t < tier_county)) ? site.handler[static_cast<std::size_t>(t)] : no_node;
    h[tier_count - 1] = (rule.flags & reason_reported_above) ? site.handler[tier_count - 1] : no_node;
    std::int32_t sector = rule.sector;
    if (sector < 0 && site.special_sector >= 0) sector = site.special_sector;
    node_id dept = (sector >= 0 && site.county_index >= 0) ? departments_[static_cast<std::size_t>(site.county_index) * nsectors + sector] : no_node;
    if (dept == no_node && sector >= 0) reason |= reason_no_department;
    out.entry_tier[i] = static_cast<std::int8_t>(entry);
    out.close_tier[i] = static_cast<std::int8_t>(close);
    out.department[i] = dept;
    out.reason[i] = reason;
  }
}

Router::One Router::route(node_id place, std::int32_t category, std::int8_t urgency) const {
  One r;
  std::int8_t u = urgency;
  route_many({&place, 1}, {&category, 1}, {&u, 1},
             RouteOutput{{&r.entry, 1}, {&r.close, 1}, r.handlers, {&r.department, 1}, {&r.reason, 1}});
  return r;
}

Route Router::explain(node_id place, std::int32_t category, std::int8_t urgency) const {
  const One r = route(place, category, urgency);
  const Model& m = model_;
  const Site& site = sites_[static_cast<std::size_t>(site_of(place))];
  const auto has = [&](Reason bit) { return (r.reason & bit) != 0; };
  // Reasons in the language of the messages (gridgov/core/messages.hpp; reason_texts is their English).
  const auto text = [](Reason bit) {
    return messages::format("reason." + std::string(reason_names[std::countr_zero(static_cast<unsigned>(bit))]));
  };
  const std::string separator = messages::format("list.separator");
  Route out;
  out.place = place;
  out.place_code = std::string(m.code(place));
  out.category = policy_.categories[static_cast<std::size_t>(category)].code;
  out.urgency = urgency >= 0 ? urgency : policy_.categories[static_cast<std::size_t>(category)].default_urgency;
  out.entry_tier = r.entry;
  out.close_tier = r.close;
  out.department = r.department;
  out.reasons = r.reason;
  auto step = [&](int tier, node_id h, std::string reason) {
    out.steps.push_back(RouteStep{tier, h, h == no_node ? std::string() : std::string(m.code(h)),
                                  h == no_node ? std::string() : std::string(m.name(h)), std::move(reason)});
  };
  auto why_entry = [&](int t) -> std::string {
    if (t != r.entry) return messages::format("route.escalated");
    for (Reason bit : {reason_no_grid, reason_no_fulltime_worker, reason_skip_level, reason_category_entry})
      if (has(bit)) return text(bit);
    return messages::format(t == 0 ? "route.first_handler" : "route.entry_tier");
  };
  for (int t = 0; t < tier_count - 1; ++t) {
    const node_id h = r.handlers[static_cast<std::size_t>(t)];
    if (h == no_node) continue;
    std::string reason = why_entry(t);
    if (t == 0) {
      step(0, site.grid, messages::format("route.grid"));
      if (h != site.grid) step(0, h, messages::format("route.fulltime_worker", {{"reason", reason}}));
      continue;
    }
    if (t == 1 && has(reason_special_grid)) reason += separator + text(reason_special_grid);
    if (t == 2) {
      step(2, h, reason + (has(reason_no_station) ? separator + text(reason_no_station) : std::string()));
      if (site.community_centre != no_node && site.community_centre != h)
        step(2, site.community_centre, messages::format("route.community_centre"));
      continue;
    }
    step(t, h, reason);
    if (t == tier_county) {
      if (r.department != no_node)
        step(tier_county, r.department,
             has(reason_direct_dispatch) ? text(reason_direct_dispatch) : messages::format("route.department"));
      else if (has(reason_no_department)) step(tier_county, h, text(reason_no_department));
    }
  }
  const node_id above = r.handlers[tier_above];
  if (above != no_node) step(tier_above, above, text(reason_reported_above));
  else if (has(reason_reported_above))
    step(tier_above, no_node, messages::format("route.no_level_above", {{"reason", text(reason_reported_above)}}));
  if (out.steps.empty()) throw InputError(messages::format("route.no_handler", {{"place", out.place_code}}));
  return out;
}

Route route(const Model& model, const EscalationPolicy& policy, node_id place, std::string_view category, int urgency) {
  if (urgency < -1 || urgency >= urgency_count)
    throw UnknownCodeError(messages::format("route.urgency_value", {{"urgency", std::to_string(urgency)}}));
  const Router router(model, policy);
  return router.explain(place, policy.category_index(category), static_cast<std::int8_t>(urgency));
}

}  // namespace gridgov::escalation
