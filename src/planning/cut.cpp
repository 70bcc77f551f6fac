// One community's grids: the household band and the tolerance ladder
// (include/gridgov/planning/draw_grids.hpp).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "gridgov/balance/partition.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/planning/draw_grids.hpp"
#include "planning/text.hpp"

namespace gridgov::planning {

namespace {

// Households per part.
std::vector<double> part_sums(std::span<const std::int32_t> parts, std::span<const double> values, std::int32_t k) {
  std::vector<double> sum(static_cast<std::size_t>(k), 0.0);
  for (std::size_t i = 0; i < parts.size(); ++i) sum[static_cast<std::size_t>(parts[i])] += values[i];
  return sum;
}

bool inside(const std::vector<double>& sums, const HouseholdBand& band) {
  return std::all_of(sums.begin(), sums.end(), [&](double h) { return h >= band.low && h <= band.high; });
}

// Why a community's grids cannot all sit inside the band, most specific reason first.
std::string band_reason(std::span<const double> households, std::int32_t k, const HouseholdBand& band) {
  const double total = std::accumulate(households.begin(), households.end(), 0.0);
  const auto largest = std::max_element(households.begin(), households.end());
  if (largest != households.end() && *largest > band.high)
    return messages::format("grids.reason_building",
                            {{"households", text::count(*largest)}, {"high", text::count(band.high)}});
  if (static_cast<std::size_t>(k) > households.size())
    return messages::format("grids.reason_few_buildings",
                            {{"buildings", std::to_string(households.size())}, {"k", std::to_string(k)}});
  const double average = total / k;
  if (average < band.low || average > band.high)
    return messages::format("grids.reason_average",
                            {{"total", text::count(total)}, {"k", std::to_string(k)}, {"average", text::count(average)}});
  return messages::format("grids.reason_shape");
}

}  // namespace

CommunityCut cut_community(CsrView graph, std::span<const double> weights, int d, std::span<const double> households,
                           std::int32_t k, const CutOptions& options) {
  const node_id n = graph.num_nodes();
  if (d < 1) throw InputError("cut_community: at least one workload column");
  if (weights.size() != static_cast<std::size_t>(n) * static_cast<std::size_t>(d) ||
      households.size() != static_cast<std::size_t>(n))
    throw InputError("cut_community: one workload row and one household count per building");
  if (k < 1 || k > n)
    throw InfeasibleError(messages::format("grids.cut_k_above_buildings",
                                           {{"k", std::to_string(k)}, {"n", std::to_string(n)}}));
  if (!(options.tol >= 0 && options.tol < 1)) throw InputError("cut_community: tol must lie in [0, 1)");
  std::vector<double> totals(static_cast<std::size_t>(d), 0.0);
  for (node_id v = 0; v < n; ++v)
    for (int c = 0; c < d; ++c) totals[static_cast<std::size_t>(c)] += weights[static_cast<std::size_t>(v) * d + c];
  // With a band, households are one more column, held to the band's absolute bounds.
  const int columns = options.band ? d + 1 : d;
  std::vector<double> matrix;
  std::span<const double> input = weights;
  if (options.band) {
    matrix.resize(static_cast<std::size_t>(n) * columns);
    for (node_id v = 0; v < n; ++v) {
      for (int c = 0; c < d; ++c)
        matrix[static_cast<std::size_t>(v) * columns + c] = weights[static_cast<std::size_t>(v) * d + c];
      matrix[static_cast<std::size_t>(v) * columns + d] = households[static_cast<std::size_t>(v)];
    }
    input = matrix;
  }
  std::vector<double> tolerances{options.tol};
  if (!options.strict)
    for (double t : wider_tolerances)
      if (t > options.tol) tolerances.push_back(t);
  const std::int32_t ks[1] = {k};
  balance::PartitionOptions popt;
  popt.seed = options.seed;
  popt.fixed = options.fixed;
  popt.initial = options.initial;
  popt.effort = options.effort;
  auto attempt = [&](double t, bool with_band, bool strict) {
    popt.strict = strict;
    popt.lower.assign(static_cast<std::size_t>(d), 0.0);
    popt.upper.assign(static_cast<std::size_t>(d), 0.0);
    for (int c = 0; c < d; ++c) {
      popt.lower[static_cast<std::size_t>(c)] = (1 - t) * totals[static_cast<std::size_t>(c)] / k;
      popt.upper[static_cast<std::size_t>(c)] = (1 + t) * totals[static_cast<std::size_t>(c)] / k;
    }
    if (!with_band) return balance::partition(graph, weights, d, ks, popt);
    popt.lower.push_back(options.band->low);
    popt.upper.push_back(options.band->high);
    return balance::partition(graph, input, columns, ks, popt);
  };
  CommunityCut out;
  std::string first_error;
  // The tightest tolerance of the ladder the partitioner meets: the requested one, else the
  // widest, else bisection between them. A failed try is the expensive one (its search runs
  // to the end of its budget), and over the ladder a wider window is as easy to meet or
  // easier, so bisection needs 2-4 tries where walking the ladder needed up to 8 failures
  // (city_buildings(100): 6.0 -> 4.4 s of CPU for the draw, benchmarks/RESULTS.md).
  auto tightest = [&](bool with_band) {
    auto meets = [&](std::size_t i, std::vector<std::int32_t>& parts) {
      try {
        parts = attempt(tolerances[i], with_band, true).labels;
        return true;
      } catch (const InfeasibleError& e) {
        if (i == 0 && first_error.empty()) {
          first_error = e.what();
          out.tol_proven_impossible = e.proven();  // the partitioner's structured flag, never its wording
        }
        return false;
      }
    };
    std::vector<std::int32_t> parts;
    std::size_t ok = tolerances.size() - 1;  // a tolerance met (once one is)
    if (meets(0, parts)) {
      ok = 0;
    } else if (ok == 0 || !meets(ok, parts)) {
      return false;
    } else {
      std::size_t failed = 0;
      while (ok - failed > 1) {
        std::vector<std::int32_t> tighter;
        const std::size_t mid = (failed + ok) / 2;
        if (meets(mid, tighter)) {
          ok = mid;
          parts = std::move(tighter);
        } else {
          failed = mid;
        }
      }
    }
    out.parts = std::move(parts);
    out.tol = tolerances[ok];
    return true;
  };
  tightest(options.band.has_value());
  if (out.parts.empty()) {
    const std::string band_text =
        options.band ? messages::format("grids.band_each", {{"low", text::count(options.band->low)},
                                                            {"high", text::count(options.band->high)}})
                     : "";
    if (options.strict)
      throw InfeasibleError(messages::format("grids.no_plan_strict",
                                             {{"k", std::to_string(k)},
                                              {"tol", text::number(options.tol)},
                                              {"band_text", band_text},
                                              {"first_error", first_error}}));
    // The band cannot be held at any tolerance: balance the workload alone, as tightly as the
    // buildings allow, and say how far outside the band the grids fall and why.
    if (options.band) tightest(false);
    if (out.parts.empty()) {
      // Not even the widest tolerance: the best plan the partitioner finds (connected, none empty).
      out.parts = attempt(tolerances.back(), false, false).labels;
      out.tol = tolerances.back();
      out.balanced = false;
    }
  }
  if (options.band) {
    const auto sums = part_sums(out.parts, households, k);
    out.band_held = inside(sums, *options.band);
    if (!out.band_held) {
      const auto [lo, hi] = std::minmax_element(sums.begin(), sums.end());
      out.finding = messages::format("grids.finding_band", {{"lo", text::count(*lo)},
                                                             {"hi", text::count(*hi)},
                                                             {"low", text::count(options.band->low)},
                                                             {"high", text::count(options.band->high)},
                                                             {"why", band_reason(households, k, *options.band)}});
    }
  }
  if (out.tol > options.tol) {
    const std::string why = messages::format(out.tol_proven_impossible ? "grids.tol_proven" : "grids.tol_not_found");
    const std::string reached = messages::format(out.balanced ? "grids.tol_reached" : "grids.tol_best",
                                                 {{"tol", text::number(out.tol)}});
    const std::string tol_text = messages::format(
        "grids.finding_tol", {{"tol", text::number(options.tol)}, {"k", std::to_string(k)}, {"why", why}, {"reached", reached}});
    out.finding = out.finding.empty() ? tol_text : tol_text + messages::format("list.separator") + out.finding;
  }
  return out;
}

std::vector<std::int32_t> reading_order(std::span<const double> cx, std::span<const double> cy, double row_height) {
  if (cx.size() != cy.size()) throw InputError("reading_order: one x and one y per centroid");
  const std::size_t k = cx.size();
  std::vector<std::int32_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  if (k <= 1) return order;
  if (!(row_height > 0)) row_height = 1.0;
  const double north = *std::max_element(cy.begin(), cy.end());
  std::vector<double> row(k);
  for (std::size_t i = 0; i < k; ++i) row[i] = std::floor((north - cy[i]) / row_height + 1e-9);
  std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
    return row[static_cast<std::size_t>(a)] != row[static_cast<std::size_t>(b)] ? row[static_cast<std::size_t>(a)] < row[static_cast<std::size_t>(b)]
                                                                                 : cx[static_cast<std::size_t>(a)] < cx[static_cast<std::size_t>(b)];
  });
  return order;
}

