// A model from a planner's buildings table (see include/gridgov/ingest/buildings.hpp).
#include "gridgov/ingest/buildings.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "gridgov/core/messages.hpp"
#include "gridgov/core/utf8.hpp"
#include "gridgov/ingest/adjacency.hpp"
#include "codes.hpp"
#include "problems.hpp"

namespace gridgov::ingest {

namespace {

using detail::Problems;

/// Reports progress as a share of the whole import, at most about every 1 %.
class Progress {
 public:
  explicit Progress(const ProgressCallback& callback) : callback_(callback) {}
  /// Enters a step that takes `weight` of the whole import.
  void step(std::string_view name, double weight) {
    done_ += weight_;
    name_ = name;
    weight_ = weight;
    report(0.0);
  }
  /// Within the current step, `share` (0..1) is done.
  void report(double share) {
    if (!callback_) return;
    const double at = done_ + weight_ * std::clamp(share, 0.0, 1.0);
    if (at - last_ < 0.01 && share > 0.0) return;
    last_ = at;
    callback_(name_, at);
  }
  void finish() {
    if (callback_) callback_("done", 1.0);
  }

 private:
  const ProgressCallback& callback_;
  std::string_view name_;
  double done_ = 0.0, weight_ = 0.0, last_ = -1.0;
};

// ---- table checks ------------------------------------------------------------------------------

/// Column lengths: an InputError at once (nothing else can be checked before they agree).
template <class Table>
void check_lengths(const Table& t, std::string_view table, std::size_t n,
                   std::initializer_list<std::pair<std::string_view, std::size_t>> required,
                   std::initializer_list<std::pair<std::string_view, std::size_t>> optional) {
  std::string wrong;
  for (auto [name, size] : required)
    if (size != n) wrong += "\n  " + std::string(name) + ": " + std::to_string(size) + " values";
  for (auto [name, size] : optional)
    if (size != 0 && size != n) wrong += "\n  " + std::string(name) + ": " + std::to_string(size) + " values";
  for (const Column& c : t.attributes) {
    if (c.size() != n) wrong += "\n  attribute '" + c.name + "': " + std::to_string(c.size()) + " values";
    if (c.name.empty()) wrong += "\n  an attribute column without a name";
  }
  if (!t.row_labels.empty() && t.row_labels.size() != n) wrong += "\n  row_labels: " + std::to_string(t.row_labels.size()) + " values";
  if (!wrong.empty())
    throw InputError(messages::format("table.column_lengths",
                                      {{"table", std::string(table)}, {"n", std::to_string(n)}, {"wrong", wrong}}));
  // Messages quote row labels and column names: they must be text.
  for (std::size_t r = 0; r < t.row_labels.size(); ++r)
    if (!is_utf8(t.row_labels[r]))
      throw InputError(messages::format("table.row_label_utf8",
                                        {{"table", std::string(table)}, {"r", std::to_string(r)}}));
  for (std::size_t k = 0; k < t.attributes.size(); ++k)
    if (!is_utf8(t.attributes[k].name))
      throw InputError(messages::format("table.attribute_name_utf8",
                                        {{"table", std::string(table)}, {"k", std::to_string(k)}}));
}

using TextColumns = std::initializer_list<std::pair<std::string_view, const std::vector<std::string>*>>;

/// Every text cell is UTF-8: bytes in another encoding (a GBK file read as UTF-8 by a C++
/// caller, half of a file in each) would become names no file or message can carry. The problem
/// names the row and column, and not the bytes.
void check_utf8(TextColumns columns, const std::vector<Column>& attributes, Problems& problems) {
  auto check = [&](std::size_t row, std::string_view column, std::string_view text) {
    if (const std::size_t bad = utf8_invalid_at(text); bad != std::string_view::npos)
      problems.add(row, column, "", messages::format("table.not_utf8", {{"bad", std::to_string(bad)}}));
  };
  for (auto [name, column] : columns)
    for (std::size_t r = 0; r < column->size(); ++r) check(r, name, (*column)[r]);
  for (const Column& c : attributes)
    if (c.type == ColumnType::string)
      for (std::size_t r = 0; r < c.size(); ++r) check(r, c.name, c.strings[r]);
}

constexpr std::string_view household_flag_columns[] = {"elderly_alone", "disabled", "key_persons", "renters",
                                                       "registered_elsewhere"};
constexpr std::string_view household_flag_names[] = {"elderly_alone", "disabled", "key_person", "renter",
                                                     "registered_elsewhere"};

const std::vector<std::int64_t>* flag_column(const BuildingTable& t, std::size_t i) {
  const std::vector<std::int64_t>* columns[] = {&t.elderly_alone, &t.disabled, &t.key_persons, &t.renters,
                                                &t.registered_elsewhere};
  return columns[i];
}

/// Column lengths of the buildings table (an InputError at once).
void check_building_lengths(const BuildingTable& t, Crs crs) {
  const bool located = crs != Crs::local;
  check_lengths(t, "buildings", t.rows(),
                {{"building", t.building.size()}, {"households", t.households.size()},
                 {located ? "lon" : "x", located ? t.lon.size() : t.x.size()},
                 {located ? "lat" : "y", located ? t.lat.size() : t.y.size()}},
                {{"district", t.district.size()}, {"street", t.street.size()}, {"compound", t.compound.size()},
                 {"name", t.name.size()}, {"grid", t.grid.size()}, {"residents", t.residents.size()},
                 {"elderly_alone", t.elderly_alone.size()}, {"disabled", t.disabled.size()},
                 {"key_persons", t.key_persons.size()}, {"renters", t.renters.size()},
                 {"registered_elsewhere", t.registered_elsewhere.size()}, {"floors", t.floors.size()},
                 {"units", t.units.size()}, {"buildings", t.buildings.size()}});
}

/// The shortest text that reads back as the same double.
std::string shortest(double v) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, result.ptr);
}

