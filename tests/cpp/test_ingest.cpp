// The ingest area: Delaunay adjacency, coordinates, buildings table -> model.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <tuple>
#include <vector>

#include "gridgov/core/csr.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/random.hpp"
#include "gridgov/ingest/adjacency.hpp"
#include "gridgov/datasets/city_buildings.hpp"
#include "gridgov/ingest/buildings.hpp"
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

TEST(Geo, InfiniteOrHugeCoordinatesAreErrorsNamingThePoint) {
  // Issue 15: to_wgs84/to_local with an infinite or 1e300 coordinate returned a silent NaN or a
  // wrapped angle. NaN is an unlocated point and stays NaN.
  const ingest::LocalFrame frame(113.65, 34.75);
  for (auto [lon, lat] : {std::pair{INFINITY, 34.7}, {-INFINITY, 34.7}, {1e300, 34.7}, {113.6, INFINITY}, {113.6, 1e300}}) {
    std::vector<double> a{113.6, lon}, b{34.7, lat};
    try {
      ingest::convert(a, b, ingest::Crs::gcj02, ingest::Crs::wgs84);
      ADD_FAILURE() << "convert took (" << lon << ", " << lat << ")";
    } catch (const gg::InputError& e) {
      EXPECT_NE(std::string(e.what()).find("(point 1)"), std::string::npos) << e.what();
    }
    std::vector<double> c{lon}, d{lat};
    EXPECT_THROW(frame.to_local(c, d), gg::InputError);
    EXPECT_THROW((void)frame.to_local({lon, lat}), gg::InputError);
    EXPECT_THROW((void)ingest::transverse_mercator({lon, lat}, 113.0), gg::InputError);
  }
  std::vector<double> a{NAN, 113.6}, b{NAN, 34.7};
  ingest::convert(a, b, ingest::Crs::bd09, ingest::Crs::wgs84);
  EXPECT_TRUE(std::isnan(a[0]) && std::isnan(b[0]));
  EXPECT_TRUE(std::isfinite(a[1]) && std::isfinite(b[1]));
}

// ---- buildings table -> model -------------------------------------------------------------------

namespace {

/// prefix + number (GCC 12's -Wrestrict misfires on `"literal" + std::to_string(i)`, bug 105329).
std::string numbered(std::string_view prefix, int i) {
  std::string s(prefix);
  s += std::to_string(i);
  return s;
}

/// Issue 11's contract table: two communities of 60 buildings in Baidu coordinates.
ingest::BuildingTable contract_table() {
  ingest::BuildingTable table;
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 60; ++i) {
      std::string building = "B";
      building += std::to_string(c) + "-" + std::to_string(i);
      table.building.push_back(building);
      table.community.push_back(std::string("community ") + std::to_string(c));
      table.lon.push_back(113.650 + 0.006 * c + 0.0004 * (i % 8));
      table.lat.push_back(34.760 + 0.0004 * (i / 8));
      table.households.push_back(40 + (i * 7) % 50);
    }
  return table;
}

}  // namespace

TEST(FromBuildings, TheContractTable) {
  const ingest::BuildingTable table = contract_table();
  const gg::Model own = ingest::from_buildings(table, ingest::Crs::bd09);
  const auto summary = own.summary();
  std::int64_t households = 0;
  for (auto h : table.households) households += h;
  EXPECT_EQ(summary.at("households"), households);
  EXPECT_EQ(summary.at("buildings"), 120);
  EXPECT_EQ(summary.at("communities"), 2);
  EXPECT_EQ(own.code(own.nodes(gg::Kind::county).front()), "000000000000");
  EXPECT_EQ(own.code(own.nodes(gg::Kind::community).front()), "000000000001");
  EXPECT_EQ(own.code(own.nodes(gg::Kind::building).front()), "00000000000100001");
  EXPECT_EQ(own.code(own.nodes(gg::Kind::household).front()), "00000000000100001000001");
  EXPECT_EQ(own.metadata().at("source_crs"), "bd09");
  // Every community's buildings are one connected piece of the adjacency.
  const auto [b0, b1] = own.kind_range(gg::Kind::building);
  std::vector<std::pair<gg::node_id, gg::node_id>> edges;
  for (gg::node_id v = b0; v < b1; ++v)
    for (gg::node_id w : own.linked(v, gg::LinkType::adjacent))
      if (v < w && own.parent(v) == own.parent(w)) edges.emplace_back(v - b0, w - b0);
  EXPECT_EQ(components(b1 - b0, edges), 2);
}

