// A portable random number generator and the few distributions gridgov needs.
//
// std::*_distribution may give different numbers under different standard libraries, so the
// same seed would give a different county or partition on another machine. These are written
// out here, on integer arithmetic and correctly rounded double operations only (no
// transcendental function whose last bit could differ is used where exactness matters:
// log/exp/cos come from <cmath> which is correctly rounded enough on glibc and musl for our
// purposes; results are pinned by a hash test on seed_county(0)).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "gridgov/core/errors.hpp"

namespace gridgov {

/// SplitMix64: used to expand a user seed into generator state.
inline std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// xoshiro256** by Blackman and Vigna: fast, good quality, identical on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) noexcept { reseed(seed); }

  void reseed(std::uint64_t seed) noexcept {
    std::uint64_t s = seed;
    for (auto& word : state_) word = splitmix64(s);
  }

  /// A derived, independent stream (e.g. one per community) that does not depend on how many
  /// numbers the parent stream has drawn.
  [[nodiscard]] static Rng stream(std::uint64_t seed, std::uint64_t stream_id) noexcept {
    std::uint64_t s = seed ^ (0xd1b54a32d192ed03ULL * (stream_id + 1));
    return Rng(splitmix64(s));
  }

  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform double in [lo, hi).
  double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }

  /// Uniform integer in [0, n) without modulo bias (Lemire's method). n must be > 0.
  std::uint64_t below(std::uint64_t n) noexcept {
    __uint128_t m = static_cast<__uint128_t>(next()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<__uint128_t>(next()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  /// Uniform integer in [lo, hi] (inclusive).
  std::int64_t integer(std::int64_t lo, std::int64_t hi) noexcept {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }

  bool bernoulli(double p) noexcept { return uniform() < p; }

  /// Exponential with the given rate (mean 1 / rate).
  double exponential(double rate) noexcept { return -std::log1p(-uniform()) / rate; }

  /// Standard normal by the Marsaglia polar method (no trigonometry).
  double normal() noexcept {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }

  double normal(double mean, double sd) noexcept { return mean + sd * normal(); }

  double lognormal(double mu, double sigma) noexcept { return std::exp(normal(mu, sigma)); }

  /// Poisson by inversion for small means and by a normal approximation for large ones
  /// (gridgov draws event counts per day, where means are small).
  std::int64_t poisson(double mean) noexcept {
    if (mean <= 0) return 0;
    if (mean > 500) {
      const double x = std::floor(normal(mean, std::sqrt(mean)) + 0.5);
      return x < 0 ? 0 : static_cast<std::int64_t>(x);
    }
    // Split large means to keep exp(-mean) away from underflow.
    std::int64_t total = 0;
    while (mean > 30) {
      total += poisson(30);
      mean -= 30;
    }
    const double limit = std::exp(-mean);
    double p = uniform();
    std::int64_t k = 0;
    while (p > limit) {
      p *= uniform();
      ++k;
    }
    return total + k;
  }

  /// Index drawn with probability proportional to weights (linear scan; weights >= 0).
  std::size_t weighted_index(std::span<const double> weights) noexcept {
    double total = 0;
    for (double w : weights) total += w;
    double r = uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.empty() ? 0 : weights.size() - 1;
  }

  /// Fisher-Yates shuffle.
  template <class T>
  void shuffle(std::span<T> items) noexcept {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::size_t j = static_cast<std::size_t>(below(i));
      std::swap(items[i - 1], items[j]);
    }
  }
  template <class T>
  void shuffle(std::vector<T>& items) noexcept {
    shuffle(std::span<T>(items));
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4]{};
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace gridgov
