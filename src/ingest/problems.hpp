// Bad rows of an input table, collected over the whole table and reported in one InputError
// (private to the ingest area).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/ingest/buildings.hpp"

namespace gridgov::ingest::detail {

/// Collects "row R, column 'C' 'V': problem" lines and throws them together. Messages follow the
/// Python readers' (gridgov.readers.Problem): the first 30, then a count.
class Problems {
 public:
  Problems(std::string table, const std::vector<std::string>& row_labels) : table_(std::move(table)), labels_(row_labels) {}

  [[nodiscard]] std::string label(std::size_t row) const {
    return row < labels_.size() ? labels_[row] : std::to_string(row);
  }

  void add(std::size_t row, std::string_view column, std::string_view value, std::string_view problem) {
    entries_.push_back({row, std::string(column), std::string(value), std::string(problem)});
  }

  /// A problem of the whole table (no row).
  void add_table(std::string problem) { entries_.push_back({TableProblem::no_row, "", "", std::move(problem)}); }

  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
  [[nodiscard]] const std::vector<TableProblem>& entries() const noexcept { return entries_; }

  void throw_if_any() const {
    if (entries_.empty()) return;
    std::vector<std::size_t> rows;
    for (const auto& e : entries_)
      if (e.row != TableProblem::no_row) rows.push_back(e.row);
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    std::string msg = messages::format(rows.empty() ? "table.problems_no_rows" : "table.problems",
                                       {{"table", table_},
                                        {"count", std::to_string(entries_.size())},
                                        {"rows", std::to_string(rows.size())}});
    const std::size_t listed = std::min(entries_.size(), max_listed);
    for (std::size_t i = 0; i < listed; ++i) msg += "\n  " + line(entries_[i]);
    if (entries_.size() > listed)
      msg += "\n  " + messages::format("table.more", {{"count", std::to_string(entries_.size() - listed)}});
    throw InputError(msg);
  }

 private:
  [[nodiscard]] std::string line(const TableProblem& e) const {
    if (e.row == TableProblem::no_row) return e.problem;
    const std::string where = messages::format(e.value.empty() ? "table.row" : "table.row_value",
                                               {{"row", label(e.row)}, {"column", e.column}, {"value", e.value}});
    return where + (messages::language() == messages::Language::zh ? "：" : ": ") + e.problem;
  }

  static constexpr std::size_t max_listed = 30;
  std::string table_;
  const std::vector<std::string>& labels_;
  std::vector<TableProblem> entries_;
};

}  // namespace gridgov::ingest::detail
