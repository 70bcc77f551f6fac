// A small hand-built county for the escalation tests: one community with a staffed grid, an
// unstaffed grid, a special grid hosted by a school, a compound, and a building in no grid.
#pragma once

#include "gridgov/model/model.hpp"

namespace gridgov::escalation::test {

inline constexpr const char* county_code = "110101000000";
inline constexpr const char* community_code = "110101001001";
inline constexpr const char* grid_code = "110101001001001";
inline constexpr const char* unstaffed_grid_code = "110101001001002";
inline constexpr const char* special_grid_code = "110101001001901";
inline constexpr const char* compound_code = "110101001001XQ001";
inline constexpr const char* building_code = "11010100100100001";
inline constexpr const char* unstaffed_building_code = "11010100100100002";
inline constexpr const char* gridless_building_code = "11010100100100003";
inline constexpr const char* household_code = "11010100100100001010101";
inline constexpr const char* school_code = "110101001001P001";
inline constexpr const char* fulltime_code = "110101001001W0001";
inline constexpr const char* parttime_code = "110101001001W0002";
inline constexpr const char* special_worker_code = "110101001001W0003";
inline constexpr const char* station_code = "110101001001FWZ";
inline constexpr const char* community_centre_code = "110101001001ZHZX";
inline constexpr const char* county_centre_code = "110101000000ZHZX";
inline constexpr const char* justice_code = "110101000000BM01";
inline constexpr const char* education_code = "110101000000BM02";
inline constexpr const char* urban_code = "110101000000BM03";

inline Model small_county() {
  ModelBuilder b;
  b.add(Kind::county, county_code, "测试区");
  b.add(Kind::community, community_code, "测试社区", county_code);
  b.add(Kind::grid, grid_code, "一网格", community_code, "residential");
  b.add(Kind::grid, unstaffed_grid_code, "二网格", community_code, "residential");
  b.add(Kind::grid, special_grid_code, "学校专属网格", community_code, "special");
  b.add(Kind::compound, compound_code, "一小区", community_code);
  b.add(Kind::building, building_code, "1栋", grid_code);
  b.add(Kind::building, unstaffed_building_code, "2栋", unstaffed_grid_code);
  b.add(Kind::building, gridless_building_code, "3栋", community_code);
  b.add(Kind::unit, std::string(building_code) + "01", "1单元", building_code);
  b.add(Kind::household, household_code, "101", std::string(building_code) + "01");
  b.add(Kind::place, school_code, "实验小学", special_grid_code, "school");
  b.add(Kind::worker, fulltime_code, "张", community_code, "fulltime");
  b.add(Kind::worker, parttime_code, "李", community_code, "parttime");
  b.add(Kind::worker, special_worker_code, "王", community_code, "fulltime");
  b.add(Kind::organisation, station_code, "服务站", community_code, "service_station");
  b.add(Kind::organisation, community_centre_code, "社区指挥中心", community_code, "command_centre");
  b.add(Kind::organisation, county_centre_code, "区指挥中心", county_code, "command_centre");
  b.add(Kind::organisation, justice_code, "司法局", county_code, "department");
  b.add(Kind::organisation, education_code, "教育局", county_code, "department");
  b.add(Kind::organisation, urban_code, "城管局", county_code, "department");
  b.set(justice_code, "sector", std::string("司法"));
  b.set(education_code, "sector", std::string("教育"));
  b.set(urban_code, "sector", std::string("城管"));
  b.link(compound_code, building_code, LinkType::member);
  b.link(fulltime_code, grid_code, LinkType::serves);
  b.link(parttime_code, grid_code, LinkType::serves);
  b.link(parttime_code, unstaffed_grid_code, LinkType::serves);
  b.link(special_worker_code, special_grid_code, LinkType::serves);
  b.link(school_code, special_grid_code, LinkType::hosts);
  b.link(county_centre_code, justice_code, LinkType::dispatches);
  b.link(county_centre_code, education_code, LinkType::dispatches);
  b.link(county_centre_code, urban_code, LinkType::dispatches);
  return b.freeze(Validate::defer);
}

}  // namespace gridgov::escalation::test
