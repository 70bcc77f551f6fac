// The simulator's moving parts: what the communities share, and one community's event loop.
// Private to src/escalation.
#pragma once

#include <atomic>
#include <cmath>
#include <cstdint>
#include <queue>
#include <span>
#include <vector>

#include "clock.hpp"
#include "gridgov/core/random.hpp"
#include "gridgov/escalation/lifecycle.hpp"
#include "gridgov/escalation/policy.hpp"
#include "gridgov/escalation/router.hpp"
#include "gridgov/escalation/simulate.hpp"
#include "gridgov/escalation/work_clock.hpp"
#include "gridgov/model/model.hpp"

namespace gridgov::escalation {

/// What every partition of a simulation shares: read-only inputs, and the servers (each server
/// belongs to exactly one community, hence to one partition, so partitions never touch the same
/// element).
struct SimulationShared {
  SimulationShared(const Model& m, const EscalationPolicy& pol, const SimulationParams& par, const Router& r, WorkClock w)
      : model(m), policy(pol), params(par), router(r), work(std::move(w)) {}
  const Model& model;
  const EscalationPolicy& policy;
  const SimulationParams& params;
  const Router& router;
  WorkClock work;
  std::int64_t start = 0, horizon = 0;
  std::vector<double> cumulative_rates;  ///< per category, running sum (events per household-day)
  std::vector<std::int64_t> busy;        ///< per server: working second it is free again
  std::vector<double> speed;             ///< per server
  std::vector<double> busy_seconds;      ///< per server: occupied working seconds before the horizon
  std::vector<std::int32_t> served;
  std::int32_t grid_count = 0;
  node_id grid_begin = 0, community_begin = 0;
  std::atomic<std::int64_t> arrivals{0};  ///< events drawn so far, all parts together (bounded)
};

/// One community's events (arrivals, queues, escalations), simulated on its own random stream:
/// communities share no queue, so the result does not depend on how many threads run them.
class SimulationPart {
 public:
  SimulationPart(SimulationShared& shared, std::uint64_t stream)  // NOLINT: the shared state outlives the part
      : policy_(shared.policy), p_(shared.params), router_(shared.router), work_(shared.work),
        rng_(Rng::stream(shared.params.seed, stream)), horizon_(shared.horizon), busy_(shared.busy), speed_(shared.speed),
        busy_seconds_(shared.busy_seconds), served_(shared.served), grid_count_(shared.grid_count),
        grid_begin_(shared.grid_begin), community_begin_(shared.community_begin), shared_(shared) {}

  /// Simulates the events of these households and places; the result's rows are local.
  [[nodiscard]] SimulationResult run(std::span<const node_id> households, std::span<const node_id> places);

 private:

  struct Ev {
    std::int32_t site = 0, category = 0;
    std::int8_t urgency = 0, tier = 0, entry = 0, close = 0;
    std::uint8_t state = 0;
    bool open = true;  ///< still running (not cut at the horizon, not terminal)
    std::int32_t escalations = 0, returns = 0;
    std::array<node_id, tier_count> handlers{};
    StageTally stage;
    std::int64_t paused_total = 0, extension_total = 0;
    node_id last_actor = no_node;
    std::int64_t parked_at = 0;  ///< clock reading when parked
    std::uint8_t return_pairs = 0;  ///< returns between the current pair of tiers
    Rng rng{0};
  };
  struct Booking {
    std::int64_t time;
    std::int32_t event;
    bool operator>(const Booking& o) const noexcept { return time != o.time ? time > o.time : event > o.event; }
  };

  // helpers
  /// The random stream of the event being processed. Every event draws from its own stream
  /// (seeded by the partition's stream and its place in the arrivals), so a what-if that changes
  /// one grid's staffing leaves every other draw as it was (common random numbers): the
  /// difference between two runs is the effect of the change, not noise.
  Rng& event_rng() noexcept { return ev_[static_cast<std::size_t>(cur_)].rng; }
  EventClock clock_of(const Ev& e) const { return EventClock{policy_.natural_clock[static_cast<std::size_t>(e.urgency)] ? nullptr : &work_}; }
  bool emit(std::int32_t id, std::int64_t t, State to, int tier, node_id actor);
  std::int64_t stage_delay(const Ev& e, Stage s) {
    const double share = event_rng().uniform(p_.stage_share_low, p_.stage_share_high);
    return static_cast<std::int64_t>(share * static_cast<double>(policy_.stage_limit(s, e.urgency)) + 0.5);
  }
  std::int64_t effort(int tier, int urgency) {
    const double mean = p_.handle_mean_hours[static_cast<std::size_t>(tier)][static_cast<std::size_t>(urgency)] * 3600.0;
    const double s = p_.handle_sigma;
    return std::max<std::int64_t>(60, static_cast<std::int64_t>(event_rng().lognormal(std::log(mean) - s * s / 2, s) + 0.5));
  }
  int next_tier(const Ev& e, int above) const {
    for (int t = above + 1; t <= e.close; ++t)
      if (e.handlers[static_cast<std::size_t>(t)] != no_node) return t;
    return -1;
  }
  bool queued(const Ev& e, int tier) const {
    return !policy_.natural_clock[static_cast<std::size_t>(e.urgency)] && (tier == 0 || tier == 2);
  }
  node_id actor_at(const Ev& e, int tier) const {
    if (tier == tier_county && departments_[static_cast<std::size_t>(cur_)] != no_node) return departments_[static_cast<std::size_t>(cur_)];
    return e.handlers[static_cast<std::size_t>(tier)];
  }
  void arrive(std::int32_t id, std::int64_t t, int tier, int from_tier);
  void start_handling(std::int32_t id, std::int64_t t);  ///< at a booking (queued tiers) or inline
  void finish(std::int32_t id, std::int64_t t_done);
  void escalate(std::int32_t id, std::int64_t t, int from_tier);
  /// Closes the open stage at a clock reading, unless the moment lies past the horizon (then the
  /// stage stays open and is measured at the horizon, as the evaluator does).
  void end_stage(std::int32_t id, std::int64_t clock_now, std::int64_t t) {
    Ev& e = ev_[static_cast<std::size_t>(id)];
    if (t <= horizon_) e.stage.close(policy_, e.urgency, clock_now, tally_[static_cast<std::size_t>(id)]);
  }

  const EscalationPolicy& policy_;
  const SimulationParams& p_;
  const Router& router_;
  const WorkClock& work_;
  Rng rng_;
  std::int64_t horizon_ = 0;
  std::vector<Ev> ev_;
  std::vector<node_id> departments_;
  std::int32_t cur_ = 0;
  std::priority_queue<Booking, std::vector<Booking>, std::greater<>> heap_;
  std::vector<std::int64_t>& busy_;
  std::vector<double>& speed_;
  std::vector<double>& busy_seconds_;
  std::vector<std::int32_t>& served_;
  std::int32_t grid_count_ = 0;
  node_id grid_begin_ = 0, community_begin_ = 0;
  SimulationShared& shared_;
  std::vector<Outcome> tally_;
  /// Transitions as they are emitted (events interleave); grouped by event at the end.
  struct Row {
    std::int64_t time;
    std::int32_t event;
    node_id actor;
    std::uint8_t from, to;
    std::int8_t tier;
  };
  std::vector<Row> rows_;
  SimulationResult r_;
};

}  // namespace gridgov::escalation
