// The grid model: typed nodes over dense ids, containment, cross links, attributes.
//
// A Model is immutable and cheap to copy (it shares its storage). Node ids are sorted by kind
// (in the order of `Kind`), then by the order in which the builder received them, so every kind
// is one contiguous id range and an attribute row is `id - kind_range(kind).first`.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <limits>
#include <utility>
#include <vector>

#include "gridgov/core/csr.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/ids.hpp"
#include "gridgov/model/columns.hpp"
#include "gridgov/model/kinds.hpp"

namespace gridgov {

class ModelBuilder;

/// One finding of validation or audit: which rule, how bad, which record, and what is wrong.
struct Finding {
  std::string rule;
  std::string severity;  ///< "error" or "warning"
  std::string kind;      ///< kind of the offending record
  std::string code;      ///< code of the offending record
  std::string detail;
};

/// One cross link in the flat form used by builders and files.
struct Link {
  node_id source = no_node;
  node_id target = no_node;
  LinkType type = LinkType::member;
  double weight = std::numeric_limits<double>::quiet_NaN();
};

/// Links of one type as two CSR adjacencies (out and in) with a weight per arc. A type without
/// links keeps empty arrays (Model::link_view then serves shared zero offsets), so the eight
/// link types cost nothing on a model that uses few of them.
struct LinkTable {
  CsrGraph out;
  std::vector<double> out_weight;
  CsrGraph in;
  std::vector<double> in_weight;
};

/// The shared, immutable storage of a Model.
struct ModelData {
  std::vector<Kind> kinds;
  std::array<node_id, kind_count + 1> kind_begin{};
  std::vector<node_id> parent;
  StringPool codes;
  StringPool names;
  std::vector<std::uint16_t> subkind;      ///< index into subkind_names (0 = none)
  std::vector<std::string> subkind_names;  ///< [0] is ""
  std::vector<double> x, y;                ///< metres in the model's local frame; NaN = unknown
  CsrGraph children;                       ///< sorted by id, hence grouped by kind
  std::vector<node_id> preorder;           ///< depth-first order of the containment forest
  std::vector<node_id> pre_index;          ///< position of each node in preorder
  std::vector<node_id> subtree_end;        ///< one past the last preorder position of a subtree
  std::vector<node_id> by_code;            ///< ids sorted by code (binary search)
  std::vector<Link> links;                 ///< every link as given, sorted (type, source, target)
  std::array<LinkTable, link_type_count> link_tables;
  std::vector<edge_id> zero_offsets;  ///< n + 1 zeros: the offsets of every empty link table
  std::array<std::vector<Column>, kind_count> columns;
  std::map<std::string, std::string> metadata;
  std::vector<Finding> findings;  ///< violations kept by freeze(Validate::defer)
};

/// How `ModelBuilder::freeze` treats a violated rule.
enum class Validate : std::uint8_t {
  raise,  ///< throw a ValidationError naming every violation
  defer,  ///< build anyway and keep the violations in Model::findings() for the audit
};

class Model {
 public:
  Model();
  explicit Model(std::shared_ptr<const ModelData> data) : data_(std::move(data)) {}

  // ---- size and kinds ------------------------------------------------------------------------
  [[nodiscard]] node_id size() const noexcept { return static_cast<node_id>(data_->kinds.size()); }
  [[nodiscard]] Kind kind(node_id v) const noexcept { return data_->kinds[v]; }
  [[nodiscard]] std::span<const Kind> kinds() const noexcept { return data_->kinds; }
  /// The contiguous id range [first, second) of one kind.
  [[nodiscard]] std::pair<node_id, node_id> kind_range(Kind k) const noexcept {
    const auto i = static_cast<std::size_t>(k);
    return {data_->kind_begin[i], data_->kind_begin[i + 1]};
  }
  [[nodiscard]] node_id count(Kind k) const noexcept {
    auto [b, e] = kind_range(k);
    return e - b;
  }
  /// Nodes of a kind whose subkind equals `subkind`.
  [[nodiscard]] std::vector<node_id> nodes(Kind k, std::string_view subkind = {}) const;
  [[nodiscard]] node_id count(Kind k, std::string_view subkind) const;

