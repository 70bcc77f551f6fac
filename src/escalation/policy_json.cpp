// The policy's JSON form, on nlohmann-json (ordered objects, so the keys come out in the order
// docs/escalation.md shows them). The reader is strict: the policy is a contract, so a key it
// does not know, a value of the wrong type or an impossible date is an error naming the key
// path, never a silent default.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/core/utf8.hpp"
#include "gridgov/escalation/policy.hpp"
#include "core/files.hpp"
#include "policy_text.hpp"

namespace gridgov::escalation {

namespace {

using json = nlohmann::ordered_json;

constexpr const char* format_name = "gridgov-escalation-policy";

[[noreturn]] void bad(const std::string& path, const std::string& what) {
  throw PolicyError(messages::format("policy.field", {{"path", path}, {"what", what}}));
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// Levenshtein distance, for "did you mean" (keys are short, so the quadratic table is tiny).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// A policy word ("key", "urgency rule" …) in the current language.
std::string word(std::string_view what) {
  std::string id = "policy.word." + std::string(what);
  std::replace(id.begin(), id.end(), ' ', '_');
  return messages::format(id);
}

/// Checks that `value` is an object whose keys are all in `allowed`.
void expect_object(const json& value, const std::string& path, std::span<const std::string_view> allowed,
                   const char* what = "key") {
  if (!value.is_object()) bad(path, messages::format("policy.must_object", {{"type_name", value.type_name()}}));
  for (const auto& [key, _] : value.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string known, hint;
    std::size_t best = 3;
    for (auto k : allowed) {
      known += (known.empty() ? "" : ", ") + std::string(k);
      if (const auto d = edit_distance(key, k); d < best) {
        best = d;
        hint = messages::format("policy.did_you_mean", {{"key", k}});
      }
    }
    bad(join(path, key), messages::format("policy.unknown_key",
                                          {{"what", word(what)}, {"hint", hint}, {"known", known}}));
  }
}

void expect_object(const json& value, const std::string& path, std::initializer_list<std::string_view> allowed,
                   const char* what = "key") {
  expect_object(value, path, std::span<const std::string_view>(allowed.begin(), allowed.size()), what);
}

const json& required(const json& object, const std::string& path, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end()) bad(join(path, key), messages::format("policy.missing"));
  return *it;
}

const json* optional(const json& object, std::string_view key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string text(const json& v, const std::string& path) {
  if (!v.is_string()) bad(path, messages::format("policy.must_string", {{"type_name", v.type_name()}}));
  return v.get<std::string>();
}

double number(const json& v, const std::string& path) {
  if (!v.is_number()) bad(path, messages::format("policy.must_number", {{"type_name", v.type_name()}}));
  const double x = v.get<double>();
  if (!std::isfinite(x)) bad(path, messages::format("policy.must_finite"));
  return x;
}

bool boolean(const json& v, const std::string& path) {
  if (!v.is_boolean()) bad(path, messages::format("policy.must_boolean", {{"type_name", v.type_name()}}));
  return v.get<bool>();
}

int whole(const json& v, const std::string& path, std::int64_t lo, std::int64_t hi) {
  if (!v.is_number_integer()) bad(path, messages::format("policy.must_whole", {{"type_name", v.type_name()}}));
  const auto x = v.is_number_unsigned() ? static_cast<std::int64_t>(std::min<std::uint64_t>(v.get<std::uint64_t>(), 1ULL << 62))
                                        : v.get<std::int64_t>();
  if (x < lo || x > hi) bad(path, messages::format("policy.between",
                                                   {{"x", std::to_string(x)},
                                                    {"lo", std::to_string(lo)},
                                                    {"hi", std::to_string(hi)}}));
  return static_cast<int>(x);
}

/// "L0".."L5" or "U0".."U3".
int level(const json& v, char prefix, int count, const std::string& path) {
  const std::string s = text(v, path);
  if (s.size() == 2 && s[0] == prefix && s[1] >= '0' && s[1] < '0' + count) return s[1] - '0';
  bad(path, messages::format("policy.not_level",
                             {{"s", s}, {"prefix", std::string(1, prefix)}, {"last", std::to_string(count - 1)}}));
}

/// Limits are written in hours and kept in whole seconds. Ten million hours (over a thousand
/// years) bounds them, so the conversion cannot overflow.
std::int64_t hours_to_seconds(const json& v, const std::string& path) {
  const double h = number(v, path);
  if (std::fabs(h) > 1e7) bad(path, messages::format("policy.hours_max"));
  return static_cast<std::int64_t>(std::llround(h * 3600.0));
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::int32_t date(const json& v, const std::string& path) {
  const std::string s = text(v, path);
  const auto digit = [&](std::size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  bool ok = s.size() == 10 && s[4] == '-' && s[7] == '-';
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) ok = ok && digit(i);
  if (!ok) bad(path, messages::format("policy.not_date", {{"s", s}}));
  const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  static constexpr int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > month_days[m - 1] + (m == 2 && leap(y) ? 1 : 0))
    bad(path, messages::format("policy.not_calendar_date", {{"s", s}}));
  return static_cast<std::int32_t>(days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

std::string date_text(std::int64_t z) {
  const CivilDate c = civil_from_days(z);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month, c.day);
  return buf;
}

std::string clock_text(std::int32_t s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", s / 3600, (s % 3600) / 60);
  return buf;
}

std::int32_t clock_time(const std::string& s, const std::string& path) {
  int h = -1, m = -1;
  char tail;
  if (s.size() != 5 || s[2] != ':' || std::sscanf(s.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || h > 24 || m < 0 ||
      m > 59 || (h == 24 && m != 0))
    bad(path, messages::format("policy.not_time", {{"s", s}}));
  return h * 3600 + m * 60;
}

/// Reads one limit table: rows named by `row_names`, each with U0..U3 in hours.
template <std::size_t Rows>
void read_limits(const json& table, const std::string& path, const std::array<std::string, Rows>& row_names, const char* row_kind,
                 std::array<std::array<std::int64_t, urgency_count>, Rows>& out) {
  std::vector<std::string_view> names(row_names.begin(), row_names.end());
  if (!table.is_object()) bad(path, messages::format("policy.must_object", {{"type_name", table.type_name()}}));
  for (const auto& [key, _] : table.items())
    if (std::find(names.begin(), names.end(), key) == names.end()) {
      std::string known;
      for (auto n : names) known += (known.empty() ? "" : ", ") + std::string(n);
      bad(join(path, key), messages::format("policy.unknown_key",
                                            {{"what", word(row_kind)}, {"hint", ""}, {"known", known}}));
    }
  for (std::size_t r = 0; r < Rows; ++r) {
    const std::string row_path = join(path, row_names[r]);
    const json& row = required(table, path, row_names[r]);
    expect_object(row, row_path, urgency_codes, "urgency");
    for (int u = 0; u < urgency_count; ++u)
      out[r][static_cast<std::size_t>(u)] = hours_to_seconds(required(row, row_path, urgency_code(u)), join(row_path, urgency_code(u)));
  }
}

/// A list of [number, x] pairs (bands and grade bounds).
template <class F>
void read_pairs(const json& list, const std::string& path, F&& each) {
  if (!list.is_array()) bad(path, messages::format("policy.must_pairs", {{"type_name", list.type_name()}}));
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = path + "[" + std::to_string(i) + "]";
    if (!list[i].is_array() || list[i].size() != 2) bad(at, messages::format("policy.must_pair"));
    each(number(list[i][0], at + "[0]"), list[i][1], at + "[1]");
  }
}

/// The "grading" object: every field optional (the standard's when left out), every key known.
void read_grading(const json& g, Grading& out) {
  expect_object(g, "grading", {"area", "department", "grades", "lowest_grade"});
  if (const json* a = optional(g, "area")) {
    expect_object(*a, "grading.area", {"closure", "on_time", "no_rework", "self_resolved"});
    for (auto [key, field] : {std::pair<const char*, double*>{"closure", &out.area_closure}, {"on_time", &out.area_on_time},
                              {"no_rework", &out.area_no_rework}, {"self_resolved", &out.area_self_resolved}})
      if (const json* v = optional(*a, key)) *field = number(*v, std::string("grading.area.") + key);
  }
  if (const json* dep = optional(g, "department")) {
    expect_object(*dep, "grading.department", {"closure", "on_time_disposal", "no_rework", "count_bands", "count_beyond"});
    for (auto [key, field] : {std::pair<const char*, double*>{"closure", &out.department_closure},
                              {"on_time_disposal", &out.department_on_time_disposal},
                              {"no_rework", &out.department_no_rework}, {"count_beyond", &out.department_count_beyond}})
      if (const json* v = optional(*dep, key)) *field = number(*v, std::string("grading.department.") + key);
    if (const json* bands = optional(*dep, "count_bands")) {
      out.department_count_bands.clear();
      read_pairs(*bands, "grading.department.count_bands", [&](double bound, const json& points, const std::string& path) {
        out.department_count_bands.emplace_back(bound, number(points, path));
      });
    }
  }
  if (const json* grades = optional(g, "grades")) {
    out.grades.clear();
    read_pairs(*grades, "grading.grades", [&](double bound, const json& name, const std::string& path) {
      out.grades.emplace_back(bound, text(name, path));
    });
  }
  if (const json* v = optional(g, "lowest_grade")) out.lowest_grade = text(*v, "grading.lowest_grade");
}

std::array<std::string, stage_count> stage_keys() { return {stage_names[0], stage_names[1], stage_names[2], stage_names[3]}; }
std::array<std::string, tier_count> tier_keys() {
  std::array<std::string, tier_count> out;
  for (int t = 0; t < tier_count; ++t) out[static_cast<std::size_t>(t)] = tier_code(t);
  return out;
}

}  // namespace

std::string EscalationPolicy::to_json(int indent) const {
  json d;
  d["format"] = format_name;
  d["version"] = policy_format_version;
  d["tiers"] = json::array();
  for (const auto& t : tier_names) d["tiers"].push_back(t);
  d["street_tier"] = street_tier;
  d["urgencies"] = json::array();
  for (int u = 0; u < urgency_count; ++u)
    d["urgencies"].push_back(json{{"code", urgency_code(u)},
                                  {"name", urgency_names[static_cast<std::size_t>(u)]},
                                  {"clock", natural_clock[static_cast<std::size_t>(u)] ? "natural" : "working"}});
  d["categories"] = json::array();
  for (const auto& c : categories) {
    json rules = json::object();
    for (int u = 0; u < urgency_count; ++u) {
      const auto& r = c.rules[static_cast<std::size_t>(u)];
      rules[urgency_code(u)] = json{{"entry", tier_code(r.entry)}, {"close", tier_code(r.close)}, {"sector", r.sector}};
    }
    d["categories"].push_back(json{{"code", c.code},
                                   {"name", c.name},
                                   {"family", family_names[static_cast<std::size_t>(c.family)]},
                                   {"default_urgency", urgency_code(c.default_urgency)},
                                   {"rules", rules}});
  }
  auto hours = [](const auto& row) {
    json x = json::object();
    for (int u = 0; u < urgency_count; ++u) x[urgency_code(u)] = static_cast<double>(row[static_cast<std::size_t>(u)]) / 3600.0;
    return x;
  };
  d["stage_limits_hours"] = json::object();
  for (int s = 0; s < stage_count; ++s) d["stage_limits_hours"][stage_names[s]] = hours(stage_limits[static_cast<std::size_t>(s)]);
  d["handle_limits_hours"] = json::object();
  for (int t = 0; t < tier_count; ++t) d["handle_limits_hours"][tier_code(t)] = hours(handle_limits[static_cast<std::size_t>(t)]);
  json cal = json::object();
  cal["windows"] = json::array();
  for (auto [a, b] : calendar.windows) cal["windows"].push_back(clock_text(a) + "-" + clock_text(b));
  cal["weekend"] = json::array();
  for (int w = 0; w < 7; ++w)
    if ((calendar.weekend_mask >> w) & 1u) cal["weekend"].push_back(weekday_names[w]);
  cal["holidays"] = json::array();
  for (auto day : calendar.holidays) cal["holidays"].push_back(date_text(day));
  cal["workdays"] = json::array();
  for (auto day : calendar.workdays) cal["workdays"].push_back(date_text(day));
  d["calendar"] = cal;
  d["thresholds"] = json{{"warning", thresholds.warning}, {"supervise", thresholds.supervise}, {"yellow", thresholds.yellow},
                         {"red", thresholds.red}};
  d["max_returns"] = max_returns;
  d["extension_fraction"] = extension_fraction;
  d["skip_rules"] = json::object();
  for (int u = 0; u < urgency_count; ++u) {
    const auto& s = skip_rules[static_cast<std::size_t>(u)];
    d["skip_rules"][urgency_code(u)] = json{{"min_entry", tier_code(s.min_entry)}, {"report_above", s.report_above}};
  }
  d["special_sectors"] = json::object();
  for (const auto& [k, v] : special_sectors) d["special_sectors"][k] = v;
  d["community_sector"] = community_sector;
  {
    const Grading& g = grading;
    json bands = json::array(), grades = json::array();
    for (auto [bound, points] : g.department_count_bands) bands.push_back(json::array({bound, points}));
    for (const auto& [bound, name] : g.grades) grades.push_back(json::array({bound, name}));
    d["grading"] = json{{"area", json{{"closure", g.area_closure}, {"on_time", g.area_on_time}, {"no_rework", g.area_no_rework},
                                      {"self_resolved", g.area_self_resolved}}},
                        {"department", json{{"closure", g.department_closure}, {"on_time_disposal", g.department_on_time_disposal},
                                            {"no_rework", g.department_no_rework}, {"count_bands", bands},
                                            {"count_beyond", g.department_count_beyond}}},
                        {"grades", grades},
                        {"lowest_grade", g.lowest_grade}};
  }
  try {
    return d.dump(indent, ' ', false, json::error_handler_t::strict);
  } catch (const json::type_error& e) {
    throw PolicyError(messages::format("policy.not_utf8_name", {{"why", e.what()}}));
  }
}

EscalationPolicy EscalationPolicy::from_json(std::string_view input) {
  // Checked first, so that no message quotes a broken byte sequence back.
  if (const std::size_t at = utf8_invalid_at(input); at != std::string_view::npos)
    throw FormatError(messages::format("policy.not_utf8", {{"at", std::to_string(at)}}));
  json d;
  try {
    d = json::parse(input.begin(), input.end());
  } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers like 2e308
    throw FormatError(messages::format("policy.malformed", {{"why", e.what()}}));
  }
  if (!d.is_object()) throw PolicyError(messages::format("policy.not_object", {{"type_name", d.type_name()}}));
  expect_object(d, "", {"format", "version", "tiers", "street_tier", "urgencies", "categories", "stage_limits_hours",
                        "handle_limits_hours", "calendar", "thresholds", "max_returns", "extension_fraction", "skip_rules",
                        "special_sectors", "community_sector", "grading"});
  if (const json* f = optional(d, "format"); f && text(*f, "format") != format_name)
    bad("format", messages::format("policy.format_name",
                                   {{"string", f->get<std::string>()}, {"format_name", format_name}}));
  if (const json* v = optional(d, "version")) {
    if (!v->is_number_integer()) bad("version", messages::format("policy.must_whole", {{"type_name", v->type_name()}}));
    if (v->is_number_unsigned() ? v->get<std::uint64_t>() > static_cast<std::uint64_t>(policy_format_version)
                                : v->get<std::int64_t>() > policy_format_version)
      throw VersionError(messages::format("policy.newer",
                                          {{"v", v->dump()}, {"supported", std::to_string(policy_format_version)}}));
    if (!v->is_number_unsigned() && v->get<std::int64_t>() < 1) bad("version", messages::format("policy.not_version",
                                                                                                {{"v", v->dump()}}));
  }

  // Fields left out are the standard policy's (as documented), not a bare struct's: a file
  // without skip_rules keeps the skip-level rules, one without a calendar the holidays.
  EscalationPolicy p = standard();
  p.categories.clear();
  if (const json* tiers = optional(d, "tiers")) {
    if (!tiers->is_array() || tiers->size() != tier_count) bad("tiers", messages::format("policy.six_tiers"));
    for (std::size_t t = 0; t < tier_count; ++t) p.tier_names[t] = text((*tiers)[t], "tiers[" + std::to_string(t) + "]");
  }
  if (const json* v = optional(d, "street_tier")) p.street_tier = boolean(*v, "street_tier");
  if (const json* list = optional(d, "urgencies")) {
    if (!list->is_array() || list->size() != urgency_count) bad("urgencies", messages::format("policy.four_urgencies"));
    for (int u = 0; u < urgency_count; ++u) {
      const json& x = (*list)[static_cast<std::size_t>(u)];
      const std::string path = "urgencies[" + std::to_string(u) + "]";
      expect_object(x, path, {"code", "name", "clock"});
      if (level(required(x, path, "code"), 'U', urgency_count, path + ".code") != u) bad(path, messages::format("policy.urgency_order"));
      if (const json* n = optional(x, "name")) p.urgency_names[static_cast<std::size_t>(u)] = text(*n, path + ".name");
      const std::string clock = text(required(x, path, "clock"), path + ".clock");
      if (clock != "working" && clock != "natural") bad(path + ".clock", messages::format("policy.clock",
                                                                                          {{"clock", clock}}));
      p.natural_clock[static_cast<std::size_t>(u)] = clock == "natural";
    }
  }
  const json& categories = required(d, "", "categories");
  if (!categories.is_array()) bad("categories", messages::format("policy.must_list",
                                                                 {{"type_name", categories.type_name()}}));
  for (std::size_t i = 0; i < categories.size(); ++i) {
    const json& x = categories[i];
    expect_object(x, "categories[" + std::to_string(i) + "]", {"code", "name", "family", "default_urgency", "rules"});
    Category c;
    c.code = text(required(x, "categories[" + std::to_string(i) + "]", "code"), "categories[" + std::to_string(i) + "].code");
    const std::string path = "categories[" + c.code + "]";
    c.name = optional(x, "name") ? text(x["name"], path + ".name") : c.code;
    c.family = default_family(c.code);
    if (const json* f = optional(x, "family")) {
      const std::string family = text(*f, path + ".family");
      if (family == family_names[0]) c.family = Family::governance;
      else if (family == family_names[1]) c.family = Family::city_management;
      else bad(path + ".family", messages::format("policy.family",
                                                  {{"family", family},
                                                   {"first", family_names[0]},
                                                   {"second", family_names[1]}}));
    }
    c.default_urgency = static_cast<std::int8_t>(level(required(x, path, "default_urgency"), 'U', urgency_count, path + ".default_urgency"));
    const json& rules = required(x, path, "rules");
    expect_object(rules, path + ".rules", urgency_codes, "urgency rule");
    for (int u = 0; u < urgency_count; ++u) {
      const std::string rule_path = path + ".rules." + urgency_code(u);
      const json& r = required(rules, path + ".rules", urgency_code(u));
      expect_object(r, rule_path, {"entry", "close", "sector"});
      auto& rule = c.rules[static_cast<std::size_t>(u)];
      rule.entry = static_cast<std::int8_t>(level(required(r, rule_path, "entry"), 'L', tier_count, rule_path + ".entry"));
      rule.close = static_cast<std::int8_t>(level(required(r, rule_path, "close"), 'L', tier_count, rule_path + ".close"));
      rule.sector = optional(r, "sector") ? text(r["sector"], rule_path + ".sector") : std::string();
    }
    p.categories.push_back(std::move(c));
  }
  read_limits(required(d, "", "stage_limits_hours"), "stage_limits_hours", stage_keys(), "stage", p.stage_limits);
  read_limits(required(d, "", "handle_limits_hours"), "handle_limits_hours", tier_keys(), "tier", p.handle_limits);
  if (const json* cal = optional(d, "calendar")) {
    expect_object(*cal, "calendar", {"windows", "weekend", "holidays", "workdays"});
    p.calendar = Calendar{};
    p.calendar.windows.clear();
    const json& windows = required(*cal, "calendar", "windows");
    if (!windows.is_array()) bad("calendar.windows", messages::format("policy.must_windows"));
    for (std::size_t i = 0; i < windows.size(); ++i) {
      const std::string path = "calendar.windows[" + std::to_string(i) + "]";
      const std::string s = text(windows[i], path);
      const auto dash = s.find('-');
      if (dash == std::string::npos) bad(path, messages::format("policy.not_window", {{"s", s}}));
      p.calendar.windows.emplace_back(clock_time(s.substr(0, dash), path), clock_time(s.substr(dash + 1), path));
    }
    // A calendar given is taken whole (no holidays unless listed); only its weekend defaults,
    // to Saturday and Sunday.
    if (const json* weekend = optional(*cal, "weekend")) {
      p.calendar.weekend_mask = 0;
      if (!weekend->is_array()) bad("calendar.weekend", messages::format("policy.must_weekdays"));
      for (std::size_t i = 0; i < weekend->size(); ++i) {
        const std::string path = "calendar.weekend[" + std::to_string(i) + "]";
        const std::string s = text((*weekend)[i], path);
        const auto* found = std::find(std::begin(weekday_names), std::end(weekday_names), s);
        if (found == std::end(weekday_names)) bad(path, messages::format("policy.not_weekday", {{"s", s}}));
        p.calendar.weekend_mask = static_cast<std::uint8_t>(p.calendar.weekend_mask | (1u << (found - std::begin(weekday_names))));
      }
    }
    for (const char* key : {"holidays", "workdays"}) {
      auto& days = std::string_view(key) == "holidays" ? p.calendar.holidays : p.calendar.workdays;
      if (const json* list = optional(*cal, key)) {
        if (!list->is_array()) bad(std::string("calendar.") + key, messages::format("policy.must_dates"));
        for (std::size_t i = 0; i < list->size(); ++i)
          days.push_back(date((*list)[i], std::string("calendar.") + key + "[" + std::to_string(i) + "]"));
      }
      std::sort(days.begin(), days.end());
    }
  }
  if (const json* th = optional(d, "thresholds")) {
    expect_object(*th, "thresholds", {"warning", "supervise", "yellow", "red"});
    p.thresholds.warning = number(required(*th, "thresholds", "warning"), "thresholds.warning");
    p.thresholds.supervise = number(required(*th, "thresholds", "supervise"), "thresholds.supervise");
    p.thresholds.yellow = number(required(*th, "thresholds", "yellow"), "thresholds.yellow");
    p.thresholds.red = number(required(*th, "thresholds", "red"), "thresholds.red");
  }
  if (const json* v = optional(d, "max_returns")) p.max_returns = whole(*v, "max_returns", 0, 1000000);
  if (const json* v = optional(d, "extension_fraction")) p.extension_fraction = number(*v, "extension_fraction");
  if (const json* skip = optional(d, "skip_rules")) {
    expect_object(*skip, "skip_rules", urgency_codes, "urgency");
    for (int u = 0; u < urgency_count; ++u) {
      const std::string path = "skip_rules." + urgency_code(u);
      const json& x = required(*skip, "skip_rules", urgency_code(u));
      expect_object(x, path, {"min_entry", "report_above"});
      auto& rule = p.skip_rules[static_cast<std::size_t>(u)];
      rule.min_entry = static_cast<std::int8_t>(level(required(x, path, "min_entry"), 'L', tier_count, path + ".min_entry"));
      rule.report_above = optional(x, "report_above") && boolean(x["report_above"], path + ".report_above");
    }
  }
  if (const json* special = optional(d, "special_sectors")) {
    if (!special->is_object()) bad("special_sectors", messages::format("policy.must_sectors"));
    p.special_sectors.clear();
    for (const auto& [k, v] : special->items()) p.special_sectors.emplace_back(k, text(v, "special_sectors." + k));
  }
  if (const json* v = optional(d, "community_sector")) p.community_sector = text(*v, "community_sector");
  if (const json* g = optional(d, "grading")) read_grading(*g, p.grading);
  p.validate();
  return p;
}

void EscalationPolicy::save(const std::string& path, int indent) const {
  detail::write_file(path, to_json(indent));
}

EscalationPolicy EscalationPolicy::load(const std::string& path) {
  std::ifstream in = detail::open_for_reading(path, messages::format("files.policy_file"));
  // Read at most one byte past the bound, so a device or pipe without end (/dev/zero) stops there.
  std::string text;
  char buffer[65536];
  while (in && text.size() <= policy_file_max_bytes) {
    in.read(buffer, sizeof buffer);
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw FormatError(messages::format("files.read_failed", {{"path", path}}));
  if (text.size() > policy_file_max_bytes)
    throw FormatError(messages::format("policy.file_too_large",
                                       {{"path", path}, {"mib", std::to_string(policy_file_max_bytes >> 20)}}));
  try {
    return from_json(text);
  } catch (const VersionError& e) {
    throw VersionError(messages::format("files.path_prefix", {{"path", path}, {"why", e.what()}}));
  } catch (const FormatError& e) {
    throw FormatError(messages::format("files.path_prefix", {{"path", path}, {"why", e.what()}}));
  } catch (const PolicyError& e) {
    throw PolicyError(messages::format("files.path_prefix", {{"path", path}, {"why", e.what()}}));
  }
}

}  // namespace gridgov::escalation
