// A city in one model (issue 14 §1): the planner's operations on a model with several districts
// (county nodes under a city) from C++, and the evaluation's tables by street and district.
#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <string>

#include "gridgov/datasets/city_buildings.hpp"
#include "gridgov/escalation/evaluate.hpp"
#include "gridgov/escalation/simulate.hpp"
#include "gridgov/ingest/buildings.hpp"
#include "gridgov/planning/draw_grids.hpp"

namespace gg = gridgov;
namespace esc = gridgov::escalation;

namespace {

// 120 communities: two districts (100 and 20 communities), twelve streets, grids drawn.
const gg::Model& city() {
  static const gg::Model m = [] {
    const gg::Model imported = gg::ingest::from_buildings(gg::datasets::city_buildings(120, 0), gg::ingest::Crs::bd09);
    return gg::planning::draw_grids(imported, gg::planning::DrawOptions{}).apply();
  }();
  return m;
}

std::int64_t sum(const std::vector<std::int64_t>& v) { return std::accumulate(v.begin(), v.end(), std::int64_t{0}); }

}  // namespace

TEST(City, HasDistrictsStreetsAndGridsInEveryCommunity) {
  const gg::Model& m = city();
  EXPECT_EQ(m.count(gg::Kind::county), 2);
  EXPECT_EQ(m.count(gg::Kind::street), 12);
  EXPECT_EQ(m.count(gg::Kind::community), 120);
  for (gg::node_id c : m.nodes(gg::Kind::community)) EXPECT_FALSE(m.children(c, gg::Kind::grid).empty()) << m.code(c);
}

TEST(City, EvaluationHasTablesByStreetAndDistrictThatAddUp) {
  const gg::Model& m = city();
  const auto policy = esc::EscalationPolicy::standard();
  esc::SimulationParams params;
  params.days = 7;
  const esc::SimulationResult week = esc::simulate(m, policy, params);
  const esc::Evaluation e = esc::evaluate(m, policy, week);
  ASSERT_EQ(e.by_district.size(), 2u);
  ASSERT_EQ(e.by_street.size(), 12u);
  EXPECT_EQ(sum(e.by_district.events), week.event_count());
  EXPECT_EQ(sum(e.by_street.events), week.event_count());
  EXPECT_EQ(sum(e.by_district.closed), sum(e.by_community.closed));
  EXPECT_EQ(sum(e.by_street.due), sum(e.by_community.due));
  for (const std::string& d : e.by_district.unit) EXPECT_EQ(m.kind(m.find(d)), gg::Kind::county) << d;
  for (const std::string& s : e.by_street.unit) EXPECT_EQ(m.kind(m.find(s)), gg::Kind::street) << s;
}

TEST(City, ACountyHasNoStreetOrDistrictTables) {
  const gg::Model one_district =
      gg::planning::draw_grids(gg::ingest::from_buildings(gg::datasets::city_buildings(6, 1), gg::ingest::Crs::bd09),
                               gg::planning::DrawOptions{})
          .apply();
  const auto policy = esc::EscalationPolicy::standard();
  esc::SimulationParams params;
  params.days = 2;
  const esc::Evaluation e = esc::evaluate(one_district, policy, esc::simulate(one_district, policy, params));
  EXPECT_TRUE(e.by_district.empty());
  EXPECT_TRUE(e.by_street.empty());
  EXPECT_FALSE(e.by_community.empty());
}
