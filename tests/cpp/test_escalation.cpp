// Escalation: policy validation, working clock, routing on a small hand-built county.
#include <gtest/gtest.h>

#include <string>

#include "gridgov/escalation/policy.hpp"
#include "gridgov/escalation/router.hpp"
#include "gridgov/escalation/work_clock.hpp"
#include "escalation_fixture.hpp"

using namespace gridgov;
using namespace gridgov::escalation;

TEST(EscalationPolicy, StandardIsValidAndFollowsDomainTable) {
  const auto p = EscalationPolicy::standard();
  EXPECT_NO_THROW(p.validate());
  EXPECT_EQ(p.calendar.work_day_seconds(), 7 * 3600 + 1800);
  EXPECT_EQ(p.handle_limit(0, 0), p.calendar.work_day_seconds());
  EXPECT_EQ(p.handle_limit(4, 0), 10 * p.calendar.work_day_seconds());
  EXPECT_EQ(p.stage_limit(Stage::accept, 2), 15 * 60);
  const int zz08 = p.category_index("ZZ08");
  EXPECT_EQ(p.categories[static_cast<std::size_t>(zz08)].default_urgency, 3);
  EXPECT_EQ(p.entry_tier(zz08, 3), 4);
  EXPECT_EQ(p.entry_tier(p.category_index("ZZ03"), 2), 2);  // U2 skip rule
  EXPECT_THROW((void)p.category_index("XX01"), UnknownCodeError);
}

