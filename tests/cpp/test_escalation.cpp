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
  // The last moment within a deadline: inside a window the moment it is reached; at a window's
  // end the start of the next one (Tuesday 17:30 -> Thursday 08:30, Wednesday being a holiday);
  // past the clock's range the calendar is walked on.
  EXPECT_EQ(clock.last_time_within(1800), t0 + 9 * 3600);
  EXPECT_EQ(clock.last_time_within(2 * 27000), t0 + 3 * 86400 + 8 * 3600 + 1800);
  EXPECT_EQ(clock.last_time_within(3 * 3600 + 1800), t0 + 13 * 3600 + 1800);  // Monday 12:00 -> 13:30
  const std::int64_t beyond = clock.last_time_within(100 * 27000 + 1800);  // 100 working days + 30 min
  EXPECT_EQ(beyond % 86400, 9 * 3600);
  const WorkClock longer(cal, monday, 400);
  EXPECT_EQ(beyond, longer.last_time_within(100 * 27000 + 1800));
  for (std::int64_t w = 0; w < 5 * 27000; w += 977) {
    const auto t = clock.last_time_within(w);
    EXPECT_LE(clock.at(t), w);
    EXPECT_GT(clock.at(t + 1), w);
  }
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

#include "gridgov/escalation/lifecycle.hpp"
#include "gridgov/escalation/simulate.hpp"

namespace {

/// Replays a simulation's own log and checks it tallies what the simulator counted.
void expect_books_balance(const EscalationPolicy& p, const SimulationResult& r) {
  const std::size_t n = r.created_at.size();
  ASSERT_EQ(static_cast<std::int64_t>(n), r.tally.events);
  std::int64_t closed = 0, voided = 0, open = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto s = static_cast<State>(r.status[i]);
    if (s == State::closed) ++closed;
    else if (s == State::voided) ++voided;
    else ++open;
  }
  EXPECT_EQ(closed + voided + open, r.tally.events);
  EXPECT_EQ(closed, r.tally.closed);
  EXPECT_EQ(voided, r.tally.voided);
  const auto outcomes = replay(p, EventColumns{r.created_at, r.category, r.urgency},
                               TransitionColumns{r.t_event, r.t_time, r.t_from, r.t_to, r.t_tier, r.t_actor}, r.horizon);
  std::int64_t on_time = 0, due = 0, supervised = 0, red = 0, yellow = 0, warnings = 0;
  std::array<std::int64_t, tier_count> at_tier{};
  for (std::size_t i = 0; i < n; ++i) {
    const auto& o = outcomes[i];
    ASSERT_EQ(o.status, r.status[i]) << "event " << i;
    ASSERT_EQ(o.on_time, r.on_time[i] != 0) << "event " << i;
    ASSERT_EQ(o.escalations, r.escalations[i]) << "event " << i;
    ASSERT_EQ(o.returns, r.returns[i]) << "event " << i;
    ASSERT_EQ(o.entry_tier, r.entry_tier[i]);
    ASSERT_EQ(o.due_at, r.due_at[i]) << "event " << i;
    // The deadline reads as the clock does: closed on time <=> closed by due_at.
    if (o.status == static_cast<std::uint8_t>(State::closed)) {
      ASSERT_EQ(o.on_time, r.closed_at[i] <= r.due_at[i]) << "event " << i;
    } else if (o.status != static_cast<std::uint8_t>(State::voided)) {
      ASSERT_EQ(o.due, r.horizon > r.due_at[i]) << "event " << i;
    }
    if (o.closed_tier >= 0) ++at_tier[static_cast<std::size_t>(o.closed_tier)];
    on_time += o.on_time;
    due += o.due;
    supervised += o.supervised;
    yellow += o.yellow_cards;
    red += o.red_cards;
    warnings += o.warnings;
  }
  EXPECT_EQ(on_time, r.tally.on_time);
  EXPECT_EQ(due, r.tally.due);
  EXPECT_EQ(supervised, r.tally.supervised);
  EXPECT_EQ(yellow, r.tally.yellow_cards);
  EXPECT_EQ(red, r.tally.red_cards);
  EXPECT_EQ(warnings, r.tally.warnings);
  EXPECT_EQ(at_tier, r.tally.closed_at_tier);
}

}  // namespace

