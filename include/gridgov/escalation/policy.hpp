// The escalation policy: tiers, urgencies, categories and, per category x urgency, where an event
// enters, how high it may climb, which department's sector it belongs to, and the time limits,
// calendar and thresholds its clocks run on (DOMAIN.md §(d), DESIGN.md §3).
//
// Every time is an integer number of seconds: natural seconds for natural-clock urgencies,
// working seconds for working-clock ones. Integers make "elapsed >= 2 x limit" exact, so the
// simulator's red card and the evaluator's recount of the same log always agree.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gridgov/core/errors.hpp"

namespace gridgov::escalation {

/// Tiers: L0 grid, L1 compound or special-grid host, L2 community, L3 street (optional),
/// L4 county command centre + departments, L5 above the county (reported only).
inline constexpr int tier_count = 6;
inline constexpr int urgency_count = 4;  ///< U0 routine, U1 priority, U2 urgent, U3 major
inline constexpr int tier_county = 4;
inline constexpr int tier_above = 5;

/// Stages other than handling, each with one limit per urgency.
enum class Stage : std::uint8_t { accept, dispatch, feedback, verify };
inline constexpr int stage_count = 4;

/// Where one category at one urgency goes.
struct CategoryRule {
  std::int8_t entry = 0;   ///< tier that receives it first
  std::int8_t close = 2;   ///< highest tier allowed to close it
  std::string sector;      ///< department sector at L4 ("" = no department, the county centre itself)
};

struct Category {
  std::string code;  ///< unique across both families: ZZnn, BJnnnn, SJnnnn
  std::string name;
  std::int8_t default_urgency = 0;
  std::array<CategoryRule, urgency_count> rules;
};

/// Urgency-driven skip-level rule (越级规则): events at this urgency enter no lower than
/// `min_entry`; `report_above` copies L5 (reported only).
struct SkipRule {
  std::int8_t min_entry = 0;
  bool report_above = false;
};

/// Days since 1970-01-01 of a civil (proleptic Gregorian) date; H. Hinnant's days_from_civil.
[[nodiscard]] constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

/// Working-time calendar. Days are counted from 1970-01-01 (a Thursday); weekday 0 = Monday.
struct Calendar {
  std::vector<std::pair<std::int32_t, std::int32_t>> windows{{8 * 3600 + 1800, 12 * 3600},
                                                             {13 * 3600 + 1800, 17 * 3600 + 1800}};
  std::uint8_t weekend_mask = (1u << 5) | (1u << 6);  ///< bit d set: weekday d is not worked
  std::vector<std::int32_t> holidays;                 ///< days off although weekdays
  std::vector<std::int32_t> workdays;                 ///< weekend days worked (调休)

