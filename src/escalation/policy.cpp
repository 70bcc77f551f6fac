// The escalation policy: validation, the documented default, category lookup.
#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/escalation/policy.hpp"
#include "policy_text.hpp"

namespace gridgov::escalation {

int EscalationPolicy::category_index(std::string_view code) const {
  const int i = find_category(code);
  if (i < 0)
    throw UnknownCodeError(messages::format("policy.unknown_category", {{"code", std::string(code)}}));
  return i;
}

std::string Grading::grade(double score) const {
  for (const auto& [bound, g] : grades)
    if (score >= bound) return g;
  return lowest_grade;
}

double Grading::count_points(std::int64_t events) const noexcept {
  for (const auto& [bound, points] : department_count_bands)
    if (static_cast<double>(events) <= bound) return points;
  return department_count_beyond;
}

double Grading::area_score(double closure, double on_time, double rework, double self_resolved) const noexcept {
  return std::clamp(area_closure * closure + area_on_time * on_time + area_no_rework * (100 - rework) +
                        area_self_resolved * self_resolved,
                    0.0, 100.0);
}

void EscalationPolicy::validate() const {
  std::vector<std::string> problems;
  const auto tier = tier_code;
  const auto urg = urgency_code;
  if (categories.empty()) problems.push_back(messages::format("policy.no_categories"));
  std::set<std::string> seen;
  for (const auto& c : categories) {
    const std::string who = messages::format("policy.category", {{"code", c.code}});
    if (c.code.empty()) problems.push_back(messages::format("policy.empty_code", {{"name", c.name}}));
    if (!seen.insert(c.code).second) problems.push_back(messages::format("policy.category_twice", {{"who", who}}));
    const bool zz = c.code.size() == 4 && c.code.rfind("ZZ", 0) == 0;
    const bool city = c.code.size() == 6 && (c.code.rfind("BJ", 0) == 0 || c.code.rfind("SJ", 0) == 0);
    const std::string digits = c.code.size() > 2 ? c.code.substr(2) : std::string();
    const bool numeric = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (!(zz || city) || !numeric)
      problems.push_back(messages::format("policy.category_code", {{"who", who}}));
    if (c.default_urgency < 0 || c.default_urgency >= urgency_count)
      problems.push_back(messages::format("policy.default_urgency",
                                          {{"who", who}, {"default_urgency", std::to_string(c.default_urgency)}}));
    for (int u = 0; u < urgency_count; ++u) {
      const auto& r = c.rules[static_cast<std::size_t>(u)];
      const std::string at = messages::format("policy.category_at", {{"category", who}, {"urgency", urg(u)}});
      if (r.entry < 0 || r.entry > tier_county) problems.push_back(messages::format("policy.entry_tier",
                                                                                    {{"at", at},
                                                                                     {"tier", tier(r.entry)}}));
      if (r.close < 0 || r.close > tier_county)
        problems.push_back(messages::format("policy.close_tier", {{"at", at}, {"tier", tier(r.close)}}));
      if (r.close < r.entry)
        problems.push_back(messages::format("policy.close_below_entry",
                                            {{"at", at}, {"close", tier(r.close)}, {"entry", tier(r.entry)}}));
      if (!street_tier && (r.entry == 3 || r.close == 3))
        problems.push_back(messages::format("policy.street_off", {{"at", at}}));
      if (r.entry < 0 || r.close > tier_county || r.close < r.entry) continue;
      const int e = std::max<int>(r.entry, skip_rules[static_cast<std::size_t>(u)].min_entry);
      const int cl = std::max<int>(r.close, e);
      for (int t = e; t <= cl; ++t) {
        if (t == 3 && !street_tier) continue;
        if (handle_limits[static_cast<std::size_t>(t)][static_cast<std::size_t>(u)] <= 0)
          problems.push_back(messages::format("policy.handle_limit_zero", {{"at", at}, {"tier", tier(t)}}));
      }
    }
  }
  for (int s = 0; s < stage_count; ++s)
    for (int u = 0; u < urgency_count; ++u)
      if (stage_limits[static_cast<std::size_t>(s)][static_cast<std::size_t>(u)] <= 0) {
        problems.push_back(messages::format("policy.stage_limit", {{"stage", stage_names[s]}, {"urg", urg(u)}}));
      }
  for (int t = 0; t < tier_count; ++t)
    for (int u = 0; u < urgency_count; ++u)
      if (handle_limits[static_cast<std::size_t>(t)][static_cast<std::size_t>(u)] < 0)
        problems.push_back(messages::format("policy.handle_limit_negative", {{"tier", tier(t)}, {"urg", urg(u)}}));
  for (int u = 0; u < urgency_count; ++u) {
    const auto& s = skip_rules[static_cast<std::size_t>(u)];
    if (s.min_entry < 0 || s.min_entry > tier_county) problems.push_back(messages::format("policy.skip_range",
                                                                                          {{"urg", urg(u)}}));
    if (u > 0 && s.min_entry < skip_rules[static_cast<std::size_t>(u - 1)].min_entry)
      problems.push_back(messages::format("policy.skip_order",
                                          {{"urg", urg(u)}, {"tier", tier(s.min_entry)}, {"less", urg(u - 1)}}));
  }
  const auto& th = thresholds;
  if (!(th.warning > 0 && th.warning <= th.supervise && th.supervise <= th.yellow && th.yellow <= th.red))
    problems.push_back(messages::format("policy.thresholds_order",
                                        {{"warning", std::to_string(th.warning)},
                                         {"supervise", std::to_string(th.supervise)},
                                         {"yellow", std::to_string(th.yellow)},
                                         {"red", std::to_string(th.red)}}));
  // Bounds that keep every clock reading in integer seconds (limit x ratio) far from overflow.
  if (!(th.red <= 1000)) problems.push_back(messages::format("policy.thresholds_red"));
  if (max_returns < 0) problems.push_back(messages::format("policy.max_returns"));
  if (!(extension_fraction >= 0 && extension_fraction <= 1000))
    problems.push_back(messages::format("policy.extension_fraction"));
  const auto& cal = calendar;
  if (cal.windows.empty() && (natural_clock[0] == false || natural_clock[1] == false))
    problems.push_back(messages::format("policy.no_windows"));
  for (std::size_t i = 0; i < cal.windows.size(); ++i) {
    auto [a, b] = cal.windows[i];
    if (a < 0 || b > 86400 || a >= b)
      problems.push_back(messages::format("policy.window_range", {{"i", std::to_string(i)}}));
    if (i > 0 && a < cal.windows[i - 1].second)
      problems.push_back(messages::format("policy.window_order", {{"i", std::to_string(i)}}));
  }
  if (cal.weekend_mask == 0x7f && cal.workdays.empty()) problems.push_back(messages::format("policy.all_weekend"));
  if (!std::is_sorted(cal.holidays.begin(), cal.holidays.end()) || !std::is_sorted(cal.workdays.begin(), cal.workdays.end()))
    problems.push_back(messages::format("policy.days_sorted"));
  {
    const Grading& g = grading;
    for (auto [name, w] : {std::pair<const char*, double>{"area.closure", g.area_closure}, {"area.on_time", g.area_on_time},
                           {"area.no_rework", g.area_no_rework}, {"area.self_resolved", g.area_self_resolved},
                           {"department.closure", g.department_closure},
                           {"department.on_time_disposal", g.department_on_time_disposal},
                           {"department.no_rework", g.department_no_rework}, {"department.count_beyond", g.department_count_beyond}})
      if (!(w >= 0 && w <= 1000)) problems.push_back(messages::format("policy.grading_weight", {{"name", name}}));
    for (std::size_t i = 0; i < g.department_count_bands.size(); ++i) {
      const auto [bound, points] = g.department_count_bands[i];
      if (!std::isfinite(bound) || !(points >= 0 && points <= 1000) ||
          (i > 0 && !(bound > g.department_count_bands[i - 1].first)))
        problems.push_back(messages::format("policy.count_bands", {{"i", std::to_string(i)}}));
    }
    for (std::size_t i = 0; i < g.grades.size(); ++i) {
      const auto& [bound, name] = g.grades[i];
      if (!std::isfinite(bound) || name.empty() || (i > 0 && !(bound < g.grades[i - 1].first)))
        problems.push_back(messages::format("policy.grades", {{"i", std::to_string(i)}}));
    }
    if (g.lowest_grade.empty()) problems.push_back(messages::format("policy.lowest_grade"));
  }
  if (!problems.empty()) {
    std::string msg = messages::format(problems.size() > 1 ? "policy.inconsistent_many" : "policy.inconsistent_one",
                                       {{"count", std::to_string(problems.size())}});
    for (std::size_t i = 0; i < problems.size() && i < 30; ++i) msg += "\n  - " + problems[i];
    if (problems.size() > 30) msg += "\n  " + messages::format("policy.more",
                                                               {{"count", std::to_string(problems.size() - 30)}});
    throw PolicyError(msg);
  }
}

EscalationPolicy EscalationPolicy::standard() {
  EscalationPolicy p;
  const std::int64_t wh = 3600;                          // one working hour (working clock)
  const std::int64_t wd = p.calendar.work_day_seconds();  // one working day = the calendar's hours
  const std::int64_t h = 3600, mn = 60;
  // DOMAIN §(d)4 (wins over §(d)2's shorthand).            U0       U1       U2       U3
  p.stage_limits[static_cast<int>(Stage::accept)] = {2 * wh, 1 * wh, 15 * mn, 5 * mn};
  p.stage_limits[static_cast<int>(Stage::dispatch)] = {4 * wh, 2 * wh, 30 * mn, 15 * mn};
  p.stage_limits[static_cast<int>(Stage::feedback)] = {1 * wd, 4 * wh, 2 * h, 1 * h};
  p.stage_limits[static_cast<int>(Stage::verify)] = {1 * wd, 4 * wh, 2 * h, 1 * h};
  p.handle_limits[0] = {1 * wd, 4 * wh, 0, 0};
  p.handle_limits[1] = {3 * wd, 2 * wd, 24 * h, 0};
  p.handle_limits[2] = {5 * wd, 3 * wd, 24 * h, 0};
  p.handle_limits[3] = {7 * wd, 5 * wd, 48 * h, 2 * h};  // U2 "24-72 h": 48 h chosen
  p.handle_limits[4] = {10 * wd, 7 * wd, 48 * h, 2 * h};  // U3 "contain in 2 h"
  p.handle_limits[5] = {0, 0, 0, 0};
  // 2025 public holidays and the weekend days worked in exchange (调休), State Council notice.
  auto day = [](unsigned m, unsigned d) { return static_cast<std::int32_t>(days_from_civil(2025, m, d)); };
  p.calendar.holidays = {day(1, 1), day(1, 28), day(1, 29), day(1, 30), day(1, 31), day(2, 3), day(2, 4),
                         day(4, 4), day(5, 1), day(5, 2), day(5, 5), day(6, 2), day(10, 1), day(10, 2),
                         day(10, 3), day(10, 6), day(10, 7), day(10, 8)};
  p.calendar.workdays = {day(1, 26), day(2, 8), day(4, 27), day(9, 28), day(10, 11)};
  p.skip_rules = {SkipRule{0, false}, SkipRule{0, false}, SkipRule{2, false}, SkipRule{4, true}};
  p.special_sectors = {{"school", "教育"}, {"hospital", "卫健"}, {"market", "市场监管"},
                       {"mall", "商务"}, {"enterprise", "应急"}};
  auto add = [&](std::string code, std::string name, int urgency, int entry, int close, std::string sector) {
    Category c;
    c.code = std::move(code);
    c.name = std::move(name);
    c.default_urgency = static_cast<std::int8_t>(urgency);
    for (auto& r : c.rules) r = CategoryRule{static_cast<std::int8_t>(entry), static_cast<std::int8_t>(close), sector};
    c.family = default_family(c.code);
    p.categories.push_back(std::move(c));
  };
  // A. community governance (DOMAIN §(d)3 table A). "L0" alone: may climb to the community (L2).
  add("ZZ01", "矛盾纠纷", 0, 0, 2, "司法");
  add("ZZ02", "治安隐患", 0, 0, 4, "公安");
  add("ZZ03", "安全隐患", 2, 0, 4, "应急");
  add("ZZ04", "民生服务", 0, 0, 2, "民政");
  add("ZZ05", "特殊人群服务管理", 0, 0, 2, "司法");
  add("ZZ06", "社情民意", 0, 0, 2, "社区");
  add("ZZ07", "政策咨询/宣传", 0, 0, 2, "社区");
  add("ZZ08", "突发事件报告", 3, 4, 4, "应急");
  add("ZZ09", "信访相关", 0, 2, 4, "信访");
  add("ZZ99", "其他", 0, 0, 2, "社区");
  // B. city management (GB/T 30428.2 major classes; minor 99 = the class's "other" bucket, the
  // only minor class confirmed being 部件 0101 上水井盖). A component (部件: a manhole cover, a
  // street lamp) is the property of a department or utility: the grid worker reports it and the
  // county centre dispatches it to its owner directly (entry L4). An event (事件) the grid worker
  // may settle on the spot (自处理, DOMAIN §(a)2), else the centre dispatches it.
  add("BJ0101", "部件·公用设施·上水井盖", 0, 4, 4, "城管");
  add("BJ0199", "部件·公用设施·其他", 0, 4, 4, "城管");
  add("BJ0299", "部件·道路交通", 0, 4, 4, "交通");
  add("BJ0399", "部件·市容环境", 0, 4, 4, "城管");
  add("BJ0499", "部件·园林绿化", 0, 4, 4, "城管");
  add("BJ0599", "部件·房屋土地", 0, 4, 4, "住建");
  add("BJ0699", "部件·其他设施", 0, 4, 4, "城管");
  add("SJ0199", "事件·市容环境", 0, 0, 4, "城管");
  add("SJ0299", "事件·宣传广告", 0, 0, 4, "城管");
  add("SJ0399", "事件·施工管理", 0, 0, 4, "住建");
  add("SJ0499", "事件·突发事件", 2, 0, 4, "应急");
  add("SJ0599", "事件·街面秩序", 0, 0, 4, "城管");
  add("SJ0699", "事件·其他", 0, 0, 4, "城管");
  p.validate();
  return p;
}

}  // namespace gridgov::escalation