TEST(Simulate, SmallCountyBooksBalanceAndReplayAgrees) {
  const auto m = test::small_county();
  const auto p = EscalationPolicy::standard();
  SimulationParams params;
  params.days = 60;
  params.rate_multiplier = 400;  // a tiny county: make it busy
  params.return_prob = 0.5;       // exercise returns and the climb after more than two
  params.park_prob = 0.3;
  params.extension_prob = 0.3;
  Simulator sim(m, p, params);
  const auto r = sim.run();
  ASSERT_GT(r.tally.events, 500);
  EXPECT_GT(r.tally.closed, 0);
  EXPECT_GT(r.tally.red_cards, 0);
  expect_books_balance(p, r);
  // Deterministic.
  Simulator again(m, p, params);
  const auto r2 = again.run();
  EXPECT_EQ(r2.t_time, r.t_time);
  EXPECT_EQ(r2.status, r.status);
}

TEST(Replay, RejectsBrokenLogsNamingTheRow) {
  const auto p = EscalationPolicy::standard();
  const std::int64_t t0 = 20094LL * 86400 + 9 * 3600;
  std::vector<std::int64_t> created{t0};
  std::vector<std::int32_t> cat{0};
  std::vector<std::int8_t> urg{0};
  auto run = [&](std::vector<std::uint8_t> from, std::vector<std::uint8_t> to, std::vector<std::int64_t> time) {
    std::vector<std::int32_t> ev(from.size(), 0);
    std::vector<std::int8_t> tier(from.size(), 0);
    std::vector<node_id> actor(from.size(), 1);
    return replay(p, EventColumns{created, cat, urg}, TransitionColumns{ev, time, from, to, tier, actor}, t0 + 86400 * 10);
  };
  using S = State;
  auto u8 = [](S s) { return static_cast<std::uint8_t>(s); };
  // A good log: accepted, dispatched, handling, feedback, verified, closed within an hour.
  const auto ok = run({u8(S::reported), u8(S::accepted), u8(S::dispatched), u8(S::handling), u8(S::feedback), u8(S::verified)},
                      {u8(S::accepted), u8(S::dispatched), u8(S::handling), u8(S::feedback), u8(S::verified), u8(S::closed)},
                      {t0 + 60, t0 + 120, t0 + 120, t0 + 1800, t0 + 2400, t0 + 3000});
  EXPECT_EQ(ok[0].status, u8(S::closed));
  EXPECT_TRUE(ok[0].on_time);
  EXPECT_EQ(ok[0].closed_tier, 0);
  // Unknown transition.
  EXPECT_THROW((void)run({u8(S::reported)}, {u8(S::closed)}, {t0 + 60}), EventLogError);
  // from_state that is not the current state.
  EXPECT_THROW((void)run({u8(S::accepted), u8(S::handling)}, {u8(S::dispatched), u8(S::feedback)}, {t0 + 60, t0 + 70}), EventLogError);
  // Time going backwards.
  try {
    (void)run({u8(S::reported), u8(S::accepted)}, {u8(S::accepted), u8(S::dispatched)}, {t0 + 60, t0 + 30});
    FAIL();
  } catch (const EventLogError& e) {
    EXPECT_NE(std::string(e.what()).find("transition row 1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("backwards"), std::string::npos) << e.what();
  }
}

#include "gridgov/datasets/seed_county.hpp"

namespace {

struct GridTally {
  std::int64_t events = 0, escalations = 0, late = 0, red = 0;
};

/// Events from one grid: escalations and late closures (closed late, or open past the clock).
GridTally tally_grid(const Router& router, const EscalationPolicy& p, const SimulationResult& r, node_id grid) {
  const auto outcomes = replay(p, EventColumns{r.created_at, r.category, r.urgency},
                               TransitionColumns{r.t_event, r.t_time, r.t_from, r.t_to, r.t_tier, r.t_actor}, r.horizon);
  GridTally t;
  for (std::size_t i = 0; i < r.created_at.size(); ++i) {
    if (router.site(r.site[i]).grid != grid) continue;
    ++t.events;
    t.escalations += r.escalations[i];
    t.red += outcomes[i].red_cards;
    const bool late = (outcomes[i].status == static_cast<std::uint8_t>(State::closed) && !outcomes[i].on_time) ||
                      (outcomes[i].due && outcomes[i].status != static_cast<std::uint8_t>(State::closed));
    t.late += late;
  }
  return t;
}

}  // namespace

TEST(Simulate, SeedCountyWhatIf) {
  const auto m = datasets::seed_county(0);
  const auto p = EscalationPolicy::standard();
  const Router router(m, p);
  SimulationParams base;
  base.days = 30;
  const auto r0 = Simulator(m, p, base).run();
  expect_books_balance(p, r0);
  std::printf("county, 30 days: %lld events, %lld closed, %lld on time, %lld red cards; closed by tier L0 %lld L1 %lld L2 %lld L4 %lld\n",
              static_cast<long long>(r0.tally.events), static_cast<long long>(r0.tally.closed), static_cast<long long>(r0.tally.on_time),
              static_cast<long long>(r0.tally.red_cards), static_cast<long long>(r0.tally.closed_at_tier[0]),
              static_cast<long long>(r0.tally.closed_at_tier[1]), static_cast<long long>(r0.tally.closed_at_tier[2]),
              static_cast<long long>(r0.tally.closed_at_tier[4]));
  EXPECT_GT(r0.tally.events, 10000);
  EXPECT_GT(r0.tally.closed_at_tier[0], r0.tally.closed_at_tier[4]);  // small matters stay in the grid

  // Remove the full-time worker of the first residential grid.
  const node_id grid = m.nodes(Kind::grid, "residential").front();
  const auto gi = static_cast<std::size_t>(grid - m.kind_range(Kind::grid).first);
  SimulationParams no_worker = base;
  no_worker.fulltime.assign(static_cast<std::size_t>(m.count(Kind::grid)), -1);
  no_worker.fulltime[gi] = 0;
  const auto r1 = Simulator(m, p, no_worker).run();
  expect_books_balance(p, r1);
  const auto before = tally_grid(router, p, r0, grid), after = tally_grid(router, p, r1, grid);
  std::printf("grid without its full-time worker: escalations %lld -> %lld, late %lld -> %lld (of %lld events)\n",
              static_cast<long long>(before.escalations), static_cast<long long>(after.escalations),
              static_cast<long long>(before.late), static_cast<long long>(after.late), static_cast<long long>(after.events));
  // Its events now go up to the community station at once. The station, staffed for its
  // community's size, absorbs one vacant grid without making it late; vacating half the grids
  // overloads it (tests/python/test_escalation_staffing.py).
  EXPECT_GT(after.escalations, 3 * before.escalations);

  // Overload the county (six times the default rates), find the grid with most red cards, then
  // give it 15 more part-time workers.
  SimulationParams busy = base;
  busy.rate_multiplier = 6;
  const auto r2 = Simulator(m, p, busy).run();
  std::vector<std::int64_t> red(static_cast<std::size_t>(m.count(Kind::grid)), 0);
  {
    const auto outcomes = replay(p, EventColumns{r2.created_at, r2.category, r2.urgency},
                                 TransitionColumns{r2.t_event, r2.t_time, r2.t_from, r2.t_to, r2.t_tier, r2.t_actor}, r2.horizon);
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      const node_id g = router.site(r2.site[i]).grid;
      if (g != no_node) red[static_cast<std::size_t>(g - m.kind_range(Kind::grid).first)] += outcomes[i].red_cards;
    }
  }
  const auto worst = static_cast<std::size_t>(std::max_element(red.begin(), red.end()) - red.begin());
  const node_id worst_grid = m.kind_range(Kind::grid).first + static_cast<node_id>(worst);
  SimulationParams helped = busy;
  helped.parttime.assign(static_cast<std::size_t>(m.count(Kind::grid)), -1);
  helped.parttime[worst] = r2.grid_parttime[worst] + 15;
  const auto r3 = Simulator(m, p, helped).run();
  expect_books_balance(p, r3);
  const auto b2 = tally_grid(router, p, r2, worst_grid), a2 = tally_grid(router, p, r3, worst_grid);
  std::printf("overloaded grid + 15 part-time: escalations %lld -> %lld, late %lld -> %lld, red %lld -> %lld\n",
              static_cast<long long>(b2.escalations), static_cast<long long>(a2.escalations), static_cast<long long>(b2.late),
              static_cast<long long>(a2.late), static_cast<long long>(b2.red), static_cast<long long>(a2.red));
  EXPECT_LT(a2.escalations, b2.escalations);
  EXPECT_LT(a2.late, b2.late);
}

TEST(Simulate, ReturnedMoreThanTwiceClimbsPastTheReceiver) {
  const auto m = test::small_county();
  const auto p = EscalationPolicy::standard();
  SimulationParams params;
  params.days = 60;
  params.rate_multiplier = 400;
  params.return_prob = 0.9;  // receivers return almost everything
  const auto r = Simulator(m, p, params).run();
  expect_books_balance(p, r);
  // In every event, count returns between the same two tiers; the escalation that follows the
  // third return must skip the receiver (unless the receiver is the highest tier allowed).
  int checked = 0;
  std::size_t k = 0;
  while (k < r.t_event.size()) {
    const auto e = r.t_event[k];
    int returns = 0, receiver = -1;
    for (; k < r.t_event.size() && r.t_event[k] == e; ++k) {
      const auto to = static_cast<State>(r.t_to[k]);
      if (to == State::escalated && returns == 0) receiver = r.t_tier[k];
      if (to == State::returned) ++returns;
      const int close = p.close_tier(r.category[static_cast<std::size_t>(e)], r.urgency[static_cast<std::size_t>(e)]);
      if (to == State::escalated && returns > p.max_returns && receiver < close) {
        EXPECT_GT(r.t_tier[k], receiver) << "event " << e;  // climbs unless the receiver is the close tier
        ++checked;
        returns = 0;
        receiver = r.t_tier[k];
      }
    }
  }
  EXPECT_GT(checked, 0);
}

TEST(Replay, ParkedTimeIsExcludedFromTheClockAndExtensionsExtendIt) {
  const auto p = EscalationPolicy::standard();
  const std::int64_t monday = 20094LL * 86400;  // 2025-01-06
  const std::int64_t t0 = monday + 9 * 3600;
  std::vector<std::int64_t> created{t0, t0};
  std::vector<std::int32_t> cat{p.category_index("ZZ02"), p.category_index("ZZ02")};
  std::vector<std::int8_t> urg{0, 0};
  using S = State;
  auto u8 = [](S s) { return static_cast<std::uint8_t>(s); };
  // Event 0: handled at L4 for 20 working days but parked for 12 of them (natural days 1..17
  // cover 12 working days), so it is on time. Event 1: the same without parking: late.
  const std::int64_t day = 86400;
  std::vector<std::int32_t> ev;
  std::vector<std::int64_t> time;
  std::vector<std::uint8_t> from, to;
  std::vector<std::int8_t> tier;
  auto add = [&](int e, std::int64_t t, S f, S s, int tr) {
    ev.push_back(e);
    time.push_back(t);
    from.push_back(u8(f));
    to.push_back(u8(s));
    tier.push_back(static_cast<std::int8_t>(tr));
  };
  for (int e = 0; e < 2; ++e) {
    add(e, t0 + 600, S::reported, S::escalated, 4);
    add(e, t0 + 900, S::escalated, S::accepted, 4);
    add(e, t0 + 1200, S::accepted, S::dispatched, 4);
    add(e, t0 + 1200, S::dispatched, S::handling, 4);
    if (e == 0) {
      add(e, t0 + 1 * day, S::handling, S::parked, 4);
      add(e, t0 + 17 * day, S::parked, S::handling, 4);
    }
    add(e, t0 + 19 * day, S::handling, S::feedback, 4);
    add(e, t0 + 19 * day + 3600, S::feedback, S::verified, 4);
    add(e, t0 + 19 * day + 7200, S::verified, S::closed, 4);
  }
  std::vector<node_id> actor(ev.size(), 0);
  const auto o = replay(p, EventColumns{created, cat, urg}, TransitionColumns{ev, time, from, to, tier, actor}, t0 + 30 * day);
  EXPECT_EQ(o[0].status, u8(S::closed));
  EXPECT_EQ(o[0].closed_tier, 4);
  EXPECT_EQ(o[0].escalations, 1);
  EXPECT_TRUE(o[0].on_time);
  EXPECT_FALSE(o[1].on_time);
  EXPECT_EQ(o[0].supervised, 0);
  EXPECT_EQ(o[1].supervised, 1);  // 13+ working days at L4 against a 10-day limit
  EXPECT_EQ(o[1].yellow_cards, 0);
}

TEST(Simulate, ResultDoesNotDependOnThreadCount) {
  const auto m = datasets::seed_county(0);
  const auto p = EscalationPolicy::standard();
  SimulationParams params;
  params.days = 7;
  const auto one = Simulator(m, p, params, 1).run();
  const auto four = Simulator(m, p, params, 4).run();
  EXPECT_EQ(one.created_at, four.created_at);
  EXPECT_EQ(one.place, four.place);
  EXPECT_EQ(one.status, four.status);
  EXPECT_EQ(one.t_time, four.t_time);
  EXPECT_EQ(one.t_actor, four.t_actor);
  EXPECT_EQ(one.grid_work_seconds, four.grid_work_seconds);
  EXPECT_EQ(one.community_work_seconds, four.community_work_seconds);
  EXPECT_EQ(one.county_seat_work_seconds, four.county_seat_work_seconds);
  EXPECT_EQ(one.source, four.source);
  EXPECT_EQ(one.satisfied, four.satisfied);
  EXPECT_EQ(one.tally.red_cards, four.tally.red_cards);
}

TEST(Router, StreetTierWhenSwitchedOn) {
  ModelBuilder b;
  b.add(Kind::county, "110101000000", "区");
  b.add(Kind::street, "110101001000", "街道", "110101000000");
  b.add(Kind::community, "110101001001", "社区", "110101001000");
  b.add(Kind::grid, "110101001001001", "网格", "110101001001", "residential");
  b.add(Kind::building, "11010100100100001", "1栋", "110101001001001");
  b.add(Kind::worker, "110101001001W0001", "张", "110101001001", "fulltime");
  b.add(Kind::organisation, "110101001001FWZ", "服务站", "110101001001", "service_station");
  b.add(Kind::organisation, "110101000000ZHZX", "指挥中心", "110101000000", "command_centre");
  b.link("110101001001W0001", "110101001001001", LinkType::serves);
  const Model m = b.freeze(Validate::defer);
  auto p = EscalationPolicy::standard();
  const node_id building = m.id("11010100100100001");
  const int zz02 = p.category_index("ZZ02");
  EXPECT_EQ(Router(m, p).route(building, zz02).handlers[3], no_node);  // street tier off
  p.street_tier = true;
  const auto on = Router(m, p).route(building, zz02);
  EXPECT_EQ(on.handlers[3], m.id("110101001000"));
  EXPECT_EQ(on.handlers[4], m.id("110101000000ZHZX"));
  EXPECT_EQ(on.handlers[1], no_node);  // no compound
  EXPECT_TRUE(on.reason & reason_no_compound);
  EXPECT_TRUE(on.reason & reason_no_department);  // the county has no departments at all
}
