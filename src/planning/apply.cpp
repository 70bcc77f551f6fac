// Applying a grid plan to the model: new grids, moved buildings and places, and the people and
// party groups of the grids that end (include/gridgov/planning/draw_grids.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>

#include "gridgov/balance/assign.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/planning/draw_grids.hpp"
#include "planning/plan_data.hpp"

namespace gridgov::planning {

namespace {

bool is_worker(const Model& m, node_id v, std::string_view subkind) {
  return m.kind(v) == Kind::worker && m.subkind(v) == subkind;
}
bool is_party_group(const Model& m, node_id v) {
  return m.kind(v) == Kind::organisation && m.subkind(v) == "party_group";
}
bool has_fulltime(const Model& m, node_id grid) {
  for (node_id w : m.linked_from(grid, LinkType::serves))
    if (is_worker(m, w, "fulltime")) return true;
  return false;
}
bool has_party_group(const Model& m, node_id grid) {
  for (node_id o : m.linked_from(grid, LinkType::serves))
    if (is_party_group(m, o)) return true;
  return false;
}

std::vector<node_id> residential_grids(const Model& m, node_id community) {
  std::vector<node_id> out;
  for (node_id g : m.children(community, Kind::grid))
    if (m.subkind(g) == "residential") out.push_back(g);
  return out;
}

// As many (row, column) pairs as possible (each row and each column at most once) at least total
// cost: a min-cost assignment where a row may also take a "none" column that costs more than
// any real pair. Returns the column of each row, or -1.
std::vector<std::int32_t> nearest_matching(const std::vector<double>& cost, std::size_t rows, std::size_t columns) {
  constexpr double none = 1e15;  // above any distance (unlocated pairs cost 1e12)
  const std::size_t width = columns + 1;
  std::vector<double> full(rows * width, none);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < columns; ++c) full[r * width + c] = cost[r * columns + c];
  std::vector<std::int64_t> capacity(width, 1), minimum(width, 0);
  capacity.back() = static_cast<std::int64_t>(rows);
  const auto result = balance::min_cost_assignment(full, static_cast<std::int32_t>(rows), static_cast<std::int32_t>(width),
                                                   capacity, minimum);
  std::vector<std::int32_t> out(rows);
  for (std::size_t r = 0; r < rows; ++r) out[r] = result.grid[r] < static_cast<std::int32_t>(columns) ? result.grid[r] : -1;
  return out;
}

}  // namespace

