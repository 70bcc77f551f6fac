// The built-in reference county (DOMAIN.md §0, docs/county.md): a deterministic generator.
//
// Shape of the generation, in order:
//   1. 268 compound sizes from a heavy-tailed, tiered distribution, adjusted to 61,880 exactly;
//   2. compounds dealt to 15 communities; each compound gets multi-storey buildings (floors x units
//      x dwellings per floor) and occupied dwellings (households) with their attributes;
//   3. a community's buildings are laid on a lattice along a path snaking through bands of four
//      columns, compound after compound, so consecutive buildings are lattice neighbours and runs
//      are compact; residential grids come from gridgov::balance::partition on the lattice
//      adjacency of each community (contiguous, households within +-5 % of the community's mean
//      grid where the buildings allow, always 150-600), numbered west->east, north->south;
//   4. special places south of each community's block, each hosting a special grid;
//   5. workers, organisations, adjacency and road links; then freeze(Validate::raise).
// Only gridgov::Rng and integer or correctly rounded arithmetic (+ - * / sqrt) shape the output,
// and coordinates are rounded to centimetres, so every machine builds the same county.
#include "gridgov/datasets/seed_county.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <tuple>
#include <vector>

#include "gridgov/core/random.hpp"
#include "gridgov/planning/draw_grids.hpp"
#include "datasets/county_names.hpp"

