// Evaluation (绩效评价) of an event log: the overall indicators, tables by grid, community,
// department and worker with their rates, composite scores and A-E grades (DOMAIN.md §(a) and
// §(d)6, formulas in docs/escalation.md). The same code counts a simulated month and any real
// log replayed through the lifecycle.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gridgov/escalation/lifecycle.hpp"
#include "gridgov/escalation/policy.hpp"
#include "gridgov/model/model.hpp"

namespace gridgov::escalation {

struct SimulationResult;

/// Named indicators in a fixed order (the order reports print them in). `at` throws
/// UnknownCodeError naming an indicator that is not there.
class Indicators {
 public:
  struct Item {
    std::string name;
    double value = 0;
    bool count = false;  ///< a whole number of events or stages (not a rate or a mean)
  };
  void set(std::string name, double value, bool count = false);
  [[nodiscard]] double at(std::string_view name) const;
  [[nodiscard]] bool contains(std::string_view name) const noexcept;
  [[nodiscard]] const std::vector<Item>& items() const noexcept { return items_; }
  [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
  [[nodiscard]] auto begin() const noexcept { return items_.begin(); }
  [[nodiscard]] auto end() const noexcept { return items_.end(); }

 private:
  std::vector<Item> items_;
};

/// The counts every overall indicator is made of.
struct Tally {
  std::int64_t events = 0, closed = 0, voided = 0, on_time = 0, due = 0, handled = 0, handled_due = 0, reworked = 0,
               escalated = 0;
  std::array<std::int64_t, tier_count> closed_at_tier{};
  std::int64_t warnings = 0, supervised = 0, yellow_cards = 0, red_cards = 0;
  std::int64_t accepted = 0;  ///< events accepted at least once
  double hours_to_close_sum = 0, hours_to_accept_sum = 0;
  std::int64_t disposals_due = 0, disposals_on_time = 0, county_disposals_due = 0, county_disposals_on_time = 0;
  std::int64_t verifications_due = 0, verifications = 0, verifications_on_time = 0;
  std::int64_t handovers = 0;  ///< escalations and hand-downs (交办): matters passed to another tier
  std::int64_t returns = 0, handed_down = 0;
  std::int64_t return_visits = 0, satisfied = 0;
  std::array<std::int64_t, source_count> reported_by_source{}, voided_by_source{};

  Tally& operator+=(const Tally& o) noexcept;
  /// Adds one event's outcome (created_at in seconds, as the log has it).
  void add(const Outcome& o, std::int64_t created_at) noexcept;
  /// Adds what an outcome's own tallies say: its handling stages (cards, disposals), its
  /// verifications, hand-overs and returns, its source and its return visit. `add` calls it; the
  /// simulator, which counts closing and deadlines itself, calls it for the rest.
  void add_stages(const Outcome& o) noexcept;
};

/// The overall indicators of a tally (docs/escalation.md "Indicators"): counts; closure_rate
/// (结案率), on_time_closure_rate (按期结案率) and disposal_rate (处置率) over the events due
/// (应结案数), on_time_disposal_rate (按期处置率) over the handling stages due; the shares of the
/// closed events settled in the grid, at compound level or below and at community level or below
/// (小事不出网格、难事不出小区、大事不出社区); the shares of all events (closed_share, on_time_share,
/// closed at each tier); 返工率, 上移率, mean hours, the handling stages that reached each
/// threshold; 核查率 and 按时核查率, 回退率, hand-downs (交办), 有效上报率, 群众满意度 from the return
/// visits, and per source its share and 有效上报率.
[[nodiscard]] Indicators indicators(const Tally& tally);

/// One table of indicators by unit (grid, community, department or worker), one row per unit in
/// code order; rates in percent (0 when their denominator is 0), mean hours NaN without events.
struct IndicatorTable {
  std::vector<std::string> unit;
  std::vector<std::int64_t> events, closed, due, on_time, handled, handled_due, reworked, closed_in_grid, escalated,
      supervised, yellow_cards, red_cards;
  std::vector<double> mean_hours_to_close, mean_hours_to_accept;
  std::vector<double> closure_rate;       ///< 结案率 = closed / due
  std::vector<double> on_time_rate;       ///< 按期结案率 = closed on time / due
  std::vector<double> disposal_rate;      ///< 处置率 = handled and due / due
  std::vector<double> rework_rate;        ///< 返工率 = reworked / handled
  std::vector<double> self_resolved_rate; ///< 自行处置率 = closed at L0 / events
  std::vector<double> escalation_rate;    ///< 上移率 = escalated / events
  /// 按期处置率 = handling stages disposed of on time / stages due (a department's: its own, at L4)
  std::vector<double> on_time_disposal_rate;
  std::vector<double> on_time_verification_rate;  ///< 按时核查率 = verified in time / verifications due
  std::vector<double> satisfaction_rate;  ///< 群众满意度 = satisfied / return visits
  std::vector<std::int64_t> handed_down;  ///< events handed down (交办) from a higher tier
  std::vector<double> score;
  std::vector<std::string> grade;

