#include "gridgov/escalation/names.hpp"

#include <algorithm>
#include <array>
#include <unordered_set>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"

namespace gridgov::escalation {

namespace {

// ---- the normal form --------------------------------------------------------------------------

std::vector<char32_t> decode(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    int n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + static_cast<std::size_t>(n) > s.size()) {  // not UTF-8: the byte as it is
      out.push_back(0xDC00u + b);
      ++i;
      continue;
    }
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1Fu) : n == 3 ? (b & 0x0Fu) : (b & 0x07u);
    for (int k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3Fu);
    out.push_back(c);
    i += static_cast<std::size_t>(n);
  }
  return out;
}

void encode(char32_t c, std::string& out) {
  if (c >= 0xDC80u && c <= 0xDCFFu) {  // a byte that was not UTF-8, given back as it came
    out.push_back(static_cast<char>(c - 0xDC00u));
  } else if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

bool is_separator(char32_t c) {
  switch (c) {
    case U' ': case U'\t': case U'\n': case U'\r': case U'/': case U'\\': case U'-': case U'_': case U',':
    case U'.': case U'|': case U':': case U';': case U'\'': case U'"':
    case U'\u00B7': case U'\u30FB': case U'\u2027': case U'\u3001': case U'\u3002': case U'\u2013': case U'\u2014':
    case U'\u2015': case U'\u2212': case U'\u00A0':
      return true;
    default:
      return false;
  }
}

int numeral(char32_t c) {  // value of a Chinese digit, 10 for 十, 100 for 百, else -1
  switch (c) {
    case U'〇': case U'零': return 0;
    case U'一': return 1;
    case U'二': case U'两': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    case U'十': return 10;
    case U'百': return 100;
    default: return -1;
  }
}

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

bool starts_with(const std::vector<char32_t>& s, std::size_t at, std::u32string_view word) {
  return at + word.size() <= s.size() && std::equal(word.begin(), word.end(), s.begin() + static_cast<std::ptrdiff_t>(at));
}

// Words that follow a number in an address; a Chinese numeral before one is a number.
constexpr std::array<std::u32string_view, 14> unit_words = {U"号", U"栋", U"幢", U"座", U"单元", U"网格", U"期",
                                                             U"区", U"室", U"楼", U"组", U"层", U"户", U"#"};

bool unit_word_at(const std::vector<char32_t>& s, std::size_t at) {
  return std::any_of(unit_words.begin(), unit_words.end(), [&](std::u32string_view w) { return starts_with(s, at, w); });
}

// The value of the Chinese numeral s[a, b): 十五 = 15, 二十三 = 23, 一百零五 = 105, 一〇一 = 101.
long numeral_value(const std::vector<char32_t>& s, std::size_t a, std::size_t b) {
  bool positional = false;
  for (std::size_t i = a; i < b; ++i) positional |= numeral(s[i]) >= 10;
  long value = 0;
  if (!positional) {  // 一〇一: digit by digit
    for (std::size_t i = a; i < b; ++i) value = value * 10 + numeral(s[i]);
    return value;
  }
  long digit = -1;
  for (std::size_t i = a; i < b; ++i) {
    const int n = numeral(s[i]);
    if (n >= 10) {
      value += (digit < 0 ? 1 : digit) * n;
      digit = -1;
    } else if (n > 0) {
      digit = n;
    }
  }
  return value + std::max(digit, 0L);
}

}  // namespace

