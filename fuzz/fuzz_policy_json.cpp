// libFuzzer target: the escalation policy's JSON reader (EscalationPolicy::from_json).
//
// The reader must either return a valid policy or throw a gridgov::Error (FormatError for text
// that is not JSON, VersionError for a newer format, PolicyError naming the key path for
// everything else); any other exception, a crash, a sanitizer report or a large allocation is a
// finding. A policy it reads must write and read back to the same text.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gridgov/core/errors.hpp"
#include "gridgov/escalation/policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  gridgov::escalation::EscalationPolicy policy;
  try {
    policy = gridgov::escalation::EscalationPolicy::from_json(text);
  } catch (const gridgov::Error&) {
    return 0;  // a typed refusal is the right answer to a bad policy
  }
  const std::string once = policy.to_json();
  const std::string twice = gridgov::escalation::EscalationPolicy::from_json(once).to_json();
  if (once != twice) {
    std::fprintf(stderr, "a policy read from JSON does not write and read back to the same text\n");
    std::abort();
  }
  return 0;
}
