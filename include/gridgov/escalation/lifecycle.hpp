// The event lifecycle: states, the transitions allowed between them, and the recount of any event
// log (simulated or real) into per-event outcomes on the policy's clocks.
//
//   reported -> accepted -> dispatched -> handling -> feedback -> verified -> closed
//   with escalated (ownership moves up), returned (回退), rework (核查 failed), extension (延期,
//   adds to the stage limit), parked (挂账, clock paused) and void (作废).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/ids.hpp"
#include "gridgov/escalation/policy.hpp"
#include "gridgov/escalation/work_clock.hpp"

namespace gridgov::escalation {

enum class State : std::uint8_t {
  reported, accepted, dispatched, handling, feedback, verified, closed,
  returned, rework, extension, parked, voided, escalated,
};
inline constexpr int state_count = 13;
inline constexpr std::array<std::string_view, state_count> state_names = {
    "reported", "accepted", "dispatched", "handling", "feedback", "verified", "closed",
    "returned", "rework",   "extension", "parked",     "void",     "escalated"};

[[nodiscard]] inline int find_state(std::string_view name) noexcept {
  for (int i = 0; i < state_count; ++i)
    if (state_names[static_cast<std::size_t>(i)] == name) return i;
  return -1;
}

/// Whether `from -> to` is a lifecycle transition.
[[nodiscard]] constexpr bool allowed_transition(State from, State to) noexcept {
  using S = State;
  switch (from) {
    case S::reported: return to == S::accepted || to == S::voided || to == S::escalated;
    case S::accepted: return to == S::dispatched || to == S::voided || to == S::returned || to == S::escalated;
    case S::dispatched: return to == S::handling || to == S::returned || to == S::escalated;
    case S::handling:
      return to == S::feedback || to == S::escalated || to == S::returned || to == S::extension || to == S::parked;
    case S::extension: return to == S::handling;
    case S::parked: return to == S::handling;
    case S::feedback: return to == S::verified || to == S::rework;
    case S::rework: return to == S::handling;
    case S::verified: return to == S::closed;
    case S::escalated: return to == S::accepted;
    case S::returned: return to == S::accepted;
    case S::closed: case S::voided: return false;
  }
  return false;
}

[[nodiscard]] constexpr bool is_terminal(State s) noexcept { return s == State::closed || s == State::voided; }

/// The events of a log, one row each (categories and urgencies as policy indices).
struct EventColumns {
  std::span<const std::int64_t> created_at;  ///< seconds since 1970-01-01, local time
  std::span<const std::int32_t> category;
  std::span<const std::int8_t> urgency;
};

/// The transitions of a log, one row each, in any order across events; within an event the
/// rows must be in the order they happened.
struct TransitionColumns {
  std::span<const std::int32_t> event;  ///< row of the event in EventColumns
  std::span<const std::int64_t> time;
  std::span<const std::uint8_t> from, to;
  std::span<const std::int8_t> tier;
  std::span<const node_id> actor;
};

/// What a log says about one event, measured on the policy's clocks.
struct Outcome {
  std::uint8_t status = 0;           ///< State at the end of the log
  std::int8_t entry_tier = 0;        ///< the tier the policy sends it to (its original clock)
  std::int8_t closed_tier = -1;
  std::int8_t max_tier = -1;         ///< highest tier the event reached
  std::int64_t closed_at = -1;
  std::int64_t accepted_at = -1;     ///< first acceptance
  std::int32_t escalations = 0, returns = 0, reworks = 0, extensions = 0;
  bool handled = false;              ///< reached feedback at least once (处置)
  bool on_time = false;              ///< closed within its original clock (按期)
  bool due = false;                  ///< 应结案: closed, or open past its original clock
  /// The last moment the event is on time (its original clock, plus extensions and parked time
  /// up to the end of the log): closed on time <=> closed_at <= due_at; an open event is due
  /// <=> the log ends after due_at. `never` when no deadline falls within 100 years.
  std::int64_t due_at = never;
  std::int32_t warnings = 0, supervised = 0, yellow_cards = 0, red_cards = 0;  ///< handling stages
  node_id handler = no_node;         ///< actor of the last transition
  node_id first_worker_actor = no_node;  ///< actor of the first handling at L0
};

/// The working clock a log needs: the days from the earliest to the latest time, with a margin.
[[nodiscard]] inline WorkClock clock_for(const Calendar& calendar, std::int64_t t_min, std::int64_t t_max) {
  const std::int64_t first = floor_day(t_min) - 1;
  return WorkClock(calendar, first, floor_day(t_max) - first + 2);
}

/// Tracks the open handling stage and the event's paused time while a log is replayed; the
/// simulator uses the same arithmetic through `close_stage`.
struct StageTally {
  bool open = false;
  std::int8_t tier = 0;
  std::int64_t start = 0;    ///< clock reading at -> handling
  std::int64_t paused = 0;   ///< clock time spent parked in this stage
  std::int32_t extensions = 0;

