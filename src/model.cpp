// Model storage, queries and the builder's freeze (validation and layout).
#include "gridgov/model/model.hpp"
#include "gridgov/core/messages.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <unordered_set>

namespace gridgov {

namespace {

/// sum += add, or true (sum unchanged) when the sum would pass int64: portable, where GCC's
/// __builtin_add_overflow is not (MSVC).
bool add_overflows(std::int64_t& sum, std::int64_t add) {
  if ((add > 0 && sum > std::numeric_limits<std::int64_t>::max() - add) ||
      (add < 0 && sum < std::numeric_limits<std::int64_t>::min() - add))
    return true;
  sum += add;
  return false;
}

std::shared_ptr<const ModelData> empty_data() {
  auto d = std::make_shared<ModelData>();
  d->subkind_names = {""};
  d->pre_index.clear();
  return d;
}

// Containment rank used to reject impossible parents (a county under a household...).
// Administrative kinds must sit under a higher administrative kind; the physical chain
// grid > building > unit > household must keep its order; the rest (compound, place, worker,
// organisation) may sit under any administrative node or grid, places also under buildings.
bool parent_kind_allowed(Kind child, Kind parent) {
  if (is_administrative(child)) return is_administrative(parent) && parent < child;
  switch (child) {
    case Kind::grid: return is_administrative(parent);
    case Kind::compound: return is_administrative(parent) || parent == Kind::grid;
    case Kind::building: return is_administrative(parent) || parent == Kind::grid || parent == Kind::compound;
    case Kind::unit: return parent == Kind::building;
    case Kind::household: return parent == Kind::unit || parent == Kind::building;
    case Kind::place:
      return is_administrative(parent) || parent == Kind::grid || parent == Kind::building ||
             parent == Kind::compound;
    case Kind::worker: return is_administrative(parent) || parent == Kind::grid;
    case Kind::organisation:
      return is_administrative(parent) || parent == Kind::grid || parent == Kind::organisation ||
             parent == Kind::place;
    default: return false;
  }
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The prefix every descendant's code must start with: the significant digits of a 12-digit
// statistical code, or the whole code otherwise. Country codes impose nothing.
std::string_view code_prefix(Kind k, std::string_view code) {
  if (k == Kind::country) return {};
  if (code.size() == 12 && all_digits(code)) return code.substr(0, statistical_prefix_length(k));
  return code;
}

void append_findings(std::ostringstream& out, const std::vector<Finding>& findings) {
  const std::size_t shown = std::min<std::size_t>(findings.size(), 20);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& f = findings[i];
    out << "\n  [" << f.rule << "] " << messages::kind(f.kind) << " " << f.code << ": " << f.detail;
  }
  if (findings.size() > shown) out << "\n  " << messages::format("model.more", {{"count", std::to_string(findings.size() - shown)}});
}

}  // namespace

bool is_count_column(std::string_view name) noexcept {
  static constexpr std::string_view counts[] = {
      "households", "residents", "population", "elderly_alone", "disabled", "key_persons",
      "renters", "registered_elsewhere", "floors", "units", "employees", "students", "beds",
      "stalls", "capacity"};
  return std::find(std::begin(counts), std::end(counts), name) != std::end(counts);
}

bool is_valid_count(const Column& c, std::size_t row) noexcept {
  if (!c.is_present(row)) return false;
  switch (c.type) {
    case ColumnType::int64: return c.ints[row] >= 0 && c.ints[row] <= max_count;
    case ColumnType::boolean: return true;
    case ColumnType::float64: {
      const double v = c.floats[row];  // NaN is absent; infinity fails the range
      return v >= 0 && v <= static_cast<double>(max_count) && v == std::floor(v);
    }
    case ColumnType::string: return false;
  }
  return false;
}

// =============================================================================================
// Model
// =============================================================================================

Model::Model() : data_(empty_data()) {}

std::vector<node_id> Model::nodes(Kind k, std::string_view sub) const {
  auto [b, e] = kind_range(k);
  std::vector<node_id> out;
  for (node_id v = b; v < e; ++v)
    if (sub.empty() || subkind(v) == sub) out.push_back(v);
  return out;
}

node_id Model::count(Kind k, std::string_view sub) const {
  auto [b, e] = kind_range(k);
  if (sub.empty()) return e - b;
  node_id c = 0;
  for (node_id v = b; v < e; ++v) c += subkind(v) == sub;
  return c;
}

node_id Model::find(std::string_view c) const noexcept {
  const auto& order = data_->by_code;
  auto it = std::lower_bound(order.begin(), order.end(), c,
                             [this](node_id v, std::string_view key) { return code(v) < key; });
  if (it != order.end() && code(*it) == c) return *it;
  return no_node;
}

node_id Model::id(std::string_view c) const {
  node_id v = find(c);
  if (v == no_node) throw UnknownCodeError(messages::format("model.unknown_code", {{"code", std::string(c)}}));
  return v;
}

std::vector<node_id> Model::ids(std::span<const std::string> codes) const {
  std::vector<node_id> out(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) out[i] = find(codes[i]);
  return out;
}

std::span<const node_id> Model::children(node_id v, Kind k) const noexcept {
  auto all = children(v);
  auto [b, e] = kind_range(k);
  auto lo = std::lower_bound(all.begin(), all.end(), b);
  auto hi = std::lower_bound(lo, all.end(), e);
  return all.subspan(static_cast<std::size_t>(lo - all.begin()), static_cast<std::size_t>(hi - lo));
}

std::vector<node_id> Model::descendants(node_id v) const {
  const auto& d = *data_;
  return {d.preorder.begin() + d.pre_index[v] + 1, d.preorder.begin() + d.subtree_end[v]};
}

std::vector<node_id> Model::descendants(node_id v, Kind k) const {
  const auto& d = *data_;
  std::vector<node_id> out;
  for (node_id i = d.pre_index[v] + 1; i < d.subtree_end[v]; ++i) {
    node_id u = d.preorder[i];
    if (d.kinds[u] == k) out.push_back(u);
  }
  return out;
}

std::vector<node_id> Model::ancestors(node_id v) const {
  std::vector<node_id> out;
  for (node_id p = parent(v); p != no_node; p = parent(p)) out.push_back(p);
  return out;
}

node_id Model::ancestor_of_kind(node_id v, Kind k) const noexcept {
  for (node_id u = v; u != no_node; u = parent(u))
    if (kind(u) == k) return u;
  return no_node;
}

std::vector<node_id> Model::ancestor_of_kind(std::span<const node_id> vs, Kind k) const {
  std::vector<node_id> out(vs.size());
  const node_id n = size();
  for (std::size_t i = 0; i < vs.size(); ++i) {
    if (vs[i] < 0 || vs[i] >= n)
      throw InputError(messages::format("model.id_range",
                                        {{"id", std::to_string(vs[i])},
                                         {"i", std::to_string(i)},
                                         {"n", std::to_string(n)}}));
    out[i] = ancestor_of_kind(vs[i], k);
  }
  return out;
}

std::vector<std::int64_t> Model::count_descendants(Kind k) const {
  const auto& d = *data_;
  std::vector<std::int64_t> acc(d.kinds.size(), 0);
  // Reverse preorder visits every child before its parent.
  for (auto it = d.preorder.rbegin(); it != d.preorder.rend(); ++it) {
    node_id v = *it;
    if (d.kinds[v] == k) acc[v] += 1;
    if (node_id p = d.parent[v]; p != no_node) acc[p] += acc[v];
  }
  return acc;
}

std::vector<double> Model::subtree_sum(std::span<const double> values) const {
  const auto& d = *data_;
  if (values.size() != d.kinds.size())
    throw InputError(messages::format("model.subtree_sum_count",
                                      {{"values", std::to_string(values.size())},
                                       {"nodes", std::to_string(d.kinds.size())}}));
  std::vector<double> acc(values.begin(), values.end());
  for (auto& a : acc)
    if (std::isnan(a)) a = 0;
  for (auto it = d.preorder.rbegin(); it != d.preorder.rend(); ++it) {
    node_id v = *it;
    if (node_id p = d.parent[v]; p != no_node) acc[p] += acc[v];
  }
  return acc;
}

std::vector<double> Model::aggregate(Kind k, std::string_view column_name) const {
  auto vals = numeric(k, column_name);
  std::vector<double> per_node(static_cast<std::size_t>(size()), 0.0);
  auto [b, e] = kind_range(k);
  for (node_id v = b; v < e; ++v) per_node[v] = vals[v - b];
  return subtree_sum(per_node);
}

const Column* Model::column(Kind k, std::string_view name) const noexcept {
  for (const auto& c : columns(k))
    if (c.name == name) return &c;
  return nullptr;
}

std::vector<double> Model::numeric(Kind k, std::string_view name) const {
  const Column* c = column(k, name);
  if (!c)
    throw UnknownCodeError(messages::format("model.no_attribute",
                                            {{"kind", messages::kind(std::string(kind_name(k)))},
                                             {"name", std::string(name)}}));
  if (!c->is_numeric())
    throw InputError(messages::format("model.attribute_text",
                                      {{"name", std::string(name)},
                                       {"kind", messages::kind(std::string(kind_name(k)))}}));
  std::vector<double> out(c->size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = c->as_double(i);
  return out;
}

Value Model::value(node_id v, std::string_view name) const {
  const Kind k = kind(v);
  const Column* c = column(k, name);
  if (!c) return std::monostate{};
  return c->get(static_cast<std::size_t>(v - kind_range(k).first));
}

std::map<std::string, std::int64_t> Model::summary() const {
  std::map<std::string, std::int64_t> s;
  // A city's districts (county nodes) and streets; a county model has counties 1.
  s["counties"] = count(Kind::county);
  s["streets"] = count(Kind::street);
  s["communities"] = count(Kind::community);
  s["compounds"] = count(Kind::compound);
  s["buildings"] = count(Kind::building);
  s["units"] = count(Kind::unit);
  s["households"] = count(Kind::household);
  // Only valid counts are summed: a model frozen with Validate::defer may hold others, and lists
  // each as a bad_count finding. Counts are at most 2^53 each, so a sum past int64 needs more
  // than 1,023 households at the limit; it is an error, never a wrapped number.
  std::int64_t residents = 0;
  if (const Column* c = column(Kind::household, "residents"); c && c->is_numeric())
    for (std::size_t i = 0; i < c->size(); ++i)
      if (is_valid_count(*c, i) && add_overflows(residents, static_cast<std::int64_t>(c->as_double(i))))
        throw ValidationError("the residents of the model's households sum past 2^63 - 1; counts this large are "
                              "not real (household '" + std::string(code(kind_range(Kind::household).first +
                                                                        static_cast<node_id>(i))) + "')");
  s["residents"] = residents;
  s["residential_grids"] = count(Kind::grid, "residential");
  s["special_grids"] = count(Kind::grid, "special");
  s["fulltime_workers"] = count(Kind::worker, "fulltime");
  s["parttime_workers"] = count(Kind::worker, "parttime");
  s["party_groups"] = count(Kind::organisation, "party_group");
  s["stationed_units"] = count(Kind::organisation, "stationed_unit");
  s["departments"] = count(Kind::organisation, "department");
  s["governance_centres"] = count(Kind::organisation, "governance_centre");
  s["work_seats"] = count(Kind::organisation, "work_seat");
  s["places"] = count(Kind::place);
  return s;
}

ModelBuilder Model::edit() const { return ModelBuilder(*this); }

std::size_t Model::string_bytes() const noexcept {
  return data_->codes.memory_bytes() + data_->names.memory_bytes();
}

std::size_t Model::memory_bytes() const noexcept {
  const auto& d = *data_;
  auto vec = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  std::size_t b = vec(d.kinds) + vec(d.parent) + vec(d.subkind) + vec(d.x) + vec(d.y) +
                  vec(d.children.offsets) + vec(d.children.targets) + vec(d.preorder) +
                  vec(d.pre_index) + vec(d.subtree_end) + vec(d.by_code) + vec(d.links) + vec(d.zero_offsets) +
                  string_bytes();
  for (const auto& t : d.link_tables)
    b += vec(t.out.offsets) + vec(t.out.targets) + vec(t.out_weight) + vec(t.in.offsets) +
         vec(t.in.targets) + vec(t.in_weight);
  for (const auto& cols : d.columns)
    for (const auto& c : cols)
      b += vec(c.ints) + vec(c.floats) + vec(c.bools) + c.strings.memory_bytes() + vec(c.valid);
  return b;
}

// =============================================================================================
// ModelBuilder
// =============================================================================================

ModelBuilder::ModelBuilder(const Model& model) {
  const auto& d = model.data();
  const std::size_t n = d.kinds.size();
  kinds_ = d.kinds;
  codes_.reserve_more(n, d.codes.char_count());
  names_.reserve_more(n, d.names.char_count());
  parents_.reserve_more(n, d.codes.char_count());
  subkinds_.reserve_more(n, 0);
  index_stale_ = true;
  for (std::size_t v = 0; v < n; ++v) {
    codes_.push_back(d.codes[v]);
    names_.push_back(d.names[v]);
    parents_.push_back(d.parent[v] == no_node ? std::string_view{} : d.codes[static_cast<std::size_t>(d.parent[v])]);
    subkinds_.push_back(d.subkind_names[d.subkind[v]]);
  }
  x_ = d.x;
  y_ = d.y;
  removed_.assign(n, 0);
  live_ = n;
  for (const auto& l : d.links)
    links_.emplace_back(std::string(d.codes[static_cast<std::size_t>(l.source)]),
                        std::string(d.codes[static_cast<std::size_t>(l.target)]), l.type, l.weight);
  // A frozen model's kinds are contiguous id ranges: a row's rank in its kind is id - begin, and
  // the model's columns are the builder's as they are.
  rank_.resize(n);
  for (int k = 0; k < kind_count; ++k) {
    const auto begin = static_cast<std::size_t>(d.kind_begin[static_cast<std::size_t>(k)]);
    const auto end = static_cast<std::size_t>(d.kind_begin[static_cast<std::size_t>(k) + 1]);
    for (std::size_t v = begin; v < end; ++v) rank_[v] = static_cast<std::uint32_t>(v - begin);
    kind_rows_[static_cast<std::size_t>(k)] = static_cast<std::uint32_t>(end - begin);
    for (const auto& c : d.columns[static_cast<std::size_t>(k)]) columns_.emplace_back(static_cast<Kind>(k), c);
  }
  metadata_ = d.metadata;
}

std::size_t ModelBuilder::add(Kind kind, std::string_view code, std::string_view name,
                              std::string_view parent_code, std::string_view subkind) {
  if (code.empty()) throw ValidationError(messages::format("model.empty_code",
                                                           {{"kind", messages::kind(std::string(kind_name(kind)))}}));
  const std::size_t row = kinds_.size();
  ensure_index();
  auto [it, inserted] = index_.emplace(std::string(code), row);
  if (!inserted) {
    if (!removed_[it->second])
      throw ValidationError(messages::format("model.duplicate_code",
                                             {{"code", std::string(code)},
                                              {"kind", messages::kind(std::string(kind_name(kinds_[it->second])))}}));
    it->second = row;  // re-adding a removed code
  }
  kinds_.push_back(kind);
  codes_.push_back(code);
  names_.push_back(name);
  parents_.push_back(parent_code);
  subkinds_.push_back(subkind);
  rank_.push_back(kind_rows_[static_cast<std::size_t>(kind)]++);
  x_.push_back(std::numeric_limits<double>::quiet_NaN());
  y_.push_back(std::numeric_limits<double>::quiet_NaN());
  removed_.push_back(0);
  ++live_;
  return row;
}

void ModelBuilder::add_many(std::span<const Kind> kinds, std::vector<std::string> codes, std::vector<std::string> names,
                            std::vector<std::string> parents, std::vector<std::string> subkinds,
                            std::size_t first_row_label) {
  auto as_views = [](const std::vector<std::string>& v) { return std::vector<std::string_view>(v.begin(), v.end()); };
  add_many(kinds, as_views(codes), as_views(names), as_views(parents), as_views(subkinds), first_row_label);
}

void ModelBuilder::add_many(std::span<const Kind> kinds, std::span<const std::string_view> codes,
                            std::span<const std::string_view> names, std::span<const std::string_view> parents,
                            std::span<const std::string_view> subkinds, std::size_t first_row_label) {
  const std::size_t n = codes.size();
  if (kinds.size() != n || names.size() != n || parents.size() != n || (!subkinds.empty() && subkinds.size() != n))
    throw InputError(messages::format("model.add_many_lengths"));
  // Grow geometrically: an exact reserve on every call made adding in chunks quadratic.
  auto grow = [n](auto& v) {
    if (v.capacity() < v.size() + n) v.reserve(std::max(v.size() + n, 2 * v.capacity()));
  };
  auto chars = [](std::span<const std::string_view> values) {
    std::size_t total = 0;
    for (std::string_view s : values) total += s.size();
    return total;
  };
  grow(kinds_);
  grow(rank_);
  grow(x_);
  grow(y_);
  grow(removed_);
  codes_.reserve_more(n, chars(codes));
  names_.reserve_more(n, chars(names));
  parents_.reserve_more(n, chars(parents));
  subkinds_.reserve_more(n, chars(subkinds));
  std::vector<std::string> problems;
  std::size_t problem_count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (codes[i].empty()) {
      if (problems.size() < 20)
        problems.push_back(messages::format("model.row_empty_code", {{"row", std::to_string(first_row_label + i)}}));
      ++problem_count;
      continue;
    }
    kinds_.push_back(kinds[i]);
    codes_.push_back(codes[i]);
    names_.push_back(names[i]);
    parents_.push_back(parents[i]);
    subkinds_.push_back(subkinds.empty() ? std::string_view{} : subkinds[i]);
    rank_.push_back(kind_rows_[static_cast<std::size_t>(kinds[i])]++);
    x_.push_back(std::numeric_limits<double>::quiet_NaN());
    y_.push_back(std::numeric_limits<double>::quiet_NaN());
    removed_.push_back(0);
    ++live_;
  }
  index_stale_ = true;  // duplicates among these rows are found by freeze() or ensure_index()
  if (problem_count) {
    std::string msg = messages::format("model.rows_rejected", {{"count", std::to_string(problem_count)}});
    for (const auto& p : problems) msg += "\n  " + p;
    if (problem_count > problems.size())
      msg += "\n  " + messages::format("model.more", {{"count", std::to_string(problem_count - problems.size())}});
    throw ValidationError(msg);
  }
}

void ModelBuilder::ensure_index() const {
  if (!index_stale_) return;
  index_.clear();
  index_.reserve(kinds_.size());
  std::vector<std::string> duplicates;
  for (std::size_t r = 0; r < kinds_.size(); ++r) {
    if (removed_[r]) continue;
    auto [it, inserted] = index_.emplace(std::string(codes_[r]), r);
    if (!inserted && duplicates.size() < 20)
      duplicates.push_back(messages::format("model.rows_duplicate", {{"row", std::to_string(it->second)},
                                                                     {"row2", std::to_string(r)},
                                                                     {"code", codes_[r]}}));
  }
  if (!duplicates.empty()) {
    std::string msg = messages::format("model.codes_unique");
    for (const auto& d : duplicates) msg += "\n  " + d;
    throw ValidationError(msg);
  }
  index_stale_ = false;
}

bool ModelBuilder::contains(std::string_view code) const noexcept {
  try {
    ensure_index();
  } catch (const Error&) {
    return false;
  }
  auto it = index_.find(std::string(code));
  return it != index_.end() && !removed_[it->second];
}

std::size_t ModelBuilder::checked_row(std::string_view code) const {
  ensure_index();
  auto it = index_.find(std::string(code));
  if (it == index_.end() || removed_[it->second])
    throw UnknownCodeError(messages::format("model.unknown_code", {{"code", std::string(code)}}));
  return it->second;
}

std::size_t ModelBuilder::row(std::string_view code) const { return checked_row(code); }

void ModelBuilder::remove(std::string_view code, bool recursive) {
  const std::size_t r = checked_row(code);
  std::vector<std::size_t> doomed{r};
  // Children refer to parents by code: collect the subtree by scanning (edits are rare).
  std::unordered_set<std::string> doomed_codes{std::string(codes_[r])};
  bool grew = true;
  while (grew) {
    grew = false;
    for (std::size_t i = 0; i < kinds_.size(); ++i) {
      if (removed_[i] || doomed_codes.count(std::string(codes_[i])) || parents_[i].empty()) continue;
      if (doomed_codes.count(std::string(parents_[i]))) {
        if (!recursive)
          throw ValidationError(messages::format("model.remove_non_empty",
                                                 {{"code", std::string(code)}, {"child", std::string(codes_[i])}}));
        doomed_codes.insert(std::string(codes_[i]));
        doomed.push_back(i);
        grew = true;
      }
    }
  }
  for (std::size_t i : doomed) {
    removed_[i] = 1;
    --live_;
  }
  std::erase_if(links_, [&](const auto& l) {
    return doomed_codes.count(std::get<0>(l)) || doomed_codes.count(std::get<1>(l));
  });
}

void ModelBuilder::move(std::string_view code, std::string_view new_parent_code) {
  const std::size_t r = checked_row(code);
  if (!new_parent_code.empty()) (void)checked_row(new_parent_code);
  parents_.set(r, new_parent_code);
}

void ModelBuilder::rename(std::string_view code, std::string_view name) { names_.set(checked_row(code), name); }

void ModelBuilder::set_subkind(std::string_view code, std::string_view subkind) {
  subkinds_.set(checked_row(code), subkind);
}

void ModelBuilder::set_xy(std::string_view code, double x, double y) {
  const std::size_t r = checked_row(code);
  if (std::isinf(x) || std::isinf(y))
    throw InputError(messages::format("model.coordinates_finite", {{"code", std::string(code)}}));
  x_[r] = x;
  y_[r] = y;
}

void ModelBuilder::set_xy_rows(std::size_t first_row, std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size() || first_row + x.size() > kinds_.size())
    throw InputError(messages::format("model.set_xy_rows"));
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isinf(x[i]) || std::isinf(y[i]))
      throw InputError(messages::format("model.coordinates_finite", {{"code", std::string(codes_[first_row + i])}}));
    x_[first_row + i] = x[i];
    y_[first_row + i] = y[i];
  }
}

