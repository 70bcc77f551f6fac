// The event lifecycle: states, the transitions allowed between them, and the recount of any event
// log (simulated or real) into per-event outcomes on the policy's clocks.
//
//   reported -> accepted -> dispatched -> handling -> feedback -> verified -> closed
//   with escalated (ownership moves up), returned (回退), rework (核查 failed), extension (延期,
//   adds to the stage limit), parked (挂账, clock paused) and void (作废).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

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

/// Where a report comes from: a grid worker's patrol (网格员巡查), a resident through the app or
/// the 12345 hotline, or a supervisor's inspection (督查, video patrol included).
enum class Source : std::uint8_t { patrol, app, hotline, inspection };
inline constexpr int source_count = 4;
inline constexpr std::array<std::string_view, source_count> source_names = {"patrol", "app", "hotline", "inspection"};

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
  /// Optional: the Source of each event (empty: the log does not say; a value outside the
  /// sources counts as unknown).
  std::span<const std::uint8_t> source = {};
  /// Optional: the return visit's answer (回访): 1 satisfied, 0 not, -1 not asked (empty: none).
  std::span<const std::int8_t> satisfied = {};
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
  std::int8_t max_handling_tier = -1;  ///< highest tier that handled it (a county acceptance handed down does not count)
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
  /// Handling stages due for disposal (应处置: ended with feedback, or ran past their limit) and
  /// those ended with feedback within their limit (按期处置); all tiers, and at the county (L4+).
  std::int32_t disposals_due = 0, disposals_on_time = 0, county_disposals_due = 0, county_disposals_on_time = 0;
  /// Verifications (核查) due (done, or pending past the verify limit), done (verified or rework)
  /// and done within the verify limit.
  std::int32_t verifications_due = 0, verifications = 0, verifications_on_time = 0;
  std::int32_t handed_down = 0;      ///< dispatched below the tier that accepted it (交办)
  std::uint8_t source = 255;         ///< Source, or 255 when the log does not say
  std::int8_t satisfied = -1;        ///< return visit of a closed event: 1, 0, or -1 not asked
  node_id handler = no_node;         ///< actor of the last transition
  node_id first_worker_actor = no_node;  ///< actor of the first handling at L0

  /// Whether a department is judged on the event: it was handled at the county (L4) or above.
  /// A report the county centre accepted and handed down (交办) is the grid's, not a department's.
  [[nodiscard]] bool judged_by_department() const noexcept { return max_handling_tier >= tier_county; }
};

/// Replays a log into one Outcome per event, checking the lifecycle as it goes. `as_of` is when
/// the log ends (open stages and overdue open events are measured up to it). Throws
/// EventLogError naming the transition row, the event and the rule it breaks.
[[nodiscard]] std::vector<Outcome> replay(const EscalationPolicy& policy, const EventColumns& events,
                                          const TransitionColumns& transitions, std::int64_t as_of);

}  // namespace gridgov::escalation
