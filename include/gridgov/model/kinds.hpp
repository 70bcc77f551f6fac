// The kinds of node in a grid model, the kinds of cross link, and their names.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"

namespace gridgov {

/// Kinds of node, in containment order from the top. A frozen Model keeps node ids sorted by
/// kind in this order, so every kind is one contiguous id range.
enum class Kind : std::uint8_t {
  country,
  province,
  city,  ///< prefecture (地级)
  county,
  street,  ///< street office or township (街道/乡镇)
  community,  ///< community or village (社区/村)
  grid,
  compound,  ///< residential compound (小区), a physical set of buildings
  building,
  unit,  ///< stairwell / entrance (单元)
  household,
  place,  ///< enterprise, school, hospital, mall, market…
  worker,
  organisation,
};

inline constexpr int kind_count = 14;

inline constexpr std::array<std::string_view, kind_count> kind_names = {
    "country", "province", "city",     "county", "street", "community", "grid",
    "compound", "building", "unit", "household", "place", "worker", "organisation"};

[[nodiscard]] constexpr std::string_view kind_name(Kind k) noexcept {
  return kind_names[static_cast<std::size_t>(k)];
}

/// The kind of a name; also accepts the common synonyms (prefecture, township, village,
/// organization). Returns nullopt for an unknown name.
[[nodiscard]] inline std::optional<Kind> find_kind(std::string_view name) noexcept {
  for (int i = 0; i < kind_count; ++i)
    if (kind_names[static_cast<std::size_t>(i)] == name) return static_cast<Kind>(i);
  if (name == "prefecture") return Kind::city;
  if (name == "township" || name == "town") return Kind::street;
  if (name == "village") return Kind::community;
  if (name == "organization") return Kind::organisation;
  return std::nullopt;
}

[[nodiscard]] inline Kind parse_kind(std::string_view name) {
  if (auto k = find_kind(name)) return *k;
  throw UnknownCodeError(messages::format("model.unknown_kind", {{"name", std::string(name)}}));
}

/// Administrative kinds carry statistical-division codes (country .. community).
[[nodiscard]] constexpr bool is_administrative(Kind k) noexcept { return k <= Kind::community; }

/// Significant length of a 12-digit statistical code at an administrative level
/// (province 2, city 4, county 6, street 9, community 12).
[[nodiscard]] constexpr std::size_t statistical_prefix_length(Kind k) noexcept {
  switch (k) {
    case Kind::province: return 2;
    case Kind::city: return 4;
    case Kind::county: return 6;
    case Kind::street: return 9;
    case Kind::community: return 12;
    default: return 0;
  }
}

/// Cross links (containment is each node's parent, not a link).
enum class LinkType : std::uint8_t {
  member,      ///< compound -> building (physical membership)
  serves,      ///< worker -> grid, party group -> grid
  hosts,       ///< place -> special grid it hosts
  cobuilds,    ///< stationed unit -> community (共建)
  dispatches,  ///< county command centre -> department
  adjacent,    ///< spatial adjacency (building <-> building), stored in both directions
  road,        ///< road segment between two located nodes; weight = length in metres
  claims,      ///< grid -> building it also claims (a building in two grids: an audit finding)
};

inline constexpr int link_type_count = 8;

inline constexpr std::array<std::string_view, link_type_count> link_type_names = {
    "member", "serves", "hosts", "cobuilds", "dispatches", "adjacent", "road", "claims"};

[[nodiscard]] constexpr std::string_view link_type_name(LinkType t) noexcept {
  return link_type_names[static_cast<std::size_t>(t)];
}

/// True for link types that are symmetric (stored in both directions).
[[nodiscard]] constexpr bool is_symmetric(LinkType t) noexcept {
  return t == LinkType::adjacent || t == LinkType::road;
}

[[nodiscard]] inline LinkType parse_link_type(std::string_view name) {
  for (int i = 0; i < link_type_count; ++i)
    if (link_type_names[static_cast<std::size_t>(i)] == name) return static_cast<LinkType>(i);
  throw UnknownCodeError(messages::format("model.unknown_link_type", {{"name", std::string(name)}}));
}

}  // namespace gridgov