  [[nodiscard]] std::int64_t work_day_seconds() const noexcept {
    std::int64_t s = 0;
    for (auto [a, b] : windows) s += b - a;
    return s;
  }
  [[nodiscard]] static int weekday(std::int64_t day) noexcept {
    return static_cast<int>(((day + 3) % 7 + 7) % 7);
  }
  [[nodiscard]] bool is_working_day(std::int64_t day) const noexcept {
    const auto d = static_cast<std::int32_t>(day);
    if (std::binary_search(workdays.begin(), workdays.end(), d)) return true;
    if (std::binary_search(holidays.begin(), holidays.end(), d)) return false;
    return ((weekend_mask >> weekday(day)) & 1u) == 0;
  }
};

/// Clock ratios (elapsed / limit) at which an open stage is warned, supervised (督办), given a
/// yellow card (黄牌) and a red card (红牌, ownership moves up a tier).
struct Thresholds {
  double warning = 0.8, supervise = 1.0, yellow = 1.5, red = 2.0;
};

/// Counts of thresholds an elapsed time reached against a limit.
struct StageMarks {
  bool warned = false, supervised = false, yellow = false, red = false;
};

struct EscalationPolicy {
  std::array<std::string, tier_count> tier_names{"网格", "小区/专属网格主体", "社区", "街道",
                                                 "县(区)指挥中心/职能部门", "市及以上"};
  bool street_tier = false;  ///< L3 in use (the reference county has no streets)
  std::array<std::string, urgency_count> urgency_names{"一般", "较急", "紧急", "重大/突发"};
  std::array<bool, urgency_count> natural_clock{false, false, true, true};
  std::vector<Category> categories;
  /// limits[stage][urgency] in seconds of the urgency's clock.
  std::array<std::array<std::int64_t, urgency_count>, stage_count> stage_limits{};
  /// handle_limits[tier][urgency]; 0 = the tier does not handle that urgency ("—").
  std::array<std::array<std::int64_t, urgency_count>, tier_count> handle_limits{};
  Calendar calendar;
  Thresholds thresholds;
  int max_returns = 2;               ///< returned more than this often between two tiers: climbs
  double extension_fraction = 1.0;   ///< an approved extension adds this share of the stage limit
  std::array<SkipRule, urgency_count> skip_rules{};
  /// Sector of the host unit's department for special grids, by place subkind.
  std::vector<std::pair<std::string, std::string>> special_sectors;
  std::string community_sector = "社区";  ///< categories of this sector have no county department

  [[nodiscard]] int category_count() const noexcept { return static_cast<int>(categories.size()); }

  /// The index of a category code, or -1.
  [[nodiscard]] int find_category(const std::string& code) const noexcept {
    for (std::size_t i = 0; i < categories.size(); ++i)
      if (categories[i].code == code) return static_cast<int>(i);
    return -1;
  }
  [[nodiscard]] int category_index(const std::string& code) const {
    const int i = find_category(code);
    if (i < 0)
      throw UnknownCodeError("unknown event category '" + code +
                             "': the policy knows ZZ01-ZZ99 and the BJ/SJ city-management classes "
                             "it lists (policy.categories)");
    return i;
  }

  /// Entry tier after the skip rule of the urgency.
  [[nodiscard]] int entry_tier(int category, int urgency) const noexcept {
    const auto& r = categories[static_cast<std::size_t>(category)].rules[static_cast<std::size_t>(urgency)];
    return std::max<int>(r.entry, skip_rules[static_cast<std::size_t>(urgency)].min_entry);
  }
  [[nodiscard]] int close_tier(int category, int urgency) const noexcept {
    const auto& r = categories[static_cast<std::size_t>(category)].rules[static_cast<std::size_t>(urgency)];
    return std::max<int>(r.close, entry_tier(category, urgency));
  }

  [[nodiscard]] std::int64_t stage_limit(Stage s, int urgency) const noexcept {
    return stage_limits[static_cast<std::size_t>(s)][static_cast<std::size_t>(urgency)];
  }
  [[nodiscard]] std::int64_t handle_limit(int tier, int urgency) const noexcept {
    return handle_limits[static_cast<std::size_t>(tier)][static_cast<std::size_t>(urgency)];
  }
  /// The whole clock an event gets, from report to close, measured from its entry tier: an
  /// escalation keeps this original clock for evaluation (DOMAIN §(d)5 iii).
  [[nodiscard]] std::int64_t total_limit(int entry, int urgency) const noexcept {
    std::int64_t s = handle_limit(entry, urgency);
    for (int st = 0; st < stage_count; ++st) s += stage_limit(static_cast<Stage>(st), urgency);
    return s;
  }
  /// Seconds at which a ratio of a limit is reached (rounded to the nearest second, shared by the
  /// simulator and the evaluator so both classify the same elapsed time identically).
  [[nodiscard]] static std::int64_t at_ratio(std::int64_t limit, double ratio) noexcept {
    return static_cast<std::int64_t>(std::llround(static_cast<double>(limit) * ratio));
  }
  [[nodiscard]] StageMarks marks(std::int64_t elapsed, std::int64_t limit) const noexcept {
    StageMarks m;
    if (limit <= 0) return m;
    m.warned = elapsed >= at_ratio(limit, thresholds.warning);
    m.supervised = elapsed >= at_ratio(limit, thresholds.supervise);
    m.yellow = elapsed >= at_ratio(limit, thresholds.yellow);
    m.red = elapsed >= at_ratio(limit, thresholds.red);
    return m;
  }