std::vector<CommunityStaffing> plan_staffing(const GridPlan::Data& d) {
  const Model& m = d.model;
  std::vector<CommunityStaffing> out(d.plans.size());
  for (std::size_t i = 0; i < d.plans.size(); ++i) {
    const CommunityPlan& p = d.plans[i];
    CommunityStaffing& s = out[i];
    const std::set<node_id> kept(p.matched.begin(), p.matched.end());
    for (node_id g : residential_grids(m, p.community))
      if (!kept.count(g)) s.retired.push_back(g);
    for (std::int32_t part = 0; part < p.k; ++part) {
      const node_id g = p.matched[static_cast<std::size_t>(part)];
      if (g == no_node || !has_fulltime(m, g)) s.unstaffed.push_back(part);
    }
    std::vector<node_id> spare;
    std::vector<std::pair<node_id, node_id>> spare_groups;  // (party group, its old grid)
    for (node_id g : s.retired) {
      const std::int32_t successor = successor_part(d, p, g);
      std::set<node_id> groups;
      for (node_id v : m.linked_from(g, LinkType::serves)) {
        if (is_worker(m, v, "fulltime")) spare.push_back(v);
        else if (m.kind(v) == Kind::worker) s.parttime.emplace_back(v, successor);
        else if (is_party_group(m, v)) groups.insert(v);
      }
      for (node_id v : m.children(g, Kind::organisation))
        if (is_party_group(m, v)) groups.insert(v);
      for (node_id v : groups) spare_groups.emplace_back(v, g);
    }
    std::vector<std::int32_t> need_group;
    for (std::int32_t part = 0; part < p.k; ++part) {
      const node_id g = p.matched[static_cast<std::size_t>(part)];
      if (g == no_node || !has_party_group(m, g)) need_group.push_back(part);
    }
    std::vector<double> cx, cy;
    part_centroids(d, p, cx, cy);
    // Party groups of retired grids serve the grids without one, nearest old grid first; the
    // rest join the grid continuing most of their old grid's households.
    {
      std::vector<double> cost;
      for (auto [group, old_grid] : spare_groups) {
        double sx = 0, sy = 0, n = 0;
        for (node_id b : p.members) {
          const auto row = static_cast<std::size_t>(b - d.building_begin);
          if (d.building_grid[row] == old_grid && std::isfinite(d.x[row]) && std::isfinite(d.y[row]))
            sx += d.x[row], sy += d.y[row], n += 1;
        }
        for (std::int32_t part : need_group) {
          const double dist = std::hypot(sx / n - cx[static_cast<std::size_t>(part)], sy / n - cy[static_cast<std::size_t>(part)]);
          cost.push_back(std::isfinite(dist) ? dist : 1e12);
        }
      }
      std::vector<std::int32_t> pairs(spare_groups.size(), -1);
      if (!spare_groups.empty() && !need_group.empty()) pairs = nearest_matching(cost, spare_groups.size(), need_group.size());
      std::set<std::int32_t> served;
      for (std::size_t i = 0; i < spare_groups.size(); ++i) {
        if (pairs[i] >= 0) {
          const std::int32_t part = need_group[static_cast<std::size_t>(pairs[i])];
          s.moved_groups.emplace_back(spare_groups[i].first, part);
          served.insert(part);
        } else {
          s.party_groups.emplace_back(spare_groups[i].first, successor_part(d, p, spare_groups[i].second));
        }
      }
      for (std::int32_t part : need_group)
        if (!served.count(part)) s.new_groups.push_back(part);
    }
    // Spare full-time workers take the grids without one, nearest home first.
    {
      std::vector<double> cost;
      for (node_id w : spare)
        for (std::int32_t part : s.unstaffed) {
          const double dist = std::hypot(m.x()[static_cast<std::size_t>(w)] - cx[static_cast<std::size_t>(part)],
                                         m.y()[static_cast<std::size_t>(w)] - cy[static_cast<std::size_t>(part)]);
          cost.push_back(std::isfinite(dist) ? dist : 1e12);
        }
      std::vector<std::int32_t> pairs(spare.size(), -1);
      if (!spare.empty() && !s.unstaffed.empty()) pairs = nearest_matching(cost, spare.size(), s.unstaffed.size());
      std::set<std::int32_t> taken;
      for (std::size_t i = 0; i < spare.size(); ++i) {
        if (pairs[i] >= 0) {
          const std::int32_t part = s.unstaffed[static_cast<std::size_t>(pairs[i])];
          s.moved.emplace_back(spare[i], part);
          taken.insert(part);
        } else {
          s.surplus.push_back(spare[i]);
        }
      }
      for (std::int32_t part : s.unstaffed)
        if (!taken.count(part)) s.placeholders.push_back(part);
    }
  }
  return out;
}

