// The ingest area: Delaunay adjacency, coordinates, buildings table -> model.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "gridgov/core/csr.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/random.hpp"
#include "gridgov/ingest/adjacency.hpp"
#include "gridgov/ingest/geo.hpp"

namespace gg = gridgov;
namespace ingest = gridgov::ingest;

namespace {

/// Number of connected components of an edge list over n points.
int components(int n, const std::vector<std::pair<gg::node_id, gg::node_id>>& edges) {
  std::vector<int> label(static_cast<std::size_t>(n), -1);
  const gg::CsrGraph g = gg::csr_from_edges(n, edges);
  int count = 0;
  for (int s = 0; s < n; ++s) {
    if (label[s] >= 0) continue;
    std::vector<int> stack{s};
    label[s] = count;
    while (!stack.empty()) {
      int v = stack.back();
      stack.pop_back();
      for (gg::node_id w : g.view().neighbours(v))
        if (label[w] < 0) {
          label[w] = count;
          stack.push_back(w);
        }
    }
    ++count;
  }
  return count;
}

/// The Euclidean minimum spanning tree by Prim's algorithm over all pairs (O(n^2)): every one of
/// its edges is a Delaunay edge, which an independent brute force can check.
std::vector<std::pair<gg::node_id, gg::node_id>> euclidean_mst(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  std::vector<double> best(n, INFINITY);
  std::vector<gg::node_id> from(n, -1);
  std::vector<char> in(n, 0);
  std::vector<std::pair<gg::node_id, gg::node_id>> tree;
  best[0] = 0;
  for (std::size_t step = 0; step < n; ++step) {
    std::size_t v = n;
    for (std::size_t i = 0; i < n; ++i)
      if (!in[i] && (v == n || best[i] < best[v])) v = i;
    in[v] = 1;
    if (from[v] >= 0) tree.emplace_back(std::min<gg::node_id>(from[v], v), std::max<gg::node_id>(from[v], v));
    for (std::size_t i = 0; i < n; ++i) {
      const double d = std::hypot(x[i] - x[v], y[i] - y[v]);
      if (!in[i] && d < best[i]) {
        best[i] = d;
        from[i] = static_cast<gg::node_id>(v);
      }
    }
  }
  return tree;
}

}  // namespace

TEST(DelaunayEdges, ContainTheEuclideanMinimumSpanningTreeAndArePlanar) {
  gg::Rng rng(3);
  std::vector<double> x(400), y(400);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = rng.uniform(0, 2000);
    y[i] = rng.uniform(0, 2000);
  }
  const auto edges = ingest::delaunay_edges(x, y);
  // A triangulation of n points in general position has 3n - 3 - h edges (h on the hull).
  EXPECT_GT(edges.size(), 3 * x.size() - 3 - 60);
  EXPECT_LE(edges.size(), 3 * x.size() - 6);
  EXPECT_TRUE(std::is_sorted(edges.begin(), edges.end()));
  for (auto e : euclidean_mst(x, y)) EXPECT_TRUE(std::binary_search(edges.begin(), edges.end(), e));
}

