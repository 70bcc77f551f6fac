// Python bindings for the escalation area: the policy (through its JSON text), the router with
// explained routes, evaluation of event logs and the simulator. Conversion only; the Python face
// is python/gridgov/escalation.py, on the submodule `_core.escalation`.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <limits>
#include <string>
#include <vector>

#include "arrays.hpp"
#include "bindings.hpp"
#include "gridgov/escalation/evaluate.hpp"
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

py::list indicator_list(const Indicators& k) {
  py::list out;
  for (const auto& item : k) out.append(py::make_tuple(item.name, item.value, item.count));
  return out;
}

py::object table_dict(const IndicatorTable& t) {
  if (t.empty()) return py::none();
  py::dict d;
  d["unit"] = t.unit;
  auto ints = [](const std::vector<std::int64_t>& v) { return owned_array(std::vector<std::int64_t>(v)); };
  auto reals = [](const std::vector<double>& v) { return owned_array(std::vector<double>(v)); };
  d["events"] = ints(t.events);
  d["closed"] = ints(t.closed);
  d["due"] = ints(t.due);
  d["on_time"] = ints(t.on_time);
  d["handled"] = ints(t.handled);
  d["handled_due"] = ints(t.handled_due);
  d["reworked"] = ints(t.reworked);
  d["closed_in_grid"] = ints(t.closed_in_grid);
  d["escalated"] = ints(t.escalated);
  d["supervised"] = ints(t.supervised);
  d["yellow_cards"] = ints(t.yellow_cards);
  d["red_cards"] = ints(t.red_cards);
  d["mean_hours_to_close"] = reals(t.mean_hours_to_close);
  d["mean_hours_to_accept"] = reals(t.mean_hours_to_accept);
  d["结案率"] = reals(t.closure_rate);
  d["按期结案率"] = reals(t.on_time_rate);
  d["处置率"] = reals(t.disposal_rate);
  d["返工率"] = reals(t.rework_rate);
  d["自行处置率"] = reals(t.self_resolved_rate);
  d["上移率"] = reals(t.escalation_rate);
  d["按期处置率"] = reals(t.on_time_disposal_rate);
  d["按时核查率"] = reals(t.on_time_verification_rate);
  d["群众满意度"] = reals(t.satisfaction_rate);
  d["handed_down"] = ints(t.handed_down);
  d["score"] = reals(t.score);
  d["grade"] = t.grade;
  return d;
}

py::dict outcome_arrays(const std::vector<Outcome>& o) {
  const std::size_t n = o.size();
  std::vector<std::uint8_t> status(n), handled(n), on_time(n), due(n);
  std::vector<std::int8_t> entry(n), closed_tier(n), max_tier(n);
  std::vector<std::int64_t> closed_at(n), accepted_at(n), due_at(n);
  std::vector<std::int32_t> esc(n), ret(n), rew(n), ext(n), warn(n), sup(n), yel(n), red(n);
  std::vector<node_id> worker(n);
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
  d["worker"] = owned_array(std::move(worker));
  std::vector<std::int32_t> disposals_due(n), disposals_on_time(n), verifications_due(n), verifications_on_time(n), handed_down(n);
  for (std::size_t i = 0; i < n; ++i) {
    disposals_due[i] = o[i].disposals_due;
    disposals_on_time[i] = o[i].disposals_on_time;
    verifications_due[i] = o[i].verifications_due;
    verifications_on_time[i] = o[i].verifications_on_time;
    handed_down[i] = o[i].handed_down;
  }
  d["disposals_due"] = owned_array(std::move(disposals_due));
  d["disposals_on_time"] = owned_array(std::move(disposals_on_time));
  d["verifications_due"] = owned_array(std::move(verifications_due));
  d["verifications_on_time"] = owned_array(std::move(verifications_on_time));
  d["handed_down"] = owned_array(std::move(handed_down));
  std::vector<std::uint8_t> judged(n);
  for (std::size_t i = 0; i < n; ++i) judged[i] = o[i].judged_by_department() ? 1 : 0;
  d["judged_by_department"] = owned_array(std::move(judged));
  return d;
}

