// Messages in the planner's language: a catalogue of message ids, each with its English and
// Chinese text, and the language messages are written in.
//
// A message is written where it arises, in the language current at that moment:
//   throw UnknownCodeError(messages::format("place.unknown", {{"text", text}}));
// The catalogue (src/core/messages.cpp) holds "{name}" placeholders; every id has both texts
// with the same placeholders (tested). The language is Chinese when GRIDGOV_LANG says zh, or
// when it is unset and the locale (LC_ALL, LC_MESSAGES, LANG) is Chinese; English otherwise.
// Python's gridgov.messages shares the setting (gg.set_language) and adds its own catalogue
// (command line, warnings). docs/messages.md says which messages are translated.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace gridgov::messages {

enum class Language : std::uint8_t { en, zh };

/// The language messages are written in now (process-wide; read from the environment on first
/// use unless set_language was called).
[[nodiscard]] Language language() noexcept;
/// Sets the language for every message written from now on, on every thread.
void set_language(Language language) noexcept;
/// The language the environment asks for: GRIDGOV_LANG (zh…/chinese/中文 → zh, anything else
/// → en), or when it is unset the first of LC_ALL, LC_MESSAGES, LANG that is set (zh… → zh).
[[nodiscard]] Language language_from_environment() noexcept;
/// "zh" or "en"; parse: zh, zh_CN, zh-Hans, chinese, 中文 … → zh; en, C, POSIX … → en.
[[nodiscard]] std::string_view language_code(Language language) noexcept;
[[nodiscard]] Language parse_language(std::string_view text) noexcept;

/// One catalogue entry.
struct Text {
  std::string_view id, en, zh;
};
/// The whole catalogue, sorted by id.
[[nodiscard]] std::span<const Text> catalogue() noexcept;

using Arguments = std::initializer_list<std::pair<std::string_view, std::string_view>>;

/// The text of `id` in the current language with every "{name}" replaced by its argument
/// (an unknown id comes back as itself, so a missing entry shows, never crashes).
[[nodiscard]] std::string format(std::string_view id, Arguments arguments = {});
/// The same in a given language.
[[nodiscard]] std::string format(Language language, std::string_view id, Arguments arguments = {});

/// A kind of place by its English name (kind_name: "building", "community" …) in the current
/// language ("楼栋", "社区" …): the catalogue's "kind.<name>".
[[nodiscard]] std::string kind(std::string_view kind_name);

}  // namespace gridgov::messages
