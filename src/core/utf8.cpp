// UTF-8 validation (include/gridgov/core/utf8.hpp). The decoding is Boost.Locale's header-only
// utf_traits, which rejects truncated and overlong sequences, surrogates and code points past
// U+10FFFF; the loop only adds a fast path over ASCII, the bulk of codes.
#include "gridgov/core/utf8.hpp"

#include <boost/locale/utf.hpp>

namespace gridgov {

std::size_t utf8_invalid_at(std::string_view text) noexcept {
  using traits = boost::locale::utf::utf_traits<char>;
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* p = begin;
  while (p != end) {
    if (static_cast<unsigned char>(*p) < 0x80) {
      ++p;
      continue;
    }
    const char* start = p;
    const auto c = traits::decode(p, end);
    if (c == boost::locale::utf::illegal || c == boost::locale::utf::incomplete)
      return static_cast<std::size_t>(start - begin);
  }
  return std::string_view::npos;
}

}  // namespace gridgov