/// A grouping from Python: None, or (index array, names).
struct PyGrouping {
  in_array<std::int32_t> index;
  std::vector<std::string> names;
  bool present = false;
};
PyGrouping grouping(const py::object& index, const py::object& names) {
  PyGrouping g;
  if (index.is_none()) return g;
  g.index = index.cast<in_array<std::int32_t>>();
  g.names = names.cast<std::vector<std::string>>();
  g.present = true;
  return g;
}
Grouping view(const PyGrouping& g) {
  return g.present ? Grouping{as_span(g.index), g.names} : Grouping{};
}

std::vector<std::int32_t> int_list(const py::dict& d, const char* key) {
  if (!d.contains(key) || d[key].is_none()) return {};
  return d[key].cast<std::vector<std::int32_t>>();
}

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

/// A number given for a simulation parameter (an int, a float or a numpy scalar; not text, not a
/// bool). `where` names it in the error.
double number_at(py::handle value, const std::string& where) {
  if (!py::isinstance<py::str>(value) && !py::isinstance<py::bytes>(value) && !py::isinstance<py::bool_>(value)) {
    const double x = PyFloat_AsDouble(value.ptr());
    if (!(x == -1.0 && PyErr_Occurred())) return x;
    PyErr_Clear();
  }
  throw InputError("simulate: " + where + " must be a number (got " + std::string(py::repr(value)) + ")");
}

/// A parameter with one number per name (tiers, urgencies, sources): a sequence of them all in
/// order, or a mapping name -> number that changes those it names.
template <std::size_t N>
void read_named(py::handle value, const std::string& key, std::array<double, N>& out, const std::array<std::string, N>& names) {
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  if (py::isinstance<py::dict>(value)) {
    for (auto [k, v] : py::reinterpret_borrow<py::dict>(value)) {
      const std::string name = py::str(k);
      const auto it = std::find(names.begin(), names.end(), name);
      if (it == names.end()) throw InputError("simulate: " + key + " has no entry '" + name + "' (known: " + list + ")");
      out[static_cast<std::size_t>(it - names.begin())] = number_at(v, key + "[" + name + "]");
    }
    return;
  }
  if (py::isinstance<py::str>(value) || !py::isinstance<py::sequence>(value) || py::len(value) != N)
    throw InputError("simulate: " + key + " must be " + std::to_string(N) + " numbers (" + list + ") or a mapping of some of them (got " +
                     std::string(py::repr(value)) + ")");
  const auto seq = py::reinterpret_borrow<py::sequence>(value);
  for (std::size_t i = 0; i < N; ++i) out[i] = number_at(seq[i], key + "[" + names[i] + "]");
}

template <std::size_t N>
std::array<std::string, N> codes(const std::array<std::string_view, N>& table) {
  std::array<std::string, N> out;
  for (std::size_t i = 0; i < N; ++i) out[i] = std::string(table[i]);
  return out;
}