std::string name_key(std::string_view text) {
  std::vector<char32_t> s;
  for (char32_t c : decode(text)) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    if (c == 0x3000) c = U' ';
    if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
    if (!is_separator(c)) s.push_back(c);
  }
  // Chinese numerals that are numbers (after 第 or before a unit word) as digits.
  std::vector<char32_t> t;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i;
    while (j < s.size() && numeral(s[j]) >= 0) ++j;
    if (j > i && (unit_word_at(s, j) || (i > 0 && s[i - 1] == U'第')) && !(j - i == 1 && s[i] == U'百')) {
      for (char d : std::to_string(numeral_value(s, i, j))) t.push_back(static_cast<char32_t>(d));
      i = j;
    } else {
      t.push_back(s[i]);
      ++i;
    }
  }
  // After a digit: 号楼 栋 幢 座 号 # as one building mark, 室 dropped; 第 before a digit dropped.
  std::string out;
  for (std::size_t i = 0; i < t.size();) {
    if (t[i] == U'第' && i + 1 < t.size() && is_digit(t[i + 1])) {
      ++i;
      continue;
    }
    if (i > 0 && is_digit(t[i - 1])) {
      std::size_t skip = starts_with(t, i, U"号楼") ? 2 : 0;
      if (!skip && (t[i] == U'栋' || t[i] == U'幢' || t[i] == U'座' || t[i] == U'号' || t[i] == U'#')) skip = 1;
      if (skip) {
        out.push_back('#');
        i += skip;
        continue;
      }
      if (t[i] == U'室') {
        ++i;
        continue;
      }
    }
    encode(t[i], out);
    ++i;
  }
  return out;
}

// ---- places -------------------------------------------------------------------------------------

namespace {

bool is_event_place(Kind k) {
  return k == Kind::household || k == Kind::unit || k == Kind::building || k == Kind::place || k == Kind::grid;
}

bool indexed(Kind k) {
  return is_administrative(k) || k == Kind::grid || k == Kind::compound || k == Kind::building || k == Kind::place;
}

bool ends_with(std::string_view s, std::string_view tail) {
  return !tail.empty() && s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// Byte offsets where a UTF-8 character starts (and the end).
std::vector<std::size_t> boundaries(std::string_view s) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
  out.push_back(s.size());
  return out;
}

void add_unique(std::vector<node_id>& out, node_id v) {
  if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
}

}  // namespace

PlaceNames::PlaceNames(const Model& model) : model_(model) {
  for (int k = 0; k < kind_count; ++k) {
    const Column* c = model_.column(static_cast<Kind>(k), "source_code");
    sources_[k] = c != nullptr && c->type == ColumnType::string ? c : nullptr;
  }
  for (int k = 0; k < kind_count; ++k) {
    if (!indexed(static_cast<Kind>(k))) continue;
    const auto [begin, end] = model_.kind_range(static_cast<Kind>(k));
    by_key_.reserve(by_key_.size() + 2 * static_cast<std::size_t>(end - begin));
    for (node_id v = begin; v < end; ++v) {
      const Keys keys = this->keys(v);
      for (const std::string* key : {&keys.code, &keys.name, &keys.source}) {
        if (key->empty()) continue;
        auto& nodes = by_key_[*key];
        if (nodes.empty() || nodes.back() != v) nodes.push_back(v);
      }
    }
  }
}

PlaceNames::Keys PlaceNames::keys(node_id v) const {
  Keys keys{name_key(model_.code(v)), name_key(model_.name(v)), {}};
  const Kind k = model_.kind(v);
  if (const Column* c = sources_[static_cast<std::size_t>(k)]) {
    const auto row = static_cast<std::size_t>(v - model_.kind_range(k).first);
    if (c->is_present(row)) keys.source = name_key(c->strings[row]);
  }
  return keys;
}

std::vector<node_id> PlaceNames::context(node_id v) const {
  // The names that may qualify a place: its ancestors', and the compound of its building.
  std::vector<node_id> out;
  for (node_id a = model_.parent(v); a != no_node; a = model_.parent(a)) out.push_back(a);
  const node_id building = model_.kind(v) == Kind::building ? v : model_.ancestor_of_kind(v, Kind::building);
  if (building != no_node)
    for (node_id c : model_.linked_from(building, LinkType::member))
      if (model_.kind(c) == Kind::compound) add_unique(out, c);
  if (out.size() > 32) out.resize(32);  // `used` is a 32-bit mask; real chains have fewer than 10
  return out;
}

bool PlaceNames::taken_by_context(std::string_view rest, const std::vector<node_id>& context, std::uint32_t used) const {
  if (rest.empty()) return true;
  for (std::size_t i = 0; i < context.size(); ++i) {
    if (used & (1u << i)) continue;
    const Keys keys = this->keys(context[i]);
    for (const std::string* key : {&keys.code, &keys.name, &keys.source})
      if (ends_with(rest, *key) && taken_by_context(rest.substr(0, rest.size() - key->size()), context, used | (1u << i)))
        return true;
  }
  return false;
}