namespace {

/// A small county in local metres: two communities of two compounds of three buildings each.
ingest::BuildingTable small_table() {
  ingest::BuildingTable t;
  for (int i = 0; i < 12; ++i) {
    const int community = i / 6, compound = i / 3;
    t.building.push_back(numbered("L", i));
    t.community.push_back(community == 0 ? "东社区" : "西社区");
    t.compound.push_back("小区" + std::to_string(compound));
    t.grid.push_back("网格" + std::to_string(compound / 2 + community));
    t.x.push_back(community * 800.0 + (i % 3) * 40.0);
    t.y.push_back(compound * 60.0);
    t.households.push_back(10 + i);
    t.residents.push_back(i == 5 ? ingest::absent : 25 + i);
    t.elderly_alone.push_back(i % 4);
    t.floors.push_back(6);
  }
  return t;
}

}  // namespace

TEST(FromBuildings, CodesLevelsAndCountsOfACounty) {
  ingest::IngestOptions options;
  options.county_code = "410102";
  options.name = "示范县";
  const gg::Model m = ingest::from_buildings(small_table(), ingest::Crs::local, options);
  EXPECT_EQ(m.name(m.id("410102000000")), "示范县");
  EXPECT_EQ(m.name(m.id("410102000001")), "东社区");
  EXPECT_EQ(m.name(m.id("410102000002")), "西社区");
  EXPECT_EQ(m.name(m.id("410102000001001")), "网格0");       // grids per community
  EXPECT_EQ(m.name(m.id("410102000002001")), "网格2");
  EXPECT_EQ(m.name(m.id("410102000001XQ002")), "小区1");     // compounds
  EXPECT_EQ(m.name(m.id("41010200000100001")), "L0");        // buildings keep the table's code as name
  EXPECT_EQ(m.code(m.parent(m.id("41010200000100001"))), "410102000001001");
  EXPECT_EQ(m.linked(m.id("410102000001XQ002"), gg::LinkType::member).size(), 3u);
  // Households: one node each; residents shared evenly, special-care counts flag the first ones.
  const auto households = m.count_descendants(gg::Kind::household);
  EXPECT_EQ(households[static_cast<std::size_t>(m.id("410102000000"))], 12 * 10 + 66);
  const auto residents = m.aggregate(gg::Kind::household, "residents");
  std::int64_t expected_residents = 0;
  for (int i = 0; i < 12; ++i)
    if (i != 5) expected_residents += 25 + i;
  EXPECT_EQ(residents[static_cast<std::size_t>(m.id("410102000000"))], expected_residents);
  const auto flags = m.numeric(gg::Kind::household, "elderly_alone");
  EXPECT_EQ(std::count(flags.begin(), flags.end(), 1.0), 0 + 1 + 2 + 3 + 0 + 1 + 2 + 3 + 0 + 1 + 2 + 3);
  EXPECT_TRUE(std::isnan(m.numeric(gg::Kind::household, "residents")[static_cast<std::size_t>(
      m.id("41010200000100006000001") - m.kind_range(gg::Kind::household).first)]));  // row 5: unknown
  EXPECT_EQ(std::get<std::int64_t>(m.value(m.id("41010200000100001"), "floors")), 6);
  EXPECT_EQ(std::get<std::string>(m.value(m.id("41010200000100001"), "source_code")), "L0");
  EXPECT_EQ(m.metadata().count("origin_lon"), 0u);  // local metres without an origin
  // Kept as building counts.
  options.expand_households = false;
  const gg::Model flat = ingest::from_buildings(small_table(), ingest::Crs::local, options);
  EXPECT_EQ(flat.count(gg::Kind::household), 0);
  EXPECT_EQ(flat.aggregate(gg::Kind::building, "elderly_alone")[static_cast<std::size_t>(flat.id("410102000000"))], 18);
}

