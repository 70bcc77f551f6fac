// The event lifecycle: the replay of any log into per-event outcomes on the policy's clocks.
#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "clock.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/escalation/lifecycle.hpp"

namespace gridgov::escalation {

namespace {

/// The working clock a log needs: the days from the earliest to the latest time, with a margin.
WorkClock clock_for(const Calendar& calendar, std::int64_t t_min, std::int64_t t_max) {
  const std::int64_t first = floor_day(t_min) - 1;
  return WorkClock(calendar, first, floor_day(t_max) - first + 2);
}

}  // namespace

std::vector<Outcome> replay(const EscalationPolicy& policy, const EventColumns& events, const TransitionColumns& tr,
                            std::int64_t as_of) {
  const std::size_t n = events.created_at.size();
  if (events.category.size() != n || events.urgency.size() != n)
    throw InputError("events: created_at, category and urgency must have the same length");
  const std::size_t m = tr.event.size();
  if (tr.time.size() != m || tr.from.size() != m || tr.to.size() != m || tr.tier.size() != m || tr.actor.size() != m)
    throw InputError("transitions: event, time, from_state, to_state, tier and actor must have the same length");
  if (!events.source.empty() && events.source.size() != n)
    throw InputError(messages::format("lifecycle.source_count",
                                      {{"source", std::to_string(events.source.size())}, {"n", std::to_string(n)}}));
  if (!events.satisfied.empty() && events.satisfied.size() != n)
    throw InputError(messages::format("lifecycle.satisfied_count",
                                      {{"satisfied", std::to_string(events.satisfied.size())},
                                       {"n", std::to_string(n)}}));
  std::vector<Outcome> out(n);
  if (n == 0) return out;
  for (std::size_t i = 0; i < n; ++i) {
    if (!events.source.empty()) {
      const auto s = events.source[i];
      if (s >= source_count && s != 255)
        throw EventLogError(messages::format("lifecycle.source", {{"i", std::to_string(i)}, {"s", std::to_string(s)}}));
      out[i].source = s;
    }
    if (!events.satisfied.empty()) {
      const auto v = events.satisfied[i];
      if (v < -1 || v > 1)
        throw EventLogError(messages::format("lifecycle.satisfied",
                                             {{"i", std::to_string(i)}, {"v", std::to_string(v)}}));
      out[i].satisfied = v;
    }
  }
  std::int64_t t_min = as_of, t_max = as_of;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = events.category[i];
    const auto u = events.urgency[i];
    if (c < 0 || c >= policy.category_count())
      throw EventLogError(messages::format("lifecycle.category", {{"i", std::to_string(i)}, {"c", std::to_string(c)}}));
    if (u < 0 || u >= urgency_count) throw EventLogError(messages::format("lifecycle.urgency",
                                                                          {{"i", std::to_string(i)},
                                                                           {"u", std::to_string(u)}}));
    t_min = std::min(t_min, events.created_at[i]);
    t_max = std::max(t_max, events.created_at[i]);
    if (events.created_at[i] > as_of)
      throw EventLogError(messages::format("lifecycle.created_after", {{"i", std::to_string(i)}}));
  }
  // Group rows by event, keeping their order within an event (counting sort).
  std::vector<std::size_t> start(n + 1, 0);
  for (std::size_t r = 0; r < m; ++r) {
    const auto e = tr.event[r];
    if (e < 0 || static_cast<std::size_t>(e) >= n)
      throw EventLogError(messages::format("lifecycle.transition_event",
                                           {{"r", std::to_string(r)}, {"e", std::to_string(e)}}));
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
    VerifyTally verify;
    int accepted_tier = -1;
    auto fail = [&](std::size_t r, const std::string& what) {
      throw EventLogError(messages::format("lifecycle.transition_row",
                                           {{"r", std::to_string(r)}, {"e", std::to_string(e)}, {"what", what}}));
    };
    for (std::size_t k = start[e]; k < start[e + 1]; ++k) {
      const std::size_t r = rows[k];
      if (tr.from[r] >= state_count || tr.to[r] >= state_count) fail(r, messages::format("lifecycle.unknown_state"));
      const auto from = static_cast<State>(tr.from[r]);
      const auto to = static_cast<State>(tr.to[r]);
      const std::int64_t t = tr.time[r];
      const int tier = tr.tier[r];
      // (messages are appended piece by piece: GCC 12 warns falsely on "..." + std::string)
      if (from != state) {
        fail(r, messages::format("lifecycle.from_state", {{"from", state_names[tr.from[r]]},
                                                          {"state", state_names[static_cast<std::size_t>(state)]}}));
      }
      if (!allowed_transition(from, to)) {
        fail(r, messages::format("lifecycle.not_transition",
                                 {{"from", state_names[tr.from[r]]}, {"to", state_names[tr.to[r]]}}));
      }
      if (t < t_prev) fail(r, messages::format("lifecycle.time_backwards"));
      if (t > as_of) fail(r, messages::format("lifecycle.after_as_of"));
      if (tier < 0 || tier >= tier_count) fail(r, messages::format("lifecycle.tier", {{"tier", std::to_string(tier)}}));
      if (to == State::handling) {
        o.max_handling_tier = std::max(o.max_handling_tier, static_cast<std::int8_t>(tier));
        if (from == State::parked) {
          const std::int64_t p = clock.at(t) - parked_at;
          stage.paused += p;
          paused_total += p;
        } else if (from != State::extension) {
          if (policy.handle_limit(tier, u) <= 0)
            fail(r, messages::format("lifecycle.no_limit", {{"tier", std::to_string(tier)}, {"u", std::to_string(u)}}));
          stage = StageTally{true, static_cast<std::int8_t>(tier), clock.at(t), 0, 0};
          if (tier == 0 && o.first_worker_actor == no_node) o.first_worker_actor = tr.actor[r];
        }
      }
      if (from == State::handling && (to == State::feedback || to == State::escalated || to == State::returned))
        stage.close(policy, u, clock.at(t), o, to == State::feedback);
      if (to == State::feedback) verify.since = clock.at(t);
      if (from == State::feedback) verify.done(policy, u, clock.at(t), o);
      if (to == State::accepted) accepted_tier = tier;
      if (to == State::dispatched && tier < accepted_tier) ++o.handed_down;
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
    if (stage.open) stage.close(policy, u, now, o, false);
    verify.pending_at(policy, u, now, o);
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