void PlaceNames::direct(std::string_view key, std::vector<node_id>& out) const {
  // key = (qualifiers) + (a node's own key): try every split.
  for (std::size_t at : boundaries(key)) {
    if (at == key.size()) break;
    const auto hit = by_key_.find(std::string(key.substr(at)));
    if (hit == by_key_.end()) continue;
    for (node_id v : hit->second)
      if (at == 0 || taken_by_context(key.substr(0, at), context(v), 0)) add_unique(out, v);
  }
}

void PlaceNames::below(node_id parent, std::string_view rest, std::vector<node_id>& out) const {
  // Units and households of a building by their own names ("2单元", "501"), or by names that
  // repeat the parent's ("香樟公馆1幢1单元" under 香樟公馆1幢).
  const Keys parent_keys = keys(parent);
  for (node_id c : model_.children(parent)) {
    const Kind k = model_.kind(c);
    if (k != Kind::unit && k != Kind::household) continue;
    const Keys keys = this->keys(c);
    auto fits = [&](std::string_view part) {
      for (const std::string* key : {&keys.code, &keys.name, &keys.source}) {
        if (key->empty()) continue;
        if (*key == part) return true;
        for (const std::string* p : {&parent_keys.code, &parent_keys.name, &parent_keys.source})
          if (!p->empty() && key->size() == p->size() + part.size() && key->starts_with(*p) && key->ends_with(part))
            return true;
      }
      return false;
    };
    if (fits(rest)) add_unique(out, c);
    if (k == Kind::unit) {
      const auto cuts = boundaries(rest);
      for (std::size_t i = 1; i + 1 < cuts.size(); ++i)
        if (fits(rest.substr(0, cuts[i]))) below(c, rest.substr(cuts[i]), out);
    }
  }
}

std::vector<node_id> PlaceNames::candidates(std::string_view text) const {
  if (const node_id v = model_.find(text); v != no_node) return {v};
  const std::string key = name_key(text);
  std::vector<node_id> out;
  if (key.empty()) return out;
  direct(key, out);
  // A unit or household: a building (by any of the above) and what follows it. Only when no
  // building, place or grid has the whole text: the common case (a building) stays one pass.
  if (std::any_of(out.begin(), out.end(), [&](node_id v) { return is_event_place(model_.kind(v)); })) return out;
  const auto cuts = boundaries(key);
  for (std::size_t i = 1; i + 1 < cuts.size(); ++i) {
    std::vector<node_id> parents;
    direct(std::string_view(key).substr(0, cuts[i]), parents);
    for (node_id p : parents)
      if (model_.kind(p) == Kind::building) below(p, std::string_view(key).substr(cuts[i]), out);
  }
  return out;
}

std::string PlaceNames::describe(node_id v) const {
  // "3号楼 (building 110101001001000001, 阳光小区, 东风社区)": what tells places of one name apart.
  const std::string comma = messages::language() == messages::Language::zh ? "，" : ", ";
  std::string context;
  const node_id building = model_.kind(v) == Kind::building ? v : model_.ancestor_of_kind(v, Kind::building);
  if (building != no_node && building != v) context += comma + std::string(model_.name(building));
  if (building != no_node)
    for (node_id c : model_.linked_from(building, LinkType::member))
      if (model_.kind(c) == Kind::compound) {
        context += comma + std::string(model_.name(c));
        break;
      }
  const node_id community = model_.ancestor_of_kind(v, Kind::community);
  if (community != no_node && community != v) context += comma + std::string(model_.name(community));
  return messages::format("place.described",
                          {{"name", model_.name(v).empty() ? model_.code(v) : model_.name(v)},
                           {"kind", messages::kind(kind_name(model_.kind(v)))},
                           {"code", model_.code(v)},
                           {"context", context}});
}

namespace {

std::string counted(std::size_t n) { return std::to_string(n); }

}  // namespace

