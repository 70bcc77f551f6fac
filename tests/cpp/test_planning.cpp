// The planner's operations in C++: the workload score, one community's cut (band and tolerance
// ladder), draw_grids and its apply, and staffing, checked against what they promise.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "gridgov/balance/quality.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/datasets/seed_county.hpp"
#include "gridgov/model/workload.hpp"
#include "gridgov/planning/draw_grids.hpp"
#include "gridgov/planning/staffing.hpp"

namespace gg = gridgov;
namespace planning = gridgov::planning;

namespace {

const gg::Model& county() {
  static const gg::Model m = gg::datasets::seed_county(0);
  return m;
}

// A 6 x 4 lattice of buildings with the given households (row-major).
gg::CsrGraph lattice(int columns, int rows) {
  std::vector<std::pair<gg::node_id, gg::node_id>> edges;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < columns; ++c) {
      const int v = r * columns + c;
      if (c + 1 < columns) edges.emplace_back(v, v + 1);
      if (r + 1 < rows) edges.emplace_back(v, v + columns);
    }
  return gg::csr_from_edges(columns * rows, edges);
}

std::vector<double> sums(const std::vector<std::int32_t>& parts, const std::vector<double>& w, int k) {
  std::vector<double> s(static_cast<std::size_t>(k), 0);
  for (std::size_t i = 0; i < parts.size(); ++i) s[static_cast<std::size_t>(parts[i])] += w[i];
  return s;
}

}  // namespace

TEST(Workload, DefaultScoreIsHouseholdsPlusCareFlags) {
  const auto& m = county();
  const auto weights = gg::available_workload_weights(m);
  ASSERT_EQ(weights.size(), gg::default_workload_weights().size());  // the county has every flag
  const auto score = gg::workload(m, weights);
  const auto households = gg::workload(m, {{"households", 1.0}});
  // Recompute one building's score by hand from its households' attributes.
  const auto [b0, b1] = m.kind_range(gg::Kind::building);
  const gg::node_id b = b0 + 17;
  double expect = 0;
  for (gg::node_id h : m.descendants(b, gg::Kind::household)) {
    expect += 1.0;
    for (const auto& [attr, w] : std::map<std::string, double>{{"elderly_alone", 0.5}, {"disabled", 0.5}, {"key_person", 1.0}, {"renter", 0.2}}) {
      const auto v = m.value(h, attr);
      if (const bool* flag = std::get_if<bool>(&v)) expect += *flag ? w : 0.0;
    }
  }
  EXPECT_DOUBLE_EQ(score[static_cast<std::size_t>(b - b0)], expect);
  EXPECT_EQ(std::accumulate(households.begin(), households.end(), 0.0), 61880.0);
  EXPECT_THROW((void)gg::workload(m, {{"no_such_attribute", 1.0}}), gg::UnknownCodeError);
  EXPECT_THROW((void)gg::workload(m, {{"households", -1.0}}), gg::InputError);
}

TEST(CutCommunity, HoldsTheBandAndTheTolerance) {
  const auto g = lattice(6, 4);
  std::vector<double> hh;
  for (int i = 0; i < 24; ++i) hh.push_back(40 + (i * 37) % 50);
  const double total = std::accumulate(hh.begin(), hh.end(), 0.0);
  planning::CutOptions o;
  o.tol = 0.1;
  o.band = planning::HouseholdBand{250, 400};
  const int k = 4;
  const auto cut = planning::cut_community(g.view(), hh, 1, hh, k, o);
  ASSERT_TRUE(cut.band_held);
  EXPECT_TRUE(cut.finding.empty()) << cut.finding;
  const auto q = gg::balance::partition_quality(g.view(), hh, 1, cut.parts, k);
  EXPECT_EQ(q.disconnected_parts, 0);
  for (double s : sums(cut.parts, hh, k)) {
    EXPECT_GE(s, 250);
    EXPECT_LE(s, 400);
    EXPECT_GE(s, (1 - cut.tol) * total / k - 1e-9);
    EXPECT_LE(s, (1 + cut.tol) * total / k + 1e-9);
  }
}

