// The coverage audit and reach on small hand-built models.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "gridgov/coverage/audit.hpp"
#include "gridgov/coverage/reach.hpp"
#include "gridgov/model/model.hpp"

using namespace gridgov;
using namespace gridgov::coverage;

namespace {

// One community with two residential grids of two adjacent buildings each (200 households per
// grid), a full-time worker and a party group per grid, a service station, a command centre and
// a school in a special grid; roads between the buildings and the station.
ModelBuilder sound_builder() {
  ModelBuilder b;
  const std::string county = "339901000000", com = "339901001001";
  b.add(Kind::county, county, "County");
  b.add(Kind::community, com, "Community", county);
  for (int g = 1; g <= 2; ++g) {
    const std::string grid = com + "00" + std::to_string(g);
    b.add(Kind::grid, grid, "Grid", com, "residential");
    for (int k = 0; k < 2; ++k) {
      const std::string bld = com + "0000" + std::to_string(2 * (g - 1) + k + 1);
      b.add(Kind::building, bld, "Building", grid);
      b.set_xy(bld, 100.0 * (2 * (g - 1) + k), 0);
      b.set(bld, "households", Value{std::int64_t{100}});
      const std::string unit = bld + "01";
      b.add(Kind::unit, unit, "Unit", bld);
      for (int h = 0; h < 100; ++h) {
        std::string room = std::to_string(1000 + h);
        b.add(Kind::household, unit + room, "", unit);
      }
    }
    const std::string worker = com + "W000" + std::to_string(g);
    b.add(Kind::worker, worker, "Worker", com, "fulltime");
    b.link(worker, grid, LinkType::serves);
    b.add(Kind::organisation, grid + "DXZ", "Party group", grid, "party_group");
    b.link(grid + "DXZ", grid, LinkType::serves);
  }
  b.add(Kind::grid, com + "901", "School grid", com, "special");
  b.add(Kind::place, com + "P001", "School", com + "901", "school");
  b.link(com + "P001", com + "901", LinkType::hosts);
  b.add(Kind::organisation, com + "FWZ", "Station", com, "service_station");
  b.set_xy(com + "FWZ", 0, 50);
  b.add(Kind::organisation, com + "ZHZX", "Centre", com, "command_centre");
  for (int k = 1; k < 4; ++k) {
    const std::string a = com + "0000" + std::to_string(k), c = com + "0000" + std::to_string(k + 1);
    b.link(a, c, LinkType::adjacent);
    b.link(a, c, LinkType::road, 100.0);
  }
  b.link(com + "FWZ", com + "00001", LinkType::road, 50.0);
  return b;
}

std::vector<std::string> codes_of(const std::vector<Finding>& f, std::string_view rule) {
  std::vector<std::string> out;
  for (const auto& x : f) if (x.rule == rule) out.push_back(x.code);
  return out;
}

}  // namespace

TEST(Audit, SoundModelIsClean) {
  Model m = sound_builder().freeze();
  auto f = audit(m);
  for (const auto& x : f) ADD_FAILURE() << x.rule << " " << x.code << " " << x.detail;
}

TEST(Audit, EachPlantedDefectIsFound) {
  const std::string com = "339901001001";
  {
    auto b = sound_builder();
    b.move(com + "00001", com);  // building out of its grid
    auto f = audit(b.freeze(Validate::defer));
    EXPECT_EQ(codes_of(f, "building_no_grid"), std::vector<std::string>{com + "00001"});
  }
  {
    auto b = sound_builder();
    b.link(com + "002", com + "00001", LinkType::claims);
    auto f = audit(b.freeze(Validate::defer));
    EXPECT_EQ(codes_of(f, "building_two_grids"), std::vector<std::string>{com + "00001"});
  }
  {
    auto b = sound_builder();
    b.unlink_all(com + "W0001", LinkType::serves);
    b.remove(com + "001DXZ");
    auto f = audit(b.freeze(Validate::defer));
    EXPECT_EQ(codes_of(f, "grid_no_fulltime_worker"), std::vector<std::string>{com + "001"});
    EXPECT_EQ(codes_of(f, "grid_no_party_group"), std::vector<std::string>{com + "001"});
    EXPECT_EQ(codes_of(f, "worker_no_grid"), std::vector<std::string>{com + "W0001"});
  }
  {
    auto b = sound_builder();
    b.move(com + "P001", com + "001");
    b.remove(com + "FWZ");
    auto f = audit(b.freeze(Validate::defer));
    EXPECT_EQ(codes_of(f, "special_place_not_in_special_grid"), std::vector<std::string>{com + "P001"});
    EXPECT_EQ(codes_of(f, "community_no_service_station"), std::vector<std::string>{com});
    EXPECT_TRUE(codes_of(f, "community_no_command_centre").empty());
  }
  {
    auto b = sound_builder();
    b.move(com + "00002", com + "002");  // grid 002 = buildings 2, 3, 4 (connected); grid 001 = building 1
    b.move(com + "00004", com + "001");  // grid 001 = buildings 1 and 4: not adjacent
    auto f = audit(b.freeze(Validate::defer));
    EXPECT_EQ(codes_of(f, "grid_not_connected"), std::vector<std::string>{com + "001"});
  }
  {
    AuditOptions tight;
    tight.max_grid_households = 150;
    tight.max_worker_households = 150;
    auto f = audit(sound_builder().freeze(), tight);
    EXPECT_EQ(codes_of(f, "grid_households_out_of_bounds").size(), 2u);
    EXPECT_EQ(codes_of(f, "worker_households_out_of_bounds").size(), 2u);
  }
}

