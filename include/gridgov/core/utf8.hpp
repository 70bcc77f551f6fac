// UTF-8 validation: every text gridgov stores (codes, names, attributes, metadata) is UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gridgov {

/// The byte offset of the first byte of `text` that does not start a valid UTF-8 sequence
/// (truncated, overlong, a surrogate, or past U+10FFFF), or std::string_view::npos when the
/// whole text is valid UTF-8.
[[nodiscard]] std::size_t utf8_invalid_at(std::string_view text) noexcept;

/// True when `text` is valid UTF-8.
[[nodiscard]] inline bool is_utf8(std::string_view text) noexcept {
  return utf8_invalid_at(text) == std::string_view::npos;
}

}  // namespace gridgov