TEST(CutCommunity, ABuildingLargerThanTheBandIsNamedNotFatal) {
  const auto g = lattice(3, 2);
  const std::vector<double> hh{50, 60, 900, 40, 70, 80};  // one building above the band's top
  planning::CutOptions o;
  o.band = planning::HouseholdBand{300, 500};
  const auto cut = planning::cut_community(g.view(), hh, 1, hh, 2, o);
  EXPECT_FALSE(cut.band_held);
  EXPECT_NE(cut.finding.find("a building holds 900 households"), std::string::npos) << cut.finding;
  EXPECT_EQ(cut.parts.size(), 6u);
  o.strict = true;
  EXPECT_THROW((void)planning::cut_community(g.view(), hh, 1, hh, 2, o), gg::InfeasibleError);
}

TEST(PlanningHelpers, BandCountReadingOrderLargestRemainder) {
  EXPECT_EQ(planning::band_grid_count(4000, {300, 500}, 0.05, 100), 10);  // 400 a grid, the band's middle
  EXPECT_EQ(planning::band_grid_count(200, {300, 500}, 0.05, 10), std::nullopt);
  EXPECT_EQ(planning::band_grid_count(4000, {300, 500}, 0.05, 5), std::nullopt);  // too few buildings
  // Two rows: north (y = 100) west to east, then south.
  const std::vector<double> cx{10, 0, 5, 20}, cy{0, 100, 0, 100};
  EXPECT_EQ(planning::reading_order(cx, cy, 50), (std::vector<std::int32_t>{1, 3, 2, 0}));
  const std::vector<double> w{1, 1, 2};
  // 7 seats beyond the minimum: quotas 1.75, 1.75, 3.5 -> 1, 1, 3 and the two largest remainders.
  EXPECT_EQ(planning::largest_remainder(10, w, 1), (std::vector<std::int64_t>{3, 3, 4}));
  EXPECT_THROW((void)planning::largest_remainder(2, w, 1), gg::InfeasibleError);
}

TEST(DrawGrids, TheCountyRedrawnInto238GridsIsContiguousBalancedAndStaffed) {
  const auto& m = county();
  planning::DrawOptions o;
  o.k = 238;
  const auto plan = planning::draw_grids(m, o);
  EXPECT_EQ(plan.grid_count(), 238);
  const auto& overall = plan.quality().back();
  EXPECT_EQ(overall.community, "overall");
  EXPECT_EQ(overall.disconnected_grids, 0);
  EXPECT_EQ(overall.empty_grids, 0);
  // Every community's grids within its reached tolerance; the one that cannot meet 5 % says why.
  for (const auto& q : plan.quality()) {
    if (q.community == "overall") continue;
    EXPECT_LE(q.max_ratio[0], 1 + q.tol + 1e-9) << q.community;
    EXPECT_GE(q.min_ratio[0], 1 - q.tol - 1e-9) << q.community;
    EXPECT_EQ(q.tol > 0.05, !q.finding.empty()) << q.community;
  }
  // Grid codes extend their community's code; a building's new grid is in its own community.
  const auto [b0, b1] = m.kind_range(gg::Kind::building);
  for (gg::node_id b = b0; b < b1; ++b) {
    const std::string& grid = plan.labels()[static_cast<std::size_t>(b - b0)];
    EXPECT_EQ(grid.substr(0, 12), std::string(m.code(m.ancestor_of_kind(b, gg::Kind::community))));
  }
  const gg::Model applied = plan.apply();
  EXPECT_EQ(applied.summary().at("residential_grids"), 238);
  EXPECT_EQ(applied.summary().at("households"), 61880);
  // Nothing deleted: every worker and party group of the county is still there.
  for (gg::Kind kind : {gg::Kind::worker, gg::Kind::organisation})
    for (gg::node_id v : m.nodes(kind)) EXPECT_NE(applied.find(m.code(v)), gg::no_node) << m.code(v);
  const auto staff = planning::assign_workers(applied);
  EXPECT_EQ(staff.assigned_fulltime(), 238 + 28 - 28);  // residential grids only, one each
  EXPECT_EQ(staff.unassigned.size(), plan.staffing_changes().surplus_workers.size());
  // Same options, same plan, whatever the thread count.
  o.threads = 1;
  EXPECT_EQ(planning::draw_grids(m, o).labels(), plan.labels());
}