namespace gridgov::datasets {

namespace {

// ---- headline figures (DOMAIN.md §0) ----------------------------------------------------------
constexpr int community_count = 15;
constexpr int compound_count = 268;
constexpr std::int64_t household_total = 61'880;
constexpr int residential_grid_count = 238;
constexpr int special_grid_count = 28;
constexpr int residential_parttime_total = 2'624;
constexpr int parttime_per_special_grid = 4;  // 112 over 28 special grids
constexpr int stationed_unit_count = 140;
constexpr int work_seat_count = 16;
constexpr std::int64_t grid_households_min = 150;
constexpr std::int64_t grid_households_max = 600;

// ---- layout (metres) --------------------------------------------------------------------------
constexpr int macro_columns = 5;  // communities on a 5 x 3 arrangement, west to east, north to south
constexpr double building_spacing_x = 52.0;
constexpr double building_spacing_y = 44.0;
constexpr double building_jitter = 6.0;
constexpr double block_gap = 240.0;          // streets and green space between community blocks
constexpr double special_band_depth = 140.0;  // strip south of a block holding its special places

// The WGS-84 point of local (0, 0): the centre of 武康 (the seat of 德清县, Zhejiang), a real
// county town of about the size of this fictional county's built-up area.
constexpr std::string_view origin_lon = "119.9680";
constexpr std::string_view origin_lat = "30.5390";

double centimetres(double metres) { return std::round(metres * 100.0) / 100.0; }

std::string padded(std::int64_t value, int width) {
  std::string s = std::to_string(value);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
  return s;
}

double distance(double ax, double ay, double bx, double by) {
  const double dx = ax - bx, dy = ay - by;
  return centimetres(std::sqrt(dx * dx + dy * dy));
}

/// Hamilton (largest remainder) apportionment of `total` seats by integer weights; ties go to
/// the lower index. Exact integer arithmetic.
std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<std::int64_t>& weights) {
  const std::int64_t sum = std::accumulate(weights.begin(), weights.end(), std::int64_t{0});
  std::vector<std::int64_t> seats(weights.size());
  std::vector<std::pair<std::int64_t, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    seats[i] = weights[i] * total / sum;
    given += seats[i];
    remainders.emplace_back(weights[i] * total % sum, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::int64_t k = 0; k < total - given; ++k) ++seats[remainders[static_cast<std::size_t>(k)].second];
  return seats;
}

// ---- compounds --------------------------------------------------------------------------------

enum class Era : std::uint8_t { old_walkup, middle, new_highrise };

struct Compound {
  std::int64_t households = 0;
  Era era = Era::middle;
  int year_built = 0;
  int community = 0;
  int number = 0;  // 1-based within its community
  std::string name;
};

/// Sizes with a heavy tail: fixed counts per tier (so the tail is always there), uniform inside a
/// tier, then every compound below the top tier scaled so the county totals 61,880 exactly.
std::vector<std::int64_t> compound_sizes(Rng& rng) {
  struct Tier {
    std::int64_t lo, hi;
    int count;
  };
  constexpr std::array<Tier, 5> tiers = {{{30, 120, 100}, {120, 250, 90}, {250, 450, 50}, {450, 900, 19}, {1200, 2600, 9}}};
  std::vector<std::int64_t> sizes;
  std::vector<std::int64_t> scalable;
  std::int64_t top_total = 0;
  for (std::size_t t = 0; t < tiers.size(); ++t)
    for (int i = 0; i < tiers[t].count; ++i) {
      const std::int64_t s = rng.integer(tiers[t].lo, tiers[t].hi - 1);
      sizes.push_back(s);
      if (t + 1 < tiers.size()) scalable.push_back(s);
      else top_total += s;
    }
  const auto scaled = apportion(household_total - top_total, scalable);
  std::copy(scaled.begin(), scaled.end(), sizes.begin());
  rng.shuffle(sizes);
  return sizes;
}

// ---- buildings and households -----------------------------------------------------------------

struct Household {
  int unit = 0, floor = 0, room = 0;  // 1-based
  std::int64_t residents = 0;
  bool elderly_alone = false, disabled = false, key_person = false, renter = false, registered_elsewhere = false;
};

struct Building {
  int compound = 0;  // county-wide compound index
  int number_in_compound = 0;
  int floors = 0, units = 0, rooms_per_floor = 0;
  int year_built = 0;
  std::size_t first_household = 0, household_count = 0;  // into the county's household array
  double x = 0, y = 0;
  int column = 0, row = 0;  // lattice cell (row 0 is the northernmost)
  int grid = 0;             // county-wide residential grid index
};

/// Shares of household attributes (documented in docs/county.md). Older compounds house more
/// elderly people living alone and more renters.
struct HouseholdShares {
  double elderly_alone, renter;
};
constexpr HouseholdShares shares_by_era[3] = {{0.11, 0.25}, {0.06, 0.18}, {0.03, 0.12}};
constexpr double disabled_share = 0.05;
constexpr double key_person_share = 0.01;
constexpr double elsewhere_if_renter = 0.70;
constexpr double elsewhere_if_owner = 0.12;
// Household size (residents) 1..6 in per-mille for households other than elderly people living
// alone: mean 2.73, so 2.62 over all households, as in the 2020 census.
constexpr std::array<double, 6> residents_weights = {180, 310, 260, 140, 75, 35};
constexpr double occupancy = 0.93;  // share of dwellings occupied by a household

Household draw_household(Rng& rng, Era era, int unit, int floor, int room) {
  const auto& s = shares_by_era[static_cast<int>(era)];
  Household h{unit, floor, room};
  h.elderly_alone = rng.bernoulli(s.elderly_alone);
  h.residents = h.elderly_alone ? 1 : static_cast<std::int64_t>(rng.weighted_index(residents_weights)) + 1;
  h.disabled = rng.bernoulli(disabled_share);
  h.key_person = rng.bernoulli(key_person_share);
  h.renter = !h.elderly_alone && rng.bernoulli(s.renter);
  h.registered_elsewhere = rng.bernoulli(h.renter ? elsewhere_if_renter : elsewhere_if_owner);
  return h;
}

struct BuildingShape {
  int floors, units, rooms_per_floor;
};

BuildingShape draw_shape(Rng& rng, Era era) {
  switch (era) {
    case Era::old_walkup: return {static_cast<int>(rng.integer(4, 7)), static_cast<int>(rng.integer(2, 4)), 2};
    case Era::middle: return {static_cast<int>(rng.integer(6, 11)), static_cast<int>(rng.integer(2, 3)), 2};
    case Era::new_highrise:
      return {static_cast<int>(rng.integer(11, 18)), static_cast<int>(rng.integer(1, 2)), static_cast<int>(rng.integer(2, 4))};
  }
  return {6, 2, 2};
}

/// Buildings of one compound with exactly `c.households` households. Buildings of the compound's
/// era are added until their dwellings at the usual occupancy hold the compound; the last one is
/// only as tall (and, for a small remainder, as wide) as the rest needs. The households are then
/// shared out in proportion to dwellings, and each building's occupied dwellings drawn at random.
void build_compound(Rng& rng, int compound_index, const Compound& c, std::vector<Building>& buildings,
                    std::vector<Household>& households) {
  std::vector<BuildingShape> shapes;
  std::vector<std::int64_t> dwellings;
  std::int64_t total_dwellings = 0;
  const auto wanted = static_cast<double>(c.households);
  while (total_dwellings * occupancy < wanted) {
    const double need = wanted - total_dwellings * occupancy;
    // A few households short: the buildings so far take them in, up to 97 % occupied.
    if (!shapes.empty() && need < 6 && total_dwellings * 0.97 >= wanted) break;
    BuildingShape shape = draw_shape(rng, c.era);
    const double per_floor = shape.units * shape.rooms_per_floor * occupancy;
    if (shape.floors * per_floor > need) {
      shape.floors = std::clamp(static_cast<int>(std::ceil(need / per_floor)), 2, shape.floors);
      if (shape.floors == 2)
        shape.units = std::clamp(static_cast<int>(std::ceil(need / (2 * shape.rooms_per_floor * occupancy))), 1, shape.units);
    }
    shapes.push_back(shape);
    dwellings.push_back(static_cast<std::int64_t>(shape.floors) * shape.units * shape.rooms_per_floor);
    total_dwellings += dwellings.back();
  }
  const auto n = static_cast<std::int64_t>(shapes.size());
  if (c.households < n) throw Error("seed_county: compound '" + c.name + "' has fewer households than buildings");
  // One household per building, the rest in proportion to dwellings; a small building whose share
  // rounds above its dwellings hands the excess to the buildings with the most room.
  auto occupied_counts = apportion(c.households - n, dwellings);
  std::int64_t excess = 0;
  for (std::size_t k = 0; k < shapes.size(); ++k) {
    occupied_counts[k] += 1;
    if (occupied_counts[k] > dwellings[k]) {
      excess += occupied_counts[k] - dwellings[k];
      occupied_counts[k] = dwellings[k];
    }
  }
  while (excess > 0) {
    std::size_t roomiest = 0;
    for (std::size_t k = 1; k < shapes.size(); ++k)
      if (dwellings[k] - occupied_counts[k] > dwellings[roomiest] - occupied_counts[roomiest]) roomiest = k;
    if (dwellings[roomiest] == occupied_counts[roomiest]) throw Error("seed_county: compound '" + c.name + "' overflows its buildings");
    ++occupied_counts[roomiest];
    --excess;
  }
  for (std::size_t k = 0; k < shapes.size(); ++k) {
    const auto& shape = shapes[k];
    Building b;
    b.compound = compound_index;
    b.number_in_compound = static_cast<int>(k) + 1;
    b.floors = shape.floors;
    b.units = shape.units;
    b.rooms_per_floor = shape.rooms_per_floor;
    b.year_built = c.year_built;
    b.first_household = households.size();
    // Choose the occupied dwellings (a partial Fisher-Yates draw), then list them in code order.
    std::vector<std::int64_t> order(static_cast<std::size_t>(dwellings[k]));
    std::iota(order.begin(), order.end(), std::int64_t{0});
    const auto taken = static_cast<std::size_t>(occupied_counts[k]);
    for (std::size_t i = 0; i < taken; ++i) std::swap(order[i], order[i + rng.below(order.size() - i)]);
    std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(taken));
    const std::int64_t per_unit = static_cast<std::int64_t>(shape.floors) * shape.rooms_per_floor;
    for (std::size_t i = 0; i < taken; ++i) {
      const std::int64_t d = order[i];
      const auto unit = static_cast<int>(d / per_unit) + 1;
      const auto floor = static_cast<int>(d % per_unit / shape.rooms_per_floor) + 1;
      const auto room = static_cast<int>(d % shape.rooms_per_floor) + 1;
      households.push_back(draw_household(rng, c.era, unit, floor, room));
    }
    b.household_count = taken;
    buildings.push_back(b);
  }
}

// ---- communities ------------------------------------------------------------------------------

struct Community {
  std::string code, name, short_name;
  std::vector<int> compounds;  // county-wide compound indices, in path order
  std::size_t first_building = 0, building_count = 0;
  int columns = 0, rows = 0;        // lattice cells spanned by the buildings
  std::vector<std::size_t> cell;    // row * columns + column -> building index, or none
  double centre_column = 0, centre_row = 0;  // the lattice corner nearest the buildings' centroid
  double west = 0, north = 0, width = 0, height = 0;  // the block of buildings
  std::int64_t households = 0;
  int first_grid = 0, grid_count = 0;  // residential grids, county-wide indices
  std::vector<int> special_places;     // indices into the county's special places
};

