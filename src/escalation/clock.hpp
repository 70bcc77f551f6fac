// One urgency's clock (natural seconds, or working seconds on the calendar) and the open
// handling stage's tally: what the simulator and the log replay share. Private to src/escalation.
#pragma once

#include <cstdint>

#include "gridgov/escalation/lifecycle.hpp"
#include "gridgov/escalation/policy.hpp"
#include "gridgov/escalation/work_clock.hpp"

namespace gridgov::escalation {

struct EventClock {
  const WorkClock* work = nullptr;  ///< nullptr = natural clock
  [[nodiscard]] std::int64_t at(std::int64_t t) const { return work ? work->at(t) : t; }
  [[nodiscard]] std::int64_t between(std::int64_t t0, std::int64_t t1) const { return at(t1) - at(t0); }
  [[nodiscard]] std::int64_t add(std::int64_t t, std::int64_t d) const { return work ? work->add(t, d) : t + d; }
  [[nodiscard]] std::int64_t time_of(std::int64_t w) const { return work ? work->time_of(w) : w; }
  /// The latest natural time at which a clock reading of at most w holds (see WorkClock).
  [[nodiscard]] std::int64_t last_time_within(std::int64_t w) const { return work ? work->last_time_within(w) : w; }
};

/// Tracks the open handling stage and the event's paused time while a log is replayed or
/// simulated, so both card the same elapsed time identically.
struct StageTally {
  bool open = false;
  std::int8_t tier = 0;
  std::int64_t start = 0;   ///< clock reading at -> handling
  std::int64_t paused = 0;  ///< clock time spent parked in this stage
  std::int32_t extensions = 0;

  /// The stage's limit with its approved extensions.
  [[nodiscard]] std::int64_t limit(const EscalationPolicy& p, int urgency) const noexcept {
    const std::int64_t base = p.handle_limit(tier, urgency);
    return base + extensions * EscalationPolicy::at_ratio(base, p.extension_fraction);
  }
  /// Ends the stage at a clock reading: its cards, and whether it was due for disposal (ended
  /// with feedback, `handled`, or ran past its limit) and disposed of on time.
  void close(const EscalationPolicy& p, int urgency, std::int64_t clock_now, Outcome& o, bool handled) {
    const std::int64_t elapsed = clock_now - start - paused, lim = limit(p, urgency);
    const StageMarks m = p.marks(elapsed, lim);
    o.warnings += m.warned;
    o.supervised += m.supervised;
    o.yellow_cards += m.yellow;
    o.red_cards += m.red;
    const bool due = handled || elapsed > lim, on_time = handled && elapsed <= lim;
    o.disposals_due += due;
    o.disposals_on_time += on_time;
    if (tier >= tier_county) {
      o.county_disposals_due += due;
      o.county_disposals_on_time += on_time;
    }
    open = false;
  }
};

/// Tracks the verification (核查) that a feedback asks for, while a log is replayed or simulated.
struct VerifyTally {
  std::int64_t since = -1;  ///< clock reading at the feedback awaiting verification, or -1

  /// A verification done (verified or rework) at a clock reading.
  void done(const EscalationPolicy& p, int urgency, std::int64_t clock_now, Outcome& o) {
    if (since < 0) return;
    ++o.verifications_due;
    ++o.verifications;
    o.verifications_on_time += clock_now - since <= p.stage_limit(Stage::verify, urgency);
    since = -1;
  }
  /// The log ends with the verification pending: due when its limit has passed.
  void pending_at(const EscalationPolicy& p, int urgency, std::int64_t clock_now, Outcome& o) {
    if (since >= 0 && clock_now - since > p.stage_limit(Stage::verify, urgency)) ++o.verifications_due;
  }
};

}  // namespace gridgov::escalation