  // ---- identity ------------------------------------------------------------------------------
  [[nodiscard]] std::string_view code(node_id v) const noexcept { return data_->codes[static_cast<std::size_t>(v)]; }
  [[nodiscard]] std::string_view name(node_id v) const noexcept { return data_->names[static_cast<std::size_t>(v)]; }
  [[nodiscard]] std::string_view subkind(node_id v) const noexcept {
    return data_->subkind_names[data_->subkind[static_cast<std::size_t>(v)]];
  }
  [[nodiscard]] std::span<const std::uint16_t> subkind_ids() const noexcept { return data_->subkind; }
  [[nodiscard]] const std::vector<std::string>& subkind_names() const noexcept { return data_->subkind_names; }
  /// The id of a code, or no_node.
  [[nodiscard]] node_id find(std::string_view code) const noexcept;
  /// The id of a code; throws UnknownCodeError naming the code.
  [[nodiscard]] node_id id(std::string_view code) const;
  [[nodiscard]] std::vector<node_id> ids(std::span<const std::string> codes) const;

  // ---- location ------------------------------------------------------------------------------
  [[nodiscard]] std::span<const double> x() const noexcept { return data_->x; }
  [[nodiscard]] std::span<const double> y() const noexcept { return data_->y; }

  // ---- containment ---------------------------------------------------------------------------
  [[nodiscard]] node_id parent(node_id v) const noexcept { return data_->parent[v]; }
  [[nodiscard]] std::span<const node_id> parents() const noexcept { return data_->parent; }
  [[nodiscard]] std::span<const node_id> children(node_id v) const noexcept {
    return data_->children.view().neighbours(v);
  }
  /// Children of one kind (a sub-span: children are sorted by id, so grouped by kind).
  [[nodiscard]] std::span<const node_id> children(node_id v, Kind k) const noexcept;
  [[nodiscard]] std::vector<node_id> descendants(node_id v) const;
  [[nodiscard]] std::vector<node_id> descendants(node_id v, Kind k) const;
  /// Ancestors, nearest first, up to the root.
  [[nodiscard]] std::vector<node_id> ancestors(node_id v) const;
  /// The nearest ancestor of a kind (or v itself when it has that kind), or no_node.
  [[nodiscard]] node_id ancestor_of_kind(node_id v, Kind k) const noexcept;
  /// Vectorised ancestor_of_kind.
  [[nodiscard]] std::vector<node_id> ancestor_of_kind(std::span<const node_id> vs, Kind k) const;
  [[nodiscard]] bool is_ancestor(node_id ancestor, node_id v) const noexcept {
    const auto& d = *data_;
    return d.pre_index[ancestor] <= d.pre_index[v] && d.pre_index[v] < d.subtree_end[ancestor];
  }
  [[nodiscard]] std::span<const node_id> preorder() const noexcept { return data_->preorder; }
  [[nodiscard]] std::span<const node_id> pre_index() const noexcept { return data_->pre_index; }
  [[nodiscard]] std::span<const node_id> subtree_end() const noexcept { return data_->subtree_end; }
  /// For every node, the number of descendants (and itself) of kind k. One pass over all nodes.
  [[nodiscard]] std::vector<std::int64_t> count_descendants(Kind k) const;
  /// For every node, the sum over its subtree (itself included) of `values` (one per node; NaN
  /// counts as 0). One pass over all nodes.
  [[nodiscard]] std::vector<double> subtree_sum(std::span<const double> values) const;
  /// For every node, the sum of a numeric attribute of kind k over its subtree.
  [[nodiscard]] std::vector<double> aggregate(Kind k, std::string_view column) const;

