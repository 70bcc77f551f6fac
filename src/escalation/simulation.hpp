// The simulator's moving parts: what the communities share, the servers (a grid's workers, a
// community's station, the county centre's seats), and one community's event loop.
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

/// A piece of work waiting for a server.
struct Job {
  enum Kind : std::uint8_t { handle, verify, dispatch };
  std::int64_t key = 0;    ///< working second of its supervision time: the smallest goes first (督办)
  std::int64_t ready = 0;  ///< working second it joined the queue
  std::int32_t event = 0;
  Kind kind = handle;
  bool forced = false;     ///< a handle job that must be settled (rework of the handler's own matter)
  /// Heap order: std::priority_queue keeps the largest on top, so "greater" is "served later".
  bool operator<(const Job& o) const noexcept {
    if (key != o.key) return key > o.key;
    if (ready != o.ready) return ready > o.ready;
    return event > o.event;
  }
};

/// One queue with its handlers, on the working clock: `speed` full-time equivalents working one
/// matter at a time (a grid's workers share one queue; so do a community's station staff).
struct Server {
  double speed = 0;  ///< FTE for events; 0 = no server (the tier works without a queue)
  bool running = false;
  bool settle = true;  ///< the decision taken on the current handle job when it was picked up
  Job current;
  std::priority_queue<Job> waiting;
  double work_seconds = 0;  ///< worker-seconds of work before the horizon
  std::int32_t served = 0;  ///< matters settled (handle jobs ending in feedback)
};

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
  std::vector<std::uint8_t> city;        ///< per category: city-management family
  std::vector<std::uint8_t> dispute;     ///< per category: a dispute (party groups help at L0)
  std::vector<std::uint8_t> party_group; ///< per grid: a party group serves it
  /// Servers: grids [0, grid_count), communities [grid_count, + community_count), then one county
  /// desk per partition (the county centre's seats, shared out by each partition's expected events).
  std::vector<Server> servers;
  std::int32_t grid_count = 0, community_count = 0;
  node_id grid_begin = 0, community_begin = 0;
  std::atomic<std::int64_t> arrivals{0};  ///< events drawn so far, all parts together (bounded)
};

/// One community's events (arrivals, queues, escalations), simulated on its own random stream:
/// communities share no queue, so the result does not depend on how many threads run them.
class SimulationPart {
 public:
  SimulationPart(SimulationShared& shared, std::uint64_t stream)  // NOLINT: the shared state outlives the part
      : policy_(shared.policy), p_(shared.params), router_(shared.router), work_(shared.work),
        rng_(Rng::stream(shared.params.seed, stream)), horizon_(shared.horizon), shared_(shared),
        desk_(shared.grid_count + shared.community_count + static_cast<std::int32_t>(stream)) {}

  /// Simulates the events of these households and places; the result's rows are local.
  [[nodiscard]] SimulationResult run(std::span<const node_id> households, std::span<const node_id> places);

 private:
  struct Ev {
    std::int32_t site = 0, category = 0;
    std::int8_t urgency = 0, tier = 0, entry = 0, close = 0;
    std::int8_t target = 0;  ///< tier a county dispatch sends the matter to
    std::uint8_t state = 0;
    std::uint8_t source = 0;
    bool open = true;  ///< still running (not cut at the horizon, not terminal)
    bool reworked = false;
    std::int32_t escalations = 0, returns = 0;
    std::array<node_id, tier_count> handlers{};
    StageTally stage;
    VerifyTally verify;
    std::int8_t accepted_tier = -1;
    std::int64_t paused_total = 0, extension_total = 0;
    node_id last_actor = no_node;
    node_id verifier = no_node;  ///< actor of the pending verification
    std::int64_t parked_at = 0;  ///< clock reading when parked
    std::uint8_t return_pairs = 0;  ///< returns between the current pair of tiers
    Rng rng{0};
  };
  /// Something that happens at a natural time: a job joins a server's queue, or a server's
  /// current job ends. `seq` keeps bookings of the same moment in the order they were made.
  struct Booking {
    std::int64_t time;
    std::uint64_t seq;
    std::int32_t server;
    bool done;
    Job job;
    bool operator>(const Booking& o) const noexcept { return time != o.time ? time > o.time : seq > o.seq; }
  };

