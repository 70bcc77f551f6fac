// Discrete-event simulation of a county's event handling under an escalation policy.
//
// Arrivals: Poisson per household and per place, by category (rates per household per day; a
// place counts as `place_factor` households). Handling: the grid's workers are one FIFO server
// per grid whose speed is full-time workers + part-time workers x `parttime_capacity`; the
// community station is one FIFO server per community with `station_staff` speed; both work on the
// working clock and serve routine (U0/U1) matters. Compounds/hosts, streets and the county work
// without queues (handling times drawn per tier), and urgent matters (natural clock) are handled
// by duty staff without queues. Escalation happens when a tier cannot settle a matter (per-tier
// resolve probability), and by the clock: at the red threshold of a stage its owner moves up.
// Everything that happens after the horizon is cut: events end closed, void or open.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "gridgov/core/ids.hpp"
#include "gridgov/escalation/evaluate.hpp"
#include "gridgov/escalation/policy.hpp"
#include "gridgov/escalation/router.hpp"
#include "gridgov/model/model.hpp"

namespace gridgov::escalation {

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
  double parttime_capacity = 0.15;  ///< a part-time worker's share of a full-time worker's hours
  double station_staff = 3.0;
  /// Mean handling effort in hours of the urgency's clock, per tier x urgency (lognormal).
  std::array<std::array<double, urgency_count>, tier_count> handle_mean_hours{{
      {1.5, 1.0, 1.0, 1.0},     // L0 worker effort
      {15.0, 8.0, 8.0, 1.0},    // L1 compound / host
      {3.0, 2.0, 12.0, 1.0},    // L2 station staff effort (routine) / duty time (urgent)
      {22.5, 15.0, 24.0, 1.5},  // L3
      {30.0, 20.0, 24.0, 1.5},  // L4 department
      {1.0, 1.0, 1.0, 1.0}}};
  double handle_sigma = 0.6;
  /// Probability that a tier below the close tier settles a matter it handled, community
  /// governance (ZZ) and city management (BJ/SJ). The close tier always settles.
  std::array<double, tier_count> resolve_governance{0.75, 0.6, 0.85, 0.9, 1.0, 1.0};
  std::array<double, tier_count> resolve_city{0.35, 0.4, 0.5, 0.7, 1.0, 1.0};
  double void_prob = 0.02, rework_prob = 0.05, return_prob = 0.03;
  double extension_prob = 0.05, park_prob = 0.02, park_mean_days = 5.0;
  /// Accept, dispatch, feedback and verify take a uniform share of their stage limit.
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
  // transitions (grouped by event, in order)
  std::vector<std::int32_t> t_event;
  std::vector<std::int64_t> t_time;
  std::vector<std::uint8_t> t_from, t_to;
  std::vector<std::int8_t> t_tier;
  std::vector<node_id> t_actor;
  // per grid (grid id order): capacity, busy and available working seconds, events handled
  std::vector<double> grid_capacity, grid_busy_seconds;
  std::vector<std::int32_t> grid_fulltime, grid_parttime, grid_handled;
  double available_seconds = 0;
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
