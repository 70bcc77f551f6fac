// Escalation operations a C++ application calls directly: the policy's JSON form (strict
// schema), evaluation with tables and grades, explained routes, the simulator's bounds, and the
// escalation lines of issue 11's contract program.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "escalation_fixture.hpp"
#include "gridgov/datasets/seed_county.hpp"
#include "gridgov/escalation/evaluate.hpp"
#include "gridgov/escalation/lifecycle.hpp"
#include "gridgov/escalation/policy.hpp"
#include "gridgov/escalation/router.hpp"
#include "gridgov/escalation/simulate.hpp"

using namespace gridgov;
using namespace gridgov::escalation;

namespace {

/// The error message of `f`, which must throw E.
template <class E, class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an exception";
  return {};
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

}  // namespace

// ---- policy JSON ------------------------------------------------------------------------------------

TEST(PolicyJson, RoundTripKeepsEveryField) {
  auto p = EscalationPolicy::standard();
  p.street_tier = true;
  p.categories[0].rules[1] = CategoryRule{1, 3, "司法"};
  p.thresholds.red = 2.5;
  p.max_returns = 4;
  p.extension_fraction = 0.5;
  p.calendar.weekend_mask = 1u << 6;
  p.calendar.holidays.push_back(static_cast<std::int32_t>(days_from_civil(2028, 2, 29)));
  p.special_sectors.emplace_back("park", "园林");
  p.community_sector = "居委会";
  p.grading.area_closure = 0.7;
  p.grading.department_count_bands = {{10, 10}, {20, 5}};
  p.grading.grades = {{80, "优秀"}, {60, "合格"}};
  p.grading.lowest_grade = "不合格";
  p.validate();
  const std::string text = p.to_json();
  const auto q = EscalationPolicy::from_json(text);
  EXPECT_EQ(q.to_json(), text);
  EXPECT_TRUE(q.street_tier);
  EXPECT_EQ(q.categories[0].rules[1].entry, 1);
  EXPECT_EQ(q.categories[0].rules[1].close, 3);
  EXPECT_EQ(q.thresholds.red, 2.5);
  EXPECT_EQ(q.max_returns, 4);
  EXPECT_EQ(q.extension_fraction, 0.5);
  EXPECT_EQ(q.calendar.weekend_mask, 1u << 6);
  EXPECT_EQ(q.calendar.holidays.back(), days_from_civil(2028, 2, 29));
  EXPECT_EQ(q.special_sectors.back(), (std::pair<std::string, std::string>{"park", "园林"}));
  EXPECT_EQ(q.community_sector, "居委会");
  EXPECT_EQ(q.grading.area_closure, 0.7);
  EXPECT_EQ(q.grading.department_count_bands, p.grading.department_count_bands);
  EXPECT_EQ(q.grading.grades, p.grading.grades);
  EXPECT_EQ(q.grading.lowest_grade, "不合格");
  EXPECT_EQ(q.categories.front().family, Family::governance);
  EXPECT_EQ(q.categories.back().family, Family::city_management);
  EXPECT_EQ(q.stage_limits, p.stage_limits);
  EXPECT_EQ(q.handle_limits, p.handle_limits);
  EXPECT_NE(text.find("\"version\": 1"), std::string::npos);
  EXPECT_NE(text.find("矛盾纠纷"), std::string::npos);  // UTF-8, not \u escapes
}

