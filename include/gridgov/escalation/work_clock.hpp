// Working time on a calendar, in integer seconds, over a finite range of days.
//
// W(t) is the number of working seconds from the first day of the range up to the natural time
// t (seconds since 1970-01-01, local time). `add(t, d)` is the earliest natural time whose W is
// W(t) + d, so W(add(t, d)) - W(t) == d exactly: a clock started by the simulator and re-measured
// by the evaluator from the log always reads the same.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gridgov/core/errors.hpp"
#include "gridgov/escalation/policy.hpp"

namespace gridgov::escalation {

inline constexpr std::int64_t seconds_per_day = 86400;
inline constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();

[[nodiscard]] inline std::int64_t floor_day(std::int64_t t) noexcept {
  return t >= 0 ? t / seconds_per_day : -((-t + seconds_per_day - 1) / seconds_per_day);
}

class WorkClock {
 public:
  WorkClock() = default;
  /// Covers the days [first_day, first_day + days).
  WorkClock(const Calendar& calendar, std::int64_t first_day, std::int64_t days)
      : calendar_(calendar), windows_(calendar.windows), first_day_(first_day) {
    if (days < 1) days = 1;
    cumulative_.assign(static_cast<std::size_t>(days) + 1, 0);
    worked_.assign(static_cast<std::size_t>(days), 0);
    const std::int64_t per_day = calendar.work_day_seconds();
    for (std::int64_t d = 0; d < days; ++d) {
      const bool w = calendar.is_working_day(first_day + d);
      worked_[static_cast<std::size_t>(d)] = w;
      cumulative_[static_cast<std::size_t>(d) + 1] = cumulative_[static_cast<std::size_t>(d)] + (w ? per_day : 0);
    }
  }

  [[nodiscard]] std::int64_t first_time() const noexcept { return first_day_ * seconds_per_day; }
  [[nodiscard]] std::int64_t end_time() const noexcept {
    return (first_day_ + static_cast<std::int64_t>(worked_.size())) * seconds_per_day;
  }
  [[nodiscard]] bool covers(std::int64_t t) const noexcept { return t >= first_time() && t <= end_time(); }

  /// Working seconds from the start of the range to t (t must lie in the range).
  [[nodiscard]] std::int64_t at(std::int64_t t) const {
    if (!covers(t))
      throw InputError("time " + std::to_string(t) + " lies outside the working calendar's range");
    const std::int64_t d = floor_day(t) - first_day_;
    if (d >= static_cast<std::int64_t>(worked_.size())) return cumulative_.back();
    std::int64_t w = cumulative_[static_cast<std::size_t>(d)];
    if (worked_[static_cast<std::size_t>(d)]) {
      const std::int64_t tod = t - (first_day_ + d) * seconds_per_day;
      for (auto [a, b] : windows_) w += std::clamp<std::int64_t>(tod - a, 0, b - a);
    }
    return w;
  }

  /// Working seconds between two natural times.
  [[nodiscard]] std::int64_t between(std::int64_t t0, std::int64_t t1) const { return at(t1) - at(t0); }

  /// The earliest natural time at working position w (W(result) == w), or `never` when w lies
  /// past the range.
  [[nodiscard]] std::int64_t time_of(std::int64_t w) const noexcept {
    if (w <= 0) return first_time();
    if (w > cumulative_.back()) return never;
    // last day d with cumulative_[d] < w
    auto it = std::lower_bound(cumulative_.begin(), cumulative_.end(), w);
    const std::int64_t d = (it - cumulative_.begin()) - 1;
    std::int64_t rem = w - cumulative_[static_cast<std::size_t>(d)];
    const std::int64_t day_start = (first_day_ + d) * seconds_per_day;
    for (auto [a, b] : windows_) {
      if (rem <= b - a) return day_start + a + rem;
      rem -= b - a;
    }
    return never;  // unreachable when windows sum to the day's working seconds
  }

  /// The natural time `d` working seconds after t (t itself when d == 0).
  [[nodiscard]] std::int64_t add(std::int64_t t, std::int64_t d) const {
    if (d <= 0) return t;
    return time_of(at(t) + d);
  }

  /// The latest natural time whose working position is at most w: a deadline of w is met by
  /// whatever happens up to this moment. Inside a working window that is the moment w is
  /// reached; at the end of a working day it is the start of the next working window (no
  /// working time passes in between). So `t <= last_time_within(w)` exactly when `at(t) <= w`.
  /// Deadlines past the range are found by walking the calendar on (up to 100 years; then
  /// `never`).
  [[nodiscard]] std::int64_t last_time_within(std::int64_t w) const {
    if (w < 0) return first_time() - 1;
    if (w + 1 <= cumulative_.back()) return time_of(w + 1) - 1;
    std::int64_t rem = w + 1 - cumulative_.back();
    const std::int64_t per_day = calendar_.work_day_seconds();
    if (per_day <= 0) return never;
    for (std::int64_t day = first_day_ + static_cast<std::int64_t>(worked_.size()), end = day + 36600; day < end; ++day) {
      if (!calendar_.is_working_day(day)) continue;
      if (rem > per_day) {
        rem -= per_day;
        continue;
      }
      for (auto [a, b] : windows_) {
        if (rem <= b - a) return day * seconds_per_day + a + rem - 1;
        rem -= b - a;
      }
    }
    return never;
  }

 private:
  Calendar calendar_;
  std::vector<std::pair<std::int32_t, std::int32_t>> windows_;
  std::int64_t first_day_ = 0;
  std::vector<std::int64_t> cumulative_{0};
  std::vector<std::uint8_t> worked_;
};

/// One urgency's clock: natural seconds or working seconds on the calendar.
struct EventClock {
  const WorkClock* work = nullptr;  ///< nullptr = natural clock
  [[nodiscard]] std::int64_t at(std::int64_t t) const { return work ? work->at(t) : t; }
  [[nodiscard]] std::int64_t between(std::int64_t t0, std::int64_t t1) const { return at(t1) - at(t0); }
  [[nodiscard]] std::int64_t add(std::int64_t t, std::int64_t d) const { return work ? work->add(t, d) : t + d; }
  [[nodiscard]] std::int64_t time_of(std::int64_t w) const { return work ? work->time_of(w) : w; }
  /// The latest natural time at which a clock reading of at most w holds (see WorkClock).
  [[nodiscard]] std::int64_t last_time_within(std::int64_t w) const { return work ? work->last_time_within(w) : w; }
};

}  // namespace gridgov::escalation
