// Python bindings for the escalation area: the policy (as a JSON-shaped dict), the router, the
// log replay and the simulator. Everything lives on the submodule `_core.escalation`; the Python
// face is python/gridgov/escalation.py.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "arrays.hpp"
#include "bindings.hpp"
#include "gridgov/escalation/lifecycle.hpp"
#include "gridgov/escalation/policy.hpp"
#include "gridgov/escalation/router.hpp"
#include "gridgov/escalation/simulate.hpp"
#include "gridgov/model/model.hpp"

namespace gridgov::python {

namespace {

using namespace gridgov::escalation;

template <class T>
using in_array = input_array<T>;

// ---- policy <-> dict -------------------------------------------------------------------------

std::string tier_code(int t) { return "L" + std::to_string(t); }
std::string urgency_code(int u) { return "U" + std::to_string(u); }

[[noreturn]] void bad(const std::string& field, const std::string& what) {
  throw PolicyError("escalation policy field '" + field + "': " + what);
}

int parse_level(const py::handle& v, char prefix, int count, const std::string& field) {
  const std::string s = py::str(v);
  if (s.size() == 2 && s[0] == prefix && s[1] >= '0' && s[1] < '0' + count) return s[1] - '0';
  bad(field, "'" + s + "' is not " + prefix + "0-" + prefix + std::to_string(count - 1));
}

py::object item(const py::dict& d, const char* key, const std::string& field) {
  if (!d.contains(key)) bad(field + "." + key, "missing");
  return d[key];
}

std::int64_t hours_to_seconds(const py::handle& v, const std::string& field) {
  double h;
  try {
    h = v.cast<double>();
  } catch (const py::cast_error&) {
    bad(field, "must be a number of hours");
  }
  if (!std::isfinite(h)) bad(field, "must be a finite number of hours");
  return static_cast<std::int64_t>(std::llround(h * 3600.0));
}

// Civil date of a day count (inverse of escalation::days_from_civil, H. Hinnant).
std::string civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y + (m <= 2)), m, d);
  return buf;
}
std::int64_t parse_date(const py::handle& v, const std::string& field) {
  const std::string s = py::str(v);
  int y, m, d;
  char tail;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
    bad(field, "'" + s + "' is not a date YYYY-MM-DD");
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}
std::string clock_text(std::int32_t s) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", s / 3600, (s % 3600) / 60);
  return buf;
}
std::int32_t parse_clock(const std::string& s, const std::string& field) {
  int h, m;
  char tail;
  if (std::sscanf(s.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0))
    bad(field, "'" + s + "' is not a time HH:MM");
  return h * 3600 + m * 60;
}

const char* stage_keys[stage_count] = {"accept", "dispatch", "feedback", "verify"};
const char* weekday_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

