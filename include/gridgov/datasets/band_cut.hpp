// Cutting a sequence into consecutive chunks whose sums fall in a band.
//
// The county generator lays a community's buildings along a serpentine path, so any run of
// consecutive buildings is connected in the building adjacency graph; cutting the path into runs
// whose household totals lie in [lo, hi] therefore gives contiguous grids of the right size.
// A small dynamic programme (not a greedy cut) guarantees the band whenever it can be met.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "gridgov/core/errors.hpp"

namespace gridgov::datasets {

namespace detail {

/// The cut minimising the sum over chunks j of (sum_j * scale - targets[j])^2, every sum in [lo, hi].
inline std::vector<std::size_t> cut_into_band(std::span<const std::int64_t> weights, std::span<const std::int64_t> targets,
                                              std::int64_t scale, std::int64_t lo, std::int64_t hi) {
  const std::size_t n = weights.size(), parts = targets.size();
  if (parts == 0 || parts > n)
    throw InputError("cut_into_band: cannot cut " + std::to_string(n) + " items into " + std::to_string(parts) +
                     " non-empty chunks");
  if (lo > hi) throw InputError("cut_into_band: band [" + std::to_string(lo) + ", " + std::to_string(hi) + "] is empty");
  std::vector<std::int64_t> prefix(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (weights[i] < 0) throw InputError("cut_into_band: weight " + std::to_string(i) + " is negative");
    prefix[i + 1] = prefix[i] + weights[i];
  }
  const std::int64_t total = prefix[n];
  // Squared deviations are summed in int64: keep every term and their sum well inside its range.
  std::int64_t largest_target = 0;
  for (std::int64_t t : targets) largest_target = std::max(largest_target, t < 0 ? -t : t);
  const double reach = static_cast<double>(total) * static_cast<double>(scale) + static_cast<double>(largest_target);
  if (reach * reach * static_cast<double>(parts) > 1.0e18)
    throw InputError("cut_into_band: totals of " + std::to_string(total) + " are too large; scale the weights down");
  constexpr std::int64_t unreachable = std::numeric_limits<std::int64_t>::max();
  // best[j * (n + 1) + i]: least cost of cutting the first i items into j chunks.
  std::vector<std::int64_t> best((parts + 1) * (n + 1), unreachable);
  std::vector<std::size_t> from((parts + 1) * (n + 1), 0);
  best[0] = 0;
  for (std::size_t j = 1; j <= parts; ++j) {
    for (std::size_t i = j; i <= n; ++i) {
      std::int64_t& cell = best[j * (n + 1) + i];
      // Walk the start s of the last chunk backwards while its sum stays <= hi.
      for (std::size_t s = i; s-- > j - 1;) {
        const std::int64_t sum = prefix[i] - prefix[s];
        if (sum > hi) break;
        if (sum < lo) continue;
        const std::int64_t before = best[(j - 1) * (n + 1) + s];
        if (before == unreachable) continue;
        const std::int64_t dev = sum * scale - targets[j - 1];
        const std::int64_t cost = before + dev * dev;
        if (cost < cell) {
          cell = cost;
          from[j * (n + 1) + i] = s;
        }
      }
    }
  }
  if (best[parts * (n + 1) + n] == unreachable)
    throw InfeasibleError("cannot cut " + std::to_string(n) + " items of total " + std::to_string(total) + " into " +
                          std::to_string(parts) + " consecutive chunks with sums in [" + std::to_string(lo) + ", " +
                          std::to_string(hi) + "]; change the number of chunks or the band");
  std::vector<std::size_t> bounds(parts + 1, 0);
  bounds[parts] = n;
  for (std::size_t j = parts, i = n; j > 0; --j) {
    i = from[j * (n + 1) + i];
    bounds[j - 1] = i;
  }
  return bounds;
}

}  // namespace detail

/// Splits `weights` (each >= 0) into exactly `parts` consecutive, non-empty chunks whose sums lie
/// in [lo, hi], minimising the sum of squared deviations from the mean chunk sum (integers only,
/// so the cut is the same on every machine; ties go to the earliest cut). Returns the `parts + 1`
/// chunk boundaries (first 0, last weights.size()). Throws InfeasibleError when no such cut exists.
[[nodiscard]] inline std::vector<std::size_t> cut_into_band(std::span<const std::int64_t> weights, std::size_t parts,
                                                            std::int64_t lo, std::int64_t hi) {
  std::int64_t total = 0;
  for (std::int64_t w : weights) total += w;
  // Cost in units of 1/parts: (sum * parts - total)^2 is parts^2 times the squared deviation.
  const std::vector<std::int64_t> targets(parts, total);
  return detail::cut_into_band(weights, targets, static_cast<std::int64_t>(parts), lo, hi);
}

/// As above with one preferred sum per chunk (`targets.size()` chunks, in order): minimises the sum
/// of squared deviations of chunk j from targets[j] while keeping every sum in [lo, hi].
[[nodiscard]] inline std::vector<std::size_t> cut_into_band(std::span<const std::int64_t> weights,
                                                            std::span<const std::int64_t> targets, std::int64_t lo,
                                                            std::int64_t hi) {
  return detail::cut_into_band(weights, targets, 1, lo, hi);
}

}  // namespace gridgov::datasets