namespace {

void check_link(std::string_view source, std::string_view target, LinkType type, double weight) {
  if (source == target)
    throw ValidationError(messages::format("model.self_link",
                                           {{"link_type_name", std::string(link_type_name(type))},
                                            {"source", std::string(source)}}));
  if (type == LinkType::road && !(weight >= 0))
    throw ValidationError(messages::format("model.road_length",
                                           {{"source", std::string(source)},
                                            {"target", std::string(target)},
                                            {"weight", std::to_string(weight)}}));
}

}  // namespace

void ModelBuilder::link(std::string_view source, std::string_view target, LinkType type, double weight) {
  (void)checked_row(source);
  (void)checked_row(target);
  check_link(source, target, type, weight);
  links_.emplace_back(std::string(source), std::string(target), type, weight);
}

void ModelBuilder::link_many(LinkType type, std::vector<std::pair<std::string, std::string>> ends,
                             std::span<const double> weights) {
  if (!weights.empty() && weights.size() != ends.size())
    throw InputError(messages::format("model.link_many_weights",
                                      {{"weights", std::to_string(weights.size())},
                                       {"ends", std::to_string(ends.size())}}));
  const double none = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < ends.size(); ++i) check_link(ends[i].first, ends[i].second, type, weights.empty() ? none : weights[i]);
  links_.reserve(links_.size() + ends.size());
  for (std::size_t i = 0; i < ends.size(); ++i)
    links_.emplace_back(std::move(ends[i].first), std::move(ends[i].second), type, weights.empty() ? none : weights[i]);
}