/// The simulation's parameters that hold one number per tier, urgency or source, by their Python
/// names; `void_prob` also takes one number for every source.
void read_structured(const py::dict& params, SimulationParams& sp) {
  const auto tiers = codes(tier_codes);
  const auto urgencies = codes(urgency_codes);
  const auto sources = codes(source_names);
  if (params.contains("resolve_governance")) read_named(params["resolve_governance"], "resolve_governance", sp.resolve_governance, tiers);
  if (params.contains("resolve_city")) read_named(params["resolve_city"], "resolve_city", sp.resolve_city, tiers);
  if (params.contains("source_share_governance"))
    read_named(params["source_share_governance"], "source_share_governance", sp.source_share_governance, sources);
  if (params.contains("source_share_city")) read_named(params["source_share_city"], "source_share_city", sp.source_share_city, sources);
  if (params.contains("void_prob")) {
    const py::object v = params["void_prob"];
    if (py::isinstance<py::dict>(v) || (py::isinstance<py::sequence>(v) && !py::isinstance<py::str>(v)))
      read_named(v, "void_prob", sp.void_prob, sources);
    else
      sp.void_prob.fill(number_at(v, "void_prob"));
  }
  if (params.contains("handle_mean_hours")) {
    // A mapping tier -> (urgency numbers), or one row of urgency numbers per tier.
    const py::object v = params["handle_mean_hours"];
    const auto row = [&](py::handle r, std::size_t t) { read_named(r, "handle_mean_hours[" + tiers[t] + "]", sp.handle_mean_hours[t], urgencies); };
    if (py::isinstance<py::dict>(v)) {
      for (auto [k, r] : py::reinterpret_borrow<py::dict>(v)) {
        const std::string name = py::str(k);
        const auto it = std::find(tiers.begin(), tiers.end(), name);
        if (it == tiers.end()) throw InputError("simulate: handle_mean_hours has no tier '" + name + "' (L0 ... L5)");
        row(r, static_cast<std::size_t>(it - tiers.begin()));
      }
    } else if (py::isinstance<py::sequence>(v) && !py::isinstance<py::str>(v) && py::len(v) == tier_count) {
      const auto seq = py::reinterpret_borrow<py::sequence>(v);
      for (std::size_t t = 0; t < tier_count; ++t) row(seq[t], t);
    } else {
      throw InputError("simulate: handle_mean_hours must be a mapping tier -> hours per urgency, or 6 rows (L0 ... L5) of 4 (U0 ... U3)");
    }
  }
  if (params.contains("dispute_categories")) {
    const py::object v = params["dispute_categories"];
    if (py::isinstance<py::str>(v) || !py::isinstance<py::sequence>(v))
      throw InputError("simulate: dispute_categories must be a list of category codes (got " + std::string(py::repr(v)) + ")");
    sp.dispute_categories.clear();
    for (auto c : v) {
      if (!py::isinstance<py::str>(c)) throw InputError("simulate: dispute_categories must hold category codes (got " + std::string(py::repr(c)) + ")");
      sp.dispute_categories.push_back(c.cast<std::string>());
    }
  }
}

/// The names of the structured parameters (read_structured), in the order the docs list them.
constexpr const char* structured_parameters[] = {"resolve_governance", "resolve_city", "handle_mean_hours", "source_share_governance",
                                                 "source_share_city", "void_prob", "dispute_categories"};

/// The simulation's numeric parameters by their Python names (gridgov.simulate's **params).
std::vector<std::pair<const char*, double*>> simulation_number_fields(SimulationParams& sp) {
  RoutineDuties& r = sp.routine;
  return {{"place_factor", &sp.place_factor},
          {"priority_share", &sp.priority_share},
          {"parttime_capacity", &sp.parttime_capacity},
          {"station_staff", &sp.station_staff},
          {"station_staff_per_1000", &sp.station_staff_per_1000},
          {"station_staff_min", &sp.station_staff_min},
          {"centre_staff_per_1000", &sp.centre_staff_per_1000},
          {"centre_staff_min", &sp.centre_staff_min},
          {"stationed_unit_capacity", &sp.stationed_unit_capacity},
          {"work_seat_capacity", &sp.work_seat_capacity},
          {"dispatch_hours", &sp.dispatch_hours},
          {"verify_hours", &sp.verify_hours},
          {"patrol_hours_per_day", &r.patrol_hours_per_day},
          {"visit_hours", &r.visit_hours},
          {"visits_per_household_year", &r.visits_per_household_year},
          {"visits_per_care_household_year", &r.visits_per_care_household_year},
          {"visits_per_key_person_year", &r.visits_per_key_person_year},
          {"collection_hours_per_household_year", &r.collection_hours_per_household_year},
          {"working_days_per_year", &r.working_days_per_year},
          {"event_capacity_floor", &sp.event_capacity_floor},
          {"handle_sigma", &sp.handle_sigma},
          {"load_sensitivity", &sp.load_sensitivity},
          {"assess_share", &sp.assess_share},
          {"party_group_dispute_bonus", &sp.party_group_dispute_bonus},
          {"rework_prob", &sp.rework_prob},
          {"return_prob", &sp.return_prob},
          {"extension_prob", &sp.extension_prob},
          {"park_prob", &sp.park_prob},
          {"park_mean_days", &sp.park_mean_days},
          {"extension_request_share", &sp.extension_request_share},
          {"extension_request_max_hours", &sp.extension_request_max_hours},
          {"extension_effort_factor", &sp.extension_effort_factor},
          {"park_after_share", &sp.park_after_share},
          {"stage_share_low", &sp.stage_share_low},
          {"stage_share_high", &sp.stage_share_high},
          {"return_visit_share", &sp.return_visit_share},
          {"satisfaction_base", &sp.satisfaction_base},
          {"satisfaction_late", &sp.satisfaction_late},
          {"satisfaction_rework", &sp.satisfaction_rework},
          {"satisfaction_per_escalation", &sp.satisfaction_per_escalation}};
}

