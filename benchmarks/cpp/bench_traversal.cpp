// The traversal layer against Boost.Graph on the same arrays, side by side.
//
// What gridgov does with Dijkstra: many searches stopped at a small radius on one graph (one per
// site for a coverage matrix). ShortestPaths (ours) runs beside Boost.Graph's two Dijkstras, and
// connected_components (ours) beside boost::connected_components, all on the same CSR arrays
// through boost_csr.hpp. Each side reuses its arrays across searches and resets only the nodes a
// search touched.
#include <benchmark/benchmark.h>

#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/dijkstra_shortest_paths_no_color_map.hpp>
#include <boost/property_map/function_property_map.hpp>

#include <cmath>
#include <limits>
#include <queue>
#include <vector>

#include "boost_csr.hpp"
#include "gridgov/core/random.hpp"
#include "gridgov/core/traversal.hpp"

namespace gg = gridgov;

namespace {

// A side x side street grid with lengths 60-140 m, and `sources` spread over it.
struct Grid {
  gg::CsrGraph csr;
  std::vector<double> length;
  std::vector<gg::node_id> sources;
};

const Grid& street_grid() {
  static const Grid grid = [] {
    const int side = 500;
    std::vector<std::pair<gg::node_id, gg::node_id>> edges;
    for (int r = 0; r < side; ++r)
      for (int c = 0; c < side; ++c) {
        const int v = r * side + c;
        if (c + 1 < side) edges.emplace_back(v, v + 1);
        if (r + 1 < side) edges.emplace_back(v, v + side);
      }
    Grid g;
    g.csr = gg::csr_from_edges(side * side, edges);
    gg::Rng rng(1);
    // symmetric lengths: a length per unordered pair from a hash of the pair
    for (gg::node_id v = 0; v < side * side; ++v)
      for (gg::node_id u : g.csr.view().neighbours(v)) {
        std::uint64_t key = static_cast<std::uint64_t>(std::min(u, v)) * 1000003u + static_cast<std::uint64_t>(std::max(u, v));
        g.length.push_back(60.0 + static_cast<double>(gg::splitmix64(key) % 81));
      }
    for (int s = 0; s < 1000; ++s) g.sources.push_back(static_cast<gg::node_id>(rng.below(side * side)));
    return g;
  }();
  return grid;
}

constexpr double radius = 1800.0;  // about 1,000 nodes reached per search

void traversal_within_radius(benchmark::State& state) {
  const Grid& g = street_grid();
  gg::ShortestPaths paths(g.csr.view(), g.length);
  gg::Reached reached;
  std::size_t total = 0;
  for (auto _ : state) {
    total = 0;
    for (gg::node_id s : g.sources) {
      paths.within({&s, 1}, radius, reached);
      total += reached.nodes.size();
    }
    benchmark::DoNotOptimize(total);
  }
  state.counters["reached_per_search"] = static_cast<double>(total) / static_cast<double>(g.sources.size());
}
BENCHMARK(traversal_within_radius)->Unit(benchmark::kMillisecond);

// Boost.Graph's single-source Dijkstra without a colour map on the same arrays: a combine that
// returns infinity past the radius stops the search there; a visitor collects what it reached
// so only those slots are reset.
struct Collect : boost::default_dijkstra_visitor {
  std::vector<gg::node_id>* reached;
  template <class G>
  void discover_vertex(gg::node_id v, const G&) { reached->push_back(v); }
};

void boost_within_radius(benchmark::State& state) {
  const Grid& g = street_grid();
  const gg::CsrView view = g.csr.view();
  const auto n = static_cast<std::size_t>(view.num_nodes());
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> dist(n, inf);
  std::vector<gg::node_id> pred(n);
  std::vector<gg::node_id> reached;
  const auto weight = boost::make_function_property_map<gg::detail::CsrArc, double>(
      [&](const gg::detail::CsrArc& a) { return g.length[static_cast<std::size_t>(a.index)]; });
  const auto combine = [&](double d, double w) { return d + w <= radius ? d + w : inf; };
  std::size_t total = 0;
  for (auto _ : state) {
    total = 0;
    for (gg::node_id s : g.sources) {
      Collect visitor;
      visitor.reached = &reached;
      dist[static_cast<std::size_t>(s)] = 0;
      boost::dijkstra_shortest_paths_no_color_map_no_init(
          view, s, pred.data(), dist.data(), weight, boost::typed_identity_property_map<gg::node_id>(), std::less<double>(),
          combine, inf, 0.0, visitor);
      dist[static_cast<std::size_t>(s)] = inf;
      for (gg::node_id v : reached) dist[static_cast<std::size_t>(v)] = inf;
      total += reached.size();
      reached.clear();
    }
    benchmark::DoNotOptimize(total);
  }
  state.counters["reached_per_search"] = static_cast<double>(total) / static_cast<double>(g.sources.size());
}
BENCHMARK(boost_within_radius)->Unit(benchmark::kMillisecond);

// Boost.Graph's Dijkstra in the only form that starts from several sources (with a colour map):
// it pushes every white neighbour into its queue, relaxed or not, so the radius does not stop it.
// Ten searches only (each walks the whole grid); compare per search.
void boost_colour_map_search(benchmark::State& state) {
  const Grid& g = street_grid();
  const gg::CsrView view = g.csr.view();
  const auto n = static_cast<std::size_t>(view.num_nodes());
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> dist(n, inf);
  std::vector<gg::node_id> pred(n);
  std::vector<boost::default_color_type> colour(n, boost::white_color);
  std::vector<gg::node_id> reached;
  const auto weight = boost::make_function_property_map<gg::detail::CsrArc, double>(
      [&](const gg::detail::CsrArc& a) { return g.length[static_cast<std::size_t>(a.index)]; });
  const auto combine = [&](double d, double w) { return d + w <= radius ? d + w : inf; };
  std::size_t total = 0;
  for (auto _ : state) {
    total = 0;
    for (int i = 0; i < 10; ++i) {
      const gg::node_id s = g.sources[static_cast<std::size_t>(i)];
      Collect visitor;
      visitor.reached = &reached;
      dist[static_cast<std::size_t>(s)] = 0;
      boost::dijkstra_shortest_paths_no_init(view, &s, &s + 1, pred.data(), dist.data(), weight,
                                             boost::typed_identity_property_map<gg::node_id>(), std::less<double>(), combine,
                                             0.0, visitor, colour.data());
      dist[static_cast<std::size_t>(s)] = inf;
      colour[static_cast<std::size_t>(s)] = boost::white_color;
      for (gg::node_id v : reached) dist[static_cast<std::size_t>(v)] = inf, colour[static_cast<std::size_t>(v)] = boost::white_color;
      total += reached.size();
      reached.clear();
    }
    benchmark::DoNotOptimize(total);
  }
  state.counters["reached_per_search"] = static_cast<double>(total) / 10.0;
}
BENCHMARK(boost_colour_map_search)->Unit(benchmark::kMillisecond);

void traversal_components(benchmark::State& state) {
  const Grid& g = street_grid();
  std::vector<std::int32_t> comp(static_cast<std::size_t>(g.csr.num_nodes()));
  for (auto _ : state) benchmark::DoNotOptimize(gg::connected_components(g.csr.view(), comp));
}
BENCHMARK(traversal_components)->Unit(benchmark::kMillisecond);

// Boost.Graph's connected_components on the same arrays (through the CSR adapter), the peer the
// hand-written labelling inside connected_components() must beat.
void boost_components(benchmark::State& state) {
  const Grid& g = street_grid();
  std::vector<std::int32_t> comp(static_cast<std::size_t>(g.csr.num_nodes()));
  for (auto _ : state) benchmark::DoNotOptimize(boost::connected_components(g.csr.view(), comp.data()));
}
BENCHMARK(boost_components)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