struct SpecialPlace {
  int type = 0;  // index into names::special_places
  int community = 0;
  int number = 0;  // 1-based within its community (place P001, special grid 901)
  double x = 0, y = 0;
  std::int64_t employees = 0, students = -1, beds = -1, stalls = -1;
};

constexpr std::size_t no_building = static_cast<std::size_t>(-1);

constexpr int band_width = 4;  // lattice columns per band of the path

/// Cell d of a path over a lattice of `rows` rows (odd) that snakes down the first band of
/// `band_width` columns row by row, up the next band, and so on. Consecutive cells share an edge
/// (an odd row count makes every band end beside the next one), and a run of the path is a compact
/// patch a few cells wide, so runs make well-shaped compounds and grids inside a rectangular block
/// (a plain serpentine over whole rows would make long strips).
std::pair<int, int> band_path_cell(int rows, std::int64_t d) {
  const std::int64_t per_band = static_cast<std::int64_t>(band_width) * rows;
  const auto band = static_cast<int>(d / per_band);
  const auto in_band = static_cast<int>(d % per_band);
  const int step = in_band / band_width, across = in_band % band_width;
  const int row = band % 2 == 0 ? step : rows - 1 - step;
  const int column = band * band_width + (step % 2 == 0 ? across : band_width - 1 - across);
  return {column, row};
}

struct Located {
  std::string code;
  double x, y;
};

/// The index (into `buildings`, within [first, first + count)) of the nearest building to (x, y),
/// skipping `skip`; ties go to the lower index.
std::size_t nearest_building(const std::vector<Building>& buildings, std::size_t first, std::size_t count, double x,
                             double y, std::size_t skip = no_building) {
  std::size_t best = first;
  double best_d2 = -1;
  for (std::size_t i = first; i < first + count; ++i) {
    if (i == skip) continue;
    const double dx = buildings[i].x - x, dy = buildings[i].y - y, d2 = dx * dx + dy * dy;
    if (best_d2 < 0 || d2 < best_d2) {
      best_d2 = d2;
      best = i;
    }
  }
  return best;
}

std::string person_name(Rng& rng) {
  std::string name(names::surnames[rng.below(names::surnames.size())]);
  const int given = rng.bernoulli(0.7) ? 2 : 1;
  for (int i = 0; i < given; ++i) name += names::given_chars[rng.below(names::given_chars.size())];
  return name;
}

Column empty_column(std::string name, ColumnType type) {
  Column c;
  c.name = std::move(name);
  c.type = type;
  return c;
}

Column int_column(std::string name, std::vector<std::int64_t> values) {
  Column c = empty_column(std::move(name), ColumnType::int64);
  c.ints = std::move(values);
  return c;
}

Column bool_column(std::string name, std::vector<std::uint8_t> values) {
  Column c = empty_column(std::move(name), ColumnType::boolean);
  c.bools = std::move(values);
  return c;
}

Column string_column(std::string name, const std::vector<std::string_view>& values) {
  Column c = empty_column(std::move(name), ColumnType::string);
  for (auto v : values) c.strings.push_back(v);
  return c;
}

/// An int column where negative values mean absent (a place has students or beds, not both).
Column optional_int_column(std::string name, const std::vector<std::int64_t>& values) {
  Column c = empty_column(std::move(name), ColumnType::int64);
  for (auto v : values) {
    if (v < 0) c.push_absent();
    else c.push(Value{v});
  }
  return c;
}

// ---- residential grids ------------------------------------------------------------------------

/// The lattice adjacency (east-west and north-south neighbours) of a community's buildings, over
/// local indices 0 .. building_count - 1. It is the graph of the model's `adjacent` links.
CsrGraph lattice_graph(const Community& com) {
  std::vector<std::pair<node_id, node_id>> edges;
  const auto columns = static_cast<std::size_t>(com.columns), rows = static_cast<std::size_t>(com.rows);
  auto local = [&](std::size_t cell) { return static_cast<node_id>(com.cell[cell] - com.first_building); };
  for (std::size_t row = 0; row < rows; ++row)
    for (std::size_t column = 0; column < columns; ++column) {
      const std::size_t a = row * columns + column;
      if (com.cell[a] == no_building) continue;
      if (column + 1 < columns && com.cell[a + 1] != no_building) edges.emplace_back(local(a), local(a + 1));
      if (row + 1 < rows && com.cell[a + columns] != no_building) edges.emplace_back(local(a), local(a + columns));
    }
  return csr_from_edges(static_cast<node_id>(com.building_count), edges);
}

/// The residential grid (0 .. grid_count - 1) of each building of a community, cut by the
/// planner's own rule (planning::cut_community): contiguous on the lattice adjacency, households
/// within +-5 % of the community's mean grid where the buildings allow (else the tightest
/// tolerance of the ladder), every grid inside [150, 600] households.
std::vector<std::int32_t> community_grids(const std::vector<Building>& buildings, const Community& com, std::uint64_t seed,
                                          int community_index) {
  const CsrGraph graph = lattice_graph(com);
  std::vector<double> households(com.building_count);
  for (std::size_t i = 0; i < com.building_count; ++i)
    households[i] = static_cast<double>(buildings[com.first_building + i].household_count);
  Rng rng = Rng::stream(seed, 400 + static_cast<std::uint64_t>(community_index));
  planning::CutOptions options;
  options.tol = 0.05;
  options.band = planning::HouseholdBand{static_cast<double>(grid_households_min), static_cast<double>(grid_households_max)};
  options.seed = rng.next();
  options.effort = 100;  // the ladder tries several tolerances; the tight ones may be out of reach
  auto cut = planning::cut_community(graph.view(), households, 1, households, com.grid_count, options);
  if (!cut.band_held) throw Error("seed_county: community " + std::to_string(community_index) + ": " + cut.finding);
  return std::move(cut.parts);
}