SimulationParams simulation_params(const py::dict& params) {
  SimulationParams sp;
  if (params.contains("days")) sp.days = params["days"].cast<std::int64_t>();
  if (params.contains("seed")) {
    // Seeds are unsigned 64-bit: anything else is an InputError naming the argument.
    const py::object seed = params["seed"];
    if (!py::isinstance<py::int_>(seed) || seed < py::int_(0) || seed > py::int_(std::numeric_limits<std::uint64_t>::max()))
      throw InputError("simulate: seed must be a whole number from 0 to 2**64 - 1 (got " + std::string(py::repr(seed)) + ")");
    sp.seed = seed.cast<std::uint64_t>();
  }
  if (params.contains("start_day")) sp.start_day = params["start_day"].cast<std::int64_t>();
  if (params.contains("household_rates") && !params["household_rates"].is_none())
    sp.household_rates = params["household_rates"].cast<std::vector<double>>();
  if (params.contains("rate_multiplier")) sp.rate_multiplier = params["rate_multiplier"].cast<double>();
  for (auto [key, field] : simulation_number_fields(sp))
    if (params.contains(key)) *field = params[key].cast<double>();
  read_structured(params, sp);
  if (params.contains("satisfaction_max_escalations")) sp.satisfaction_max_escalations = params["satisfaction_max_escalations"].cast<std::int32_t>();
  if (params.contains("threads")) sp.threads = params["threads"].cast<unsigned>();
  if (params.contains("max_events")) sp.max_events = params["max_events"].cast<std::int64_t>();
  sp.fulltime = int_list(params, "fulltime");
  sp.parttime = int_list(params, "parttime");
  return sp;
}

}  // namespace

