// Names the policy's text forms share (JSON keys, validation messages). Private to src/escalation.
#pragma once

#include <string>

#include "gridgov/escalation/policy.hpp"

namespace gridgov::escalation {

inline constexpr const char* stage_names[stage_count] = {"accept", "dispatch", "feedback", "verify"};
inline constexpr const char* weekday_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

inline std::string tier_code(int t) { return std::string(tier_codes[static_cast<std::size_t>(t)]); }
inline std::string urgency_code(int u) { return std::string(urgency_codes[static_cast<std::size_t>(u)]); }

}  // namespace gridgov::escalation