TEST(FromBuildings, CompoundRowsAreSplitIntoBuildings) {
  ingest::BuildingTable t = small_table();
  t.buildings.assign(t.rows(), ingest::absent);
  t.building.push_back("");
  t.community.push_back("东社区");
  t.compound.push_back("新建小区");
  t.grid.push_back("网格0");
  t.x.push_back(300);
  t.y.push_back(300);
  t.households.push_back(301);
  t.residents.push_back(900);
  t.elderly_alone.push_back(3);
  t.floors.push_back(18);
  t.buildings.push_back(4);
  const gg::Model m = ingest::from_buildings(t, ingest::Crs::local);
  std::vector<std::int64_t> shares;
  double mx = 0, my = 0;
  for (gg::node_id b : m.linked(m.id("000000000001XQ003"), gg::LinkType::member)) {
    shares.push_back(std::get<std::int64_t>(m.value(b, "households")));
    EXPECT_EQ(std::get<std::int64_t>(m.value(b, "floors")), 18);  // repeated, not shared
    EXPECT_TRUE(std::get<bool>(m.value(b, "estimated_location")));
    EXPECT_EQ(m.name(b).substr(0, std::string_view("新建小区 ").size()), "新建小区 ");
    mx += m.x()[static_cast<std::size_t>(b)] / 4;
    my += m.y()[static_cast<std::size_t>(b)] / 4;
  }
  EXPECT_EQ(shares, (std::vector<std::int64_t>{76, 75, 75, 75}));
  EXPECT_DOUBLE_EQ(mx, 300.0);
  EXPECT_DOUBLE_EQ(my, 300.0);
}

TEST(FromBuildings, ACityOfDistrictsAndStreetsWithoutCodes) {
  const ingest::BuildingTable city = gg::datasets::city_buildings(30, 7);
  const gg::Model m = ingest::from_buildings(city, ingest::Crs::bd09);
  EXPECT_EQ(m.kind(0), gg::Kind::city);
  EXPECT_EQ(m.code(0), "000000000000");
  EXPECT_EQ(m.count(gg::Kind::county), 1);
  EXPECT_EQ(m.count(gg::Kind::street), 3);
  EXPECT_EQ(m.count(gg::Kind::community), 30);
  EXPECT_EQ(m.name(m.id("000001000000")), "金水区");
  EXPECT_EQ(m.name(m.id("000001001000")), "东风街道");
  EXPECT_EQ(m.name(m.id("000001001001")), "东风1社区");
  EXPECT_EQ(m.code(m.parent(m.id("000001003010"))), "000001003000");
  // The same seed gives the same table; another seed another.
  EXPECT_EQ(gg::datasets::city_buildings(30, 7).households, city.households);
  EXPECT_NE(gg::datasets::city_buildings(30, 8).households, city.households);
}

TEST(FromBuildings, CodesFromSeveralCountiesAndNoCeilingOf999) {
  // Community codes of two counties: a city model rooted at their shared city.
  ingest::BuildingTable t = small_table();
  for (std::size_t r = 0; r < t.rows(); ++r) t.community[r] = r < 6 ? "410102003004" : "410105001002";
  const gg::Model m = ingest::from_buildings(t, ingest::Crs::local);
  EXPECT_EQ(m.code(0), "410100000000");
  EXPECT_EQ(m.kind(0), gg::Kind::city);
  EXPECT_EQ(m.code(m.parent(m.id("410102003004"))), "410102000000");
  EXPECT_EQ(m.code(m.parent(m.id("410105001002"))), "410105000000");
  // A named district whose communities carry codes takes their county; a code that contradicts
  // its district is an error naming it.
  t.district.assign(t.rows(), "金水区");
  EXPECT_THROW((void)ingest::from_buildings(t, ingest::Crs::local), gg::InputError);
  for (std::size_t r = 6; r < t.rows(); ++r) t.district[r] = "二七区";
  const gg::Model named = ingest::from_buildings(t, ingest::Crs::local);
  EXPECT_EQ(named.name(named.id("410105000000")), "二七区");
  // 1,200 communities without codes in one county: the 1,000th continues in the next block.
  ingest::BuildingTable many;
  for (int c = 0; c < 1200; ++c) {
    many.building.push_back(numbered("b", c));
    many.community.push_back(numbered("c", c));
    many.x.push_back(c % 40 * 50.0);
    many.y.push_back(c / 40 * 50.0);
    many.households.push_back(1);
  }
  const gg::Model big = ingest::from_buildings(many, ingest::Crs::local);
  EXPECT_EQ(big.name(big.id("000000000999")), "c998");
  EXPECT_EQ(big.name(big.id("000000001001")), "c999");
  EXPECT_EQ(big.name(big.id("000000001201")), "c1199");
}

