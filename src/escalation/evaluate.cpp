// Evaluation of an event log: overall indicators, tables by unit, composite scores and grades.
#include "gridgov/escalation/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/escalation/router.hpp"
#include "gridgov/escalation/simulate.hpp"
#include "gridgov/escalation/work_clock.hpp"

namespace gridgov::escalation {

// ---- indicators ---------------------------------------------------------------------------------

void Indicators::set(std::string name, double value, bool count) {
  for (auto& item : items_)
    if (item.name == name) {
      item.value = value;
      item.count = count;
      return;
    }
  items_.push_back(Item{std::move(name), value, count});
}

bool Indicators::contains(std::string_view name) const noexcept {
  return std::any_of(items_.begin(), items_.end(), [&](const Item& i) { return i.name == name; });
}

double Indicators::at(std::string_view name) const {
  for (const auto& item : items_)
    if (item.name == name) return item.value;
  throw UnknownCodeError(messages::format("evaluate.no_indicator", {{"name", std::string(name)}}));
}

Tally& Tally::operator+=(const Tally& o) noexcept {
  // Every count is a sum, so one table of the fields does it.
  static constexpr std::int64_t Tally::*counts[] = {
      &Tally::events, &Tally::closed, &Tally::voided, &Tally::on_time, &Tally::due, &Tally::handled, &Tally::handled_due,
      &Tally::reworked, &Tally::escalated, &Tally::warnings, &Tally::supervised, &Tally::yellow_cards, &Tally::red_cards,
      &Tally::accepted, &Tally::disposals_due, &Tally::disposals_on_time, &Tally::county_disposals_due,
      &Tally::county_disposals_on_time, &Tally::verifications_due, &Tally::verifications, &Tally::verifications_on_time,
      &Tally::handovers, &Tally::returns, &Tally::handed_down, &Tally::return_visits, &Tally::satisfied};
  for (auto field : counts) this->*field += o.*field;
  for (std::size_t t = 0; t < closed_at_tier.size(); ++t) closed_at_tier[t] += o.closed_at_tier[t];
  for (std::size_t s = 0; s < reported_by_source.size(); ++s) {
    reported_by_source[s] += o.reported_by_source[s];
    voided_by_source[s] += o.voided_by_source[s];
  }
  hours_to_close_sum += o.hours_to_close_sum;
  hours_to_accept_sum += o.hours_to_accept_sum;
  return *this;
}

void Tally::add_stages(const Outcome& o) noexcept {
  warnings += o.warnings;
  supervised += o.supervised;
  yellow_cards += o.yellow_cards;
  red_cards += o.red_cards;
  disposals_due += o.disposals_due;
  disposals_on_time += o.disposals_on_time;
  county_disposals_due += o.county_disposals_due;
  county_disposals_on_time += o.county_disposals_on_time;
  verifications_due += o.verifications_due;
  verifications += o.verifications;
  verifications_on_time += o.verifications_on_time;
  handovers += o.escalations + o.handed_down;
  returns += o.returns;
  handed_down += o.handed_down;
  if (o.source < source_count) {
    ++reported_by_source[o.source];
    voided_by_source[o.source] += o.status == static_cast<std::uint8_t>(State::voided);
  }
  if (o.status == static_cast<std::uint8_t>(State::closed) && o.satisfied >= 0) {
    ++return_visits;
    satisfied += o.satisfied;
  }
}

void Tally::add(const Outcome& o, std::int64_t created_at) noexcept {
  ++events;
  if (o.status == static_cast<std::uint8_t>(State::closed)) {
    ++closed;
    on_time += o.on_time;
    if (o.closed_tier >= 0 && o.closed_tier < tier_count) ++closed_at_tier[static_cast<std::size_t>(o.closed_tier)];
    hours_to_close_sum += static_cast<double>(o.closed_at - created_at) / 3600.0;
  } else if (o.status == static_cast<std::uint8_t>(State::voided)) {
    ++voided;
  }
  due += o.due;
  handled += o.handled;
  handled_due += o.handled && o.due;
  reworked += o.reworks > 0;
  escalated += o.escalations > 0;
  add_stages(o);
  if (o.accepted_at >= 0) {
    ++accepted;
    hours_to_accept_sum += static_cast<double>(o.accepted_at - created_at) / 3600.0;
  }
}

Indicators indicators(const Tally& t) {
  const auto share = [](std::int64_t part, std::int64_t whole) {
    return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
  };
  const auto n = t.events;
  const auto& at = t.closed_at_tier;
  Indicators k;
  // The headline first: 结案率 and 按期结案率 as peers compute them (over the events due, 应结案数
  // = closed + open past their clock), 处置率, and the ladder's shares of the events closed.
  k.set("events", static_cast<double>(n), true);
  k.set("closed", static_cast<double>(t.closed), true);
  k.set("void", static_cast<double>(t.voided), true);
  k.set("open", static_cast<double>(n - t.closed - t.voided), true);
  k.set("due", static_cast<double>(t.due), true);
  k.set("closure_rate", share(t.closed, t.due));
  k.set("on_time_closure_rate", share(t.on_time, t.due));
  k.set("disposal_rate", share(t.handled_due, t.due));
  k.set("on_time_disposal_rate", share(t.disposals_on_time, t.disposals_due));
  k.set("closed_in_grid_share", share(at[0], t.closed));
  k.set("closed_in_compound_or_below_share", share(at[0] + at[1], t.closed));
  k.set("closed_in_community_or_below_share", share(at[0] + at[1] + at[2], t.closed));
  // Shares of all events (the funnel: closed at each tier, adding up to closed_share).
  k.set("closed_share", share(t.closed, n));
  k.set("on_time_share", share(t.on_time, n));
  k.set("resolved_in_grid_rate", share(at[0], n));
  k.set("resolved_in_compound_rate", share(at[1], n));
  k.set("resolved_in_community_rate", share(at[2], n));
  k.set("resolved_in_street_rate", share(at[3], n));
  k.set("reached_county_rate", share(at[4] + at[5], n));
  k.set("rework_rate", share(t.reworked, t.handled));
  k.set("escalation_rate", share(t.escalated, n));
  k.set("mean_hours_to_close", t.closed ? t.hours_to_close_sum / static_cast<double>(t.closed) : 0.0);
  k.set("mean_hours_to_accept", t.accepted ? t.hours_to_accept_sum / static_cast<double>(t.accepted) : 0.0);
  k.set("warnings", static_cast<double>(t.warnings), true);
  k.set("supervised", static_cast<double>(t.supervised), true);
  k.set("yellow_cards", static_cast<double>(t.yellow_cards), true);
  k.set("red_cards", static_cast<double>(t.red_cards), true);
  // The closed loop and the public: 核查率 and 按时核查率 over the verifications due, 回退率 over
  // the matters handed to another tier, hand-downs (交办), 有效上报率, 群众满意度 (return visits).
  k.set("verification_rate", share(t.verifications, t.verifications_due));
  k.set("on_time_verification_rate", share(t.verifications_on_time, t.verifications_due));
  k.set("return_rate", share(t.returns, t.handovers));
  k.set("handed_down", static_cast<double>(t.handed_down), true);
  k.set("valid_report_rate", share(n - t.voided, n));
  k.set("satisfaction_rate", share(t.satisfied, t.return_visits));
  k.set("return_visits", static_cast<double>(t.return_visits), true);
  for (int s = 0; s < source_count; ++s) {
    const std::string name(source_names[static_cast<std::size_t>(s)]);
    const auto reported = t.reported_by_source[static_cast<std::size_t>(s)];
    k.set("source_share_" + name, share(reported, n));
    k.set("valid_report_rate_" + name, share(reported - t.voided_by_source[static_cast<std::size_t>(s)], reported));
  }
  return k;
}

// ---- grading ------------------------------------------------------------------------------------

std::int64_t IndicatorTable::find(std::string_view unit_code) const noexcept {
  for (std::size_t i = 0; i < unit.size(); ++i)
    if (unit[i] == unit_code) return static_cast<std::int64_t>(i);
  return -1;
}

namespace {

/// One table: the events of each unit (index per event into `names`, -1 = none), rows in code order.
IndicatorTable unit_table(const std::vector<Outcome>& outcomes, std::span<const std::int64_t> created,
                          std::span<const std::int32_t> index, std::span<const std::string> names, const Grading& g,
                          bool department) {
  std::vector<Tally> sums(names.size());
  for (std::size_t e = 0; e < outcomes.size(); ++e)
    if (index[e] >= 0) sums[static_cast<std::size_t>(index[e])].add(outcomes[e], created[e]);
  std::vector<std::size_t> rows;
  for (std::size_t u = 0; u < sums.size(); ++u)
    if (sums[u].events > 0) rows.push_back(u);
  std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) { return names[a] < names[b]; });
  IndicatorTable t;
  const auto rate = [](std::int64_t part, std::int64_t whole) {
    return whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t u : rows) {
    const Tally& s = sums[u];
    t.unit.push_back(names[u]);
    t.events.push_back(s.events);
    t.closed.push_back(s.closed);
    t.due.push_back(s.due);
    t.on_time.push_back(s.on_time);
    t.handled.push_back(s.handled);
    t.handled_due.push_back(s.handled_due);
    t.reworked.push_back(s.reworked);
    t.closed_in_grid.push_back(s.closed_at_tier[0]);
    t.escalated.push_back(s.escalated);
    t.supervised.push_back(s.supervised);
    t.yellow_cards.push_back(s.yellow_cards);
    t.red_cards.push_back(s.red_cards);
    t.mean_hours_to_close.push_back(s.closed ? s.hours_to_close_sum / static_cast<double>(s.closed) : nan);
    t.mean_hours_to_accept.push_back(s.accepted ? s.hours_to_accept_sum / static_cast<double>(s.accepted) : nan);
    const double closure = rate(s.closed, s.due), on_time = rate(s.on_time, s.due), rework = rate(s.reworked, s.handled);
    const double self_resolved = rate(s.closed_at_tier[0], s.events);
    t.closure_rate.push_back(closure);
    t.on_time_rate.push_back(on_time);
    t.disposal_rate.push_back(rate(s.handled_due, s.due));
    t.rework_rate.push_back(rework);
    t.self_resolved_rate.push_back(self_resolved);
    t.escalation_rate.push_back(rate(s.escalated, s.events));
    // A department is judged on its own stages, at the county (Unicom's 部门评价: 按期处置率).
    const double on_time_disposal = department ? rate(s.county_disposals_on_time, s.county_disposals_due)
                                               : rate(s.disposals_on_time, s.disposals_due);
    t.on_time_disposal_rate.push_back(on_time_disposal);
    t.on_time_verification_rate.push_back(rate(s.verifications_on_time, s.verifications_due));
    t.satisfaction_rate.push_back(rate(s.satisfied, s.return_visits));
    t.handed_down.push_back(s.handed_down);
    const double score =
        department ? std::clamp(g.count_points(s.events) + g.department_closure * closure + g.department_on_time_disposal * on_time_disposal +
                                    g.department_no_rework * (100 - rework),
                                0.0, 100.0)
                   : g.area_score(closure, on_time, rework, self_resolved);
    t.score.push_back(score);
    t.grade.push_back(g.grade(t.score.back()));
  }
  return t;
}