TEST(Reach, EuclideanAndNetwork) {
  Model m = sound_builder().freeze();
  auto eu = reach(m, "service_station", ReachMetric::euclidean);
  auto net = reach(m, "service_station", ReachMetric::network);
  ASSERT_EQ(eu.household.size(), 400u);
  // building 4 stands at x = 300: straight line hypot(300, 50), road 50 + 300
  EXPECT_NEAR(eu.distance.back(), std::hypot(300.0, 50.0), 1e-9);
  EXPECT_NEAR(net.distance.back(), 350.0, 1e-9);
  EXPECT_EQ(net.facility.back(), m.id("339901001001FWZ"));
  EXPECT_THROW(reach(m, "hospital", ReachMetric::euclidean), InputError);
}

TEST(Reach, OverAStreetNetworkBesideTheModel) {
  // Three street corners: the station stands at corner 0, buildings 1-2 at corner 1, buildings
  // 3-4 at corner 2; streets 0 -> 1 (80 m), 1 <-> 2 (120 m), and a longer parallel 0 -> 1.
  Model m = sound_builder().freeze();
  const std::vector<edge_id> offsets{0, 2, 3, 4};
  const std::vector<node_id> targets{1, 1, 2, 1};
  const std::vector<double> length{80.0, 95.0, 120.0, 120.0};
  std::vector<node_id> node_of(static_cast<std::size_t>(m.size()), -1);
  const std::string com = "339901001001";
  node_of[static_cast<std::size_t>(m.id(com + "FWZ"))] = 0;
  for (int k = 1; k <= 4; ++k) node_of[static_cast<std::size_t>(m.id(com + "0000" + std::to_string(k)))] = k <= 2 ? 1 : 2;
  const StreetNetwork street{CsrView{offsets, targets}, length, node_of};
  const auto r = reach(m, "service_station", street);
  ASSERT_EQ(r.household.size(), 400u);
  EXPECT_EQ(r.distance.front(), 80.0);  // building 1
  EXPECT_EQ(r.distance.back(), 200.0);  // building 4
  EXPECT_EQ(r.facility.back(), m.id(com + "FWZ"));
  // Building 4 unplaced: unlocated (NaN), no facility.
  node_of[static_cast<std::size_t>(m.id(com + "00004"))] = -1;
  const auto r2 = reach(m, "service_station", street);
  EXPECT_TRUE(std::isnan(r2.distance.back()));
  EXPECT_EQ(r2.facility.back(), no_node);
  // Bad placements name the model node.
  node_of[static_cast<std::size_t>(m.id(com + "00004"))] = 7;
  try {
    (void)reach(m, "service_station", street);
    FAIL() << "network node 7 does not exist";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(com + "00004"), std::string::npos) << e.what();
  }
  const std::vector<node_id> short_list(3, 0);
  EXPECT_THROW(reach(m, "service_station", StreetNetwork{CsrView{offsets, targets}, length, short_list}), InputError);
  std::vector<node_id> no_station(static_cast<std::size_t>(m.size()), 1);
  no_station[static_cast<std::size_t>(m.id(com + "FWZ"))] = -1;
  EXPECT_THROW(reach(m, "service_station", StreetNetwork{CsrView{offsets, targets}, length, no_station}), InputError);
}
