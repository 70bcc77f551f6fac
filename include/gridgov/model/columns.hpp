// Attribute columns: typed, struct-of-arrays, with a validity mask for absent values.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"

namespace gridgov {

/// Many short strings in one buffer: 8 bytes of offset per string plus the characters.
class StringPool {
 public:
  [[nodiscard]] std::size_t size() const noexcept { return offsets_.size() - 1; }
  [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept {
    return {chars_.data() + offsets_[i], static_cast<std::size_t>(offsets_[i + 1] - offsets_[i])};
  }
  void push_back(std::string_view s) {
    chars_.insert(chars_.end(), s.begin(), s.end());
    offsets_.push_back(chars_.size());
  }
  void reserve(std::size_t strings, std::size_t chars) {
    offsets_.reserve(strings + 1);
    chars_.reserve(chars);
  }
  void clear() {
    chars_.clear();
    offsets_.assign(1, 0);
  }
  [[nodiscard]] std::size_t char_count() const noexcept { return chars_.size(); }
  [[nodiscard]] const std::vector<char>& chars() const noexcept { return chars_; }
  [[nodiscard]] const std::vector<std::uint64_t>& offsets() const noexcept { return offsets_; }
  /// Adopts raw buffers (used by the file reader); checks they are consistent.
  void assign(std::vector<char> chars, std::vector<std::uint64_t> offsets) {
    if (offsets.empty() || offsets.front() != 0 || offsets.back() != chars.size())
      throw FormatError("string pool offsets are inconsistent with its characters");
    for (std::size_t i = 1; i < offsets.size(); ++i)
      if (offsets[i] < offsets[i - 1]) throw FormatError("string pool offsets decrease");
    chars_ = std::move(chars);
    offsets_ = std::move(offsets);
  }
  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    return chars_.capacity() + offsets_.capacity() * sizeof(std::uint64_t);
  }

 private:
  std::vector<char> chars_;
  std::vector<std::uint64_t> offsets_{0};
};

enum class ColumnType : std::uint8_t { int64, float64, boolean, string };

[[nodiscard]] constexpr std::string_view column_type_name(ColumnType t) noexcept {
  switch (t) {
    case ColumnType::int64: return "int64";
    case ColumnType::float64: return "float64";
    case ColumnType::boolean: return "bool";
    case ColumnType::string: return "string";
  }
  return "?";
}

/// A single attribute value; std::monostate means absent.
using Value = std::variant<std::monostate, std::int64_t, double, bool, std::string>;

/// One typed column. Absent values: NaN for float64, a cleared `valid` flag for the other types
/// (an empty `valid` vector means every value is present).
struct Column {
  std::string name;
  ColumnType type = ColumnType::float64;
  std::vector<std::int64_t> ints;
  std::vector<double> floats;
  std::vector<std::uint8_t> bools;
  StringPool strings;
  std::vector<std::uint8_t> valid;

  [[nodiscard]] std::size_t size() const noexcept {
    switch (type) {
      case ColumnType::int64: return ints.size();
      case ColumnType::float64: return floats.size();
      case ColumnType::boolean: return bools.size();
      case ColumnType::string: return strings.size();
    }
    return 0;
  }

  [[nodiscard]] bool is_present(std::size_t row) const noexcept {
    if (type == ColumnType::float64) return !std::isnan(floats[row]);
    return valid.empty() || valid[row] != 0;
  }

  /// The value as a double (NaN when absent or a string).
  [[nodiscard]] double as_double(std::size_t row) const noexcept {
    if (!is_present(row)) return std::numeric_limits<double>::quiet_NaN();
    switch (type) {
      case ColumnType::int64: return static_cast<double>(ints[row]);
      case ColumnType::float64: return floats[row];
      case ColumnType::boolean: return bools[row] ? 1.0 : 0.0;
      case ColumnType::string: return std::numeric_limits<double>::quiet_NaN();
    }
    return std::numeric_limits<double>::quiet_NaN();
  }

  [[nodiscard]] bool is_numeric() const noexcept { return type != ColumnType::string; }

  [[nodiscard]] Value get(std::size_t row) const {
    if (!is_present(row)) return std::monostate{};
    switch (type) {
      case ColumnType::int64: return ints[row];
      case ColumnType::float64: return floats[row];
      case ColumnType::boolean: return bools[row] != 0;
      case ColumnType::string: return std::string(strings[row]);
    }
    return std::monostate{};
  }