/// Cell checks of the buildings table (every bad row is listed).
void check_rows(const BuildingTable& t, Crs crs, Problems& problems) {
  const std::size_t n = t.rows();
  const bool split_column = !t.buildings.empty();
  auto count_ok = [&](const std::vector<std::int64_t>& column, std::size_t r, std::string_view name) {
    if (column.empty() || column[r] == absent || column[r] >= 0) return;
    problems.add(r, name, std::to_string(column[r]), messages::format("table.negative"));
  };
  check_utf8({{"building", &t.building}, {"community", &t.community}, {"district", &t.district}, {"street", &t.street},
              {"compound", &t.compound}, {"name", &t.name}, {"grid", &t.grid}},
             t.attributes, problems);
  if (!problems.empty()) return;  // the checks below quote cells
  // Longitude and latitude swapped in most rows is one mistake of the whole table (its two
  // headers), said once; in a few rows it is a typo of each.
  const bool local = crs == Crs::local;
  auto swapped = [&](std::size_t r) {
    return !local && std::abs(t.lon[r]) <= 90 && std::abs(t.lat[r]) > 90 && std::abs(t.lat[r]) <= 180;
  };
  std::size_t located = 0, swapped_rows = 0, first_swapped = 0;
  for (std::size_t r = 0; r < n && !local; ++r) {
    if (!std::isfinite(t.lon[r]) || !std::isfinite(t.lat[r])) continue;
    ++located;
    if (swapped(r) && swapped_rows++ == 0) first_swapped = r;
  }
  const bool columns_swapped = swapped_rows > 1 && 2 * swapped_rows > located;
  if (columns_swapped)
    problems.add_table(messages::format("table.columns_swapped",
                                        {{"count", std::to_string(swapped_rows)}, {"located", std::to_string(located)},
                                         {"row", problems.label(first_swapped)}, {"lon", shortest(t.lon[first_swapped])},
                                         {"lat", shortest(t.lat[first_swapped])}}));
  std::int64_t total_households = 0;
  for (std::size_t r = 0; r < n; ++r) {
    if (t.community[r].empty()) problems.add(r, "community", "", messages::format("table.required",
                                                                                  {{"column", "community"}}));
    const bool blank = t.building[r].empty();
    const bool has_split = split_column && t.buildings[r] != absent;
    const bool compound = !t.compound.empty() && !t.compound[r].empty();
    if (blank && !(has_split && compound))
      problems.add(r, "building", "", messages::format("table.building_required"));
    if (has_split && !blank)
      problems.add(r, "buildings", std::to_string(t.buildings[r]), messages::format("table.buildings_on_compound"));
    if (has_split && blank && t.buildings[r] < 1)
      problems.add(r, "buildings", std::to_string(t.buildings[r]), messages::format("table.compound_no_building"));
    if (has_split && t.buildings[r] > 9999)
      problems.add(r, "buildings", std::to_string(t.buildings[r]), messages::format("table.compound_buildings_max"));
    const std::int64_t h = t.households[r];
    if (h == absent) problems.add(r, "households", "", messages::format("table.required", {{"column", "households"}}));
    count_ok(t.households, r, "households");
    // A count above 9,999 buildings is flagged above; capped here so that the product below
    // cannot overflow (found by fuzz_buildings: 9,999 x 41,010,500,100,002,001).
    const std::int64_t parts = has_split && t.buildings[r] >= 1 ? std::min<std::int64_t>(t.buildings[r], 9999) : 1;
    if (h != absent && h >= 0) {
      if (h > max_households_per_building * parts)
        problems.add(r, "households", std::to_string(h),
                     messages::format(parts == 1 ? "table.households_building_max" : "table.households_compound_max"));
      else total_households += h;
    }
    for (auto [column, name] : {std::pair{&t.residents, "residents"}, {&t.floors, "floors"}, {&t.units, "units"}})
      count_ok(*column, r, name);
    for (std::size_t f = 0; f < std::size(household_flag_columns); ++f) {
      const auto& column = *flag_column(t, f);
      count_ok(column, r, household_flag_columns[f]);
      if (!column.empty() && column[r] != absent && h != absent && h >= 0 && column[r] > h)
        problems.add(r, household_flag_columns[f], std::to_string(column[r]), messages::format("table.flag_above_households",
                                                                                               {{"h", std::to_string(h)}}));
    }
    const double a = local ? t.x[r] : t.lon[r], b = local ? t.y[r] : t.lat[r];
    const std::string_view first = local ? "x" : "lon", second = local ? "y" : "lat";
    if (!std::isfinite(a) && !std::isfinite(b))
      problems.add(r, local ? "x/y" : "lon/lat", "", messages::format("table.coordinates_required"));
    else if (!std::isfinite(a) || !std::isfinite(b))
      problems.add(r, std::isfinite(a) ? second : first, "", messages::format("table.half_coordinate",
                                                                              {{"given", std::string(std::isfinite(a) ? first : second)},
                                                                               {"missing", std::string(std::isfinite(a) ? second : first)}}));
    else if (swapped(r)) {
      if (!columns_swapped) problems.add(r, "lat", shortest(b), messages::format("table.lat_swapped"));
    }
    else if (!local) {
      if (std::abs(a) > 180) problems.add(r, "lon", shortest(a), messages::format("table.lon_outside"));
      if (std::abs(b) > 90) problems.add(r, "lat", shortest(b), messages::format("table.lat_outside"));
    }
  }
  // Duplicate building codes, each naming the other rows.
  std::vector<std::size_t> order;
  for (std::size_t r = 0; r < n; ++r)
    if (!t.building[r].empty()) order.push_back(r);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return t.building[a] < t.building[b]; });
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i + 1;
    while (j < order.size() && t.building[order[j]] == t.building[order[i]]) ++j;
    if (j - i > 1)
      for (std::size_t k = i; k < j; ++k) {
        std::string others;
        for (std::size_t m = i; m < j && others.size() < 60; ++m)
          if (m != k) others += (others.empty() ? "" : ", ") + problems.label(order[m]);
        problems.add(order[k], "building", t.building[order[k]],
                     messages::format("table.duplicate", {{"column", "building"}, {"rows", others}}));
      }
    i = j;
  }
  if (problems.empty() && n > 0 && total_households == 0)
    problems.add_table(messages::format("table.households_all_zero", {{"n", std::to_string(n)}}));
}

// ---- rows to buildings -------------------------------------------------------------------------