  /// The random stream of the event being processed. Every event draws from its own stream
  /// (seeded by the partition's stream and its place in the arrivals), so a what-if that changes
  /// one grid's staffing leaves every other draw as it was (common random numbers): the
  /// difference between two runs is the effect of the change, not noise.
  Rng& event_rng() noexcept { return ev_[static_cast<std::size_t>(cur_)].rng; }
  EventClock clock_of(const Ev& e) const { return EventClock{natural(e) ? nullptr : &work_}; }
  bool natural(const Ev& e) const { return policy_.natural_clock[static_cast<std::size_t>(e.urgency)]; }
  bool emit(std::int32_t id, std::int64_t t, State to, int tier, node_id actor);
  std::int64_t stage_delay(const Ev& e, Stage s) {
    const double share = event_rng().uniform(p_.stage_share_low, p_.stage_share_high);
    return static_cast<std::int64_t>(share * static_cast<double>(policy_.stage_limit(s, e.urgency)) + 0.5);
  }
  /// A lognormal duration in seconds with the given mean in hours.
  std::int64_t duration(double mean_hours) {
    const double mean = mean_hours * 3600.0;
    const double s = p_.handle_sigma;
    return std::max<std::int64_t>(60, static_cast<std::int64_t>(event_rng().lognormal(std::log(mean) - s * s / 2, s) + 0.5));
  }
  std::int64_t effort(int tier, int urgency) {
    return duration(p_.handle_mean_hours[static_cast<std::size_t>(tier)][static_cast<std::size_t>(urgency)]);
  }
  int next_tier(const Ev& e, int above) const {
    for (int t = above + 1; t <= e.close; ++t)
      if (e.handlers[static_cast<std::size_t>(t)] != no_node) return t;
    return -1;
  }
  node_id actor_at(const Ev& e, int tier) const {
    if (tier == tier_county && departments_[static_cast<std::size_t>(cur_)] != no_node) return departments_[static_cast<std::size_t>(cur_)];
    return e.handlers[static_cast<std::size_t>(tier)];
  }
  /// The queue that handles an event at a tier, or -1 (no queue: handled on its own clock).
  std::int32_t server_of(const Ev& e, int tier) const;
  /// The probability that a tier settles a matter it takes up without waiting.
  double settle_probability(const Ev& e, int tier) const;

  void report(std::int32_t id, std::int64_t t);
  void arrive(std::int32_t id, std::int64_t t, int tier, int from_tier);
  void dispatch(std::int32_t id, std::int64_t t_accepted, int tier, bool from_county);
  void begin_handling(std::int32_t id, std::int64_t t, int tier, bool forced);
  void handle_inline(std::int32_t id, std::int64_t t, bool forced);
  void feedback(std::int32_t id, std::int64_t t);
  void verify_done(std::int32_t id, std::int64_t t, node_id verifier);
  void escalate(std::int32_t id, std::int64_t t, int from_tier);
  void close(std::int32_t id, std::int64_t t_verified);

  void book(std::int64_t t, std::int32_t server, Job job);
  void enqueue(std::int32_t server, const Job& job, std::int64_t t);
  void start_next(std::int32_t server, std::int64_t now_w);
  void job_done(std::int32_t server, std::int64_t t);
  /// Closes the open stage at a clock reading, unless the moment lies past the horizon (then the
  /// stage stays open and is measured at the horizon, as the evaluator does).
  void end_stage(std::int32_t id, std::int64_t clock_now, std::int64_t t, bool handled) {
    Ev& e = ev_[static_cast<std::size_t>(id)];
    if (t <= horizon_) e.stage.close(policy_, e.urgency, clock_now, tally_[static_cast<std::size_t>(id)], handled);
  }

  const EscalationPolicy& policy_;
  const SimulationParams& p_;
  const Router& router_;
  const WorkClock& work_;
  Rng rng_;
  std::int64_t horizon_ = 0, horizon_w_ = 0;
  SimulationShared& shared_;
  std::int32_t desk_;  ///< this partition's county desk (a server index)
  std::vector<Ev> ev_;
  std::vector<node_id> departments_;
  std::int32_t cur_ = 0;
  std::uint64_t seq_ = 0;
  std::priority_queue<Booking, std::vector<Booking>, std::greater<>> heap_;
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
