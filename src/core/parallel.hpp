// Independent pieces of work (communities, counties) on the machine's cores. Internal: not
// installed. std::thread rather than a task library: the pieces are few (tens to thousands) and
// coarse, and a shared counter hands them out with no dependency to install or configure.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace gridgov::core {

/// Runs f(i) for every i in [0, n) on up to `threads` threads (0: one per core), each index once.
/// f must write only its own results, so the outcome does not depend on the thread count. When
/// calls fail, the failure of the lowest index is rethrown after every thread has finished, so
/// the error does not depend on the thread count either.
template <class F>
void for_each_parallel(std::size_t n, unsigned threads, F&& f) {
  std::vector<std::exception_ptr> errors(n);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < n;) {
      try {
        f(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  threads = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, n));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace gridgov::core