  /// Appends an absent value.
  void push_absent() {
    switch (type) {
      case ColumnType::int64: ints.push_back(0); break;
      case ColumnType::float64: floats.push_back(std::numeric_limits<double>::quiet_NaN()); return;
      case ColumnType::boolean: bools.push_back(0); break;
      case ColumnType::string: strings.push_back({}); break;
    }
    if (valid.empty()) valid.assign(size() - 1, 1);
    valid.push_back(0);
  }

  /// Appends a value of this column's type (absent for monostate). Throws InputError on a
  /// value of another type that does not convert exactly.
  void push(const Value& v) {
    if (std::holds_alternative<std::monostate>(v)) {
      push_absent();
      return;
    }
    switch (type) {
      case ColumnType::int64:
        if (auto p = std::get_if<std::int64_t>(&v)) ints.push_back(*p);
        else if (auto b = std::get_if<bool>(&v)) ints.push_back(*b ? 1 : 0);
        else if (auto d = std::get_if<double>(&v)) {
          if (std::isnan(*d)) { push_absent(); return; }
          if (*d != std::floor(*d) || std::abs(*d) > 9.0e15)
            throw InputError(messages::format("model.column_integers",
                                              {{"name", name}, {"value", std::to_string(*d)}}));
          ints.push_back(static_cast<std::int64_t>(*d));
        } else throw InputError(messages::format("model.column_integers_text", {{"name", name}}));
        break;
      case ColumnType::float64:
        if (auto d = std::get_if<double>(&v)) floats.push_back(*d);
        else if (auto p = std::get_if<std::int64_t>(&v)) floats.push_back(static_cast<double>(*p));
        else if (auto b = std::get_if<bool>(&v)) floats.push_back(*b ? 1.0 : 0.0);
        else throw InputError(messages::format("model.column_numbers_text", {{"name", name}}));
        return;
      case ColumnType::boolean:
        if (auto b = std::get_if<bool>(&v)) bools.push_back(*b ? 1 : 0);
        else if (auto p = std::get_if<std::int64_t>(&v); p && (*p == 0 || *p == 1)) bools.push_back(static_cast<std::uint8_t>(*p));
        else throw InputError(messages::format("model.column_booleans", {{"name", name}}));
        break;
      case ColumnType::string:
        if (auto s = std::get_if<std::string>(&v)) strings.push_back(*s);
        else throw InputError(messages::format("model.column_text", {{"name", name}}));
        break;
    }
    if (!valid.empty()) valid.push_back(1);
  }

  /// Appends row `row` of a column of the same type (absent stays absent), without a Value in
  /// between: the bulk path of builders.
  void push_from(const Column& other, std::size_t row) {
    if (!other.is_present(row)) {
      push_absent();
      return;
    }
    switch (type) {
      case ColumnType::int64: ints.push_back(other.ints[row]); break;
      case ColumnType::float64: floats.push_back(other.floats[row]); return;
      case ColumnType::boolean: bools.push_back(other.bools[row]); break;
      case ColumnType::string: strings.push_back(other.strings[row]); break;
    }
    if (!valid.empty()) valid.push_back(1);
  }

  /// Grows the column with absent values up to n rows.
  void resize_absent(std::size_t n) {
    while (size() < n) push_absent();
  }

  /// Sets row `row` (which must exist) to a value; monostate makes it absent.
  void set(std::size_t row, const Value& v) {
    Column one;
    one.name = name;
    one.type = type;
    one.push(v);
    const bool present = one.is_present(0);
    switch (type) {
      case ColumnType::int64: ints[row] = one.ints[0]; break;
      case ColumnType::float64: floats[row] = one.floats[0]; return;
      case ColumnType::boolean: bools[row] = one.bools[0]; break;
      case ColumnType::string: {
        // Rebuild the pool: setting one string in the middle is rare (edits), so simplicity wins.
        StringPool rebuilt;
        for (std::size_t i = 0; i < strings.size(); ++i)
          rebuilt.push_back(i == row ? one.strings[0] : strings[i]);
        strings = std::move(rebuilt);
        break;
      }
    }
    if (present && valid.empty()) return;
    if (valid.empty()) valid.assign(size(), 1);
    valid[row] = present ? 1 : 0;
  }

  [[nodiscard]] bool any_present() const noexcept {
    for (std::size_t i = 0, n = size(); i < n; ++i)
      if (is_present(i)) return true;
    return false;
  }
};

/// The type a value naturally has.
[[nodiscard]] inline ColumnType value_type(const Value& v) noexcept {
  if (std::holds_alternative<std::int64_t>(v)) return ColumnType::int64;
  if (std::holds_alternative<bool>(v)) return ColumnType::boolean;
  if (std::holds_alternative<std::string>(v)) return ColumnType::string;
  return ColumnType::float64;
}

}  // namespace gridgov
