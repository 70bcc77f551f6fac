// The planner's operations in C++: the workload score, one community's cut (band and tolerance
// ladder), draw_grids and its apply, and staffing, checked against what they promise.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
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