std::size_t ModelBuilder::unlink(std::string_view source, std::string_view target, LinkType type) {
  return std::erase_if(links_, [&](const auto& l) {
    bool same = std::get<2>(l) == type && ((std::get<0>(l) == source && std::get<1>(l) == target) ||
                                           (is_symmetric(type) && std::get<0>(l) == target && std::get<1>(l) == source));
    return same;
  });
}

std::size_t ModelBuilder::unlink_all(std::string_view source, LinkType type) {
  return std::erase_if(links_, [&](const auto& l) { return std::get<2>(l) == type && std::get<0>(l) == source; });
}

Column& ModelBuilder::column_for(Kind kind, std::string_view name, ColumnType type) {
  for (auto& [k, c] : columns_)
    if (k == kind && c.name == name) {
      if (c.type != type && !(c.type == ColumnType::float64 && type == ColumnType::int64) &&
          !(c.type == ColumnType::int64 && type == ColumnType::boolean))
        throw InputError(messages::format("model.attribute_type",
                                          {{"name", std::string(name)},
                                           {"kind", messages::kind(std::string(kind_name(kind)))},
                                           {"held", std::string(column_type_name(c.type))},
                                           {"given", std::string(column_type_name(type))}}));
      return c;
    }
  Column c;
  c.name = std::string(name);
  c.type = type;
  columns_.emplace_back(kind, std::move(c));
  return columns_.back().second;
}

