// libFuzzer target: a buildings table given as columns (gridgov::ingest::from_buildings).
//
// The input is text, so that the seeds are readable tables and mutations stay close to what a
// planner's spreadsheet can hold:
//   line 1   options as words `key=value`: crs (wgs84, gcj02, bd09, local, or any other name),
//            keep_outliers=1, expand=0, validate=defer, county=, city=, name=, max_edge=,
//            split=, origin=LON:LAT, short=COLUMN (that column one value short)
//   line 2   the header: comma-separated column names (a name the table does not know becomes a
//            text attribute; a name given twice keeps its last column)
//   line 3.. one row each, comma-separated, no quoting; a missing cell is blank
// Numbers are read with from_chars; a blank or unreadable number is NaN (coordinates) or absent
// (counts), as the Python reader hands them over.
//
// from_buildings must return a model or throw a gridgov::Error; any other exception, a crash or
// a sanitizer report is a finding. A model it returns must keep every household of the table
// (the household nodes, or the buildings' counts when not expanded, add up to the households
// column's total) and save and load again to the same bytes (every text it stored is UTF-8).
//
// The table's counts size the model (a row of 9,999 households is 9,999 household nodes, a
// compound row of 9,999 buildings that many buildings): that is the data, not a size taken on
// trust. To keep each execution short the target skips tables of more than 4,000 buildings and
// imports tables of more than 40,000 households without expanding them into household nodes.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gridgov/core/errors.hpp"
#include "gridgov/ingest/buildings.hpp"
#include "gridgov/model/io.hpp"

namespace {

namespace ingest = gridgov::ingest;

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == sep) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  return parts;
}

double number(std::string_view cell) {
  double v = std::numeric_limits<double>::quiet_NaN();
  if (std::from_chars(cell.data(), cell.data() + cell.size(), v).ec != std::errc{}) return std::numeric_limits<double>::quiet_NaN();
  return v;
}

std::int64_t count(std::string_view cell) {
  std::int64_t v = ingest::absent;
  if (cell.empty() || std::from_chars(cell.data(), cell.data() + cell.size(), v).ec != std::errc{}) return ingest::absent;
  return v;
}

struct Parsed {
  ingest::BuildingTable table;
  ingest::Crs crs = ingest::Crs::wgs84;
  ingest::IngestOptions options;
};

/// The table's columns by header name.
struct Columns {
  std::map<std::string_view, std::vector<std::string>*> text;
  std::map<std::string_view, std::vector<double>*> coordinates;
  std::map<std::string_view, std::vector<std::int64_t>*> counts;

  explicit Columns(ingest::BuildingTable& t)
      : text{{"building", &t.building}, {"community", &t.community}, {"district", &t.district},
             {"street", &t.street},     {"compound", &t.compound},   {"name", &t.name},
             {"grid", &t.grid}},
        coordinates{{"lon", &t.lon}, {"lat", &t.lat}, {"x", &t.x}, {"y", &t.y}},
        counts{{"households", &t.households}, {"residents", &t.residents},
               {"elderly_alone", &t.elderly_alone}, {"disabled", &t.disabled},
               {"key_persons", &t.key_persons}, {"renters", &t.renters},
               {"registered_elsewhere", &t.registered_elsewhere}, {"floors", &t.floors},
               {"units", &t.units}, {"buildings", &t.buildings}} {}
};

