// Reader for Beasley's OR-Library p-median files.
#include "gridgov/coverage/orlib.hpp"

#include <fstream>
#include <limits>

#include "gridgov/core/csr.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/traversal.hpp"

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
  CsrGraph graph;
  std::vector<double> length;
  graph.offsets.reserve(N + 1);
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = 0; j < N; ++j)
      if (i != j && direct[i * N + j] < std::numeric_limits<double>::infinity())
        graph.targets.push_back(static_cast<node_id>(j)), length.push_back(direct[i * N + j]);
    graph.offsets.push_back(static_cast<edge_id>(graph.targets.size()));
  }
  OrlibPmed out;
  out.n = static_cast<node_id>(n);
  out.p = static_cast<node_id>(p);
  out.costs.assign(N * N, std::numeric_limits<double>::infinity());
  // All pairs: one unbounded search of the traversal layer from every vertex.
  ShortestPaths paths(graph.view(), length);
  Reached reached;
  for (std::size_t s = 0; s < N; ++s) {
    const auto source = static_cast<node_id>(s);
    paths.within({&source, 1}, std::numeric_limits<double>::infinity(), reached);
    double* row = out.costs.data() + s * N;
    for (std::size_t k = 0; k < reached.nodes.size(); ++k) row[reached.nodes[k]] = reached.distance[k];
  }
  return out;
}

}  // namespace gridgov::coverage