void ModelBuilder::set(std::string_view code, std::string_view column, const Value& value) {
  const std::size_t r = checked_row(code);
  static constexpr std::string_view reserved[] = {"code", "name", "kind", "subkind", "parent", "x", "y"};
  if (std::find(std::begin(reserved), std::end(reserved), column) != std::end(reserved))
    throw InputError(messages::format("model.core_field_setter", {{"column", std::string(column)}}));
  if (const double* d = std::get_if<double>(&value); d && std::isnan(*d) && is_count_column(column))
    throw ValidationError(messages::format("model.count_nan",
                                           {{"column", std::string(column)}, {"code", std::string(code)}}));
  const Kind kind = kinds_[r];
  const std::size_t rows = kind_rows_[static_cast<std::size_t>(kind)];
  if (std::holds_alternative<std::monostate>(value)) {
    for (auto& [k, c] : columns_)
      if (k == kind && c.name == column) {
        c.resize_absent(rows);
        c.set(rank_[r], value);
      }
    return;
  }
  Column& c = column_for(kind, column, value_type(value));
  c.resize_absent(rows);
  c.set(rank_[r], value);
}

void ModelBuilder::set_kind_column(Kind kind, Column column) {
  static constexpr std::string_view reserved[] = {"code", "name", "kind", "subkind", "parent", "x", "y"};
  if (std::find(std::begin(reserved), std::end(reserved), column.name) != std::end(reserved))
    throw InputError(messages::format("model.core_field", {{"name", column.name}}));
  const std::size_t rows = kind_rows_[static_cast<std::size_t>(kind)];
  if (column.size() != rows)
    throw InputError(messages::format("model.column_rows",
                                      {{"name", column.name},
                                       {"values", std::to_string(column.size())},
                                       {"rows", std::to_string(rows)},
                                       {"kind", messages::kind(std::string(kind_name(kind)))}}));
  Column& target = column_for(kind, column.name, column.type);
  if (target.type != column.type)
    throw InputError(messages::format("model.attribute_holds",
                                      {{"name", column.name},
                                       {"kind", messages::kind(std::string(kind_name(kind)))},
                                       {"held", std::string(column_type_name(target.type))}}));
  if (target.size() == 0) {
    target = std::move(column);
    return;
  }
  target.resize_absent(rows);
  for (std::size_t i = 0; i < rows; ++i)
    if (column.is_present(i)) target.set(i, column.get(i));
}