TEST(FromBuildings, PlacesAndWorkers) {
  ingest::PlaceTable places;
  places.place = {"S1", "F1", "M1"};
  places.community = {"东社区", "东社区", "西社区"};
  places.type = {"school", "service_station", "market"};
  places.name = {"第一小学", "东社区服务站", ""};
  places.grid = {"", "", "网格2"};
  places.x = {40, 80, 800};
  places.y = {0, 0, 0};
  ingest::WorkerTable workers;
  workers.worker = {"W1", "W2"};
  workers.community = {"东社区", "000000000001"};
  workers.type = {"fulltime", "parttime"};
  workers.grids = {{"网格0"}, {"000000000001001"}};  // by name or by code
  const gg::Model m = ingest::from_buildings(small_table(), ingest::Crs::local, {}, places, workers);
  EXPECT_EQ(m.name(m.id("000000000001P001")), "第一小学");
  EXPECT_EQ(m.kind(m.parent(m.id("000000000001P001"))), gg::Kind::grid);  // the nearest building's grid
  EXPECT_EQ(m.name(m.id("000000000002P001")), "M1");
  EXPECT_EQ(m.subkind(m.id("000000000001FWZ")), "service_station");
  EXPECT_EQ(m.linked(m.id("000000000001W0002"), gg::LinkType::serves).size(), 1u);
  EXPECT_EQ(m.linked(m.id("000000000001W0001"), gg::LinkType::serves)[0], m.id("000000000001001"));
  EXPECT_EQ(m.subkind(m.id("000000000001W0002")), "parttime");
  workers.grids[1] = {"网格9"};
  try {
    (void)ingest::from_buildings(small_table(), ingest::Crs::local, {}, {}, workers);
    FAIL() << "an unknown grid must be an error";
  } catch (const gg::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("网格9"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("row 1"), std::string::npos);
  }
}

