// Reader for Beasley's OR-Library p-median files.
#include "gridgov/coverage/orlib.hpp"

#include <fstream>
#include <limits>
#include <queue>
#include <utility>

#include "gridgov/core/errors.hpp"

namespace gridgov::coverage {

OrlibPmed read_orlib_pmed(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw FormatError("cannot open OR-Library file '" + path + "'");
  long long n = 0, edges = 0, p = 0;
  if (!(in >> n >> edges >> p) || n <= 0 || edges < 0 || p <= 0 || p > n || n > 100000)
    throw FormatError(path + ": the first line must be 'n m p' with 0 < p <= n");
  const auto N = static_cast<std::size_t>(n);
  // Last duplicate wins: keep the edge weights in an n x n table first.
  std::vector<double> direct(N * N, std::numeric_limits<double>::infinity());
  for (long long e = 0; e < edges; ++e) {
    long long i = 0, j = 0;
    double c = 0;
    if (!(in >> i >> j >> c))
      throw FormatError(path + ": edge line " + std::to_string(e + 1) + " of " + std::to_string(edges) + " is missing or malformed");
    if (i < 1 || j < 1 || i > n || j > n || !(c >= 0))
      throw FormatError(path + ": edge line " + std::to_string(e + 1) + " (" + std::to_string(i) + " " +
                        std::to_string(j) + " " + std::to_string(c) + ") names a vertex outside 1.." +
                        std::to_string(n) + " or has a negative cost");
    direct[static_cast<std::size_t>(i - 1) * N + static_cast<std::size_t>(j - 1)] = c;
    direct[static_cast<std::size_t>(j - 1) * N + static_cast<std::size_t>(i - 1)] = c;
  }
  std::vector<std::vector<std::pair<node_id, double>>> adj(N);
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = 0; j < N; ++j)
      if (i != j && direct[i * N + j] < std::numeric_limits<double>::infinity())
        adj[i].emplace_back(static_cast<node_id>(j), direct[i * N + j]);
  OrlibPmed out;
  out.n = static_cast<node_id>(n);
  out.p = static_cast<node_id>(p);
  out.costs.assign(N * N, std::numeric_limits<double>::infinity());
  using Entry = std::pair<double, node_id>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  for (std::size_t s = 0; s < N; ++s) {
    double* dist = out.costs.data() + s * N;
    dist[s] = 0;
    heap.emplace(0.0, static_cast<node_id>(s));
    while (!heap.empty()) {
      auto [d, v] = heap.top();
      heap.pop();
      if (d > dist[v]) continue;
      for (auto [u, c] : adj[static_cast<std::size_t>(v)])
        if (d + c < dist[u]) dist[u] = d + c, heap.emplace(d + c, u);
    }
  }
  return out;
}

}  // namespace gridgov::coverage
