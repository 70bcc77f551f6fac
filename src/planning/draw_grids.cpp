// draw_grids: the plan of every redrawn community, its grid codes and its quality
// (include/gridgov/planning/draw_grids.hpp).
#include <algorithm>
#include <cmath>
#include <exception>
#include <numeric>
#include <set>
#include <string>
#include <unordered_map>

#include "gridgov/balance/assign.hpp"
#include "gridgov/balance/quality.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/ingest/adjacency.hpp"
#include "gridgov/planning/draw_grids.hpp"
#include "core/parallel.hpp"
#include "planning/plan_data.hpp"
#include "planning/text.hpp"

namespace gridgov::planning {

namespace {

constexpr int first_residential_number = 1, last_residential_number = 899;  // 9xx: special grids

std::string community_label(const Model& m, node_id c) {
  const std::string_view name = m.name(c);
  return name.empty() || name == m.code(c) ? std::string(m.code(c)) : std::string(m.code(c)) + " " + std::string(name);
}

// The number of a grid code "<community><nnn>", or -1.
int grid_number(std::string_view code, std::string_view community) {
  if (code.size() != community.size() + 3 || code.substr(0, community.size()) != community) return -1;
  int n = 0;
  for (char ch : code.substr(community.size())) {
    if (ch < '0' || ch > '9') return -1;
    n = n * 10 + (ch - '0');
  }
  return n;
}

std::vector<node_id> resolve_communities(const Model& m, const DrawOptions& o) {
  std::vector<std::string> names = o.communities;
  if (names.empty())
    for (const auto& [code, k] : o.k_per_community) names.push_back(code);
  if (names.empty()) return m.nodes(Kind::community);
  std::set<node_id> out;
  for (const auto& code : names) {
    const node_id v = m.find(code);
    if (v == no_node) throw UnknownCodeError(messages::format("grids.unknown_community", {{"code", code}}));
    if (m.kind(v) != Kind::community)
      throw InputError(messages::format("grids.not_community",
                                        {{"code", code}, {"kind", messages::kind(std::string(kind_name(m.kind(v))))}}));
    out.insert(v);
  }
  return {out.begin(), out.end()};
}

// Adjacency among a community's buildings: the model's adjacent links, or, for a community
// without any, the Delaunay graph of the buildings' coordinates.
void community_graph(const Model& m, const GridPlan::Data& d, CommunityPlan& p) {
  const auto local = [&](node_id b) {
    auto it = std::lower_bound(p.members.begin(), p.members.end(), b);
    return it != p.members.end() && *it == b ? static_cast<node_id>(it - p.members.begin()) : no_node;
  };
  std::vector<std::pair<node_id, node_id>> edges;
  for (std::size_t i = 0; i < p.members.size(); ++i)
    for (node_id u : m.linked(p.members[i], LinkType::adjacent)) {
      const node_id j = local(u);
      if (j != no_node && j > static_cast<node_id>(i)) edges.emplace_back(static_cast<node_id>(i), j);
    }
  p.graph_source = messages::format("grids.graph_adjacent");
  if (edges.empty() && p.members.size() > 1) {
    std::vector<double> x, y;
    std::vector<std::string> missing;
    for (node_id b : p.members) {
      const auto row = static_cast<std::size_t>(b - d.building_begin);
      x.push_back(d.x[row]);
      y.push_back(d.y[row]);
      if (!std::isfinite(d.x[row]) || !std::isfinite(d.y[row])) {
        if (missing.size() < 5) missing.emplace_back(m.code(b));
      }
    }
    if (!missing.empty()) {
      std::string list;
      for (const auto& s : missing) list += (list.empty() ? "" : ", ") + s;
      throw InputError(messages::format("grids.no_adjacency",
                                        {{"code", std::string(m.code(p.community))}, {"list", list}}));
    }
    const std::vector<std::int32_t> one_group(x.size(), 0);
    edges = ingest::delaunay_adjacency(x, y, one_group).edges;
    p.graph_source = messages::format("grids.graph_delaunay");
  }
  p.graph = csr_from_edges(static_cast<node_id>(p.members.size()), edges);
}

// Match parts to today's residential grids by maximum overlap (in buildings, then households)
// so a continued grid keeps its code; number the rest with the free numbers in reading order.
void name_grids(const Model& m, const GridPlan::Data& d, CommunityPlan& p) {
  const std::string community(m.code(p.community));
  std::vector<node_id> old;
  for (node_id b : p.members) {
    const node_id g = d.building_grid[static_cast<std::size_t>(b - d.building_begin)];
    if (g != no_node) old.push_back(g);
  }
  std::sort(old.begin(), old.end());
  old.erase(std::unique(old.begin(), old.end()), old.end());
  p.matched.assign(static_cast<std::size_t>(p.k), no_node);
  p.reused.assign(static_cast<std::size_t>(p.k), 0);
  if (!old.empty()) {
    const std::size_t k = static_cast<std::size_t>(p.k), o = old.size();
    std::vector<double> overlap(k * o, 0.0), hh(k * o, 0.0);
    for (std::size_t i = 0; i < p.members.size(); ++i) {
      const auto row = static_cast<std::size_t>(p.members[i] - d.building_begin);
      const node_id g = d.building_grid[row];
      if (g == no_node) continue;
      const auto j = static_cast<std::size_t>(std::lower_bound(old.begin(), old.end(), g) - old.begin());
      overlap[static_cast<std::size_t>(p.parts[i]) * o + j] += 1;
      hh[static_cast<std::size_t>(p.parts[i]) * o + j] += d.households[row];
    }
    const double hh_max = std::max(1.0, *std::max_element(hh.begin(), hh.end()));
    // Maximum total overlap as a min-cost assignment: each part takes one of today's grids or
    // one of k "no grid" columns; cost = best score - score, so every cost is >= 0.
    std::vector<double> score(k * o);
    double best = 0;
    for (std::size_t c = 0; c < k * o; ++c) best = std::max(best, score[c] = overlap[c] + 1e-6 * hh[c] / hh_max);
    const std::size_t columns = o + k;
    std::vector<double> cost(k * columns, best);
    for (std::size_t r = 0; r < k; ++r)
      for (std::size_t c = 0; c < o; ++c) cost[r * columns + c] = best - score[r * o + c];
    const std::vector<std::int64_t> capacity(columns, 1), minimum(columns, 0);
    const auto assignment = balance::min_cost_assignment(cost, static_cast<std::int32_t>(k), static_cast<std::int32_t>(columns),
                                                         capacity, minimum);
    for (std::size_t r = 0; r < k; ++r) {
      const auto c = static_cast<std::size_t>(assignment.grid[r]);
      if (c < o && overlap[r * o + c] > 0) p.matched[r] = old[c];
    }
  }
  std::set<int> used;
  p.codes.assign(static_cast<std::size_t>(p.k), "");
  for (std::int32_t part = 0; part < p.k; ++part) {
    const node_id g = p.matched[static_cast<std::size_t>(part)];
    if (g == no_node) continue;
    p.codes[static_cast<std::size_t>(part)] = std::string(m.code(g));
    const int number = grid_number(m.code(g), community);
    if (number >= 0) used.insert(number);
  }
  std::vector<int> free;
  for (int number = first_residential_number; number <= last_residential_number; ++number)
    if (!used.count(number)) free.push_back(number);
  std::vector<std::int32_t> unnamed;
  for (std::int32_t part = 0; part < p.k; ++part)
    if (p.matched[static_cast<std::size_t>(part)] == no_node) unnamed.push_back(part);
  if (unnamed.size() > free.size())
    throw InfeasibleError(messages::format("grids.too_many_codes", {{"community", community}}));
  if (!unnamed.empty()) {
    std::vector<double> cx, cy;
    part_centroids(d, p, cx, cy);
    std::vector<double> ux, uy;
    for (std::int32_t part : unnamed) {
      const double x = cx[static_cast<std::size_t>(part)], y = cy[static_cast<std::size_t>(part)];
      ux.push_back(std::isfinite(x) ? x : 0.0);
      uy.push_back(std::isfinite(y) ? y : 0.0);
    }
    const auto [xmin, xmax] = std::minmax_element(ux.begin(), ux.end());
    const auto [ymin, ymax] = std::minmax_element(uy.begin(), uy.end());
    const double width = std::max(*xmax - *xmin, 1.0), height = std::max(*ymax - *ymin, 1.0);
    const double row_height = std::max(std::sqrt(width * height / static_cast<double>(unnamed.size())), 1.0);
    const auto order = reading_order(ux, uy, row_height);
    for (std::size_t i = 0; i < order.size(); ++i) {
      char tail[8];
      std::snprintf(tail, sizeof tail, "%03d", free[i]);
      p.codes[static_cast<std::size_t>(unnamed[static_cast<std::size_t>(order[i])])] = community + tail;
    }
  }
  // A new grid that takes the number of a retired grid reuses that grid node (and its workers
  // and party group) rather than adding a second node with the same code.
  std::set<node_id> taken(p.matched.begin(), p.matched.end());
  std::unordered_map<std::string, node_id> free_grids;
  for (node_id g : m.children(p.community, Kind::grid))
    if (m.subkind(g) == "residential" && !taken.count(g)) free_grids.emplace(std::string(m.code(g)), g);
  for (std::int32_t part : unnamed) {
    auto it = free_grids.find(p.codes[static_cast<std::size_t>(part)]);
    if (it == free_grids.end()) continue;
    p.matched[static_cast<std::size_t>(part)] = it->second;
    p.reused[static_cast<std::size_t>(part)] = 1;
  }
}

// The pinned part (or -1) of each member, local part numbers in order of today's grid id.
std::vector<std::int32_t> fixed_parts(const Model& m, const GridPlan::Data& d, const CommunityPlan& p,
                                      const DrawOptions& o, std::size_t& pinned_grids) {
  std::vector<node_id> grid(p.members.size(), no_node);
  for (std::size_t i = 0; i < p.members.size(); ++i) {
    const std::string_view code = m.code(p.members[i]);
    if (o.fix_current) {
      grid[i] = d.building_grid[static_cast<std::size_t>(p.members[i] - d.building_begin)];
    } else if (auto it = o.fixed.find(std::string(code)); it != o.fixed.end()) {
      const node_id g = m.find(it->second);
      if (g == no_node || m.kind(g) != Kind::grid || m.subkind(g) != "residential" || m.parent(g) != p.community)
        throw InputError(messages::format("grids.fixed_not_grid",
                                          {{"code", std::string(code)},
                                           {"grid", it->second},
                                           {"community", std::string(m.code(p.community))}}));
      grid[i] = g;
    }
  }
  std::vector<node_id> pinned(grid);
  std::sort(pinned.begin(), pinned.end());
  pinned.erase(std::unique(pinned.begin(), pinned.end()), pinned.end());
  pinned.erase(std::remove(pinned.begin(), pinned.end(), no_node), pinned.end());
  pinned_grids = pinned.size();
  std::vector<std::int32_t> out(p.members.size(), -1);
  for (std::size_t i = 0; i < grid.size(); ++i)
    if (grid[i] != no_node)
      out[i] = static_cast<std::int32_t>(std::lower_bound(pinned.begin(), pinned.end(), grid[i]) - pinned.begin());
  return out;
}

struct Request {
  std::int32_t k = 0;
  std::vector<std::int32_t> initial;
  bool use_band = false;
  std::string k_finding;  ///< the band admits no whole number of grids (not strict)
};

// Plans one community: graph, cut, codes. Independent of every other community.
void plan_community(const Model& m, const GridPlan::Data& d, const DrawOptions& o, const Request& r, CommunityPlan& p,
                    int dims) {
  community_graph(m, d, p);
  std::size_t pinned = 0;
  std::vector<std::int32_t> fixed;
  if (o.fix_current || !o.fixed.empty()) {
    fixed = fixed_parts(m, d, p, o, pinned);
    if (static_cast<std::int32_t>(pinned) > p.k)
      throw InfeasibleError(messages::format("grids.pinned_above_k",
                                             {{"code", std::string(m.code(p.community))},
                                              {"pinned", std::to_string(pinned)},
                                              {"k", std::to_string(p.k)}}));
  }
  std::vector<double> households;
  for (node_id b : p.members) households.push_back(d.households[static_cast<std::size_t>(b - d.building_begin)]);
  CutOptions cut;
  cut.tol = o.tol;
  if (r.use_band) cut.band = o.households;
  cut.seed = o.seed;
  cut.fixed = fixed;
  cut.initial = r.initial;
  cut.strict = o.strict;
  cut.effort = o.effort;
  try {
    p.cut = cut_community(p.graph.view(), p.weights, dims, households, p.k, cut);
  } catch (const InfeasibleError& e) {
    const double total = std::accumulate(households.begin(), households.end(), 0.0);
    throw InfeasibleError(messages::format("grids.cannot_cut",
                                           {{"community", community_label(m, p.community)},
                                            {"members", std::to_string(p.members.size())},
                                            {"total", text::count(total)},
                                            {"graph_source", p.graph_source},
                                            {"why", e.what()}}));
  }
  if (!r.k_finding.empty())
    p.cut.finding = p.cut.finding.empty() ? r.k_finding : r.k_finding + messages::format("list.separator") + p.cut.finding;
  p.parts = p.cut.parts;
  name_grids(m, d, p);
}

void fill_tables(GridPlan::Data& d, int dims) {
  const Model& m = d.model;
  std::vector<double> all_households;
  PlanQuality overall;
  overall.community = "overall";
  overall.max_ratio.assign(static_cast<std::size_t>(dims), -std::numeric_limits<double>::infinity());
  overall.min_ratio.assign(static_cast<std::size_t>(dims), std::numeric_limits<double>::infinity());
  for (const auto& p : d.plans) {
    const auto q = balance::partition_quality(p.graph.view(), p.weights, dims, p.parts, p.k);
    std::vector<double> hh(static_cast<std::size_t>(p.k), 0.0), cx, cy;
    std::vector<std::int32_t> count(static_cast<std::size_t>(p.k), 0);
    std::vector<double> work(static_cast<std::size_t>(p.k) * dims, 0.0);
    for (std::size_t i = 0; i < p.members.size(); ++i) {
      const auto part = static_cast<std::size_t>(p.parts[i]);
      hh[part] += d.households[static_cast<std::size_t>(p.members[i] - d.building_begin)];
      ++count[part];
      for (int c = 0; c < dims; ++c) work[part * dims + c] += p.weights[i * dims + c];
    }
    part_centroids(d, p, cx, cy);
    PlanQuality row;
    row.community = std::string(m.code(p.community));
    row.grids = p.k;
    row.max_ratio = q.max_ratio;
    row.min_ratio = q.min_ratio;
    row.cut_edges = q.cut_edges;
    row.disconnected_grids = q.disconnected_parts;
    row.empty_grids = q.empty_parts;
    row.households_min = *std::min_element(hh.begin(), hh.end());
    row.households_max = *std::max_element(hh.begin(), hh.end());
    row.households_mean = std::accumulate(hh.begin(), hh.end(), 0.0) / static_cast<double>(hh.size());
    if (d.band) {
      const auto in = std::count_if(hh.begin(), hh.end(), [&](double h) { return h >= d.band->low && h <= d.band->high; });
      row.in_band = static_cast<double>(in) / static_cast<double>(hh.size());
    }
    row.tol = p.cut.tol;
    row.graph_source = p.graph_source;
    row.finding = p.cut.finding;
    d.quality.push_back(row);
    overall.grids += p.k;
    overall.cut_edges += q.cut_edges;
    overall.disconnected_grids += q.disconnected_parts;
    overall.empty_grids += q.empty_parts;
    overall.tol = std::max(overall.tol, p.cut.tol);
    for (int c = 0; c < dims; ++c) {
      overall.max_ratio[static_cast<std::size_t>(c)] = std::max(overall.max_ratio[static_cast<std::size_t>(c)], q.max_ratio[static_cast<std::size_t>(c)]);
      overall.min_ratio[static_cast<std::size_t>(c)] = std::min(overall.min_ratio[static_cast<std::size_t>(c)], q.min_ratio[static_cast<std::size_t>(c)]);
    }
    all_households.insert(all_households.end(), hh.begin(), hh.end());
    const std::string community_name(m.name(p.community));
    for (std::int32_t part = 0; part < p.k; ++part) {
      const auto i = static_cast<std::size_t>(part);
      PlannedGrid g;
      g.code = p.codes[i];
      g.community = row.community;
      g.buildings = count[i];
      g.households = std::llround(hh[i]);
      g.workload.assign(work.begin() + static_cast<std::ptrdiff_t>(i * dims), work.begin() + static_cast<std::ptrdiff_t>((i + 1) * dims));
      g.x = cx[i];
      g.y = cy[i];
      const node_id matched = p.matched[i];
      const bool kept = matched != no_node && !p.reused[i];
      g.kept_from = kept ? std::string(m.code(matched)) : "";
      g.status = kept ? "kept" : (p.reused[i] ? "renumbered" : "new");
      if (matched != no_node) {
        g.name = std::string(m.name(matched));
      } else {
        const int number = grid_number(g.code, row.community);
        g.name = community_name + "第" + std::to_string(number) + "网格";
      }
      if (d.band) g.in_band = hh[i] >= d.band->low && hh[i] <= d.band->high;
      d.grids.push_back(std::move(g));
    }
  }
  std::stable_sort(d.grids.begin(), d.grids.end(), [](const PlannedGrid& a, const PlannedGrid& b) { return a.code < b.code; });
  if (!all_households.empty()) {
    overall.households_min = *std::min_element(all_households.begin(), all_households.end());
    overall.households_max = *std::max_element(all_households.begin(), all_households.end());
    overall.households_mean = std::accumulate(all_households.begin(), all_households.end(), 0.0) / static_cast<double>(all_households.size());
    if (d.band) {
      const auto in = std::count_if(all_households.begin(), all_households.end(),
                                    [&](double h) { return h >= d.band->low && h <= d.band->high; });
      overall.in_band = static_cast<double>(in) / static_cast<double>(all_households.size());
    }
  }
  d.quality.push_back(overall);
}

void describe_staffing(GridPlan::Data& d) {
  const Model& m = d.model;
  StaffingChanges& ch = d.changes;
  for (std::size_t i = 0; i < d.plans.size(); ++i) {
    const auto& p = d.plans[i];
    const auto& s = d.staffing[i];
    const std::string community = community_label(m, p.community);
    for (node_id w : s.surplus) ch.surplus_workers.emplace_back(m.code(w));
    ch.workers_needed += static_cast<std::int32_t>(s.placeholders.size());
    for (auto [group, part] : s.party_groups)
      ch.merged_party_groups.emplace_back(std::string(m.code(group)), p.codes[static_cast<std::size_t>(part)]);
    for (auto [group, part] : s.moved_groups)
      ch.moved_party_groups.emplace_back(std::string(m.code(group)), p.codes[static_cast<std::size_t>(part)]);
    if (!s.surplus.empty())
      ch.decisions.push_back(messages::format("grids.decide_surplus",
                                              {{"community", community}, {"count", std::to_string(s.surplus.size())}}));
    if (!s.placeholders.empty())
      ch.decisions.push_back(messages::format("grids.decide_recruit",
                                              {{"community", community}, {"count", std::to_string(s.placeholders.size())}}));
    for (auto [group, part] : s.party_groups)
      ch.decisions.push_back(messages::format("grids.decide_merge_party", {{"code", m.code(group)},
                                                                          {"name", m.name(group)},
                                                                          {"grid", p.codes[static_cast<std::size_t>(part)]}}));
  }
}

}  // namespace

void part_centroids(const GridPlan::Data& d, const CommunityPlan& p, std::vector<double>& cx, std::vector<double>& cy) {
  const auto k = static_cast<std::size_t>(p.k);
  std::vector<double> sx(k, 0), sy(k, 0), n(k, 0);
  for (std::size_t i = 0; i < p.members.size(); ++i) {
    const auto row = static_cast<std::size_t>(p.members[i] - d.building_begin);
    if (!std::isfinite(d.x[row]) || !std::isfinite(d.y[row])) continue;
    const auto part = static_cast<std::size_t>(p.parts[i]);
    sx[part] += d.x[row];
    sy[part] += d.y[row];
    n[part] += 1;
  }
  cx.assign(k, std::numeric_limits<double>::quiet_NaN());
  cy.assign(k, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t part = 0; part < k; ++part)
    if (n[part] > 0) cx[part] = sx[part] / n[part], cy[part] = sy[part] / n[part];
}

std::int32_t successor_part(const GridPlan::Data& d, const CommunityPlan& p, node_id old_grid) {
  std::vector<double> score(static_cast<std::size_t>(p.k), 0.0);
  bool any = false;
  for (std::size_t i = 0; i < p.members.size(); ++i) {
    const auto row = static_cast<std::size_t>(p.members[i] - d.building_begin);
    if (d.building_grid[row] != old_grid) continue;
    score[static_cast<std::size_t>(p.parts[i])] += d.households[row] + 1e-6;
    any = true;
  }
  if (!any) return 0;
  return static_cast<std::int32_t>(std::max_element(score.begin(), score.end()) - score.begin());
}

// ---- GridPlan accessors -------------------------------------------------------------------------

const Model& GridPlan::model() const noexcept { return data_->model; }
const std::vector<std::string>& GridPlan::labels() const noexcept { return data_->labels; }
const std::vector<std::string>& GridPlan::current() const noexcept { return data_->current; }
const std::vector<PlannedGrid>& GridPlan::grids() const noexcept { return data_->grids; }
const std::vector<PlanQuality>& GridPlan::quality() const noexcept { return data_->quality; }
const std::vector<std::string>& GridPlan::weight_names() const noexcept { return data_->weight_names; }
const std::optional<HouseholdBand>& GridPlan::band() const noexcept { return data_->band; }
const std::vector<std::string>& GridPlan::warnings() const noexcept { return data_->warnings; }
const StaffingChanges& GridPlan::staffing_changes() const noexcept { return data_->changes; }

std::vector<std::string> GridPlan::moved() const {
  std::vector<std::string> out;
  const Data& d = *data_;
  std::vector<node_id> changed;
  for (const auto& p : d.plans)
    for (node_id b : p.members) {
      const auto row = static_cast<std::size_t>(b - d.building_begin);
      if (d.labels[row] != d.current[row]) changed.push_back(b);
    }
  std::sort(changed.begin(), changed.end());
  for (node_id b : changed) out.emplace_back(d.model.code(b));
  return out;
}

// ---- draw_grids ---------------------------------------------------------------------------------

GridPlan draw_grids(const Model& model, const DrawOptions& o) {
  auto data = std::make_shared<GridPlan::Data>();
  GridPlan::Data& d = *data;
  d.model = model;
  const Model& m = d.model;
  if (!(o.tol >= 0 && o.tol < 1)) throw InputError(messages::format("grids.tol_range", {{"tol", text::number(o.tol)}}));
  if (o.households) {
    const auto [lo, hi] = *o.households;
    if (!(std::isfinite(lo) && std::isfinite(hi) && lo >= 0 && lo < hi))
      throw InputError(messages::format("grids.band_order", {{"lo", text::number(lo)}, {"hi", text::number(hi)}}));
  }
  if (o.k && *o.k < 1) throw InputError(messages::format("grids.k_positive", {{"k", std::to_string(*o.k)}}));
  if (o.k && !o.k_per_community.empty()) throw InputError(messages::format("grids.k_or_per_community"));
  for (const auto& [code, k] : o.k_per_community)
    if (k < 1) throw InputError(messages::format("grids.k_community_positive",
                                                 {{"code", code}, {"k", std::to_string(k)}}));
  if (o.fix_current && !o.fixed.empty()) throw InputError(messages::format("grids.fix_current_or_fixed"));

  // Buildings: today's grid, coordinates, households.
  const auto [b0, b1] = m.kind_range(Kind::building);
  d.building_begin = b0;
  const auto nb = static_cast<std::size_t>(b1 - b0);
  std::vector<node_id> ids(nb);
  std::iota(ids.begin(), ids.end(), b0);
  d.building_grid = m.ancestor_of_kind(ids, Kind::grid);
  const auto community_of = m.ancestor_of_kind(ids, Kind::community);
  d.households = workload(m, {{"households", 1.0}});
  d.x.assign(m.x().begin() + b0, m.x().begin() + b1);
  d.y.assign(m.y().begin() + b0, m.y().begin() + b1);
  d.current.resize(nb);
  for (std::size_t i = 0; i < nb; ++i)
    if (d.building_grid[i] != no_node) d.current[i] = std::string(m.code(d.building_grid[i]));

  // Workload columns.
  std::vector<WorkloadWeights> weights = o.weights;
  if (weights.empty()) weights.push_back(available_workload_weights(m));
  const int dims = static_cast<int>(weights.size());
  for (int c = 0; c < dims; ++c) d.weight_names.push_back(dims == 1 ? "workload" : "workload" + std::to_string(c));
  std::vector<std::vector<double>> columns;
  for (const auto& w : weights) columns.push_back(workload(m, w));

  auto communities = resolve_communities(m, o);
  const bool named = !o.communities.empty() || !o.k_per_community.empty();
  std::unordered_map<node_id, std::vector<node_id>> members_of;
  for (std::size_t i = 0; i < nb; ++i) {
    const node_id g = d.building_grid[i];
    if (community_of[i] == no_node || (g != no_node && m.subkind(g) == "special")) continue;
    members_of[community_of[i]].push_back(ids[i]);
  }
  std::vector<std::string> empty;
  std::vector<node_id> redrawn;
  for (node_id c : communities) {
    if (members_of[c].empty()) empty.emplace_back(m.code(c));
    else redrawn.push_back(c);
  }
  if (!empty.empty() && named) {
    std::string list;
    for (std::size_t i = 0; i < empty.size() && i < 5; ++i) list += (i ? ", " : "") + empty[i];
    throw InputError(messages::format("grids.communities_empty", {{"list", list}}));
  }
  if (redrawn.empty()) throw InputError(messages::format("grids.model_empty"));
  if (!o.fixed.empty()) {
    std::set<std::string> known;
    for (node_id c : redrawn)
      for (node_id b : members_of[c]) known.emplace(m.code(b));
    std::vector<std::string> unknown;
    for (const auto& [b, g] : o.fixed)
      if (!known.count(b)) unknown.push_back(b);
    if (!unknown.empty()) {
      std::string list;
      for (std::size_t i = 0; i < unknown.size() && i < 5; ++i) list += (i ? ", " : "") + unknown[i];
      throw InputError(messages::format("grids.fixed_not_redrawn",
                                        {{"unknown", std::to_string(unknown.size())}, {"list", list}}));
    }
  }

  // Grids per community.
  std::vector<double> totals;
  for (node_id c : redrawn) {
    double t = 0;
    for (node_id b : members_of[c]) t += columns[0][static_cast<std::size_t>(b - b0)];
    totals.push_back(t);
  }
  std::vector<std::int32_t> k_of;  // empty: the band decides
  if (!o.k_per_community.empty()) {
    for (const auto& [code, k] : o.k_per_community) {
      const node_id c = m.find(code);
      if (std::find(redrawn.begin(), redrawn.end(), c) == redrawn.end())
        throw UnknownCodeError(messages::format("grids.k_not_redrawn", {{"code", code}}));
    }
    std::vector<std::string> missing;
    for (node_id c : redrawn) {
      auto it = o.k_per_community.find(std::string(m.code(c)));
      if (it == o.k_per_community.end()) missing.emplace_back(m.code(c));
      else k_of.push_back(it->second);
    }
    if (!missing.empty()) throw InputError(messages::format("grids.k_missing", {{"missing", missing.front()}}));
  } else if (o.k) {
    if (*o.k < static_cast<std::int32_t>(redrawn.size()))
      throw InfeasibleError(messages::format("grids.k_below_communities",
                                             {{"k", std::to_string(*o.k)},
                                              {"redrawn", std::to_string(redrawn.size())}}));
    for (auto s : largest_remainder(*o.k, totals, 1)) k_of.push_back(static_cast<std::int32_t>(s));
  }
  d.band = o.households;  // reported (grids in the band) whether or not it decided k

  d.plans.resize(redrawn.size());
  std::vector<Request> requests(redrawn.size());
  for (std::size_t i = 0; i < redrawn.size(); ++i) {
    CommunityPlan& p = d.plans[i];
    Request& r = requests[i];
    p.community = redrawn[i];
    p.members = std::move(members_of[redrawn[i]]);
    const std::string code(m.code(p.community));
    double hh_total = 0;
    for (node_id b : p.members) hh_total += d.households[static_cast<std::size_t>(b - b0)];
    if (o.incremental) {
      std::vector<node_id> today;
      std::vector<std::string> outside;
      for (node_id b : p.members) {
        const node_id g = d.building_grid[static_cast<std::size_t>(b - b0)];
        if (g == no_node && outside.size() < 3) outside.emplace_back(m.code(b));
        today.push_back(g);
      }
      if (!outside.empty())
        throw InputError(messages::format("grids.incremental_outside", {{"code", code}, {"outside", outside.front()}}));
      std::vector<node_id> grids(today);
      std::sort(grids.begin(), grids.end());
      grids.erase(std::unique(grids.begin(), grids.end()), grids.end());
      for (node_id g : today)
        r.initial.push_back(static_cast<std::int32_t>(std::lower_bound(grids.begin(), grids.end(), g) - grids.begin()));
      p.k = static_cast<std::int32_t>(grids.size());
      if (!k_of.empty() && k_of[i] != p.k)
        throw InputError(messages::format("grids.incremental_k",
                                          {{"code", code},
                                           {"k", std::to_string(p.k)},
                                           {"k_of", std::to_string(k_of[i])}}));
    } else if (k_of.empty()) {
      if (!o.households) throw InputError(messages::format("grids.k_or_band"));
      const auto band = *o.households;
      const auto members = static_cast<std::int32_t>(p.members.size());
      if (auto k = band_grid_count(hh_total, band, o.tol, members)) {
        p.k = *k;
      } else {
        const std::string why = messages::format("grids.band_no_whole_k", {{"community", community_label(m, p.community)},
                                                                           {"households", text::count(hh_total)},
                                                                           {"buildings", std::to_string(members)},
                                                                           {"low", text::number(band.low)},
                                                                           {"high", text::number(band.high)}});
        if (o.strict) throw InfeasibleError(messages::format("grids.band_strict", {{"why", why}}));
        // The number of grids whose average comes nearest the band.
        const double middle = (band.low + band.high) / 2;
        p.k = std::clamp<std::int32_t>(static_cast<std::int32_t>(std::llround(hh_total / middle)), 1, members);
        r.k_finding = messages::format("grids.finding_k",
                                       {{"k", std::to_string(p.k)}, {"average", text::count(hh_total / p.k)}});
      }
      r.use_band = true;
    } else {
      p.k = k_of[i];
      if (p.k > static_cast<std::int32_t>(p.members.size()))
        throw InfeasibleError(messages::format("grids.k_above_buildings",
                                               {{"code", code},
                                                {"members", std::to_string(p.members.size())},
                                                {"k", std::to_string(p.k)}}));
    }
    p.weights.resize(p.members.size() * static_cast<std::size_t>(dims));
    for (std::size_t j = 0; j < p.members.size(); ++j)
      for (int c = 0; c < dims; ++c)
        p.weights[j * dims + c] = columns[static_cast<std::size_t>(c)][static_cast<std::size_t>(p.members[j] - b0)];
  }
  core::for_each_parallel(d.plans.size(), o.threads, [&](std::size_t i) { plan_community(m, d, o, requests[i], d.plans[i], dims); });

  d.labels = d.current;
  for (const auto& p : d.plans)
    for (std::size_t j = 0; j < p.members.size(); ++j)
      d.labels[static_cast<std::size_t>(p.members[j] - b0)] = p.codes[static_cast<std::size_t>(p.parts[j])];
  for (const auto& p : d.plans)
    if (!p.cut.finding.empty())
      d.warnings.push_back(messages::format("grids.warning",
                                            {{"code", community_label(m, p.community)}, {"finding", p.cut.finding}}));
  fill_tables(d, dims);
  d.staffing = plan_staffing(d);
  describe_staffing(d);
  return GridPlan(std::move(data));
}

}  // namespace gridgov::planning