Model GridPlan::apply() const {
  const Data& d = *data_;
  const Model& m = d.model;
  ModelBuilder builder = m.edit();
  for (std::size_t i = 0; i < d.plans.size(); ++i) {
    const CommunityPlan& p = d.plans[i];
    const CommunityStaffing& s = d.staffing[i];
    const std::string community(m.code(p.community));
    const std::vector<node_id> old_grids = residential_grids(m, p.community);
    const auto grid_name = [&](std::int32_t part) {
      const node_id kept = p.matched[static_cast<std::size_t>(part)];
      if (kept != no_node) return std::string(m.name(kept));
      const std::string& code = p.codes[static_cast<std::size_t>(part)];
      return std::find_if(d.grids.begin(), d.grids.end(), [&](const PlannedGrid& g) { return g.code == code; })->name;
    };
    // 1. new grids; a grid left without a party group gets a new one
    for (std::int32_t part = 0; part < p.k; ++part) {
      const std::string& code = p.codes[static_cast<std::size_t>(part)];
      if (p.matched[static_cast<std::size_t>(part)] == no_node) builder.add(Kind::grid, code, grid_name(part), community, "residential");
    }
    for (std::int32_t part : s.new_groups) {
      const std::string& code = p.codes[static_cast<std::size_t>(part)];
      if (builder.contains(code + "DXZ"))
        throw InputError(messages::format("grids.apply_party_code_taken", {{"code", code}}));
      builder.add(Kind::organisation, code + "DXZ", grid_name(part) + "党小组", code, "party_group");
      builder.link(code + "DXZ", code, LinkType::serves);
    }
    // 2. buildings
    for (node_id b : p.members) {
      const auto row = static_cast<std::size_t>(b - d.building_begin);
      if (d.labels[row] != d.current[row]) builder.move(m.code(b), d.labels[row]);
    }
    // 3. other children of redrawn grids: a place follows its nearest building; the rest of a
    //    grid's children (not party groups, handled below) go to the grid continuing most of it
    for (node_id g : old_grids) {
      for (node_id child : m.children(g)) {
        const Kind kind = m.kind(child);
        if (kind == Kind::building || is_party_group(m, child)) continue;
        std::string target = p.codes[static_cast<std::size_t>(successor_part(d, p, g))];
        const double px = m.x()[static_cast<std::size_t>(child)], py = m.y()[static_cast<std::size_t>(child)];
        if (kind == Kind::place && std::isfinite(px) && std::isfinite(py)) {
          double best = std::numeric_limits<double>::infinity();
          for (std::size_t j = 0; j < p.members.size(); ++j) {
            const auto row = static_cast<std::size_t>(p.members[j] - d.building_begin);
            const double dist = std::hypot(d.x[row] - px, d.y[row] - py);
            if (dist < best) best = dist, target = p.codes[static_cast<std::size_t>(p.parts[j])];
          }
        }
        if (target != m.code(g)) builder.move(m.code(child), target);
      }
    }
    // 4. workers: part-time workers of a retired grid serve the grid continuing it; spare
    //    full-time workers take new grids; the rest stay in the model without a grid (its
    //    serves link goes with the retired grid); placeholders where no one is left
    for (auto [w, part] : s.parttime) {
      for (node_id g : s.retired) builder.unlink(m.code(w), m.code(g), LinkType::serves);
      builder.link(m.code(w), p.codes[static_cast<std::size_t>(part)], LinkType::serves);
    }
    for (auto [w, part] : s.moved) {
      for (node_id g : m.linked(w, LinkType::serves)) builder.unlink(m.code(w), m.code(g), LinkType::serves);
      builder.link(m.code(w), p.codes[static_cast<std::size_t>(part)], LinkType::serves);
    }
    if (!s.placeholders.empty()) {
      int serial = 0;
      for (node_id w : m.children(p.community, Kind::worker)) {
        const std::string_view code = m.code(w);
        if (code.size() == community.size() + 5 && code.substr(0, community.size()) == community && code[community.size()] == 'W') {
          const std::string_view digits = code.substr(community.size() + 1);
          if (std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            serial = std::max(serial, std::stoi(std::string(digits)));
        }
      }
      std::vector<double> cx, cy;
      part_centroids(d, p, cx, cy);
      for (std::int32_t part : s.placeholders) {
        char code[32];
        std::snprintf(code, sizeof code, "W%04d", ++serial);
        const std::string worker = community + code;
        builder.add(Kind::worker, worker, "待配备网格员", community, "fulltime");
        const auto k = static_cast<std::size_t>(part);
        if (std::isfinite(cx[k]) && std::isfinite(cy[k])) builder.set_xy(worker, cx[k], cy[k]);
        builder.link(worker, p.codes[k], LinkType::serves);
      }
    }
    // 5. a retired grid's party group serves a grid without one (named after it), or joins the
    //    grid continuing most of its old grid's households
    for (const auto* moves : {&s.moved_groups, &s.party_groups}) {
      for (auto [group, part] : *moves) {
        const std::string& target = p.codes[static_cast<std::size_t>(part)];
        builder.move(m.code(group), target);
        for (node_id g : m.linked(group, LinkType::serves)) builder.unlink(m.code(group), m.code(g), LinkType::serves);
        builder.link(m.code(group), target, LinkType::serves);
        if (moves == &s.moved_groups) builder.rename(m.code(group), grid_name(part) + "党小组");
      }
    }
    // 6. the retired grids go (nothing is left under them)
    for (node_id g : s.retired) builder.remove(m.code(g), true);
  }
  return builder.freeze();
}

}  // namespace gridgov::planning