/// Renumbers grid labels west->east, north->south (planning::reading_order, as local standards
/// such as DB6101 ask): rows as tall as a typical grid of the community's block. Centroids are
/// rounded to centimetres so the order is the same everywhere.
void number_in_reading_order(const std::vector<Building>& buildings, const Community& com, std::vector<std::int32_t>& labels) {
  const auto k = static_cast<std::size_t>(com.grid_count);
  std::vector<double> sx(k, 0), sy(k, 0), count(k, 0);
  for (std::size_t i = 0; i < com.building_count; ++i) {
    const auto g = static_cast<std::size_t>(labels[i]);
    sx[g] += buildings[com.first_building + i].x;
    sy[g] += buildings[com.first_building + i].y;
    count[g] += 1;
  }
  for (std::size_t g = 0; g < k; ++g) {
    sx[g] = centimetres(sx[g] / count[g]);
    sy[g] = centimetres(sy[g] / count[g]);
  }
  const double row_height = std::max(1.0, std::sqrt(com.width * com.height / static_cast<double>(k)));
  const auto order = planning::reading_order(sx, sy, row_height);
  std::vector<std::int32_t> number(k);
  for (std::size_t r = 0; r < k; ++r) number[static_cast<std::size_t>(order[r])] = static_cast<std::int32_t>(r);
  for (auto& label : labels) label = number[static_cast<std::size_t>(label)];
}

}  // namespace