py::dict policy_to_dict(const EscalationPolicy& p) {
  py::dict d;
  d["format"] = "gridgov-escalation-policy";
  d["version"] = 1;
  py::list tiers;
  for (const auto& t : p.tier_names) tiers.append(t);
  d["tiers"] = tiers;
  d["street_tier"] = p.street_tier;
  py::list urgencies;
  for (int u = 0; u < urgency_count; ++u) {
    py::dict x;
    x["code"] = urgency_code(u);
    x["name"] = p.urgency_names[static_cast<std::size_t>(u)];
    x["clock"] = p.natural_clock[static_cast<std::size_t>(u)] ? "natural" : "working";
    urgencies.append(x);
  }
  d["urgencies"] = urgencies;
  py::list cats;
  for (const auto& c : p.categories) {
    py::dict x, rules;
    x["code"] = c.code;
    x["name"] = c.name;
    x["default_urgency"] = urgency_code(c.default_urgency);
    for (int u = 0; u < urgency_count; ++u) {
      const auto& r = c.rules[static_cast<std::size_t>(u)];
      py::dict rd;
      rd["entry"] = tier_code(r.entry);
      rd["close"] = tier_code(r.close);
      rd["sector"] = r.sector;
      rules[py::str(urgency_code(u))] = rd;
    }
    x["rules"] = rules;
    cats.append(x);
  }
  d["categories"] = cats;
  py::dict stages;
  for (int s = 0; s < stage_count; ++s) {
    py::dict x;
    for (int u = 0; u < urgency_count; ++u)
      x[py::str(urgency_code(u))] = static_cast<double>(p.stage_limits[static_cast<std::size_t>(s)][static_cast<std::size_t>(u)]) / 3600.0;
    stages[stage_keys[s]] = x;
  }
  d["stage_limits_hours"] = stages;
  py::dict handle;
  for (int t = 0; t < tier_count; ++t) {
    py::dict x;
    for (int u = 0; u < urgency_count; ++u)
      x[py::str(urgency_code(u))] = static_cast<double>(p.handle_limits[static_cast<std::size_t>(t)][static_cast<std::size_t>(u)]) / 3600.0;
    handle[py::str(tier_code(t))] = x;
  }
  d["handle_limits_hours"] = handle;
  py::dict cal;
  py::list windows, weekend, holidays, workdays;
  for (auto [a, b] : p.calendar.windows) windows.append(clock_text(a) + "-" + clock_text(b));
  for (int w = 0; w < 7; ++w)
    if ((p.calendar.weekend_mask >> w) & 1u) weekend.append(weekday_names[w]);
  for (auto day : p.calendar.holidays) holidays.append(civil_from_days(day));
  for (auto day : p.calendar.workdays) workdays.append(civil_from_days(day));
  cal["windows"] = windows;
  cal["weekend"] = weekend;
  cal["holidays"] = holidays;
  cal["workdays"] = workdays;
  d["calendar"] = cal;
  py::dict th;
  th["warning"] = p.thresholds.warning;
  th["supervise"] = p.thresholds.supervise;
  th["yellow"] = p.thresholds.yellow;
  th["red"] = p.thresholds.red;
  d["thresholds"] = th;
  d["max_returns"] = p.max_returns;
  d["extension_fraction"] = p.extension_fraction;
  py::dict skip;
  for (int u = 0; u < urgency_count; ++u) {
    py::dict x;
    x["min_entry"] = tier_code(p.skip_rules[static_cast<std::size_t>(u)].min_entry);
    x["report_above"] = p.skip_rules[static_cast<std::size_t>(u)].report_above;
    skip[py::str(urgency_code(u))] = x;
  }
  d["skip_rules"] = skip;
  py::dict special;
  for (const auto& [k, v] : p.special_sectors) special[py::str(k)] = v;
  d["special_sectors"] = special;
  d["community_sector"] = p.community_sector;
  return d;
}

