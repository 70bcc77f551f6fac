// The traversal layer against brute force: Floyd-Warshall distances, BFS components.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <vector>

#include "gridgov/core/csr.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/random.hpp"
#include "gridgov/core/traversal.hpp"

namespace gg = gridgov;

namespace {

struct RandomGraph {
  gg::CsrGraph csr;
  std::vector<double> length;  // parallel to csr.targets, symmetric
};

// A random undirected graph with n nodes and about m edges; lengths are small integers (many
// ties), including zeros when `zeros`.
RandomGraph random_graph(gg::Rng& rng, int n, int m, bool zeros = true) {
  std::vector<std::pair<gg::node_id, gg::node_id>> edges;
  std::map<std::pair<int, int>, double> len;
  for (int e = 0; e < m; ++e) {
    int a = static_cast<int>(rng.below(static_cast<std::uint64_t>(n)));
    int b = static_cast<int>(rng.below(static_cast<std::uint64_t>(n)));
    if (a == b) continue;
    if (a > b) std::swap(a, b);
    if (len.count({a, b})) continue;
    len[{a, b}] = static_cast<double>(zeros ? rng.below(4) : 1 + rng.below(3));
    edges.emplace_back(a, b);
  }
  RandomGraph g;
  g.csr = gg::csr_from_edges(n, edges);
  for (gg::node_id v = 0; v < n; ++v)
    for (gg::node_id u : g.csr.view().neighbours(v)) g.length.push_back(len.at({std::min(u, v), std::max(u, v)}));
  return g;
}

std::vector<std::vector<double>> floyd_warshall(const RandomGraph& g) {
  const gg::node_id n = g.csr.num_nodes();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> d(static_cast<std::size_t>(n), std::vector<double>(static_cast<std::size_t>(n), inf));
  for (gg::node_id v = 0; v < n; ++v) {
    d[v][v] = 0;
    for (auto a = g.csr.offsets[v]; a < g.csr.offsets[v + 1]; ++a) {
      const auto u = g.csr.targets[static_cast<std::size_t>(a)];
      d[v][u] = std::min(d[v][u], g.length[static_cast<std::size_t>(a)]);
    }
  }
  for (gg::node_id k = 0; k < n; ++k)
    for (gg::node_id i = 0; i < n; ++i)
      for (gg::node_id j = 0; j < n; ++j) d[i][j] = std::min(d[i][j], d[i][k] + d[k][j]);
  return d;
}

}  // namespace

TEST(UnionFind, JoinsAndFinds) {
  gg::UnionFind sets(6);
  EXPECT_TRUE(sets.unite(0, 1));
  EXPECT_TRUE(sets.unite(2, 3));
  EXPECT_FALSE(sets.unite(1, 0));
  EXPECT_TRUE(sets.unite(1, 3));
  EXPECT_EQ(sets.find(0), sets.find(2));
  EXPECT_NE(sets.find(0), sets.find(4));
  EXPECT_NE(sets.find(4), sets.find(5));
  EXPECT_THROW(gg::UnionFind(-1), gg::InputError);
}

TEST(Components, MatchBreadthFirstSearchOnRandomGraphs) {
  gg::Rng rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    const int n = 1 + static_cast<int>(rng.below(40));
    const auto g = random_graph(rng, n, static_cast<int>(rng.below(60)));
    std::vector<std::int32_t> comp(static_cast<std::size_t>(n));
    const auto c = gg::connected_components(g.csr.view(), comp);
    // Brute force: BFS from each unvisited node in id order gives the documented numbering.
    std::vector<std::int32_t> expect(static_cast<std::size_t>(n), -1);
    std::int32_t next = 0;
    for (gg::node_id s = 0; s < n; ++s) {
      if (expect[s] >= 0) continue;
      std::vector<gg::node_id> stack{s};
      expect[s] = next;
      while (!stack.empty()) {
        const auto v = stack.back();
        stack.pop_back();
        for (gg::node_id u : g.csr.view().neighbours(v))
          if (expect[u] < 0) expect[u] = next, stack.push_back(u);
      }
      ++next;
    }
    ASSERT_EQ(c, next);
    ASSERT_EQ(comp, expect);
    // Per part: a random labelling, counted against BFS inside each part.
    const int k = 1 + static_cast<int>(rng.below(5));
    std::vector<std::int32_t> labels(static_cast<std::size_t>(n));
    for (auto& l : labels) l = static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(k + 1))) - 1;  // some -1
    const auto per = gg::components_per_part(g.csr.view(), labels, k);
    std::vector<std::int32_t> brute(static_cast<std::size_t>(k), 0);
    std::vector<char> seen(static_cast<std::size_t>(n), 0);
    for (gg::node_id s = 0; s < n; ++s) {
      if (labels[s] < 0 || seen[s]) continue;
      ++brute[static_cast<std::size_t>(labels[s])];
      std::vector<gg::node_id> stack{s};
      seen[s] = 1;
      while (!stack.empty()) {
        const auto v = stack.back();
        stack.pop_back();
        for (gg::node_id u : g.csr.view().neighbours(v))
          if (!seen[u] && labels[u] == labels[s]) seen[u] = 1, stack.push_back(u);
      }
    }
    ASSERT_EQ(per, brute);
  }
}