void check_grouping(const Grouping& grouping, std::size_t n, const std::string& what) {
  if (grouping.index.empty()) return;
  if (grouping.index.size() != n)
    throw InputError(messages::format("evaluate.grouping_count",
                                      {{"what", what},
                                       {"index", std::to_string(grouping.index.size())},
                                       {"n", std::to_string(n)}}));
  for (std::size_t e = 0; e < n; ++e)
    if (grouping.index[e] < -1 || grouping.index[e] >= static_cast<std::int32_t>(grouping.names.size()))
      throw InputError(messages::format("evaluate.grouping_index",
                                        {{"e", std::to_string(e)},
                                         {"what", what},
                                         {"index", std::to_string(grouping.index[e])}}));
}

/// Dense indices (and codes) of node ids, -1 staying -1.
struct Factorized {
  std::vector<std::int32_t> index;
  std::vector<std::string> names;
};
Factorized factorize(const Model& m, std::span<const node_id> ids) {
  Factorized f;
  f.index.assign(ids.size(), -1);
  std::vector<std::int32_t> slot(static_cast<std::size_t>(m.size()), -1);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const node_id v = ids[i];
    if (v < 0 || v >= m.size()) continue;
    auto& s = slot[static_cast<std::size_t>(v)];
    if (s < 0) {
      s = static_cast<std::int32_t>(f.names.size());
      f.names.emplace_back(m.code(v));
    }
    f.index[i] = s;
  }
  return f;
}

}  // namespace