EscalationPolicy policy_from_dict(const py::dict& d) {
  EscalationPolicy p;
  p.categories.clear();
  if (d.contains("tiers")) {
    const auto tiers = d["tiers"].cast<std::vector<std::string>>();
    if (tiers.size() != tier_count) bad("tiers", "must name exactly six tiers L0-L5");
    for (int t = 0; t < tier_count; ++t) p.tier_names[static_cast<std::size_t>(t)] = tiers[static_cast<std::size_t>(t)];
  }
  if (d.contains("street_tier")) p.street_tier = d["street_tier"].cast<bool>();
  if (d.contains("urgencies")) {
    auto list = d["urgencies"].cast<py::list>();
    if (list.size() != urgency_count) bad("urgencies", "must list exactly U0-U3");
    for (int u = 0; u < urgency_count; ++u) {
      auto x = list[static_cast<std::size_t>(u)].cast<py::dict>();
      const std::string field = "urgencies[" + std::to_string(u) + "]";
      if (parse_level(item(x, "code", field), 'U', urgency_count, field + ".code") != u) bad(field, "urgencies must be listed in order U0, U1, U2, U3");
      if (x.contains("name")) p.urgency_names[static_cast<std::size_t>(u)] = py::str(x["name"]);
      const std::string clock = py::str(item(x, "clock", field));
      if (clock != "working" && clock != "natural") bad(field + ".clock", "'" + clock + "' must be 'working' or 'natural'");
      p.natural_clock[static_cast<std::size_t>(u)] = clock == "natural";
    }
  }
  for (const auto& h : item(d, "categories", "policy").cast<py::list>()) {
    auto x = h.cast<py::dict>();
    Category c;
    c.code = py::str(item(x, "code", "categories[]"));
    const std::string field = "categories[" + c.code + "]";
    c.name = x.contains("name") ? std::string(py::str(x["name"])) : c.code;
    c.default_urgency = static_cast<std::int8_t>(parse_level(item(x, "default_urgency", field), 'U', urgency_count, field + ".default_urgency"));
    auto rules = item(x, "rules", field).cast<py::dict>();
    for (int u = 0; u < urgency_count; ++u) {
      const std::string uf = field + ".rules." + urgency_code(u);
      if (!rules.contains(py::str(urgency_code(u)))) bad(uf, "missing (give a rule for every urgency U0-U3)");
      auto r = rules[py::str(urgency_code(u))].cast<py::dict>();
      auto& rule = c.rules[static_cast<std::size_t>(u)];
      rule.entry = static_cast<std::int8_t>(parse_level(item(r, "entry", uf), 'L', tier_count, uf + ".entry"));
      rule.close = static_cast<std::int8_t>(parse_level(item(r, "close", uf), 'L', tier_count, uf + ".close"));
      rule.sector = r.contains("sector") ? std::string(py::str(r["sector"])) : std::string();
    }
    p.categories.push_back(std::move(c));
  }
  auto stages = item(d, "stage_limits_hours", "policy").cast<py::dict>();
  for (int s = 0; s < stage_count; ++s) {
    const std::string field = std::string("stage_limits_hours.") + stage_keys[s];
    auto x = item(stages, stage_keys[s], "stage_limits_hours").cast<py::dict>();
    for (int u = 0; u < urgency_count; ++u)
      p.stage_limits[static_cast<std::size_t>(s)][static_cast<std::size_t>(u)] =
          hours_to_seconds(item(x, urgency_code(u).c_str(), field), field + "." + urgency_code(u));
  }
  auto handle = item(d, "handle_limits_hours", "policy").cast<py::dict>();
  for (int t = 0; t < tier_count; ++t) {
    const std::string field = "handle_limits_hours." + tier_code(t);
    auto x = item(handle, tier_code(t).c_str(), "handle_limits_hours").cast<py::dict>();
    for (int u = 0; u < urgency_count; ++u)
      p.handle_limits[static_cast<std::size_t>(t)][static_cast<std::size_t>(u)] =
          hours_to_seconds(item(x, urgency_code(u).c_str(), field), field + "." + urgency_code(u));
  }
  if (d.contains("calendar")) {
    auto cal = d["calendar"].cast<py::dict>();
    p.calendar = Calendar{};
    p.calendar.windows.clear();
    for (const auto& w : item(cal, "windows", "calendar").cast<py::list>()) {
      const std::string s = py::str(w);
      const auto dash = s.find('-');
      if (dash == std::string::npos) bad("calendar.windows", "'" + s + "' is not HH:MM-HH:MM");
      p.calendar.windows.emplace_back(parse_clock(s.substr(0, dash), "calendar.windows"), parse_clock(s.substr(dash + 1), "calendar.windows"));
    }
    p.calendar.weekend_mask = 0;
    if (cal.contains("weekend"))
      for (const auto& w : cal["weekend"].cast<py::list>()) {
        const std::string s = py::str(w);
        int found = -1;
        for (int i = 0; i < 7; ++i)
          if (s == weekday_names[i]) found = i;
        if (found < 0) bad("calendar.weekend", "'" + s + "' is not one of Mon Tue Wed Thu Fri Sat Sun");
        p.calendar.weekend_mask = static_cast<std::uint8_t>(p.calendar.weekend_mask | (1u << found));
      }
    for (const char* key : {"holidays", "workdays"}) {
      auto& days = std::string(key) == "holidays" ? p.calendar.holidays : p.calendar.workdays;
      if (cal.contains(key))
        for (const auto& v : cal[key].cast<py::list>()) days.push_back(static_cast<std::int32_t>(parse_date(v, std::string("calendar.") + key)));
      std::sort(days.begin(), days.end());
    }
  }
  if (d.contains("thresholds")) {
    auto th = d["thresholds"].cast<py::dict>();
    p.thresholds.warning = item(th, "warning", "thresholds").cast<double>();
    p.thresholds.supervise = item(th, "supervise", "thresholds").cast<double>();
    p.thresholds.yellow = item(th, "yellow", "thresholds").cast<double>();
    p.thresholds.red = item(th, "red", "thresholds").cast<double>();
  }
  if (d.contains("max_returns")) p.max_returns = d["max_returns"].cast<int>();
  if (d.contains("extension_fraction")) p.extension_fraction = d["extension_fraction"].cast<double>();
  if (d.contains("skip_rules")) {
    auto skip = d["skip_rules"].cast<py::dict>();
    for (int u = 0; u < urgency_count; ++u) {
      const std::string field = "skip_rules." + urgency_code(u);
      auto x = item(skip, urgency_code(u).c_str(), "skip_rules").cast<py::dict>();
      p.skip_rules[static_cast<std::size_t>(u)].min_entry = static_cast<std::int8_t>(parse_level(item(x, "min_entry", field), 'L', tier_count, field + ".min_entry"));
      p.skip_rules[static_cast<std::size_t>(u)].report_above = x.contains("report_above") && x["report_above"].cast<bool>();
    }
  }
  if (d.contains("special_sectors")) {
    p.special_sectors.clear();
    for (auto [k, v] : d["special_sectors"].cast<py::dict>()) p.special_sectors.emplace_back(py::str(k), py::str(v));
  }
  if (d.contains("community_sector")) p.community_sector = py::str(d["community_sector"]);
  p.validate();
  return p;
}

