// Statistical and serial codes of a buildings table (see codes.hpp and docs/model.md).
#include "codes.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "gridgov/core/messages.hpp"

namespace gridgov::ingest::detail {

namespace {

constexpr std::string_view placeholder = "000000000000";

/// The first `n` characters of s followed by zeros up to 12 digits.
std::string statistical(std::string_view s, std::size_t n) {
  return std::string(s.substr(0, n)) + std::string(12 - n, '0');
}

bool tail_is_zero(std::string_view code, std::size_t from) {
  return code.substr(from).find_first_not_of('0') == std::string_view::npos;
}

/// Distinct values in order of first appearance, and each row's position among them.
template <class Key, class Hash = std::hash<Key>>
struct FirstAppearance {
  std::vector<Key> keys;
  std::vector<std::int32_t> of_row;
  std::unordered_map<Key, std::int32_t, Hash> index;

  std::int32_t add(const Key& key) {
    auto [it, inserted] = index.emplace(key, static_cast<std::int32_t>(keys.size()));
    if (inserted) keys.push_back(key);
    of_row.push_back(it->second);
    return it->second;
  }
};

struct PairHash {
  std::size_t operator()(const std::pair<std::int32_t, std::string_view>& k) const noexcept {
    return std::hash<std::string_view>{}(k.second) * 31 + static_cast<std::size_t>(k.first);
  }
};

/// The one prefix of length `n` that the 12-digit codes among `values` share, "" when none has a
/// code, "*" when they disagree.
std::string shared_prefix(const std::vector<std::string_view>& values, std::size_t n) {
  std::string found;
  for (std::string_view v : values) {
    if (!is_digits(v, 12)) continue;
    const std::string_view p = v.substr(0, n);
    if (found.empty()) found = std::string(p);
    else if (found != p) return "*";
  }
  return found;
}

/// Kind and code of the root from a city_code option (2, 4 or 12 digits).
AdminNode root_from_option(std::string_view code) {
  AdminNode root;
  std::string c(code);
  if (is_digits(c, 2)) c = statistical(c, 2);
  else if (is_digits(c, 4)) c = statistical(c, 4);
  if (!is_digits(c, 12) || c == placeholder)
    throw InputError(messages::format("codes.city_code", {{"code", std::string(code)}}));
  root.code = c;
  root.kind = tail_is_zero(c, 2) ? Kind::province : Kind::city;
  if (!tail_is_zero(c, 4)) throw InputError(messages::format("codes.city_code_zeros", {{"code", std::string(code)}}));
  return root;
}

/// The node codes of a level: the codes read from the table (`fixed`, "" = to be numbered)
/// and numbered ones `prefix(owner) + serial` for the others, skipping codes in use.
/// `make(owner, serial)` gives a candidate code or "" when the serials are used up.
template <class Make>
void number_level(std::vector<std::string>& codes, const std::vector<std::int32_t>& owner, Make make,
                  const std::function<void(std::size_t)>& exhausted) {
  std::unordered_set<std::string> used;
  for (const auto& c : codes)
    if (!c.empty()) used.insert(c);
  std::unordered_map<std::int32_t, std::uint64_t> next;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (!codes[i].empty()) continue;
    std::uint64_t& serial = next[owner[i]];
    for (;;) {
      std::string candidate = make(owner[i], ++serial);
      if (candidate.empty()) {
        exhausted(i);
        break;
      }
      if (used.insert(candidate).second) {
        codes[i] = std::move(candidate);
        break;
      }
    }
  }
}

}  // namespace

