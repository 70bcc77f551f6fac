// Bad rows of an input table, collected over the whole table and reported in one InputError
// (private to the ingest area).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "gridgov/core/errors.hpp"

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
    ++count_;
    rows_.push_back(row);
    if (lines_.size() >= max_listed) return;
    std::string line = "row " + label(row) + ", column '" + std::string(column) + "'";
    if (!value.empty()) line += " '" + std::string(value) + "'";
    line += ": " + std::string(problem);
    lines_.push_back(std::move(line));
  }

  /// A problem of the whole table (no row).
  void add_table(std::string problem) {
    ++count_;
    if (lines_.size() < max_listed) lines_.push_back(std::move(problem));
  }

  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }

  void throw_if_any() const {
    if (count_ == 0) return;
    std::vector<std::size_t> rows = rows_;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    std::string msg = table_ + ": " + std::to_string(count_) + " problem(s)";
    if (!rows.empty()) msg += " in " + std::to_string(rows.size()) + " row(s)";
    msg += "; fix them and read the table again:";
    for (const auto& line : lines_) msg += "\n  " + line;
    if (count_ > lines_.size()) msg += "\n  … and " + std::to_string(count_ - lines_.size()) + " more";
    throw InputError(msg);
  }

 private:
  static constexpr std::size_t max_listed = 30;
  std::string table_;
  const std::vector<std::string>& labels_;
  std::vector<std::string> lines_;
  std::vector<std::size_t> rows_;
  std::size_t count_ = 0;
};

}  // namespace gridgov::ingest::detail