/// The buildings of the model: every table row, a compound row split into its parts.
struct Parts {
  std::vector<std::uint32_t> row;
  std::vector<std::uint32_t> part;
  std::vector<std::uint32_t> parts;
  [[nodiscard]] std::size_t size() const noexcept { return row.size(); }
};

Parts split_rows(const BuildingTable& t) {
  Parts p;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const bool split = t.building[r].empty() && !t.buildings.empty() && t.buildings[r] != absent;
    const auto parts = static_cast<std::uint32_t>(split ? t.buildings[r] : 1);
    for (std::uint32_t i = 0; i < parts; ++i) {
      p.row.push_back(static_cast<std::uint32_t>(r));
      p.part.push_back(i);
      p.parts.push_back(parts);
    }
  }
  return p;
}

/// Part `part` of `parts` of a total, as evenly as whole numbers allow (the first parts take the
/// remainder); absent stays absent.
std::int64_t share(std::int64_t total, std::uint32_t part, std::uint32_t parts) {
  if (total == absent) return absent;
  return total / parts + (static_cast<std::int64_t>(part) < total % parts ? 1 : 0);
}

// ---- coordinates -------------------------------------------------------------------------------

struct Located {
  std::vector<double> x, y;  ///< per table row, local metres
  std::optional<LonLat> origin;
  std::vector<std::size_t> outliers;  ///< rows confirmed as far outliers (keep_outliers)
};

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  double m = v[mid];
  if (v.size() % 2 == 0) m = (m + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid))) / 2;
  return m;
}

/// A building is a far outlier when it lies farther from the median point of its group (its
/// community, or the whole table) than 10 km and than ten times the group's median distance to
/// that point: a typo or a (0, 0) that would stretch the county across an ocean.
constexpr double outlier_floor_m = 10000.0;
constexpr double outlier_factor = 10.0;

void find_outliers(const std::vector<double>& x, const std::vector<double>& y, const std::vector<std::int32_t>& group,
                   std::vector<double>& distance, std::vector<double>& limit) {
  const std::size_t n = x.size();
  std::int32_t groups = 0;
  for (std::int32_t g : group) groups = std::max(groups, g + 1);
  std::vector<std::vector<std::size_t>> members(static_cast<std::size_t>(groups));
  for (std::size_t r = 0; r < n; ++r) members[static_cast<std::size_t>(group[r])].push_back(r);
  for (const auto& rows : members) {
    if (rows.size() < 3) continue;
    std::vector<double> xs, ys;
    for (std::size_t r : rows) {
      xs.push_back(x[r]);
      ys.push_back(y[r]);
    }
    const double mx = median(xs), my = median(ys);
    std::vector<double> d;
    for (std::size_t r : rows) d.push_back(std::hypot(x[r] - mx, y[r] - my));
    const double allowed = std::max(outlier_floor_m, outlier_factor * median(d));
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (d[i] > allowed && d[i] / allowed > distance[rows[i]] / std::max(limit[rows[i]], 1.0)) {
        distance[rows[i]] = d[i];
        limit[rows[i]] = allowed;
      }
  }
}

std::string kilometres(double metres) {
  if (metres > 1.0e6) return "over 1,000 km";  // far from the frame's meridian the metres distort: say no more
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f km", metres / 1000.0);
  return buf;
}

Located locate(const BuildingTable& t, Crs crs, const IngestOptions& o, const std::vector<std::int32_t>& community,
               Problems& problems) {
  const std::size_t n = t.rows();
  Located out;
  out.origin = o.origin;
  std::vector<double> lon, lat;
  if (crs == Crs::local) {
    out.x = t.x;
    out.y = t.y;
  } else {
    lon = t.lon;
    lat = t.lat;
    convert(lon, lat, crs, Crs::wgs84);
    // A first frame at the median point finds outliers before they can move the origin.
    const LocalFrame rough(median(lon), median(lat));
    out.x = lon;
    out.y = lat;
    rough.to_local(out.x, out.y);
  }
  std::vector<double> distance(n, 0.0), limit(n, 0.0);
  find_outliers(out.x, out.y, community, distance, limit);
  find_outliers(out.x, out.y, std::vector<std::int32_t>(n, 0), distance, limit);
  std::vector<char> far(n, 0);
  for (std::size_t r = 0; r < n; ++r) {
    if (limit[r] == 0.0) continue;
    far[r] = 1;
    if (o.keep_outliers) {
      out.outliers.push_back(r);
      continue;
    }
    problems.add(r, crs == Crs::local ? "x/y" : "lon/lat", "", messages::format("table.outlier",
                                                                                {{"distance", kilometres(distance[r])},
                                                                                 {"limit", kilometres(limit[r])}}));
  }
  if (crs != Crs::local) {
    if (!out.origin) {
      // The middle of the bounding box of the buildings (confirmed outliers left out).
      double lon0 = INFINITY, lon1 = -INFINITY, lat0 = INFINITY, lat1 = -INFINITY;
      for (std::size_t r = 0; r < n; ++r) {
        if (far[r]) continue;
        lon0 = std::min(lon0, lon[r]);
        lon1 = std::max(lon1, lon[r]);
        lat0 = std::min(lat0, lat[r]);
        lat1 = std::max(lat1, lat[r]);
      }
      if (lon0 > lon1) {  // every building an outlier: the table's middle all the same
        lon0 = *std::min_element(lon.begin(), lon.end());
        lon1 = *std::max_element(lon.begin(), lon.end());
        lat0 = *std::min_element(lat.begin(), lat.end());
        lat1 = *std::max_element(lat.begin(), lat.end());
      }
      out.origin = LonLat{(lon0 + lon1) / 2, (lat0 + lat1) / 2};
    }
    const LocalFrame frame(out.origin->lon, out.origin->lat);
    out.x = std::move(lon);
    out.y = std::move(lat);
    frame.to_local(out.x, out.y);
  } else if (out.origin) {
    (void)LocalFrame(out.origin->lon, out.origin->lat);  // checks the origin
  }
  return out;
}

// ---- nodes -------------------------------------------------------------------------------------

