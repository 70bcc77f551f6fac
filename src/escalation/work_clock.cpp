// Working time on a calendar (see work_clock.hpp).
#include "gridgov/escalation/work_clock.hpp"

#include <algorithm>
#include <string>

#include "gridgov/core/errors.hpp"

namespace gridgov::escalation {

WorkClock::WorkClock(const Calendar& calendar, std::int64_t first_day, std::int64_t days)
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

std::int64_t WorkClock::at(std::int64_t t) const {
  if (!covers(t)) throw InputError("time " + std::to_string(t) + " lies outside the working calendar's range");
  const std::int64_t d = floor_day(t) - first_day_;
  if (d >= static_cast<std::int64_t>(worked_.size())) return cumulative_.back();
  std::int64_t w = cumulative_[static_cast<std::size_t>(d)];
  if (worked_[static_cast<std::size_t>(d)]) {
    const std::int64_t tod = t - (first_day_ + d) * seconds_per_day;
    for (auto [a, b] : windows_) w += std::clamp<std::int64_t>(tod - a, 0, b - a);
  }
  return w;
}

std::int64_t WorkClock::time_of(std::int64_t w) const noexcept {
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

std::int64_t WorkClock::last_time_within(std::int64_t w) const {
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

}  // namespace gridgov::escalation