  // ---- links ---------------------------------------------------------------------------------
  [[nodiscard]] const LinkTable& links(LinkType t) const noexcept {
    return data_->link_tables[static_cast<std::size_t>(t)];
  }
  /// Links of one type as CSR over all node ids (outgoing, or incoming; symmetric types are
  /// stored both ways in the outgoing table, so their incoming view equals the outgoing one).
  [[nodiscard]] CsrView link_view(LinkType t, bool incoming = false) const noexcept {
    const LinkTable& table = links(t);
    const CsrGraph& g = (incoming && !is_symmetric(t)) ? table.in : table.out;
    if (g.offsets.size() == data_->kinds.size() + 1) return g.view();
    return {data_->zero_offsets, {}};
  }
  /// Weights parallel to link_view(t, incoming).targets.
  [[nodiscard]] std::span<const double> link_weights(LinkType t, bool incoming = false) const noexcept {
    const LinkTable& table = links(t);
    return (incoming && !is_symmetric(t)) ? std::span<const double>(table.in_weight) : std::span<const double>(table.out_weight);
  }
  [[nodiscard]] std::span<const node_id> linked(node_id v, LinkType t) const noexcept {
    return link_view(t).neighbours(v);
  }
  [[nodiscard]] std::span<const node_id> linked_from(node_id v, LinkType t) const noexcept {
    return link_view(t, true).neighbours(v);
  }
  [[nodiscard]] std::span<const Link> all_links() const noexcept { return data_->links; }
  /// Spatial adjacency (building <-> building and any other adjacent links) as CSR.
  [[nodiscard]] CsrView adjacency() const noexcept { return link_view(LinkType::adjacent); }

  // ---- attributes ----------------------------------------------------------------------------
  [[nodiscard]] const std::vector<Column>& columns(Kind k) const noexcept {
    return data_->columns[static_cast<std::size_t>(k)];
  }
  /// A column of a kind, or nullptr.
  [[nodiscard]] const Column* column(Kind k, std::string_view name) const noexcept;
  /// A numeric attribute of kind k as doubles, one per node of that kind (NaN where absent).
  /// Throws UnknownCodeError when the kind has no such column (or it holds text).
  [[nodiscard]] std::vector<double> numeric(Kind k, std::string_view column) const;
  /// One attribute value of a node.
  [[nodiscard]] Value value(node_id v, std::string_view column) const;

  // ---- whole model ---------------------------------------------------------------------------
  [[nodiscard]] const std::map<std::string, std::string>& metadata() const noexcept { return data_->metadata; }
  [[nodiscard]] const std::vector<Finding>& findings() const noexcept { return data_->findings; }
  /// The headline counts (see README): counties (a city's districts), streets, communities,
  /// compounds, buildings, units, households, residents, residential_grids, special_grids,
  /// fulltime_workers, parttime_workers, party_groups, stationed_units, departments,
  /// governance_centres, work_seats, places.
  [[nodiscard]] std::map<std::string, std::int64_t> summary() const;
  /// A builder holding a copy of this model, for edits.
  [[nodiscard]] ModelBuilder edit() const;
  /// Bytes held by the model's arrays (strings included).
  [[nodiscard]] std::size_t memory_bytes() const noexcept;
  /// Bytes held by the code and name strings alone.
  [[nodiscard]] std::size_t string_bytes() const noexcept;
  [[nodiscard]] const ModelData& data() const noexcept { return *data_; }
  [[nodiscard]] std::shared_ptr<const ModelData> shared_data() const noexcept { return data_; }

