// Discrete-event simulation of a county's event handling under an escalation policy
// (docs/escalation.md "Simulation" lists every default with its source).
//
// Arrivals: Poisson per household and per place, by category, each with a source (worker
// patrol, resident app, 12345 hotline, supervisor inspection); reports are accepted round the
// clock. Handlers: each grid's workers are one server (full-time workers + part-time workers x
// `parttime_capacity`, less the hours their patrols, home visits and data collection take); each
// community's station, command centre and stationed units are one server whose staff follows
// the community's size; the county centre's work seats dispatch what reaches it. Servers work on
// the working clock and take the matter closest to (or furthest past) its supervision time first,
// so a supervised (督办) or carded matter goes ahead. Whether a tier settles a matter depends on
// how long it waited there (an overloaded grid settles less and passes more up, 上报); what is
// not settled goes up after a short assessment; a card never moves ownership. Each matter is
// verified (核查) by someone other than its handler, and resident reporters are called back
// (回访). Everything after the horizon is cut: events end closed, void or open.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gridgov/core/ids.hpp"
#include "gridgov/escalation/evaluate.hpp"
#include "gridgov/escalation/policy.hpp"
#include "gridgov/escalation/router.hpp"
#include "gridgov/model/model.hpp"

namespace gridgov::escalation {

/// What a grid's workers do besides events, per working day of the period (documented defaults
/// in docs/escalation.md; every one a parameter).
struct RoutineDuties {
  double patrol_hours_per_day = 3.0;          ///< 日常巡查 (the worker's rounds, the building heads' checks), per grid
  double visit_hours = 0.5;                   ///< one home visit (入户走访), travel and record included
  double visits_per_household_year = 2.0;     ///< every household
  double visits_per_care_household_year = 12; ///< households of an elderly person alone or a disabled person
  double visits_per_key_person_year = 24;     ///< households of a key person (重点人员)
  double collection_hours_per_household_year = 0.6;  ///< 信息采集 and record upkeep
  /// Working days a year, turning the yearly visits and collection into hours a working day:
  /// 365 - 104 weekend days - 11 public holidays (the State Council's schedule).
  double working_days_per_year = 250;
};

struct SimulationParams {
  std::int64_t days = 30;
  std::uint64_t seed = 0;
  /// First day (days since 1970-01-01): 2025-03-03, a Monday, so the default 30 days are a
  /// regular working month (no public holiday between it and 2025-04-01; the Spring Festival
  /// holiday ended on 2025-02-04).
  std::int64_t start_day = 20150;
  /// Events per household per day, one per policy category (empty: `default_rate` per code).
  std::vector<double> household_rates;
  double rate_multiplier = 1.0;
  double place_factor = 10.0;
  double priority_share = 0.10;     ///< share of routine (U0) events raised to U1

  // ---- capacity (in full-time equivalents, FTE) ----
  double parttime_capacity = 0.1;  ///< a part-time worker's share of a full-time worker's hours (4 h a week)
  RoutineDuties routine;
  /// The share of a grid's capacity left for events however heavy its routine duties (a worker
  /// swamped by routine still takes up the matters reported).
  double event_capacity_floor = 0.1;
  /// Staff of a community service station: a `staff` attribute of the station node if the model
  /// has one; else `station_staff` if positive; else per 1,000 households with a floor.
  double station_staff = 0;
  double station_staff_per_1000 = 1.0, station_staff_min = 3.0;
  /// Staff of a community command centre (社区网格综合指挥中心) who coordinate at L2: its `staff`
  /// attribute, else per 1,000 households with a floor.
  double centre_staff_per_1000 = 0.5, centre_staff_min = 2.0;
  double stationed_unit_capacity = 0.1;  ///< FTE each stationed unit (驻区单位) gives its community
  double work_seat_capacity = 1.0;       ///< FTE of one work seat (工作席位) at the county centre
  double dispatch_hours = 0.25;          ///< mean seat time to accept and dispatch one matter (受理/派遣)
  double verify_hours = 0.25;            ///< mean time of one verification (核查) by the verifier