std::optional<std::int32_t> band_grid_count(double households, HouseholdBand band, double tol, std::int32_t buildings) {
  const double middle = (band.low + band.high) / 2;
  const double margins[2][2] = {{band.low / (1 - tol), band.high / (1 + tol)}, {band.low, band.high}};
  for (const auto& [low, high] : margins) {
    const std::int64_t k_min = high > 0 ? std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(households / high - 1e-9))) : 1;
    std::int64_t k_max = low > 0 ? static_cast<std::int64_t>(std::floor(households / low + 1e-9)) : buildings;
    k_max = std::min<std::int64_t>(k_max, buildings);
    if (k_min > k_max) continue;
    std::int64_t best = k_min;
    for (std::int64_t c = k_min; c <= k_max; ++c)
      if (std::abs(households / static_cast<double>(c) - middle) < std::abs(households / static_cast<double>(best) - middle)) best = c;
    return static_cast<std::int32_t>(best);
  }
  return std::nullopt;
}

std::vector<std::int64_t> largest_remainder(std::int64_t total, std::span<const double> weights, std::int64_t minimum) {
  const auto n = static_cast<std::int64_t>(weights.size());
  if (total < minimum * n)
    throw InfeasibleError(std::to_string(total) + " seats cannot give each of " + std::to_string(n) + " at least " +
                          std::to_string(minimum));
  const std::int64_t spare = total - minimum * n;
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<double> quota(weights.size());
  std::vector<std::int64_t> seats(weights.size());
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    quota[i] = sum > 0 ? static_cast<double>(spare) * weights[i] / sum : static_cast<double>(spare) / static_cast<double>(n);
    seats[i] = static_cast<std::int64_t>(std::floor(quota[i]));
    given += seats[i];
  }
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return quota[a] - static_cast<double>(seats[a]) > quota[b] - static_cast<double>(seats[b]);
  });
  for (std::int64_t i = 0; i < spare - given; ++i) ++seats[order[static_cast<std::size_t>(i)]];
  for (auto& s : seats) s += minimum;
  return seats;
}

}  // namespace gridgov::planning
