// Codes of the ingest area (private): statistical codes of the administrative levels read or
// numbered from a buildings table, and serial codes under a community (docs/model.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gridgov/ingest/buildings.hpp"
#include "gridgov/model/kinds.hpp"
#include "problems.hpp"

namespace gridgov::ingest::detail {

/// True when s is exactly n ASCII digits.
[[nodiscard]] bool is_digits(std::string_view s, std::size_t n) noexcept;
/// v as a decimal of `width` digits with leading zeros.
[[nodiscard]] std::string zero_padded(std::uint64_t v, int width);

/// Codes owner + infix + serial (width digits) for values owned by owners, in order: a value
/// that already has that form for its owner keeps it (its first row); the others get the next
/// free serial of their owner. Throws InputError when an owner needs more than 10^width - 1.
[[nodiscard]] std::vector<std::string> serial_codes(const std::vector<std::string_view>& values,
                                                    const std::vector<std::string_view>& owners, std::string_view infix,
                                                    int width, std::string_view what);

/// One administrative node read from or numbered for the table.
struct AdminNode {
  Kind kind = Kind::county;
  std::string code;
  std::string name;
  std::int32_t parent = -1;  ///< index into Administration::nodes, -1 for the root
};

/// The administrative levels of a buildings table: the root (county, city, province or
/// country), counties, streets and communities, each level in order of first appearance.
struct Administration {
  std::vector<AdminNode> nodes;          ///< nodes[0] is the root
  std::vector<std::int32_t> communities;  ///< indices into nodes of the communities, in order
  std::vector<std::int32_t> row_community;  ///< per table row: position in `communities`
  bool legacy_county = false;  ///< a county table as before districts (no district, street)
};

/// Reads or numbers the administrative levels of every row (see from_buildings). Bad rows go to
/// `problems`; an option that cannot be read throws InputError at once.
[[nodiscard]] Administration number_administration(const BuildingTable& table, const IngestOptions& options,
                                                   Problems& problems);

}  // namespace gridgov::ingest::detail