TEST(PolicyFile, SaveAndLoadAFileNamingItInEveryError) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string path = (dir / "gridgov_test_policy_file.json").string();
  auto p = EscalationPolicy::standard();
  p.thresholds.red = 2.5;
  p.grading.lowest_grade = "不合格";
  p.save(path);
  std::ifstream in(path, std::ios::binary);
  const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written, p.to_json());  // the file is the JSON form, indented, UTF-8
  const auto q = EscalationPolicy::load(path);
  EXPECT_EQ(q.to_json(), p.to_json());
  EXPECT_EQ(q.thresholds.red, 2.5);
  // Every error names the file, and a policy error still names the key path.
  auto msg = message_of<FormatError>([&] { (void)EscalationPolicy::load(path + ".missing"); });
  EXPECT_NE(msg.find("gridgov_test_policy_file.json.missing"), std::string::npos) << msg;
  EXPECT_NE(msg.find("no such file"), std::string::npos) << msg;
  msg = message_of<FormatError>([&] { (void)EscalationPolicy::load(dir.string()); });
  EXPECT_NE(msg.find("folder"), std::string::npos) << msg;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << replaced(p.to_json(-1), "\"red\":2.5", "\"red\":\"2.5\"");
  }
  msg = message_of<PolicyError>([&] { (void)EscalationPolicy::load(path); });
  EXPECT_NE(msg.find("gridgov_test_policy_file.json"), std::string::npos) << msg;
  EXPECT_NE(msg.find("thresholds.red"), std::string::npos) << msg;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << replaced(p.to_json(-1), "\"version\":1", "\"version\":99");
  }
  EXPECT_THROW((void)EscalationPolicy::load(path), VersionError);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << "{\"format\": ";
  }
  msg = message_of<FormatError>([&] { (void)EscalationPolicy::load(path); });
  EXPECT_NE(msg.find("malformed"), std::string::npos) << msg;
  // A file one byte over the bound is refused; so is a device without end, after reading the
  // bound and no more.
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << std::string(policy_file_max_bytes + 1, ' ');
  }
  msg = message_of<FormatError>([&] { (void)EscalationPolicy::load(path); });
  EXPECT_NE(msg.find("larger than"), std::string::npos) << msg;
  if (std::filesystem::exists("/dev/zero")) {
    EXPECT_THROW((void)EscalationPolicy::load("/dev/zero"), FormatError);
  }
  std::filesystem::remove(path);
  EXPECT_THROW(p.save((dir / "no_such_folder_gridgov" / "policy.json").string()), FormatError);
}