  // ---- handling ----
  /// Mean handling effort in hours of the urgency's clock, per tier x urgency (lognormal).
  std::array<std::array<double, urgency_count>, tier_count> handle_mean_hours{{
      {1.5, 1.0, 1.0, 1.0},     // L0 worker effort
      {15.0, 8.0, 8.0, 1.0},    // L1 compound / host
      {3.0, 2.0, 12.0, 1.0},    // L2 station staff effort (routine) / duty time (urgent)
      {22.5, 15.0, 24.0, 1.5},  // L3
      {30.0, 20.0, 24.0, 1.5},  // L4 department
      {1.0, 1.0, 1.0, 1.0}}};
  double handle_sigma = 0.6;
  /// Probability that a tier below the close tier settles a matter it takes up without having
  /// waited, community governance and city management (自处理 at L0). The close tier always
  /// settles. A matter that waited w for a handler whose limit is L is settled with probability
  /// p / (1 + load_sensitivity x w / L).
  std::array<double, tier_count> resolve_governance{0.8, 0.7, 0.9, 0.9, 1.0, 1.0};
  std::array<double, tier_count> resolve_city{0.8, 0.4, 0.5, 0.7, 1.0, 1.0};
  double load_sensitivity = 1.0;
  /// A matter a tier does not settle takes this share of its handling effort (the assessment)
  /// before it goes up.
  double assess_share = 0.2;
  /// Disputes (these category codes) are settled at L0 with this much more probability where a
  /// party group (党小组) serves the grid.
  std::vector<std::string> dispute_categories{"ZZ01"};
  double party_group_dispute_bonus = 0.10;