void ModelBuilder::set_column(std::size_t first_row, Column column) {
  const std::size_t count = column.size();
  if (first_row + count > kinds_.size())
    throw InputError(messages::format("model.column_too_long", {{"name", column.name}}));
  static constexpr std::string_view reserved[] = {"code", "name", "kind", "subkind", "parent", "x", "y"};
  if (std::find(std::begin(reserved), std::end(reserved), column.name) != std::end(reserved))
    throw InputError(messages::format("model.core_field", {{"name", column.name}}));
  // Per kind, the column holds a value per row of that kind (by rank), so a column of one kind
  // costs nothing for the rows of the others.
  std::array<bool, kind_count> seen{};
  std::array<std::size_t, kind_count> first_rank{};
  std::array<bool, kind_count> found{};
  for (std::size_t i = 0; i < count; ++i) {
    const auto k = static_cast<std::size_t>(kinds_[first_row + i]);
    if (!found[k]) {
      found[k] = true;
      first_rank[k] = rank_[first_row + i];
    }
    if (column.is_present(i)) seen[k] = true;
  }
  for (int k = 0; k < kind_count; ++k) {
    if (!seen[static_cast<std::size_t>(k)]) continue;
    const auto kind = static_cast<Kind>(k);
    Column& target = column_for(kind, column.name, column.type);
    if (target.type != column.type)
      throw InputError(messages::format("model.attribute_holds",
                                        {{"name", column.name},
                                         {"kind", messages::kind(std::string(kind_name(kind)))},
                                         {"held", std::string(column_type_name(target.type))}}));
    if (target.size() <= first_rank[static_cast<std::size_t>(k)]) {
      // The rows of this kind in the range have consecutive ranks: append them.
      target.resize_absent(first_rank[static_cast<std::size_t>(k)]);
      for (std::size_t i = 0; i < count; ++i)
        if (kinds_[first_row + i] == kind) target.push_from(column, i);
    } else {
      target.resize_absent(kind_rows_[static_cast<std::size_t>(k)]);
      for (std::size_t i = 0; i < count; ++i)
        if (kinds_[first_row + i] == kind) target.set(rank_[first_row + i], column.get(i));
    }
  }
}

Model ModelBuilder::freeze(Validate mode) const& {
  // Not modified: freeze_impl only releases storage when asked to consume the builder.
  return const_cast<ModelBuilder*>(this)->freeze_impl(mode, false);
}

Model ModelBuilder::freeze(Validate mode) && { return freeze_impl(mode, true); }