TEST(PolicyJson, StrictSchemaNamesTheKeyPath) {
  const std::string good = EscalationPolicy::standard().to_json(-1);  // one line: "key":value
  // A misspelled key is an error, never the defaults.
  auto msg = message_of<PolicyError>([&] { (void)EscalationPolicy::from_json(replaced(good, "\"thresholds\"", "\"threshold\"")); });
  EXPECT_NE(msg.find("'threshold'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("did you mean 'thresholds'"), std::string::npos) << msg;
  msg = message_of<PolicyError>([&] { (void)EscalationPolicy::from_json(replaced(good, "\"warning\"", "\"warn\"")); });
  EXPECT_NE(msg.find("thresholds.warn"), std::string::npos) << msg;
  // Unknown stage, unknown urgency rule.
  msg = message_of<PolicyError>([&] { (void)EscalationPolicy::from_json(replaced(good, "\"dispatch\"", "\"dispach\"")); });
  EXPECT_NE(msg.find("stage_limits_hours.dispach"), std::string::npos) << msg;
  msg = message_of<PolicyError>([&] {
    (void)EscalationPolicy::from_json(replaced(good, "\"U3\":{\"entry\"", "\"U4\":{\"entry\""));
  });
  EXPECT_NE(msg.find("categories[ZZ01].rules.U4"), std::string::npos) << msg;
  // Versions: newer is a VersionError, nonsense a PolicyError.
  msg = message_of<VersionError>([&] { (void)EscalationPolicy::from_json(replaced(good, "\"version\":1", "\"version\":99")); });
  EXPECT_NE(msg.find("99"), std::string::npos) << msg;
  EXPECT_THROW((void)EscalationPolicy::from_json(replaced(good, "\"version\":1", "\"version\":\"1\"")), PolicyError);
  // Impossible dates, wrong types, malformed text.
  msg = message_of<PolicyError>([&] { (void)EscalationPolicy::from_json(replaced(good, "2025-01-01", "2025-02-30")); });
  EXPECT_NE(msg.find("calendar.holidays[0]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("2025-02-30"), std::string::npos) << msg;
  msg = message_of<PolicyError>([&] { (void)EscalationPolicy::from_json(replaced(good, "\"red\":2.0", "\"red\":\"high\"")); });
  EXPECT_NE(msg.find("thresholds.red"), std::string::npos) << msg;
  EXPECT_NE(msg.find("number"), std::string::npos) << msg;
  msg = message_of<PolicyError>([&] { (void)EscalationPolicy::from_json(replaced(good, "\"max_returns\":2", "\"max_returns\":2.5")); });
  EXPECT_NE(msg.find("max_returns"), std::string::npos) << msg;
  EXPECT_THROW((void)EscalationPolicy::from_json("{not json"), FormatError);
  // Found by fuzz_policy_json in its first 7,000 runs: a number past double's range threw
  // nlohmann's out_of_range, not a gridgov::Error.
  EXPECT_THROW((void)EscalationPolicy::from_json(replaced(good, "\"red\":2.0", "\"red\":2e308")), FormatError);
  EXPECT_THROW((void)EscalationPolicy::from_json("[1, 2]"), PolicyError);
  EXPECT_THROW((void)EscalationPolicy::from_json(std::string("{\"categories\": \"\xff\"}")), FormatError);  // not UTF-8
  // A category code shorter than two characters is a PolicyError, not an out-of-range access.
  msg = message_of<PolicyError>([&] { (void)EscalationPolicy::from_json(replaced(good, "\"code\":\"ZZ01\"", "\"code\":\"Z\"")); });
  EXPECT_NE(msg.find("'Z'"), std::string::npos) << msg;
  // The grading is part of the contract: unknown keys, wrong types, bounds out of order.
  msg = message_of<PolicyError>([&] { (void)EscalationPolicy::from_json(replaced(good, "\"self_resolved\":", "\"self_resolve\":")); });
  EXPECT_NE(msg.find("grading.area.self_resolve"), std::string::npos) << msg;
  msg = message_of<PolicyError>([&] { (void)EscalationPolicy::from_json(replaced(good, "[75.0,\"B\"]", "[95.0,\"B\"]")); });
  EXPECT_NE(msg.find("grading.grades[1]"), std::string::npos) << msg;
  msg = message_of<PolicyError>([&] { (void)EscalationPolicy::from_json(replaced(good, "[75.0,\"B\"]", "[75.0,1]")); });
  EXPECT_NE(msg.find("grading.grades[1][1]"), std::string::npos) << msg;
  msg = message_of<PolicyError>([&] { (void)EscalationPolicy::from_json(replaced(good, "\"on_time_disposal\":0.3", "\"on_time_disposal\":-1")); });
  EXPECT_NE(msg.find("grading.department.on_time_disposal"), std::string::npos) << msg;
  msg = message_of<PolicyError>([&] {
    (void)EscalationPolicy::from_json(replaced(good, "\"family\":\"community_governance\"", "\"family\":\"urban\""));
  });
  EXPECT_NE(msg.find("categories[ZZ01].family"), std::string::npos) << msg;
  // Limits too large to hold in seconds.
  msg = message_of<PolicyError>([&] { (void)EscalationPolicy::from_json(replaced(good, "\"U0\":7.5", "\"U0\":1e300")); });
  EXPECT_NE(msg.find("hours"), std::string::npos) << msg;
}

// ---- evaluation ---------------------------------------------------------------------------------------

namespace {

/// 2025-01-`day` hh:mm as seconds (2025-01-06 is day 20094, a Monday).
std::int64_t at(int day, int hh, int mm) { return (20094LL + day - 6) * 86400 + hh * 3600 + mm * 60; }

struct Log {
  std::vector<std::int64_t> created;
  std::vector<std::int32_t> category;
  std::vector<std::int8_t> urgency;
  std::vector<std::int32_t> grid, department;
  std::vector<std::int32_t> t_event;
  std::vector<std::int64_t> t_time;
  std::vector<std::uint8_t> t_from, t_to;
  std::vector<std::int8_t> t_tier;
  std::vector<node_id> t_actor;
  void event(const EscalationPolicy& p, const char* code, std::int64_t t, int g, int d, int u = 0) {
    created.push_back(t);
    category.push_back(p.category_index(code));
    urgency.push_back(static_cast<std::int8_t>(u));
    grid.push_back(g);
    department.push_back(d);
  }
  /// Transitions of the last event, from `reported` on.
  void steps(std::initializer_list<std::tuple<std::int64_t, State, int, int>> rows) {
    auto state = State::reported;
    for (auto [t, to, tier, actor] : rows) {
      t_event.push_back(static_cast<std::int32_t>(created.size() - 1));
      t_time.push_back(t);
      t_from.push_back(static_cast<std::uint8_t>(state));
      t_to.push_back(static_cast<std::uint8_t>(to));
      t_tier.push_back(static_cast<std::int8_t>(tier));
      t_actor.push_back(actor);
      state = to;
    }
  }
};

}  // namespace

// Five events of tests/python/test_escalation_indicators.py (E1, E2, E4, E7, E8); the working-hour
// arithmetic is written out there.
TEST(Evaluate, HandBuiltLogByTheDefinitions) {
  const auto p = EscalationPolicy::standard();
  using S = State;
  Log log;
  const std::vector<std::string> grids{"G1", "G2", "G4"}, departments{"公安局"}, actors{"w1", "w2", "w4", "ZX", "GA"};
  log.event(p, "ZZ01", at(6, 9, 0), 0, -1);  // E1: closed on time at L0
  log.steps({{at(6, 9, 30), S::accepted, 0, 0}, {at(6, 10, 0), S::dispatched, 0, 0}, {at(6, 10, 0), S::handling, 0, 0},
             {at(6, 11, 0), S::feedback, 0, 0}, {at(6, 11, 30), S::verified, 0, 0}, {at(6, 11, 45), S::closed, 0, 0}});
  log.event(p, "ZZ01", at(6, 9, 0), 0, -1);  // E2: 8 wh of 7.5 handling (督办), closed late
  log.steps({{at(6, 9, 30), S::accepted, 0, 0}, {at(6, 10, 0), S::dispatched, 0, 0}, {at(6, 10, 0), S::handling, 0, 0},
             {at(7, 10, 30), S::feedback, 0, 0}, {at(8, 17, 0), S::verified, 0, 0}, {at(9, 17, 0), S::closed, 0, 0}});
  log.event(p, "ZZ02", at(13, 9, 0), 2, 0);  // E4: open, due, 14 wh of handling (yellow)
  log.steps({{at(13, 9, 30), S::accepted, 0, 2}, {at(13, 10, 0), S::dispatched, 0, 2}, {at(16, 9, 30), S::handling, 0, 2}});
  log.event(p, "ZZ02", at(6, 9, 0), 1, 0);  // E7: red card at L0, closed late by the county's 公安局
  log.steps({{at(6, 9, 30), S::accepted, 0, 1}, {at(6, 10, 0), S::dispatched, 0, 1}, {at(6, 10, 0), S::handling, 0, 1},
             {at(8, 10, 0), S::escalated, 4, 3}, {at(8, 10, 30), S::accepted, 4, 3}, {at(8, 11, 0), S::dispatched, 4, 4},
             {at(8, 11, 0), S::handling, 4, 4}, {at(10, 11, 0), S::feedback, 4, 4}, {at(10, 14, 0), S::verified, 4, 4},
             {at(10, 15, 0), S::closed, 4, 4}});
  log.event(p, "ZZ07", at(8, 9, 0), 0, -1);  // E8: voided
  log.steps({{at(8, 9, 20), S::voided, 0, 0}});
  // Sources and return visits: E1 app (satisfied), E2 hotline (not), E4 and E7 patrol (E7 asked,
  // satisfied; E4 is open, so its answer does not count), E8 app (void).
  const std::vector<std::uint8_t> source{1, 2, 0, 0, 1};
  const std::vector<std::int8_t> satisfied{1, 0, 1, 1, -1};
  const EventColumns events{log.created, log.category, log.urgency, source, satisfied};
  const TransitionColumns transitions{log.t_event, log.t_time, log.t_from, log.t_to, log.t_tier, log.t_actor};
  const EventGroups groups{Grouping{log.grid, grids}, Grouping{}, Grouping{log.department, departments}, actors};
  const auto e = evaluate(p, events, transitions, at(17, 17, 30), groups);

  const auto& k = e.kpis;
  EXPECT_EQ(k.at("events"), 5);
  EXPECT_EQ(k.at("closed"), 3);
  EXPECT_EQ(k.at("void"), 1);
  EXPECT_EQ(k.at("open"), 1);
  EXPECT_EQ(k.at("due"), 4);
  EXPECT_DOUBLE_EQ(k.at("closure_rate"), 3.0 / 4);          // 结案率: closed / due
  EXPECT_DOUBLE_EQ(k.at("on_time_closure_rate"), 1.0 / 4);  // 按期结案率: on time / due
  EXPECT_DOUBLE_EQ(k.at("closed_in_grid_share"), 2.0 / 3);  // of the closed, at L0 (E1 E2, not E7)
  EXPECT_DOUBLE_EQ(k.at("closed_share"), 3.0 / 5);
  EXPECT_DOUBLE_EQ(k.at("resolved_in_grid_rate"), 2.0 / 5);
  EXPECT_DOUBLE_EQ(k.at("reached_county_rate"), 1.0 / 5);
  EXPECT_DOUBLE_EQ(k.at("escalation_rate"), 1.0 / 5);
  EXPECT_DOUBLE_EQ(k.at("mean_hours_to_close"), (2.75 + 80 + 102) / 3);
  EXPECT_DOUBLE_EQ(k.at("mean_hours_to_accept"), 0.5);
  EXPECT_EQ(k.at("warnings"), 3);
  EXPECT_EQ(k.at("supervised"), 3);
  EXPECT_EQ(k.at("yellow_cards"), 2);
  EXPECT_EQ(k.at("red_cards"), 1);
  EXPECT_THROW((void)k.at("closure"), UnknownCodeError);
  // 按期处置率: stages due E1 (1 wh, on time), E2 (8 wh of 7.5, late), E4 (open, 14 wh: due, late),
  // E7 at L0 (15 wh, ended by escalation: due, late) and at L4 (15 of 75 wh, on time): 2 / 5.
  EXPECT_DOUBLE_EQ(k.at("on_time_disposal_rate"), 2.0 / 5);
  // 核查: E1 after 0.5 wh, E2 after 12.5 wh (late), E7 after 1.5 wh.
  EXPECT_DOUBLE_EQ(k.at("verification_rate"), 1.0);
  EXPECT_DOUBLE_EQ(k.at("on_time_verification_rate"), 2.0 / 3);
  EXPECT_DOUBLE_EQ(k.at("return_rate"), 0.0);  // one hand-over (E7's escalation), not returned
  EXPECT_EQ(k.at("handed_down"), 0);
  EXPECT_DOUBLE_EQ(k.at("valid_report_rate"), 4.0 / 5);
  EXPECT_DOUBLE_EQ(k.at("satisfaction_rate"), 2.0 / 3);  // E1, E2, E7 asked
  EXPECT_EQ(k.at("return_visits"), 3);
  EXPECT_DOUBLE_EQ(k.at("source_share_app"), 2.0 / 5);
  EXPECT_DOUBLE_EQ(k.at("valid_report_rate_app"), 1.0 / 2);
  EXPECT_DOUBLE_EQ(k.at("source_share_patrol"), 2.0 / 5);
  EXPECT_DOUBLE_EQ(k.at("valid_report_rate_hotline"), 1.0);
  EXPECT_DOUBLE_EQ(k.at("source_share_inspection"), 0.0);
  EXPECT_EQ(e.events[0].due_at, at(9, 16, 30));  // 0.5 + 28.5 working hours from Monday 08:30

  // By grid: G1 = E1 E2 E8 (100 / 50 / 0 / 66.7 -> 80, B), G2 = E7 (100 / 0 / 0 / 0 -> 55, D),
  // G4 = E4 (nothing closed: 15, E). Departments: 公安局 = E7 only, judged on its own stage at L4
  // (按期处置率 100 %): 10 + 30 + 30 + 30 = 100, A.
  const auto& g = e.by_grid;
  ASSERT_EQ(g.unit, (std::vector<std::string>{"G1", "G2", "G4"}));
  EXPECT_EQ(g.events, (std::vector<std::int64_t>{3, 1, 1}));
  EXPECT_EQ(g.due, (std::vector<std::int64_t>{2, 1, 1}));
  EXPECT_DOUBLE_EQ(g.on_time_rate[0], 50);
  EXPECT_DOUBLE_EQ(g.self_resolved_rate[0], 200.0 / 3);
  EXPECT_DOUBLE_EQ(g.score[0], 0.4 * 100 + 0.3 * 50 + 0.15 * 100 + 0.15 * 200.0 / 3);
  EXPECT_DOUBLE_EQ(g.score[1], 55);
  EXPECT_DOUBLE_EQ(g.score[2], 15);
  EXPECT_EQ(g.grade, (std::vector<std::string>{"B", "D", "E"}));
  EXPECT_TRUE(std::isnan(g.mean_hours_to_close[2]));
  EXPECT_TRUE(e.by_community.empty());  // the log does not say
  ASSERT_EQ(e.by_department.unit, std::vector<std::string>{"公安局"});
  EXPECT_DOUBLE_EQ(e.by_department.on_time_disposal_rate[0], 100);
  EXPECT_DOUBLE_EQ(e.by_department.score[0], 100);
  EXPECT_EQ(e.by_department.grade[0], "A");
  EXPECT_DOUBLE_EQ(g.on_time_disposal_rate[0], 50);  // G1: E1 on time, E2 late
  EXPECT_DOUBLE_EQ(g.on_time_verification_rate[0], 50);
  EXPECT_DOUBLE_EQ(g.satisfaction_rate[0], 50);  // E1 yes, E2 no
  ASSERT_EQ(e.by_worker.unit, (std::vector<std::string>{"w1", "w2", "w4"}));
  EXPECT_DOUBLE_EQ(e.by_worker.score[0], 85);

  // Month by month: the whole log lies in January 2025, measured at the log's end.
  const auto months = evaluate_months(p, events, transitions, at(17, 17, 30));
  ASSERT_EQ(months.size(), 1u);
  EXPECT_EQ(months[0].period, "2025-01");
  EXPECT_EQ(months[0].end, at(17, 17, 30));
  EXPECT_EQ(months[0].kpis.at("due"), 4);
  // 40 % x 75 + 30 % x 25 + 15 % x (100 - 0) + 15 % x 40 (2 of 5 closed in the grid) = 58.5, D
  EXPECT_DOUBLE_EQ(months[0].score, 0.4 * 75 + 0.3 * 25 + 15 + 0.15 * 40);
  EXPECT_EQ(months[0].grade, "D");

  // The weights and bands are editable: all weight on 结案率 makes G1 an A.
  Grading closure_only;
  closure_only.area_closure = 1;
  closure_only.area_on_time = closure_only.area_no_rework = closure_only.area_self_resolved = 0;
  const auto e2 = evaluate(p, events, transitions, at(17, 17, 30), groups, closure_only);
  EXPECT_EQ(e2.by_grid.grade, (std::vector<std::string>{"A", "A", "E"}));
  // A grouping of the wrong length is an InputError.
  const std::vector<std::int32_t> short_grid{0, 0};
  EXPECT_THROW((void)evaluate(p, events, transitions, at(17, 17, 30), EventGroups{Grouping{short_grid, grids}, {}, {}, actors}),
               InputError);
}

// The log of test_escalation_indicators.py's last test (X1-X3), for the rules the log above does
// not reach: an event closed above the county (L5), a verification due and never done, and a
// close at the very instant a month is measured at.
TEST(Evaluate, AboveTheCountyAVerificationNeverDoneAndAMonthsLastInstant) {
  auto p = EscalationPolicy::standard();
  p.handle_limits[tier_above][3] = 2 * 3600;  // the city may handle a U3 matter, within 2 h
  using S = State;
  Log log;
  const std::vector<std::string> grids{"G1"}, actors{"ZX", "YJ", "SJ", "w1", "S1"};
  log.event(p, "ZZ08", at(20, 20, 0), 0, -1, 3);  // X1: taken over and closed by the city (L5), on time
  log.steps({{at(20, 20, 3), S::accepted, 4, 0}, {at(20, 20, 10), S::dispatched, 4, 1}, {at(20, 20, 10), S::handling, 4, 1},
             {at(20, 20, 40), S::escalated, 5, 2}, {at(20, 20, 45), S::accepted, 5, 2}, {at(20, 20, 50), S::dispatched, 5, 2},
             {at(20, 20, 50), S::handling, 5, 2}, {at(20, 22, 20), S::feedback, 5, 2}, {at(20, 22, 40), S::verified, 5, 0},
             {at(20, 23, 0), S::closed, 5, 2}});
  log.event(p, "ZZ04", at(20, 9, 0), 0, -1);  // X2: settled in the grid, never verified: open and due
  log.steps({{at(20, 9, 30), S::accepted, 0, 3}, {at(20, 10, 0), S::dispatched, 0, 3}, {at(20, 10, 0), S::handling, 0, 3},
             {at(20, 11, 0), S::feedback, 0, 3}});
  log.event(p, "ZZ03", at(31, 20, 0), 0, -1, 2);  // X3: closed at 2025-02-01 00:00:00 exactly
  log.steps({{at(31, 20, 10), S::accepted, 2, 4}, {at(31, 20, 30), S::dispatched, 2, 4}, {at(31, 20, 30), S::handling, 2, 4},
             {at(31, 22, 30), S::feedback, 2, 4}, {at(31, 23, 30), S::verified, 2, 3}, {at(32, 0, 0), S::closed, 2, 4}});
  const EventColumns events{log.created, log.category, log.urgency};
  const TransitionColumns transitions{log.t_event, log.t_time, log.t_from, log.t_to, log.t_tier, log.t_actor};
  const std::int64_t as_of = at(34, 17, 30);
  const auto e = evaluate(p, events, transitions, as_of, EventGroups{Grouping{log.grid, grids}, {}, {}, actors});
  const auto& k = e.kpis;
  EXPECT_EQ(k.at("due"), 3);
  EXPECT_DOUBLE_EQ(k.at("closure_rate"), 2.0 / 3);
  EXPECT_DOUBLE_EQ(k.at("reached_county_rate"), 1.0 / 3);  // X1, closed at L5
  EXPECT_DOUBLE_EQ(k.at("resolved_in_community_rate"), 1.0 / 3);  // X3
  // 核查: X1 in 20 min of 1 h, X3 in 1 h of 2 h, X2 pending far past its 7.5 wh: 2 done of 3 due.
  EXPECT_DOUBLE_EQ(k.at("verification_rate"), 2.0 / 3);
  EXPECT_DOUBLE_EQ(k.at("on_time_verification_rate"), 2.0 / 3);
  EXPECT_EQ(e.events[1].verifications_due, 1);
  EXPECT_EQ(e.events[1].verifications, 0);
  // X1's county stage was handed up within its 2 h, so only its L5 stage was due, on time.
  EXPECT_EQ(e.events[0].disposals_due, 1);
  EXPECT_EQ(e.events[0].county_disposals_on_time, 1);
  // January is measured at 2025-02-01 00:00; X3's close at that instant is January's.
  const auto months = evaluate_months(p, events, transitions, as_of);
  ASSERT_EQ(months.size(), 1u);
  EXPECT_EQ(months[0].end, at(32, 0, 0));
  EXPECT_EQ(months[0].kpis.at("closed"), 2);
  EXPECT_EQ(months[0].kpis.at("due"), 3);
  EXPECT_DOUBLE_EQ(months[0].kpis.at("reached_county_rate"), 1.0 / 3);
}

TEST(Evaluate, SimulatedMonthRecountsTheSimulatorsIndicators) {
  const auto m = test::small_county();
  const auto p = EscalationPolicy::standard();
  SimulationParams params;
  params.days = 45;
  params.rate_multiplier = 300;
  const auto month = simulate(m, p, params);
  ASSERT_GT(month.event_count(), 300);
  const auto e = evaluate(m, p, month);
  const auto k = month.kpis();
  ASSERT_EQ(e.kpis.size(), k.size());
  for (const auto& item : k) EXPECT_NEAR(e.kpis.at(item.name), item.value, 1e-9 * (1 + std::abs(item.value))) << item.name;
  std::int64_t grid_events = 0;
  for (auto n : e.by_grid.events) grid_events += n;
  std::int64_t community_events = 0;
  for (auto n : e.by_community.events) community_events += n;
  // Events happen at households and places, and all of the small county's lie in a grid.
  EXPECT_EQ(community_events, month.event_count());
  EXPECT_EQ(grid_events, month.event_count());
  EXPECT_EQ(e.by_grid.size(), 2u);  // the staffed grid (its household) and the school's special grid
  EXPECT_GE(e.by_grid.find(test::grid_code), 0);
  EXPECT_FALSE(e.by_worker.empty());
}

// ---- routes -----------------------------------------------------------------------------------------

TEST(Route, ExplainsEachStep) {
  const auto m = test::small_county();
  const auto p = EscalationPolicy::standard();
  const Route r = route(m, p, m.id(test::household_code), "ZZ01");
  EXPECT_EQ(r.place_code, test::household_code);
  EXPECT_EQ(r.category, "ZZ01");
  EXPECT_EQ(r.urgency, 0);
  EXPECT_EQ(r.entry_tier, 0);
  EXPECT_EQ(r.close_tier, 2);
  ASSERT_EQ(r.steps.size(), 5u);  // grid, worker, compound, station, community centre
  EXPECT_EQ(r.steps[0].code, test::grid_code);
  EXPECT_EQ(r.steps[0].reason, "the grid where it happened");
  EXPECT_EQ(r.steps[1].code, test::fulltime_code);
  EXPECT_EQ(r.steps[1].reason, "first handler: small matters stay in the grid: the grid's full-time worker");
  EXPECT_EQ(r.steps[2].tier, 1);
  EXPECT_EQ(r.steps[2].code, test::compound_code);
  EXPECT_EQ(r.steps[3].code, test::station_code);
  EXPECT_EQ(r.steps[4].code, test::community_centre_code);
  EXPECT_EQ(r.steps[4].reason, "community command centre coordinates (社区吹哨)");
  // A grid without a full-time worker: the station first, with the reason's text.
  const Route orphan = route(m, p, m.id(test::unstaffed_building_code), "ZZ06");
  EXPECT_EQ(orphan.steps.front().tier, 2);
  EXPECT_EQ(orphan.steps.front().reason, reason_texts[2]);
  EXPECT_TRUE(orphan.reasons & reason_no_fulltime_worker);
  // A major emergency: the county centre, no department of its sector, copied above a county
  // the model has no parent of.
  const Route major = route(m, p, m.id(test::household_code), "ZZ08");
  EXPECT_EQ(major.steps.front().tier, 4);
  EXPECT_EQ(major.steps.front().code, test::county_centre_code);
  EXPECT_EQ(major.steps.back().tier, 5);
  EXPECT_EQ(major.steps.back().handler, no_node);
  EXPECT_NE(major.steps.back().reason.find("no level above the county"), std::string::npos);
  // A school's special grid: its host at L1.
  const Route school = route(m, p, m.id(test::school_code), "ZZ06", 0);
  EXPECT_EQ(school.steps[2].code, test::school_code);
  EXPECT_NE(school.steps[2].reason.find(reason_texts[0]), std::string::npos);
  EXPECT_EQ(school.department, m.id(test::education_code));
  EXPECT_THROW((void)route(m, p, m.id(test::household_code), "XX01"), UnknownCodeError);
  EXPECT_THROW((void)route(m, p, m.id(test::household_code), "ZZ01", 7), UnknownCodeError);
  EXPECT_THROW((void)route(m, p, m.id(test::community_code), "ZZ01"), InputError);
}

// ---- simulation bounds --------------------------------------------------------------------------------

TEST(Simulate, HugeRatesFailBeforeAllocating) {
  const auto m = datasets::seed_county(0);
  const auto p = EscalationPolicy::standard();
  SimulationParams params;
  params.rate_multiplier = 1e9;  // ~2e13 events: checked against max_events before anything is reserved
  const auto msg = message_of<InputError>([&] { (void)simulate(m, p, params); });
  EXPECT_NE(msg.find("max_events"), std::string::npos) << msg;
  params.rate_multiplier = 1;
  params.max_events = 1000;  // a month is ~21,600 events
  EXPECT_THROW((void)simulate(m, p, params), InputError);
  params.max_events = 0;
  EXPECT_THROW((void)simulate(m, p, params), InputError);
}

TEST(Simulate, UtilisationIsBusyOverAvailableTime) {
  const auto m = datasets::seed_county(0);
  const auto p = EscalationPolicy::standard();
  SimulationParams params;  // the default month: 2025-03-03 to 04-01, 30 days, 22 working days of 7.5 h
  const auto month = simulate(m, p, params);
  EXPECT_DOUBLE_EQ(month.available_seconds, 22 * 7.5 * 3600);
  ASSERT_EQ(month.grid_utilisation.size(), month.grid_capacity.size());
  double sum = 0;
  for (std::size_t g = 0; g < month.grid_capacity.size(); ++g) {
    const double available = month.grid_capacity[g] * month.available_seconds;
    ASSERT_GT(available, 0);  // every grid of the reference county has workers
    EXPECT_DOUBLE_EQ(month.grid_utilisation[g], (month.grid_routine_seconds[g] + month.grid_work_seconds[g]) / available);
    // Routine duties alone never take more than the capacity.
    EXPECT_LE(month.grid_routine_seconds[g], available * (1 + 1e-12));
    sum += month.grid_utilisation[g];
  }
  // docs/escalation.md: 52 % on average once patrols, visits and data collection count.
  EXPECT_NEAR(sum / static_cast<double>(month.grid_capacity.size()), 0.52, 0.03);
  ASSERT_EQ(month.community_utilisation.size(), 15u);
  for (std::size_t c = 0; c < 15; ++c) {
    const double staff = month.community_station_staff[c] + month.community_centre_staff[c] + month.community_unit_capacity[c];
    EXPECT_DOUBLE_EQ(month.community_utilisation[c], month.community_work_seconds[c] / (staff * month.available_seconds));
  }
  EXPECT_DOUBLE_EQ(month.county_seat_utilisation,
                   month.county_seat_work_seconds / (month.county_seat_capacity * month.available_seconds));
  EXPECT_GT(month.county_seat_utilisation, 0);
}

// ---- issue 11's contract, its escalation lines -------------------------------------------------------------

TEST(Contract, EscalationLinesOfPlanCounty) {
  namespace gg = gridgov;
  const gg::Model redrawn = gg::datasets::seed_county(0);
  const std::string json = gg::escalation::EscalationPolicy::standard().to_json();
  gg::escalation::EscalationPolicy policy = gg::escalation::EscalationPolicy::from_json(json);
  gg::escalation::SimulationParams params;
  params.days = 30;
  params.seed = 0;
  gg::escalation::SimulationResult month = gg::escalation::simulate(redrawn, policy, params);
  gg::escalation::Evaluation eval = gg::escalation::evaluate(redrawn, policy, month);
  gg::escalation::Route route =
      gg::escalation::route(redrawn, policy, redrawn.nodes(gg::Kind::household).front(), "ZZ01");
  EXPECT_GT(month.event_count(), 10000);
  EXPECT_GT(eval.kpis.at("closure_rate"), 0.0);
  EXPECT_LE(eval.kpis.at("closure_rate"), 1.0);
  EXPECT_GE(route.steps.size(), 1u);
  EXPECT_FALSE(route.steps.front().reason.empty());
  EXPECT_EQ(eval.by_community.size(), 15u);
}