  /// Checks every rule and throws one PolicyError listing all inconsistencies.
  void validate() const;

  /// The documented default (DOMAIN §(d), choices in docs/escalation.md).
  [[nodiscard]] static EscalationPolicy standard();
};

// ---- implementation ---------------------------------------------------------------------------

inline void EscalationPolicy::validate() const {
  std::vector<std::string> problems;
  // (appending rather than "L" + to_string: GCC 12 warns falsely on the latter)
  auto tier = [](int t) { std::string s(1, 'L'); s.append(std::to_string(t)); return s; };
  auto urg = [](int u) { std::string s(1, 'U'); s.append(std::to_string(u)); return s; };
  if (categories.empty()) problems.push_back("the policy has no categories");
  std::set<std::string> seen;
  for (const auto& c : categories) {
    const std::string who = "category '" + c.code + "'";
    if (c.code.empty()) problems.push_back("a category has an empty code (name '" + c.name + "')");
    if (!seen.insert(c.code).second) problems.push_back(who + " is listed twice: codes must be unique across ZZ/BJ/SJ");
    const bool zz = c.code.size() == 4 && c.code.rfind("ZZ", 0) == 0;
    const bool city = c.code.size() == 6 && (c.code.rfind("BJ", 0) == 0 || c.code.rfind("SJ", 0) == 0);
    const auto digits = c.code.substr(2);
    const bool numeric = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (!(zz || city) || !numeric)
      problems.push_back(who + ": codes are ZZ01-ZZ99 (community governance) or BJnnnn/SJnnnn (city-management component/event major+minor class)");
    if (c.default_urgency < 0 || c.default_urgency >= urgency_count)
      problems.push_back(who + ": default urgency " + std::to_string(c.default_urgency) + " is not U0-U3");
    for (int u = 0; u < urgency_count; ++u) {
      const auto& r = c.rules[static_cast<std::size_t>(u)];
      const std::string at = who + " at " + urg(u);
      if (r.entry < 0 || r.entry > tier_county) problems.push_back(at + ": entry tier " + tier(r.entry) + " must be L0-L4");
      if (r.close < 0 || r.close > tier_county)
        problems.push_back(at + ": close tier " + tier(r.close) + " must be L0-L4 (L5 is reported only)");
      if (r.close < r.entry)
        problems.push_back(at + ": close tier " + tier(r.close) + " is below entry tier " + tier(r.entry) + " (tiers may not skip backwards)");
      if (!street_tier && (r.entry == 3 || r.close == 3))
        problems.push_back(at + ": uses L3 but the street tier is switched off (street_tier = false)");
      if (r.entry < 0 || r.close > tier_county || r.close < r.entry) continue;
      const int e = std::max<int>(r.entry, skip_rules[static_cast<std::size_t>(u)].min_entry);
      const int cl = std::max<int>(r.close, e);
      for (int t = e; t <= cl; ++t) {
        if (t == 3 && !street_tier) continue;
        if (handle_limits[static_cast<std::size_t>(t)][static_cast<std::size_t>(u)] <= 0)
          problems.push_back(at + ": may be handled at " + tier(t) + " but the handling limit there is not positive");
      }
    }
  }
  for (int s = 0; s < stage_count; ++s)
    for (int u = 0; u < urgency_count; ++u)
      if (stage_limits[static_cast<std::size_t>(s)][static_cast<std::size_t>(u)] <= 0) {
        static const char* names[] = {"accept", "dispatch", "feedback", "verify"};
        problems.push_back(std::string("stage limit ") + names[s] + " at " + urg(u) + " must be positive");
      }
  for (int t = 0; t < tier_count; ++t)
    for (int u = 0; u < urgency_count; ++u)
      if (handle_limits[static_cast<std::size_t>(t)][static_cast<std::size_t>(u)] < 0)
        problems.push_back("handling limit at " + tier(t) + " " + urg(u) + " is negative");
  for (int u = 0; u < urgency_count; ++u) {
    const auto& s = skip_rules[static_cast<std::size_t>(u)];
    if (s.min_entry < 0 || s.min_entry > tier_county) problems.push_back("skip rule of " + urg(u) + ": minimum entry must be L0-L4");
    if (u > 0 && s.min_entry < skip_rules[static_cast<std::size_t>(u - 1)].min_entry)
      problems.push_back("skip rule of " + urg(u) + ": minimum entry " + tier(s.min_entry) + " is below that of " + urg(u - 1) +
                         " (a more urgent matter may not enter lower)");
  }
  const auto& th = thresholds;
  if (!(th.warning > 0 && th.warning <= th.supervise && th.supervise <= th.yellow && th.yellow <= th.red))
    problems.push_back("thresholds must satisfy 0 < warning <= supervise <= yellow <= red (got " + std::to_string(th.warning) + ", " +
                       std::to_string(th.supervise) + ", " + std::to_string(th.yellow) + ", " + std::to_string(th.red) + ")");
  if (max_returns < 0) problems.push_back("max_returns must not be negative");
  if (!(extension_fraction >= 0)) problems.push_back("extension_fraction must not be negative");
  const auto& cal = calendar;
  if (cal.windows.empty() && (natural_clock[0] == false || natural_clock[1] == false))
    problems.push_back("calendar: no working-hour windows but a working-clock urgency");
  for (std::size_t i = 0; i < cal.windows.size(); ++i) {
    auto [a, b] = cal.windows[i];
    if (a < 0 || b > 86400 || a >= b)
      problems.push_back("calendar window " + std::to_string(i) + " must satisfy 0 <= start < end <= 24:00");
    if (i > 0 && a < cal.windows[i - 1].second)
      problems.push_back("calendar window " + std::to_string(i) + " overlaps or precedes the one before it");
  }
  if (cal.weekend_mask == 0x7f && cal.workdays.empty()) problems.push_back("calendar: every weekday is a weekend day");
  if (!std::is_sorted(cal.holidays.begin(), cal.holidays.end()) || !std::is_sorted(cal.workdays.begin(), cal.workdays.end()))
    problems.push_back("calendar: holidays and workdays must be sorted");
  if (!problems.empty()) {
    std::string msg = "escalation policy is inconsistent (" + std::to_string(problems.size()) + " problem" +
                      (problems.size() > 1 ? "s" : "") + "):";
    for (std::size_t i = 0; i < problems.size() && i < 30; ++i) msg += "\n  - " + problems[i];
    if (problems.size() > 30) msg += "\n  ... and " + std::to_string(problems.size() - 30) + " more";
    throw PolicyError(msg);
  }
}

inline EscalationPolicy EscalationPolicy::standard() {
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
  // only minor class confirmed being 部件 0101 上水井盖). Discovered in the grid, settled by a
  // department at the county.
  add("BJ0101", "部件·公用设施·上水井盖", 0, 0, 4, "城管");
  add("BJ0199", "部件·公用设施·其他", 0, 0, 4, "城管");
  add("BJ0299", "部件·道路交通", 0, 0, 4, "交通");
  add("BJ0399", "部件·市容环境", 0, 0, 4, "城管");
  add("BJ0499", "部件·园林绿化", 0, 0, 4, "城管");
  add("BJ0599", "部件·房屋土地", 0, 0, 4, "住建");
  add("BJ0699", "部件·其他设施", 0, 0, 4, "城管");
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