/// A node other than a household, before the nodes are put into code order.
struct NodeRecord {
  Kind kind;
  std::string code;
  std::string name;
  std::string parent;
  std::string subkind;
  double x = NAN, y = NAN;
  std::int32_t building = -1;  ///< index into the buildings
  std::int32_t place = -1;     ///< row of the places table
  std::int32_t worker = -1;    ///< row of the workers table
};

/// Mean position of each group (absent groups: NaN).
void mean_positions(std::span<const double> x, std::span<const double> y, std::span<const std::int32_t> group, std::size_t groups,
                    std::vector<double>& mx, std::vector<double>& my) {
  mx.assign(groups, 0.0);
  my.assign(groups, 0.0);
  std::vector<double> count(groups, 0.0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (group[i] < 0) continue;
    mx[static_cast<std::size_t>(group[i])] += x[i];
    my[static_cast<std::size_t>(group[i])] += y[i];
    count[static_cast<std::size_t>(group[i])] += 1;
  }
  for (std::size_t g = 0; g < groups; ++g) {
    mx[g] = count[g] > 0 ? mx[g] / count[g] : NAN;
    my[g] = count[g] > 0 ? my[g] / count[g] : NAN;
  }
}

/// Groups of (community, value) in order of first appearance; -1 for a blank value.
struct Keyed {
  std::vector<std::pair<std::int32_t, std::string_view>> keys;
  std::vector<std::int32_t> of;
};

Keyed key_by_community(const std::vector<std::int32_t>& community, const std::vector<std::string_view>& values) {
  Keyed k;
  std::map<std::pair<std::int32_t, std::string_view>, std::int32_t> index;
  k.of.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i].empty()) {
      k.of.push_back(-1);
      continue;
    }
    auto [it, inserted] = index.emplace(std::pair{community[i], values[i]}, static_cast<std::int32_t>(k.keys.size()));
    if (inserted) k.keys.push_back(it->first);
    k.of.push_back(it->second);
  }
  return k;
}

/// An attribute taken row by row from a table column: position i gets row source[i] (-1: absent).
Column gather(const Column& column, const std::vector<std::int64_t>& source) {
  Column c;
  c.name = column.name;
  c.type = column.type;
  for (std::int64_t r : source) {
    if (r < 0) c.push_absent();
    else c.push_from(column, static_cast<std::size_t>(r));
  }
  return c;
}

/// A whole-number attribute (absent where the value is `absent`).
Column count_attribute(std::string name, const std::vector<std::int64_t>& values) {
  Column c;
  c.name = std::move(name);
  c.type = ColumnType::int64;
  for (std::int64_t v : values) {
    if (v == absent) c.push_absent();
    else c.push(Value{v});
  }
  return c;
}

/// What places and workers need to know about the buildings.
struct Context {
  const detail::Administration& admin;
  std::unordered_map<std::string_view, std::int32_t> community_by_code;
  std::unordered_map<std::string_view, std::vector<std::int32_t>> community_by_name;
  std::map<std::pair<std::int32_t, std::string_view>, std::string_view> grid_by_value;  ///< value or code -> code
  std::vector<std::vector<std::size_t>> buildings_of;  ///< per community, its buildings
  const std::vector<double>& bx;
  const std::vector<double>& by;
  const std::vector<std::string>& building_parent;

  [[nodiscard]] const std::string& community_code(std::int32_t c) const {
    return admin.nodes[static_cast<std::size_t>(admin.communities[static_cast<std::size_t>(c)])].code;
  }

  /// The community a places or workers row names, or -1 (with a problem).
  std::int32_t community(std::string_view value, std::size_t row, Problems& problems) const {
    if (auto it = community_by_code.find(value); it != community_by_code.end()) return it->second;
    if (auto it = community_by_name.find(value); it != community_by_name.end()) {
      if (it->second.size() == 1) return it->second.front();
      problems.add(row, "community", value, messages::format("table.community_name_several",
                                                             {{"count", std::to_string(it->second.size())}}));
      return -1;
    }
    problems.add(row, "community", value, messages::format("table.community_no_buildings"));
    return -1;
  }

  std::string_view grid(std::int32_t c, std::string_view value, std::size_t row, Problems& problems) const {
    if (auto it = grid_by_value.find({c, value}); it != grid_by_value.end()) return it->second;
    problems.add(row, "grid", value, messages::format("table.not_grid_of_community",
                                                      {{"community", community_code(c)}}));
    return {};
  }

  /// The parent (grid or community) of the building nearest to a point in community c.
  [[nodiscard]] std::string nearest_parent(std::int32_t c, double px, double py) const {
    const auto& members = buildings_of[static_cast<std::size_t>(c)];
    if (!std::isfinite(px) || !std::isfinite(py) || members.empty()) return community_code(c);
    std::size_t best = members.front();
    double best_d = INFINITY;
    for (std::size_t b : members) {
      const double d = std::hypot(bx[b] - px, by[b] - py);
      if (d < best_d) {
        best_d = d;
        best = b;
      }
    }
    return building_parent[best];
  }
};

/// Local metres of a places or workers table's optional location.
template <class Table>
void locate_others(const Table& t, Crs crs, const std::optional<LonLat>& origin, std::string_view table,
                   std::vector<double>& x, std::vector<double>& y) {
  const std::size_t n = t.rows();
  if (crs == Crs::local) {
    x = t.x.empty() ? std::vector<double>(n, NAN) : t.x;
    y = t.y.empty() ? std::vector<double>(n, NAN) : t.y;
    return;
  }
  if (t.lon.empty() || t.lat.empty()) {
    x.assign(n, NAN);
    y.assign(n, NAN);
    return;
  }
  if (!origin) throw InputError(messages::format("table.origin", {{"table", std::string(table)}}));
  x = t.lon;
  y = t.lat;
  convert(x, y, crs, Crs::wgs84);
  LocalFrame(origin->lon, origin->lat).to_local(x, y);
}

std::string_view cell(const std::vector<std::string>& column, std::size_t r) {
  return column.empty() ? std::string_view{} : std::string_view(column[r]);
}

constexpr std::string_view organisation_types[] = {"service_station", "command_centre", "governance_centre"};
constexpr std::string_view organisation_suffixes[] = {"FWZ", "ZHZX", "ZZZX"};