bool is_digits(std::string_view s, std::size_t n) noexcept {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string zero_padded(std::uint64_t v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
  return s;
}

std::vector<std::string> serial_codes(const std::vector<std::string_view>& values, const std::vector<std::string_view>& owners,
                                      std::string_view infix, int width, std::string_view what) {
  auto well_formed = [&](std::string_view value, std::string_view owner) {
    if (value.size() != owner.size() + infix.size() + static_cast<std::size_t>(width)) return false;
    if (value.substr(0, owner.size()) != owner || value.substr(owner.size(), infix.size()) != infix) return false;
    return is_digits(value.substr(owner.size() + infix.size()), static_cast<std::size_t>(width));
  };
  std::uint64_t limit = 1;
  for (int i = 0; i < width; ++i) limit *= 10;
  std::unordered_set<std::string_view> taken;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (well_formed(values[i], owners[i])) taken.insert(values[i]);
  std::unordered_set<std::string_view> emitted;
  std::unordered_map<std::string_view, std::uint64_t> counters;
  std::vector<std::string> out(values.size());
  std::unordered_set<std::string> generated;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (well_formed(values[i], owners[i]) && emitted.insert(values[i]).second) {
      out[i] = std::string(values[i]);
      continue;
    }
    std::uint64_t& n = counters[owners[i]];
    for (;;) {
      if (++n >= limit)
        throw InputError(messages::format("codes.too_many", {{"community", owners[i]},
                                                             {"limit", std::to_string(limit - 1)},
                                                             {"what", messages::format(std::string("codes.plural.") + std::string(what))}}));
      std::string code = std::string(owners[i]) + std::string(infix) + zero_padded(n, width);
      if (!taken.count(code) && generated.insert(code).second) {
        out[i] = std::move(code);
        break;
      }
    }
  }
  return out;
}