 private:
  std::shared_ptr<const ModelData> data_;
};

/// The strings of a builder's rows (codes, names, parents, subkinds) in one character buffer:
/// 12 bytes a row besides the characters, instead of a std::string (32 bytes and, beyond 15
/// characters, a heap block) — a county's millions of household rows fit in half the memory.
/// Replacing a row's string appends the new one (edits are rare; the old characters stay).
class RowStrings {
 public:
  [[nodiscard]] std::size_t size() const noexcept { return length_.size(); }
  [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept {
    return {chars_.data() + start_[i], length_[i]};
  }
  void push_back(std::string_view s) {
    if (s.size() > std::numeric_limits<std::uint32_t>::max()) throw InputError("a string of more than 4 GB");
    start_.push_back(chars_.size());
    length_.push_back(static_cast<std::uint32_t>(s.size()));
    chars_.insert(chars_.end(), s.begin(), s.end());
  }
  void set(std::size_t i, std::string_view s) {
    if (s.size() > std::numeric_limits<std::uint32_t>::max()) throw InputError("a string of more than 4 GB");
    if (s.size() <= length_[i]) {  // fits in place
      std::copy(s.begin(), s.end(), chars_.begin() + static_cast<std::ptrdiff_t>(start_[i]));
    } else {
      start_[i] = chars_.size();
      chars_.insert(chars_.end(), s.begin(), s.end());
    }
    length_[i] = static_cast<std::uint32_t>(s.size());
  }
  /// Room for `rows` more rows of about `chars` characters in all, growing geometrically.
  void reserve_more(std::size_t rows, std::size_t chars) {
    auto grow = [](auto& v, std::size_t more) {
      if (v.capacity() < v.size() + more) v.reserve(std::max(v.size() + more, 2 * v.capacity()));
    };
    grow(start_, rows);
    grow(length_, rows);
    grow(chars_, chars);
  }
  [[nodiscard]] std::size_t char_count() const noexcept { return chars_.size(); }

 private:
  std::vector<char> chars_;
  std::vector<std::uint64_t> start_;
  std::vector<std::uint32_t> length_;
};

/// Collects nodes, links and attributes, then freezes them into a Model. Nodes refer to their
/// parent by code, so they may arrive in any order.
class ModelBuilder {
 public:
  ModelBuilder() = default;
  explicit ModelBuilder(const Model& model);

  /// Adds a node; returns its builder row. Throws ValidationError on a duplicate code.
  std::size_t add(Kind kind, std::string_view code, std::string_view name,
                  std::string_view parent_code = {}, std::string_view subkind = {});
  /// Adds many nodes at once; every duplicate code is reported together (row numbers counted
  /// from `first_row_label`).
  void add_many(std::span<const Kind> kinds, std::vector<std::string> codes, std::vector<std::string> names,
                std::vector<std::string> parents, std::vector<std::string> subkinds,
                std::size_t first_row_label = 0);
  /// The same from views (copied into the builder): a caller that builds millions of codes in
  /// a buffer need not make a std::string of each. `subkinds` may be empty (none).
  void add_many(std::span<const Kind> kinds, std::span<const std::string_view> codes,
                std::span<const std::string_view> names, std::span<const std::string_view> parents,
                std::span<const std::string_view> subkinds, std::size_t first_row_label = 0);
  [[nodiscard]] bool contains(std::string_view code) const noexcept;
  [[nodiscard]] std::size_t row(std::string_view code) const;  ///< throws UnknownCodeError
  [[nodiscard]] std::size_t size() const noexcept { return kinds_.size(); }
  [[nodiscard]] std::size_t live_count() const noexcept { return live_; }

  /// Removes a node. A node with children is removed only with `recursive`, taking its subtree
  /// with it; links touching removed nodes go too.
  void remove(std::string_view code, bool recursive = false);
  /// Gives a node a new parent.
  void move(std::string_view code, std::string_view new_parent_code);
  void rename(std::string_view code, std::string_view name);
  void set_subkind(std::string_view code, std::string_view subkind);
  void set_xy(std::string_view code, double x, double y);
  /// Sets coordinates of builder rows [first_row, first_row + x.size()).
  void set_xy_rows(std::size_t first_row, std::span<const double> x, std::span<const double> y);
  void link(std::string_view source, std::string_view target, LinkType type,
            double weight = std::numeric_limits<double>::quiet_NaN());
  /// Adds many links of one type by the codes of their ends (weights parallel, or empty for
  /// none). Unlike link(), the ends are not looked up now: an unknown end is found by freeze()
  /// (a ValidationError, or a finding with Validate::defer). The bulk path for importers, which
  /// needs no code index over the builder's nodes.
  void link_many(LinkType type, std::vector<std::pair<std::string, std::string>> ends, std::span<const double> weights = {});
  /// Removes every link of a type between two nodes; returns how many went.
  std::size_t unlink(std::string_view source, std::string_view target, LinkType type);
  /// Removes every link of a type that starts at `source`; returns how many went.
  std::size_t unlink_all(std::string_view source, LinkType type);