node_id PlaceNames::find(std::string_view text) const {
  std::vector<node_id> all, places;
  if (const node_id v = model_.find(text); v != no_node) {
    if (is_event_place(model_.kind(v))) return v;
    all.push_back(v);
  } else {
    if (name_key(text).empty()) throw InputError(messages::format("place.empty", {{"text", text}}));
    all = candidates(text);
  }
  std::copy_if(all.begin(), all.end(), std::back_inserter(places), [&](node_id v) { return is_event_place(model_.kind(v)); });
  if (places.size() == 1) return places.front();
  const std::string separator = messages::format("list.separator");
  if (places.size() > 1) {
    std::sort(places.begin(), places.end());
    std::string listed;
    for (std::size_t i = 0; i < places.size() && i < 6; ++i) listed += (i ? separator : "") + describe(places[i]);
    if (places.size() > 6) listed += messages::format("place.more", {{"count", counted(places.size() - 6)}});
    throw InputError(messages::format("place.several",
                                      {{"text", text}, {"count", counted(places.size())}, {"listed", listed}}));
  }
  if (!all.empty())
    throw InputError(messages::format("place.not_event_place", {{"text", text}, {"what", describe(all.front())}}));
  not_found(text, name_key(text));
}

void PlaceNames::not_found(std::string_view text, std::string_view key) const {
  // Similar names: the event places sharing the longest beginning with the text's key.
  std::vector<std::pair<std::size_t, node_id>> close;
  const auto cuts = boundaries(key);
  for (const auto& [k, nodes] : by_key_) {
    std::size_t common = 0;
    while (common < k.size() && common < key.size() && k[common] == key[common]) ++common;
    const auto chars = static_cast<std::size_t>(std::upper_bound(cuts.begin(), cuts.end(), common) - cuts.begin()) - 1;
    if (chars < 2) continue;
    for (node_id v : nodes)
      if (is_event_place(model_.kind(v))) close.emplace_back(chars, v);
  }
  // Longest shared beginning first, then id order; each node once (under its best key).
  std::sort(close.begin(), close.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  std::unordered_set<node_id> listed;
  std::erase_if(close, [&](const auto& c) { return !listed.insert(c.second).second; });
  std::string message = messages::format("place.unknown", {{"text", text}});
  const std::string separator = messages::format("list.separator");
  const std::string comma = messages::language() == messages::Language::zh ? "、" : ", ";
  // The longest beginning of the text that names one thing ("阳光小区" of "阳光小区5号楼"): what is in it.
  for (std::size_t i = cuts.size() - 2; i >= 1 && i < cuts.size(); --i) {
    std::vector<node_id> found;
    direct(key.substr(0, cuts[i]), found);
    if (found.empty()) continue;
    if (found.size() > 1) break;
    const node_id x = found.front();
    std::vector<node_id> inside;
    for (node_id c : model_.kind(x) == Kind::compound ? model_.linked(x, LinkType::member) : model_.children(x))
      if (is_event_place(model_.kind(c))) inside.push_back(c);
    if (inside.empty()) break;
    std::string listed;
    for (std::size_t j = 0; j < inside.size() && j < 8; ++j)
      listed += (j ? comma : "") + std::string(model_.name(inside[j]).empty() ? model_.code(inside[j]) : model_.name(inside[j]));
    if (inside.size() > 8) listed += " …";
    message += separator + messages::format("place.has",
                                            {{"what", describe(x)},
                                             {"count", counted(inside.size())},
                                             {"listed", listed}});
    throw UnknownCodeError(message);
  }
  // A name that ends many names ("1号楼" of every compound's 1号楼): say how to qualify it.
  std::vector<node_id> ending;
  for (const auto& [k, nodes] : by_key_)
    if (k.size() > key.size() && ends_with(k, key) &&
        !(is_digit(static_cast<unsigned char>(key.front())) && is_digit(static_cast<unsigned char>(k[k.size() - key.size() - 1]))))
      for (node_id v : nodes)
        if (is_event_place(model_.kind(v))) add_unique(ending, v);
  if (!ending.empty()) {
    std::sort(ending.begin(), ending.end());
    std::string listed;
    for (std::size_t i = 0; i < ending.size() && i < 3; ++i) listed += (i ? separator : "") + describe(ending[i]);
    message += separator + messages::format("place.ending", {{"count", counted(ending.size())}, {"listed", listed}});
    throw UnknownCodeError(message);
  }
  if (!close.empty()) {
    std::string listed;
    for (std::size_t i = 0; i < close.size() && i < 5; ++i) listed += (i ? separator : "") + describe(close[i].second);
    message += separator + messages::format("place.similar", {{"listed", listed}});
  }
  throw UnknownCodeError(message);
}

std::vector<node_id> PlaceNames::find_many(std::span<const std::string> texts) const {
  std::vector<node_id> out(texts.size());
  std::unordered_map<std::string_view, node_id> seen;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto hit = seen.find(texts[i]);
    if (hit != seen.end()) {
      out[i] = hit->second;
      continue;
    }
    try {
      out[i] = find(texts[i]);
    } catch (const UnknownCodeError& e) {
      throw UnknownCodeError(messages::format("event.prefix", {{"index", counted(i)}, {"message", e.what()}}));
    } catch (const InputError& e) {
      throw InputError(messages::format("event.prefix", {{"index", counted(i)}, {"message", e.what()}}));
    }
    seen.emplace(texts[i], out[i]);
  }
  return out;
}