Administration number_administration(const BuildingTable& t, const IngestOptions& o, Problems& problems) {
  const std::size_t n = t.rows();
  const bool has_district = !t.district.empty(), has_street = !t.street.empty();
  if (!o.county_code.empty() && !o.city_code.empty()) throw InputError(messages::format("codes.county_or_city"));
  if (!o.county_code.empty() && has_district)
    throw InputError(messages::format("codes.district_column", {{"county_code", o.county_code}}));
  std::set<std::string_view> county_prefixes;
  for (const auto& c : t.community)
    if (is_digits(c, 12)) county_prefixes.insert(std::string_view(c).substr(0, 6));

  Administration a;
  const bool city_model = has_district || !o.city_code.empty() || (o.county_code.empty() && county_prefixes.size() > 1);
  std::vector<std::int32_t> row_county(n, 0);
  if (!city_model) {
    // One county is the root.
    AdminNode root;
    root.kind = Kind::county;
    if (!o.county_code.empty()) {
      if (is_digits(o.county_code, 6)) root.code = statistical(o.county_code, 6);
      else if (is_digits(o.county_code, 12)) root.code = o.county_code;
      else throw InputError(messages::format("codes.county_code", {{"county_code", o.county_code}}));
    } else {
      root.code = county_prefixes.empty() ? std::string(placeholder) : statistical(*county_prefixes.begin(), 6);
    }
    root.name = o.name.empty() ? "county" : o.name;
    a.nodes.push_back(root);
    a.legacy_county = !has_street;
  } else {
    // Counties: the districts (names or codes), or the counties of the community codes.
    FirstAppearance<std::string_view> districts;
    for (std::size_t r = 0; r < n; ++r) {
      std::string_view key;
      if (has_district) key = t.district[r];
      else if (is_digits(t.community[r], 12)) key = std::string_view(t.community[r]).substr(0, 6);
      else
        problems.add(r, "community", t.community[r], messages::format("codes.community_no_code"));
      if (has_district && key.empty()) problems.add(r, "district", "", messages::format("codes.district_required"));
      districts.add(key);
    }
    std::vector<std::vector<std::string_view>> coded_of(districts.keys.size());
    for (std::size_t r = 0; r < n; ++r) coded_of[static_cast<std::size_t>(districts.of_row[r])].push_back(t.community[r]);
    std::vector<std::string> codes(districts.keys.size());
    for (std::size_t d = 0; d < codes.size(); ++d) {
      const std::string_view v = districts.keys[d];
      if (is_digits(v, 6)) codes[d] = statistical(v, 6);
      else if (is_digits(v, 12) && tail_is_zero(v, 6)) codes[d] = std::string(v);
      else if (is_digits(v, 12))
        problems.add_table(messages::format("codes.district_not_county", {{"v", std::string(v)}}));
      else {
        const std::string p = shared_prefix(coded_of[d], 6);
        if (p == "*") problems.add_table(messages::format("codes.district_several_counties", {{"v", std::string(v)}}));
        else if (!p.empty()) codes[d] = statistical(p, 6);
      }
    }
    // The root: the city (or province) of the option or of the counties' codes.
    AdminNode root;
    if (!o.city_code.empty()) root = root_from_option(o.city_code);
    else {
      std::vector<std::string_view> coded;
      for (const auto& c : codes)
        if (!c.empty()) coded.push_back(c);
      const std::string city = shared_prefix(coded, 4), province = shared_prefix(coded, 2);
      if (coded.empty()) root = {Kind::city, std::string(placeholder), "", -1};
      else if (city != "*") root = {Kind::city, statistical(city, 4), "", -1};
      else if (province != "*") root = {Kind::province, statistical(province, 2), "", -1};
      else root = {Kind::country, std::string(placeholder), "", -1};
    }
    root.name = o.name.empty() ? std::string(kind_name(root.kind)) : o.name;
    a.nodes.push_back(root);
    const std::size_t root_digits = root.code == placeholder && root.kind == Kind::country ? 0 : statistical_prefix_length(root.kind);
    const std::string_view root_prefix = std::string_view(a.nodes[0].code).substr(0, root_digits);
    for (std::size_t d = 0; d < codes.size(); ++d)
      if (!codes[d].empty() && codes[d].substr(0, root_digits) != root_prefix)
        problems.add_table(messages::format("codes.district_outside",
                                            {{"district", std::string(districts.keys[d])},
                                             {"district_code", codes[d]},
                                             {"kind", messages::kind(std::string(kind_name(root.kind)))},
                                             {"code", a.nodes[0].code}}));
    const std::vector<std::int32_t> owners(codes.size(), 0);
    number_level(codes, owners,
                 [&](std::int32_t, std::uint64_t serial) {
                   return root.kind == Kind::city && serial <= 99 ? std::string(root_prefix) + zero_padded(serial, 2) + "000000"
                                                                  : std::string();
                 },
                 [&](std::size_t d) {
                   problems.add_table(messages::format(root.kind == Kind::city ? "codes.district_no_code_city"
                                                                               : "codes.district_no_code_cities",
                                                       {{"district", districts.keys[d]}}));
                 });
    for (std::size_t d = 0; d < codes.size(); ++d)
      a.nodes.push_back({Kind::county, codes[d], std::string(districts.keys[d]), 0});
    for (std::size_t r = 0; r < n; ++r) row_county[r] = 1 + districts.of_row[r];
  }

  // Streets (with a street column): per county, by name or code.
  std::vector<std::int32_t> row_parent = row_county;  // the community's parent node
  if (has_street) {
    FirstAppearance<std::pair<std::int32_t, std::string_view>, PairHash> streets;
    for (std::size_t r = 0; r < n; ++r) {
      if (t.street[r].empty()) problems.add(r, "street", "", messages::format("codes.street_required"));
      streets.add({row_county[r], t.street[r]});
    }
    std::vector<std::vector<std::string_view>> coded_of(streets.keys.size());
    for (std::size_t r = 0; r < n; ++r) coded_of[static_cast<std::size_t>(streets.of_row[r])].push_back(t.community[r]);
    std::vector<std::string> codes(streets.keys.size());
    std::vector<std::int32_t> owners(streets.keys.size());
    for (std::size_t s = 0; s < codes.size(); ++s) {
      const auto [county, v] = streets.keys[s];
      owners[s] = county;
      const std::string& county_code = a.nodes[static_cast<std::size_t>(county)].code;
      std::string code;
      if (is_digits(v, 9)) code = statistical(v, 9);
      else if (is_digits(v, 12) && tail_is_zero(v, 9)) code = std::string(v);
      else if (is_digits(v, 12))
        problems.add_table(messages::format("codes.street_not_street", {{"v", std::string(v)}}));
      else if (const std::string p = shared_prefix(coded_of[s], 9); p == "*")
        problems.add_table(messages::format("codes.street_several", {{"v", std::string(v)}}));
      else if (!p.empty()) code = statistical(p, 9);
      if (!code.empty() && code.compare(0, 6, county_code, 0, 6) != 0) {
        problems.add_table(messages::format("codes.street_outside",
                                            {{"v", std::string(v)}, {"code", code}, {"county_code", county_code}}));
        code.clear();
      }
      codes[s] = std::move(code);
    }
    number_level(codes, owners,
                 [&](std::int32_t county, std::uint64_t serial) {
                   return serial <= 999 ? a.nodes[static_cast<std::size_t>(county)].code.substr(0, 6) + zero_padded(serial, 3) + "000"
                                        : std::string();
                 },
                 [&](std::size_t s) {
                   problems.add_table(messages::format("codes.streets_without_codes",
                                                       {{"code", a.nodes[static_cast<std::size_t>(owners[s])].code},
                                                        {"street", std::string(streets.keys[s].second)}}));
                 });
    const auto first = static_cast<std::int32_t>(a.nodes.size());
    for (std::size_t s = 0; s < codes.size(); ++s)
      a.nodes.push_back({Kind::street, codes[s], std::string(streets.keys[s].second), owners[s]});
    for (std::size_t r = 0; r < n; ++r) row_parent[r] = first + streets.of_row[r];
  }

  // Communities: per parent (street or county), by name or code.
  FirstAppearance<std::pair<std::int32_t, std::string_view>, PairHash> communities;
  for (std::size_t r = 0; r < n; ++r) communities.add({row_parent[r], t.community[r]});
  std::vector<std::string> codes(communities.keys.size());
  std::vector<std::int32_t> owners(communities.keys.size());
  for (std::size_t c = 0; c < codes.size(); ++c) {
    const auto [parent, v] = communities.keys[c];
    owners[c] = parent;
    if (!is_digits(v, 12)) continue;
    const AdminNode& p = a.nodes[static_cast<std::size_t>(parent)];
    const std::size_t digits = p.kind == Kind::street ? 9 : 6;
    if (v.substr(0, digits) == std::string_view(p.code).substr(0, digits)) codes[c] = std::string(v);
    else if (!a.legacy_county)  // a county table keeps another county's code as the community's name
      problems.add_table(messages::format("codes.community_outside",
                                          {{"v", std::string(v)},
                                           {"kind", messages::kind(std::string(kind_name(p.kind)))},
                                           {"name", p.name},
                                           {"code", p.code}}));
  }
  number_level(codes, owners,
               [&](std::int32_t parent, std::uint64_t serial) -> std::string {
                 const AdminNode& p = a.nodes[static_cast<std::size_t>(parent)];
                 if (p.kind == Kind::street) return serial <= 999 ? p.code.substr(0, 9) + zero_padded(serial, 3) : std::string();
                 // Under a county without streets: 999 communities a block, 999 blocks.
                 if (serial > 999 * 999) return {};
                 return p.code.substr(0, 6) + zero_padded((serial - 1) / 999, 3) + zero_padded((serial - 1) % 999 + 1, 3);
               },
               [&](std::size_t c) {
                 const AdminNode& p = a.nodes[static_cast<std::size_t>(owners[c])];
                 const std::string limit = p.kind == Kind::street ? "999" : "998,001";
                 problems.add_table(messages::format("codes.communities_without_codes",
                                                     {{"kind", messages::kind(kind_name(p.kind))}, {"code", p.code}, {"limit", limit}}));
               });
  for (std::size_t c = 0; c < codes.size(); ++c) {
    a.communities.push_back(static_cast<std::int32_t>(a.nodes.size()));
    a.nodes.push_back({Kind::community, codes[c], std::string(communities.keys[c].second), owners[c]});
  }
  a.row_community = std::move(communities.of_row);
  return a;
}

}  // namespace gridgov::ingest::detail