  /// Sets one attribute. The column is created with the value's type on first use.
  void set(std::string_view code, std::string_view column, const Value& value);
  /// Sets a whole column of one kind: a value for every row of that kind added so far, in the
  /// order they were added (no room taken for rows of other kinds: the bulk path of importers).
  void set_kind_column(Kind kind, Column column);
  /// Rows of a kind added so far (removed ones included).
  [[nodiscard]] std::size_t kind_rows(Kind kind) const noexcept { return kind_rows_[static_cast<std::size_t>(kind)]; }
  /// Sets a whole column over builder rows [first_row, first_row + values.size()).
  void set_column(std::size_t first_row, Column column);
  void set_metadata(std::string key, std::string value) { metadata_[std::move(key)] = std::move(value); }

  [[nodiscard]] Kind kind(std::size_t row) const noexcept { return kinds_[row]; }
  [[nodiscard]] std::string_view code(std::size_t row) const noexcept { return codes_[row]; }
  [[nodiscard]] std::string_view parent_code(std::size_t row) const noexcept { return parents_[row]; }

  /// Called by freeze() after each of its passes with the share of its work done (0 to 1): a
  /// freeze of millions of nodes takes a second or more, and an importer's progress shows it.
  void on_freeze_progress(std::function<void(double)> report) { freeze_progress_ = std::move(report); }

  /// Checks every rule and builds the Model. With Validate::raise any violation throws one
  /// ValidationError listing them all (up to 20, then a count); with Validate::defer the model
  /// is built as far as possible (an unknown parent or a cycle leaves the node at the root) and
  /// the violations are kept in Model::findings().
  [[nodiscard]] Model freeze(Validate mode = Validate::raise) const&;
  /// The same, consuming the builder (std::move(builder).freeze()): its storage is released as
  /// freeze reads it, which lowers the peak memory of a large build; the builder is left empty.
  [[nodiscard]] Model freeze(Validate mode = Validate::raise) &&;

 private:
  std::size_t checked_row(std::string_view code) const;
  Model freeze_impl(Validate mode, bool consume);
  Column& column_for(Kind kind, std::string_view name, ColumnType type);

  std::vector<Kind> kinds_;
  RowStrings codes_, names_, parents_, subkinds_;
  std::vector<double> x_, y_;
  std::vector<std::uint8_t> removed_;
  std::size_t live_ = 0;
  /// code -> row of live nodes. Bulk adds (add_many) leave it stale and freeze() does without
  /// it (one sort by code serves duplicate detection, parent lookup and the model's code index);
  /// single-node edits rebuild it on first use.
  mutable std::unordered_map<std::string, std::size_t> index_;
  mutable bool index_stale_ = false;
  void ensure_index() const;
  std::vector<std::tuple<std::string, std::string, LinkType, double>> links_;
  /// Attribute columns per (kind, name), a value per row of that kind (see rank_).
  std::vector<std::pair<Kind, Column>> columns_;
  /// A row's position among the rows of its kind (the index of its value in that kind's columns),
  /// and how many rows each kind has had.
  std::vector<std::uint32_t> rank_;
  std::array<std::uint32_t, kind_count> kind_rows_{};
  std::map<std::string, std::string> metadata_;
  std::function<void(double)> freeze_progress_;
};

/// Columns whose values are counts: they must be whole and not negative.
[[nodiscard]] bool is_count_column(std::string_view name) noexcept;

/// The largest count an attribute may hold: 2^53, below which every whole number is exact as a
/// double (aggregates and workloads sum counts as doubles). Larger is no real count of people
/// or dwellings, and past 2^63 a count no longer fits the int64 that summaries return.
inline constexpr std::int64_t max_count = std::int64_t{1} << 53;

/// True when row `row` of a numeric column holds a count: present, finite, whole and in
/// [0, max_count].
[[nodiscard]] bool is_valid_count(const Column& column, std::size_t row) noexcept;

}  // namespace gridgov