// ---- categories ---------------------------------------------------------------------------------

namespace {

// The parts of a category name between its separators: 部件·公用设施·上水井盖, 政策咨询/宣传.
std::vector<std::string_view> name_parts(std::string_view name) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t at = 0; at <= name.size();) {
    const std::size_t width = at == name.size() ? 0 : name[at] == '/' ? 1 : name.substr(at, 2) == "\u00B7" ? 2 : 0;
    if (at < name.size() && width == 0) {
      ++at;
      continue;
    }
    out.push_back(name.substr(start, at - start));
    if (at == name.size()) break;
    at += width;
    start = at;
  }
  return out;
}

}  // namespace

int category_of(const EscalationPolicy& policy, std::string_view text) {
  if (const int i = policy.find_category(text); i >= 0) return i;
  const std::string key = name_key(text);
  if (key.empty()) throw InputError(messages::format("category.empty", {{"text", text}}));
  const auto& categories = policy.categories;
  auto named = [&](int i) { return categories[static_cast<std::size_t>(i)].code + " " + categories[static_cast<std::size_t>(i)].name; };
  auto listing = [&](const std::vector<int>& which) {
    std::string out;
    const std::string comma = messages::language() == messages::Language::zh ? "、" : ", ";
    for (std::size_t j = 0; j < which.size(); ++j) out += (j ? comma : "") + named(which[j]);
    return out;
  };
  std::vector<int> whole, part, close;
  for (int i = 0; i < policy.category_count(); ++i) {
    const auto& c = categories[static_cast<std::size_t>(i)];
    const std::string name = name_key(c.name);
    if (name_key(c.code) == key || name == key) whole.push_back(i);
    for (std::string_view piece : name_parts(c.name))
      if (name_key(piece) == key && (part.empty() || part.back() != i)) part.push_back(i);
    if (name.find(key) != std::string::npos || (!name.empty() && key.find(name) != std::string::npos)) close.push_back(i);
  }
  for (const auto* hits : {&whole, &part}) {
    if (hits->size() == 1) return hits->front();
    if (hits->size() > 1)
      throw InputError(messages::format(
          "category.several", {{"text", text}, {"count", std::to_string(hits->size())}, {"listed", listing(*hits)}}));
  }
  std::vector<int> every(static_cast<std::size_t>(policy.category_count()));
  for (int i = 0; i < policy.category_count(); ++i) every[static_cast<std::size_t>(i)] = i;
  throw UnknownCodeError(close.empty() ? messages::format("category.unknown_all",
                                                          {{"text", text}, {"listed", listing(every)}})
                                       : messages::format("category.unknown_close",
                                                          {{"text", text}, {"listed", listing(close)}}));
}

}  // namespace gridgov::escalation
