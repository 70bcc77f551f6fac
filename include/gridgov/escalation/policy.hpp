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
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
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
/// The codes of the tiers and urgencies in policy files, event logs and the Python face (which
/// reads these tables rather than keeping its own).
inline constexpr std::array<std::string_view, tier_count> tier_codes = {"L0", "L1", "L2", "L3", "L4", "L5"};
inline constexpr std::array<std::string_view, urgency_count> urgency_codes = {"U0", "U1", "U2", "U3"};

/// Stages other than handling, each with one limit per urgency.
enum class Stage : std::uint8_t { accept, dispatch, feedback, verify };
inline constexpr int stage_count = 4;

/// Where one category at one urgency goes.
struct CategoryRule {
  std::int8_t entry = 0;   ///< tier that receives it first
  std::int8_t close = 2;   ///< highest tier allowed to close it
  std::string sector;      ///< department sector at L4 ("" = no department, the county centre itself)
};

/// Which ladder a category climbs. Community governance (综治) matters climb the residential
/// ladder: grid, compound or host, community, (street), county. City-management components and
/// events (数字城管 部件/事件, such as a manhole cover) that the grid does not settle on the spot
/// (自处理) are dispatched by the county centre straight to the responsible department or utility:
/// L1-L3 are not on their route.
enum class Family : std::uint8_t { governance, city_management };
inline constexpr const char* family_names[2] = {"community_governance", "city_management"};

/// The family of a category code when a policy does not say: BJ/SJ (GB/T 30428.2 部件/事件)
/// codes are city management, every other code community governance.
[[nodiscard]] inline Family default_family(std::string_view code) noexcept {
  return code.substr(0, 2) == "BJ" || code.substr(0, 2) == "SJ" ? Family::city_management : Family::governance;
}

struct Category {
  std::string code;  ///< unique across both families: ZZnn, BJnnnn, SJnnnn
  std::string name;
  std::int8_t default_urgency = 0;
  std::array<CategoryRule, urgency_count> rules;
  Family family = Family::governance;
};

/// Urgency-driven skip-level rule (越级规则): events at this urgency enter no lower than
/// `min_entry`; `report_above` copies L5 (reported only).
struct SkipRule {
  std::int8_t min_entry = 0;
  bool report_above = false;
};

/// Version of the policy's JSON form (the "version" field). A file with a higher version was
/// written by a newer gridgov: reading it raises VersionError.
inline constexpr int policy_format_version = 1;

/// Days since 1970-01-01 of a civil (proleptic Gregorian) date; H. Hinnant's days_from_civil.
[[nodiscard]] constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

/// The civil (proleptic Gregorian) date {year, month, day} of a day count since 1970-01-01; the
/// inverse of days_from_civil (H. Hinnant's civil_from_days).
struct CivilDate {
  std::int64_t year;
  unsigned month, day;
};
[[nodiscard]] constexpr CivilDate civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
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

/// Composite scores and grades (part of the policy: its JSON form's "grading"). The defaults are docs/escalation.md's: areas (grid, community)
/// and workers 40 % 结案率 + 30 % 按期结案率 + 15 % (100 - 返工率) + 15 % 自行处置率 (gridgov's
/// weights: the peers' region formula is incomplete); departments (Unicom 部门评价) a count band
/// + 30 % each of 结案率, 按期处置率 (of their own stages) and (100 - 返工率); grades A >= 90, B >= 75, C >= 60, D >= 40,
/// else E (DOMAIN §(d)6).
struct Grading {
  double area_closure = 0.4, area_on_time = 0.3, area_no_rework = 0.15, area_self_resolved = 0.15;
  double department_closure = 0.3, department_on_time_disposal = 0.3, department_no_rework = 0.3;
  /// (at most this many events, points), in increasing order; more events than the last bound
  /// score `department_count_beyond`.
  std::vector<std::pair<double, double>> department_count_bands{{50, 10}, {100, 9}, {200, 7.5}, {500, 6}, {1000, 4}};
  double department_count_beyond = 2;
  /// (lowest score, grade), best first; a score below them all gets `lowest_grade`.
  std::vector<std::pair<double, std::string>> grades{{90, "A"}, {75, "B"}, {60, "C"}, {40, "D"}};
  std::string lowest_grade = "E";

  [[nodiscard]] std::string grade(double score) const;
  [[nodiscard]] double count_points(std::int64_t events) const noexcept;
  /// An area's (or a worker's) score from its rates in percent, clamped to 0..100.
  [[nodiscard]] double area_score(double closure, double on_time, double rework, double self_resolved) const noexcept;
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
  Grading grading;  ///< weights, bands and grade bounds of the composite scores

  [[nodiscard]] int category_count() const noexcept { return static_cast<int>(categories.size()); }

  /// The index of a category code, or -1.
  [[nodiscard]] int find_category(std::string_view code) const noexcept {
    for (std::size_t i = 0; i < categories.size(); ++i)
      if (categories[i].code == code) return static_cast<int>(i);
    return -1;
  }
  /// The index of a category code; UnknownCodeError naming it when the policy lacks it.
  [[nodiscard]] int category_index(std::string_view code) const;

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

  /// The policy's JSON form (docs/escalation.md "Policy JSON"): UTF-8, keys in a fixed order,
  /// limits in hours; `indent` < 0 writes one line.
  [[nodiscard]] std::string to_json(int indent = 2) const;
  /// Reads the JSON form with a strict schema and validates the result. Malformed JSON is a
  /// FormatError; a newer format version a VersionError; an unknown or misspelled key, a value
  /// of the wrong type, an unknown stage, tier or urgency rule, or an impossible date a
  /// PolicyError naming the key path (`thresholds.red`, `categories[ZZ01].rules.U2.close`).
  [[nodiscard]] static EscalationPolicy from_json(std::string_view json);

  /// Writes the JSON form (`to_json(indent)`) to a file. FormatError naming the path when it
  /// cannot be written.
  void save(const std::string& path, int indent = 2) const;
  /// Reads a policy file (`from_json` on its bytes, the same errors, each naming the path). A
  /// missing file, a folder, or a file over `policy_file_max_bytes` is a FormatError: nothing
  /// is read past that bound (a policy of the reference county's size is about 20 KB).
  [[nodiscard]] static EscalationPolicy load(const std::string& path);
};

/// The largest policy file `EscalationPolicy::load` reads: 16 MiB, room for some 50,000 categories.
inline constexpr std::size_t policy_file_max_bytes = std::size_t{16} << 20;

}  // namespace gridgov::escalation