void register_escalation(py::module_& root) {
  py::module_ m = root.def_submodule("escalation", "Escalation routing, lifecycle, evaluation and simulation (C++ core).");
  m.attr("TIER_COUNT") = tier_count;
  m.attr("URGENCY_COUNT") = urgency_count;
  {
    py::list names;
    for (auto s : state_names) names.append(std::string(s));
    m.attr("STATE_NAMES") = names;
    py::list sources;
    for (auto s : source_names) sources.append(std::string(s));
    m.attr("SOURCE_NAMES") = sources;
    py::list tiers, urgencies;
    for (auto s : tier_codes) tiers.append(std::string(s));
    for (auto s : urgency_codes) urgencies.append(std::string(s));
    m.attr("TIER_CODES") = tiers;
    m.attr("URGENCY_CODES") = urgencies;
    SimulationParams sp;
    py::list parameters;
    for (const auto& field : simulation_number_fields(sp)) parameters.append(std::string(field.first));
    m.attr("SIMULATION_PARAMETERS") = parameters;  // numbers
    py::list structured;
    for (const char* name : structured_parameters) structured.append(name);
    m.attr("SIMULATION_STRUCTURED_PARAMETERS") = structured;  // per tier, urgency or source; codes
    py::list reasons, texts;
    for (auto s : reason_names) reasons.append(std::string(s));
    for (auto s : reason_texts) texts.append(std::string(s));
    m.attr("REASON_NAMES") = reasons;
    m.attr("REASON_TEXTS") = texts;
  }

  py::class_<EscalationPolicy>(m, "Policy", "A validated escalation policy (C++). Use gridgov.EscalationPolicy.")
      .def_static("standard", &EscalationPolicy::standard)
      .def_static("from_json", [](const std::string& text) { return EscalationPolicy::from_json(text); }, py::arg("text"))
      .def("to_json", &EscalationPolicy::to_json, py::arg("indent") = 2)
      .def("save", &EscalationPolicy::save, py::arg("path"), py::arg("indent") = 2,
           py::call_guard<py::gil_scoped_release>())
      .def_static("load", &EscalationPolicy::load, py::arg("path"), py::call_guard<py::gil_scoped_release>())
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
      .def("explain", [](const Router& r, node_id place, std::int32_t category, std::int8_t urgency) {
        const Route route = r.explain(place, category, urgency);
        py::list steps;
        for (const auto& s : route.steps) steps.append(py::make_tuple(s.tier, s.code, s.name, s.reason));
        py::dict d;
        d["place"] = route.place_code;
        d["category"] = route.category;
        d["urgency"] = route.urgency;
        d["entry_tier"] = route.entry_tier;
        d["close_tier"] = route.close_tier;
        d["department"] = route.department;
        d["reasons"] = route.reasons;
        d["steps"] = steps;
        return d;
      }, py::arg("place"), py::arg("category"), py::arg("urgency") = -1)
      .def("sites", [](const Router& r, const in_array<node_id>& places) {
        std::vector<std::int32_t> out(static_cast<std::size_t>(places.size()));
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = r.site_of(places.data()[i]);
        return owned_array(std::move(out));
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
      "evaluate",
      [](const EscalationPolicy& policy, const in_array<std::int64_t>& created, const in_array<std::int32_t>& category,
         const in_array<std::int8_t>& urgency, const in_array<std::int32_t>& t_event, const in_array<std::int64_t>& t_time,
         const in_array<std::uint8_t>& t_from, const in_array<std::uint8_t>& t_to, const in_array<std::int8_t>& t_tier,
         const in_array<node_id>& t_actor, std::int64_t as_of, const py::object& grid, const py::object& grid_names,
         const py::object& community, const py::object& community_names, const py::object& department,
         const py::object& department_names, const std::vector<std::string>& actor_names, const py::object& source,
         const py::object& satisfied, const py::object& street, const py::object& street_names,
         const py::object& district, const py::object& district_names) {
        const PyGrouping g = grouping(grid, grid_names), c = grouping(community, community_names),
                         d = grouping(department, department_names), st = grouping(street, street_names),
                         di = grouping(district, district_names);
        in_array<std::uint8_t> sources;
        in_array<std::int8_t> answers;
        if (!source.is_none()) sources = source.cast<in_array<std::uint8_t>>();
        if (!satisfied.is_none()) answers = satisfied.cast<in_array<std::int8_t>>();
        Evaluation e;
        {
          py::gil_scoped_release release;
          e = evaluate(policy, EventColumns{as_span(created), as_span(category), as_span(urgency),
                                            source.is_none() ? std::span<const std::uint8_t>{} : as_span(sources),
                                            satisfied.is_none() ? std::span<const std::int8_t>{} : as_span(answers)},
                       TransitionColumns{as_span(t_event), as_span(t_time), as_span(t_from), as_span(t_to), as_span(t_tier),
                                         as_span(t_actor)},
                       as_of, EventGroups{view(g), view(c), view(d), actor_names, view(st), view(di)});
        }
        py::dict out = outcome_arrays(e.events);
        out["kpis"] = indicator_list(e.kpis);
        out["by_grid"] = table_dict(e.by_grid);
        out["by_community"] = table_dict(e.by_community);
        out["by_department"] = table_dict(e.by_department);
        out["by_worker"] = table_dict(e.by_worker);
        out["by_street"] = table_dict(e.by_street);
        out["by_district"] = table_dict(e.by_district);
        return out;
      },
      py::arg("policy"), py::arg("created_at"), py::arg("category"), py::arg("urgency"), py::arg("t_event"), py::arg("t_time"),
      py::arg("t_from"), py::arg("t_to"), py::arg("t_tier"), py::arg("t_actor"), py::arg("as_of"), py::arg("grid"),
      py::arg("grid_names"), py::arg("community"), py::arg("community_names"), py::arg("department"),
      py::arg("department_names"), py::arg("actor_names"), py::arg("source") = py::none(), py::arg("satisfied") = py::none(),
      py::arg("street") = py::none(), py::arg("street_names") = py::none(), py::arg("district") = py::none(),
      py::arg("district_names") = py::none());

  m.def(
      "evaluate_months",
      [](const EscalationPolicy& policy, const in_array<std::int64_t>& created, const in_array<std::int32_t>& category,
         const in_array<std::int8_t>& urgency, const in_array<std::int32_t>& t_event, const in_array<std::int64_t>& t_time,
         const in_array<std::uint8_t>& t_from, const in_array<std::uint8_t>& t_to, const in_array<std::int8_t>& t_tier,
         const in_array<node_id>& t_actor, std::int64_t as_of, const py::object& source, const py::object& satisfied) {
        in_array<std::uint8_t> sources;
        in_array<std::int8_t> answers;
        if (!source.is_none()) sources = source.cast<in_array<std::uint8_t>>();
        if (!satisfied.is_none()) answers = satisfied.cast<in_array<std::int8_t>>();
        std::vector<PeriodEvaluation> months;
        {
          py::gil_scoped_release release;
          months = evaluate_months(policy,
                                   EventColumns{as_span(created), as_span(category), as_span(urgency),
                                                source.is_none() ? std::span<const std::uint8_t>{} : as_span(sources),
                                                satisfied.is_none() ? std::span<const std::int8_t>{} : as_span(answers)},
                                   TransitionColumns{as_span(t_event), as_span(t_time), as_span(t_from), as_span(t_to),
                                                     as_span(t_tier), as_span(t_actor)},
                                   as_of);
        }
        py::list out;
        for (const auto& p : months) {
          py::dict d;
          d["period"] = p.period;
          d["start"] = p.start;
          d["end"] = p.end;
          d["kpis"] = indicator_list(p.kpis);
          d["score"] = p.score;
          d["grade"] = p.grade;
          out.append(d);
        }
        return out;
      },
      py::arg("policy"), py::arg("created_at"), py::arg("category"), py::arg("urgency"), py::arg("t_event"), py::arg("t_time"),
      py::arg("t_from"), py::arg("t_to"), py::arg("t_tier"), py::arg("t_actor"), py::arg("as_of"), py::arg("source") = py::none(),
      py::arg("satisfied") = py::none());

  m.def(
      "simulate",
      [](const Model& model, const EscalationPolicy& policy, const py::dict& params) {
        const SimulationParams sp = simulation_params(params);
        SimulationResult r;
        double seconds = 0, cpu_seconds = 0;
        {
          py::gil_scoped_release release;
          const auto t0 = std::chrono::steady_clock::now();
          const double c0 = process_cpu_seconds();
          r = simulate(model, policy, sp);
          cpu_seconds = process_cpu_seconds() - c0;
          seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        }
        py::dict d;
        d["core_seconds"] = seconds;
        d["core_cpu_seconds"] = cpu_seconds;
        d["kpis"] = indicator_list(r.kpis());
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
        d["source"] = owned_array(std::move(r.source));
        d["satisfied"] = owned_array(std::move(r.satisfied));
        d["grid_capacity"] = owned_array(std::move(r.grid_capacity));
        d["grid_event_capacity"] = owned_array(std::move(r.grid_event_capacity));
        d["grid_work_seconds"] = owned_array(std::move(r.grid_work_seconds));
        d["grid_routine_seconds"] = owned_array(std::move(r.grid_routine_seconds));
        d["grid_fulltime"] = owned_array(std::move(r.grid_fulltime));
        d["grid_parttime"] = owned_array(std::move(r.grid_parttime));
        d["grid_handled"] = owned_array(std::move(r.grid_handled));
        d["community_station_staff"] = owned_array(std::move(r.community_station_staff));
        d["community_centre_staff"] = owned_array(std::move(r.community_centre_staff));
        d["community_unit_capacity"] = owned_array(std::move(r.community_unit_capacity));
        d["community_work_seconds"] = owned_array(std::move(r.community_work_seconds));
        d["community_handled"] = owned_array(std::move(r.community_handled));
        d["county_seat_capacity"] = r.county_seat_capacity;
        d["county_seat_work_seconds"] = r.county_seat_work_seconds;
        d["available_seconds"] = r.available_seconds;
        d["grid_utilisation"] = owned_array(std::move(r.grid_utilisation));
        d["community_utilisation"] = owned_array(std::move(r.community_utilisation));
        d["county_seat_utilisation"] = r.county_seat_utilisation;
        d["horizon"] = r.horizon;
        return d;
      },
      py::arg("model"), py::arg("policy"), py::arg("params"));
}

}  // namespace gridgov::python
