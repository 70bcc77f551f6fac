// Tests of gridgov::balance::partition and partition_quality on grid graphs, with the
// guarantees checked by the independent partition_quality measure.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "gridgov/balance/assign.hpp"
#include "gridgov/balance/partition.hpp"
#include "gridgov/balance/quality.hpp"
#include "../../src/balance/exact_cut.hpp"  // private: the exact search is tested directly
#include "../../src/balance/flow_network.hpp"  // private: the maximum flow is tested directly
#include "gridgov/core/random.hpp"

namespace {

using gridgov::CsrGraph;
using gridgov::node_id;

CsrGraph grid_graph(int rows, int cols) {
  std::vector<std::pair<node_id, node_id>> edges;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const node_id v = r * cols + c;
      if (c + 1 < cols) edges.emplace_back(v, v + 1);
      if (r + 1 < rows) edges.emplace_back(v, v + cols);
    }
  return gridgov::csr_from_edges(rows * cols, edges);
}

std::vector<double> random_weights(node_id n, int d, std::uint64_t seed, double lo = 1, double hi = 10) {
  gridgov::Rng rng(seed);
  std::vector<double> w(static_cast<std::size_t>(n) * d);
  for (auto& x : w) x = std::floor(rng.uniform(lo, hi));
  return w;
}

void expect_guarantees(const CsrGraph& g, const std::vector<double>& w, int d, const std::vector<std::int32_t>& labels,
                       std::int32_t k, double tol) {
  auto q = gridgov::balance::partition_quality(g.view(), w, d, labels, k);
  EXPECT_EQ(q.empty_parts, 0);
  EXPECT_EQ(q.disconnected_parts, 0);
  for (int c = 0; c < d; ++c) {
    EXPECT_LE(q.max_ratio[c], 1 + tol + 1e-9) << "column " << c;
    EXPECT_GE(q.min_ratio[c], 1 - tol - 1e-9) << "column " << c;
  }
}

TEST(Partition, GridGraphIsConnectedAndBalanced) {
  const CsrGraph g = grid_graph(40, 40);
  const auto w = random_weights(g.num_nodes(), 1, 1);
  for (std::int32_t k : {2, 7, 16, 50, 160}) {
    gridgov::balance::PartitionOptions opt;
    opt.tol = 0.05;
    const std::int32_t ks[] = {k};
    auto res = gridgov::balance::partition(g.view(), w, 1, ks, opt);
    SCOPED_TRACE(k);
    expect_guarantees(g, w, 1, res.labels, k, 0.05);
    EXPECT_TRUE(res.report.violations.empty());
  }
}

TEST(Partition, TwoWeightColumns) {
  const CsrGraph g = grid_graph(30, 30);
  const auto w = random_weights(g.num_nodes(), 2, 2);
  gridgov::balance::PartitionOptions opt;
  opt.tol = 0.1;
  const std::int32_t ks[] = {12};
  auto res = gridgov::balance::partition(g.view(), w, 2, ks, opt);
  expect_guarantees(g, w, 2, res.labels, 12, 0.1);
}

TEST(Partition, SameSeedSameLabels) {
  const CsrGraph g = grid_graph(25, 25);
  const auto w = random_weights(g.num_nodes(), 1, 3);
  gridgov::balance::PartitionOptions opt;
  opt.seed = 42;
  const std::int32_t ks[] = {20};
  auto a = gridgov::balance::partition(g.view(), w, 1, ks, opt);
  auto b = gridgov::balance::partition(g.view(), w, 1, ks, opt);
  EXPECT_EQ(a.labels, b.labels);
}

TEST(Partition, NodeHeavierThanUpperBoundIsInfeasible) {
  const CsrGraph g = grid_graph(5, 5);
  std::vector<double> w(25, 1.0);
  w[7] = 100;
  const std::int32_t ks[] = {5};
  try {
    gridgov::balance::partition(g.view(), w, 1, ks, {});
    FAIL() << "expected InfeasibleError";
  } catch (const gridgov::InfeasibleError& e) {
    EXPECT_NE(std::string(e.what()).find("node 7"), std::string::npos) << e.what();
  }
  gridgov::balance::PartitionOptions loose;
  loose.strict = false;
  auto res = gridgov::balance::partition(g.view(), w, 1, ks, loose);
  EXPECT_FALSE(res.report.violations.empty());
  auto q = gridgov::balance::partition_quality(g.view(), w, 1, res.labels, 5);
  EXPECT_EQ(q.empty_parts, 0);
  EXPECT_EQ(q.disconnected_parts, 0);
}