TEST(DelaunayEdges, DegenerateInputs) {
  // Collinear points: the chain along the line.
  std::vector<double> x{3, 0, 2, 1}, y{3, 0, 2, 1};
  const std::vector<std::pair<gg::node_id, gg::node_id>> chain{{0, 2}, {1, 3}, {2, 3}};
  EXPECT_EQ(ingest::delaunay_edges(x, y), chain);
  // A square: its four sides and the diagonal from its lowest-numbered corner.
  const std::vector<std::pair<gg::node_id, gg::node_id>> square{{0, 1}, {0, 2}, {0, 3}, {1, 3}, {2, 3}};
  EXPECT_EQ(ingest::delaunay_edges(std::vector<double>{0, 10, 0, 10}, std::vector<double>{0, 0, 10, 10}), square);
  // A 10 x 10 lattice: a full triangulation, 3n - 3 - h edges (h = 36 on the hull).
  std::vector<double> lx, ly;
  for (int i = 0; i < 100; ++i) {
    lx.push_back(i % 10 * 40.0);
    ly.push_back(i / 10 * 40.0);
  }
  EXPECT_EQ(ingest::delaunay_edges(lx, ly).size(), 3u * 100 - 3 - 36);
  // One point, or one place: no edge.
  EXPECT_TRUE(ingest::delaunay_edges(std::vector<double>{1}, std::vector<double>{2}).empty());
  EXPECT_TRUE(ingest::delaunay_edges(std::vector<double>{1, 1}, std::vector<double>{2, 2}).empty());
  // Points 1,000 km apart (a province) still triangulate.
  EXPECT_EQ(ingest::delaunay_edges(std::vector<double>{-1e6, 1e6, 0}, std::vector<double>{0, 0, 5e5}).size(), 3u);
  // Beyond the 1 mm grid's reach the grid coarsens instead of overflowing (a country).
  EXPECT_EQ(ingest::delaunay_edges(std::vector<double>{-4e6, 4e6, 0}, std::vector<double>{0, 0, 1}).size(), 3u);
}

TEST(DelaunayAdjacency, CutOffDropsLongEdgesAndGroupsAreJoinedAgain) {
  // Two clusters 5 km apart: the long edges go, unless both clusters are one group.
  gg::Rng rng(1);
  std::vector<double> x, y;
  for (int i = 0; i < 20; ++i) {
    x.push_back(rng.uniform(0, 100));
    y.push_back(rng.uniform(0, 100));
  }
  for (int i = 0; i < 20; ++i) {
    x.push_back(x[static_cast<std::size_t>(i)] + 5000);
    y.push_back(y[static_cast<std::size_t>(i)]);
  }
  const auto cut = ingest::delaunay_adjacency(x, y);
  EXPECT_LT(cut.max_edge, 5000);
  EXPECT_LE(*std::max_element(cut.lengths.begin(), cut.lengths.end()), cut.max_edge);
  EXPECT_EQ(components(40, cut.edges), 2);
  const std::vector<std::int32_t> one_group(40, 0);
  const auto joined = ingest::delaunay_adjacency(x, y, one_group);
  EXPECT_EQ(components(40, joined.edges), 1);
  EXPECT_EQ(std::count_if(joined.lengths.begin(), joined.lengths.end(), [&](double d) { return d > joined.max_edge; }), 1);
  // Two groups, one per cluster: nothing to join; -1 = no group: never joined.
  std::vector<std::int32_t> two(40, 0);
  std::fill(two.begin() + 20, two.end(), 1);
  EXPECT_EQ(ingest::delaunay_adjacency(x, y, two).edges, cut.edges);
  EXPECT_EQ(ingest::delaunay_adjacency(x, y, std::vector<std::int32_t>(40, -1)).edges, cut.edges);
  // The default cut-off is four times the median nearest-neighbour distance.
  std::vector<double> nearest(40, INFINITY);
  for (std::size_t i = 0; i < 40; ++i)
    for (std::size_t j = 0; j < 40; ++j)
      if (i != j) nearest[i] = std::min(nearest[i], std::hypot(x[i] - x[j], y[i] - y[j]));
  std::sort(nearest.begin(), nearest.end());
  EXPECT_DOUBLE_EQ(cut.max_edge, 4 * (nearest[19] + nearest[20]) / 2);
}