Evaluation evaluate(const EscalationPolicy& policy, const EventColumns& events, const TransitionColumns& transitions,
                    std::int64_t as_of, const EventGroups& groups, const Grading& grading) {
  const std::size_t n = events.created_at.size();
  check_grouping(groups.grid, n, messages::format("evaluate.column", {{"column", "grid"}}));
  check_grouping(groups.community, n, messages::format("evaluate.column", {{"column", "community"}}));
  check_grouping(groups.department, n, messages::format("evaluate.column", {{"column", "department"}}));
  check_grouping(groups.street, n, messages::format("evaluate.column", {{"column", "street"}}));
  check_grouping(groups.district, n, messages::format("evaluate.column", {{"column", "district"}}));
  Evaluation out;
  out.events = replay(policy, events, transitions, as_of);
  Tally tally;
  for (std::size_t e = 0; e < n; ++e) tally.add(out.events[e], events.created_at[e]);
  out.kpis = indicators(tally);
  const auto table = [&](const Grouping& grouping, bool department) {
    return grouping.index.empty() ? IndicatorTable{}
                                  : unit_table(out.events, events.created_at, grouping.index, grouping.names, grading, department);
  };
  out.by_grid = table(groups.grid, false);
  out.by_community = table(groups.community, false);
  out.by_street = table(groups.street, false);
  out.by_district = table(groups.district, false);
  if (!groups.department.index.empty()) {
    std::vector<std::int32_t> reached(groups.department.index.begin(), groups.department.index.end());
    for (std::size_t e = 0; e < n; ++e)
      if (!out.events[e].judged_by_department()) reached[e] = -1;
    out.by_department = unit_table(out.events, events.created_at, reached, groups.department.names, grading, true);
  }
  {
    std::vector<std::int32_t> worker(n, -1);
    for (std::size_t e = 0; e < n; ++e) {
      const node_id a = out.events[e].first_worker_actor;
      if (a >= 0 && static_cast<std::size_t>(a) < groups.actor_names.size()) worker[e] = a;
    }
    out.by_worker = unit_table(out.events, events.created_at, worker, groups.actor_names, grading, false);
  }
  return out;
}