TEST(Partition, VCyclesNeverCutMoreAndUsuallyCutLess) {
  // Parts of 600 nodes (coarse-grained). With cycles the first plan leaves its flows to them, and
  // each cycle's plan is kept only when it cuts fewer edges: seed by seed a second cycle never
  // cuts more than the first, and over the seeds two cut less than none. (One cycle against
  // none is measured on real graphs instead, in test_balance.py: on this uniform grid the two
  // are within 0.4 % of each other, 1,132 against 1,128 edges over the six seeds.)
  const CsrGraph g = grid_graph(60, 60);
  const auto w = random_weights(g.num_nodes(), 1, 5);
  const std::int32_t ks[] = {6};
  std::int64_t total_none = 0, total_two = 0;
  for (std::uint64_t seed = 0; seed < 6; ++seed) {
    SCOPED_TRACE(seed);
    std::int64_t cut[3];
    for (int cycles = 0; cycles < 3; ++cycles) {
      gridgov::balance::PartitionOptions opt;
      opt.seed = seed;
      opt.vcycles = cycles;
      const auto res = gridgov::balance::partition(g.view(), w, 1, ks, opt);
      expect_guarantees(g, w, 1, res.labels, 6, 0.05);
      cut[cycles] = gridgov::balance::partition_quality(g.view(), w, 1, res.labels, 6).cut_edges;
      if (cycles == 1) {
        EXPECT_EQ(gridgov::balance::partition(g.view(), w, 1, ks, opt).labels, res.labels);
      }
    }
    EXPECT_LE(cut[2], cut[1]);
    total_none += cut[0];
    total_two += cut[2];
  }
  EXPECT_LT(total_two, total_none);
}

TEST(Partition, VCyclesOutsideTheirRangeAreRejected) {
  const CsrGraph g = grid_graph(4, 4);
  std::vector<double> w(16, 1.0);
  const std::int32_t k2[] = {2};
  for (int bad : {-1, 17}) {
    gridgov::balance::PartitionOptions opt;
    opt.vcycles = bad;
    EXPECT_THROW(gridgov::balance::partition(g.view(), w, 1, k2, opt), gridgov::InputError) << bad;
  }
}

TEST(Partition, BadInputIsRejected) {
  const CsrGraph g = grid_graph(4, 4);
  std::vector<double> w(16, 1.0);
  const std::int32_t k0[] = {0}, k17[] = {17}, k2[] = {2};
  EXPECT_THROW(gridgov::balance::partition(g.view(), w, 1, k0, {}), gridgov::InputError);
  EXPECT_THROW(gridgov::balance::partition(g.view(), w, 1, k17, {}), gridgov::InfeasibleError);
  std::vector<double> bad = w;
  bad[3] = -1;
  EXPECT_THROW(gridgov::balance::partition(g.view(), bad, 1, k2, {}), gridgov::InputError);
  bad[3] = std::nan("");
  EXPECT_THROW(gridgov::balance::partition(g.view(), bad, 1, k2, {}), gridgov::InputError);
  // Asymmetric: drop one reverse arc.
  std::vector<gridgov::edge_id> off = {0, 1, 1};
  std::vector<node_id> tgt = {1};
  std::vector<double> w2 = {1, 1};
  EXPECT_THROW(gridgov::balance::partition({off, tgt}, w2, 1, std::span<const std::int32_t>(k2, 1), {}), gridgov::InputError);
  // Self loop.
  std::vector<gridgov::edge_id> off2 = {0, 2, 3};
  std::vector<node_id> tgt2 = {0, 1, 0};
  EXPECT_THROW(gridgov::balance::partition({off2, tgt2}, w2, 1, k2, {}), gridgov::InputError);
}