/// Required cells of a places or workers table, and UTF-8 in all of its text; the table's
/// problems so far are thrown (later checks quote cells).
void check_other_table(std::size_t rows, TextColumns required, TextColumns optional, const std::vector<Column>& attributes,
                       Problems& problems) {
  check_utf8(required, attributes, problems);
  check_utf8(optional, {}, problems);
  for (std::size_t r = 0; r < rows; ++r)
    for (auto [name, column] : required)
      if ((*column)[r].empty()) problems.add(r, name, "", messages::format("table.required",
                                                                           {{"column", std::string(name)}}));
  problems.throw_if_any();
}

}  // namespace

std::vector<TableProblem> check_buildings(const BuildingTable& t, Crs crs) {
  check_building_lengths(t, crs);
  Problems problems("buildings", t.row_labels);
  check_rows(t, crs, problems);
  return problems.entries();
}

Model from_buildings(const BuildingTable& t, Crs crs, const IngestOptions& o, const PlaceTable& places,
                     const WorkerTable& workers) {
  Progress progress(o.progress);
  progress.step("checking", 0.05);
  for (const std::string* text : {&o.county_code, &o.city_code, &o.name})
    if (!is_utf8(*text)) throw InputError(messages::format("table.options_utf8"));
  for (const auto& [key, value] : o.metadata)
    if (!is_utf8(key) || !is_utf8(value)) throw InputError(messages::format("table.metadata_utf8"));
  const std::size_t n_rows = t.rows();
  if (n_rows == 0) throw InputError(messages::format("table.no_rows"));
  if (n_rows > 50'000'000) throw InputError(messages::format("table.too_many_rows"));
  check_building_lengths(t, crs);
  if (!(std::isfinite(o.split_spacing) && o.split_spacing > 0))
    throw InputError(messages::format("table.split_spacing", {{"split_spacing", std::to_string(o.split_spacing)}}));
  Problems problems("buildings", t.row_labels);
  check_rows(t, crs, problems);
  problems.throw_if_any();

  progress.step("codes", 0.05);
  const detail::Administration admin = detail::number_administration(t, o, problems);
  problems.throw_if_any();

  progress.step("coordinates", 0.05);
  Located where = locate(t, crs, o, admin.row_community, problems);
  problems.throw_if_any();

  // Buildings: a row each, a split compound row its parts on a lattice of split_spacing metres.
  const Parts parts = split_rows(t);
  const std::size_t nb = parts.size();
  std::vector<double> bx(nb), by(nb);
  std::vector<std::int32_t> b_community(nb);
  for (std::size_t b = 0; b < nb; ++b) {
    const std::size_t r = parts.row[b];
    const auto side = static_cast<std::uint32_t>(std::ceil(std::sqrt(static_cast<double>(parts.parts[b]))));
    const double dx = parts.parts[b] == 1 ? 0.0 : (static_cast<double>(parts.part[b] % side) - (side - 1) / 2.0) * o.split_spacing;
    const double dy = parts.parts[b] == 1 ? 0.0 : (static_cast<double>(parts.part[b] / side) - (side - 1) / 2.0) * o.split_spacing;
    bx[b] = where.x[r] + dx;
    by[b] = where.y[r] + dy;
    b_community[b] = admin.row_community[r];
  }
  const std::size_t n_communities = admin.communities.size();
  auto community_code = [&](std::int32_t c) -> const std::string& {
    return admin.nodes[static_cast<std::size_t>(admin.communities[static_cast<std::size_t>(c)])].code;
  };
  std::vector<std::string_view> b_owner(nb);
  for (std::size_t b = 0; b < nb; ++b) b_owner[b] = community_code(b_community[b]);

  // Grids and compounds per community, buildings' codes.
  std::vector<std::string_view> grid_value(nb), compound_value(nb), source(nb);
  for (std::size_t b = 0; b < nb; ++b) {
    grid_value[b] = cell(t.grid, parts.row[b]);
    compound_value[b] = cell(t.compound, parts.row[b]);
    source[b] = t.building[parts.row[b]];
  }
  const Keyed grids = key_by_community(b_community, grid_value);
  const Keyed compounds = key_by_community(b_community, compound_value);
  auto key_codes = [&](const Keyed& k, std::string_view infix, std::string_view what) {
    std::vector<std::string_view> values, owners;
    for (const auto& [c, v] : k.keys) {
      values.push_back(v);
      owners.push_back(community_code(c));
    }
    return detail::serial_codes(values, owners, infix, 3, what);
  };
  const std::vector<std::string> grid_codes = key_codes(grids, "", "grid");
  const std::vector<std::string> compound_codes = key_codes(compounds, "XQ", "compound");
  const std::vector<std::string> building_codes = detail::serial_codes(source, b_owner, "", 5, "building");
  std::vector<std::string> building_parent(nb);
  for (std::size_t b = 0; b < nb; ++b)
    building_parent[b] = grids.of[b] >= 0 ? grid_codes[static_cast<std::size_t>(grids.of[b])] : community_code(b_community[b]);

  // Adjacency (the communities as groups) and the walking stand-in.
  progress.step("adjacency", 0.10);
  const Adjacency adjacency = delaunay_adjacency(bx, by, b_community, o.max_edge);

  // Node records of everything but households, then code order.
  progress.step("nodes", 0.40);
  std::vector<NodeRecord> records;
  {
    std::vector<double> mx, my;
    // Every administrative node's position: the mean of the buildings below it.
    std::vector<double> sx(admin.nodes.size(), 0.0), sy(admin.nodes.size(), 0.0), cnt(admin.nodes.size(), 0.0);
    for (std::size_t b = 0; b < nb; ++b) {
      for (std::int32_t v = admin.communities[static_cast<std::size_t>(b_community[b])]; v >= 0;
           v = admin.nodes[static_cast<std::size_t>(v)].parent) {
        sx[static_cast<std::size_t>(v)] += bx[b];
        sy[static_cast<std::size_t>(v)] += by[b];
        cnt[static_cast<std::size_t>(v)] += 1;
      }
    }
    for (std::size_t v = 0; v < admin.nodes.size(); ++v) {
      const auto& a = admin.nodes[v];
      records.push_back({a.kind, a.code, a.name, a.parent >= 0 ? admin.nodes[static_cast<std::size_t>(a.parent)].code : "",
                         "", sx[v] / cnt[v], sy[v] / cnt[v]});
    }
    mean_positions(bx, by, grids.of, grids.keys.size(), mx, my);
    for (std::size_t g = 0; g < grids.keys.size(); ++g)
      records.push_back({Kind::grid, grid_codes[g], std::string(grids.keys[g].second), community_code(grids.keys[g].first),
                         "residential", mx[g], my[g]});
    mean_positions(bx, by, compounds.of, compounds.keys.size(), mx, my);
    for (std::size_t k = 0; k < compounds.keys.size(); ++k)
      records.push_back({Kind::compound, compound_codes[k], std::string(compounds.keys[k].second),
                         community_code(compounds.keys[k].first), "", mx[k], my[k]});
    for (std::size_t b = 0; b < nb; ++b) {
      const std::size_t r = parts.row[b];
      std::string name(cell(t.name, r));
      if (parts.parts[b] > 1) name = std::string(t.compound[r]) + " " + std::to_string(parts.part[b] + 1) + "号楼";
      if (name.empty()) name = t.building[r];
      NodeRecord rec{Kind::building, building_codes[b], std::move(name), building_parent[b], "", bx[b], by[b]};
      rec.building = static_cast<std::int32_t>(b);
      records.push_back(std::move(rec));
    }
  }

  // Places and service facilities, workers.
  std::vector<double> px, py, wx, wy;
  Context context{admin, {}, {}, {}, std::vector<std::vector<std::size_t>>(n_communities), bx, by, building_parent};
  for (std::size_t c = 0; c < n_communities; ++c) {
    const auto& node = admin.nodes[static_cast<std::size_t>(admin.communities[c])];
    context.community_by_code.emplace(node.code, static_cast<std::int32_t>(c));
    context.community_by_name[node.name].push_back(static_cast<std::int32_t>(c));
  }
  for (std::size_t g = 0; g < grids.keys.size(); ++g) {
    context.grid_by_value.emplace(grids.keys[g], grid_codes[g]);
    context.grid_by_value.emplace(std::pair{grids.keys[g].first, std::string_view(grid_codes[g])}, grid_codes[g]);
  }
  for (std::size_t b = 0; b < nb; ++b) context.buildings_of[static_cast<std::size_t>(b_community[b])].push_back(b);
  std::vector<std::pair<std::string, std::string>> serves;
  if (places.rows()) {
    const std::size_t n = places.rows();
    check_lengths(places, "places", n, {{"place", places.place.size()}, {"community", places.community.size()}, {"type", places.type.size()}},
                  {{"name", places.name.size()}, {"grid", places.grid.size()}, {"lon", places.lon.size()},
                   {"lat", places.lat.size()}, {"x", places.x.size()}, {"y", places.y.size()}});
    Problems p("places", places.row_labels);
    check_other_table(n, {{"place", &places.place}, {"community", &places.community}, {"type", &places.type}},
                      {{"name", &places.name}, {"grid", &places.grid}}, places.attributes, p);
    locate_others(places, crs, where.origin, "places", px, py);
    std::vector<std::int32_t> community(n, -1);
    std::vector<std::string> parent(n);
    std::vector<std::string_view> place_values, place_owners;
    std::vector<std::size_t> place_rows;
    std::unordered_set<std::string> organisations;
    for (std::size_t r = 0; r < n; ++r) {
      if (places.community[r].empty()) continue;
      const std::int32_t c = context.community(places.community[r], r, p);
      community[r] = c;
      if (c < 0) continue;
      const auto* org = std::find(std::begin(organisation_types), std::end(organisation_types), places.type[r]);
      if (org != std::end(organisation_types)) {
        std::string code = community_code(c) + std::string(organisation_suffixes[org - std::begin(organisation_types)]);
        if (!organisations.insert(code).second)
          p.add(r, "type", places.type[r], messages::format("table.second_organisation",
                                                            {{"community", community_code(c)},
                                                             {"org", std::string(*org)}}));
        NodeRecord rec{Kind::organisation, code, std::string(cell(places.name, r)), community_code(c), places.type[r], px[r], py[r]};
        if (rec.name.empty()) rec.name = places.place[r];
        records.push_back(std::move(rec));
        continue;
      }
      const std::string_view g = cell(places.grid, r);
      parent[r] = g.empty() ? context.nearest_parent(c, px[r], py[r]) : std::string(context.grid(c, g, r, p));
      place_values.push_back(places.place[r]);
      place_owners.push_back(community_code(c));
      place_rows.push_back(r);
    }
    p.throw_if_any();
    const std::vector<std::string> codes = detail::serial_codes(place_values, place_owners, "P", 3, "place");
    for (std::size_t i = 0; i < place_rows.size(); ++i) {
      const std::size_t r = place_rows[i];
      NodeRecord rec{Kind::place, codes[i], std::string(cell(places.name, r)), parent[r], places.type[r], px[r], py[r]};
      if (rec.name.empty()) rec.name = places.place[r];
      rec.place = static_cast<std::int32_t>(r);
      records.push_back(std::move(rec));
    }
  }
  if (workers.rows()) {
    const std::size_t n = workers.rows();
    check_lengths(workers, "workers", n, {{"worker", workers.worker.size()}, {"community", workers.community.size()}},
                  {{"type", workers.type.size()}, {"grids", workers.grids.size()}, {"name", workers.name.size()},
                   {"lon", workers.lon.size()}, {"lat", workers.lat.size()}, {"x", workers.x.size()}, {"y", workers.y.size()}});
    Problems p("workers", workers.row_labels);
    for (std::size_t r = 0; r < workers.grids.size(); ++r)
      for (const std::string& g : workers.grids[r])
        if (!is_utf8(g)) p.add(r, "grid", "", messages::format("table.worker_grid_utf8"));
    check_other_table(n, {{"worker", &workers.worker}, {"community", &workers.community}},
                      {{"type", &workers.type}, {"name", &workers.name}}, workers.attributes, p);
    locate_others(workers, crs, where.origin, "workers", wx, wy);
    std::vector<std::int32_t> community(n, -1);
    std::vector<std::string_view> values, owners;
    for (std::size_t r = 0; r < n; ++r) {
      const std::string_view type = cell(workers.type, r);
      if (!type.empty() && type != "fulltime" && type != "parttime")
        p.add(r, "type", type, messages::format("table.worker_type"));
      if (workers.community[r].empty()) continue;
      community[r] = context.community(workers.community[r], r, p);
    }
    std::vector<std::vector<std::string_view>> served(n);
    for (std::size_t r = 0; r < n; ++r) {
      if (community[r] < 0) continue;
      if (!workers.grids.empty())
        for (const auto& g : workers.grids[r])
          if (const std::string_view code = context.grid(community[r], g, r, p); !code.empty()) served[r].push_back(code);
      values.push_back(workers.worker[r]);
      owners.push_back(community_code(community[r]));
    }
    p.throw_if_any();
    const std::vector<std::string> codes = detail::serial_codes(values, owners, "W", 4, "worker");
    for (std::size_t r = 0; r < n; ++r) {  // every row has its community here (else thrown above)
      const std::size_t i = r;
      const std::string_view type = cell(workers.type, r);
      NodeRecord rec{Kind::worker, codes[i], std::string(cell(workers.name, r)), community_code(community[r]),
                     type.empty() ? "fulltime" : std::string(type), wx[r], wy[r]};
      if (rec.name.empty()) rec.name = workers.worker[r];
      rec.worker = static_cast<std::int32_t>(r);
      for (std::string_view g : served[r]) serves.emplace_back(codes[i], std::string(g));
      records.push_back(std::move(rec));
    }
  }

  // Into the builder, each building's households right after it. Ids of one kind follow the
  // order of the tables (the builder's order). When that order is also the code order of every
  // kind (a table grouped by community, as planners' tables are), the nodes go in in code order
  // (households' codes extend their building's, so that order holds), and freeze finds the codes
  // sorted instead of sorting millions of them.
  {
    bool code_order = true;
    std::array<const std::string*, kind_count> last{};
    for (const NodeRecord& rec : records) {
      const std::string*& previous = last[static_cast<std::size_t>(rec.kind)];
      if (previous && !(*previous < rec.code)) code_order = false;
      previous = &rec.code;
    }
    if (code_order)
      std::sort(records.begin(), records.end(), [](const NodeRecord& a, const NodeRecord& b) { return a.code < b.code; });
  }
  std::vector<std::int64_t> b_households(nb);
  std::int64_t total_households = 0;
  for (std::size_t b = 0; b < nb; ++b) {
    b_households[b] = share(t.households[parts.row[b]], parts.part[b], parts.parts[b]);
    if (o.expand_households) total_households += b_households[b];
  }
  const std::size_t total_rows = records.size() + static_cast<std::size_t>(total_households);
  ModelBuilder builder;
  // Each kind's attribute columns hold a value per node of that kind in the order added: which
  // building, table row or worker each position is.
  std::vector<std::size_t> building_at, place_at, worker_at;
  {
    // Chunks of nodes whose strings sit in one buffer (no std::string per household).
    struct Span {
      std::size_t at, size;
    };
    std::string arena;
    std::vector<Kind> kinds;
    std::vector<Span> codes, names, parents, subkinds;
    std::vector<double> xs, ys;
    std::size_t rows = 0;
    auto text = [&](std::string_view s) {
      const Span span{arena.size(), s.size()};
      arena.append(s);
      return span;
    };
    auto flush = [&] {
      auto views = [&](const std::vector<Span>& spans) {
        std::vector<std::string_view> out;
        out.reserve(spans.size());
        for (const Span& span : spans) out.emplace_back(arena.data() + span.at, span.size);
        return out;
      };
      const std::size_t first = builder.size();
      builder.add_many(kinds, views(codes), views(names), views(parents), views(subkinds));
      builder.set_xy_rows(first, xs, ys);
      for (auto* v : {&codes, &names, &parents, &subkinds}) v->clear();
      kinds.clear();
      xs.clear();
      ys.clear();
      arena.clear();
    };
    auto push = [&](Kind kind, Span code, Span name, Span parent, Span subkind, double x, double y) {
      kinds.push_back(kind);
      codes.push_back(code);
      names.push_back(name);
      parents.push_back(parent);
      subkinds.push_back(subkind);
      xs.push_back(x);
      ys.push_back(y);
      ++rows;
    };
    const Span none{0, 0};
    for (std::size_t i = 0; i < records.size(); ++i) {
      NodeRecord& rec = records[i];
      if (rec.building >= 0) building_at.push_back(static_cast<std::size_t>(rec.building));
      if (rec.place >= 0) place_at.push_back(static_cast<std::size_t>(rec.place));
      if (rec.worker >= 0) worker_at.push_back(static_cast<std::size_t>(rec.worker));
      const Span code = text(rec.code);
      push(rec.kind, code, text(rec.name), text(rec.parent), text(rec.subkind), rec.x, rec.y);
      if (rec.building >= 0 && o.expand_households) {
        // Household h of building B: code B + "00" + 4 digits, name "h户", parent B.
        const std::size_t b = static_cast<std::size_t>(rec.building);
        char digits[16];
        for (std::int64_t h = 1; h <= b_households[b]; ++h) {
          const Span household{arena.size(), code.size + 6};
          arena.append(rec.code);
          const char serial[6] = {'0', '0', static_cast<char>('0' + h / 1000), static_cast<char>('0' + h / 100 % 10),
                                  static_cast<char>('0' + h / 10 % 10), static_cast<char>('0' + h % 10)};
          arena.append(serial, sizeof serial);
          const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, h);
          (void)ec;
          const Span name{arena.size(), static_cast<std::size_t>(end - digits) + std::string_view("户").size()};
          arena.append(digits, end);
          arena.append("户");
          push(Kind::household, household, name, code, none, bx[b], by[b]);
        }
      }
      if (kinds.size() >= 65536) {
        flush();
        progress.report(static_cast<double>(rows) / static_cast<double>(total_rows));
      }
    }
    flush();
  }

  // Attributes.
  progress.step("attributes", 0.10);
  {
    auto any_present = [](const std::vector<std::int64_t>& column) {
      return std::any_of(column.begin(), column.end(), [](std::int64_t v) { return v != absent; });
    };
    // Buildings: counts (shared over a split compound's parts; floors repeated), free columns.
    auto building_counts = [&](const std::vector<std::int64_t>& column, std::string_view name, bool repeat) {
      if (!any_present(column)) return;
      std::vector<std::int64_t> values;
      values.reserve(nb);
      for (std::size_t b : building_at)
        values.push_back(repeat ? column[parts.row[b]] : share(column[parts.row[b]], parts.part[b], parts.parts[b]));
      builder.set_kind_column(Kind::building, count_attribute(std::string(name), values));
    };
    building_counts(t.households, "households", false);
    if (!o.expand_households) {
      building_counts(t.residents, "residents", false);
      for (std::size_t f = 0; f < std::size(household_flag_columns); ++f)
        building_counts(*flag_column(t, f), household_flag_columns[f], false);
    }
    building_counts(t.floors, "floors", true);
    building_counts(t.units, "units", false);
    std::vector<std::int64_t> source_rows;
    for (std::size_t b : building_at) source_rows.push_back(parts.row[b]);
    for (const Column& a : t.attributes)
      if (a.any_present()) builder.set_kind_column(Kind::building, gather(a, source_rows));
    Column estimated, sources;
    estimated.name = "estimated_location";
    estimated.type = ColumnType::boolean;
    sources.name = "source_code";
    sources.type = ColumnType::string;
    for (std::size_t b : building_at) {
      estimated.push(Value{parts.parts[b] > 1});
      if (source[b].empty()) sources.push_absent();
      else sources.push(Value{std::string(source[b])});
    }
    builder.set_kind_column(Kind::building, std::move(estimated));
    builder.set_kind_column(Kind::building, std::move(sources));
    // Households: residents shared evenly; a special-care count of n flags the first n.
    if (o.expand_households) {
      if (any_present(t.residents)) {
        Column c;
        c.name = "residents";
        c.type = ColumnType::int64;
        for (std::size_t b : building_at) {
          const std::int64_t residents = share(t.residents[parts.row[b]], parts.part[b], parts.parts[b]);
          const auto h = static_cast<std::uint32_t>(b_households[b]);
          for (std::uint32_t i = 0; i < h; ++i) {
            if (residents == absent) c.push_absent();
            else c.push(Value{share(residents, i, h)});
          }
        }
        builder.set_kind_column(Kind::household, std::move(c));
      }
      for (std::size_t f = 0; f < std::size(household_flag_columns); ++f) {
        const auto& column = *flag_column(t, f);
        if (!any_present(column)) continue;
        Column c;
        c.name = std::string(household_flag_names[f]);
        c.type = ColumnType::boolean;
        for (std::size_t b : building_at) {
          std::int64_t flagged = share(column[parts.row[b]], parts.part[b], parts.parts[b]);
          if (flagged == absent) flagged = 0;
          for (std::int64_t i = 0; i < b_households[b]; ++i) c.bools.push_back(i < flagged ? 1 : 0);
        }
        builder.set_kind_column(Kind::household, std::move(c));
      }
    }
    // Places and workers: their free columns; workers their own code as source_code.
    std::vector<std::int64_t> place_rows(place_at.begin(), place_at.end()), worker_rows(worker_at.begin(), worker_at.end());
    for (const Column& a : places.attributes)
      if (a.any_present()) builder.set_kind_column(Kind::place, gather(a, place_rows));
    for (const Column& a : workers.attributes)
      if (a.any_present()) builder.set_kind_column(Kind::worker, gather(a, worker_rows));
    if (workers.rows()) {
      Column c;
      c.name = "source_code";
      c.type = ColumnType::string;
      for (std::size_t r : worker_at) c.push(Value{workers.worker[r]});
      builder.set_kind_column(Kind::worker, std::move(c));
    }
  }

  // Links: compound membership, adjacency and its road stand-in, service.
  {
    std::vector<std::pair<std::string, std::string>> member;
    for (std::size_t b = 0; b < nb; ++b)
      if (compounds.of[b] >= 0) member.emplace_back(compound_codes[static_cast<std::size_t>(compounds.of[b])], building_codes[b]);
    builder.link_many(LinkType::member, std::move(member));
    for (LinkType type : {LinkType::adjacent, LinkType::road}) {
      std::vector<std::pair<std::string, std::string>> ends;
      ends.reserve(adjacency.edges.size());
      for (auto [i, j] : adjacency.edges)
        ends.emplace_back(building_codes[static_cast<std::size_t>(i)], building_codes[static_cast<std::size_t>(j)]);
      builder.link_many(type, std::move(ends), type == LinkType::road ? std::span<const double>(adjacency.lengths) : std::span<const double>{});
    }
    builder.link_many(LinkType::serves, std::move(serves));
  }

  // Metadata.
  builder.set_metadata("name", admin.nodes.front().name);
  builder.set_metadata("crs", "local-metres");
  builder.set_metadata("source_crs", std::string(crs_name(crs)));
  char cut[32];
  std::snprintf(cut, sizeof cut, "%.1f", adjacency.max_edge);
  builder.set_metadata("adjacency_max_edge_m", cut);
  builder.set_metadata("generator", "gridgov.from_buildings");
  if (where.origin) {
    builder.set_metadata("origin_lon", shortest(where.origin->lon));
    builder.set_metadata("origin_lat", shortest(where.origin->lat));
  }
  if (!where.outliers.empty()) {
    std::string confirmed;
    for (std::size_t r : where.outliers)
      confirmed += (confirmed.empty() ? "" : ", ") + (t.building[r].empty() ? "row " + problems.label(r) : t.building[r]);
    builder.set_metadata("confirmed_outliers", confirmed);
  }
  for (const auto& [key, value] : o.metadata) builder.set_metadata(key, value);

  progress.step("building the model", 0.25);
  builder.on_freeze_progress([&progress](double share) { progress.report(share); });
  Model model = std::move(builder).freeze(o.validate);
  progress.finish();
  return model;
}

}  // namespace gridgov::ingest