TEST(DelaunayAdjacency, PointsAtOnePlaceAreChainedAndJoined) {
  // Two buildings at one point, one of each group, and a third of group 1 far away.
  const std::vector<double> x{0, 0, 10, 20}, y{0, 0, 5, 0};
  const auto a = ingest::delaunay_adjacency(x, y, std::vector<std::int32_t>{1, 1, 1, 1}, 100.0);
  EXPECT_EQ(components(4, a.edges), 1);
  EXPECT_TRUE(std::binary_search(a.edges.begin(), a.edges.end(), std::pair<gg::node_id, gg::node_id>{0, 1}));
  // max_edge 0 keeps only the chains; the group join adds the shortest bridges back.
  const auto b = ingest::delaunay_adjacency(x, y, std::vector<std::int32_t>{0, 1, 1, 1}, 0.0);
  // The chain 0-1, then 1-2 and 2-3 (group 1's shortest bridges).
  const std::vector<std::pair<gg::node_id, gg::node_id>> expected{{0, 1}, {1, 2}, {2, 3}};
  EXPECT_EQ(b.edges, expected);
  // Points of one group at one place separated by another group's point are still joined.
  const auto c = ingest::delaunay_adjacency(std::vector<double>{0, 0, 0}, std::vector<double>{0, 0, 0},
                                            std::vector<std::int32_t>{0, 1, 0}, 0.0);
  EXPECT_TRUE(std::binary_search(c.edges.begin(), c.edges.end(), std::pair<gg::node_id, gg::node_id>{0, 2}));
}

TEST(DelaunayAdjacency, BadInputIsAnInputError) {
  const std::vector<double> x{0, 1}, y{0, NAN};
  EXPECT_THROW((void)ingest::delaunay_adjacency(x, y), gg::InputError);
  EXPECT_THROW((void)ingest::delaunay_adjacency(x, std::vector<double>{0}), gg::InputError);
  EXPECT_THROW((void)ingest::delaunay_adjacency(x, x, std::vector<std::int32_t>{0}), gg::InputError);
  EXPECT_THROW((void)ingest::delaunay_adjacency(x, x, std::vector<std::int32_t>{0, -2}), gg::InputError);
  EXPECT_THROW((void)ingest::delaunay_adjacency(x, x, {}, -1.0), gg::InputError);
  EXPECT_THROW((void)ingest::delaunay_adjacency(x, x, {}, INFINITY), gg::InputError);
}

// ---- coordinates ------------------------------------------------------------------------------

TEST(Geo, Gcj02MatchesPublishedPairsAndInvertsExactly) {
  // (WGS-84, GCJ-02): eviltransform's test pairs (Shanghai, Shenzhen, Beijing), exact.
  const double pairs[3][4] = {{121.5272106, 31.1774276, 121.531541859215, 31.17530398364597},
                              {113.912316, 22.543847, 113.9171764808363, 22.540796131694766},
                              {116.377817, 39.911954, 116.38404722455657, 39.91334545536069}};
  for (const auto& p : pairs) {
    const ingest::LonLat g = ingest::wgs84_to_gcj02({p[0], p[1]});
    EXPECT_NEAR(g.lon, p[2], 1e-11);
    EXPECT_NEAR(g.lat, p[3], 1e-11);
    const ingest::LonLat w = ingest::gcj02_to_wgs84({p[2], p[3]});
    EXPECT_NEAR(w.lon, p[0], 1e-8);
    EXPECT_NEAR(w.lat, p[1], 1e-8);
  }
  // Outside the China box nothing moves.
  const ingest::LonLat denver = ingest::wgs84_to_gcj02({-104.9903, 39.7392});
  EXPECT_EQ(denver.lon, -104.9903);
  EXPECT_EQ(denver.lat, 39.7392);
}

TEST(Geo, Bd09MatchesBaiduAndRoundTrips) {
  // Baidu's own geoconv example (WGS-84 -> BD-09): the published formula agrees to ~0.5 m.
  const ingest::LonLat b = ingest::from_wgs84({114.21892734521, 29.575429778924}, ingest::Crs::bd09);
  EXPECT_NEAR(b.lon, 114.23074871003, 1e-5);
  EXPECT_NEAR(b.lat, 29.579084787993, 1e-5);
  gg::Rng rng(11);
  for (int i = 0; i < 2000; ++i) {
    const ingest::LonLat p{rng.uniform(73.5, 134.7), rng.uniform(18.2, 53.5)};
    for (auto crs : {ingest::Crs::gcj02, ingest::Crs::bd09}) {
      const ingest::LonLat back = ingest::to_wgs84(ingest::from_wgs84(p, crs), crs);
      EXPECT_NEAR(back.lon, p.lon, 1e-8);
      EXPECT_NEAR(back.lat, p.lat, 1e-8);
    }
  }
  std::vector<double> lon{116.4, NAN}, lat{39.9, 39.9};
  ingest::convert(lon, lat, ingest::Crs::bd09, ingest::Crs::wgs84);
  EXPECT_TRUE(std::isnan(lon[1]));
  EXPECT_NEAR(lon[0], 116.4 - 0.0126, 0.002);
  EXPECT_EQ(ingest::parse_crs("Baidu"), ingest::Crs::bd09);
  EXPECT_EQ(ingest::parse_crs("GCJ-02"), ingest::Crs::gcj02);
  EXPECT_THROW((void)ingest::parse_crs("mercator"), gg::InputError);
  EXPECT_THROW((void)ingest::to_wgs84({1, 2}, ingest::Crs::local), gg::InputError);
}