Evaluation evaluate(const EscalationPolicy& policy, const EventColumns& events, const TransitionColumns& transitions,
                    std::int64_t as_of, const EventGroups& groups) {
  return evaluate(policy, events, transitions, as_of, groups, policy.grading);
}

Evaluation evaluate(const Model& model, const EscalationPolicy& policy, const SimulationResult& month) {
  return evaluate(model, policy, month, policy.grading);
}

std::vector<PeriodEvaluation> evaluate_months(const EscalationPolicy& policy, const SimulationResult& run) {
  return evaluate_months(policy, EventColumns{run.created_at, run.category, run.urgency, run.source, run.satisfied},
                         TransitionColumns{run.t_event, run.t_time, run.t_from, run.t_to, run.t_tier, run.t_actor}, run.horizon);
}

std::vector<PeriodEvaluation> evaluate_months(const EscalationPolicy& policy, const EventColumns& events,
                                              const TransitionColumns& transitions, std::int64_t as_of) {
  const std::size_t n = events.created_at.size(), m = transitions.event.size();
  if (events.category.size() != n || events.urgency.size() != n || (!events.source.empty() && events.source.size() != n) ||
      (!events.satisfied.empty() && events.satisfied.size() != n))
    throw InputError("events: the columns must have the same length");
  if (transitions.time.size() != m || transitions.from.size() != m || transitions.to.size() != m ||
      transitions.tier.size() != m || transitions.actor.size() != m)
    throw InputError("transitions: event, time, from_state, to_state, tier and actor must have the same length");
  // Month of each event (year * 12 + month - 1), and the months in calendar order.
  std::vector<std::int64_t> month_of(n);
  for (std::size_t e = 0; e < n; ++e) {
    const CivilDate d = civil_from_days(floor_day(events.created_at[e]));
    month_of[e] = d.year * 12 + static_cast<std::int64_t>(d.month) - 1;
  }
  std::vector<std::int64_t> months(month_of);
  std::sort(months.begin(), months.end());
  months.erase(std::unique(months.begin(), months.end()), months.end());
  std::vector<PeriodEvaluation> out;
  for (const std::int64_t key : months) {
    const std::int64_t y = key / 12;
    const auto mo = static_cast<unsigned>(key % 12 + 1);
    PeriodEvaluation p;
    char label[32];  // room for any 64-bit year (-Wformat-truncation)
    std::snprintf(label, sizeof label, "%04lld-%02u", static_cast<long long>(y), mo);
    p.period = label;
    p.start = days_from_civil(y, mo, 1) * seconds_per_day;
    const std::int64_t next = mo == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, mo + 1, 1);
    p.end = std::min(next * seconds_per_day, as_of);
    // The month's events, and their transitions up to the moment it is measured at.
    std::vector<std::int32_t> row(n, -1);
    std::vector<std::int64_t> created;
    std::vector<std::int32_t> category;
    std::vector<std::int8_t> urgency, satisfied;
    std::vector<std::uint8_t> source;
    for (std::size_t e = 0; e < n; ++e) {
      if (month_of[e] != key) continue;
      row[e] = static_cast<std::int32_t>(created.size());
      created.push_back(events.created_at[e]);
      category.push_back(events.category[e]);
      urgency.push_back(events.urgency[e]);
      if (!events.source.empty()) source.push_back(events.source[e]);
      if (!events.satisfied.empty()) satisfied.push_back(events.satisfied[e]);
    }
    std::vector<std::int32_t> t_event;
    std::vector<std::int64_t> t_time;
    std::vector<std::uint8_t> t_from, t_to;
    std::vector<std::int8_t> t_tier;
    std::vector<node_id> t_actor;
    for (std::size_t r = 0; r < m; ++r) {
      const std::int32_t e = transitions.event[r];
      if (e < 0 || static_cast<std::size_t>(e) >= n)
        throw EventLogError(messages::format("lifecycle.transition_event",
                                             {{"r", std::to_string(r)}, {"e", std::to_string(e)}}));
      if (row[static_cast<std::size_t>(e)] < 0 || transitions.time[r] > p.end) continue;
      t_event.push_back(row[static_cast<std::size_t>(e)]);
      t_time.push_back(transitions.time[r]);
      t_from.push_back(transitions.from[r]);
      t_to.push_back(transitions.to[r]);
      t_tier.push_back(transitions.tier[r]);
      t_actor.push_back(transitions.actor[r]);
    }
    const EventColumns month_events{created, category, urgency, source, satisfied};
    const std::vector<Outcome> outcomes =
        replay(policy, month_events, TransitionColumns{t_event, t_time, t_from, t_to, t_tier, t_actor}, p.end);
    Tally tally;
    for (std::size_t e = 0; e < outcomes.size(); ++e) tally.add(outcomes[e], created[e]);
    p.kpis = indicators(tally);
    const auto pct = [](std::int64_t part, std::int64_t whole) {
      return whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0;
    };
    p.score = policy.grading.area_score(pct(tally.closed, tally.due), pct(tally.on_time, tally.due), pct(tally.reworked, tally.handled),
                                        pct(tally.closed_at_tier[0], tally.events));
    p.grade = policy.grading.grade(p.score);
    out.push_back(std::move(p));
  }
  return out;
}

