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
#include "gridgov/core/messages.hpp"
#include "core/parallel.hpp"
#include "simulation.hpp"

namespace gridgov::escalation {

double default_rate(std::string_view code) noexcept {
  static const std::pair<const char*, double> table[] = {
      {"ZZ01", 0.0016}, {"ZZ02", 0.0006}, {"ZZ03", 0.0005}, {"ZZ04", 0.0012}, {"ZZ05", 0.0004},
      {"ZZ06", 0.0010}, {"ZZ07", 0.0008}, {"ZZ08", 0.00002}, {"ZZ09", 0.0002}, {"ZZ99", 0.0005}};
  for (auto [c, r] : table)
    if (code == c) return r;
  // City management on a community grid platform: a component (部件) fault is rare next to the
  // residents' matters (a county's few tens of thousands of components, a few per cent failing a
  // year), an event (事件) less rare. Both are assumed (docs/escalation.md).
  if (code.rfind("BJ", 0) == 0) return 0.00001;
  if (code.rfind("SJ", 0) == 0) return code == "SJ0499" ? 0.00002 : 0.0001;
  return 0.0002;
}

bool SimulationPart::emit(std::int32_t id, std::int64_t t, State to, int tier, node_id actor) {
  Ev& e = ev_[static_cast<std::size_t>(id)];
  if (t > horizon_ || t == never) {
    e.open = false;  // cut at the horizon: stays in its current state
    return false;
  }
  rows_.push_back(Row{t, id, actor, e.state, static_cast<std::uint8_t>(to), static_cast<std::int8_t>(tier)});
  if (to == State::accepted) e.accepted_tier = static_cast<std::int8_t>(tier);
  if (to == State::dispatched && tier < e.accepted_tier) ++tally_[static_cast<std::size_t>(id)].handed_down;  // 交办
  e.state = static_cast<std::uint8_t>(to);
  e.last_actor = actor;
  return true;
}

std::int32_t SimulationPart::server_of(const Ev& e, int tier) const {
  if (natural(e)) return -1;  // urgent matters: duty staff on the natural clock, no queue
  const Site& site = router_.site(e.site);
  std::int32_t s = -1;
  if (tier == 0 && site.grid != no_node) s = static_cast<std::int32_t>(site.grid - shared_.grid_begin);
  if (tier == 2 && site.community != no_node) s = shared_.grid_count + static_cast<std::int32_t>(site.community - shared_.community_begin);
  if (tier == tier_county) s = desk_;
  return s >= 0 && shared_.servers[static_cast<std::size_t>(s)].speed > 0 ? s : -1;
}

double SimulationPart::settle_probability(const Ev& e, int tier) const {
  const auto c = static_cast<std::size_t>(e.category);
  double p = (shared_.city[c] ? p_.resolve_city : p_.resolve_governance)[static_cast<std::size_t>(tier)];
  if (tier == 0 && shared_.dispute[c]) {
    const node_id grid = router_.site(e.site).grid;
    if (grid != no_node && shared_.party_group[static_cast<std::size_t>(grid - shared_.grid_begin)]) p += p_.party_group_dispute_bonus;
  }
  return std::min(p, 1.0);
}

// ---- servers ----------------------------------------------------------------------------------------

void SimulationPart::book(std::int64_t t, std::int32_t server, Job job) { heap_.push(Booking{t, seq_++, server, false, job}); }

void SimulationPart::enqueue(std::int32_t server, const Job& job, std::int64_t t) {
  Server& s = shared_.servers[static_cast<std::size_t>(server)];
  s.waiting.push(job);
  if (!s.running) start_next(server, work_.at(t));
}

void SimulationPart::start_next(std::int32_t server, std::int64_t now_w) {
  Server& s = shared_.servers[static_cast<std::size_t>(server)];
  if (s.running || s.waiting.empty()) return;
  const Job job = s.waiting.top();
  s.waiting.pop();
  cur_ = job.event;
  Ev& e = ev_[static_cast<std::size_t>(job.event)];
  std::int64_t work = 0;
  s.settle = true;
  switch (job.kind) {
    case Job::handle: {
      const std::int64_t full = effort(e.tier, e.urgency);
      if (!job.forced && next_tier(e, e.tier) >= 0) {
        // The longer a matter waited for this handler, the less the handler can give it: an
        // overloaded grid settles less and passes more up (上报).
        const double waited = static_cast<double>(now_w - job.ready) / static_cast<double>(e.stage.limit(policy_, e.urgency));
        s.settle = event_rng().bernoulli(settle_probability(e, e.tier) / (1.0 + p_.load_sensitivity * waited));
      }
      work = s.settle ? full : static_cast<std::int64_t>(std::llround(p_.assess_share * static_cast<double>(full)));
      break;
    }
    case Job::verify: work = duration(p_.verify_hours); break;
    case Job::dispatch: work = duration(p_.dispatch_hours); break;
  }
  const auto span = static_cast<std::int64_t>(std::ceil(static_cast<double>(std::max<std::int64_t>(work, 1)) / s.speed));
  const std::int64_t end_w = now_w + span;
  if (now_w < horizon_w_) s.work_seconds += static_cast<double>(std::min(end_w, horizon_w_) - now_w) * s.speed;
  s.running = true;
  s.current = job;
  heap_.push(Booking{work_.time_of(end_w), seq_++, server, true, job});
}

void SimulationPart::job_done(std::int32_t server, std::int64_t t) {
  Server& s = shared_.servers[static_cast<std::size_t>(server)];
  const Job job = s.current;
  const bool settled = s.settle;
  s.running = false;
  cur_ = job.event;
  Ev& e = ev_[static_cast<std::size_t>(job.event)];
  switch (job.kind) {
    case Job::handle:
      if (settled) {
        ++s.served;
        feedback(job.event, t);
      } else {
        end_stage(job.event, work_.at(t), t, false);
        escalate(job.event, t, e.tier);
      }
      break;
    case Job::verify: verify_done(job.event, t, e.verifier); break;
    case Job::dispatch:
      cur_ = job.event;
      if (emit(job.event, t, State::dispatched, e.target, actor_at(e, e.target))) begin_handling(job.event, t, e.target, false);
      break;
  }
  start_next(server, work_.at(t));
}

// ---- one event's path -------------------------------------------------------------------------------

void SimulationPart::report(std::int32_t id, std::int64_t t) {
  Ev& e = ev_[static_cast<std::size_t>(id)];
  cur_ = id;
  const int tier = e.tier;
  // Hotline (12345) and inspection reports, and matters the policy sends to the county, are
  // accepted by the county centre, which dispatches them: down to the tier the policy names
  // (交办), or to the department.
  const node_id centre = router_.site(e.site).handler[tier_county];
  const auto source = static_cast<Source>(e.source);
  const bool at_county = centre != no_node && (tier == tier_county || source == Source::hotline || source == Source::inspection);
  const int accept_tier = at_county ? tier_county : tier;
  const node_id acceptor = at_county ? centre : actor_at(e, tier);
  // A report is accepted round the clock (全天候: the platform receives it at any hour, holidays
  // included), so its acceptance delay runs on the natural clock; all handling after it runs on
  // the urgency's clock.
  const std::int64_t t_acc = t + stage_delay(e, Stage::accept);
  if (event_rng().bernoulli(p_.void_prob[e.source]) && e.state == static_cast<std::uint8_t>(State::reported)) {
    emit(id, t_acc, State::voided, accept_tier, acceptor);
    e.open = false;
    return;
  }
  if (!emit(id, t_acc, State::accepted, accept_tier, acceptor)) return;
  dispatch(id, t_acc, tier, at_county);
}

void SimulationPart::arrive(std::int32_t id, std::int64_t t, int tier, int from_tier) {
  Ev& e = ev_[static_cast<std::size_t>(id)];
  cur_ = id;
  const EventClock clock = clock_of(e);
  e.tier = static_cast<std::int8_t>(tier);
  // An escalated matter is taken up by the receiving tier on that tier's clock. The receiver may
  // return it (回退); more than max_returns between the same two tiers and it climbs past the
  // receiver.
  std::int64_t now = clock.add(t, stage_delay(e, Stage::accept));
  if (!emit(id, now, State::accepted, tier, actor_at(e, tier))) return;
  while (from_tier >= 0 && event_rng().bernoulli(p_.return_prob)) {
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
  dispatch(id, now, tier, tier == tier_county);
}

void SimulationPart::dispatch(std::int32_t id, std::int64_t t_accepted, int tier, bool from_county) {
  Ev& e = ev_[static_cast<std::size_t>(id)];
  cur_ = id;
  e.target = static_cast<std::int8_t>(tier);
  const std::int32_t desk = from_county ? server_of(e, tier_county) : -1;
  if (desk >= 0) {
    // The county centre's seats take matters in order of their dispatch deadlines.
    const std::int64_t w = work_.at(t_accepted);
    book(t_accepted, desk, Job{w + policy_.stage_limit(Stage::dispatch, e.urgency), w, id, Job::dispatch, false});
    return;
  }
  const std::int64_t t_disp = clock_of(e).add(t_accepted, stage_delay(e, Stage::dispatch));
  if (emit(id, t_disp, State::dispatched, tier, actor_at(e, tier))) begin_handling(id, t_disp, tier, false);
}

void SimulationPart::begin_handling(std::int32_t id, std::int64_t t, int tier, bool forced) {
  Ev& e = ev_[static_cast<std::size_t>(id)];
  cur_ = id;
  e.tier = static_cast<std::int8_t>(tier);
  if (!emit(id, t, State::handling, tier, actor_at(e, tier))) return;
  const EventClock clock = clock_of(e);
  e.stage = StageTally{true, static_cast<std::int8_t>(tier), clock.at(t), 0, 0};
  const std::int32_t server = tier == tier_county ? -1 : server_of(e, tier);  // departments work without a queue
  if (server >= 0) {
    const std::int64_t w = clock.at(t);
    const std::int64_t supervise = EscalationPolicy::at_ratio(e.stage.limit(policy_, e.urgency), policy_.thresholds.supervise);
    book(t, server, Job{w + supervise, w, id, Job::handle, forced});
    return;
  }
  handle_inline(id, t, forced);
}

void SimulationPart::handle_inline(std::int32_t id, std::int64_t t, bool forced) {
  Ev& e = ev_[static_cast<std::size_t>(id)];
  cur_ = id;
  const EventClock clock = clock_of(e);
  const int tier = e.tier;
  const int u = e.urgency;
  const bool can_climb = next_tier(e, tier) >= 0;
  std::int64_t d = effort(tier, u);
  if (!forced && can_climb && !event_rng().bernoulli(settle_probability(e, tier))) {
    const std::int64_t t_up = clock.add(t, static_cast<std::int64_t>(std::llround(p_.assess_share * static_cast<double>(d))));
    if (t_up > horizon_) {
      e.open = false;
      return;
    }
    end_stage(id, clock.at(t_up), t_up, false);
    escalate(id, t_up, tier);
    return;
  }
  // The close tier may need an extension or park the case (clock paused).
  std::int64_t now = t;
  if (!can_climb && tier >= 2 && event_rng().bernoulli(p_.extension_prob)) {
    // Shares of an effort truncate to whole seconds (exact for the defaults' 1/4, 1/2 and x2).
    const auto asked_at = std::min(static_cast<std::int64_t>(p_.extension_request_share * static_cast<double>(d)),
                                   static_cast<std::int64_t>(p_.extension_request_max_hours * 3600.0));
    now = clock.add(now, asked_at);
    if (!emit(id, now, State::extension, tier, actor_at(e, tier))) return;
    if (!emit(id, now, State::handling, tier, actor_at(e, tier))) return;
    ++e.stage.extensions;
    e.extension_total += EscalationPolicy::at_ratio(policy_.handle_limit(tier, u), policy_.extension_fraction);
    d = static_cast<std::int64_t>(p_.extension_effort_factor * static_cast<double>(d));
  }
  if (!can_climb && tier == tier_county && event_rng().bernoulli(p_.park_prob)) {
    const auto before = static_cast<std::int64_t>(p_.park_after_share * static_cast<double>(d));
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
  const std::int64_t t_done = clock.add(now, d);
  if (t_done > horizon_ || t_done == never) {
    e.open = false;
    return;
  }
  feedback(id, t_done);
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

void SimulationPart::feedback(std::int32_t id, std::int64_t t) {
  Ev& e = ev_[static_cast<std::size_t>(id)];
  cur_ = id;
  const EventClock clock = clock_of(e);
  const int tier = e.tier;
  end_stage(id, clock.at(t), t, true);
  const node_id handler = actor_at(e, tier);
  if (!emit(id, t, State::feedback, tier, handler)) return;
  e.verify.since = clock.at(t);
  // The one who verifies (核查) is not the one who handled: the community station checks what the
  // grid settled; the grid's worker checks on site what the tiers above settled.
  const Site& site = router_.site(e.site);
  const node_id station = site.station != no_node ? site.station : site.community_centre;
  std::int32_t server = -1;
  node_id verifier = no_node;
  if (tier >= 1 && site.handler[0] != no_node && site.handler[0] != handler) {
    verifier = site.handler[0];
    server = server_of(e, 0);
  } else if (station != no_node && station != handler) {
    verifier = station;
    server = server_of(e, 2);
  } else {
    verifier = site.community_centre != no_node && site.community_centre != handler ? site.community_centre : site.handler[tier_county];
  }
  e.verifier = verifier;
  if (server >= 0) {
    const std::int64_t w = clock.at(t);
    book(t, server, Job{w + policy_.stage_limit(Stage::verify, e.urgency), w, id, Job::verify, false});
    return;
  }
  verify_done(id, clock.add(t, stage_delay(e, Stage::verify)), verifier);
}

void SimulationPart::verify_done(std::int32_t id, std::int64_t t, node_id verifier) {
  Ev& e = ev_[static_cast<std::size_t>(id)];
  cur_ = id;
  const int tier = e.tier;
  if (t <= horizon_) e.verify.done(policy_, e.urgency, clock_of(e).at(t), tally_[static_cast<std::size_t>(id)]);
  if (event_rng().bernoulli(p_.rework_prob)) {
    if (!emit(id, t, State::rework, tier, verifier)) return;
    e.reworked = true;
    begin_handling(id, t, tier, true);  // the handler redoes its own work
    return;
  }
  if (!emit(id, t, State::verified, tier, verifier)) return;
  close(id, t);
}

void SimulationPart::close(std::int32_t id, std::int64_t t_verified) {
  Ev& e = ev_[static_cast<std::size_t>(id)];
  cur_ = id;
  const EventClock clock = clock_of(e);
  const std::int64_t t_close = clock.add(t_verified, stage_delay(e, Stage::feedback));
  if (!emit(id, t_close, State::closed, e.tier, actor_at(e, e.tier))) return;
  const auto i = static_cast<std::size_t>(id);
  r_.closed_at[i] = t_close;
  e.open = false;
  // The return visit (回访): every resident reporter is asked, and a share of the others.
  const auto source = static_cast<Source>(e.source);
  const bool resident = source == Source::app || source == Source::hotline;
  if (resident || event_rng().bernoulli(p_.return_visit_share)) {
    const std::int64_t allowed = policy_.total_limit(e.entry, e.urgency) + e.extension_total;
    const bool late = clock.at(t_close) - clock.at(r_.created_at[i]) - e.paused_total > allowed;
    const double p = p_.satisfaction_base - (late ? p_.satisfaction_late : 0.0) - (e.reworked ? p_.satisfaction_rework : 0.0) -
                     p_.satisfaction_per_escalation * std::min(e.escalations, p_.satisfaction_max_escalations);
    r_.satisfied[i] = event_rng().bernoulli(std::clamp(p, 0.0, 1.0)) ? 1 : 0;
  }
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
          throw InputError(messages::format("simulate.max_events_drawn",
                                            {{"max_events", std::to_string(p.max_events)}}));
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
    throw InputError(messages::format("simulate.events_2_31"));
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
  r_.satisfied.assign(n, -1);
  r_.source.resize(n);
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
  horizon_w_ = work_.at(horizon_);

  auto drain_until = [&](std::int64_t t) {
    while (!heap_.empty() && heap_.top().time <= t) {
      const Booking b = heap_.top();
      heap_.pop();
      if (b.time > horizon_) continue;
      if (b.done) job_done(b.server, b.time);
      else enqueue(b.server, b.job, b.time);
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    drain_until(r_.created_at[i]);
    const auto id = static_cast<std::int32_t>(i);
    Ev& e = ev_[i];
    cur_ = id;
    e.site = router_.site_of(r_.place[i]);
    e.category = r_.category[i];
    e.urgency = r_.urgency[i];
    e.entry = static_cast<std::int8_t>(policy_.entry_tier(e.category, e.urgency));
    e.close = close[i];
    std::copy_n(handlers.data() + i * tier_count, tier_count, e.handlers.begin());
    {
      // Where the report came from (the event's first draw).
      const auto& shares = shared_.city[static_cast<std::size_t>(e.category)] ? p.source_share_city : p.source_share_governance;
      double x = event_rng().uniform() * (shares[0] + shares[1] + shares[2] + shares[3]);
      int s = 0;
      while (s < source_count - 1 && x >= shares[static_cast<std::size_t>(s)]) x -= shares[static_cast<std::size_t>(s++)];
      e.source = static_cast<std::uint8_t>(s);
      r_.source[i] = e.source;
    }
    r_.entry_tier[i] = e.entry;
    r_.site[i] = e.site;
    const int routed = r_.routed_tier[i];
    e.tier = static_cast<std::int8_t>(routed);
    if (routed > e.entry) {
      // The tier the policy names has no handler here (no grid, no full-time worker): it goes
      // up at once, with the router's reason.
      if (!emit(id, r_.created_at[i], State::escalated, routed, actor_at(e, routed))) continue;
      ++e.escalations;
    }
    report(id, r_.created_at[i]);
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
    if (e.stage.open) e.stage.close(policy_, e.urgency, now, o, false);
    e.verify.pending_at(policy_, e.urgency, now, o);
    o.source = e.source;
    o.satisfied = r_.satisfied[i];
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
    o.status = e.state;
    o.escalations = e.escalations;
    o.returns = e.returns;
    tally.add_stages(o);
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
    if (rows > std::numeric_limits<std::uint32_t>::max()) throw InputError(messages::format("simulate.transitions_2_32"));
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
    throw InputError(messages::format("simulate.days", {{"days", std::to_string(p.days)}}));
  if (!p.household_rates.empty() && p.household_rates.size() != ncat)
    throw InputError(messages::format("simulate.rates_count",
                                      {{"rates", std::to_string(p.household_rates.size())},
                                       {"ncat", std::to_string(ncat)}}));
  std::vector<double> rates(ncat);
  for (std::size_t c = 0; c < ncat; ++c) {
    rates[c] = (p.household_rates.empty() ? default_rate(policy_.categories[c].code) : p.household_rates[c]) * p.rate_multiplier;
    if (!(rates[c] >= 0) || !std::isfinite(rates[c]))
      throw InputError(messages::format("simulate.rate_value", {{"code", policy_.categories[c].code}}));
  }
  const auto probability = [](const char* name, double value) {
    if (!(value >= 0 && value <= 1)) throw InputError(messages::format("simulate.probability", {{"name", name}}));
  };
  for (auto [name, value] : {std::pair<const char*, double>{"rework_prob", p.rework_prob}, {"return_prob", p.return_prob},
                             {"extension_prob", p.extension_prob}, {"park_prob", p.park_prob},
                             {"priority_share", p.priority_share}, {"return_visit_share", p.return_visit_share},
                             {"assess_share", p.assess_share}, {"party_group_dispute_bonus", p.party_group_dispute_bonus},
                             {"satisfaction_base", p.satisfaction_base}, {"event_capacity_floor", p.event_capacity_floor},
                             {"extension_request_share", p.extension_request_share}, {"park_after_share", p.park_after_share}})
    probability(name, value);
  for (int s = 0; s < source_count; ++s) probability("void_prob", p.void_prob[static_cast<std::size_t>(s)]);
  for (int t = 0; t < tier_count; ++t) {
    probability("resolve_governance", p.resolve_governance[static_cast<std::size_t>(t)]);
    probability("resolve_city", p.resolve_city[static_cast<std::size_t>(t)]);
  }
  if (!(p.return_prob < 1)) throw InputError(messages::format("simulate.return_prob"));
  if (!(p.park_mean_days > 0)) throw InputError(messages::format("simulate.park_mean_days"));
  if (!(p.handle_sigma >= 0) || !(p.place_factor >= 0)) throw InputError(messages::format("simulate.sigma"));
  if (!(p.stage_share_low >= 0 && p.stage_share_low <= p.stage_share_high))
    throw InputError(messages::format("simulate.stage_shares"));
  for (auto [name, value] :
       {std::pair<const char*, double>{"parttime_capacity", p.parttime_capacity}, {"station_staff", p.station_staff},
        {"station_staff_per_1000", p.station_staff_per_1000}, {"station_staff_min", p.station_staff_min},
        {"centre_staff_per_1000", p.centre_staff_per_1000}, {"centre_staff_min", p.centre_staff_min},
        {"stationed_unit_capacity", p.stationed_unit_capacity}, {"work_seat_capacity", p.work_seat_capacity},
        {"load_sensitivity", p.load_sensitivity}, {"satisfaction_late", p.satisfaction_late},
        {"satisfaction_rework", p.satisfaction_rework}, {"satisfaction_per_escalation", p.satisfaction_per_escalation},
        {"patrol_hours_per_day", p.routine.patrol_hours_per_day}, {"visit_hours", p.routine.visit_hours},
        {"visits_per_household_year", p.routine.visits_per_household_year},
        {"visits_per_care_household_year", p.routine.visits_per_care_household_year},
        {"visits_per_key_person_year", p.routine.visits_per_key_person_year},
        {"collection_hours_per_household_year", p.routine.collection_hours_per_household_year},
        {"extension_request_max_hours", p.extension_request_max_hours}, {"stage_share_high", p.stage_share_high}})
    if (!(value >= 0) || !std::isfinite(value)) throw InputError(messages::format("simulate.non_negative",
                                                                                  {{"name", name}}));
  if (!(p.extension_effort_factor >= 1) || !std::isfinite(p.extension_effort_factor))
    throw InputError(messages::format("simulate.extension_factor"));
  if (!(p.routine.working_days_per_year >= 1 && p.routine.working_days_per_year <= 366))
    throw InputError(messages::format("simulate.working_days"));
  if (p.satisfaction_max_escalations < 0) throw InputError(messages::format("simulate.satisfaction"));
  if (!(p.station_staff > 0 || p.station_staff_min + p.centre_staff_min > 0))
    throw InputError(messages::format("simulate.l2_staff"));
  for (auto [name, value] : {std::pair<const char*, double>{"dispatch_hours", p.dispatch_hours}, {"verify_hours", p.verify_hours}})
    if (!(value > 0) || !std::isfinite(value)) throw InputError(messages::format("simulate.positive",
                                                                                 {{"name", name}}));
  for (const auto& shares : {p.source_share_governance, p.source_share_city}) {
    double sum = 0;
    for (double x : shares) {
      if (!(x >= 0) || !std::isfinite(x)) throw InputError(messages::format("simulate.source_shares"));
      sum += x;
    }
    if (!(sum > 0)) throw InputError(messages::format("simulate.source_zero"));
  }
  if (p.max_events < 1 || p.max_events > std::numeric_limits<std::int32_t>::max())
    throw InputError(messages::format("simulate.max_events", {{"max_events", std::to_string(p.max_events)}}));
  for (const auto& code : p.dispute_categories)
    if (policy_.find_category(code) < 0)
      throw UnknownCodeError(messages::format("simulate.dispute_category", {{"code", code}}));
  for (const auto& row : p.handle_mean_hours)
    for (double v : row)
      if (!(v > 0)) throw InputError(messages::format("simulate.mean_handling"));
  SimulationShared sh(m, policy_, p, router_, WorkClock(policy_.calendar, p.start_day, p.days + 1));
  sh.start = p.start_day * seconds_per_day;
  sh.horizon = sh.start + p.days * seconds_per_day;
  SimulationResult out;
  out.horizon = sh.horizon;
  out.available_seconds = static_cast<double>(sh.work.at(sh.horizon) - sh.work.at(sh.start));
  for (const auto& c : policy_.categories) {
    sh.city.push_back(c.family == Family::city_management);
    sh.dispute.push_back(std::find(p.dispute_categories.begin(), p.dispute_categories.end(), c.code) != p.dispute_categories.end());
  }

  // Servers: one per grid (its workers), one per community (station, command centre, stationed
  // units), one county desk per partition (below).
  const auto [gb, ge] = m.kind_range(Kind::grid);
  const auto [cb, ce] = m.kind_range(Kind::community);
  sh.grid_begin = gb;
  sh.community_begin = cb;
  sh.grid_count = ge - gb;
  sh.community_count = ce - cb;
  if ((!p.parttime.empty() && p.parttime.size() != static_cast<std::size_t>(sh.grid_count)))
    throw InputError(messages::format("simulate.parttime_per_grid"));
  const auto communities = static_cast<std::size_t>(sh.community_count);
  sh.servers.resize(static_cast<std::size_t>(sh.grid_count) + 2 * communities + 1);
  const std::vector<std::int64_t> households_below = m.count_descendants(Kind::household);
  {
    // Routine duties: patrols per grid, home visits and data collection per household.
    const RoutineDuties& r = p.routine;
    std::vector<double> visits(static_cast<std::size_t>(sh.grid_count), 0.0);
    std::vector<double> homes(static_cast<std::size_t>(sh.grid_count), 0.0);
    const Column* flag[3] = {m.column(Kind::household, "elderly_alone"), m.column(Kind::household, "disabled"),
                             m.column(Kind::household, "key_person")};
    const auto [hb, he] = m.kind_range(Kind::household);
    for (node_id h = hb; h < he; ++h) {
      const std::int32_t site = router_.site_of(h);
      const node_id g = site >= 0 ? router_.site(site).grid : no_node;
      if (g == no_node) continue;
      const auto row = static_cast<std::size_t>(h - hb);
      const auto set = [&](const Column* c) { return c && c->is_numeric() && c->as_double(row) > 0; };
      double per_year = r.visits_per_household_year;
      if (set(flag[0]) || set(flag[1])) per_year = std::max(per_year, r.visits_per_care_household_year);
      if (set(flag[2])) per_year = std::max(per_year, r.visits_per_key_person_year);
      visits[static_cast<std::size_t>(g - gb)] += per_year;
      homes[static_cast<std::size_t>(g - gb)] += 1;
    }
    const double day_hours = static_cast<double>(policy_.calendar.work_day_seconds()) / 3600.0;
    out.grid_fulltime.assign(static_cast<std::size_t>(sh.grid_count), 0);
    out.grid_parttime.assign(static_cast<std::size_t>(sh.grid_count), 0);
    out.grid_capacity.assign(static_cast<std::size_t>(sh.grid_count), 0.0);
    out.grid_event_capacity.assign(static_cast<std::size_t>(sh.grid_count), 0.0);
    out.grid_routine_seconds.assign(static_cast<std::size_t>(sh.grid_count), 0.0);
    sh.party_group.assign(static_cast<std::size_t>(sh.grid_count), 0);
    for (node_id g = gb; g < ge; ++g) {
      const auto i = static_cast<std::size_t>(g - gb);
      std::int32_t ft = 0, pt = 0;
      for (node_id w : m.linked_from(g, LinkType::serves)) {
        if (m.kind(w) == Kind::organisation && m.subkind(w) == "party_group") sh.party_group[i] = 1;
        if (m.kind(w) != Kind::worker) continue;
        (m.subkind(w) == "fulltime" ? ft : pt) += 1;
      }
      if (!p.fulltime.empty() && p.fulltime[i] >= 0) ft = p.fulltime[i];
      if (!p.parttime.empty() && p.parttime[i] >= 0) pt = p.parttime[i];
      const double capacity = ft + pt * p.parttime_capacity;
      const double routine_hours = r.patrol_hours_per_day +
                                   (visits[i] * r.visit_hours + homes[i] * r.collection_hours_per_household_year) / r.working_days_per_year;
      // The routine duties come first; what is left serves events (event_capacity_floor at least:
      // a worker swamped by routine still takes up the matters reported).
      const double for_events = std::max(capacity - routine_hours / day_hours, p.event_capacity_floor * capacity);
      out.grid_fulltime[i] = ft;
      out.grid_parttime[i] = pt;
      out.grid_capacity[i] = capacity;
      out.grid_event_capacity[i] = for_events;
      out.grid_routine_seconds[i] = ft > 0 || pt > 0 ? std::min(routine_hours / day_hours, capacity) * out.available_seconds : 0.0;
      // A grid without a full-time worker is never routed to: its events go to the community.
      sh.servers[i].speed = ft > 0 ? for_events : 0.0;
    }
  }
  {
    // A community's L2 handlers: its station's and command centre's staff (the model's `staff`
    // attribute, else by size) and the stationed units co-building with it.
    const Column* staff = m.column(Kind::organisation, "staff");
    const node_id org_begin = m.kind_range(Kind::organisation).first;
    const auto given = [&](node_id o) {
      if (o == no_node || !staff || !staff->is_numeric()) return -1.0;
      const double x = staff->as_double(static_cast<std::size_t>(o - org_begin));
      return std::isfinite(x) && x >= 0 ? x : -1.0;
    };
    out.community_station_staff.assign(communities, 0.0);
    out.community_centre_staff.assign(communities, 0.0);
    out.community_unit_capacity.assign(communities, 0.0);
    for (node_id c = cb; c < ce; ++c) {
      const auto i = static_cast<std::size_t>(c - cb);
      node_id station = no_node, centre = no_node;
      for (node_id o : m.children(c, Kind::organisation)) {
        if (m.subkind(o) == "service_station" && station == no_node) station = o;
        if (m.subkind(o) == "command_centre" && centre == no_node) centre = o;
      }
      const double thousands = static_cast<double>(households_below[static_cast<std::size_t>(c)]) / 1000.0;
      double station_staff = given(station);
      if (station_staff < 0) station_staff = station == no_node ? 0.0
                                             : p.station_staff > 0 ? p.station_staff
                                                                   : std::max(p.station_staff_min, p.station_staff_per_1000 * thousands);
      double centre_staff = given(centre);
      if (centre_staff < 0) centre_staff = centre == no_node ? 0.0 : std::max(p.centre_staff_min, p.centre_staff_per_1000 * thousands);
      std::int32_t units = 0;
      for (node_id o : m.linked_from(c, LinkType::cobuilds))
        if (m.kind(o) == Kind::organisation) ++units;
      out.community_station_staff[i] = station_staff;
      out.community_centre_staff[i] = centre_staff;
      out.community_unit_capacity[i] = units * p.stationed_unit_capacity;
      sh.servers[static_cast<std::size_t>(sh.grid_count) + i].speed = station_staff + centre_staff + out.community_unit_capacity[i];
    }
  }

  {
    double total = 0;
    for (std::size_t c = 0; c < ncat; ++c) sh.cumulative_rates.push_back(total += rates[c]);
  }

  // Partitions: one per community (and one for places outside every community).
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
      throw InputError(messages::format("simulate.max_events_expected",
                                        {{"about", about},
                                         {"days", std::to_string(p.days)},
                                         {"max_events", std::to_string(p.max_events)}}));
    }
    // The county centre's work seats serve every community. Each partition gets the share of
    // them its expected events ask for (a fluid share), so communities stay independent and run
    // in parallel with the same result on any thread count.
    std::int32_t seats = 0;
    for (node_id o : m.nodes(Kind::organisation, "work_seat")) {
      (void)o;
      ++seats;
    }
    out.county_seat_capacity = seats * p.work_seat_capacity;
    for (std::size_t i = 0; i <= communities; ++i) {
      const double here = static_cast<double>(households[i].size()) + p.place_factor * static_cast<double>(places[i].size());
      sh.servers[static_cast<std::size_t>(sh.grid_count) + communities + i].speed =
          locations > 0 ? out.county_seat_capacity * here / locations : 0.0;
    }
  }
  std::vector<SimulationResult> parts(communities + 1);
  core::for_each_parallel(parts.size(), p.threads, [&](std::size_t i) {
    SimulationPart part(sh, i);
    parts[i] = part.run(households[i], places[i]);
  });

  // Merge: events by (creation time, partition, local order); transitions follow their event.
  struct Key { std::int64_t time; std::uint32_t part, local; };
  std::size_t n = 0, rows = 0;
  for (const auto& r : parts) {
    n += r.created_at.size();
    rows += r.t_event.size();
  }
  if (n > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    throw InputError(messages::format("simulate.events_2_31"));
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
             out.returns, out.urgency, out.entry_tier, out.routed_tier, out.closed_tier, out.status, out.on_time, out.source,
             out.satisfied);
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
    out.source[g] = r.source[i];
    out.satisfied[g] = r.satisfied[i];
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
  // Work done: per grid, per community, at the county desks.
  for (std::int32_t g = 0; g < sh.grid_count; ++g) {
    out.grid_work_seconds.push_back(sh.servers[static_cast<std::size_t>(g)].work_seconds);
    out.grid_handled.push_back(sh.servers[static_cast<std::size_t>(g)].served);
  }
  for (std::size_t c = 0; c < communities; ++c) {
    const Server& s = sh.servers[static_cast<std::size_t>(sh.grid_count) + c];
    out.community_work_seconds.push_back(s.work_seconds);
    out.community_handled.push_back(s.served);
  }
  for (std::size_t i = 0; i <= communities; ++i)
    out.county_seat_work_seconds += sh.servers[static_cast<std::size_t>(sh.grid_count) + communities + i].work_seconds;
  const auto share = [&](double busy, double capacity) {
    const double available = capacity * out.available_seconds;
    return available > 0 ? busy / available : 0.0;
  };
  for (std::size_t g = 0; g < out.grid_capacity.size(); ++g)
    out.grid_utilisation.push_back(share(out.grid_routine_seconds[g] + out.grid_work_seconds[g], out.grid_capacity[g]));
  for (std::size_t c = 0; c < communities; ++c)
    out.community_utilisation.push_back(share(out.community_work_seconds[c], out.community_station_staff[c] +
                                                                               out.community_centre_staff[c] +
                                                                               out.community_unit_capacity[c]));
  out.county_seat_utilisation = share(out.county_seat_work_seconds, out.county_seat_capacity);
  return out;
}

Simulator::Simulator(const Model& model, const EscalationPolicy& policy, SimulationParams params, unsigned threads)
    : model_(model), policy_(policy), p_(std::move(params)), router_(model, policy, [&]() -> std::span<const std::int32_t> {
        if (!p_.fulltime.empty() && p_.fulltime.size() != static_cast<std::size_t>(model.count(Kind::grid)))
          throw InputError(messages::format("simulate.fulltime_per_grid"));
        return p_.fulltime;
      }()) {
  if (threads > 0) p_.threads = threads;
}

SimulationResult simulate(const Model& model, const EscalationPolicy& policy, const SimulationParams& params) {
  return Simulator(model, policy, params).run();
}

}  // namespace gridgov::escalation
