// Reader for Beasley's OR-Library p-median files (pmed1..pmed40), costs built as its README
// prescribes: the last line of a duplicated edge wins, then all-pairs shortest paths.
#pragma once

#include <string>
#include <vector>

#include "gridgov/core/ids.hpp"

namespace gridgov::coverage {

struct OrlibPmed {
  node_id n = 0;
  node_id p = 0;
  std::vector<double> costs;  ///< n x n, row-major, shortest-path distances
};

/// Reads one pmed file. All-pairs shortest paths by Dijkstra from every vertex over the edge
/// list (sparse: much cheaper than Floyd-Warshall's n^3 on these graphs).
OrlibPmed read_orlib_pmed(const std::string& path);

}  // namespace gridgov::coverage
