// Numbers in planning messages, written as a planner reads them (private to src/planning).
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

namespace gridgov::planning::text {

/// A whole count with thousands separators: 61880 -> "61,880".
inline std::string count(double value) {
  const long long v = std::llround(value);
  const std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out = v < 0 ? "-" : "";
  // Appending rather than inserting into the middle: GCC 12 warns falsely on the latter.
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

/// A number in its shortest form (as printf's %g): 0.05 -> "0.05", 300 -> "300".
inline std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

}  // namespace gridgov::planning::text