TEST(Components, RejectsBadLabels) {
  const std::vector<std::pair<gg::node_id, gg::node_id>> edges{{0, 1}};
  const auto g = gg::csr_from_edges(2, edges);
  const std::vector<std::int32_t> labels{0, 3};
  EXPECT_THROW(gg::components_per_part(g.view(), labels, 2), gg::InputError);
  std::vector<std::int32_t> short_out(1);
  EXPECT_THROW(gg::connected_components(g.view(), short_out), gg::InputError);
}

TEST(ShortestPaths, WithinRadiusMatchesFloydWarshall) {
  gg::Rng rng(11);
  for (int trial = 0; trial < 150; ++trial) {
    const int n = 1 + static_cast<int>(rng.below(30));
    // Even trials have zero-length arcs: ties between equally near sources must still go to the
    // smaller source exactly (the search orders labels by distance, then source).
    const bool zeros = trial % 2 == 0;
    const auto g = random_graph(rng, n, static_cast<int>(rng.below(70)), zeros);
    const auto d = floyd_warshall(g);
    gg::ShortestPaths paths(g.csr.view(), g.length);
    gg::Reached reached;
    for (int search = 0; search < 4; ++search) {
      std::vector<gg::node_id> sources;
      const int count = 1 + static_cast<int>(rng.below(3));
      for (int i = 0; i < count; ++i) sources.push_back(static_cast<gg::node_id>(rng.below(static_cast<std::uint64_t>(n))));
      const double radius = static_cast<double>(rng.below(8));
      paths.within(sources, radius, reached);
      // Expected: every node whose nearest source is within the radius, nearest source by
      // distance then smaller node id.
      std::set<gg::node_id> expected_nodes;
      for (gg::node_id v = 0; v < n; ++v) {
        double best = std::numeric_limits<double>::infinity();
        for (auto s : sources) best = std::min(best, d[s][v]);
        if (best <= radius) expected_nodes.insert(v);
      }
      ASSERT_EQ(reached.nodes.size(), expected_nodes.size());
      for (std::size_t i = 0; i < reached.nodes.size(); ++i) {
        const auto v = reached.nodes[i];
        ASSERT_TRUE(expected_nodes.count(v));
        double best = std::numeric_limits<double>::infinity();
        gg::node_id best_source = -1;
        for (auto s : sources) {
          if (d[s][v] < best || (d[s][v] == best && s < best_source)) best = d[s][v], best_source = s;
        }
        ASSERT_DOUBLE_EQ(reached.distance[i], best);
        if (i > 0) {
          ASSERT_LE(reached.distance[i - 1], reached.distance[i]);
        }
        const auto got = sources[static_cast<std::size_t>(reached.source[i])];
        ASSERT_DOUBLE_EQ(d[got][v], best);
        ASSERT_EQ(got, best_source);
      }
    }
  }
}

TEST(ShortestPaths, NearestAndInputChecks) {
  const std::vector<std::pair<gg::node_id, gg::node_id>> edges{{0, 1}, {1, 2}, {2, 3}};
  const auto g = gg::csr_from_edges(4, edges);
  const std::vector<double> len{1, 1, 1, 1, 1, 1};
  gg::ShortestPaths paths(g.view(), len);
  std::vector<double> dist(4);
  std::vector<std::int32_t> src(4);
  const std::vector<gg::node_id> sources{3, 0};
  paths.nearest(sources, 10, dist, src);
  EXPECT_EQ(dist, (std::vector<double>{0, 1, 1, 0}));
  EXPECT_EQ(src, (std::vector<std::int32_t>{1, 1, 0, 0}));
  paths.nearest(sources, 0.5, dist, src);
  EXPECT_TRUE(std::isinf(dist[1]));
  EXPECT_EQ(src[1], -1);
  const std::vector<double> negative{1, -1, 1, 1, 1, 1};
  EXPECT_THROW(gg::ShortestPaths(g.view(), negative), gg::InputError);
  const std::vector<gg::node_id> bad{7};
  gg::Reached r;
  EXPECT_THROW(paths.within(bad, 1, r), gg::InputError);
  EXPECT_THROW(paths.within(sources, -1, r), gg::InputError);
  // A bad source after a good one is refused before any label is touched: the next search is clean.
  const std::vector<gg::node_id> good_then_bad{2, 7};
  EXPECT_THROW(paths.within(good_then_bad, 1, r), gg::InputError);
  paths.nearest(sources, 10, dist, src);
  EXPECT_EQ(dist, (std::vector<double>{0, 1, 1, 0}));
  EXPECT_EQ(src, (std::vector<std::int32_t>{1, 1, 0, 0}));
}