  [[nodiscard]] std::size_t size() const noexcept { return unit.size(); }
  [[nodiscard]] bool empty() const noexcept { return unit.empty(); }
  /// The row of a unit, or -1.
  [[nodiscard]] std::int64_t find(std::string_view unit_code) const noexcept;
};

struct Evaluation {
  Indicators kpis;
  std::vector<Outcome> events;  ///< one per event of the log, in its order
  IndicatorTable by_grid, by_community, by_department, by_worker;
  /// A city's tables: by street (街道/乡镇) and district (区/县), the communities' ancestors.
  IndicatorTable by_street, by_district;
};

/// Which unit each event belongs to: an index into `names` per event (-1 = none), or an empty
/// `index` when the log does not say (that table stays empty).
struct Grouping {
  std::span<const std::int32_t> index;
  std::span<const std::string> names;
};

/// Where the events of a log belong. Departments are judged on the events handled at the
/// county (L4); a worker's row covers the events whose first handling at L0 was theirs
/// (`actor_names` names the actor indices of the transitions).
struct EventGroups {
  Grouping grid, community, department;
  std::span<const std::string> actor_names;
  Grouping street = {}, district = {};  ///< a city's levels above the community (empty: no table)
};

/// Evaluates a log (replayed through the lifecycle up to `as_of`), scored with the policy's
/// grading. Throws EventLogError naming the row that breaks the lifecycle, InputError when a
/// grouping's length or index is wrong.
[[nodiscard]] Evaluation evaluate(const EscalationPolicy& policy, const EventColumns& events,
                                  const TransitionColumns& transitions, std::int64_t as_of, const EventGroups& groups);
/// The same, scored with another grading.
[[nodiscard]] Evaluation evaluate(const EscalationPolicy& policy, const EventColumns& events,
                                  const TransitionColumns& transitions, std::int64_t as_of, const EventGroups& groups,
                                  const Grading& grading);

/// Evaluates a simulated month on its model: grids and communities from the places, departments
/// as the simulator routed them, workers by the model's codes; scored with the policy's grading.
[[nodiscard]] Evaluation evaluate(const Model& model, const EscalationPolicy& policy, const SimulationResult& month);
[[nodiscard]] Evaluation evaluate(const Model& model, const EscalationPolicy& policy, const SimulationResult& month,
                                  const Grading& grading);

/// One calendar month of a log: its events (by creation time, local), measured as that month's
/// report would have measured them, at the month's end (or at the end of the log, if earlier).
struct PeriodEvaluation {
  std::string period;               ///< "YYYY-MM"
  std::int64_t start = 0, end = 0;  ///< the month's first second, and the moment it is measured at
  Indicators kpis;
  double score = 0;                 ///< the area score of the month's overall rates (policy.grading)
  std::string grade;
};

/// Grades a log month by month (evaluate(..., period="M") in Python), in calendar order.
[[nodiscard]] std::vector<PeriodEvaluation> evaluate_months(const EscalationPolicy& policy, const EventColumns& events,
                                                            const TransitionColumns& transitions, std::int64_t as_of);
[[nodiscard]] std::vector<PeriodEvaluation> evaluate_months(const EscalationPolicy& policy, const SimulationResult& run);

}  // namespace gridgov::escalation