// ---- results as dicts of arrays --------------------------------------------------------------

py::dict route_arrays(const Router& router, const in_array<node_id>& places, const in_array<std::int32_t>& categories,
                      const py::object& urgencies_obj) {
  const std::size_t n = static_cast<std::size_t>(places.size());
  std::vector<std::int8_t> urgencies;
  if (!urgencies_obj.is_none()) {
    auto u = urgencies_obj.cast<in_array<std::int8_t>>();
    urgencies.assign(u.data(), u.data() + u.size());
  }
  std::vector<std::int8_t> entry(n), close(n);
  std::vector<node_id> handlers(n * tier_count), department(n);
  std::vector<std::uint16_t> reason(n);
  {
    py::gil_scoped_release release;
    router.route_many(as_span(places), as_span(categories), urgencies, RouteOutput{entry, close, handlers, department, reason});
  }
  py::dict out;
  out["entry_tier"] = owned_array(std::move(entry));
  out["close_tier"] = owned_array(std::move(close));
  out["handlers"] = owned_array(std::move(handlers)).attr("reshape")(static_cast<py::ssize_t>(n), tier_count);
  out["department"] = owned_array(std::move(department));
  out["reason"] = owned_array(std::move(reason));
  return out;
}

std::vector<std::int32_t> int_list(const py::dict& d, const char* key) {
  if (!d.contains(key) || d[key].is_none()) return {};
  return d[key].cast<std::vector<std::int32_t>>();
}

}  // namespace