Model ModelBuilder::freeze_impl(Validate mode, bool consume) {
  // Consuming (an rvalue builder), each part of the builder is released once it has been read,
  // so the builder and the model do not both hold a county's millions of strings at the peak.
  auto release = [consume](auto& member) {
    if (consume) member = std::remove_reference_t<decltype(member)>();
  };
  struct EmptyAfterwards {  // a consumed builder is left empty, also when freeze throws
    ModelBuilder* builder;
    bool consume;
    ~EmptyAfterwards() {
      if (consume) *builder = ModelBuilder();
    }
  } empty_afterwards{this, consume};
  // Shares of the work as measured on a city of 4.2 million nodes and 0.33 million links:
  // copying the nodes about a third, resolving and sorting the links about 40 %.
  const std::function<void(double)> progress = freeze_progress_;
  auto report = [&progress](double share) {
    if (progress) progress(share);
  };
  std::vector<Finding> findings;
  std::shared_ptr<ModelData> data_holder;  // findings name nodes by id once d.codes exists
  auto finding = [&](std::string rule, node_id v, std::string detail) {
    const ModelData& built = *data_holder;
    findings.push_back({std::move(rule), "error", std::string(kind_name(built.kinds[static_cast<std::size_t>(v)])),
                        std::string(built.codes[static_cast<std::size_t>(v)]), std::move(detail)});
  };

  // Live rows, stably sorted by kind: that order gives the dense ids. A counting sort (one pass
  // to count each kind, one to place the rows) instead of a comparison sort of millions of rows.
  std::vector<std::size_t> rows;
  {
    std::array<std::size_t, kind_count + 1> next{};
    for (std::size_t i = 0; i < kinds_.size(); ++i) {
      if (static_cast<int>(kinds_[i]) >= kind_count) throw InputError(messages::format("model.row_kind",
                                                                                       {{"i", std::to_string(i)}}));
      if (!removed_[i]) ++next[static_cast<std::size_t>(kinds_[i]) + 1];
    }
    for (int k = 0; k < kind_count; ++k) next[static_cast<std::size_t>(k) + 1] += next[static_cast<std::size_t>(k)];
    rows.resize(next[kind_count]);
    for (std::size_t i = 0; i < kinds_.size(); ++i)
      if (!removed_[i]) rows[next[static_cast<std::size_t>(kinds_[i])]++] = i;
  }
  const std::size_t n = rows.size();
  if (n > static_cast<std::size_t>(std::numeric_limits<node_id>::max()))
    throw InputError("a model holds at most 2^31 - 1 nodes");

  auto data = std::make_shared<ModelData>();
  data_holder = data;
  auto& d = *data;
  d.kinds.resize(n);
  d.parent.assign(n, no_node);
  d.subkind.assign(n, 0);
  d.subkind_names = {""};
  d.x.resize(n);
  d.y.resize(n);
  std::size_t code_chars = 0, name_chars = 0;
  for (std::size_t r : rows) {
    code_chars += codes_[r].size();
    name_chars += names_[r].size();
  }
  d.codes.reserve(n, code_chars);
  d.names.reserve(n, name_chars);
  std::unordered_map<std::string_view, std::uint16_t> subkind_index;
  for (std::size_t v = 0; v < n; ++v) {
    if (v % (1u << 19) == (1u << 19) - 1) report(0.35 * static_cast<double>(v) / static_cast<double>(n));
    const std::size_t r = rows[v];
    d.kinds[v] = kinds_[r];
    d.codes.push_back(codes_[r]);
    d.names.push_back(names_[r]);
    d.x[v] = x_[r];
    d.y[v] = y_[r];
    if (!subkinds_[r].empty()) {
      auto [it, inserted] = subkind_index.emplace(subkinds_[r], static_cast<std::uint16_t>(d.subkind_names.size()));
      if (inserted) {
        if (d.subkind_names.size() >= 65535) throw InputError("more than 65,534 distinct subkinds");
        d.subkind_names.push_back(std::string(subkinds_[r]));
      }
      d.subkind[v] = it->second;
    }
  }
  subkind_index.clear();
  release(names_);
  release(subkinds_);
  release(x_);
  release(y_);
  for (int k = 0; k <= kind_count; ++k) {
    auto it = std::lower_bound(d.kinds.begin(), d.kinds.end(), k,
                               [](Kind a, int b) { return static_cast<int>(a) < b; });
    d.kind_begin[static_cast<std::size_t>(k)] = static_cast<node_id>(it - d.kinds.begin());
  }

  report(0.35);
  // One sort by code gives the model's code index, finds duplicates and serves every lookup
  // below by binary search (cheaper than hashing every code for a bulk build).
  d.by_code.resize(n);
  {
    // Tables usually arrive sorted by code (statistical lists are): then the builder order
    // already is the code order and no sort is needed.
    std::vector<std::size_t> live;
    live.reserve(n);
    for (std::size_t r = 0; r < kinds_.size(); ++r)
      if (!removed_[r]) live.push_back(r);
    const bool sorted = std::is_sorted(live.begin(), live.end(),
                                       [this](std::size_t a, std::size_t b) { return codes_[a] < codes_[b]; });
    if (sorted) {
      std::vector<node_id> id_of_row(kinds_.size(), no_node);
      for (std::size_t v = 0; v < n; ++v) id_of_row[rows[v]] = static_cast<node_id>(v);
      for (std::size_t i = 0; i < n; ++i) d.by_code[i] = id_of_row[live[i]];
    } else {
      std::iota(d.by_code.begin(), d.by_code.end(), 0);
      std::sort(d.by_code.begin(), d.by_code.end(), [&d](node_id a, node_id b) {
        return d.codes[static_cast<std::size_t>(a)] < d.codes[static_cast<std::size_t>(b)];
      });
    }
  }
  {
    std::vector<std::string> duplicates;
    std::size_t duplicate_count = 0;
    for (std::size_t i = 1; i < n; ++i) {
      const auto a = static_cast<std::size_t>(d.by_code[i - 1]), b = static_cast<std::size_t>(d.by_code[i]);
      if (d.codes[a] != d.codes[b]) continue;
      ++duplicate_count;
      if (duplicates.size() < 20)
        duplicates.push_back(messages::format("model.duplicate_rows", {{"code", d.codes[a]},
                                                                       {"row", std::to_string(rows[a])},
                                                                       {"row2", std::to_string(rows[b])}}));
    }
    if (duplicate_count) {
      std::string msg = messages::format("model.duplicates", {{"count", std::to_string(duplicate_count)}});
      for (const auto& dup : duplicates) msg += "\n  " + dup;
      if (duplicate_count > duplicates.size())
        msg += "\n  " + messages::format("model.more", {{"count", std::to_string(duplicate_count - duplicates.size())}});
      throw ValidationError(msg);
    }
  }
  report(0.40);
  release(codes_);  // from here on nodes are named by d.codes
  auto find_id = [&d](std::string_view code) -> node_id {
    auto it = std::lower_bound(d.by_code.begin(), d.by_code.end(), code,
                               [&d](node_id v, std::string_view key) { return d.codes[static_cast<std::size_t>(v)] < key; });
    return (it != d.by_code.end() && d.codes[static_cast<std::size_t>(*it)] == code) ? *it : no_node;
  };

  // Parents: unknown codes and impossible kinds. Siblings usually arrive together (a building's
  // households), so the last lookup is tried first.
  std::string_view last_parent;
  node_id last_parent_id = no_node;
  for (std::size_t v = 0; v < n; ++v) {
    const std::size_t r = rows[v];
    if (parents_[r].empty()) continue;
    if (parents_[r] != last_parent || last_parent_id == no_node) {
      last_parent = parents_[r];
      last_parent_id = find_id(last_parent);
    }
    const node_id p = last_parent_id;
    if (p == no_node) {
      finding("unknown_parent", static_cast<node_id>(v),
              messages::format("model.unknown_parent", {{"row", std::to_string(r)}, {"parent", parents_[r]}}));
      continue;
    }
    if (!parent_kind_allowed(d.kinds[v], d.kinds[p])) {
      finding("parent_kind", static_cast<node_id>(v),
              messages::format("model.parent_kind", {{"kind", messages::kind(kind_name(d.kinds[v]))},
                                                     {"parent_kind", messages::kind(kind_name(d.kinds[p]))},
                                                     {"parent", parents_[r]}}));
      if (mode == Validate::raise) continue;
    }
    d.parent[v] = p;
  }

  report(0.48);
  release(parents_);

  // Cycles: walk up from every node with colours (0 new, 1 on the current path, 2 done).
  {
    std::vector<std::uint8_t> colour(n, 0);
    std::vector<node_id> path;
    for (std::size_t s = 0; s < n; ++s) {
      if (colour[s]) continue;
      path.clear();
      node_id u = static_cast<node_id>(s);
      while (u != no_node && colour[u] == 0) {
        colour[u] = 1;
        path.push_back(u);
        u = d.parent[u];
      }
      if (u != no_node && colour[u] == 1) {
        // u is on the current path: the cycle is path[pos(u)..]. Break it at u.
        std::string members;
        auto start = std::find(path.begin(), path.end(), u);
        for (auto it = start; it != path.end() && members.size() < 300; ++it)
          members += (members.empty() ? "" : " -> ") + std::string(d.codes[static_cast<std::size_t>(*it)]) +
                     messages::format("model.cycle_row", {{"row", std::to_string(rows[static_cast<std::size_t>(*it)])}});
        finding("cycle", u,
                messages::format("model.cycle", {{"members", members}, {"code", d.codes[static_cast<std::size_t>(u)]}}));
        d.parent[u] = no_node;
      }
      for (node_id w : path) colour[w] = 2;
    }
  }

  report(0.51);
  // Children CSR (sorted by id because we fill in id order).
  {
    std::vector<edge_id> deg(n + 1, 0);
    for (std::size_t v = 0; v < n; ++v)
      if (d.parent[v] != no_node) ++deg[static_cast<std::size_t>(d.parent[v]) + 1];
    for (std::size_t i = 1; i <= n; ++i) deg[i] += deg[i - 1];
    d.children.targets.resize(static_cast<std::size_t>(deg[n]));
    std::vector<edge_id> fill(deg.begin(), deg.end() - 1);
    d.children.offsets = std::move(deg);
    for (std::size_t v = 0; v < n; ++v)
      if (node_id p = d.parent[v]; p != no_node) d.children.targets[static_cast<std::size_t>(fill[p]++)] = static_cast<node_id>(v);
  }

  // Preorder of the containment forest (roots in id order), iterative.
  {
    d.preorder.reserve(n);
    d.pre_index.assign(n, 0);
    d.subtree_end.assign(n, 0);
    std::vector<std::pair<node_id, edge_id>> stack;
    for (std::size_t root = 0; root < n; ++root) {
      if (d.parent[root] != no_node) continue;
      stack.emplace_back(static_cast<node_id>(root), d.children.offsets[root]);
      d.pre_index[root] = static_cast<node_id>(d.preorder.size());
      d.preorder.push_back(static_cast<node_id>(root));
      while (!stack.empty()) {
        auto& [v, next] = stack.back();
        if (next < d.children.offsets[static_cast<std::size_t>(v) + 1]) {
          node_id c = d.children.targets[static_cast<std::size_t>(next++)];
          d.pre_index[c] = static_cast<node_id>(d.preorder.size());
          d.preorder.push_back(c);
          stack.emplace_back(c, d.children.offsets[c]);
        } else {
          d.subtree_end[v] = static_cast<node_id>(d.preorder.size());
          stack.pop_back();
        }
      }
    }
  }

  report(0.55);
  // Codes must extend the code of the nearest administrative ancestor.
  for (std::size_t v = 0; v < n; ++v) {
    node_id a = d.parent[v];
    while (a != no_node && !is_administrative(d.kinds[a])) a = d.parent[a];
    if (a == no_node) continue;
    std::string_view prefix = code_prefix(d.kinds[a], d.codes[static_cast<std::size_t>(a)]);
    std::string_view c = d.codes[v];
    if (c.size() <= prefix.size() || c.substr(0, prefix.size()) != prefix) {
      // A 12-digit administrative code may equal its ancestor's digits only beyond the prefix.
      if (!(is_administrative(d.kinds[v]) && c.size() == 12 && c.substr(0, prefix.size()) == prefix))
        finding("code_prefix", static_cast<node_id>(v),
                messages::format("model.code_prefix", {{"code", c},
                                                       {"prefix", prefix},
                                                       {"kind", messages::kind(kind_name(d.kinds[a]))},
                                                       {"owner", d.codes[static_cast<std::size_t>(a)]}}));
    }
  }

  report(0.60);
  // Attributes: split the builder's columns by kind, keep a column for a kind when any node of
  // that kind has a value, and check counts.
  for (auto& [kind, bc] : columns_) {
    const auto k = static_cast<std::size_t>(kind);
    const node_id b = d.kind_begin[k], e = d.kind_begin[k + 1];
    if (b == e) continue;
    bool any = false;
    for (node_id v = b; v < e && !any; ++v) {
      const std::size_t rank = rank_[rows[static_cast<std::size_t>(v)]];
      any = rank < bc.size() && bc.is_present(rank);
    }
    if (!any) continue;
    Column c;
    if (consume && kind_rows_[k] == static_cast<std::uint32_t>(e - b)) {
      // No node of this kind was removed: ranks run 0, 1, ... in id order, the column as it is.
      c = std::move(bc);
      c.resize_absent(static_cast<std::size_t>(e - b));
      if (std::all_of(c.valid.begin(), c.valid.end(), [](std::uint8_t ok) { return ok != 0; }))
        c.valid.clear();  // every value present: no mask, as a copied column has none
    } else {
      c.name = bc.name;
      c.type = bc.type;
      for (node_id v = b; v < e; ++v) {
        const std::size_t rank = rank_[rows[static_cast<std::size_t>(v)]];
        if (rank < bc.size()) c.push_from(bc, rank);
        else c.push_absent();
      }
    }
    if (is_count_column(c.name) && c.is_numeric()) {
      for (std::size_t i = 0; i < c.size(); ++i) {
        if (!c.is_present(i) || is_valid_count(c, i)) continue;
        const std::string val = c.type == ColumnType::int64 ? std::to_string(c.ints[i]) : std::to_string(c.floats[i]);
        finding("bad_count", b + static_cast<node_id>(i),
                messages::format("model.bad_count", {{"column", c.name}, {"value", val}}));
      }
    }
    d.columns[k].push_back(std::move(c));
  }

  report(0.62);
  // Links: resolve codes, check endpoints, merge exact repeats, reject conflicting repeats.
  {
    d.links.reserve(links_.size());
    for (const auto& [s, t, type, w] : links_) {
      node_id a = find_id(s), b = find_id(t);
      if (a == no_node || b == no_node) {
        findings.push_back({"unknown_link_end", "error", "link", s, std::string(link_type_name(type)) + " link '" + s +
                                                                     "' -> '" + t + "' names a missing node"});
        continue;
      }
      if (is_symmetric(type) && b < a) std::swap(a, b);
      d.links.push_back({a, b, type, w});
    }
    report(0.85);
    release(links_);
    std::sort(d.links.begin(), d.links.end(), [](const Link& l, const Link& r) {
      return std::tie(l.type, l.source, l.target) < std::tie(r.type, r.source, r.target);
    });
    std::vector<Link> unique;
    unique.reserve(d.links.size());
    for (const auto& l : d.links) {
      if (!unique.empty() && unique.back().type == l.type && unique.back().source == l.source && unique.back().target == l.target) {
        const double w0 = unique.back().weight, w1 = l.weight;
        if (!(w0 == w1 || (std::isnan(w0) && std::isnan(w1))))
          finding("conflicting_link", l.source,
                  messages::format("model.conflicting_link", {{"type", link_type_name(l.type)},
                                                              {"target", d.codes[static_cast<std::size_t>(l.target)]}}));
        continue;
      }
      unique.push_back(l);
    }
    d.links = std::move(unique);
    // Per-type CSR tables; symmetric types get both directions in `out`; unused types stay empty.
    d.zero_offsets.assign(n + 1, 0);
    std::array<bool, link_type_count> used{};
    for (const auto& l : d.links) used[static_cast<std::size_t>(l.type)] = true;
    for (int t = 0; t < link_type_count; ++t) {
      report(0.85 + 0.15 * t / link_type_count);
      const auto type = static_cast<LinkType>(t);
      LinkTable& table = d.link_tables[static_cast<std::size_t>(t)];
      if (!used[static_cast<std::size_t>(t)]) {
        table = LinkTable{};
        table.out.offsets.clear();
        table.in.offsets.clear();
        continue;
      }
      std::vector<edge_id> out_deg(n + 1, 0), in_deg(n + 1, 0);
      for (const auto& l : d.links) {
        if (l.type != type) continue;
        ++out_deg[static_cast<std::size_t>(l.source) + 1];
        if (is_symmetric(type)) ++out_deg[static_cast<std::size_t>(l.target) + 1];
        else ++in_deg[static_cast<std::size_t>(l.target) + 1];
      }
      for (std::size_t i = 1; i <= n; ++i) {
        out_deg[i] += out_deg[i - 1];
        in_deg[i] += in_deg[i - 1];
      }
      if (is_symmetric(type)) in_deg.clear();
      table.out.targets.resize(static_cast<std::size_t>(out_deg[n]));
      table.out_weight.resize(static_cast<std::size_t>(out_deg[n]));
      const auto in_arcs = in_deg.empty() ? std::size_t{0} : static_cast<std::size_t>(in_deg[n]);
      table.in.targets.resize(in_arcs);
      table.in_weight.resize(in_arcs);
      std::vector<edge_id> of(out_deg.begin(), out_deg.end() - 1), inf;
      if (!in_deg.empty()) inf.assign(in_deg.begin(), in_deg.end() - 1);
      table.out.offsets = std::move(out_deg);
      table.in.offsets = std::move(in_deg);
      for (const auto& l : d.links) {
        if (l.type != type) continue;
        auto put = [&](node_id from, node_id to, CsrGraph& g, std::vector<double>& w, std::vector<edge_id>& fill) {
          const auto pos = static_cast<std::size_t>(fill[from]++);
          g.targets[pos] = to;
          w[pos] = l.weight;
        };
        put(l.source, l.target, table.out, table.out_weight, of);
        if (is_symmetric(type)) put(l.target, l.source, table.out, table.out_weight, of);
        else put(l.target, l.source, table.in, table.in_weight, inf);
      }
      // Sort every neighbour list (with its weights) for binary search and determinism.
      auto sort_lists = [n](CsrGraph& g, std::vector<double>& w) {
        if (g.offsets.size() != n + 1) return;
        std::vector<std::pair<node_id, double>> tmp;
        for (std::size_t v = 0; v < n; ++v) {
          const auto b = static_cast<std::size_t>(g.offsets[v]), e = static_cast<std::size_t>(g.offsets[v + 1]);
          if (e - b < 2) continue;
          tmp.clear();
          for (std::size_t i = b; i < e; ++i) tmp.emplace_back(g.targets[i], w[i]);
          std::sort(tmp.begin(), tmp.end(), [](const auto& a, const auto& c) { return a.first < c.first; });
          for (std::size_t i = b; i < e; ++i) {
            g.targets[i] = tmp[i - b].first;
            w[i] = tmp[i - b].second;
          }
        }
      };
      sort_lists(table.out, table.out_weight);
      sort_lists(table.in, table.in_weight);
    }
    // A grid claiming a building that sits in another grid: the building is in two grids.
    for (const auto& l : d.links) {
      if (l.type != LinkType::claims) continue;
      node_id home = l.target;
      while (home != no_node && d.kinds[home] != Kind::grid) home = d.parent[home];
      if (home != l.source)
        finding("two_grids", l.target,
                messages::format("model.two_grids",
                                 {{"grid", home == no_node ? messages::format("model.no_grid")
                                                           : std::string(d.codes[static_cast<std::size_t>(home)])},
                                  {"claimed", d.codes[static_cast<std::size_t>(l.source)]}}));
    }
  }

  report(1.00);
  d.metadata = metadata_;

  if (!findings.empty() && mode == Validate::raise) {
    std::ostringstream msg;
    msg << messages::format("model.breaks_rules", {{"count", std::to_string(findings.size())}});
    append_findings(msg, findings);
    throw ValidationError(msg.str());
  }
  d.findings = std::move(findings);
  return Model(std::move(data));
}

}  // namespace gridgov