TEST(Partition, ArithmeticInfeasibilityIsProvenAtOnce) {
  // Every part of a 40 x 40 grid of unit nodes in 37 parts at tol 0.001 must weigh 43.2 .. 43.29:
  // no whole number lies there. Arithmetic says so before any search, and says it is a proof.
  const CsrGraph g = grid_graph(40, 40);
  const std::vector<double> w(1600, 1.0);
  const std::int32_t ks[] = {37};
  gridgov::balance::PartitionOptions tight;
  tight.tol = 0.001;
  try {
    gridgov::balance::partition(g.view(), w, 1, ks, tight);
    FAIL() << "expected InfeasibleError";
  } catch (const gridgov::InfeasibleError& e) {
    EXPECT_TRUE(e.proven()) << e.what();
    EXPECT_NE(std::string(e.what()).find("whole multiple of 1"), std::string::npos) << e.what();
  }
  // strict = false: the plan as balanced as whole numbers allow (43 or 44 a part), connected.
  tight.strict = false;
  auto res = gridgov::balance::partition(g.view(), w, 1, ks, tight);
  auto q = gridgov::balance::partition_quality(g.view(), w, 1, res.labels, 37);
  EXPECT_EQ(q.disconnected_parts, 0);
  for (std::int32_t p = 0; p < 37; ++p) {
    EXPECT_GE(q.part_weight[p], 43.0);
    EXPECT_LE(q.part_weight[p], 44.0);
  }
  // More parts than nodes, a node heavier than a part: proven too.
  const std::int32_t k1601[] = {1601};
  try {
    gridgov::balance::partition(g.view(), w, 1, k1601, {});
    FAIL() << "expected InfeasibleError";
  } catch (const gridgov::InfeasibleError& e) {
    EXPECT_TRUE(e.proven()) << e.what();
  }
  std::vector<double> heavy = w;
  heavy[5] = 1000;
  try {
    gridgov::balance::partition(g.view(), heavy, 1, ks, {});
    FAIL() << "expected InfeasibleError";
  } catch (const gridgov::InfeasibleError& e) {
    EXPECT_TRUE(e.proven()) << e.what();
  }
}

TEST(Partition, DisconnectedGraphGetsPartsByWeight) {
  // Two separate 10x10 grids, the second three times as heavy.
  std::vector<std::pair<node_id, node_id>> edges;
  for (int block = 0; block < 2; ++block)
    for (int r = 0; r < 10; ++r)
      for (int c = 0; c < 10; ++c) {
        const node_id v = block * 100 + r * 10 + c;
        if (c + 1 < 10) edges.emplace_back(v, v + 1);
        if (r + 1 < 10) edges.emplace_back(v, v + 10);
      }
  const CsrGraph g = gridgov::csr_from_edges(200, edges);
  std::vector<double> w(200, 1.0);
  for (int v = 100; v < 200; ++v) w[v] = 3.0;
  const std::int32_t ks[] = {8};
  auto res = gridgov::balance::partition(g.view(), w, 1, ks, {});
  expect_guarantees(g, w, 1, res.labels, 8, 0.05);
  for (int v = 0; v < 100; ++v) EXPECT_LT(res.labels[v], 8);
  std::vector<int> in_first(8, 0);
  for (int v = 0; v < 100; ++v) in_first[res.labels[v]] = 1;
  EXPECT_EQ(std::accumulate(in_first.begin(), in_first.end(), 0), 2);  // 2 parts + 6 parts
  // A light component cannot make a part of its own.
  std::vector<double> w2(200, 1.0);
  for (int v = 0; v < 100; ++v) w2[v] = 0.01;
  EXPECT_THROW(gridgov::balance::partition(g.view(), w2, 1, ks, {}), gridgov::InfeasibleError);
}

