// Names the policy's text forms share (JSON keys, validation messages). Private to src/escalation.
#pragma once

#include <string>

#include "gridgov/escalation/policy.hpp"

namespace gridgov::escalation {

inline constexpr const char* stage_names[stage_count] = {"accept", "dispatch", "feedback", "verify"};
inline constexpr const char* weekday_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// (appending rather than "L" + to_string: GCC 12 warns falsely on the latter)
inline std::string tier_code(int t) {
  std::string s(1, 'L');
  s.append(std::to_string(t));
  return s;
}
inline std::string urgency_code(int u) {
  std::string s(1, 'U');
  s.append(std::to_string(u));
  return s;
}

}  // namespace gridgov::escalation