TEST(DrawGrids, BadOptionsAreTypedErrors) {
  const auto& m = county();
  planning::DrawOptions o;
  o.communities = {"339901001099"};
  EXPECT_THROW((void)planning::draw_grids(m, o), gg::UnknownCodeError);
  o.communities = {"339901000000"};
  EXPECT_THROW((void)planning::draw_grids(m, o), gg::InputError);
  o.communities.clear();
  o.k = 10;  // fewer than the 15 communities
  EXPECT_THROW((void)planning::draw_grids(m, o), gg::InfeasibleError);
  o.k.reset();
  o.tol = 1.5;
  EXPECT_THROW((void)planning::draw_grids(m, o), gg::InputError);
}

// ---- staffing by hand: every figure worked out from the layout, not from the code's output ----

namespace {

constexpr const char* kA = "330102001001";    // community A: two residential grids and a special one
constexpr const char* kB = "330102001002";    // community B: one grid, one full-time worker
constexpr const char* kG1 = "330102001001001";  // west: buildings at (0, 0), (0, 200) and one unlocated
constexpr const char* kG2 = "330102001001002";  // east: buildings at (1000, 0), (1000, 100)
constexpr const char* kS = "330102001001003";   // special grid (a school): its workers are not touched
constexpr const char* kGB = "330102001002001";

// Grid centroids over located buildings: G1 (0, 100), G2 (1000, 50), GB (500, 500). Workload
// (households): G1 5 + 5 = 10 in three buildings, G2 60 + 50 = 110 in two.
gg::Model staffing_model() {
  gg::ModelBuilder b;
  b.add(gg::Kind::county, "330102000000", "县");
  b.add(gg::Kind::community, kA, "甲社区", "330102000000");
  b.add(gg::Kind::community, kB, "乙社区", "330102000000");
  b.add(gg::Kind::grid, kG1, "西网格", kA, "residential");
  b.add(gg::Kind::grid, kG2, "东网格", kA, "residential");
  b.add(gg::Kind::grid, kS, "学校网格", kA, "special");
  b.add(gg::Kind::grid, kGB, "乙网格", kB, "residential");
  const auto building = [&](const std::string& code, const char* grid, double x, double y, std::int64_t households) {
    b.add(gg::Kind::building, code, code, grid);
    b.set_xy(code, x, y);
    b.set(code, "households", households);
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  building("33010200100100001", kG1, 0, 0, 5);
  building("33010200100100002", kG1, 0, 200, 5);
  building("33010200100100003", kG1, nan, nan, 0);  // unlocated: left out of the centroid
  building("33010200100100004", kG2, 1000, 0, 60);
  building("33010200100100005", kG2, 1000, 100, 50);
  building("33010200100100006", kS, 400, 400, 0);
  building("33010200100200001", kGB, 500, 500, 10);
  const auto worker = [&](const std::string& code, const char* community, const char* subkind, double x, double y,
                          const char* grid) {
    b.add(gg::Kind::worker, code, code, community, subkind);
    b.set_xy(code, x, y);
    if (grid) b.link(code, grid, gg::LinkType::serves);
  };
  const std::string a = kA, bb = kB;
  worker(a + "W0001", kA, "fulltime", 990, 60, kG1);   // lives east, serves west
  worker(a + "W0002", kA, "fulltime", 10, 90, kG2);    // lives west, serves east
  worker(a + "W0003", kA, "fulltime", 5000, 5000, nullptr);  // one more than A's two grids
  worker(a + "W0004", kA, "fulltime", 400, 0, kS);     // the special grid's own
  worker(a + "P0001", kA, "parttime", 0, 90, nullptr);
  worker(a + "P0002", kA, "parttime", 1000, 40, kG1);
  worker(a + "P0003", kA, "parttime", 1000, 60, nullptr);
  worker(a + "P0004", kA, "parttime", 1010, 50, nullptr);
  worker(a + "P0005", kA, "parttime", 400, 10, kS);
  worker(bb + "W0001", kB, "fulltime", 500, 0, kGB);   // exactly one per grid in B, no part-time
  return b.freeze();
}

const planning::WorkerMove& move_of(const planning::Staffing& s, const std::string& worker) {
  const auto it = std::find_if(s.moves.begin(), s.moves.end(), [&](const auto& m) { return m.worker == worker; });
  if (it == s.moves.end()) throw std::runtime_error("no move for " + worker);
  return *it;
}

std::vector<std::string> served_codes(const gg::Model& m, const std::string& worker) {
  std::vector<std::string> out;
  for (gg::node_id g : m.linked(m.id(worker), gg::LinkType::serves)) out.emplace_back(m.code(g));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> parttime_of(const gg::Model& m, const char* grid) {
  std::vector<std::string> out;
  for (gg::node_id w : m.linked_from(m.id(grid), gg::LinkType::serves))
    if (m.subkind(w) == "parttime") out.emplace_back(m.code(w));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST(Staffing, NearestHomesTakeTheGridsAndEveryFigureIsTheDefinitions) {
  const gg::Model m = staffing_model();
  const auto s = planning::assign_workers(m);
  const std::string a = kA, bb = kB;
  // Full-time: W0001 (990, 60) and W0002 (10, 90) swap; W0003 far away is the one left over.
  const auto& w1 = move_of(s, a + "W0001");
  EXPECT_EQ(w1.grid_before, kG1);
  EXPECT_EQ(w1.grid_after, kG2);
  EXPECT_EQ(w1.subkind, "fulltime");
  EXPECT_EQ(w1.community, kA);
  EXPECT_DOUBLE_EQ(w1.distance_before, std::hypot(990.0, 40.0));
  EXPECT_DOUBLE_EQ(w1.distance_after, std::hypot(10.0, 10.0));
  const auto& w2 = move_of(s, a + "W0002");
  EXPECT_EQ(w2.grid_before, kG2);
  EXPECT_EQ(w2.grid_after, kG1);
  EXPECT_DOUBLE_EQ(w2.distance_before, std::hypot(990.0, 40.0));
  EXPECT_DOUBLE_EQ(w2.distance_after, std::hypot(10.0, 10.0));
  const auto& w3 = move_of(s, a + "W0003");
  EXPECT_EQ(w3.grid_before, "");
  EXPECT_EQ(w3.grid_after, "");
  EXPECT_TRUE(std::isnan(w3.distance_before) && std::isnan(w3.distance_after));
  EXPECT_EQ(s.unassigned, (std::vector<std::string>{a + "W0003"}));
  const auto& wb = move_of(s, bb + "W0001");
  EXPECT_EQ(wb.grid_before, kGB);
  EXPECT_EQ(wb.grid_after, kGB);
  EXPECT_DOUBLE_EQ(wb.distance_after, 500.0);
  // The special grid's workers are not considered; every worker appears once.
  for (const auto& mv : s.moves) EXPECT_NE(mv.worker, a + "W0004") << "special grid's worker moved";
  for (const auto& mv : s.moves) EXPECT_NE(mv.worker, a + "P0005") << "special grid's worker moved";
  EXPECT_EQ(s.moves.size(), 8u);  // A: 3 full-time + 4 part-time; B: 1
  // Part-time: 4 workers for loads 10 and 110, at least one each; the 2 beyond the minimum by
  // largest remainder: quotas 2 * 10 / 120 = 0.17 and 1.83 -> 0 + 1, the remainder to G2: 1 and 3.
  EXPECT_EQ(parttime_of(s.model, kG1), (std::vector<std::string>{a + "P0001"}));
  EXPECT_EQ(parttime_of(s.model, kG2), (std::vector<std::string>{a + "P0002", a + "P0003", a + "P0004"}));
  EXPECT_DOUBLE_EQ(move_of(s, a + "P0001").distance_after, 10.0);
  EXPECT_DOUBLE_EQ(move_of(s, a + "P0002").distance_before, std::hypot(1000.0, 60.0));
  EXPECT_DOUBLE_EQ(move_of(s, a + "P0002").distance_after, 10.0);
  // The model: each moved worker serves its new grid only; the special grid keeps its own.
  EXPECT_EQ(served_codes(s.model, a + "W0001"), (std::vector<std::string>{kG2}));
  EXPECT_EQ(served_codes(s.model, a + "W0002"), (std::vector<std::string>{kG1}));
  EXPECT_TRUE(served_codes(s.model, a + "W0003").empty());
  EXPECT_EQ(served_codes(s.model, a + "W0004"), (std::vector<std::string>{kS}));
  EXPECT_EQ(served_codes(s.model, a + "P0002"), (std::vector<std::string>{kG2}));
  EXPECT_EQ(served_codes(s.model, a + "P0005"), (std::vector<std::string>{kS}));
  EXPECT_EQ(s.assigned_fulltime(), 3);  // G1, G2, GB; not the special grid's W0004
  // Summaries: per subkind, distances over the workers that have a grid.
  ASSERT_EQ(s.summary.size(), 3u);
  const auto& full = s.summary[0];
  EXPECT_EQ(full.subkind, "fulltime");
  EXPECT_EQ(full.workers, 4);
  EXPECT_EQ(full.changed, 2);
  EXPECT_DOUBLE_EQ(full.total_before, 2 * std::hypot(990.0, 40.0) + 500.0);
  EXPECT_DOUBLE_EQ(full.total_after, 2 * std::hypot(10.0, 10.0) + 500.0);
  EXPECT_DOUBLE_EQ(full.mean_before, full.total_before / 3);
  EXPECT_DOUBLE_EQ(full.mean_after, full.total_after / 3);
  const auto& part = s.summary[1];
  EXPECT_EQ(part.subkind, "parttime");
  EXPECT_EQ(part.workers, 4);
  EXPECT_EQ(part.changed, 4);  // P0002 moves G1 -> G2; P0001, P0003 and P0004 had no grid
  const double part_after = 10.0 + std::hypot(0.0, 10.0) + std::hypot(0.0, 10.0) + std::hypot(10.0, 0.0);
  EXPECT_DOUBLE_EQ(part.total_after, part_after);
  EXPECT_DOUBLE_EQ(part.mean_before, std::hypot(1000.0, 60.0));
  EXPECT_EQ(s.summary[2].subkind, "all");
  EXPECT_EQ(s.summary[2].workers, 8);
  EXPECT_DOUBLE_EQ(s.summary[2].total_after, full.total_after + part_after);
  EXPECT_DOUBLE_EQ(s.summary[2].mean_after, (full.total_after + part_after) / 7);
}

TEST(Staffing, CapacitiesPerGridBindExactly) {
  const gg::Model m = staffing_model();
  const std::string a = kA;
  planning::StaffingOptions o;
  o.parttime_per_grid = 3;
  o.parttime_per_grid_by_code = {{kG2, 1}};  // capacities 3 (west) and 1 (east): exactly the 4 workers
  const auto s = planning::assign_workers(m, o);
  EXPECT_EQ(parttime_of(s.model, kG1).size(), 3u);
  EXPECT_EQ(parttime_of(s.model, kG2).size(), 1u);
  EXPECT_EQ(parttime_of(s.model, kG1).front(), a + "P0001");  // the west home stays west
  o.parttime_per_grid = 2;  // 2 + 1 < 4
  EXPECT_THROW((void)planning::assign_workers(m, o), gg::InfeasibleError);
}

TEST(Staffing, BadOptionsAndMissingPlacesAreTypedErrorsNamingTheRecord) {
  const gg::Model m = staffing_model();
  const auto message = [&](const planning::StaffingOptions& o) {
    try {
      (void)planning::assign_workers(m, o);
    } catch (const gg::UnknownCodeError& e) {
      return std::string("unknown: ") + e.what();
    } catch (const gg::InputError& e) {
      return std::string("input: ") + e.what();
    }
    return std::string("no error");
  };
  planning::StaffingOptions o;
  o.parttime_per_grid = 0;
  EXPECT_EQ(message(o).rfind("input: ", 0), 0u) << message(o);
  o.parttime_per_grid = 1;
  o.parttime_per_grid_by_code = {{kG1, 0}};
  EXPECT_NE(message(o).find(std::string("input: ")), std::string::npos) << message(o);
  EXPECT_NE(message(o).find(kG1), std::string::npos) << message(o);
  o.parttime_per_grid_by_code = {{kS, 2}};  // a special grid is not staffed here
  EXPECT_NE(message(o).find(std::string("unknown: ")), std::string::npos) << message(o);
  EXPECT_NE(message(o).find(kS), std::string::npos) << message(o);
  o.parttime_per_grid_by_code = {{"330102001001099", 2}};
  EXPECT_NE(message(o).find("unknown: "), std::string::npos) << message(o);
  // A worker whose home has x but no y, and a grid whose every building is unlocated.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  gg::ModelBuilder b = m.edit();
  b.set_xy(std::string(kA) + "P0003", 1000, nan);
  try {
    (void)planning::assign_workers(b.freeze());
    ADD_FAILURE() << "a worker without a home location accepted";
  } catch (const gg::InputError& e) {
    EXPECT_NE(std::string(e.what()).find(std::string(kA) + "P0003"), std::string::npos) << e.what();
  }
  gg::ModelBuilder u = m.edit();
  u.set_xy("33010200100200001", nan, nan);
  try {
    (void)planning::assign_workers(u.freeze());
    ADD_FAILURE() << "a grid without a located building accepted";
  } catch (const gg::InputError& e) {
    EXPECT_NE(std::string(e.what()).find(kGB), std::string::npos) << e.what();
  }
  // Fewer full-time workers than grids: B's one worker off, B has none for its grid.
  gg::ModelBuilder f = m.edit();
  f.remove(std::string(kB) + "W0001");
  EXPECT_THROW((void)planning::assign_workers(f.freeze()), gg::InfeasibleError);
}

// ---- applying a plan by hand: five grids on a street of six buildings become two ---------------

namespace {

// Buildings 1..6 in a row, 40 m apart, linked as neighbours; households 10 10 10 5 20 5 (60).
// Today five grids: G1 {1, 2}, G2 {3}, G3 {4}, G4 {5}, G5 {6}. Redrawn into two grids of 30
// households at tolerance 0 the only plan is {1, 2, 3} | {4, 5, 6}: the west continues G1 (two
// of its buildings), the east G4 (one building each, G4 has the most households). G2 retires into
// the west, G3 and G5 into the east. G1 has no full-time worker; the retired grids have three.
gg::Model street_model() {
  const std::string c = "330102001001";
  gg::ModelBuilder b;
  b.add(gg::Kind::county, "330102000000", "县");
  b.add(gg::Kind::community, c, "街社区", "330102000000");
  const std::vector<std::int64_t> households{10, 10, 10, 5, 20, 5};
  const std::vector<int> grid_of{1, 1, 2, 3, 4, 5};
  for (int g = 1; g <= 5; ++g) b.add(gg::Kind::grid, c + "00" + std::to_string(g), "第" + std::to_string(g) + "网格", c, "residential");
  for (int i = 0; i < 6; ++i) {
    const std::string code = c + "0000" + std::to_string(i + 1);
    b.add(gg::Kind::building, code, std::to_string(i + 1) + "号楼", c + "00" + std::to_string(grid_of[static_cast<std::size_t>(i)]));
    b.set_xy(code, 40.0 * i, 0.0);
    b.set(code, "households", households[static_cast<std::size_t>(i)]);
    if (i) b.link(c + "0000" + std::to_string(i), code, gg::LinkType::adjacent);
  }
  const auto worker = [&](const std::string& code, const char* subkind, int grid, double x) {
    b.add(gg::Kind::worker, c + code, code, c, subkind);
    b.set_xy(c + code, x, 0.0);
    b.link(c + code, c + "00" + std::to_string(grid), gg::LinkType::serves);
  };
  worker("W0002", "fulltime", 2, 60.0);    // nearest the west grid's centre (40, 0)
  worker("W0003", "fulltime", 3, 120.0);
  worker("W0004", "fulltime", 4, 160.0);
  worker("W0005", "fulltime", 5, 200.0);
  worker("P0002", "parttime", 2, 80.0);
  worker("P0003", "parttime", 3, 120.0);
  worker("P0005", "parttime", 5, 200.0);
  b.add(gg::Kind::place, c + "P01", "便利店", c + "002", "shop");  // in G2, nearest building 4 (east)
  b.set_xy(c + "P01", 115.0, 5.0);
  for (int g = 1; g <= 5; ++g) {
    const std::string grid = c + "00" + std::to_string(g), group = grid + "DXZ";
    b.add(gg::Kind::organisation, group, "党小组" + std::to_string(g), grid, "party_group");
    b.link(group, grid, gg::LinkType::serves);
  }
  return b.freeze();
}

}  // namespace

TEST(GridPlanApply, RetiredGridsHandTheirWorkersAndPartyGroupsToTheGridsContinuingThem) {
  const std::string c = "330102001001", west = c + "001", east = c + "004";
  gg::ModelBuilder edit = street_model().edit();
  edit.link(c + "W0002", east, gg::LinkType::serves);  // today W0002 also covers G4
  const gg::Model m = edit.freeze();
  planning::DrawOptions o;
  o.k = 2;
  o.households.reset();
  o.tol = 0.0;
  o.weights = {{{"households", 1.0}}};
  const auto plan = planning::draw_grids(m, o);
  ASSERT_EQ(plan.grid_count(), 2);
  const gg::Model a = plan.apply();
  std::vector<std::string> grids;
  for (gg::node_id g : a.nodes(gg::Kind::grid)) grids.emplace_back(a.code(g));
  EXPECT_EQ(grids, (std::vector<std::string>{west, east}));
  for (int i = 1; i <= 3; ++i) EXPECT_EQ(a.code(a.parent(a.id(c + "0000" + std::to_string(i)))), west) << i;
  for (int i = 4; i <= 6; ++i) EXPECT_EQ(a.code(a.parent(a.id(c + "0000" + std::to_string(i)))), east) << i;
  // The west had no full-time worker: the nearest of the retired grids' three takes it; the
  // other two stay in the model without a grid (none deleted) and are listed as surplus.
  EXPECT_EQ(served_codes(a, c + "W0002"), (std::vector<std::string>{west}));  // and no longer G4
  EXPECT_TRUE(served_codes(a, c + "W0003").empty());
  EXPECT_TRUE(served_codes(a, c + "W0005").empty());
  EXPECT_EQ(served_codes(a, c + "W0004"), (std::vector<std::string>{east}));
  auto surplus = plan.staffing_changes().surplus_workers;
  std::sort(surplus.begin(), surplus.end());
  EXPECT_EQ(surplus, (std::vector<std::string>{c + "W0003", c + "W0005"}));
  EXPECT_EQ(plan.staffing_changes().workers_needed, 0);
  // Part-time workers follow their grid's households: G2's west, G3's and G5's east.
  EXPECT_EQ(served_codes(a, c + "P0002"), (std::vector<std::string>{west}));
  EXPECT_EQ(served_codes(a, c + "P0003"), (std::vector<std::string>{east}));
  EXPECT_EQ(served_codes(a, c + "P0005"), (std::vector<std::string>{east}));
  // Both grids kept their party group; the retired grids' three join the grid continuing them.
  for (const auto& [group, grid] : std::vector<std::pair<std::string, std::string>>{
           {west + "DXZ", west}, {c + "002DXZ", west}, {east + "DXZ", east}, {c + "003DXZ", east}, {c + "005DXZ", east}}) {
    EXPECT_EQ(served_codes(a, group), (std::vector<std::string>{grid})) << group;
    EXPECT_EQ(a.code(a.parent(a.id(group))), grid) << group;
  }
  EXPECT_EQ(a.name(a.id(c + "002DXZ")), "党小组2");  // merged, not renamed
  EXPECT_EQ(plan.staffing_changes().merged_party_groups.size(), 3u);
  EXPECT_TRUE(plan.staffing_changes().moved_party_groups.empty());
  EXPECT_EQ(a.count(gg::Kind::worker, "fulltime"), 4);  // no placeholder: a spare worker took the west
  EXPECT_EQ(a.count(gg::Kind::organisation, "party_group"), 5);
  EXPECT_EQ(a.code(a.parent(a.id(c + "P01"))), east);  // a place follows its nearest building
}

TEST(GridPlanApply, AGridWithoutAWorkerOrPartyGroupGetsAPlaceholderAndTheNearestGroup) {
  const std::string c = "330102001001", west = c + "001", east = c + "004";
  gg::ModelBuilder edit = street_model().edit();
  for (const char* w : {"W0002", "W0003", "W0005"}) edit.remove(c + w);  // no spare full-time worker
  edit.remove(west + "DXZ");                                              // the west's group gone
  const gg::Model m = edit.freeze();
  planning::DrawOptions o;
  o.k = 2;
  o.households.reset();
  o.tol = 0.0;
  o.weights = {{{"households", 1.0}}};
  const auto plan = planning::draw_grids(m, o);
  const gg::Model a = plan.apply();
  // A placeholder numbered after the community's highest worker code (W0004), at the grid's centre.
  EXPECT_EQ(plan.staffing_changes().workers_needed, 1);
  const gg::node_id placeholder = a.find(c + "W0005");
  ASSERT_NE(placeholder, gg::no_node);
  EXPECT_EQ(a.name(placeholder), "待配备网格员");
  EXPECT_EQ(a.subkind(placeholder), "fulltime");
  EXPECT_DOUBLE_EQ(a.x()[static_cast<std::size_t>(placeholder)], 40.0);
  EXPECT_DOUBLE_EQ(a.y()[static_cast<std::size_t>(placeholder)], 0.0);
  EXPECT_EQ(served_codes(a, c + "W0005"), (std::vector<std::string>{west}));
  EXPECT_EQ(a.count(gg::Kind::worker, "fulltime"), 2);
  // The retired G2's group (centre 80 m from the west's) moves in under the west grid's name;
  // G3's and G5's join the east under their own names; no new group is made.
  const auto& changes = plan.staffing_changes();
  EXPECT_EQ(changes.moved_party_groups, (std::vector<std::pair<std::string, std::string>>{{c + "002DXZ", west}}));
  EXPECT_EQ(changes.merged_party_groups.size(), 2u);
  EXPECT_EQ(served_codes(a, c + "002DXZ"), (std::vector<std::string>{west}));
  EXPECT_EQ(a.name(a.id(c + "002DXZ")), std::string(a.name(a.id(west))) + "党小组");
  EXPECT_EQ(a.name(a.id(c + "003DXZ")), "党小组3");
  EXPECT_EQ(a.find(west + "DXZ"), gg::no_node);
  EXPECT_EQ(a.count(gg::Kind::organisation, "party_group"), 4);
}