Model seed_county(std::uint64_t seed) {
  static_assert(names::departments.size() == 76 && names::special_places.size() == special_grid_count);
  for (const auto& d : names::departments)
    if (d.name.empty() || d.sector.empty()) throw Error("seed_county: the department table has an empty entry");

  Rng county_rng = Rng::stream(seed, 1);

  // ---- 1. compounds, dealt to communities -----------------------------------------------------
  std::vector<Compound> compounds(compound_count);
  {
    const auto sizes = compound_sizes(county_rng);
    for (int i = 0; i < compound_count; ++i) {
      auto& c = compounds[static_cast<std::size_t>(i)];
      c.households = sizes[static_cast<std::size_t>(i)];
      const double u = county_rng.uniform();
      if (c.households >= 1000) c.era = u < 0.7 ? Era::new_highrise : Era::middle;
      else c.era = u < 0.35 ? Era::old_walkup : (u < 0.75 ? Era::middle : Era::new_highrise);
      switch (c.era) {
        case Era::old_walkup: c.year_built = static_cast<int>(county_rng.integer(1982, 1999)); break;
        case Era::middle: c.year_built = static_cast<int>(county_rng.integer(2000, 2011)); break;
        case Era::new_highrise: c.year_built = static_cast<int>(county_rng.integer(2012, 2023)); break;
      }
    }
  }
  std::vector<Community> communities(community_count);
  {
    // 268 = 13 x 18 + 2 x 17, the two smaller communities chosen at random.
    std::vector<int> per_community(community_count, compound_count / community_count);
    for (int i = 0; i < compound_count % community_count; ++i) ++per_community[static_cast<std::size_t>(i)];
    county_rng.shuffle(per_community);
    int next = 0;
    for (int c = 0; c < community_count; ++c) {
      auto& com = communities[static_cast<std::size_t>(c)];
      com.code = std::string(names::county_code.substr(0, 6)) + "001" + padded(c + 1, 3);
      com.name = std::string(names::communities[static_cast<std::size_t>(c)]);
      com.short_name = com.name.substr(0, com.name.size() - std::string_view("社区").size());
      for (int k = 0; k < per_community[static_cast<std::size_t>(c)]; ++k) {
        compounds[static_cast<std::size_t>(next)].community = c;
        compounds[static_cast<std::size_t>(next)].number = k + 1;
        com.compounds.push_back(next++);
      }
    }
  }
  // Unique compound names: a prefix and a suffix matching the compound's era.
  {
    std::vector<std::size_t> prefix_order(names::compound_prefixes.size());
    std::iota(prefix_order.begin(), prefix_order.end(), std::size_t{0});
    county_rng.shuffle(prefix_order);
    std::vector<std::string> used;
    std::size_t cursor = 0;
    for (auto& c : compounds) {
      std::span<const std::string_view> suffixes =
          c.era == Era::old_walkup ? std::span<const std::string_view>(names::old_compound_suffixes)
          : c.era == Era::middle   ? std::span<const std::string_view>(names::middle_compound_suffixes)
                                   : std::span<const std::string_view>(names::new_compound_suffixes);
      const std::size_t suffix = county_rng.below(suffixes.size());
      for (std::size_t tries = 0;; ++tries) {
        if (tries >= prefix_order.size() * suffixes.size()) throw Error("seed_county: ran out of compound names");
        std::string candidate = std::string(names::compound_prefixes[prefix_order[cursor++ % prefix_order.size()]]) +
                                std::string(suffixes[(suffix + tries / prefix_order.size()) % suffixes.size()]);
        if (std::find(used.begin(), used.end(), candidate) == used.end()) {
          used.push_back(candidate);
          c.name = std::move(candidate);
          break;
        }
      }
    }
  }

  // ---- 2. buildings and households ------------------------------------------------------------
  std::vector<Building> buildings;
  std::vector<Household> households;
  buildings.reserve(1600);
  households.reserve(static_cast<std::size_t>(household_total));
  for (int c = 0; c < community_count; ++c) {
    auto& com = communities[static_cast<std::size_t>(c)];
    Rng rng = Rng::stream(seed, 100 + static_cast<std::uint64_t>(c));
    rng.shuffle(com.compounds);
    com.first_building = buildings.size();
    for (int ci : com.compounds) {
      build_compound(rng, ci, compounds[static_cast<std::size_t>(ci)], buildings, households);
      com.households += compounds[static_cast<std::size_t>(ci)].households;
    }
    com.building_count = buildings.size() - com.first_building;
  }
  if (static_cast<std::int64_t>(households.size()) != household_total)
    throw Error("seed_county: generated " + std::to_string(households.size()) + " households instead of 61,880");

  // ---- 3. lattice layout and residential grids ------------------------------------------------
  double cell_width = 0, cell_height = 0;
  for (auto& com : communities) {
    // About as tall as wide: rows x 44 m ~ (buildings / rows) x 52 m, with an odd row count.
    int path_rows = static_cast<int>(std::sqrt(static_cast<double>(com.building_count) * building_spacing_x / building_spacing_y));
    path_rows = std::max(1, path_rows % 2 == 0 ? path_rows + 1 : path_rows);
    double column_sum = 0, row_sum = 0;
    for (std::size_t i = 0; i < com.building_count; ++i) {
      auto& b = buildings[com.first_building + i];
      std::tie(b.column, b.row) = band_path_cell(path_rows, static_cast<std::int64_t>(i));
      com.columns = std::max(com.columns, b.column + 1);
      com.rows = std::max(com.rows, b.row + 1);
      column_sum += b.column + 0.5;
      row_sum += b.row + 0.5;
    }
    com.cell.assign(static_cast<std::size_t>(com.columns) * static_cast<std::size_t>(com.rows), no_building);
    for (std::size_t i = 0; i < com.building_count; ++i) {
      const auto& b = buildings[com.first_building + i];
      com.cell[static_cast<std::size_t>(b.row) * static_cast<std::size_t>(com.columns) + static_cast<std::size_t>(b.column)] =
          com.first_building + i;
    }
    const auto n = static_cast<double>(com.building_count);
    com.centre_column = std::floor(column_sum / n + 0.5);
    com.centre_row = std::floor(row_sum / n + 0.5);
    com.width = com.columns * building_spacing_x;
    com.height = com.rows * building_spacing_y;
    cell_width = std::max(cell_width, com.width + block_gap);
    cell_height = std::max(cell_height, com.height + special_band_depth + block_gap);
  }
  const int macro_rows = (community_count + macro_columns - 1) / macro_columns;
  for (int c = 0; c < community_count; ++c) {
    auto& com = communities[static_cast<std::size_t>(c)];
    Rng rng = Rng::stream(seed, 200 + static_cast<std::uint64_t>(c));
    const int mc = c % macro_columns, mr = c / macro_columns;
    const double centre_x = (mc - (macro_columns - 1) / 2.0) * cell_width;
    const double centre_y = ((macro_rows - 1) / 2.0 - mr) * cell_height;
    com.west = centimetres(centre_x - com.width / 2);
    com.north = centimetres(centre_y + (com.height + special_band_depth) / 2);
    for (std::size_t i = 0; i < com.building_count; ++i) {
      auto& b = buildings[com.first_building + i];
      b.x = centimetres(com.west + (b.column + 0.5) * building_spacing_x + rng.uniform(-building_jitter, building_jitter));
      b.y = centimetres(com.north - (b.row + 0.5) * building_spacing_y + rng.uniform(-building_jitter, building_jitter));
    }
  }
  {
    std::vector<std::int64_t> weights;
    for (const auto& com : communities) weights.push_back(com.households);
    const auto grid_counts = apportion(residential_grid_count, weights);
    int next_grid = 0;
    for (int c = 0; c < community_count; ++c) {
      auto& com = communities[static_cast<std::size_t>(c)];
      com.first_grid = next_grid;
      com.grid_count = static_cast<int>(grid_counts[static_cast<std::size_t>(c)]);
      // Balanced, contiguous partitions of the lattice, as gg.draw_grids(k=238) draws them.
      auto labels = community_grids(buildings, com, seed, c);
      number_in_reading_order(buildings, com, labels);
      for (std::size_t i = 0; i < com.building_count; ++i) buildings[com.first_building + i].grid = next_grid + labels[i];
      next_grid += com.grid_count;
    }
  }

  // ---- 4. special places ----------------------------------------------------------------------
  std::vector<SpecialPlace> specials(special_grid_count);
  {
    // One per community, then the 13 left over to 13 distinct communities.
    std::vector<int> types(special_grid_count);
    std::iota(types.begin(), types.end(), 0);
    county_rng.shuffle(types);
    std::vector<int> hosts(community_count);
    std::iota(hosts.begin(), hosts.end(), 0);
    std::vector<int> extra = hosts;
    county_rng.shuffle(extra);
    hosts.insert(hosts.end(), extra.begin(), extra.begin() + (special_grid_count - community_count));
    for (int i = 0; i < special_grid_count; ++i) {
      auto& p = specials[static_cast<std::size_t>(i)];
      p.type = types[static_cast<std::size_t>(i)];
      p.community = hosts[static_cast<std::size_t>(i)];
      auto& com = communities[static_cast<std::size_t>(p.community)];
      com.special_places.push_back(i);
      p.number = static_cast<int>(com.special_places.size());
      const std::string_view sub = names::special_places[static_cast<std::size_t>(p.type)].subkind;
      if (sub == "enterprise") p.employees = county_rng.integer(300, 3000);
      else if (sub == "school") {
        p.students = county_rng.integer(800, 3500);
        p.employees = p.students / 12;
      } else if (sub == "hospital") {
        p.beds = county_rng.integer(150, 900);
        p.employees = p.beds * 3 / 2;
      } else if (sub == "mall") p.employees = county_rng.integer(300, 1500);
      else {
        p.stalls = county_rng.integer(120, 600);
        p.employees = p.stalls * 6 / 5;
      }
    }
    for (auto& com : communities) {
      const auto n = static_cast<double>(com.special_places.size());
      for (std::size_t j = 0; j < com.special_places.size(); ++j) {
        auto& p = specials[static_cast<std::size_t>(com.special_places[j])];
        p.x = centimetres(com.west + com.width * (static_cast<double>(j) + 1) / (n + 1));
        p.y = centimetres(com.north - com.height - special_band_depth / 2);
      }
    }
  }

  // ---- 5. the model ---------------------------------------------------------------------------
  ModelBuilder mb;
  const std::string county_code(names::county_code);
  mb.add(Kind::county, county_code, names::county_name);
  for (const auto& com : communities) mb.add(Kind::community, com.code, com.name, county_code);

  auto residential_grid_code = [&](int community, int g) {
    return communities[static_cast<std::size_t>(community)].code + padded(g + 1, 3);
  };
  std::vector<std::string> grid_codes(residential_grid_count), grid_names(residential_grid_count);
  for (int c = 0; c < community_count; ++c) {
    const auto& com = communities[static_cast<std::size_t>(c)];
    for (int g = 0; g < com.grid_count; ++g) {
      const auto gi = static_cast<std::size_t>(com.first_grid + g);
      grid_codes[gi] = residential_grid_code(c, g);
      grid_names[gi] = com.name + "第" + std::to_string(g + 1) + "网格";
      mb.add(Kind::grid, grid_codes[gi], grid_names[gi], com.code, "residential");
    }
  }
  std::vector<std::string> special_grid_codes(special_grid_count), place_codes(special_grid_count);
  for (int i = 0; i < special_grid_count; ++i) {
    const auto& p = specials[static_cast<std::size_t>(i)];
    const auto& com = communities[static_cast<std::size_t>(p.community)];
    special_grid_codes[static_cast<std::size_t>(i)] = com.code + padded(900 + p.number, 3);
    place_codes[static_cast<std::size_t>(i)] = com.code + "P" + padded(p.number, 3);
    mb.add(Kind::grid, special_grid_codes[static_cast<std::size_t>(i)],
           std::string(names::special_places[static_cast<std::size_t>(p.type)].name) + "专属网格", com.code, "special");
  }

  // Compounds.
  std::vector<std::string> compound_codes(compound_count);
  {
    const std::size_t first = mb.size();
    std::vector<std::int64_t> hh, year;
    for (const auto& com : communities)
      for (int ci : com.compounds) {
        const auto& c = compounds[static_cast<std::size_t>(ci)];
        compound_codes[static_cast<std::size_t>(ci)] = com.code + "XQ" + padded(c.number, 3);
        mb.add(Kind::compound, compound_codes[static_cast<std::size_t>(ci)], c.name, com.code);
        hh.push_back(c.households);
        year.push_back(c.year_built);
      }
    mb.set_column(first, int_column("households", std::move(hh)));
    mb.set_column(first, int_column("year_built", std::move(year)));
  }

  // Buildings, units, households: codes extend the community code (docs/model.md).
  std::vector<std::string> building_codes(buildings.size()), building_names(buildings.size());
  {
    const std::size_t first = mb.size();
    std::vector<std::int64_t> hh, floors, units, year;
    for (const auto& com : communities)
      for (std::size_t i = 0; i < com.building_count; ++i) {
        const std::size_t bi = com.first_building + i;
        const auto& b = buildings[bi];
        building_codes[bi] = com.code + padded(static_cast<std::int64_t>(i) + 1, 5);
        building_names[bi] = compounds[static_cast<std::size_t>(b.compound)].name + std::to_string(b.number_in_compound) + "幢";
        mb.add(Kind::building, building_codes[bi], building_names[bi], grid_codes[static_cast<std::size_t>(b.grid)]);
        mb.set_xy(building_codes[bi], b.x, b.y);
        hh.push_back(static_cast<std::int64_t>(b.household_count));
        floors.push_back(b.floors);
        units.push_back(b.units);
        year.push_back(b.year_built);
      }
    mb.set_column(first, int_column("households", std::move(hh)));
    mb.set_column(first, int_column("floors", std::move(floors)));
    mb.set_column(first, int_column("units", std::move(units)));
    mb.set_column(first, int_column("year_built", std::move(year)));
  }
  {
    const std::size_t first = mb.size();
    std::vector<std::int64_t> hh;
    for (std::size_t bi = 0; bi < buildings.size(); ++bi) {
      const auto& b = buildings[bi];
      const std::string& building_name = building_names[bi];
      std::vector<std::int64_t> per_unit(static_cast<std::size_t>(b.units), 0);
      for (std::size_t h = b.first_household; h < b.first_household + b.household_count; ++h)
        ++per_unit[static_cast<std::size_t>(households[h].unit - 1)];
      for (int u = 1; u <= b.units; ++u) {
        mb.add(Kind::unit, building_codes[bi] + padded(u, 2), building_name + std::to_string(u) + "单元", building_codes[bi]);
        hh.push_back(per_unit[static_cast<std::size_t>(u - 1)]);
      }
    }
    mb.set_column(first, int_column("households", std::move(hh)));
  }
  {
    const std::size_t first = mb.size();
    std::vector<std::int64_t> residents;
    std::vector<std::uint8_t> elderly, disabled, key, renter, elsewhere;
    residents.reserve(households.size());
    for (std::size_t bi = 0; bi < buildings.size(); ++bi) {
      const auto& b = buildings[bi];
      const std::string& building_name = building_names[bi];
      for (std::size_t hi = b.first_household; hi < b.first_household + b.household_count; ++hi) {
        const auto& h = households[hi];
        const std::string unit_code = building_codes[bi] + padded(h.unit, 2);
        mb.add(Kind::household, unit_code + padded(h.floor, 2) + padded(h.room, 2),
               building_name + std::to_string(h.unit) + "单元" + std::to_string(h.floor) + padded(h.room, 2) + "室", unit_code);
        residents.push_back(h.residents);
        elderly.push_back(h.elderly_alone);
        disabled.push_back(h.disabled);
        key.push_back(h.key_person);
        renter.push_back(h.renter);
        elsewhere.push_back(h.registered_elsewhere);
      }
    }
    mb.set_column(first, int_column("residents", std::move(residents)));
    mb.set_column(first, bool_column("elderly_alone", std::move(elderly)));
    mb.set_column(first, bool_column("disabled", std::move(disabled)));
    mb.set_column(first, bool_column("key_person", std::move(key)));
    mb.set_column(first, bool_column("renter", std::move(renter)));
    mb.set_column(first, bool_column("registered_elsewhere", std::move(elsewhere)));
  }

  std::vector<Located> road_stops;  // located organisations and places to tie into the road network
  std::vector<std::size_t> road_stop_community;

  // Places: the special ones sit in and host their special grid; ordinary ones (shops, clinics,
  // kindergartens...) sit on the ground floor of a building of a residential grid.
  {
    const std::size_t first = mb.size();
    std::vector<std::int64_t> employees, students, beds, stalls;
    for (int i = 0; i < special_grid_count; ++i) {
      const auto& p = specials[static_cast<std::size_t>(i)];
      const auto& type = names::special_places[static_cast<std::size_t>(p.type)];
      const auto& code = place_codes[static_cast<std::size_t>(i)];
      mb.add(Kind::place, code, type.name, special_grid_codes[static_cast<std::size_t>(i)], type.subkind);
      mb.set_xy(code, p.x, p.y);
      mb.link(code, special_grid_codes[static_cast<std::size_t>(i)], LinkType::hosts);
      road_stops.push_back({code, p.x, p.y});
      road_stop_community.push_back(static_cast<std::size_t>(p.community));
      employees.push_back(p.employees);
      students.push_back(p.students);
      beds.push_back(p.beds);
      stalls.push_back(p.stalls);
    }
    std::array<double, names::ordinary_places.size()> type_weights{};
    for (std::size_t t = 0; t < type_weights.size(); ++t) type_weights[t] = names::ordinary_places[t].weight;
    for (int c = 0; c < community_count; ++c) {
      const auto& com = communities[static_cast<std::size_t>(c)];
      Rng rng = Rng::stream(seed, 500 + static_cast<std::uint64_t>(c));
      auto serial = static_cast<std::int64_t>(com.special_places.size());
      std::vector<std::vector<std::size_t>> grid_buildings(static_cast<std::size_t>(com.grid_count));
      for (std::size_t bi = com.first_building; bi < com.first_building + com.building_count; ++bi)
        grid_buildings[static_cast<std::size_t>(buildings[bi].grid - com.first_grid)].push_back(bi);
      for (int g = com.first_grid; g < com.first_grid + com.grid_count; ++g) {
        const auto& members = grid_buildings[static_cast<std::size_t>(g - com.first_grid)];
        std::int64_t grid_households = 0;
        for (std::size_t bi : members) grid_households += static_cast<std::int64_t>(buildings[bi].household_count);
        // 0-2, plus one in a grid above the county's mean grid (260 households): about 1.5 a grid.
        const std::int64_t count = rng.integer(0, 2) + (grid_households >= household_total / residential_grid_count ? 1 : 0);
        for (std::int64_t k = 0; k < count; ++k) {
          const auto& type = names::ordinary_places[rng.weighted_index(type_weights)];
          const std::size_t host = members[rng.below(members.size())];
          const std::string code = com.code + "P" + padded(++serial, 3);
          const double x = centimetres(buildings[host].x + rng.uniform(-4, 4));
          const double y = centimetres(buildings[host].y - 12.0 + rng.uniform(-2, 2));  // the street side
          mb.add(Kind::place, code, building_names[host] + std::string(type.suffix), grid_codes[static_cast<std::size_t>(g)],
                 type.subkind);
          mb.set_xy(code, x, y);
          road_stops.push_back({code, x, y});
          road_stop_community.push_back(static_cast<std::size_t>(c));
          employees.push_back(rng.integer(type.employees_min, type.employees_max));
          const std::int64_t size = type.size_column.empty() ? -1 : rng.integer(type.size_min, type.size_max);
          students.push_back(type.size_column == "students" ? size : -1);
          beds.push_back(type.size_column == "beds" ? size : -1);
          stalls.push_back(-1);
        }
      }
    }
    mb.set_column(first, int_column("employees", std::move(employees)));
    mb.set_column(first, optional_int_column("students", students));
    mb.set_column(first, optional_int_column("beds", beds));
    mb.set_column(first, optional_int_column("stalls", stalls));
  }

  // Workers: one full-time worker per grid, part-time workers by households (residential grids)
  // or four per special grid; homes near the grid they serve.
  {
    std::vector<double> grid_x(residential_grid_count, 0), grid_y(residential_grid_count, 0);
    std::vector<std::int64_t> grid_households(residential_grid_count, 0), grid_buildings(residential_grid_count, 0);
    for (const auto& b : buildings) {
      const auto g = static_cast<std::size_t>(b.grid);
      grid_x[g] += b.x;
      grid_y[g] += b.y;
      grid_households[g] += static_cast<std::int64_t>(b.household_count);
      ++grid_buildings[g];
    }
    const auto parttime = apportion(residential_parttime_total, grid_households);
    for (int c = 0; c < community_count; ++c) {
      const auto& com = communities[static_cast<std::size_t>(c)];
      Rng rng = Rng::stream(seed, 300 + static_cast<std::uint64_t>(c));
      int serial = 0;
      auto add_worker = [&](const std::string& grid, std::string_view subkind, double x, double y, double spread) {
        const std::string code = com.code + "W" + padded(++serial, 4);
        mb.add(Kind::worker, code, person_name(rng), com.code, subkind);
        mb.set_xy(code, centimetres(x + rng.uniform(-spread, spread)), centimetres(y + rng.uniform(-spread, spread)));
        mb.link(code, grid, LinkType::serves);
      };
      for (int g = com.first_grid; g < com.first_grid + com.grid_count; ++g) {
        const auto gi = static_cast<std::size_t>(g);
        const double cx = grid_x[gi] / static_cast<double>(grid_buildings[gi]);
        const double cy = grid_y[gi] / static_cast<double>(grid_buildings[gi]);
        add_worker(grid_codes[gi], "fulltime", cx, cy, 250.0);
        for (std::int64_t k = 0; k < parttime[gi]; ++k) add_worker(grid_codes[gi], "parttime", cx, cy, 120.0);
      }
      for (int i : com.special_places) {
        const auto& p = specials[static_cast<std::size_t>(i)];
        add_worker(special_grid_codes[static_cast<std::size_t>(i)], "fulltime", p.x, p.y, 400.0);
        for (int k = 0; k < parttime_per_special_grid; ++k)
          add_worker(special_grid_codes[static_cast<std::size_t>(i)], "parttime", p.x, p.y, 150.0);
      }
    }
  }

  // Organisations.
  const std::string county_centre = county_code + "ZHZX";
  {
    // The county command centre sits in the middle community's block, two lattice cells west of
    // that community's own offices.
    const auto& mid = communities[community_count / 2];
    const double cx = centimetres(mid.west + (mid.centre_column - 2) * building_spacing_x);
    const double cy = centimetres(mid.north - mid.centre_row * building_spacing_y);
    mb.add(Kind::organisation, county_centre, std::string(names::county_name) + "网格化服务管理综合指挥中心", county_code,
           "command_centre");
    mb.set_xy(county_centre, cx, cy);
    road_stops.push_back({county_centre, cx, cy});
    road_stop_community.push_back(community_count / 2);
  }
  {
    const std::size_t first = mb.size();
    std::vector<std::string_view> sectors;
    for (std::size_t i = 0; i < names::departments.size(); ++i) {
      const std::string code = county_code + "BM" + padded(static_cast<std::int64_t>(i) + 1, 2);
      mb.add(Kind::organisation, code, names::departments[i].name, county_code, "department");
      mb.link(county_centre, code, LinkType::dispatches);
      sectors.push_back(names::departments[i].sector);
    }
    mb.set_column(first, string_column("sector", sectors));
  }
  {
    static constexpr std::array<std::string_view, 5> seat_roles = {"综合受理席", "指挥调度席", "督办考核席", "视频巡查席",
                                                                   "数据研判席"};
    static constexpr std::array<int, 5> seats_per_role = {6, 4, 2, 2, 2};
    int serial = 0;
    for (std::size_t r = 0; r < seat_roles.size(); ++r)
      for (int k = 1; k <= seats_per_role[r]; ++k)
        mb.add(Kind::organisation, county_centre + "XW" + padded(++serial, 2), std::string(seat_roles[r]) + std::to_string(k),
               county_centre, "work_seat");
    if (serial != work_seat_count) throw Error("seed_county: the work seat table does not give 16 seats");
  }
  {
    // 140 stationed units, 9 or 10 per community, each a distinct type within its community.
    std::vector<int> per_community(community_count, stationed_unit_count / community_count);
    for (int i = 0; i < stationed_unit_count % community_count; ++i) ++per_community[static_cast<std::size_t>(i)];
    county_rng.shuffle(per_community);
    int serial = 0;
    for (int c = 0; c < community_count; ++c) {
      const auto& com = communities[static_cast<std::size_t>(c)];
      std::vector<std::size_t> types(names::stationed_unit_types.size());
      std::iota(types.begin(), types.end(), std::size_t{0});
      county_rng.shuffle(types);
      for (int k = 0; k < per_community[static_cast<std::size_t>(c)]; ++k) {
        const std::string code = county_code + "ZQ" + padded(++serial, 3);
        mb.add(Kind::organisation, code, com.short_name + std::string(names::stationed_unit_types[types[static_cast<std::size_t>(k)]]),
               county_code, "stationed_unit");
        mb.set_xy(code, centimetres(com.west + county_rng.uniform(0, com.width)),
                  centimetres(com.north - county_rng.uniform(0, com.height)));
        mb.link(code, com.code, LinkType::cobuilds);
      }
    }
  }
  for (int c = 0; c < community_count; ++c) {
    const auto& com = communities[static_cast<std::size_t>(c)];
    // Command centre, service station and governance centre share a site in the middle of the
    // buildings, on a corner between lattice cells (not on a building), a few metres apart.
    const double cx = com.west + com.centre_column * building_spacing_x - 12.0;
    const double cy = com.north - com.centre_row * building_spacing_y;
    const std::array<std::pair<std::string, std::string>, 3> offices = {{
        {com.code + "ZHZX", com.name + "网格综合指挥中心"},
        {com.code + "FWZ", com.name + "网格服务站"},
        {com.code + "ZZZX", com.name + "综治中心"},
    }};
    static constexpr std::array<std::string_view, 3> office_kinds = {"command_centre", "service_station", "governance_centre"};
    for (std::size_t k = 0; k < offices.size(); ++k) {
      const double x = centimetres(cx + 12.0 * static_cast<double>(k)), y = centimetres(cy);
      mb.add(Kind::organisation, offices[k].first, offices[k].second, com.code, office_kinds[k]);
      mb.set_xy(offices[k].first, x, y);
      road_stops.push_back({offices[k].first, x, y});
      road_stop_community.push_back(static_cast<std::size_t>(c));
    }
  }
  for (int g = 0; g < residential_grid_count; ++g) {
    const auto gi = static_cast<std::size_t>(g);
    const std::string code = grid_codes[gi] + "DXZ";
    mb.add(Kind::organisation, code, grid_names[gi] + "党小组", grid_codes[gi], "party_group");
    mb.link(code, grid_codes[gi], LinkType::serves);
  }

  // Compound membership, building adjacency (lattice neighbours) and roads.
  for (std::size_t bi = 0; bi < buildings.size(); ++bi)
    mb.link(compound_codes[static_cast<std::size_t>(buildings[bi].compound)], building_codes[bi], LinkType::member);
  for (const auto& com : communities) {
    // East and south lattice neighbours.
    const auto columns = static_cast<std::size_t>(com.columns), rows = static_cast<std::size_t>(com.rows);
    for (std::size_t row = 0; row < rows; ++row)
      for (std::size_t column = 0; column < columns; ++column) {
        const std::size_t a = com.cell[row * columns + column];
        if (a == no_building) continue;
        for (const std::size_t b : {column + 1 < columns ? com.cell[row * columns + column + 1] : no_building,
                                    row + 1 < rows ? com.cell[(row + 1) * columns + column] : no_building}) {
          if (b == no_building) continue;
          mb.link(building_codes[a], building_codes[b], LinkType::adjacent);
          mb.link(building_codes[a], building_codes[b], LinkType::road,
                  distance(buildings[a].x, buildings[a].y, buildings[b].x, buildings[b].y));
        }
      }
  }
  for (std::size_t s = 0; s < road_stops.size(); ++s) {
    // Each located office or place joins the paths to its two nearest buildings.
    const auto& stop = road_stops[s];
    const auto& com = communities[road_stop_community[s]];
    const std::size_t a = nearest_building(buildings, com.first_building, com.building_count, stop.x, stop.y);
    const std::size_t b = nearest_building(buildings, com.first_building, com.building_count, stop.x, stop.y, a);
    for (const std::size_t bi : {a, b})
      mb.link(stop.code, building_codes[bi], LinkType::road, distance(stop.x, stop.y, buildings[bi].x, buildings[bi].y));
  }
  for (int c = 0; c < community_count; ++c) {
    // Streets between neighbouring community blocks (east and south): the closest building pair.
    const auto& com = communities[static_cast<std::size_t>(c)];
    for (const int other : {c % macro_columns + 1 < macro_columns ? c + 1 : -1, c + macro_columns}) {
      if (other < 0 || other >= community_count) continue;
      const auto& nb = communities[static_cast<std::size_t>(other)];
      std::size_t best_a = com.first_building, best_b = nb.first_building;
      double best = -1;
      for (std::size_t a = com.first_building; a < com.first_building + com.building_count; ++a) {
        const std::size_t b = nearest_building(buildings, nb.first_building, nb.building_count, buildings[a].x, buildings[a].y);
        const double dx = buildings[a].x - buildings[b].x, dy = buildings[a].y - buildings[b].y, d2 = dx * dx + dy * dy;
        if (best < 0 || d2 < best) {
          best = d2;
          best_a = a;
          best_b = b;
        }
      }
      mb.link(building_codes[best_a], building_codes[best_b], LinkType::road,
              distance(buildings[best_a].x, buildings[best_a].y, buildings[best_b].x, buildings[best_b].y));
    }
  }

  mb.set_metadata("name", std::string(names::county_name));
  mb.set_metadata("county_code", county_code);
  mb.set_metadata("origin_lon", std::string(origin_lon));
  mb.set_metadata("origin_lat", std::string(origin_lat));
  mb.set_metadata("crs", "local-metres");
  mb.set_metadata("generator", "gridgov.datasets.seed_county v1");
  mb.set_metadata("seed", std::to_string(seed));
  mb.set_metadata("note", "fictional county (code 339901 is not a real division); origin at 武康, 德清县, Zhejiang");
  return mb.freeze(Validate::raise);
}

}  // namespace gridgov::datasets