Evaluation evaluate(const Model& model, const EscalationPolicy& policy, const SimulationResult& month, const Grading& grading) {
  const std::size_t n = month.created_at.size();
  const Router router(model, policy);
  std::vector<node_id> grid(n, no_node), community(n, no_node), street(n, no_node), district(n, no_node);
  const bool city = model.count(Kind::county) > 1;  // a city: tables by street and district too
  for (std::size_t e = 0; e < n; ++e) {
    const std::int32_t s = router.site_of(month.place[e]);
    if (s < 0) throw InputError(messages::format("evaluate.place", {{"e", std::to_string(e)}}));
    grid[e] = router.site(s).grid;
    community[e] = router.site(s).community;
    if (city && community[e] != no_node) {
      street[e] = model.ancestor_of_kind(community[e], Kind::street);
      district[e] = model.ancestor_of_kind(community[e], Kind::county);
    }
  }
  const Factorized grids = factorize(model, grid), communities = factorize(model, community);
  const Factorized streets = factorize(model, city ? street : std::vector<node_id>{});
  const Factorized districts = factorize(model, city ? district : std::vector<node_id>{});
  const Factorized departments = factorize(model, month.department), actors = factorize(model, month.t_actor);
  EventGroups groups;
  groups.grid = Grouping{grids.index, grids.names};
  groups.community = Grouping{communities.index, communities.names};
  groups.department = Grouping{departments.index, departments.names};
  groups.actor_names = actors.names;
  groups.street = Grouping{streets.index, streets.names};
  groups.district = Grouping{districts.index, districts.names};
  return evaluate(policy, EventColumns{month.created_at, month.category, month.urgency, month.source, month.satisfied},
                  TransitionColumns{month.t_event, month.t_time, month.t_from, month.t_to, month.t_tier, actors.index},
                  month.horizon, groups, grading);
}

}  // namespace gridgov::escalation
