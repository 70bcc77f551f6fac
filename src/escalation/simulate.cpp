// The discrete-event simulation (see simulate.hpp for the model of arrivals and handling).
#include "gridgov/escalation/simulate.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "gridgov/core/errors.hpp"
#include "simulation.hpp"

namespace gridgov::escalation {

double default_rate(std::string_view code) noexcept {
  static const std::pair<const char*, double> table[] = {
      {"ZZ01", 0.0016}, {"ZZ02", 0.0006}, {"ZZ03", 0.0005}, {"ZZ04", 0.0012}, {"ZZ05", 0.0004},
      {"ZZ06", 0.0010}, {"ZZ07", 0.0008}, {"ZZ08", 0.00002}, {"ZZ09", 0.0002}, {"ZZ99", 0.0005}};
  for (auto [c, r] : table)
    if (code == c) return r;
  if (code.rfind("BJ", 0) == 0) return 0.0003;
  if (code.rfind("SJ", 0) == 0) return code == "SJ0499" ? 0.00005 : 0.0004;
  return 0.0002;
}

bool SimulationPart::emit(std::int32_t id, std::int64_t t, State to, int tier, node_id actor) {
  Ev& e = ev_[static_cast<std::size_t>(id)];
  if (t > horizon_ || t == never) {
    e.open = false;  // cut at the horizon: stays in its current state
    return false;
  }
  rows_.push_back(Row{t, id, actor, e.state, static_cast<std::uint8_t>(to), static_cast<std::int8_t>(tier)});
  e.state = static_cast<std::uint8_t>(to);
  e.last_actor = actor;
  return true;
}

void SimulationPart::arrive(std::int32_t id, std::int64_t t, int tier, int from_tier) {
  const bool after_escalation = from_tier >= 0;
  Ev& e = ev_[static_cast<std::size_t>(id)];
  cur_ = id;
  const EventClock clock = clock_of(e);
  e.tier = static_cast<std::int8_t>(tier);
  // A report is accepted round the clock (全天候: the platform receives it at any hour, holidays
  // included), so its acceptance delay runs on the natural clock; an escalated matter is taken
  // up by the receiving tier on that tier's working clock, like all handling.
  const std::int64_t accept_delay = stage_delay(e, Stage::accept);
  const std::int64_t t_acc = after_escalation ? clock.add(t, accept_delay) : t + accept_delay;
  if (e.state == static_cast<std::uint8_t>(State::reported) && event_rng().bernoulli(p_.void_prob)) {
    emit(id, t_acc, State::voided, tier, actor_at(e, tier));
    e.open = false;
    return;
  }
  // The receiver of an escalation may return it (回退); more than max_returns between the same
  // two tiers and it climbs past the receiver.
  std::int64_t now = t_acc;
  if (!emit(id, now, State::accepted, tier, actor_at(e, tier))) return;
  while (after_escalation && from_tier >= 0 && event_rng().bernoulli(p_.return_prob)) {
    if (!emit(id, now, State::returned, from_tier, actor_at(e, from_tier))) return;
    ++e.returns;
    ++e.return_pairs;
    now = clock.add(now, stage_delay(e, Stage::accept));
    if (!emit(id, now, State::accepted, from_tier, actor_at(e, from_tier))) return;
    int target = tier;
    if (e.return_pairs > policy_.max_returns) {
      const int above = next_tier(e, tier);
      if (above >= 0) target = above;
    }
    if (!emit(id, now, State::escalated, target, actor_at(e, target))) return;
    ++e.escalations;
    now = clock.add(now, stage_delay(e, Stage::accept));
    if (!emit(id, now, State::accepted, target, actor_at(e, target))) return;
    if (target != tier) {
      e.return_pairs = 0;
      tier = target;
      e.tier = static_cast<std::int8_t>(tier);
      break;
    }
  }
  const std::int64_t t_disp = clock.add(now, stage_delay(e, Stage::dispatch));
  if (!emit(id, t_disp, State::dispatched, tier, actor_at(e, tier))) return;
  if (!emit(id, t_disp, State::handling, tier, actor_at(e, tier))) return;
  e.stage = StageTally{true, static_cast<std::int8_t>(tier), clock.at(t_disp), 0, 0};
  if (queued(e, tier)) heap_.push({t_disp, id});
  else start_handling(id, t_disp);
}

void SimulationPart::start_handling(std::int32_t id, std::int64_t t) {
  Ev& e = ev_[static_cast<std::size_t>(id)];
  cur_ = id;
  const EventClock clock = clock_of(e);
  const int tier = e.tier;
  const int u = e.urgency;
  const bool can_climb = next_tier(e, tier) >= 0;
  const std::int64_t limit = e.stage.limit(policy_, u);
  const std::int64_t red_at = e.stage.start + EscalationPolicy::at_ratio(limit, policy_.thresholds.red);
  std::int64_t done;
  if (queued(e, tier)) {
    const auto server = static_cast<std::size_t>(tier == 0 ? router_.site(e.site).grid - grid_begin_
                                                          : grid_count_ + (router_.site(e.site).community - community_begin_));
    const std::int64_t w = clock.at(t);
    const std::int64_t begin = std::max(w, busy_[server]);
    done = begin + static_cast<std::int64_t>(std::ceil(static_cast<double>(effort(tier, u)) / speed_[server]));
    const std::int64_t stop = (can_climb && done > red_at) ? std::max(begin, red_at) : done;
    const std::int64_t horizon_w = work_.at(horizon_);
    if (begin < horizon_w) busy_seconds_[server] += static_cast<double>(std::min(stop, horizon_w) - begin);
    busy_[server] = stop;
    if (stop == done) ++served_[server];
    if (can_climb && done > red_at) {
      end_stage(id, red_at, clock.time_of(red_at));
      escalate(id, clock.time_of(red_at), tier);
      return;
    }
    finish(id, clock.time_of(done));
    return;
  }
  // Without a queue: the close tier may need an extension or park the case (clock paused).
  std::int64_t d = effort(tier, u);
  std::int64_t now = t;
  if (!can_climb && tier >= 2 && event_rng().bernoulli(p_.extension_prob)) {
    now = clock.add(now, std::min<std::int64_t>(d / 4, 3600));
    if (!emit(id, now, State::extension, tier, actor_at(e, tier))) return;
    if (!emit(id, now, State::handling, tier, actor_at(e, tier))) return;
    ++e.stage.extensions;
    e.extension_total += EscalationPolicy::at_ratio(policy_.handle_limit(tier, u), policy_.extension_fraction);
    d *= 2;
  }
  if (!can_climb && tier == tier_county && event_rng().bernoulli(p_.park_prob)) {
    const std::int64_t before = d / 2;
    const std::int64_t park_at = clock.add(now, before);
    if (!emit(id, park_at, State::parked, tier, actor_at(e, tier))) return;
    const std::int64_t restore = park_at + static_cast<std::int64_t>(std::llround(event_rng().exponential(1.0 / p_.park_mean_days) * 86400.0));
    e.parked_at = clock.at(park_at);
    if (!emit(id, restore, State::handling, tier, actor_at(e, tier))) return;
    const std::int64_t p = clock.at(restore) - clock.at(park_at);
    e.stage.paused += p;
    e.paused_total += p;
    now = restore;
    d -= before;
  }
  const std::int64_t elapsed_before = clock.at(now) - e.stage.start - e.stage.paused;
  done = clock.at(now) + d;
  if (can_climb && elapsed_before + d > EscalationPolicy::at_ratio(limit, policy_.thresholds.red)) {
    const std::int64_t red_w = e.stage.start + e.stage.paused + EscalationPolicy::at_ratio(limit, policy_.thresholds.red);
    end_stage(id, red_w, clock.time_of(red_w));
    escalate(id, clock.time_of(red_w), tier);
    return;
  }
  finish(id, clock.time_of(done));
}

void SimulationPart::escalate(std::int32_t id, std::int64_t t, int from_tier) {
  Ev& e = ev_[static_cast<std::size_t>(id)];
  const int to = next_tier(e, from_tier);
  if (to < 0) return;
  cur_ = id;
  if (!emit(id, t, State::escalated, to, actor_at(e, to))) return;
  ++e.escalations;
  arrive(id, t, to, from_tier);
}

void SimulationPart::finish(std::int32_t id, std::int64_t t_done) {
  Ev& e = ev_[static_cast<std::size_t>(id)];
  cur_ = id;
  const EventClock clock = clock_of(e);
  const int tier = e.tier;
  if (t_done > horizon_ || t_done == never) {
    e.open = false;
    return;
  }
  const bool city = policy_.categories[static_cast<std::size_t>(e.category)].code.rfind("ZZ", 0) != 0;
  const double p_resolve = (city ? p_.resolve_city : p_.resolve_governance)[static_cast<std::size_t>(tier)];
  end_stage(id, clock.at(t_done), t_done);
  if (next_tier(e, tier) >= 0 && !event_rng().bernoulli(p_resolve)) {
    escalate(id, t_done, tier);
    return;
  }
  if (!emit(id, t_done, State::feedback, tier, actor_at(e, tier))) return;
  const std::int64_t t_verify = clock.add(t_done, stage_delay(e, Stage::verify));
  if (event_rng().bernoulli(p_.rework_prob)) {
    if (!emit(id, t_verify, State::rework, tier, actor_at(e, tier))) return;
    if (!emit(id, t_verify, State::handling, tier, actor_at(e, tier))) return;
    e.stage = StageTally{true, static_cast<std::int8_t>(tier), clock.at(t_verify), 0, 0};
    if (queued(e, tier)) heap_.push({t_verify, id});
    else start_handling(id, t_verify);
    return;
  }
  if (!emit(id, t_verify, State::verified, tier, actor_at(e, tier))) return;
  const std::int64_t t_close = clock.add(t_verify, stage_delay(e, Stage::feedback));
  if (!emit(id, t_close, State::closed, tier, actor_at(e, tier))) return;
  r_.closed_at[static_cast<std::size_t>(id)] = t_close;
  e.open = false;
}

SimulationResult SimulationPart::run(std::span<const node_id> households, std::span<const node_id> places) {
  const SimulationParams& p = p_;
  const std::int64_t start = shared_.start;
  r_ = SimulationResult{};
  // Arrivals.
  const auto& cumulative = shared_.cumulative_rates;
  const std::size_t ncat = cumulative.size();
  const double total = cumulative.empty() ? 0.0 : cumulative.back();
  struct Arrival { std::int64_t time; node_id place; std::int32_t category; std::int8_t urgency; };
  std::vector<Arrival> arrivals;
  if (total > 0) {
    const double horizon_seconds = static_cast<double>(p.days * seconds_per_day);
    // The run's expected count was checked against max_events before any part started, so this
    // reservation is bounded; the draws are counted against the same bound as they come.
    const double expected = total * static_cast<double>(p.days) *
                            (static_cast<double>(households.size()) + p.place_factor * static_cast<double>(places.size()));
    arrivals.reserve(static_cast<std::size_t>(std::min(expected * 1.05 + 16, static_cast<double>(p.max_events))));
    auto generate = [&](std::span<const node_id> locations, double factor) {
      const double mean = total * static_cast<double>(p.days) * factor;
      for (node_id v : locations) {
        const std::int64_t count = rng_.poisson(mean);
        if (shared_.arrivals.fetch_add(count) + count > p.max_events)
          throw InputError("simulate: the run draws more than max_events = " + std::to_string(p.max_events) +
                           " events; lower the rates or the days, or raise max_events");
        for (std::int64_t j = 0; j < count; ++j) {
          const auto t = start + static_cast<std::int64_t>(rng_.uniform() * horizon_seconds);
          const double x = rng_.uniform() * total;
          auto c = static_cast<std::int32_t>(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
          if (c >= static_cast<std::int32_t>(ncat)) c = static_cast<std::int32_t>(ncat) - 1;
          auto u = policy_.categories[static_cast<std::size_t>(c)].default_urgency;
          if (u == 0 && rng_.bernoulli(p.priority_share)) u = 1;
          arrivals.push_back({t, v, c, u});
        }
      }
    };
    generate(households, 1.0);
    generate(places, p.place_factor);
  }
  const std::size_t n = arrivals.size();
  if (n > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    throw InputError("simulate: more than 2^31 events; lower the rates or the days");
  {
    // Stable order by time through one sort of packed keys: (seconds from start) << 32 | index.
    std::vector<std::uint64_t> keys(n);
    for (std::size_t i = 0; i < n; ++i)
      keys[i] = (static_cast<std::uint64_t>(arrivals[i].time - start) << 32) | static_cast<std::uint64_t>(i);
    std::sort(keys.begin(), keys.end());
    std::vector<Arrival> sorted(n);
    for (std::size_t i = 0; i < n; ++i) sorted[i] = arrivals[keys[i] & 0xffffffffu];
    arrivals = std::move(sorted);
  }

  // Routes for all events at once.
  r_.created_at.resize(n);
  r_.place.resize(n);
  r_.category.resize(n);
  r_.urgency.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    r_.created_at[i] = arrivals[i].time;
    r_.place[i] = arrivals[i].place;
    r_.category[i] = arrivals[i].category;
    r_.urgency[i] = arrivals[i].urgency;
  }
  arrivals = {};
  r_.routed_tier.resize(n);
  std::vector<std::int8_t> close(n);
  std::vector<node_id> handlers(n * tier_count);
  r_.department.resize(n);
  std::vector<std::uint16_t> reason(n);
  router_.route_many(r_.place, r_.category, r_.urgency, RouteOutput{r_.routed_tier, close, handlers, r_.department, reason});
  departments_ = r_.department;
  r_.closed_at.assign(n, -1);
  ev_.assign(n, Ev{});
  {
    const std::uint64_t event_seed = rng_.next();  // drawn after the arrivals, the same in every what-if
    for (std::size_t i = 0; i < n; ++i) ev_[i].rng = Rng::stream(event_seed, i);
  }
  tally_.assign(n, Outcome{});
  r_.entry_tier.resize(n);
  r_.site.resize(n);
  rows_.clear();
  rows_.reserve(n * 9);

  auto drain_until = [&](std::int64_t t) {
    while (!heap_.empty() && heap_.top().time <= t) {
      const Booking b = heap_.top();
      heap_.pop();
      if (b.time > horizon_) continue;
      start_handling(b.event, b.time);
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    drain_until(r_.created_at[i]);
    const auto id = static_cast<std::int32_t>(i);
    Ev& e = ev_[i];
    e.site = router_.site_of(r_.place[i]);
    e.category = r_.category[i];
    e.urgency = r_.urgency[i];
    e.entry = static_cast<std::int8_t>(policy_.entry_tier(e.category, e.urgency));
    e.close = close[i];
    std::copy_n(handlers.data() + i * tier_count, tier_count, e.handlers.begin());
    r_.entry_tier[i] = e.entry;
    r_.site[i] = e.site;
    const int routed = r_.routed_tier[i];
    cur_ = id;
    if (routed > e.entry) {
      // The tier the policy names has no handler here (no grid, no full-time worker): it goes
      // up at once, with the router's reason.
      if (!emit(id, r_.created_at[i], State::escalated, routed, actor_at(e, routed))) continue;
      ++e.escalations;
    }
    arrive(id, r_.created_at[i], routed, -1);
  }
  drain_until(horizon_);
  while (!heap_.empty()) heap_.pop();

  // Close the books: open stages are measured at the horizon, as the evaluator does.
  r_.status.resize(n);
  r_.due_at.resize(n);
  r_.on_time.assign(n, 0);
  r_.closed_tier.assign(n, -1);
  r_.escalations.resize(n);
  r_.returns.resize(n);
  r_.handler.resize(n);
  std::vector<std::uint8_t> due_flag(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    Ev& e = ev_[i];
    Outcome& o = tally_[i];
    const EventClock clock = clock_of(e);
    const std::int64_t now = clock.at(horizon_);
    const auto state = static_cast<State>(e.state);
    if (state == State::parked) {
      e.stage.paused += now - e.parked_at;
      e.paused_total += now - e.parked_at;
    }
    if (e.stage.open) e.stage.close(policy_, e.urgency, now, o);
    r_.status[i] = e.state;
    r_.escalations[i] = e.escalations;
    r_.returns[i] = e.returns;
    r_.handler[i] = e.last_actor;
    const std::int64_t allowed = policy_.total_limit(e.entry, e.urgency) + e.extension_total;
    const std::int64_t created = clock.at(r_.created_at[i]);
    r_.due_at[i] = clock.last_time_within(created + e.paused_total + allowed);
    Tally& tally = r_.tally;
    ++tally.events;
    due_flag[i] = state == State::closed || (state != State::voided && now - created - e.paused_total > allowed);
    if (state == State::closed) {
      r_.closed_tier[i] = e.tier;
      const bool on_time = clock.at(r_.closed_at[i]) - created - e.paused_total <= allowed;
      r_.on_time[i] = on_time;
      ++tally.closed;
      ++tally.due;
      tally.on_time += on_time;
      ++tally.closed_at_tier[static_cast<std::size_t>(e.tier)];
      tally.hours_to_close_sum += static_cast<double>(r_.closed_at[i] - r_.created_at[i]) / 3600.0;
    } else if (state == State::voided) {
      ++tally.voided;
    } else if (now - created - e.paused_total > allowed) {
      ++tally.due;
    }
    tally.warnings += o.warnings;
    tally.supervised += o.supervised;
    tally.yellow_cards += o.yellow_cards;
    tally.red_cards += o.red_cards;
    tally.escalated += e.escalations > 0;
  }
  // Transitions grouped by event (stable: each event's rows stay in the order they happened);
  // handled and reworked come from the log itself (feedback / rework rows).
  {
    const std::size_t rows = rows_.size();
    std::vector<std::size_t> offset(n + 1, 0);
    std::vector<std::uint8_t> handled(n, 0), reworked(n, 0);
    std::vector<std::int64_t> accepted_at(n, -1);  // first acceptance (rows of an event come in time order)
    for (const Row& row : rows_) {
      const auto e = static_cast<std::size_t>(row.event);
      ++offset[e + 1];
      if (row.to == static_cast<std::uint8_t>(State::feedback)) handled[e] = 1;
      if (row.to == static_cast<std::uint8_t>(State::rework)) reworked[e] = 1;
      if (row.to == static_cast<std::uint8_t>(State::accepted) && accepted_at[e] < 0) accepted_at[e] = row.time;
    }
    for (std::size_t i = 0; i < n; ++i) {
      offset[i + 1] += offset[i];
      r_.tally.handled += handled[i];
      r_.tally.handled_due += handled[i] && due_flag[i];
      r_.tally.reworked += reworked[i];
      if (accepted_at[i] >= 0) {
        ++r_.tally.accepted;
        r_.tally.hours_to_accept_sum += static_cast<double>(accepted_at[i] - r_.created_at[i]) / 3600.0;
      }
    }
    if (rows > std::numeric_limits<std::uint32_t>::max()) throw InputError("simulate: more than 2^32 transitions; lower the rates or the days");
    std::vector<std::uint32_t> order(rows);
    for (std::size_t k = 0; k < rows; ++k) order[offset[static_cast<std::size_t>(rows_[k].event)]++] = static_cast<std::uint32_t>(k);
    r_.resize_transitions(rows);
    for (std::size_t k = 0; k < rows; ++k) {
      const Row& row = rows_[order[k]];
      r_.t_event[k] = row.event;
      r_.t_time[k] = row.time;
      r_.t_from[k] = row.from;
      r_.t_to[k] = row.to;
      r_.t_tier[k] = row.tier;
      r_.t_actor[k] = row.actor;
    }
    rows_ = {};
  }
  return std::move(r_);
}

SimulationResult Simulator::run() {
  const Model& m = model_;
  const SimulationParams& p = p_;
  const auto ncat = static_cast<std::size_t>(policy_.category_count());
  if (p.days < 1 || p.days > 36500)
    throw InputError("simulate: days must be between 1 and 36500 (got " + std::to_string(p.days) + ")");
  if (!p.household_rates.empty() && p.household_rates.size() != ncat)
    throw InputError("simulate: rates give " + std::to_string(p.household_rates.size()) + " categories but the policy has " + std::to_string(ncat));
  std::vector<double> rates(ncat);
  for (std::size_t c = 0; c < ncat; ++c) {
    rates[c] = (p.household_rates.empty() ? default_rate(policy_.categories[c].code) : p.household_rates[c]) * p.rate_multiplier;
    if (!(rates[c] >= 0) || !std::isfinite(rates[c]))
      throw InputError("simulate: rate of category '" + policy_.categories[c].code + "' must be a finite number >= 0");
  }
  if (!(p.station_staff > 0)) throw InputError("simulate: station_staff must be positive");
  for (auto [name, value] : {std::pair<const char*, double>{"void_prob", p.void_prob}, {"rework_prob", p.rework_prob},
                             {"return_prob", p.return_prob}, {"extension_prob", p.extension_prob},
                             {"park_prob", p.park_prob}, {"priority_share", p.priority_share}})
    if (!(value >= 0 && value <= 1)) throw InputError(std::string("simulate: ") + name + " must be a probability in [0, 1]");
  if (!(p.return_prob < 1)) throw InputError("simulate: return_prob must be below 1 (a receiver that returns everything never takes a case)");
  if (!(p.park_mean_days > 0)) throw InputError("simulate: park_mean_days must be positive");
  if (!(p.handle_sigma >= 0) || !(p.place_factor >= 0)) throw InputError("simulate: handle_sigma and place_factor must not be negative");
  if (!(p.stage_share_low >= 0 && p.stage_share_low <= p.stage_share_high))
    throw InputError("simulate: stage shares must satisfy 0 <= low <= high");
  if (!(p.parttime_capacity >= 0)) throw InputError("simulate: parttime_capacity must not be negative");
  if (p.max_events < 1 || p.max_events > std::numeric_limits<std::int32_t>::max())
    throw InputError("simulate: max_events must be between 1 and 2^31 - 1 (got " + std::to_string(p.max_events) + ")");
  for (const auto& row : p.handle_mean_hours)
    for (double v : row)
      if (!(v > 0)) throw InputError("simulate: every mean handling time must be positive");
  SimulationShared sh(m, policy_, p, router_, WorkClock(policy_.calendar, p.start_day, p.days + 1));
  sh.start = p.start_day * seconds_per_day;
  sh.horizon = sh.start + p.days * seconds_per_day;
  SimulationResult out;
  out.horizon = sh.horizon;

  // Servers: one per grid (its workers), then one per community (its station).
  const auto [gb, ge] = m.kind_range(Kind::grid);
  const auto [cb, ce] = m.kind_range(Kind::community);
  sh.grid_begin = gb;
  sh.community_begin = cb;
  sh.grid_count = ge - gb;
  if ((!p.parttime.empty() && p.parttime.size() != static_cast<std::size_t>(sh.grid_count)))
    throw InputError("staffing: one part-time entry per grid expected");
  sh.speed.assign(static_cast<std::size_t>(sh.grid_count + (ce - cb)), p.station_staff);
  sh.busy.assign(sh.speed.size(), 0);
  sh.busy_seconds.assign(sh.speed.size(), 0.0);
  sh.served.assign(sh.speed.size(), 0);
  out.grid_fulltime.assign(static_cast<std::size_t>(sh.grid_count), 0);
  out.grid_parttime.assign(static_cast<std::size_t>(sh.grid_count), 0);
  for (node_id g = gb; g < ge; ++g) {
    const auto i = static_cast<std::size_t>(g - gb);
    std::int32_t ft = 0, pt = 0;
    for (node_id w : m.linked_from(g, LinkType::serves)) {
      if (m.kind(w) != Kind::worker) continue;
      (m.subkind(w) == "fulltime" ? ft : pt) += 1;
    }
    if (!p.fulltime.empty() && p.fulltime[i] >= 0) ft = p.fulltime[i];
    if (!p.parttime.empty() && p.parttime[i] >= 0) pt = p.parttime[i];
    out.grid_fulltime[i] = ft;
    out.grid_parttime[i] = pt;
    sh.speed[i] = ft + pt * p.parttime_capacity;
    if (sh.speed[i] <= 0) sh.speed[i] = 1e-9;  // never routed to: no full-time worker sends events to the community
  }

  {
    double total = 0;
    for (std::size_t c = 0; c < ncat; ++c) sh.cumulative_rates.push_back(total += rates[c]);
  }

  // Partitions: one per community (and one for places outside every community).
  const auto communities = static_cast<std::size_t>(ce - cb);
  std::vector<std::vector<node_id>> households(communities + 1), places(communities + 1);
  const node_id community_begin = cb;  // (clang 14 cannot capture a structured binding)
  auto part_of = [&](node_id v) {
    const node_id c = router_.site(router_.site_of(v)).community;
    return c == no_node ? communities : static_cast<std::size_t>(c - community_begin);
  };
  for (Kind k : {Kind::household, Kind::place}) {
    const auto [b, e] = m.kind_range(k);
    for (node_id v = b; v < e; ++v)
      if (router_.site_of(v) >= 0) (k == Kind::household ? households : places)[part_of(v)].push_back(v);
  }
  {
    // Bound every allocation by a count checked first: the expected number of events.
    double locations = 0;
    for (std::size_t i = 0; i <= communities; ++i)
      locations += static_cast<double>(households[i].size()) + p.place_factor * static_cast<double>(places[i].size());
    const double expected = sh.cumulative_rates.empty() ? 0.0 : sh.cumulative_rates.back() * static_cast<double>(p.days) * locations;
    if (!(expected <= static_cast<double>(p.max_events))) {
      char about[32];
      std::snprintf(about, sizeof about, "%.3g", expected);
      throw InputError(std::string("simulate: the rates give about ") + about + " events over " +
                       std::to_string(p.days) + " days, more than max_events = " + std::to_string(p.max_events) +
                       "; lower the rates or the days, or raise max_events");
    }
  }
  std::vector<SimulationResult> parts(communities + 1);
  std::vector<std::exception_ptr> errors(parts.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < parts.size();) {
      try {
        SimulationPart part(sh, i);
        parts[i] = part.run(households[i], places[i]);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  unsigned threads = p.threads ? p.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, static_cast<unsigned>(parts.size()));
  {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);

  // Merge: events by (creation time, partition, local order); transitions follow their event.
  struct Key { std::int64_t time; std::uint32_t part, local; };
  std::size_t n = 0, rows = 0;
  for (const auto& r : parts) {
    n += r.created_at.size();
    rows += r.t_event.size();
  }
  if (n > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    throw InputError("simulate: more than 2^31 events; lower the rates or the days");
  std::vector<Key> keys;
  keys.reserve(n);
  std::vector<std::vector<std::size_t>> row_start(parts.size());
  for (std::size_t pi = 0; pi < parts.size(); ++pi) {
    const auto& r = parts[pi];
    for (std::size_t i = 0; i < r.created_at.size(); ++i)
      keys.push_back({r.created_at[i], static_cast<std::uint32_t>(pi), static_cast<std::uint32_t>(i)});
    auto& starts = row_start[pi];
    starts.assign(r.created_at.size() + 1, 0);
    for (auto e : r.t_event) ++starts[static_cast<std::size_t>(e) + 1];
    for (std::size_t i = 0; i < r.created_at.size(); ++i) starts[i + 1] += starts[i];
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return a.time != b.time ? a.time < b.time : a.part != b.part ? a.part < b.part : a.local < b.local;
  });
  auto resize_all = [&](auto&... v) { (v.resize(n), ...); };
  resize_all(out.created_at, out.closed_at, out.due_at, out.place, out.handler, out.department, out.category, out.site, out.escalations,
             out.returns, out.urgency, out.entry_tier, out.routed_tier, out.closed_tier, out.status, out.on_time);
  out.resize_transitions(rows);
  std::size_t row = 0;
  for (std::size_t g = 0; g < n; ++g) {
    const auto& r = parts[keys[g].part];
    const std::size_t i = keys[g].local;
    out.created_at[g] = r.created_at[i];
    out.closed_at[g] = r.closed_at[i];
    out.due_at[g] = r.due_at[i];
    out.place[g] = r.place[i];
    out.handler[g] = r.handler[i];
    out.department[g] = r.department[i];
    out.category[g] = r.category[i];
    out.site[g] = r.site[i];
    out.escalations[g] = r.escalations[i];
    out.returns[g] = r.returns[i];
    out.urgency[g] = r.urgency[i];
    out.entry_tier[g] = r.entry_tier[i];
    out.routed_tier[g] = r.routed_tier[i];
    out.closed_tier[g] = r.closed_tier[i];
    out.status[g] = r.status[i];
    out.on_time[g] = r.on_time[i];
    const auto& starts = row_start[keys[g].part];
    for (std::size_t k = starts[i]; k < starts[i + 1]; ++k, ++row) {
      out.t_event[row] = static_cast<std::int32_t>(g);
      out.t_time[row] = r.t_time[k];
      out.t_from[row] = r.t_from[k];
      out.t_to[row] = r.t_to[k];
      out.t_tier[row] = r.t_tier[k];
      out.t_actor[row] = r.t_actor[k];
    }
  }
  for (const auto& r : parts) out.tally += r.tally;
  parts = {};
  // Per grid utilisation.
  out.grid_capacity.assign(sh.speed.begin(), sh.speed.begin() + sh.grid_count);
  for (auto& c : out.grid_capacity)
    if (c < 1e-6) c = 0;
  out.grid_busy_seconds.assign(sh.busy_seconds.begin(), sh.busy_seconds.begin() + sh.grid_count);
  out.grid_handled.assign(sh.served.begin(), sh.served.begin() + sh.grid_count);
  out.available_seconds = static_cast<double>(sh.work.at(sh.horizon) - sh.work.at(sh.start));
  return out;
}

Simulator::Simulator(const Model& model, const EscalationPolicy& policy, SimulationParams params, unsigned threads)
    : model_(model), policy_(policy), p_(std::move(params)), router_(model, policy, [&]() -> std::span<const std::int32_t> {
        if (!p_.fulltime.empty() && p_.fulltime.size() != static_cast<std::size_t>(model.count(Kind::grid)))
          throw InputError("staffing: one full-time entry per grid expected");
        return p_.fulltime;
      }()) {
  if (threads > 0) p_.threads = threads;
}

SimulationResult simulate(const Model& model, const EscalationPolicy& policy, const SimulationParams& params) {
  return Simulator(model, policy, params).run();
}

}  // namespace gridgov::escalation
