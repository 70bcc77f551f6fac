// Working time on a calendar, in integer seconds, over a finite range of days.
//
// W(t) is the number of working seconds from the first day of the range up to the natural time
// t (seconds since 1970-01-01, local time). `add(t, d)` is the earliest natural time whose W is
// W(t) + d, so W(add(t, d)) - W(t) == d exactly: a clock started by the simulator and re-measured
// by the evaluator from the log always reads the same.
#pragma once

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "gridgov/escalation/policy.hpp"

namespace gridgov::escalation {

inline constexpr std::int64_t seconds_per_day = 86400;
inline constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();

[[nodiscard]] constexpr std::int64_t floor_day(std::int64_t t) noexcept {
  return t >= 0 ? t / seconds_per_day : -((-t + seconds_per_day - 1) / seconds_per_day);
}

class WorkClock {
 public:
  WorkClock() = default;
  /// Covers the days [first_day, first_day + days) (at least one).
  WorkClock(const Calendar& calendar, std::int64_t first_day, std::int64_t days);

  [[nodiscard]] std::int64_t first_time() const noexcept { return first_day_ * seconds_per_day; }
  [[nodiscard]] std::int64_t end_time() const noexcept {
    return (first_day_ + static_cast<std::int64_t>(worked_.size())) * seconds_per_day;
  }
  [[nodiscard]] bool covers(std::int64_t t) const noexcept { return t >= first_time() && t <= end_time(); }

  /// Working seconds from the start of the range to t; InputError when t lies outside the range.
  [[nodiscard]] std::int64_t at(std::int64_t t) const;

  /// Working seconds between two natural times.
  [[nodiscard]] std::int64_t between(std::int64_t t0, std::int64_t t1) const { return at(t1) - at(t0); }

  /// The earliest natural time at working position w (W(result) == w), or `never` when w lies
  /// past the range.
  [[nodiscard]] std::int64_t time_of(std::int64_t w) const noexcept;

  /// The natural time `d` working seconds after t (t itself when d <= 0; `never` past the range).
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
  [[nodiscard]] std::int64_t last_time_within(std::int64_t w) const;

 private:
  Calendar calendar_;
  std::vector<std::pair<std::int32_t, std::int32_t>> windows_;
  std::int64_t first_day_ = 0;
  std::vector<std::int64_t> cumulative_{0};
  std::vector<std::uint8_t> worked_;
};

}  // namespace gridgov::escalation