  // ---- sources, validity, verification, return visits ----
  /// Share of each source (patrol, app, hotline, inspection), community governance and city
  /// management. Hotline (12345) and inspection reports are accepted at the county centre and
  /// handed down (交办) to the tier the policy names.
  std::array<double, source_count> source_share_governance{0.6, 0.2, 0.15, 0.05};
  std::array<double, source_count> source_share_city{0.5, 0.1, 0.15, 0.25};
  /// Reports found invalid at acceptance (作废: duplicates, outside the platform's remit), by source.
  std::array<double, source_count> void_prob{0.01, 0.06, 0.08, 0.01};
  double rework_prob = 0.05, return_prob = 0.03;
  double extension_prob = 0.05, park_prob = 0.02, park_mean_days = 5.0;
  /// An extension (延期, at the close tier) is asked for after this share of the handling effort,
  /// at most `extension_request_max_hours` in; the matter then takes `extension_effort_factor`
  /// times its effort. A matter parked (挂账, at the county) is parked after `park_after_share`
  /// of its effort.
  double extension_request_share = 0.25, extension_request_max_hours = 1.0, extension_effort_factor = 2.0;
  double park_after_share = 0.5;
  /// Closed events a return visit (回访) asks: every one a resident reported (app, hotline), and
  /// this share of the others.
  double return_visit_share = 0.3;
  /// Satisfaction model: a resident asked is satisfied with probability base - late (if closed
  /// after its deadline) - rework (if reworked) - per_escalation x escalations (at most
  /// `satisfaction_max_escalations` counted).
  double satisfaction_base = 0.96, satisfaction_late = 0.25, satisfaction_rework = 0.15, satisfaction_per_escalation = 0.05;
  std::int32_t satisfaction_max_escalations = 2;
  /// Accept, dispatch, feedback and verify (when no queue) take a uniform share of their stage limit.
  double stage_share_low = 0.05, stage_share_high = 0.6;
  /// Per grid (grid id order): full-time and part-time workers; -1 = as in the model.
  std::vector<std::int32_t> fulltime, parttime;
  /// Threads running the communities (0 = one per core); the result does not depend on it.
  unsigned threads = 0;
  /// The most events a run may create. The expected count (rates x days x households and
  /// places) is checked against it before anything is allocated, and the arrivals as they are
  /// drawn: a run's tables take about 300 bytes per event.
  std::int64_t max_events = 20'000'000;
};

/// The documented default rate of a category (events per household per day).
[[nodiscard]] double default_rate(std::string_view code) noexcept;

struct SimulationResult {
  // events (row = event id, in creation order)
  std::vector<std::int64_t> created_at, closed_at;
  std::vector<std::int64_t> due_at;  ///< last moment on time (see Outcome::due_at)
  std::vector<node_id> place, handler, department;
  std::vector<std::int32_t> category, site, escalations, returns;
  std::vector<std::int8_t> urgency, entry_tier, routed_tier, closed_tier;
  std::vector<std::uint8_t> status, on_time;
  std::vector<std::uint8_t> source;    ///< Source
  std::vector<std::int8_t> satisfied;  ///< return visit: 1 satisfied, 0 not, -1 not asked
  // transitions (grouped by event, in order)
  std::vector<std::int32_t> t_event;
  std::vector<std::int64_t> t_time;
  std::vector<std::uint8_t> t_from, t_to;
  std::vector<std::int8_t> t_tier;
  std::vector<node_id> t_actor;
  // per grid (grid id order): workers, capacity (FTE), the part of it left for events after the
  // routine duties, worker-seconds of event work and of routine duties in the period, events handled
  std::vector<std::int32_t> grid_fulltime, grid_parttime, grid_handled;
  std::vector<double> grid_capacity, grid_event_capacity, grid_work_seconds, grid_routine_seconds;
  // per community (community id order): the L2 server's capacity (FTE: station, command centre,
  // stationed units), worker-seconds of work done in the period (handling and verification)
  std::vector<double> community_station_staff, community_centre_staff, community_unit_capacity, community_work_seconds;
  std::vector<std::int32_t> community_handled;
  /// The county centre's dispatch seats (FTE) and their worker-seconds of work.
  double county_seat_capacity = 0, county_seat_work_seconds = 0;
  double available_seconds = 0;  ///< working seconds of the period (one FTE's available time)
  /// Utilisation (busy / available worker-time in the period, 0 where none is available): a
  /// grid's routine duties and event work over its capacity x available_seconds; a community's
  /// work over its L2 capacity (station + centre + stationed units); the county seats' likewise.
  std::vector<double> grid_utilisation, community_utilisation;
  double county_seat_utilisation = 0;
  std::int64_t horizon = 0;
  /// The simulator's own tallies (the evaluator recounts the same from the log).
  Tally tally;

  [[nodiscard]] std::int64_t event_count() const noexcept { return static_cast<std::int64_t>(created_at.size()); }
  /// The overall indicators of the run (the same formulas as `evaluate`).
  [[nodiscard]] Indicators kpis() const { return indicators(tally); }

  void resize_transitions(std::size_t rows) {
    t_event.resize(rows);
    t_time.resize(rows);
    t_from.resize(rows);
    t_to.resize(rows);
    t_tier.resize(rows);
    t_actor.resize(rows);
  }
};

class Simulator {
 public:
  /// `threads` > 0 overrides params.threads.
  Simulator(const Model& model, const EscalationPolicy& policy, SimulationParams params, unsigned threads = 0);

  /// Runs every community's part (on up to `threads` threads; 0 = the hardware's) and merges
  /// them: events by creation time (ties by community), transitions grouped by event.
  [[nodiscard]] SimulationResult run();

 private:
  Model model_;
  EscalationPolicy policy_;
  SimulationParams p_;
  Router router_;
};

/// Simulates `params.days` days of events on a model under a policy (Simulator(...).run()).
[[nodiscard]] SimulationResult simulate(const Model& model, const EscalationPolicy& policy, const SimulationParams& params);

}  // namespace gridgov::escalation
