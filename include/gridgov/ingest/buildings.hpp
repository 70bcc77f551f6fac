// A model from a planner's buildings table: codes, levels, compounds, households, projection,
// adjacency, places and workers (docs/workbench.md "A model from buildings").
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gridgov/ingest/geo.hpp"
#include "gridgov/model/columns.hpp"
#include "gridgov/model/model.hpp"

namespace gridgov::ingest {

/// A blank cell of a count column.
inline constexpr std::int64_t absent = std::numeric_limits<std::int64_t>::min();

/// Most households one building may hold (household codes number them with 4 digits).
inline constexpr std::int64_t max_households_per_building = 9999;

/// A planner's buildings table as columns, one row per building (or per compound to be split).
/// Required columns have one value per row; an optional column is either empty (not given) or
/// has one value per row. Text cells are UTF-8.
struct BuildingTable {
  // ---- required ------------------------------------------------------------------------------
  /// The planner's building code; blank only on a compound row split into `buildings` buildings.
  std::vector<std::string> building;
  /// The community (社区/村): its 12-digit statistical code or its name.
  std::vector<std::string> community;
  /// Longitude/latitude in degrees (Crs wgs84, gcj02, bd09), or x/y in metres (Crs::local).
  std::vector<double> lon, lat, x, y;
  /// Households in the building (whole, >= 0, at most max_households_per_building).
  std::vector<std::int64_t> households;

  // ---- optional ------------------------------------------------------------------------------
  /// The district or county (区/县) as a name or a 6- or 12-digit code: the model is then rooted
  /// at a city (or province) with a county per district.
  std::vector<std::string> district;
  /// The street office or township (街道/乡镇) as a name or a 9- or 12-digit code: a street
  /// level between county and community.
  std::vector<std::string> street;
  std::vector<std::string> compound;  ///< the compound (小区) the building belongs to
  std::vector<std::string> name;      ///< the building's name (default: its code)
  std::vector<std::string> grid;      ///< its current grid (a name or a code), blank for none
  /// Counts (absent = blank). Residents and the special-care counts move to the household nodes
  /// (residents shared evenly; a count of n flags the first n households) unless households are
  /// not expanded; floors and units stay on the building.
  std::vector<std::int64_t> residents, elderly_alone, disabled, key_persons, renters, registered_elsewhere;
  std::vector<std::int64_t> floors, units;
  /// On a compound row (blank building, compound given): split it into this many buildings on a
  /// lattice around its point, counts shared evenly (floors repeated), flagged estimated_location.
  std::vector<std::int64_t> buildings;
  /// Free attribute columns (any type, one value per row), kept on the building nodes.
  std::vector<Column> attributes;
  /// How messages name each row (e.g. the spreadsheet's row number); default its index.
  std::vector<std::string> row_labels;

  [[nodiscard]] std::size_t rows() const noexcept { return community.size(); }
};

/// Places (enterprises, schools ...) and located service facilities, one row each.
struct PlaceTable {
  std::vector<std::string> place;      ///< required: the planner's code
  std::vector<std::string> community;  ///< required: code or name, as in the buildings table
  /// Required: a place subkind (school, market ...) or an organisation: service_station,
  /// command_centre, governance_centre (one per community).
  std::vector<std::string> type;
  std::vector<std::string> name;  ///< optional
  std::vector<std::string> grid;  ///< optional: the grid it lies in (blank: the nearest building's)
  std::vector<double> lon, lat, x, y;  ///< optional location in the buildings' CRS (NaN: unknown)
  std::vector<Column> attributes;      ///< employees, students, beds, stalls and free columns
  std::vector<std::string> row_labels;

  [[nodiscard]] std::size_t rows() const noexcept { return place.size(); }
};

/// Grid workers, one row each.
struct WorkerTable {
  std::vector<std::string> worker;     ///< required: the planner's code (staff number)
  std::vector<std::string> community;  ///< required: code or name
  std::vector<std::string> type;       ///< optional: fulltime (default) or parttime
  std::vector<std::vector<std::string>> grids;  ///< optional: the grids served (names or codes)
  std::vector<std::string> name;                ///< optional
  std::vector<double> lon, lat, x, y;           ///< optional home location (NaN: unknown)
  std::vector<Column> attributes;               ///< hours, capacity and free columns
  std::vector<std::string> row_labels;

