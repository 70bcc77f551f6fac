// Staffing residential grids by min-cost assignment (include/gridgov/planning/staffing.hpp).
#include "gridgov/planning/staffing.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <unordered_map>

#include "gridgov/balance/assign.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/planning/draw_grids.hpp"

namespace gridgov::planning {

std::int32_t Staffing::assigned_fulltime() const noexcept {
  std::int32_t n = 0;
  for (node_id w : model.nodes(Kind::worker, "fulltime"))
    for (node_id g : model.linked(w, LinkType::serves))
      if (model.kind(g) == Kind::grid && model.subkind(g) == "residential") {
        ++n;
        break;
      }
  return n;
}

namespace {

std::string first_codes(const Model& m, const std::vector<node_id>& ids, std::size_t limit = 5) {
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < limit; ++i) out += (i ? ", " : "") + std::string(m.code(ids[i]));
  return out;
}

}  // namespace

Staffing assign_workers(const Model& model, const StaffingOptions& options) {
  const Model& m = model;
  const auto grids = m.nodes(Kind::grid, "residential");
  std::unordered_map<node_id, std::size_t> grid_index;
  for (std::size_t i = 0; i < grids.size(); ++i) grid_index.emplace(grids[i], i);
  for (const auto& [code, cap] : options.parttime_per_grid_by_code) {
    const node_id g = m.find(code);
    if (g == no_node || !grid_index.count(g))
      throw UnknownCodeError(messages::format("staffing.parttime_unknown_grid", {{"code", code}}));
    if (cap < 1) throw InputError(messages::format("staffing.parttime_grid_count", {{"code", code}}));
  }
  if (options.parttime_per_grid && *options.parttime_per_grid < 1)
    throw InputError(messages::format("staffing.parttime_count"));
  // Each grid's centroid (over its located buildings) and workload.
  const auto weights = options.weights.empty() ? available_workload_weights(m) : options.weights;
  const auto score = workload(m, weights);
  const auto [b0, b1] = m.kind_range(Kind::building);
  std::vector<double> sx(grids.size(), 0), sy(grids.size(), 0), located(grids.size(), 0), load(grids.size(), 0);
  for (node_id b = b0; b < b1; ++b) {
    const node_id g = m.ancestor_of_kind(b, Kind::grid);
    auto it = grid_index.find(g);
    if (it == grid_index.end()) continue;
    load[it->second] += score[static_cast<std::size_t>(b - b0)];
    const double x = m.x()[static_cast<std::size_t>(b)], y = m.y()[static_cast<std::size_t>(b)];
    if (std::isfinite(x) && std::isfinite(y)) sx[it->second] += x, sy[it->second] += y, located[it->second] += 1;
  }
  const auto served = [&](node_id w) {
    const auto targets = m.linked(w, LinkType::serves);
    return targets.empty() ? no_node : targets.front();
  };
  const auto distance = [&](node_id w, std::size_t grid) {
    return std::hypot(m.x()[static_cast<std::size_t>(w)] - sx[grid] / located[grid],
                      m.y()[static_cast<std::size_t>(w)] - sy[grid] / located[grid]);
  };
  Staffing out;
  ModelBuilder builder = m.edit();
  for (node_id c : m.nodes(Kind::community)) {
    std::vector<node_id> gids;
    for (node_id g : grids)
      if (m.parent(g) == c) gids.push_back(g);
    if (gids.empty()) continue;
    std::vector<node_id> unlocated;
    for (node_id g : gids)
      if (located[grid_index[g]] == 0) unlocated.push_back(g);
    if (!unlocated.empty())
      throw InputError(messages::format("staffing.grid_unlocated", {{"grids", first_codes(m, unlocated)}}));
    for (const std::string subkind : {"fulltime", "parttime"}) {
      std::vector<node_id> workers;
      for (node_id w : m.nodes(Kind::worker, subkind)) {
        if (m.parent(w) != c) continue;
        const node_id g = served(w);
        if (g == no_node || std::find(gids.begin(), gids.end(), g) != gids.end()) workers.push_back(w);
      }
      const auto ng = static_cast<std::int32_t>(gids.size());
      const auto nw = static_cast<std::int32_t>(workers.size());
      std::vector<std::int64_t> capacity, minimum;
      bool spare_column = false;
      if (subkind == "fulltime") {
        if (nw < ng)
          throw InfeasibleError(messages::format("staffing.fulltime_short",
                                                 {{"code", std::string(m.code(c))},
                                                  {"nw", std::to_string(nw)},
                                                  {"ng", std::to_string(ng)}}));
        capacity.assign(static_cast<std::size_t>(ng), 1);
        minimum.assign(static_cast<std::size_t>(ng), 1);
        // Full-time workers beyond one per grid take the "no grid" column (cost 0): the nearest
        // homes staff the grids, the others stay in the model without a grid.
        spare_column = nw > ng;
        if (spare_column) capacity.push_back(nw - ng), minimum.push_back(0);
      } else {
        if (nw == 0) continue;
        if (nw < ng)
          throw InfeasibleError(messages::format("staffing.parttime_short",
                                                 {{"code", std::string(m.code(c))},
                                                  {"nw", std::to_string(nw)},
                                                  {"ng", std::to_string(ng)}}));
        if (!options.parttime_per_grid && options.parttime_per_grid_by_code.empty()) {
          std::vector<double> w;
          for (node_id g : gids) w.push_back(load[grid_index[g]]);
          capacity = largest_remainder(nw, w, 1);
          minimum = capacity;
        } else {
          for (node_id g : gids) {
            auto it = options.parttime_per_grid_by_code.find(std::string(m.code(g)));
            capacity.push_back(it != options.parttime_per_grid_by_code.end() ? it->second : options.parttime_per_grid.value_or(1));
          }
          minimum.assign(static_cast<std::size_t>(ng), 1);
          const auto total = std::accumulate(capacity.begin(), capacity.end(), std::int64_t{0});
          if (total < nw)
            throw InfeasibleError(messages::format("staffing.parttime_over",
                                                   {{"code", std::string(m.code(c))},
                                                    {"nw", std::to_string(nw)},
                                                    {"total", std::to_string(total)}}));
        }
      }
      std::vector<node_id> homeless;
      for (node_id w : workers)
        if (!std::isfinite(m.x()[static_cast<std::size_t>(w)]) || !std::isfinite(m.y()[static_cast<std::size_t>(w)]))
          homeless.push_back(w);
      if (!homeless.empty())
        throw InputError(messages::format("staffing.worker_unlocated", {{"workers", first_codes(m, homeless)}}));
      const std::size_t cols = capacity.size();
      std::vector<double> cost(workers.size() * cols, 0.0);
      for (std::size_t r = 0; r < workers.size(); ++r)
        for (std::size_t g = 0; g < gids.size(); ++g) cost[r * cols + g] = distance(workers[r], grid_index[gids[g]]);
      const auto result = balance::min_cost_assignment(cost, nw, static_cast<std::int32_t>(cols), capacity, minimum);
      for (std::size_t r = 0; r < workers.size(); ++r) {
        const node_id w = workers[r];
        const node_id before = served(w);
        const auto col = static_cast<std::size_t>(result.grid[r]);
        WorkerMove move;
        move.worker = std::string(m.code(w));
        move.subkind = subkind;
        move.community = std::string(m.code(c));
        if (before != no_node) {
          move.grid_before = std::string(m.code(before));
          move.distance_before = distance(w, grid_index[before]);
        }
        const node_id after = col < gids.size() ? gids[col] : no_node;
        if (after != no_node) {
          move.grid_after = std::string(m.code(after));
          move.distance_after = cost[r * cols + col];
        } else {
          out.unassigned.push_back(move.worker);
        }
        if (before != after) {
          if (before != no_node) builder.unlink(move.worker, m.code(before), LinkType::serves);
          if (after != no_node) builder.link(move.worker, m.code(after), LinkType::serves);
        }
        out.moves.push_back(std::move(move));
      }
    }
  }
  for (const std::string subkind : {"fulltime", "parttime", "all"}) {
    StaffingSummary s;
    s.subkind = subkind;
    std::int32_t before_n = 0, after_n = 0;
    for (const auto& mv : out.moves) {
      if (subkind != "all" && mv.subkind != subkind) continue;
      ++s.workers;
      if (mv.grid_before != mv.grid_after) ++s.changed;
      if (std::isfinite(mv.distance_before)) s.total_before += mv.distance_before, ++before_n;
      if (std::isfinite(mv.distance_after)) s.total_after += mv.distance_after, ++after_n;
    }
    s.mean_before = before_n ? s.total_before / before_n : 0.0;
    s.mean_after = after_n ? s.total_after / after_n : 0.0;
    out.summary.push_back(s);
  }
  out.model = builder.freeze();
  return out;
}

}  // namespace gridgov::planning