TEST(FromBuildings, BadTablesAreInputErrorsNamingTheRows) {
  auto message = [](const ingest::BuildingTable& t, ingest::Crs crs = ingest::Crs::local) {
    try {
      (void)ingest::from_buildings(t, crs);
    } catch (const gg::InputError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_NE(message(ingest::BuildingTable{}).find("no rows"), std::string::npos);
  ingest::BuildingTable t = small_table();
  t.households.pop_back();
  EXPECT_NE(message(t).find("households: 11 values"), std::string::npos);
  t = small_table();
  t.row_labels.clear();
  for (std::size_t r = 0; r < t.rows(); ++r) t.row_labels.push_back(std::to_string(r + 2));  // spreadsheet rows
  t.households[3] = 12000;
  t.elderly_alone[4] = 99;
  t.residents[6] = -4;
  t.building[8] = "L7";
  const std::string m = message(t);
  EXPECT_NE(m.find("row 5, column 'households' '12000'"), std::string::npos) << m;
  EXPECT_NE(m.find("row 6, column 'elderly_alone' '99'"), std::string::npos) << m;
  EXPECT_NE(m.find("row 8, column 'residents' '-4': a count cannot be negative"), std::string::npos) << m;
  EXPECT_NE(m.find("row 10, column 'building' 'L7': duplicate building (also in row 9)"), std::string::npos) << m;
  t = small_table();
  std::fill(t.households.begin(), t.households.end(), 0);
  t.elderly_alone.clear();
  EXPECT_NE(message(t).find("households is 0 in every one of the 12 rows"), std::string::npos);
  // A compound row of absurdly many buildings is named, not multiplied past int64 (found by
  // fuzz_buildings: fuzz/corpus/fuzz_buildings/finding-buildings-count-overflow.csv).
  t = small_table();
  t.building[0].clear();
  t.buildings.assign(t.rows(), ingest::absent);
  t.buildings[0] = 41010500100002001;
  EXPECT_NE(message(t).find("row 0, column 'buildings' '41010500100002001': at most 9,999 buildings"), std::string::npos)
      << message(t);
  t = small_table();
  t.x[2] = NAN;
  EXPECT_NE(message(t).find("row 2, column 'x': y is given but x is not"), std::string::npos) << message(t);
  t.y[2] = NAN;
  EXPECT_NE(message(t).find("row 2, column 'x/y': coordinates are required"), std::string::npos) << message(t);
}

TEST(FromBuildings, CheckBuildingsListsWhatFromBuildingsRefuses) {
  // The Python reader reports these beside its own problems of the file: the rules are written
  // once, here. Rows are indices; the whole-table rule has no row.
  ingest::BuildingTable t = contract_table();
  EXPECT_TRUE(ingest::check_buildings(t, ingest::Crs::bd09).empty());
  t.lon[3] = 34.76;
  t.lat[3] = 113.65;   // swapped
  t.lon[5] = 200;      // out of range
  t.lat[9] = NAN;      // one coordinate missing
  t.building[11] = t.building[10];
  t.households[12] = 10000;
  const auto problems = ingest::check_buildings(t, ingest::Crs::bd09);
  std::vector<std::tuple<std::size_t, std::string, std::string>> got;
  for (const auto& p : problems) got.emplace_back(p.row, p.column, p.value);
  const std::vector<std::tuple<std::size_t, std::string, std::string>> expected{
      {3, "lat", "113.65"}, {5, "lon", "200"}, {9, "lat", ""}, {12, "households", "10000"},
      {10, "building", "B0-10"}, {11, "building", "B0-10"}};
  EXPECT_EQ(got, expected);
  EXPECT_EQ(problems.front().problem, "latitude beyond 90 degrees: are lon and lat swapped?");
  t = contract_table();
  std::fill(t.households.begin(), t.households.end(), 0);
  const auto none = ingest::check_buildings(t, ingest::Crs::bd09);
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none.front().row, ingest::TableProblem::no_row);
  t.lat.pop_back();
  EXPECT_THROW((void)ingest::check_buildings(t, ingest::Crs::bd09), gg::InputError);
}

TEST(FromBuildings, TextThatIsNotUtf8IsAnErrorNamingTheCell) {
  // Found by fuzz_buildings (fuzz/corpus/fuzz_buildings/gbk_community_name.csv): a GBK name in a
  // table made a model whose file could not be read back. "东社区" in GBK is 0xB6 0xAB ...
  ingest::BuildingTable t = small_table();
  t.community[4] = "\xB6\xAB\xC9\xE7\xC7\xF8";
  ingest::IngestOptions options;
  try {
    (void)ingest::from_buildings(t, ingest::Crs::local, options);
    ADD_FAILURE() << "a GBK cell was accepted";
  } catch (const gg::InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("row 4, column 'community': is not UTF-8 text (byte 0 of the cell)"), std::string::npos) << m;
    EXPECT_EQ(m.find('\xB6'), std::string::npos) << "the message quotes the bytes";
  }
  t = small_table();
  gg::Column material;
  material.name = "material";
  material.type = gg::ColumnType::string;
  for (std::size_t r = 0; r < t.rows(); ++r) material.strings.push_back(r == 9 ? "\xFF" : "brick");
  t.attributes.push_back(material);
  EXPECT_THROW((void)ingest::from_buildings(t, ingest::Crs::local), gg::InputError);
  options.name = "\xC0";
  EXPECT_THROW((void)ingest::from_buildings(small_table(), ingest::Crs::local, options), gg::InputError);
}

TEST(FromBuildings, AFarOutlierIsAnErrorUntilConfirmed) {
  ingest::BuildingTable t = contract_table();
  t.lon[7] = 0.0;
  t.lat[7] = 0.0;
  const std::string m = [&] {
    try {
      (void)ingest::from_buildings(t, ingest::Crs::bd09);
    } catch (const gg::InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  }();
  EXPECT_NE(m.find("row 7, column 'lon/lat'"), std::string::npos) << m;
  EXPECT_NE(m.find("keep_outliers"), std::string::npos);
  ingest::IngestOptions confirm;
  confirm.keep_outliers = true;
  const gg::Model kept = ingest::from_buildings(t, ingest::Crs::bd09, confirm);
  EXPECT_EQ(kept.metadata().at("confirmed_outliers"), "B0-7");
  // The origin stays in the middle of the real buildings, not in the Arabian Sea.
  EXPECT_NEAR(std::stod(kept.metadata().at("origin_lon")), 113.65, 0.02);
}

TEST(FromBuildings, ProgressIsReportedInOrder) {
  ingest::IngestOptions options;
  std::vector<double> seen;
  std::vector<std::string> steps;
  options.progress = [&](std::string_view step, double done) {
    seen.push_back(done);
    if (steps.empty() || steps.back() != step) steps.emplace_back(step);
  };
  (void)ingest::from_buildings(contract_table(), ingest::Crs::bd09, options);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), 1.0);
  EXPECT_EQ(steps.front(), "checking");
  EXPECT_EQ(steps.back(), "done");
}