/// Returns false when the input cannot be read as a table (no header line) — not a finding.
bool parse(std::string_view input, Parsed& out) {
  std::vector<std::string_view> lines = split(input, '\n');
  if (lines.size() < 2) return false;
  for (auto& line : lines)
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  ingest::BuildingTable& t = out.table;
  ingest::IngestOptions& o = out.options;
  std::string_view shorten;
  for (std::string_view word : split(lines[0], ' ')) {
    const std::size_t eq = word.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = word.substr(0, eq), value = word.substr(eq + 1);
    if (key == "crs") out.crs = ingest::parse_crs(value);  // an unknown name: InputError, as from Python
    else if (key == "keep_outliers") o.keep_outliers = value == "1";
    else if (key == "expand") o.expand_households = value != "0";
    else if (key == "validate") o.validate = value == "defer" ? gridgov::Validate::defer : gridgov::Validate::raise;
    else if (key == "county") o.county_code = value;
    else if (key == "city") o.city_code = value;
    else if (key == "name") o.name = value;
    else if (key == "max_edge") o.max_edge = number(value);
    else if (key == "split") o.split_spacing = number(value);
    else if (key == "short") shorten = value;
    else if (key == "origin") {
      const auto lonlat = split(value, ':');
      if (lonlat.size() == 2) o.origin = ingest::LonLat{number(lonlat[0]), number(lonlat[1])};
    }
  }
  Columns columns(t);
  const std::vector<std::string_view> header = split(lines[1], ',');
  // A name given twice: its last column is the one read.
  std::map<std::string_view, std::size_t> last;
  for (std::size_t c = 0; c < header.size(); ++c) last[header[c]] = c;
  // A name the table does not know: a text attribute (cells of column c go to attributes[k]).
  std::vector<std::pair<std::size_t, std::size_t>> attribute_cells;
  for (const auto& [name, c] : last) {
    if (columns.text.count(name) || columns.coordinates.count(name) || columns.counts.count(name)) continue;
    attribute_cells.emplace_back(c, t.attributes.size());
    t.attributes.emplace_back().name = std::string(name);
    t.attributes.back().type = gridgov::ColumnType::string;
  }
  // Columns the table does not name stay empty (not given), except the required ones, which
  // the table then holds blank (from_buildings names them).
  const bool local = out.crs == ingest::Crs::local;
  for (std::size_t row = 2; row < lines.size(); ++row) {
    if (lines[row].empty() && row + 1 == lines.size()) break;  // the final newline
    const std::vector<std::string_view> cells = split(lines[row], ',');
    auto cell = [&](std::size_t c) { return c < cells.size() ? cells[c] : std::string_view{}; };
    for (const auto& [name, column] : columns.text)
      if (auto it = last.find(name); it != last.end()) column->emplace_back(cell(it->second));
      else if (name == "building" || name == "community") column->emplace_back();
    for (const auto& [name, column] : columns.coordinates)
      if (auto it = last.find(name); it != last.end()) column->push_back(number(cell(it->second)));
      else if (local == (name == "x" || name == "y")) column->push_back(std::numeric_limits<double>::quiet_NaN());
    for (const auto& [name, column] : columns.counts)
      if (auto it = last.find(name); it != last.end()) column->push_back(count(cell(it->second)));
      else if (name == "households") column->push_back(ingest::absent);
    for (auto [c, k] : attribute_cells) t.attributes[k].strings.push_back(cell(c));
    t.row_labels.push_back("line " + std::to_string(row + 1));
  }
  if (!shorten.empty()) {
    if (auto it = columns.text.find(shorten); it != columns.text.end() && !it->second->empty()) it->second->pop_back();
    if (auto it = columns.coordinates.find(shorten); it != columns.coordinates.end() && !it->second->empty()) it->second->pop_back();
    if (auto it = columns.counts.find(shorten); it != columns.counts.end() && !it->second->empty()) it->second->pop_back();
  }
  return true;
}

/// The model's households: its household nodes, or (not expanded) the buildings' counts.
std::int64_t households_in(const gridgov::Model& model, bool expanded) {
  if (expanded) return model.summary().at("households");
  std::int64_t total = 0;
  if (const gridgov::Column* c = model.column(gridgov::Kind::building, "households"))
    for (std::size_t i = 0; i < c->size(); ++i)
      if (c->is_present(i)) total += static_cast<std::int64_t>(c->as_double(i));
  return total;
}

[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "fuzz_buildings: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Parsed parsed;
  std::int64_t households = 0;
  std::optional<gridgov::Model> model;
  try {
    if (!parse(input, parsed)) return 0;
    const ingest::BuildingTable& t = parsed.table;
    // The model's size as the table gives it (see the top of the file).
    std::int64_t buildings = 0;
    for (std::size_t r = 0; r < t.households.size(); ++r) {
      const bool split_row = r < t.buildings.size() && t.buildings[r] > 1 && r < t.building.size() && t.building[r].empty();
      buildings += split_row ? std::min<std::int64_t>(t.buildings[r], 10000) : 1;
      if (t.households[r] > 0) households += std::min<std::int64_t>(t.households[r], std::int64_t{1} << 40);
    }
    if (buildings > 4000) return 0;
    if (households > 40000) parsed.options.expand_households = false;
    model.emplace(ingest::from_buildings(t, parsed.crs, parsed.options));
  } catch (const gridgov::Error&) {
    return 0;  // a typed refusal is the right answer to a bad table
  }
  // What from_buildings returned must hold together: a gridgov::Error from here on is a finding.
  try {
    if (households_in(*model, parsed.options.expand_households) != households) finding("households were lost or made up");
    const std::vector<char> once = gridgov::serialize(*model);
    if (gridgov::serialize(gridgov::deserialize(once)) != once) finding("the model does not save and load to the same bytes");
  } catch (const gridgov::Error& e) {
    std::fprintf(stderr, "fuzz_buildings: %s\n", e.what());
    finding("a model from_buildings returned does not summarise, save or load");
  }
  return 0;
}