TEST(Partition, RegionsAreNotCrossed) {
  const CsrGraph g = grid_graph(20, 20);
  const auto w = random_weights(400, 1, 5);
  std::vector<std::int32_t> regions(400);
  for (int v = 0; v < 400; ++v) regions[v] = (v % 20) < 8 ? 0 : 1;
  gridgov::balance::PartitionOptions opt;
  opt.regions = regions;
  const std::int32_t ks[] = {3, 5};
  auto res = gridgov::balance::partition(g.view(), w, 1, ks, opt);
  for (int v = 0; v < 400; ++v) EXPECT_EQ(res.labels[v] < 3 ? 0 : 1, regions[v]);
  auto q = gridgov::balance::partition_quality(g.view(), w, 1, res.labels, 8);
  EXPECT_EQ(q.disconnected_parts, 0);
  EXPECT_EQ(q.empty_parts, 0);
  // One k spread by weight.
  const std::int32_t k10[] = {10};
  auto res2 = gridgov::balance::partition(g.view(), w, 1, k10, opt);
  auto q2 = gridgov::balance::partition_quality(g.view(), w, 1, res2.labels, 10);
  EXPECT_EQ(q2.disconnected_parts, 0);
  for (int v = 0; v < 400; ++v) EXPECT_EQ(res2.report.part_region[res2.labels[v]], regions[v]);
}

TEST(Partition, FixedNodesStay) {
  const CsrGraph g = grid_graph(20, 20);
  const auto w = random_weights(400, 1, 6);
  std::vector<std::int32_t> fixed(400, -1);
  fixed[0] = 3;
  fixed[399] = 0;
  fixed[210] = 5;
  gridgov::balance::PartitionOptions opt;
  opt.fixed = fixed;
  const std::int32_t ks[] = {6};
  auto res = gridgov::balance::partition(g.view(), w, 1, ks, opt);
  EXPECT_EQ(res.labels[0], 3);
  EXPECT_EQ(res.labels[399], 0);
  EXPECT_EQ(res.labels[210], 5);
  expect_guarantees(g, w, 1, res.labels, 6, 0.05);
}

TEST(Partition, InitialPlanIsRebalancedWithFewMoves) {
  const CsrGraph g = grid_graph(20, 20);
  std::vector<double> w(400, 1.0);
  // Four vertical strips of widths 4, 6, 5, 5: the first two are off by 20 %.
  std::vector<std::int32_t> initial(400);
  for (int v = 0; v < 400; ++v) {
    const int c = v % 20;
    initial[v] = c < 4 ? 0 : c < 10 ? 1 : c < 15 ? 2 : 3;
  }
  gridgov::balance::PartitionOptions opt;
  opt.initial = initial;
  const std::int32_t ks[] = {4};
  auto res = gridgov::balance::partition(g.view(), w, 1, ks, opt);
  expect_guarantees(g, w, 1, res.labels, 4, 0.05);
  EXPECT_GT(res.report.moved_nodes, 0);
  EXPECT_LE(res.report.moved_nodes, 40);  // 20 nodes must move; a redraw would move hundreds
  // A disconnected initial part is bad input.
  std::vector<std::int32_t> broken = initial;
  broken[0] = 2;
  opt.initial = broken;
  EXPECT_THROW(gridgov::balance::partition(g.view(), w, 1, ks, opt), gridgov::InputError);
}

TEST(PartitionQuality, CountsCutsPiecesAndEmpties) {
  const CsrGraph g = grid_graph(2, 3);  // 0-1-2 / 3-4-5
  std::vector<double> w = {1, 1, 1, 1, 1, 1};
  std::vector<std::int32_t> labels = {0, 1, 0, 0, 0, 0};
  auto q = gridgov::balance::partition_quality(g.view(), w, 1, labels, 3);
  EXPECT_EQ(q.parts, 3);
  EXPECT_EQ(q.cut_edges, 3);
  EXPECT_EQ(q.empty_parts, 1);
  EXPECT_EQ(q.disconnected_parts, 0);
  EXPECT_DOUBLE_EQ(q.max_ratio[0], 5.0 / 2.0);
  std::vector<std::int32_t> split = {0, 1, 0, 1, 1, 1};
  auto q2 = gridgov::balance::partition_quality(g.view(), w, 1, split, 2);
  EXPECT_EQ(q2.disconnected_parts, 1);
}

TEST(PartitionQuality, AnEmptyPlanHasNoPartsAndRatiosOfZero) {
  // No nodes, no parts: both ratios are 0 (not the +infinity the minimum starts from).
  const CsrGraph g = gridgov::csr_from_edges(0, {});
  const auto q = gridgov::balance::partition_quality(g.view(), {}, 1, {});
  EXPECT_EQ(q.parts, 0);
  ASSERT_EQ(q.min_ratio.size(), 1u);
  EXPECT_EQ(q.min_ratio[0], 0.0);
  EXPECT_EQ(q.max_ratio[0], 0.0);
  EXPECT_EQ(q.cut_edges, 0);
}