TEST(Geo, TransverseMercatorAndGeodesicReferencePoints) {
  // UTM zone 13N (central meridian 105 W, k0 0.9996, false easting 500 km).
  const ingest::LonLat utm = ingest::transverse_mercator({-104.545898, 36.903784}, -105.0, 0.9996);
  EXPECT_NEAR(utm.lon + 500000.0, 540455.18, 0.01);
  EXPECT_NEAR(utm.lat, 4084295.17, 0.01);
  const ingest::LonLat back = ingest::inverse_transverse_mercator(40455.18, 4084295.17, -105.0, 0.9996);
  EXPECT_NEAR(back.lon, -104.545898, 1e-7);
  EXPECT_NEAR(back.lat, 36.903784, 1e-7);
  // Vincenty (1975): Flinders Peak to Buninyong, 54,972.271 m.
  const ingest::LonLat flinders{144 + 25 / 60.0 + 29.52440 / 3600, -(37 + 57 / 60.0 + 3.72030 / 3600)};
  const ingest::LonLat buninyong{143 + 55 / 60.0 + 35.38390 / 3600, -(37 + 39 / 60.0 + 10.15610 / 3600)};
  EXPECT_NEAR(ingest::geodesic_distance(flinders, buninyong), 54972.271, 1e-3);
  EXPECT_EQ(ingest::geodesic_distance(flinders, flinders), 0.0);
}

TEST(Geo, LocalFrameKeepsDistancesAcrossACounty) {
  const ingest::LocalFrame frame(113.65, 34.75);
  const ingest::LonLat zero = frame.to_local({113.65, 34.75});
  EXPECT_NEAR(zero.lon, 0.0, 1e-9);
  EXPECT_NEAR(zero.lat, 0.0, 1e-9);
  gg::Rng rng(7);
  std::vector<ingest::LonLat> points(300);
  for (auto& p : points) p = {113.65 + rng.uniform(-0.17, 0.17), 34.75 + rng.uniform(-0.14, 0.14)};
  double worst = 0;
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const ingest::LonLat a = frame.to_local(points[i]), b = frame.to_local(points[i + 1]);
    const double planar = std::hypot(a.lon - b.lon, a.lat - b.lat);
    worst = std::max(worst, std::abs(planar / ingest::geodesic_distance(points[i], points[i + 1]) - 1));
    const ingest::LonLat again = frame.from_local(a.lon, a.lat);
    EXPECT_NEAR(again.lon, points[i].lon, 1e-9);
    EXPECT_NEAR(again.lat, points[i].lat, 1e-9);
  }
  EXPECT_LT(worst, 3e-6);
  // One kilometre north of the origin.
  const ingest::LonLat north = frame.from_local(0.0, 1000.0);
  EXPECT_NEAR(north.lon, 113.65, 1e-12);
  EXPECT_NEAR(ingest::geodesic_distance({113.65, 34.75}, north), 1000.0, 1e-3);
  // A swapped longitude/latitude is named as such; a bad origin too.
  std::vector<double> lon{34.75}, lat{113.65};
  EXPECT_THROW(frame.to_local(lon, lat), gg::InputError);
  EXPECT_THROW(ingest::LocalFrame(NAN, 30), gg::InputError);
}