  /// The stage's limit with its approved extensions.
  [[nodiscard]] std::int64_t limit(const EscalationPolicy& p, int urgency) const noexcept {
    const std::int64_t base = p.handle_limit(tier, urgency);
    return base + extensions * EscalationPolicy::at_ratio(base, p.extension_fraction);
  }
  void close(const EscalationPolicy& p, int urgency, std::int64_t clock_now, Outcome& o) {
    const StageMarks m = p.marks(clock_now - start - paused, limit(p, urgency));
    o.warnings += m.warned;
    o.supervised += m.supervised;
    o.yellow_cards += m.yellow;
    o.red_cards += m.red;
    open = false;
  }
};

/// Replays a log into one Outcome per event, checking the lifecycle as it goes. `as_of` is when
/// the log ends (open stages and overdue open events are measured up to it). Throws
/// EventLogError naming the transition row, the event and the rule it breaks.
[[nodiscard]] inline std::vector<Outcome> replay(const EscalationPolicy& policy, const EventColumns& events,
                                                 const TransitionColumns& tr, std::int64_t as_of) {
  const std::size_t n = events.created_at.size();
  if (events.category.size() != n || events.urgency.size() != n)
    throw InputError("events: created_at, category and urgency must have the same length");
  const std::size_t m = tr.event.size();
  if (tr.time.size() != m || tr.from.size() != m || tr.to.size() != m || tr.tier.size() != m || tr.actor.size() != m)
    throw InputError("transitions: event, time, from_state, to_state, tier and actor must have the same length");
  std::vector<Outcome> out(n);
  if (n == 0) return out;
  std::int64_t t_min = as_of, t_max = as_of;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = events.category[i];
    const auto u = events.urgency[i];
    if (c < 0 || c >= policy.category_count())
      throw EventLogError("event row " + std::to_string(i) + ": category index " + std::to_string(c) + " is not in the policy");
    if (u < 0 || u >= urgency_count) throw EventLogError("event row " + std::to_string(i) + ": urgency " + std::to_string(u) + " is not U0-U3");
    t_min = std::min(t_min, events.created_at[i]);
    t_max = std::max(t_max, events.created_at[i]);
    if (events.created_at[i] > as_of)
      throw EventLogError("event row " + std::to_string(i) + ": created after the end of the log (as_of)");
  }
  // Group rows by event, keeping their order within an event (counting sort).
  std::vector<std::size_t> start(n + 1, 0);
  for (std::size_t r = 0; r < m; ++r) {
    const auto e = tr.event[r];
    if (e < 0 || static_cast<std::size_t>(e) >= n)
      throw EventLogError("transition row " + std::to_string(r) + ": event " + std::to_string(e) + " is not in the event table");
    ++start[static_cast<std::size_t>(e) + 1];
    t_min = std::min(t_min, tr.time[r]);
    t_max = std::max(t_max, tr.time[r]);
  }
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::size_t> rows(m);
  {
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (std::size_t r = 0; r < m; ++r) rows[fill[static_cast<std::size_t>(tr.event[r])]++] = r;
  }
  const WorkClock work = clock_for(policy.calendar, t_min, t_max);
  for (std::size_t e = 0; e < n; ++e) {
    Outcome& o = out[e];
    const int u = events.urgency[e];
    const EventClock clock{policy.natural_clock[static_cast<std::size_t>(u)] ? nullptr : &work};
    o.entry_tier = static_cast<std::int8_t>(policy.entry_tier(events.category[e], u));
    State state = State::reported;
    std::int64_t t_prev = events.created_at[e];
    std::int64_t paused_total = 0, parked_at = 0, extension_total = 0;
    StageTally stage;
    auto fail = [&](std::size_t r, const std::string& what) {
      throw EventLogError("transition row " + std::to_string(r) + " (event row " + std::to_string(e) + "): " + what);
    };
    for (std::size_t k = start[e]; k < start[e + 1]; ++k) {
      const std::size_t r = rows[k];
      if (tr.from[r] >= state_count || tr.to[r] >= state_count) fail(r, "unknown state");
      const auto from = static_cast<State>(tr.from[r]);
      const auto to = static_cast<State>(tr.to[r]);
      const std::int64_t t = tr.time[r];
      const int tier = tr.tier[r];
      if (from != state)
        fail(r, "from_state is '" + std::string(state_names[tr.from[r]]) + "' but the event is '" +
                    std::string(state_names[static_cast<std::size_t>(state)]) + "' at that point");
      if (!allowed_transition(from, to))
        fail(r, "'" + std::string(state_names[tr.from[r]]) + "' -> '" + std::string(state_names[tr.to[r]]) +
                    "' is not a lifecycle transition");
      if (t < t_prev) fail(r, "time goes backwards (earlier than the event's previous transition or its creation)");
      if (t > as_of) fail(r, "time lies after the end of the log (as_of)");
      if (tier < 0 || tier >= tier_count) fail(r, "tier " + std::to_string(tier) + " is not L0-L5");
      if (to == State::handling) {
        if (from == State::parked) {
          const std::int64_t p = clock.at(t) - parked_at;
          stage.paused += p;
          paused_total += p;
        } else if (from != State::extension) {
          if (policy.handle_limit(tier, u) <= 0)
            fail(r, "handling at L" + std::to_string(tier) + " but the policy gives that tier no limit for U" + std::to_string(u));
          stage = StageTally{true, static_cast<std::int8_t>(tier), clock.at(t), 0, 0};
          if (tier == 0 && o.first_worker_actor == no_node) o.first_worker_actor = tr.actor[r];
        }
      }
      if (from == State::handling && (to == State::feedback || to == State::escalated || to == State::returned))
        stage.close(policy, u, clock.at(t), o);
      switch (to) {
        case State::parked: parked_at = clock.at(t); break;
        case State::extension:
          ++stage.extensions;
          ++o.extensions;
          extension_total += EscalationPolicy::at_ratio(policy.handle_limit(stage.tier, u), policy.extension_fraction);
          break;
        case State::escalated: ++o.escalations; break;
        case State::returned: ++o.returns; break;
        case State::rework: ++o.reworks; break;
        case State::feedback: o.handled = true; break;
        case State::accepted:
          if (o.accepted_at < 0) o.accepted_at = t;
          break;
        case State::closed:
          o.closed_at = t;
          o.closed_tier = static_cast<std::int8_t>(tier);
          break;
        default: break;
      }
      o.handler = tr.actor[r];
      o.max_tier = std::max(o.max_tier, static_cast<std::int8_t>(tier));
      state = to;
      t_prev = t;
    }
    const std::int64_t now = clock.at(as_of);
    if (state == State::parked) {
      stage.paused += now - parked_at;
      paused_total += now - parked_at;
    }
    if (stage.open) stage.close(policy, u, now, o);
    o.status = static_cast<std::uint8_t>(state);
    const std::int64_t allowed = policy.total_limit(o.entry_tier, u) + extension_total;
    const std::int64_t created = clock.at(events.created_at[e]);
    o.due_at = clock.last_time_within(created + paused_total + allowed);
    if (state == State::closed) {
      o.on_time = clock.at(o.closed_at) - created - paused_total <= allowed;
      o.due = true;
    } else if (state != State::voided) {
      o.due = now - created - paused_total > allowed;
    }
  }
  return out;
}

}  // namespace gridgov::escalation