TEST(PartitionQuality, KAndLabelsAreBoundedByTheGraph) {
  // No array is sized by a label alone: k and labels beyond the node count are InputErrors
  // naming the node, whether k is given or taken from the labels.
  const CsrGraph g = grid_graph(2, 3);
  const std::vector<double> w(6, 1.0);
  const std::vector<std::int32_t> ok = {0, 0, 1, 1, 2, 2};
  for (std::int32_t k : {-5, 0, 7, std::numeric_limits<std::int32_t>::max()})
    EXPECT_THROW(gridgov::balance::partition_quality(g.view(), w, 1, ok, k), gridgov::InputError) << k;
  std::vector<std::int32_t> huge = ok;
  huge[4] = std::numeric_limits<std::int32_t>::max();
  try {
    gridgov::balance::partition_quality(g.view(), w, 1, huge);
    FAIL() << "expected InputError";
  } catch (const gridgov::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("node 4"), std::string::npos) << e.what();
  }
  EXPECT_THROW(gridgov::balance::partition_quality(g.view(), w, 1, ok, 2), gridgov::InputError);  // label 2 >= k
  EXPECT_EQ(gridgov::balance::partition_quality(g.view(), w, 1, ok, 6).empty_parts, 3);
}

}  // namespace

namespace {

gridgov::balance::detail::WeightedGraph weighted(const CsrGraph& g, const std::vector<double>& w) {
  gridgov::balance::detail::WeightedGraph wg;
  wg.offsets = g.offsets;
  wg.targets = g.targets;
  wg.edge_weight.assign(g.targets.size(), 1);
  wg.weight = w;
  return wg;
}

TEST(ExactCut, FindsTheOnlyBalancedCutsOfASmallGrid) {
  // 4 x 4 grid, unit weights, 4 parts of exactly 4 nodes: tetromino tilings exist.
  const CsrGraph g = grid_graph(4, 4);
  const auto wg = weighted(g, std::vector<double>(16, 1.0));
  gridgov::balance::detail::PartBounds b{{4.0}, {4.0}, {4.0}};
  std::vector<node_id> nodes(16);
  std::iota(nodes.begin(), nodes.end(), 0);
  auto piece = gridgov::balance::detail::ExactCut(wg, nodes, 4, b, 100000).solve();
  ASSERT_EQ(piece.size(), 16u);
  std::vector<std::int32_t> labels(piece.begin(), piece.end());
  expect_guarantees(g, std::vector<double>(16, 1.0), 1, labels, 4, 0.0);
  // 3 parts of 16/3 cannot be whole: no answer.
  gridgov::balance::detail::PartBounds b3{{5.2}, {5.5}, {16.0 / 3}};
  gridgov::balance::detail::ExactCut none(wg, nodes, 3, b3, 100000);
  EXPECT_TRUE(none.solve().empty());
  EXPECT_TRUE(none.proven_impossible());
  // With too small a budget the search stops without a proof.
  gridgov::balance::detail::ExactCut short_of_budget(wg, nodes, 3, b3, 3);
  EXPECT_TRUE(short_of_budget.solve().empty());
  EXPECT_FALSE(short_of_budget.proven_impossible());
  // Randomised restarts find the tilings too, and the same stream finds the same one.
  gridgov::Rng r1 = gridgov::Rng::stream(5, 0), r2 = gridgov::Rng::stream(5, 0);
  auto again = gridgov::balance::detail::ExactCut(wg, nodes, 4, b, 0).solve_restarts(100000, r1);
  ASSERT_EQ(again.size(), 16u);
  EXPECT_EQ(again, gridgov::balance::detail::ExactCut(wg, nodes, 4, b, 0).solve_restarts(100000, r2));
}

// The flow refinement's networks are corridors: a band of nodes around a border, the source
// joined to the band's far side in one part and the sink to its far side in the other. On such
// networks with random capacities, missing edges and chords, the maximum flow must equal the
// smallest s-t cut over every subset of the inner nodes (max-flow min-cut; exhaustive oracle),
// the residual searches must return sides whose cut is that minimum, and a cap (`enough`) must
// stop the flow at the cap.
TEST(FlowNetwork, MaxFlowEqualsTheSmallestCutOfRandomCorridors) {
  struct Arc {
    std::int32_t u, v;
    std::int64_t c, back;
  };
  gridgov::Rng rng(20261207);
  int capped = 0;
  for (int instance = 0; instance < 400; ++instance) {
    const auto w = static_cast<std::int32_t>(2 + rng.below(3)), h = static_cast<std::int32_t>(1 + rng.below(4));
    const std::int32_t n = 2 + w * h, s = 0, t = 1;
    auto cell = [&](std::int32_t x, std::int32_t y) { return 2 + y * w + x; };
    std::vector<Arc> arcs;
    for (std::int32_t y = 0; y < h; ++y)
      for (std::int32_t x = 0; x < w; ++x) {
        if (x + 1 < w && rng.bernoulli(0.9)) {
          const auto c = static_cast<std::int64_t>(1 + rng.below(3));
          arcs.push_back({cell(x, y), cell(x + 1, y), c, c});
        }
        if (y + 1 < h && rng.bernoulli(0.9)) {
          const auto c = static_cast<std::int64_t>(1 + rng.below(3));
          arcs.push_back({cell(x, y), cell(x, y + 1), c, c});
        }
      }
    for (int chord = static_cast<int>(rng.below(3)); chord > 0; --chord) {
      const auto a = static_cast<std::int32_t>(2 + rng.below(static_cast<std::uint64_t>(w * h)));
      const auto b = static_cast<std::int32_t>(2 + rng.below(static_cast<std::uint64_t>(w * h)));
      if (a != b) arcs.push_back({a, b, 1, 1});
    }
    for (std::int32_t y = 0; y < h; ++y) {
      if (const auto c = static_cast<std::int64_t>(rng.below(4))) arcs.push_back({s, cell(0, y), c, 0});
      if (const auto c = static_cast<std::int64_t>(rng.below(4))) arcs.push_back({cell(w - 1, y), t, c, 0});
    }
    // The cut of a source side (side[v] = 1), counted over the capacities as given.
    auto cut_of = [&](const std::vector<char>& side) {
      std::int64_t cut = 0;
      for (const Arc& a : arcs) {
        if (side[a.u] && !side[a.v]) cut += a.c;
        if (side[a.v] && !side[a.u]) cut += a.back;
      }
      return cut;
    };
    std::int64_t smallest = std::numeric_limits<std::int64_t>::max();
    std::vector<char> side(static_cast<std::size_t>(n), 0);
    side[s] = 1;
    for (std::uint32_t mask = 0; mask < (1u << (w * h)); ++mask) {
      for (std::int32_t i = 0; i < w * h; ++i) side[2 + i] = static_cast<char>((mask >> i) & 1u);
      smallest = std::min(smallest, cut_of(side));
    }
    gridgov::balance::detail::FlowNetwork net;
    auto fresh = [&] {
      net.reset(n);
      for (const Arc& a : arcs) net.add(a.u, a.v, a.c, a.back);
      net.build();
    };
    fresh();
    ASSERT_EQ(net.max_flow(s, t, std::numeric_limits<std::int64_t>::max()), smallest) << "instance " << instance;
    std::vector<char> source, sink;
    net.source_side(s, source);
    net.sink_side(t, sink);
    EXPECT_TRUE(source[s] && !source[t] && sink[t] && !sink[s]) << "instance " << instance;
    EXPECT_EQ(cut_of(source), smallest) << "instance " << instance;
    std::vector<char> not_sink(sink.size());
    for (std::size_t v = 0; v < sink.size(); ++v) not_sink[v] = !sink[v];
    EXPECT_EQ(cut_of(not_sink), smallest) << "instance " << instance;
    if (smallest > 1) {
      const auto enough = static_cast<std::int64_t>(1 + rng.below(static_cast<std::uint64_t>(smallest - 1)));
      fresh();
      EXPECT_EQ(net.max_flow(s, t, enough), enough) << "instance " << instance;
      ++capped;
    }
  }
  EXPECT_GT(capped, 100);  // the cap was exercised, not only the uncapped flow
}

TEST(Partition, ImpossibleBoundsAreProvenByExhaustiveSearch) {
  // A star of four unit nodes into two parts: every connected cut leaves a lone leaf.
  const CsrGraph star = gridgov::csr_from_edges(4, std::vector<std::pair<node_id, node_id>>{{0, 1}, {0, 2}, {0, 3}});
  const std::vector<double> w(4, 1.0);
  const std::int32_t ks[] = {2};
  try {
    gridgov::balance::partition(star.view(), w, 1, ks, {});
    FAIL() << "expected InfeasibleError";
  } catch (const gridgov::InfeasibleError& e) {
    EXPECT_TRUE(e.proven()) << e.what();
    EXPECT_NE(std::string(e.what()).find("exhaustive search of every connected plan proves"), std::string::npos) << e.what();
  }
}

}  // namespace