void register_escalation(py::module_& root) {
  py::module_ m = root.def_submodule("escalation", "Escalation routing, lifecycle and simulation (C++ core).");
  m.attr("TIER_COUNT") = tier_count;
  m.attr("URGENCY_COUNT") = urgency_count;
  {
    py::list names;
    for (auto s : state_names) names.append(std::string(s));
    m.attr("STATE_NAMES") = names;
    py::list reasons;
    for (auto s : reason_names) reasons.append(std::string(s));
    m.attr("REASON_NAMES") = reasons;
  }

  py::class_<EscalationPolicy>(m, "Policy", "A validated escalation policy (C++). Use gridgov.EscalationPolicy.")
      .def_static("standard", &EscalationPolicy::standard)
      .def_static("from_dict", &policy_from_dict, py::arg("data"))
      .def("to_dict", &policy_to_dict)
      .def("category_codes", [](const EscalationPolicy& p) {
        std::vector<std::string> out;
        for (const auto& c : p.categories) out.push_back(c.code);
        return out;
      })
      .def("default_urgencies", [](const EscalationPolicy& p) {
        std::vector<std::int8_t> out;
        for (const auto& c : p.categories) out.push_back(c.default_urgency);
        return owned_array(std::move(out));
      })
      .def("default_rates", [](const EscalationPolicy& p) {
        std::vector<double> out;
        for (const auto& c : p.categories) out.push_back(default_rate(c.code));
        return owned_array(std::move(out));
      }, "Default events per household per day of every category (simulation).")
      .def("sectors", [](const EscalationPolicy& p) {
        std::vector<std::string> out;
        for (const auto& c : p.categories) out.push_back(c.rules[static_cast<std::size_t>(c.default_urgency)].sector);
        return out;
      })
      .def("entry_tier", &EscalationPolicy::entry_tier)
      .def("close_tier", &EscalationPolicy::close_tier)
      .def("total_limit_seconds", &EscalationPolicy::total_limit);

  py::class_<Router>(m, "Router", "Per-site handler chains over a model (C++).")
      .def(py::init([](const Model& model, const EscalationPolicy& policy, const py::object& fulltime) {
             std::vector<std::int32_t> override_;
             if (!fulltime.is_none()) override_ = fulltime.cast<std::vector<std::int32_t>>();
             return std::make_unique<Router>(model, policy, override_);
           }),
           py::arg("model"), py::arg("policy"), py::arg("fulltime") = py::none())
      .def("route_many", &route_arrays, py::arg("places"), py::arg("categories"), py::arg("urgencies") = py::none())
      .def("sites", [](const Router& r, const in_array<node_id>& places) {
        std::vector<std::int32_t> out(static_cast<std::size_t>(places.size()));
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = r.site_of(places.data()[i]);
        return owned_array(std::move(out));
      })
      .def("site", [](const Router& r, std::int32_t s) {
        if (s < 0 || s >= r.site_count()) throw InputError("no such site");
        const Site& x = r.site(s);
        py::dict d;
        d["grid"] = x.grid;
        d["compound"] = x.compound;
        d["community"] = x.community;
        d["county"] = x.county;
        d["host"] = x.host;
        d["station"] = x.station;
        d["community_centre"] = x.community_centre;
        d["county_centre"] = r.county_centre(x.county_index);
        d["handlers"] = std::vector<node_id>(x.handler.begin(), x.handler.end());
        d["flags"] = x.flags;
        return d;
      })
      .def("site_grid_community", [](const Router& r) {
        std::vector<node_id> grid(static_cast<std::size_t>(r.site_count())), community(grid.size());
        for (std::int32_t s = 0; s < r.site_count(); ++s) {
          grid[static_cast<std::size_t>(s)] = r.site(s).grid;
          community[static_cast<std::size_t>(s)] = r.site(s).community;
        }
        return py::make_tuple(owned_array(std::move(grid)), owned_array(std::move(community)));
      });

  m.def(
      "replay",
      [](const EscalationPolicy& policy, const in_array<std::int64_t>& created, const in_array<std::int32_t>& category,
         const in_array<std::int8_t>& urgency, const in_array<std::int32_t>& t_event, const in_array<std::int64_t>& t_time,
         const in_array<std::uint8_t>& t_from, const in_array<std::uint8_t>& t_to, const in_array<std::int8_t>& t_tier,
         const in_array<node_id>& t_actor, std::int64_t as_of) {
        std::vector<Outcome> o;
        {
          py::gil_scoped_release release;
          o = replay(policy, EventColumns{as_span(created), as_span(category), as_span(urgency)},
                     TransitionColumns{as_span(t_event), as_span(t_time), as_span(t_from), as_span(t_to), as_span(t_tier), as_span(t_actor)},
                     as_of);
        }
        const std::size_t n = o.size();
        std::vector<std::uint8_t> status(n), handled(n), on_time(n), due(n);
        std::vector<std::int8_t> entry(n), closed_tier(n), max_tier(n);
        std::vector<std::int64_t> closed_at(n), accepted_at(n), due_at(n);
        std::vector<std::int32_t> esc(n), ret(n), rew(n), ext(n), warn(n), sup(n), yel(n), red(n);
        std::vector<node_id> handler(n), worker(n);
        for (std::size_t i = 0; i < n; ++i) {
          status[i] = o[i].status;
          handled[i] = o[i].handled;
          on_time[i] = o[i].on_time;
          due[i] = o[i].due;
          entry[i] = o[i].entry_tier;
          closed_tier[i] = o[i].closed_tier;
          max_tier[i] = o[i].max_tier;
          closed_at[i] = o[i].closed_at;
          accepted_at[i] = o[i].accepted_at;
          due_at[i] = o[i].due_at;
          esc[i] = o[i].escalations;
          ret[i] = o[i].returns;
          rew[i] = o[i].reworks;
          ext[i] = o[i].extensions;
          warn[i] = o[i].warnings;
          sup[i] = o[i].supervised;
          yel[i] = o[i].yellow_cards;
          red[i] = o[i].red_cards;
          handler[i] = o[i].handler;
          worker[i] = o[i].first_worker_actor;
        }
        py::dict d;
        d["status"] = owned_array(std::move(status));
        d["handled"] = owned_array(std::move(handled));
        d["on_time"] = owned_array(std::move(on_time));
        d["due"] = owned_array(std::move(due));
        d["entry_tier"] = owned_array(std::move(entry));
        d["closed_tier"] = owned_array(std::move(closed_tier));
        d["max_tier"] = owned_array(std::move(max_tier));
        d["closed_at"] = owned_array(std::move(closed_at));
        d["accepted_at"] = owned_array(std::move(accepted_at));
        d["due_at"] = owned_array(std::move(due_at));
        d["escalations"] = owned_array(std::move(esc));
        d["returns"] = owned_array(std::move(ret));
        d["reworks"] = owned_array(std::move(rew));
        d["extensions"] = owned_array(std::move(ext));
        d["warnings"] = owned_array(std::move(warn));
        d["supervised"] = owned_array(std::move(sup));
        d["yellow_cards"] = owned_array(std::move(yel));
        d["red_cards"] = owned_array(std::move(red));
        d["handler"] = owned_array(std::move(handler));
        d["worker"] = owned_array(std::move(worker));
        return d;
      },
      py::arg("policy"), py::arg("created_at"), py::arg("category"), py::arg("urgency"), py::arg("t_event"), py::arg("t_time"),
      py::arg("t_from"), py::arg("t_to"), py::arg("t_tier"), py::arg("t_actor"), py::arg("as_of"));

  m.def(
      "simulate",
      [](const Model& model, const EscalationPolicy& policy, const py::dict& params) {
        SimulationParams sp;
        if (params.contains("days")) sp.days = params["days"].cast<std::int64_t>();
        if (params.contains("seed")) sp.seed = params["seed"].cast<std::uint64_t>();
        if (params.contains("start_day")) sp.start_day = params["start_day"].cast<std::int64_t>();
        if (params.contains("household_rates") && !params["household_rates"].is_none())
          sp.household_rates = params["household_rates"].cast<std::vector<double>>();
        if (params.contains("rate_multiplier")) sp.rate_multiplier = params["rate_multiplier"].cast<double>();
        for (auto [key, field] : {std::pair<const char*, double*>{"place_factor", &sp.place_factor},
                                  {"priority_share", &sp.priority_share},
                                  {"parttime_capacity", &sp.parttime_capacity},
                                  {"station_staff", &sp.station_staff},
                                  {"handle_sigma", &sp.handle_sigma},
                                  {"void_prob", &sp.void_prob},
                                  {"rework_prob", &sp.rework_prob},
                                  {"return_prob", &sp.return_prob},
                                  {"extension_prob", &sp.extension_prob},
                                  {"park_prob", &sp.park_prob},
                                  {"park_mean_days", &sp.park_mean_days}})
          if (params.contains(key)) *field = params[key].cast<double>();
        const unsigned threads = params.contains("threads") ? params["threads"].cast<unsigned>() : 0u;
        sp.fulltime = int_list(params, "fulltime");
        sp.parttime = int_list(params, "parttime");
        SimulationResult r;
        double seconds = 0, cpu_seconds = 0;
        {
          py::gil_scoped_release release;
          auto process_cpu = [] {
            timespec ts{};
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
            return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
          };
          const auto t0 = std::chrono::steady_clock::now();
          const double c0 = process_cpu();
          Simulator sim(model, policy, sp, threads);
          r = sim.run();
          cpu_seconds = process_cpu() - c0;
          seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        }
        py::dict d;
        d["core_seconds"] = seconds;
        d["core_cpu_seconds"] = cpu_seconds;
        d["created_at"] = owned_array(std::move(r.created_at));
        d["closed_at"] = owned_array(std::move(r.closed_at));
        d["due_at"] = owned_array(std::move(r.due_at));
        d["place"] = owned_array(std::move(r.place));
        d["handler"] = owned_array(std::move(r.handler));
        d["department"] = owned_array(std::move(r.department));
        d["category"] = owned_array(std::move(r.category));
        d["site"] = owned_array(std::move(r.site));
        d["escalations"] = owned_array(std::move(r.escalations));
        d["returns"] = owned_array(std::move(r.returns));
        d["urgency"] = owned_array(std::move(r.urgency));
        d["entry_tier"] = owned_array(std::move(r.entry_tier));
        d["routed_tier"] = owned_array(std::move(r.routed_tier));
        d["closed_tier"] = owned_array(std::move(r.closed_tier));
        d["status"] = owned_array(std::move(r.status));
        d["on_time"] = owned_array(std::move(r.on_time));
        d["t_event"] = owned_array(std::move(r.t_event));
        d["t_time"] = owned_array(std::move(r.t_time));
        d["t_from"] = owned_array(std::move(r.t_from));
        d["t_to"] = owned_array(std::move(r.t_to));
        d["t_tier"] = owned_array(std::move(r.t_tier));
        d["t_actor"] = owned_array(std::move(r.t_actor));
        d["grid_capacity"] = owned_array(std::move(r.grid_capacity));
        d["grid_busy_seconds"] = owned_array(std::move(r.grid_busy_seconds));
        d["grid_fulltime"] = owned_array(std::move(r.grid_fulltime));
        d["grid_parttime"] = owned_array(std::move(r.grid_parttime));
        d["grid_handled"] = owned_array(std::move(r.grid_handled));
        d["available_seconds"] = r.available_seconds;
        d["horizon"] = r.horizon;
        py::dict t;
        t["events"] = r.events;
        t["closed"] = r.closed;
        t["void"] = r.voided;
        t["on_time_closed"] = r.on_time_closed;
        t["due"] = r.due;
        t["handled"] = r.handled;
        t["handled_due"] = r.handled_due;
        t["reworked"] = r.reworked;
        t["escalated"] = r.escalated;
        t["closed_at_tier"] = std::vector<std::int64_t>(r.closed_at_tier.begin(), r.closed_at_tier.end());
        t["warnings"] = r.warnings;
        t["supervised"] = r.supervised;
        t["yellow_cards"] = r.yellow_cards;
        t["red_cards"] = r.red_cards;
        t["hours_to_close_sum"] = r.hours_to_close_sum;
        d["tallies"] = t;
        return d;
      },
      py::arg("model"), py::arg("policy"), py::arg("params"));
}

}  // namespace gridgov::python