TEST(EscalationPolicy, ValidationNamesEveryProblem) {
  auto p = EscalationPolicy::standard();
  p.categories[0].rules[0].close = 0;
  p.categories[0].rules[0].entry = 2;  // close below entry
  p.categories[1].code = p.categories[2].code;  // duplicate
  p.stage_limits[0][1] = 0;
  p.thresholds.red = 1.2;
  try {
    p.validate();
    FAIL() << "expected PolicyError";
  } catch (const PolicyError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("ZZ01"), std::string::npos) << msg;
    EXPECT_NE(msg.find("skip backwards"), std::string::npos) << msg;
    EXPECT_NE(msg.find("listed twice"), std::string::npos) << msg;
    EXPECT_NE(msg.find("accept at U1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("thresholds"), std::string::npos) << msg;
  }
  auto q = EscalationPolicy::standard();
  q.categories[0].rules[0].close = 3;  // L3 without the street tier
  EXPECT_THROW(q.validate(), PolicyError);
  q = EscalationPolicy::standard();
  q.handle_limits[2][0] = -5;
  EXPECT_THROW(q.validate(), PolicyError);
}

TEST(WorkClock, CountsOnlyWindowsOnWorkingDays) {
  Calendar cal;  // 08:30-12:00, 13:30-17:30, Sat/Sun off
  const std::int64_t monday = 20094;  // 2025-01-06 is a Monday
  ASSERT_EQ(Calendar::weekday(monday), 0);
  cal.holidays = {monday + 2};  // Wednesday off
  WorkClock clock(cal, monday, 30);
  const std::int64_t t0 = monday * 86400;
  EXPECT_EQ(clock.at(t0 + 8 * 3600), 0);
  EXPECT_EQ(clock.at(t0 + 9 * 3600), 1800);
  EXPECT_EQ(clock.at(t0 + 13 * 3600), 3 * 3600 + 1800);  // lunch not counted
  EXPECT_EQ(clock.at(t0 + 86400), 27000);
  EXPECT_EQ(clock.between(t0 + 2 * 86400, t0 + 3 * 86400), 0);  // holiday
  EXPECT_EQ(clock.between(t0 + 5 * 86400, t0 + 7 * 86400), 0);  // weekend
  // add() lands at the earliest time with that much work: 1 working day from Tuesday 16:00 is
  // Thursday 16:00 (Wednesday is a holiday).
  const std::int64_t tue16 = t0 + 86400 + 16 * 3600;
  EXPECT_EQ(clock.add(tue16, 27000), t0 + 3 * 86400 + 16 * 3600);
  for (std::int64_t t = t0; t < t0 + 10 * 86400; t += 3571)
    for (std::int64_t d : {1LL, 600LL, 27000LL, 100000LL}) {
      const auto e = clock.add(t, d);
      ASSERT_NE(e, never);
      EXPECT_EQ(clock.between(t, e), d);
    }
  EXPECT_EQ(clock.add(t0, 100 * 27000), never);
}

TEST(Router, RoutesByPlaceCategoryAndUrgency) {
  const auto m = test::small_county();
  const auto p = EscalationPolicy::standard();
  Router r(m, p);
  const node_id household = m.id(test::household_code);
  const auto one = r.route(household, p.category_index("ZZ01"));
  EXPECT_EQ(one.entry, 0);
  EXPECT_EQ(one.close, 2);
  EXPECT_EQ(one.handlers[0], m.id(test::fulltime_code));
  EXPECT_EQ(one.handlers[1], m.id(test::compound_code));
  EXPECT_EQ(one.handlers[2], m.id(test::station_code));
  EXPECT_EQ(one.handlers[4], no_node);  // above the close tier
  EXPECT_EQ(one.department, m.id(test::justice_code));
  EXPECT_EQ(one.reason, 0);
  // Urgent safety hazard: the skip rule sends it to the community.
  const auto urgent = r.route(household, p.category_index("ZZ03"));
  EXPECT_EQ(urgent.entry, 2);
  EXPECT_EQ(urgent.handlers[0], no_node);
  EXPECT_EQ(urgent.handlers[4], m.id(test::county_centre_code));
  EXPECT_TRUE(urgent.reason & reason_skip_level);
  EXPECT_TRUE(urgent.reason & reason_no_department);  // the small county has no 应急 department
  // Major emergency: county, copied above.
  const auto major = r.route(household, p.category_index("ZZ08"));
  EXPECT_EQ(major.entry, 4);
  EXPECT_TRUE(major.reason & reason_reported_above);
  // A grid without a full-time worker goes to the community station.
  const auto orphan = r.route(m.id(test::unstaffed_building_code), p.category_index("ZZ06"));
  EXPECT_EQ(orphan.entry, 2);
  EXPECT_TRUE(orphan.reason & reason_no_fulltime_worker);
  EXPECT_EQ(orphan.handlers[2], m.id(test::station_code));
  // A building in no grid still reaches a handler.
  const auto nogrid = r.route(m.id(test::gridless_building_code), p.category_index("ZZ06"));
  EXPECT_TRUE(nogrid.reason & reason_no_grid);
  EXPECT_EQ(nogrid.entry, 2);
  EXPECT_EQ(nogrid.handlers[2], m.id(test::station_code));
  // Special grid: host unit at L1, host's sector department for community-sector categories.
  const auto special = r.route(m.id(test::school_code), p.category_index("ZZ06"));
  EXPECT_TRUE(special.reason & reason_special_grid);
  EXPECT_EQ(special.handlers[1], m.id(test::school_code));
  EXPECT_EQ(special.department, m.id(test::education_code));
  // Bad input names the record.
  EXPECT_THROW((void)r.route(m.id(test::community_code), 0), InputError);
  EXPECT_THROW((void)r.route(household, 999), UnknownCodeError);
  EXPECT_THROW((void)r.route(household, 0, 7), UnknownCodeError);
  // Staffing override: the same household's grid loses its full-time worker.
  std::vector<std::int32_t> override_(static_cast<std::size_t>(m.count(Kind::grid)), -1);
  override_[static_cast<std::size_t>(m.id(test::grid_code) - m.kind_range(Kind::grid).first)] = 0;
  Router r2(m, p, override_);
  EXPECT_EQ(r2.route(household, p.category_index("ZZ01")).entry, 2);
}