namespace {

// Least cost over every assignment of `workers` to grids within [minimum, capacity], by
// enumeration (grids^workers plans), or +inf when none exists.
double brute_force_assignment(const std::vector<double>& cost, int workers, int grids,
                              const std::vector<std::int64_t>& capacity, const std::vector<std::int64_t>& minimum) {
  double best = std::numeric_limits<double>::infinity();
  std::vector<int> pick(static_cast<std::size_t>(workers), 0);
  for (;;) {
    std::vector<std::int64_t> count(static_cast<std::size_t>(grids), 0);
    double total = 0;
    for (int w = 0; w < workers; ++w) {
      ++count[pick[w]];
      total += cost[static_cast<std::size_t>(w) * grids + pick[w]];
    }
    bool ok = true;
    for (int g = 0; g < grids; ++g) ok = ok && count[g] >= minimum[g] && count[g] <= capacity[g];
    if (ok) best = std::min(best, total);
    int w = 0;
    while (w < workers && ++pick[w] == grids) pick[w++] = 0;
    if (w == workers) return best;
  }
}

TEST(MinCostAssignment, MatchesBruteForceOnSmallInstances) {
  int feasible = 0;
  for (std::uint64_t seed = 0; seed < 400; ++seed) {
    gridgov::Rng rng(seed);
    const int workers = 1 + static_cast<int>(rng.below(6)), grids = 1 + static_cast<int>(rng.below(4));
    std::vector<double> cost(static_cast<std::size_t>(workers) * grids);
    for (auto& c : cost) c = seed % 2 ? std::floor(rng.uniform(0, 4)) : rng.uniform(0, 100);  // ties on odd seeds
    if (seed % 3 == 0)
      for (auto& c : cost)
        if (rng.below(5) == 0) c = std::numeric_limits<double>::infinity();
    std::vector<std::int64_t> capacity(static_cast<std::size_t>(grids)), minimum(static_cast<std::size_t>(grids));
    for (int g = 0; g < grids; ++g) {
      capacity[g] = static_cast<std::int64_t>(rng.below(4));
      minimum[g] = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(capacity[g]) + 1)) / 2;
    }
    const double best = brute_force_assignment(cost, workers, grids, capacity, minimum);
    SCOPED_TRACE(seed);
    if (!std::isfinite(best)) {
      EXPECT_THROW(gridgov::balance::min_cost_assignment(cost, workers, grids, capacity, minimum),
                   gridgov::InfeasibleError);
      continue;
    }
    ++feasible;
    const auto res = gridgov::balance::min_cost_assignment(cost, workers, grids, capacity, minimum);
    EXPECT_NEAR(res.total_cost, best, 1e-9);
    std::vector<std::int64_t> count(static_cast<std::size_t>(grids), 0);
    double total = 0;
    for (int w = 0; w < workers; ++w) {
      ++count[res.grid[w]];
      total += cost[static_cast<std::size_t>(w) * grids + res.grid[w]];
    }
    EXPECT_NEAR(total, res.total_cost, 1e-9);
    for (int g = 0; g < grids; ++g) {
      EXPECT_GE(count[g], minimum[g]);
      EXPECT_LE(count[g], capacity[g]);
    }
  }
  EXPECT_GT(feasible, 100);  // the sample exercises the solver, not only its infeasibility checks
}

}  // namespace