  [[nodiscard]] std::size_t rows() const noexcept { return worker.size(); }
};

/// One problem of an input table: the row (an index; no_row for the whole table), the column,
/// the cell as text (may be empty) and what is wrong.
struct TableProblem {
  static constexpr std::size_t no_row = static_cast<std::size_t>(-1);
  std::size_t row = no_row;
  std::string column;
  std::string value;
  std::string problem;
};

/// Every problem of a buildings table's cells and rows that from_buildings refuses before it
/// builds anything (required cells, counts, compound rows, duplicate building codes,
/// coordinates, UTF-8, no households at all), in table order; an empty list when the table
/// passes. A reader reports them beside its own problems of the file; from_buildings throws
/// them as one InputError. Throws InputError at once for columns of different lengths.
[[nodiscard]] std::vector<TableProblem> check_buildings(const BuildingTable& buildings, Crs crs);

/// Progress of a long import: the step's name and the share of the whole import done (0..1).
using ProgressCallback = std::function<void(std::string_view step, double done)>;

struct IngestOptions {
  /// The county's 6- or 12-digit code (a table without districts). Default: the county of the
  /// communities' 12-digit codes, else the placeholder 000000000000.
  std::string county_code;
  /// The city's 4-digit (or 12-digit) code when the table has districts or spans counties
  /// (a 2-digit code roots the model at a province). Default: the prefix the districts' codes
  /// share, else the placeholder 000000000000.
  std::string city_code;
  /// The root's name (default "county", "city" or "province").
  std::string name;
  /// WGS-84 longitude/latitude of the local (0, 0); default the middle of the buildings'
  /// bounding box. With Crs::local it only geo-references x/y.
  std::optional<LonLat> origin;
  /// Adjacency cut-off in metres (default: four times the median nearest-neighbour distance).
  std::optional<double> max_edge;
  /// Spacing in metres of the buildings a compound row is split into.
  double split_spacing = 40.0;
  /// A household node under each building for every household it holds.
  bool expand_households = true;
  /// Keep buildings far from the rest of their community or table (a typo, or a point at
  /// (0, 0)): the planner confirms them. Otherwise they are an InputError naming the rows.
  bool keep_outliers = false;
  /// How the model's freeze treats a broken rule.
  Validate validate = Validate::raise;
  /// Extra metadata entries (e.g. "source" = the file name).
  std::map<std::string, std::string> metadata;
  /// Called now and then (at most a few hundred times) with the step and the share done.
  ProgressCallback progress;
};

/// Builds a model from a buildings table (and optional places and workers tables) whose
/// coordinates are in `crs` (the places' and workers' too).
///
/// Levels: root (county; or city/province when the table has districts or its community codes
/// span counties) -> county per district -> street (with a street column) -> community ->
/// grid (with a grid column) -> building -> household, plus compounds with member links,
/// places, service facilities and workers. Codes follow docs/model.md: a table's own code is
/// kept when it has the right form, otherwise one is generated in order of first appearance
/// (districts: city + 2 digits; streets: county + 3 digits per county; communities: street
/// + 3 digits per street, or county + 6 digits (a 999-community block after another) without
/// streets; grid: community + 3 digits; compound: community + XQ + 3 digits; building:
/// community + 5 digits; household: building + 00 + 4 digits). Coordinates are converted to
/// WGS-84 and projected to local metres (LocalFrame) around `origin`; buildings get Delaunay
/// adjacency (delaunay_adjacency with the communities as groups) and a road link per adjacency
/// edge weighted by its length.
///
/// Throws InputError listing every bad row (up to 30, then a count): missing or mismatched
/// columns, a blank required cell, a negative count, more than 9,999 households in a building,
/// a special-care count above the households, a duplicate building code, coordinates that are
/// not finite, a far outlier (unless keep_outliers), a table of no rows or of no households,
/// codes that contradict their district or street, an unknown community or grid in the places
/// or workers table; ValidationError when the model breaks a rule and validate is raise.
[[nodiscard]] Model from_buildings(const BuildingTable& buildings, Crs crs, const IngestOptions& options = {},
                                   const PlaceTable& places = {}, const WorkerTable& workers = {});

}  // namespace gridgov::ingest
